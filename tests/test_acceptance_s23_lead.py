"""A team lead's answers on a roster built in code (no generate run, so the file stays fast).

Six day-shift agents in February 2027, each working every other day (three on duty, two
needed): a roster whose every answer can be worked out by hand.  The checks are on what a
team lead is told: whether a repair's count of changes is proven the fewest, why an empty
``suggest --json`` list is empty, and that equally cheap colleagues are not always asked in
staff-id order.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from roster import i18n
from roster.checker import check_roster
from roster.domain import LEAVE, REST, Change, Roster
from roster.edits import CellRef, EditContext, parse_leave, repair, suggest
from roster.engine import effective_profile
from roster.excel.read_team import read_team
from roster.excel.write_roster import write_roster
from roster.rules import known_rules
from tests.test_cli import run, write_book

FIRST = dt.date(2027, 2, 1)
DATES = [FIRST + dt.timedelta(days=k) for k in range(28)]
IDS = ["A1", "A2", "A3", "A4", "A5", "A6"]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    previous = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def _sheets() -> dict:
    """One day shift, two needed every day, the rules that would make a hand-made roster long
    to write (rotation, fairness, monthly rest days, hours) switched off."""
    off = ["rotation", "fairness", "rest_days", "hours", "handover", "promotion", "intervals", "requests"]
    return {
        "Staff": [["id", "name", "team", "skills", "shifts", "lead"],
                  *[[sid, f"Agent {sid}", "pre", "chat", "D", "yes" if sid == "A1" else "no"] for sid in IDS]],
        "Shifts": [["code", "name", "start", "end"], ["D", "Day", "08:30", "17:30"]],
        "Demand": [["day", "shift", "skill", "min", "target"], ["all", "D", None, 2, 3]],
        "Rules": [["rule", "value"], *[[f"{name}.enabled", "no"] for name in off],
                  ["solver.time_limit", 5], ["solver.workers", 1]],
    }


def _cells(all_on_the_first: bool = False) -> dict[tuple[str, dt.date], str]:
    """A1, A3, A5 on even days, A2, A4, A6 on odd ones (``all_on_the_first``: everyone works
    the 1st, so nobody is free to take a shift that day)."""
    cells = {(sid, d): "D" if (i + k) % 2 == 0 else REST for i, sid in enumerate(IDS) for k, d in enumerate(DATES)}
    if all_on_the_first:
        cells.update({(sid, FIRST): "D" for sid in IDS})
    return cells


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lead")
    team = read_team(write_book(folder / "team.xlsx", _sheets()))
    ctx = EditContext(team, Roster(list(DATES), _cells(all_on_the_first=True)), effective_profile(team))
    out = folder / "r.xlsx"
    write_roster(out, team=team, horizon=ctx.horizon, roster=ctx.roster, lang="en",
                 effective_rules=ctx.profile.flat(known_rules()), profile_name=ctx.profile.name)
    return out


@pytest.fixture()
def ctx(tmp_path: Path) -> EditContext:
    team = read_team(write_book(tmp_path / "team.xlsx", _sheets()))
    return EditContext(team, Roster(list(DATES), _cells()), effective_profile(team))


def test_a_repair_says_the_fewest_changes_are_proven(ctx: EditContext) -> None:
    """A3 and A5 sick on the 3rd leave A1 alone on a day that needs two: one colleague resting
    that day must step in, and no repair can do with none.  The outcome says so, as proven."""
    day = FIRST + dt.timedelta(days=2)
    out = repair(ctx, [parse_leave("A3:2027-02-03"), parse_leave("A5:2027-02-03")], day, time_limit=5)
    assert out.check.ok
    assert out.fewest == 1 and out.fewest_proven and out.changed_others == 1
    assert "Proven" in out.proof() and "1 cell" in out.proof()
    assert sum(out.roster.get(sid, day) == "D" for sid in IDS) == 2
    # Independently: with the leave alone (no colleague changed) the day is one short.
    alone = ctx.roster.copy()
    alone.cells.update({("A3", day): LEAVE, ("A5", day): LEAVE})
    hard = check_roster(out.team, ctx.horizon, alone, ctx.rules).hard
    assert [v.rule for v in hard] == ["coverage"] and hard[0].date == day


def test_suggest_breaks_ties_away_from_the_colleague_asked_before(ctx: EditContext) -> None:
    """Every give-away of A1's shift costs the same; staff-id order put A2 first every time.
    Once A2 took a shift through an earlier edit, an equally cheap colleague comes first."""
    day = FIRST  # A1 works; A2, A4, A6 rest
    first = suggest(ctx, CellRef("A1", day)).found
    tied = [s.other for s in first if s.cost_delta == first[0].cost_delta and s.kind == first[0].kind]
    assert len(tied) >= 2, first
    asked = tied[0]
    ctx.roster.changes.append(Change("t", "swap", "lead", asked, FIRST + dt.timedelta(days=5), REST, "D", "ok"))
    again = suggest(ctx, CellRef("A1", day)).found
    assert again[0].other != asked and again[0].cost_delta == first[0].cost_delta


def test_when_nobody_can_take_a_shift_the_table_says_why(book: Path) -> None:
    """Everyone works the 1st, so nobody can take A1's shift: the answer says who could have
    and why not, instead of an empty table."""
    res = run("suggest", book, "A1:2027-02-01")
    assert res.exit_code == 0
    assert "Nobody can take over A1's D on 2027-02-01" in res.stdout
    assert "5 already work on 2027-02-01" in res.stdout
    # --json: stdout stays the documented list; the same words go to stderr for the person
    as_json = run("suggest", book, "A1:2027-02-01", "--json")
    assert json.loads(as_json.stdout) == []
    assert "5 already work on 2027-02-01" in as_json.stderr


def test_repair_json_carries_the_proof(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "r2.xlsx"
    res = run("repair", book, "--leave", "A3:2027-02-03", "--leave", "A5:2027-02-03", "--from", "2027-02-03",
              "-o", out, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["fewest_changes"] == 1 and data["fewest_proven"] is True and data["changed_others"] == 1
    human = run("repair", book, "--leave", "A3:2027-02-03", "--leave", "A5:2027-02-03", "--from", "2027-02-03",
                "-o", tmp_path / "r3.xlsx")
    assert "Proven: no valid repair changes fewer than 1 cell(s)" in human.output

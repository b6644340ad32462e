"""Session 24, a 300-person department's team lead: ``repair`` must answer well under a minute.

On a 300-person month a three-day sickness that no shift needed (the colleagues on duty still
cover the day) took 38-44 s: the solve that counts the fewest changed cells started from a hint
that worked the sick person on their leave days (infeasible), so CP-SAT searched 20 s for the
repair that changes nothing else.  Now that repair is priced first, all cells fixed (about a
second), and is the proven answer when it keeps the hard rules; 12.6 s in all.  When a colleague
must step in, the second solve starts from the first answer *priced*: the first solve left its
penalty variables anywhere above their charge (515,980 for a 2,443 roster), which the repair
then reported as the objective.  These tests use a five-person team: the behaviour, not the
timing, is what they pin."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

import roster.edits as edits
from roster.checker import check_roster
from roster.domain import LEAVE, Leave
from roster.edits import EditContext, _leave_taken_out, repair
from roster.excel.read_roster import read_roster
from tests.test_cli import run, team_sheets, write_book


@pytest.fixture(scope="module")
def ctx(tmp_path_factory) -> EditContext:
    from roster.cli import book_profile

    folder = tmp_path_factory.mktemp("s24large")
    sheets = team_sheets()
    sheets["Staff"] = [*sheets["Staff"], ["E5", "Ed", "post", "chat", "", "no"]]
    team = write_book(folder / "team.xlsx", sheets)
    out = folder / "r.xlsx"
    assert run("generate", team, "--month", "2027-03", "-o", out, "--time-limit", "2").exit_code == 0
    book = read_roster(out)
    return EditContext(book.team, book.roster, book_profile(book))


def _cost(result) -> int:
    return sum(cost for cost, _ in result.cost_by_rule.values())


def _leave_case(ctx: EditContext, needed: bool) -> tuple[Leave, dt.date]:
    """A one-day leave from the 10th on whose zero-change repair keeps (``needed`` False) or
    breaks (True) the hard rules, as the full checker judges it."""
    start = ctx.horizon.dates[9]
    for date in ctx.horizon.dates[10:20]:
        for person in ctx.team.staff:
            if ctx.roster.get(person.id, date) not in ctx.team.shift_by_code:
                continue
            leave = Leave(person.id, date, date, "sick")
            team = replace(ctx.team, leave=[*ctx.team.leave, leave])
            zero = _leave_taken_out(ctx.roster, [leave], start)
            if check_roster(team, ctx.horizon, zero, ctx.rules).ok != needed:
                return leave, start
    pytest.skip("the generated roster has no such cell")


def test_leave_taken_out_marks_only_the_new_leave_from_start(ctx):
    """The zero-change repair: the new leave's cells from --from on are leave, nothing else moves
    (a kept day before --from is the kept roster's business)."""
    sid = ctx.team.staff[0].id
    dates = ctx.horizon.dates
    leave = Leave(sid, dates[3], dates[6], "sick")
    out = _leave_taken_out(ctx.roster, [leave], dates[5])
    changed = {key for key in ctx.roster.cells if out.cells[key] != ctx.roster.cells[key]}
    assert changed <= {(sid, dates[5]), (sid, dates[6])}
    assert out.get(sid, dates[5]) == out.get(sid, dates[6]) == LEAVE
    assert out.get(sid, dates[3]) == ctx.roster.get(sid, dates[3])


def test_repair_no_colleague_needs_to_change_is_proven_without_a_search(ctx, monkeypatch):
    """The sick person's shift was not needed: the repair changes no one else, says that 0 is
    proven and the penalties too, and runs no search (pricing the fixed roster decides it)."""
    leave, start = _leave_case(ctx, needed=False)
    calls: list[object] = []
    real = edits.solve_model
    monkeypatch.setattr(edits, "solve_model", lambda *a, **k: calls.append(a) or real(*a, **k))
    outcome = repair(ctx, [leave], start, time_limit=5)
    assert calls == []
    assert (outcome.changed_others, outcome.fewest, outcome.fewest_proven, outcome.penalties_proven) == (0, 0, True, True)
    assert outcome.check.ok and outcome.roster.get(leave.staff_id, leave.start) == LEAVE
    assert outcome.proof().startswith("No colleague's cell needs to change")  # not "at least 0 cells"
    assert outcome.roster.info is not None and outcome.roster.info.objective == _cost(outcome.check)


def test_repair_that_needs_a_colleague_reports_what_the_roster_costs(ctx):
    """Someone must step in: the fewest changes are proven (1 or more), the roster keeps every
    hard rule, and the objective it reports is what the rules charge for it."""
    leave, start = _leave_case(ctx, needed=True)
    outcome = repair(ctx, [leave], start, time_limit=5)
    assert outcome.check.ok and outcome.fewest is not None and outcome.fewest >= 1 and outcome.fewest_proven
    assert outcome.changed_others >= 1
    assert outcome.roster.info is not None and outcome.roster.info.objective == _cost(outcome.check)

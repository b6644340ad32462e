"""A manager who runs roster month after month: ``init``, December 2026, then January 2027 with
``--previous`` (year boundary, 元旦), then ``ledger`` and ``check``.

Found in session 23 by planning a 36-agent department (three teams, day 08:30-17:30 and night
17:00-01:00, leads, 售前/售后) over December-February:

* The printed roster had colours but no key: the grid showed bare codes (D, N, 休, 假) on
  yellow, blue and grey, and date columns in orange or pink, and the header comments that name a
  holiday do not print, so a roster pinned to the wall did not say that N is 17:00-01:00 nor
  what the orange columns are.  The Roster sheet now ends with a coloured legend that the reader
  does not take for a person's row, and the printed footer names every code and mark.
* ``--previous`` carries rest and rotation across the month boundary, not fairness, and nothing
  said so: a manager expected nights and holidays to even out over the months.  ``generate``
  now says that fairness is judged within the month and names ``--ledger``.

One shared chain of months at a short limit keeps the file fast.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from roster.excel.read_roster import read_roster
from tests.test_cli import run

LIMIT = "0.5"


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The template team, its December roster, and January made with ``--previous`` December."""
    folder = tmp_path_factory.mktemp("months")
    team = folder / "team.xlsx"
    assert run("init", team).exit_code == 0
    dec, jan = folder / "roster-2026-12.xlsx", folder / "roster-2027-01.xlsx"
    made = run("generate", team, "--month", "2026-12", "-o", dec, "--time-limit", LIMIT)
    assert made.exit_code == 0, made.output
    made = run("generate", team, "--month", "2027-01", "--previous", dec, "-o", jan, "--time-limit", LIMIT,
               "--json")
    assert made.exit_code == 0, made.output
    return {"team": team, "dec": dec, "jan": jan, "jan_json": json.loads(made.stdout)}


def _grid(path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(path).worksheets[0]


def test_roster_has_a_legend_on_screen_and_in_the_printed_footer(chain: dict[str, Path]) -> None:
    ws = _grid(chain["jan"])
    rows = {ws.cell(row=r, column=2).value: r for r in range(1, ws.max_row + 1)}
    assert "Legend" in rows
    first = rows["Legend"]
    texts = [c.value for r in range(first, ws.max_row + 1) for c in ws[r][2:] if isinstance(c.value, str)]
    assert "D = Day 08:30-17:30" in texts and "N = Night 17:00-01:00" in texts
    assert "OFF = rest day" in texts and "LEAVE = leave" in texts
    assert "public holiday" in texts and "weekend" in texts  # 元旦 and the weekends of January
    d_cell = next(c for r in range(first, ws.max_row + 1) for c in ws[r] if c.value == "D = Day 08:30-17:30")
    person_d = next(c for c in ws[4][2:33] if c.value == "D")
    assert d_cell.fill.fgColor.rgb == person_d.fill.fgColor.rgb  # the key's colour is the grid's
    # The print area stays the grid and its head counts; on paper the footer gives the key.
    assert ws.oddFooter.left.text.startswith("Legend: D = Day 08:30-17:30   N = Night 17:00-01:00")
    assert "OFF = rest day" in ws.oddFooter.left.text and "red" not in ws.oddFooter.left.text
    assert all(ws.cell(row=r, column=1).value is None for r in range(first, ws.max_row + 1))


def test_legend_is_not_read_as_a_person_and_the_roster_checks_clean(chain: dict[str, Path]) -> None:
    book = read_roster(chain["jan"])
    assert {sid for sid, _ in book.roster.cells} == {s.id for s in book.team.staff}
    assert run("check", chain["jan"]).exit_code == 0


def test_legend_in_chinese_names_the_shift_times_and_the_footer_fits_excel() -> None:
    from roster.domain import Shift, ShiftKind
    from roster.excel.write_roster import code_fills, legend_footer, legend_items
    from tests.conftest import horizon, team

    t = team(3, shifts=[Shift("D", "白班", ((510, 1050),)), Shift("N", "晚班", ((1020, 1500),), ShiftKind.NIGHT)])
    lines = legend_items(t, horizon(t).days, code_fills(t), "zh")
    texts = [text for line in lines for _, text in line]
    assert texts[:4] == ["D = 白班 08:30-17:30", "N = 晚班 17:00-01:00", "休 = 休息", "假 = 请假"]
    assert "周末" in texts
    many = [("day", f"S{k} = 第{k}班 08:00-16:00") for k in range(30)]
    footer = legend_footer(many, "zh")
    assert footer.startswith("图例：S0 = 第0班") and footer.endswith("…") and len(footer) < 230


def test_previous_says_fairness_is_per_month_and_names_the_ledger(chain: dict[str, Path]) -> None:
    notes = chain["jan_json"]["notes"]
    assert any("--ledger" in n and "2026-12-31" in n and "2027-01" in n for n in notes), notes
    # With a load carried in (--ledger) there is nothing to say: asked of the note itself, on
    # the January roster's team (its History is December's whole roster).
    from dataclasses import replace

    from roster.engine import fairness_scope_notes

    team = read_roster(chain["jan"]).team
    first = dt.date(2027, 1, 1)
    assert fairness_scope_notes(team, first)
    carried = {pid: {"nights": 1} for pid in team.staff_by_id}
    assert fairness_scope_notes(replace(team, carried_load=carried), first) == []


def test_rest_rules_hold_across_the_year_boundary_and_the_ledger_adds_up(chain: dict[str, Path]) -> None:
    dec, jan = read_roster(chain["dec"]).roster, read_roster(chain["jan"]).roster
    cells = {**dec.cells, **jan.cells}
    codes = {s.code: s for s in read_roster(chain["jan"]).team.shifts}
    for sid in {s for s, _ in jan.cells}:
        run_length = 0
        day = dt.date(2026, 12, 1)
        while day <= dt.date(2027, 1, 31):
            run_length = run_length + 1 if cells.get((sid, day)) in codes else 0
            assert run_length <= 6, (sid, day)
            day += dt.timedelta(days=1)
        assert not (cells.get((sid, dt.date(2026, 12, 31))) == "N" and cells.get((sid, dt.date(2027, 1, 1))) == "D")
    ledger = run("ledger", chain["dec"], chain["jan"], "--json")
    assert ledger.exit_code == 0, ledger.output
    people = json.loads(ledger.stdout)["people"]
    for person in people:
        nights = sum(1 for (sid, _), code in jan.cells.items() if sid == person["id"] and code == "N")
        assert person["months"]["2027-01"]["nights"] == nights

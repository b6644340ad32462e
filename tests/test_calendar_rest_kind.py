"""The Holidays sheet's third kind, ``rest``/``休息日``: an ordinary rest day.

A company that does not work an official make-up Saturday (调休上班) marks it rest; the day is
then a weekend-type day (weekend demand, no holiday duty, no make-up working day), and it neither
joins nor extends a holiday block.  2026-02-14 (Saturday) is the official make-up working day
before the 2026 Spring Festival (16th to 23rd, with Sunday the 15th in the block)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from excel_helpers import Rows, base_sheets, make_workbook, set_cell

from roster.calendar import (
    build_horizon,
    classify_days,
    holiday_blocks,
    month_dates,
    official_calendar,
)
from roster.cli import main
from roster.domain import DayType, HolidayEntry
from roster.errors import InputError, InputErrors
from roster.excel.read_roster import read_roster
from roster.excel.read_team import read_team
from roster.i18n import set_language

MAKE_UP_SATURDAY = dt.date(2026, 2, 14)
FEB_2026 = month_dates(2026, 2)


def types(overrides: list[HolidayEntry]) -> dict[dt.date, DayType]:
    return {day.date: day.type for day in classify_days(FEB_2026, overrides, [])}


def test_the_example_date_is_an_official_make_up_working_day():
    """The tests below rest on the calendar package: the 14th is an official 调休上班 Saturday."""
    _, workdays = official_calendar([2026])
    assert MAKE_UP_SATURDAY in workdays and MAKE_UP_SATURDAY.weekday() == 5
    assert types([])[MAKE_UP_SATURDAY] == DayType.WORKDAY


def test_rest_turns_a_make_up_saturday_back_into_a_weekend():
    official = types([])
    marked = types([HolidayEntry(MAKE_UP_SATURDAY, "不调休", DayType.WEEKEND)])
    assert marked[MAKE_UP_SATURDAY] == DayType.WEEKEND
    # Only that date changes: Sunday the 15th stays in the Spring Festival block (it touches
    # the 16th), and the block itself is untouched.
    assert {d for d in FEB_2026 if marked[d] != official[d]} == {MAKE_UP_SATURDAY}
    assert marked[dt.date(2026, 2, 15)] == DayType.HOLIDAY


def test_a_weekday_marked_rest_is_a_weekend_type_day():
    """A company's own day off on a Wednesday: weekend rows apply, it is no holiday."""
    wednesday = dt.date(2026, 2, 25)
    assert types([HolidayEntry(wednesday, "Team outing", DayType.WEEKEND)])[wednesday] == DayType.WEEKEND
    # ...and weekend duty where fairness, the ledger and the Summary count weekends.
    [day] = [d for d in classify_days(FEB_2026, [HolidayEntry(wednesday, "Team outing", DayType.WEEKEND)], [])
             if d.date == wednesday]
    assert day.is_weekend and not day.is_holiday


def test_an_official_holiday_marked_rest_is_no_holiday_and_anchors_no_block():
    """Monday the 23rd (a day off in lieu) made an ordinary rest day: not a holiday itself; the
    weekend before it stays in the block through Friday the 20th."""
    monday = dt.date(2026, 2, 23)
    marked = types([HolidayEntry(monday, "", DayType.WEEKEND)])
    assert marked[monday] == DayType.WEEKEND
    assert marked[dt.date(2026, 2, 21)] == marked[dt.date(2026, 2, 22)] == DayType.HOLIDAY


def test_a_rest_day_ends_a_holiday_block_like_a_make_up_working_day():
    """A block ending on Friday, a make-up Saturday the company does not work, then Sunday: the
    Sunday was an ordinary weekend while the Saturday was worked, and it stays one; a rest day
    the company chose does not carry the State Council's block on."""
    friday, saturday, sunday = dt.date(2030, 5, 3), dt.date(2030, 5, 4), dt.date(2030, 5, 5)
    assert (friday.weekday(), saturday.weekday(), sunday.weekday()) == (4, 5, 6)
    names = {friday: "Labour Day"}
    assert holiday_blocks(names, {saturday}, [saturday, sunday]) == {}
    assert holiday_blocks(names, set(), [saturday, sunday], ends=[saturday]) == {}
    # Without the end, both days would be joined to the Friday (the behaviour of plain weekends).
    assert holiday_blocks(names, set(), [saturday, sunday]) == {saturday: "Labour Day", sunday: "Labour Day"}


# ---- through the workbook --------------------------------------------------------------------


def feb_sheets(kind: str) -> dict[str, Rows]:
    """A small team for February 2026 whose day-shift demand differs per day type (by target),
    and whose Holidays sheet marks the make-up Saturday with ``kind``."""
    return {
        "Staff": [["id", "name", "shifts"], *([f"A{k}", f"Agent {k}", ""] for k in range(1, 7))],
        "Shifts": [["code", "name", "start", "end", "kind"],
                   ["D", "Day", "08:30", "17:30", "day"],
                   ["N", "Night", "17:00", "01:00", "night"]],
        "Demand": [["day", "shift", "skill", "min", "target"],
                   ["weekday", "D", None, 1, 3],
                   ["weekend", "D", None, 1, 1],
                   ["holiday", "D", None, 1, 2],
                   ["workday", "D", None, 2, 3],
                   ["all", "N", None, 1, 1]],
        "Holidays": [["date", "name", "kind"], [MAKE_UP_SATURDAY, "不调休", kind]],
        "Rules": [["rule", "value"], ["rest_days.min", 4]],
    }


def day_shift_demand(path: Path, date: dt.date) -> tuple[int, int]:
    horizon = build_horizon(read_team(path), date.year, date.month)
    [requirement] = [r for r in horizon.requirements if r.date == date and r.shift == "D"]
    return requirement.min, requirement.target


@pytest.mark.parametrize("kind", ["休息日", "rest", "Rest day", "周末", "weekend", "休息"])
def test_rest_in_the_holidays_sheet_applies_weekend_demand(tmp_path, kind):
    path = make_workbook(tmp_path / "team.xlsx", feb_sheets(kind))
    team = read_team(path)
    assert [(h.date, h.kind) for h in team.holidays] == [(MAKE_UP_SATURDAY, DayType.WEEKEND)]
    assert day_shift_demand(path, MAKE_UP_SATURDAY) == (1, 1)  # the weekend row, not workday's (2, 3)


def test_without_the_row_the_make_up_day_keeps_workday_demand(tmp_path):
    sheets = feb_sheets("rest")
    del sheets["Holidays"]
    assert day_shift_demand(make_workbook(tmp_path / "team.xlsx", sheets), MAKE_UP_SATURDAY) == (2, 3)


@pytest.mark.parametrize("word", ["节假日", "休", "off"])
def test_the_holiday_words_still_mean_holiday(tmp_path, word):
    """休 and off were holiday words before rest existed, and stay so (a calendar's 休 badge)."""
    team = read_team(make_workbook(tmp_path / "team.xlsx", feb_sheets(word)))
    assert team.holidays[0].kind == DayType.HOLIDAY


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bad_kind_lists_all_three(tmp_path, lang):
    sheets = base_sheets()
    set_cell(sheets, "Holidays", 2, "kind", "party")
    set_language(lang)
    with pytest.raises(InputError) as info:
        read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    err = info.value
    assert not isinstance(err, InputErrors)
    assert (err.sheet, err.row, err.column) == ("Holidays", 2, "kind")
    for word in ("holiday", "节假日", "workday", "调休上班", "rest", "休息日"):
        assert word in str(err), str(err)


def run(*args: object, lang: str = "en"):
    return CliRunner().invoke(main, [*map(str, args), "--lang", lang], env={"COLUMNS": "400"},
                              catch_exceptions=False)


def test_generate_plans_a_rest_day_as_a_weekend(tmp_path):
    """End to end: ``generate`` exits 0; the roster carries the rest row (its own Holidays copy,
    in the output language), and its coverage on the 14th is the weekend's."""
    team = make_workbook(tmp_path / "team.xlsx", feb_sheets("休息日"))
    out = tmp_path / "roster.xlsx"
    result = run("generate", team, "--month", "2026-02", "-o", out, "--time-limit", "2", "--seed", "1",
                 lang="zh")
    assert result.exit_code == 0, result.output
    book = read_roster(out)
    assert [(h.date, h.kind) for h in book.team.holidays] == [(MAKE_UP_SATURDAY, DayType.WEEKEND)]
    coverage = run("coverage", out, "--json")
    rows = [r for r in json.loads(coverage.stdout)["rows"] if r["date"] == MAKE_UP_SATURDAY.isoformat()]
    assert {r["day_type"] for r in rows} == {"weekend"}
    assert [(r["min"], r["target"]) for r in rows if r["shift"] == "D"] == [(1, 1)]
    # No longer a make-up working day, but a day the workbook declares: `coverage --holidays`
    # lists it as a rest day (planned as a weekend), and the console calls it one.
    special = json.loads(run("coverage", out, "--holidays", "--json").stdout)["rows"]
    saturday = [r for r in special if r["date"] == MAKE_UP_SATURDAY.isoformat()]
    assert saturday and all(r["rest_day"] and r["day_type"] == "weekend" for r in saturday), saturday
    assert "2026-02-16" in {r["date"] for r in special}
    listed = run("coverage", out, "--holidays", lang="zh")
    # the day's kind, then its name in brackets, as the Coverage sheet says it: 休息日（不调休）
    assert any(MAKE_UP_SATURDAY.isoformat() in line and "休息日（不调休）" in line for line in listed.output.splitlines())


def test_generate_refuses_a_bad_kind_with_exit_2(tmp_path):
    team = make_workbook(tmp_path / "team.xlsx", feb_sheets("day-off-ish"))
    out = tmp_path / "roster.xlsx"
    result = run("generate", team, "--month", "2026-02", "-o", out, "--time-limit", "1")
    assert result.exit_code == 2
    assert "sheet Holidays, row 2, column kind" in result.output and "rest/休息日" in result.output
    assert not out.exists()


def test_a_block_takes_the_sheets_name_for_its_official_days():
    """The Holidays sheet lists 4-6 April 2027 as 清明节: the Saturday the block pulls in was
    named by the package ("Tomb-Sweeping Day"), so the Roster's note row mixed two names."""
    sheet = [HolidayEntry(dt.date(2027, 4, d), "清明节", DayType.HOLIDAY) for d in (4, 5, 6)]
    days = {d.date: d for d in classify_days(month_dates(2027, 4), sheet, [])}
    saturday = days[dt.date(2027, 4, 3)]
    assert saturday.is_holiday and saturday.holiday_name == "清明节"

"""Acceptance, session 23: weekday names as Demand days, and three small input defects.

Managers staff by weekday ("Mondays after the weekend need 6 pre-sale agents, other weekdays
4"): a Demand, Intervals or Forecast day may be ``Monday``, ``Mon``, ``周一``, ``星期一`` or
``礼拜一``.  Such a row is more specific than the day type and less than a promotion or a date,
and applies only on an ordinary day of its weekday (a holiday Monday is a holiday, a make-up
Saturday a working day).  Also: a message that said "(-)" for "no promotions", a one-day Leave
row with a blank end, and ids an export wrote as ``1002.0``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from excel_helpers import base_sheets, make_workbook
from test_cli import digest, run

from roster.calendar import (
    build_horizon,
    classify_days,
    horizon_for_dates,
    month_dates,
    resolve_demand,
    resolve_intervals,
    weekday_number,
)
from roster.demand import forecast_intervals
from roster.domain import (
    DayType,
    DemandRow,
    ForecastRow,
    HolidayEntry,
    IntervalRow,
    Promotion,
    Shift,
    ShiftKind,
    Staff,
    Team,
)
from roster.errors import InputError
from roster.excel.cells import parse_id
from roster.excel.read_roster import read_roster
from roster.excel.read_team import read_team
from roster.i18n import set_language
from roster.profile import StaffingOptions

DAY = Shift("D", "Day", ((8 * 60 + 30, 17 * 60 + 30),), ShiftKind.DAY)
NIGHT = Shift("N", "Night", ((17 * 60, 25 * 60),), ShiftKind.NIGHT)
OCT = dt.date(2026, 10, 1)  # National Day 1-7 (Mon 5th a holiday), make-up Saturday the 10th


def _oct(day: int) -> dt.date:
    return OCT.replace(day=day)


# ------------------------------------------------------------------------------ the names
@pytest.mark.parametrize("word,number", [
    ("Monday", 0), ("MONDAY", 0), ("mon", 0), ("Mon.", 0), ("Ｍｏｎ", 0), ("周一", 0), ("星期一", 0),
    ("礼拜一", 0), ("星期 一", 0), ("Tue", 1), ("tues", 1), ("周二", 1), ("Wednesday", 2), ("礼拜三", 2),
    ("thu", 3), ("Thurs", 3), ("星期四", 3), ("Fri", 4), ("周五", 4), ("saturday", 5), ("礼拜六", 5),
    ("Sun", 6), ("周日", 6), ("周天", 6), ("星期日", 6), ("星期天", 6), ("礼拜天", 6), ("礼拜日", 6),
])
def test_weekday_names_in_english_and_chinese(word, number):
    assert weekday_number(word) == number


@pytest.mark.parametrize("word", ["weekday", "周", "星期", "Mond", "周八", "week", "2026-10-12", ""])
def test_other_words_are_no_weekday_name(word):
    assert weekday_number(word) is None


# ------------------------------------------------------------------------------ the precedence
def _team(demand: list[tuple[str, str, int]], promotions: list[Promotion] | None = None,
          holidays: list[HolidayEntry] | None = None) -> Team:
    rows = [DemandRow(day, shift, None, low, None, k + 2) for k, (day, shift, low) in enumerate(demand)]
    return Team(staff=[Staff("A", "Ann")], shifts=[DAY, NIGHT], demand=rows,
                promotions=promotions or [], holidays=holidays or [])


def _required(team: Team, shift: str = "D") -> dict[dt.date, int]:
    days = classify_days(month_dates(2026, 10), team.holidays, team.promotions)
    return {r.date: r.min for r in resolve_demand(team, days) if r.shift == shift}


PRECEDENCE_ROWS = [("weekday", "D", 4), ("周一", "D", 6), ("Saturday", "D", 3), ("weekend", "D", 2),
                   ("holiday", "D", 1), ("2026-10-26", "D", 9), ("Double", "D", 7), ("weekday", "N", 1)]
PROMOTIONS = [Promotion("Double", _oct(19), _oct(19), 2.0), Promotion("Sale", _oct(26), _oct(27), 1.5),
              Promotion("Half", _oct(24), _oct(24), 2.0)]


@pytest.fixture(scope="module")
def october() -> dict[dt.date, int]:
    return _required(_team(PRECEDENCE_ROWS, PROMOTIONS))


@pytest.mark.parametrize("day,expected,why", [
    (12, 6, "an ordinary Monday: the Monday row beats the weekday row"),
    (13, 4, "an ordinary Tuesday: no Tuesday row, the weekday row"),
    (5, 1, "Monday 5th is a National Day holiday: holiday rows, not the Monday row"),
    (19, 7, "a Monday in a promotion with its own row: the promotion beats the weekday name"),
    (26, 9, "a Monday with a date row: the date beats everything (and is not scaled)"),
    (27, 6, "Tuesday in Sale x1.5: the weekday row scaled"),
    (17, 3, "an ordinary Saturday: the Saturday row beats the weekend row"),
    (18, 2, "an ordinary Sunday: no Sunday row, the weekend row"),
    (10, 4, "the make-up working Saturday (调休上班): a working day, weekday rows, not the Saturday row"),
    (4, 1, "Sunday 4th inside the National Day block: a holiday"),
    (24, 6, "a Saturday in Half x2: the Saturday row scaled like a day-type row"),
])
def test_precedence_date_promotion_weekday_name_day_type(october, day, expected, why):
    assert october[_oct(day)] == expected, why


def test_a_weekday_name_only_wins_for_its_own_shift(october):
    """Per (shift, skill), as the day-type chain: the Monday row for D leaves N to the weekday row."""
    night = _required(_team(PRECEDENCE_ROWS, PROMOTIONS), "N")
    assert night[_oct(12)] == 1 and night[_oct(13)] == 1


def test_a_weekday_the_holidays_sheet_gives_off_takes_no_weekday_name_row():
    """A Monday made a rest day (休息日) is a weekend for the company: weekend rows, not Monday's."""
    team = _team(PRECEDENCE_ROWS, PROMOTIONS, [HolidayEntry(_oct(12), "company day", DayType.WEEKEND)])
    assert _required(team)[_oct(12)] == 2


def test_a_make_up_saturday_the_company_does_not_work_is_an_ordinary_saturday():
    """The 调休 Saturday made a rest day in the Holidays sheet is a weekend again: Saturday row."""
    team = _team(PRECEDENCE_ROWS, PROMOTIONS, [HolidayEntry(_oct(10), "", DayType.WEEKEND)])
    assert _required(team)[_oct(10)] == 3


def test_intervals_and_forecast_rank_weekday_names_as_demand_does():
    """Intervals per minute and Forecast per queue follow the same order as shift demand."""
    rows = [IntervalRow("weekday", 600, 660, None, 2, 2), IntervalRow("星期一", 600, 630, None, 5, 3)]
    team = Team(staff=[Staff("A", "Ann")], shifts=[DAY], demand=[], intervals=rows)
    days = classify_days([_oct(5), _oct(12), _oct(13)], [], [])
    got = {(r.date.day, r.start, r.agents) for r in resolve_intervals(team, days)}
    # Monday 12th: the Monday row on 10:00-10:30, the weekday row on the rest; the holiday
    # Monday 5th falls through the chain to the weekday rows.
    assert got == {(5, 600, 2), (12, 600, 5), (12, 630, 2), (13, 600, 2)}

    forecast = [ForecastRow("weekday", 600, 630, "chat", None, 10.0, 300.0, None, 2),
                ForecastRow("Mon", 600, 630, "chat", None, 200.0, 300.0, None, 3)]
    team = Team(staff=[Staff("A", "Ann")], shifts=[DAY], demand=[], forecast=forecast)
    agents = {r.day: r.agents for r in forecast_intervals(team, days, StaffingOptions())}
    assert agents["2026-10-12"] > agents["2026-10-13"] == agents["2026-10-05"]


# ------------------------------------------------------------------------------ the workbook
def _book(tmp_path: Path, edit=None, name: str = "team.xlsx") -> Path:
    sheets = base_sheets()
    if edit is not None:
        edit(sheets)
    return make_workbook(tmp_path / name, sheets)


def test_weekday_names_are_read_and_kept_as_written(tmp_path):
    def edit(sheets):
        sheets["Demand"] += [["周一", "D", None, 2, 3], ["Sat", "N", None, 1, 1], ["礼拜天", "D", None, 1, 1]]
    team = read_team(_book(tmp_path, edit))
    assert [r.day for r in team.demand][-3:] == ["周一", "Sat", "礼拜天"]


def test_the_same_weekday_twice_in_two_languages_is_refused(tmp_path):
    """``Monday`` and ``周一`` for one shift were two rows of which one was silently ignored."""
    def edit(sheets):
        sheets["Demand"] += [["Monday", "D", None, 2, 3], ["周一", "D", None, 5, 5]]
    with pytest.raises(InputError) as err:
        read_team(_book(tmp_path, edit))
    assert "sheet Demand, row 5, column day" in str(err.value) and "row 4" in str(err.value)


@pytest.mark.parametrize("lang,says,never", [
    ("en", "there are no promotions", "(-)"),
    ("zh", "工作簿中没有大促", "（-）"),
])
def test_an_unknown_day_without_promotions_says_there_are_none(tmp_path, lang, says, never):
    def edit(sheets):
        del sheets["Promotions"]
        sheets["Demand"].append(["someday", "D", None, 1, 1])
    team = _book(tmp_path, edit)
    result = run("generate", team, "--month", "2026-12", "-o", tmp_path / "r.xlsx", lang=lang)
    assert result.exit_code == 2, result.output
    assert "someday" in result.output and says in result.output and never not in result.output
    assert "(-)" not in result.output


def test_the_calendars_own_message_says_there_are_no_promotions():
    set_language("zh")
    with pytest.raises(InputError) as err:
        _required(_team([("someday", "D", 1)]))
    assert "没有大促" in str(err.value) and "（-）" not in str(err.value)


# ------------------------------------------------------------------------------ leave and ids
def test_a_leave_row_without_an_end_is_one_day(tmp_path):
    def edit(sheets):
        sheets["Leave"][1][2] = None
    leave = read_team(_book(tmp_path, edit)).leave
    assert [(lv.staff_id, lv.start, lv.end) for lv in leave] == [("1002", dt.date(2026, 12, 8), dt.date(2026, 12, 8))]


def test_a_leave_row_without_start_or_end_is_still_refused(tmp_path):
    def edit(sheets):
        sheets["Leave"][1][1] = None
        sheets["Leave"][1][2] = None
    with pytest.raises(InputError) as err:
        read_team(_book(tmp_path, edit))
    assert "sheet Leave, row 2, column from: is blank" in str(err.value)


@pytest.mark.parametrize("value,expected", [
    (1002.0, "1002"), ("1002.0", "1002"), ("1002.00", "1002"), ("007", "007"), ("007.0", "007"),
    ("1002.5", "1002.5"), ("K01", "K01"), (1002, "1002"),
])
def test_ids_written_as_floats_are_whole(value, expected):
    assert parse_id(value) == expected


def test_an_id_exported_as_1002_point_0_matches_everywhere(tmp_path):
    """Staff 1002 typed as a number, text ``1002.0`` in Leave, Requests and History (an export),
    and the Staff id ``1003.0`` as text matched by ``1003`` elsewhere."""
    def edit(sheets):
        sheets["Staff"][2][0] = 1002
        sheets["Staff"][3][0] = "1003.0"
        sheets["Leave"][1][0] = "1002.0"
        sheets["Requests"].append(["1003", "2026-12-07", "OFF", "yes", 1])
        sheets["Requests"][1][0] = "1001.0"
        sheets["History"][2][0] = "1002.0"
    team = read_team(_book(tmp_path, edit))
    assert [s.id for s in team.staff] == ["1001", "1002", "1003"]
    assert team.leave[0].staff_id == "1002"
    assert [r.staff_id for r in team.requests] == ["1001", "1003"]
    assert {staff_id for staff_id, _ in team.history} == {"1001", "1002"}


# ------------------------------------------------------------------------------ end to end
def _weekday_team_sheets() -> dict[str, list[list[object]]]:
    """Ten agents; Mondays need 4 on the day shift, other working days 2: October 2026, whose
    Monday the 5th is a National Day holiday and Saturday the 10th a make-up working day."""
    sheets = base_sheets()
    sheets["Staff"] = [["id", "name", "team", "skills", "shifts", "lead"],
                       *[[str(1001 + k), f"P{k}", "pre-sale", "chat", "", "no"] for k in range(10)]]
    sheets["Demand"] = [["day", "shift", "skill", "min", "target"], ["weekday", "D", None, 2, 2],
                        ["周一", "D", None, 4, 4], ["weekend", "D", None, 1, 1], ["all", "N", None, 1, 1]]
    sheets["Leave"] = [["id", "from", "to", "type"], ["1002", dt.date(2026, 10, 13), None, "sick"]]
    sheets["Requests"] = [["id", "date", "shift", "want", "weight"]]
    sheets["History"] = [["id", "date", "shift"]]
    del sheets["Promotions"]
    del sheets["Holidays"]
    return sheets


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("weekday")
    team = make_workbook(folder / "team.xlsx", _weekday_team_sheets())
    before = digest(team)
    out = folder / "roster.xlsx"
    result = run("generate", team, "--month", "2026-10", "-o", out, "--time-limit", "1", "--seed", "1")
    assert result.exit_code == 0, result.output
    assert digest(team) == before
    return team, out


def test_a_generated_roster_reads_back_with_the_same_monday_demand(generated):
    """The roster copies the Demand sheet; read back, its Monday row means what it meant."""
    team_path, out = generated
    planned = build_horizon(read_team(team_path), 2026, 10)
    book = read_roster(out)
    again = horizon_for_dates(book.team, book.roster.dates)
    assert again.requirements == planned.requirements
    mondays = {r.date: r.min for r in again.requirements if r.shift == "D" and r.date.weekday() == 0}
    assert mondays == {_oct(5): 1, _oct(12): 4, _oct(19): 4, _oct(26): 4}
    assert book.team.leave[0].start == book.team.leave[0].end == _oct(13)


def test_roster_check_on_the_generated_roster_passes_with_monday_coverage(generated):
    _, out = generated
    result = run("check", out, "--json")
    assert result.exit_code == 0, result.output

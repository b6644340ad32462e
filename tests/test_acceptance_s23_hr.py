"""HR's acceptance checks, session 23: the special days of October 2026 (National Day with its
make-up Saturday, and rest days the Holidays sheet declares) in the coverage figures, the
Coverage and Roster sheets and the report; the Summary's counts read against the grid; the
labour-law audit's wording when the monthly overtime cap is broken.

One roster is generated for the module (a short solve) and only read afterwards."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from roster.calendar import horizon_for_dates, month_dates
from roster.domain import REST, DayType, HolidayEntry, Horizon, Roster, Team
from roster.excel.output import FILL
from roster.excel.read_roster import read_roster
from roster.i18n import t
from roster.reports import coverage_table, day_kind_label, rest_dates, special_rows
from roster.rules.base import CheckContext
from roster.rules.compliance import Compliance, ComplianceParams
from tests.excel_helpers import make_workbook
from tests.test_cli import run

OUTING = dt.date(2026, 10, 20)  # a Tuesday the company gives off, named
QUIET = dt.date(2026, 10, 21)  # a Wednesday given off, no name
MAKE_UP = dt.date(2026, 10, 10)  # official make-up Saturday (调休上班)
HOLIDAYS = {dt.date(2026, 10, k) for k in range(1, 8)}  # 国庆 block, 1st-7th
ON_LEAVE = "2005"


def team_sheets() -> dict[str, list[list[object]]]:
    """Ten agents on D/N, leave over National Day for one, two declared rest days."""
    staff = [["id", "name", "team", "skills", "shifts", "lead"]]
    staff += [[f"{2001 + k}", f"P{k + 1}", "pre-sale", "chat", "D,N", "yes" if k < 3 else "no"] for k in range(10)]
    return {
        "Staff": staff,
        "Shifts": [["code", "name", "start", "end"], ["D", "Day", "08:30", "17:30"], ["N", "Night", "17:00", "01:00"]],
        "Demand": [["day", "shift", "skill", "min", "target"],
                   ["weekday", "D", None, 3, 3], ["weekday", "N", None, 2, 2],
                   ["weekend", "D", None, 2, 2], ["weekend", "N", None, 1, 1],
                   ["holiday", "D", None, 2, 2], ["holiday", "N", None, 1, 1]],
        "Leave": [["id", "from", "to", "type"], [ON_LEAVE, dt.date(2026, 10, 1), dt.date(2026, 10, 7), "annual"]],
        "Holidays": [["date", "name", "kind"], [OUTING, "Company outing", "rest"], [QUIET, None, "休息日"]],
    }


@pytest.fixture(scope="module")
def october(tmp_path_factory) -> dict[str, Path]:
    """The team and its October roster in Chinese, plus an English copy written from it."""
    folder = tmp_path_factory.mktemp("s23hr")
    team = make_workbook(folder / "team.xlsx", team_sheets())
    out = folder / "roster-zh.xlsx"
    result = run("generate", team, "--month", "2026-10", "-o", out, "--time-limit", "1", lang="zh")
    assert result.exit_code == 0, result.output
    return {"team": team, "zh": out}


def _plan(path: Path) -> tuple[Team, Horizon, Roster]:
    """The roster's team, October's horizon (its calendar from the carried Holidays sheet) and
    the roster as read back."""
    book = read_roster(path)
    return book.team, horizon_for_dates(book.team, month_dates(2026, 10)), book.roster


def test_declared_rest_days_are_special_coverage_rows_marked_for_what_they_are(october):
    """A rest day of the Holidays sheet (休息日) is planned as a weekend, and listed among the
    special days with the holidays, the make-up Saturday and promotion days; an ordinary
    weekend is not.  (The rows of 2026-10-20 were missing from every special-day view.)"""
    team, horizon, roster = _plan(october["zh"])
    assert rest_dates(team) == {OUTING, QUIET}
    rows = coverage_table(team, horizon, roster)
    special = special_rows(rows)
    dates = {r.date for r in special}
    assert dates == HOLIDAYS | {MAKE_UP, OUTING, QUIET}
    outing = [r for r in special if r.date == OUTING]
    assert outing and all(r.rest_day and r.day_type == "weekend" and r.holiday == "Company outing" for r in outing)
    assert {r.min for r in outing if r.shift == "D"} == {2}  # the weekend's demand
    assert not any(r.rest_day for r in rows if r.date not in (OUTING, QUIET))
    assert json.loads(json.dumps(outing[0].as_json()))["rest_day"] is True
    assert day_kind_label("weekend", True, "zh") == "休息日" and day_kind_label("weekend", True, "en") == "rest day"
    assert day_kind_label("weekend", False, "en") == "weekend"


def test_a_rest_day_is_only_marked_where_the_sheet_says_rest():
    """A holiday or workday row of the Holidays sheet is no rest day, whatever its weekday."""
    team = Team(staff=[], shifts=[], demand=[], holidays=[
        HolidayEntry(OUTING, "x", DayType.WEEKEND), HolidayEntry(MAKE_UP, "", DayType.WORKDAY),
        HolidayEntry(QUIET, "Shop day", DayType.HOLIDAY)])
    assert rest_dates(team) == {OUTING}


def test_coverage_and_roster_sheets_name_and_colour_a_rest_day(october):
    """The Coverage sheet's type column says 休息日 (not 周末 on a Tuesday) in the weekend's
    colour; the grid's note row says so for the unnamed one, and its date comment explains it.
    People on duty are listed with the Chinese list mark 、."""
    wb = openpyxl.load_workbook(october["zh"])
    ws = wb["覆盖"]
    rows = list(ws.iter_rows(min_row=2))
    by_date: dict[dt.date, list] = {}
    for row in rows:
        if isinstance(row[0].value, dt.datetime):
            by_date.setdefault(row[0].value.date(), []).append(row)
    for date in (OUTING, QUIET):
        for row in by_date[date]:
            assert row[2].value == "休息日"
            assert row[0].fill.fgColor.rgb.endswith(FILL["weekend"])
    assert by_date[OUTING][0][3].value == "Company outing"
    ordinary = by_date[dt.date(2026, 10, 13)][0]
    assert ordinary[2].value == "工作日" and ordinary[0].fill.fill_type is None
    people = [row[11].value for rows_ in by_date.values() for row in rows_ if row[9].value and row[9].value > 1]
    assert people and all("、" in p and ", " not in p for p in people)

    grid = wb["排班表"]
    column = {c.value.date(): c.column for c in grid[1] if isinstance(c.value, dt.datetime)}
    assert grid.cell(3, column[QUIET]).value == "休息日"
    assert grid.cell(3, column[OUTING]).value == "Company outing"
    assert "休息日" in grid.cell(1, column[OUTING]).comment.text
    assert grid.cell(1, column[dt.date(2026, 10, 13)]).comment is None


def test_report_calls_a_rest_day_a_rest_day(october, tmp_path):
    """The HTML report's coverage table and chart tooltips name a declared rest day as such."""
    html = tmp_path / "r.html"
    result = run("report", october["zh"], "-o", html, lang="en")
    assert result.exit_code == 0, result.output
    text = html.read_text(encoding="utf-8")
    assert "rest day" in text and "<script" not in text and "http://" not in text.replace("http://www.w3.org", "")
    assert "2026-10-20 rest day Company outing" in text  # the chart column's tooltip
    assert "2026-10-21 rest day" in text and "2026-10-21 weekend" not in text


def test_summary_counts_weekends_holidays_nights_leave_and_hours_as_the_calendar_says(october):
    """The Summary read against the grid: a make-up Saturday is a working day, not a weekend; a
    declared rest day is a weekend; National Day (1st-7th, its Sunday too) are holiday days, and
    their weekend days are weekend days as well; leave is counted apart; D is 9 h and N 8 h."""
    wb = openpyxl.load_workbook(october["zh"])
    grid = wb["排班表"]
    dates = {c.column: c.value.date() for c in grid[1] if isinstance(c.value, dt.datetime)}
    weekend = {d for d in dates.values() if d.weekday() >= 5 and d != MAKE_UP} | {OUTING, QUIET}
    summary = {r[0]: r for r in wb["统计"].iter_rows(min_row=2, values_only=True) if r[0] and str(r[0]).isdigit()}
    assert len(summary) == 10
    for row in grid.iter_rows(min_row=4):
        sid = row[0].value
        if sid not in summary:
            continue
        cells = {dates[c.column]: c.value for c in row if c.column in dates}
        worked = {d: v for d, v in cells.items() if v in ("D", "N")}
        leave = sum(1 for v in cells.values() if v in ("假", "LEAVE"))
        expected = (len(worked), sum(v == "N" for v in worked.values()), len(set(worked) & weekend),
                    len(set(worked) & HOLIDAYS), sum(9 if v == "D" else 8 for v in worked.values()),
                    31 - len(worked) - leave, leave)
        got = summary[sid]
        assert (got[3], got[4], got[5], got[6], got[7], got[8], got[9]) == expected, sid
    assert summary[ON_LEAVE][9] == 7 and summary[ON_LEAVE][6] == 0


def test_comprehensive_audit_says_by_how_much_the_monthly_cap_is_broken(october):
    """Thirty overtime hours beyond the cap read like four within it ("overtime 75 h (at most
    36 h a month)"); the finding now names the excess, in both languages."""
    team, horizon, roster = _plan(october["zh"])
    sid = team.staff[0].id
    for date in horizon.dates:  # every day on D: 31 x 9 h against 16 standard days x 8 h
        roster.cells[(sid, date)] = "D"
    rule = Compliance(ComplianceParams(scheme="comprehensive"))
    ctx = CheckContext(team, horizon, roster)
    found = [v for v in rule.check(ctx) if v.staff_id == sid]
    assert len(found) == 1 and found[0].data["overtime_hours"] > 36
    excess = found[0].data["overtime_hours"] - 36
    assert f"{excess:g} h beyond the cap of 36 h a month" in found[0].message or \
        f"超出每月 36 小时上限 {excess:g} 小时" in found[0].message
    zh = t("compliance.period_over", lang="zh", staff=sid, hours=1, month="m", standard=1, days=1, per_day=8,
           overtime=50, limit=36, excess=14)
    en = t("compliance.period_over", lang="en", staff=sid, hours=1, month="m", standard=1, days=1, per_day=8,
           overtime=50, limit=36, excess=14)
    assert "超出每月 36 小时上限 14 小时" in zh and "14 h beyond the cap of 36 h" in en
    for k, date in enumerate(horizon.dates):  # 16 x 9 h against 16 x 8 h: 16 h, within the cap
        roster.cells[(sid, date)] = "D" if k < 16 else REST
    within = [v for v in rule.check(CheckContext(team, horizon, roster)) if v.staff_id == sid]
    assert len(within) == 1 and within[0].data["overtime_hours"] == 16
    assert "beyond the cap" not in within[0].message and "上限" not in within[0].message

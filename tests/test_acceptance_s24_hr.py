"""An HR user audits labour rules, wishes and the ledger (helper-51, session 24).

* The standard-hours audit judged every week against a flat 40 h: a week worked in full through
  National Day read as no overtime, and the week of a make-up working day (调休上班) as 8 h of
  overtime the State Council's schedule makes an ordinary working day.
* A wish about a day off read "1007 希望 2026-12-24 上 休", and a wish no roster could grant (on
  leave that day, a shift the person may not work) read like one the manager refused.
* Two versions of one month in a ledger were named by their first clash alone ("1001 on
  2026-12-01"), hiding that the whole month was there twice.
"""

from __future__ import annotations

import datetime as dt

import pytest
from ortools.sat.python import cp_model

from roster.calendar import horizon_for_dates, month_dates
from roster.domain import REST, Leave, Request, Roster, Shift, Staff, Team
from roster.i18n import set_language
from roster.ledger import build_ledger
from roster.model import build_model
from roster.rules.base import CheckContext
from roster.rules.compliance import Compliance, ComplianceParams
from roster.rules.requests import Requests

EIGHT = [Shift("S", "Eight", ((9 * 60, 17 * 60),))]


def _office_roster(team: Team, dates: list[dt.date]) -> tuple[Roster, object]:
    """Monday to Friday and every make-up working day, 8 h: an office week, holidays worked."""
    horizon = horizon_for_dates(team, dates)
    cells = {("A", d): ("S" if d.weekday() < 5 or horizon.day(d).type == "workday" else REST) for d in dates}
    return Roster(dates, cells), horizon


def _pinned_status(team: Team, horizon, roster: Roster, rule: Compliance) -> str:
    rm = build_model(team, horizon, [rule])
    rm.vars.fix(roster)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    return solver.status_name(solver.solve(rm.model))


def test_standard_week_follows_the_calendar_make_up_days_and_holidays():
    team = Team(staff=[Staff("A", "Ann")], shifts=EIGHT, demand=[])
    rule = Compliance(ComplianceParams(scheme="standard"))
    # September 2026: Sunday the 20th is a make-up working day for National Day, and Friday the
    # 25th is the Mid-Autumn Festival.  Six 8 h days in the week of the 14th are the schedule.
    sept, horizon = _office_roster(team, month_dates(2026, 9))
    found = rule.check(CheckContext(team, horizon, sept))
    assert "2026-09-14" not in {v.data.get("week") for v in found}
    (mid_autumn,) = [v for v in found if v.data["item"] == "week"]
    assert mid_autumn.data["week"] == "2026-09-21" and mid_autumn.data["standard_hours"] == 32
    assert mid_autumn.data["overtime_hours"] == 8 and mid_autumn.data["holiday_days"] == 1
    assert "standard 32 h" in mid_autumn.message and "1 holiday day(s) worked" in mid_autumn.message
    # October 2026: 1st-7th National Day, Saturday the 10th worked.  Every holiday worked is
    # overtime beyond the week's own standard (24 h in the weeks of the 28th and the 5th).
    # September's last three days (Mon-Wed) worked before the month: the History tail.
    team.history.update({("A", dt.date(2026, 9, day)): "S" for day in (28, 29, 30)})
    octo, horizon = _office_roster(team, month_dates(2026, 10))
    found = rule.check(CheckContext(team, horizon, octo))
    weeks = {v.data["week"]: v for v in found if v.data["item"] == "week"}
    assert weeks["2026-10-05"].data["standard_hours"] == 24 and weeks["2026-10-05"].data["overtime_hours"] == 24
    (month,) = [v for v in found if v.data["item"] == "month"]
    assert weeks["2026-09-28"].data["overtime_hours"] == 16  # the 1st and 2nd, on top of 24 h
    assert month.data["overtime_hours"] == 40  # beyond the 36 h cap (a flat 40 h week said 8 h)
    set_language("zh")
    try:
        zh = Compliance(ComplianceParams(scheme="standard")).check(CheckContext(team, horizon, octo))
    finally:
        set_language("en")
    assert any("标准 24 小时" in v.message and "节假日上班 3 天" in v.message for v in zh)
    # Enforced, the model holds the same arithmetic: October is refused, September is not.
    enforced = Compliance(ComplianceParams(scheme="standard", enforce=True))
    assert _pinned_status(team, horizon, octo, enforced) == "INFEASIBLE"
    sept_horizon = horizon_for_dates(team, sept.dates)
    assert _pinned_status(team, sept_horizon, sept, enforced) in ("OPTIMAL", "FEASIBLE")
    assert not [v for v in enforced.check(CheckContext(team, sept_horizon, sept)) if v.hard]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_wishes_name_a_day_off_in_words_and_say_when_no_roster_could_grant_them(lang):
    dates = month_dates(2026, 12)[:7]
    shifts = [Shift("D", "Day", ((510, 1050),)), Shift("N", "Night", ((1020, 1500),))]
    team = Team(staff=[Staff("A", "Ann"), Staff("B", "Bo", shifts=("D",)), Staff("C", "Cy")], shifts=shifts,
                demand=[], leave=[Leave("C", dates[2], dates[3])],
                requests=[Request("A", dates[0], REST, want=True, weight=1),
                          Request("A", dates[1], REST, want=False, weight=1),
                          Request("B", dates[0], "N", want=True, weight=1),
                          Request("C", dates[2], "D", want=True, weight=2)])
    cells = {(p.id, d): "D" for p in team.staff for d in dates}
    cells |= {("A", dates[1]): REST, ("C", dates[2]): "LEAVE", ("C", dates[3]): "LEAVE"}
    horizon = horizon_for_dates(team, dates)
    set_language(lang)
    try:
        found = {(v.staff_id, v.date): v for v in Requests().check(CheckContext(team, horizon, Roster(dates, cells)))}
    finally:
        set_language("en")
    rest, work, not_allowed, leave = (found[k] for k in [("A", dates[0]), ("A", dates[1]), ("B", dates[0]),
                                                          ("C", dates[2])])
    if lang == "en":
        assert rest.message == "A wished for a day off on 2026-12-01 but works D"
        assert work.message == "A asked to work on 2026-12-02, not to have a day off, but has OFF"
        assert not_allowed.message.endswith("(N is not among the shifts B may work: D)")
        assert leave.message.endswith("(on leave that day)")
    else:
        assert rest.message == "A 希望 2026-12-01 休息，实际排了 D"
        assert "上 休" not in rest.message and "OFF" not in work.message and "休" in work.message
        assert not_allowed.message.endswith("（B 不可排 N，可排班次：D）")
        assert leave.message.endswith("（当天请假）")
    # The reason is data too, and the cost is what the model pays (a wish it cannot grant is
    # still a constant of the objective, so the checker's total stays the solver's).
    assert leave.data["cost"] == 10 and leave.data["reason"]
    assert "reason" not in rest.data


def test_two_versions_of_a_month_in_a_ledger_are_named_with_what_they_share():
    dates = month_dates(2026, 12)
    team = Team(staff=[Staff(i, i) for i in ("A", "B", "C")], shifts=EIGHT, demand=[])
    horizon = horizon_for_dates(team, dates)
    full = Roster(dates, {(p.id, d): "S" for p in team.staff for d in dates})
    tail = Roster(dates[-10:], {(p.id, d): "S" for p in team.staff for d in dates[-10:]})
    with pytest.raises(ValueError) as error:
        build_ledger([(team, horizon, full), (team, horizon, tail)], ["2026-12.xlsx", "2026-12-v2.xlsx"])
    message = str(error.value)
    assert "2026-12.xlsx and 2026-12-v2.xlsx both plan it" in message
    assert "they share 10 day(s) (2026-12-22..2026-12-31) and 3 people" in message
    set_language("zh")
    try:
        with pytest.raises(ValueError, match="2026-12-22 至 2026-12-31（10 天）有 3 名相同员工"):
            build_ledger([(team, horizon, full), (team, horizon, tail)], ["a.xlsx", "b.xlsx"])
    finally:
        set_language("en")

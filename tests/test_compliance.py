"""The labour-law audit: each item broken by a tiny hand-made roster, and one that breaks none;
the same rosters pinned into a CP-SAT model with ``enforce = true``."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from roster.calendar import horizon_for_dates, month_dates
from roster.domain import (
    LEAVE,
    REST,
    DayType,
    HolidayEntry,
    Leave,
    Roster,
    Shift,
    ShiftKind,
    Staff,
    Team,
)
from roster.i18n import set_language, t
from roster.model import build_model
from roster.rules.base import CheckContext
from roster.rules.compliance import Compliance, ComplianceParams, week_overtime

# March 2026 has no official Chinese holiday; it starts on a Sunday, so its first week reaches into
# the History tail (Mon 23 Feb - Sun 1 Mar).
MARCH = month_dates(2026, 3)

SHIFTS = [
    Shift("S", "Eight", ((9 * 60, 17 * 60),)),                    # 8 h
    Shift("D", "Day", ((8 * 60 + 30, 17 * 60 + 30),)),            # 9 h
    Shift("L", "Long", ((8 * 60, 20 * 60),)),                     # 12 h: over 8 + 3
    Shift("N", "Night", ((17 * 60, 25 * 60),), ShiftKind.NIGHT),  # 8 h
]


def make_team(**extra) -> Team:
    return Team(staff=[Staff("A", "Ann")], shifts=SHIFTS, demand=[], **extra)


def pattern(team: Team, week: dict[int, str], dates=MARCH, staff="A") -> Roster:
    """A roster working ``week[weekday]`` every week (rest where absent)."""
    return Roster(list(dates), {(staff, d): week.get(d.weekday(), REST) for d in dates})


def audit(team: Team, roster: Roster, **params):
    rule = Compliance(ComplianceParams(**params))
    horizon = horizon_for_dates(team, roster.dates)
    return rule.check(CheckContext(team, horizon, roster))


def solve_fixed(team: Team, roster: Roster, **params) -> str:
    """Status of the model with only this rule (enforced) and the variables pinned to ``roster``."""
    rule = Compliance(ComplianceParams(enforce=True, **params))
    horizon = horizon_for_dates(team, roster.dates)
    rm = build_model(team, horizon, [rule])
    rm.vars.fix(roster)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 20
    solver.parameters.num_workers = 1
    status = solver.solve(rm.model)
    assert status != cp_model.UNKNOWN, "the solver gave up: not evidence either way"
    return solver.status_name(status)


FIVE_EIGHTS = {k: "S" for k in range(5)}           # 40 h a week: legal
FOUR_NINES = {k: "D" for k in range(4)}            # 36 h, but 4 days over 8 h
SIX_EIGHTS = {k: "S" for k in range(6)}            # 48 h: 8 h weekly overtime, 32 h in March
SIX_NINES = {k: "D" for k in range(6)}             # 54 h: 14 h a week, 56 h in March


def test_week_overtime_counts_no_hour_twice():
    assert week_overtime([540] * 4, 480, 2400) == 4 * 60
    assert week_overtime([480] * 6, 480, 2400) == 8 * 60
    assert week_overtime([540] * 6, 480, 2400) == 14 * 60
    assert week_overtime([], 480, 2400) == 0


def test_legal_roster_has_no_findings_and_is_feasible():
    team = make_team()
    roster = pattern(team, FIVE_EIGHTS)
    assert audit(team, roster) == []
    assert solve_fixed(team, roster) in ("OPTIMAL", "FEASIBLE")


def test_daily_hours_over_eight_are_weekly_overtime_findings():
    team = make_team()
    found = audit(team, pattern(team, FOUR_NINES))
    weeks = [v for v in found if v.data["item"] == "week"]
    # Full weeks of March 2026: 2, 9, 16, 23 and 30 Mar (Mon-Tue only: 2 days of 9 h).
    assert [v.data["week"] for v in weeks] == ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23",
                                               "2026-03-30"]
    assert weeks[0].data["overtime_hours"] == 4 and weeks[0].data["long_days"] == 4
    assert weeks[-1].data["overtime_hours"] == 2
    assert all(not v.hard and v.data["cost"] == 0 for v in found)
    assert not [v for v in found if v.data["item"] == "month"]  # 18 h <= 36 h
    assert "A" in weeks[0].message and "2026-03-02" in weeks[0].message and "4" in weeks[0].message


def test_weekly_hours_over_forty_within_the_monthly_cap():
    team = make_team()
    roster = pattern(team, SIX_EIGHTS)
    found = audit(team, roster)
    assert {v.data["item"] for v in found} == {"week"}
    assert sum(v.data["overtime_hours"] for v in found) == 32
    assert all(v.data["hours"] == 48 for v in found if v.data["week"] != "2026-03-30")
    assert solve_fixed(team, roster) in ("OPTIMAL", "FEASIBLE")


def test_monthly_overtime_over_36_hours():
    team = make_team()
    roster = pattern(team, SIX_NINES)
    found = audit(team, roster)
    month = [v for v in found if v.data["item"] == "month"]
    assert len(month) == 1 and month[0].data["overtime_hours"] == 56 + 2  # four weeks + Mon-Tue 30-31
    assert not month[0].hard  # audit only
    assert "2026-03" in month[0].message and "58" in month[0].message and "36" in month[0].message
    enforced = audit(team, roster, enforce=True)
    assert [v.data["item"] for v in enforced if v.hard] == ["month"]
    assert solve_fixed(team, roster) == "INFEASIBLE"


def test_daily_cap_of_eleven_hours():
    team = make_team()
    roster = pattern(team, {0: "L"})
    found = audit(team, roster)
    caps = [v for v in found if v.data["item"] == "day_cap"]
    assert [v.date for v in caps] == [d for d in MARCH if d.weekday() == 0]
    assert caps[0].data["hours"] == 12 and not caps[0].hard
    assert all(v.hard for v in audit(team, roster, enforce=True) if v.data["item"] == "day_cap")
    assert solve_fixed(team, roster) == "INFEASIBLE"


def test_history_tail_week_is_charged_only_what_the_month_adds():
    feb = [dt.date(2026, 2, 23) + dt.timedelta(days=k) for k in range(6)]
    team = make_team(history={("A", d): "D" for d in feb})  # 54 h before March: 14 h overtime
    roster = Roster(MARCH, {("A", d): REST for d in MARCH} | {("A", MARCH[0]): "D"})
    found = audit(team, roster)
    assert len(found) == 1
    # Whole week 63 h -> 23 h overtime, 14 h of it already February's: March is charged 9 h.
    assert found[0].data["week"] == "2026-02-23" and found[0].data["overtime_hours"] == 9
    assert found[0].date == MARCH[0]


def test_comprehensive_scheme_period_total_against_standard_hours():
    # A holiday on Wed 4 Mar and a make-up working day on Sat 7 Mar (Holidays sheet overrides):
    # 22 weekdays - 1 holiday + 1 make-up day = 22 working days = 176 h.
    holidays = [HolidayEntry(dt.date(2026, 3, 4), "Shop day", DayType.HOLIDAY),
                HolidayEntry(dt.date(2026, 3, 7), "Make-up", DayType.WORKDAY)]
    team = make_team(holidays=holidays)
    legal = pattern(team, FOUR_NINES)  # 18 days x 9 h = 162 h
    assert audit(team, legal, scheme="comprehensive") == []
    assert solve_fixed(team, legal, scheme="comprehensive") in ("OPTIMAL", "FEASIBLE")

    busy = pattern(team, SIX_NINES)  # 26 days x 9 h = 234 h: 58 h over
    found = audit(team, busy, scheme="comprehensive")
    assert len(found) == 1
    v = found[0]
    assert v.data["working_days"] == 22 and v.data["standard_hours"] == 176
    assert v.data["hours"] == 234 and v.data["overtime_hours"] == 58
    assert "176" in v.message and "22" in v.message
    assert not v.hard
    assert audit(team, busy, scheme="comprehensive", enforce=True)[0].hard
    assert solve_fixed(team, busy, scheme="comprehensive") == "INFEASIBLE"

    # Overtime within the cap is reported but is not a hard finding even when enforced.
    some = pattern(team, {k: "D" for k in range(5)})  # 22 days (Mon-Fri) x 9 h = 198 h: 22 h over
    found = audit(team, some, scheme="comprehensive", enforce=True)
    assert len(found) == 1 and found[0].data["overtime_hours"] == 22 and not found[0].hard
    assert solve_fixed(team, some, scheme="comprehensive") in ("OPTIMAL", "FEASIBLE")


def test_comprehensive_leave_reduces_standard_hours():
    leave = [Leave("A", dt.date(2026, 3, 9), dt.date(2026, 3, 13))]  # five weekdays
    team = make_team(leave=leave)
    cells = {("A", d): ("D" if d.weekday() < 5 else REST) for d in MARCH}
    cells |= {("A", d): LEAVE for d in MARCH if leave[0].covers(d)}
    found = audit(team, Roster(MARCH, cells), scheme="comprehensive")
    assert found[0].data["working_days"] == 17 and found[0].data["overtime_hours"] == 17


def test_messages_in_both_languages():
    team = make_team()
    for lang in ("en", "zh"):
        set_language(lang)
        try:
            found = audit(team, pattern(team, SIX_NINES))
        finally:
            set_language("en")
        month = next(v for v in found if v.data["item"] == "month")
        assert ("加班" in month.message) == (lang == "zh")
    assert "综合" in Compliance(ComplianceParams(scheme="comprehensive")).describe("zh")
    assert t("compliance.scheme.standard", "en") == "standard"


def test_audit_only_adds_nothing_to_the_model():
    team = make_team()
    horizon = horizon_for_dates(team, MARCH)
    rm = build_model(team, horizon, [Compliance()])
    before = len(rm.model.proto.constraints)
    rm2 = build_model(team, horizon, [])
    assert before == len(rm2.model.proto.constraints)
    assert Compliance().hard is False and Compliance(ComplianceParams(enforce=True)).hard is True


def test_unknown_scheme_is_rejected():
    with pytest.raises(ValueError):
        ComplianceParams(scheme="flexible")



@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codes=st.lists(st.sampled_from(["S", "D", "N", REST]), min_size=31, max_size=31),
       tail=st.lists(st.sampled_from(["D", REST]), min_size=6, max_size=6),
       scheme=st.sampled_from(["standard", "comprehensive"]))
def test_model_and_checker_agree(codes, tail, scheme):
    """Enforced: the pinned model is infeasible exactly when the checker finds a hard violation."""
    feb = [dt.date(2026, 2, 23) + dt.timedelta(days=k) for k in range(6)]
    team = make_team(history={("A", d): c for d, c in zip(feb, tail, strict=True)})
    roster = Roster(MARCH, {("A", d): c for d, c in zip(MARCH, codes, strict=True)})
    hard = [v for v in audit(team, roster, scheme=scheme, enforce=True) if v.hard]
    status = solve_fixed(team, roster, scheme=scheme)
    assert (status == "INFEASIBLE") == bool(hard), (status, hard)

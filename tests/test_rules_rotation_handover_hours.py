"""rotation (change-over days, min stretch soft cost), handover (overlap windows, night_to_day,
lead_per_shift) and hours (weekly, History week): model side with fixed patterns and checker side."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import (
    DAY,
    MONDAY,
    NIGHT,
    assert_feasible,
    assert_infeasible,
    check,
    d,
    demand,
    history,
    horizon,
    of_rule,
    roster,
    solve_fixed,
    solve_fixed_cost,
    staff,
    team,
)

from roster.domain import Shift, ShiftKind
from roster.rules.handover import Handover
from roster.rules.hours import Hours
from roster.rules.rotation import Rotation

# ---------------------------------------------------------------------------------- rotation
HARD_ONLY = Rotation.Params(min_stretch=0)

ROTATION_CASES = [  # Mon 1 Mar .. Sun 7 Mar 2027; change-over days Sat, Sun
    pytest.param({}, "DN-----", d(1), id="day-to-night-on-tuesday"),
    pytest.param({}, "NNND---", d(3), id="night-to-day-on-thursday"),
    pytest.param({}, "D-N----", None, id="change-after-rest"),
    pytest.param({}, "DDDDDN-", None, id="change-on-saturday"),
    pytest.param({}, "NNNNNND", None, id="change-on-sunday"),
    pytest.param({}, "DDDDDDD", None, id="no-change"),
    pytest.param({"A": "N"}, "D------", d(0), id="history-night-then-monday-day"),
    pytest.param({"A": "-"}, "D------", None, id="history-rest"),
]


@pytest.mark.parametrize(("hist", "pattern", "when"), ROTATION_CASES)
def test_rotation_model(hist, pattern, when):
    t = team(1, history=history(MONDAY - dt.timedelta(days=1), hist))
    h = horizon(t)
    status = solve_fixed(t, h, [Rotation(HARD_ONLY)], roster(h, {"A": pattern}))
    assert_feasible(status) if when is None else assert_infeasible(status)


@pytest.mark.parametrize(("hist", "pattern", "when"), ROTATION_CASES)
def test_rotation_checker(hist, pattern, when):
    t = team(1, history=history(MONDAY - dt.timedelta(days=1), hist))
    h = horizon(t)
    found = [v for v in check(t, h, [Rotation(HARD_ONLY)], roster(h, {"A": pattern})).violations if v.hard]
    if when is None:
        assert found == []
        return
    (v,) = found
    assert (v.rule, v.staff_id, v.date) == ("rotation", "A", when)
    assert "A changes" in v.message and when.isoformat() in v.message and "not a change-over day" in v.message


def test_rotation_message_names_weekdays_in_the_users_language():
    from roster.i18n import set_language

    t = team(1)
    h = horizon(t)
    r = roster(h, {"A": "DN-----"})
    (en,) = [v for v in check(t, h, [Rotation(HARD_ONLY)], r).violations if v.hard]
    assert "on a Tue, not a change-over day (Sat, Sun)" in en.message
    set_language("zh")  # conftest sets it back to en
    (zh,) = [v for v in check(t, h, [Rotation(HARD_ONLY)], r).violations if v.hard]
    assert "周二不是换班日（周六、周日）" in zh.message


@pytest.mark.parametrize(("days_param", "pattern", "breaks"), [
    (["Tue"], "DN-----", False),
    ("周二", "DN-----", False),
    ("Wed,Thu", "DN-----", True),
    ([], "DDDDDN-", True),
])
def test_rotation_change_over_days_param(days_param, pattern, breaks):
    t = team(1)
    h = horizon(t)
    rule = Rotation(Rotation.Params(change_over_days=days_param, min_stretch=0))
    r = roster(h, {"A": pattern})
    status = solve_fixed(t, h, [rule], r)
    found = of_rule(check(t, h, [rule], r), "rotation")
    if breaks:
        assert_infeasible(status)
        assert found
    else:
        assert_feasible(status)
        assert found == []


def test_rotation_bad_weekday_is_rejected():
    with pytest.raises(ValueError, match="not a weekday"):
        Rotation.Params(change_over_days="Moonday")


@pytest.mark.parametrize("written", ["周六、周日", "礼拜六；星期天", "Sat, Sun", "SATURDAY,sunday", "5，6"])
def test_change_over_days_read_as_the_demand_sheet_reads_weekdays(written):
    """The Rules sheet's change-over days take the Demand sheet's weekday names
    (roster.calendar.weekday_number) and a Chinese list's 、: "周六、周日" was refused."""
    assert Rotation.Params(change_over_days=written).change_over_days == [5, 6]


def test_rotation_single_kind_team_has_no_constraint():
    t = team(1, shifts=(DAY,))
    h = horizon(t)
    assert Rotation().add is not None
    assert_feasible(solve_fixed(t, h, [Rotation()], roster(h, {"A": "D-D-D-D"})))


STRETCH_CASES = [  # min_stretch 3, weight 2: cost 2 per missing day; a stretch touching the end is free
    pytest.param({}, "D-DDD--", 4, id="single-day-stretch"),
    pytest.param({}, "DD-----", 2, id="two-day-stretch"),
    pytest.param({}, "DDD----", 0, id="three-day-stretch"),
    pytest.param({}, "-----DD", 0, id="touches-month-end"),
    pytest.param({}, "----DDN", 2, id="kind-change-on-sunday-ends-stretch"),
    pytest.param({}, "N-D-N--", 12, id="three-singletons"),
    pytest.param({"A": "D"}, "DDD----", 0, id="continues-from-history"),
]


@pytest.mark.parametrize(("hist", "pattern", "cost"), STRETCH_CASES)
def test_rotation_min_stretch_cost(hist, pattern, cost):
    t = team(1, history=history(MONDAY - dt.timedelta(days=1), hist))
    h = horizon(t)
    rule = Rotation()
    r = roster(h, {"A": pattern})
    status, objective = solve_fixed_cost(t, h, [rule], r)
    assert status == "OPTIMAL"
    result = check(t, h, [rule], r)
    assert result.ok
    assert result.total_cost == cost
    assert objective == pytest.approx(cost)
    for v in of_rule(result, "rotation.stretch"):
        assert v.staff_id == "A" and v.date.isoformat() in v.message


def test_rotation_short_stretch_started_in_history_is_measured_from_its_real_start():
    t = team(1, history=history(MONDAY - dt.timedelta(days=1), {"A": "D"}))
    h = horizon(t)
    r = roster(h, {"A": "D-DDD--"})  # stretch 28 Feb + 1 Mar = 2 days < 3
    status, objective = solve_fixed_cost(t, h, [Rotation()], r)
    assert check(t, h, [Rotation()], r).total_cost == 2
    assert objective == pytest.approx(2)



def test_rotation_has_no_stretch_cost_for_a_team_with_one_kind_of_shift():
    """A day-only team (two day shifts) has no rotation: the model adds no stretch penalty, and
    the checker must not count one either (it did: generate reported "OPTIMAL, objective 44"
    while its own check listed rotation.stretch costing 90)."""
    late = Shift("M", "Mid", ((10 * 60, 19 * 60),), ShiftKind.DAY)
    t = team(1, shifts=(DAY, late), demand=[demand("all", "D", 1)])
    h = horizon(t)
    r = roster(h, {"A": "D-D-M--"})
    status, objective = solve_fixed_cost(t, h, [Rotation()], r)
    assert status == "OPTIMAL"
    assert objective == pytest.approx(0)
    assert not of_rule(check(t, h, [Rotation()], r), "rotation.stretch")

# ---------------------------------------------------------------------------------- handover
def handover_team(people=None, *, night_dates=None, shifts=(DAY, NIGHT)):
    rows = [demand("all", "D", 1)]
    if night_dates is None:
        rows.append(demand("all", shifts[1].code, 1))
    else:
        rows += [demand(x.isoformat(), shifts[1].code, 1) for x in night_dates]
    return team(people or 3, shifts=shifts, demand=rows)


HANDOVER_CASES = [
    pytest.param({"A": "DDDDDDD", "B": "NNNNNNN"}, None, id="both-staffed"),
    pytest.param({"A": "DDDDDDD", "B": "-NNNNNN"}, (d(0), "D", "handover.no_incoming"), id="day-without-night"),
    pytest.param({"A": "-DDDDDD", "B": "NNNNNNN"}, (d(0), "N", "handover.no_outgoing"), id="night-without-day"),
    pytest.param({"A": "-------", "B": "-------"}, None, id="nobody-no-handover"),
]


@pytest.mark.parametrize(("patterns", "broken"), HANDOVER_CASES)
def test_handover_model(patterns, broken):
    t = handover_team()
    h = horizon(t)
    status = solve_fixed(t, h, [Handover()], roster(h, patterns))
    assert_feasible(status) if broken is None else assert_infeasible(status)


@pytest.mark.parametrize(("patterns", "broken"), HANDOVER_CASES)
def test_handover_checker(patterns, broken):
    t = handover_team()
    h = horizon(t)
    found = of_rule(check(t, h, [Handover()], roster(h, patterns)), "handover")
    if broken is None:
        assert found == []
        return
    date, shift, _ = broken
    assert [(v.date, v.shift) for v in found] == [(date, shift)]
    assert date.isoformat() in found[0].message and "0 person(s)" in found[0].message


LATE = Shift("L", "Late", ((18 * 60, 26 * 60),), ShiftKind.NIGHT)  # starts after D ends: no overlap
EDGE = Shift("E", "Edge", ((17 * 60 + 30, 25 * 60 + 30),), ShiftKind.NIGHT)  # starts exactly when D ends


@pytest.mark.parametrize(("second", "breaks"), [(LATE, False), (EDGE, True), (NIGHT, True)])
def test_handover_only_at_overlap_windows(second, breaks):
    t = handover_team(shifts=(DAY, second))
    h = horizon(t)
    r = roster(h, {"A": "DDDDDDD"})  # the night-kind shift is never staffed
    rule = Handover(Handover.Params(night_to_day=False))
    status = solve_fixed(t, h, [rule], r)
    found = of_rule(check(t, h, [rule], r), "handover")
    if breaks:
        assert_infeasible(status)
        assert len(found) == 7
    else:
        assert_feasible(status)
        assert found == []


def test_handover_only_shifts_with_demand_take_part():
    t = handover_team(night_dates=[d(0)])
    h = horizon(t)
    r = roster(h, {"A": "DDDDDDD", "B": "N------"})
    assert_feasible(solve_fixed(t, h, [Handover()], r))
    assert of_rule(check(t, h, [Handover()], r), "handover") == []


NIGHT_TO_DAY_CASES = [
    pytest.param(True, {"A": "DDD-DDD", "B": "NNN----"}, d(3), id="no-day-after-night"),
    pytest.param(True, {"A": "DDDDDDD", "B": "NNN----"}, None, id="day-after-night"),
    pytest.param(False, {"A": "DDD-DDD", "B": "NNN----"}, None, id="night-to-day-off"),
]


@pytest.mark.parametrize(("flag", "patterns", "when"), NIGHT_TO_DAY_CASES)
def test_handover_night_to_day(flag, patterns, when):
    t = handover_team(night_dates=[d(0), d(1), d(2)])
    h = horizon(t)
    rule = Handover(Handover.Params(night_to_day=flag))
    r = roster(h, patterns)
    status = solve_fixed(t, h, [rule], r)
    found = of_rule(check(t, h, [rule], r), "handover")
    if when is None:
        assert_feasible(status)
        assert found == []
    else:
        assert_infeasible(status)
        (v,) = found
        assert v.date == when and when.isoformat() in v.message and "night" in v.message


def test_handover_skips_a_shift_nobody_can_work():
    """The whole team on leave on d(3) (a company outing) closes that day: its demanded day shift
    is no handover partner.  As one it forbade the night before, and that night's day shift,
    and so on back to the first day, so even --best-effort found no roster."""
    from dataclasses import replace

    from roster.domain import Leave

    t = replace(handover_team(night_dates=[d(0), d(1), d(2)]),
                leave=[Leave(p, d(3), d(3)) for p in "ABC"])
    h = horizon(t)
    r = roster(h, {"A": "DDD-DDD", "B": "NNN----", "C": "-------"})
    assert_feasible(solve_fixed(t, h, [Handover()], r))
    assert of_rule(check(t, h, [Handover()], r), "handover") == []


def test_handover_night_on_last_day_needs_nothing_next_month():
    t = handover_team()
    h = horizon(t)
    r = roster(h, {"A": "DDDDDDD", "B": "NNNNNNN"})
    assert_feasible(solve_fixed(t, h, [Handover()], r))


LEAD_CASES = [
    pytest.param({"A": "DDDDDDD", "B": "NNNNNNN", "C": "-------"}, d(0), id="night-without-lead"),
    pytest.param({"A": "DDDDDDD", "B": "NNNNNNN", "C": "NNNNNNN"}, None, id="lead-on-each-shift"),
    pytest.param({"A": "DDDDDD-", "B": "NNNNNN-", "C": "NNNNNND"}, None, id="lead-swapped-sunday"),
    pytest.param({"A": "DDDDDD-", "B": "NNNNNNN", "C": "NNNNNN-"}, d(6), id="sunday-night-no-lead"),
]


@pytest.mark.parametrize(("patterns", "first"), LEAD_CASES)
def test_handover_lead_per_shift(patterns, first):
    people = staff(["A", "B", "C"], A={"lead": True}, C={"lead": True})
    t = handover_team(people)
    h = horizon(t)
    rule = Handover(Handover.Params(lead_per_shift=True, night_to_day=False, min_outgoing=0, min_incoming=0))
    r = roster(h, patterns)
    status = solve_fixed(t, h, [rule], r)
    found = of_rule(check(t, h, [rule], r), "handover")
    if first is None:
        assert_feasible(status)
        assert found == []
    else:
        assert_infeasible(status)
        assert found[0].date == first and "no team lead" in found[0].message and "B" in found[0].message


def test_handover_lead_per_shift_without_leads_says_it_is_not_applied():
    """Switched on with nobody marked as lead, the rule has no one to place: the model and the
    checker skip it, and a note says so (it was silent); with a lead there is no note."""
    rule = Handover(Handover.Params(lead_per_shift=True))
    (note,) = rule.notes(handover_team(staff(["A", "B", "C"])))
    assert "nobody in the Staff sheet is marked as a team lead" in note
    assert rule.notes(handover_team(staff(["A", "B", "C"], A={"lead": True}))) == []
    assert Handover().notes(handover_team(staff(["A", "B", "C"]))) == []


# ------------------------------------------------------------------------------------- hours
HOURS_CASES = [  # max 40 h: D is 9 h, N is 8 h
    pytest.param({}, 0, "DDDD---", None, id="36h"),
    pytest.param({}, 0, "NNNNN--", None, id="40h-exactly"),
    pytest.param({}, 0, "DDDDD--", d(0), id="45h"),
    pytest.param({}, 0, "DNDN-N-", d(0), id="42h-mixed"),
    # the month starts on Wednesday 3 March: Monday and Tuesday come from History
    pytest.param({"A": "DD"}, 2, "DDD--", d(2), id="history-week-45h"),
    pytest.param({"A": "D-"}, 2, "DDD--", None, id="history-week-36h"),
    pytest.param({}, 2, "DDDD-", None, id="no-history-36h"),
]


@pytest.mark.parametrize(("hist", "offset", "pattern", "when"), HOURS_CASES)
def test_hours(hist, offset, pattern, when):
    t = team(1, history=history(MONDAY, hist))
    h = horizon(t, d(offset), len(pattern))
    rule = Hours(Hours.Params(max_per_week=40))
    r = roster(h, {"A": pattern})
    status = solve_fixed(t, h, [rule], r)
    found = of_rule(check(t, h, [rule], r), "hours")
    if when is None:
        assert_feasible(status)
        assert found == []
        return
    assert_infeasible(status)
    (v,) = found
    assert v.staff_id == "A" and v.date == when
    assert "A works" in v.message and "week of 2027-03-01" in v.message and "at most 40 h" in v.message


def test_hours_two_weeks_judged_separately():
    t = team(1)
    h = horizon(t, d(0), 14)
    rule = Hours(Hours.Params(max_per_week=40))
    r = roster(h, {"A": "----DDD" + "DD-----"})  # 27 h + 18 h: across the week boundary
    assert_feasible(solve_fixed(t, h, [rule], r))
    assert of_rule(check(t, h, [rule], r), "hours") == []
    r = roster(h, {"A": "DDDD---" + "DDDDD--"})
    assert_infeasible(solve_fixed(t, h, [rule], r))
    (v,) = of_rule(check(t, h, [rule], r), "hours")
    assert v.date == d(7)


def test_hours_week_running_past_the_end_is_judged_on_planned_days():
    t = team(1)
    h = horizon(t, d(0), 3)
    rule = Hours(Hours.Params(max_per_week=27))
    assert_feasible(solve_fixed(t, h, [rule], roster(h, {"A": "DDD"})))
    assert of_rule(check(t, h, [rule], roster(h, {"A": "DDD"})), "hours") == []

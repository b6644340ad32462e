"""consecutive_days, rest_days and rest_between_shifts: breaking and passing patterns on the model
side (fixed variables) and the checker side, including the History tail across the month
boundary, leave proration and split shifts."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import (
    DAY,
    MONDAY,
    NIGHT,
    SPLIT,
    assert_feasible,
    assert_infeasible,
    check,
    d,
    history,
    horizon,
    of_rule,
    roster,
    solve_fixed,
    team,
)

from roster.domain import MARKED_LEAVE, Leave, Shift, ShiftKind
from roster.rules.assignment import Assignment
from roster.rules.rest_between_shifts import RestBetweenShifts
from roster.rules.rest_days import ConsecutiveDays, RestDays


def judge(t, rule, patterns):
    h = horizon(t)
    r = roster(h, patterns)
    return solve_fixed(t, h, [rule], r), of_rule(check(t, h, [rule], r), rule.name)


def expect(status, found, who, when):
    """``who`` None: the pattern keeps the rule.  Otherwise the one violation names who and when."""
    if who is None:
        assert_feasible(status)
        assert found == []
        return
    assert_infeasible(status)
    assert found, "the checker missed it"
    v = found[0]
    assert v.hard and v.staff_id == who and who in v.message
    if when is not None:
        assert v.date == when
        # the message names the run or pair of dates the date belongs to
        assert when.isoformat() in v.message or v.data.get("from", "") in v.message


# ------------------------------------------------------------------------ consecutive_days
HIST = MONDAY - dt.timedelta(days=2)  # Sat 27 Feb, Sun 28 Feb

CONSECUTIVE_CASES = [
    pytest.param({}, "DDD-DDD", None, None, id="three-rest-three"),
    pytest.param({}, "DDDD---", "A", d(3), id="four-in-a-row"),
    pytest.param({}, "DNDN-DD", "A", d(3), id="mixed-shifts-count"),
    pytest.param({}, "-DDDDDD", "A", d(4), id="six-in-a-row"),
    pytest.param({"A": "DD"}, "DD-----", "A", d(1), id="history-tail-counts"),
    pytest.param({"A": "NN"}, "D------", None, None, id="history-plus-one-is-three"),
    pytest.param({"A": "D-"}, "DDD----", None, None, id="history-rest-resets"),
    pytest.param({"A": "DD"}, "-DDD---", None, None, id="rest-on-first-day"),
]


@pytest.mark.parametrize(("hist", "pattern", "who", "when"), CONSECUTIVE_CASES)
def test_consecutive_days(hist, pattern, who, when):
    t = team(2, history=history(HIST, hist))
    status, found = judge(t, ConsecutiveDays(ConsecutiveDays.Params(max_days=3)), {"A": pattern, "B": "-------"})
    expect(status, found, who, when)
    if who is not None:
        v = found[0]
        assert "at most 3" in v.message and v.data["from"] in v.message and v.data["to"] in v.message


def test_consecutive_days_default_is_six():
    t = team(1)
    rule = ConsecutiveDays()
    assert expect(*judge(t, rule, {"A": "DDDDDD-"}), None, None) is None
    expect(*judge(t, rule, {"A": "DDDDDDD"}), "A", d(6))


def test_consecutive_days_long_history_run_counts_once_into_the_month():
    t = team(1, history=history(MONDAY - dt.timedelta(days=10), {"A": "DDDD------"}))
    expect(*judge(t, ConsecutiveDays(ConsecutiveDays.Params(max_days=3)), {"A": "D------"}), None, None)
    t = team(1, history=history(MONDAY - dt.timedelta(days=5), {"A": "DDDDD"}))
    expect(*judge(t, ConsecutiveDays(ConsecutiveDays.Params(max_days=3)), {"A": "D------"}), "A", d(0))


# ------------------------------------------------------------------------------- rest_days
REST_CASES = [
    pytest.param([], "DDDDD--", None, id="two-rest-days"),
    pytest.param([], "DDDDDD-", "A", id="one-rest-day-too-few"),
    pytest.param([], "DD-----", "A", id="five-rest-days-too-many"),
    pytest.param([], "DDD----", None, id="four-rest-days-max"),
    # leave on 3 of 7 days: min floor(2*4/7)=1, max ceil(4*4/7)=3
    pytest.param([Leave("A", d(0), d(2))], "LLLDDD-", None, id="leave-prorates-min"),
    pytest.param([Leave("A", d(0), d(2))], "LLLDDDD", "A", id="leave-still-needs-one"),
    pytest.param([Leave("A", d(0), d(2))], "LLL----", "A", id="leave-prorates-max"),
    pytest.param([Leave("A", d(0), d(2))], "LLL-D--", None, id="leave-three-rest-ok"),
    pytest.param([Leave("A", d(0), d(6))], "LLLLLLL", None, id="leave-whole-week"),
    # sickness (and leave typed into a finished roster) lowers the minimum, not the cap
    pytest.param([Leave("A", d(0), d(2), "病假")], "LLL----", None, id="sick-leave-keeps-the-cap"),
    pytest.param([Leave("A", d(0), d(2), "Sick leave")], "LLLDDDD", "A", id="sick-leave-prorates-min"),
    pytest.param([Leave("A", d(0), d(2), MARKED_LEAVE)], "LLL----", None, id="marked-leave-keeps-the-cap"),
    pytest.param([Leave("A", d(0), d(2), "年假")], "LLL----", "A", id="annual-leave-prorates-max"),
]


@pytest.mark.parametrize(("leave", "pattern", "who"), REST_CASES)
def test_rest_days(leave, pattern, who):
    t = team(1, leave=leave)
    status, found = judge(t, RestDays(RestDays.Params(min=2, max=4)), {"A": pattern})
    expect(status, found, who, None)


def test_rest_days_leave_is_not_rest_in_the_checker():
    """A leave day written as OFF is still leave (from the Leave sheet), not a rest day."""
    t = team(1, leave=[Leave("A", d(0), d(2))])
    h = horizon(t)
    rule = RestDays(RestDays.Params(min=2, max=3))
    # 3 leave days shown as rest: available 4 days -> max ceil(3*4/7)=2, and the 4 rest marks
    # include 3 leave days, so only 1 rest day counts (min floor(2*4/7)=1)
    r = roster(h, {"A": "---DDD-"})
    assert of_rule(check(t, h, [rule], r), "rest_days") == []
    assert_feasible(solve_fixed(t, h, [rule], r))


def test_rest_days_messages_give_the_numbers():
    t = team(1)
    h = horizon(t)
    rule = RestDays(RestDays.Params(min=2, max=4))
    (v,) = of_rule(check(t, h, [rule], roster(h, {"A": "DDDDDDD"})), "rest_days")
    assert "A has 0 rest days" in v.message and "at least 2" in v.message
    assert v.data == {"rest_days": 0, "min": 2}


def test_rest_days_params_rejects_max_below_min():
    with pytest.raises(ValueError, match="below min"):
        RestDays.Params(min=5, max=3)


# --------------------------------------------------------------------- rest_between_shifts
REST_BETWEEN_CASES = [
    pytest.param({}, "ND-----", "A", d(1), id="night-then-day"),
    pytest.param({}, "N-D----", None, None, id="night-rest-day"),
    pytest.param({}, "DN-----", None, None, id="day-then-night"),
    pytest.param({}, "NN-----", None, None, id="night-then-night"),
    pytest.param({}, "DD-----", None, None, id="day-then-day"),
    pytest.param({}, "SD-----", "A", d(1), id="split-then-day"),  # 23:00 -> 08:30 = 9.5 h
    pytest.param({}, "SN-----", None, None, id="split-then-night"),
    pytest.param({}, "NS-----", "A", d(1), id="night-then-split"),  # 01:00 -> 10:00 = 9 h
    pytest.param({"A": "N"}, "D------", "A", d(0), id="history-night-then-day"),
    pytest.param({"A": "D"}, "D------", None, None, id="history-day-then-day"),
    pytest.param({"A": "-"}, "D------", None, None, id="history-rest"),
]


@pytest.mark.parametrize(("hist", "pattern", "who", "when"), REST_BETWEEN_CASES)
def test_rest_between_shifts(hist, pattern, who, when):
    t = team(1, shifts=(DAY, NIGHT, SPLIT), history=history(MONDAY - dt.timedelta(days=1), hist))
    status, found = judge(t, RestBetweenShifts(), {"A": pattern})
    expect(status, found, who, when)


def test_rest_between_shifts_message_names_both_shifts_and_hours():
    t = team(1)
    h = horizon(t)
    (v,) = of_rule(check(t, h, [RestBetweenShifts()], roster(h, {"A": "-ND----"})), "rest_between_shifts")
    assert v.message == ("A works N on 2027-03-02 then D on 2027-03-03: 7.5 h rest, profile needs 11 h")
    assert v.data["rest_hours"] == 7.5 and v.data["previous_date"] == "2027-03-02"


def test_rest_between_overlapping_shifts_says_they_overlap():
    """A night to 07:30 then an early shift from 07:00 read "-0.5 h rest"; it says the shifts
    overlap by half an hour."""
    late = Shift("Z", "Late night", ((23 * 60, 31 * 60 + 30),), ShiftKind.NIGHT)  # 23:00-07:30
    early = Shift("E", "Early", ((7 * 60, 15 * 60 + 30),), ShiftKind.DAY)  # 07:00-15:30
    t = team(1, shifts=(early, late))
    h = horizon(t)
    (v,) = of_rule(check(t, h, [RestBetweenShifts()], roster(h, {"A": "-ZE----"})), "rest_between_shifts")
    assert v.message == ("A works Z on 2027-03-02 then E on 2027-03-03: the shifts overlap by 0.5 h (no rest), "
                         "profile needs 11 h rest")
    assert v.data["rest_hours"] == -0.5


@pytest.mark.parametrize(("min_hours", "pattern", "breaks"), [
    (16, "DD-----", True),   # 17:30 -> 08:30 = 15 h
    (15, "DD-----", False),
    (7, "ND-----", False),   # 7.5 h
    (8, "ND-----", True),
    (40, "N-D----", True),   # two days apart: 31.5 h
    (31.5, "N-D----", False),
])
def test_rest_between_shifts_min_hours_param(min_hours, pattern, breaks):
    t = team(1)
    status, found = judge(t, RestBetweenShifts(RestBetweenShifts.Params(min_hours=min_hours)), {"A": pattern})
    if breaks:
        assert_infeasible(status)
        assert found
    else:
        assert_feasible(status)
        assert found == []


def test_rest_rules_with_assignment_together():
    """Leave forced off by assignment, rest counted by rest_days: both sides agree."""
    t = team(1, leave=[Leave("A", d(1), d(1))])
    h = horizon(t)
    rules = [Assignment(), RestDays(RestDays.Params(min=1, max=6)), ConsecutiveDays(ConsecutiveDays.Params(max_days=4))]
    r = roster(h, {"A": "DLDDDD-"})
    assert_feasible(solve_fixed(t, h, rules, r))
    assert check(t, h, rules, r).ok

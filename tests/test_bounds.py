"""The counted lower bound (roster.bounds): exact where the cost is all forced over-staffing,
never above what the solver proves optimal, zero where nothing forces over-staffing, and what
generate reports for a roster stitched from parts."""

from __future__ import annotations

import datetime as dt

from conftest import d, demand, horizon, solve_free, staff, team
from hypothesis import given, settings
from hypothesis import strategies as st

from roster.bounds import forced_over_staffing, structural_bound
from roster.domain import IntervalRequirement, Leave
from roster.rules import Assignment, Coverage, RestDays


def rules(most_rest: int, over_weight: int = 1) -> list:
    return [Assignment(), Coverage(Coverage.Params(over_target_weight=over_weight)),
            RestDays(RestDays.Params(min=0, max=most_rest))]


def test_forced_work_beyond_the_targets_is_the_bound_and_the_optimum():
    """4 people, at most 2 rest days in 7, one day shift a day wanted: 4 x 5 = 20 days worked
    against 7 targets, so 13 days over, and the solver proves no roster pays less."""
    t = team(4, demand=[demand("all", "D", 1, 1)])
    h = horizon(t)
    assert forced_over_staffing(t, h, rules(2)) == 13
    assert structural_bound(t, h, rules(2, over_weight=3)) == 39
    status, _, objective = solve_free(t, h, rules(2))
    assert status == "OPTIMAL" and objective == 13


def test_leave_and_generous_rest_force_nothing():
    t = team(4, demand=[demand("all", "D", 1, 2)], leave=[Leave("A", d(0), d(6))])
    h = horizon(t)
    # A on leave all week works nothing; the others must work 7 - 5 = 2 days: 6 < 14 targets
    assert forced_over_staffing(t, h, rules(5)) == 0


def test_no_bound_without_the_rules_that_force_it():
    t = team(4, demand=[demand("all", "D", 1, 1)])
    h = horizon(t)
    assert structural_bound(t, h, [Assignment(), Coverage()]) == 0
    assert structural_bound(t, h, [Assignment(), RestDays(RestDays.Params(min=0, max=0))]) == 0
    assert structural_bound(t, h, rules(0, over_weight=0)) == 0


def test_a_date_judged_by_interval_demand_can_absorb_work_for_free():
    """On a date with interval demand, a shift without Demand rows is not priced by coverage
    (the interval rule judges it): everyone available may work there at no over-staffing cost."""
    t = team(4, demand=[demand("all", "D", 1, 1)])
    h = horizon(t)
    h.interval_requirements.append(IntervalRequirement(d(0), 600, 660, None, 1))
    # 20 days forced; 6 dates x 1 target + 4 people free on the interval date = 10
    assert forced_over_staffing(t, h, rules(2)) == 10


@settings(max_examples=25, deadline=None)
@given(people=st.integers(1, 5), wanted=st.integers(0, 3), most_rest=st.integers(0, 7),
       on_leave=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 6)), max_size=3))
def test_the_bound_never_exceeds_the_proven_optimum(people, wanted, most_rest, on_leave):
    ids = [chr(ord("A") + k) for k in range(people)]
    leave = [Leave(ids[who % people], d(day), d(day)) for who, day in on_leave]
    t = team(staff(ids), demand=[demand("all", "D", 0, wanted), demand("weekend", "N", 0, 1)], leave=leave)
    h = horizon(t)
    status, _, objective = solve_free(t, h, rules(most_rest), seconds=5)
    if status == "OPTIMAL":
        assert structural_bound(t, h, rules(most_rest)) <= objective


def test_generate_reports_the_counted_bound_for_a_stitched_roster(parts_only_plan):
    """Parts only (no solver bound): the bound is the counted one, never above the cost.
    (department_in_parts(whole_model_max=10) at 4 s: the plan conftest shares.)"""
    plan = parts_only_plan
    counted = structural_bound(plan.team, plan.horizon, plan.rules)
    # 12 people x (31 - 10) days against 31 x 6 targets
    assert counted == 12 * 21 - 31 * 6
    assert plan.info.bound == min(counted, plan.info.objective)
    assert dt.date(2027, 3, 1) in plan.horizon.dates


def test_a_solve_that_reaches_the_counted_bound_stops_as_optimal():
    """The model carries the counted bound; a roster that pays it ends the solve as OPTIMAL with
    that bound, whatever CP-SAT had proved by then."""
    from roster.engine import effective_profile
    from roster.model import build_model
    from roster.solve import solve_with_first_roster

    t = team(4, demand=[demand("all", "D", 1, 1)])
    h = horizon(t)
    rm = build_model(t, h, rules(2))
    assert rm.floor == 13
    assert build_model(t, h, rules(2), elastic=True).floor == 0  # best effort: no counted bound
    outcome = solve_with_first_roster(rm, effective_profile(t).solver, time_limit=5)
    assert outcome.status == "OPTIMAL"
    assert outcome.info.objective == outcome.info.bound == 13

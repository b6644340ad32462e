"""Properties on random small teams (hypothesis).

1. Model and checker agree: for a random roster, the model with every assignment fixed is
   feasible exactly when the checker finds no hard violation, and the optimal objective of the
   fixed model equals the checker's recomputed cost.
2. Every roster the solver generates passes the independent checker with no hard violation (and,
   when proven optimal, its cost equals the objective).
"""

from __future__ import annotations

import datetime as dt

from conftest import DAY, MONDAY, NIGHT, SPLIT, check, demand, solve_fixed_cost, solve_free
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from roster.calendar import horizon_for_dates
from roster.domain import LEAVE, REST, Leave, Promotion, Request, Roster, Staff, Team
from roster.rules import CATALOGUE
from roster.rules.handover import Handover
from roster.rules.hours import Hours
from roster.rules.rest_between_shifts import RestBetweenShifts
from roster.rules.rest_days import ConsecutiveDays, RestDays
from roster.rules.rotation import Rotation

SKILLS = ("chat", "phone")


@st.composite
def instances(draw):
    shifts = [DAY, NIGHT] + ([SPLIT] if draw(st.booleans()) else [])
    codes = [s.code for s in shifts]
    count = draw(st.integers(2, 4))
    people = []
    for k in range(count):
        allowed = draw(st.sampled_from([(), ("D",), ("N",), tuple(codes)]))
        skills = tuple(draw(st.sets(st.sampled_from(SKILLS), max_size=2)))
        people.append(Staff(f"P{k}", f"Person {k}", skills=tuple(sorted(skills)), shifts=allowed,
                            lead=draw(st.booleans())))
    start = MONDAY + dt.timedelta(days=draw(st.integers(0, 6)))
    length = draw(st.integers(2, 7))
    dates = [start + dt.timedelta(days=k) for k in range(length)]
    rows = []
    for code in codes:
        for skill in draw(st.sampled_from([[None], ["chat"], ["chat", "phone"], []])):
            low = draw(st.integers(0, 2))
            rows.append(demand(draw(st.sampled_from(["all", "weekday", "weekend"])), code, low,
                               low + draw(st.integers(0, 1)), skill=skill))
    leave = []
    for p in people:
        if draw(st.integers(0, 3)) == 0:
            a = draw(st.integers(0, length - 1))
            b = draw(st.integers(a, length - 1))
            leave.append(Leave(p.id, dates[a], dates[b]))
    history = {}
    for p in people:
        for k in range(1, draw(st.integers(0, 3)) + 1):
            history[p.id, start - dt.timedelta(days=k)] = draw(st.sampled_from([*codes, REST]))
    requests = [
        Request(draw(st.sampled_from(people)).id, draw(st.sampled_from(dates)),
                draw(st.sampled_from([*codes, REST])), draw(st.booleans()), draw(st.integers(1, 3)))
        for _ in range(draw(st.integers(0, 3)))
    ]
    promotions = []
    if draw(st.booleans()):
        a = draw(st.integers(0, length - 1))
        promotions.append(Promotion("Sale", dates[a], dates[min(length - 1, a + 1)],
                                    multiplier=draw(st.sampled_from([1.0, 1.5])), freeze_leave=draw(st.booleans())))
    team = Team(people, shifts, rows, leave, requests, promotions, holidays=[], history=history)
    rules = []
    for rule in CATALOGUE:
        if rule is ConsecutiveDays:
            rules.append(rule(rule.Params(max_days=draw(st.integers(2, 6)))))
        elif rule is RestDays:
            low = draw(st.integers(0, 2))
            rules.append(rule(rule.Params(min=low, max=low + draw(st.integers(0, 5)))))
        elif rule is RestBetweenShifts:
            rules.append(rule(rule.Params(min_hours=draw(st.sampled_from([8, 11, 16])))))
        elif rule is Rotation:
            rules.append(rule(rule.Params(change_over_days=draw(st.sampled_from([[5, 6], [0], []])),
                                          min_stretch=draw(st.integers(0, 3)))))
        elif rule is Handover:
            rules.append(rule(rule.Params(min_outgoing=draw(st.integers(0, 1)), min_incoming=draw(st.integers(0, 1)),
                                          night_to_day=draw(st.booleans()), lead_per_shift=draw(st.booleans()))))
        elif rule is Hours:
            rules.append(rule(rule.Params(max_per_week=draw(st.sampled_from([24, 40, 54])))))
        else:
            rules.append(rule())
    return team, horizon_for_dates(team, dates), rules


@st.composite
def instance_and_roster(draw):
    team, horizon, rules = draw(instances())
    codes = [s.code for s in team.shifts]
    # Mostly rosters that keep the assignment rule, so that the other rules are judged on
    # rosters the model could have made; sometimes anything goes.
    lawful = draw(st.integers(0, 4)) > 0
    cells = {}
    for p in team.staff:
        for date in horizon.dates:
            allowed = [c for c in codes if p.may_work(c)] if lawful else codes
            if team.on_leave(p.id, date):
                choices = [LEAVE, REST] + ([] if lawful else codes)
            else:
                choices = [*allowed, REST, REST]
            cells[p.id, date] = draw(st.sampled_from(choices))
    return team, horizon, rules, Roster(list(horizon.dates), cells)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance_and_roster())
def test_model_and_checker_agree_on_random_rosters(case):
    """Rule by rule (a random roster usually breaks several rules at once, which would hide a
    disagreement in one of them), then the whole catalogue."""
    team, horizon, rules, roster = case
    assignment = rules[0]
    assert assignment.name == "assignment"
    # each rule together with assignment (the others count on it: no work on leave days)
    for rule in [*([assignment, r] for r in rules[1:]), rules]:
        result = check(team, horizon, rule, roster)
        status, objective = solve_fixed_cost(team, horizon, rule, roster, seconds=10)
        names = "/".join(r.name for r in rule)
        assert status in ("OPTIMAL", "INFEASIBLE"), (names, status)
        hard = sorted({(v.rule, v.message) for v in result.hard})
        if len(rule) == 2:
            event(f"{names}: {status}")
        assert (status == "OPTIMAL") == result.ok, f"{names}: model says {status}, checker says {hard}"
        if status == "OPTIMAL":
            assert result.total_cost == round(objective), (names, result.cost_by_rule, objective)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_generated_roster_passes_the_checker(case):
    team, horizon, rules = case
    status, roster, objective = solve_free(team, horizon, rules, seconds=5)
    assert status != "MODEL_INVALID"
    event(f"free solve {status}")
    if roster is None:
        return
    result = check(team, horizon, rules, roster)
    assert result.ok, [v.message for v in result.hard]
    if status == "OPTIMAL":
        assert result.total_cost == round(objective), (result.cost_by_rule, objective)

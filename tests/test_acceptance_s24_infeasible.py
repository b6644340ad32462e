"""Acceptance (s24): the counted floor on the shortfall of a month that cannot be staffed.

The diagnosis of an infeasible month runs several CP-SAT solves: the least shortfall, then one
per rule the deletion test drops.  Where the shortfall is forced by capacity alone (people per
date, or what the able people can work over the month), CP-SAT cannot prove it and each solve
ran to its limit: 40-50 s for ``--time-limit 10``, ending in "not proven the least".  The floor
(roster.bounds.shortfall_floor, roster.explain._Floor) is counted before solving; a solve stops,
proven, when it reaches it, and a relaxed rule whose floor is no lower is not solved at all.  A
floor above the true minimum would stop a solve too early and publish a wrong figure, so it is
checked against solves proven optimal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from conftest import demand, record_calls, staff, team

import roster.explain
from roster import i18n
from roster.bounds import coverable, day_shortfalls, shortfall_floor
from roster.calendar import build_horizon
from roster.domain import Promotion, Requirement
from roster.engine import effective_profile, generate
from roster.errors import InfeasibleError
from roster.rules import build_rules
from roster.rules.coverage import ELASTIC_WEIGHT

DAY = dt.date(2027, 3, 1)


def _profile(t):
    prof = effective_profile(t)
    prof.solver = prof.solver.model_copy(update={"workers": 2})
    return prof


def _reasons(t, lang: str = "en") -> list[str]:
    """The reasons ``generate`` gives for ``t`` in March 2027 (which must be infeasible)."""
    i18n.set_language(lang)
    try:
        with pytest.raises(InfeasibleError) as info:
            generate(t, 2027, 3, _profile(t), time_limit=2)
    finally:
        i18n.set_language("en")
    return info.value.reasons


def test_a_person_fills_one_row_a_day_so_skills_can_leave_a_day_short_that_head_counts_pass():
    """Rows phone 1 and chat 1; A has both skills, B none.  Each row has one able person and the
    day two people for two places, so neither head count sees it; only one row can be filled."""
    people = staff(["A", "B"], A={"skills": ("phone", "chat")})
    rows = [Requirement(DAY, "D", "phone", 1, 1), Requirement(DAY, "D", "chat", 1, 1)]
    assert coverable(people, rows) == 1
    assert day_shortfalls(team(people), rows) == {DAY: 1}
    # An augmenting path moves A from phone to chat when B can take phone: both filled.
    both = staff(["A", "B"], A={"skills": ("phone", "chat")}, B={"skills": ("phone",)})
    assert coverable(both, rows) == 2 and day_shortfalls(team(both), rows) == {}


def test_disjoint_deficits_add_up_and_overlapping_ones_do_not():
    """Two weeks short by 3 and 2 lack 5 together; a month group (every row) short by 4
    overlaps them, so the bound is 5, not 9."""
    t = team(3, demand=[demand("all", "D", 1)])
    h = build_horizon(t, 2027, 3)
    keys = [(r.date, r.shift, r.skill) for r in h.requirements]
    week1 = frozenset(k for k in keys if k[0] < dt.date(2027, 3, 8))
    week2 = frozenset(k for k in keys if dt.date(2027, 3, 8) <= k[0] < dt.date(2027, 3, 15))
    assert shortfall_floor(t, h, deficits=[(week1, 3), (week2, 2), (frozenset(keys), 4)]) == 5


@pytest.mark.parametrize(("people", "rows", "overrides"), [
    # two night-able agents for two nights a night: 62 nights, at most 27 each
    (staff(["A", "B", "C", "D"], C={"shifts": ("D",)}, D={"shifts": ("D",)}), [("D", 1, None), ("N", 2, None)], []),
    # one person with both skills for a phone and a chat place every day
    (staff(["A", "B", "C"], A={"skills": ("phone", "chat")}, B={"skills": ("phone",)}),
     [("D", 1, "phone"), ("D", 1, "chat"), ("N", 1, None)], []),
    # two shifts a week under a 20-hour week, week by week (the first week has two days)
    (3, [("D", 2, None)], [("hours.max_per_week", 20, 2), ("rest_days.max", 31, 3)]),
])
def test_the_floor_never_exceeds_the_least_shortfall_proven_by_cp_sat(people, rows, overrides):
    """Each month here lacks people by capacity alone, and the floor finds all of it: equal to
    CP-SAT's proven optimum, never above it (a random sweep of 3-5 people, skills, allowed
    shifts, leave, rest-day, hours and days-in-a-row limits found it below or equal every time)."""
    t = replace(team(people, demand=[demand("all", shift, n, skill=skill) for shift, n, skill in rows]),
                rule_overrides=overrides)
    prof = _profile(t)
    h = build_horizon(t, 2027, 3)
    rules = build_rules(prof)
    floor = roster.explain._Floor(t, h, rules, None).base
    least = roster.explain._solve(t, h, rules, prof.solver, 10, elastic=True, shortfall_only=True)
    assert least.status == "OPTIMAL", least.info  # without the floor: CP-SAT's own proof
    assert 0 < floor * ELASTIC_WEIGHT == least.info.objective, (floor, least.info.objective)


def test_a_month_short_by_capacity_is_proven_and_rules_that_cannot_help_are_not_solved(monkeypatch):
    """Two night-able agents for two nights a night: 8 nights short whatever the rules but the
    rest days.  The least shortfall is proven (no "not proven" line) and the deletion test
    solves only the relaxations whose floor is lower (dropping the rest days, the days in a
    row or the rest between shifts may free nights; dropping handover or rotation may not)."""
    people = staff(["A", "B", "C", "D"], C={"shifts": ("D",)}, D={"shifts": ("D",)})
    t = team(people, demand=[demand("all", "D", 1), demand("all", "N", 2)])
    calls = record_calls(monkeypatch, roster.explain, "_solve")
    reasons = _reasons(t)
    text = "\n".join(reasons)
    assert "N (anyone), over the month: the minimums add up to 62 shifts" in text, text
    assert "add 8 person-shift(s)" in text and "not proven" not in text, text
    relief = [c for c in calls if c.get("hint") is not None and c.get("cap") is None]
    assert len(relief) < len(roster.explain.RELAXABLE) - 1, relief
    assert all(c.get("floor", 0) > 0 for c in calls if c.get("shortfall_only")), calls


def test_dates_short_by_head_count_do_not_hide_the_month_the_able_cannot_carry():
    """Two phone agents, two phone places every night, three of them on the promotion's nights.
    The three nights were the only reason given: a manager who fixed them was refused again,
    since two people give at most 54 nights of 65.  Both are named now, the promotion's own
    total (the same three nights again) is not."""
    people = staff(["A", "B", "C", "D", "E", "F"], A={"skills": ("phone",)}, B={"skills": ("phone",)})
    promo = Promotion("Spring sale", dt.date(2027, 3, 10), dt.date(2027, 3, 12), 1.5, False)
    t = team(people, demand=[demand("all", "N", 2, skill="phone"), demand("all", "D", 1)], promotions=[promo])
    reasons = _reasons(t)
    text = "\n".join(reasons)
    assert "2027-03-10 N (phone): needs 3, but only 2 people can work it" in text, text
    assert "N (phone), over the month: the minimums add up to 65 shifts on 31 day(s)" in text, text
    assert "during Spring sale" not in text, text


def test_a_date_nobody_can_staff_skips_the_solve_that_would_only_prove_it(monkeypatch):
    """A date whose minimums exceed the people able to fill them (a matching, counted) has no
    roster: generate goes straight to the diagnosis instead of spending the solve's time
    proving infeasibility first (19 s of a 45 s limit on a month short of people)."""
    import roster.engine

    t = team(2, demand=[demand("all", "D", 2), demand("2027-03-03", "N", 1)])

    def no_solve(*args, **kwargs):
        raise AssertionError("the whole-model solve ran")

    monkeypatch.setattr(roster.engine, "_first_roster_in_parts", no_solve)
    with pytest.raises(InfeasibleError) as caught:
        generate(t, 2027, 3, _profile(t), time_limit=2)
    assert any("2027-03-03" in reason for reason in caught.value.reasons), caught.value.reasons

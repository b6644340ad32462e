"""roster.polish: same-date swaps between interchangeable people lower a roster's cost, keep
every hard rule, never pair people the day rules could tell apart, and repeat exactly."""

from __future__ import annotations

import re

from conftest import (
    check,
    d,
    demand,
    department_in_parts,
    exchange_rules,
    horizon,
    roster,
    shared_nights,
    staff,
    team,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from roster.domain import REST, Request
from roster.polish import Polisher, polish, swap_class
from roster.rules import Assignment, ConsecutiveDays, Coverage, Requests
from roster.rules.fairness import Fairness


def rules() -> list:
    return exchange_rules()


def nights_team(**by_id):
    people = staff(["A", "B"], **by_id)
    return team(people, demand=[demand("all", "N", 1, 1), demand("all", "D", 1, 1)])


def test_swap_class_is_what_the_day_rules_see():
    a, b, c, e = staff(["A", "B", "C", "E"], C={"skills": ("pre",)}, E={"lead": True})
    assert swap_class(a) == swap_class(b)
    assert swap_class(a) != swap_class(c)
    assert swap_class(a) != swap_class(e)


def test_nights_move_from_the_person_above_the_fair_share_to_the_one_below():
    """A works every night and B every day: the polish evens them out, coverage unchanged."""
    t = nights_team()
    h = horizon(t, count=6)
    r = roster(h, {"A": "NNNNNN", "B": "DDDDDD"})
    free = [Assignment(), Coverage(), ConsecutiveDays(ConsecutiveDays.Params(max_days=6)),
            Fairness(Fairness.Params(tolerance_days=0))]
    before = check(t, h, free, r)
    assert before.ok and before.cost_by_rule["fairness.nights"][0] > 0
    result = polish(t, h, free, r, max_tries=200)
    after = check(t, h, free, result.roster)
    assert after.ok, after.hard
    assert result.swaps > 0
    assert result.cost_before == before.total_cost
    assert result.cost_after == after.total_cost < before.total_cost
    for date in h.dates:  # each date still has one night and one day
        assert sorted(result.roster.get(p, date) for p in "AB") == ["D", "N"]
    assert r.get("A", d(0)) == "N"  # the roster given is not changed


def test_people_the_day_rules_can_tell_apart_are_never_swapped():
    """B alone has the skill the day shift needs: swapping would break coverage, so nothing moves."""
    t = team(staff(["A", "B"], B={"skills": ("pre",)}),
             demand=[demand("all", "N", 1, 1), demand("all", "D", 1, 1, skill="pre")])
    h = horizon(t)
    r = roster(h, {"A": "NNNNNNN", "B": "DDDDDDD"})
    result = polish(t, h, rules(), r, max_tries=500)
    assert result.swaps == 0 and result.roster is r


def test_a_swap_that_breaks_a_hard_rule_is_refused():
    """Swapping one night in the middle leaves a night followed by a day: rest too short."""
    t = nights_team()
    h = horizon(t, count=5)
    r = roster(h, {"A": "NNNNN", "B": "DDDDD"})
    polisher = Polisher(t, h, rules(), r)
    assert not polisher.try_swap("A", "B", [d(2)])  # A: N N D N ... breaks the rest between shifts
    assert polisher.swaps == 0 and polisher.people["A"].cells[d(2)] == "N"


def test_a_wish_is_granted_by_a_swap():
    t = nights_team()
    t.requests.append(Request("A", d(3), "N", want=False, weight=3))
    h = horizon(t)
    r = roster(h, {"A": "DDDNNNN", "B": "NNNDDDD"})
    plain = [Assignment(), Coverage(), Requests()]
    before = check(t, h, plain, r)
    assert before.total_cost > 0
    result = polish(t, h, plain, r, max_tries=200)
    assert result.cost_after == check(t, h, plain, result.roster).total_cost == 0
    assert result.roster.get("A", d(3)) != "N"


def test_a_roster_that_breaks_a_hard_rule_is_returned_as_it_is():
    t = nights_team()
    h = horizon(t)
    r = roster(h, {"A": "NNNNNNN", "B": "-------"})  # no day shift: coverage broken
    result = polish(t, h, rules(), r, max_tries=100)
    assert result.roster is r and result.tries == 0


def test_the_same_roster_and_budget_give_the_same_result():
    people = staff([f"P{k}" for k in range(6)])
    t = team(people, demand=[demand("all", "N", 2, 2), demand("all", "D", 2, 3)])
    h = horizon(t, count=14)
    r = roster(h, {"P0": "NNN-NNN-NNN-NN", "P1": "NNN-NNN-NNN-NN", "P2": "DDD-DDD-DDD-DD",
                   "P3": "DDD-DDD-DDD-DD", "P4": "---D---D---D--", "P5": "-DDD-DDD-DDD-D"})
    first = polish(t, h, rules(), r, max_tries=300)
    second = polish(t, h, rules(), r, max_tries=300)
    assert first.roster.cells == second.roster.cells
    assert (first.swaps, first.tries) == (second.swaps, second.tries)
    assert first.tries <= 300


@settings(max_examples=20, deadline=None)
@given(nights=st.lists(st.integers(0, 3), min_size=7, max_size=7), wish_day=st.integers(0, 6),
       lead=st.booleans())
def test_polish_never_raises_the_cost_and_its_count_is_the_checkers(nights, wish_day, lead):
    """From any valid roster of four people (two nights and two days a date, shared among them
    in a random way), the polish keeps every hard rule and its own cost is the checker's."""
    t, h, r = shared_nights(nights, wish_day, lead)
    plain = [Assignment(), Coverage(), Fairness(Fairness.Params(tolerance_days=0)), Requests()]
    before = check(t, h, plain, r)
    assert before.ok
    result = polish(t, h, plain, r, max_tries=150)
    after = check(t, h, plain, result.roster)
    assert after.ok
    assert result.cost_after == after.total_cost <= before.total_cost
    polisher = Polisher(t, h, plain, r)  # its running count of the gains is the checker's
    polisher.run(150)
    polished = polisher.roster
    assert check(t, h, plain, polished).total_cost == before.total_cost + polisher.gained


def test_generate_polishes_a_stitched_roster_and_reports_it(parts_only_plan):
    """Parts only: the stitched roster is polished, the note gives both costs, the reported
    objective is the checker's cost of the roster written, and a second run is identical.

    The first run is the shared ``parts_only_plan`` (the same team, profile and limit); the
    second is made here from a team and profile built anew, and only it is changed after."""
    from roster.engine import generate

    plan = parts_only_plan
    assert plan.check.ok
    assert plan.info.objective == plan.check.total_cost
    polished = [n for n in plan.notes if n.startswith("Polished:")]
    assert polished, plan.notes
    before, after = map(float, re.search(r"from ([\d.]+) to ([\d.]+)", polished[0]).groups())
    assert before > after >= plan.check.total_cost  # refining may come after the polish
    t, prof = department_in_parts(whole_model_max=10)
    again = generate(t, 2027, 3, prof, time_limit=4)
    assert again.roster.cells == plan.roster.cells


def test_polish_tries_zero_turns_the_polish_off():
    """generate's polish step reads ``solver.polish_tries`` (tries per second of the limit): a
    roster the polish improves (A's wish granted by a move) is kept as it is at 0, no note."""
    from roster.engine import _polished, effective_profile

    t = team(staff(["A", "B"]), demand=[demand("all", "D", 1, 1)])
    t.requests.append(Request("A", d(1), REST, want=True, weight=2))
    h = horizon(t)
    r = roster(h, {"A": "DD-----", "B": "-DDDDDD"})
    plain = [Assignment(), Coverage(), Requests()]
    prof = effective_profile(t)
    notes: list[str] = []
    improved, _ = _polished(t, h, plain, r, prof, 2, notes)
    assert improved.cells != r.cells and [n for n in notes if n.startswith("Polished:")]
    prof.solver = prof.solver.model_copy(update={"polish_tries": 0})
    notes = []
    kept, _ = _polished(t, h, plain, r, prof, 2, notes)
    assert kept.cells == r.cells and notes == []


def test_a_move_of_ones_own_work_to_another_date_grants_a_wish():
    """A works the 2nd and wishes it off; B also works it, so A's day can move to a date nobody
    else needs A on: the head counts shift, coverage still holds, and the wish is granted."""
    t = team(staff(["A", "B"]), demand=[demand("all", "D", 1, 1)])
    t.requests.append(Request("A", d(1), REST, want=True, weight=2))
    h = horizon(t)
    r = roster(h, {"A": "DD-----", "B": "-DDDDDD"})
    plain = [Assignment(), Coverage(), Requests()]
    before = check(t, h, plain, r)
    assert before.ok and before.cost_by_rule["requests"][0] > 0
    polisher = Polisher(t, h, plain, r)
    polisher.run(50)
    assert polisher.moves >= 1
    after = check(t, h, plain, polisher.roster)
    assert after.ok, after.hard
    assert after.total_cost == before.total_cost + polisher.gained < before.total_cost
    assert polisher.people["A"].cells[d(1)] == REST


def test_a_move_that_leaves_a_date_uncovered_is_refused():
    t = team(staff(["A", "B"]), demand=[demand("all", "D", 1, 1)])
    t.requests.append(Request("A", d(0), REST, want=True, weight=2))
    h = horizon(t)
    r = roster(h, {"A": "D------", "B": "-DDDDDD"})  # only A works the 1st
    plain = [Assignment(), Coverage(), Requests()]
    polisher = Polisher(t, h, plain, r)
    assert not polisher.try_move("A", d(0), d(1))
    assert polisher.moves == 0 and polisher.people["A"].cells[d(0)] == "D"

"""roster.refine: re-planning a few people with the rest fixed lowers a roster's
cost, keeps every hard rule and every date's shifts, never touches leave or people the day rules
can tell apart, judges fairness at the department's shares, and repeats exactly."""

from __future__ import annotations

from collections import Counter

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

from roster.domain import LEAVE, REST, Leave, PeerDuty
from roster.engine import generate
from roster.refine import peer_duty, refine
from roster.rules import Assignment, Coverage, Requests
from roster.rules.base import CheckContext
from roster.rules.fairness import Fairness


def rules() -> list:
    return exchange_rules(working_days_weight=0, requests=False)


def four_people(**by_id):
    """Four people, one night and two days wanted every day of a week."""
    return team(staff(["A", "B", "C", "E"], **by_id), demand=[demand("all", "N", 1, 1), demand("all", "D", 2, 2)])


#: A valid week for four_people: A on six nights, one rest a day, nobody more than three days running.
WEEK = {"A": "NNNNNN-", "B": "-DDD-DN", "C": "D-DDD-D", "E": "DD--DDD"}


def shifts_by_date(h, r, people="ABCE"):
    return {date: Counter(r.get(p, date) for p in people) for date in h.dates}


def test_nights_are_shared_out_and_every_date_keeps_its_shifts():
    """A works six nights of seven: one re-plan of all four spreads them, coverage unchanged."""
    t = four_people()
    h = horizon(t)
    r = roster(h, WEEK)
    before = check(t, h, rules(), r)
    assert before.ok and before.cost_by_rule["fairness.nights"][0] > 0
    result = refine(t, h, rules(), r, budget=2.0, seed=0)
    after = check(t, h, rules(), result.roster)
    assert after.ok, [v.message for v in after.hard]
    assert result.kept > 0 and result.cost_before == before.total_cost
    assert result.cost_after == after.total_cost < before.total_cost
    assert after.cost_by_rule["fairness.nights"][0] < before.cost_by_rule["fairness.nights"][0]
    assert shifts_by_date(h, result.roster) == shifts_by_date(h, r)
    assert r.get("A", d(0)) == "N"  # the roster given is not changed


def test_nights_move_across_skills_where_the_demand_allows():
    """A alone has two skills, so no one shares A's class, and the nights are anyone's to work:
    neighbourhoods across the family of classes move them, coverage unchanged."""
    t = four_people(A={"skills": ("pre", "after")}, B={"skills": ("after",)}, C={"skills": ("after",)},
                    E={"skills": ("after",)})
    h = horizon(t)
    r = roster(h, WEEK)
    before = check(t, h, rules(), r)
    result = refine(t, h, rules(), r, budget=2.0, seed=0)
    after = check(t, h, rules(), result.roster)
    assert after.ok, [v.message for v in after.hard]
    assert after.cost_by_rule["fairness.nights"][0] < before.cost_by_rule["fairness.nights"][0]
    assert result.cost_after == after.total_cost
    assert shifts_by_date(h, result.roster) == shifts_by_date(h, r)


def test_people_the_day_rules_can_tell_apart_are_never_exchanged():
    """Only A has the skill the night needs: A's nights stay A's, however unfair.  A is in the
    others' family, so neighbourhoods across skills include A; the demand rows A fills (_slots)
    keep A there."""
    t = team(staff(["A", "B", "C", "E"], A={"skills": ("night",)}),
             demand=[demand("all", "N", 1, 1, skill="night"), demand("all", "D", 2, 2)])
    h = horizon(t, count=6)
    r = roster(h, {"A": "NNNNNN", "B": "DDDDDD", "C": "DDD-DD", "E": "---D--"})
    assert check(t, h, rules(), r).ok
    result = refine(t, h, rules(), r, budget=2.0, seed=0)
    after = check(t, h, rules(), result.roster)
    assert after.ok
    assert [result.roster.get("A", date) for date in h.dates] == ["N"] * 6


def test_leave_stays_where_it_is():
    t = four_people()
    t.leave = [Leave("B", d(0), d(0))]
    h = horizon(t)
    r = roster(h, {**WEEK, "B": "LDDD-DN"})
    assert check(t, h, rules(), r).ok
    result = refine(t, h, rules(), r, budget=2.0, seed=0)
    assert result.cost_after < result.cost_before
    assert result.roster.get("B", d(0)) == LEAVE
    assert check(t, h, rules(), result.roster).ok


def test_the_same_roster_seed_and_budget_give_the_same_result():
    t = four_people()
    h = horizon(t)
    r = roster(h, WEEK)
    first = refine(t, h, rules(), r, budget=1.0, seed=3, workers=2)
    second = refine(t, h, rules(), r, budget=1.0, seed=3, workers=2)
    assert first.roster.cells == second.roster.cells and first.cost_after == second.cost_after


def test_a_roster_that_breaks_a_hard_rule_is_returned_as_it_is():
    t = four_people()
    h = horizon(t)
    r = roster(h, {"A": "NNNNNN-", "B": "-------", "C": "-------", "E": "-------"})  # days uncovered
    result = refine(t, h, rules(), r, budget=1.0, seed=0)
    assert result.roster is r and result.tried == 0


def test_peer_duty_sums_the_people_outside_the_neighbourhood():
    t = four_people(E={"shifts": ("D",)})  # E is not comparable with A, B, C
    h = horizon(t)
    r = roster(h, WEEK)
    fairness = Fairness()
    ctx = CheckContext(t, h, r)
    summaries = {p.id: fairness.summarize(ctx, p.id) for p in t.staff}
    peers = peer_duty(t, fairness, summaries, {"A", "B"})
    # C, outside: 7 days available (none of them a holiday), 5 worked, none of them nights, one
    # on a weekend
    assert peers == {("D", "N"): PeerDuty(7, {"nights": 0, "weekends": 1, "holidays": 0, "working_days": 5},
                                          {"nights": 7, "weekends": 7, "holidays": 0, "working_days": 7})}
    assert peer_duty(t, None, None, {"A"}) == {}


def test_a_department_solved_in_parts_only_is_refined_and_checked():
    t, prof = department_in_parts(whole_model_max=10, refine_share=0.5)
    plan = generate(t, 2027, 3, prof, time_limit=2)
    assert plan.check.ok
    assert plan.info.objective == plan.check.total_cost
    assert any(note.startswith("Refined") for note in plan.notes)


def test_no_refining_when_the_limit_is_short_for_the_department(monkeypatch):
    """Below REFINE_SECONDS_PER_PERSON the parts and the polish need the whole limit."""
    import roster.engine as engine
    from roster.profile import load_profile

    t = four_people()
    h = horizon(t)
    r = roster(h, WEEK)
    checked = check(t, h, rules(), r)
    profile = load_profile(None)
    for limit, refined in ((0.5, False), (1.0, True)):  # 4 people at 0.15 s: 0.6 s at least
        notes: list[str] = []
        after, result = engine._refined(t, h, rules(), r, checked, profile, limit, 0, notes)
        assert (after is not r) == refined and bool(notes) == refined
        assert result.ok


@settings(max_examples=15, deadline=None)
@given(nights=st.lists(st.integers(0, 3), min_size=7, max_size=7), wish_day=st.integers(0, 6),
       lead=st.booleans(), seed=st.integers(0, 5))
def test_refine_never_raises_the_cost_and_keeps_every_date(nights, wish_day, lead, seed):
    """From any valid roster of four people (two nights and two days a date, shared among them
    in a random way), refining keeps every hard rule and every date's shifts, and the cost it
    reports is the checker's."""
    t, h, r = shared_nights(nights, wish_day, lead)
    plain = [Assignment(), Coverage(), Fairness(Fairness.Params(tolerance_days=0)), Requests()]
    before = check(t, h, plain, r)
    assert before.ok
    result = refine(t, h, plain, r, budget=0.5, seed=seed)
    after = check(t, h, plain, result.roster)
    assert after.ok
    assert result.cost_before == before.total_cost
    assert result.cost_after == after.total_cost <= before.total_cost
    assert shifts_by_date(h, result.roster) == shifts_by_date(h, r)


def test_an_exchange_across_skills_that_breaks_coverage_is_refused():
    """The polish's verdicts judge the day rules when the people differ in skills."""
    from roster.polish import Polisher

    t = team(staff(["A", "B", "C", "E"], A={"skills": ("night",)}),
             demand=[demand("all", "N", 1, 1, skill="night"), demand("all", "D", 2, 2)])
    h = horizon(t, count=6)
    r = roster(h, {"A": "NNNNNN", "B": "DDDDDD", "C": "DDD-DD", "E": "---D--"})
    # E takes A's first night: fairer, and no person rule breaks, but nobody on it has the skill
    first = d(0)
    swapped = {"A": {day: ("N" if day != first else REST) for day in h.dates}, "E": {first: "N", d(3): "D"}}
    polisher = Polisher(t, h, rules(), r)
    assert not polisher.try_exchange(swapped, same_class=False)
    assert polisher.people["A"].cells[d(0)] == "N" and polisher.tries == 1
    trusting = Polisher(t, h, rules(), r)  # told the day rules cannot change, it would take it
    assert trusting.try_exchange(swapped, same_class=True)

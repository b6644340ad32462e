"""Solving a large department in parts: the staff split, the demand split (shares add up to every
minimum and never exceed who can fill them), and a generate that goes through the parts and
still yields a roster the whole catalogue accepts."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import demand, department_in_parts, horizon, staff, team
from hypothesis import given
from hypothesis import strategies as st

from roster.decompose import MIN_AIM_SECONDS, _shares, part_budget, split_demand, split_staff
from roster.domain import Leave, Staff
from roster.engine import effective_profile, generate
from roster.rules import build_rules


@given(st.integers(0, 40), st.lists(st.integers(0, 12), min_size=1, max_size=8))
def test_shares_add_up_within_capacity(amount, capacity):
    shares = _shares(amount, capacity)
    assert all(0 <= s <= c for s, c in zip(shares, capacity, strict=True))
    assert sum(shares) == min(amount, sum(capacity))


def test_shares_are_proportional():
    assert _shares(10, [10, 10]) == [5, 5]
    assert _shares(3, [20, 10]) == [2, 1]
    assert _shares(5, [1, 10]) == [0, 5]  # largest remainders
    assert _shares(5, [1, 2]) == [1, 2]  # never more than a part has


def test_split_staff_uses_teams_or_balanced_chunks():
    people = [Staff(f"P{k}", f"P{k}", team=f"T{k % 3}", skills=("chat",) if k % 2 else ("phone",))
              for k in range(30)]
    by_team = split_staff(people, part_size=10)
    assert sorted(len(p) for p in by_team) == [10, 10, 10]
    assert all(len({p.team for p in part}) == 1 for part in by_team)
    no_teams = [Staff(p.id, p.name, skills=p.skills) for p in people]
    chunks = split_staff(no_teams, part_size=10)
    assert len(chunks) == 3 and sum(map(len, chunks)) == 30
    for part in chunks:  # every chunk has both skills
        assert {s for p in part for s in p.skills} == {"chat", "phone"}
    assert split_staff(people[:8], part_size=10) == [people[:8]]


def test_split_demand_shares_every_minimum_by_who_can_fill_it():
    people = staff([f"P{k}" for k in range(8)], **{f"P{k}": {"skills": ("vip",)} for k in range(2)})
    t = team(people, demand=[demand("all", "D", 4, 5), demand("all", "N", 1, 1, skill="vip")],
             leave=[Leave("P0", dt.date(2027, 3, 3), dt.date(2027, 3, 3))])
    h = horizon(t)
    parts = split_demand(t, h, [people[:4], people[4:]])
    for req in h.requirements:
        got = [r for part in parts for r in part.requirements
               if (r.date, r.shift, r.skill) == (req.date, req.shift, req.skill)]
        assert sum(r.min for r in got) == req.min
        assert all(r.target >= r.min for r in got)
    # the VIP night goes to the part that has the VIP people (P0, P1), also on P0's leave day
    vip = [r for r in parts[1].requirements if r.skill == "vip"]
    assert not vip


@pytest.mark.parametrize("size", [12])
def test_generate_in_parts_is_checked_and_valid(size):
    """Parts first, then the whole model from their stitched roster: valid and complete.  The
    parts take their minimum budget (decompose.MIN_PART_SECONDS) whatever the limit; at two
    seconds the whole model still rebuilds the roster from them (four only cost more time)."""
    t, prof = department_in_parts(size, workers=2)
    plan = generate(t, 2027, 3, prof, time_limit=2)
    assert any("2 parts" in note for note in plan.notes)
    assert plan.check.ok, [v.message for v in plan.check.hard]
    assert len(plan.roster.cells) == size * 31
    rules = build_rules(prof)
    assert {r.name for r in rules} >= {"coverage", "handover"}


def test_generate_in_parts_only_when_too_large_for_one_model(parts_only_plan):
    """department_in_parts(whole_model_max=10) at 4 s (the plan conftest shares)."""
    plan = parts_only_plan
    assert plan.check.ok
    assert plan.info.objective == plan.check.total_cost
    assert plan.info.bound is not None and plan.info.bound <= plan.info.objective  # counted (roster.bounds)
    assert any("whole_model_max" in note for note in plan.notes)


def test_stitched_roster_is_kept_when_the_whole_model_runs_out_of_time():
    """A limit too short for the whole model to rebuild the hinted roster: the stitched roster is
    still a valid answer (never 'no roster found' after the parts found one)."""
    t, prof = department_in_parts()
    plan = generate(t, 2027, 3, prof, time_limit=0.05)
    assert plan.check.ok
    assert plan.info.objective == plan.check.total_cost
    assert any("parts" in note for note in plan.notes)


def test_remainders_go_round_the_parts_day_by_day():
    """34 parts, 70 nights: two extra nights a day must not land on the same parts every day."""
    capacity = [30] * 34
    extra = [0] * 34
    for day in range(34):
        shares = _shares(70, capacity, turn=day)
        assert sum(shares) == 70
        for k, s in enumerate(shares):
            extra[k] += s - 2
    assert max(extra) - min(extra) <= 1


def test_first_roster_phase_keeps_a_hinted_model_valid(monkeypatch):
    """The stitched parts arrive as a hint; the first-roster phase replaces it with the priced
    full hint and must not leave the same variable hinted twice (CP-SAT rejects that model)."""
    from conftest import roster as make_roster

    from roster.model import build_model
    from roster.solve import solve_with_first_roster

    t = team(6, demand=[demand("all", "D", 1), demand("all", "N", 1)])
    h = horizon(t)
    start = make_roster(h, {"A": "DDDDD--", "B": "NNNNN--", "C": "--DDDDD", "D": "--NNNNN",
                            "E": "-------", "F": "-------"})
    rm = build_model(t, h, build_rules(effective_profile(t)), hint=start)
    import roster.solve as solve_module

    statuses = []
    real = solve_module.solve_model

    def recording(model, *args, **kwargs):
        statuses.append(model.model.validate() or "valid")
        return real(model, *args, **kwargs)

    monkeypatch.setattr(solve_module, "solve_model", recording)
    outcome = solve_with_first_roster(rm, effective_profile(t).solver, time_limit=2)
    assert outcome.roster is not None
    # first roster, pricing of it and of the ideal roster (when one was found), optimising solve
    assert len(statuses) >= 3 and set(statuses) == {"valid"}, statuses


def test_parts_aim_for_an_ideal_roster_only_when_long_enough():
    """300 agents at 60 s (ten parts, five rounds on two workers, 42 s for the parts): about six
    deterministic seconds each, the long parts' share of their slot; 1,000 agents at 120 s (34
    parts, 17 rounds, 84 s): 2.5 each, the short parts' share, still enough to aim; 300 agents
    at 20 s: 1.4, too short, so the parts go straight to optimising (at MIN_PART_SECONDS)."""
    per_part, aim = part_budget(42, 5)
    assert aim and per_part == pytest.approx(5.88) and per_part >= MIN_AIM_SECONDS
    per_part, aim = part_budget(31.5, 5)  # 300 agents at the default 45 s
    assert aim and per_part == pytest.approx(4.41)
    per_part, aim = part_budget(84, 17)
    assert aim and per_part == pytest.approx(2.47, abs=0.01)
    assert part_budget(14, 5) == (2.0, False)
    assert part_budget(1, 10) == (2.0, False)  # never below MIN_PART_SECONDS


def test_second_pass_gives_unused_time_to_the_costliest_open_parts():
    """Parts proven optimal early leave deterministic time; the costliest parts not proven
    optimal (one round: as many as there are workers) get it, at most a part's limit each, and
    keep their roster unless the new one pays less."""
    from concurrent.futures import Future

    from roster.decompose import PartResult, _second_pass

    cells = {("A", dt.date(2027, 3, 1)): "D"}
    results = {0: PartResult("OPTIMAL", cells, work=2.0, cost=200),
               1: PartResult("OPTIMAL", cells, work=5.0, cost=190),
               2: PartResult("FEASIBLE", cells, work=6.0, cost=900),
               3: PartResult("FEASIBLE", cells, work=6.0, cost=300),
               4: PartResult("FEASIBLE", cells, work=6.0, cost=250)}
    asked = {}

    def submit(k, limit, start):
        asked[k] = limit
        done: Future = Future()
        done.set_result(PartResult("FEASIBLE", start, work=limit, cost={2: 400, 3: 350}[k]))
        return done

    _second_pass(results, per_part=6.0, workers=2, submit=submit)
    assert asked == {2: pytest.approx(2.5), 3: pytest.approx(2.5)}  # (4 + 1) unused, shared by two
    assert results[2].cost == 400  # better: taken
    assert results[3].cost == 300  # worse: the first roster is kept
    asked.clear()
    _second_pass({0: PartResult("OPTIMAL", cells, work=5.9, cost=1), 1: results[4]}, per_part=6.0, workers=2,
                 submit=submit)
    assert not asked  # too little time left over to be worth a pass


def test_a_part_solved_again_from_its_roster_never_pays_more():
    """The second pass re-solves a part hinted with its first roster (no ideal phase): the
    result is a roster of the same people that pays at most what the first one did."""
    from roster.decompose import _solve_part

    people = staff([f"A{k:02d}" for k in range(12)], **{f"A{k:02d}": {"team": f"T{k // 6}"} for k in range(12)})
    t = team(people, demand=[demand("all", "D", 2, 3), demand("all", "N", 1)])
    h = horizon(t, count=14)
    prof = effective_profile(t)
    parts = split_demand(t, h, split_staff(t.staff, 6))
    rules = build_rules(prof)
    first = _solve_part(t, h, rules, parts[0], prof.solver, 1.0, 0, False)
    assert first.cells is not None and first.cost is not None and first.work > 0
    again = _solve_part(t, h, rules, parts[0], prof.solver, 1.0, 1, False, first.cells)
    assert again.cells is not None and again.cost is not None and again.cost <= first.cost
    assert {sid for sid, _ in again.cells} == {p.id for p in parts[0].staff}

"""The solve phases of roster.solve: the first roster, the ideal roster that pays nothing for
the soft rules a good roster nearly always satisfies, and the optimising solve from it."""

from __future__ import annotations

import pytest
from conftest import d, demand, horizon, team

from roster.checker import check_roster
from roster.domain import REST, Request
from roster.engine import effective_profile
from roster.model import RosterModel, build_model
from roster.rules import AIM_ALWAYS, AIM_FIRST, build_rules
from roster.solve import ideal_roster, solve_model, solve_with_first_roster

AIMED = ("fairness.", "rotation.stretch", "requests", "promotion")


def settings_for(t, workers: int):
    return effective_profile(t).solver.model_copy(update={"workers": workers, "deterministic": True})


def any_roster(t, h, rules, settings):
    """A roster that keeps the hard rules, found without the objective (the first phase)."""
    rm = build_model(t, h, rules)
    model = rm.model.clone()
    model.clear_objective()
    first = solve_model(RosterModel(model, rm.vars, rm.context, []), settings, time_limit=2)
    assert first.roster is not None
    return rm, first.roster


def ideal_for(t, workers: int, time_limit: float, days: int = 14):
    """(horizon, rules, model, ideal outcome) of ``t`` over ``days`` days from a first roster."""
    h = horizon(t, count=days)
    rules = build_rules(effective_profile(t))
    settings = settings_for(t, workers)
    rm, start = any_roster(t, h, rules, settings)
    return h, rules, rm, ideal_roster(rm, settings, start, time_limit=time_limit, seed=0)


def aimed_costs(t, h, rules, roster) -> dict[str, int]:
    costs = check_roster(t, h, roster, rules).cost_by_rule
    return {name: cost for name, (cost, _) in costs.items() if name.startswith(AIMED)}


def test_soft_rules_mark_what_a_good_roster_can_bring_to_zero():
    t = team(4, demand=[demand("all", "D", 1, 2), demand("all", "N", 1)],
             requests=[Request("A", d(2), REST, True, 2)])
    h = horizon(t, count=14)
    rm = build_model(t, h, build_rules(effective_profile(t)))
    aims = {p.rule: p.aim_zero for p in rm.penalties}
    assert aims["requests"] == AIM_FIRST  # one person's wish on one date can conflict with others'
    assert aims["fairness.nights"] == AIM_ALWAYS
    assert aims["rotation.stretch"] == AIM_ALWAYS
    assert not aims["coverage.over"]  # over-staffing is structural when head count exceeds demand


@pytest.mark.parametrize("workers", [1, 2])
def test_ideal_roster_pays_nothing_for_the_aimed_rules(workers):
    t = team(6, demand=[demand("all", "D", 2, 2), demand("all", "N", 1)],
             requests=[Request("A", d(3), REST, True, 2), Request("E", d(9), REST, True, 1)])
    h, rules, _, ideal = ideal_for(t, workers, time_limit=5)
    assert ideal.roster is not None
    result = check_roster(t, h, ideal.roster, rules)
    assert not result.hard
    assert aimed_costs(t, h, rules, ideal.roster) == {}
    assert ideal.info.work > 0


@pytest.mark.parametrize("workers", [1, 2])
def test_conflicting_wishes_are_left_soft_and_the_rest_is_still_met(workers):
    """Everyone wants the same day off but someone must work: zero for everything at once is
    impossible; step by step still brings the fairness bands and short stretches to zero and
    leaves the wishes to the optimising solve."""
    people = 4
    t = team(people, demand=[demand("all", "D", 1, 1), demand("all", "N", 1)],
             requests=[Request(chr(ord("A") + k), d(4), REST, True, 2) for k in range(people)])
    h, rules, _, ideal = ideal_for(t, workers, time_limit=6)
    assert ideal.roster is not None
    costs = aimed_costs(t, h, rules, ideal.roster)
    assert set(costs) == {"requests"}, costs


def test_optimising_from_the_ideal_roster_is_reproducible():
    t = team(6, demand=[demand("all", "D", 2, 3), demand("all", "N", 1)],
             requests=[Request("B", d(5), REST, True, 3)])
    h = horizon(t, count=21)
    rules = build_rules(effective_profile(t))
    settings = settings_for(t, 2)
    rosters = []
    for _ in range(2):
        outcome = solve_with_first_roster(build_model(t, h, rules), settings, time_limit=3, seed=1)
        assert outcome.roster is not None
        rosters.append(outcome.roster.cells)
    assert rosters[0] == rosters[1]


def test_ideal_attempt_only_when_the_first_roster_pays_mostly_avoidable_costs():
    """Where the cost is structural (over-staffing) an ideal attempt would only take time from
    the optimiser; where it is mostly fairness and stretches it is worth it."""
    from roster.domain import SolveInfo
    from roster.solve import SolveOutcome, _worth_aiming

    t = team(4, demand=[demand("all", "D", 1, 2), demand("all", "N", 1)])
    rm = build_model(t, horizon(t, count=14), build_rules(effective_profile(t)))

    def priced(penalties: dict[str, tuple[int, int]]) -> SolveOutcome:
        info = SolveInfo("OPTIMAL", objective=sum(c for c, _ in penalties.values()), penalties=penalties)
        return SolveOutcome("OPTIMAL", None, info, values=[0])

    assert not _worth_aiming(rm, priced({"coverage.over": (90, 90), "fairness.nights": (10, 4)}))
    assert _worth_aiming(rm, priced({"coverage.over": (20, 20), "fairness.nights": (60, 20), "requests": (20, 2)}))
    assert not _worth_aiming(rm, priced({}))  # a roster that pays nothing needs no better start


def test_reported_bound_is_never_below_zero(monkeypatch):
    """Penalties count units of violation, so no roster costs less than nothing: a bound below
    zero (the objective's constants before CP-SAT's LP has run) is reported as zero."""
    import roster.solve as solve_module

    real = solve_module.parameters

    def early(*args, **kwargs):
        solver = real(*args, **kwargs)

        class EarlyBound(type(solver)):
            @property
            def best_objective_bound(self) -> float:  # what CP-SAT reports before its LP runs
                return -5025.0

        solver.__class__ = EarlyBound
        return solver

    monkeypatch.setattr(solve_module, "parameters", early)
    t = team(3, demand=[demand("all", "D", 1)], requests=[Request("A", d(1), REST, True, 1)])
    rm = build_model(t, horizon(t), build_rules(effective_profile(t)))
    outcome = solve_model(rm, settings_for(t, 1), time_limit=2)
    assert outcome.info.objective is not None
    assert outcome.info.bound == 0.0


def test_optimising_within_the_ideal_keeps_its_zero_terms_and_never_gets_worse():
    from roster.solve import _optimise_within_ideal

    t = team(6, demand=[demand("all", "D", 2, 3), demand("all", "N", 1)],
             requests=[Request("A", d(3), REST, True, 2)])
    h, rules, rm, ideal = ideal_for(t, 2, time_limit=5)
    settings = settings_for(t, 2)
    assert ideal.roster is not None
    rm.vars.hint(ideal.roster)
    priced = solve_model(rm, settings, time_limit=2, fix_to_hint=True)
    rm.model.clear_hints()
    narrowed = _optimise_within_ideal(rm, settings, priced, time_limit=3, seed=0)
    assert narrowed.roster is not None and narrowed.info.objective <= priced.info.objective
    assert aimed_costs(t, h, rules, narrowed.roster) == {}  # held at zero, as in the ideal roster
    assert not check_roster(t, h, narrowed.roster, rules).hard


def test_ctrl_c_stops_a_running_search_and_every_later_one():
    """roster.solve.interrupt (the command line's SIGINT handler) stops a search running in a
    helper thread at once; it then raises KeyboardInterrupt in the caller, and a search asked
    for afterwards does not start.  (CP-SAT's own SIGINT handling only ended the current search
    and the command went on to write a roster with exit 0.)"""
    import threading
    import time

    from ortools.sat.python import cp_model

    from roster.solve import _interruptible, interrupt, reset_interrupt

    model = cp_model.CpModel()
    xs = [model.new_int_var(0, 50, f"x{i}") for i in range(60)]
    for a, b in zip(xs, xs[1:], strict=False):
        model.add(a != b)
    model.add_all_different(xs[:40])
    model.maximize(sum((i % 7) * x for i, x in enumerate(xs)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30
    solver.parameters.num_workers = 1
    solver.parameters.catch_sigint_signal = False
    reset_interrupt()
    timer = threading.Timer(0.5, interrupt)
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            _interruptible(solver, model, None)
        assert time.monotonic() - start < 10
        with pytest.raises(KeyboardInterrupt):
            _interruptible(cp_model.CpSolver(), cp_model.CpModel(), None)  # a later search does not start
    finally:
        timer.cancel()
        reset_interrupt()
    assert _interruptible(cp_model.CpSolver(), cp_model.CpModel(), None) == cp_model.OPTIMAL

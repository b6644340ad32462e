"""Column generation's lower bound (roster.bench.colgen): valid, tight where it should be, and
used by the solve.

A wrong bound would be worse than none: the LNS stops when it reaches it and the solve then
reports the roster as optimal.  So the bound is checked against rosters whose objective is
known (the published ones, the proven optima), also when the search is cut short.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from roster.bench import CURTOIS_DIR
from roster.bench.colgen import ColumnGenResult, column_cost, column_generation
from roster.bench.curtois import (
    CurtoisInstance,
    Roster,
    evaluate,
    load_instance,
    parse_instance,
    read_colgen_out,
    read_tsv,
)
from roster.bench.curtois_model import (
    Prepared,
    _solve_full,
    add_row_cuts,
    build_model,
    solve_instance,
)
from tests.test_bench_curtois import WORKED_EXAMPLE

BENCH = CURTOIS_DIR
pytestmark = pytest.mark.skipif(not BENCH.exists(), reason="benchmark data not present")

#: (instance, its Prepared tables, column generation's result) for an instance number and a
#: number of workers.
Converged = Callable[[int, int], tuple[CurtoisInstance, Prepared, ColumnGenResult]]


@pytest.fixture(scope="module")
def converged() -> Converged:
    """Column generation on Instances 1-3 with the 30-second budget they converge well within:
    deterministic for a given number of workers, so the tests that check different things about
    the same run (the bound, the cuts, the LP's cell values) share it instead of running it
    again.  The tests only read the result (a test that builds models from the tables makes
    its own)."""
    runs: dict[tuple[int, int], tuple[CurtoisInstance, Prepared, ColumnGenResult]] = {}

    def run(number: int, workers: int) -> tuple[CurtoisInstance, Prepared, ColumnGenResult]:
        if (number, workers) not in runs:
            inst = load_instance(BENCH / f"Instance{number}.txt")
            prep = Prepared(inst)
            runs[number, workers] = inst, prep, column_generation(prep, 30.0, workers=workers)
        return runs[number, workers]

    return run


@pytest.mark.parametrize(("number", "optimum"), [(2, 828), (3, 1001)])
def test_bound_is_the_proven_optimum(number: int, optimum: int, converged: Converged) -> None:
    """On Instances 2 and 3 the relaxation over all valid rows closes the gap exactly."""
    _, _, result = converged(number, 1)
    assert result.converged
    assert result.lower_bound == optimum
    assert result.lp_value is not None and result.lp_value == pytest.approx(optimum, abs=1e-6)


def test_bound_never_exceeds_a_published_roster(converged: Converged) -> None:
    """Every published roster of Instances 1-3 (the optima and the column-generation ones)
    costs at least the bound.  Instance1 has a real LP gap: its bound (558) is below its
    optimum (607)."""
    for number in (1, 2, 3):
        inst, _, result = converged(number, 2)
        bound = result.lower_bound
        assert bound is not None
        for path in sorted((BENCH / "solutions").glob(f"Instance{number}.*")):
            rosters = [read_tsv(inst, path)] if path.suffix == ".tsv" else [r for r, _ in read_colgen_out(inst, path)]
            for roster in rosters:
                assert bound <= evaluate(inst, roster).objective, path.name
        if number == 1:
            assert 500 < bound < 607


def test_bound_cut_short_is_still_a_bound(converged: Converged) -> None:
    """Stopped after its first rounds, the search still returns a valid (weaker) bound, and the
    bound only grows with the budget: the same seed runs the same rounds."""
    _, prep, full = converged(3, 1)
    short = column_generation(prep, 0.05, workers=1)
    assert short.iterations < full.iterations
    assert not short.converged
    assert short.lower_bound is not None
    assert short.lower_bound <= full.lower_bound == 1001


def test_bound_on_the_worked_example_is_at_most_the_model_optimum() -> None:
    inst = parse_instance(WORKED_EXAMPLE, "example")
    full = solve_instance(inst, 5.0, strategy="full")
    assert full.status == "OPTIMAL" and full.objective is not None
    result = column_generation(Prepared(inst), 5.0, workers=1)
    assert result.converged
    assert result.lower_bound is not None and 0 <= result.lower_bound <= full.objective


def _rows(inst: CurtoisInstance, roster: Roster) -> list[tuple[int | None, ...]]:
    return [tuple(None if c is None else inst.shift_index[c] for c in row) for row in roster]


def test_row_cuts_hold_on_every_published_roster(converged: Converged) -> None:
    """A row cut is a proven pricing minimum: every valid row keeps it, so every published
    roster of Instances 1-3 (optimal or not) keeps every cut, and the cuts of the optimal
    rosters add up to exactly what the bound needs."""
    for number in (1, 2, 3):
        inst, _, result = converged(number, 2)
        assert len(result.cuts) == len(inst.staff)
        for path in sorted((BENCH / "solutions").glob(f"Instance{number}.*")):
            rosters = [read_tsv(inst, path)] if path.suffix == ".tsv" else [r for r, _ in read_colgen_out(inst, path)]
            for roster in rosters:
                if not evaluate(inst, roster).feasible:
                    continue
                for cut, row in zip(result.cuts, _rows(inst, roster), strict=True):
                    assert cut.lhs(row) >= cut.rhs, (path.name, cut.employee)


def test_row_cuts_are_tight_and_add_one_constraint_per_employee(converged: Converged) -> None:
    """The least left-hand side over every valid row (solved exactly) is the cut's right-hand
    side: the cut keeps every valid row and touches the cheapest, so it is as strong as a cut
    of its form can be.  Added to the model, it is one constraint per employee on that
    employee's cells."""
    from roster.bench import colgen

    inst, _, result = converged(2, 2)
    prep = Prepared(inst)  # its own tables for the models built here
    for cut in result.cuts:
        assert all(s in prep.allowed[cut.employee] for _, s in cut.coef)
        pricer = colgen._Pricer(prep, cut.employee)
        pricer.model.model.minimize(sum(cut.coef.get((d, s), 0) * v for d, s, v in pricer.cells))
        solver, status = pricer._solve(0, light=False)
        assert status == cp_model.OPTIMAL
        assert round(solver.objective_value) == cut.rhs, cut.employee
    m, _ = build_model(inst, prep=prep)
    before = len(m.model.proto.constraints)
    assert add_row_cuts(m, result.cuts) == prep.n
    assert len(m.model.proto.constraints) == before + prep.n


@pytest.mark.slow
def test_exact_phase_proves_a_small_instance_optimal() -> None:
    """Instance4 (468 assignment variables): the model with the row cuts, on one worker, proves
    the optimum (1716) that the LNS alone did not reach in a minute (1718).  About 10 s: a
    benchmark (``-m slow``); the default suite sees the exact phase prove Instance2 and 3 in
    test_bench_curtois's short solves."""
    res = solve_instance(load_instance(BENCH / "Instance4.txt"), 60.0, seed=0, workers=2)
    assert res.strategy == "cg+exact"
    assert res.feasible and res.objective == 1716
    assert res.status == "OPTIMAL" and res.bound == 1716


def test_column_cost_counts_requests() -> None:
    """A column's cost is its row's on- and off-request costs, as the evaluator counts them."""
    inst = load_instance(BENCH / "Instance2.txt")
    prep = Prepared(inst)
    roster = read_tsv(inst, BENCH / "solutions" / "Instance2.obj828.evavanrooijen.tsv")
    ev = evaluate(inst, roster)
    total = sum(column_cost(prep, e, tuple(None if c is None else prep.sidx[c] for c in roster[e]))
                for e in range(prep.n))
    assert total == ev.on_cost + ev.off_cost


def test_solve_stops_at_the_bound_and_says_optimal() -> None:
    """With the bound, the solve needs no known optimum to stop: Instance2's LNS reaches 828,
    which the bound proves optimal.  (Strategy ``lns``: ``lns+full`` would close this small
    instance in the exact phase before any LNS.)"""
    inst = load_instance(BENCH / "Instance2.txt")
    res = solve_instance(inst, 20.0, seed=0, workers=2, strategy="lns")
    assert res.strategy == "cg+lns"
    assert res.feasible and res.objective == 828
    assert res.bound == 828 and res.status == "OPTIMAL"
    stats = res.stats["colgen"]
    assert isinstance(stats, dict) and stats["bound"] == 828 and stats["converged"]


def test_solve_without_bound_keeps_the_old_strategy() -> None:
    inst = load_instance(BENCH / "Instance1.txt")
    res = solve_instance(inst, 2.0, seed=0, workers=1, bound=False)
    assert res.strategy == "lns+full" and "colgen" not in res.stats
    assert res.feasible


def test_column_generation_is_deterministic() -> None:
    prep = Prepared(load_instance(BENCH / "Instance4.txt"))
    first = column_generation(prep, 1.0, seed=3, workers=2)
    second = column_generation(prep, 1.0, seed=3, workers=2)
    assert (first.lower_bound, first.lp_value, first.iterations, first.columns) == (
        second.lower_bound, second.lp_value, second.iterations, second.columns)


def test_pricing_retries_with_presolve_when_the_light_solve_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A row the light solve (no presolve) finds nothing for within its limit is priced again
    with CP-SAT's defaults, not taken for an employee without any valid row."""

    from roster.bench import colgen

    prep = Prepared(load_instance(BENCH / "Instance2.txt"))
    pricer = colgen._Pricer(prep, 0)
    calls: list[bool] = []
    solve = colgen._Pricer._solve

    def light_finds_nothing(self: colgen._Pricer, seed: int, light: bool) -> tuple[cp_model.CpSolver, int]:
        calls.append(light)
        solver, status = solve(self, seed, light)
        return (solver, cp_model.UNKNOWN) if light else (solver, status)

    monkeypatch.setattr(colgen._Pricer, "_solve", light_finds_nothing)
    priced = pricer.price({}, seed=0)
    assert calls == [True, False]
    assert priced.row is not None and priced.proven and priced.work > 0
    assert priced.value == colgen.DUAL_SCALE * column_cost(prep, 0, priced.row)


def test_first_roster_is_built_before_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """The LNS's start is constructed before column generation, so the first roster does not
    wait for the bound, and the exact phase (unfinished in 3 s) and then the LNS start from it
    instead of building another."""
    from roster.bench import colgen, curtois_model

    calls: list[str] = []
    construct, generate = curtois_model._construct, colgen.column_generation

    def recording_construct(*args: object, **kwargs: object) -> object:
        calls.append("construct")
        return construct(*args, **kwargs)  # type: ignore[arg-type]

    def recording_generate(*args: object, **kwargs: object) -> object:
        calls.append("colgen")
        return generate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(curtois_model, "_construct", recording_construct)
    monkeypatch.setattr(colgen, "column_generation", recording_generate)
    res = solve_instance(load_instance(BENCH / "Instance4.txt"), 3.0, seed=0, workers=1)
    assert calls == ["construct", "colgen"]
    assert res.feasible and res.time_to_first is not None and res.strategy == "cg+exact+lns+full"


def _random_instance(data: st.DataObject) -> str:
    """A small instance in the Curtois format: 7 or 14 days, 2-4 staff, shifts E and L (no E
    after L), random limits, days off, requests and cover."""
    draw = data.draw
    days = draw(st.sampled_from([7, 14]))
    staff = draw(st.integers(2, 4))
    lines = ["SECTION_HORIZON", str(days), "", "SECTION_SHIFTS", "E,480,", "L,480,E", "", "SECTION_STAFF"]
    for k in range(staff):
        most = draw(st.integers(1, days))
        lines.append(f"S{k},E={most}|L={draw(st.integers(0, days))},{480 * days},{draw(st.sampled_from([0, 480, 960]))},"
                     f"{draw(st.integers(2, 6))},{draw(st.integers(1, 2))},{draw(st.integers(1, 2))},"
                     f"{draw(st.integers(0, days // 7))}")
    lines += ["", "SECTION_DAYS_OFF"]
    lines += [f"S{k},{draw(st.integers(0, days - 1))}" for k in range(staff)]
    lines += ["", "SECTION_SHIFT_ON_REQUESTS"]
    for k in range(staff):
        for _ in range(draw(st.integers(0, 2))):
            lines.append(f"S{k},{draw(st.integers(0, days - 1))},{draw(st.sampled_from('EL'))},{draw(st.integers(1, 3))}")
    lines += ["", "SECTION_SHIFT_OFF_REQUESTS"]
    for k in range(staff):
        for _ in range(draw(st.integers(0, 2))):
            lines.append(f"S{k},{draw(st.integers(0, days - 1))},{draw(st.sampled_from('EL'))},{draw(st.integers(1, 3))}")
    lines += ["", "SECTION_COVER"]
    for day in range(days):
        for shift in "EL":
            lines.append(f"{day},{shift},{draw(st.integers(0, 2))},{draw(st.sampled_from([1, 10, 100]))},"
                         f"{draw(st.integers(0, 2))}")
    return "\n".join(lines) + "\n"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_bound_is_at_most_the_optimum_of_random_instances(data: st.DataObject) -> None:
    """On random small instances, whatever their rules, the bound never exceeds the optimum
    that the full CP-SAT model proves: a bound above it would make the solve call a worse
    roster optimal."""
    inst = parse_instance(_random_instance(data), "random")
    full = solve_instance(inst, 5.0, seed=0, workers=1, strategy="full")
    assume(full.status == "OPTIMAL" and full.objective is not None)
    prep = Prepared(inst)
    result = column_generation(prep, 5.0, workers=1)
    assert result.lower_bound is not None
    assert result.lower_bound <= full.objective
    # The row cuts cut off no roster: the model with them has the same optimum.
    assert len(result.cuts) == prep.n
    cut = _solve_full(prep, 5.0, 0, 1, False, None, time.monotonic(), 15.0, None, result.cuts)
    assert cut.status == "OPTIMAL" and cut.roster is not None
    assert evaluate(inst, cut.roster).objective == full.objective


def test_a_start_that_breaks_a_rule_is_not_built_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    """When no valid roster exists, the construction before the bound is the LNS's start too:
    the LNS does not build it again (it used to, and warned twice)."""
    from roster.bench import curtois_model
    from tests.test_cli_hr import INFEASIBLE_INSTANCE

    construct = curtois_model._construct
    calls: list[int] = []

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return construct(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(curtois_model, "_construct", counting)
    res = solve_instance(parse_instance(INFEASIBLE_INSTANCE, "infeasible"), 2.0, seed=0, workers=1)
    assert len(calls) == 1
    assert not res.feasible and any("min_minutes" in v for v in res.violations)


def test_lp_cell_values_are_each_employees_column_mix(converged: Converged) -> None:
    """The LP solution as cell values: per employee and day the values (a shift or off) add up
    to 1 (one convex mix of whole rows per employee), and the mix is the LP's value."""
    _, prep, result = converged(3, 1)
    cells = result.cells
    assert cells is not None and len(cells) == prep.n and all(len(row) == prep.h for row in cells)
    for row in cells:
        for values in row:
            assert sum(values.values()) == pytest.approx(1.0, abs=1e-6)
            assert all(k is None or 0 <= k < len(prep.shift_ids) for k in values)


def test_rins_frees_exactly_the_cells_the_lp_does_not_hold_at_the_incumbents_value() -> None:
    """RINS keeps each cell where the incumbent agrees with a value the LP holds at 1 and frees
    the others; a roster that is the LP's integral solution has nothing to free; once tried on
    an incumbent it is not due again until the incumbent changes."""
    import random

    from roster.bench.curtois_model import RINS_STALL, _Search

    prep = Prepared(load_instance(BENCH / "Instance2.txt"))
    roster = solve_instance(prep.inst, 5.0, seed=0, workers=1, bound=False).roster
    assert roster is not None
    sidx = prep.sidx
    lp = [[{None if sid is None else sidx[sid]: 1.0} for sid in row] for row in roster]
    lp[0][3] = {None: 0.5, 0: 0.5}  # fractional: free whatever the roster holds
    wrong = next(k for k in range(len(prep.shift_ids)) if k != (None if roster[1][5] is None else
                                                                 sidx[roster[1][5]]))
    lp[1][5] = {wrong: 1.0}  # integral but not the roster's value: free
    s = _Search(prep, random.Random(0), ("window",), roster, prep.objective(roster), prep.counts(roster),
                time.monotonic(), 10.0, time.monotonic() + 60, None, used=RINS_STALL * 10.0, lp=lp)
    assert s.rins_due()
    sub = s.rins()
    assert sub is not None and sub.kind == "rins" and sub.free == {0: [3], 1: [5]}
    assert not s.rins_due()  # the same incumbent: not again
    exact = [[{None if sid is None else sidx[sid]: 1.0} for sid in row] for row in roster]
    s2 = _Search(prep, random.Random(0), ("window",), roster, prep.objective(roster), prep.counts(roster),
                 time.monotonic(), 10.0, time.monotonic() + 60, None, used=RINS_STALL * 10.0, lp=exact)
    assert s2.rins() is None



def test_rins_is_due_by_the_wall_clock_under_a_wall_budget() -> None:
    """With a wall-clock budget the deterministic limit is lifted (UNLIMITED_DTIME), so the stall
    is counted in wall time against the search's wall budget; counted in deterministic seconds
    against 1e9 it was never due."""
    import random

    from roster.bench.curtois_model import RINS_STALL, UNLIMITED_DTIME, _Search

    prep = Prepared(load_instance(BENCH / "Instance2.txt"))
    roster = solve_instance(prep.inst, 2.0, seed=0, workers=1, bound=False).roster
    assert roster is not None
    lp = [[{0: 0.5, None: 0.5} for _ in row] for row in roster]
    now = time.monotonic()
    s = _Search(prep, random.Random(0), ("window",), roster, prep.objective(roster), prep.counts(roster),
                now, UNLIMITED_DTIME, now + 100, None, lp=lp, started=now - 10, last_gain_at=now - 10)
    assert s.stalled() >= 0.09 and s.rins_due()
    s.last_gain_at = time.monotonic()
    assert s.stalled() < RINS_STALL and not s.rins_due()

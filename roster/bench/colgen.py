"""Column generation for the Curtois instances: a proven lower bound on the objective.

The best-known values of this benchmark come from branch-and-price: every hard rule of the
format judges one employee at a time, and only the cover couples them.  So a roster is one
*column* (a whole-horizon row that keeps every hard rule) per employee, and the linear
relaxation over all such columns is very tight (Instances 4 and 10: the optimum itself; 6 and
7: one below it).  This module solves that relaxation:

* the *master* LP (GLOP): choose a convex combination of columns per employee; every cover
  line's count plus its under-cover minus its over-cover is its requirement; minimise the
  columns' request costs plus the weighted under- and over-cover;
* the *pricing* problem of an employee: the row with the lowest reduced cost (its request
  costs minus the cover duals of the cells it works), solved by CP-SAT on the benchmark's own
  one-employee model (roster.bench.curtois_model, every hard rule, none of the cover terms),
  built once per employee and re-priced each round, ``workers`` at a time in threads.

Whenever every employee's pricing problem is solved to optimality, the cover duals give a valid
lower bound on every roster's objective, converged or not (the Lagrangian bound: each line's
requirement at its dual plus each employee's cheapest row at the duals); the best one seen is
kept.  The LNS then stops as soon as it reaches the bound (the roster is proven optimal), and
the final full solve stops when it reaches it.

The round that proved the bound also yields one *row cut* per employee (:class:`RowCut`): its
proven pricing minimum, read as an inequality every valid row keeps.  Added to the compact
CP-SAT model they give its relaxation the bound, and on small instances CP-SAT then closes
the gap by itself (Instance4: proven optimal in 6.7 deterministic s on one worker); see
``curtois_model.EXACT_FIRST_MAX_VARS``.  In the LNS's sub-problems they were a loss (the dense
cuts slowed every sub-solve: Instance5 1245, 6 2051, 7 1074 against 1143, 1951, 1068), and
in the final full solve after the LNS they changed nothing (Instances 5-11: the same rosters,
one unit worse on 9), so only the exact phase uses them.

Tried and dropped as a source of rosters (Instances 6, 7, 10): the restricted master as an
integer program (SCIP needed 30 s of wall time and gave 2,080 on Instance6, where the LNS
reaches 1,951; on Instance10 it found nothing, and CP-SAT on the columns plus the LNS's rows
kept the LNS's 4,651), the LP solution rounded (3,162 on Instance6: the LP solutions are
degenerate, 16 of 18 employees fractional), CP-SAT on the fractional employees with the
others fixed (2,046), and a dive that fixes the heaviest column and prices again (1,953 on
Instance6, 4,735 on Instance10).  The columns are the bound's, not the roster's.

Determinism: GLOP is deterministic, the pricing solves are limited by deterministic time and
collected in employee order, and the search stops on their summed deterministic time.  A
wall-clock cap guards a shared machine, as in the LNS.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from roster.bench.curtois import Roster
from roster.bench.curtois_model import RULES, BenchModel, Prepared, Term

log = logging.getLogger(__name__)

#: Cover duals are scaled by this and rounded for CP-SAT's integer objective.  The rounding
#: moves a row's reduced cost by at most half a unit per day worked, 1.4e-4 on a 28-day row at
#: this scale: the lower bound subtracts twice that for every employee before it is rounded up.
DUAL_SCALE = 100_000
#: Deterministic seconds one pricing solve may use (a 28-day row takes a few hundredths).
PRICING_DTIME = 1.0
#: Reduced costs above this (negative) threshold add no column.
RC_EPSILON = 1e-6
#: Least deterministic time a pricing solve is charged: a 28-day row solves in a few
#: thousandths, while its Python objective and start-up cost about a hundredth of a second of
#: wall time.  Charged this way, Instance4's bound took 1.5 deterministic s and 1.2 s of wall
#: time, Instance8's 11 and 18 (two threads).
PRICING_MIN_CHARGE = 0.01


def scaled_dual(duals: dict[tuple[int, int], float], d: int, s: int) -> int:
    """A cover line's dual as the integer the pricing objective uses (see DUAL_SCALE)."""
    return round(DUAL_SCALE * duals.get((d, s), 0.0))


@dataclass(frozen=True)
class Priced:
    """One pricing solve: the cheapest row found (shift index per day, None off; None when no
    row was found), whether it is proven cheapest, the deterministic seconds used, and the
    pricing objective's value (``DUAL_SCALE`` x request costs minus the scaled duals of the
    cells worked)."""

    row: tuple[int | None, ...] | None
    proven: bool
    work: float
    value: int | None


@dataclass(frozen=True)
class RowCut:
    """A valid inequality on one employee's row: ``sum(coef[d, s] * x[d, s]) >= rhs`` over
    the cells (day, shift index) the employee may work.

    It is a proven pricing solve read backwards: no valid row has a pricing objective below
    the proven minimum, so every valid row keeps it.  Added for every employee at the same
    duals, these cuts give the compact CP-SAT model's linear relaxation the Lagrangian bound of
    column generation (the cover terms supply the duals' side: every line's dual lies between
    minus its over-cover weight and its under-cover weight), which the compact model's own
    relaxation is far from (Instance4: 1716, the optimum, where one CP-SAT worker without the
    cuts was at a bound of 1575 after 17 s).  The coefficients are the pricing objective's own
    integers, so the cut is exact: no rounding can make it cut off a valid row."""

    employee: int
    coef: dict[tuple[int, int], int]
    rhs: int

    def lhs(self, row: Sequence[int | None]) -> int:
        """The cut's left-hand side for ``row`` (a shift index per day, None off)."""
        return sum(self.coef.get((d, s), 0) for d, s in enumerate(row) if s is not None)


def row_cut(prep: Prepared, e: int, duals: dict[tuple[int, int], float], value: int) -> RowCut:
    """The cut of employee ``e``'s proven pricing minimum ``value`` at ``duals``.

    The pricing objective is ``DUAL_SCALE * (on-request weights of requests not met +
    off-request weights of requests met) - sum(scaled dual * x)``: a constant (every on-request
    unmet) plus a linear term per cell, so the cut moves the constant to the right."""
    coef: dict[tuple[int, int], int] = {}
    off = set(prep.inst.days_off[e])
    for d in range(prep.h):
        if d in off:
            continue
        for s in prep.allowed[e]:
            coef[d, s] = -scaled_dual(duals, d, s)
    constant = 0
    for r in prep.on_by_emp[e]:
        constant += DUAL_SCALE * r.weight
        key = (r.day, prep.sidx[r.shift])
        if key in coef:
            coef[key] -= DUAL_SCALE * r.weight
    for r in prep.off_by_emp[e]:
        key = (r.day, prep.sidx[r.shift])
        if key in coef:
            coef[key] += DUAL_SCALE * r.weight
    return RowCut(e, {k: v for k, v in coef.items() if v}, value - constant)


@dataclass
class ColumnGenResult:
    """What :func:`column_generation` found."""

    #: Proven lower bound on every roster's objective (rounded up), None when no iteration had
    #: every pricing problem solved to optimality.
    lower_bound: int | None
    #: The last master LP's value.
    lp_value: float | None
    #: No more columns can raise the bound: none has a negative reduced cost (the LP value is
    #: the relaxation's optimum), or the rounded bound already meets the rounded LP value.
    converged: bool
    iterations: int
    columns: int
    #: Deterministic seconds of the pricing solves (charged per round of ``workers``).
    dtime: float
    deterministic: bool = True
    #: One cut per employee from the round that proved the bound (empty without a bound):
    #: added to the compact model, they give its relaxation the bound (see :class:`RowCut`).
    cuts: list[RowCut] = field(default_factory=list)
    #: The last master LP's solution as cell values: ``cells[e][d]`` maps a shift index (None:
    #: off) to the share of employee e's columns that give day d that value (None without an LP).
    #: Where a roster agrees with a cell the LP holds at 1 the LNS keeps it, and re-solves the
    #: rest (relaxation-induced neighbourhoods, see ``curtois_model.RINS_FIX``).
    cells: list[list[dict[int | None, float]]] | None = None


class _Pricer:
    """One employee's pricing model: built once, re-priced with new duals each iteration."""

    def __init__(self, prep: Prepared, e: int, empty: Roster | None = None) -> None:
        """``empty``: the all-off roster, shared by every employee's pricer (its cover counts
        are all zero, so none are recounted)."""
        if empty is None:
            empty = [[None] * prep.h for _ in range(prep.n)]
        zero = [[0] * len(prep.shift_ids) for _ in range(prep.h)]
        self.model = BenchModel(prep.inst, [e], empty, prep=prep, counts=zero, ref_objective=0)
        terms: list[Term] = []
        for name, rule in RULES.items():
            if name != "cover":  # cover couples employees: it is the master's
                terms.extend(rule(self.model))
        # The request terms do not change from round to round: built once, scaled.
        self.requests = sum(DUAL_SCALE * t.weight * t.expr for t in terms)
        self.cells = [(d, s, v) for d, cell in enumerate(self.model.x[e]) if cell for s, v in cell.items()]
        self.h = prep.h

    def price(self, duals: dict[tuple[int, int], float], seed: int) -> Priced:
        """The cheapest row under ``duals`` (none when none was found, proven or not)."""
        model = self.model.model
        model.clear_objective()
        model.minimize(self.requests + sum(-scaled_dual(duals, d, s) * v for d, s, v in self.cells))
        solver, status = self._solve(seed, light=True)
        work = solver.deterministic_time
        if status == cp_model.UNKNOWN:
            # A long row with tight minute windows (Instance18: 84 days) may need presolve
            # to find any row at all within the limit.
            solver, status = self._solve(seed, light=False)
            work += solver.deterministic_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Priced(None, False, work, None)
        row: list[int | None] = [None] * self.h
        for d, s, v in self.cells:
            if solver.boolean_value(v):
                row[d] = s
        return Priced(tuple(row), status == cp_model.OPTIMAL, work, round(solver.objective_value))

    def _solve(self, seed: int, light: bool) -> tuple[cp_model.CpSolver, int]:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_deterministic_time = PRICING_DTIME
        solver.parameters.max_time_in_seconds = 20 * PRICING_DTIME + 5
        if light:
            # A row model is tiny and solved hundreds of times: presolve, probing and symmetry
            # detection cost more than they save (Instance8 at 15 deterministic s: 25.8 s of
            # wall time with them, 17.6-18.5 s without, the same bound).
            solver.parameters.cp_model_presolve = False
            solver.parameters.cp_model_probing_level = 0
            solver.parameters.symmetry_level = 0
        return solver, solver.solve(self.model.model)


def column_cost(prep: Prepared, e: int, row: tuple[int | None, ...]) -> int:
    """The request costs of employee ``e`` working ``row`` (shift indexes, None off)."""
    cost = 0
    for r in prep.on_by_emp[e]:
        if row[r.day] != prep.sidx[r.shift]:
            cost += r.weight
    for r in prep.off_by_emp[e]:
        if row[r.day] == prep.sidx[r.shift]:
            cost += r.weight
    return cost


class _Master:
    """The master LP over the columns found so far (one GLOP model, grown column by column)."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        lp = self.lp
        self.objective = lp.Objective()
        self.convexity = [lp.Constraint(1, 1) for _ in range(prep.n)]
        self.cover: dict[tuple[int, int], pywraplp.Constraint] = {}
        for d in range(prep.h):
            for s in range(len(prep.shift_ids)):
                req = prep.req[d][s]
                line = lp.Constraint(req, req)
                under, over = lp.NumVar(0, lp.infinity(), ""), lp.NumVar(0, lp.infinity(), "")
                line.SetCoefficient(under, 1)
                line.SetCoefficient(over, -1)
                self.objective.SetCoefficient(under, prep.w_under[d][s])
                self.objective.SetCoefficient(over, prep.w_over[d][s])
                self.cover[d, s] = line
        self.objective.SetMinimization()
        #: (employee, row, cost, LP variable), in the order found.
        self.columns: list[tuple[int, tuple[int | None, ...], int, pywraplp.Variable]] = []
        self.known: set[tuple[int, tuple[int | None, ...]]] = set()

    def add(self, e: int, row: tuple[int | None, ...]) -> bool:
        if (e, row) in self.known:
            return False
        self.known.add((e, row))
        var = self.lp.NumVar(0, self.lp.infinity(), "")
        cost = column_cost(self.prep, e, row)
        self.convexity[e].SetCoefficient(var, 1)
        self.objective.SetCoefficient(var, cost)
        for d, s in enumerate(row):
            if s is not None:
                self.cover[d, s].SetCoefficient(var, 1)
        self.columns.append((e, row, cost, var))
        return True

    def cell_values(self) -> list[list[dict[int | None, float]]] | None:
        """The LP solution as cell values (see :attr:`ColumnGenResult.cells`), the master
        solved again first (columns may have been added since its last solve)."""
        if not self.columns or self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        prep = self.prep
        cells: list[list[dict[int | None, float]]] = [[{} for _ in range(prep.h)] for _ in range(prep.n)]
        for e, row, _, var in self.columns:
            share = var.solution_value()
            if share <= 1e-9:
                continue
            for d, s in enumerate(row):
                cells[e][d][s] = cells[e][d].get(s, 0.0) + share
        return cells

    def solve(self) -> tuple[float, dict[tuple[int, int], float], list[float]] | None:
        """(LP value, cover duals, convexity duals), None if GLOP fails."""
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        # Clamped to [-over weight, under weight], where the slack variables keep them at an
        # optimum anyway: the Lagrangian bound needs exactly that range (GLOP's tolerances may
        # step out of it by a hair).
        prep = self.prep
        duals = {(d, s): min(max(line.dual_value(), -prep.w_over[d][s]), prep.w_under[d][s])
                 for (d, s), line in self.cover.items()}
        return self.objective.Value(), duals, [c.dual_value() for c in self.convexity]


def column_generation(prep: Prepared, time_limit: float, seed: int = 0, workers: int = 2,
                      wall_deadline: float | None = None) -> ColumnGenResult:
    """Solve the master LP by column generation within ``time_limit`` deterministic seconds of
    pricing and return the best lower bound it proved (see the module docstring)."""
    empty: Roster = [[None] * prep.h for _ in range(prep.n)]
    pricers = [_Pricer(prep, e, empty) for e in range(prep.n)]
    master = _Master(prep)
    used = 0.0
    deterministic = True
    best_bound: float | None = None
    lp_value: float | None = None
    converged = False
    iterations = 0
    # What the rounded duals can hide (see DUAL_SCALE): twice half a unit per day worked, per
    # employee, plus floating-point noise.
    slack = prep.n * (prep.h / DUAL_SCALE + 1e-6)
    duals: dict[tuple[int, int], float] = {}  # first round: none, every employee's best row
    best_round: tuple[dict[tuple[int, int], float], list[int | None]] | None = None
    convexity = [math.inf] * prep.n  # first round: no master yet, every row is a column
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        while True:
            futures = [pool.submit(p.price, duals, seed + iterations) for p in pricers]
            priced = [f.result() for f in futures]
            used += sum(max(p.work, PRICING_MIN_CHARGE) for p in priced) / max(1, workers)
            iterations += 1
            if any(p.row is None for p in priced):
                if iterations == 1:
                    break  # an employee has no valid row at all (the caller's construction says why)
                exact = False
            else:
                exact = all(p.proven for p in priced)
            # The Lagrangian bound of the cover lines at these duals: every line's requirement
            # at its dual, plus every employee's cheapest row at the duals.
            bound = sum(duals.get((d, s), 0.0) * prep.req[d][s] for d in range(prep.h)
                        for s in range(len(prep.shift_ids)))
            added = 0
            for e, p in enumerate(priced):
                row = p.row
                if row is None:
                    continue
                priced_row = column_cost(prep, e, row) - sum(duals.get((d, s), 0.0) for d, s in enumerate(row)
                                                             if s is not None)
                bound += priced_row
                if priced_row - convexity[e] < -RC_EPSILON and master.add(e, row):
                    added += 1
            if exact and (best_bound is None or bound - slack > best_bound):
                best_bound = bound - slack
                best_round = (duals, [p.value for p in priced])
            if lp_value is not None and added == 0:
                converged = exact
                break
            if best_bound is not None and lp_value is not None and math.ceil(best_bound) >= math.ceil(lp_value - 1e-6):
                converged = True  # the rounded bound meets the LP: more columns cannot raise it
                break
            if used >= time_limit:
                break
            if wall_deadline is not None and time.monotonic() > wall_deadline:
                deterministic = False
                break
            solved = master.solve()
            if solved is None:
                break
            lp_value, duals, convexity = solved
            log.debug("%s: column generation %d: LP %.2f, bound %s, %d columns, %.1f dtime", prep.inst.name,
                      iterations, lp_value, best_bound, len(master.columns), used)
    lower = None if best_bound is None else max(0, math.ceil(best_bound - 1e-9))
    log.info("%s: column generation: %d iterations, %d columns, LP %s, bound %s, %.1f dtime",
             prep.inst.name, iterations, len(master.columns), lp_value, lower, used)
    cuts = []
    if best_round is not None:
        round_duals, values = best_round
        cuts = [row_cut(prep, e, round_duals, v) for e, v in enumerate(values) if v is not None]
    return ColumnGenResult(lower, lp_value, converged, iterations, len(master.columns), used, deterministic, cuts,
                           master.cell_values())

"""CP-SAT model and solve strategy for the Curtois & Qu instances.

The model is assembled rule by rule (:data:`RULES`), like the project's rule catalogue: each
rule is one small function that adds its constraints to a :class:`BenchModel` and returns its
named penalty terms ``(name, expr, weight)``.  The objective is the weighted sum of all terms.

Why a separate model rather than the main ``roster.rules`` catalogue: the benchmark must be
run against FORMAT.md exactly (horizon-edge rules, cover weights), and it is the outside check
of the solve strategy, so it should not move when the product rules change (README, design
notes, says what was shared and what not).

The model can be built for a *sub-problem*: a subset of employees, each free on a window of
days, everything else fixed to a reference roster.  All hard constraints are per employee
(only cover couples employees), so such a sub-problem is exact: its objective equals the full
objective of the combined roster.  Rules only visit the free days (plus a margin for the run
rules), so a two-week window of a one-year instance costs what a two-week instance costs.
That is what the large-neighbourhood search (LNS) of :func:`solve_instance` is built on.

Determinism: every CP-SAT call is limited by ``max_deterministic_time`` (not wall time), with
``interleave_search`` when more than one worker is used; the LNS runs one-worker solves (two
at a time in threads), draws neighbourhoods from ``random.Random(seed)``, merges results in
an order fixed by their objectives and stops on the accumulated deterministic time.  Same
instance, seed, workers and time limit -> same roster.  A wall-clock safety cap (``wall_cap``
x the limit) exists only to protect a shared machine; when it triggers the result is flagged
``deterministic=False``.  ``solve_instance(..., wall=True)`` reads the limit as wall-clock
seconds instead (:class:`_Clock`): how long a user waits, at the price of reproducibility."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from roster.bench.curtois import CurtoisInstance, Request, Roster, evaluate

if TYPE_CHECKING:
    from roster.bench.colgen import ColumnGenResult, RowCut

log = logging.getLogger(__name__)

Lit = cp_model.IntVar | int
"""A Boolean literal of the model, or a Python constant 0/1 for a fixed or impossible cell."""

Days = range | frozenset[int]
"""An employee's free days in a sub-problem: one window, or (the *shift* neighbourhood of the
LNS) the union of two."""


def _bounds(days: Days) -> tuple[int, int]:
    """First free day and one past the last (run rules look at everything in between)."""
    if isinstance(days, range):
        return days.start, days.stop
    return min(days), max(days) + 1


@dataclass(frozen=True)
class Term:
    """A named penalty term ``weight * expr`` of the objective."""

    name: str
    expr: cp_model.LinearExprT
    weight: int


# --------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------


class Prepared:
    """Per-instance tables computed once and shared by every (sub-)model of a solve.

    An LNS run builds thousands of sub-models; recomputing shift indexes, the cover table and
    the requests per employee for each of them costs more than solving the small ones."""

    def __init__(self, instance: CurtoisInstance) -> None:
        inst = self.inst = instance
        self.h = inst.horizon
        self.n = len(inst.staff)
        self.shift_ids = [s.id for s in inst.shifts]
        self.sidx = inst.shift_index
        self.minutes = [s.minutes for s in inst.shifts]
        self.allowed = [
            sorted(self.sidx[s] for s, k in p.max_shifts.items() if k > 0) for p in inst.staff
        ]
        nshift = len(inst.shifts)
        self.req = [[0] * nshift for _ in range(self.h)]
        self.w_under = [[0] * nshift for _ in range(self.h)]
        self.w_over = [[0] * nshift for _ in range(self.h)]
        for c in inst.cover:
            s = self.sidx[c.shift]
            self.req[c.day][s] = c.requirement
            self.w_under[c.day][s] = c.weight_under
            self.w_over[c.day][s] = c.weight_over
        self.on_by_emp: list[list[Request]] = [[] for _ in range(self.n)]
        self.off_by_emp: list[list[Request]] = [[] for _ in range(self.n)]
        for r in inst.on_requests:
            self.on_by_emp[r.employee].append(r)
        for r in inst.off_requests:
            self.off_by_emp[r.employee].append(r)
        self.forbid = [
            (self.sidx[s.id], [self.sidx[t] for t in s.not_after])
            for s in inst.shifts
            if s.not_after
        ]
        self.nvars = sum(
            len(self.allowed[e]) * (self.h - len(inst.days_off[e])) for e in range(self.n)
        )

    def counts(self, roster: Roster) -> list[list[int]]:
        """counts[d][s]: how many employees work shift s on day d."""
        sidx = self.sidx
        out = [[0] * len(self.shift_ids) for _ in range(self.h)]
        for row in roster:
            for d, sid in enumerate(row):
                if sid is not None:
                    out[d][sidx[sid]] += 1
        return out

    def objective(self, roster: Roster, counts: list[list[int]] | None = None) -> int:
        """The objective only (no hard-rule check): what the LNS needs to compare merged
        rosters quickly.  Validity is always re-checked by :func:`evaluate` at the end."""
        if counts is None:
            counts = self.counts(roster)
        total = 0
        for d in range(self.h):
            for s in range(len(self.shift_ids)):
                n, req = counts[d][s], self.req[d][s]
                if n < req:
                    total += self.w_under[d][s] * (req - n)
                elif n > req:
                    total += self.w_over[d][s] * (n - req)
        for r in self.inst.on_requests:
            if roster[r.employee][r.day] != r.shift:
                total += r.weight
        for r in self.inst.off_requests:
            if roster[r.employee][r.day] == r.shift:
                total += r.weight
        return total


class BenchModel:
    """Variables of (a sub-problem of) a Curtois instance, plus helpers that fold constants.

    ``employees``: the employee indexes that get variables (default: all).
    ``reference``: a complete roster; required when ``employees`` is a subset or cells are
    fixed.  Employees outside ``employees`` keep their reference rows; cells of model
    employees outside ``free_days[e]`` (default: the whole horizon) keep their reference value.

    Rules only look at the days where something is free (plus a margin for run rules), and
    cover lines only on free days, so a two-week window of a one-year instance costs what a
    two-week instance costs.  The objective is exact: ``ref_objective`` (the reference
    roster's objective, computed if not given) minus the reference cost of the terms the
    sub-problem re-decides, plus their new cost.
    """

    def __init__(
        self,
        instance: CurtoisInstance,
        employees: Sequence[int] | None = None,
        reference: Roster | None = None,
        free_days: dict[int, Days] | None = None,
        prep: Prepared | None = None,
        counts: list[list[int]] | None = None,
        ref_objective: int | None = None,
    ) -> None:
        self.inst = instance
        self.prep = prep if prep is not None else Prepared(instance)
        self.model = cp_model.CpModel()
        self.employees = list(range(len(instance.staff))) if employees is None else list(employees)
        if reference is None and (employees is not None or free_days):
            raise ValueError("a sub-problem needs a reference roster")
        self.reference = reference
        h = instance.horizon
        sidx = self.prep.sidx
        self.shift_ids = self.prep.shift_ids
        self.free: dict[int, Days] = {
            e: (free_days or {}).get(e, range(h)) if reference is not None else range(h)
            for e in self.employees
        }
        # x[e][d]: dict shift index -> var (free cell), or None (fixed cell, see fixed[e][d])
        self.x: dict[int, list[dict[int, cp_model.IntVar] | None]] = {}
        self.fixed: dict[int, list[int | None]] = {}
        self.work: dict[int, list[Lit]] = {}
        for e in self.employees:
            allowed = self.prep.allowed[e]
            free = self.free[e]
            off = instance.days_off[e]
            row_x: list[dict[int, cp_model.IntVar] | None] = []
            row_f: list[int | None] = []
            row_w: list[Lit] = []
            for d in range(h):
                if d in free:
                    if d in off:
                        cell: dict[int, cp_model.IntVar] = {}
                    else:
                        cell = {s: self.model.new_bool_var(f"x_{e}_{d}_{s}") for s in allowed}
                    row_x.append(cell)
                    row_f.append(None)
                    if not cell:
                        row_w.append(0)
                    elif len(cell) == 1:
                        row_w.append(next(iter(cell.values())))
                    else:
                        row_w.append(self.model.new_bool_var(f"w_{e}_{d}"))
                else:
                    assert reference is not None
                    sid = reference[e][d]
                    row_x.append(None)
                    row_f.append(None if sid is None else sidx[sid])
                    row_w.append(0 if sid is None else 1)
            self.x[e], self.fixed[e], self.work[e] = row_x, row_f, row_w
        # days with at least one free cell: only their cover lines are re-decided
        self.free_days_all = sorted({d for e in self.employees for d in self.free[e]})
        # cover counts of the reference outside the free cells
        self.cover_base: dict[tuple[int, int], int] = {}
        self.const_offset = 0
        #: The objective expression, set by build_model when it has one.
        self.objective: cp_model.LinearExprT = 0
        if reference is not None:
            if counts is None:
                counts = self.prep.counts(reference)
            for d in self.free_days_all:
                for s in range(len(self.shift_ids)):
                    self.cover_base[(d, s)] = counts[d][s]
            for e in self.employees:
                row = reference[e]
                for d in self.free[e]:
                    sid = row[d]
                    if sid is not None:
                        self.cover_base[(d, sidx[sid])] -= 1
            if ref_objective is None:
                ref_objective = self.prep.objective(reference, counts)
            self.const_offset = ref_objective - self._reference_cost(reference, counts)

    def _reference_cost(self, reference: Roster, counts: list[list[int]]) -> int:
        """Reference cost of the terms this sub-problem re-decides (cover lines on free days,
        requests of model employees on their free days)."""
        p = self.prep
        cost = 0
        for d in self.free_days_all:
            for s in range(len(self.shift_ids)):
                n, req = counts[d][s], p.req[d][s]
                cost += p.w_under[d][s] * max(0, req - n) + p.w_over[d][s] * max(0, n - req)
        for e in self.employees:
            free = self.free[e]
            for r in p.on_by_emp[e]:
                if r.day in free and reference[e][r.day] != r.shift:
                    cost += r.weight
            for r in p.off_by_emp[e]:
                if r.day in free and reference[e][r.day] == r.shift:
                    cost += r.weight
        return cost

    # -- literal helpers ----------------------------------------------------------------------

    def lit(self, e: int, d: int, s: int) -> Lit:
        """Literal 'employee e works shift s on day d' (0/1 when fixed or impossible)."""
        cell = self.x[e][d]
        if cell is None:
            return 1 if self.fixed[e][d] == s else 0
        return cell.get(s, 0)

    def span(self, e: int, margin: int) -> range:
        """Days within ``margin`` of employee e's free window (where rules can bite)."""
        f = self.free[e]
        if not f:
            return range(0)
        lo, hi = _bounds(f)
        return range(max(0, lo - margin), min(self.inst.horizon, hi + margin))

    def num_vars(self) -> int:
        return sum(len(c) for row in self.x.values() for c in row if c)

    def add_clause(self, lits: Sequence[tuple[Lit, bool]]) -> None:
        """Add the clause OR(lit if positive else NOT lit), folding constants."""
        out = []
        for lit, positive in lits:
            if isinstance(lit, int):
                if bool(lit) == positive:
                    return  # satisfied by a constant
                continue
            out.append(lit if positive else ~lit)
        if not out:
            raise ValueError("clause violated by fixed cells")
        self.model.add_bool_or(out)

    def add_at_most_one(self, lits: Sequence[Lit]) -> None:
        """At most one of ``lits`` is true, folding constants."""
        ones = sum(1 for v in lits if isinstance(v, int) and v)
        var_lits = [v for v in lits if not isinstance(v, int)]
        if ones > 1:
            raise ValueError("at-most-one violated by fixed cells")
        if ones == 1:
            for v in var_lits:
                self.model.add(v == 0)
        elif len(var_lits) > 1:
            self.model.add_at_most_one(var_lits)

    # -- solution ----------------------------------------------------------------------------

    def extract(self, solver: cp_model.CpSolver) -> Roster:
        """The complete roster: free cells from the solver, everything else from reference."""
        h = self.inst.horizon
        roster: Roster = (
            [list(r) for r in self.reference]
            if self.reference is not None
            else [[None] * h for _ in self.inst.staff]
        )
        for e in self.employees:
            for d in self.free[e]:
                cell = self.x[e][d]
                assert cell is not None
                roster[e][d] = None
                for s, v in cell.items():
                    if solver.boolean_value(v):
                        roster[e][d] = self.shift_ids[s]
                        break
        return roster

    def add_hint(self, roster: Roster) -> None:
        """Hint every free variable with the value in ``roster`` (a complete roster)."""
        sidx = self.prep.sidx
        for e in self.employees:
            for d in self.free[e]:
                cell = self.x[e][d]
                if not cell:
                    continue
                sid = roster[e][d]
                s = None if sid is None else sidx[sid]
                for t, v in cell.items():
                    self.model.add_hint(v, t == s)
                w = self.work[e][d]
                if len(cell) > 1 and not isinstance(w, int):
                    self.model.add_hint(w, s is not None)


# --------------------------------------------------------------------------------------------
# Rule catalogue: each rule adds constraints and returns its penalty terms.
# --------------------------------------------------------------------------------------------


def rule_one_shift_per_day(m: BenchModel) -> list[Term]:
    """Hard 1: at most one shift per day; ``work`` is the day's 'worked' literal."""
    for e in m.employees:
        for d in m.free[e]:
            cell = m.x[e][d]
            if cell and len(cell) > 1:
                w = m.work[e][d]
                assert not isinstance(w, int)
                m.model.add_exactly_one([~w, *cell.values()])
    return []


def rule_forbidden_successions(m: BenchModel) -> list[Term]:
    """Hard 2: X on d forbids every S in NotAfter(X) on d+1.  One at-most-one per (X, d): the
    shifts of day d+1 are mutually exclusive, so a clique constraint is exact and tighter than
    one binary clause per pair."""
    rules = m.prep.forbid
    if not rules:
        return []
    h = m.inst.horizon
    for e in m.employees:
        for d in m.span(e, 1):
            if d + 1 >= h or (m.x[e][d] is None and m.x[e][d + 1] is None):
                continue
            for s, forb in rules:
                a = m.lit(e, d, s)
                if isinstance(a, int) and not a:
                    continue
                m.add_at_most_one([a, *(m.lit(e, d + 1, t) for t in forb)])
    return []


def _row_constants(m: BenchModel, e: int) -> tuple[dict[int, int], int]:
    """Shift counts and minutes of employee e's fixed cells."""
    counts: dict[int, int] = {}
    minutes = 0
    for f in m.fixed[e]:
        if f is not None:
            counts[f] = counts.get(f, 0) + 1
            minutes += m.prep.minutes[f]
    return counts, minutes


def rule_max_shifts_per_type(m: BenchModel) -> list[Term]:
    """Hard 3: count of each shift type <= MaxShifts (0 handled by not creating variables)."""
    sidx = m.prep.sidx
    for e in m.employees:
        const, _ = _row_constants(m, e)
        for sid, limit in m.inst.staff[e].max_shifts.items():
            if limit <= 0:
                continue
            s = sidx[sid]
            var_lits = [c[s] for d in m.free[e] if (c := m.x[e][d]) and s in c]
            if len(var_lits) + const.get(s, 0) > limit:
                m.model.add(sum(var_lits) <= limit - const.get(s, 0))
    return []


def rule_total_minutes(m: BenchModel) -> list[Term]:
    """Hard 4: MinTotalMinutes <= worked minutes <= MaxTotalMinutes."""
    mins = m.prep.minutes
    for e in m.employees:
        p = m.inst.staff[e]
        _, const = _row_constants(m, e)
        expr = [mins[s] * v for d in m.free[e] if (c := m.x[e][d]) for s, v in c.items()]
        m.model.add_linear_constraint(
            sum(expr), p.min_total_minutes - const, p.max_total_minutes - const
        )
    return []


def rule_max_consecutive_shifts(m: BenchModel) -> list[Term]:
    """Hard 5: any K+1 consecutive days contain at most K worked days (days outside the
    horizon are off, so windows inside the horizon are exactly the rule)."""
    h = m.inst.horizon
    for e in m.employees:
        k = m.inst.staff[e].max_consecutive_shifts
        w = m.work[e]
        f = m.free[e]
        if not f:
            continue
        lo, hi = _bounds(f)
        for d in range(max(0, lo - k), min(h - k, hi)):
            win = w[d : d + k + 1]
            if all(isinstance(v, int) for v in win):
                continue
            m.model.add(sum(win) <= k)
    return []


def _forbid_short_runs(m: BenchModel, e: int, minimum: int, worked: bool) -> None:
    """Forbid maximal runs of ``worked`` shorter than ``minimum`` that touch neither day 0 nor
    day h-1 (FORMAT.md rules 6-7: an unlimited run is assumed outside the horizon).  A run of
    length k starting at d (1 <= d, d+k <= h-1) is excluded by one clause on its window."""
    h = m.inst.horizon
    w = m.work[e]
    f = m.free[e]
    if not f:
        return
    lo, hi = _bounds(f)
    for k in range(1, minimum):
        for d in range(max(1, lo - k), min(h - k, hi + 1)):
            clause: list[tuple[Lit, bool]] = [(w[d - 1], worked)]
            clause += [(w[t], not worked) for t in range(d, d + k)]
            clause.append((w[d + k], worked))
            if all(isinstance(v, int) for v, _ in clause):
                continue
            m.add_clause(clause)


def rule_min_consecutive_shifts(m: BenchModel) -> list[Term]:
    """Hard 6: inner work runs are at least MinConsecutiveShifts long (edge runs exempt)."""
    for e in m.employees:
        _forbid_short_runs(m, e, m.inst.staff[e].min_consecutive_shifts, worked=True)
    return []


def rule_min_consecutive_days_off(m: BenchModel) -> list[Term]:
    """Hard 7: inner off runs are at least MinConsecutiveDaysOff long (edge runs exempt)."""
    for e in m.employees:
        _forbid_short_runs(m, e, m.inst.staff[e].min_consecutive_days_off, worked=False)
    return []


def rule_max_weekends(m: BenchModel) -> list[Term]:
    """Hard 8: worked weekends <= MaxWeekends, with one indicator per weekend
    (Sat or Sun worked => indicator), so the count is a plain linear sum."""
    for e in m.employees:
        limit = m.inst.staff[e].max_weekends
        nw = m.inst.num_weekends
        if limit >= nw:
            continue
        w = m.work[e]
        indicators: list[Lit] = []
        for k in range(nw):
            sat, sun = w[7 * k + 5], w[7 * k + 6]
            if any(isinstance(v, int) and v for v in (sat, sun)):
                indicators.append(1)  # a fixed worked day makes the weekend count
                continue
            if isinstance(sat, int) and isinstance(sun, int):
                indicators.append(0)
                continue
            if limit == 0:
                for v in (sat, sun):
                    if not isinstance(v, int):
                        m.model.add(v == 0)
                continue
            ind = m.model.new_bool_var(f"we_{e}_{k}")
            for v in (sat, sun):
                if not isinstance(v, int):
                    m.model.add_implication(v, ind)
            m.model.add_bool_or([v for v in (sat, sun) if not isinstance(v, int)] + [~ind])
            indicators.append(ind)
        if limit > 0 and any(not isinstance(v, int) for v in indicators):
            m.model.add(sum(indicators) <= limit)
    return []


def rule_days_off(m: BenchModel) -> list[Term]:
    """Hard 9: required days off.  Applied at variable creation (no variable exists for such a
    cell), which is the tightest form; this rule only guards fixed reference cells."""
    for e in m.employees:
        for d in m.inst.days_off[e]:
            if m.x[e][d] is None and m.fixed[e][d] is not None:
                raise ValueError(f"reference roster works employee {e} on day off {d}")
    return []


def rule_on_requests(m: BenchModel) -> list[Term]:
    """Soft: weight if the employee does not work the requested shift (requests outside the
    free cells are in the constant offset)."""
    sidx = m.prep.sidx
    terms = []
    for e in m.employees:
        for r in m.prep.on_by_emp[e]:
            if r.day in m.free[e]:
                lit = m.lit(e, r.day, sidx[r.shift])
                terms.append(Term(f"on_{e}_{r.day}_{r.shift}", 1 - lit, r.weight))
    return terms


def rule_off_requests(m: BenchModel) -> list[Term]:
    """Soft: weight if the employee works exactly the shift asked off."""
    sidx = m.prep.sidx
    terms = []
    for e in m.employees:
        for r in m.prep.off_by_emp[e]:
            if r.day in m.free[e]:
                lit = m.lit(e, r.day, sidx[r.shift])
                terms.append(Term(f"off_{e}_{r.day}_{r.shift}", lit, r.weight))
    return terms


def rule_cover(m: BenchModel) -> list[Term]:
    """Soft: under-cover (weight per missing person) and over-cover (per extra person).

    Exact linear terms wherever the line's side is already decided: if the fixed people alone
    meet the requirement, every free person is over-cover (``wo * (const + sum - req)``); if
    even all free people cannot reach it, every free person removes one under-cover
    (``wu * (req - const - sum)``).  Only lines that can end on either side get slack
    variables ``n + under - over == requirement`` (minimisation keeps one of them at 0).  In a
    one-employee sub-problem every line is linear, so the construction model has no cover
    variables at all."""
    p = m.prep
    terms: list[Term] = []
    nshift = len(m.shift_ids)
    free_lits: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    for e in m.employees:
        for d in m.free[e]:
            cell = m.x[e][d]
            if cell:
                for s, v in cell.items():
                    free_lits.setdefault((d, s), []).append(v)
    for d in m.free_days_all:
        for s in range(nshift):
            req, wu, wo = p.req[d][s], p.w_under[d][s], p.w_over[d][s]
            const = m.cover_base.get((d, s), 0)
            var_lits = free_lits.get((d, s), [])
            name = f"cover_{d}_{m.shift_ids[s]}"
            if not var_lits:
                cost = wu * max(0, req - const) + wo * max(0, const - req)
                if cost:
                    terms.append(Term(name, cost, 1))
                continue
            if const >= req:
                terms.append(Term(name + "_over", const - req + sum(var_lits), wo))
                continue
            if const + len(var_lits) <= req:
                terms.append(Term(name + "_under", req - const - sum(var_lits), wu))
                continue
            under = m.model.new_int_var(0, req - const, f"under_{d}_{s}")
            over = m.model.new_int_var(0, const + len(var_lits) - req, f"over_{d}_{s}")
            m.model.add(sum(var_lits) + const + under - over == req)
            terms.append(Term(name + "_under", under, wu))
            terms.append(Term(name + "_over", over, wo))
    return terms


Rule = Callable[[BenchModel], list[Term]]

RULES: dict[str, Rule] = {
    "one_shift_per_day": rule_one_shift_per_day,
    "forbidden_successions": rule_forbidden_successions,
    "max_shifts_per_type": rule_max_shifts_per_type,
    "total_minutes": rule_total_minutes,
    "max_consecutive_shifts": rule_max_consecutive_shifts,
    "min_consecutive_shifts": rule_min_consecutive_shifts,
    "min_consecutive_days_off": rule_min_consecutive_days_off,
    "max_weekends": rule_max_weekends,
    "days_off": rule_days_off,
    "on_requests": rule_on_requests,
    "off_requests": rule_off_requests,
    "cover": rule_cover,
}
"""The catalogue, in the order rules are added.  Hard rules return no terms."""


def build_model(
    instance: CurtoisInstance,
    employees: Sequence[int] | None = None,
    reference: Roster | None = None,
    free_days: dict[int, Days] | None = None,
    with_objective: bool = True,
    prep: Prepared | None = None,
    counts: list[list[int]] | None = None,
    ref_objective: int | None = None,
) -> tuple[BenchModel, list[Term]]:
    """Build the model rule by rule; the objective (if wanted) is the weighted term sum plus
    the constant cost of everything the sub-problem does not re-decide, so it equals the full
    objective of the resulting roster."""
    m = BenchModel(instance, employees, reference, free_days, prep, counts, ref_objective)
    terms: list[Term] = []
    for rule in RULES.values():
        terms.extend(rule(m))
    if with_objective:
        m.objective = sum(t.weight * t.expr for t in terms) + m.const_offset
        m.model.minimize(m.objective)
    return m, terms


def add_row_cuts(m: BenchModel, cuts: Sequence[RowCut]) -> int:
    """Add column generation's row cuts (see :class:`roster.bench.colgen.RowCut`) for the
    model's employees, fixed cells folded into the right-hand side; returns how many."""
    added = 0
    for cut in cuts:
        e = cut.employee
        if e not in m.x:
            continue
        const = 0
        lits: list[cp_model.IntVar] = []
        coefs: list[int] = []
        for (d, s), c in cut.coef.items():
            lit = m.lit(e, d, s)
            if isinstance(lit, int):
                const += c * lit
            else:
                lits.append(lit)
                coefs.append(c)
        if lits:
            m.model.add(cp_model.LinearExpr.weighted_sum(lits, coefs) >= cut.rhs - const)
            added += 1
    return added


# --------------------------------------------------------------------------------------------
# Solving
# --------------------------------------------------------------------------------------------


@dataclass
class BenchResult:
    """Outcome of :func:`solve_instance`.  ``objective`` is recomputed by the independent
    evaluator; ``feasible`` is the evaluator's verdict (not the solver's)."""

    instance: str
    roster: Roster | None
    objective: int | None
    feasible: bool
    status: str
    bound: int | None
    time_to_first: float | None
    time_to_best: float | None
    wall_time: float
    strategy: str
    deterministic: bool = True
    split: tuple[int, int, int] | None = None  # on, off, cover
    violations: list[str] = field(default_factory=list)
    settings: dict[str, object] = field(default_factory=dict)
    stats: dict[str, object] = field(default_factory=dict)


class _Tracker(cp_model.CpSolverSolutionCallback):
    """Records when the first and the best solutions arrive (wall clock since ``t0``), and
    stops the search at a solution whose objective is at most ``stop_at`` (a proven bound)."""

    def __init__(self, t0: float, stop_at: int | None = None) -> None:
        super().__init__()
        self.t0 = t0
        self.stop_at = stop_at
        self.first: float | None = None
        self.best: float | None = None
        self.best_value: float | None = None

    def on_solution_callback(self) -> None:
        now = time.monotonic() - self.t0
        if self.first is None:
            self.first = now
        v = self.objective_value
        if self.best_value is None or v < self.best_value:
            self.best_value = v
            self.best = now
        if self.stop_at is not None and v <= self.stop_at:
            self.stop_search()


def _solver(
    dtime: float, seed: int, workers: int, log_search: bool, wall: float
) -> cp_model.CpSolver:
    """A solver limited by deterministic time (reproducible), with a wall-clock safety net."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_deterministic_time = max(0.01, dtime)
    p.max_time_in_seconds = max(0.05, wall)
    p.random_seed = seed
    p.num_workers = max(1, workers)
    if workers > 1:
        p.interleave_search = True
    p.log_search_progress = log_search
    return solver


_STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}

FULL_MODEL_MAX_VARS = 6_000
"""Up to this many assignment variables, ``auto`` ends with a hinted solve of the full model
(LNS incumbent as hint) to close the gap and report a proven bound.  Above it the full model is
not worth its build time (issue #5400: CP-SAT alone may find nothing on Instance23)."""

FULL_SHARE = 0.2
"""Share of the budget that ``auto`` gives to the final full solve on small instances."""

STALL_SHARE = 0.05
"""With a deterministic budget, the LNS before the final full solve does not stop at its
``1 - FULL_SHARE`` of the budget while it still improves: it goes on until it has gone this
share of the budget without a gain (or until only :data:`FULL_MIN_SHARE` is left), and the
full solve gets what remains.  Measured at 60 deterministic s, two workers: Instance11 reached
its best known 3,443 after 49.9 deterministic s of LNS (3,445 when stopped at 44), 5-7 and
10 ended as before (1143, 1951, 1068, 4650), 8 and 9 one unit worse (1436, 455: their full
solve had a little less time).  A wall-clock budget keeps the fixed split."""

FULL_MIN_SHARE = 0.05
"""The share of the budget the final full solve always keeps (see :data:`STALL_SHARE`)."""

SUB_DTIME = 1.5
"""Deterministic-time cap of one LNS sub-solve: long enough to close the neighbourhoods the
adaptive size aims at, short enough that a bad draw does not eat the budget."""

#: Relaxation-induced neighbourhoods (RINS, Danna, Rothberg & Le Pape 2005), where column
#: generation gave an LP solution: every cell where the incumbent agrees with a value the LP
#: holds at (at least) RINS_FIX is kept, and CP-SAT re-solves all the others at once, hinted
#: with the incumbent.  The LP over whole rows is nearly integral on these instances (bound
#: within 0-3 of the optimum on 6, 7, 10, 11), so its integral cells are mostly right and the
#: cells left free are where the incumbent went astray: a few hundred of 500-1,100.  From the
#: LNS's 60-second rosters (session 19): Instance7 1068 -> 1057 (optimum 1056) in 4.5
#: deterministic s on one worker, 10 4650 -> 4635, 8 1436 -> 1423, 9 455 -> 450; 6 unchanged.
RINS_FIX = 0.999
#: A RINS solve runs when the LNS has gone this share of its deterministic budget without a
#: gain (3 s of a minute) and the incumbent has changed since the last one (the neighbourhood
#: depends on the incumbent); after one that gains nothing the next waits twice as long.  Fired
#: after every 1.5 s stall instead, it ran 5-34 times a minute and starved the LNS on the
#: instances whose LP is weaker (Instance9 571 against 455, 11 3547 against 3443).
RINS_STALL = 0.06
#: Deterministic seconds of one RINS solve (one worker).
RINS_DTIME = 5.0


COLGEN_MAX_DAYS = 56
"""Up to this horizon (Instances 1-12 and 14-17) the solve starts with column generation
(roster.bench.colgen) for a proven lower bound: its pricing rows are short enough to solve in
hundredths of a second.  At 84 days (Instance18) a pricing row often used up its deterministic
second unproven, and 150 deterministic seconds (548 s of wall time) gave 14 rounds and no
bound worth having."""

COLGEN_MAX_VARS = 20_000
"""Nor above this many assignment variables: on Instance13 (120 staff x 28 days x 18 shift
types, 39,936) a quarter of the ten-minute budget (252 s of wall time) gave 22 rounds,
an LP still at 2,100 and a bound of 220, against a best known of 1,348."""

EXACT_FIRST_MAX_VARS = 600
"""Up to this many assignment variables, the solve runs the *exact phase* right after column
generation: one CP-SAT worker on the whole model, strengthened by column generation's row cuts
(see :func:`add_row_cuts`).  With the cuts the model's relaxation carries the Lagrangian
bound, and CP-SAT closes small instances by itself: Instance4 (468 variables) proven optimal,
1716, after 6.7 deterministic s from any start and 13.5 s of wall time in the 60-second run,
where the LNS stayed at 1718 for the whole minute (and CP-SAT without the cuts was at 1719
against its own bound of 1575).  Instance5 (676) is past the point where it pays: the
phase used its third of the budget without nearing the LNS's 1143 and left the LNS 1149."""

EXACT_SHARE = 0.35
"""Most of the budget (after the construction and column generation) the exact phase may use;
an unfinished exact phase hands its roster to the LNS as the start."""

COLGEN_SHARE = 0.25
"""Most of the budget column generation may use (deterministic seconds of pricing); it usually
converges in far less (Instance10: 6 of 60)."""


UNLIMITED_DTIME = 1e9
"""The deterministic limit of a phase that only the wall clock ends (``wall=True``)."""


@dataclass(frozen=True)
class _Clock:
    """How long each phase of :func:`solve_instance` may run.

    Deterministic budget (the default): each phase gets its share of the deterministic time and
    a wall-clock safety cap of ``wall_cap`` times that share plus 5 s, counted from the solve's
    start for column generation and the LNS, from its own start for a CP-SAT solve (as before
    the wall budget existed, so those runs are unchanged).

    Wall budget: ``time_limit`` is the wall-clock time of the whole solve, shared out as the
    phases go: each phase gets its share of what is *left* when it starts, so time a phase does
    not use goes to the next, and no phase stops early because an earlier one was quick.  Their
    deterministic limits are then lifted (:data:`UNLIMITED_DTIME`); the construction keeps its
    deterministic per-row limits, computed from ``time_limit`` as in the deterministic budget."""

    t0: float
    time_limit: float
    wall_cap: float
    wall: bool

    def left(self) -> float:
        return max(0.0, self.t0 + self.time_limit - time.monotonic())

    def dtime(self, share: float) -> float:
        """The deterministic limit of a phase whose deterministic share is ``share``."""
        return UNLIMITED_DTIME if self.wall else share

    def deadline(self, dtime: float, share: float = 1.0) -> float:
        """The ``time.monotonic()`` instant at which a phase that counts from the solve's start
        (column generation, the LNS) must stop: the safety cap of ``dtime`` deterministic
        seconds, or ``share`` of what is left of a wall budget."""
        if self.wall:
            return time.monotonic() + share * self.left()
        return self.t0 + self.wall_cap * dtime + 5

    def seconds(self, dtime: float, share: float = 1.0) -> float:
        """Wall-clock seconds for a CP-SAT solve of ``dtime`` deterministic seconds, or of
        ``share`` of what is left of a wall budget."""
        if self.wall:
            return max(0.05, share * self.left())
        return self.wall_cap * dtime + 5


def solve_instance(
    instance: CurtoisInstance,
    time_limit: float,
    seed: int = 0,
    workers: int = 2,
    log: bool = False,
    hint: Roster | None = None,
    strategy: str = "auto",
    wall_cap: float = 2.0,
    stop_at: int | None = None,
    bound: bool = True,
    wall: bool = False,
) -> BenchResult:
    """Solve ``instance`` within ``time_limit`` deterministic seconds (see module docstring),
    or, with ``wall``, within ``time_limit`` seconds of wall-clock time.

    strategy: ``"full"`` one CP-SAT solve of the whole model (hinted with ``hint``);
    ``"lns"`` greedy per-employee construction then LNS;
    ``"auto"`` = ``"lns+full"`` (LNS, then a hinted full solve for the last
    :data:`FULL_SHARE` of the budget) up to :data:`FULL_MODEL_MAX_VARS` assignment variables,
    else ``"lns"``.
    ``bound``: up to :data:`COLGEN_MAX_DAYS` days and :data:`COLGEN_MAX_VARS` assignment
    variables, the LNS strategies start with column generation
    (at most :data:`COLGEN_SHARE` of the budget) for a proven lower bound: the LNS stops when it
    reaches it (the roster is then optimal) and the full solve starts from it.  Up to
    :data:`EXACT_FIRST_MAX_VARS` assignment variables, ``lns+full`` first runs the *exact
    phase*: the cut model on one worker, for at most :data:`EXACT_SHARE` of the budget; when it
    proves its roster optimal the solve ends there, else the LNS starts from its roster.  (The
    cut model is the one of :func:`add_row_cuts`.)  The
    strategy is then reported as ``cg+lns``, ``cg+lns+full``, ``cg+exact`` or
    ``cg+exact+lns+full``.
    ``stop_at``: stop the LNS as soon as the objective is <= this value (a known lower bound
    makes the result optimal; used by the tests to keep them short).
    ``wall``: the budget is wall-clock time, shared out as the phases go (see :class:`_Clock`),
    which is how a user waits for a roster; the result then depends on the machine and its
    load and is flagged ``deterministic=False``.
    """
    t0 = time.monotonic()
    clock = _Clock(t0, time_limit, wall_cap, wall)
    prep = Prepared(instance)
    if strategy == "auto":
        strategy = "lns+full" if prep.nvars <= FULL_MODEL_MAX_VARS else "lns"
    settings: dict[str, object] = {
        "time_limit": time_limit,
        "seed": seed,
        "workers": workers,
        "strategy": strategy,
        "clock": "wall" if wall else "deterministic",
    }
    lower: int | None = None
    lp_cells: list[list[dict[int | None, float]]] | None = None
    colgen: ColumnGenResult | None = None
    cuts: Sequence[RowCut] = ()
    budget = time_limit
    first: float | None = None
    if bound and strategy in ("lns", "lns+full") and prep.h <= COLGEN_MAX_DAYS and prep.nvars <= COLGEN_MAX_VARS:
        from roster.bench.colgen import column_generation  # it builds on this module's model

        if hint is None:
            # The LNS's start is built first (as the LNS would build it), so the first roster
            # does not wait for the bound: column generation takes 0.2-30 s of wall time.
            share = time_limit if strategy == "lns" else (1 - FULL_SHARE) * time_limit
            hint, used = _construct(prep, share, seed)
            budget -= used
            first = time.monotonic() - t0
        colgen = column_generation(prep, clock.dtime(COLGEN_SHARE * time_limit), seed, workers,
                                   clock.deadline(time_limit, COLGEN_SHARE))
        lower = colgen.lower_bound
        cuts = colgen.cuts
        lp_cells = colgen.cells
        budget = max(0.0, budget - colgen.dtime)
        if lower is not None:
            stop_at = lower if stop_at is None else max(stop_at, lower)
    constructed = first is not None  # the LNS must not build its start a second time
    if strategy == "full":
        res = _solve_full(prep, clock.dtime(time_limit), seed, workers, log, hint, t0, clock.seconds(time_limit))
    elif strategy == "lns":
        res = _solve_lns(prep, clock.dtime(budget), seed, workers, log, hint, t0, clock.deadline(budget),
                         stop_at, constructed, construct_dtime=budget, asynchronous=wall, lp=lp_cells)
    elif strategy == "lns+full":
        exact: BenchResult | None = None
        if cuts and prep.nvars <= EXACT_FIRST_MAX_VARS:
            exact = _solve_full(prep, EXACT_SHARE * budget, seed, 1, log, hint, t0,
                                clock.seconds(EXACT_SHARE * budget, EXACT_SHARE), lower, cuts)
            budget = max(0.0, budget - float(exact.stats["dtime"]))
            if exact.roster is not None:
                hint = exact.roster  # valid by construction of the model: the LNS's start
        if exact is not None and exact.status == "OPTIMAL":
            res, strategy = exact, "exact"
        else:
            lns_time = (1 - FULL_SHARE) * budget
            if STALL_SHARE and not wall:
                hard = (1 - FULL_MIN_SHARE) * budget
                res = _solve_lns(prep, clock.dtime(hard), seed, workers, log, hint, t0,
                                 clock.deadline(hard), stop_at, constructed,
                                 construct_dtime=lns_time, soft=(lns_time, STALL_SHARE * budget), lp=lp_cells)
                full_time = budget - float(res.stats["dtime"])
            else:
                res = _solve_lns(prep, clock.dtime(lns_time), seed, workers, log, hint, t0,
                                 clock.deadline(lns_time, 1 - FULL_SHARE), stop_at, constructed,
                                 construct_dtime=lns_time, asynchronous=wall, lp=lp_cells)
                full_time = budget - lns_time
            reached = stop_at is not None and res.bound is not None
            if res.status != "OPTIMAL" and not reached:
                # Without the cuts: with them the final solve gave the same rosters on Instances
                # 5-8, 10 and 11 and one unit worse on 9 (458).
                res = _finish_full(prep, res, clock.dtime(full_time), seed, workers, log, t0,
                                   clock.seconds(full_time), lower)
            if exact is not None:
                strategy = "exact+lns+full"
                res.deterministic = res.deterministic and exact.deterministic
                if exact.time_to_first is not None:
                    res.time_to_first = exact.time_to_first
    else:
        raise ValueError(f"unknown strategy {strategy!r}")
    res.settings = settings
    res.strategy = strategy
    if first is not None and res.time_to_first is not None:
        res.time_to_first = first
    if colgen is not None:
        res.strategy = "cg+" + strategy
        res.deterministic = res.deterministic and colgen.deterministic
        res.stats = {**res.stats, "colgen": {"bound": colgen.lower_bound, "lp": colgen.lp_value,
                                             "converged": colgen.converged, "iterations": colgen.iterations,
                                             "columns": colgen.columns, "dtime": colgen.dtime}}
    if lower is not None:
        res.bound = lower if res.bound is None else max(res.bound, lower)
    if wall:
        res.deterministic = False  # the wall clock decided how far each phase got
    if res.roster is not None:
        ev = evaluate(instance, res.roster)
        res.objective = ev.objective
        res.feasible = ev.feasible
        res.split = (ev.on_cost, ev.off_cost, ev.cover_cost)
        res.violations = [str(v) for v in ev.violations[:20]]
        if ev.feasible and res.bound is not None and ev.objective <= res.bound:
            res.status = "OPTIMAL"  # it meets a proven lower bound
    res.wall_time = time.monotonic() - t0
    return res


def _finish_full(
    prep: Prepared,
    res: BenchResult,
    time_limit: float,
    seed: int,
    workers: int,
    log_search: bool,
    t0: float,
    wall: float,
    lower: int | None = None,
) -> BenchResult:
    """Hinted full solve after LNS: keeps the better roster, reports the solver's bound."""
    full = _solve_full(prep, time_limit, seed, workers, log_search, res.roster, t0, wall, lower)
    full.time_to_first = res.time_to_first
    full.deterministic = full.deterministic and res.deterministic
    full.stats = res.stats
    if res.roster is None:
        return full
    if full.roster is None:
        return res
    if prep.objective(full.roster) >= prep.objective(res.roster):
        full.roster, full.time_to_best = res.roster, res.time_to_best
    return full


def _solve_full(
    prep: Prepared,
    time_limit: float,
    seed: int,
    workers: int,
    log_search: bool,
    hint: Roster | None,
    t0: float,
    wall: float,
    lower: int | None = None,
    cuts: Sequence[RowCut] = (),
) -> BenchResult:
    """One CP-SAT solve of the whole model, hinted with ``hint``, for at most ``time_limit``
    deterministic and ``wall`` wall-clock seconds; reaching ``lower`` (a proven
    lower bound) ends the solve, the roster then being optimal, and ``cuts`` (column
    generation's row cuts) give the model's relaxation that bound."""
    inst = prep.inst
    m, _ = build_model(inst, prep=prep)
    if hint is not None:
        m.add_hint(hint)
    # ``lower`` is not added as ``objective >= lower``: CP-SAT then reports that constraint as
    # its bound instead of its own (Instance17: 4920 from column generation instead of the LP's
    # 5718 after 20 deterministic s).  A roster that reaches it stops the search instead.
    if cuts:
        add_row_cuts(m, cuts)
    log.info("%s: full model, %d assignment vars", inst.name, m.num_vars())
    solver = _solver(time_limit, seed, workers, log_search, wall)
    solver.parameters.linearization_level = 2
    tracker = _Tracker(t0, lower)
    status = solver.solve(m.model, tracker)
    has = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return BenchResult(
        instance=inst.name,
        roster=m.extract(solver) if has else None,
        objective=None,
        feasible=False,
        status=_STATUS.get(status, str(status)),
        bound=round(solver.best_objective_bound) if has else None,
        time_to_first=tracker.first,
        time_to_best=tracker.best,
        wall_time=0.0,
        strategy="full",
        deterministic=solver.wall_time < wall - 0.5,
        stats={"dtime": solver.deterministic_time},
    )


@dataclass
class _Sub:
    """One LNS neighbourhood: its kind, the employees and the free day window."""

    kind: str
    employees: list[int]
    days: Days
    size: float = 0.0
    """Its free assignment variables (as :func:`_draw` counts them)."""
    free: dict[int, list[int]] | None = None
    """Free days per employee instead of ``days`` for all (a RINS neighbourhood)."""

    def free_days(self) -> dict[int, Days]:
        return dict(self.free) if self.free is not None else dict.fromkeys(self.employees, self.days)


@dataclass
class _SubOutcome:
    roster: Roster | None
    objective: int | None
    dtime: float
    optimal: bool
    wall_hit: bool


def _sub_run(m: BenchModel, dtime: float, seed: int, wall: float, cost: bool = True) -> _SubOutcome:
    """Solve one hinted sub-problem on one worker with the full LP relaxation
    (``linearization_level=2``): on these instances that closes small neighbourhoods in
    fractions of a second where the default level stalls on a weak bound."""
    solver = _solver(dtime, seed, 1, False, wall)
    solver.parameters.linearization_level = 2
    status = solver.solve(m.model)
    used = solver.deterministic_time
    wall_hit = solver.wall_time >= wall - 0.05 and used < dtime - 0.05
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _SubOutcome(None, None, used, False, wall_hit)
    roster = m.extract(solver)
    # The roster's true cost, recomputed, rather than the solver's objective: the LNS carries
    # this value from round to round (it is the next sub-problems' offset), so one wrong value
    # would stay with it.  It did: Instance24's LNS (commit 97db64a, 600 s) ended believing
    # 185,733 for a roster that costs 185,632, and 23's 48,349 for 48,147: an unfinished solve
    # can leave a cover line's under and over slacks both positive (one missing and one extra
    # person for a line that has neither, 101 too much).  On 23 two sub-solves were 101 over,
    # which this recomputation now shows (same roster, the LNS's figure now the evaluator's).
    # ``cost=False``: the caller wants the roster only (the construction, whose models' objective
    # is relative to an empty roster), and the recount is skipped.
    obj = m.prep.objective(roster) if cost and m.model.has_objective() else None
    return _SubOutcome(roster, obj, used, status == cp_model.OPTIMAL, wall_hit)


def _cover_gain(prep: Prepared, counts: list[list[int]], d: int, k: int) -> int:
    """What one more person on shift k of day d is worth against the cover ``counts``: the
    under-cover weight where people are missing, minus the over-cover weight where not."""
    return prep.w_under[d][k] if counts[d][k] < prep.req[d][k] else -prep.w_over[d][k]


def _feasible_rows(
    prep: Prepared,
    reference: Roster,
    e: int,
    seed: int,
    counts: list[list[int]] | None = None,
    directions: Sequence[bool] = (False,),
) -> tuple[list[Roster | None], float]:
    """Valid rows for employee ``e`` from a fixed greedy search, cover-aware if ``counts``: one
    per entry of ``directions`` (``True``: backward), and the deterministic time used.

    The search goes day by day (from the first, or backward from the last): work if the rules
    allow, on the shift worth most that day (missing people first, then the employee's
    on-requests, then the least-limited type).  Propagation of the run, minute and weekend
    rules shapes the rest.  It finds a row in a fraction of a second where the LP-guided search
    needs tens of seconds per yearly row (Instances 22-24: e.g. 232-234 of ~330 available days
    with runs of 2-5).  Quick restarts and then the LP-guided search are the fallbacks; they do
    not depend on the direction, so a direction whose search dead-ends gets the one fallback
    row.  The model is built once (building a yearly row is about half its wall time) and only
    its search strategy changes between the searches."""
    inst = prep.inst
    m, _ = build_model(inst, [e], reference, None, with_objective=False, prep=prep)
    limits = inst.staff[e].max_shifts
    by_limit = {k: limits.get(inst.shifts[k].id, 0) for k in range(len(inst.shifts))}
    wish = {(r.day, prep.sidx[r.shift]): r.weight for r in prep.on_by_emp[e]}
    for r in prep.off_by_emp[e]:
        wish[(r.day, prep.sidx[r.shift])] = -r.weight

    def value(d: int, k: int) -> tuple[int, int]:
        cover = 0 if counts is None else _cover_gain(prep, counts, d, k)
        return (cover + wish.get((d, k), 0), by_limit[k])

    used = 0.0  # deterministic seconds over every search of this row

    def search(strategy: list[cp_model.IntVar], dtime: float, wall: float, fixed: bool) -> Roster | None:
        m.model.proto.search_strategy.clear()
        m.model.add_decision_strategy(strategy, cp_model.CHOOSE_FIRST, cp_model.SELECT_MAX_VALUE)
        solver = _solver(dtime, seed, 1, False, wall)
        if fixed:
            solver.parameters.search_branching = cp_model.FIXED_SEARCH
            # A fixed search needs neither presolve nor the LP, and on a yearly row they were
            # nearly its whole cost: with them a row took 1-2 deterministic s, and presolve
            # alone used up the (then 2 s) limit of some rows, which fell back to the 5 s search
            # below.  Without them a row takes 0.1 s (at most 0.8 on Instance24), so a row
            # still searching after 1 s is thrashing and goes to the fallback.  Construction of
            # Instance24: 517 -> 24 deterministic s; Instance23: 47 -> 4.
            solver.parameters.cp_model_presolve = False
            solver.parameters.linearization_level = 0
        else:
            solver.parameters.search_branching = cp_model.PORTFOLIO_WITH_QUICK_RESTART_SEARCH
        status = solver.solve(m.model)
        nonlocal used
        used += solver.deterministic_time
        return m.extract(solver) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None

    rows: list[Roster | None] = []
    for backward in directions:
        decisions = []
        for d in reversed(range(inst.horizon)) if backward else range(inst.horizon):
            w, cell = m.work[e][d], m.x[e][d]
            if not isinstance(w, int):
                decisions.append(w)
            if cell:
                order = sorted(cell, key=lambda k, d=d: value(d, k), reverse=True)
                decisions += [cell[k] for k in order if cell[k] is not w]
        rows.append(search(decisions, 1.0, 30.0, fixed=True))
    if all(r is not None for r in rows):
        return rows, used
    # Same preference (work first), but with quick restarts alternating with the default
    # search: solves the rows the pure fixed search dead-ends on (Instance22 D and AN).
    fallback = search([w for w in m.work[e] if not isinstance(w, int)], 5.0, 120.0, fixed=False)
    if fallback is None:
        m.model.proto.search_strategy.clear()
        out = _sub_run(m, 10.0, seed, 180.0, cost=False)
        fallback, used = out.roster, used + out.dtime
    return [fallback if r is None else r for r in rows], used


def _feasible_row(
    prep: Prepared,
    reference: Roster,
    e: int,
    seed: int,
    counts: list[list[int]] | None = None,
    backward: bool = False,
) -> tuple[Roster | None, float]:
    """One valid row for employee ``e`` (see :func:`_feasible_rows`)."""
    rows, used = _feasible_rows(prep, reference, e, seed, counts, (backward,))
    return rows[0], used


def _row_cost(prep: Prepared, row: list[str | None], e: int, counts: list[list[int]]) -> int:
    """What adding employee e's ``row`` costs against the cover ``counts`` of the others
    (negative: it fills missing people), plus e's request penalties."""
    cost = -sum(_cover_gain(prep, counts, d, prep.sidx[sid]) for d, sid in enumerate(row) if sid is not None)
    cost += sum(r.weight for r in prep.on_by_emp[e] if row[r.day] != r.shift)
    cost += sum(r.weight for r in prep.off_by_emp[e] if row[r.day] == r.shift)
    return cost


def _construct(prep: Prepared, time_limit: float, seed: int) -> tuple[Roster, float]:
    """Greedy construction: one employee at a time, each solved exactly against the cover the
    earlier ones left.  Every hard rule is per employee, so each step keeps the roster valid.

    With one free employee every cover line is linear (see :func:`rule_cover`), so each step
    is a small pure-Boolean model.  Specialists (fewest shift types) go first: the flexible
    people can then fill what is left."""
    inst = prep.inst
    h = prep.h
    ref: Roster = [[None] * h for _ in range(prep.n)]
    counts = prep.counts(ref)
    used = 0.0
    per = max(0.05, min(1.0, 0.1 * time_limit / prep.n))
    order = sorted(range(prep.n), key=lambda e: (len(prep.allowed[e]), e))
    quick = prep.h > QUICK_CONSTRUCTION_DAYS
    for e in order:
        r = None
        if not quick:
            m, _ = build_model(inst, [e], ref, None, prep=prep, counts=counts, ref_objective=0)
            out = _sub_run(m, per, seed, 20 * per + 10, cost=False)
            used += out.dtime
            r = out.roster
        else:
            # Both directions, the cheaper row kept: forward, a person works from the first
            # day until the minute budget is spent; backward, from the last.  With demand
            # rising through the year (Instance24: 47 people a day in January, 106 in
            # December) forward-only rows left December 2,804 people short.
            both, u = _feasible_rows(prep, ref, e, seed, counts, (False, True))
            used += u
            rows = [x for x in both if x is not None]
            r = min(rows, key=lambda x: _row_cost(prep, x[e], e, counts)) if rows else None
        if r is None:
            # Nothing in the small budget (tight yearly minute windows, Instances 22-24):
            # find any valid row first, without the objective; LNS improves it later.
            r, u = _feasible_row(prep, ref, e, seed)
            used += u
        if r is None:
            log.warning("%s: construction found no row for employee %d", inst.name, e)
            continue
        ref = r
        for d, sid in enumerate(ref[e]):
            if sid is not None:
                counts[d][prep.sidx[sid]] += 1
    return ref, used


QUICK_CONSTRUCTION_DAYS = 182
"""Above this horizon (the yearly Instances 22-24) the construction takes each row from the
greedy fixed search of :func:`_feasible_row` instead of optimising it: an optimised yearly row
costs 10-40 s of wall time (the LP is large and slow) and 100-150 of them would eat the
budget.  Up to half a year the optimised rows are worth it: with greedy rows Instances 20-21
started at 190,262 and 210,193 and were still 4x and 3x above best known after 60
deterministic seconds of LNS."""

KINDS = ("window", "staff", "cover")
"""Neighbourhood kinds of the LNS (see :func:`_draw`)."""

LONG_KINDS = (*KINDS, "shift")
"""The kinds on horizons of at least :data:`SHIFT_MIN_DAYS`.  There a *staff* neighbourhood
frees whole rows of only two or three people (or, above :data:`STAFF_MAX_DAYS`, no whole rows
at all), so only the *shift* kind can move many people's work from one season to another."""

STAFF_MAX_DAYS = 84
"""Up to this horizon a *staff* neighbourhood frees whole rows."""

SHIFT_MIN_DAYS = 84
"""From this horizon on the LNS also draws *shift* neighbourhoods.  Measured at 120
deterministic s, one worker, seed 0 (session 13): on the 12-week Instances 18 and 19 they
took 5068 -> 4872 and 3896 -> 3584; on the 8-week 16 and 17 the result was mixed (3543 ->
3527, 6214 -> 6299), so shorter horizons keep the three kinds.  Session 17 tried them from six
weeks on (Instance15's rosters have their shortage in the first fortnight, 39 of 40 missing
people on days 0-12, mostly nights, and their surplus in the last, 51 shifts over cover on days
29-41): at 600 deterministic s, one worker, 15 4013 -> 4222 and 16 3324 -> 3329; in ten minutes
of wall time 15 gave 4017 and 4115 (4032 and 4323 without), 14 1293 (1285), 16 3335 (3330),
17 5862 (5770).  Not better, so the threshold stays at 12 weeks."""


def _far_pair(
    rng: random.Random, under: list[tuple[int, int]], over: list[tuple[int, int]], gap: int
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A random under-covered line and a random over-covered one more than ``gap`` days away
    (the two windows of a *shift* neighbourhood), or None when there is no such pair."""
    if not under or not over:
        return None
    d, s = rng.choice(under)
    far = [(d2, s2) for d2, s2 in over if abs(d2 - d) > gap]
    return ((d, s), rng.choice(far)) if far else None


def _draw(
    kind: str,
    rng: random.Random,
    prep: Prepared,
    target: float,
    taken: set[int],
    counts: list[list[int]],
    roster: Roster | None = None,
) -> _Sub:
    """Draw one neighbourhood of about ``target`` free assignment variables.

    * ``window``: one or two weeks x as many people as fit (all of them on the small
      instances), people sharing a random shift type first: re-balances cover between people
      on the same days.
    * ``staff``: a few people x the whole horizon (at most 12 weeks): repairs each person's
      runs, minutes and weekends, which a short window cannot move.
    * ``cover``: an under-covered (day, shift), else an over-covered one, x people qualified
      for that shift, +-3..10 days: aims straight at the 100-per-person terms.
    * ``shift`` (12 weeks and more): the window of an under-covered (day, shift) plus the
      window of a far-away over-covered one, x people qualified for the first, those working
      the second first.  Yearly minute totals are nearly tight (Instances 22-24: 232-234 of
      ~330 available days), so adding a shift in one season means dropping one in another;
      with demand rising through the year (Instance24: 47 people a day in January, 106 in
      December) that is the move that matters, and a single window cannot make it.

    People in ``taken`` (already in another neighbourhood of this round) are left out, so the
    round's results touch disjoint rows and can be merged."""
    h, n = prep.h, prep.n
    pool = [e for e in range(n) if e not in taken]
    if not pool:
        pool = list(range(n))
    rng.shuffle(pool)
    first: list[int] = []
    days: Days
    under: list[tuple[int, int]] = []  # (day, shift) lines missing people
    over: list[tuple[int, int]] = []  # and with too many
    if kind in ("shift", "cover"):
        lines = [(d, s) for d in range(h) for s in range(len(prep.shift_ids))]
        under = [(d, s) for d, s in lines if counts[d][s] < prep.req[d][s]]
        over = [(d, s) for d, s in lines if counts[d][s] > prep.req[d][s]]
    if kind == "shift":
        r = rng.choice([3, 5, 7])
        pair = _far_pair(rng, under, over, 2 * r + 1) if roster is not None else None
        if pair is None:
            kind = "cover"
        else:
            assert roster is not None
            (d, s), (d2, s2) = pair
            days = frozenset(range(max(0, d - r), min(h, d + r + 1))) | frozenset(
                range(max(0, d2 - r), min(h, d2 + r + 1))
            )
            able = [e for e in pool if s in prep.allowed[e] and d not in prep.inst.days_off[e]]
            first = [e for e in able if roster[e][d2] == prep.shift_ids[s2]] + able
    if kind == "cover":
        if not under and not over:
            kind = "staff"
        else:
            d, s = rng.choice(under or over)
            r = rng.choice([3, 5, 7, 10])
            days = range(max(0, d - r), min(h, d + r + 1))
            first = [e for e in pool if s in prep.allowed[e] and d not in prep.inst.days_off[e]]
    if kind == "window":
        # as many weeks as the target allows with everyone free, at least one, often one
        per_day = sum(len(a) for a in prep.allowed)
        weeks = max(1, min(h // 7, int(target / (7 * per_day))))
        width = min(h, 7 * rng.randint(1, weeks))
        start = rng.randrange(0, h - width + 1)
        days = range(start, start + width)
        s = rng.randrange(len(prep.shift_ids))
        first = [e for e in pool if s in prep.allowed[e]]
    elif kind == "staff":
        width = h if h <= STAFF_MAX_DAYS else rng.choice([28, 56, 84])
        start = rng.randrange(0, h - width + 1)
        days = range(start, start + width)
        seed_e = pool[0]
        first = [seed_e] + [e for e in pool[1:] if set(prep.allowed[e]) & set(prep.allowed[seed_e])]
    chosen: list[int] = []
    size = 0.0
    seen: set[int] = set()
    for e in first + pool:
        if e in seen:
            continue
        seen.add(e)
        cost = len(prep.allowed[e]) * len(days)
        if len(chosen) >= 2 and size + cost > target:
            break
        chosen.append(e)
        size += cost
    return _Sub(kind, sorted(chosen), days, size)


def _solve_lns(
    prep: Prepared,
    time_limit: float,
    seed: int,
    workers: int,
    log_search: bool,
    hint: Roster | None,
    t0: float,
    wall_deadline: float,
    stop_at: int | None = None,
    constructed: bool = False,
    construct_dtime: float | None = None,
    asynchronous: bool = False,
    soft: tuple[float, float] | None = None,
    lp: list[list[dict[int | None, float]]] | None = None,
) -> BenchResult:
    """Construction (or the hint; ``constructed``: the hint is the construction, already made
    and charged, taken even when a row broke a rule; ``construct_dtime``: the deterministic
    budget the construction's per-row limits are computed from, by default ``time_limit``), then relax-and-fix LNS over the neighbourhood kinds of
    :func:`_draw`, each with its own size adapting to whether its sub-problems close.

    Each round solves ``workers`` neighbourhoods on disjoint people in parallel threads (one
    CP-SAT worker each) from the same incumbent.  The best is taken; the others' improvements
    are merged on top when the merged roster is better (disjoint people, so every hard rule
    still holds; only shared cover lines interact, and the merged objective is recomputed).
    Every choice depends only on objectives and the seeded generator, so with deterministic
    time limits the run is reproducible.  ``wall_deadline`` (a ``time.monotonic()`` instant) ends
    it too, and no sub-solve runs past it.  ``asynchronous``: keep every worker busy instead
    (:func:`_search_async`; not reproducible, for a wall-clock budget).  ``soft``: (soft limit,
    stall) in deterministic seconds, for a search that may run on to ``time_limit`` while it
    still improves (see :data:`STALL_SHARE`).  ``lp``: column generation's LP solution as cell
    values, for RINS neighbourhoods when the search stalls (see :data:`RINS_FIX`)."""
    inst = prep.inst
    rng = random.Random(seed)
    used = 0.0
    first_t: float | None = None

    current: Roster | None = None
    current_obj: int | None = None
    if hint is not None and (constructed or evaluate(inst, hint).feasible):
        current = [list(r) for r in hint]
    else:
        current, used = _construct(prep, time_limit if construct_dtime is None else construct_dtime, seed)
    ev = evaluate(inst, current)
    if ev.feasible:
        current_obj = ev.objective
        first_t = time.monotonic() - t0
    else:
        log.warning("%s: construction infeasible: %s", inst.name, ev.violations[:3])
    log.info(
        "%s: start obj=%s after %.1fs (%.1f dtime)",
        inst.name,
        current_obj,
        time.monotonic() - t0,
        used,
    )

    if current_obj is None:  # no valid start (the construction said why): nothing to search from
        return BenchResult(inst.name, current, None, False, "UNKNOWN", None, None, None, 0.0, "lns",
                           stats={"neighbourhoods": 0, "dtime": used})
    kinds = LONG_KINDS if prep.h >= SHIFT_MIN_DAYS else KINDS
    s = _Search(prep, rng, kinds, current, current_obj, prep.counts(current), t0, time_limit, wall_deadline,
                stop_at, used, best_t=first_t, soft=soft, last_gain=used, lp=lp)
    batch = max(1, workers)
    with ThreadPoolExecutor(max_workers=batch) as pool:
        (_search_async if asynchronous else _search_rounds)(s, pool, batch)
    log.info(
        "%s: LNS %d neighbourhoods, %.1f dtime, %.1fs, obj %s, targets %s, gains %s, tries %s",
        inst.name,
        s.iters,
        s.used,
        time.monotonic() - t0,
        s.current_obj,
        {k: round(v) for k, v in s.target.items()},
        s.gains,
        s.tries,
    )
    return BenchResult(
        instance=inst.name,
        roster=s.current,
        objective=None,
        feasible=False,
        status="OPTIMAL" if s.proven else "FEASIBLE",
        bound=s.current_obj if s.proven else stop_at if s.reached else None,
        time_to_first=first_t,
        time_to_best=s.best_t,
        wall_time=0.0,
        strategy="lns",
        deterministic=s.deterministic and not asynchronous,
        stats={"neighbourhoods": s.iters, "dtime": s.used, "gains": s.gains, "tries": s.tries},
    )


@dataclass
class _Search:
    """The LNS's incumbent and its bookkeeping, shared by its two loops (:func:`_search_rounds`
    and :func:`_search_async`): each kind's neighbourhood size (``target``, in free assignment
    variables), what each kind gained and how often it was tried."""

    prep: Prepared
    rng: random.Random
    kinds: tuple[str, ...]
    current: Roster
    current_obj: int
    counts: list[list[int]]
    t0: float
    time_limit: float
    wall_deadline: float
    stop_at: int | None
    used: float = 0.0
    best_t: float | None = None
    #: (soft limit, stall): past the soft limit (deterministic seconds, as ``used``), stop once
    #: ``stall`` seconds went by without a gain (see STALL_SHARE).
    soft: tuple[float, float] | None = None
    last_gain: float = 0.0
    #: Column generation's LP solution as cell values (:attr:`ColumnGenResult.cells`), for RINS.
    lp: list[list[dict[int | None, float]]] | None = None
    rins_for: Roster | None = None
    rins_wait: float = RINS_STALL
    #: ``time.monotonic()`` at the start and at the last gain (the wall-clock budget's stall).
    started: float = field(default_factory=time.monotonic)
    last_gain_at: float = field(default_factory=time.monotonic)
    iters: int = 0
    deterministic: bool = True
    reached: bool = False
    proven: bool = False
    target: dict[str, float] = field(
        default_factory=lambda: {"window": 1000.0, "staff": 400.0, "cover": 600.0, "shift": 600.0}
    )
    gains: dict[str, int] = field(init=False)
    tries: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        kinds = (*self.kinds, "rins") if self.lp is not None else self.kinds
        self.gains = dict.fromkeys(kinds, 0)
        self.tries = dict.fromkeys(kinds, 0)

    def should_stop(self) -> bool:
        """Out of deterministic time, past the soft limit without a recent gain, at ``stop_at``
        (a proven bound: ``reached``), proven optimal, or past the wall deadline (then not
        ``deterministic``)."""
        if self.used >= self.time_limit or self.proven:
            return True
        if (self.soft is not None and self.used >= self.soft[0] and self.used - self.last_gain >= self.soft[1]
                and not self.rins_due()):
            return True
        if self.stop_at is not None and self.current_obj <= self.stop_at:
            self.reached = True
            return True
        if time.monotonic() > self.wall_deadline:
            self.deterministic = False
            return True
        return False

    def draw(self, taken: set[int]) -> _Sub:
        kind = self.rng.choice(self.kinds)
        return _draw(kind, self.rng, self.prep, self.target[kind], taken, self.counts, self.current)

    def model(self, sub: _Sub) -> BenchModel:
        """The sub-problem of ``sub`` against the incumbent, hinted with it."""
        m = build_model(
            self.prep.inst,
            sub.employees,
            self.current,
            sub.free_days(),
            prep=self.prep,
            counts=self.counts,
            ref_objective=self.current_obj,
        )[0]
        m.add_hint(self.current)
        return m

    def adapt(self, sub: _Sub, out: _SubOutcome, base_obj: int, full_size_only: bool = False) -> None:
        """Grow ``sub``'s kind while its neighbourhoods close or still improve (on ``base_obj``,
        the objective they were drawn against), shrink it when they stall.

        ``full_size_only``: a neighbourhood under half its kind's size does not grow it.  Such
        a one is drawn from the people another running sub-solve left free, and closes at once;
        in the asynchronous LNS, where the second worker solves one after another of them while
        a large one runs, they inflated every size to the cap (Instance18: 5,642
        neighbourhoods of 0.1 deterministic s in ten minutes, sizes 13,000-20,000, 4,882
        against 4,661 with rounds)."""
        self.iters += 1
        self.tries[sub.kind] += 1
        if out.wall_hit:
            self.deterministic = False
        if sub.kind == "rins":
            return  # its size is the incumbent's, not a kind's to adapt
        ok = out.optimal or (out.objective is not None and out.objective < base_obj)
        t = self.target[sub.kind]
        if ok and full_size_only and sub.size < 0.5 * t:
            return
        self.target[sub.kind] = min(20000.0, t * 1.15) if ok else max(150.0, t / 1.15)

    def run_rins(self, pool: ThreadPoolExecutor) -> None:
        """Solve the incumbent's RINS neighbourhood alone (it frees most people) on one worker
        (on Instance7 one proved its neighbourhood's optimum, 1057, in 4.5 deterministic s,
        where two took 7.4 for 1058), and take it if it is better."""
        sub = self.rins()
        if sub is None:
            return
        wall = min(20 * RINS_DTIME + 10, self.wall_deadline - time.monotonic())
        # Its own seed, not one drawn from ``rng``: the neighbourhoods the LNS draws stay the
        # ones it would draw without RINS.
        out = pool.submit(_sub_run, self.model(sub), min(self.time_limit - self.used, RINS_DTIME),
                          self.tries["rins"], wall).result()
        self.used += out.dtime
        self.adapt(sub, out, self.current_obj)
        if out.roster is not None and out.objective is not None and out.objective < self.current_obj:
            self.gains["rins"] += self.current_obj - out.objective
            self.accept(out.roster, out.objective)
            self.rins_wait = RINS_STALL
        else:
            self.rins_wait *= 2

    def accept(self, new: Roster, new_obj: int) -> None:
        """Make ``new`` the incumbent (an equal objective too: a move on a plateau)."""
        if new_obj < self.current_obj:
            self.best_t = time.monotonic() - self.t0
            self.last_gain = self.used
            self.last_gain_at = time.monotonic()
            log.debug("%s: it %d obj %d -> %d", self.prep.inst.name, self.iters, self.current_obj, new_obj)
        self.current, self.current_obj = new, new_obj
        self.counts = self.prep.counts(new)

    def whole(self, sub: _Sub) -> bool:
        return sub.free is None and len(sub.employees) == self.prep.n and len(sub.days) == self.prep.h

    def rins_due(self) -> bool:
        """A RINS solve is due: an LP solution is known, the LNS has stalled for
        :data:`RINS_STALL` of its budget (twice that after each RINS that gained nothing), and the
        incumbent has changed since the last one."""
        return (self.lp is not None and self.rins_for is not self.current
                and self.stalled() >= self.rins_wait)

    def stalled(self) -> float:
        """The share of its budget the search has gone without a gain: of its deterministic
        seconds, or, with a wall-clock budget (deterministic limits lifted), of its wall time."""
        if self.time_limit < UNLIMITED_DTIME:
            return (self.used - self.last_gain) / max(1e-9, self.time_limit)
        return (time.monotonic() - self.last_gain_at) / max(1e-9, self.wall_deadline - self.started)

    def rins(self) -> _Sub | None:
        """The RINS neighbourhood of the incumbent (see :data:`RINS_FIX`); None when the
        incumbent keeps every cell the LP holds at 1 and nothing else is left to free."""
        assert self.lp is not None
        self.rins_for = self.current
        sidx = self.prep.sidx
        free: dict[int, list[int]] = {}
        for e, row in enumerate(self.current):
            days = [d for d, sid in enumerate(row)
                    if self.lp[e][d].get(None if sid is None else sidx[sid], 0.0) < RINS_FIX]
            if days:
                free[e] = days
        if not free:
            return None  # the incumbent is the LP's integral solution
        return _Sub("rins", sorted(free), range(0), float(sum(map(len, free.values()))), free)


def _overlay(base: Roster, src: Roster, sub: _Sub) -> Roster:
    """``base`` with ``sub``'s people's cells on its days taken from ``src`` (a sub-solve's
    roster).  Every hard rule is per person, so when those people's rows in ``base`` are the
    ones ``src`` was solved against, the result keeps every rule; only cover changes."""
    out = [list(r) for r in base]
    for e, days in sub.free_days().items():
        for d in days:
            out[e][d] = src[e][d]
    return out


def _search_rounds(s: _Search, pool: ThreadPoolExecutor, batch: int) -> None:
    """Reproducible LNS: rounds of ``batch`` neighbourhoods on disjoint people, solved in parallel
    from the same incumbent; the best is taken and the others' improvements merged on top when
    the merged roster is better.  A round is charged its slowest sub-solve."""
    prep = s.prep
    while not s.should_stop():
        if s.rins_due():
            s.run_rins(pool)
            continue
        sub_dt = min(s.time_limit - s.used, SUB_DTIME)
        subs: list[_Sub] = []
        taken: set[int] = set()
        for _ in range(batch):
            sub = s.draw(taken)
            subs.append(sub)
            taken.update(sub.employees)
        models = [s.model(sub) for sub in subs]
        seeds = [s.rng.randrange(1 << 30) for _ in subs]
        sub_wall = min(20 * sub_dt + 10, s.wall_deadline - time.monotonic())
        futures = [pool.submit(_sub_run, m, sub_dt, sd, sub_wall) for m, sd in zip(models, seeds, strict=True)]
        outs = [f.result() for f in futures]
        s.used += max(o.dtime for o in outs)
        for sub, o in zip(subs, outs, strict=True):
            if o.optimal and s.whole(sub):
                s.proven = True  # the whole instance was one neighbourhood
            s.adapt(sub, o, s.current_obj)
        ranked = sorted(
            (o.objective, i) for i, o in enumerate(outs) if o.roster is not None and o.objective is not None
        )
        if not ranked or ranked[0][0] > s.current_obj:
            continue
        before = s.current_obj
        obj0, i0 = ranked[0]
        new = outs[i0].roster
        assert new is not None
        new_obj = obj0
        s.gains[subs[i0].kind] += before - obj0
        merged = set(subs[i0].employees)
        for obj, i in ranked[1:]:
            if obj >= before:
                break
            if merged & set(subs[i].employees):
                continue  # overlapping people (small instances): not mergeable
            merged.update(subs[i].employees)
            src = outs[i].roster
            assert src is not None
            cand = _overlay(new, src, subs[i])
            cand_obj = prep.objective(cand)
            if cand_obj < new_obj:
                s.gains[subs[i].kind] += new_obj - cand_obj
                new, new_obj = cand, cand_obj
        s.accept(new, new_obj)


def _search_async(s: _Search, pool: ThreadPoolExecutor, batch: int) -> None:
    """LNS for a wall-clock budget: ``batch`` sub-solves always running.  When one ends, its
    result is laid onto the incumbent *of that moment* (its people's cells on its days; the
    objective recomputed, since cover lines are shared) and kept when no worse, and a new
    neighbourhood, on people no running sub-solve holds, takes its place.

    A round of :func:`_search_rounds` waits for its slowest sub-solve while the other core idles
    (a two-worker deterministic second cost 1.5-1.8 s of wall time); here no core waits and the
    next model is built while both solve.  Which neighbourhoods are drawn depends on which
    sub-solve ends first, so the run is not reproducible: only the wall budget uses it.

    Every hard rule is per person, and a result is laid on only if none of its people changed
    since it was drawn, so the incumbent always keeps them."""
    prep = s.prep
    pending: dict[Future[_SubOutcome], tuple[_Sub, int, int]] = {}  # sub, version and objective drawn at
    version = 0
    changed = [0] * prep.n  # the version at which each person's row last changed
    s.deterministic = False
    while True:
        due = s.rins_due()
        if due and not pending and not s.should_stop():
            # The running sub-solves have ended (none is started while one is due): RINS frees
            # most people, so it runs alone.  Nothing is pending, so no result can be laid onto
            # rows it changed: the versions need no update.
            s.run_rins(pool)
            continue
        if not s.should_stop() and not due:
            taken = {e for sub, _, _ in pending.values() for e in sub.employees}
            while len(pending) < batch:
                sub = s.draw(taken)
                m = s.model(sub)
                wall = min(20 * SUB_DTIME + 10, s.wall_deadline - time.monotonic())
                future = pool.submit(_sub_run, m, SUB_DTIME, s.rng.randrange(1 << 30), wall)
                pending[future] = (sub, version, s.current_obj)
                taken.update(sub.employees)
        if not pending:
            break
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: pending[f][1]):
            sub, at, base_obj = pending.pop(future)
            o = future.result()
            s.used += o.dtime / batch
            s.adapt(sub, o, base_obj, full_size_only=True)
            if o.roster is None or o.objective is None or o.objective > base_obj:
                continue
            if any(changed[e] > at for e in sub.employees):
                continue  # one of its people changed since it was drawn (small instances)
            if version == at:
                cand, cand_obj = o.roster, o.objective
                if o.optimal and s.whole(sub):
                    s.proven = True
            else:
                cand = _overlay(s.current, o.roster, sub)
                cand_obj = prep.objective(cand)
            if cand_obj > s.current_obj:
                continue
            s.gains[sub.kind] += s.current_obj - cand_obj
            version += 1
            for e in sub.employees:
                changed[e] = version
            s.accept(cand, cand_obj)

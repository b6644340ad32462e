"""Run CP-SAT on an assembled model: parameters, progress, explicit status handling.

Reproducibility: with ``deterministic`` (the default) the workers interleave their search in a
fixed order and the limit is CP-SAT's *deterministic* time (a work count, roughly seconds on a
2-core machine), so the same input, profile, seed and limits give the same roster on the same
OR-Tools version.  A wall-clock safety net of four times the limit stops a solve on a much
slower machine; when it fires the result is still valid but may differ between runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from roster.domain import Roster, SolveInfo
from roster.model import RosterModel
from roster.profile import SolverSettings

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

log = logging.getLogger(__name__)

# OR-Tools is imported where a solve starts (see roster.model): commands that only check a roster
# should not pay half a second to load it.
STATUS_NAMES = ("UNKNOWN", "MODEL_INVALID", "FEASIBLE", "INFEASIBLE", "OPTIMAL")  # CpSolverStatus order


@dataclass(frozen=True)
class Progress:
    """One improving solution, for the CLI's live display."""

    seconds: float
    objective: float
    bound: float
    solutions: int


@dataclass
class SolveOutcome:
    status: str
    roster: Roster | None
    info: SolveInfo
    #: The value of every model variable (proto order) when a solution was found.
    values: list[int] | None = None

    @property
    def found(self) -> bool:
        return self.roster is not None


def _progress_callback(report: Callable[[Progress], None]) -> cp_model.CpSolverSolutionCallback:
    """A solution callback that reports every improving solution to ``report``."""
    from ortools.sat.python import cp_model

    class ProgressCallback(cp_model.CpSolverSolutionCallback):
        def __init__(self) -> None:
            super().__init__()
            self._count = 0
            self._start = time.monotonic()

        def on_solution_callback(self) -> None:
            self._count += 1
            report(Progress(time.monotonic() - self._start, self.objective_value, self.best_objective_bound,
                            self._count))

    return ProgressCallback()


#: CP-SAT's full-problem strategies other than ``default_lp``.  On rostering models they rarely
#: find or improve a roster; with few workers, and above all when the search is interleaved in
#: a fixed order (deterministic mode), they take turns that feasibility jump and the LNS
#: neighbourhoods put to far better use.  Measured on the 30-agent synthetic month, one worker,
#: 10 deterministic seconds: objective 1,082 with them, 238 without (bound 187).
HEAVY_SUBSOLVERS = ("core", "max_lp", "max_lp_sym", "no_lp", "pseudo_costs", "quick_restart",
                    "quick_restart_no_lp", "reduced_costs", "lb_tree_search", "objective_lb_search",
                    "objective_shaving", "probing", "probing_max_lp")


def parameters(settings: SolverSettings, time_limit: float | None = None, seed: int | None = None,
               fix_to_hint: bool = False) -> cp_model.CpSolver:
    """A configured solver: the time limit is always set.  ``fix_to_hint`` fixes the hinted
    variables (pricing a given roster: the rest follows by propagation)."""
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    limit = float(time_limit if time_limit is not None else settings.time_limit)
    params = solver.parameters
    params.num_workers = settings.workers
    params.random_seed = settings.seed if seed is None else seed
    params.log_search_progress = settings.log
    params.relative_gap_limit = settings.relative_gap
    params.fix_variables_to_their_hinted_value = fix_to_hint
    if settings.portfolio == "lns":
        for name in HEAVY_SUBSOLVERS:
            params.ignore_subsolvers.append(name)
    if settings.deterministic:
        params.interleave_search = True
        params.max_deterministic_time = limit
        params.max_time_in_seconds = limit * 4
    else:
        params.max_time_in_seconds = limit
    return solver


def solve_model(
    rm: RosterModel,
    settings: SolverSettings,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    fix_to_hint: bool = False,
) -> SolveOutcome:
    """Solve and extract the roster; every status is reported as what it means."""
    solver = parameters(settings, time_limit, seed, fix_to_hint)
    start = time.monotonic()
    callback = _progress_callback(on_progress) if on_progress else None
    code = int(solver.solve(rm.model, callback))
    status = STATUS_NAMES[code] if 0 <= code < len(STATUS_NAMES) else str(code)
    info = SolveInfo(status=status, seconds=time.monotonic() - start, seed=solver.parameters.random_seed,
                     workers=settings.workers, work=solver.deterministic_time)
    log.info("CP-SAT %s in %.2fs", status, info.seconds)
    if status not in ("OPTIMAL", "FEASIBLE"):
        return SolveOutcome(status, None, info)
    if rm.penalties:
        info.objective = solver.objective_value
        info.bound = solver.best_objective_bound
    else:
        info.objective = info.bound = 0.0
    for penalty in rm.penalties:
        units = int(solver.value(penalty.var))
        if units:
            cost, count = info.penalties.get(penalty.rule, (0, 0))
            info.penalties[penalty.rule] = (cost + units * penalty.weight, count + units)
    roster = rm.vars.extract(solver)
    roster.info = info
    return SolveOutcome(status, roster, info, list(solver.response_proto.solution))


#: Share of the limit the first-roster phase may use (it usually needs a small part of it).
FIRST_ROSTER_SHARE = 0.25


def solve_with_first_roster(
    rm: RosterModel,
    settings: SolverSettings,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> SolveOutcome:
    """Find any roster that keeps every hard rule first, then optimise from it.

    Without the objective CP-SAT finds a roster for 30 agents in a fraction of a second and for
    1,000 agents in seconds; with it, the same search may spend its whole limit before its first
    roster (the objective pulls feasibility jump and the LNS away from feasibility).  The first
    roster becomes the hint of the real solve, and stays the answer if that solve finds nothing
    in its time.  An INFEASIBLE first phase is the answer too: no roster exists.

    The second phase gets the limit minus the *deterministic* time the first one used, so with
    ``deterministic`` the whole is still reproducible.
    """
    limit = float(time_limit if time_limit is not None else settings.time_limit)
    feasibility = rm.model.clone()
    feasibility.clear_objective()
    first = solve_model(RosterModel(feasibility, rm.vars, rm.context, []), settings,
                        time_limit=max(limit * FIRST_ROSTER_SHARE, 0.1), seed=seed)
    if first.status in ("INFEASIBLE", "MODEL_INVALID"):
        return first
    if first.roster is not None:
        # Hint every variable, not only the assignments: a complete, feasible hint is taken as
        # the first solution at once, while a partial one must be completed by search, which on
        # a 300-agent model took the optimising solve's whole limit.  The values come from
        # pricing the first roster with the objective (assignments fixed, the rest follows), so
        # the penalty variables hold what the roster really pays, not the slack of a solve
        # that had no objective.
        model = rm.model
        model.clear_hints()  # a caller's hint (e.g. the stitched parts) has served the first phase
        rm.vars.hint(first.roster)
        priced = solve_model(rm, settings, time_limit=max(limit * 0.05, 0.1), seed=seed, fix_to_hint=True)
        first.info.seconds += priced.info.seconds
        values = priced.values if priced.values is not None else first.values
        model.clear_hints()
        for index, value in enumerate(values or ()):
            model.add_hint(model.get_int_var_from_proto_index(index), value)
    used = first.info.work if settings.deterministic else first.info.seconds
    outcome = solve_model(rm, settings, time_limit=max(limit - used, limit * 0.5), seed=seed,
                          on_progress=on_progress)
    outcome.info.seconds += first.info.seconds
    if outcome.roster is None and first.roster is not None:
        log.info("keeping the first roster: the optimising solve found none in its time")
        info = first.info
        info.status = "FEASIBLE"
        info.objective = info.bound = None  # the caller's checker prices the roster
        info.seconds += outcome.info.seconds
        return SolveOutcome("FEASIBLE", first.roster, info)
    return outcome

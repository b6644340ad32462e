"""Run CP-SAT on an assembled model: parameters, progress, explicit status handling.

Reproducibility: with ``deterministic`` (the default) the workers interleave their search in a
fixed order and the limit is CP-SAT's *deterministic* time (a work count, roughly seconds on a
2-core machine), so the same input, profile, seed and limits give the same roster on the same
OR-Tools version.  A wall-clock safety net of four times the limit plus five seconds stops a
solve on a much slower machine; when it fires the result is still valid but may differ between
runs.  The five seconds matter for the short solves of the first phases, parts and steps
(fractions of a deterministic second): their presolve and model loading cost wall time that
deterministic time hardly counts, and a bare 4x cap fired on them under load.
"""

from __future__ import annotations

import logging
import threading
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


def _solution_callback(report: Callable[[Progress], None] | None, floor: float
                       ) -> cp_model.CpSolverSolutionCallback:
    """A solution callback that reports every improving solution to ``report`` (if any) and
    stops the search at a solution that pays no more than ``floor``, a lower bound known
    before solving (roster.bounds): nothing can improve on it, and proving so may take CP-SAT
    the rest of its limit."""
    from ortools.sat.python import cp_model

    class SolutionCallback(cp_model.CpSolverSolutionCallback):
        def __init__(self) -> None:
            super().__init__()
            self._count = 0
            self._start = time.monotonic()

        def on_solution_callback(self) -> None:
            self._count += 1
            if report is not None:
                report(Progress(time.monotonic() - self._start, self.objective_value,
                                max(self.best_objective_bound, floor), self._count))
            if self.objective_value <= floor:
                self.stop_search()

    return SolutionCallback()


#: CP-SAT's full-problem strategies other than ``default_lp``.  On rostering models they rarely
#: find or improve a roster; with few workers, and above all when the search is interleaved in
#: a fixed order (deterministic mode), they take turns that feasibility jump and the LNS
#: neighbourhoods put to far better use.  Measured on the 30-agent synthetic month, one worker,
#: 10 deterministic seconds: objective 1,082 with them, 238 without (bound 187).
HEAVY_SUBSOLVERS = ("core", "max_lp", "max_lp_sym", "no_lp", "pseudo_costs", "quick_restart",
                    "quick_restart_no_lp", "reduced_costs", "lb_tree_search", "objective_lb_search",
                    "objective_shaving", "probing", "probing_max_lp")


#: Added to the wall-clock safety net of a deterministic solve (see the module docstring).
WALL_CAP_SECONDS = 5.0


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
    # Ctrl-C is the user's, not CP-SAT's: caught by CP-SAT it only ended the current search,
    # and the command went on to write a roster with exit 0 (see _interruptible).
    params.catch_sigint_signal = False
    if settings.portfolio == "lns":
        for name in HEAVY_SUBSOLVERS:
            params.ignore_subsolvers.append(name)
    if settings.deterministic:
        params.interleave_search = True
        params.max_deterministic_time = limit
        params.max_time_in_seconds = limit * 4 + WALL_CAP_SECONDS
    else:
        params.max_time_in_seconds = limit
    return solver


#: Solvers searching now, in any thread, and whether Ctrl-C asked them all to stop (see
#: :func:`interrupt`).  Re-entrant: the SIGINT handler runs in the main thread, which may hold it.
_RUNNING: set[cp_model.CpSolver] = set()
_RUNNING_LOCK = threading.RLock()
_STOP = threading.Event()


def interrupt() -> bool:
    """Ctrl-C (the command line's SIGINT handler calls this): stop every running search and
    make every later one raise KeyboardInterrupt instead of starting.  Returns whether a
    search was running (its thread then raises KeyboardInterrupt when the search returns);
    when none was, the caller raises it itself."""
    _STOP.set()
    with _RUNNING_LOCK:
        for solver in _RUNNING:
            solver.stop_search()
        return bool(_RUNNING)


def reset_interrupt() -> None:
    """Forget an earlier Ctrl-C (a new command, or a test)."""
    _STOP.clear()


def _interruptible(solver: cp_model.CpSolver, model: cp_model.CpModel,
                   callback: cp_model.CpSolverSolutionCallback | None) -> int:
    """``solver.solve(model, callback)``, which Ctrl-C interrupts (:func:`interrupt`).

    CP-SAT's own SIGINT handling is off (``catch_sigint_signal``): it only ended the current
    search, and the command went on and wrote a roster with exit 0.  A Python handler runs only
    in the main thread between bytecodes, so a search started there runs in a helper thread
    while the main thread waits in short joins; a search in a worker thread is stopped the same
    way (its caller waits in the main thread).  A stopped search raises KeyboardInterrupt in
    its own thread once it has returned, and the command ends writing nothing."""
    if _STOP.is_set():
        raise KeyboardInterrupt
    with _RUNNING_LOCK:
        _RUNNING.add(solver)
    try:
        if threading.current_thread() is not threading.main_thread():
            code = int(solver.solve(model, callback))
        else:
            result: list[int] = []
            failure: list[BaseException] = []

            def run() -> None:
                try:
                    result.append(int(solver.solve(model, callback)))
                except BaseException as exc:  # handed to the waiting thread
                    failure.append(exc)

            worker = threading.Thread(target=run, name="cp-sat", daemon=True)
            worker.start()
            while worker.is_alive():
                worker.join(0.1)  # returns as soon as the search ends; signal handlers run between joins
            if failure:
                raise failure[0]
            code = result[0]
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(solver)
    if _STOP.is_set():
        raise KeyboardInterrupt
    return code


def solve_model(
    rm: RosterModel,
    settings: SolverSettings,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    fix_to_hint: bool = False,
    on_solver: Callable[[cp_model.CpSolver], None] | None = None,
) -> SolveOutcome:
    """Solve and extract the roster; every status is reported as what it means.
    ``on_solver`` receives the solver before it starts (another thread may stop it)."""
    solver = parameters(settings, time_limit, seed, fix_to_hint)
    if on_solver is not None:
        on_solver(solver)
    start = time.monotonic()
    floor = rm.floor if rm.penalties else 0.0
    callback = _solution_callback(on_progress, floor) if on_progress or floor > 0 else None
    code = _interruptible(solver, rm.model, callback)
    status = STATUS_NAMES[code] if 0 <= code < len(STATUS_NAMES) else str(code)
    info = SolveInfo(status=status, seconds=time.monotonic() - start, seed=solver.parameters.random_seed,
                     workers=settings.workers, work=solver.deterministic_time)
    log.info("CP-SAT %s in %.2fs", status, info.seconds)
    if status not in ("OPTIMAL", "FEASIBLE"):
        return SolveOutcome(status, None, info)
    if rm.penalties:
        info.objective = solver.objective_value
        # Every penalty counts units of violation (>= 0) at a weight >= 0, so no roster costs
        # less than nothing; CP-SAT's bound can be far below zero (the objective's constant
        # terms) while its LP has not run yet, which would show users a meaningless gap.
        info.bound = min(max(solver.best_objective_bound, floor, 0.0), info.objective)
        if info.objective <= floor and status == "FEASIBLE":
            info.status = status = "OPTIMAL"  # it pays the counted bound: nothing pays less
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
#: Share of the limit the attempts at a roster that pays no avoidable soft cost may use.
IDEAL_SHARE = 0.2


def solve_with_first_roster(
    rm: RosterModel,
    settings: SolverSettings,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    aim: bool = True,
    ideal_share: float = IDEAL_SHARE,
) -> SolveOutcome:
    """Find a roster that keeps every hard rule first, aim higher, then optimise from the best.

    1. *Any roster*: without the objective CP-SAT finds one for 30 agents in a fraction of a
       second and for 1,000 agents in seconds; with it, the same search may spend its whole
       limit before its first roster.  An INFEASIBLE answer here is the answer: no roster exists.
    2. *An ideal roster* (:func:`ideal_roster`): the same search, asked also to pay nothing for
       the soft rules a good roster nearly always satisfies (fairness bands, short stretches,
       wishes).  Such constraints prune the search instead of pulling it, so when that roster
       exists it is found about as fast as any roster, and it is close to optimal; CP-SAT's
       objective-driven search needed ten times longer to get as far on the 30-agent month.
    3. *Optimise within the ideal* (:func:`_optimise_within_ideal`), when there is an ideal
       roster: the full objective, with the penalty families it brought to zero held there.
    4. *Optimise* the whole model from the best roster so far, given as a complete hint: it
       proves that roster optimal or trades an ideal term away where that pays.  The first
       roster stays the answer if no later phase finds anything in its time.

    ``aim=False`` skips steps 2 and 3; ``ideal_share`` is the share of the limit step 2 may use
    (a part of a large department, with one worker, needs more of its few seconds for it).

    The optimising solve gets the limit minus the *deterministic* time the first phases used, so
    with ``deterministic`` the whole is still reproducible.
    """
    limit = float(time_limit if time_limit is not None else settings.time_limit)
    feasibility = rm.model.clone()
    feasibility.clear_objective()
    first = solve_model(RosterModel(feasibility, rm.vars, rm.context, []), settings,
                        time_limit=max(limit * FIRST_ROSTER_SHARE, 0.1), seed=seed)
    if first.status in ("INFEASIBLE", "MODEL_INVALID"):
        return first
    used = 0.0

    def charge(phase: SolveOutcome) -> SolveOutcome:
        """Count a phase against the limit (deterministic or wall seconds, as the limit is)."""
        nonlocal used
        used += phase.info.work if settings.deterministic else phase.info.seconds
        if phase is not first:
            first.info.seconds += phase.info.seconds
        return phase

    charge(first)
    if first.roster is not None:
        model = rm.model
        model.clear_hints()  # a caller's hint (e.g. the stitched parts) has served the first phase

        def price(roster: Roster) -> SolveOutcome:
            return charge(price_roster(rm, settings, roster, time_limit=max(limit * 0.05, 0.1), seed=seed))

        best = price(first.roster)
        if aim and _worth_aiming(rm, best):
            ideal = charge(ideal_roster(rm, settings, first.roster, time_limit=max(limit * ideal_share, 0.1),
                                        seed=seed))
            if ideal.roster is not None:
                priced = price(ideal.roster)
                if priced.values is not None and (best.values is None or priced.info.objective < best.info.objective):
                    best = priced
                if best is priced and priced.info.objective > rm.floor:
                    narrowed = charge(_optimise_within_ideal(
                        rm, settings, best, time_limit=max((limit - used) * NARROW_SHARE, 0.1), seed=seed))
                    if narrowed.values is not None and narrowed.info.objective <= best.info.objective:
                        best = narrowed
        if best.roster is not None:
            first.roster = best.roster
            if best.info.objective is not None and best.info.objective <= rm.floor:
                # The roster pays no more than the counted bound (roster.bounds): optimal, and
                # the whole model could only spend the rest of the limit proving so.
                log.info("the roster reaches the counted bound %s: optimal", rm.floor)
                best.info.status = best.status = "OPTIMAL"
                best.info.seconds = first.info.seconds
                best.info.work = used
                return best
        hint_values(model, best.values if best.values is not None else first.values)
    outcome = solve_model(rm, settings, time_limit=max(limit - used, limit * 0.25), seed=seed,
                          on_progress=on_progress)
    outcome.info.seconds += first.info.seconds
    outcome.info.work += used  # every phase's, as on the early return above
    if outcome.roster is None and first.roster is not None:
        log.info("keeping the first roster: the optimising solve found none in its time")
        info = first.info
        info.status = "FEASIBLE"
        info.objective = info.bound = None  # the caller's checker prices the roster
        info.seconds += outcome.info.seconds
        first.roster.info = info
        return SolveOutcome("FEASIBLE", first.roster, info)
    return outcome


def hint_values(model: cp_model.CpModel, values: list[int] | None) -> None:
    """Hint every variable of ``model`` with ``values`` (a solution of it or of a clone)."""
    for index, value in enumerate(values or ()):
        model.add_hint(model.get_int_var_from_proto_index(index), value)


def price_roster(rm: RosterModel, settings: SolverSettings, roster: Roster, *, time_limit: float,
                 seed: int | None = None) -> SolveOutcome:
    """``roster`` with what it really pays in ``rm``: its assignments fixed, every other variable
    follows.  The outcome's values are then a complete hint (a complete, feasible hint is taken
    as the first solution at once; a partial one must be completed by search, which on a
    300-agent model took the optimising solve's whole limit), and its penalty variables hold
    the roster's real cost, not the slack of a solve that had no objective.  The model's hints
    are cleared afterwards."""
    rm.vars.hint(roster)
    try:
        return solve_model(rm, settings, time_limit=time_limit, seed=seed, fix_to_hint=True)
    finally:
        rm.model.clear_hints()


def _aimed_rules(rm: RosterModel) -> set[str]:
    """Names of the penalty families the ideal-roster phase asks to bring to zero."""
    return {p.rule for p in rm.penalties if p.aim_zero}


#: Share of what is left of the limit after the ideal roster that the optimiser spends within it.
NARROW_SHARE = 0.5


def _optimise_within_ideal(rm: RosterModel, settings: SolverSettings, ideal: SolveOutcome, *, time_limit: float,
                           seed: int | None) -> SolveOutcome:
    """Optimise with every penalty family the ideal roster brought to zero held at zero.

    The same objective in a far smaller space: on the 30-agent synthetic month (department seeds
    0, 1, 3, 4) this reached the optimum in 2-4 deterministic seconds where the whole model
    needed 5-7 or did not reach it in 8.  What it finds is only optimal *within* the ideal's
    terms; the whole model, hinted with it, then proves it (its bound meets it) or trades an
    ideal term away where that pays.
    """
    model = rm.model.clone()
    model.clear_hints()
    held = _aimed_rules(rm) - {rule for rule, (cost, _) in ideal.info.penalties.items() if cost}
    for penalty in rm.penalties:
        if penalty.rule in held and not isinstance(penalty.var, int):
            model.add(penalty.var == 0)
    hint_values(model, ideal.values)
    outcome = solve_model(RosterModel(model, rm.vars, rm.context, rm.penalties, rm.floor), settings,
                          time_limit=time_limit,
                          seed=seed)
    log.info("within the ideal: %s %s", outcome.status, outcome.info.objective)
    return outcome


#: The ideal-roster attempt is made when at least this share of the first roster's cost is in
#: penalties marked ``aim_zero``.  On the synthetic month they are 87 % of it; where the cost is
#: mostly structural (interval over-staffing on the forecast sample) both attempts failed and
#: their share of the limit was missed by the optimiser.
AIM_WORTH = 0.5


def _worth_aiming(rm: RosterModel, priced: SolveOutcome) -> bool:
    """Whether the first roster pays enough for avoidable soft costs to try for an ideal one."""
    if priced.values is None or not priced.info.objective:
        return False
    aimed = _aimed_rules(rm)
    avoidable = sum(cost for rule, (cost, _) in priced.info.penalties.items() if rule in aimed)
    return avoidable >= AIM_WORTH * priced.info.objective


#: How an ideal-roster attempt branches: on the LP's reduced costs (``cp_model.LP_SEARCH``)
#: rather than CP-SAT's default one-worker search.  Zero soft cost is a tight system of sums
#: (coverage, fairness bands, weekends) that the LP sees whole.  Measured on the 30-agent
#: synthetic month, all at once, one worker: department seeds 0-3 found the ideal roster in
#: 0.72, 0.36, 0.26, 0.46 deterministic seconds against 1.84, 1.51, 0.44, 1.58 with the default;
#: at a 4-second limit (a part's budget in the 300-agent month) seeds 0, 1, 3 then ended at
#: 185-190 instead of 497-541 (their bounds 185-189).
IDEAL_BRANCHING = "LP_SEARCH"


def ideal_roster(rm: RosterModel, settings: SolverSettings, start: Roster, *, time_limit: float,
                 seed: int | None = None) -> SolveOutcome:
    """A roster that keeps the hard rules and pays nothing for as many of the penalties marked
    ``aim_zero`` as it can; no roster when it found none within ``time_limit``.

    Two searches, both starting from ``start`` (a roster that keeps the hard rules):

    - *all at once*: zero on every such penalty.  Often found as fast as any roster.
    - *step by step*: one family of penalties (a rule's, e.g. ``fairness.nights``) at a time, the
      most common ones first and one person's date-specific wishes (``AIM_FIRST``) last, each
      step starting from the previous step's roster; a family that cannot be brought to zero in
      its step is left soft.  Slower, but it gets most of the way where the whole cannot be
      had (a long promotion where everyone must rest once, wishes that conflict), or where the
      constraints together are too hard to satisfy within the limit.

    With two or more workers they run side by side, one CP-SAT worker each, and the all-at-once
    roster is preferred whenever there is one, so which search finishes first never changes the
    answer; with one worker they share the limit, one after the other.  The outcome's ``work``
    is deterministic time counted the same way (see below), so a deterministic solve stays
    reproducible.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from ortools.sat.python import cp_model as sat

    from roster.rules import AIM_ALWAYS

    families: dict[tuple[int, str], list] = {}
    for penalty in rm.penalties:
        if penalty.aim_zero and not isinstance(penalty.var, int):
            rank = 0 if penalty.aim_zero == AIM_ALWAYS else 1  # one person's wishes (AIM_FIRST) last
            families.setdefault((rank, penalty.rule), []).append(penalty.var)
    ordered = [families[key] for key in sorted(families, key=lambda k: (k[0], -len(families[k])))]
    empty = SolveOutcome("UNKNOWN", None, SolveInfo(status="UNKNOWN", workers=settings.workers))
    if not ordered:
        return empty
    one = settings.model_copy(update={"workers": 1})
    side_by_side = settings.workers >= 2 and len(ordered) > 1
    stop = threading.Event()
    running: list[cp_model.CpSolver] = []

    def attempt(terms: list, hint: Roster, limit: float) -> SolveOutcome:
        model = rm.model.clone()
        model.clear_objective()
        model.clear_hints()
        for term in terms:
            model.add(term == 0)
        rm.vars.hint(hint, model)

        def prepare(solver: cp_model.CpSolver) -> None:
            solver.parameters.search_branching = getattr(sat, IDEAL_BRANCHING)
            running.append(solver)

        return solve_model(RosterModel(model, rm.vars, rm.context, []), one, time_limit=limit, seed=seed,
                           on_solver=prepare)

    def all_at_once(limit: float) -> SolveOutcome:
        outcome = attempt([t for terms in ordered for t in terms], start, limit)
        if outcome.roster is not None:
            stop.set()
            for solver in running:
                solver.stop_search()  # the all-at-once roster wins whatever the steps find
        return outcome

    def step_by_step(limit: float) -> SolveOutcome:
        kept: list = []
        roster, work, seconds = None, 0.0, 0.0
        for index, terms in enumerate(ordered):
            if stop.is_set() or work >= limit:
                break
            step = attempt(kept + terms, roster or start, (limit - work) / (len(ordered) - index))
            work += step.info.work
            seconds += step.info.seconds
            if step.roster is not None:
                kept += terms
                roster = step.roster
        info = SolveInfo(status="FEASIBLE" if roster else "UNKNOWN", seconds=seconds, workers=1, work=work)
        return SolveOutcome(info.status, roster, info)

    if side_by_side:
        with ThreadPoolExecutor(max_workers=2) as pool:
            whole = pool.submit(all_at_once, time_limit)
            steps = pool.submit(step_by_step, time_limit)
            outcomes = [whole.result(), steps.result()]
    else:
        outcomes = [all_at_once(time_limit / 2 if len(ordered) > 1 else time_limit)]
        if outcomes[0].roster is None and len(ordered) > 1:
            outcomes.append(step_by_step(time_limit / 2))
    first = outcomes[0]
    # The work counted must not depend on timing: steps stopped because the all-at-once search
    # won did an arbitrary amount of work, so a win counts the winner's work alone; otherwise
    # every search ran its course, side by side (the longest counts) or one after the other.
    if first.roster is not None:
        work, seconds = first.info.work, first.info.seconds
    elif side_by_side:
        work, seconds = max(o.info.work for o in outcomes), max(o.info.seconds for o in outcomes)
    else:
        work, seconds = sum(o.info.work for o in outcomes), sum(o.info.seconds for o in outcomes)
    found = next((o for o in outcomes if o.roster is not None), None)
    result = found if found is not None else empty
    result.info.work, result.info.seconds = work, seconds
    log.info("ideal roster: %s", [o.status for o in outcomes])
    return result

"""A first roster for a large department, solved in parts.

One CP-SAT model of a 300- or 1,000-agent month is large (hundreds of thousands of variables)
and the solver may spend its whole time limit before its first roster.  A department is made of
teams, and a roster for each team that covers that team's *share* of the demand is, put
together, a roster for the department: every hard rule of the catalogue except coverage judges
one person at a time or a shift's head count, and shares that add up to each demand row's
minimum keep coverage whole.  So:

1. split the staff into parts: the workbook's teams when they are of a workable size, otherwise
   balanced chunks (people dealt round-robin by skill set, so each part has every skill);
2. split every demand row (and interval row) among the parts in proportion to the people of
   each part who could fill it that day (largest remainders, never more than a part has);
3. solve the parts in parallel processes (one CP-SAT worker each), aiming for an ideal roster
   when a part has time enough (see part_budget);
4. give the time that parts proven optimal early did not use to the costliest other parts, a
   second pass from their own rosters (see _second_pass);
5. stitch the parts' rosters together.

The stitched roster is valid for the department (the engine re-checks it with the whole
catalogue, as every roster) and is handed to the full model as a hint, or returned as it is when
the department is too large to model whole within the time limit.  Fairness is only evened out
within parts by this first pass; the full model's search evens it out across the department.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
import multiprocessing
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from roster.domain import Horizon, IntervalRequirement, Requirement, Roster, Staff, Team
from roster.profile import SolverSettings
from roster.rules import Rule

log = logging.getLogger(__name__)

#: No part gets less (deterministic seconds): enough for a 30-person part to improve on its first roster.
MIN_PART_SECONDS = 2.0
#: Share of a part's wall-clock slot given to it as deterministic time (see solve_in_parts).
PART_WORK_SHARE = 0.5
#: The same for long parts (see LONG_PART_SECONDS): their model building and start-up weigh
#: less in their wall time (300 agents, 60 s: 46 s with the load of a benchmark run beside it).
LONG_PART_WORK_SHARE = 0.7
#: Parts get LONG_PART_WORK_SHARE of their slot when that gives them at least this many
#: deterministic seconds.  Shorter parts keep PART_WORK_SHARE: at 1,000 agents and 120 s (34
#: parts, 3.5 units each with the larger share) the whole solve then took 138 s of wall time
#: on the quiet 2-core machine, against 103-121 s with 2.5 units each.
LONG_PART_SECONDS = 4.0
#: Share of a part's limit for its ideal-roster attempts (roster.solve.ideal_roster): with one
#: worker the attempts run one after the other and need 0.3-4 deterministic seconds on a
#: 30-person part (measured on the ten parts of the 300-agent month).
PART_IDEAL_SHARE = 0.6
#: Parts aim for an ideal roster only with at least this many deterministic seconds each:
#: below it the attempts rarely finish.  Since they branch on the LP (roster.solve.
#: IDEAL_BRANCHING) they finish in well under a second on most 30-person parts, and aiming pays
#: from 2.5 units a part (1,000 agents, 120 s: 21,738 with them, 43,013 without); with the
#: default search it paid only from about 4 (then 63,336 with them, 50,547 without).
MIN_AIM_SECONDS = 2.0


@dataclass(frozen=True)
class Part:
    """Some of the staff, with their share of every requirement."""

    staff: tuple[Staff, ...]
    requirements: tuple[Requirement, ...]
    interval_requirements: tuple[IntervalRequirement, ...]


@dataclass(frozen=True)
class PartResult:
    """What a worker process sends back for one part."""

    status: str
    cells: dict[tuple[str, dt.date], str] | None
    #: Deterministic seconds the part used (its limit's unused rest goes to parts not proven
    #: optimal: see solve_in_parts).
    work: float = 0.0
    #: What the part's roster pays (its own rules), None without a roster.
    cost: float | None = None


@dataclass
class PartsOutcome:
    roster: Roster | None
    parts: int
    solved: int
    seconds: float
    statuses: list[str]


def split_staff(staff: list[Staff], part_size: int) -> list[list[Staff]]:
    """Parts of about ``part_size`` people: the teams named in the Staff sheet when every team
    is at most twice that size, otherwise skill-balanced chunks."""
    if len(staff) <= part_size:
        return [list(staff)]
    teams: dict[str, list[Staff]] = defaultdict(list)
    for person in staff:
        teams[person.team].append(person)
    if len(teams) > 1 and "" not in teams and all(len(m) <= 2 * part_size for m in teams.values()):
        return [members for _, members in sorted(teams.items())]
    count = max(1, round(len(staff) / part_size))
    ordered = sorted(staff, key=lambda p: (tuple(sorted(p.skills)), tuple(sorted(p.shifts)), p.lead))
    parts: list[list[Staff]] = [[] for _ in range(count)]
    for index, person in enumerate(ordered):
        parts[index % count].append(person)
    return [sorted(p, key=staff.index) for p in parts]


def _shares(amount: int, capacity: list[int], turn: int = 0) -> list[int]:
    """``amount`` split in proportion to ``capacity`` by largest remainders, never above a
    part's capacity (the excess goes to the parts with room left).  Equal remainders go round
    the parts starting at ``turn`` (the date's ordinal): the extra night of a day that does not
    divide evenly falls on another part each day, not always on the first one."""
    total = sum(capacity)
    if amount <= 0 or total == 0:
        return [0] * len(capacity)
    exact = [amount * c / total for c in capacity]
    shares = [min(int(e), c) for e, c in zip(exact, capacity, strict=True)]
    n = len(capacity)
    order = sorted(range(n), key=lambda k: (-round(exact[k] - int(exact[k]), 9), (k - turn) % n))
    left = amount - sum(shares)
    while left > 0:
        progressed = False
        for k in order:
            if left and shares[k] < capacity[k]:
                shares[k] += 1
                left -= 1
                progressed = True
        if not progressed:
            break  # more demand than people: the parts cannot cover it, the full model decides
    return shares


def split_demand(team: Team, horizon: Horizon, groups: list[list[Staff]]) -> list[Part]:
    """Every requirement shared among the parts by the people able to fill it that day."""
    reqs: list[list[Requirement]] = [[] for _ in groups]
    for req in horizon.requirements:
        capacity = [sum(1 for p in g if p.has_skill(req.skill) and p.may_work(req.shift)
                        and not team.on_leave(p.id, req.date)) for g in groups]
        turn = req.date.toordinal()
        mins = _shares(req.min, capacity, turn)
        targets = _shares(req.target, capacity, turn)
        for k in range(len(groups)):
            if mins[k] or targets[k]:
                reqs[k].append(replace(req, min=mins[k], target=max(mins[k], targets[k])))
    intervals: list[list[IntervalRequirement]] = [[] for _ in groups]
    for row in horizon.interval_requirements:
        capacity = [sum(1 for p in g if p.has_skill(row.skill) and not team.on_leave(p.id, row.date))
                    for g in groups]
        for k, agents in enumerate(_shares(row.agents, capacity, row.date.toordinal() + row.start)):
            if agents:
                intervals[k].append(replace(row, agents=agents))
    return [Part(tuple(g), tuple(r), tuple(i)) for g, r, i in zip(groups, reqs, intervals, strict=True)]


def _for_parts(rule: Rule) -> Rule:
    """``rule`` as a part of the department applies it.  Fairness shares come from the demand
    (``share_basis = "demand"``): each part gets its share of every demand row, so the targets
    give every part the department's rate, while a part's own total would let it pass over-
    staffed nights off as fair among its own people and leave the department unfair."""
    from roster.rules.fairness import Fairness

    if isinstance(rule, Fairness):
        return Fairness(rule.params.model_copy(update={"share_basis": "demand"}))
    return rule


def _solve_part(team: Team, horizon: Horizon, rules: list[Rule], part: Part, settings: SolverSettings,
                limit: float, seed: int, aim: bool, start: dict[tuple[str, dt.date], str] | None = None
                ) -> PartResult:
    """Solve one part (runs in a worker process), from ``start`` (its earlier roster) if given."""
    from roster.model import build_model
    from roster.solve import solve_with_first_roster

    sub_team = replace(team, staff=list(part.staff))
    sub_horizon = Horizon(horizon.days, list(part.requirements), list(part.interval_requirements))
    # One worker per process, interleaving the whole portfolio (feasibility jump, LNS...) in it:
    # a lone sequential search often finds no first roster at all.  Deterministic by design.
    one = settings.model_copy(update={"workers": 1, "deterministic": True})
    # Deterministic time bounds the search (reproducible); a roster that keeps every hard rule
    # is found first, without the objective, so a part is never left without one.
    # With ``aim`` the ideal-roster attempts get most of a part's limit: a part that finds its
    # ideal roster pays 200-300 (nearly all forced over-staffing) against 700-2,000 without.
    # With the default 20 % they rarely finished, and the phase cost more than it brought
    # (300-agent month, 60 s: 10,658 with it, 7,663 without); with 60 % of a 5.9-unit part,
    # 3,107-3,746 over three seeds against 7,101-8,262 (and 5,623 for the longer parts without).
    hint = Roster(horizon.dates, start) if start is not None else None
    outcome = solve_with_first_roster(build_model(sub_team, sub_horizon, rules, hint=hint), one, time_limit=limit,
                                      seed=seed, aim=aim and start is None, ideal_share=PART_IDEAL_SHARE)
    if outcome.roster is None:
        return PartResult(outcome.status, None, outcome.info.work)
    return PartResult(outcome.status, outcome.roster.cells, outcome.info.work, outcome.info.objective)


def part_budget(time_limit: float, rounds: int) -> tuple[float, bool]:
    """(deterministic seconds per part, whether the parts aim for an ideal roster) for parts
    solved in ``rounds`` rounds within ``time_limit`` wall seconds.

    A lone interleaved worker spends about two wall seconds per unit on the 2-core reference
    machine (measured: 1,000 agents, 34 parts, 3.7 units each, 173 s; 2.2 units each, 99 s),
    and each part also builds its model; half the slot keeps the parts near the user's limit
    in wall time.  Long parts get more of their slot (see LONG_PART_SECONDS), and parts long
    enough aim for an ideal roster (MIN_AIM_SECONDS).
    """
    slot = time_limit / max(1, rounds)
    share = LONG_PART_WORK_SHARE if LONG_PART_WORK_SHARE * slot >= LONG_PART_SECONDS else PART_WORK_SHARE
    per_part = share * slot
    return max(MIN_PART_SECONDS, per_part), per_part >= MIN_AIM_SECONDS


#: A second pass runs when the parts proven optimal early left at least this many
#: deterministic seconds unused (see _second_pass).
MIN_SECOND_PASS_SECONDS = 1.0


def _second_pass(results: dict[int, PartResult], per_part: float, workers: int,
                 submit: Callable[[int, float, dict], concurrent.futures.Future]) -> None:
    """Give the time that parts proven optimal did not use to the costliest parts that are not.

    A part that reaches its counted bound stops there (roster.bounds), often with half its
    limit unused, while a part whose ideal-roster attempt did not finish could still improve.
    The unused deterministic time is pooled and shared among the ``workers`` costliest parts
    not proven optimal (one round of the pool, at most a part's limit each), each starting
    again from its roster, kept unless the new one pays less.  Pool and shares are counted in
    deterministic time, so a deterministic solve stays reproducible.  One round, not every
    such part: on the 300-agent month a second pass for all five took 15 s of wall time for
    2,849 (from 3,107), past the 60 s the month is given.
    """
    unused = sum(max(0.0, per_part - r.work) for r in results.values() if r.status == "OPTIMAL")
    costs = {k: r.cost for k, r in results.items() if r.status == "FEASIBLE" and r.cost is not None}
    again = sorted(costs, key=lambda k: (-costs[k], k))[:workers]
    if not again or unused < MIN_SECOND_PASS_SECONDS * len(again):
        return
    share = min(per_part, unused / len(again))
    futures = {k: submit(k, share, results[k].cells) for k in again}
    for k, future in futures.items():
        better = future.result()
        if better.cells is not None and better.cost is not None and better.cost < costs[k]:
            log.info("part %d: %s -> %s in the second pass", k, costs[k], better.cost)
            results[k] = better
        else:
            log.info("part %d: %s kept in the second pass (%s)", k, costs[k], better.cost)


def solve_in_parts(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings, *,
                   part_size: int, time_limit: float, seed: int) -> PartsOutcome:
    """A department roster stitched from parts solved in parallel processes within
    ``time_limit`` seconds in all (None when a part finds no roster: the caller falls back to
    the whole model)."""
    start = time.monotonic()
    parts = split_demand(team, horizon, split_staff(team.staff, part_size))
    rules = [_for_parts(rule) for rule in rules]
    workers = max(1, min(settings.workers, len(parts)))
    rounds = -(-len(parts) // workers)
    per_part, aim = part_budget(time_limit, rounds)
    results: dict[int, PartResult] = {}
    # "fork" where there is one: the children start at once and need not re-import the caller's
    # main module (spawn would re-run a script without a main guard).  No solver runs in this
    # process while it forks, and the children touch nothing but the model they build.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = list(range(len(parts)))
        for attempt in range(2):  # a part without a roster gets one more try with twice the time
            futures = {k: pool.submit(_solve_part, team, horizon, rules, parts[k], settings,
                                      per_part * (attempt + 1), seed + k + attempt * len(parts), aim)
                       for k in pending}
            for k, future in futures.items():
                results[k] = future.result()
            pending = [k for k in pending if results[k].cells is None and results[k].status != "INFEASIBLE"]
            if not pending or time.monotonic() - start > time_limit:
                break
        if not pending:  # no wall-clock check here: whether the pass runs must not depend on load
            _second_pass(results, per_part, workers, lambda k, limit, hint: pool.submit(
                _solve_part, team, horizon, rules, parts[k], settings, limit, seed + k + 2 * len(parts), False, hint))
    statuses = [results[k].status for k in range(len(parts))]
    cells: dict[tuple[str, dt.date], str] = {}
    for result in results.values():
        if result.cells is not None:
            cells.update(result.cells)
    solved = sum(1 for s in statuses if s in ("OPTIMAL", "FEASIBLE"))
    seconds = time.monotonic() - start
    log.info("parts: %d of %d solved in %.1fs (%s)", solved, len(parts), seconds, ", ".join(statuses))
    roster = Roster(horizon.dates, cells) if solved == len(parts) else None
    return PartsOutcome(roster, len(parts), solved, seconds, statuses)

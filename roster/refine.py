"""Refine a finished roster: re-plan a few people at a time, the rest of the roster fixed.

A large department's roster is stitched from parts (roster.decompose) and then polished
(roster.polish), whose swaps exchange two people's cells over a run of dates.  What is left is
what no single swap mends: nights unevenly shared *across* parts, short stretches and wishes
that need several people's months to shift at once.  This is large-neighbourhood search with
the rule catalogue's own model:

* a *neighbourhood* is up to NEIGHBOURHOOD_SIZE people of one swap class (the same skills,
  lead flag and shifts allowed: roster.polish.swap_class), the costliest of the class and
  partners that the team rules want moved the other way;
* their whole month is re-planned by CP-SAT with everyone else's cells fixed, under one extra
  constraint: on every date the people re-planned hold between them the same shifts as before.
  Every day rule (coverage, intervals, handover) sees a date's people only through what their
  class shows, so its verdict cannot change and it is left out of the model.  The model holds
  the person rules and the fairness rule, whose shares are the whole department's
  (``Team.peer_duty``: the duty of the comparable staff outside the neighbourhood), so its
  objective is exactly what the roster's cost can change by;
* a share of the neighbourhoods (MIXED_SHARE) mix the classes of one *family*: people who
  differ only in their skills.  Those who hold two skills often carry more nights a head than
  those with one, which no exchange within a class can change.  Here the day rules could
  notice, so the sub-model also holds, for every date and shift, the demand rows the people
  re-planned filled before (by the checker's skill matching, _slots): they must fill them
  again, so no row is worse covered and the head count is the same; and the verdicts below
  judge the day rules on the dates that change as well.  Workbooks with interval demand (which
  counts skills per time piece) keep to one class;
* the re-planned cells are offered to roster.polish's incremental verdicts
  (``Polisher.try_exchange``), which keep them only if no hard rule breaks and the roster's
  cost, as the checker counts it, goes down.  The model proposes; the catalogue's checks decide.

Each round solves ``workers`` neighbourhoods on disjoint people in parallel threads (CP-SAT
releases the interpreter while it solves), one CP-SAT worker each, and offers them in a fixed
order.  Neighbourhoods come from a generator seeded by the solve's seed, and the search stops
when the sub-solves' *deterministic* time reaches the budget, so the same roster, seed and
budget give the same result on any machine.  The refined roster is checked once more in full.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
import random
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from roster.checker import CheckResult, check_roster
from roster.domain import REST, Horizon, PeerDuty, Requirement, Roster, Staff, Team, is_leave_mark
from roster.matching import assign_skills
from roster.polish import Polisher, swap_class
from roster.profile import SolverSettings
from roster.rules import Rule
from roster.rules.fairness import Fairness, groups

log = logging.getLogger(__name__)

#: People re-planned together.  Sixteen, a whole month each, solve in a few tenths of a
#: deterministic second; on the 300-agent month (8 deterministic s, seeds 0-2) 16 gave
#: 1,828-1,840, 10 gave 1,866-1,899, 6 gave 1,892, and 24 or more found nothing in a step.
NEIGHBOURHOOD_SIZE = 16
#: Deterministic seconds for one neighbourhood's solve (pricing the current cells included).
STEP_SECONDS = 0.5
#: Of a neighbourhood, at most this share are the class's costliest people; the others are
#: drawn from the partners the team rules want moved the other way.
COSTLY_SHARE = 0.5
#: Share of the rounds whose neighbourhoods mix classes of one family (see _slots): on the
#: 300-agent month the people with two skills carried more nights a head than those with one,
#: which no exchange within a class can change.
MIXED_SHARE = 0.3
#: Least deterministic time a neighbourhood is charged, however fast its solve: bounds the
#: rounds (and their model building, which deterministic time does not count) per budget.
MIN_CHARGE = 0.05
#: The search ends after this many rounds in a row whose every neighbourhood is already closed
#: (proven to hold no cheaper re-plan since the roster last changed).
MAX_STALE_ROUNDS = 20
#: The search stops early after WALL_FACTOR times its budget plus WALL_SLACK in wall-clock
#: seconds (a safety net on a machine far busier than the reference one, where 6 deterministic
#: seconds take about 9 s; never reached on a quiet machine, so the result stays reproducible).
WALL_FACTOR = 6.0
WALL_SLACK = 5.0


@dataclass(frozen=True)
class RefineResult:
    """The roster after refining and what it took."""

    roster: Roster
    cost_before: int
    cost_after: int
    #: Neighbourhoods solved, and of them those whose cells were kept.
    tried: int
    kept: int
    #: Deterministic seconds the sub-solves used.
    work: float
    #: The full check of ``roster``.
    check: CheckResult


@dataclass(frozen=True)
class _Proposal:
    """What one neighbourhood's solve sends back."""

    cells: dict[str, dict[dt.date, str]] | None
    work: float
    #: Proven: no re-plan of these people is cheaper while the rest of the roster stays as it is.
    closed: bool = False


def _pinned(team: Team, person: Staff, cells: dict[dt.date, str], date: dt.date) -> bool:
    """A cell the search must keep: leave, from the Leave sheet or typed into the roster."""
    return team.on_leave(person.id, date) or is_leave_mark(cells.get(date, REST))


def peer_duty(team: Team, fairness: Fairness | None, summaries: dict[str, object] | None,
              inside: set[str]) -> dict[tuple[str, ...], PeerDuty]:
    """The duty of the comparable staff outside ``inside``, per fairness group that has people
    on both sides, from the fairness rule's per-person summaries (days available, counts)."""
    if fairness is None or summaries is None:
        return {}
    out: dict[tuple[str, ...], PeerDuty] = {}
    for key, members in groups(team.staff, [s.code for s in team.shifts]).items():
        outside = [p for p in members if p.id not in inside]
        if len(outside) == len(members):
            continue
        available: dict[str, int] = defaultdict(int)
        counts: dict[str, int] = defaultdict(int)
        for person in outside:
            days, figures = summaries[person.id]  # type: ignore[misc]
            for metric, count in days.items():
                available[metric] += count
            for metric, count in figures.items():
                counts[metric] += count
        out[key] = PeerDuty(available["working_days"], dict(counts), dict(available))
    return out


#: (date, shift) -> [(skill of a demand row, how many of the people re-planned fill it)].
Slots = dict[tuple[dt.date, str], list[tuple[str | None, int]]]


def propose(team: Team, horizon: Horizon, rules: list[Rule], people: list[Staff],
            cells: dict[str, dict[dt.date, str]], peers: dict[tuple[str, ...], PeerDuty], *,
            time_limit: float, seed: int, slots: Slots | None = None) -> _Proposal:
    """The cheapest re-plan of ``people``'s months that CP-SAT finds in ``time_limit``
    deterministic seconds, with their shifts per date kept as a whole (see the module
    docstring); None cells when it finds nothing cheaper than ``cells``.

    ``slots`` is for people whose skills differ: on every date and shift, those on it must
    fill again the demand rows they filled before (see _slots), so coverage is no worse."""
    from roster.model import build_model
    from roster.solve import hint_values, price_roster, solve_model

    sub_team = replace(team, staff=list(people), peer_duty=peers)
    model_rules = [r for r in rules if r.scope != "day"]
    start = Roster(horizon.dates, {(p.id, d): c for p in people for d, c in cells[p.id].items()})
    rm = build_model(sub_team, horizon, model_rules)
    codes = [s.code for s in team.shifts]
    x = rm.vars.x
    for date in horizon.dates:
        for code in codes:
            held = sum(1 for p in people if cells[p.id].get(date) == code)
            rm.model.add(sum(x[p.id, date, code] for p in people) == held)
        for person in people:
            if _pinned(team, person, cells[person.id], date):
                for code in codes:
                    rm.model.add(x[person.id, date, code] == 0)
    for (date, code), rows in (slots or {}).items():
        fills: dict[str, list] = defaultdict(list)
        for k, (skill, count) in enumerate(rows):
            if not count:
                continue
            able = [p for p in people if p.has_skill(skill) and p.may_work(code)]
            ys = [rm.model.new_bool_var(f"slot[{p.id},{date.isoformat()},{code},{k}]") for p in able]
            for p, y in zip(able, ys, strict=True):
                fills[p.id].append(y)
            rm.model.add(sum(ys) >= count)
        for pid, ys in fills.items():
            rm.model.add(sum(ys) <= x[pid, date, code])
    one = SolverSettings(workers=1, deterministic=True, portfolio="lns")
    priced = price_roster(rm, one, start, time_limit=max(time_limit * 0.2, 0.05), seed=seed)
    work = priced.info.work
    if priced.values is None or priced.info.objective is None:
        return _Proposal(None, work)  # the model disagrees with the roster: leave these people alone
    if priced.info.objective <= 0:
        return _Proposal(None, work, closed=True)  # nothing to gain
    hint_values(rm.model, priced.values)
    outcome = solve_model(rm, one, time_limit=max(time_limit - work, 0.05), seed=seed)
    work += outcome.info.work
    if outcome.roster is None or outcome.info.objective is None or outcome.info.objective >= priced.info.objective:
        return _Proposal(None, work, closed=outcome.status == "OPTIMAL")
    new: dict[str, dict[dt.date, str]] = {}
    for person in people:
        mine = dict(cells[person.id])
        for date in horizon.dates:
            cell = outcome.roster.get(person.id, date)
            if cell in codes or mine.get(date, REST) in codes:
                mine[date] = cell if cell in codes else REST
        new[person.id] = mine
    return _Proposal(new, work)


def _slots(horizon_rows: dict[tuple[dt.date, str], list[Requirement]], index: dict[tuple[dt.date, str], list[str]],
           staff: dict[str, Staff], hood: list[str]) -> Slots:
    """For every date and shift with demand rows that some of ``hood`` work: how many of them
    fill each row, by the skill matching of everyone on it (roster.matching, as the checker
    counts).  If the re-planned people fill those rows again, the others keeping theirs, every
    row is filled at least as well as before, and the head count is unchanged: coverage can
    only stay or improve, whatever the skills of who is where."""
    free = set(hood)
    out: Slots = {}
    for key, rows in horizon_rows.items():
        ids = index.get(key, [])
        if not free.intersection(ids):
            continue
        filled = assign_skills([staff[i] for i in ids], rows)
        out[key] = [(row.skill, sum(1 for i in who if i in free)) for row, who in zip(rows, filled, strict=True)]
    return out


def family(person: Staff) -> tuple:
    """People who differ at most in their skills: the lead flag and the shifts allowed, which the
    handover rule and the fairness groups see, are the same."""
    return person.lead, frozenset(person.shifts)


class _Chooser:
    """Neighbourhoods: the costliest classes' costliest people and their opposite partners;
    with ``mixed``, of a family of classes that differ only in skills (see _slots)."""

    def __init__(self, polisher: Polisher, seed: int, size: int):
        self.polisher = polisher
        self.rng = random.Random(seed)
        self.size = size
        self.classes: dict[tuple, list[str]] = defaultdict(list)
        families: dict[tuple, list[str]] = defaultdict(list)
        for person in polisher.team.staff:
            self.classes[swap_class(person)].append(person.id)
            families[family(person)].append(person.id)
        staff = polisher.team.staff_by_id
        self.families = {key: ids for key, ids in families.items()
                         if len({swap_class(staff[i]) for i in ids}) > 1}

    def round(self, count: int, turn: int, mixed: bool = False) -> list[list[str]]:
        """Up to ``count`` neighbourhoods on disjoint people."""
        targets = self.polisher.targets()
        blame = {target.person: target.blame for target in targets}
        prefer = {target.person: target.prefer for target in targets}
        pools = self.families if mixed else self.classes
        weight = {key: sum(blame.get(pid, 0) for pid in members) for key, members in pools.items()
                  if len(members) > 1}
        ranked = sorted((k for k in weight if weight[k] > 0), key=lambda k: -weight[k])
        if not ranked:
            return []
        taken: set[str] = set()
        out: list[list[str]] = []
        for slot in range(count):
            # Mostly the costliest classes in turn; now and then any class that costs something,
            # so that a class whose cost no neighbourhood can lower does not hold the search.
            if self.rng.random() < 0.7:
                key = ranked[(turn * count + slot) % min(3, len(ranked))]
            else:
                key = self.rng.choice(ranked)
            members = [pid for pid in pools[key] if pid not in taken]
            if len(members) < 2:
                continue
            costly = sorted((pid for pid in members if blame.get(pid, 0) > 0),
                            key=lambda pid: (-blame[pid], self.rng.random()))
            chosen = costly[: max(1, round(self.size * COSTLY_SHARE))]
            lead = prefer.get(chosen[0], {}) if chosen else {}
            others = sorted((pid for pid in members if pid not in chosen),
                            key=lambda pid: (lead.get(pid, 0.0), self.rng.random()))
            pool = others[: 2 * (self.size - len(chosen))]
            chosen += self.rng.sample(pool, min(len(pool), self.size - len(chosen)))
            taken.update(chosen)
            out.append(chosen)
        return out


def refine(team: Team, horizon: Horizon, rules: list[Rule], roster: Roster, *, budget: float, seed: int,
           workers: int = 1, size: int = NEIGHBOURHOOD_SIZE, checked: CheckResult | None = None) -> RefineResult:
    """``roster`` with the re-plans that lower its cost, found within ``budget`` deterministic
    seconds of sub-solves (see the module docstring).  Only a roster that keeps every hard rule
    is refined; any other, or one no re-plan improves, is returned as it is.  ``checked`` is the
    roster's full check when the caller has it."""
    before = checked if checked is not None else check_roster(team, horizon, roster, rules)
    cost = before.total_cost
    if before.hard or budget <= 0 or len(team.staff) < 2 or cost == 0:
        return RefineResult(roster, cost, cost, 0, 0, 0.0, before)
    polisher = Polisher(team, horizon, rules, roster)
    fairness = next((r for r in rules if isinstance(r, Fairness)), None)
    chooser = _Chooser(polisher, seed, size)
    staff = team.staff_by_id
    start = time.monotonic()
    used = 0.0
    tried = kept = turn = stale = 0
    workers = max(1, workers)
    closed: set[frozenset[str]] = set()
    # Neighbourhoods across skills need the demand rows to keep coverage whole (_slots); interval
    # demand counts skills per time piece, which that does not cover, so it keeps to one class.
    mixing = bool(chooser.families) and MIXED_SHARE > 0 and not horizon.interval_requirements
    rows_by: dict[tuple[dt.date, str], list[Requirement]] = defaultdict(list)
    for req in horizon.requirements:
        rows_by[req.date, req.shift].append(req)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        while used < budget and time.monotonic() - start < WALL_FACTOR * budget + WALL_SLACK:
            mixed = mixing and chooser.rng.random() < MIXED_SHARE
            chosen = chooser.round(workers, turn, mixed)
            turn += 1
            if not chosen:
                break
            hoods = [hood for hood in chosen if frozenset(hood) not in closed]
            if not hoods:
                stale += 1
                if stale >= MAX_STALE_ROUNDS:
                    break
                continue
            stale = 0
            futures = []
            for k, hood in enumerate(hoods):
                people = [staff[pid] for pid in hood]
                cells = {pid: dict(polisher.people[pid].cells) for pid in hood}
                peers = peer_duty(team, fairness, polisher.summaries.get(fairness.name) if fairness else None,
                                  set(hood))
                step = min(STEP_SECONDS, budget - used)
                slots = _slots(rows_by, polisher.index, staff, hood) if mixed else None
                futures.append(pool.submit(propose, team, horizon, rules, people, cells, peers,
                                           time_limit=step, seed=seed + turn * workers + k, slots=slots))
            for hood, future in zip(hoods, futures, strict=True):  # offered in a fixed order: reproducible
                proposal = future.result()
                used += max(proposal.work, MIN_CHARGE)
                tried += 1
                if proposal.cells is not None and polisher.try_exchange(proposal.cells, same_class=not mixed):
                    kept += 1
                    closed.clear()  # everyone's peers may have changed
                elif proposal.closed:
                    closed.add(frozenset(hood))
    if not kept:
        return RefineResult(roster, cost, cost, tried, 0, used, before)
    done = polisher.result(roster, rules, cost, "refine")
    if done is None:
        return RefineResult(roster, cost, cost, tried, 0, used, before)
    refined, after = done
    log.info("refine: %d -> %d, %d of %d re-plans kept, %.1f deterministic s", cost, after.total_cost, kept, tried,
             used)
    return RefineResult(refined, cost, after.total_cost, tried, kept, used, after)

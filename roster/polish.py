"""Polish a finished roster: swaps between interchangeable people, and moves of one's own work.

A roster stitched from parts (roster.decompose) is evened out only within each part: a part
rich in people with two skills carries more nights a head than the others, and a part whose
search ended early keeps its unmet wishes, short stretches and rest on promotion days.  No
CP-SAT model of the whole 300- or 1,000-agent department fits in the time limit, but two
moves mend much of this:

* a *swap*: over a run of dates, person A takes B's assignments and B takes A's, for two
  people who are *interchangeable*: the same skills, the same lead flag and the same shifts
  allowed.  The day rules (coverage, intervals, handover) see a date's people only through
  those attributes, so a swap leaves every day rule's verdict as it was; only the two people's
  own rules (rest, stretches, hours, wishes...) and the team rules (fairness) can change.
* a *move*: one person exchanges their own cells on two dates up to a week apart (work moved
  to a day off, a night to another date).  Two dates' head counts change, so the day rules are
  judged on both.  Swaps cannot do this: rest on a promotion day or over-staffing never moves
  under a swap.

Everything is judged with the rule catalogue's own ``check``, ``summarize`` and ``judge`` (no
separate model of the rules), on what the change can touch.  A change is kept only if it
breaks no hard rule and lowers the roster's cost.

Changes are tried in a fixed order, and the search stops after a fixed number of tries
(``max_tries``), not after some wall-clock time: the same roster polished with the same budget
gives the same result on any machine.  The polished roster is checked once more in full before
it is returned, and must cost what the incremental verdicts said (a warning otherwise); if it
is not cheaper, the roster given is returned unchanged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import ChainMap
from dataclasses import dataclass
from typing import NamedTuple

from roster.checker import CheckResult, check_roster
from roster.domain import REST, Horizon, Roster, Staff, Team, Violation, is_leave_mark
from roster.rules import CheckContext, Rule
from roster.rules.base import on_duty_index, patched_index

log = logging.getLogger(__name__)

#: Swaps tried for one person in one pass over the people who cost something.
TRIES_PER_TARGET = 30
#: Own-date exchanges tried for one person in one pass, and how far apart the two dates may be.
MOVES_PER_TARGET = 12
MOVE_REACH = 7


@dataclass(frozen=True)
class PolishResult:
    """The roster after polishing and what it took."""

    roster: Roster
    cost_before: int
    cost_after: int
    swaps: int
    moves: int
    tries: int
    #: The full check of ``roster`` (the polish needs it anyway; the caller need not repeat it).
    check: CheckResult


def swap_class(person: Staff) -> tuple:
    """What the day rules can see of a person: two people of the same class may exchange one
    date's assignments without any day rule noticing."""
    return frozenset(person.skills), person.lead, frozenset(person.shifts)


class Target(NamedTuple):
    """A person worth changing (Polisher.targets)."""

    person: str
    #: What the roster pays for them: their own rules' soft costs and the team rules' on them.
    blame: int
    #: Dates their own rules complain of.
    dates: set[dt.date]
    #: Partner preference, lower is better: those off a team rule's share the other way first.
    prefer: dict[str, float]


@dataclass
class _Person:
    """One person's state in the search: cells, and what their own rules say of them."""

    staff: Staff
    cells: dict[dt.date, str]
    soft_cost: int
    hard: int
    violations: list[Violation]


class Polisher:
    """Incremental verdicts for swaps and moves on one roster (see the module docstring)."""

    def __init__(self, team: Team, horizon: Horizon, rules: list[Rule], roster: Roster):
        self.team = team
        self.horizon = horizon
        self.dates = list(horizon.dates)
        self.person_rules = [r for r in rules if r.scope == "person"]
        self.team_rules = [r for r in rules if r.scope == "team"]
        self.day_rules = [r for r in rules if r.scope == "day"]
        self._full = CheckContext(team, horizon, roster)
        cells: dict[str, dict[dt.date, str]] = {p.id: {} for p in team.staff}
        for (staff_id, date), cell in roster.cells.items():
            if staff_id in cells:
                cells[staff_id][date] = cell
        self.people: dict[str, _Person] = {}
        for p in team.staff:
            self.people[p.id] = self._judge_person(p, cells[p.id])
        # Team rules that summarise a person (fairness) are judged from those summaries; a team
        # rule that does not is re-checked on the whole roster (slower, still exact).
        self.summaries: dict[str, dict[str, object] | None] = {}
        for rule in self.team_rules:
            first = team.staff[0].id if team.staff else None
            decomposable = first is not None and rule.summarize(self._full, first) is not None
            self.summaries[rule.name] = (
                {p.id: rule.summarize(self._full, p.id) for p in team.staff} if decomposable else None)
        #: Team rules' violations by rule name and person ("" for none).
        self.team_violations: dict[str, dict[str, list[Violation]]] = {
            rule.name: _by_person(rule.judge(self._full, figures) if figures is not None else rule.check(self._full))
            for rule in self.team_rules for figures in [self.summaries[rule.name]]}
        # The current roster and who works what, kept for the day rules, which only a move of
        # one person's work from a date to another can change (see try_move).
        self._ids = [p.id for p in team.staff]
        self._position = {pid: k for k, pid in enumerate(self._ids)}  # staff order, the last tie-break
        self.roster = Roster(self.dates, dict(roster.cells))
        self.index = on_duty_index(self.roster, self._ids, self.dates)
        self._day_cache: dict[frozenset[dt.date], list[Violation]] = {}
        self.tries = 0
        self.swaps = 0
        self.moves = 0
        #: What the kept swaps and moves changed the cost by, by the incremental verdicts (the
        #: full check at the end must agree: see polish).
        self.gained = 0

    # -- verdicts ---------------------------------------------------------------------------

    def _context(self, person: Staff, cells: dict[dt.date, str]) -> CheckContext:
        return CheckContext.of_person(self.team, self.horizon, person, {(person.id, d): c for d, c in cells.items()})

    def _judge_person(self, person: Staff, cells: dict[dt.date, str]) -> _Person:
        ctx = self._context(person, cells)
        found = [v for rule in self.person_rules for v in rule.check(ctx)]
        return _Person(person, cells, _cost(found), sum(1 for v in found if v.hard), found)

    def _team_change(self, changed: dict[str, dict[dt.date, str]]
                     ) -> tuple[int, dict[str, dict[str, list[Violation]]], dict[str, dict[str, object]]]:
        """(change of the team rules' cost, their new verdicts, the new summaries) with
        ``changed`` people's cells.  A decomposable rule re-judges only the changed people and
        keeps everyone else's verdict: a swap between two people of one class keeps every
        group's figures (its members, their days available, its total), which is all another
        person is judged against.  Any other team rule is re-checked on the whole roster."""
        delta = 0
        verdicts: dict[str, dict[str, list[Violation]]] = {}
        figures_after: dict[str, dict[str, object]] = {}
        for rule in self.team_rules:
            before = self.team_violations[rule.name]
            figures = self.summaries[rule.name]
            if figures is None:
                cells = {(pid, d): c for pid, new in changed.items() for d, c in new.items()}
                roster = Roster(self.dates, ChainMap(cells, self.roster.cells))  # type: ignore[arg-type]
                after = _by_person(rule.check(CheckContext(self.team, self.horizon, roster)))
                delta += _cost_of(after) - _cost_of(before)
                verdicts[rule.name] = after
                continue
            mine = {pid: rule.summarize(self._context(self.people[pid].staff, cells), pid)
                    for pid, cells in changed.items()}
            saved = {pid: figures[pid] for pid in mine}
            figures.update(mine)  # judged in place (1,000 people: no copy per try), then restored
            try:
                found = _by_person(rule.judge(self._full, figures, only=set(changed)))
            finally:
                figures.update(saved)
            after = {pid: found.get(pid, []) for pid in changed}
            delta += _cost_of(after) - _cost_of({pid: before.get(pid, []) for pid in changed})
            verdicts[rule.name] = after
            figures_after[rule.name] = mine
        return delta, verdicts, figures_after

    # -- one move ---------------------------------------------------------------------------

    def try_swap(self, a: str, b: str, dates: list[dt.date]) -> bool:
        """Exchange ``a``'s and ``b``'s assignments on ``dates`` if that keeps every hard rule and
        lowers the cost; True if done."""
        pa, pb = self.people[a], self.people[b]
        cells_a = {**pa.cells, **{d: pb.cells.get(d, REST) for d in dates}}
        cells_b = {**pb.cells, **{d: pa.cells.get(d, REST) for d in dates}}
        if not self.try_exchange({a: cells_a, b: cells_b}):
            return False
        self.swaps += 1
        return True

    def try_exchange(self, changed: dict[str, dict[dt.date, str]], *, same_class: bool = True) -> bool:
        """Give the people of ``changed`` those cells if that keeps every hard rule and lowers
        the cost; True if done.  Counted as one try.

        With ``same_class`` the caller promises what a swap promises: the people are
        interchangeable (one swap_class) and on every date they hold between them the same
        shifts as before, so no day rule's verdict can change.  A swap of two people is the
        smallest such exchange; roster.refine proposes larger ones.  Without it (people whose
        skills differ, who still hold between them each date's shifts as before and may work
        the same shifts, so every team group keeps its figures) the day rules are judged too,
        on the dates that change and the neighbours each rule reaches, as for a move.  The
        team rules are judged first (a
        person's summary is cheap, their full check is not): an exchange whose team-rule change
        cannot be paid for even if the people's own rules then cost nothing is refused without
        checking them."""
        self.tries += 1
        team_delta, verdicts, figures = self._team_change(changed)
        before = sum(self.people[pid].soft_cost for pid in changed)
        budget = before - team_delta  # what the people may cost after the exchange
        changes = {(pid, d): c for pid, cells in changed.items() for d, c in cells.items()
                   if self.people[pid].cells.get(d, REST) != c}
        index = None
        day_delta = 0
        if not same_class and changes:
            after = Roster(self.dates, ChainMap(changes, self.roster.cells))  # type: ignore[arg-type]
            index = self._index_with(changes)
            dates = {d for _, d in changes}
            day_before = self._day_verdict(self.roster, self.index, dates)
            day_after = self._day_verdict(after, index, dates)
            known = {_key(v) for v in day_before if v.hard}
            if any(v.hard and _key(v) not in known for v in day_after):
                return False
            day_delta = _cost(day_after) - _cost(day_before)
            budget -= day_delta
        if budget <= 0:
            return False
        judged: dict[str, _Person] = {}
        spent = 0
        for pid, cells in changed.items():
            old = self.people[pid]
            new = self._judge_person(old.staff, cells)
            spent += new.soft_cost
            if new.hard > old.hard or spent >= budget:
                return False
            judged[pid] = new
        self.people.update(judged)
        for rule in self.team_rules:
            name = rule.name
            if self.summaries[name] is None:
                self.team_violations[name] = verdicts[name]
            else:
                self.summaries[name].update(figures[name])  # type: ignore[union-attr]
                self.team_violations[name].update(verdicts[name])
        self.index = index if index is not None else self._index_with(changes)
        self.roster.cells.update(changes)
        self._day_cache.clear()
        self.gained += team_delta + day_delta + spent - before
        return True

    def _index_with(self, changes: dict[tuple[str, dt.date], str]) -> dict[tuple[dt.date, str], list[str]]:
        """The who-works-what index with ``changes`` applied."""
        return patched_index(self.index, self.roster, self._ids, changes)

    def _day_verdict(self, roster: Roster, index: dict[tuple[dt.date, str], list[str]], dates: set[dt.date]
                     ) -> list[Violation]:
        """The day rules' violations on ``dates`` and the neighbours each rule can reach."""
        out: list[Violation] = []
        for rule in self.day_rules:
            near = {d + dt.timedelta(days=k) for d in dates for k in range(-rule.reach, rule.reach + 1)}
            horizon = Horizon([day for day in self.horizon.days if day.date in near],
                              [r for r in self.horizon.requirements if r.date in near],
                              [r for r in self.horizon.interval_requirements if r.date in near])
            out.extend(rule.check(CheckContext(self.team, horizon, roster, index)))
        return out

    def try_move(self, a: str, first: dt.date, second: dt.date) -> bool:
        """Exchange ``a``'s own cells on two dates (work moved to a day off, a shift to another
        date) if that keeps every hard rule and lowers the cost; True if done.

        This changes two dates' head counts, so unlike a swap it is judged by the day rules on
        both dates, and by the team rules whole (a weekend day moved to a weekday changes the
        group's total, against which everyone is judged)."""
        self.tries += 1
        pa = self.people[a]
        cells = {**pa.cells, first: pa.cells.get(second, REST), second: pa.cells.get(first, REST)}
        new_a = self._judge_person(pa.staff, cells)
        if new_a.hard > pa.hard:
            return False
        changes = {(a, first): cells[first], (a, second): cells[second]}
        # The roster after the move as a view (a copy of 31,000 cells per try at 1,000 people
        # cost more than the verdicts); it becomes the roster only if the move is kept.
        after = Roster(self.dates, ChainMap(changes, self.roster.cells))  # type: ignore[arg-type]
        index = self._index_with(changes)
        key = frozenset((first, second))
        if key not in self._day_cache:
            self._day_cache[key] = self._day_verdict(self.roster, self.index, set(key))
        day_before = self._day_cache[key]
        day_after = self._day_verdict(after, index, set(key))
        known = {_key(v) for v in day_before if v.hard}
        if any(v.hard and _key(v) not in known for v in day_after):
            return False
        figures: dict[str, dict[str, object]] = {}
        verdicts: dict[str, dict[str, list[Violation]]] = {}
        for rule in self.team_rules:
            current = self.summaries[rule.name]
            if current is None:
                verdicts[rule.name] = _by_person(rule.check(CheckContext(self.team, self.horizon, after)))
                continue
            mine = rule.summarize(self._context(pa.staff, cells), a)
            if mine == current[a]:
                continue  # the same figures (a weekday's work moved to another weekday): the same verdicts
            figures[rule.name] = {**current, a: mine}
            verdicts[rule.name] = _by_person(rule.judge(self._full, figures[rule.name]))
        delta = (new_a.soft_cost - pa.soft_cost + _cost(day_after) - _cost(day_before)
                 + sum(_cost_of(verdicts[n]) - _cost_of(self.team_violations[n]) for n in verdicts))
        if delta >= 0:
            return False
        self.people[a] = new_a
        for name, found in verdicts.items():
            self.team_violations[name] = found
            if name in figures:
                self.summaries[name] = figures[name]
        self.roster.cells.update(changes)
        self.index = index
        self._day_cache.clear()
        self.gained += delta
        self.moves += 1
        return True

    def result(self, given: Roster, rules: list[Rule], cost: int, what: str) -> tuple[Roster, CheckResult] | None:
        """The changed roster (``given``'s info and change log kept) with its full check, or None
        unless it keeps every hard rule and costs less than ``cost``, what ``given`` cost.  The
        full check must say what the running count of the gains says (a warning otherwise: the
        incremental verdicts and the catalogue disagree, and the check wins)."""
        changed = Roster(list(given.dates), dict(self.roster.cells), given.info, list(given.changes))
        after = check_roster(self.team, self.horizon, changed, rules)
        if after.hard or after.total_cost != cost + self.gained:
            log.warning("%s: the full check disagrees (%d hard, cost %d, expected %d from %d)", what, len(after.hard),
                        after.total_cost, cost + self.gained, cost)
        if after.hard or after.total_cost >= cost:
            return None
        return changed, after

    # -- the search -------------------------------------------------------------------------

    def _swappable(self, person: _Person, date: dt.date) -> bool:
        return (not self.team.on_leave(person.staff.id, date)
                and not is_leave_mark(person.cells.get(date, REST)))

    def segments(self, a: str, b: str) -> list[list[dt.date]]:
        """The maximal runs of dates on which ``a`` and ``b`` have different, swappable cells.

        Swapping a whole run keeps each person's transitions at its edges: the day before and
        the day after a run either hold the same cell for both (so the new neighbour is the one
        the other person already had) or lie outside the month or on leave, where the
        person rules judge the edge as they judge any other."""
        pa, pb = self.people[a], self.people[b]
        out: list[list[dt.date]] = []
        run: list[dt.date] = []
        for date in self.dates:
            if (pa.cells.get(date, REST) != pb.cells.get(date, REST)
                    and self._swappable(pa, date) and self._swappable(pb, date)):
                run.append(date)
            elif run:
                out.append(run)
                run = []
        if run:
            out.append(run)
        return out

    def balanced_windows(self, a: str, b: str, longest: int = 10) -> list[list[dt.date]]:
        """Windows of up to ``longest`` days in which ``a`` and ``b`` work equally many days but
        not the same shifts, their cells differing on the first and the last day: swapping one
        keeps both people's days worked (the rest-day and hours rules, mostly at their limits
        after a solve) while moving, say, nights from one to the other."""
        pa, pb = self.people[a], self.people[b]
        cells_a = [pa.cells.get(d, REST) for d in self.dates]
        cells_b = [pb.cells.get(d, REST) for d in self.dates]
        ok = [self._swappable(pa, d) and self._swappable(pb, d) for d in self.dates]
        shifts = self.team.shift_by_code
        out = []
        n = len(self.dates)
        for i in range(n):
            if not ok[i] or cells_a[i] == cells_b[i]:
                continue
            worked = 0
            for j in range(i, min(n, i + longest)):
                if not ok[j]:
                    break
                worked += (cells_a[j] in shifts) - (cells_b[j] in shifts)
                if (j > i and worked == 0 and cells_a[j] != cells_b[j]
                        and sorted(cells_a[i:j + 1]) != sorted(cells_b[i:j + 1])):
                    out.append(self.dates[i:j + 1])
        return out

    def _partners(self, a: str, classes: dict[tuple, list[str]], prefer: dict[str, float]) -> list[str]:
        """The people ``a`` could swap with, best first: those the team rules want moved the
        opposite way (``prefer``: lower is better), then the cheapest in their own rules, then
        staff order."""
        out = [b for b in classes[swap_class(self.people[a].staff)] if b != a]
        out.sort(key=lambda b: (prefer.get(b, 0), self.people[b].soft_cost, self._position[b]))
        return out

    def targets(self) -> list[Target]:
        """Everyone who costs something, the costliest first, with the dates their own rules
        complain of and their partner preference (lower is better).  A person off a team rule's share prefers partners off it
        the other way (Rule.imbalance): a night moved from someone above their fair share to
        someone below it pays twice."""
        blame: dict[str, int] = {}
        dates: dict[str, set[dt.date]] = {}
        for pid, person in self.people.items():
            for v in person.violations:
                if not v.hard and v.data.get("cost"):
                    blame[pid] = blame.get(pid, 0) + int(v.data["cost"])  # type: ignore[call-overload]
                    if v.date is not None:
                        dates.setdefault(pid, set()).add(v.date)
        loads: dict[str, dict[str, float]] = {}
        for rule in self.team_rules:
            figures = self.summaries[rule.name]
            if figures is not None:
                loads.update(rule.imbalance(self._full, figures))
        off: dict[str, list[tuple[str, int]]] = {}
        for v in (v for by in self.team_violations.values() for found in by.values() for v in found):
            if v.hard or not v.data.get("cost") or not v.staff_id:
                continue
            blame[v.staff_id] = blame.get(v.staff_id, 0) + int(v.data["cost"])  # type: ignore[call-overload]
            load = loads.get(v.rule, {}).get(v.staff_id)
            if load:
                off.setdefault(v.staff_id, []).append((v.rule, 1 if load > 0 else -1))
        out = []
        for pid in sorted(blame, key=lambda p: (-blame[p], p)):
            prefer: dict[str, float] = {}
            for name, sign in off.get(pid, []):
                for other, load in loads[name].items():
                    prefer[other] = prefer.get(other, 0.0) + sign * load
            out.append(Target(pid, blame[pid], dates.get(pid, set()), prefer))
        return out

    def _move_own(self, a: str, wanted: set[dt.date], max_tries: int) -> bool:
        """Offer ``a``'s own-date exchanges (try_move) for each date their own rules complain
        of, with the dates up to MOVE_REACH days either side, nearest first; True if one was
        kept."""
        person = self.people[a]
        spent = 0
        for first in sorted(wanted):
            if not self._swappable(person, first):
                continue
            near = sorted((d for d in self.dates if 0 < abs((d - first).days) <= MOVE_REACH),
                          key=lambda d: (abs((d - first).days), d))
            for second in near:
                if person.cells.get(second, REST) == person.cells.get(first, REST) or not self._swappable(person, second):
                    continue
                if self.tries >= max_tries or spent >= MOVES_PER_TARGET:
                    return False
                spent += 1
                if self.try_move(a, first, second):
                    return True
        return False

    def run(self, max_tries: int) -> None:
        """Pass over the people who cost something, costliest first, until a pass improves
        nothing or ``max_tries`` changes have been tried.  For each, moves of their own work
        around the dates their own rules complain of come first; then partners are taken best
        first and their runs of differing days (those holding such a date first) are offered
        until one swap is kept or the person's share of tries is spent."""
        classes: dict[tuple, list[str]] = {}
        for pid, person in self.people.items():
            classes.setdefault(swap_class(person.staff), []).append(pid)
        improved = True
        while improved and self.tries < max_tries:
            improved = False
            for pid, _, wanted, prefer in self.targets():
                if self._move_own(pid, wanted, max_tries):
                    improved = True
                if self.tries >= max_tries:
                    return
                spent = 0
                for other in self._partners(pid, classes, prefer):
                    runs = self.segments(pid, other)
                    seen = {(r[0], r[-1]) for r in runs}
                    runs += [w for w in self.balanced_windows(pid, other) if (w[0], w[-1]) not in seen]
                    runs.sort(key=lambda r: not wanted.intersection(r))
                    done = False
                    for run in runs:
                        if self.tries >= max_tries:
                            return
                        if spent >= TRIES_PER_TARGET:
                            break
                        spent += 1
                        if self.try_swap(pid, other, run):
                            improved = done = True
                            break
                    if done or spent >= TRIES_PER_TARGET:
                        break


def _cost(violations: list[Violation]) -> int:
    return sum(int(v.data.get("cost", 0)) for v in violations if not v.hard)  # type: ignore[call-overload]


def _key(v: Violation) -> tuple:
    return (v.rule, v.staff_id, v.date, v.shift, v.message)


def _cost_of(by_person: dict[str, list[Violation]]) -> int:
    return sum(_cost(found) for found in by_person.values())


def _by_person(violations: list[Violation]) -> dict[str, list[Violation]]:
    out: dict[str, list[Violation]] = {}
    for v in violations:
        out.setdefault(v.staff_id, []).append(v)
    return out


def polish(team: Team, horizon: Horizon, rules: list[Rule], roster: Roster, *, max_tries: int) -> PolishResult:
    """The roster with the swaps and moves that lower its cost (see the module docstring).

    Only a roster that keeps every hard rule is polished; any other is returned as it is."""
    before = check_roster(team, horizon, roster, rules)
    cost = before.total_cost
    if before.hard or max_tries <= 0 or len(team.staff) < 2:
        return PolishResult(roster, cost, cost, 0, 0, 0, before)
    polisher = Polisher(team, horizon, rules, roster)
    polisher.run(max_tries)
    if not polisher.swaps and not polisher.moves:
        return PolishResult(roster, cost, cost, 0, 0, polisher.tries, before)
    done = polisher.result(roster, rules, cost, "polish")
    if done is None:
        return PolishResult(roster, cost, cost, 0, 0, polisher.tries, before)
    polished, after = done
    log.info("polish: %d -> %d in %d swaps and %d moves (%d tried)", cost, after.total_cost, polisher.swaps,
             polisher.moves, polisher.tries)
    return PolishResult(polished, cost, after.total_cost, polisher.swaps, polisher.moves, polisher.tries, after)

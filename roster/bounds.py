"""A lower bound on what any roster of the month must pay, from counting alone (no solver).

CP-SAT proves a bound when it solves the whole department; a roster stitched from parts
(``solver.whole_model_max`` exceeded) has none, and on a large model CP-SAT's own bound may stay
at zero for the whole limit.  Yet part of the cost is forced by the input: when the rest-day
rule caps each person's rest days, everyone must work at least so many days, and every day
worked beyond the demand targets of its date is over-staffing, which the coverage rule prices.
So with

- ``W`` = the days the staff must work at least (the month minus leave minus the most rest
  days the rest-day rule allows each person), and
- ``C`` = the most days that can be worked without any over-staffing cost (the summed
  targets of each date; on a date where some shift has neither demand rows nor an
  over-staffing price, because the interval rule judges it, every available person),

every roster that keeps the hard rules pays at least ``over_target_weight * (W - C)`` for
over-staffing (the lower of it and ``holiday_over_weight`` in a month with holidays).  Every penalty is non-negative, so that is a lower bound on the whole cost: the
minimum of a sum is at least the sum of the minimums, and the other terms' minimum is at least 0.

It is exact on months whose optimum is all forced over-staffing (the default profile's
synthetic departments nearly are), and honest everywhere else: the reported gap is never
smaller than the truth.

The same counting bounds the *shortfall* of a month that cannot be staffed
(:func:`shortfall_floor`, for the diagnosis of roster.explain): on each date every person
works one shift and fills one demand row, so the people who may fill the rows (skill,
allowed shift, not on leave) can cover at most a maximum matching of them, and whatever
the minimums ask beyond it is missing in every roster.  Groups of rows that the able people
cannot carry over the month (each person's most shifts alone under the personal rules, a
small solve the caller makes) add their deficit.  The diagnosis's solves stop when they reach
the bound: "at least 26 people missing" is then proven at once instead of after the whole
time limit, and a relaxed rule that cannot lower it needs no solve at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from roster.domain import Horizon, Requirement, Staff, Team
from roster.matching import assign_skills
from roster.rules import Coverage, RestDays, Rule

#: A demand row as the shortfall bounds name it: (date, shift, skill), unique per resolved row.
RowKey = tuple[dt.date, str, "str | None"]


def forced_over_staffing(team: Team, horizon: Horizon, rules: list[Rule]) -> int:
    """Days of over-staffing every roster of ``horizon`` must have (0 when nothing forces it)."""
    rest = next((r for r in rules if isinstance(r, RestDays)), None)
    if rest is None:
        return 0
    dates = horizon.dates
    must_work = 0
    for person in team.staff:
        _, most_rest, leave = rest.limits(team, horizon, person.id)
        must_work += max(0, len(dates) - leave - most_rest)
    targets: dict = {}
    for req in horizon.requirements:
        targets[req.date, req.shift] = targets.get((req.date, req.shift), 0) + req.target
    interval_dates = {r.date for r in horizon.interval_requirements}
    codes = [s.code for s in team.shifts]
    free = 0  # days that can be worked at no over-staffing cost
    for date in dates:
        unpriced = date in interval_dates and any((date, code) not in targets for code in codes)
        if unpriced:
            free += sum(not team.on_leave(p.id, date) for p in team.staff)
        else:
            free += sum(targets.get((date, code), 0) for code in codes)
    return max(0, must_work - free)


def structural_bound(team: Team, horizon: Horizon, rules: list[Rule]) -> float:
    """A lower bound on the cost of every roster that keeps the hard rules (see the module)."""
    coverage = next((r for r in rules if isinstance(r, Coverage)), None)
    if coverage is None or not horizon.dates:
        return 0.0
    # The surplus may land on the month's cheapest dates (holidays are priced on their own:
    # coverage.holiday_over_weight), so each forced day costs at least the lowest price.
    weight = min(coverage.params.over_weight_on(horizon, date) for date in horizon.dates)
    return float(weight * forced_over_staffing(team, horizon, rules)) if weight else 0.0


def row_key(req: Requirement) -> RowKey:
    """The key of a resolved demand row (coverage keys its shortfall variables alike)."""
    return (req.date, req.shift, req.skill)


def coverable(people: Sequence[Staff], rows: Sequence[Requirement]) -> int:
    """The most of the rows' minimums ``people`` can fill on one date, each person one row
    at most (a maximum b-matching: people -> rows, row ``r`` taking up to ``r.min``, the one
    :func:`roster.matching.assign_skills` finds, with each person's allowed shifts too).

    An upper bound on what any roster covers there, whatever the rules: it only forgets
    constraints."""
    counted = assign_skills(people, rows, able=lambda p, r: p.may_work(r.shift) and p.has_skill(r.skill))
    return sum(min(len(ids), r.min) for ids, r in zip(counted, rows, strict=True))


def day_shortfalls(team: Team, rows: Iterable[Requirement]) -> dict[dt.date, int]:
    """Per date, the people its ``rows`` lack in every roster: their minimums added up minus
    :func:`coverable` by the people not on leave that day (dates lacking none are left out)."""
    by_date: dict[dt.date, list[Requirement]] = defaultdict(list)
    for req in rows:
        if req.min > 0:
            by_date[req.date].append(req)
    out: dict[dt.date, int] = {}
    for date, reqs in by_date.items():
        need = sum(r.min for r in reqs)
        people = [p for p in team.staff if not team.on_leave(p.id, date)]
        # Enough people, each able to fill every row, is the common case: no matching needed.
        if len(people) >= need and all(not p.shifts and not r.skill for p in people for r in reqs):
            continue
        lack = need - coverable(people, reqs)
        if lack > 0:
            out[date] = lack
    return out


def shortfall_floor(team: Team, horizon: Horizon, since: dt.date | None = None,
                    deficits: Iterable[tuple[frozenset[RowKey], int]] = ()) -> int:
    """People (person-shifts) that the minimums from ``since`` lack in every roster of the month
    that keeps the hard rules: a lower bound on the elastic model's shift shortfall.

    The dates' own lacks (:func:`day_shortfalls`) add up, since each date's rows are its own.
    A ``deficits`` entry (rows, deficit) says the rows lack at least ``deficit`` people together
    (the caller's capacity count, roster.explain).  Entries whose rows do not overlap add up too
    (the weeks of a month under a weekly-hours cap: 5 + 11 + 2 + 1 missing, where the worst week
    alone said 11), and with them the lacks of the dates they do not touch and each row's own
    lack on the dates they do, so no person-shift is counted twice.  A few such packings are
    tried (each entry alone, the largest deficits first, the smallest groups first); the largest
    sum is the bound, and every one of them is at most the true least shortfall.
    """
    return floor_packing(team, horizon, since, deficits)[0]


def floor_packing(team: Team, horizon: Horizon, since: dt.date | None = None,
                  deficits: Iterable[tuple[frozenset[RowKey], int]] = ()
                  ) -> tuple[int, list[int]]:
    """:func:`shortfall_floor` and the indices of the ``deficits`` entries its packing uses."""
    rows = [r for r in horizon.requirements if r.min > 0 and (since is None or r.date >= since)]
    by_day = day_shortfalls(team, rows)
    entries = [(keys, deficit) for keys, deficit in deficits]
    best, chosen = sum(by_day.values()), []
    candidates = [k for k, (_, deficit) in enumerate(entries) if deficit > 0]
    orders = [[k] for k in candidates]
    orders.append(sorted(candidates, key=lambda k: -entries[k][1]))
    orders.append(sorted(candidates, key=lambda k: len(entries[k][0])))
    row_lack: dict[RowKey, int] = {}
    for order in orders:
        taken: list[int] = []
        used: set[RowKey] = set()
        for k in order:
            if used.isdisjoint(entries[k][0]):
                taken.append(k)
                used |= entries[k][0]
        touched = {key[0] for key in used}
        total = sum(entries[k][1] for k in taken)
        total += sum(lack for date, lack in by_day.items() if date not in touched)
        for req in rows:
            if req.date in touched and row_key(req) not in used:
                key = row_key(req)
                if key not in row_lack:
                    able = sum(1 for p in team.staff if p.may_work(req.shift) and p.has_skill(req.skill)
                               and not team.on_leave(p.id, req.date))
                    row_lack[key] = max(0, req.min - able)
                total += row_lack[key]
        if total > best:
            best, chosen = total, taken
    return best, chosen

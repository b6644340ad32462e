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
"""

from __future__ import annotations

from roster.domain import Horizon, Team
from roster.rules import Coverage, RestDays, Rule


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

"""Rule 4: "work six, rest one" (做六休一) and the number of rest days in the month.

``consecutive_days``: at most ``max_days`` working days in a row, counted across the month
boundary from the History tail (or ``--previous``).  ``rest_days``: between ``min`` and ``max``
rest days in the month, both prorated for leave (a person on leave half the month needs half
the rest days), because leave is not rest; the maximum only for leave planned before the roster
(not sickness, nor leave typed into a finished roster: see RestDays.limits).
"""

from __future__ import annotations

import datetime as dt
import math

from pydantic import Field, model_validator

from roster.domain import Horizon, Team, Violation
from roster.i18n import register, t
from roster.rules.base import CheckContext, ModelContext, Penalty, Rule, RuleParams, unit

register(
    {
        "rest_days.max_below_min": {"en": "max ({max}) is below min ({min})", "zh": "max（{max}）小于 min（{min}）：最多休息天数不能少于最少休息天数"},
        "consecutive_days.title": {
            "en": "At most {max_days} working days in a row",
            "zh": "连续上班不超过 {max_days} 天",
        },
        "consecutive_days.violation": {
            "en": "{staff} works {length} days in a row from {start} to {end} (at most {max_days})",
            "zh": "{staff} 从 {start} 到 {end} 连续上班 {length} 天（最多 {max_days} 天）",
        },
        "rest_days.title": {
            "en": "Between {min} and {max} rest days a month (prorated for leave)",
            "zh": "每月休息 {min} 至 {max} 天（按请假天数折算）",
        },
        "rest_days.too_few": {
            "en": "{staff} has {rest} rest days in the month, needs at least {need}",
            "zh": "{staff} 本月休息 {rest} 天，至少应休 {need} 天",
        },
        "rest_days.too_many": {
            "en": "{staff} has {rest} rest days in the month, at most {limit} allowed",
            "zh": "{staff} 本月休息 {rest} 天，最多 {limit} 天",
        },
    }
)


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.consecutive_days": {"en": "days in a row", "zh": "连续上班天数"},
        "label.rest_days": {"en": "rest days in the month", "zh": "月休天数"},
    }
)


class ConsecutiveParams(RuleParams):
    max_days: int = Field(6, ge=1, le=31, json_schema_extra=unit("days"))


class ConsecutiveDays(Rule):
    name = "consecutive_days"
    hard = True
    Params = ConsecutiveParams

    def add(self, ctx: ModelContext) -> list[Penalty]:
        limit = self.params.max_days
        for person in ctx.team.staff:
            for end in ctx.horizon.dates:
                window = [end - dt.timedelta(days=k) for k in range(limit, -1, -1)]
                ctx.model.add(sum(ctx.vars.works(person.id, d) for d in window) <= limit)
        return []

    def check(self, ctx: CheckContext) -> list[Violation]:
        out = []
        limit = self.params.max_days
        first = ctx.horizon.first - dt.timedelta(days=limit)
        span = [first + dt.timedelta(days=k) for k in range((ctx.horizon.last - first).days + 1)]
        for person in ctx.team.staff:
            run: list[dt.date] = []
            for date in [*span, None]:
                if date is not None and ctx.works(person.id, date):
                    run.append(date)
                    continue
                if len(run) > limit and run[-1] >= ctx.horizon.first:
                    out.append(Violation(
                        self.name,
                        t("consecutive_days.violation", staff=person.id, length=len(run), start=run[0],
                          end=run[-1], max_days=limit),
                        staff_id=person.id, date=run[limit],
                        data={"length": len(run), "max_days": limit, "from": run[0].isoformat(),
                              "to": run[-1].isoformat()},
                    ))
                run = []
        return out


class RestDaysParams(RuleParams):
    min: int = Field(4, ge=0, le=31, json_schema_extra=unit("days"))
    max: int = Field(10, ge=0, le=31, json_schema_extra=unit("days"))

    @model_validator(mode="after")
    def _ordered(self) -> RestDaysParams:
        if self.max < self.min:
            raise ValueError(t("rest_days.max_below_min", max=self.max, min=self.min))
        return self


def prorated(value: int, available: int, days: int, up: bool) -> int:
    """``value`` scaled to the days a person is not on leave (floor for minimums, ceil for
    maximums, so proration never makes a rule stricter)."""
    exact = value * available / days if days else 0
    return math.ceil(exact - 1e-9) if up else math.floor(exact + 1e-9)


class RestDays(Rule):
    name = "rest_days"
    hard = True
    Params = RestDaysParams

    def bounds(self, ctx: ModelContext | CheckContext, staff_id: str) -> tuple[int, int, int]:
        """(minimum, maximum, leave days) for one person this month."""
        return self.limits(ctx.team, ctx.horizon, staff_id)

    def limits(self, team: Team, horizon: Horizon, staff_id: str) -> tuple[int, int, int]:
        """:meth:`bounds` from the team and calendar alone (roster.bounds counts with it).

        The minimum is prorated by all leave, the maximum only by leave known when the roster
        was planned (Leave.planned).  Sickness arrives after the rest days are set and mostly
        falls on working days: prorating the cap by it would turn the rest days already
        planned into "too many" (8 rest days, then a week off sick: at most 7), and ``repair``
        would take a rest day from the sick person to mend it."""
        dates = horizon.dates
        leave = sum(team.on_leave(staff_id, d) for d in dates)
        planned = sum(team.on_planned_leave(staff_id, d) for d in dates)
        return (prorated(self.params.min, len(dates) - leave, len(dates), up=False),
                prorated(self.params.max, len(dates) - planned, len(dates), up=True), leave)

    def add(self, ctx: ModelContext) -> list[Penalty]:
        dates = ctx.horizon.dates
        for person in ctx.team.staff:
            low, high, leave = self.bounds(ctx, person.id)
            rest = len(dates) - leave - sum(ctx.vars.works(person.id, d) for d in dates)
            ctx.model.add(rest >= low)
            ctx.model.add(rest <= high)
        return []

    def check(self, ctx: CheckContext) -> list[Violation]:
        out = []
        for person in ctx.team.staff:
            low, high, _ = self.bounds(ctx, person.id)
            rest = sum(
                1 for d in ctx.horizon.dates
                if not ctx.works(person.id, d) and not ctx.team.on_leave(person.id, d) and not ctx.is_leave(person.id, d)
            )
            if rest < low:
                out.append(Violation(self.name, t("rest_days.too_few", staff=person.id, rest=rest, need=low),
                                     staff_id=person.id, data={"rest_days": rest, "min": low}))
            elif rest > high:
                out.append(Violation(self.name, t("rest_days.too_many", staff=person.id, rest=rest, limit=high),
                                     staff_id=person.id, data={"rest_days": rest, "max": high}))
        return out

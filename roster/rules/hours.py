"""Rule 10: at most ``max_per_week`` hours in a calendar week (Monday to Sunday), from the shift
lengths.  The first week of the month includes its days from the History tail; a week that runs
past the month's end is judged on the days planned so far."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from roster.domain import Violation
from roster.i18n import register, t
from roster.rules.base import CheckContext, ModelContext, Penalty, Rule, RuleParams, unit

register(
    {
        "hours.title": {
            "en": "At most {max_per_week:g} hours a week",
            "zh": "每周工作不超过 {max_per_week:g} 小时",
        },
        "hours.violation": {
            "en": "{staff} works {hours:g} h in the week of {monday} (at most {limit:g} h)",
            "zh": "{staff} 在 {monday} 起的一周工作 {hours:g} 小时（最多 {limit:g} 小时）",
        },
    }
)


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.hours": {"en": "hours a week", "zh": "每周工时"},
    }
)


class HoursParams(RuleParams):
    max_per_week: float = Field(54.0, gt=0, le=168, json_schema_extra=unit("hours"))


def weeks(dates: list[dt.date]) -> list[list[dt.date]]:
    """Monday-to-Sunday weeks touching ``dates``, each with all seven dates."""
    mondays = sorted({d - dt.timedelta(days=d.weekday()) for d in dates})
    return [[m + dt.timedelta(days=k) for k in range(7)] for m in mondays]


class Hours(Rule):
    name = "hours"
    hard = True
    Params = HoursParams

    def add(self, ctx: ModelContext) -> list[Penalty]:
        limit = round(self.params.max_per_week * 60)
        last = ctx.horizon.last
        # A redundant count cut: at most limit // (shortest shift) working days a week.  The
        # minutes constraint implies it for integers, but the LP relaxation does not (5.68
        # shifts of 9.5 h fit in 54 h), and without it the solver's bound stays weak.
        shortest = min((s.minutes for s in ctx.team.shifts if s.minutes > 0), default=0)
        max_days = limit // shortest if shortest else 7
        for person in ctx.team.staff:
            for week in weeks(ctx.horizon.dates):
                days = [d for d in week if d <= last]
                minutes = sum(s.minutes * ctx.vars.assign(person.id, d, s.code) for d in days for s in ctx.team.shifts)
                ctx.model.add(minutes <= limit)
                if max_days < len(days):
                    ctx.model.add(sum(ctx.vars.works(person.id, d) for d in days) <= max_days)
        return []

    def check(self, ctx: CheckContext) -> list[Violation]:
        out = []
        limit = self.params.max_per_week
        for person in ctx.team.staff:
            for week in weeks(ctx.horizon.dates):
                minutes = sum(s.minutes for d in week if d <= ctx.horizon.last
                              if (s := ctx.shift_of(person.id, d)) is not None)
                if minutes > limit * 60 + 1e-6:
                    out.append(Violation(self.name, t("hours.violation", staff=person.id, hours=minutes / 60,
                                                      monday=week[0], limit=limit),
                                         staff_id=person.id, date=max(week[0], ctx.horizon.first),
                                         data={"hours": minutes / 60, "max_per_week": limit,
                                               "week": week[0].isoformat()}))
        return out

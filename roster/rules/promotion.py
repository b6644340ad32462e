"""Rule 3 (the part beyond demand scaling): during a promotion with leave frozen (禁休), keep
rest days off the peak where the rest rules allow: each rest day taken on such a day costs
``rest_weight``.  (Demand scaling by the multiplier happens when demand is resolved, and frozen
day-off wishes are handled by the requests rule.)

Leave on a frozen day is honoured (sick leave cannot wait), so it costs nothing and the model
adds nothing for it; but the checker lists it as an audit finding (soft, no cost, like the
labour-law audit): ``generate`` notes leave from the Leave sheet that falls into a freeze, while
``check`` on a roster where someone typed 假 into 双11 said nothing at all, and HR could not see
that the freeze had been broken."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from roster.domain import Day, Violation
from roster.i18n import register, t
from roster.i18n import span as date_span
from roster.rules.base import AIM_FIRST, CheckContext, ModelContext, Penalty, Rule, RuleParams

register(
    {
        "promotion.title": {
            "en": "Keep rest days off promotion peaks with leave frozen",
            "zh": "大促禁休期间尽量不安排休息",
        },
        "promotion.leave": {
            "en": "{staff} is on leave {span} during {promotion}, when leave is frozen (禁休): honoured as "
                  "entered; make sure it was approved",
            "zh": "{staff} 在 {promotion} 禁休期间请假（{span}）：已按录入保留，请确认已获批准",
        },
        "promotion.rest": {
            "en": "{staff} rests on {date} during {promotion} (leave frozen)",
            "zh": "{staff} 在 {promotion} 禁休期间（{date}）休息",
        },
    }
)


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.promotion": {"en": "rest during a promotion", "zh": "大促期间休息"},
    }
)


class PromotionParams(RuleParams):
    rest_weight: int = Field(5, ge=0)


class PromotionRest(Rule):
    name = "promotion"
    hard = False
    Params = PromotionParams

    def _frozen_days(self, ctx: ModelContext | CheckContext):
        return [d for d in ctx.horizon.days if d.freeze_leave]

    def add(self, ctx: ModelContext) -> list[Penalty]:
        if not self.params.rest_weight:
            return []
        out = []
        for day in self._frozen_days(ctx):
            for person in ctx.team.staff:
                if ctx.team.on_leave(person.id, day.date):
                    continue
                out.append(Penalty("promotion", f"rest {person.id} {day.date}",
                                   1 - ctx.vars.works(person.id, day.date), self.params.rest_weight, aim_zero=AIM_FIRST))
        return out

    def check(self, ctx: CheckContext) -> list[Violation]:
        out = self._frozen_leave(ctx)
        if not self.params.rest_weight:
            return out
        for day in self._frozen_days(ctx):
            for person in ctx.team.staff:
                if ctx.team.on_leave(person.id, day.date) or ctx.works(person.id, day.date):
                    continue
                out.append(Violation("promotion", t("promotion.rest", staff=person.id, date=day.date,
                                                    promotion=day.promotion.name),
                                     staff_id=person.id, date=day.date, hard=False,
                                     data={"cost": self.params.rest_weight, "units": 1}))
        return out

    def _frozen_leave(self, ctx: CheckContext) -> list[Violation]:
        """One costless finding per person and run of consecutive frozen days of one promotion
        spent on leave (the Leave sheet's, or a leave mark typed into the roster)."""
        out = []
        for person in ctx.team.staff:
            runs: list[list[Day]] = []
            for day in self._frozen_days(ctx):
                if not ctx.team.on_leave(person.id, day.date):
                    continue
                last = runs[-1][-1] if runs else None
                if last is not None and last.promotion == day.promotion and \
                        day.date - last.date == dt.timedelta(days=1):
                    runs[-1].append(day)
                else:
                    runs.append([day])
            for run in runs:
                first, end = run[0].date, run[-1].date
                span = date_span(first.isoformat(), end.isoformat())
                assert run[0].promotion is not None
                out.append(Violation("promotion", t("promotion.leave", staff=person.id, span=span,
                                                    promotion=run[0].promotion.name),
                                     staff_id=person.id, date=first, hard=False,
                                     data={"leave_frozen": True, "from": first.isoformat(), "to": end.isoformat(),
                                           "days": len(run)}))
        return out

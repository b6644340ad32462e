"""Rule 3 (the part beyond demand scaling): during a promotion with leave frozen (禁休), keep
rest days off the peak where the rest rules allow: each rest day taken on such a day costs
``rest_weight``.  (Demand scaling by the multiplier happens when demand is resolved, and frozen
day-off wishes are handled by the requests rule.)"""

from __future__ import annotations

from pydantic import Field

from roster.domain import Violation
from roster.i18n import register, t
from roster.rules.base import AIM_FIRST, CheckContext, ModelContext, Penalty, Rule, RuleParams

register(
    {
        "promotion.title": {
            "en": "Keep rest days off promotion peaks with leave frozen",
            "zh": "大促禁休期间尽量不安排休息",
        },
        "promotion.rest": {
            "en": "{staff} rests on {date} during {promotion} (leave frozen)",
            "zh": "{staff} 在 {promotion} 禁休期间（{date}）休息",
        },
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
        if not self.params.rest_weight:
            return []
        out = []
        for day in self._frozen_days(ctx):
            for person in ctx.team.staff:
                if ctx.team.on_leave(person.id, day.date) or ctx.works(person.id, day.date):
                    continue
                out.append(Violation("promotion", t("promotion.rest", staff=person.id, date=day.date,
                                                    promotion=day.promotion.name),
                                     staff_id=person.id, date=day.date, hard=False,
                                     data={"cost": self.params.rest_weight, "units": 1}))
        return out

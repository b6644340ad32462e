"""Rule 9: wishes (意愿): wanted or avoided shifts and days off, weighted (soft).

Each unmet wish costs ``weight * weight_scale``.  On promotion days with leave frozen (禁休),
wishes for a day off are not granted (they cost nothing and are reported as frozen).
"""

from __future__ import annotations

from pydantic import Field

from roster.domain import REST, Violation
from roster.i18n import mark, register, t
from roster.rules.base import AIM_FIRST, CheckContext, ModelContext, Penalty, Rule, RuleParams

register(
    {
        "requests.title": {"en": "Honour wishes (weighted)", "zh": "尽量满足员工意愿（按权重）"},
        "requests.unmet_want": {
            "en": "{staff} wished for {shift} on {date} but has {got}",
            "zh": "{staff} 希望 {date} 上 {shift}，实际为 {got}",
        },
        "requests.unmet_avoid": {
            "en": "{staff} asked not to have {shift} on {date} but has it",
            "zh": "{staff} 希望 {date} 不上 {shift}，但仍被安排",
        },
        "requests.frozen": {
            "en": "{staff}'s day off on {date} is not granted: leave is frozen for {promotion}",
            "zh": "{staff} 在 {date} 的休息意愿未批准：{promotion} 期间禁休",
        },
    }
)


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.requests": {"en": "staff wishes", "zh": "员工意愿"},
    }
)


class RequestsParams(RuleParams):
    weight_scale: int = Field(5, ge=0)


class Requests(Rule):
    name = "requests"
    hard = False
    Params = RequestsParams

    def _relevant(self, ctx: ModelContext | CheckContext):
        staff = ctx.team.staff_by_id
        month = set(ctx.horizon.dates)
        for req in ctx.team.requests:
            if req.date not in month or req.staff_id not in staff:
                continue
            frozen = req.shift == REST and req.want and ctx.horizon.day(req.date).freeze_leave
            yield req, frozen

    def add(self, ctx: ModelContext) -> list[Penalty]:
        out = []
        for req, frozen in self._relevant(ctx):
            if frozen or not self.params.weight_scale:
                continue
            if req.shift == REST:
                lit = ctx.vars.works(req.staff_id, req.date)
            elif req.shift in ctx.team.shift_by_code:
                lit = ctx.vars.x[req.staff_id, req.date, req.shift]
            else:
                continue
            unmet = lit if req.want == (req.shift == REST) else 1 - lit
            out.append(Penalty("requests", f"wish {req.staff_id} {req.date} {req.shift} want={req.want}",
                               unmet, req.weight * self.params.weight_scale, aim_zero=AIM_FIRST))
        return out

    def check(self, ctx: CheckContext) -> list[Violation]:
        out = []
        for req, frozen in self._relevant(ctx):
            cell = ctx.cell(req.staff_id, req.date)
            if frozen:
                out.append(Violation("requests", t("requests.frozen", staff=req.staff_id, date=req.date,
                                                   promotion=ctx.horizon.day(req.date).promotion.name),
                                     staff_id=req.staff_id, date=req.date, hard=False, data={"cost": 0}))
                continue
            has = ctx.works(req.staff_id, req.date) if req.shift == REST else cell == req.shift
            met = (not has) if req.shift == REST else has
            unmet = (req.want and not met) or (not req.want and met)
            if not unmet:
                continue
            cost = req.weight * self.params.weight_scale
            key = "requests.unmet_want" if req.want else "requests.unmet_avoid"
            # the marks as the roster shows them: "希望上 休" in Chinese, not "OFF"
            out.append(Violation("requests", t(key, staff=req.staff_id, shift=mark(req.shift), date=req.date,
                                               got=mark(cell or REST)),
                                 staff_id=req.staff_id, date=req.date, shift=req.shift, hard=False,
                                 data={"cost": cost, "units": 1, "weight": req.weight}))
        return out

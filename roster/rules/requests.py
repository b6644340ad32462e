"""Rule 9: wishes (意愿): wanted or avoided shifts and days off, weighted (soft).

Each unmet wish costs ``weight * weight_scale``.  On promotion days with leave frozen (禁休),
wishes for a day off are not granted (they cost nothing and are reported as frozen).
"""

from __future__ import annotations

from pydantic import Field

from roster.domain import REST, Request, Staff, Violation
from roster.i18n import join_codes, mark, register, t
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
        # A wish about the day off itself, in words: "希望 2026-12-24 上 休" read as a typo.
        "requests.unmet_rest": {
            "en": "{staff} wished for a day off on {date} but works {got}",
            "zh": "{staff} 希望 {date} 休息，实际排了 {got}",
        },
        "requests.unmet_work": {
            "en": "{staff} asked to work on {date}, not to have a day off, but has {got}",
            "zh": "{staff} 希望 {date} 上班、不要休息，实际为 {got}",
        },
        # Why a wish could not be granted by any roster: HR otherwise reads it as one the
        # manager chose to refuse.
        "requests.why_leave": {
            "en": " (on leave that day)",
            "zh": "（当天请假）",
        },
        "requests.why_not_allowed": {
            "en": " ({shift} is not among the shifts {staff} may work: {allowed})",
            "zh": "（{staff} 不可排 {shift}，可排班次：{allowed}）",
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
            if req.shift == REST:
                key = "requests.unmet_rest" if req.want else "requests.unmet_work"
            else:
                key = "requests.unmet_want" if req.want else "requests.unmet_avoid"
            # the marks as the roster shows them: "休" in Chinese, not "OFF"
            message = t(key, staff=req.staff_id, shift=mark(req.shift), date=req.date, got=mark(cell or REST))
            reason = self._why(ctx, req)
            if reason:
                message += reason
            out.append(Violation("requests", message,
                                 staff_id=req.staff_id, date=req.date, shift=req.shift, hard=False,
                                 data={"cost": cost, "units": 1, "weight": req.weight,
                                       **({"reason": reason.strip(" ()（）")} if reason else {})}))
        return out

    @staticmethod
    def _why(ctx: CheckContext, req: Request) -> str | None:
        """Why no roster could grant an unmet wish (:func:`blocker`), in words; None when it
        was the plan's choice."""
        person = ctx.team.staff_by_id[req.staff_id]
        found = blocker(req, person, ctx.is_leave(req.staff_id, req.date), frozen_day=False)
        if found == "leave":
            return t("requests.why_leave")
        if found == "shift":
            return t("requests.why_not_allowed", staff=req.staff_id, shift=req.shift,
                     allowed=join_codes(person.shifts))
        return None


def blocker(req: Request, person: Staff, on_leave: bool, frozen_day: bool) -> str | None:
    """What keeps every roster from granting ``req``: ``"frozen"`` (a day off on a promotion
    day with leave frozen: never granted), ``"leave"`` (a wish to work, a shift or "not OFF", on
    a day of the person's leave), ``"shift"`` (a shift the person may not work), else None.
    One answer for the check's unmet wishes and generate's note before the solve."""
    if req.want and req.shift == REST and frozen_day:
        return "frozen"
    if req.want != (req.shift == REST) and on_leave:  # a wish to work
        return "leave"
    if req.want and req.shift != REST and not person.may_work(req.shift):
        return "shift"
    return None

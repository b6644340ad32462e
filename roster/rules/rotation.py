"""Rule 6: day/night rotation.

A person's shift kind (day or night) changes only on the profile's change-over days (换班节点,
by default Saturday and Sunday) or after a rest day: hard.  Stretches on one kind shorter than
``min_stretch`` working days cost ``stretch_weight`` per missing day (soft), so people are not
flipped back and forth.  A stretch that touches the month's end is not judged (it may go on next
month); one that started in the History tail is measured from its real start.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import Field, field_validator

from roster.calendar import weekday_number
from roster.domain import ShiftKind, Violation
from roster.i18n import language, register, t
from roster.rules.base import (
    AIM_ALWAYS,
    CheckContext,
    ModelContext,
    Penalty,
    Rule,
    RuleParams,
    unit,
)

register(
    {
        "rotation.not_weekday": {"en": "{item} is not a weekday (Mon..Sun, 周一..周日 or 0..6)",
                                 "zh": "{item} 不是星期几（可写 Mon 至 Sun、周一至周日或 0 至 6）"},
        "rotation.title": {
            "en": "Day/night changes only on change-over days or after a rest day",
            "zh": "白班与晚班只在换班日或休息日之后切换",
        },
        "rotation.violation": {
            "en": "{staff} changes from {before} ({d1}) to {after} ({d2}) on a {weekday}, not a change-over day ({days})",
            "zh": "{staff} 从 {before}（{d1}）换到 {after}（{d2}），{weekday}不是换班日（{days}）",
        },
        "rotation.short_stretch": {
            "en": "{staff} works {kind} only {length} day(s) from {start} (at least {min_stretch} preferred)",
            "zh": "{staff} 从 {start} 起只上 {length} 天{kind}（建议至少 {min_stretch} 天）",
        },
    }
)

WEEKDAY_LABELS = {"en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
                  "zh": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]}


def history_run(history: dict, shifts: dict, staff_id: str, first: dt.date, kind: ShiftKind, cap: int) -> int:
    """How many days in a row, ending the day before ``first``, the History tail shows
    ``staff_id`` on shifts of ``kind`` (counted up to ``cap``)."""
    run = 0
    while run < cap:
        shift = shifts.get(history.get((staff_id, first - dt.timedelta(days=run + 1)), ""))
        if shift is None or shift.kind != kind:
            break
        run += 1
    return run


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.rotation": {"en": "rotation", "zh": "轮换"},
        "label.rotation.stretch": {"en": "short stretch of one kind", "zh": "同类班连续过短"},
    }
)


class RotationParams(RuleParams):
    change_over_days: list[int] = Field(default_factory=lambda: [5, 6])
    min_stretch: int = Field(3, ge=0, le=14, json_schema_extra=unit("days"))
    stretch_weight: int = Field(2, ge=0)

    @field_validator("change_over_days", mode="before")
    @classmethod
    def _weekdays(cls, value: object) -> list[int]:
        # "周六、周日" is how a Chinese list is written; the names are the Demand sheet's
        # (roster.calendar.weekday_number: 礼拜天 and 星期天 too), so both sheets agree.
        items = re.split(r"[,，、;；]", value) if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            items = [items]
        days = []
        for item in items:
            key = str(item).strip()
            if not key:
                continue
            named = weekday_number(key)
            if key.isdigit() and 0 <= int(key) <= 6:
                days.append(int(key))
            elif named is not None:
                days.append(named)
            else:
                raise ValueError(t("rotation.not_weekday", item=repr(item)))
        return sorted(set(days))


class Rotation(Rule):
    name = "rotation"
    hard = True
    Params = RotationParams

    @staticmethod
    def _kind_literals(ctx: ModelContext, staff_id: str, kinds: list[ShiftKind]) -> dict:
        """(date, kind) -> a Boolean "works a shift of this kind", or a constant for History
        dates.  One shift a day makes the sum over the kind's shifts a 0/1 value."""
        out: dict[tuple[dt.date, ShiftKind], object] = {}
        first = ctx.horizon.first - dt.timedelta(days=1)
        for date in [first, *ctx.horizon.dates]:
            for kind in kinds:
                expr = sum(ctx.vars.assign(staff_id, date, s.code) for s in ctx.team.shifts if s.kind == kind)
                if isinstance(expr, int):
                    out[date, kind] = expr
                else:
                    lit = ctx.model.new_bool_var(f"kind[{staff_id},{date.isoformat()},{kind.value}]")
                    ctx.model.add(lit == expr)
                    out[date, kind] = lit
        return out

    def add(self, ctx: ModelContext) -> list[Penalty]:
        kinds = sorted({s.kind for s in ctx.team.shifts})
        if len(kinds) < 2:
            return []
        penalties: list[Penalty] = []
        for person in ctx.team.staff:
            on = self._kind_literals(ctx, person.id, kinds)
            for date in ctx.horizon.dates:
                if date.weekday() in self.params.change_over_days:
                    continue
                yesterday = date - dt.timedelta(days=1)
                for a in kinds:
                    for b in kinds:
                        if a != b:
                            ctx.model.add(on[yesterday, a] + on[date, b] <= 1)
            penalties.extend(self._short_stretches(ctx, person.id, kinds, on))
        return penalties

    def _short_stretches(self, ctx: ModelContext, staff_id: str, kinds: list[ShiftKind], on: dict) -> list[Penalty]:
        """Penalise each pattern "off-kind, k days on kind, off-kind" with k < min_stretch."""
        p = self.params
        if p.min_stretch < 2 or not p.stretch_weight:
            return []
        dates = ctx.horizon.dates
        out = []
        for kind in kinds:
            for i, start in enumerate(dates):
                before = on[start - dt.timedelta(days=1), kind]
                already = 0  # days of this stretch already worked in the History tail
                if isinstance(before, int) and before == 1:
                    if i > 0:
                        continue
                    already = history_run(ctx.team.history, ctx.team.shift_by_code, staff_id, start, kind,
                                          p.min_stretch)
                for length in range(1, p.min_stretch - already):
                    if i + length >= len(dates):
                        break  # touches the month's end: may continue next month
                    penalty = ctx.model.new_bool_var(f"rotation.stretch[{staff_id},{start},{kind.value},{length}]")
                    clause = [on[dates[i + k], kind].Not() for k in range(length)]
                    clause.append(on[dates[i + length], kind])
                    if not isinstance(before, int):
                        clause.append(before)
                    ctx.model.add_bool_or([*clause, penalty])
                    out.append(Penalty("rotation.stretch", f"short {kind.value} stretch {staff_id} {start}",
                                       penalty, p.stretch_weight * (p.min_stretch - already - length),
                                       aim_zero=AIM_ALWAYS))
        return out

    def check(self, ctx: CheckContext) -> list[Violation]:
        out: list[Violation] = []
        p = self.params
        labels = WEEKDAY_LABELS.get(language(), WEEKDAY_LABELS["en"])
        lang_days = ("、" if language() == "zh" else ", ").join(labels[d] for d in p.change_over_days)
        dates = ctx.horizon.dates
        # As in the model (``add``): with one kind of shift (a day-only team) there is no rotation,
        # so a short stretch is no rotation cost; counting it here made the checker's cost differ
        # from the objective the solve reported.
        several_kinds = len({s.kind for s in ctx.team.shifts}) >= 2
        for person in ctx.team.staff:
            for date in dates:
                prev = ctx.shift_of(person.id, date - dt.timedelta(days=1))
                cur = ctx.shift_of(person.id, date)
                if prev and cur and prev.kind != cur.kind and date.weekday() not in p.change_over_days:
                    out.append(Violation(
                        self.name,
                        t("rotation.violation", staff=person.id, before=prev.code, d1=date - dt.timedelta(days=1),
                          after=cur.code, d2=date, weekday=labels[date.weekday()], days=lang_days),
                        staff_id=person.id, date=date, shift=cur.code,
                    ))
            if p.min_stretch < 2 or not p.stretch_weight or not several_kinds:
                continue
            def kind_of(date: dt.date, pid: str = person.id) -> ShiftKind | None:
                shift = ctx.shift_of(pid, date)
                return shift.kind if shift else None

            for i, start in enumerate(dates):
                kind = kind_of(start)
                if kind is None:
                    continue
                length = 0
                if kind_of(start - dt.timedelta(days=1)) == kind:
                    if i > 0:
                        continue
                    length = history_run(ctx.team.history, ctx.shifts, person.id, start, kind, p.min_stretch)
                month_days = 0
                while i + month_days < len(dates) and kind_of(dates[i + month_days]) == kind:
                    month_days += 1
                length += month_days
                if i + month_days >= len(dates) or length >= p.min_stretch:
                    continue
                cost = p.stretch_weight * (p.min_stretch - length)
                out.append(Violation("rotation.stretch",
                                     t("rotation.short_stretch", staff=person.id, kind=t(f"kind.{kind.value}"),
                                       length=length, start=start, min_stretch=p.min_stretch),
                                     staff_id=person.id, date=start, hard=False,
                                     data={"cost": cost, "units": p.min_stretch - length}))
        return out

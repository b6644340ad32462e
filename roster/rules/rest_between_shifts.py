"""Rule 5: at least ``min_hours`` of rest between the end of one shift and the start of the next.

Computed from the shift times, so shifts past midnight and split shifts are handled by the same
arithmetic (:func:`roster.domain.rest_minutes`); with the default 11 h it forbids a night shift
ending at 01:00 followed by a day shift at 08:30.  Applies across the month boundary.
"""

from __future__ import annotations

import datetime as dt
import math

from pydantic import Field

from roster.domain import MINUTES_PER_DAY, Shift, Violation, rest_minutes
from roster.i18n import register, t
from roster.rules.base import CheckContext, ModelContext, Penalty, Rule, RuleParams, unit

register(
    {
        "rest_between_shifts.title": {
            "en": "At least {min_hours:g} h rest between two shifts",
            "zh": "两个班次之间至少休息 {min_hours:g} 小时",
        },
        "rest_between_shifts.violation": {
            "en": "{staff} works {first} on {d1} then {second} on {d2}: {rest:g} h rest, profile needs {hours:g} h",
            "zh": "{staff} 在 {d1} 上 {first}，{d2} 又上 {second}：仅休息 {rest:g} 小时，规则要求 {hours:g} 小时",
        },
        "rest_between_shifts.overlap": {
            "en": "{staff} works {first} on {d1} then {second} on {d2}: the shifts overlap by {overlap:g} h (no rest), "
                  "profile needs {hours:g} h rest",
            "zh": "{staff} 在 {d1} 上 {first}，{d2} 又上 {second}：两个班次重叠 {overlap:g} 小时（没有休息），"
                  "规则要求休息 {hours:g} 小时",
        },
    }
)

#: Shifts never last more than a day, so with up to 24 h of rest asked for, a pair more than
#: this many days apart always rests (longer rests reach further: :func:`max_gap_days`).
MAX_GAP_DAYS = 2


def max_gap_days(shifts: list[Shift], min_minutes: float) -> int:
    """How many days apart two shifts can still be too close: at least :data:`MAX_GAP_DAYS`.

    The profile allows up to 48 h of rest; a night ending 08:00 and an early shift at 07:00
    three days after its start leave 47 h, a breach that a fixed two-day reach never saw."""
    latest_end = max((s.end for s in shifts), default=0)
    earliest_start = min((s.start for s in shifts), default=0)
    return max(MAX_GAP_DAYS, math.ceil((min_minutes + latest_end - earliest_start) / MINUTES_PER_DAY))


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.rest_between_shifts": {"en": "rest between shifts", "zh": "班次间隔休息"},
    }
)


class RestParams(RuleParams):
    min_hours: float = Field(11.0, ge=0, le=48, json_schema_extra=unit("hours"))


def forbidden_pairs(shifts: list[Shift], min_minutes: float) -> list[tuple[Shift, Shift, int]]:
    """(first, second, days apart) whose rest is shorter than ``min_minutes``."""
    return [
        (a, b, gap)
        for gap in range(1, max_gap_days(shifts, min_minutes) + 1)
        for a in shifts
        for b in shifts
        if rest_minutes(a, b, gap) < min_minutes
    ]


class RestBetweenShifts(Rule):
    name = "rest_between_shifts"
    hard = True
    Params = RestParams

    def add(self, ctx: ModelContext) -> list[Penalty]:
        pairs = forbidden_pairs(ctx.team.shifts, self.params.min_hours * 60)
        for person in ctx.team.staff:
            for date in ctx.horizon.dates:
                for a, b, gap in pairs:
                    first = ctx.vars.assign(person.id, date - dt.timedelta(days=gap), a.code)
                    if isinstance(first, int) and first == 0:
                        continue
                    second = ctx.vars.x[person.id, date, b.code]
                    if isinstance(first, int):
                        ctx.model.add(second == 0)
                    else:
                        ctx.model.add_bool_or([first.Not(), second.Not()])
        return []

    def check(self, ctx: CheckContext) -> list[Violation]:
        out = []
        need = self.params.min_hours * 60
        reach = max_gap_days(list(ctx.shifts.values()), need)
        for person in ctx.team.staff:
            for date in ctx.horizon.dates:
                second = ctx.shift_of(person.id, date)
                if second is None:
                    continue
                for gap in range(1, reach + 1):
                    before = date - dt.timedelta(days=gap)
                    first = ctx.shift_of(person.id, before)
                    if first is None:
                        continue
                    rest = rest_minutes(first, second, gap)
                    if rest < need:
                        # "-0.5 h rest" (a night to 07:30, then an early from 07:00) reads as a typo
                        words = dict(staff=person.id, first=first.code, d1=before, second=second.code, d2=date,
                                     hours=self.params.min_hours)
                        message = (t("rest_between_shifts.overlap", overlap=-rest / 60, **words) if rest < 0
                                   else t("rest_between_shifts.violation", rest=rest / 60, **words))
                        out.append(Violation(
                            self.name, message,
                            staff_id=person.id, date=date, shift=second.code,
                            data={"rest_hours": rest / 60, "needed_hours": self.params.min_hours,
                                  "previous_date": before.isoformat(), "previous_shift": first.code},
                        ))
        return out

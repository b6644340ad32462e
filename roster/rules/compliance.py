"""Audit of China's working-hours rules (劳动法 art. 36, 41; 综合计算工时), from the profile.

Departments often work six 9-hour days a week under the default profile (see DOMAIN.md); that is
their handbook, not the law.  This rule tells HR how far a roster is from the statutory figures,
and, when a profile sets ``enforce = true``, makes the legal caps hard constraints.

Two schemes:

``standard`` (标准工时)
    8 h a day and 40 h a week.  A week's overtime is the hours beyond the regular hours, where
    regular hours are at most 8 a day and the week's standard in total, i.e.
    ``overtime = max(sum of daily excess over 8 h, week total - week standard)`` (no double
    counting).  The week's standard follows the calendar as the comprehensive scheme's month
    does: 40 h, less 8 h for each weekday that is a holiday (or a weekday the company gives
    off), plus 8 h for each make-up working day (调休上班).  Without that, a full week worked
    through National Day read as 40 h and no overtime, and the week of a make-up Saturday as
    8 h of overtime that the State Council's schedule makes an ordinary working day.  A holiday
    worked with a day off in lieu in the same week (补休) is no overtime; the week's finding
    names the holiday days worked, since statutory holiday work is paid 300 % (art. 44) whatever
    the week's total.
    Overtime is capped at 36 h a month and 3 h a day (a shift longer than 11 h is never legal).
``comprehensive`` (综合计算工时)
    Hours are averaged over the month: the period total is compared with the standard hours of the
    month, i.e. the calendar's working days (weekdays and make-up working days 调休上班, not
    holidays) minus the person's leave days on them, times 8 h.  The excess is overtime, capped at
    36 h.  (Leave reducing the standard is the same as counting a leave day as 8 h worked.)

Weeks are Monday to Sunday.  A week that straddles the start of the month includes the History
tail; the month is charged only the overtime its own days *add* to that week
(``OT(whole week) - OT(days before the month)``), so consecutive months never count the same
hour twice and no day escapes.  A week that runs past the month's end is judged on the days
planned so far.  Everything is computed in whole minutes, in the model and in the checker alike,
so with ``enforce`` the checker never finds a hard violation the model allowed.

With ``enforce = false`` (the default) :meth:`Compliance.add` adds nothing and every finding is
soft with zero cost: an audit, not an objective term.  With ``enforce = true`` the monthly cap and
the daily cap become hard (findings about them are ``hard``); weekly overtime within the monthly
cap stays an informational finding (it is legal with consent and overtime pay).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from roster.domain import DayType, Horizon, Shift, Team, Violation
from roster.i18n import register, t
from roster.i18n import span as date_span
from roster.rules.base import (
    CheckContext,
    ModelContext,
    Penalty,
    Rule,
    RuleParams,
    choice_words,
    unit,
)
from roster.rules.hours import weeks

register(
    {
        "compliance.title": {
            "en": "Labour-law audit ({scheme} hours): {hours_per_day:g} h a day, {hours_per_week:g} h a week, "
            "overtime at most {overtime_per_month:g} h a month",
            "zh": "劳动法工时审核（{scheme}）：每天 {hours_per_day:g} 小时，每周 {hours_per_week:g} 小时，"
            "每月加班不超过 {overtime_per_month:g} 小时",
        },
        "compliance.week": {
            "en": "{staff}: {hours:g} h in the week of {monday} (standard {limit:g} h), {long_days} day(s) over "
            "{per_day:g} h; overtime {overtime:g} h",
            "zh": "{staff}：{monday} 起的一周工作 {hours:g} 小时（标准 {limit:g} 小时），{long_days} 天超过 "
            "{per_day:g} 小时；加班 {overtime:g} 小时",
        },
        "compliance.week_holiday": {
            "en": "{staff}: {hours:g} h in the week of {monday} (standard {limit:g} h), {long_days} day(s) over "
            "{per_day:g} h, {holiday_days} holiday day(s) worked; overtime {overtime:g} h",
            "zh": "{staff}：{monday} 起的一周工作 {hours:g} 小时（标准 {limit:g} 小时），{long_days} 天超过 "
            "{per_day:g} 小时，节假日上班 {holiday_days} 天；加班 {overtime:g} 小时",
        },
        "compliance.day_cap": {
            "en": "{staff} works {hours:g} h on {date}: more than {per_day:g} h plus {extra:g} h of overtime a day",
            "zh": "{staff} 在 {date} 工作 {hours:g} 小时，超过每天 {per_day:g} 小时加 {extra:g} 小时加班的上限",
        },
        "compliance.month": {
            "en": "{staff}: {overtime:g} h of overtime in {month} (at most {limit:g} h a month)",
            "zh": "{staff}：{month} 加班 {overtime:g} 小时（每月最多 {limit:g} 小时）",
        },
        "compliance.period": {
            "en": "{staff}: {hours:g} h in {month} against {standard:g} h standard ({days} working days x "
            "{per_day:g} h); overtime {overtime:g} h (at most {limit:g} h a month)",
            "zh": "{staff}：{month} 工作 {hours:g} 小时，标准工时 {standard:g} 小时（{days} 个工作日 × "
            "{per_day:g} 小时）；加班 {overtime:g} 小时（每月最多 {limit:g} 小时）",
        },
        "compliance.period_over": {
            "en": "{staff}: {hours:g} h in {month} against {standard:g} h standard ({days} working days x "
            "{per_day:g} h); overtime {overtime:g} h, {excess:g} h beyond the cap of {limit:g} h a month",
            "zh": "{staff}：{month} 工作 {hours:g} 小时，标准工时 {standard:g} 小时（{days} 个工作日 × "
            "{per_day:g} 小时）；加班 {overtime:g} 小时，超出每月 {limit:g} 小时上限 {excess:g} 小时",
        },
        "compliance.scheme.standard": {"en": "standard", "zh": "标准工时"},
        "compliance.scheme.comprehensive": {"en": "comprehensive", "zh": "综合计算工时"},
    }
)


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.compliance": {"en": "labour-law hours audit", "zh": "劳动法工时审核"},
    }
)


class ComplianceParams(RuleParams):
    scheme: Literal["standard", "comprehensive"] = Field("standard", json_schema_extra=choice_words({
        "标准": "standard", "标准工时": "standard", "标准工时制": "standard",
        "综合": "comprehensive", "综合工时": "comprehensive", "综合工时制": "comprehensive",
        "综合计算工时": "comprehensive", "综合计算工时工作制": "comprehensive"}))
    hours_per_day: float = Field(8.0, gt=0, le=24, json_schema_extra=unit("hours"))
    hours_per_week: float = Field(40.0, gt=0, le=168, json_schema_extra=unit("hours"))
    overtime_per_month: float = Field(36.0, ge=0, le=744, json_schema_extra=unit("hours"))
    #: Art. 41: at most 3 h of overtime a day (standard scheme only).
    overtime_per_day: float = Field(3.0, ge=0, le=24, json_schema_extra=unit("hours"))
    enforce: bool = False


def _minutes(hours: float) -> int:
    return round(hours * 60)


def _h(minutes: int) -> float:
    """Minutes as hours for messages and JSON (two decimals at most)."""
    return round(minutes / 60, 2)


@dataclass(frozen=True)
class WeekFigures:
    """One week of one person, in minutes: the month is charged ``charged`` overtime."""

    monday: dt.date
    total: int
    long_days: int
    overtime: int
    charged: int
    #: The week's standard minutes (40 h, less holidays and days off, plus make-up days).
    standard: int = 0
    #: Days worked on a holiday (paid as holiday overtime whatever the week's total).
    holiday_days: int = 0


def week_overtime(day_minutes: list[int], per_day: int, per_week: int) -> int:
    """Overtime of a week: hours beyond 8 a day and 40 a week (the week's standard:
    :meth:`Compliance.week_calendar`), without counting an hour twice."""
    excess = sum(max(0, m - per_day) for m in day_minutes)
    return max(excess, sum(day_minutes) - per_week, 0)


@dataclass(frozen=True)
class WeekCalendar:
    """What the calendar makes of one Monday-to-Sunday week under the standard scheme."""

    dates: list[dt.date]
    #: The week's standard minutes: 40 h less 8 h per weekday off, plus 8 h per make-up day.
    standard: int
    holidays: frozenset[dt.date]


def working_days(horizon: Horizon) -> list[dt.date]:
    """Dates of the month that carry standard hours: weekdays and make-up working days that
    are not holidays (the calendar, including the Holidays sheet, decides)."""
    return [d.date for d in horizon.days if d.type in (DayType.WEEKDAY, DayType.WORKDAY)]


class Compliance(Rule):
    """China's statutory working-hours audit; hard only when ``enforce`` is set."""

    name = "compliance"
    hard = False
    scope = "person"
    Params = ComplianceParams

    _week_cache: tuple[Horizon, Team, list[WeekCalendar]] | None = None

    def __init__(self, params: RuleParams | None = None):
        super().__init__(params)
        # The rule is hard exactly when the profile enforces it; the class default says "audit".
        self.hard = bool(self.params.enforce)  # type: ignore[misc]

    def describe(self, lang: str | None = None) -> str:
        values = self.params.model_dump()
        values["scheme"] = t(f"compliance.scheme.{self.params.scheme}", lang)
        return t(f"{self.name}.title", lang, **values)

    # -- shared arithmetic ------------------------------------------------------------------

    def _limits(self) -> tuple[int, int, int, int]:
        p = self.params
        return (_minutes(p.hours_per_day), _minutes(p.hours_per_week), _minutes(p.overtime_per_month),
                _minutes(p.hours_per_day + p.overtime_per_day))

    def week_calendar(self, team: Team, horizon: Horizon) -> list[WeekCalendar]:
        """Every week touching the month with its standard hours and holidays (see the module
        docstring), the weeks' dates outside the month classified by the same
        calendar (the Holidays sheet, then the official one).  Kept for the last horizon seen
        (by identity): the checker judges one person at a time, thousands of times when
        roster.polish runs."""
        cached = self._week_cache
        if cached is not None and cached[0] is horizon and cached[1] is team:
            return cached[2]
        from roster.calendar import classify_days  # the calendar imports the domain, not the rules

        per_day, per_week, _, _ = self._limits()
        in_month = set(horizon.dates)
        all_weeks = weeks(horizon.dates)
        outside = sorted({d for week in all_weeks for d in week if d not in in_month})
        types = {day.date: day.type for day in classify_days(outside, team.holidays, team.promotions)}
        types.update({day.date: day.type for day in horizon.days})
        out = []
        for week in all_weeks:
            working = sum(types[d] in (DayType.WEEKDAY, DayType.WORKDAY) for d in week)
            holidays = frozenset(d for d in week if types[d] == DayType.HOLIDAY)
            out.append(WeekCalendar(week, max(0, per_week + per_day * (working - 5)), holidays))
        self._week_cache = (horizon, team, out)
        return out

    @staticmethod
    def _month_label(horizon: Horizon) -> str:
        first, last = horizon.first, horizon.last
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.year:04d}-{first.month:02d}"
        return date_span(first.isoformat(), last.isoformat())

    def standard_days(self, team: Team, horizon: Horizon, staff_id: str,
                      leave: set[dt.date] | None = None) -> list[dt.date]:
        """Working days of the month that carry standard hours for this person (leave removed)."""
        leave = leave if leave is not None else set()
        return [d for d in working_days(horizon) if not team.on_leave(staff_id, d) and d not in leave]

    # -- model ------------------------------------------------------------------------------

    def add(self, ctx: ModelContext) -> list[Penalty]:
        if not self.params.enforce:
            return []
        per_day, _, cap, day_cap = self._limits()
        m = ctx.model
        shifts = ctx.team.shifts
        last = ctx.horizon.last
        first = ctx.horizon.first
        for person in ctx.team.staff:
            pid = person.id

            def minutes(d: dt.date, pid: str = pid) -> object:
                return sum(s.minutes * ctx.vars.assign(pid, d, s.code) for s in shifts)

            if self.params.scheme == "comprehensive":
                standard = per_day * len(self.standard_days(ctx.team, ctx.horizon, pid))
                m.add(sum(minutes(d) for d in ctx.horizon.dates) - standard <= cap)
                continue
            for s in shifts:
                if s.minutes > day_cap:
                    for d in ctx.horizon.dates:
                        m.add(ctx.vars.assign(pid, d, s.code) == 0)
            charged = []
            for week in self.week_calendar(ctx.team, ctx.horizon):
                days = [d for d in week.dates if d <= last]
                before = [d for d in days if d < first]
                hist = week_overtime([self._history_minutes(ctx.team, pid, d) for d in before], per_day,
                                     week.standard)
                bound = sum(max(s.minutes for s in shifts) for _ in days) if shifts else 0
                ot = m.new_int_var(0, max(bound, 0), f"compliance.ot[{pid},{week.dates[0].isoformat()}]")
                excess = sum(max(0, s.minutes - per_day) * ctx.vars.assign(pid, d, s.code)
                             for d in days for s in shifts)
                m.add(ot >= excess)
                m.add(ot >= sum(minutes(d) for d in days) - week.standard)
                charged.append(ot - hist)
            m.add(sum(charged) <= cap)
        return []

    @staticmethod
    def _history_minutes(team: Team, staff_id: str, date: dt.date) -> int:
        shift: Shift | None = team.shift_by_code.get(team.history.get((staff_id, date), ""))
        return shift.minutes if shift else 0

    # -- checker ----------------------------------------------------------------------------

    def week_figures(self, ctx: CheckContext, staff_id: str) -> list[WeekFigures]:
        """Per week touching the month: total, days over 8 h, overtime, overtime charged to it."""
        per_day = self._limits()[0]
        out = []
        for week in self.week_calendar(ctx.team, ctx.horizon):
            days = [d for d in week.dates if d <= ctx.horizon.last]
            mins = {d: (s.minutes if (s := ctx.shift_of(staff_id, d)) else 0) for d in days}
            overtime = week_overtime(list(mins.values()), per_day, week.standard)
            before = [mins[d] for d in days if d < ctx.horizon.first]
            charged = overtime - week_overtime(before, per_day, week.standard)
            out.append(WeekFigures(week.dates[0], sum(mins.values()),
                                   sum(1 for v in mins.values() if v > per_day),
                                   overtime, charged, week.standard,
                                   sum(1 for d, v in mins.items() if v and d in week.holidays)))
        return out

    def check(self, ctx: CheckContext) -> list[Violation]:
        out: list[Violation] = []
        for person in ctx.team.staff:
            if self.params.scheme == "comprehensive":
                out.extend(self._check_comprehensive(ctx, person.id))
            else:
                out.extend(self._check_standard(ctx, person.id))
        return out

    def _violation(self, message: str, staff_id: str, date: dt.date | None, hard: bool,
                   data: dict[str, object]) -> Violation:
        # Zero cost: the audit never changes the objective the checker recomputes.
        return Violation(self.name, message, staff_id=staff_id, date=date, hard=hard,
                         data={**data, "cost": 0, "units": 0, "scheme": self.params.scheme})

    def _check_standard(self, ctx: CheckContext, pid: str) -> list[Violation]:
        per_day, per_week, cap, day_cap = self._limits()
        enforce = self.params.enforce
        out = []
        for d in ctx.horizon.dates:
            s = ctx.shift_of(pid, d)
            if s is not None and s.minutes > day_cap:
                out.append(self._violation(
                    t("compliance.day_cap", staff=pid, hours=_h(s.minutes), date=d,
                      per_day=self.params.hours_per_day, extra=self.params.overtime_per_day),
                    pid, d, enforce,
                    {"item": "day_cap", "hours": _h(s.minutes), "max_hours": _h(day_cap), "shift": s.code}))
        total_charged = 0
        for w in self.week_figures(ctx, pid):
            total_charged += w.charged
            if w.charged <= 0:
                continue
            # The week's own standard: "standard 40 h" over National Day week, where 24 h is
            # the standard and the holiday hours are overtime, read as a miscount.
            out.append(self._violation(
                t("compliance.week_holiday" if w.holiday_days else "compliance.week", staff=pid, hours=_h(w.total),
                  monday=w.monday, limit=_h(w.standard), long_days=w.long_days, per_day=self.params.hours_per_day,
                  holiday_days=w.holiday_days, overtime=_h(w.charged)),
                pid, max(w.monday, ctx.horizon.first), False,
                {"item": "week", "week": w.monday.isoformat(), "hours": _h(w.total), "long_days": w.long_days,
                 "holiday_days": w.holiday_days, "overtime_hours": _h(w.charged),
                 "hours_per_week": self.params.hours_per_week, "standard_hours": _h(w.standard)}))
        if total_charged > cap:
            out.append(self._violation(
                t("compliance.month", staff=pid, overtime=_h(total_charged), month=self._month_label(ctx.horizon),
                  limit=self.params.overtime_per_month),
                pid, None, enforce,
                {"item": "month", "overtime_hours": _h(total_charged),
                 "overtime_per_month": self.params.overtime_per_month}))
        return out

    def _check_comprehensive(self, ctx: CheckContext, pid: str) -> list[Violation]:
        per_day, _, cap, _ = self._limits()
        leave = {d for d in ctx.horizon.dates if ctx.is_leave(pid, d)}
        days = self.standard_days(ctx.team, ctx.horizon, pid, leave)
        standard = per_day * len(days)
        total = sum(s.minutes for d in ctx.horizon.dates if (s := ctx.shift_of(pid, d)) is not None)
        overtime = total - standard
        if overtime <= 0:
            return []
        # Beyond the cap the finding says by how much: "overtime 75 h (at most 36 h a month)"
        # read like the dozen "overtime 4 h (at most 36 h a month)" findings around it, and HR
        # had to compare every figure with the cap to find the one that breaks the law.
        key = "compliance.period_over" if overtime > cap else "compliance.period"
        return [self._violation(
            t(key, staff=pid, hours=_h(total), month=self._month_label(ctx.horizon),
              standard=_h(standard), days=len(days), per_day=self.params.hours_per_day,
              overtime=_h(overtime), limit=self.params.overtime_per_month, excess=_h(overtime - cap)),
            pid, None, self.params.enforce and overtime > cap,
            {"item": "period", "hours": _h(total), "standard_hours": _h(standard), "working_days": len(days),
             "overtime_hours": _h(overtime), "overtime_per_month": self.params.overtime_per_month})]

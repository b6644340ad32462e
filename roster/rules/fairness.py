"""Rule 8: share unpopular duty fairly (soft).

Among comparable staff (the same set of allowed shifts), the spread (max - min) of nights,
weekend days, holiday days and working days costs its weight per tenth of a day.  Counts are
prorated for leave: a person available for half the month counts double, so leave does not make
someone look "spared".  The model and the checker use the same integer arithmetic
(:func:`scaled`), so the checker recomputes exactly what the solver paid.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import Field

from roster.domain import Day, Shift, ShiftKind, Staff, Violation
from roster.i18n import register, t
from roster.rules.base import CheckContext, ModelContext, Penalty, Rule, RuleParams

#: Spreads are measured in tenths of a day.
SCALE = 10

register(
    {
        "fairness.title": {
            "en": "Share nights, weekends, holidays and working days fairly among comparable staff",
            "zh": "同类员工之间公平分担晚班、周末、节假日和工作天数",
        },
        "fairness.spread": {
            "en": "{metric} spread {spread:g} among {group}: {high} has {high_count}, {low} has {low_count}",
            "zh": "{group} 之间{metric}相差 {spread:g}：{high} {high_count} 天，{low} {low_count} 天",
        },
        "fairness.carried": {
            "en": "{staff} has {count} {metric} again after carrying {carried} more than a fair share before",
            "zh": "{staff} 之前已多承担 {carried} 天{metric}，本月又排 {count} 天",
        },
        "fairness.nights": {"en": "nights", "zh": "晚班"},
        "fairness.weekends": {"en": "weekend days", "zh": "周末班"},
        "fairness.holidays": {"en": "holiday days", "zh": "节假日班"},
        "fairness.working_days": {"en": "working days", "zh": "工作天数"},
    }
)


class FairnessParams(RuleParams):
    nights_weight: int = Field(3, ge=0)
    weekends_weight: int = Field(2, ge=0)
    holidays_weight: int = Field(3, ge=0)
    working_days_weight: int = Field(1, ge=0)
    #: Per day of a metric this month, per day of that metric carried beyond a fair share in
    #: earlier months (``generate --ledger``): who carried the last holidays is spared first.
    carry_weight: int = Field(2, ge=0)


def counts_on(metric: str, day: Day, shift: Shift) -> bool:
    """Whether working ``shift`` on ``day`` counts for ``metric``."""
    if metric == "nights":
        return shift.kind == ShiftKind.NIGHT
    if metric == "weekends":
        return day.is_weekend
    if metric == "holidays":
        return day.is_holiday
    return True


def groups(staff: list[Staff], codes: list[str]) -> dict[tuple[str, ...], list[Staff]]:
    """Comparable staff: the same allowed shifts (empty means all)."""
    out: dict[tuple[str, ...], list[Staff]] = defaultdict(list)
    for person in staff:
        out[tuple(sorted(person.shifts or codes))].append(person)
    return {k: v for k, v in out.items() if len(v) > 1}


def factor(available: int, days: int) -> int:
    """Integer proration factor: ``SCALE * days / available`` rounded (0 if never available)."""
    return round(SCALE * days / available) if available else 0


class Fairness(Rule):
    name = "fairness"
    hard = False
    scope = "team"
    Params = FairnessParams
    METRICS = ("nights", "weekends", "holidays", "working_days")

    def _active(self, ctx: ModelContext | CheckContext, metric: str, allowed: tuple[str, ...]) -> bool:
        shifts = [ctx.team.shift(c) for c in allowed if c in ctx.team.shift_by_code]
        return any(counts_on(metric, d, s) for d in ctx.horizon.days for s in shifts)

    def _factors(self, ctx: ModelContext | CheckContext, members: list[Staff]) -> dict[str, int]:
        dates = ctx.horizon.dates
        return {p.id: factor(sum(not ctx.team.on_leave(p.id, d) for d in dates), len(dates)) for p in members}

    def add(self, ctx: ModelContext) -> list[Penalty]:
        penalties = []
        m = ctx.model
        for allowed, members in groups(ctx.team.staff, ctx.vars.codes).items():
            factors = self._factors(ctx, members)
            members = [p for p in members if factors[p.id]]
            if len(members) < 2:
                continue
            for metric in self.METRICS:
                weight = getattr(self.params, f"{metric}_weight")
                if not weight or not self._active(ctx, metric, allowed):
                    continue
                bound = SCALE * len(ctx.horizon.dates) * 2
                values = []
                for person in members:
                    expr = sum(ctx.vars.x[person.id, day.date, s.code] for day in ctx.horizon.days
                               for s in ctx.team.shifts if counts_on(metric, day, s))
                    v = m.new_int_var(0, bound * 2, f"fair.{metric}[{person.id}]")
                    m.add(v == factors[person.id] * expr)
                    values.append(v)
                hi = m.new_int_var(0, bound * 2, f"fair.{metric}.max[{'|'.join(allowed)}]")
                lo = m.new_int_var(0, bound * 2, f"fair.{metric}.min[{'|'.join(allowed)}]")
                m.add_max_equality(hi, values)
                m.add_min_equality(lo, values)
                penalties.append(Penalty(f"fairness.{metric}", f"{metric} spread among {'/'.join(allowed)}",
                                         hi - lo, weight))
        penalties.extend(self._carry_penalties(ctx))
        return penalties

    def _carried(self, ctx: ModelContext | CheckContext):
        """(person, metric, carried days) for everyone who carried more than a fair share."""
        if not self.params.carry_weight:
            return
        for person in ctx.team.staff:
            for metric, days in ctx.team.carried_load.get(person.id, {}).items():
                if days > 0 and metric in ("nights", "weekends", "holidays"):
                    yield person, metric, days

    def _carry_penalties(self, ctx: ModelContext) -> list[Penalty]:
        out = []
        for person, metric, days in self._carried(ctx):
            expr = sum(ctx.vars.x[person.id, day.date, s.code] for day in ctx.horizon.days
                       for s in ctx.team.shifts if counts_on(metric, day, s))
            out.append(Penalty("fairness.carried", f"{metric} again for {person.id} (carried {days})", expr,
                               self.params.carry_weight * days))
        return out

    def check(self, ctx: CheckContext) -> list[Violation]:
        return self.judge(ctx, {p.id: self.summarize(ctx, p.id) for p in ctx.team.staff})

    def summarize(self, ctx: CheckContext, staff_id: str) -> tuple[int, dict[str, int]]:
        """(days available, raw count per metric): all the rule needs to know of one person."""
        counts = dict.fromkeys(self.METRICS, 0)
        available = 0
        for day in ctx.horizon.days:
            if not ctx.team.on_leave(staff_id, day.date):
                available += 1
            shift = ctx.shift_of(staff_id, day.date)
            if shift is not None:
                for metric in self.METRICS:
                    if counts_on(metric, day, shift):
                        counts[metric] += 1
        return available, counts

    def judge(self, ctx: CheckContext, summaries: dict[str, object]) -> list[Violation]:
        out = []
        codes = list(ctx.shifts)
        days = len(ctx.horizon.dates)
        figures: dict[str, tuple[int, dict[str, int]]] = summaries  # type: ignore[assignment]
        for allowed, members in groups(ctx.team.staff, codes).items():
            factors = {p.id: factor(figures[p.id][0], days) for p in members}
            members = [p for p in members if factors[p.id]]
            if len(members) < 2:
                continue
            for metric in self.METRICS:
                weight = getattr(self.params, f"{metric}_weight")
                if not weight or not self._active(ctx, metric, allowed):
                    continue
                raw = {p.id: figures[p.id][1][metric] for p in members}
                scaled = {pid: raw[pid] * factors[pid] for pid in raw}
                high = max(scaled, key=lambda k: (scaled[k], k))
                low = min(scaled, key=lambda k: (scaled[k], k))
                spread = scaled[high] - scaled[low]
                if spread <= 0:
                    continue
                out.append(Violation(
                    f"fairness.{metric}",
                    t("fairness.spread", metric=t(f"fairness.{metric}"), spread=spread / SCALE,
                      group="/".join(allowed), high=high, high_count=raw[high], low=low, low_count=raw[low]),
                    hard=False,
                    data={"cost": spread * weight, "units": spread, "spread_days": spread / SCALE,
                          "group": list(allowed), "counts": raw},
                ))
        for person, metric, days_carried in self._carried(ctx):
            count = figures[person.id][1][metric]
            if count:
                out.append(Violation(
                    "fairness.carried",
                    t("fairness.carried", staff=person.id, metric=t(f"fairness.{metric}"), count=count,
                      carried=days_carried),
                    staff_id=person.id, hard=False,
                    data={"cost": count * days_carried * self.params.carry_weight, "units": count},
                ))
        return out

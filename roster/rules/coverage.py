"""Rule 2 (with 3): cover the demand per date, shift and skill.

``min`` is hard, ``target`` is preferred (a penalty per missing person), and people beyond the
targets cost a little so that rosters stay lean.  A person on a shift fills one skill's demand,
not several: with several demand rows on one date and shift, each person is assigned to at most
one row (the ``y`` variables), mirrored on the checker side by :mod:`roster.matching`.
Promotion multipliers are already applied when demand is resolved (:mod:`roster.calendar`).

In *elastic* mode (``ctx.shared["elastic"]``), used to explain infeasibility and for
``--best-effort``, the minimum becomes a very expensive shortfall instead of a hard limit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pydantic import Field

from roster.domain import DayType, Horizon, Requirement, Violation
from roster.i18n import register, t
from roster.reports import coverage_table
from roster.rules.base import CheckContext, ModelContext, Penalty, Rule, RuleParams

#: Cost of one missing person below ``min`` in elastic mode: dominates every soft term.
ELASTIC_WEIGHT = 100_000

register(
    {
        "coverage.title": {
            "en": "Demand covered: at least min people per date, shift and skill (target preferred)",
            "zh": "满足需求：每天每班次每技能至少达到最少人数（尽量达到目标人数）",
        },
        "coverage.short": {
            "en": "{date} {shift} ({skill}): {assigned} assigned, at least {min} needed ({gap} missing)",
            "zh": "{date} {shift}（{skill}）：已排 {assigned} 人，至少需要 {min} 人（缺 {gap} 人）",
        },
        "coverage.below_target": {
            "en": "{date} {shift} ({skill}): {assigned} assigned, target {target}",
            "zh": "{date} {shift}（{skill}）：已排 {assigned} 人，目标 {target} 人",
        },
        "coverage.over": {
            "en": "{date} {shift}: {over} more than the targets ({assigned} on duty, targets sum to {target})",
            "zh": "{date} {shift}：比目标多 {over} 人（已排 {assigned} 人，目标合计 {target} 人）",
        },
    }
)


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.coverage": {"en": "minimum staffing", "zh": "最少人数"},
        "label.coverage.min": {"en": "below the minimum", "zh": "低于最少人数"},
        "label.coverage.target": {"en": "below the target", "zh": "低于目标人数"},
        "label.coverage.over": {"en": "above the target", "zh": "超出目标人数"},
    }
)


class CoverageParams(RuleParams):
    under_target_weight: int = Field(20, ge=0)
    over_target_weight: int = Field(1, ge=0)
    #: Per person beyond the targets on a public holiday.  With one price for every day, the
    #: people the rest-day cap obliges to work landed on holidays as readily as on ordinary
    #: days (13 on a Spring Festival day shift whose target is 4, the others' wishes for the day
    #: off refused); a holiday is where a surplus costs most (statutory holiday work is paid at
    #: 300 %), so by default it is priced three times an ordinary day's.
    holiday_over_weight: int = Field(3, ge=0)

    def over_weight_on(self, horizon: Horizon, date: dt.date) -> int:
        """The price of one person beyond the targets on ``date``."""
        return self.holiday_over_weight if horizon.day(date).type == DayType.HOLIDAY else self.over_target_weight


def skill_label(skill: str | None) -> str:
    return skill if skill is not None else t("anyone.skill")


class Coverage(Rule):
    name = "coverage"
    hard = True
    scope = "day"
    reach = 0
    Params = CoverageParams

    def add(self, ctx: ModelContext) -> list[Penalty]:
        p = self.params
        elastic = bool(ctx.shared.get("elastic"))
        shortfall: dict[tuple[dt.date, str, str | None], object] = {}
        ctx.shared["coverage_shortfall"] = shortfall
        penalties: list[Penalty] = []
        grouped: dict[tuple[dt.date, str], list[Requirement]] = defaultdict(list)
        for req in ctx.horizon.requirements:
            grouped[req.date, req.shift].append(req)
        staff = ctx.team.staff
        interval_dates = {r.date for r in ctx.horizon.interval_requirements}
        for date in ctx.horizon.dates:
            for code in ctx.vars.codes:
                reqs = grouped.get((date, code), [])
                on_shift = [ctx.vars.x[s.id, date, code] for s in staff]
                label = f"{date.isoformat()} {code}"
                counts = self._counts(ctx, date, code, reqs)
                for req, covered in counts:
                    tag = f"{label} {skill_label(req.skill)}"
                    if elastic:
                        short = ctx.model.new_int_var(0, req.min, f"coverage.short[{tag}]")
                        ctx.model.add(covered + short >= req.min)
                        shortfall[date, code, req.skill] = short
                        penalties.append(Penalty("coverage.min", f"short {tag}", short, ELASTIC_WEIGHT))
                    else:
                        ctx.model.add(covered >= req.min)
                    if req.target > req.min and p.under_target_weight:
                        under = ctx.model.new_int_var(0, req.target, f"coverage.under[{tag}]")
                        ctx.model.add(under >= req.target - covered)
                        penalties.append(Penalty("coverage.target", f"below target {tag}", under,
                                                 p.under_target_weight))
                # A shift without a Demand row on a date with interval demand is one of the
                # candidate starts: the interval rule judges its head count, not this one.
                weight = p.over_weight_on(ctx.horizon, date)
                if weight and (reqs or date not in interval_dates):
                    targets = sum(r.target for r in reqs)
                    over = ctx.model.new_int_var(0, len(staff), f"coverage.over[{label}]")
                    ctx.model.add(over >= sum(on_shift) - targets)
                    penalties.append(Penalty("coverage.over", f"over target {label}", over, weight))
        return penalties

    @staticmethod
    def _counts(ctx: ModelContext, date: dt.date, code: str, reqs: list[Requirement]) -> list[tuple[Requirement, object]]:
        """The number of people counted for each requirement row (a linear expression)."""
        staff = ctx.team.staff
        if len(reqs) == 1:
            req = reqs[0]
            return [(req, sum(ctx.vars.x[s.id, date, code] for s in staff if s.has_skill(req.skill)))]
        counted: dict[int, list] = defaultdict(list)
        for person in staff:
            row_vars = []
            for k, req in enumerate(reqs):
                if person.has_skill(req.skill) and person.may_work(code):
                    y = ctx.model.new_bool_var(f"fills[{person.id},{date.isoformat()},{code},{k}]")
                    counted[k].append(y)
                    row_vars.append(y)
            if row_vars:
                ctx.model.add(sum(row_vars) <= ctx.vars.x[person.id, date, code])
        return [(req, sum(counted[k])) for k, req in enumerate(reqs)]

    def check(self, ctx: CheckContext) -> list[Violation]:
        out: list[Violation] = []
        p = self.params
        targets: dict[tuple[dt.date, str], int] = defaultdict(int)
        for row in coverage_table(ctx.team, ctx.horizon, ctx.roster, ctx.people_on):
            targets[row.date, row.shift] += row.target
            values = {"date": row.date, "shift": row.shift, "skill": skill_label(row.skill),
                      "assigned": row.assigned, "min": row.min, "target": row.target, "gap": row.gap}
            data = {"required": row.min, "target": row.target, "assigned": row.assigned,
                    "skill": row.skill}
            if row.gap:
                out.append(Violation(self.name, t("coverage.short", **values), date=row.date,
                                     shift=row.shift, data={**data, "gap": row.gap}))
            if row.below_target and p.under_target_weight and row.target > row.min:
                cost = p.under_target_weight * row.below_target
                out.append(Violation("coverage.target", t("coverage.below_target", **values),
                                     date=row.date, shift=row.shift, hard=False,
                                     data={**data, "cost": cost, "units": row.below_target}))
        interval_dates = {r.date for r in ctx.horizon.interval_requirements}
        for date in ctx.horizon.dates:
            weight = p.over_weight_on(ctx.horizon, date)
            if weight:
                for code in ctx.shifts:
                    if (date, code) not in targets and date in interval_dates:
                        continue  # judged by the interval rule (see add)
                    assigned = len(ctx.people_on(date, code))
                    over = assigned - targets.get((date, code), 0)
                    if over > 0:
                        out.append(Violation("coverage.over", t("coverage.over", date=date, shift=code,
                                                                 over=over, assigned=assigned,
                                                                 target=targets.get((date, code), 0)),
                                             date=date, shift=code, hard=False,
                                             data={"cost": over * weight, "units": over}))
        return out

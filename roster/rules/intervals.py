"""Interval demand: enough people with the skill on duty in every minute of each interval.

The Intervals sheet (or the Forecast, through :mod:`roster.demand`) asks for a head count per
half hour and skill.  Who is on duty follows from each shift's segments: split shifts, shifts
past midnight (last night's shift is on duty early this morning, and on the month's first day
the History tail's night shift is a constant), so the solver chooses among candidate shifts
(08:00, 08:30, 09:00 ... starts) whichever follow the daily curve.  Handover windows are just
intervals here: the 17:00-17:30 overlap is covered when its interval is.

**One person, one skill at a time.**  With chat and phone both asking for people in the same
half hour, a person with both skills counts for one of them.  Whether the people on duty can
fill every skill's need is a bipartite matching question; by Hall's theorem it holds exactly
when, for every set T of the skills asked for, the people having at least one skill of T number
at least the needs of T together.  So instead of an assignment variable per person, skill and
half hour (about 30 x 48 x people x skills Booleans a month), the rule adds these Hall
inequalities over the on-duty literals: with the 2-3 skills of a service desk that is at most 7
sets per piece, fewer after removing sets with the same people (chat-only, phone-only and
both-skilled people give 3).  Beyond :data:`MAX_HALL_SKILLS` skills in one piece the rule falls
back to explicit assignment variables.  The checker does not reuse this reasoning: it counts the
people in the finished roster and runs a matching (:func:`roster.reports.interval_duty`).

The minimum is hard; in *elastic* mode (``ctx.shared["elastic"]``: diagnosis and
``--best-effort``) a missing person costs :data:`roster.rules.coverage.ELASTIC_WEIGHT` per half
hour instead.  People with a requested skill on duty beyond the need cost ``over_weight`` per
person and half hour, which keeps the roster lean: with the minimum hard, the cost is the
person-half-hours on duty beyond the curve, so among rosters that cover it the solver prefers
the starts that waste the fewest (people the rest-day rules make work anyway land where the
other rules like best).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING

from pydantic import Field

from roster.domain import Staff, Violation, fmt_minute
from roster.i18n import register, t
from roster.reports import interval_coverage_table, interval_duty
from roster.rules.base import CheckContext, ModelContext, Penalty, Rule, RuleParams
from roster.rules.coverage import ELASTIC_WEIGHT, skill_label
from roster.timeline import Piece, pieces

if TYPE_CHECKING:  # checking a roster needs no solver (see roster.model)
    from ortools.sat.python import cp_model

#: Up to this many skills asked for in one piece, Hall inequalities (at most 2^n - 1 of them);
#: beyond, assignment variables per person and skill.
MAX_HALL_SKILLS = 5

register(
    {
        "intervals.title": {
            "en": "Interval demand covered: the required people with the skill on duty in every minute of each "
            "interval (extra people cost {over_weight} per half hour)",
            "zh": "时段需求：每个时段的每一分钟都有足够的具备技能人员在岗（多出的人每半小时罚 {over_weight} 分）",
        },
        "intervals.short": {
            "en": "{date} {interval} ({skill}): {on_duty} on duty, {required} needed ({gap} missing)",
            "zh": "{date} {interval}（{skill}）：在岗 {on_duty} 人，需要 {required} 人（缺 {gap} 人）",
        },
        "intervals.over": {
            "en": "{date}: {units} person-half-hour(s) on duty beyond the interval demand (most at {interval}: "
            "{over} more than needed)",
            "zh": "{date}：超出时段需求共 {units} 人·半小时（最多在 {interval}：多 {over} 人）",
        },
    }
)


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.intervals": {"en": "agents per interval", "zh": "时段人数"},
        "label.intervals.min": {"en": "interval below its need", "zh": "时段低于需求"},
        "label.intervals.over": {"en": "interval above its need", "zh": "时段超出需求"},
    }
)


class IntervalParams(RuleParams):
    #: Cost per person and half hour on duty (with a requested skill) beyond the requirement.
    over_weight: int = Field(1, ge=0)


def interval_label(start: int, end: int) -> str:
    return f"{fmt_minute(start)}-{fmt_minute(end)}"


class Intervals(Rule):
    name = "intervals"
    hard = True
    scope = "day"  # a shift on one date is on duty in its neighbours' intervals (reach 1)
    Params = IntervalParams

    def add(self, ctx: ModelContext) -> list[Penalty]:
        requirements = ctx.horizon.interval_requirements
        if not requirements:
            return []
        elastic = bool(ctx.shared.get("elastic"))
        shortfall: dict[tuple[dt.date, int, int, str | None], object] = {}
        ctx.shared["interval_shortfall"] = shortfall
        staff = ctx.team.staff
        hall_cache: dict[tuple[str | None, ...], list[tuple[list[str], tuple[str | None, ...]]]] = {}
        penalties: list[Penalty] = []
        for piece in pieces(requirements, ctx.team.shifts):
            tag = f"{piece.date.isoformat()} {interval_label(piece.start, piece.end)}"
            on = self._on_duty(ctx, piece)
            shorts: dict[str | None, object] = {}
            if elastic:
                for skill, need in piece.needs:
                    if need:
                        short = ctx.model.new_int_var(0, need, f"intervals.short[{tag},{skill_label(skill)}]")
                        shorts[skill] = short
                        shortfall[piece.date, piece.start, piece.end, skill] = short
                        penalties.append(Penalty("intervals.min", f"short {tag} {skill_label(skill)}", short,
                                                 ELASTIC_WEIGHT * piece.units))
            if len(piece.needs) <= MAX_HALL_SKILLS:
                key = piece.skills
                if key not in hall_cache:
                    hall_cache[key] = hall_sets(staff, key)
                needs = dict(piece.needs)
                for members, skills in hall_cache[key]:
                    demand = sum(needs[k] for k in skills)
                    if demand:
                        _at_least(ctx.model, [on[i] for i in members if i in on] + [shorts[k] for k in skills
                                                                                     if k in shorts], demand)
            else:
                self._assignment(ctx, piece, on, shorts, tag)
            if self.params.over_weight:
                eligible = [on[p.id] for p in staff if p.id in on and any(p.has_skill(k) for k in piece.skills)]
                if not eligible:
                    continue
                surplus = sum(eligible) - piece.required
                if elastic:
                    over = ctx.model.new_int_var(0, len(eligible), f"intervals.over[{tag}]")
                    ctx.model.add(over >= surplus)
                    surplus = over
                # Otherwise the Hall inequality over all of the piece's skills already holds
                # sum(eligible) >= required, so the surplus is the plain linear expression: no
                # max(0, .) variable, which lets CP-SAT find first rosters several times faster.
                penalties.append(Penalty("intervals.over", f"over {tag}", surplus,
                                         self.params.over_weight * piece.units))
        return penalties

    @staticmethod
    def _on_duty(ctx: ModelContext, piece: Piece) -> dict[str, cp_model.LinearExprT]:
        """Staff id -> 0/1 expression "on duty for the whole piece" (absent: never).  Shifts of
        one date exclude each other; shifts of two dates that overlap in time (only possible
        when the rest rule is off) are joined with a max, so nobody counts twice."""
        out: dict[str, cp_model.LinearExprT] = {}
        for person in ctx.team.staff:
            terms: dict[int, list] = defaultdict(list)
            constant = False
            for code, offset in piece.duty:
                lit = ctx.vars.assign(person.id, piece.date + dt.timedelta(days=offset), code)
                if isinstance(lit, int):
                    constant = constant or lit == 1
                else:
                    terms[offset].append(lit)
            if constant:
                out[person.id] = 1
            elif len(terms) == 1:
                out[person.id] = sum(next(iter(terms.values())))
            elif terms:
                flag = ctx.model.new_bool_var(f"on_duty[{person.id},{piece.date.isoformat()},{piece.start}]")
                ctx.model.add_max_equality(flag, [sum(group) for group in terms.values()])
                out[person.id] = flag
        return out

    @staticmethod
    def _assignment(ctx: ModelContext, piece: Piece, on: dict, shorts: dict, tag: str) -> None:
        """Many skills in one piece: each person on duty fills one skill's need (explicit)."""
        staff = {p.id: p for p in ctx.team.staff}
        filled: dict[str | None, list] = defaultdict(list)
        for pid, expr in on.items():
            row = []
            for skill, _ in piece.needs:
                if staff[pid].has_skill(skill):
                    y = ctx.model.new_bool_var(f"fills[{pid},{tag},{skill_label(skill)}]")
                    filled[skill].append(y)
                    row.append(y)
            if row:
                ctx.model.add(sum(row) <= expr)
        for skill, need in piece.needs:
            if need:
                _at_least(ctx.model, filled[skill] + ([shorts[skill]] if skill in shorts else []), need)

    def check(self, ctx: CheckContext) -> list[Violation]:
        if not ctx.horizon.interval_requirements:
            return []
        duty = interval_duty(ctx.team, ctx.horizon, ctx.roster, ctx.on_duty_index)
        out: list[Violation] = []
        for row in interval_coverage_table(ctx.team, ctx.horizon, ctx.roster, duty):
            if row.gap:
                out.append(Violation(
                    self.name,
                    t("intervals.short", date=row.date, interval=row.label, skill=skill_label(row.skill),
                      on_duty=row.on_duty, required=row.required, gap=row.gap),
                    date=row.date,
                    data={"from": fmt_minute(row.start), "to": fmt_minute(row.end), "skill": row.skill,
                          "required": row.required, "on_duty": row.on_duty, "gap": row.gap},
                ))
        weight = self.params.over_weight
        if weight:
            units: dict[dt.date, int] = defaultdict(int)
            worst: dict[dt.date, tuple[int, str]] = {}
            for item in duty:
                over = item.over  # a count over the people on duty: once, not thrice
                if over:
                    piece = item.piece
                    units[piece.date] += over * piece.units
                    if over > worst.get(piece.date, (0, ""))[0]:
                        worst[piece.date] = (over, interval_label(piece.start, piece.end))
            for date in sorted(units):
                over, label = worst[date]
                out.append(Violation("intervals.over", t("intervals.over", date=date, units=units[date],
                                                          interval=label, over=over),
                                     date=date, hard=False,
                                     data={"cost": units[date] * weight, "units": units[date]}))
        return out


def hall_sets(staff: list[Staff], skills: tuple[str | None, ...]) -> list[tuple[list[str], tuple[str | None, ...]]]:
    """The Hall inequalities for one set of skills: (people having at least one skill of T, T),
    for each distinct group of people.  For a group the strongest T is every skill whose
    people all lie in it, so one inequality per distinct group is enough."""
    able = {k: frozenset(p.id for p in staff if p.has_skill(k)) for k in skills}
    order = [p.id for p in staff]
    seen: dict[frozenset[str], tuple[str | None, ...]] = {}
    for size in range(1, len(skills) + 1):
        for subset in combinations(skills, size):
            group = frozenset().union(*(able[k] for k in subset))
            if group not in seen:
                seen[group] = tuple(k for k in skills if able[k] <= group)
    return [([i for i in order if i in group], widest) for group, widest in seen.items()]


def _at_least(model: cp_model.CpModel, terms: list, need: int) -> None:
    """``sum(terms) >= need``, also when every term is a constant (then possibly a plain
    contradiction, which must still make the model infeasible)."""
    variables = [x for x in terms if not isinstance(x, int)]
    constant = sum(x for x in terms if isinstance(x, int))
    if not variables:
        if constant < need:
            model.add_bool_or([])  # nobody can be on duty then: no roster meets this
        return
    model.add(sum(variables) + constant >= need)

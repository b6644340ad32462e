"""Why no roster meets the hard rules, in business terms.

Three steps, cheapest first:

1. head count: for each requirement, how many people could work it at all (skill, allowed
   shifts, not on leave); fewer than ``min`` is a reason on its own;
2. an *elastic* solve, where each missing person costs a lot instead of being forbidden: its
   shortfalls name the dates, shifts and skills that cannot be covered together;
3. for each short day, the hard rules whose removal would let it be covered (a deletion test),
   so the message can say which rule to relax.  When the rules conflict even without demand
   (e.g. the History tail forces a rest), the deletion test names the conflicting rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roster.domain import Horizon, Roster, Team
from roster.i18n import register, t
from roster.model import build_model
from roster.profile import SolverSettings
from roster.reports import coverage_table
from roster.rules import Rule
from roster.rules.coverage import skill_label
from roster.solve import SolveOutcome, solve_model

register(
    {
        "explain.headcount": {
            "en": "{date} {shift} ({skill}): needs {min}, but only {available} people can work it "
            "(skill, allowed shifts, not on leave){onleave}. Lower min, or add people with skill {skill}.",
            "zh": "{date} {shift}（{skill}）：需要 {min} 人，但只有 {available} 人能上（技能、可排班次、未请假）"
            "{onleave}。请降低最少人数，或增加具备 {skill} 技能的人员。",
        },
        "explain.headcount_any": {
            "en": "{date} {shift} (any skill): needs {min}, but only {available} people can work it "
            "(allowed shifts, not on leave){onleave}. Lower min, or add people who may work {shift}.",
            "zh": "{date} {shift}（不限技能）：需要 {min} 人，但只有 {available} 人能上（可排班次、未请假）"
            "{onleave}。请降低最少人数，或增加可上 {shift} 的人员。",
        },
        "explain.onleave": {"en": "; on leave: {people}", "zh": "；请假：{people}"},
        "explain.short": {
            "en": "{date} {shift} ({skill}): needs {min}, at most {got} can be assigned together with the other "
            "days' demand under the hard rules{rules}.",
            "zh": "{date} {shift}（{skill}）：需要 {min} 人，在满足其他日期需求和硬性规则的前提下最多只能安排 {got} 人{rules}。",
        },
        "explain.short_rules": {
            "en": "; relaxing {rules} would help (Rules sheet)",
            "zh": "；放宽规则 {rules} 可以解决（规则表）",
        },
        "explain.conflict": {
            "en": "The hard rules contradict each other even before demand is considered; without rule {rule} a roster exists. "
            "Check the History tail, leave and the rule's values.",
            "zh": "即使不考虑需求，硬性规则之间也相互矛盾；去掉规则 {rule} 后才有可行排班。请检查历史排班、请假和该规则的参数。",
        },
        "explain.unknown": {
            "en": "No roster found in {seconds:g} s and no proof that none exists; try a longer --time-limit.",
            "zh": "在 {seconds:g} 秒内没有找到排班，也未能证明无解；请加大 --time-limit。",
        },
        "explain.fix": {
            "en": "To make it feasible: add {missing} person-shift(s) on those days (people with the skill, "
            "or move leave), lower the minimum, or relax the named rules. --best-effort writes the roster with the "
            "smallest shortfall, marked in red.",
            "zh": "可行的办法：在这些日期增加 {missing} 人次（具备技能的人员，或调整请假）、降低最少人数，"
            "或放宽上述规则。使用 --best-effort 可输出缺口最小的排班（缺口标红）。",
        },
    }
)

#: Rules that may be dropped in the deletion test (assignment and coverage define the problem).
RELAXABLE = ("consecutive_days", "rest_days", "rest_between_shifts", "rotation", "handover", "hours")


@dataclass
class Diagnosis:
    reasons: list[str]
    elastic: SolveOutcome | None
    missing: int = 0


def headcount_reasons(team: Team, horizon: Horizon) -> list[str]:
    out = []
    for req in horizon.requirements:
        able = [p for p in team.staff if p.may_work(req.shift) and p.has_skill(req.skill)]
        available = [p for p in able if not team.on_leave(p.id, req.date)]
        if len(available) < req.min:
            away = [p.id for p in able if team.on_leave(p.id, req.date)]
            onleave = t("explain.onleave", people=", ".join(away)) if away else ""
            key = "explain.headcount" if req.skill is not None else "explain.headcount_any"
            out.append(t(key, date=req.date, shift=req.shift, skill=skill_label(req.skill),
                         min=req.min, available=len(available), onleave=onleave))
    return out


def diagnose(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings,
             time_limit: float) -> Diagnosis:
    reasons = headcount_reasons(team, horizon)
    elastic = _solve(team, horizon, rules, settings, time_limit, elastic=True)
    if elastic.roster is None:
        if elastic.status == "INFEASIBLE":
            for name in RELAXABLE:
                rest = [r for r in rules if r.name != name]
                if len(rest) < len(rules) and _solve(team, horizon, rest, settings, time_limit / 4,
                                                     elastic=True).roster is not None:
                    reasons.append(t("explain.conflict", rule=name))
                    break
            else:
                reasons.append(t("explain.conflict", rule="/".join(RELAXABLE)))
        else:
            reasons.append(t("explain.unknown", seconds=time_limit))
        return Diagnosis(reasons, elastic)
    short = _shortfalls(team, horizon, elastic.roster)
    missing = sum(minimum - got for *_, minimum, got in short)
    if not reasons and short:
        relief = _relief(team, horizon, rules, settings, time_limit / 4)
        for date, shift, skill, minimum, got in short[:12]:
            helping = [name for name, still in relief.items() if (date, shift, skill) not in still]
            extra = t("explain.short_rules", rules=", ".join(helping)) if helping else ""
            reasons.append(t("explain.short", date=date, shift=shift, skill=skill_label(skill), min=minimum,
                             got=got, rules=extra))
    if reasons:
        reasons.append(t("explain.fix", missing=max(missing, 1)))
    return Diagnosis(reasons, elastic, missing)


def _solve(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings, time_limit: float,
           *, elastic: bool) -> SolveOutcome:
    rm = build_model(team, horizon, rules, elastic=elastic)
    return solve_model(rm, settings, time_limit=max(time_limit, 1.0))


def _shortfalls(team: Team, horizon: Horizon, roster: Roster) -> list[tuple[dt.date, str, str | None, int, int]]:
    """(date, shift, skill, min, assigned) where a roster misses the minimum."""
    return [(row.date, row.shift, row.skill, row.min, row.assigned)
            for row in coverage_table(team, horizon, roster) if row.gap]


def _relief(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings,
            time_limit: float) -> dict[str, set[tuple[dt.date, str, str | None]]]:
    """Rule name -> the (date, shift, skill) still short when that rule is dropped.
    One elastic solve per relaxable rule, shared by every short day."""
    remaining = {}
    for name in RELAXABLE:
        rest = [r for r in rules if r.name != name]
        if len(rest) == len(rules):
            continue
        outcome = _solve(team, horizon, rest, settings, time_limit, elastic=True)
        if outcome.roster is not None:
            remaining[name] = {(d, s, k) for d, s, k, *_ in _shortfalls(team, horizon, outcome.roster)}
    return remaining

"""Why no roster meets the hard rules, in business terms.

Three steps, cheapest first:

1. head count: for each requirement, how many people could work it at all (skill, allowed
   shifts, not on leave); fewer than ``min`` is a reason on its own;
2. an *elastic* solve, where each missing person costs a lot instead of being forbidden: its
   shortfalls name the dates, shifts and skills that cannot be covered together.  With
   ``handover.lead_per_shift`` the handover rule makes its lead places elastic too (a staffed
   shift without a lead costs half a missing person): the lead gaps it publishes and the solve
   sets to 1 name the shifts left without a lead; this module builds no lead constraint of its own;
3. for each short day, the hard rules whose removal would let it be covered (a deletion test),
   so the message can say which rule to relax.  When the rules conflict even without demand
   (e.g. the History tail forces a rest), the deletion test names the conflicting rule.

Interval demand gets the same three steps: a time nobody can be on duty (no shift covers it, or
too few people with the skill may work one that does), then the elastic solve's short intervals
(neighbouring half hours of one date and skill joined into one span), then the rules to relax.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from roster.bounds import RowKey, day_shortfalls, floor_packing, row_key
from roster.domain import Horizon, Requirement, Roster, Staff, Team, fmt_minute
from roster.i18n import join, join_codes, language, register, t
from roster.model import RosterModel, build_model
from roster.profile import SolverSettings
from roster.reports import coverage_table, interval_coverage_table
from roster.rules import Penalty, Rule
from roster.rules.coverage import ELASTIC_WEIGHT, skill_label
from roster.rules.handover import LEAD_GAP, LEAD_GAP_WEIGHT, LEAD_GAPS, Handover
from roster.solve import SolveOutcome, solve_model
from roster.timeline import pieces

if TYPE_CHECKING:
    from ortools.sat.cp_model_pb2 import ConstraintProto

register(
    {
        "explain.headcount": {
            "en": "{date} {shift} ({skill}): needs {min}, but only {available} people can work it "
            "(skill, allowed shifts, not on leave){onleave}{same}. Lower min, or add people with skill {skill}.",
            "zh": "{date} {shift}（{skill}）：需要 {min} 人，但只有 {available} 人能上（技能、可排班次、未请假）"
            "{onleave}{same}。请降低最少人数，或增加具备 {skill} 技能的人员。",
        },
        "explain.headcount_any": {
            "en": "{date} {shift} (any skill): needs {min}, but only {available} people can work it "
            "(allowed shifts, not on leave){onleave}{same}. Lower min, or add people who may work {shift}.",
            "zh": "{date} {shift}（不限技能）：需要 {min} 人，但只有 {available} 人能上（可排班次、未请假）"
            "{onleave}{same}。请降低最少人数，或增加可上 {shift} 的人员。",
        },
        "explain.onleave": {"en": "; on leave: {people}", "zh": "；请假：{people}"},
        "explain.same_on": {"en": "; the same on {dates}", "zh": "；{dates} 同样如此"},
        "explain.day_headcount": {
            "en": "{dates}: the day's minimums add up to {need} people ({parts}), but only {available} can work "
            "that day (one shift a day each; allowed shifts, not on leave){onleave}. Lower the minimums, or add "
            "people.",
            "zh": "{dates}：当天各班次最少人数合计 {need} 人（{parts}），但当天只有 {available} 人能上班"
            "（每人每天只上一个班次；可排班次、未请假）{onleave}。请降低最少人数，或增加人员。",
        },
        "explain.short": {
            "en": "{date} {shift} ({skill}): needs {min}, at most {got} can be assigned together with the other "
            "days' demand under the hard rules{rules}.",
            "zh": "{date} {shift}（{skill}）：需要 {min} 人，在满足其他日期需求和硬性规则的前提下最多只能安排 {got} 人{rules}。",
        },
        "explain.short_rules": {
            "en": "; relaxing {rules} would help (Rules sheet: now {values})",
            "zh": "；放宽规则 {rules} 可以解决（规则表，当前 {values}）",
        },
        "explain.capacity": {
            "en": "{what}, {span}: the minimums add up to {need} shifts on {days} day(s), but the {count} "
            "people who can work them ({people}) can work at most {cap} of them between them under the hard rules "
            "(rest days, days in a row, rest between shifts, hours a week, leave, History). Add at least {more} "
            "more {who}, or lower the minimums.",
            "zh": "{what}，{span}：最少人数合计 {need} 个班次，分布在 {days} 天，但能上这些班的 {count} 人（{people}）"
            "在硬性规则（休息天数、连续上班天数、班次间隔、每周工时、请假、历史排班）下合计最多只能上 {cap} 个。"
            "请至少增加 {more} 名{who}，或降低最少人数。",
        },
        "explain.capacity_who_skill": {
            "en": "person(s) with skill {skill} who may work {shifts}",
            "zh": "具备 {skill} 技能且可上 {shifts} 的人员",
        },
        "explain.capacity_who_any": {"en": "person(s) who may work {shifts}", "zh": "可上 {shifts} 的人员"},
        "explain.capacity_what": {"en": "{shifts} ({skill})", "zh": "{shifts}（{skill}）"},
        "explain.span_month": {"en": "over the month", "zh": "全月"},
        "explain.span_promotion": {"en": "during {name} ({start}..{end})", "zh": "{name}期间（{start} 至 {end}）"},
        "explain.span_week": {"en": "in the week {start}..{end}", "zh": "{start} 至 {end} 这一周"},
        "explain.all_skills": {"en": "all skills", "zh": "全部技能"},
        "explain.lead_day": {
            "en": "{dates}: handover.lead_per_shift asks for a team lead on every staffed shift ({shifts}), but only "
            "{available} lead(s) can work that day ({people}){onleave}{unworkable}. Mark more people as team lead (lead column "
            "of the Staff sheet), or set handover.lead_per_shift = no in the Rules sheet.",
            "zh": "{dates}：已开启 handover.lead_per_shift，每个有人上的班次（{shifts}）都要有组长，但当天只有 "
            "{available} 名组长能上班（{people}）{onleave}{unworkable}。请在员工表的组长列标出更多组长，或在规则表中设置 "
            "handover.lead_per_shift = 否。",
        },
        # Leads enough by head count, but a shift none of them may work (leads kept to day
        # shifts): "only 3 lead(s) can work that day" for two shifts named no cause.
        "explain.lead_day_shift": {
            "en": "{dates}: handover.lead_per_shift asks for a team lead on every staffed shift ({shifts}), but none "
            "of the leads who can work that day ({people}) may work {missing}{onleave}. Allow a lead that shift "
            "(shifts column of the Staff sheet), mark more people as team lead, or set handover.lead_per_shift = no "
            "in the Rules sheet.",
            "zh": "{dates}：已开启 handover.lead_per_shift，每个有人上的班次（{shifts}）都要有组长，但当天能上班的组长"
            "（{people}）都不能上 {missing}{onleave}。请在员工表的可排班次列允许组长上该班次、标出更多组长，或在规则表中设置 "
            "handover.lead_per_shift = 否。",
        },
        # Appended to explain.lead_day when, besides too few leads, a shift is one none may work.
        "explain.lead_unworkable": {
            "en": "; none of them may work {missing} (shifts column of the Staff sheet)",
            "zh": "；其中没有人可上 {missing}（员工表的可排班次列）",
        },
        "explain.lead_capacity": {
            "en": "handover.lead_per_shift over the month: {need} staffed shifts need a team lead, but the {count} "
            "lead(s) ({people}) can work at most {cap} of them under the hard rules (rest days, days in a row, rest "
            "between shifts, hours a week, leave, History). Mark at least {more} more people as team lead, or set "
            "handover.lead_per_shift = no in the Rules sheet.",
            "zh": "handover.lead_per_shift（全月）：{need} 个有人上的班次都需要组长，但 {count} 名组长（{people}）在硬性规则"
            "（休息天数、连续上班天数、班次间隔、每周工时、请假、历史排班）下最多只能上其中 {cap} 个。请至少再标出 "
            "{more} 名组长，或在规则表中设置 handover.lead_per_shift = 否。",
        },
        "explain.lead_gaps": {
            "en": "handover.lead_per_shift: with the other hard rules{kept}, at least {count} staffed shift(s) cannot "
            "have a team lead on duty, for example {items}. Team leads who can work then: {leads}{onleave}. Mark more people as "
            "team lead (lead column of the Staff sheet), or set handover.lead_per_shift = no in the Rules sheet.",
            "zh": "handover.lead_per_shift（每班须有组长）：在其他硬性规则下{kept}，至少有 {count} 个有人上的班次无法安排组长在岗，"
            "例如 {items}。这些天能上班的组长：{leads}{onleave}。请在员工表的组长列标出更多组长，或在规则表中设置 "
            "handover.lead_per_shift = 否。",
        },
        "explain.lead_gaps_kept": {
            "en": " and the days before {start} kept as they are",
            "zh": "并保持 {start} 之前的排班不变",
        },
        "explain.lead_gap_item": {"en": "{shift} on {dates}", "zh": "{dates} 的 {shift}"},
        "explain.yes": {"en": "yes", "zh": "是"},
        "explain.no": {"en": "no", "zh": "否"},
        "explain.nobody": {"en": "nobody", "zh": "无"},
        "explain.person_cap": {"en": "{id}: {most}", "zh": "{id}：{most}"},
        "explain.caps_alike": {"en": "at most {most} each", "zh": "每人最多 {most} 个"},
        "explain.caps_more": {"en": "{count} more", "zh": "另有 {count} 人"},
        "explain.short_history": {
            "en": "; the History sheet binds this day (the days before the month: a run of worked days forces a "
            "rest, a night shift the rest after it, and the rotation keeps each person on last month's day or "
            "night shifts until a change-over day); without it the day could be covered, so check those rows",
            "zh": "；这是历史表（月初之前的排班）造成的：连续上班后必须休息，晚班后需要间隔休息，轮换规则要求沿用上月的白班或"
            "晚班直到换班日；不考虑历史即可满足，请核对这些记录",
        },
        "explain.short_fixed": {
            "en": "; the days before {start}, which the repair keeps as they are, bind this day (a run of worked "
            "days forces a rest, a night shift the rest after it); repairing from an earlier day (--from) could "
            "cover it",
            "zh": "；修复保持 {start} 之前的排班不变，这些天限制了这一天（连续上班后必须休息，晚班后需要间隔休息）；"
            "从更早的日期开始调整（--from）即可覆盖",
        },
        "explain.conflict": {
            "en": "The hard rules contradict each other even before demand is considered; without rule {rule} a roster exists. "
            "Check the History tail, leave and the rule's values{values}.",
            "zh": "即使不考虑需求，硬性规则之间也相互矛盾；去掉规则 {rule} 后才有可行排班。请检查历史排班、请假和该规则的参数"
            "{values}。",
        },
        "explain.conflict_values": {"en": " (now {values})", "zh": "（当前 {values}）"},
        "explain.lead_conflict": {
            "en": "Without rule {rule}{values} every staffed shift could have a team lead with no more people "
            "missing: relaxing it is another way out.",
            "zh": "去掉规则 {rule}{values}后，在缺员不增加的情况下每个有人上的班次都能安排组长在岗：放宽该规则也可以解决。",
        },
        "explain.or": {"en": " or ", "zh": " 或 "},
        "explain.conflict_people": {
            "en": "Even on their own, {people} cannot keep every hard rule in this month (their allowed shifts, "
            "leave and History against the rules' values): look at them first.",
            "zh": "即使单独排班，{people} 在本月也无法满足所有硬性规则（其可排班次、请假和历史排班与规则参数冲突）："
            "请先检查这些人员。",
        },
        "explain.person_shifts": {"en": "{id} (shifts {shifts})", "zh": "{id}（可排班次 {shifts}）"},
        "explain.conflict_fixed": {
            "en": "They contradict each other only together with the days before {start}, which the repair keeps as "
            "they are: repairing from an earlier day (--from) lets those days change too.",
            "zh": "只有在保持 {start} 之前的排班不变时规则才相互矛盾：从更早的日期开始调整（--from），这些天也可以改动。",
        },
        "explain.unknown": {
            "en": "No roster found in {seconds:g} s and no proof that none exists; try a longer --time-limit.",
            "zh": "在 {seconds:g} 秒内没有找到排班，也未能证明无解；请加大 --time-limit。",
        },
        "explain.interval_uncovered": {
            "en": "{dates} {interval}: {need} people needed ({skill}), but no shift in the Shifts sheet is on duty "
            "for all of it. Add a shift that covers it, or change the requirement.",
            "zh": "{dates} {interval}：需要 {need} 人（{skill}），但班次表中没有任何班次覆盖整个时段。"
            "请增加覆盖该时段的班次，或修改需求。",
        },
        "explain.interval_headcount": {
            "en": "{dates} {interval} ({skill}): needs {need} on duty, but only {available} people can be "
            "(skill, allowed shifts covering it, not on leave){onleave}. Lower the requirement, add people with "
            "the skill, or allow more of them a shift that covers it ({shifts}).",
            "zh": "{dates} {interval}（{skill}）：需要 {need} 人在岗，但只有 {available} 人可能在岗"
            "（技能、可排的覆盖班次、未请假）{onleave}。请降低需求、增加具备该技能的人员，"
            "或允许更多人上覆盖该时段的班次（{shifts}）。",
        },
        "explain.interval_before_month": {
            "en": "{dates} {interval} ({skill}): needs {need} on duty, but only a shift begun the day before, "
            "{before} (last month: {shifts}), is on duty then, and the History sheet has {available} such "
            "people. Pass last month's roster with --previous, or enter its last days in the History sheet.",
            "zh": "{dates} {interval}（{skill}）：需要 {need} 人在岗，但这一时段只有前一天 {before}（上个月）开始的班次"
            "（{shifts}）在岗，历史表中只有 {available} 人。请用 --previous 传入上月排班，或在历史表中填入上月最后几天。",
        },
        "explain.dates_many": {
            "en": "{count} dates from {first} to {last}",
            "zh": "{first} 至 {last} 共 {count} 天",
        },
        "explain.interval_short": {
            "en": "{date} {interval} ({skill}): needs {need} on duty, at most {got} can be together with the other "
            "days' demand under the hard rules{rules}.",
            "zh": "{date} {interval}（{skill}）：需要 {need} 人在岗，在满足其他日期需求和硬性规则的前提下最多只能安排 "
            "{got} 人{rules}。",
        },
        "explain.interval_fix": {
            "en": "To make it feasible: have more people on duty at those times ({missing} person-interval(s) "
            "missing): people with the skill, a candidate shift that covers those hours, or moved leave; lower the "
            "requirement; or relax the named rules.{hint}",
            "zh": "可行的办法：让这些时段有更多人在岗（共缺 {missing} 人·时段）：具备技能的人员、增加覆盖这些时段的候选班次，"
            "或调整请假；降低需求；或放宽上述规则。{hint}",
        },
        "explain.unproven": {
            "en": "These shortfalls are the least found within the time limit, not proven the least: a longer "
            "--time-limit may find fewer.",
            "zh": "以上缺口是在时间限制内找到的最小值，尚未证明是最少：加大 --time-limit 可能找到更少的缺口。",
        },
        "explain.fix": {
            "en": "To make it feasible: add {missing} person-shift(s) on those days (people with the skill, "
            "or move leave), lower the minimum, or relax the named rules.{hint}",
            "zh": "可行的办法：在这些日期增加 {missing} 人次（具备技能的人员，或调整请假）、降低最少人数，"
            "或放宽上述规则。{hint}",
        },
        # Appended to the fix above when the command was run without --best-effort (with it, the
        # roster with the smallest shortfall has just been written, and the hint was advice to
        # do what the user had done).
        "explain.best_effort_hint": {
            "en": " --best-effort writes the roster with the smallest shortfall, marked in red.",
            "zh": "使用 --best-effort 可输出缺口最小的排班（缺口标红）。",
        },
        # The same advice when every minimum can be met and only team leads are missing.
        "explain.lead_best_effort_hint": {
            "en": "--best-effort writes the roster with the fewest shifts without a team lead, each listed as a "
            "violation of handover.",
            "zh": "使用 --best-effort 可输出没有组长的班次最少的排班，每个这样的班次都列为交接班（handover）违规。",
        },
    }
)

#: Rules that may be dropped in the deletion test (assignment and coverage define the problem).
RELAXABLE = ("consecutive_days", "rest_days", "rest_between_shifts", "rotation", "handover", "hours")

#: The relief entry for "without the History sheet" (not a rule: it is never named as one).
HISTORY = "History"
#: Key of :func:`_relief`'s answer for the cells a repair keeps (the days before its --from).
FIXED = "(kept days)"

#: Time for deciding whether the kept days of a repair keep the hard rules among themselves
#: (every variable there is fixed or follows from fixed ones: presolve answers at once).
KEPT_CHECK_SECONDS = 5.0

#: Short days within this many days of the month's start are tested without the History tail
#: (the rules look back over at most a week: six worked days in a row, rest within seven days).
HISTORY_REACH_DAYS = 7


class LeadGapReason(str):
    """The reason that names the staffed shifts a roster leaves without a team lead
    (:func:`lead_gap_reasons`), marked as such.

    A best-effort repair writes another roster than the diagnosis's elastic one, which may leave
    a different shift without its lead; it replaces this reason with one naming its own gaps.
    Found by its mark, not by comparing the text with a re-made copy (which broke as soon as the
    sentence's inputs, such as the leads on leave, differed by a word)."""

    __slots__ = ()


@dataclass
class Diagnosis:
    reasons: list[str]
    elastic: SolveOutcome | None
    missing: int = 0
    #: (date, shift) of each staffed shift the elastic roster leaves without a team lead
    #: (``handover.lead_per_shift``), from the first day that may change.
    lead_gaps: list[tuple[dt.date, str]] = field(default_factory=list)


def headcount_reasons(team: Team, horizon: Horizon, since: dt.date | None = None) -> list[str]:
    """Requirements (from ``since``) fewer people could work at all than their minimum.

    Requirements alike (same shift, skill, minimum, people available and on leave) on several
    dates are one reason listing the dates: one agent with a scarce skill against a daily
    minimum of two was 31 identical lines, one per day, burying the fix."""
    found: dict[tuple, list[dt.date]] = {}
    for req in horizon.requirements:
        if since is not None and req.date < since:
            continue
        able = [p for p in team.staff if p.may_work(req.shift) and p.has_skill(req.skill)]
        available = [p for p in able if not team.on_leave(p.id, req.date)]
        if len(available) < req.min:
            away = join(p.id for p in able if team.on_leave(p.id, req.date))
            found.setdefault((req.shift, req.skill, req.min, len(available), away), []).append(req.date)
    out = []
    for (shift, skill, minimum, available, away), dates in found.items():
        onleave = t("explain.onleave", people=away) if away else ""
        key = "explain.headcount" if skill is not None else "explain.headcount_any"
        first, *rest = sorted(dates)
        same = t("explain.same_on", dates=_dates_text(rest)) if rest else ""
        out.append(t(key, date=first, shift=shift, skill=skill_label(skill), min=minimum, available=available,
                     onleave=onleave, same=same))
    return out


def _handover(rules: list[Rule]) -> Handover | None:
    return next((r for r in rules if isinstance(r, Handover)), None)


def _placed_leads(rules: list[Rule], team: Team) -> list[Staff]:
    """The team leads the handover rule places (none when its lead rule does not apply)."""
    handover = _handover(rules)
    return handover.leads(team) if handover is not None else []


def lead_reasons(team: Team, horizon: Horizon, rules: list[Rule], since: dt.date | None = None) -> list[str]:
    """Dates (from ``since``) on which the handover rule's lead places outnumber the leads who
    can work that day (:meth:`Handover.lead_short_days`), dates alike as one reason.  Without
    this the message blamed the rest-day rule ("without rule rest_days a roster exists") for a
    department with one lead and two shifts a day."""
    handover = _handover(rules)
    if handover is None:
        return []
    found: dict[tuple[str, tuple[str, ...], str, tuple[str, ...], bool], list[dt.date]] = {}
    for day in handover.lead_short_days(team, horizon, since):
        enough = len(day.available) >= len(day.codes)
        found.setdefault((join(day.codes), day.available, join(day.away), day.unworkable, enough),
                         []).append(day.date)
    out = []
    for (codes, available, away, unworkable, enough), dates in found.items():
        onleave = t("explain.onleave", people=away) if away else ""
        missing = join(unworkable)
        if enough:  # short only of a lead who may work some shift: name that shift
            out.append(t("explain.lead_day_shift", dates=_dates_text(dates), shifts=codes, people=join(available),
                         missing=missing, onleave=onleave))
            continue
        # Leads on leave or kept to other shifts may leave nobody who may work it.
        extra = t("explain.lead_unworkable", missing=missing) if unworkable and available else ""
        out.append(t("explain.lead_day", dates=_dates_text(dates), shifts=codes, available=len(available),
                     people=join(available) or t("explain.nobody"), onleave=onleave, unworkable=extra))
    return out


def lead_gap_reasons(team: Team, rules: list[Rule], gaps: list[tuple[dt.date, str]],
                     since: dt.date | None = None, count: int | None = None) -> list[LeadGapReason]:
    """The staffed shifts ``gaps`` (date, shift) that the roster with the least shortfall leaves
    without a team lead, read from the handover rule's elastic lead places, in words: the
    shifts and dates, the leads who could work then and those on leave.

    Each day can look fine by head count (two leads for a day and a night shift) while the
    leads' own rules forbid it: two leads sick in a promotion, and the one left on nights since
    Monday would work eight days in a row.  "Without rule handover a roster exists" was all a
    team lead learnt, with no date, shift or person to act on.

    ``count``: the fewest gaps found, when ``gaps`` are those of another roster (the one a
    best-effort repair writes, which may leave a different shift without its lead)."""
    leads = _placed_leads(rules, team)
    if not gaps or not leads:
        return []
    by_code: dict[str, list[dt.date]] = defaultdict(list)
    for date, code in gaps:
        by_code[code].append(date)
    gap_dates = sorted({date for date, _ in gaps})
    able = [p.id for p in leads if any(not team.on_leave(p.id, d) for d in gap_dates)]
    away = [p.id for p in leads if any(team.on_leave(p.id, d) for d in gap_dates)]
    items = join(t("explain.lead_gap_item", shift=code, dates=_dates_text(dates)) for code, dates in by_code.items())
    kept = t("explain.lead_gaps_kept", start=since) if since is not None else ""
    onleave = t("explain.onleave", people=join(away)) if away else ""
    return [LeadGapReason(t("explain.lead_gaps", kept=kept, count=len(gaps) if count is None else count,
                            items=items, leads=join(able) or t("explain.nobody"), onleave=onleave))]


def _lead_gaps(rm: RosterModel, outcome: SolveOutcome) -> list[tuple[dt.date, str]]:
    """(date, shift) of each lead place that ``outcome``, a solve of the elastic ``rm``, leaves
    open: the handover rule's published lead gaps whose value is 1 (each is 1 exactly when its
    shift is staffed without a lead), in date and shift order."""
    gaps = rm.context.shared.get(LEAD_GAPS)
    if not isinstance(gaps, dict) or outcome.values is None:
        return []
    return [(date, code) for (date, code), var in gaps.items() if outcome.values[var.index]]


def _lead_gaps_avoidable(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings,
                         time_limit: float, pinned: Pinned, cap: int) -> bool:
    """Whether some roster keeps ``rules`` with a lead on every staffed shift (from the pinned
    days' end) and leaves no more people missing than ``cap`` (the weighted shortfall of the
    roster with the least, lead gaps left out).  Without the cap a roster that staffs fewer
    shifts needs fewer leads: with every minimum free, dropping the rest-day rule "let every
    shift have its lead" by letting everyone stay at home, and the message blamed rest_days
    for a department with one lead and two shifts a day.  A solve stopped by its limit before
    it proves a roster without gaps says no."""
    rm = _build(team, horizon, rules, elastic=True, pinned=pinned)
    since = pinned.start
    gaps = rm.context.shared.get(LEAD_GAPS)
    open_places = [var for (date, _), var in gaps.items() if since is None or date >= since] \
        if isinstance(gaps, dict) else []
    short = sum(p.weight * p.var for p in rm.penalties if p.weight >= ELASTIC_WEIGHT)
    if not isinstance(short, int):  # an int: no demand, nothing can be short
        rm.model.add(short <= cap)
    # A yes/no question, asked as one: minimising the open places ran to the time limit on
    # every rule that is not to blame (a bound of 1 is as hard to prove as an optimum), while
    # "none open" is refuted at once where the leads' days cannot reach (their LP is infeasible).
    rm.model.add(sum(open_places) == 0)
    rm.model.clear_objective()
    rm.floor = 0.0  # the floor bounds the rules' penalties, which this model no longer has
    outcome = solve_model(rm, settings, time_limit=max(time_limit, 1.0))
    return outcome.roster is not None


def _lead_conflict_reasons(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings,
                           time_limit: float, pinned: Pinned, cap: int) -> list[str]:
    """The other hard rules without which every staffed shift could have its lead, no more
    people missing (``cap``: see :func:`_lead_gaps_avoidable`), with their values; and whether
    the days a repair keeps are what binds.  The handover rule itself is not named: without it
    there are no lead places, which the lead reasons already offer (lead_per_shift = no)."""
    culprits = [name for name in RELAXABLE
                if name != Handover.name and any(r.name == name for r in rules)
                and _lead_gaps_avoidable(team, horizon, [r for r in rules if r.name != name], settings, time_limit,
                                         pinned, cap)]
    out = []
    if culprits:
        values = rule_values(rules, culprits)
        out.append(t("explain.lead_conflict", rule=t("explain.or").join(culprits),
                     values=t("explain.conflict_values", values=values) if values else ""))
    if pinned.start is not None and _lead_gaps_avoidable(team, horizon, rules, settings, time_limit, Pinned(), cap):
        out.append(t("explain.conflict_fixed", start=pinned.start))
    return out


#: Hard rules that bind each person on their own: none of their constraints joins two people's
#: cells.  A person's month under just these rules, with no demand, is a relaxation of every
#: roster's month for that person, so the most shifts they can work in it bounds what they can
#: give any roster.  (Handover is left out: alone, "a staffed night has a day shift next
#: morning" would have to be the same person, and 11 hours of rest forbid that.)
PERSONAL_RULES = ("assignment", "consecutive_days", "rest_days", "rest_between_shifts", "rotation", "hours",
                  "compliance")

#: Wall-clock budget of :func:`capacity_reasons` (one small solve per person and group, a few
#: hundredths of a second each, and only for groups that simple counting cannot clear).
CAPACITY_SECONDS = 10.0
#: Time limit of one person's solve there; a solve stopped by it answers with its bound.
CAPACITY_SOLVE_SECONDS = 1.0


@dataclass(frozen=True)
class _Group:
    """Demand rows judged together over the month: ``cells`` are the (date, shift) pairs with a
    minimum, ``need`` their minimums added up; ``able(person)`` the cells a person could fill."""

    what: str
    who: str
    span: str
    need: int
    cells: frozenset[tuple[dt.date, str]]
    rows: frozenset[int]
    #: The team leads' group of ``handover.lead_per_shift``: a lead fills a shift's lead place
    #: whatever its skills.
    lead: bool = False

    def able(self, person: Staff, reqs: list[Requirement]) -> frozenset[tuple[dt.date, str]]:
        if self.lead and not person.lead:
            return frozenset()
        return frozenset((reqs[i].date, reqs[i].shift) for i in self.rows
                         if person.may_work(reqs[i].shift) and (self.lead or person.has_skill(reqs[i].skill)))


def capacity_reasons(team: Team, horizon: Horizon, rules: list[Rule], since: dt.date | None = None,
                     short: set[tuple[dt.date, str, str | None]] | None = None, leads_only: bool = False,
                     memo: dict[tuple[str, frozenset], int] | None = None,
                     explained: dict[dt.date, int] | None = None) -> list[str]:
    """Demand that the people able to fill it cannot carry over the month, whatever the others do.

    Each day may look staffable (two night-shift agents for a night minimum of two) while the
    month is not: each agent must rest (rest days, at most six days in a row, weekly hours), so
    two people give at most 54 nights, not 62.  The elastic solve then named eight nights "at
    most 1 can be assigned" and no rule, since no single rule's removal closes the gap.  Here,
    for each shift and skill, each shift, each skill and the whole demand (and the team leads
    when ``handover.lead_per_shift`` is on), the minimums are added up and set against what the
    able people can work at most, each alone under :data:`PERSONAL_RULES` (an exact small solve);
    groups explained by a smaller group already reported are left out.  ``short``: the (date,
    shift, skill) a roster with the least shortfall leaves short; only groups holding one of
    them are judged (the others are carried by that roster, and each group costs a solve per
    person).  ``leads_only``: judge the team leads' group alone (the roster with the least
    shortfall covers the demand but leaves shifts without a lead).  ``memo``: each person's most
    shifts by (id, cells) under these rules, shared with the floor (:class:`_Floor`).
    ``explained``: people each date lacks by its own head count, already reported: a group
    whose deficit they account for is left out (three promotion days each two people short
    were the promotion's "36 shifts, at most 30" once more)."""
    reqs = [r for r in horizon.requirements if r.min and (since is None or r.date >= since)]
    if not reqs:
        return []
    groups = _capacity_groups(reqs, rules, team)
    if leads_only:
        groups = [g for g in groups if g.lead]
    if short is not None:
        groups = [g for g in groups if any((reqs[i].date, reqs[i].shift, reqs[i].skill) in short for i in g.rows)]
    personal = [r for r in rules if r.name in PERSONAL_RULES]
    empty = replace(horizon, requirements=[], interval_requirements=[])
    memo = {} if memo is None else memo
    started = time.monotonic()
    reported: list[tuple[_Group, int]] = []
    out: list[str] = []
    for group in groups:
        able = {p.id: group.able(p, reqs) for p in team.staff}
        able = {pid: cells for pid, cells in able.items() if cells}
        caps: dict[str, int] = {}
        for person in team.staff:
            if person.id not in able:
                continue
            if time.monotonic() - started > CAPACITY_SECONDS:
                return out
            key = (person.id, able[person.id])
            if key not in memo:
                memo[key] = _most_shifts(team, empty, personal, person, able[person.id])
            caps[person.id] = memo[key]
        cap = sum(caps.values())
        if cap >= group.need:
            continue
        deficit = group.need - cap
        if explained and deficit <= sum(explained.get(d, 0) for d in {d for d, _ in group.cells}):
            continue
        if any(prior.rows <= group.rows and deficit <= prior_deficit for prior, prior_deficit in reported):
            continue  # a smaller group already says it
        reported.append((group, deficit))
        best = max(caps.values(), default=0) or len({d for d, _ in group.cells})
        more = -(-deficit // max(best, 1))
        people = _caps_text(caps)
        days = len({d for d, _ in group.cells})
        if group.lead:
            out.append(t("explain.lead_capacity", need=group.need, count=len(caps), people=people, cap=cap,
                         more=more))
        else:
            out.append(t("explain.capacity", what=group.what, span=group.span, need=group.need, days=days,
                         count=len(caps),
                         people=people, cap=cap, more=more, who=group.who))
    return out


#: At most this many people are named with their figure in a capacity reason.
CAPACITY_NAMED = 6


def _caps_text(caps: dict[str, int]) -> str:
    """Who can work how many shifts, short: "at most 6 each" when all alike, else the first
    :data:`CAPACITY_NAMED` people with their figure (a department of thirty is no list to read)."""
    if not caps:
        return t("explain.nobody")
    if len(set(caps.values())) == 1 and len(caps) > 1:
        return t("explain.caps_alike", most=next(iter(caps.values())))
    shown = [t("explain.person_cap", id=pid, most=n) for pid, n in list(caps.items())[:CAPACITY_NAMED]]
    if len(caps) > CAPACITY_NAMED:
        shown.append(t("explain.caps_more", count=len(caps) - CAPACITY_NAMED))
    return join(shown)


def _capacity_groups(reqs: list[Requirement], rules: list[Rule], team: Team) -> list[_Group]:
    """The demand groups :func:`capacity_reasons` judges, smallest first, each set of rows once:
    over the month, each shift and skill, each shift, each skill and all the demand; over each
    promotion and each calendar week, all the demand (a month that carries its total may still
    not carry a fortnight of doubled demand: nobody works fourteen days running)."""
    month = t("explain.span_month")
    spans: list[tuple[str, list[int]]] = [(month, list(range(len(reqs))))]
    dates = sorted({r.date for r in reqs})
    for promotion in team.promotions:
        inside = [i for i, r in enumerate(reqs) if promotion.covers(r.date)]
        if inside:
            spans.append((t("explain.span_promotion", name=promotion.name, start=promotion.start,
                            end=promotion.end), inside))
    weeks: dict[dt.date, list[int]] = defaultdict(list)
    for i, r in enumerate(reqs):
        weeks[r.date - dt.timedelta(days=r.date.weekday())].append(i)
    for monday, inside in sorted(weeks.items()):
        first, last = max(monday, dates[0]), min(monday + dt.timedelta(days=6), dates[-1])
        spans.append((t("explain.span_week", start=first, end=last), inside))
    groups: dict[frozenset[int], _Group] = {}
    for span, indices in spans:
        # (shift or None for every shift, skill, whether every skill of those rows counts)
        by_key: dict[tuple[str | None, str | None, bool], list[int]] = defaultdict(list)
        for i in indices:
            r = reqs[i]
            by_key[None, None, True].append(i)
            if span == month:
                by_key[r.shift, r.skill, False].append(i)
                by_key[r.shift, None, True].append(i)
                if r.skill is not None:
                    by_key[None, r.skill, False].append(i)
        for (_, skill, every), rows in by_key.items():
            chosen = frozenset(rows)
            if chosen in groups:
                continue
            codes = sorted({reqs[i].shift for i in rows})
            skills = {reqs[i].skill for i in rows}
            shifts = join_codes(codes)
            if every:
                plain = next(iter(skills)) if len(skills) == 1 else None
                label = skill_label(plain) if len(skills) == 1 else t("explain.all_skills")
            else:
                label, plain = skill_label(skill), skill
            who = (t("explain.capacity_who_skill", skill=plain, shifts=shifts) if plain is not None
                   else t("explain.capacity_who_any", shifts=shifts))
            groups[chosen] = _Group(t("explain.capacity_what", shifts=shifts, skill=label), who, span,
                                    sum(reqs[i].min for i in rows),
                                    frozenset((reqs[i].date, reqs[i].shift) for i in rows), chosen)
    ordered = sorted(groups.values(), key=lambda g: (len(g.rows), g.what))
    if _placed_leads(rules, team):
        cells = frozenset((r.date, r.shift) for r in reqs)
        # One lead per staffed shift: the lead group's need is the number of staffed shifts,
        # and a lead fills any shift they may work (the rows stand for their dates and shifts).
        rows = frozenset({(r.date, r.shift): i for i, r in enumerate(reqs)}.values())
        ordered.append(_Group("lead", "", month, len(cells), cells, rows, lead=True))
    return ordered


def _most_shifts(team: Team, empty: Horizon, rules: list[Rule], person: Staff,
                 cells: frozenset[tuple[dt.date, str]]) -> int:
    """The most of ``cells`` (date, shift) ``person`` can work in the month alone under ``rules``
    (no demand): CP-SAT's bound when the solve stops early, so never an under-estimate; the
    count of the cells' dates when even one person's month cannot keep the rules (the caller's
    other steps explain that)."""
    from ortools.sat.python import cp_model

    rm = build_model(replace(team, staff=[person]), empty, rules)
    rm.model.maximize(sum(rm.vars.x[person.id, d, c] for d, c in cells if (person.id, d, c) in rm.vars.x))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = CAPACITY_SOLVE_SECONDS
    status = solver.solve(rm.model)
    if status == cp_model.OPTIMAL:
        return round(solver.objective_value)
    if status == cp_model.FEASIBLE:
        return int(solver.best_objective_bound + 1e-6)
    return len({d for d, _ in cells})


#: Wall-clock budget of the capacity solves of one :meth:`_Floor.of` (the same small solves as
#: :func:`capacity_reasons`, which reuses the base problem's).  Stopped by it, the floor keeps
#: the groups fully counted: smaller, still a bound.
FLOOR_SECONDS = 2.0


class _Floor:
    """Counted lower bounds on the least shortfall (person-shifts from ``since``) of the
    diagnosed problem and of each problem the deletion test solves (a rule dropped, the History
    left out): :func:`roster.bounds.shortfall_floor` with the capacity deficits of the demand
    groups of :func:`capacity_reasons`, each person's most shifts solved alone under the personal
    rules of that problem.

    A solve given its floor stops at a roster that reaches it, proven optimal: the least shortfall
    of a month that lacks people (26 missing by the rest-day minimum) was "not proven" after the
    whole quarter of the limit, and each relaxed rule that could not help ran to its limit too.
    The base problem counts every group; a variant counts only the groups whose deficits made the
    base floor (its people's months change with the rules, and those groups are what the
    comparison with the base shortfall needs)."""

    def __init__(self, team: Team, horizon: Horizon, rules: list[Rule], since: dt.date | None,
                 groups: bool = True):
        """``groups``: count the capacity groups too (a solve per person and group, which pays
        only when the deletion test and the capacity reasons follow); without, the dates' own
        lacks alone."""
        self.team, self.horizon, self.since = team, horizon, since
        self.reqs = [r for r in horizon.requirements if r.min and (since is None or r.date >= since)]
        groups = _capacity_groups(self.reqs, rules, team) if self.reqs and groups else []
        self.groups = [g for g in groups if not g.lead]  # lead places are not people missing
        #: Most shifts by (id, cells) under the base problem's rules (capacity_reasons reuses it).
        self.memo: dict[tuple[str, frozenset], int] = {}
        self._variants: dict[tuple, dict[tuple[str, frozenset], int]] = {}
        self._key = self._problem(team, rules)
        self._variants[self._key] = self.memo
        #: The groups whose deficits make the base floor (a variant counts these alone).
        self.best: list[_Group] = []
        #: The dates' own lacks: what a head count per date already explains.
        self.day_lacks = day_shortfalls(team, self.reqs)
        self.days = sum(self.day_lacks.values())
        self.base = self._count(team, rules, self.groups) if self.groups else self.days

    @staticmethod
    def _problem(team: Team, rules: list[Rule]) -> tuple:
        """What a person's month alone depends on: the personal rules kept and the History."""
        return tuple(r.name for r in rules if r.name in PERSONAL_RULES), id(team.history)

    def of(self, team: Team, rules: list[Rule]) -> int:
        """The floor of the problem with ``team`` (the History left out or not) and ``rules``."""
        if self._problem(team, rules) == self._key:
            return self.base
        return self._count(team, rules, self.best)

    def _count(self, team: Team, rules: list[Rule], groups: list[_Group]) -> int:
        memo = self._variants.setdefault(self._problem(team, rules), {})
        personal = [r for r in rules if r.name in PERSONAL_RULES]
        empty = replace(self.horizon, requirements=[], interval_requirements=[])
        started = time.monotonic()
        found: list[tuple[_Group, frozenset[RowKey], int]] = []
        for group in groups:
            cap = 0
            for person in team.staff:
                cells = group.able(person, self.reqs)
                if not cells:
                    continue
                if (person.id, cells) not in memo:
                    if time.monotonic() - started > FLOOR_SECONDS:
                        cap = group.need  # not counted in time: left out, the bound only gets smaller
                        break
                    memo[person.id, cells] = _most_shifts(team, empty, personal, person, cells)
                cap += memo[person.id, cells]
                if cap >= group.need:
                    break  # carried: no deficit, the rest of the people need no solve
            if cap < group.need:
                found.append((group, frozenset(row_key(self.reqs[i]) for i in group.rows), group.need - cap))
        floor, used = floor_packing(team, self.horizon, self.since, [(keys, n) for _, keys, n in found])
        if groups is self.groups:
            self.best = [found[k][0] for k in used]
        return floor


#: The hard parameters of each relaxable rule, as the Rules sheet names them: what a message
#: tells the manager to change ("relax consecutive_days" alone left them to find its value).
HARD_PARAMETERS = {
    "consecutive_days": ("max_days",),
    "rest_days": ("min", "max"),
    "rest_between_shifts": ("min_hours",),
    "rotation": ("change_over_days",),
    "handover": ("min_outgoing", "min_incoming", "night_to_day", "lead_per_shift"),
    "hours": ("max_per_week",),
}


def rule_values(rules: list[Rule], names: list[str]) -> str:
    """``rest_days.min = 4, rest_days.max = 10`` for the named rules: their current hard values."""
    from roster.rules.rotation import WEEKDAY_LABELS

    by_name = {r.name: r for r in rules}
    parts = []
    for name in names:
        rule = by_name.get(name)
        if rule is None:
            continue
        for key in HARD_PARAMETERS.get(name, ()):
            value = getattr(rule.params, key, None)
            if value is None:
                continue
            if key == "change_over_days":
                labels = WEEKDAY_LABELS.get(language(), WEEKDAY_LABELS["en"])
                value = join(labels[d] for d in value)
            elif isinstance(value, bool):
                # In the user's language, as the Rules sheet takes it (是/否 or yes/no): "= yes"
                # in a Chinese message sat beside advice to write "= 否".
                value = t("explain.yes") if value else t("explain.no")
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            parts.append(f"{name}.{key} = {value}")
    return join(parts)


def day_headcount_reasons(team: Team, horizon: Horizon, since: dt.date | None = None) -> list[str]:
    """Dates (from ``since``) whose minimums, added over shifts and skills, need more people than
    can work that day at all: everyone works one shift a day and fills one demand row
    (:mod:`roster.rules.coverage`), so no rule needs relaxing; the team is too small that day.
    Each shift alone may look staffable (9 on the day shift and 2 on the night with 10 people),
    which is why the per-shift shortfalls alone did not name a cause.  Dates alike (the same
    figures) are one reason."""
    by_date: dict[dt.date, list] = defaultdict(list)
    for req in horizon.requirements:
        if req.min and (since is None or req.date >= since):
            by_date[req.date].append(req)
    found: dict[tuple, list[dt.date]] = {}
    for date, reqs in sorted(by_date.items()):
        need = sum(r.min for r in reqs)
        codes = {r.shift for r in reqs}
        able = [p for p in team.staff if any(p.may_work(c) for c in codes)]
        available = [p.id for p in able if not team.on_leave(p.id, date)]
        if need <= len(available):
            continue
        # Each row that alone lacks people is already a reason (headcount_reasons); when those
        # shortfalls account for the whole day's, this one would repeat them (everyone on leave
        # one day was three reasons saying so).
        row_gaps = sum(max(0, r.min - sum(1 for p in team.staff if p.may_work(r.shift) and p.has_skill(r.skill)
                                          and not team.on_leave(p.id, date)))
                       for r in reqs)
        if row_gaps >= need - len(available):
            continue
        per_shift: dict[str, int] = defaultdict(int)
        for r in reqs:
            per_shift[r.shift] += r.min
        parts = " + ".join(f"{code} {n}" for code, n in per_shift.items())
        away = join(p.id for p in able if team.on_leave(p.id, date))
        found.setdefault((need, parts, len(available), away), []).append(date)
    out = []
    for (need, parts, available, away), dates in found.items():
        onleave = t("explain.onleave", people=away) if away else ""
        out.append(t("explain.day_headcount", dates=_dates_text(dates), need=need, parts=parts,
                     available=available, onleave=onleave))
    return out


def interval_headcount_reasons(team: Team, horizon: Horizon, since: dt.date | None = None) -> list[str]:
    """Times no roster can staff (from ``since``): no shift is on duty then, or fewer people
    with the skill than needed may work a shift that is (allowed shifts, not on leave; last
    month's tail as it is).  The same time and skill short on many dates is one reason listing
    the dates."""
    in_month = set(horizon.dates)
    found: dict[tuple, list] = {}
    for piece in pieces(horizon.interval_requirements, team.shifts):
        if since is not None and piece.date < since:
            continue
        interval = f"{fmt_minute(piece.start)}-{fmt_minute(piece.end)}"
        for skill, need in piece.needs:
            if not need:
                continue
            if not piece.duty:
                found.setdefault(("uncovered", interval, skill, need, 0, "", ""), []).append(piece.date)
                continue
            able, away = [], []
            for person in team.staff:
                if not person.has_skill(skill):
                    continue
                fits = on_leave = False
                for code, offset in piece.duty:
                    date = piece.date + dt.timedelta(days=offset)
                    if date in in_month:
                        if person.may_work(code):
                            on_leave = on_leave or team.on_leave(person.id, date)
                            fits = fits or not team.on_leave(person.id, date)
                    elif team.history.get((person.id, date)) == code:
                        fits = True
                if fits:
                    able.append(person.id)
                elif on_leave:
                    away.append(person.id)
            if len(able) < need:
                codes = join(sorted({code for code, _ in piece.duty}))
                if all(piece.date + dt.timedelta(days=offset) not in in_month for _, offset in piece.duty):
                    # Only a shift that began before the month is on duty (the small hours of
                    # the 1st): last month's roster decides, and the History does not have it.
                    found.setdefault(("before", interval, skill, need, len(able), "", codes), []).append(piece.date)
                else:
                    found.setdefault(("short", interval, skill, need, len(able), join(away), codes),
                                     []).append(piece.date)
    out = []
    for (kind, interval, skill, need, available, away, codes), dates in found.items():
        when = _dates_text(dates)
        if kind == "uncovered":
            out.append(t("explain.interval_uncovered", dates=when, interval=interval, need=need,
                         skill=skill_label(skill)))
        elif kind == "before":
            out.append(t("explain.interval_before_month", dates=when, interval=interval, skill=skill_label(skill),
                         need=need, available=available, shifts=codes,
                         before=dates[0] - dt.timedelta(days=1)))
        else:
            onleave = t("explain.onleave", people=away) if away else ""
            out.append(t("explain.interval_headcount", dates=when, interval=interval, skill=skill_label(skill),
                         need=need, available=available, onleave=onleave, shifts=codes))
    return out


def _dates_text(dates: list[dt.date]) -> str:
    if len(dates) <= 3:
        return join(d.isoformat() for d in dates)
    return t("explain.dates_many", count=len(dates), first=dates[0], last=dates[-1])


def diagnose(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings,
             time_limit: float, *, fixed: Roster | None = None, fixed_dates: list[dt.date] | None = None,
             polish: bool = True, hint_best_effort: bool = True) -> Diagnosis:
    """Why no roster keeps every hard rule and minimum (see the module docstring).

    ``fixed`` and ``fixed_dates``: cells every roster must keep (``repair`` keeps the days before
    its ``--from``), so that the diagnosis is of the problem that failed, not of an easier one;
    the deletion test then also tries without them, to say when they are what binds.

    ``polish``: also spend ``time_limit`` on the best roster with the least shortfall
    (:attr:`Diagnosis.elastic`, which ``generate --best-effort`` writes).  The reasons need only
    the least shortfall; ``repair`` re-plans its best effort with its own objective (fewest
    changed cells), so for it that solve was a wait of the whole time limit, or longer on a busy
    machine, before "no repair exists" (30 people all on leave one day: 18 s of 20).

    ``hint_best_effort``: end the fix with "--best-effort writes ..." (not when the command was
    run with it)."""
    pinned = Pinned(fixed, fixed_dates)
    since = pinned.start  # shortfalls on the kept days are past: no repair can change them
    leads_short = lead_reasons(team, horizon, rules, since)
    reasons = [*headcount_reasons(team, horizon, since), *day_headcount_reasons(team, horizon, since),
               *leads_short, *interval_headcount_reasons(team, horizon, since)]
    # First the least shortfall alone (quick, and usually proven), then the best roster with no
    # more than that: the figures in the message are the minimum, and the --best-effort roster
    # is short only where it must be.  (One solve of the whole objective left 189 person-
    # intervals short where 4 were unavoidable: its shortfall was not yet minimised.)  The
    # shortfall counts the shifts left without a lead too (the handover rule's elastic lead
    # places), each at its own weight.
    # What capacity alone forces every roster to lack (counted, see _Floor): each solve of the
    # shortfall stops, proven, when it reaches it.
    # With a head count already to blame, no rule is tested (see below): the dates' lacks only.
    floors = _Floor(team, horizon, rules, since, groups=not reasons)
    least = _solve(team, horizon, rules, settings, time_limit / 4, elastic=True, shortfall_only=True, pinned=pinned,
                   floor=floors.base)
    elastic = least
    if least.roster is not None and least.info.objective is not None:
        best = _solve(team, horizon, rules, settings, time_limit, elastic=True, hint=least.roster,
                      cap=round(least.info.objective), pinned=pinned, floor=floors.base) if polish else None
        if best is not None and best.roster is not None:
            elastic = best
    elif least.status != "INFEASIBLE":
        # No roster yet in a quarter of the time (a large department): the whole time for one.
        elastic = _solve(team, horizon, rules, settings, time_limit, elastic=True, pinned=pinned, floor=floors.base)
    if elastic.roster is None:
        if elastic.status == "INFEASIBLE":
            # Every rule whose removal alone lets a roster exist: two rules that contradict each
            # other are both to blame (hours.max_per_week = 20 against rest_days.max = 10), and
            # naming only the first of them sent the manager to the wrong one.
            culprits = []
            for name in RELAXABLE:
                rest = [r for r in rules if r.name != name]
                if len(rest) < len(rules) and _solve(team, horizon, rest, settings, time_limit / 4, elastic=True,
                                                     shortfall_only=True, pinned=pinned).roster is not None:
                    culprits.append(name)
            if culprits:
                values = rule_values(rules, culprits)
                reasons.append(t("explain.conflict", rule=t("explain.or").join(culprits),
                                 values=t("explain.conflict_values", values=values) if values else ""))
            else:
                reasons.append(t("explain.conflict", rule="/".join(RELAXABLE), values=""))
            if pinned.start is None:
                alone = _people_alone_infeasible(team, horizon, rules, settings)
                if alone:
                    # "(shifts all)" after every name said nothing: only restricted shifts are shown.
                    shown = [t("explain.person_shifts", id=p.id, shifts="/".join(p.shifts)) if p.shifts else p.id
                             for p in alone]
                    reasons.append(t("explain.conflict_people", people=join(shown)))
            if pinned.start is not None and _solve(team, horizon, rules, settings, time_limit / 4, elastic=True,
                                                   shortfall_only=True).roster is not None:
                reasons.append(t("explain.conflict_fixed", start=pinned.start))
        else:
            reasons.append(t("explain.unknown", seconds=time_limit))
        return Diagnosis(reasons, elastic)
    short = _shortfalls(team, horizon, elastic.roster, since)
    spans = _interval_shortfalls(team, horizon, elastic.roster, since)
    missing = sum(minimum - got for *_, minimum, got in short)
    interval_missing = sum(span.missing for span in spans)
    if not reasons and (short or spans):
        short_dates = {date for date, *_ in short} | {span.date for span in spans}
        relief = _relief(team, horizon, rules, settings, time_limit / 4, short_dates, missing + interval_missing,
                         elastic.roster, pinned, floors)

        if short:
            # What the month cannot carry as a whole comes first: the dates below are only
            # where the best roster happens to leave the gap.
            reasons.extend(capacity_reasons(team, horizon, rules, since,
                                            short={(date, shift, skill) for date, shift, skill, *_ in short},
                                            memo=floors.memo))

        history_reach = set(horizon.dates[:HISTORY_REACH_DAYS])

        def helping(key: tuple) -> str:
            names = [name for name, still in relief.items() if key not in still and name not in (HISTORY, FIXED)]
            text = t("explain.short_rules", rules=join(names), values=rule_values(rules, names)) if names else ""
            # Only where the tail can reach: dropping the History also moves the shortage about
            # (the relaxed roster left the 11th and 19th covered), and "the History sheet binds
            # this day" on the 19th sent the manager to rows that cannot touch it.
            date = key[1]
            if HISTORY in relief and key not in relief[HISTORY] and date in history_reach:
                text += t("explain.short_history")
            if (FIXED in relief and key not in relief[FIXED] and pinned.start is not None
                    and date < pinned.start + dt.timedelta(days=HISTORY_REACH_DAYS)):
                text += t("explain.short_fixed", start=pinned.start)
            return text

        for date, shift, skill, minimum, got in short[:12]:
            reasons.append(t("explain.short", date=date, shift=shift, skill=skill_label(skill), min=minimum,
                             got=got, rules=helping(("shift", date, shift, skill))))
        for span in spans[:max(0, 12 - len(short))]:
            reasons.append(t("explain.interval_short", date=span.date, interval=span.label,
                             skill=skill_label(span.skill), need=span.need, got=span.got,
                             rules=helping(span.key)))
    elif reasons and short and missing > floors.days:
        # The head counts per date explain part of the shortfall only (three promotion nights
        # two phone agents cannot all staff, in a month of nights the two cannot carry either):
        # the month's capacity too, or the manager fixes the dates named and is refused again.
        reasons.extend(r for r in capacity_reasons(team, horizon, rules, since,
                                                   short={(date, shift, skill) for date, shift, skill, *_ in short},
                                                   memo=floors.memo, explained=floors.day_lacks)
                       if r not in reasons)
    gaps = [(date, code) for date, code in elastic.lead_gaps if since is None or date >= since]
    if gaps:
        # What the leads cannot carry over the month, then the shifts the best roster leaves
        # without a lead (read from the handover rule's elastic lead places), then the rules
        # the lead places clash with.  A head count per day already names a lead shortage.
        if not leads_short:
            capacity = capacity_reasons(team, horizon, rules, since, leads_only=True)
            reasons.extend(r for r in capacity if r not in reasons)
            reasons.extend(lead_gap_reasons(team, rules, gaps, since))
        # The least roster's shortfall without its lead gaps: relaxing a rule must not buy leads
        # with people missing.
        cap = round(least.info.objective or 0) - LEAD_GAP_WEIGHT * len(least.lead_gaps)
        reasons.extend(_lead_conflict_reasons(team, horizon, rules, settings, time_limit / 4, pinned, cap))
    if reasons:
        hint = t("explain.best_effort_hint") if hint_best_effort else ""
        if missing or interval_missing or not gaps:
            if missing or not interval_missing:
                reasons.append(t("explain.fix", missing=max(missing, 1), hint=hint if not interval_missing else ""))
            if interval_missing:
                reasons.append(t("explain.interval_fix", missing=interval_missing, hint=hint))
        elif hint_best_effort:  # only leads are missing: their reasons say what to change
            reasons.append(t("explain.lead_best_effort_hint"))
        # The figures are what was found, not the minimum: said only where a figure of the solve
        # is shown (the lead gaps are not when a head count per day already names the shortage:
        # "these shortfalls ... not proven" then followed a reason that is proven).
        if (missing or interval_missing or (gaps and not leads_short)) and least.status != "OPTIMAL":
            reasons.append(t("explain.unproven"))
    return Diagnosis(reasons, elastic, missing + interval_missing, gaps)


#: At most this many people are named by :func:`_people_alone_infeasible`, and the search
#: stops after this many seconds of solving (each person's month alone takes a few hundredths).
ALONE_MAX_PEOPLE = 5
ALONE_SECONDS = 20.0


def _people_alone_infeasible(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings
                             ) -> list[Staff]:
    """People who cannot keep the hard rules even alone, with no demand at all: a day-shift-only
    agent under a 16-hour rest between shifts cannot work two days running, so the rest-day cap
    fails for that person whatever the others do.  "Without rule rest_days a roster exists"
    was all the message said; the person and their allowed shifts are what to look at."""
    found: list[Staff] = []
    empty = replace(horizon, requirements=[], interval_requirements=[])
    start = time.monotonic()
    for person in team.staff:
        if len(found) >= ALONE_MAX_PEOPLE or time.monotonic() - start > ALONE_SECONDS:
            break
        alone = replace(team, staff=[person])
        outcome = _solve(alone, empty, rules, settings, 1.0, elastic=True, shortfall_only=True)
        if outcome.status == "INFEASIBLE":
            found.append(person)
    return found


@dataclass(frozen=True)
class Pinned:
    """Cells every roster of a solve keeps: ``roster`` on ``dates`` (all its dates when None);
    nothing when ``roster`` is None.  ``repair`` keeps the days before its ``--from`` this way,
    and its diagnosis judges the same problem."""

    roster: Roster | None = None
    dates: list[dt.date] | None = None

    @property
    def start(self) -> dt.date | None:
        """The first day that may change, when the pinned days are those before it."""
        if self.roster is None or not self.dates:
            return None
        return max(self.dates) + dt.timedelta(days=1)

    def apply(self, rm: RosterModel) -> bool:
        """Pin the kept cells in ``rm``; returns whether hard rules broken wholly inside the kept
        days had to be left out of the model.

        A roster edited by hand or by a forced swap may already break a hard rule on days a
        repair keeps (a night then a day shift on the 9th and 10th, a day short because someone
        fell ill the day before ``--from``).  Nothing can change those cells, so such a breach
        must not make every repair infeasible: the constraints that only kept cells decide are
        left out when, with the kept cells, they cannot all hold.  Constraints that reach a day
        that may change (six worked days before ``--from`` forcing a rest on it) stay hard.
        The checker still reports the breaches; the caller lists them as existing violations."""
        if self.roster is None:
            return False
        rule_constraints = len(rm.model.proto.constraints)
        rm.vars.fix(self.roster, self.dates)
        if not self.dates:
            return False
        return _leave_out_kept_breaches(rm, rule_constraints, set(self.dates), self.roster)


def _constraint_refs(ct: ConstraintProto) -> tuple[str, list[int]] | None:
    """(kind, variable indices incl. enforcement literals) of a CP-SAT constraint proto, for the
    kinds the rules add; None for any other kind (the caller then changes nothing)."""
    if ct.has_linear():
        kind, refs = "linear", list(ct.linear.vars)
    elif ct.has_bool_or():
        kind, refs = "bool_or", list(ct.bool_or.literals)
    elif ct.has_bool_and():
        kind, refs = "bool_and", list(ct.bool_and.literals)
    elif ct.has_lin_max():
        lin_max = ct.lin_max
        kind = "lin_max"
        refs = [*lin_max.target.vars, *(v for expr in lin_max.exprs for v in expr.vars)]
    elif ct.has_at_most_one():
        kind, refs = "at_most_one", list(ct.at_most_one.literals)
    elif ct.has_exactly_one():
        kind, refs = "exactly_one", list(ct.exactly_one.literals)
    else:
        return None
    refs.extend(ct.enforcement_literal)
    return kind, [r if r >= 0 else -r - 1 for r in refs]


def _defines(ct: ConstraintProto, kind: str, refs: list[int], known: set[int]) -> int | None:
    """The variable a definition ``ct`` determines once ``known`` are determined, if any: an
    unconditional linear equality with one unknown (``works == sum(x)``, a rotation kind
    literal) or a maximum whose arguments are known (``staffed == max(x)``)."""
    if ct.enforcement_literal:
        return None
    if kind == "linear":
        if not _is_definition(ct, kind, refs):
            return None
        unknown = {v for v in refs if v not in known}
        return unknown.pop() if len(unknown) == 1 else None
    if kind == "lin_max":
        target = list(ct.lin_max.target.vars)
        args = [v for expr in ct.lin_max.exprs for v in expr.vars]
        if len(target) == 1 and target[0] not in known and all(v in known for v in args):
            return target[0]
    return None


def _leave_out_kept_breaches(rm: RosterModel, rule_constraints: int, kept: set[dt.date], roster: Roster) -> bool:
    """See :meth:`Pinned.apply`.  The kept cells fix their assignment variables, and through the
    definitions (worked-day flags, rotation kinds, staffed flags) the variables derived from
    them.  A rule constraint none of whose other variables connects to a day that may change
    is decided by the kept cells alone: those constraints form a problem of their own, and when
    it has no solution, the ones a rule checks (inequalities and clauses, not definitions) are
    switched off.  The rest of the model, and so every repair, is the same either way."""
    from ortools.sat.python import cp_model

    proto = rm.model.proto
    pinned = {var.index: int(roster.get(sid, date) == code)
              for (sid, date, code), var in rm.vars.x.items() if date in kept}
    free = {var.index for (_, date, _), var in rm.vars.x.items() if date not in kept}
    cons: list[tuple[ConstraintProto, str, list[int]]] = []
    for index in range(rule_constraints):
        ct = proto.constraints[index]
        refs = _constraint_refs(ct)
        if refs is None:
            return False  # a kind the rules do not add: keep the model as it is
        cons.append((ct, *refs))
    known = set(pinned)
    definitions = [(ct, kind, refs) for ct, kind, refs in cons
                   if _is_definition(ct, kind, refs) or (kind == "lin_max" and not ct.enforcement_literal)]
    grew = True
    while grew:
        grew = False
        for ct, kind, refs in definitions:
            var = _defines(ct, kind, refs, known)
            if var is not None and var not in free:
                known.add(var)
                grew = True
    # Connect the undetermined variables that share a constraint; a group holding a variable of
    # a day that may change is live.
    parent: dict[int, int] = {}

    def root(v: int) -> int:
        while parent.setdefault(v, v) != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for _, _, refs in cons:
        open_refs = [v for v in refs if v not in known]
        for v in open_refs[1:]:
            parent[root(v)] = root(open_refs[0])
    live = {root(v) for v in free}
    kept_only = [i for i, (_, _, refs) in enumerate(cons)
                 if refs and all(v in known or root(v) not in live for v in refs)]
    if not kept_only:
        return False
    sub = cp_model.CpModel()
    for variable in proto.variables:
        sub.proto.variables.add().copy_from(variable)
    for i in kept_only:
        sub.proto.constraints.add().copy_from(cons[i][0])
    for index, value in pinned.items():
        sub.add(sub.get_int_var_from_proto_index(index) == value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = KEPT_CHECK_SECONDS
    if solver.solve(sub) != cp_model.INFEASIBLE:
        return False  # the kept days keep every hard rule among themselves (or no proof they do not)
    off = rm.model.new_bool_var("kept_breach_left_out")
    rm.model.add(off == 0)
    for i in kept_only:
        ct, kind, refs = cons[i]
        if kind in ("linear", "bool_or", "bool_and") and not _is_definition(ct, kind, refs):
            ct.enforcement_literal.append(off.index)
    # The floor (roster.bounds) counts what a whole roster must pay; without these constraints
    # the kept days may pay less, and a solve stopping at the floor would stop too early.
    rm.floor = 0.0
    return True


def _is_definition(ct: ConstraintProto, kind: str, refs: list[int]) -> bool:
    """An unconditional equality between two or more variables: it defines one of them."""
    if kind != "linear" or ct.enforcement_literal:
        return False
    domain = list(ct.linear.domain)
    return len(set(refs)) >= 2 and len(domain) == 2 and domain[0] == domain[1]


def _build(team: Team, horizon: Horizon, rules: list[Rule], *, elastic: bool, shortfall_only: bool = False,
           hint: Roster | None = None, cap: int | None = None, pinned: Pinned = Pinned(),
           floor: int = 0) -> RosterModel:
    """The model of one solve.  ``shortfall_only``: minimise the elastic terms alone (missing
    people, and staffed shifts without a lead; elastic models); ``cap``: allow no more of them,
    weighted, than that; ``hint``: a roster to start from; ``pinned``: cells to keep;
    ``floor``: person-shifts every roster of this model lacks (:class:`_Floor`), so the solve
    stops, proven, at a roster that lacks no more."""
    rm = build_model(team, horizon, rules, elastic=elastic, hint=hint)
    left_out = pinned.apply(rm)
    short = sum(p.weight * p.var for p in _elastic_terms(rm))
    if elastic and floor > 0 and not left_out and not isinstance(short, int):
        # Not with kept breaches left out: the model is then looser than the rules the floor
        # was counted with, and may lack fewer people.  A constraint, not ``rm.floor``: CP-SAT
        # then holds the bound itself and ends with OPTIMAL at a roster that reaches it, where
        # the solution callback's stop_search aborted the process on a model presolve had
        # solved outright (one person: "Check failed: solution->size() ==
        # postsolve_mapping.size()").  Redundant, so it removes no roster: the floor is a bound.
        rm.model.add(short >= ELASTIC_WEIGHT * floor)
    if shortfall_only:
        rm.model.minimize(short)
    if cap is not None and not isinstance(short, int):  # an int: no demand, nothing can be short
        rm.model.add(short <= cap)
    return rm


def _elastic_terms(rm: RosterModel) -> list[Penalty]:
    """The penalties that stand for hard limits made elastic: a missing person (coverage and
    interval minimums, at least ``ELASTIC_WEIGHT`` each) and a staffed shift without its lead
    (the handover rule's ``LEAD_GAP``)."""
    return [p for p in rm.penalties if p.weight >= ELASTIC_WEIGHT or p.rule == LEAD_GAP]


@dataclass
class _Solved(SolveOutcome):
    """A solve's outcome with the lead places its roster leaves open: the handover rule's
    elastic lead gaps whose value is 1 (none when the model is not elastic)."""

    lead_gaps: list[tuple[dt.date, str]] = field(default_factory=list)


def _solve(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings, time_limit: float,
           *, elastic: bool, shortfall_only: bool = False, hint: Roster | None = None,
           cap: int | None = None, pinned: Pinned = Pinned(), floor: int = 0) -> _Solved:
    """One solve of :func:`_build`'s model, with the lead gaps read from that model."""
    rm = _build(team, horizon, rules, elastic=elastic, shortfall_only=shortfall_only, hint=hint, cap=cap,
                pinned=pinned, floor=floor)
    outcome = solve_model(rm, settings, time_limit=max(time_limit, 1.0))
    return _Solved(outcome.status, outcome.roster, outcome.info, outcome.values, _lead_gaps(rm, outcome))


def _shortfalls(team: Team, horizon: Horizon, roster: Roster, since: dt.date | None = None
                ) -> list[tuple[dt.date, str, str | None, int, int]]:
    """(date, shift, skill, min, assigned) where a roster misses the minimum (from ``since``)."""
    return [(row.date, row.shift, row.skill, row.min, row.assigned)
            for row in coverage_table(team, horizon, roster) if row.gap and (since is None or row.date >= since)]


@dataclass
class IntervalSpan:
    """Neighbouring short intervals of one date and skill, reported as one span."""

    date: dt.date
    start: int
    end: int
    skill: str | None
    need: int
    got: int
    missing: int = 0

    @property
    def label(self) -> str:
        return f"{fmt_minute(self.start)}-{fmt_minute(self.end)}"

    @property
    def key(self) -> tuple:
        return ("interval", self.date, self.start, self.end, self.skill)


def _interval_shortfalls(team: Team, horizon: Horizon, roster: Roster, since: dt.date | None = None
                         ) -> list[IntervalSpan]:
    """Short intervals (from ``since``), neighbouring ones of one date and skill joined (worst
    figures kept)."""
    rows = sorted((r for r in interval_coverage_table(team, horizon, roster)
                   if r.gap and (since is None or r.date >= since)),
                  key=lambda r: (r.date, r.skill or "", r.start))
    spans: list[IntervalSpan] = []
    for row in rows:
        last = spans[-1] if spans else None
        if last is not None and (last.date, last.skill) == (row.date, row.skill) and row.start <= last.end:
            last.end = max(last.end, row.end)
            if row.gap > last.need - last.got:
                last.need, last.got = row.required, row.on_duty
            last.missing += row.gap
        else:
            spans.append(IntervalSpan(row.date, row.start, row.end, row.skill, row.required, row.on_duty, row.gap))
    return spans


def _short_keys(team: Team, horizon: Horizon, roster: Roster, since: dt.date | None = None) -> set[tuple]:
    """Everything short in ``roster`` (from ``since``): shift demand and interval demand, as
    comparable keys."""
    keys: set[tuple] = {("shift", d, s, k) for d, s, k, *_ in _shortfalls(team, horizon, roster, since)}
    for row in interval_coverage_table(team, horizon, roster):
        if row.gap and (since is None or row.date >= since):
            keys.add(("interval-row", row.date, row.start, row.end, row.skill))
    return keys


def _relief(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings,
            time_limit: float, short_dates: set[dt.date], missing: int, base: Roster,
            pinned: Pinned = Pinned(), floors: _Floor | None = None) -> dict[str, _Remaining]:
    """Rule name (or :data:`HISTORY`, or :data:`FIXED`) -> what is still short when that rule
    (or the History tail, or the pinned cells) is dropped.  One solve per relaxable rule, shared
    by every short day.

    Each solve minimises the shortfall alone, starting from ``base`` (the elastic roster, which
    the relaxed model still allows), so it answers quickly and exactly.  Only a relaxation that
    lowers the total shortfall (``missing`` person-shifts and person-intervals) counts: one that
    only moves the shortage to another day helps no day.

    ``floors``: the counted floor of each relaxed problem (:class:`_Floor`).  A relaxation whose
    floor is ``missing`` or more cannot lower the shortfall: it is not solved at all (such solves
    ran to their limit, unable to prove the shortfall could not fall); the others stop at their
    floor."""
    remaining = {}
    since = pinned.start

    def relaxed(name: str, variant: Team, kept: list[Rule], keep: Pinned = pinned) -> None:
        floor = floors.of(variant, kept) if floors is not None else 0
        if floor >= missing:
            return
        outcome = _solve(variant, horizon, kept, settings, time_limit, elastic=True, shortfall_only=True, hint=base,
                         pinned=keep, floor=floor)
        if outcome.roster is not None and _missing(variant, horizon, outcome.roster, since) < missing:
            remaining[name] = _Remaining(_short_keys(variant, horizon, outcome.roster, since))

    for name in RELAXABLE:
        rest = [r for r in rules if r.name != name]
        if len(rest) < len(rules):
            relaxed(name, team, rest)
    # Last month's tail binds the first days (a run of worked days forces a rest, a night forces
    # the rest after it): when those days are short, one more solve without the History says so.
    if team.history and short_dates & set(horizon.dates[:HISTORY_REACH_DAYS]):
        relaxed(HISTORY, replace(team, history={}), rules)
    # The same for the days a repair keeps: they bind the week after them.
    start = pinned.start
    if start is not None and any(start <= d < start + dt.timedelta(days=HISTORY_REACH_DAYS) for d in short_dates):
        relaxed(FIXED, team, rules, Pinned())
    return remaining


def _missing(team: Team, horizon: Horizon, roster: Roster, since: dt.date | None = None) -> int:
    """Person-shifts and person-intervals below the minimum in ``roster`` (from ``since``)."""
    shifts = sum(minimum - got for *_, minimum, got in _shortfalls(team, horizon, roster, since))
    return shifts + sum(span.missing for span in _interval_shortfalls(team, horizon, roster, since))


class _Remaining:
    """The short keys of one relaxed solve; an interval span counts as still short when any
    interval of it is."""

    def __init__(self, keys: set[tuple]):
        self.keys = keys

    def __contains__(self, key: object) -> bool:
        if isinstance(key, tuple) and key and key[0] == "interval":
            _, date, start, end, skill = key
            return any(k[0] == "interval-row" and k[1] == date and k[4] == skill and k[2] < end and start < k[3]
                       for k in self.keys)
        return key in self.keys

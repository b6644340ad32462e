"""Why no roster meets the hard rules, in business terms.

Three steps, cheapest first:

1. head count: for each requirement, how many people could work it at all (skill, allowed
   shifts, not on leave); fewer than ``min`` is a reason on its own;
2. an *elastic* solve, where each missing person costs a lot instead of being forbidden: its
   shortfalls name the dates, shifts and skills that cannot be covered together;
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
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from roster.domain import Horizon, Roster, Staff, Team, fmt_minute
from roster.i18n import register, t
from roster.model import RosterModel, build_model
from roster.profile import SolverSettings
from roster.reports import coverage_table, interval_coverage_table
from roster.rules import Rule
from roster.rules.coverage import ELASTIC_WEIGHT, skill_label
from roster.solve import SolveOutcome, solve_model
from roster.timeline import pieces

if TYPE_CHECKING:
    from ortools.sat.cp_model_pb2 import ConstraintProto

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
            "en": "; relaxing {rules} would help (Rules sheet)",
            "zh": "；放宽规则 {rules} 可以解决（规则表）",
        },
        "explain.short_history": {
            "en": "; the History sheet binds this day (the days before the month: a run of worked days forces a "
            "rest, a night shift the rest after it); without it the day could be covered, so check those rows",
            "zh": "；这是历史表（月初之前的排班）造成的：连续上班后必须休息，夜班后需要间隔；不考虑历史即可满足，请核对这些记录",
        },
        "explain.short_fixed": {
            "en": "; the days before {start}, which the repair keeps as they are, bind this day (a run of worked "
            "days forces a rest, a night shift the rest after it); repairing from an earlier day (--from) could "
            "cover it",
            "zh": "；修复保持 {start} 之前的排班不变，这些天限制了这一天（连续上班后必须休息，夜班后需要间隔）；"
            "从更早的日期开始调整（--from）即可覆盖",
        },
        "explain.conflict": {
            "en": "The hard rules contradict each other even before demand is considered; without rule {rule} a roster exists. "
            "Check the History tail, leave and the rule's values.",
            "zh": "即使不考虑需求，硬性规则之间也相互矛盾；去掉规则 {rule} 后才有可行排班。请检查历史排班、请假和该规则的参数。",
        },
        "explain.conflict_people": {
            "en": "Even on their own, {people} cannot keep every hard rule in this month (their allowed shifts, "
            "leave and History against the rules' values): look at them first.",
            "zh": "即使单独排班，{people} 在本月也无法满足所有硬性规则（其可排班次、请假和历史排班与规则参数冲突）："
            "请先检查这些人员。",
        },
        "explain.person_shifts": {"en": "{id} (shifts {shifts})", "zh": "{id}（可排班次 {shifts}）"},
        "explain.all_shifts": {"en": "all", "zh": "全部"},
        "explain.list_sep": {"en": ", ", "zh": "、"},
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
            "requirement; or relax the named rules. --best-effort writes the roster with the smallest shortfall, "
            "marked in red.",
            "zh": "可行的办法：让这些时段有更多人在岗（共缺 {missing} 人·时段）：具备技能的人员、增加覆盖这些时段的候选班次，"
            "或调整请假；降低需求；或放宽上述规则。使用 --best-effort 可输出缺口最小的排班（缺口标红）。",
        },
        "explain.unproven": {
            "en": "These shortfalls are the least found within the time limit, not proven the least: a longer "
            "--time-limit may find fewer.",
            "zh": "以上缺口是在时间限制内找到的最小值，尚未证明是最少：加大 --time-limit 可能找到更少的缺口。",
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


@dataclass
class Diagnosis:
    reasons: list[str]
    elastic: SolveOutcome | None
    missing: int = 0


def headcount_reasons(team: Team, horizon: Horizon, since: dt.date | None = None) -> list[str]:
    """Requirements (from ``since``) fewer people could work at all than their minimum."""
    out = []
    for req in horizon.requirements:
        if since is not None and req.date < since:
            continue
        able = [p for p in team.staff if p.may_work(req.shift) and p.has_skill(req.skill)]
        available = [p for p in able if not team.on_leave(p.id, req.date)]
        if len(available) < req.min:
            away = [p.id for p in able if team.on_leave(p.id, req.date)]
            onleave = t("explain.onleave", people=", ".join(away)) if away else ""
            key = "explain.headcount" if req.skill is not None else "explain.headcount_any"
            out.append(t(key, date=req.date, shift=req.shift, skill=skill_label(req.skill),
                         min=req.min, available=len(available), onleave=onleave))
    return out


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
        per_shift: dict[str, int] = defaultdict(int)
        for r in reqs:
            per_shift[r.shift] += r.min
        parts = " + ".join(f"{code} {n}" for code, n in per_shift.items())
        away = ", ".join(p.id for p in able if team.on_leave(p.id, date))
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
                codes = ", ".join(sorted({code for code, _ in piece.duty}))
                if all(piece.date + dt.timedelta(days=offset) not in in_month for _, offset in piece.duty):
                    # Only a shift that began before the month is on duty (the small hours of
                    # the 1st): last month's roster decides, and the History does not have it.
                    found.setdefault(("before", interval, skill, need, len(able), "", codes), []).append(piece.date)
                else:
                    found.setdefault(("short", interval, skill, need, len(able), ", ".join(away), codes),
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
        return ", ".join(d.isoformat() for d in dates)
    return t("explain.dates_many", count=len(dates), first=dates[0], last=dates[-1])


def diagnose(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings,
             time_limit: float, *, fixed: Roster | None = None, fixed_dates: list[dt.date] | None = None,
             polish: bool = True) -> Diagnosis:
    """Why no roster keeps every hard rule and minimum (see the module docstring).

    ``fixed`` and ``fixed_dates``: cells every roster must keep (``repair`` keeps the days before
    its ``--from``), so that the diagnosis is of the problem that failed, not of an easier one;
    the deletion test then also tries without them, to say when they are what binds.

    ``polish``: also spend ``time_limit`` on the best roster with the least shortfall
    (:attr:`Diagnosis.elastic`, which ``generate --best-effort`` writes).  The reasons need only
    the least shortfall; ``repair`` re-plans its best effort with its own objective (fewest
    changed cells), so for it that solve was a wait of the whole time limit, or longer on a busy
    machine, before "no repair exists" (30 people all on leave one day: 18 s of 20)."""
    pinned = Pinned(fixed, fixed_dates)
    since = pinned.start  # shortfalls on the kept days are past: no repair can change them
    reasons = [*headcount_reasons(team, horizon, since), *day_headcount_reasons(team, horizon, since),
               *interval_headcount_reasons(team, horizon, since)]
    # First the least shortfall alone (quick, and usually proven), then the best roster with no
    # more than that: the figures in the message are the minimum, and the --best-effort roster
    # is short only where it must be.  (One solve of the whole objective left 189 person-
    # intervals short where 4 were unavoidable: its shortfall was not yet minimised.)
    least = _solve(team, horizon, rules, settings, time_limit / 4, elastic=True, shortfall_only=True, pinned=pinned)
    elastic = least
    if least.roster is not None and least.info.objective is not None:
        best = _solve(team, horizon, rules, settings, time_limit, elastic=True, hint=least.roster,
                      cap=round(least.info.objective), pinned=pinned) if polish else None
        if best is not None and best.roster is not None:
            elastic = best
    elif least.status != "INFEASIBLE":
        # No roster yet in a quarter of the time (a large department): the whole time for one.
        elastic = _solve(team, horizon, rules, settings, time_limit, elastic=True, pinned=pinned)
    if elastic.roster is None:
        if elastic.status == "INFEASIBLE":
            for name in RELAXABLE:
                rest = [r for r in rules if r.name != name]
                if len(rest) < len(rules) and _solve(team, horizon, rest, settings, time_limit / 4, elastic=True,
                                                     shortfall_only=True, pinned=pinned).roster is not None:
                    reasons.append(t("explain.conflict", rule=name))
                    break
            else:
                reasons.append(t("explain.conflict", rule="/".join(RELAXABLE)))
            if pinned.start is None:
                alone = _people_alone_infeasible(team, horizon, rules, settings)
                if alone:
                    shown = [t("explain.person_shifts", id=p.id, shifts="/".join(p.shifts) or t("explain.all_shifts"))
                             for p in alone]
                    reasons.append(t("explain.conflict_people", people=t("explain.list_sep").join(shown)))
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
                         elastic.roster, pinned)

        def helping(key: tuple) -> str:
            names = [name for name, still in relief.items() if key not in still and name not in (HISTORY, FIXED)]
            text = t("explain.short_rules", rules=", ".join(names)) if names else ""
            if HISTORY in relief and key not in relief[HISTORY]:
                text += t("explain.short_history")
            if FIXED in relief and key not in relief[FIXED] and pinned.start is not None:
                text += t("explain.short_fixed", start=pinned.start)
            return text

        for date, shift, skill, minimum, got in short[:12]:
            reasons.append(t("explain.short", date=date, shift=shift, skill=skill_label(skill), min=minimum,
                             got=got, rules=helping(("shift", date, shift, skill))))
        for span in spans[:max(0, 12 - len(short))]:
            reasons.append(t("explain.interval_short", date=span.date, interval=span.label,
                             skill=skill_label(span.skill), need=span.need, got=span.got,
                             rules=helping(span.key)))
    if reasons:
        if missing or not interval_missing:
            reasons.append(t("explain.fix", missing=max(missing, 1)))
        if interval_missing:
            reasons.append(t("explain.interval_fix", missing=interval_missing))
        if (missing or interval_missing) and least.status != "OPTIMAL":
            reasons.append(t("explain.unproven"))  # the figures are what was found, not the minimum
    return Diagnosis(reasons, elastic, missing + interval_missing)


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


def _solve(team: Team, horizon: Horizon, rules: list[Rule], settings: SolverSettings, time_limit: float,
           *, elastic: bool, shortfall_only: bool = False, hint: Roster | None = None,
           cap: int | None = None, pinned: Pinned = Pinned()) -> SolveOutcome:
    """One solve.  ``shortfall_only``: minimise the missing people alone (elastic models);
    ``cap``: allow no more weighted shortfall than that; ``hint``: a roster to start from;
    ``pinned``: cells to keep."""
    rm = build_model(team, horizon, rules, elastic=elastic, hint=hint)
    pinned.apply(rm)
    short = sum(p.weight * p.var for p in rm.penalties if p.weight >= ELASTIC_WEIGHT)
    if shortfall_only:
        rm.model.minimize(short)
    if cap is not None and not isinstance(short, int):  # an int: no demand, nothing can be short
        rm.model.add(short <= cap)
    return solve_model(rm, settings, time_limit=max(time_limit, 1.0))


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
            pinned: Pinned = Pinned()) -> dict[str, _Remaining]:
    """Rule name (or :data:`HISTORY`, or :data:`FIXED`) -> what is still short when that rule
    (or the History tail, or the pinned cells) is dropped.  One solve per relaxable rule, shared
    by every short day.

    Each solve minimises the shortfall alone, starting from ``base`` (the elastic roster, which
    the relaxed model still allows), so it answers quickly and exactly.  Only a relaxation that
    lowers the total shortfall (``missing`` person-shifts and person-intervals) counts: one that
    only moves the shortage to another day helps no day."""
    remaining = {}
    since = pinned.start

    def relaxed(name: str, variant: Team, kept: list[Rule], keep: Pinned = pinned) -> None:
        outcome = _solve(variant, horizon, kept, settings, time_limit, elastic=True, shortfall_only=True, hint=base,
                         pinned=keep)
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

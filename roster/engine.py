"""The library's entry points for the commands: generate a month, check a roster.

This layer joins calendar, profile, rules, model, solver and checker; it knows nothing of Excel
or click (the CLI reads and writes workbooks and calls these functions).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from roster.bounds import day_shortfalls, structural_bound
from roster.calendar import (
    build_horizon,
    calendar_notes,
    horizon_for_dates,
    month_dates,
    outside_month_notes,
    promotion_overlap_notes,
)
from roster.checker import CheckResult, check_roster
from roster.decompose import solve_in_parts
from roster.domain import REST, Horizon, Roster, SolveInfo, Team, Violation, with_marked_leave
from roster.errors import InfeasibleError, InputError, InternalError
from roster.explain import Diagnosis, diagnose
from roster.i18n import join, join_clauses, join_codes, mark, register, t
from roster.i18n import span as date_span
from roster.model import build_model
from roster.polish import polish
from roster.profile import Profile, load_profile
from roster.refine import refine
from roster.rules import Rule, build_rules, known_rules
from roster.rules.handover import is_lead_gap
from roster.rules.requests import blocker
from roster.solve import Progress, SolveOutcome, solve_with_first_roster

log = logging.getLogger(__name__)

register(
    {
        "engine.infeasible": {
            "en": "No roster for {month} meets every hard rule and minimum demand.",
            "zh": "{month} 没有能同时满足所有硬性规则和最少需求的排班。",
        },
        "engine.no_demand": {
            "en": "Nothing to staff in {month}: no row of the Demand sheet ({demand} rows), the Intervals sheet "
                  "({intervals} rows) or the Forecast sheet ({forecast} rows) asks for anyone on a day of this "
                  "month. Check that their dates are in {month}, or fill in the Demand sheet.",
            "zh": "{month} 没有需要排班的需求：需求表（{demand} 行）、时段需求表（{intervals} 行）和预测表（{forecast} 行）"
                  "都没有本月任何一天的人员需求。请检查这些行的日期是否在 {month} 内，或填写需求表。",
        },
        "engine.unknown": {
            "en": "No roster for {month} found within {seconds:g} s (status {status}): the search ran out of "
                  "time before it found one, which does not mean that none exists. Run again with a larger "
                  "--time-limit (e.g. {more:g}).",
            "zh": "{month} 在 {seconds:g} 秒内未找到排班（状态 {status}）：搜索在找到排班之前用完了时间，这并不表示"
                  "排班不存在。请用更大的 --time-limit 重新运行（例如 {more:g}）。",
        },
        "engine.forecast_intervals": {
            "en": "interval demand computed from the Forecast sheet: {count} intervals",
            "zh": "已根据预测表计算时段需求：{count} 个时段",
        },
        "engine.forecast_unused": {
            "en": "the Forecast sheet is not used: the Intervals sheet gives {month}'s interval demand (rows for a "
                  "day type, a promotion or all days). Run roster demand to compute it from the forecast, or "
                  "delete the Intervals sheet.",
            "zh": "未使用预测表：{month} 的时段需求取自时段需求表（其中有按日期类型、大促或全部日期填写的行）。"
                  "如需按预测计算，请运行 roster demand，或删除时段需求表。",
        },
        "engine.forecast_intervals_stale": {
            "en": "the Intervals sheet has no rows for {month}; interval demand computed from the "
            "Forecast sheet instead: {count} intervals",
            "zh": "时段需求表中没有 {month} 的行；已改为根据预测表计算时段需求：{count} 个时段",
        },
        "engine.parts": {
            "en": "First roster solved in {parts} parts (teams) in parallel in {seconds:.1f} s.",
            "zh": "首个排班按 {parts} 个小组并行求解，用时 {seconds:.1f} 秒。",
        },
        "engine.parts_failed": {
            "en": "Solving in parts found rosters for {solved} of {parts} parts; the whole department is solved at once.",
            "zh": "分组求解只为 {parts} 组中的 {solved} 组找到排班，改为整体求解。",
        },
        "engine.parts_only": {
            "en": "{size} people exceed the whole-model limit ({most}, solver.whole_model_max): this roster is the "
                  "stitched parts; its bound is counted from forced over-staffing alone, not proven by the solver.",
            "zh": "{size} 人超过整体建模上限（{most}，solver.whole_model_max）：本排班由各组结果拼接而成；其下界仅按必然的超编人数计算，并非求解器证明。",
        },
        "engine.polished": {
            "en": "Polished: swaps between interchangeable people and moves of one's own work to another date "
                  "lowered the roster's cost from {before} to {after} ({tries} tried; kept: swaps {swaps}, moves "
                  "{moves}).",
            "zh": "优化：在可互换的员工之间对调班次、把个人的班次挪到其他日期，目标值（罚分合计）从 {before} 降到 {after}"
                  "（尝试 {tries} 次，采用对调 {swaps} 次、挪动 {moves} 次）。",
        },
        "engine.refined": {
            "en": "Refined: re-planning a few people at a time, with everyone else's roster fixed and every "
                  "date's demand still met, lowered the roster's cost from {before} to {after} "
                  "({kept} of {tried} re-plans kept).",
            "zh": "精调：每次固定其他人的排班、在每天需求仍被满足的前提下重新安排几位员工，目标值（罚分合计）从 {before} 降到 {after}"
                  "（采用 {tried} 次重排中的 {kept} 次）。",
        },
        "engine.history_later": {
            "en": "History rows not used: {count}, dated {dates}, not before {start} (the month's first day). "
                  "History holds the days before the month; the roster decides the month.",
            "zh": "历史中有 {count} 条记录未被使用：日期 {dates} 不早于本月第一天 {start}。"
                  "历史只记录本月之前的日子；本月由排班决定。",
        },
        "engine.history_stale": {
            "en": "History ends on {last}, {days} days before the month starts ({start}), so it binds nothing: the "
                  "rest and rotation rules see the month's first days as if after a long break. Pass last month's "
                  "roster with --previous, or update the History sheet.",
            "zh": "历史表的最后一天是 {last}，距本月第一天（{start}）还有 {days} 天，对本月没有约束：休息和轮换规则会把月初"
                  "当作长假之后。请用 --previous 传入上月排班，或更新历史表。",
        },
        "engine.fairness_month_only": {
            "en": "Last month's roster (History from {first} to {last}) carries the rest and rotation rules over the "
                  "month boundary, not fairness: nights, weekends and holidays are shared within {month} only. "
                  "To spare those who carried more in earlier months, pass those rosters with --ledger (roster "
                  "ledger shows the running totals).",
            "zh": "上月排班（历史 {first} 至 {last}）只用于跨月的休息和轮换规则，不计入公平性：晚班、周末和节假日只在 "
                  "{month} 内分摊。若要让前几个月负担较多的人本月少排，请用 --ledger 传入那些月份的排班表"
                  "（roster ledger 可查看累计）。",
        },
        "engine.leave_frozen": {
            "en": "Leave during {promotion} (leave frozen {start}..{end}), honoured as entered: {items}. "
                  "Remove it from the Leave sheet if it was not approved.",
            "zh": "{promotion} 禁休期间（{start} 至 {end}）有请假，已按请假表安排：{items}。如未获批准，请从请假表中删除。",
        },
        "engine.wishes_ungrantable": {
            "en": "Requests no roster can grant: {count} ({items}). They stay in the roster's Violations "
                  "sheet as unmet; change the wish, the Staff sheet's shifts or the Leave sheet if one is wrong.",
            "zh": "意愿表中有 {count} 条意愿任何排班都无法满足（{items}）。它们会作为未满足的意愿列在违规表中；"
                  "如有误，请修改该意愿、员工表的可排班次或请假表。",
        },
        "engine.wish_item": {"en": "{staff} {date} {shift}: {why}", "zh": "{staff} {date} {shift}：{why}"},
        "engine.wish_on_leave": {"en": "on leave {span}", "zh": "当天请假（{span}）"},
        "engine.wish_not_allowed": {
            "en": "{staff} may work only {allowed} (Staff sheet)",
            "zh": "{staff} 只可排 {allowed}（员工表）",
        },
        "engine.wish_frozen": {
            "en": "leave frozen for {promotion}",
            "zh": "{promotion} 期间禁休",
        },
        "engine.wish_work": {"en": "work, not OFF", "zh": "上班（不休）"},
        "engine.leave_kind": {"en": " ({kind})", "zh": "（{kind}）"},
        "engine.parts_kept": {
            "en": "The whole model found no better roster in {seconds:.0f} s: the roster solved in parts is kept.",
            "zh": "整体模型在 {seconds:.0f} 秒内未找到更好的排班：保留分组求解的排班。",
        },
        "engine.internal": {
            "en": "Internal error: the solver's roster breaks hard rules ({rules}); it is not written. Please report this.",
            "zh": "内部错误：求解结果违反硬性规则（{rules}），未写出文件。请反馈此问题。",
        },
    }
)


@dataclass
class Plan:
    """A roster with everything needed to write, show and re-check it."""

    team: Team
    horizon: Horizon
    profile: Profile
    rules: list[Rule]
    roster: Roster
    check: CheckResult
    diagnosis: Diagnosis | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def info(self) -> SolveInfo | None:
        return self.roster.info

    @property
    def best_effort(self) -> bool:
        return self.diagnosis is not None

    def effective_rules(self) -> list[tuple[str, object]]:
        return self.profile.flat(known_rules())


def effective_profile(team: Team, profile: str | Path | Profile | None = None) -> Profile:
    """The named profile with the workbook's Rules sheet applied, everything validated."""
    base = profile if isinstance(profile, Profile) else load_profile(profile)
    catalogue = known_rules()
    base.validate(catalogue)
    return base.with_overrides(team.rule_overrides, catalogue)


#: History whose last day is more than this many days before the month is reported as stale.
HISTORY_GAP_DAYS = 7


def history_notes(team: Team, start: dt.date) -> list[str]:
    """A note for History entries dated on or after ``start``: the roster decides those days,
    so they are not used, and the user is told rather than left to think they were (a wrong
    year in the History sheet is the usual cause).  Another when the History ends more than
    :data:`HISTORY_GAP_DAYS` before ``start``: a workbook reused without updating it."""
    notes = []
    later = sorted(d for (_, d) in team.history if d >= start)
    if later:
        dates = date_span(later[0], later[-1])
        notes.append(t("engine.history_later", count=len(later), dates=dates, start=start))
    last = max((d for (_, d) in team.history if d < start), default=None)
    if last is not None and (start - last).days > HISTORY_GAP_DAYS:
        # Last month's History left in a workbook reused for a later month: it binds nothing.
        notes.append(t("engine.history_stale", last=last, days=(start - last).days, start=start))
    return notes


#: Distinct History dates from which the History is taken to be last month's whole roster
#: (``--previous``, or a tail pasted from it) rather than the week or so the rest rules need.
FULL_MONTH_HISTORY_DAYS = 20


def fairness_scope_notes(team: Team, start: dt.date) -> list[str]:
    """A note when the History holds last month's whole roster but no load was carried in
    (``--ledger``): a manager who plans month after month with ``--previous`` expects it to make
    the sharing of nights, weekends and holidays fair over the months, and it does not (fairness
    is judged within the month; only the ledger carries load), so the user is told how to get it."""
    if team.carried_load:
        return []
    before = sorted({d for (_, d) in team.history if d < start})
    if len(before) < FULL_MONTH_HISTORY_DAYS or (start - before[-1]).days > HISTORY_GAP_DAYS:
        # A stale History carries nothing over the boundary either (history_notes says so):
        # "last month's roster carries the rest and rotation rules" would be false there.
        return []
    return [t("engine.fairness_month_only", first=before[0], last=before[-1], month=f"{start:%Y-%m}")]


def frozen_leave_notes(team: Team, dates: list[dt.date]) -> list[str]:
    """A note per promotion with leave frozen (禁休) that the Leave sheet's leave overlaps in
    these dates: the leave is honoured (sick leave cannot wait), but the manager should see
    annual leave that slipped into a freeze before the roster goes out."""
    notes = []
    for promotion in team.promotions:
        if not promotion.freeze_leave:
            continue
        days = [d for d in dates if promotion.covers(d)]
        items = []
        for leave in team.leave:
            overlap = [d for d in days if leave.covers(d)]
            if overlap:
                items.append(f"{leave.staff_id} {date_span(overlap[0], overlap[-1])}" + (t("engine.leave_kind", kind=leave.type) if leave.type else ""))
        if items:
            notes.append(t("engine.leave_frozen", promotion=promotion.name, start=promotion.start,
                           end=promotion.end, items=join_clauses(items)))
    return notes


#: Ungrantable wishes listed in full before the note says "...".
WISHES_LISTED = 5


def ungrantable_wish_notes(team: Team, horizon: Horizon) -> list[str]:
    """One note for the month's wishes (Requests sheet) that no roster can grant, each with why:
    a wish to work on a day of the person's leave, a wish for a shift the Staff sheet does not
    let the person work, or a day off on a promotion day with leave frozen (the requests rule
    never grants those).  The solver pays for them in silence, and the manager otherwise learns
    of them from the Violations sheet, after the roster went out, as if the plan had refused them.
    Wishes outside the month or for unknown people or shifts are left to the notes (and errors)
    that already name them.  Linear in the wishes: one leave look-up each."""
    staff = team.staff_by_id
    month = set(horizon.dates)
    items: list[str] = []
    for req in team.requests:
        person = staff.get(req.staff_id)
        if person is None or req.date not in month or (req.shift != REST and req.shift not in team.shift_by_code):
            continue
        day = horizon.day(req.date)
        found = blocker(req, person, team.on_leave(req.staff_id, req.date), day.freeze_leave)
        why = None
        if found == "leave":
            leave = next(lv for lv in team.leave if lv.staff_id == req.staff_id and lv.covers(req.date))
            why = t("engine.wish_on_leave", span=date_span(leave.start, leave.end))
        elif found == "shift":
            why = t("engine.wish_not_allowed", staff=req.staff_id, allowed=join_codes(person.shifts))
        elif found == "frozen":
            why = t("engine.wish_frozen", promotion=day.promotion.name if day.promotion else "")
        if why is not None:
            shift = t("engine.wish_work") if req.shift == REST and not req.want else mark(req.shift)
            items.append(t("engine.wish_item", staff=req.staff_id, date=req.date, shift=shift, why=why))
    if not items:
        return []
    shown = [*items[:WISHES_LISTED], *(["..."] if len(items) > WISHES_LISTED else [])]
    return [t("engine.wishes_ungrantable", count=len(items), items=join_clauses(shown))]


def with_previous(team: Team, previous: Roster) -> Team:
    """``team`` whose History tail is extended by last month's roster (its cells win)."""
    history = dict(team.history)
    history.update(previous.cells)
    return replace(team, history=history)


def generate(
    team: Team,
    year: int,
    month: int,
    profile: Profile,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    best_effort: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
) -> Plan:
    """Make the month's roster, check it with the rule catalogue, and explain failure.

    Raises :class:`InfeasibleError` (exit 3) when no roster meets the hard rules, unless
    ``best_effort`` asks for the roster with the smallest shortfall instead.
    """
    started = time.monotonic()
    label = f"{year:04d}-{month:02d}"
    dates = month_dates(year, month)
    team, notes = with_forecast_intervals(team, dates, profile, label)
    horizon = build_horizon(team, year, month)
    notes[:0] = [*calendar_notes(team, dates), *promotion_overlap_notes(team.promotions, dates),
                 *history_notes(team, dates[0]), *fairness_scope_notes(team, dates[0]),
                 *frozen_leave_notes(team, dates),
                 *outside_month_notes(team, dates, label), *ungrantable_wish_notes(team, horizon)]
    if not any(r.min or r.target for r in horizon.requirements) and not horizon.interval_requirements:
        # A roster against no demand at all is no answer (every cell rest would do): the rows
        # are for another month, or the demand was never filled in.
        raise InputError(t("engine.no_demand", month=label, demand=len(team.demand), intervals=len(team.intervals),
                           forecast=len(team.forecast)))
    rules = build_rules(profile)
    notes.extend(note for rule in rules for note in rule.notes(team))
    limit = float(time_limit if time_limit is not None else profile.solver.time_limit)
    seed = profile.solver.seed if seed is None else seed
    if day_shortfalls(team, horizon.requirements):
        # A date whose minimums the people able to fill them cannot cover, one row each (a
        # matching, roster.bounds): no roster exists, and the solve would only spend its time
        # proving it (19 s of a 45 s limit on a month short of people) before the diagnosis.
        hint, outcome, stitched = None, SolveOutcome("INFEASIBLE", None, SolveInfo("INFEASIBLE")), False
    else:
        hint, outcome, parts_notes = _first_roster_in_parts(team, horizon, rules, profile, limit, seed)
        notes.extend(parts_notes)
        stitched = outcome is not None  # parts only: the stitched roster is the answer, no whole model
    if outcome is None:
        # With a stitched roster from the parts, the first-roster phase starts from it (its
        # assignments as a hint) and completes every other variable for the optimising solve.
        # The parts had their share of the limit; the rest is the whole model's (a fixed split,
        # not the wall time the parts took, so a deterministic solve stays reproducible).
        remaining = limit if hint is None else limit * (1 - profile.solver.parts_share)
        # After the parts the search starts from their stitched roster, a better start than an
        # ideal-roster attempt on the whole department could buy in its share of the limit.
        outcome = solve_with_first_roster(build_model(team, horizon, rules, hint=hint), profile.solver,
                                          time_limit=remaining, seed=seed, on_progress=on_progress,
                                          aim=hint is None)
        if outcome.roster is None and hint is not None and outcome.status != "INFEASIBLE":
            # The whole model ran out of time before it had re-built the stitched roster: that
            # roster is still valid for the whole department (the checker below says so).
            notes.append(t("engine.parts_kept", seconds=remaining))
            assert hint.info is not None
            hint.info.objective = None  # the checker's cost of the roster is filled in below
            outcome = SolveOutcome("FEASIBLE", hint, hint.info)
    diagnosis = None
    roster = outcome.roster
    checked: CheckResult | None = None  # the polish checks the roster it returns in full
    if roster is not None and outcome.status != "OPTIMAL":
        roster, checked = _polished(team, horizon, rules, roster, profile, limit, notes)
        if stitched:
            roster, checked = _refined(team, horizon, rules, roster, checked, profile, limit, seed, notes)
    if roster is None:
        if outcome.status != "INFEASIBLE":
            raise InfeasibleError(t("engine.unknown", month=label, seconds=limit, status=outcome.status,
                                    more=max(60.0, 4 * limit)), notes=notes)
        # The roster with the least shortfall at the lowest cost is only written with
        # --best-effort; without it the reasons need the least shortfall alone, and polishing
        # that roster made every infeasible month wait the whole time limit once more.
        diagnosis = diagnose(team, horizon, rules, profile.solver, limit, polish=best_effort,
                             hint_best_effort=not best_effort)
        if not best_effort or diagnosis.elastic is None or diagnosis.elastic.roster is None:
            raise InfeasibleError(t("engine.infeasible", month=label), diagnosis.reasons, notes)
        roster = diagnosis.elastic.roster
        assert roster.info is not None
        roster.info.status = f"BEST_EFFORT/{roster.info.status}"
    result = checked if checked is not None else check_roster(team, horizon, roster, rules)
    if roster.info is not None:
        # What the roster really pays, by rule: on a solve that is not proven optimal the
        # solver's penalty variables may still carry slack, the checker's figures do not.
        roster.info.penalties = result.cost_by_rule
        if diagnosis is None:
            solver_objective = roster.info.objective
            cost = float(result.total_cost)
            roster.info.objective = cost if solver_objective is None else min(solver_objective, cost)
            roster.info.bound = _best_bound(roster.info.bound, team, horizon, rules, roster.info.objective)
        # The time the user waited: a solve phase reports only its own (a 120-agent month said
        # "49.9 s" after 44 s of parts before it; a stitched one left out polish and refining).
        roster.info.seconds = max(roster.info.seconds, time.monotonic() - started)
    # A best-effort roster may break what the elastic model makes expensive instead of forbidden
    # (a minimum, a lead place); anything else means the model and the checker disagree.
    unexpected = [v for v in result.hard if diagnosis is None or not _elastic_violation(v)]
    if unexpected:
        # The model and the checker disagree: never write such a roster silently.
        raise InternalError(t("engine.internal", rules=join(sorted({v.rule for v in unexpected}))))
    return Plan(team, horizon, profile, rules, roster, result, diagnosis, notes)


def _elastic_violation(violation: Violation) -> bool:
    """Whether a hard violation is one the elastic model may leave (roster.model ``elastic``):
    a shift or interval below its minimum, or a staffed shift without a team lead."""
    return violation.rule in ("coverage", "intervals") or is_lead_gap(violation)


def _polished(team: Team, horizon: Horizon, rules: list[Rule], roster: Roster, profile: Profile, limit: float,
              notes: list[str]) -> tuple[Roster, CheckResult]:
    """``roster`` after roster.polish's swaps and moves (itself when they find nothing), with a
    note, and its full check."""
    result = polish(team, horizon, rules, roster, max_tries=round(profile.solver.polish_tries * limit))
    if result.cost_after < result.cost_before:
        notes.append(t("engine.polished", before=result.cost_before, after=result.cost_after, swaps=result.swaps,
                       moves=result.moves, tries=result.tries))
        if result.roster.info is not None:
            result.roster.info.objective = None  # the checker's cost of the polished roster is filled in below
    return result.roster, result.check


#: A roster stitched from parts is refined only when the limit gives at least this many seconds
#: per person.  Building and solving the parts and the polish take longer the larger the
#: department: at 1,000 agents and 120 s (0.12 s a person) they fill the limit on their own
#: (103-121 s of wall time on the 2-core reference machine), and 6 deterministic seconds of
#: refining there cost 11 s for 21,738 -> 18,996; at 300 agents and 60 s (0.2 s a person) the
#: parts and the polish take 45 s and refining brings 2,086 to 1,820 in about 9 s more.
REFINE_SECONDS_PER_PERSON = 0.15


def _refined(team: Team, horizon: Horizon, rules: list[Rule], roster: Roster, checked: CheckResult,
             profile: Profile, limit: float, seed: int, notes: list[str]) -> tuple[Roster, CheckResult]:
    """``roster`` after roster.refine's re-plans (itself when they find nothing), with a note,
    and its full check.  Only for a roster stitched from parts: a roster from the whole model
    had the whole limit, and there is none left for this."""
    budget = profile.solver.refine_share * limit
    if budget <= 0 or limit < REFINE_SECONDS_PER_PERSON * len(team.staff):
        return roster, checked
    result = refine(team, horizon, rules, roster, budget=budget, seed=seed, workers=profile.solver.workers,
                    checked=checked)
    if result.cost_after < result.cost_before:
        notes.append(t("engine.refined", before=result.cost_before, after=result.cost_after, kept=result.kept,
                       tried=result.tried))
        if result.roster.info is not None:
            result.roster.info.objective = None  # the checker's cost of the refined roster is filled in later
    return result.roster, result.check


def _best_bound(solver_bound: float | None, team: Team, horizon: Horizon, rules: list[Rule],
                objective: float) -> float:
    """The better of CP-SAT's bound (None for a roster stitched from parts) and the bound that
    counting alone gives (roster.bounds), never above the roster's own cost."""
    counted = structural_bound(team, horizon, rules)
    if counted > objective:  # cannot happen for a roster that keeps the hard rules
        log.warning("counted bound %s above the roster's cost %s", counted, objective)
    return min(objective, max(counted, solver_bound if solver_bound is not None else 0.0))


#: Share of the time limit for the parts when the department is too large to model whole; the
#: rest pays for building the parts, stitching, the polish (roster.polish) and the final check.
#: Less hurts more than the polish gives back: 300 agents at 60 s, 0.6 gave parts paying 4,312
#: (3,092 polished) against 2,829 (2,423 polished) with 0.7.
PARTS_ONLY_SHARE = 0.7


def _first_roster_in_parts(team: Team, horizon: Horizon, rules: list[Rule], profile: Profile, limit: float,
                           seed: int) -> tuple[Roster | None, SolveOutcome | None, list[str]]:
    """For a large department: (hint for the whole model, or the final outcome when the whole
    model is too large to build, and notes).  (None, None, []) when the department is small."""
    settings = profile.solver
    size = len(team.staff)
    if not settings.decompose_above or size <= settings.decompose_above:
        return None, None, []
    whole = size <= settings.whole_model_max
    # Parts only: the rest of the limit is for building, stitching, polishing, checking and writing.
    budget = limit * (settings.parts_share if whole else PARTS_ONLY_SHARE)
    parts = solve_in_parts(team, horizon, rules, settings, part_size=settings.part_size, time_limit=budget,
                           seed=seed)
    if parts.roster is None:
        return None, None, [t("engine.parts_failed", parts=parts.parts, solved=parts.solved)]
    parts.roster.info = SolveInfo("FEASIBLE", seconds=parts.seconds, seed=seed, workers=settings.workers)
    note = t("engine.parts", parts=parts.parts, seconds=parts.seconds)
    if whole:
        return parts.roster, None, [note]
    info = parts.roster.info
    info.objective = None  # the checker's cost of the stitched roster is filled in by generate
    return None, SolveOutcome("FEASIBLE", parts.roster, info), [note, t("engine.parts_only", size=size,
                                                                             most=settings.whole_model_max)]


def with_forecast_intervals(team: Team, dates: list[dt.date], profile: Profile, label: str,
                            say_unused: bool = True) -> tuple[Team, list[str]]:
    """``team`` with interval demand computed from its Forecast sheet when it has no usable
    Intervals rows of its own, and a note saying so.

    "No usable rows" is no Intervals sheet at all, or one whose rows all name dates outside
    ``dates`` (left from another month by ``roster demand``): planning a month against such a
    sheet would silently ignore the forecast.  The computed rows are per date and travel with
    the plan, so the roster workbook carries exactly the intervals it was planned against.
    """
    if not team.forecast:
        return team, []
    if team.intervals and not _all_dated_outside(team, dates):
        # Rows typed by hand (a day type, "all", a promotion) win over the forecast: say so, or
        # a manager who filled in both sees a roster staffed to the typed rows and nothing else.
        # Dated rows are what roster demand writes from this very forecast: nothing to say.
        typed = any(not _is_iso_date(row.day) for row in team.intervals)
        return team, [t("engine.forecast_unused", month=label)] if typed and say_unused else []
    from roster.demand import intervals_for_dates  # Erlang needs SciPy: loaded only for a forecast

    warnings: list[str] = []  # Forecast rows asking for more people than the team has
    rows = intervals_for_dates(team, dates, profile.staffing, warnings=warnings)
    key = "engine.forecast_intervals_stale" if team.intervals else "engine.forecast_intervals"
    return replace(team, intervals=rows), [t(key, count=len(rows), month=label), *warnings]


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(str(text).strip())
    except ValueError:
        return False
    return True


def _all_dated_outside(team: Team, dates: list[dt.date]) -> bool:
    wanted = set(dates)
    for row in team.intervals:
        try:
            if dt.date.fromisoformat(row.day) in wanted:
                return False
        except ValueError:
            return False  # a day type, "all" or a promotion applies to any month
    return True


def roster_team(team: Team, roster: Roster, profile: Profile) -> tuple[Team, list[str]]:
    """The team a roster workbook is judged and edited with: its leave marks count as leave
    (:func:`roster.domain.with_marked_leave`), and, when the workbook's Intervals sheet was
    deleted but its Forecast sheet kept, interval demand computed from the forecast as
    ``generate`` does (without it every interval check passed with nothing to check), with a
    note saying so."""
    team = with_marked_leave(team, roster)
    if not roster.dates:
        return team, []
    span = month_span(roster.dates)
    # (generate said it once already if typed Intervals rows left the forecast unused)
    return with_forecast_intervals(team, span, profile, f"{span[0]:%Y-%m}", say_unused=False)


def check(team: Team, roster: Roster, profile: Profile) -> Plan:
    """Audit any roster (also one edited by hand) with the rule catalogue (on the team of
    :func:`roster_team`)."""
    team, notes = roster_team(team, roster, profile)
    horizon = horizon_for_dates(team, month_span(roster.dates))
    # HR auditing holiday coverage must know when the calendar lacks the year's make-up working
    # days (调休), as generate tells the manager; check and coverage --holidays were silent.
    notes[:0] = calendar_notes(team, roster.dates)
    rules = build_rules(profile)
    notes.extend(note for rule in rules for note in rule.notes(team))
    return Plan(team, horizon, profile, rules, roster, check_roster(team, horizon, roster, rules), notes=notes)


def month_span(dates: list[dt.date]) -> list[dt.date]:
    """The whole month(s) the roster's dates belong to, so a missing column is a violation."""
    if not dates:
        return []
    first = min(dates).replace(day=1)
    last = max(dates)
    nxt = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return [first + dt.timedelta(days=k) for k in range((nxt - first).days)]

"""Rule 8: share unpopular duty fairly (soft).

Among comparable staff (the same set of allowed shifts), each person's nights, weekend days,
holiday days and working days are compared with their *fair share*: the group's total of that
duty, split in proportion to the days each person is available for it (leave prorates the share,
so leave neither makes someone look spared nor earns them extra duty).  For holidays that is the
holidays they are not on leave: holidays come in one block (a week at Spring Festival or National
Day), and someone on leave over the whole of it, counted over all their days available, had a
share no roster could give them while the others were charged for taking it.  Every other duty is
prorated by all the days available, as the rest-day rule prorates working days: weekends recur
every week, so leave takes its proportional bite of them, and prorating them by weekend days
available instead made the parts of a large department much harder to solve (roster.decompose:
1,000 agents, 120 s, 21,784 -> 26,212; the 30-agent month took 8 s to prove instead of 3-5).
Within ``tolerance_days`` of the fair share costs nothing; every tenth of a day beyond it, above
or below, costs the metric's weight.

Why a band around the fair share and not the spread (max - min) of the counts: the spread only
sees the two extreme people, so a solver's local moves rarely improve it and its LP relaxation
bounds it at zero; a per-person band gives every move that evens out the duty a reward and lets
the solver *prove* a roster optimal when everyone is within the band (a tolerance of one day
always admits the floor and the ceiling of every share).  The Summary sheet shows HR the
spread of each person's distance from their share.  The model and the checker use the same
integer arithmetic, so the checker recomputes exactly what the solver paid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pydantic import Field, field_validator

from roster.domain import Day, Horizon, PeerDuty, Shift, ShiftKind, Staff, Team, Violation
from roster.i18n import join_codes, register, t
from roster.rules.base import (
    AIM_ALWAYS,
    CheckContext,
    ModelContext,
    Penalty,
    Rule,
    RuleParams,
    choice_words,
)

#: Deviations are measured in tenths of a day.
SCALE = 10
#: Duties whose share is prorated by the days the duty could be earned on (see the module
#: docstring); the others by all days available.
PER_DUTY_DAYS = frozenset({"holidays"})

register(
    {
        "fairness.title": {
            "en": "Share nights, weekends, holidays and working days fairly among comparable staff "
                  "(within {tolerance_days:g} day of each one's fair share)",
            "zh": "同类员工之间公平分担晚班、周末、节假日和出勤天数（与各自公平份额相差不超过 {tolerance_days:g} 天）",
        },
        "fairness.above": {
            "en": "{staff} has {count} {metric}, fair share {share} ± {tolerance:g} among {group}: "
                  "{excess:g} day(s) above",
            "zh": "{staff} {metric} {count} 天，在可排 {group} 的员工中公平份额为 {share} ± {tolerance:g} 天：多 {excess:g} 天",
        },
        "fairness.below": {
            "en": "{staff} has {count} {metric}, fair share {share} ± {tolerance:g} among {group}: "
                  "{excess:g} day(s) below",
            "zh": "{staff} {metric} {count} 天，在可排 {group} 的员工中公平份额为 {share} ± {tolerance:g} 天：少 {excess:g} 天",
        },
        "fairness.below_carried": {
            "en": "{staff} has {count} {metric}, fair share {share} among {group}, which may go {tolerance:g} "
                  "lower after carrying {carried} more than a fair share before: {excess:g} day(s) below",
            "zh": "{staff} {metric} {count} 天，在可排 {group} 的员工中公平份额为 {share} 天；之前已多承担 {carried} 天，"
                  "可再少 {tolerance:g} 天：仍少 {excess:g} 天",
        },
        "fairness.bad_carried": {
            "en": "{item!r} is not ID:metric=days (metric nights, weekends or holidays; several people "
                  "separated by ';', e.g. 1008:nights=5;1019:nights=12,weekends=2)",
            "zh": "{item!r} 不是 工号:项目=天数 的格式（项目为 nights、weekends 或 holidays；多人用“;”分隔，"
                  "例如 1008:nights=5;1019:nights=12,weekends=2）",
        },
        "fairness.carried": {
            "en": "{staff} has {count} {metric} again after carrying {carried} more than a fair share before",
            "zh": "{staff} 之前已多承担 {carried} 天{metric}，本月又排 {count} 天",
        },
        "fairness.nights": {"en": "nights", "zh": "晚班"},
        "fairness.weekends": {"en": "weekend days", "zh": "周末班"},
        "fairness.holidays": {"en": "holiday days", "zh": "节假日班"},
        "fairness.working_days": {"en": "working days", "zh": "出勤天数"},
    }
)


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.fairness": {"en": "fair shares", "zh": "公平分担"},
        "label.fairness.nights": {"en": "nights off the fair share", "zh": "晚班偏离公平份额"},
        "label.fairness.weekends": {"en": "weekends off the fair share", "zh": "周末班偏离公平份额"},
        "label.fairness.holidays": {"en": "holidays off the fair share", "zh": "节假日班偏离公平份额"},
        "label.fairness.working_days": {"en": "working days off the fair share", "zh": "出勤天数偏离公平份额"},
        "label.fairness.carried": {"en": "load carried in earlier months", "zh": "往月已多承担"},
    }
)


class FairnessParams(RuleParams):
    nights_weight: int = Field(3, ge=0)
    weekends_weight: int = Field(2, ge=0)
    holidays_weight: int = Field(3, ge=0)
    working_days_weight: int = Field(1, ge=0)
    #: Days either side of a person's fair share that cost nothing.  One day always admits the
    #: floor and the ceiling of a share; less asks for more than whole days can give.
    tolerance_days: float = Field(1.0, ge=0, le=31)
    #: Per day of a metric this month, per day of that metric carried beyond a fair share in
    #: earlier months (``generate --ledger``): who carried the last holidays is spared first.
    carry_weight: int = Field(2, ge=0)
    #: What a fair share of nights, weekend and holiday days is a share *of*.  "roster": the
    #: group's total in the roster (the default: the share follows the roster).  "demand": the
    #: demand targets of the shifts that count, fixed before solving.  The parts of a large
    #: department are solved with "demand" (roster/decompose.py): each part then aims at the
    #: department's rate, not at its own total, which a part can inflate by over-staffing nights
    #: at no fairness cost to itself.  Used only where it is known in advance how the demand
    #: falls to the group, i.e. when one group holds everyone; working days stay on "roster"
    #: (their total is set by the rest-day rules as much as by demand).
    share_basis: Literal["roster", "demand"] = Field(
        "roster", json_schema_extra=choice_words({"排班": "roster", "需求": "demand"}))
    #: The load carried in earlier months (``generate --ledger``) as the Rules sheet stores it,
    #: ``ID:metric=days;...`` (see :func:`format_carried`): a roster workbook keeps the rules it
    #: was made with, so ``check``, ``swap``, ``suggest`` and ``repair`` spare the same people
    #: the generator spared instead of charging them for being below a share.
    carried: str = "none"

    @field_validator("carried", mode="before")
    @classmethod
    def _carried_text(cls, value: object) -> str:
        """Validated and written canonically (a mistyped cell is named, not ignored)."""
        return format_carried(parse_carried("" if value is None else str(value)))


#: The metrics a load can be carried in (``Team.carried_load``'s keys).
CARRIED_METRICS = ("nights", "weekends", "holidays")
#: How the Rules sheet says "nothing carried": a blank value cell is an error there (a setting
#: left out by mistake), and every roster workbook lists every setting.
NOTHING_CARRIED = ("none", "无", "-")


def parse_carried(text: str) -> dict[str, dict[str, int]]:
    """``"1008:nights=5;1019:nights=12,weekends=2"`` -> ``{"1008": {"nights": 5}, ...}``
    (full-width ``；：，`` accepted, as typed in a Chinese workbook)."""
    load: dict[str, dict[str, int]] = {}
    if text.strip().lower() in NOTHING_CARRIED:
        return load
    normalised = text.replace("；", ";").replace("：", ":").replace("，", ",")
    for item in filter(None, (part.strip() for part in normalised.split(";"))):
        staff_id, colon, metrics = item.partition(":")
        if not colon or not staff_id.strip():
            raise ValueError(t("fairness.bad_carried", item=item))
        for pair in filter(None, (part.strip() for part in metrics.split(","))):
            metric, equals, days = (part.strip() for part in pair.partition("="))
            if not equals or metric not in CARRIED_METRICS or not days.isdigit():
                raise ValueError(t("fairness.bad_carried", item=item))
            load.setdefault(staff_id.strip(), {})[metric] = int(days)
    return load


def format_carried(load: dict[str, dict[str, int]]) -> str:
    """The Rules-sheet text of a carried load (people in id order, zero days left out; "none"
    for none), which :func:`parse_carried` reads back."""
    items = []
    for staff_id in sorted(load):
        pairs = [f"{metric}={load[staff_id][metric]}" for metric in CARRIED_METRICS
                 if load[staff_id].get(metric, 0) > 0]
        if pairs:
            items.append(f"{staff_id}:{','.join(pairs)}")
    return ";".join(items) or NOTHING_CARRIED[0]


def counts_on(metric: str, day: Day, shift: Shift) -> bool:
    """Whether working ``shift`` on ``day`` counts for ``metric``."""
    if metric == "nights":
        return shift.kind == ShiftKind.NIGHT
    if metric == "weekends":
        return day.is_weekend
    if metric == "holidays":
        return day.is_holiday
    return True


def groups(staff: list[Staff], codes: list[str], peers: Container[tuple[str, ...]] = ()
           ) -> dict[tuple[str, ...], list[Staff]]:
    """Comparable staff: the same allowed shifts (empty means all).  A group of one is no group,
    unless ``peers`` (groups with comparable staff outside ``staff``) holds it."""
    out: dict[tuple[str, ...], list[Staff]] = defaultdict(list)
    for person in staff:
        out[tuple(sorted(person.shifts or codes))].append(person)
    return {k: v for k, v in out.items() if len(v) > 1 or k in peers}


def deviation(count: int, available: int, total: int, group_available: int, tolerance10: int,
              below_tolerance10: int | None = None) -> tuple[int, int]:
    """(tenths above, tenths below) the band ``share - below_tolerance .. share + tolerance``
    where ``share = total * available / group_available``: the exact integer arithmetic of the
    model's constraints ``A * above >= 10 A c - 10 a T - A tol`` and the mirror one for below
    (rounded up).  ``below_tolerance10`` defaults to ``tolerance10`` (see
    :meth:`Fairness._below_tolerance10` for when it is wider)."""
    a_big = group_available
    below_tol = tolerance10 if below_tolerance10 is None else below_tolerance10
    over = SCALE * a_big * count - SCALE * available * total - a_big * tolerance10
    under = SCALE * available * total - SCALE * a_big * count - a_big * below_tol
    return max(0, -(-over // a_big)), max(0, -(-under // a_big))


@dataclass(frozen=True)
class FairShare:
    """One person's count of a metric against their fair share, as the rule judges it."""

    staff_id: str
    count: int
    #: The group's total split by days available (days; leave prorates it).
    share: float

    @property
    def off(self) -> float:
        """Days above (positive) or below (negative) the fair share."""
        return self.count - self.share


@dataclass(frozen=True)
class GroupShares:
    """A group of comparable staff the rule compares, with every metric's fair shares."""

    #: The allowed shifts that make the group (sorted codes, as :func:`groups` keys it).
    allowed: tuple[str, ...]
    #: The members with days available (not on leave the whole month).
    members: list[Staff]
    #: Metric -> each member's count and fair share; a metric nobody in the group could earn
    #: (nights for day-only staff, holidays in a month without one) is left out.
    shares: dict[str, list[FairShare]]

    def spread(self, metric: str) -> float:
        """The largest minus the smallest distance from the fair share (days): the spread HR
        can read against the rule's band, since two people each within ``tolerance_days`` of
        their own share are at most twice that apart.  The spread of the raw counts is not:
        someone on two weeks' leave with half the nights of the others is fair, not 4 apart."""
        offs = [item.off for item in self.shares.get(metric, [])]
        return max(offs) - min(offs) if offs else 0.0


class Fairness(Rule):
    name = "fairness"
    hard = False
    scope = "team"
    Params = FairnessParams
    METRICS = ("nights", "weekends", "holidays", "working_days")
    #: (team, horizon, layout) of the last team and horizon judged: see _layout.
    _layout_cache: tuple[Team, Horizon, list] | None = None
    _day_metrics_cache: tuple[Horizon, int, list] | None = None

    def _active(self, ctx: ModelContext | CheckContext, metric: str, allowed: tuple[str, ...]) -> bool:
        shifts = [ctx.team.shift(c) for c in allowed if c in ctx.team.shift_by_code]
        return any(counts_on(metric, d, s) for d in ctx.horizon.days for s in shifts)

    def _day_metrics(self, horizon: Horizon, shifts: list[Shift]) -> list[tuple[Day, tuple[str, ...]]]:
        """Every day with the metrics whose days available it adds to: every metric on every
        day, but holidays only on a holiday (see the module docstring).  Kept for the last horizon
        seen (by identity), like :meth:`_layout`: roster.polish summarises people thousands of
        times."""
        cached = self._day_metrics_cache
        if cached is not None and cached[0] is horizon and cached[1] == len(shifts):
            return cached[2]
        out = [(day, tuple(m for m in self.METRICS
                           if m not in PER_DUTY_DAYS or any(counts_on(m, day, s) for s in shifts)))
               for day in horizon.days]
        self._day_metrics_cache = (horizon, len(shifts), out)
        return out

    def _available(self, ctx: ModelContext | CheckContext, staff_id: str) -> dict[str, int]:
        """Days available (not on leave) for each metric, as the rule prorates it: all of them,
        but for holidays only the holidays (see the module docstring)."""
        available = dict.fromkeys(self.METRICS, 0)
        for day, metrics in self._day_metrics(ctx.horizon, ctx.team.shifts):
            if not ctx.team.on_leave(staff_id, day.date):
                for metric in metrics:
                    available[metric] += 1
        return available

    @property
    def _tolerance10(self) -> int:
        return round(SCALE * self.params.tolerance_days)

    def _demand_total(self, ctx: ModelContext | CheckContext, metric: str, group_size: int) -> int | None:
        """The total of ``metric`` for a group of ``group_size`` people, taken from the demand
        targets (``share_basis = "demand"``); None when the share follows the roster, as it does
        whenever peers outside the team share a group (how the demand falls to them is unknown)."""
        if (self.params.share_basis != "demand" or metric == "working_days" or group_size != len(ctx.team.staff)
                or ctx.team.peer_duty):
            return None
        shifts = ctx.team.shift_by_code
        total = sum(r.target for r in ctx.horizon.requirements
                    if r.shift in shifts and counts_on(metric, ctx.horizon.day(r.date), shifts[r.shift]))
        return total or None  # no demand rows (interval demand only): follow the roster

    def add(self, ctx: ModelContext) -> list[Penalty]:
        penalties = []
        m = ctx.model
        days = len(ctx.horizon.dates)
        tol = self._tolerance10
        for allowed, members in groups(ctx.team.staff, ctx.vars.codes, ctx.team.peer_duty).items():
            available = {p.id: self._available(ctx, p.id) for p in members}
            everyone = len(members)
            members = [p for p in members if available[p.id]["working_days"]]
            peers = ctx.team.peer_duty.get(allowed)
            if not members or (len(members) < 2 and peers is None):
                continue
            label = "/".join(allowed)
            for metric in self.METRICS:
                weight = getattr(self.params, f"{metric}_weight")
                if not weight or not self._active(ctx, metric, allowed):
                    continue
                group_available = (sum(available[p.id][metric] for p in members)
                                   + (peers.days(metric) if peers else 0))
                if not group_available:
                    continue  # nobody could earn it: no share to judge
                counts = {}
                for person in members:
                    expr = sum(ctx.vars.x[person.id, day.date, s.code] for day in ctx.horizon.days
                               for s in ctx.team.shifts if counts_on(metric, day, s))
                    count = m.new_int_var(0, days, f"fair.{metric}[{person.id}]")
                    m.add(count == expr)
                    counts[person.id] = count
                fixed = self._demand_total(ctx, metric, everyone)
                if fixed is not None:
                    total = fixed
                else:
                    outside = peers.counts.get(metric, 0) if peers else 0
                    total = m.new_int_var(0, days * len(members) + outside, f"fair.{metric}.total[{label}]")
                    m.add(total == outside + sum(counts.values()))
                for person in members:
                    a = available[person.id][metric]
                    above = m.new_int_var(0, SCALE * days, f"fair.{metric}.above[{person.id}]")
                    below = m.new_int_var(0, SCALE * days, f"fair.{metric}.below[{person.id}]")
                    scaled = SCALE * group_available * counts[person.id] - SCALE * a * total
                    m.add(group_available * above >= scaled - group_available * tol)
                    below_tol = self._below_tolerance10(ctx, person.id, metric)
                    m.add(group_available * below >= -scaled - group_available * below_tol)
                    penalties.append(Penalty(f"fairness.{metric}", f"{metric} off fair share {person.id} ({label})",
                                             above + below, weight, aim_zero=AIM_ALWAYS))
        penalties.extend(self._carry_penalties(ctx))
        return penalties

    @cached_property
    def _recorded_load(self) -> dict[str, dict[str, int]]:
        """The carried load the Rules sheet recorded (``carried``), parsed once: a roster is
        judged thousands of times by roster.polish."""
        return parse_carried(self.params.carried)

    def carried_load(self, team: Team, staff_id: str) -> dict[str, int]:
        """One person's carried load: the team's (``generate --ledger``), else what the roster
        workbook's Rules sheet recorded when it was generated."""
        load = team.carried_load.get(staff_id)
        return load if load is not None else self._recorded_load.get(staff_id, {})

    def _below_tolerance10(self, ctx: ModelContext | CheckContext, staff_id: str, metric: str) -> int:
        """Tenths of a day a person may fall below their fair share of ``metric`` at no cost:
        the tolerance, widened by the days of it they carried beyond a fair share in earlier
        months (``generate --ledger``).  Sparing them is what ``fairness.carried`` asks for;
        charging the ordinary band for it (3 per tenth of a day past the tolerance) outweighed
        the carry penalty (2 per carried day per day worked), so the two fought and a person
        who had carried 12 extra nights was given the group's average again."""
        tol = self._tolerance10
        if not self.params.carry_weight or metric == "working_days":
            return tol
        return tol + SCALE * max(0, self.carried_load(ctx.team, staff_id).get(metric, 0))

    def _carried(self, ctx: ModelContext | CheckContext):
        """(person, metric, carried days) for everyone who carried more than a fair share."""
        if not self.params.carry_weight or not (ctx.team.carried_load or self._recorded_load):
            return
        for person in ctx.team.staff:
            for metric, days in self.carried_load(ctx.team, person.id).items():
                if days > 0 and metric in CARRIED_METRICS:
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

    def summarize(self, ctx: CheckContext, staff_id: str) -> tuple[dict[str, int], dict[str, int]]:
        """(days available per metric, raw count per metric): all the rule needs to know of one
        person."""
        counts = dict.fromkeys(self.METRICS, 0)
        available = self._available(ctx, staff_id)
        for day in ctx.horizon.days:
            shift = ctx.shift_of(staff_id, day.date)
            if shift is not None:
                for metric in self.METRICS:
                    if counts_on(metric, day, shift):
                        counts[metric] += 1
        return available, counts

    def _layout(self, ctx: CheckContext) -> list[tuple[tuple[str, ...], list[Staff],
                                                      list[tuple[str, int | None, bool]], PeerDuty | None]]:
        """(group, members, [(metric, total fixed by the demand or None, weighed)], peers outside
        the team) for every group and every metric that can be earned in it: what the team and
        calendar decide, whatever the roster.  Kept for the last team and horizon seen (by identity): roster.polish judges
        one roster thousands of times, and at 1,000 people re-grouping the staff was most of
        each verdict."""
        cached = self._layout_cache
        if cached is not None and cached[0] is ctx.team and cached[1] is ctx.horizon:
            return cached[2]
        layout = []
        for allowed, members in groups(ctx.team.staff, list(ctx.shifts), ctx.team.peer_duty).items():
            metrics = [(metric, self._demand_total(ctx, metric, len(members)),
                        bool(getattr(self.params, f"{metric}_weight")))
                       for metric in self.METRICS if self._active(ctx, metric, allowed)]
            layout.append((allowed, members, metrics, ctx.team.peer_duty.get(allowed)))
        self._layout_cache = (ctx.team, ctx.horizon, layout)
        return layout

    def _shares(self, ctx: CheckContext, figures: dict[str, tuple[dict[str, int], dict[str, int]]],
                every: bool = False) -> Iterator[tuple[str, tuple[str, ...], list[Staff], int, int]]:
        """(metric, group, members available at all, group total, group's days available for the
        metric) for every metric the rule weighs (``every``: also those it does not) in every
        group of comparable staff."""
        for allowed, members, every_metric, peers in self._layout(ctx):
            metrics = [(metric, fixed) for metric, fixed, weighed in every_metric if weighed or every]
            present: list[Staff] = []
            group_available = {metric: peers.days(metric) if peers else 0 for metric, _ in metrics}
            totals = {metric: peers.counts.get(metric, 0) if peers else 0 for metric, fixed in metrics if fixed is None}
            for person in members:  # one pass: judged thousands of times by roster.polish
                available, counts = figures[person.id]
                if available["working_days"]:
                    present.append(person)
                    for metric in group_available:
                        group_available[metric] += available[metric]
                    for metric in totals:
                        totals[metric] += counts[metric]
            if not present or (len(present) < 2 and peers is None):
                continue
            for metric, fixed in metrics:
                if group_available[metric]:
                    yield metric, allowed, present, totals.get(metric, fixed), group_available[metric]  # type: ignore[misc]

    def fair_shares(self, ctx: CheckContext) -> list[GroupShares]:
        """Every group the rule compares, with each available member's count and fair share for
        every metric that can be earned in it (weighed or not): the figures behind the rule's
        verdicts, from the same loop (:meth:`_shares`), for the reports that show HR a spread
        (the Summary sheet), so that they prorate leave as the rule does.  Groups of one without
        peers outside the team are left out (nobody to compare with), as the rule leaves them out."""
        figures = {p.id: self.summarize(ctx, p.id) for p in ctx.team.staff}
        out: dict[tuple[str, ...], GroupShares] = {}
        for metric, allowed, present, total, group_available in self._shares(ctx, figures, every=True):
            group = out.setdefault(allowed, GroupShares(allowed, present, {}))
            group.shares[metric] = [FairShare(p.id, figures[p.id][1][metric],
                                              total * figures[p.id][0][metric] / group_available) for p in present]
        return list(out.values())

    def imbalance(self, ctx: CheckContext, summaries: dict[str, object]) -> dict[str, dict[str, float]]:
        """Per penalty name, each person's count minus their fair share (days)."""
        figures: dict[str, tuple[dict[str, int], dict[str, int]]] = summaries  # type: ignore[assignment]
        out: dict[str, dict[str, float]] = {}
        for metric, _, members, total, group_available in self._shares(ctx, figures):
            loads = out.setdefault(f"fairness.{metric}", {})
            for person in members:
                available, counts = figures[person.id]
                loads[person.id] = counts[metric] - total * available[metric] / group_available
        return out

    def judge(self, ctx: CheckContext, summaries: dict[str, object], only: set[str] | None = None
              ) -> list[Violation]:
        out = []
        tol = self._tolerance10
        figures: dict[str, tuple[dict[str, int], dict[str, int]]] = summaries  # type: ignore[assignment]
        for metric, allowed, members, total, group_available in self._shares(ctx, figures):
            weight = getattr(self.params, f"{metric}_weight")
            label = join_codes(allowed)
            for person in members if only is None else [p for p in members if p.id in only]:
                available, counts = figures[person.id]
                count = counts[metric]
                below_tol = self._below_tolerance10(ctx, person.id, metric)
                above, below = deviation(count, available[metric], total, group_available, tol, below_tol)
                units = above + below
                if not units:
                    continue
                share = total * available[metric] / group_available
                # Below a share whose band a carried load widened: say so, or "± 1" would not
                # explain why 5 below costs what 1 below costs anyone else.
                key = "fairness.above" if above else (
                    "fairness.below_carried" if below_tol != tol else "fairness.below")
                tolerance = self.params.tolerance_days if above else below_tol / SCALE
                out.append(Violation(
                    f"fairness.{metric}",
                    t(key, staff=person.id, count=count, metric=t(f"fairness.{metric}"),
                      share=_shown_share(share, count, tolerance, bool(above)),
                      tolerance=tolerance, group=label, excess=units / SCALE,
                      carried=(below_tol - tol) // SCALE),
                    staff_id=person.id, hard=False,
                    data={"cost": units * weight, "units": units, "count": count, "fair_share": round(share, 2),
                          "tolerance_days": tolerance, "group": list(allowed)},
                ))
        for person, metric, days_carried in self._carried(ctx):
            count = figures[person.id][1][metric]
            if count and (only is None or person.id in only):
                out.append(Violation(
                    "fairness.carried",
                    t("fairness.carried", staff=person.id, metric=t(f"fairness.{metric}"), count=count,
                      carried=days_carried),
                    staff_id=person.id, hard=False,
                    data={"cost": count * days_carried * self.params.carry_weight, "units": count},
                ))
        return out


def _shown_share(share: float, count: int, tolerance: float, above: bool) -> str:
    """The fair share as a finding shows it: one decimal, or two where one would put the count
    inside the band it is outside ("5 ..., fair share 7.0 ± 2: 0.1 day(s) below" for a share of
    7.03, which read as a false alarm)."""
    shown = f"{share:.1f}"
    inside = count <= float(shown) + tolerance if above else count >= float(shown) - tolerance
    return f"{share:.2f}" if inside else shown

"""From the contact forecast to agents per interval: the Forecast sheet's rows, resolved onto the
dates of a month, staffed with :mod:`roster.staffing`, become the Intervals sheet's rows.

Pure library code (no Excel, no CLI).  The steps, each for one reason:

1. **Which rows apply to a date.**  A Forecast row's ``day`` is read like a Demand row's, with the
   calendar's own precedence (:func:`roster.calendar._day_spec` and
   :func:`roster.calendar.day_rank`): for each channel and skill an exact date beats the day's
   promotion, which beats its weekday name (``Monday``/``周一``, on an ordinary day of that
   weekday only), which beats its day type (holiday, weekend, weekday; make-up working days use
   ``workday`` then ``weekday`` rows), then ``all`` - *on the minutes it covers*, like the
   Intervals sheet (:func:`roster.calendar.resolve_intervals`), so a promotion curve for
   09:00-23:00 replaces the weekday curve only there.  Rows of equal rank that overlap add up
   (two forecasts of the same kind for the same minutes are two volumes).
2. **Promotions.**  A promotion's multiplier scales the *contacts* of weekday-name, day-type and
   ``all`` rows on its days, not the agents: staffing is not linear in volume (a queue three
   times as long needs fewer than three times the agents).  Rows naming the promotion or the
   date are taken as written.  The rows produced are per date, so the Intervals sheet is never
   scaled again.
3. **The grid.**  Rows are cut at every ``interval_minutes`` from midnight (a 60-minute forecast
   becomes two half hours, contacts shared by length) and at every row boundary; a row past
   midnight gives its after-midnight part to the next date (the day before the month is computed
   too, so the 1st's early hours get the spill of the night before); where that date's own rows
   also cover those minutes, the more specific row wins, the date's own on a tie
   (:func:`_own_hours_first`): two descriptions of one half hour are not added.
4. **One queue per channel and skill.**  The contacts of all rows on the same piece, channel and
   skill are pooled (handling time weighted by contacts) and staffed as one queue: Erlang C, or
   Erlang A when a patience is known (the row's, else the profile's), with the chat concurrency
   model for chat.  Rows with different patience are separate queues.
5. **Channels add up.**  An agent serves one channel at a time, so the agents of a skill in an
   interval are the sum of what each channel needs (after shrinkage, each rounded up).  The
   service level and average speed of answer shown are the contact-weighted means over the
   channels; the occupancy is the agent-weighted mean (for chat: of chat slots).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from roster.calendar import _day_spec, _type_chain, classify_days, day_rank, promotion_list
from roster.domain import MINUTES_PER_DAY, Day, ForecastRow, IntervalRow, Team, fmt_minute
from roster.errors import InputError, InputErrors
from roster.i18n import register, t
from roster.profile import StaffingOptions
from roster.staffing import (
    ChannelTarget,
    IntervalDemand,
    StaffingResult,
    StaffingSettings,
    staff_intervals,
)

register(
    {
        "forecast.unknown_day": {
            "en": "sheet Forecast, row {row}, column day: {value!r} is neither a date (YYYY-MM-DD), "
            "a weekday name (Monday..Sunday, 周一..周日), a day type (weekday, weekend, holiday, "
            "workday, all) nor a promotion name ({promotions}).",
            "zh": "预测表第 {row} 行“日期”列：{value!r} 不是日期（YYYY-MM-DD）、星期几（周一..周日、"
            "Monday..Sunday）、日期类型（工作日、周末、节假日、调休上班、全部）或大促名称（{promotions}）。",
        },
        "forecast.implausible_contacts": {
            "en": "sheet Forecast, row {row}, column contacts: {contacts} contacts in {span} (average "
            "handling time {aht} s) need up to {agents} people on duty {when}, but {people}: no roster "
            "can cover that. Is {contacts} a daily or monthly total typed into one interval, or a typo? "
            "If the volume is right, add people or lower the service target (--best-effort plans "
            "with the shortfall).",
            "zh": "预测表第 {row} 行“进线量”列：{span} 的进线量 {contacts}（平均处理时长 {aht} 秒）"
            "需要最多 {agents} 人同时在岗（{when}），但{people}：任何排班都无法满足。{contacts} 是否"
            "把全天或全月的总量填进了一个时段，或是输入错误？如数字无误，请增加人员或降低服务目标"
            "（--best-effort 可按缺口排班）。",
        },
        "forecast.implausible_aht": {
            "en": "sheet Forecast, row {row}, column aht: an average handling time of {aht} s "
            "({hours:.1f} hours per contact) for {contacts} contacts in {span} needs up to {agents} "
            "people on duty {when}, but {people}: no roster can cover that. The column takes the "
            "seconds one chat or call takes on average (e.g. 300), not a total.",
            "zh": "预测表第 {row} 行“平均处理时长”列：{span} 的 {contacts} 个进线、平均处理时长 {aht} 秒"
            "（每个进线 {hours:.1f} 小时）需要最多 {agents} 人同时在岗（{when}），但{people}：任何排班"
            "都无法满足。该列填写一个会话或一通电话平均所用的秒数（例如 300），不是总时长。",
        },
        "forecast.people_skill": {
            "en": "only {count} people in the Staff sheet have skill {skill}",
            "zh": "员工表中只有 {count} 人具备技能 {skill}",
        },
        "forecast.people_all": {
            "en": "the Staff sheet has only {count} people",
            "zh": "员工表中只有 {count} 人",
        },
        "forecast.when_one": {"en": "on {first}", "zh": "{first}"},
        "forecast.when_many": {
            "en": "on {count} dates from {first} to {last}",
            "zh": "{first} 至 {last} 共 {count} 天",
        },
        "forecast.implausible_more": {
            "en": "... and {count} more Forecast rows need more people than the team has.",
            "zh": "……另有 {count} 行预测需要的人数超过团队人数。",
        },
    }
)

log = logging.getLogger(__name__)

#: An average handling time above this (seconds, two hours a contact) is named as the suspect
#: figure of a row whose requirement the team cannot meet; below it, the volume is.
SUSPECT_AHT = 7200
#: Forecast rows named one by one in the plausibility warnings; the rest are counted.
MAX_WARNINGS = 5

#: Decimals kept for the informational figures, so what the sheet shows is what is stored.
SL_DECIMALS = 4
ASA_DECIMALS = 1
OCC_DECIMALS = 4


def staffing_settings(options: StaffingOptions) -> StaffingSettings:
    """The profile's ``[staffing]`` section as :class:`roster.staffing.StaffingSettings`."""
    phone, chat = options.phone, options.chat
    return StaffingSettings(
        phone=ChannelTarget(
            sl_target=phone.service_level,
            target_seconds=phone.target_seconds,
            max_occupancy=phone.max_occupancy,
            patience_seconds=phone.patience_seconds,
            max_abandon=phone.max_abandon,
        ),
        chat=ChannelTarget(
            sl_target=chat.service_level,
            target_seconds=chat.target_seconds,
            max_occupancy=chat.max_occupancy,
            concurrency=chat.concurrency,
            stretch=chat.stretch,
            stretch_table=chat.stretch_table,  # type: ignore[arg-type]  # frozen into pairs
            patience_seconds=chat.patience_seconds,
            max_abandon=chat.max_abandon,
        ),
        shrinkage=options.shrinkage,
    )


@dataclass(frozen=True)
class _Part:
    """Contacts of one forecast row on one piece of one date (minutes from that date's midnight)."""

    date: dt.date
    start: int
    end: int
    channel: str
    skill: str | None
    patience: float | None
    contacts: float
    aht: float
    #: How specific the row is for the date it was written for (:func:`roster.calendar.day_rank`;
    #: lower wins) and whether the piece spilled past midnight into the next date.
    rank: int = 0
    spilled: bool = False
    #: The Forecast row the piece comes from, for the plausibility warnings.
    row: ForecastRow | None = field(default=None, compare=False)


def intervals_for_dates(team: Team, dates: Sequence[dt.date], options: StaffingOptions,
                        country: str = "CN", *, warnings: list[str] | None = None
                        ) -> list[IntervalRow]:
    """The Intervals rows of ``dates`` from ``team.forecast``: one per date, interval and skill.

    The calendar (holidays, make-up working days, promotions) is the team's, as for shift demand.
    Forecast rows that ask for more people than the team has are named (:func:`forecast_warnings`)
    in ``warnings`` when the caller passes a list to show with its notes, else logged as warnings
    (on stderr from the CLI): either way before a solve that could only end "infeasible".
    """
    if not team.forecast or not dates:
        return []
    first = min(dates)
    days = classify_days([first - dt.timedelta(days=1), *dates], team.holidays, team.promotions,
                         country)
    return forecast_intervals(team, days, options, keep=set(dates), warnings=warnings)


def forecast_intervals(team: Team, days: Sequence[Day], options: StaffingOptions,
                       keep: set[dt.date] | None = None, *, warnings: list[str] | None = None
                       ) -> list[IntervalRow]:
    """The Intervals rows for ``days`` (only dates in ``keep``, if given), sorted by date, start
    and skill.  Raises :class:`InputError` for a row whose ``day`` names nothing.  Plausibility
    warnings go to ``warnings``, or to the log without one (see :func:`intervals_for_dates`)."""
    specs = _specs(team)
    settings = staffing_settings(options)
    grid = options.interval_minutes
    parts: list[_Part] = []
    for day in days:
        parts.extend(_parts_of_day(day, specs, settings, grid))
    wanted = keep if keep is not None else {d.date for d in days}
    parts = _own_hours_first([p for p in (_redate(p) for p in parts) if p.date in wanted])
    results = _staff(_pool(parts, grid), settings)
    rows = _combine(results, grid)
    found = forecast_warnings(team, rows, parts)
    if warnings is not None:
        warnings.extend(found)
    else:
        for message in found:
            log.warning("%s", message)
    return rows


def _specs(team: Team) -> list[tuple[str, object, ForecastRow]]:
    errors: list[InputError] = []
    specs: list[tuple[str, object, ForecastRow]] = []
    names = promotion_list(p.name for p in team.promotions)
    for row in team.forecast:
        kind, value = _day_spec(row, team.promotions)  # type: ignore[arg-type]  # reads .day only
        if kind == "none":
            errors.append(InputError(
                t("forecast.unknown_day", row=row.source_row, value=row.day, promotions=names),
                sheet="Forecast", row=row.source_row, column="day"))
        if row.end <= row.start:  # the reader adds a day to such an end; code must too
            errors.append(InputError(
                t("staffing.interval", day=row.day, start=row.start, end=row.end),
                sheet="Forecast", row=row.source_row, column="to"))
        specs.append((kind, value, row))
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    return specs


def _rank(kind: str, value: object, day: Day, chain: list[str]) -> int | None:
    """How specific a row is for ``day`` (lower wins), None if it does not apply: the ranks of
    :func:`roster.calendar.resolve_demand`, from the one function all resolvers share."""
    return day_rank(kind, value, day, chain)


def _cuts(spans: Iterable[tuple[int, int]], grid: int) -> list[int]:
    """Every row boundary and every grid point from midnight between the first start and the
    last end: the pieces between two consecutive cuts see no row begin or end."""
    spans = list(spans)
    low, high = min(a for a, _ in spans), max(b for _, b in spans)
    points = {a for a, _ in spans} | {b for _, b in spans}
    points.update(range(math.ceil(low / grid) * grid, high, grid))
    return sorted(points)


def _parts_of_day(day: Day, specs: list[tuple[str, object, ForecastRow]],
                  settings: StaffingSettings, grid: int) -> list[_Part]:
    chain = _type_chain(day)
    by_queue: dict[tuple[str, str | None], list[tuple[int, ForecastRow]]] = defaultdict(list)
    for kind, value, row in specs:
        rank = _rank(kind, value, day, chain)
        if rank is not None:
            by_queue[(row.channel, row.skill)].append((rank, row))
    parts: list[_Part] = []
    for (channel, skill), ranked in by_queue.items():
        default_patience = settings.for_channel(channel).patience_seconds
        cuts = _cuts(((r.start, r.end) for _, r in ranked), grid)
        for a, b in zip(cuts, cuts[1:], strict=False):
            covering = [(rank, r) for rank, r in ranked if r.start <= a and b <= r.end]
            if not covering:
                continue
            best = min(rank for rank, _ in covering)
            factor = day.promotion.multiplier if (day.promotion and best >= 2) else 1.0
            for rank, r in covering:
                if rank != best:
                    continue
                share = (b - a) / (r.end - r.start)
                patience = r.patience if r.patience is not None else default_patience
                parts.append(_Part(day.date, a, b, channel, skill, patience,
                                   r.contacts * share * factor, r.aht, rank, row=r))
    return parts


def _redate(part: _Part) -> _Part:
    """A piece after midnight belongs to the next date (the grid has a cut at 24:00)."""
    shift = part.start // MINUTES_PER_DAY
    if shift == 0:
        return part
    return replace(part, date=part.date + dt.timedelta(days=shift),
                   start=part.start - shift * MINUTES_PER_DAY, end=part.end - shift * MINUTES_PER_DAY,
                   spilled=True)


def _own_hours_first(parts: list[_Part]) -> list[_Part]:
    """Where the night before spills into minutes that a date's own rows also describe, one
    description wins, as between any two rows: the more specific (:func:`roster.calendar.day_rank`
    of each row on the date it was written for), the date's own on a tie.

    ``weekday 23:00-01:00`` and ``weekend 00:00-01:00`` both describe Sunday's first hour (after
    a Saturday whose 23:00 falls back to the weekday row); adding them counted its contacts
    twice.  A ``双11 23:00-01:00`` row still wins the 12th's first hour over the 12th's weekday
    curve.  Minutes that only one of them covers keep it, so a night row alone still staffs the
    next date's early hours."""
    groups: dict[tuple[dt.date, str, str | None], list[_Part]] = defaultdict(list)
    for p in parts:
        groups[(p.date, p.channel, p.skill)].append(p)
    kept: list[_Part] = []
    for group in groups.values():
        if all(p.spilled for p in group) or not any(p.spilled for p in group):
            kept.extend(group)
            continue
        points = sorted({p.start for p in group} | {p.end for p in group})
        for a, b in zip(points, points[1:], strict=False):
            inside = [p for p in group if p.start <= a and b <= p.end]
            if not inside:
                continue
            own = [p for p in inside if not p.spilled]
            spill = [p for p in inside if p.spilled]
            if own and spill:
                best_own, best_spill = min(p.rank for p in own), min(p.rank for p in spill)
                inside = own if best_own <= best_spill else spill
            for p in inside:
                kept.append(replace(p, start=a, end=b, contacts=p.contacts * (b - a) / (p.end - p.start)))
    return kept


def _pool(parts: list[_Part], grid: int) -> list[tuple[float | None, IntervalDemand]]:
    """One queue per date, piece, channel, skill and patience: contacts summed, handling time
    weighted by contacts (which keeps the offered load exact)."""
    groups: dict[tuple[dt.date, str, str | None, float | None], list[_Part]] = defaultdict(list)
    for p in parts:
        groups[(p.date, p.channel, p.skill, p.patience)].append(p)
    queues: list[tuple[float | None, IntervalDemand]] = []
    for (date, channel, skill, patience), group in groups.items():
        cuts = _cuts(((p.start, p.end) for p in group), grid)
        for a, b in zip(cuts, cuts[1:], strict=False):
            inside = [p for p in group if p.start <= a and b <= p.end]
            if not inside:
                continue
            shares = [(p.contacts * (b - a) / (p.end - p.start), p.aht) for p in inside]
            contacts = sum(c for c, _ in shares)
            aht = sum(c * h for c, h in shares) / contacts if contacts > 0 else inside[0].aht
            queues.append((patience, IntervalDemand(date, a, b, channel, skill, contacts, aht)))
    return queues


def _staff(queues: list[tuple[float | None, IntervalDemand]], settings: StaffingSettings
           ) -> list[StaffingResult]:
    """Erlang per queue, in batches of equal patience (the batch API caches equal rows)."""
    by_patience: dict[float | None, list[IntervalDemand]] = defaultdict(list)
    for patience, demand in queues:
        by_patience[patience].append(demand)
    results: list[StaffingResult] = []
    for patience, demands in by_patience.items():
        patient = replace(settings,
                          phone=replace(settings.phone, patience_seconds=patience),
                          chat=replace(settings.chat, patience_seconds=patience))
        results.extend(staff_intervals(demands, patient))
    return results


def _combine(results: list[StaffingResult], grid: int) -> list[IntervalRow]:
    """Per date and skill, the channels' scheduled agents added on every piece."""
    groups: dict[tuple[dt.date, str | None], list[StaffingResult]] = defaultdict(list)
    for r in results:
        assert r.demand is not None  # set by staff_intervals
        groups[(r.demand.day, r.demand.skill)].append(r)
    rows: list[IntervalRow] = []
    for (date, skill), group in groups.items():
        cuts = _cuts(((r.demand.start, r.demand.end) for r in group if r.demand), grid)
        for a, b in zip(cuts, cuts[1:], strict=False):
            inside = [r for r in group if r.demand and r.demand.start <= a and b <= r.demand.end]
            if inside:
                rows.append(_row(date, a, b, skill, inside))
    rows.sort(key=lambda r: (r.day, r.start, r.skill or ""))
    return rows


def _row(date: dt.date, start: int, end: int, skill: str | None,
         results: list[StaffingResult]) -> IntervalRow:
    weights = [r.demand.contacts * (end - start) / (r.demand.end - r.demand.start)
               for r in results if r.demand]
    total = sum(weights)
    if total > 0:
        sl = sum(w * r.service_level for w, r in zip(weights, results, strict=True)) / total
        asa = sum(w * r.asa for w, r in zip(weights, results, strict=True)) / total
    else:
        sl, asa = 1.0, 0.0
    handling = sum(r.agents for r in results)
    occ = sum(r.occupancy * r.agents for r in results) / handling if handling else 0.0
    return IntervalRow(
        day=date.isoformat(), start=start, end=end, skill=skill,
        agents=sum(r.scheduled for r in results), source_row=0,
        service_level=round(sl, SL_DECIMALS), asa_seconds=round(asa, ASA_DECIMALS),
        occupancy=round(occ, OCC_DECIMALS),
    )


# ----------------------------------------------------------------------------------------------
# Plausibility: a requirement no roster of this team can meet


@dataclass
class _Excess:
    """The worst interval a Forecast row drives above the team's head count, and its dates."""

    row: ForecastRow
    agents: int
    people: int
    start: int
    end: int
    dates: set[str] = field(default_factory=set)


def forecast_warnings(team: Team, rows: Sequence[IntervalRow], parts: Sequence[_Part]
                      ) -> list[str]:
    """Warnings naming the Forecast rows (sheet, row, column, figure) behind intervals that need
    more people on duty than the Staff sheet has with the skill.

    Why: a volume of 10^9 contacts (a total pasted into an interval row, a stray digit) or an
    AHT of 36,000 s is read without complaint, since each figure alone could be a real one, and
    its requirement then surfaced only as "infeasible" after a full solve, naming an interval
    but not the cell to correct.  More agents than the team has, counted with nobody on leave
    and every shift allowed, is beyond any roster: a slip, or a forecast the team cannot meet,
    which the manager must hear about either way.  Not an error: a promotion peak may truly
    outgrow the team, and --best-effort then plans with the shortfall.  Of the rows feeding
    such an interval the one with the largest offered load (contacts x AHT per minute) is named,
    with its AHT column when the AHT exceeds :data:`SUSPECT_AHT`, else its contacts column."""
    people = {skill: sum(1 for s in team.staff if s.has_skill(skill))
              for skill in {r.skill for r in rows}}
    over = [r for r in rows if r.agents > people[r.skill]]
    if not over:
        return []
    by_date: dict[tuple[str, str | None], list[_Part]] = defaultdict(list)
    for p in parts:
        if p.row is not None and p.contacts > 0:
            by_date[(p.date.isoformat(), p.skill)].append(p)
    excess: dict[int, _Excess] = {}
    for r in over:
        inside = [p for p in by_date[(r.day, r.skill)] if p.start < r.end and r.start < p.end]
        if not inside:
            continue
        culprit = max(inside, key=lambda p: p.contacts / (p.end - p.start) * p.aht).row
        assert culprit is not None  # filtered above
        entry = excess.setdefault(id(culprit), _Excess(culprit, r.agents, people[r.skill],
                                                       r.start, r.end))
        if r.agents > entry.agents:
            entry.agents, entry.start, entry.end = r.agents, r.start, r.end
        entry.dates.add(r.day)
    ordered = sorted(excess.values(), key=lambda e: e.row.source_row)
    messages = [_excess_message(e) for e in ordered[:MAX_WARNINGS]]
    if len(ordered) > MAX_WARNINGS:
        messages.append(t("forecast.implausible_more", count=len(ordered) - MAX_WARNINGS))
    return messages


def _excess_message(e: _Excess) -> str:
    row = e.row
    dates = sorted(e.dates)
    when = (t("forecast.when_one", first=dates[0]) if len(dates) == 1
            else t("forecast.when_many", count=len(dates), first=dates[0], last=dates[-1]))
    people = (t("forecast.people_all", count=e.people) if row.skill is None
              else t("forecast.people_skill", count=e.people, skill=row.skill))
    end = "24:00" if e.end == MINUTES_PER_DAY else fmt_minute(e.end)
    values = {"row": row.source_row, "contacts": _figure(row.contacts), "aht": _figure(row.aht),
              "span": f"{fmt_minute(e.start)}-{end}", "agents": f"{e.agents:,}", "when": when,
              "people": people, "hours": row.aht / 3600}
    key = "forecast.implausible_aht" if row.aht > SUSPECT_AHT else "forecast.implausible_contacts"
    return t(key, **values)


def _figure(value: float) -> str:
    """A figure as a person reads it: ``1,000,000,000`` rather than ``1e+09``."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


# ----------------------------------------------------------------------------------------------
# What the command shows


@dataclass(frozen=True)
class Peak:
    """The interval with the most agents (of one skill, or of all skills together)."""

    day: str
    start: int
    end: int
    agents: int
    by_skill: tuple[tuple[str | None, int], ...] = ()


def peaks_by_skill(rows: Iterable[IntervalRow]) -> dict[str | None, Peak]:
    """Per skill, the first interval with its highest head count."""
    best: dict[str | None, Peak] = {}
    for r in rows:
        if r.skill not in best or r.agents > best[r.skill].agents:
            best[r.skill] = Peak(r.day, r.start, r.end, r.agents)
    return best


def busiest_interval(rows: Iterable[IntervalRow]) -> Peak | None:
    """The first interval (day, start, end) with the most agents over all skills."""
    totals: dict[tuple[str, int, int], list[IntervalRow]] = defaultdict(list)
    for r in rows:
        totals[(r.day, r.start, r.end)].append(r)
    if not totals:
        return None
    # max() keeps the first of equals, and the rows come in date and time order.
    key = max(totals, key=lambda k: sum(r.agents for r in totals[k]))
    day, start, end = key
    group = totals[key]
    return Peak(day, start, end, sum(r.agents for r in group),
                tuple((r.skill, r.agents) for r in group))


def default_month(team: Team, today: dt.date | None = None) -> tuple[int, int]:
    """The month ``roster demand`` staffs when none is given: that of the earliest dated Forecast
    row (a forecast written for a month says which), else next month (as ``roster init``)."""
    dated = []
    for row in team.forecast:
        try:
            dated.append(dt.date.fromisoformat(row.day))
        except ValueError:
            continue
    if dated:
        first = min(dated)
        return first.year, first.month
    today = today or dt.date.today()
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def outside_rows(team: Team, dates: Sequence[dt.date]) -> list[ForecastRow]:
    """Dated Forecast rows that fall outside ``dates``: not used for this month (worth saying)."""
    wanted = set(dates)
    out = []
    for row in team.forecast:
        try:
            date = dt.date.fromisoformat(row.day)
        except ValueError:
            continue
        if date not in wanted:
            out.append(row)
    return out

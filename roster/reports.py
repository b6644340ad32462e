"""Figures derived from a finished roster: coverage per date/shift/skill, coverage per time
interval, and totals per person.

Plain data for the Excel writer, the console tables and ``--json``; no I/O here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, TypeVar

from roster.domain import REST, DayType, Horizon, Requirement, Roster, Staff, Team, fmt_minute
from roster.i18n import MissingMessage, join_codes, language, register, t
from roster.matching import assign_skills
from roster.timeline import Piece, pieces

if TYPE_CHECKING:
    from roster.rules.fairness import Fairness


@dataclass
class CoverageRow:
    """Required vs assigned for one date, shift and skill (skill None: anyone)."""

    date: dt.date
    shift: str
    skill: str | None
    min: int
    target: int
    assigned: int
    people: list[str]
    day_type: str
    holiday: str = ""
    promotion: str = ""
    #: The Holidays sheet declares the date a rest day (休息日: a make-up Saturday the company
    #: does not work, a weekday it gives off).  ``day_type`` is then ``weekend``, as its demand
    #: is; this says why a Tuesday is planned as one (see :func:`rest_dates`).
    rest_day: bool = False

    @property
    def special(self) -> bool:
        """Whether ``coverage --holidays`` lists the row (:func:`is_special`)."""
        return is_special(self.day_type, self.promotion, self.rest_day)

    @property
    def gap(self) -> int:
        """People missing to reach the hard minimum (0 when covered)."""
        return max(0, self.min - self.assigned)

    @property
    def below_target(self) -> int:
        return max(0, self.target - self.assigned)

    def as_json(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["gap"] = self.gap
        data["below_target"] = self.below_target
        return data


@dataclass
class PersonSummary:
    """Totals per person for the Summary sheet and the fairness figures."""

    id: str
    name: str
    team: str
    working_days: int = 0
    nights: int = 0
    weekend_days: int = 0
    holiday_days: int = 0
    hours: float = 0.0
    rest_days: int = 0
    leave_days: int = 0
    shifts: dict[str, int] = field(default_factory=dict)


register(
    {
        "reports.day.rest": {"en": "rest day", "zh": "休息日"},
        # The fairness group of people who may work every shift (Summary sheet, HTML report).
        "reports.all_shifts": {"en": "all", "zh": "全部"},
    }
)

#: Day types that are special in themselves: public holidays and make-up working days (调休上班).
SPECIAL_DAY_TYPES = (DayType.HOLIDAY.value, DayType.WORKDAY.value)


def rest_dates(team: Team) -> set[dt.date]:
    """The dates the Holidays sheet declares rest days (kind ``rest``/休息日, read as a WEEKEND).

    The calendar plans such a date as a weekend, so its :class:`~roster.domain.Day` alone does
    not tell it from an ordinary Saturday; HR still wants to see it among the special days: it
    is the workbook's own decision and changes the day's demand to the weekend's."""
    return {h.date for h in team.holidays if h.kind == DayType.WEEKEND}


def is_special(day_type: str, promotion: str, rest_day: bool = False) -> bool:
    """A public holiday, a make-up working day, a promotion day or a rest day the Holidays sheet
    declares: the days ``coverage --holidays`` is for (the workbook marks each of them; an
    ordinary weekend is not one)."""
    return day_type in SPECIAL_DAY_TYPES or bool(promotion) or rest_day


_Row = TypeVar("_Row", "CoverageRow", "IntervalCoverageRow")


def special_rows(rows: Iterable[_Row]) -> list[_Row]:
    """The rows of special days (:func:`is_special`), in their order: what ``coverage
    --holidays`` lists.  One test for the console, ``--json``, the Coverage sheet's marks and
    the report, so a rest day is not listed in one and missing from another."""
    return [r for r in rows if r.special]


def day_kind_label(day_type: str, rest_day: bool = False, lang: str | None = None) -> str:
    """The day type in words: ``holiday``/``节假日`` ..., and ``rest day``/``休息日`` for a rest day
    the Holidays sheet declares (planned as a weekend, but a weekday so labelled ``weekend``
    read as a mistake)."""
    return t("reports.day.rest", lang=lang) if rest_day else t(f"day.{day_type}", lang=lang)


def coverage_table(team: Team, horizon: Horizon, roster: Roster,
                   people_on: Callable[[dt.date, str], list[str]] | None = None) -> list[CoverageRow]:
    """One row per requirement, with the people counted for it (see :mod:`roster.matching`).

    ``people_on(date, code)`` (the checker's index, staff order) saves scanning every person."""
    by_id = team.staff_by_id
    rests = rest_dates(team)
    rows: list[CoverageRow] = []
    grouped: dict[tuple[dt.date, str], list[Requirement]] = {}
    for req in horizon.requirements:
        grouped.setdefault((req.date, req.shift), []).append(req)
    for day in horizon.days:
        for shift in team.shifts:
            reqs = grouped.get((day.date, shift.code), [])
            if not reqs:
                continue
            if people_on is not None:
                on_shift = [by_id[sid] for sid in people_on(day.date, shift.code)]
            else:
                on_shift = [by_id[sid] for sid in by_id if roster.get(sid, day.date) == shift.code]
            counted = _with_everyone(on_shift, reqs)
            for req, people in zip(reqs, counted, strict=True):
                rows.append(
                    CoverageRow(
                        date=day.date,
                        shift=shift.code,
                        skill=req.skill,
                        min=req.min,
                        target=req.target,
                        assigned=len(people),
                        people=people,
                        day_type=day.type.value,
                        holiday=day.holiday_name,
                        promotion=day.promotion.name if day.promotion else "",
                        rest_day=day.date in rests and day.type == DayType.WEEKEND,
                    )
                )
    return rows


def _with_everyone(people: Sequence[Staff], rows: Sequence[Requirement]) -> list[list[str]]:
    """For each row, the people counted for it: first the skill matching
    (:func:`roster.matching.assign_skills`, which stops at each row's target), then everyone
    else on duty for the first of their own skills a row asks for, else for the row open to any
    skill, so the figures show who is really on duty.  (Without the second step a promotion
    day's surplus, 22 on D against targets of 17, vanished from the coverage table.)  Someone
    none of whose skills is asked for, with no row for any skill, is on duty but not counted."""
    counted = [list(ids) for ids in assign_skills(list(people), list(rows))]
    used = {i for ids in counted for i in ids}
    row_of: dict[str | None, int] = {}
    for k, r in enumerate(rows):
        row_of.setdefault(r.skill, k)
    for person in people:
        if person.id in used:
            continue
        skill = next((k for k in person.skills if k in row_of), None)
        if skill is not None or None in row_of:
            counted[row_of[skill]].append(person.id)
    return counted


def person_summary(team: Team, horizon: Horizon, roster: Roster) -> list[PersonSummary]:
    shifts = team.shift_by_code
    result = []
    for person in team.staff:
        summary = PersonSummary(person.id, person.name, person.team)
        for day in horizon.days:
            cell = roster.get(person.id, day.date)
            shift = shifts.get(cell)
            if shift is None:
                if team.on_leave(person.id, day.date) or cell == "LEAVE":
                    summary.leave_days += 1
                else:
                    summary.rest_days += 1
                continue
            summary.working_days += 1
            summary.hours += shift.hours
            summary.shifts[shift.code] = summary.shifts.get(shift.code, 0) + 1
            summary.nights += shift.kind.value == "night"
            summary.weekend_days += day.is_weekend
            summary.holiday_days += day.is_holiday
        result.append(summary)
    return result


#: The Summary's fairness columns (:class:`PersonSummary` fields) and the rule's metric for each.
FAIRNESS_METRICS = {"nights": "nights", "weekend_days": "weekends", "holiday_days": "holidays",
                    "working_days": "working_days"}


def fairness_rule(rules: Iterable[tuple[str, object]] = ()) -> Fairness:
    """The fairness rule with the ``fairness.*`` values of a roster's effective rules (the
    profile's defaults for those not given), so a report judges as the roster's ``check`` does."""
    from roster.rules.fairness import Fairness, FairnessParams  # the rules import this module

    values = {key.partition(".")[2]: value for key, value in rules if str(key).startswith("fairness.")}
    return Fairness(FairnessParams.model_validate(values))


def fairness_spreads(team: Team, horizon: Horizon, roster: Roster, rule: Fairness
                     ) -> dict[tuple[str, ...], dict[str, float]]:
    """Per group of comparable staff the fairness rule compares (keyed by its sorted allowed
    shift codes), per Summary column (:data:`FAIRNESS_METRICS`): the spread of each person's
    count minus their fair share, in days, rounded to a tenth.

    Why not max - min of the counts: the rule splits the group's total by the days each person
    is available, so someone on two weeks' leave with half the nights is at their fair share;
    the raw spread called that group 6 nights apart while ``check`` found it fair.  ``rule``:
    the roster's own (:func:`fairness_rule`)."""
    from roster.rules.base import CheckContext

    out: dict[tuple[str, ...], dict[str, float]] = {}
    for group in rule.fair_shares(CheckContext(team, horizon, roster)):
        out[group.allowed] = {column: round(group.spread(metric), 1) for column, metric in FAIRNESS_METRICS.items()}
    return out


@dataclass
class FairnessGroup:
    """One group of comparable staff as the Summary sheet and the HTML report show it: its
    label ("all" or the allowed codes), the people, and per :data:`FAIRNESS_METRICS` column
    the spread in days."""

    label: str
    codes: tuple[str, ...]
    members: list[PersonSummary]
    spreads: dict[str, float]


def fairness_groups(team: Team, summaries: list[PersonSummary],
                    spreads: dict[tuple[str, ...], dict[str, float]], lang: str | None = None
                    ) -> list[FairnessGroup]:
    """People grouped by the set of shifts they may work (only they can fairly be compared: a
    day-only QA agent working no nights is not unfair to the night crew), each with the spreads
    of :func:`fairness_spreads`; a group the rule does not compare (one person) with the spread
    of its counts."""
    all_codes = tuple(s.code for s in team.shifts)
    by_id = team.staff_by_id
    grouped: dict[tuple[str, ...], list[PersonSummary]] = {}
    for summary in summaries:
        person = by_id[summary.id]
        grouped.setdefault(tuple(c for c in all_codes if person.may_work(c)), []).append(summary)
    out = []
    for codes, members in grouped.items():
        label = t("reports.all_shifts", lang) if codes == all_codes else join_codes(codes, lang)
        prorated = spreads.get(tuple(sorted(codes)))
        values = {key: prorated[key] if prorated is not None
                  else float(max(getattr(m, key) for m in members) - min(getattr(m, key) for m in members))
                  for key in FAIRNESS_METRICS}
        out.append(FairnessGroup(label or "-", codes, members, values))
    return out


@dataclass
class IntervalCoverageRow:
    """Required vs on duty for one interval requirement (date, time, skill).

    ``on_duty`` is the fewest people counted for the skill in any minute of the interval (a
    person with several skills counts for one of them, see :mod:`roster.matching`); ``people``
    are those counted at that moment.
    """

    date: dt.date
    start: int
    end: int
    skill: str | None
    required: int
    on_duty: int
    people: list[str]
    day_type: str
    holiday: str = ""
    promotion: str = ""
    #: As :attr:`CoverageRow.rest_day`.
    rest_day: bool = False

    @property
    def special(self) -> bool:
        """Whether ``coverage --holidays`` lists the row (:func:`is_special`)."""
        return is_special(self.day_type, self.promotion, self.rest_day)

    @property
    def gap(self) -> int:
        return max(0, self.required - self.on_duty)

    @property
    def label(self) -> str:
        """``20:00-20:30`` (an end past midnight is written as the clock shows it)."""
        return f"{fmt_minute(self.start)}-{fmt_minute(self.end)}"

    def as_json(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["from"] = fmt_minute(self.start)
        data["to"] = fmt_minute(self.end)
        data["gap"] = self.gap
        return data


@dataclass
class PieceDuty:
    """Who is on duty during a :class:`roster.timeline.Piece`, and whom each skill counts."""

    piece: Piece
    on_duty: list[Staff]
    #: Skill (None: anyone) -> ids counted for it; each person for one skill at most.
    counted: dict[str | None, list[str]]

    @property
    def eligible(self) -> int:
        """People on duty who have at least one of the skills asked for here."""
        return sum(1 for p in self.on_duty if any(p.has_skill(k) for k in self.piece.skills))

    @property
    def over(self) -> int:
        return max(0, self.eligible - self.piece.required)


def _cell(team: Team, roster: Roster, month: set[dt.date], staff_id: str, date: dt.date) -> str:
    """The roster's cell in the month, the History tail's before it, nothing after it."""
    if date in month:
        return roster.get(staff_id, date)
    return team.history.get((staff_id, date), REST)


def interval_duty(team: Team, horizon: Horizon, roster: Roster,
                  index: dict[tuple[dt.date, str], list[str]] | None = None) -> list[PieceDuty]:
    """For every piece of every date with interval demand, the people on duty and the skill
    each is counted for, recomputed from the roster's cells (and the History tail before the
    month: last month's night shift is on duty early on the 1st).

    ``index``: who works what on every date of ``roster`` (roster.rules.base.on_duty_index),
    when the caller keeps one.  A piece within the month then looks its people up instead of
    reading every person's cells: roster.polish judges the interval rule on two dates thousands
    of times, and the scan of the whole staff was nearly all of each verdict."""
    if not horizon.interval_requirements:
        return []
    month = set(roster.dates) | set(horizon.dates)
    staff = {p.id: p for p in team.staff}
    order = {p.id: k for k, p in enumerate(team.staff)}
    out: list[PieceDuty] = []
    for piece in pieces(horizon.interval_requirements, team.shifts):
        days = [(code, piece.date + dt.timedelta(days=offset)) for code, offset in piece.duty]
        if index is not None and all(date in month for _, date in days):
            ids = {i for code, date in days for i in index.get((date, code), ()) if i in staff}
            people = [staff[i] for i in sorted(ids, key=order.__getitem__)]
        else:
            people = [person for person in team.staff
                      if any(_cell(team, roster, month, person.id, date) == code for code, date in days)]
        out.append(PieceDuty(piece, people, _count_skills(piece, people)))
    return out


def _count_skills(piece: Piece, people: list[Staff]) -> dict[str | None, list[str]]:
    """Whom each skill of ``piece`` counts (:func:`_with_everyone`)."""
    rows = [Requirement(piece.date, "", skill, agents, agents) for skill, agents in piece.needs]
    return {k: ids for (k, _), ids in zip(piece.needs, _with_everyone(people, rows), strict=True)}


def interval_coverage_table(team: Team, horizon: Horizon, roster: Roster,
                            duty: list[PieceDuty] | None = None) -> list[IntervalCoverageRow]:
    """One row per interval requirement, with the fewest people on duty for it in any minute."""
    reqs = horizon.interval_requirements
    if not reqs:
        return []
    duty = interval_duty(team, horizon, roster) if duty is None else duty
    worst: dict[int, list[str] | None] = dict.fromkeys(range(len(reqs)))
    for item in duty:
        for index in item.piece.requirements:
            ids = item.counted.get(reqs[index].skill, [])
            current = worst[index]
            if current is None or len(ids) < len(current):
                worst[index] = ids
    rests = rest_dates(team)
    rows: list[IntervalCoverageRow] = []
    for index, req in enumerate(reqs):
        day = horizon.day(req.date)
        ids = worst[index] or []
        rows.append(IntervalCoverageRow(
            date=req.date, start=req.start, end=req.end, skill=req.skill, required=req.agents,
            on_duty=len(ids), people=list(ids), day_type=day.type.value, holiday=day.holiday_name,
            promotion=day.promotion.name if day.promotion else "",
            rest_day=req.date in rests and day.type == DayType.WEEKEND,
        ))
    return rows


def _peak_moment(rows: Sequence[IntervalCoverageRow]) -> tuple[int, list[IntervalCoverageRow]]:
    """(people asked for, the requirements in force) at the first moment of ``rows`` (one
    date's requirements) when the most people are asked for at once; (0, []) without any."""
    best: tuple[int, list[IntervalCoverageRow]] = (0, [])
    for moment in sorted({r.start for r in rows}):
        live = [r for r in rows if r.start <= moment < r.end]
        total = sum(r.required for r in live)
        if total > best[0]:
            best = (total, live)
    return best


def interval_peak(rows: Sequence[IntervalCoverageRow]) -> tuple[int, list[tuple[str | None, int]]]:
    """The most people asked for at one time among ``rows`` (one date's requirements): the
    requirements of every skill in force at that moment added up (a person counts for one skill at
    a time, so 8 in chat and 3 on the phone are 11 people), with each skill's share."""
    total, live = _peak_moment(rows)
    shares: dict[str | None, int] = defaultdict(int)
    for r in live:
        shares[r.skill] += r.required
    return total, sorted(shares.items(), key=lambda kv: kv[0] or "")


def interval_peak_duty(rows: Sequence[IntervalCoverageRow]) -> tuple[int, int]:
    """(required, on duty) at the busiest moment of one date's ``rows`` (:func:`interval_peak`):
    each skill's people counted for it then (the fewest in its interval), added up."""
    total, live = _peak_moment(rows)
    return total, sum(r.on_duty for r in live)


register(
    {
        # A solve's status in words, before its code in a Chinese Summary sheet and HTML report
        # (status_text); read_roster reads the code back.
        "status.word.OPTIMAL": {"en": "proven best", "zh": "已证明最优"},
        "status.word.FEASIBLE": {"en": "valid, not proven best", "zh": "可行，未证明最优"},
        "status.word.BEST_EFFORT": {"en": "demand not fully met", "zh": "尽力排班，需求未完全满足"},
        "status.word.UNKNOWN": {"en": "no roster found in time", "zh": "未在限时内找到排班"},
        "status.word.CHECKED": {"en": "checked, not solved", "zh": "仅检查，未求解"},
        "status.word.INFEASIBLE": {"en": "no roster keeps every hard rule", "zh": "没有满足所有硬性规则的排班"},
    }
)


def status_words(status: str, lang: str | None = None) -> str:
    """A solve's status as the console says it: ``OPTIMAL (proven best)``, ``BEST EFFORT (demand
    not fully met) (BEST_EFFORT/FEASIBLE)``; in Chinese the words alone (``已证明最优``).  The
    same words as the Summary's (:func:`status_text`): one list of them, not one per output."""
    head = status.split("/")[0]
    try:
        words = t(f"status.word.{head}", lang=lang)
    except MissingMessage:
        return status
    if (lang or language()) == "zh":
        return words + (f"（{status}）" if "/" in status else "")
    return f"{head.replace('_', ' ')} ({words})" + (f" ({status})" if "/" in status else "")


def status_text(status: str, lang: str) -> str:
    """The Summary's status cell: the solver's code (``OPTIMAL``, ``BEST_EFFORT/FEASIBLE``), in a
    Chinese roster after its words (``已证明最优（OPTIMAL）``), since a manager reading the
    Summary in Chinese should not meet an English status alone.  The code is kept in both, and
    :func:`roster.excel.read_roster.status_code` reads it back."""
    if lang != "zh":
        return status
    try:
        words = t(f"status.word.{status.split('/')[0]}", lang=lang)
    except MissingMessage:  # a code without words (MODEL_INVALID): the code alone
        return status
    return f"{words}（{status}）"


#: What a message's subject may add to the bold "who, when": a bracket, " (anyone)", "（不限技能）".
_BRACKETED = re.compile(r" ?[(（][^()（）]*[)）]")


def split_subject(where: str, message: str) -> tuple[str, str]:
    """A violation's "who, when" (``where``: id, date, shift) and its message, saying each once.

    Many messages open with their own subject and a colon: a compliance finding
    ("1001: 208 h in 2026-10 ..."), a coverage one ("2026-10-17 N: 1 more than the targets").
    After the HTML report's bold ``1001`` that read "1001: 1001: 208 h".  A subject made of
    what ``where`` already names is dropped from the message; one that says more ("2026-10-06 D
    (anyone)", the skill) takes the place of ``where``.  A sentence that merely names the
    person ("1003 asked not to have N") has no such subject and is kept whole."""
    if not where:
        return where, message
    for colon in (": ", "："):
        head, found, rest = message.partition(colon)
        if not found or not head or not rest:
            continue
        if set(head.split()) <= set(where.split()):
            return where, rest
        if head.startswith(where) and _BRACKETED.fullmatch(head[len(where):]):
            return head, rest
    return where, message

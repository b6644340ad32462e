"""Plain domain types: what a team, a month and a roster *are*, independent of Excel and CP-SAT.

Everything is keyed by stable identifiers (staff id, ISO date, shift code), never by position, so
that the reader, the model, the checker and the writer can all talk about the same cell.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

MINUTES_PER_DAY = 24 * 60

#: Roster cell marks that are not shift codes.  The canonical spelling is English; the Chinese
#: marks are accepted on input and written when the output language is Chinese.
REST = "OFF"
LEAVE = "LEAVE"
#: Non-working marks in a roster or History cell, upper-cased.  Besides the canonical ones,
#: what a team lead types by hand in either language: a day off in lieu (调休) or a rotating
#: rest day (轮休) is rest; a named kind of leave (年假, 病假, sick leave) is leave.  None of
#: them can be mistaken for a shift code.
REST_MARKS = frozenset({"", "OFF", "REST", "DAY OFF", "休", "休息", "调休", "轮休", "公休"})
LEAVE_MARKS = frozenset({
    "LEAVE", "假", "请假", "休假", "年假", "病假", "事假", "婚假", "产假", "陪产假", "丧假", "育儿假",
    "探亲假", "工伤假", "ANNUAL LEAVE", "SICK LEAVE", "SICK", "VACATION",
})
#: ``Leave.type`` of leave read off a roster's cells (a mark typed into the grid with no row in
#: the Leave sheet).  Such leave lives in the roster itself, so it is not written to the Leave
#: sheet: see :func:`with_marked_leave`.
MARKED_LEAVE = "(roster)"
#: Leave types (upper-cased) that nobody plans: sickness arrives after the roster is made.
#: Such leave does not lower the cap on a person's rest days (roster.rules.rest_days).  Kept as
#: the exact words; :func:`is_sickness` also finds sickness in free text (病假（住院）).
UNPLANNED_LEAVE_TYPES = frozenset({"病假", "工伤假", "SICK", "SICK LEAVE", "SICKNESS", "ILLNESS", "INJURY"})
#: Chinese text that marks a leave type as sickness or injury wherever it appears in the type:
#: 病 (病假, 生病, 看病, 病休), 伤 (工伤, 受伤, 烫伤; 丧假 is a different character), 住院,
#: 急诊, 就医, 手术.  None of them occurs in a planned type (年假, 婚假, 产假, 事假, 丧假, 调休).
_SICK_ZH = ("病", "伤", "住院", "急诊", "就医", "手术", "发烧", "发热")
#: English words (whole words, or their start) that mark sickness or injury.  Whole words keep
#: "skill" or "still" from reading as "ill"; a start catches "hospitalised", "injured".
_SICK_WORDS = frozenset({"ill", "illness", "sick", "sickness", "flu", "covid", "fever", "unwell"})
_SICK_STEMS = ("sick", "medic", "hospital", "injur", "surgery", "accident", "emergenc")
_LATIN_WORDS = re.compile(r"[a-z]+")


def is_sickness(leave_type: str) -> bool:
    """Whether a Leave ``type`` as typed names sickness or injury, which nobody plans.

    Managers type the kind of leave as free text: ``病假（住院）``, ``病假(半天)``, ``Sick leave -
    flu``, ``medical leave``, ``工伤``.  Exact words missed these, so they counted as planned
    leave and lowered the cap on the person's rest days (see :attr:`Leave.planned`).  The text
    is normalised (full-width to ASCII, any case) and searched for the words of sickness; a
    planned type (年假, annual, 婚假, 产假, 事假, personal) has none of them.  When in doubt the
    text counts as sickness: that only keeps the cap where it was, never makes it stricter."""
    folded = unicodedata.normalize("NFKC", leave_type).casefold()
    if folded.strip().upper() in UNPLANNED_LEAVE_TYPES or any(word in folded for word in _SICK_ZH):
        return True
    return any(word in _SICK_WORDS or word.startswith(_SICK_STEMS) for word in _LATIN_WORDS.findall(folded))


#: A note in brackets after a mark (``病假（住院）``, ``年假(3天)``, ``休【调休】``), after NFKC.
_MARK_NOTE = re.compile(r"\s*[(\[【][^()\[\]【】]*[)\]】]\s*$")


def _mark_base(cell: str) -> str:
    """A cell as a mark is compared: full-width as ASCII, upper case, a bracketed note removed."""
    return _MARK_NOTE.sub("", unicodedata.normalize("NFKC", cell).strip()).strip().upper()


def is_leave_mark(cell: str) -> bool:
    """Whether a roster cell, as typed, marks leave: any of :data:`LEAVE_MARKS` in any case,
    also with a note in brackets (``病假（住院）``), or sickness written freely (``Sick leave -
    flu``, :func:`is_sickness`).  A team lead types these into the grid when someone falls
    ill; read as an unknown shift code they were a hard violation.  Short ASCII text (a shift
    code such as ``ILL`` would be) is never taken for free-text sickness."""
    if cell.strip().upper() in LEAVE_MARKS:
        return True
    base = _mark_base(cell)
    if base in LEAVE_MARKS:
        return True
    return base not in REST_MARKS and (len(base) > 3 or not base.isascii()) and is_sickness(cell)


def is_rest_mark(cell: str) -> bool:
    """Whether a roster cell, as typed, marks rest (any of :data:`REST_MARKS`, any case, also
    with a note in brackets: ``休（调休）``)."""
    return cell.strip().upper() in REST_MARKS or _mark_base(cell) in REST_MARKS


class ShiftKind(StrEnum):
    """Day or night duty: the unit of rotation (a person changes kind only on change-over days)."""

    DAY = "day"
    NIGHT = "night"


class DayType(StrEnum):
    """How the calendar classifies a date; demand rows may be given per day type.

    A Holidays-sheet row's kind is one of HOLIDAY, WORKDAY or WEEKEND: the sheet's ``rest``
    (休息日) is WEEKEND, an ordinary rest day (a make-up working day the company does not
    observe, or a weekday it gives off), so no separate member is needed."""

    WEEKDAY = "weekday"
    WEEKEND = "weekend"  # a Saturday or Sunday, or a date the Holidays sheet calls rest (休息日)
    HOLIDAY = "holiday"
    WORKDAY = "workday"  # make-up working day (调休上班): a weekend date worked as a weekday


@dataclass(frozen=True)
class Shift:
    """A shift pattern.  Times are minutes from the start of the shift's own day; a segment may
    end after 1440 (the shift runs past midnight).  Split shifts have several segments."""

    code: str
    name: str
    segments: tuple[tuple[int, int], ...]
    kind: ShiftKind = ShiftKind.DAY

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    @property
    def minutes(self) -> int:
        """Paid minutes: the sum of the segments' lengths."""
        return sum(b - a for a, b in self.segments)

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def crosses_midnight(self) -> bool:
        return self.end > MINUTES_PER_DAY

    def on_duty(self, minute: int) -> bool:
        """Whether the shift (started on day 0) is on duty at ``minute`` (may exceed 1440)."""
        return any(a <= minute < b for a, b in self.segments)

    def label(self) -> str:
        """Human-readable times, e.g. ``17:00-01:00`` or ``10:00-14:00,17:30-23:00``."""
        return ",".join(f"{fmt_minute(a)}-{fmt_minute(b)}" for a, b in self.segments)


def fmt_minute(minute: int) -> str:
    """``1500`` -> ``01:00`` (times past midnight wrap around)."""
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


def fold(value: str) -> str:
    """A code or id as compared when not written exactly: full-width letters and digits (typed
    in a Chinese input method's full-width mode, ``Ｄ``, ``１００１``) as ASCII, any case."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


def numeric_key(value: str) -> str | None:
    """A numeric id without its leading zeros (``007`` -> ``7``), None if not all digits: Excel
    turns ``001`` typed into a number cell into ``1``."""
    folded = fold(value)
    if not (folded.isascii() and folded.isdigit()):
        return None
    return folded.lstrip("0") or "0"


def id_key(value: str) -> str:
    """What makes two staff ids one person's: equal but for case, full width or a numeric id's
    leading zeros (``e02`` and ``E02``, ``7`` and ``007``)."""
    return numeric_key(value) or fold(value)


def rest_minutes(first: Shift, second: Shift, days_between: int = 1) -> int:
    """Minutes of rest between the end of ``first`` and the start of ``second`` worked
    ``days_between`` days later (negative when they would overlap)."""
    return days_between * MINUTES_PER_DAY + second.start - first.end


@dataclass(frozen=True)
class Staff:
    """An agent.  ``shifts`` empty means the person may work every shift."""

    id: str
    name: str
    team: str = ""
    skills: tuple[str, ...] = ()
    shifts: tuple[str, ...] = ()
    lead: bool = False

    def may_work(self, code: str) -> bool:
        return not self.shifts or code in self.shifts

    def has_skill(self, skill: str | None) -> bool:
        return skill is None or skill in self.skills


@dataclass(frozen=True)
class DemandRow:
    """A staffing requirement as written in the workbook: ``day`` is an ISO date, a promotion
    name, a weekday name (``Monday``, ``周一``), a day type (weekday/weekend/holiday/workday) or
    ``all`` (precedence: :mod:`roster.calendar`)."""

    day: str
    shift: str
    skill: str | None
    min: int
    target: int | None = None
    source_row: int = 0


@dataclass(frozen=True)
class Requirement:
    """A demand resolved onto one date: at least ``min`` (hard), ideally ``target`` (soft)."""

    date: dt.date
    shift: str
    skill: str | None
    min: int
    target: int


@dataclass(frozen=True)
class IntervalRow:
    """A head count per time interval as written in the Intervals sheet (or computed from the
    Forecast by ``roster demand``): at least ``agents`` people with ``skill`` on duty from
    ``start`` to ``end`` (minutes from the start of the day; ``end`` may pass 1440).

    ``day`` is read like :attr:`DemandRow.day`: an ISO date, a day type, ``all`` or a promotion
    name.  The staffing figures (expected service level, average speed of answer, occupancy at
    that head count) are informational: they are carried so the workbook can show them.
    """

    day: str
    start: int
    end: int
    skill: str | None
    agents: int
    source_row: int = 0
    service_level: float | None = None
    asa_seconds: float | None = None
    occupancy: float | None = None


@dataclass(frozen=True)
class IntervalRequirement:
    """An interval head count resolved onto one date: at least ``agents`` people with ``skill``
    (None: anyone) on duty in every minute of ``[start, end)`` counted from ``date``'s midnight."""

    date: dt.date
    start: int
    end: int
    skill: str | None
    agents: int
    source_row: int = 0


@dataclass(frozen=True)
class ForecastRow:
    """A row of the Forecast sheet: contacts expected in one interval of a day (``day`` is read
    like :attr:`DemandRow.day`), the channel (``phone`` or ``chat``), the skill that answers them,
    and the average handling time in seconds.  ``patience`` (seconds), when given, selects
    Erlang A (customers who abandon)."""

    day: str
    start: int
    end: int
    channel: str
    skill: str | None
    contacts: float
    aht: float
    patience: float | None = None
    source_row: int = 0


@dataclass(frozen=True)
class Leave:
    staff_id: str
    start: dt.date
    end: dt.date
    type: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def planned(self) -> bool:
        """Whether the leave was known when the roster was planned: not sickness (病假, sick,
        as ``repair --leave`` records it) and not a leave mark typed into a finished roster's
        grid (:data:`MARKED_LEAVE`)."""
        return self.type != MARKED_LEAVE and not is_sickness(self.type)


@dataclass(frozen=True)
class Request:
    """A wish: ``shift`` is a code or :data:`REST`; ``want`` False means "please not"."""

    staff_id: str
    date: dt.date
    shift: str
    want: bool = True
    weight: int = 1


@dataclass(frozen=True)
class Promotion:
    name: str
    start: dt.date
    end: dt.date
    multiplier: float = 1.0
    freeze_leave: bool = False

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class HolidayEntry:
    """A row of the Holidays sheet: overrides or extends the official calendar."""

    date: dt.date
    name: str
    kind: DayType  # HOLIDAY or WORKDAY


@dataclass(frozen=True)
class Day:
    """A date of the planning horizon with everything the rules need to know about it."""

    date: dt.date
    type: DayType
    holiday_name: str = ""
    promotion: Promotion | None = None

    @property
    def is_weekend(self) -> bool:
        """A Saturday or Sunday that is not a make-up working day, or a weekday the Holidays
        sheet gives off as an ordinary rest day (休息日): weekend duty in fairness and the
        Summary, as its weekend demand rows already say."""
        return (self.date.weekday() >= 5 and self.type != DayType.WORKDAY) or self.type == DayType.WEEKEND

    @property
    def is_holiday(self) -> bool:
        return self.type == DayType.HOLIDAY

    @property
    def is_workday_swap(self) -> bool:
        return self.type == DayType.WORKDAY

    @property
    def freeze_leave(self) -> bool:
        return self.promotion is not None and self.promotion.freeze_leave


@dataclass(frozen=True)
class PeerDuty:
    """What comparable staff outside a team did in the month (see :attr:`Team.peer_duty`)."""

    #: Their days available (not on leave), summed.
    available: int
    #: Their days of each fairness metric ("nights", "weekends", "holidays", "working_days"), summed.
    counts: dict[str, int]
    #: Per metric, their days available as the fairness rule prorates that metric (holidays:
    #: the holidays they were not on leave; the others: ``available``), summed; a metric not
    #: given: ``available``.
    available_by: dict[str, int] = field(default_factory=dict)

    def days(self, metric: str) -> int:
        """Their days available for ``metric`` (see :attr:`available_by`)."""
        return self.available_by.get(metric, self.available)


@dataclass
class Team:
    """Everything read from a team workbook (or carried inside a roster workbook)."""

    staff: list[Staff]
    shifts: list[Shift]
    demand: list[DemandRow]
    leave: list[Leave] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    promotions: list[Promotion] = field(default_factory=list)
    holidays: list[HolidayEntry] = field(default_factory=list)
    #: Head counts per time interval (the Intervals sheet); empty when demand is per shift only.
    intervals: list[IntervalRow] = field(default_factory=list)
    #: Contacts forecast per interval (the Forecast sheet); turned into ``intervals`` by
    #: :mod:`roster.demand` when the workbook has no Intervals sheet of its own.
    forecast: list[ForecastRow] = field(default_factory=list)
    #: Assignments before the month: (staff id, date) -> shift code or REST.
    history: dict[tuple[str, dt.date], str] = field(default_factory=dict)
    #: Overrides of the rule profile from the Rules sheet: (dotted key, raw value, sheet row).
    rule_overrides: list[tuple[str, object, int]] = field(default_factory=list)
    #: Load carried in earlier months beyond a fair share (from the ledger): staff id ->
    #: {"nights" | "weekends" | "holidays": days}.  The fairness rule spares these people.
    carried_load: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Comparable staff outside ``staff`` whose duty the fair shares include: fairness group
    #: (sorted shift codes the group may work) -> what they did.  Set when some of a department
    #: are re-planned while the others' rosters stay as they are (roster.refine): each person's
    #: fair share is then the department's, not the share among the few being re-planned.
    #: Empty for a team planned as a whole.
    peer_duty: dict[tuple[str, ...], PeerDuty] = field(default_factory=dict)

    def shift(self, code: str) -> Shift:
        return self.shift_by_code[code]

    @property
    def shift_by_code(self) -> dict[str, Shift]:
        return {s.code: s for s in self.shifts}

    @property
    def staff_by_id(self) -> dict[str, Staff]:
        return {s.id: s for s in self.staff}

    def on_leave(self, staff_id: str, day: dt.date) -> bool:
        return any(lv.covers(day) for lv in self._leave_of(staff_id))

    def on_planned_leave(self, staff_id: str, day: dt.date) -> bool:
        """Whether ``day`` is covered by leave known when the roster was planned (Leave.planned)."""
        return any(lv.planned and lv.covers(day) for lv in self._leave_of(staff_id))

    def _leave_of(self, staff_id: str) -> Sequence[Leave]:
        # Asked for every person and day by several rules: index the leave by person (rebuilt
        # when the list grows, e.g. when ``repair`` adds sick leave).
        index = self.__dict__.get("_leave_index")
        if index is None or index[0] != len(self.leave):
            by_person: dict[str, list[Leave]] = {}
            for lv in self.leave:
                by_person.setdefault(lv.staff_id, []).append(lv)
            index = (len(self.leave), by_person)
            self.__dict__["_leave_index"] = index
        return index[1].get(staff_id, ())


@dataclass
class Horizon:
    """The month being planned, with its calendar and the demand resolved per date."""

    days: list[Day]
    requirements: list[Requirement]
    #: Interval head counts resolved per date (empty when the team gives none).
    interval_requirements: list[IntervalRequirement] = field(default_factory=list)

    @property
    def dates(self) -> list[dt.date]:
        return [d.date for d in self.days]

    @property
    def first(self) -> dt.date:
        return self.days[0].date

    @property
    def last(self) -> dt.date:
        return self.days[-1].date

    def day(self, date: dt.date) -> Day:
        return self._by_date[date]

    def __post_init__(self) -> None:
        self._by_date = {d.date: d for d in self.days}

    def requirements_on(self, date: dt.date, shift: str) -> list[Requirement]:
        return [r for r in self.requirements if r.date == date and r.shift == shift]


@dataclass
class SolveInfo:
    """How a solve went, written into the Summary sheet and shown to the user."""

    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, MODEL_INVALID, or CHECKED (no solve)
    objective: float | None = None
    bound: float | None = None
    seconds: float = 0.0
    seed: int = 0
    workers: int = 0
    #: CP-SAT's deterministic time (a work count, not wall seconds): what a deterministic limit counts.
    work: float = 0.0
    #: Named penalties paid: rule name -> (weighted cost, count of units).
    penalties: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and bound (0 when proven optimal)."""
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0:
            return 0.0 if self.bound == 0 else None
        return abs(self.objective - self.bound) / max(abs(self.objective), 1e-9)


@dataclass
class Change:
    """One edit made by ``swap`` or ``repair``, for the Changes sheet."""

    when: str
    command: str
    by: str
    staff_id: str
    date: dt.date
    before: str
    after: str
    rules: str = ""


@dataclass
class Roster:
    """A month's assignments: (staff id, date) -> shift code, :data:`REST` or :data:`LEAVE`.

    A roster read from a hand-edited workbook may hold unknown codes; the checker reports them.
    """

    dates: list[dt.date]
    cells: dict[tuple[str, dt.date], str]
    info: SolveInfo | None = None
    changes: list[Change] = field(default_factory=list)
    #: How leave was typed into a cell read from a workbook (病假, 年假, sick leave) where it
    #: says more than :data:`LEAVE`: the cell counts as LEAVE, and is written back as typed so
    #: that an edit does not erase the kind of leave HR needs.
    leave_texts: dict[tuple[str, dt.date], str] = field(default_factory=dict)

    def get(self, staff_id: str, date: dt.date) -> str:
        return self.cells.get((staff_id, date), REST)

    def works(self, staff_id: str, date: dt.date) -> bool:
        return self.get(staff_id, date) not in (REST, LEAVE)

    def copy(self) -> Roster:
        return Roster(list(self.dates), dict(self.cells), self.info, list(self.changes), dict(self.leave_texts))


@dataclass(frozen=True)
class Violation:
    """A broken rule, in words.  ``hard`` violations make ``check`` exit 1."""

    rule: str
    message: str
    staff_id: str = ""
    date: dt.date | None = None
    shift: str = ""
    hard: bool = True
    #: Numbers behind the message (e.g. {"rest_hours": 7.5, "needed": 11}) for JSON output.
    data: dict[str, object] = field(default_factory=dict)


def with_marked_leave(team: Team, roster: Roster) -> Team:
    """``team`` with every leave mark of ``roster`` that its leave does not cover added as leave.

    A team lead often types 年假 or LEAVE straight into the roster instead of adding a Leave row.
    That cell records the person's leave as much as a Leave row does, and the rules must treat it
    so: a swap or a repair may not give that person a shift there, nor move the mark onto someone
    else (the assignment rule reports leave marked where a person has none), and fair shares and
    hours count the day as leave.  Called on the roster being checked or edited (never on one
    being judged against it), so a roster's own marks never break a rule.  What counts is the
    mark a cell held before its first recorded change (the Changes sheet; a swap that moves
    leave is written only with ``--force``): leave moved onto someone stays a violation when the
    roster is checked again, and its owner keeps it, so swapping it back is allowed.
    Consecutive days of one person become one entry of type :data:`MARKED_LEAVE`.
    """
    first_before: dict[tuple[str, dt.date], str] = {}
    for change in roster.changes:
        first_before.setdefault((change.staff_id, change.date), change.before)

    days: dict[str, list[dt.date]] = {}
    for key, cell in roster.cells.items():
        if is_leave_mark(first_before.get(key, cell)) and not team.on_leave(*key):
            days.setdefault(key[0], []).append(key[1])
    if not days:
        return team
    added: list[Leave] = []
    for staff_id, dates in days.items():
        dates.sort()
        start = prev = dates[0]
        for date in dates[1:]:
            if date != prev + dt.timedelta(days=1):
                added.append(Leave(staff_id, start, prev, MARKED_LEAVE))
                start = date
            prev = date
        added.append(Leave(staff_id, start, prev, MARKED_LEAVE))
    return replace(team, leave=[*team.leave, *added])

"""Reading a team workbook (Staff, Shifts, Demand, Leave, Requests, Promotions, Holidays, History,
Rules, Forecast, Intervals) into a :class:`roster.domain.Team`.

The same code reads the copies of these sheets inside a roster workbook (:mod:`read_roster`), so
what ``generate`` writes is exactly what later commands read.  References between sheets (shift
codes, staff ids) are checked here because only here do we still know the row a value came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from roster.domain import (
    REST,
    DayType,
    DemandRow,
    HolidayEntry,
    Leave,
    Promotion,
    Request,
    Shift,
    ShiftKind,
    Staff,
    Team,
    fold,
    id_key,
    numeric_key,
)
from roster.errors import InputError
from roster.excel.aliases import (
    ANY_WORDS,
    COLUMNS,
    HOLIDAY_KIND_WORDS,
    KIND_WORDS,
    SHEETS,
    TOTAL_LABELS,
    find_sheet,
    is_grid_row_label,
    norm,
)
from roster.excel.cells import (
    CellProblem,
    UnsavedFormula,
    day_without_year,
    is_blank,
    looks_like_date,
    parse_bool,
    parse_date,
    parse_id,
    parse_int,
    parse_multiplier,
    parse_segments,
    parse_time,
    plain_value,
    roster_mark,
    split_list,
    text,
    unreadable,
)
from roster.excel.read_forecast import DayWords, Skills, read_forecast, read_intervals, skill_key
from roster.excel.sheets import Problems, Row, Table, lookalike_sheets, open_workbook, read_table
from roster.i18n import LANGUAGES, register, t
from roster.profile import RulesRow

register(
    {
        "excel.unknown_shift": {
            "en": "unknown shift code {value!r} (known: {known})",
            "zh": "未知班次代码 {value!r}（已有：{known}）",
        },
        "excel.unknown_request_shift": {
            "en": "{value!r} is neither a shift code ({known}) nor OFF/休",
            "zh": "{value!r} 既不是班次代码（{known}），也不是 OFF/休",
        },
        "excel.unknown_staff_history": {
            "en": "; someone who has left? delete their History rows (--previous leaves them out by itself)",
            "zh": "；是否已离职？请删除其历史记录（用 --previous 时会自动略过）",
        },
        "excel.unknown_staff": {
            "en": "unknown staff id {value!r} (not in sheet {staff})",
            "zh": "未知工号 {value!r}（不在工作表“{staff}”中）",
        },
        "excel.dup_staff": {
            "en": "staff id {value!r} is used twice (first in row {first})",
            "zh": "工号 {value!r} 重复（第一次出现在第 {first} 行）",
        },
        "excel.dup_staff_like": {
            "en": "staff id {value!r} is the id {other!r} of row {first} written another way (case, "
            "full-width characters or leading zeros do not make a different id); give each person "
            "their own id",
            "zh": "工号 {value!r} 与第 {first} 行的工号 {other!r} 相同，只是写法不同（大小写、全角字符或"
            "开头的 0 不构成不同的工号）；请给每人一个不同的工号",
        },
        "excel.dup_shift": {
            "en": "shift code {value!r} is defined twice (first in row {first})",
            "zh": "班次代码 {value!r} 重复定义（第一次在第 {first} 行）",
        },
        "excel.dup_row": {
            "en": "repeats row {first} for the same {what}",
            "zh": "与第 {first} 行重复（相同的{what}）",
        },
        "excel.to_before_from": {
            "en": "{end} is before {start_column} {start}",
            "zh": "{end} 早于 {start_column} {start}",
        },
        "excel.target_below_min": {
            "en": "target {target} is below min {min}",
            "zh": "目标 {target} 小于最少人数 {min}",
        },
        "excel.bad_kind": {
            "en": "{value!r} is not a shift kind (day/白班 or night/晚班)",
            "zh": "{value!r} 不是班次类型（白班/day 或 晚班/night）",
        },
        # 中班 (a middle shift) is day duty in one team (12:00-20:30) and evening duty in another
        # (16:00-24:00); read as night it changed rotation and fairness without a word.
        "excel.middle_kind": {
            "en": "{value!r} (a middle shift) does not say day or night duty: write 白班/day or 晚班/night, "
                  "or leave the kind blank (night when the shift works past 22:00 or starts before 05:00)",
            "zh": "{value!r}（中班）不能说明是白班还是晚班：请填写 白班/day 或 晚班/night，或留空"
                  "（工作到 22:00 以后或 05:00 前开始的班次按晚班计）",
        },
        "excel.segment_outside": {
            "en": "segment {segment} lies outside the shift's start {start} and end {end}: correct the "
            "segments, or the start and end",
            "zh": "时段 {segment} 超出了本班次的开始 {start} 至结束 {end}：请改正时段，或改正开始和结束时间",
        },
        "excel.bad_holiday_kind": {
            "en": "{value!r} is neither holiday/节假日 nor workday/调休上班 nor rest/休息日 (an ordinary "
            "rest day)",
            "zh": "{value!r} 既不是 节假日/holiday、调休上班/workday，也不是 休息日/rest（普通休息日）",
        },
        "excel.bad_history_code": {
            "en": "{value!r} is neither a shift code ({known}) nor OFF/休 or LEAVE/假",
            "zh": "{value!r} 既不是班次代码（{known}），也不是 休/OFF 或 假/LEAVE",
        },
        "excel.no_shift_times": {
            "en": "give start and end (or segments)",
            "zh": "请填写开始和结束时间（或时段）",
        },
        "excel.dup_promotion": {
            "en": "promotion {value!r} is defined twice (first in row {first})",
            "zh": "大促 {value!r} 重复定义（第一次在第 {first} 行）",
        },
        "excel.staff.empty": {
            "en": "the sheet has no people: below the header row, give one row per person "
            "(at least id and name)",
            "zh": "此表没有人员：请在表头下面每人填一行（至少填写工号和姓名）",
        },
        "excel.staff.total_row": {
            "en": "{value!r} makes this a totals row, not a person; delete the row (or move the "
            "totals to another sheet), or the roster would plan a person called {name!r}",
            "zh": "“{value}”表明这是合计行，不是人员；请删除该行（或把合计移到其他工作表），"
            "否则排班会多出一个名为“{name}”的人",
        },
        "excel.default_day": {"en": "Day", "zh": "白班"},
        "excel.default_night": {"en": "Night", "zh": "晚班"},
        "excel.what.day_shift_skill": {"en": "day, shift and skill", "zh": "日期、班次和技能"},
        "excel.what.id_date": {"en": "id and date", "zh": "工号和日期"},
        "excel.what.date": {"en": "date", "zh": "日期"},
    }
)

#: The sheets of a team workbook: one missing while another sheet has its columns is named.
TEAM_SHEETS = ("staff", "shifts", "demand", "leave", "requests", "promotions", "holidays", "history",
               "rules", "forecast", "intervals")

#: Used when a workbook has no Shifts sheet: the two shifts most departments run.
DEFAULT_SHIFT_TIMES = (("D", "excel.default_day", 8 * 60 + 30, 17 * 60 + 30),
                       ("N", "excel.default_night", 17 * 60, 25 * 60))


def read_team(path: str | Path) -> Team:
    """Read a team workbook; every problem found is raised at once as :class:`InputError(s)`."""
    wb = open_workbook(path)
    problems = Problems()
    team = team_from_workbook(wb, problems)
    lookalike_sheets(wb, TEAM_SHEETS, problems)
    problems.raise_if_any()
    assert team is not None  # no problems means every required sheet was read
    return team


def default_shifts() -> list[Shift]:
    kinds = _default_kinds([(((start, end),), None) for _, _, start, end in DEFAULT_SHIFT_TIMES])
    return [Shift(code, t(name), ((start, end),), kind)
            for (code, name, start, end), kind in zip(DEFAULT_SHIFT_TIMES, kinds, strict=True)]


def _default_shift_names() -> dict[str, str]:
    """The default shifts' names in every language -> code.  Without a Shifts sheet, a Demand
    row naming 白班 was read in a Chinese session and refused in an English one (whose default
    shift is called "Day"): the same workbook must not be valid in one language only."""
    return {t(name, lang=lang): code for code, name, _, _ in DEFAULT_SHIFT_TIMES for lang in LANGUAGES}


#: Night work as Chinese labour practice counts it starts at 22:00 (minutes from a shift's own
#: midnight; a segment may run past 24:00).  In the morning the line is drawn earlier than the
#: 06:00 of that practice: a shift starting in the small hours (大夜班 00:00-08:00) is a night, an
#: early shift (早班 05:30-14:00, 06:00-14:00) is the day duty it is everywhere.
NIGHT_FROM, SMALL_HOURS_END = 22 * 60, 5 * 60
#: A team none of whose shifts reaches 22:00 still has an evening duty that rotates with the
#: day duty: of the shifts starting in the afternoon, the one(s) that end last, from 20:00.
EVENING_START, EVENING_END = 12 * 60, 20 * 60


def _in_night_hours(segments: tuple[tuple[int, int], ...]) -> bool:
    """Whether any segment works past 22:00 (or past midnight) or starts in the small hours."""
    return any(end > NIGHT_FROM or start < SMALL_HOURS_END for start, end in segments)


def _default_kind(segments: tuple[tuple[int, int], ...]) -> ShiftKind:
    """A shift's kind when its row gives none, judged on the shift alone.

    Night when any part of it falls between 22:00 and 06:00, the hours Chinese labour practice
    counts as night work: it runs past 22:00 (晚班 13:30-22:30, 16:00-23:30, 早/中/晚's 16:00-24:00),
    past midnight (17:00-01:00) or starts in the small hours, before 05:00 (大夜班 00:00-08:00; an
    early shift from 05:30 or 06:00 is a day, whatever its first half-hour).  A split shift whose
    last part starts at 17:00 or later (``10:00-14:00,17:30-23:00``, the split night shift of
    many handbooks) is a night too; one split only by a lunch break
    (``08:00-12:00,13:00-17:30``) stays a day.

    The start alone does not decide: "night when it starts at noon or later" made a three-shift
    team's 中班 12:00-20:30 night duty, shared as nights in fairness, changed with the day shift
    only on change-over days, and counted as nights in the Summary.  A team whose shifts all
    end by 22:00 is handled by :func:`_default_kinds`."""
    evening_part = len(segments) > 1 and segments[-1][0] >= 17 * 60
    return ShiftKind.NIGHT if _in_night_hours(segments) or evening_part else ShiftKind.DAY


def _default_kinds(shifts: list[tuple[tuple[tuple[int, int], ...], ShiftKind | None]]) -> list[ShiftKind]:
    """Every shift's kind: the one its row gives, else :func:`_default_kind`, with one team rule.

    A two-shift department whose late shift is 14:00-22:00 (it ends as night work begins) would
    have no night shift by the 22:00 rule, so rotation would let people move between the
    shifts on any day and nobody would share the evening duty in fairness or the Summary.  When
    no shift is a night, the shifts (without a kind of their own) that end last are the team's
    night duty, if they end at 20:00 or later, start at noon or later, and some shift ends
    earlier: 08:30-17:30 with 14:00-22:00, or 08:00-16:00 with 13:00-21:00.  A team of day
    shifts only (08:00-17:00, 09:00-18:00) stays so, as does one of a single shift.  A kind
    written in the row always wins: ``day`` on the late shift keeps the team without nights.

    "End last" is judged among the shifts that start at noon or later, the afternoon duty: a
    long day (通班 09:00-21:30) ending later than the late shift (晚班 13:00-21:00) is still day
    work, and judging all shifts together left such a team with no night duty at all."""
    kinds = [given or _default_kind(segments) for segments, given in shifts]
    if not shifts or ShiftKind.NIGHT in kinds:
        return kinds
    ends = [segments[-1][1] for segments, _ in shifts]
    afternoon = [end for (segments, _), end in zip(shifts, ends, strict=True) if segments[0][0] >= EVENING_START]
    if not afternoon:
        return kinds
    last = max(afternoon)
    if last < EVENING_END or min(ends) == last:
        return kinds
    return [ShiftKind.NIGHT if given is None and end == last and segments[0][0] >= EVENING_START else kind
            for (segments, given), end, kind in zip(shifts, ends, kinds, strict=True)]


def team_from_workbook(wb: Workbook, problems: Problems, *, strict_demand_skills: bool = True
                       ) -> Team | None:
    """The Team of an open workbook; problems are recorded, not raised.  None when a required
    sheet is missing or unusable.

    ``strict_demand_skills``: a Demand skill nobody in Staff has is an error.  A roster workbook
    reads its copies with False: it may have been edited by hand, and ``check`` should report
    the uncovered shift rather than refuse the file."""
    staff_table = read_table(wb, "staff", problems, required=True)
    if staff_table is not None and not staff_table.has_data():
        # Alone: every demand row would otherwise be "infeasible" and every id elsewhere
        # "unknown", burying the one thing to fix under a hundred lines.
        problems.add(_no_people(staff_table))
        return None
    # Codes and ids of rows that had other problems still count as defined: one typo must give
    # one message, not another for every reference to that row.
    shifts, bad_codes = _read_shifts(wb, problems)
    names = {s.name: s.code for s in shifts}
    if shifts == default_shifts():
        names |= _default_shift_names()
    codes = CodeResolver([s.code for s in shifts] + bad_codes, names)
    staff, bad_ids, staff_skills = (_read_staff(staff_table, codes, problems) if staff_table
                                    else ([], [], []))
    staff_title = staff_table.title if staff_table else SHEETS["staff"].en
    ids = IdResolver([s.id for s in staff] + bad_ids)
    # Demand, Forecast and Intervals name a skill one of the staff has, spelled as in Staff.
    skills = Skills(staff_skills, staff_title, checked=staff_table is not None)
    # Demand per shift may be left out when demand comes per interval (Intervals or Forecast).
    demand_required = not any(find_sheet(k, wb.sheetnames) for k in ("intervals", "forecast"))
    # Promotions first: a Demand day may name one, and is checked here, where its sheet and
    # row are known, rather than later by the calendar.
    promotion_names: list[str] = []
    promotions = _read_promotions(wb, problems, promotion_names)
    days = DayWords(promotion_names)
    demand_table = read_table(wb, "demand", problems, required=demand_required)
    demand_skill = skills.demand if strict_demand_skills else _lenient_skill(skills)
    demand = _read_demand(demand_table, codes, demand_skill, problems, days) if demand_table else []
    refs = _Refs(codes, ids if staff_table is not None else None, staff_title)
    team = Team(
        staff=staff,
        shifts=shifts,
        demand=demand,
        leave=_read_leave(wb, refs, problems),
        requests=_read_requests(wb, refs, problems),
        promotions=promotions,
        holidays=_read_holidays(wb, problems),
        history=_read_history(wb, refs, problems),
        rule_overrides=read_rules(wb, problems),
    )
    # Half-hour demand (issue 4): a day names a promotion of this workbook.
    team.forecast = read_forecast(wb, problems, days, skills)
    team.intervals = read_intervals(wb, problems, days, skills)
    if staff_table is None or (demand_table is None and demand_required):
        return None
    return team


def _no_people(table: Table) -> InputError:
    """The one error for a Staff sheet with a header and nobody under it."""
    row = table.header_row + 1
    column = table.column_title("id")
    return InputError(
        t("excel.at", sheet=table.title, row=row, column=column, problem=t("excel.staff.empty")),
        sheet=table.title, row=row, column=column,
    )


def _lenient_skill(skills: Skills) -> Callable[[object], str]:
    """Staff's spelling of a skill where there is one, else the skill as written."""
    return lambda value: skills.canonical(text(value)) or text(value)


def _unique(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """key -> value for the keys that name one value only (an ambiguous key resolves nothing)."""
    found: dict[str, set[str]] = {}
    for key, value in pairs:
        found.setdefault(key, set()).add(value)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


class CodeResolver:
    """Shift codes as written -> the defined code.  Case and full-width characters are forgiven
    when unambiguous (``d`` or ``Ｄ`` for ``D``), because a hand-typed lower-case or full-width
    letter is not a different shift.  A shift's name (``白班`` for ``D``) is taken too, when it
    names one shift and is no other shift's code: managers write the shift as they call it."""

    def __init__(self, codes: list[str], names: dict[str, str] | None = None):
        self.codes = list(dict.fromkeys(codes))
        self._exact = set(self.codes)
        self._folded = _unique([(fold(code), code) for code in self.codes])
        self._names = {k: v for k, v in _unique([(fold(name), code) for name, code in (names or {}).items()
                                                 if name]).items() if k not in self._folded}

    def resolve(self, value: str) -> str | None:
        if value in self._exact:
            return value
        return self._folded.get(fold(value)) or self._names.get(fold(value))

    def known(self) -> str:
        return ", ".join(self.codes) or "-"


class IdResolver:
    """Staff ids as written in another sheet -> the id of the Staff sheet.

    Forgiven when unambiguous: case and full-width digits (``ｋｆ００１``), and leading zeros of
    a numeric id, because Excel turns ``001`` typed into a number cell into ``1``: the Staff
    sheet formatted as text keeps ``001`` while Leave, typed later, holds ``1``."""

    def __init__(self, ids: list[str]):
        self.ids = list(dict.fromkeys(ids))
        self._exact = set(self.ids)
        self._folded = _unique([(fold(i), i) for i in self.ids])
        self._numeric = _unique([(key, i) for i in self.ids if (key := numeric_key(i)) is not None])

    def resolve(self, value: str) -> str | None:
        value = parse_id(value)  # ``1002.0`` from an export is ``1002``, wherever the id was read
        if value in self._exact:
            return value
        found = self._folded.get(fold(value))
        if found is not None:
            return found
        key = numeric_key(value)
        return self._numeric.get(key) if key is not None else None


class _Refs:
    def __init__(self, codes: CodeResolver, ids: IdResolver | None, staff_title: str):
        """``ids``: the staff ids other sheets may name; None when the Staff sheet is missing,
        which is reported once (every id elsewhere would otherwise be 'unknown' too)."""
        self.codes = codes
        self.ids = ids
        self.staff_title = staff_title

    def staff_id(self, row: Row, column: str = "id") -> str | None:
        value = row.get(column, parse_id, required=True)
        if value is None:
            return None
        if self.ids is None:
            return value
        resolved = self.ids.resolve(value)
        if resolved is None:
            # In History, most often someone who left since last month: say what to do.
            hint = t("excel.unknown_staff_history") if row.table.key == "history" else ""
            row.fail(column, t("excel.unknown_staff", value=value, staff=self.staff_title) + hint)
        return resolved


def _read_shifts(wb: Workbook, problems: Problems) -> tuple[list[Shift], list[str]]:
    """The shifts, and the codes of rows that could not be read."""
    table = read_table(wb, "shifts", problems, required=False,
                       accept=lambda found, _: "code" in found and "segments" in found)
    if table is None:
        return default_shifts(), []
    parsed: list[tuple[str, str, tuple[tuple[int, int], ...], ShiftKind | None]] = []
    bad: list[str] = []
    first_row: dict[str, int] = {}
    for row in table.records(problems):
        code = row.get("code", required=True)
        name = row.get("name", default="")
        segments = _shift_segments(row)
        kind_text = row.get("kind")
        kind: ShiftKind | None = None
        if kind_text is not None:
            word = KIND_WORDS.get(norm(kind_text))
            if word is None:
                middle = norm(kind_text) in ("中班", "middle", "middle shift", "mid")
                row.fail("kind", t("excel.middle_kind" if middle else "excel.bad_kind", value=kind_text))
            else:
                kind = ShiftKind(word)
        if code is not None and code in first_row:
            row.fail("code", t("excel.dup_shift", value=code, first=first_row[code]))
        if not row.ok or code is None or segments is None:
            if code is not None:
                bad.append(code)
            continue
        first_row[code] = row.number
        parsed.append((code, name or code, segments, kind))
    if not parsed and not table.has_data():
        return default_shifts(), []  # a Shifts sheet left empty means "the usual two shifts"
    # Kinds are settled once every row is read: a shift's default depends on the others.
    kinds = _default_kinds([(segments, kind) for _, _, segments, kind in parsed])
    shifts = [Shift(code, name, segments, kind)
              for (code, name, segments, _), kind in zip(parsed, kinds, strict=True)]
    return shifts, bad


def _shift_segments(row: Row) -> tuple[tuple[int, int], ...] | None:
    """Segments win over start/end when both are given (start/end then just document them).

    A segment outside the start-end span it documents is refused: the row then says two
    things (``07:00-15:30`` with a segment ``06:00-10:00``), the roster would silently count
    the hours, rest and coverage of one of them, and the printed roster shows the other."""
    if not is_blank(row.raw("segments")):
        segments = row.get("segments", parse_segments)
        if segments is None or is_blank(row.raw("start")) or is_blank(row.raw("end")):
            return segments
        start = row.get("start", parse_time)
        end = row.get("end", lambda v: parse_time(v, allow_24=True))
        if start is None or end is None:
            return None
        if end <= start:
            end += 24 * 60
        for seg_start, seg_end in segments:
            if seg_start < start or seg_end > end:
                row.fail("segments", t("excel.segment_outside", segment=f"{_clock(seg_start)}-{_clock(seg_end)}",
                                       start=_clock(start), end=_clock(end)))
                return None
        return segments
    start = row.get("start", parse_time, required=True)
    end = row.get("end", lambda v: parse_time(v, allow_24=True), required=True)
    if start is None or end is None:
        return None
    if end <= start:
        end += 24 * 60
    return ((start, end),)


def _clock(minutes: int) -> str:
    """Minutes from the shift day's midnight as ``HH:MM`` on the clock (past midnight too)."""
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _read_staff(table: Table, codes: CodeResolver, problems: Problems
                ) -> tuple[list[Staff], list[str], list[str]]:
    """The staff, the ids of rows that could not be read, and every skill written (those rows
    included, so that a Demand naming a bad row's skill gets no second message).

    Skills are spelled as where they first appear: ``Phone`` on one person and ``phone`` on
    another are one skill, which the solver, comparing exactly, would otherwise split in two."""
    staff: list[Staff] = []
    bad: list[str] = []
    spelling: dict[str, str] = {}
    first_row: dict[str, tuple[str, int]] = {}
    for row in table.records(problems):
        staff_id = row.get("id", parse_id, required=True)
        name = row.get("name", required=True)
        skills = tuple(dict.fromkeys(spelling.setdefault(skill_key(k), k)
                                     for k in split_list(row.raw("skills"))))
        allowed = _allowed_shifts(row, codes)
        lead = row.get("lead", _own_word_flag("staff", "lead"), default=False)
        total = next((v for v in (staff_id, name) if v is not None and norm(v) in TOTAL_LABELS), None)
        if total is not None:
            row.fail("id" if total == staff_id else "name",
                     t("excel.staff.total_row", value=total, name=name or staff_id))
        same = first_row.get(id_key(staff_id)) if staff_id is not None else None
        if same is not None:
            first_id, first_number = same
            if first_id == staff_id:
                row.fail("id", t("excel.dup_staff", value=staff_id, first=first_number))
            else:
                row.fail("id", t("excel.dup_staff_like", value=staff_id, other=first_id, first=first_number))
        if not row.ok:
            if staff_id is not None:
                bad.append(staff_id)
            continue
        first_row[id_key(staff_id)] = (staff_id, row.number)
        staff.append(Staff(staff_id, name, row.get("team", default=""), skills, allowed, lead))
    return staff, bad, list(spelling.values())


#: A Staff ``shifts`` cell meaning "any shift", as a blank cell does.
ANY_SHIFT_WORDS = ANY_WORDS | {"全部班次", "所有班次"}


def _allowed_shifts(row: Row, codes: CodeResolver) -> tuple[str, ...]:
    """The codes of a Staff ``shifts`` cell: ``D,N``, ``D N`` (spaces between codes) or a shift's
    name; ``全部``/``all`` means any shift, as a blank cell does."""
    allowed: list[str] = []
    cell = row.raw("shifts")
    if norm(cell) in ANY_SHIFT_WORDS:
        return ()
    for item in split_list(cell):
        parts = [(item, codes.resolve(item))]
        if parts[0][1] is None and len(item.split()) > 1:  # ``D N``: codes never hold spaces
            parts = [(part, codes.resolve(part)) for part in item.split()]
        for part, code in parts:
            if code is None:
                row.fail("shifts", t("excel.unknown_shift", value=part, known=codes.known()))
            elif code not in allowed:
                allowed.append(code)
    return tuple(allowed)


def _own_word_flag(sheet: str, column: str) -> Callable[[object], bool]:
    """A yes/no cell that may also hold the column's own word, meaning yes: ``组长`` in a lead's
    Staff row, ``禁休`` in a promotion's freeze column (both were refused as "not yes or no")."""
    words = COLUMNS[sheet][column].spellings()

    def flag(value: object) -> bool:
        return True if norm(value) in words else parse_bool(value)

    return flag


def _read_demand(table: Table, codes: CodeResolver, parse_skill: Callable[[object], str],
                 problems: Problems, days: DayWords) -> list[DemandRow]:
    rows: list[DemandRow] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    for row in table.records(problems):
        day = row.get("day", days, required=True)
        shift = _shift_code(row, "shift", codes)
        skill = row.get("skill", parse_skill)
        low = row.get("min", parse_int, required=True)
        target = row.get("target", parse_int)
        if low is not None and target is not None and target < low:
            row.fail("target", t("excel.target_below_min", target=target, min=low))
        if not row.ok:
            continue
        key = (days.key(day), shift, skill)
        if key in seen:
            row.fail("day", t("excel.dup_row", first=seen[key], what=t("excel.what.day_shift_skill")))
            continue
        seen[key] = row.number
        rows.append(DemandRow(day, shift, skill, low, target, row.number))
    return rows


def _shift_code(row: Row, column: str, codes: CodeResolver) -> str | None:
    value = row.get(column, required=True)
    if value is None:
        return None
    resolved = codes.resolve(value)
    if resolved is None:
        row.fail(column, t("excel.unknown_shift", value=value, known=codes.known()))
    return resolved


def _date_range(row: Row, *, one_day: bool = False) -> tuple[dt.date, dt.date] | None:
    """A row's ``from``..``to``.  With ``one_day`` a blank ``to`` is the ``from`` date (a Leave
    row with only a start is a day's leave, as a manager writes sick leave for today); a blank
    ``from`` is refused either way, since nothing says which day is meant."""
    start = row.get("from", parse_date, required=True)
    end = row.get("to", parse_date, required=not one_day)
    if end is None and one_day and is_blank(row.raw("to")):
        end = start
    if start is not None and end is not None and end < start:
        row.fail("to", t("excel.to_before_from", end=end.isoformat(),
                         start_column=row.table.column_title("from"), start=start.isoformat()))
    if start is None or end is None:
        return None
    return start, end


def _read_leave(wb: Workbook, refs: _Refs, problems: Problems) -> list[Leave]:
    table = read_table(wb, "leave", problems, required=False)
    if table is None:
        return []
    leave: list[Leave] = []
    for row in table.records(problems):
        staff_id = refs.staff_id(row)
        span = _date_range(row, one_day=True)
        kind = row.get("type", default="")
        if row.ok and staff_id is not None and span is not None:
            leave.append(Leave(staff_id, span[0], span[1], kind))
    return leave


def _read_requests(wb: Workbook, refs: _Refs, problems: Problems) -> list[Request]:
    table = read_table(wb, "requests", problems, required=False)
    if table is None:
        return []
    requests: list[Request] = []
    for row in table.records(problems):
        staff_id = refs.staff_id(row)
        date = row.get("date", parse_date, required=True)
        shift = row.get("shift", required=True)
        if shift is not None:
            mark = roster_mark(shift)
            resolved = REST if mark == REST else refs.codes.resolve(shift)
            if resolved is None:
                row.fail("shift", t("excel.unknown_request_shift", value=shift,
                                    known=refs.codes.known()))
            shift = resolved
        want = row.get("want", parse_bool, default=True)
        weight = row.get("weight", lambda v: parse_int(v, low=1), default=1)
        if row.ok:
            requests.append(Request(staff_id, date, shift, want, weight))
    return requests


def _read_promotions(wb: Workbook, problems: Problems, names: list[str] | None = None
                     ) -> list[Promotion]:
    """The promotions; ``names`` collects every name written, also on rows with problems."""
    table = read_table(wb, "promotions", problems, required=False)
    if table is None:
        return []
    promotions: list[Promotion] = []
    first_row: dict[str, int] = {}
    for row in table.records(problems):
        name = row.get("name", required=True)
        if names is not None and name is not None:
            names.append(name)
        span = _date_range(row)
        multiplier = row.get("multiplier", parse_multiplier, default=1.0)
        freeze = row.get("freeze_leave", _own_word_flag("promotions", "freeze_leave"), default=False)
        if name is not None and norm(name) in first_row:
            row.fail("name", t("excel.dup_promotion", value=name, first=first_row[norm(name)]))
        if row.ok and name is not None and span is not None:
            first_row[norm(name)] = row.number
            promotions.append(Promotion(name, span[0], span[1], float(multiplier), freeze))
    return promotions


#: The day type a Holidays-sheet kind gives its date.  A rest day is a weekend-type day: the
#: Demand sheet's weekend rows apply, and it is neither holiday duty nor a make-up working day.
_HOLIDAY_KIND_TYPES = {"holiday": DayType.HOLIDAY, "workday": DayType.WORKDAY, "rest": DayType.WEEKEND}


def _holiday_kind(value: object) -> DayType:
    word = HOLIDAY_KIND_WORDS.get(norm(value))
    if word is None:
        raise CellProblem(t("excel.bad_holiday_kind", value=text(value)))
    return _HOLIDAY_KIND_TYPES[word]


def _read_holidays(wb: Workbook, problems: Problems) -> list[HolidayEntry]:
    table = read_table(wb, "holidays", problems, required=False)
    if table is None:
        return []
    entries: list[HolidayEntry] = []
    seen: dict[dt.date, int] = {}
    for row in table.records(problems):
        date = row.get("date", parse_date, required=True)
        name = row.get("name", default="")
        kind = row.get("kind", _holiday_kind, default=DayType.HOLIDAY)
        if date is not None and date in seen:
            row.fail("date", t("excel.dup_row", first=seen[date], what=t("excel.what.date")))
        if row.ok:
            seen[date] = row.number
            entries.append(HolidayEntry(date, name, kind))
    return entries


def history_cell(value: object, codes: CodeResolver) -> str:
    """A History cell: a shift code, blank/OFF/休 (rest) or 假/LEAVE (leave)."""
    if is_blank(value):
        return REST
    mark = roster_mark(value)
    if mark is not None:
        return mark
    resolved = codes.resolve(text(value))
    if resolved is None:
        raise CellProblem(t("excel.bad_history_code", value=text(value), known=codes.known()))
    return resolved


def _history_is_grid(found: dict[str, int], header: list[object]) -> bool:
    """History may also be a grid like the Roster sheet (id, name, one column per date): the
    natural thing to paste from last month's roster."""
    return "id" in found and any(_dated(c) or isinstance(c, UnsavedFormula) for c in header)


def _dated(cell: object) -> bool:
    """Whether a History grid's header cell is meant as a date: also ``9月30日`` or ``9/30``
    without the year, which was skipped as a note column, silently dropping that day (often
    the last before the month, the one rest between shifts is judged from); it is now read,
    and refused with the year-missing message."""
    return looks_like_date(cell) or (isinstance(cell, str) and day_without_year(cell))


def _read_history(wb: Workbook, refs: _Refs, problems: Problems) -> dict[tuple[str, dt.date], str]:
    table = read_table(wb, "history", problems, required=False, accept=_history_is_grid)
    if table is None:
        return {}
    history: dict[tuple[str, dt.date], str] = {}
    first_row: dict[tuple[str, dt.date], int] = {}
    if "date" not in table.columns or "shift" not in table.columns:
        return _read_history_grid(table, refs, problems)
    for row in table.records(problems):
        staff_id = refs.staff_id(row)
        date = row.get("date", parse_date, required=True)
        shift = row.get("shift", lambda v: history_cell(v, refs.codes), default=REST)
        if not row.ok:
            continue
        key = (staff_id, date)
        if key in first_row:
            row.fail("date", t("excel.dup_row", first=first_row[key], what=t("excel.what.id_date")))
            continue
        first_row[key] = row.number
        history[key] = shift
    return history


def _read_history_grid(table: Table, refs: _Refs, problems: Problems
                       ) -> dict[tuple[str, dt.date], str]:
    date_columns: list[tuple[int, dt.date]] = []
    for index, cell in enumerate(table.header):
        cause = unreadable(cell)
        if cause is not None:  # a date formula (=C1+1) never calculated: its day is unknown
            problems.at(table.title, table.header_row, get_column_letter(index + 1), cause)
        elif _dated(cell):
            try:
                date_columns.append((index, parse_date(cell)))
            except CellProblem as problem:
                problems.at(table.title, table.header_row, text(cell), str(problem))
    history: dict[tuple[str, dt.date], str] = {}
    for row in table.records(problems):
        if is_blank(row.raw("id")) and not _person_row(row, date_columns, refs.codes):
            continue
        staff_id = refs.staff_id(row)
        if staff_id is None:
            continue
        for index, date in date_columns:
            value = row.values[index] if index < len(row.values) else None
            cause = unreadable(value)
            if cause is not None:
                problems.at(table.title, row.number, date.isoformat(), cause)
                continue
            try:
                history[(staff_id, date)] = history_cell(value, refs.codes)
            except CellProblem as problem:
                problems.at(table.title, row.number, date.isoformat(), str(problem))
    return history


def rule_key(value: object) -> str:
    """A Rules key as the profile spells it: ``Rest_Days . Max`` -> ``rest_days.max``.

    Every rule and parameter name is lower case, so case and spaces typed around the parts
    carry no meaning; without this, ``Rest_Days.Max`` reads as an unknown rule."""
    return ".".join(part.strip() for part in text(value).lower().split("."))


def _person_row(row: Row, date_columns: list[tuple[int, dt.date]], codes: CodeResolver) -> bool:
    """Whether a grid row without an id is a person's (their id forgotten: an error) rather than
    one of the Roster sheet's own rows pasted along with it (weekday, note, people per shift) or
    a note of the user's.  A person's row holds a shift code or a rest or leave mark on some day;
    the tool's rows are also told by their label, so that counts are not taken for numeric codes.
    """
    if is_grid_row_label(row.raw("name")):
        return False
    for index, _ in date_columns:
        value = row.values[index] if index < len(row.values) else None
        if is_blank(value):
            continue
        if roster_mark(value) is not None or codes.resolve(text(value)) is not None:
            return True
    return False


def read_rules(wb: Workbook, problems: Problems, key: str = "rules") -> list[tuple[str, object, int]]:
    """Rules rows as (dotted key, raw value, Excel row); the profile validates the values.  The
    row is a :class:`RulesRow`: it names the sheet and columns as titled here."""
    table = read_table(wb, key, problems, required=False)
    if table is None:
        return []
    rules: list[tuple[str, object, int]] = []
    titles = (table.title, table.column_title("rule"), table.column_title("value"))
    for row in table.records(problems):
        rule = row.get("rule", rule_key, required=True)
        value = row.get("value", plain_value, required=True)
        if row.ok:
            # The row carries the titles, so that the profile's messages name 规则/值 as written.
            rules.append((rule, value, RulesRow(row.number, *titles)))
    return rules

"""Curtois & Qu shift-scheduling benchmark (Instance1..24): parser, evaluator, roster I/O.

This module is the *outside* yardstick of the project.  It is deliberately independent of the
CP-SAT model in :mod:`roster.bench.curtois_model`: the evaluator re-derives the objective and
the hard-constraint violations from the instance text alone (rules as restated in
``shared/bench/curtois/FORMAT.md``), so a bug in the model cannot hide behind a matching
bug in the checker.

A roster is a list (one entry per employee, in ``SECTION_STAFF`` order) of lists (one entry per
day) holding a shift id, or ``None`` for a day off.  This plain shape keeps the readers, the
writer, the evaluator and the model free of each other's classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from roster import i18n
from roster.i18n import t

Roster = list[list[str | None]]
"""``roster[e][d]`` = shift id worked by employee index ``e`` on day ``d``, or ``None`` (off)."""

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)


# --------------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shift:
    """A shift type.  ``not_after`` lists the shift ids that may not be worked the day after."""

    id: str
    minutes: int
    not_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Staff:
    """One employee's contract.  ``max_shifts[s] == 0`` is a skill restriction (never works s)."""

    id: str
    max_shifts: dict[str, int]
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class Request:
    """A shift on- or off-request: employee index, day, shift id and weight (1..3)."""

    employee: int
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class Cover:
    """The cover line for one (day, shift): requirement and the per-person weights."""

    day: int
    shift: str
    requirement: int
    weight_under: int
    weight_over: int


@dataclass
class CurtoisInstance:
    """A parsed instance.  Employees and shifts are referred to by index (file order) in rosters
    and requests; ids are kept as strings for output."""

    name: str
    horizon: int
    shifts: list[Shift]
    staff: list[Staff]
    days_off: list[frozenset[int]]
    on_requests: list[Request]
    off_requests: list[Request]
    cover: list[Cover]

    @property
    def shift_index(self) -> dict[str, int]:
        """Shift id -> index, for O(1) look-ups by the model and the evaluator."""
        return {s.id: i for i, s in enumerate(self.shifts)}

    @property
    def staff_index(self) -> dict[str, int]:
        """Employee id -> index (file order)."""
        return {p.id: i for i, p in enumerate(self.staff)}

    @property
    def num_weekends(self) -> int:
        """Weekend w is days 7w+5 (Sat) and 7w+6 (Sun); the horizon starts on a Monday."""
        return self.horizon // 7

    def size(self) -> tuple[int, int, int]:
        """(staff, days, shift types): the triple that best_known.csv lists."""
        return len(self.staff), self.horizon, len(self.shifts)


# --------------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------------


# The parser's messages, in both languages: ``roster bench curtois`` shows them to the user.
# Field names are the format's own (FORMAT.md), the same in either language.
i18n.register(
    {
        "curtois.int": {
            "en": "line {line}: {field} must be a whole number of 0 or more, got {text!r}",
            "zh": "第 {line} 行：{field} 应为不小于 0 的整数，实际为“{text}”",
        },
        "curtois.unknown_section": {
            "en": "line {line}: unknown section {name!r} (the sections are {known})",
            "zh": "第 {line} 行：未知的段“{name}”（应为 {known} 之一）",
        },
        "curtois.section_twice": {
            "en": "line {line}: section {name} appears twice",
            "zh": "第 {line} 行：段 {name} 出现了两次",
        },
        "curtois.outside": {
            "en": "line {line}: data outside any section: {text!r} (a section starts at its SECTION_ line "
                  "and ends at a blank line)",
            "zh": "第 {line} 行：数据不在任何段内：“{text}”（段从 SECTION_ 行开始，到空行结束）",
        },
        "curtois.missing_section": {"en": "missing section {name}", "zh": "缺少段 {name}"},
        "curtois.horizon_count": {
            "en": "SECTION_HORIZON must hold exactly one value (the number of days), it holds {count}",
            "zh": "SECTION_HORIZON 应只有一个值（天数），实际有 {count} 个",
        },
        "curtois.horizon_positive": {
            "en": "line {line}: the horizon must be at least 1 day, got {value}",
            "zh": "第 {line} 行：排班天数至少为 1，实际为 {value}",
        },
        "curtois.fields": {
            "en": "line {line}: a {section} line has {expected} comma-separated fields ({names}), this one has {got}",
            "zh": "第 {line} 行：{section} 的每行应有 {expected} 个逗号分隔的字段（{names}），此行有 {got} 个",
        },
        "curtois.empty_id": {"en": "line {line}: {field} is empty", "zh": "第 {line} 行：{field} 为空"},
        "curtois.duplicate": {
            "en": "line {line}: {field} {id!r} appears twice in {section}",
            "zh": "第 {line} 行：{field}“{id}”在 {section} 中出现了两次",
        },
        "curtois.bad_not_after": {
            "en": "line {line}: NotAfter of shift {shift} names unknown shift {other!r}",
            "zh": "第 {line} 行：班次 {shift} 的 NotAfter 中有未知班次“{other}”",
        },
        "curtois.bad_max_shifts": {
            "en": "line {line}: MaxShifts item {item!r} is not ShiftID=n with a shift of SECTION_SHIFTS",
            "zh": "第 {line} 行：MaxShifts 项“{item}”不是 班次=数量 的形式，或班次不在 SECTION_SHIFTS 中",
        },
        "curtois.unknown_employee": {
            "en": "line {line}: unknown employee {id!r} (not in SECTION_STAFF)",
            "zh": "第 {line} 行：未知员工“{id}”（不在 SECTION_STAFF 中）",
        },
        "curtois.unknown_shift": {
            "en": "line {line}: unknown shift {id!r} (not in SECTION_SHIFTS)",
            "zh": "第 {line} 行：未知班次“{id}”（不在 SECTION_SHIFTS 中）",
        },
        "curtois.day_range": {
            "en": "line {line}: day {day} is outside the horizon 0..{last}",
            "zh": "第 {line} 行：第 {day} 天超出排班范围 0..{last}",
        },
        "curtois.second_cover": {
            "en": "line {line}: a second cover line for day {day}, shift {shift}",
            "zh": "第 {line} 行：第 {day} 天班次 {shift} 的覆盖需求行重复",
        },
        "curtois.not_text": {
            "en": "not an ASCII text file (byte {byte} at offset {offset})",
            "zh": "不是 ASCII 文本文件（偏移 {offset} 处的字节 {byte}）",
        },
    }
)

_FIELDS = {
    "SECTION_SHIFTS": ("ShiftID", "LengthMinutes", "NotAfter"),
    "SECTION_STAFF": (
        "ID",
        "MaxShifts",
        "MaxTotalMinutes",
        "MinTotalMinutes",
        "MaxConsecutiveShifts",
        "MinConsecutiveShifts",
        "MinConsecutiveDaysOff",
        "MaxWeekends",
    ),
    "SECTION_SHIFT_ON_REQUESTS": ("ID", "Day", "ShiftID", "Weight"),
    "SECTION_SHIFT_OFF_REQUESTS": ("ID", "Day", "ShiftID", "Weight"),
    "SECTION_COVER": ("Day", "ShiftID", "Requirement", "WeightUnder", "WeightOver"),
}
"""Each section's fields, as FORMAT.md names them (for messages about a line's shape)."""


def _int(text: str, lineno: int, what: str) -> int:
    """A count, length, weight or day: every number in the format is a whole number >= 0."""
    try:
        value: int | None = int(text)  # the published files write some zeros as "-0"
    except ValueError:
        value = None
    if value is None or value < 0:
        raise ValueError(t("curtois.int", line=lineno, field=what, text=text))
    return value


def _fields(line: str, lineno: int, section: str) -> list[str]:
    """The comma-separated fields of a data line, checked against the section's shape."""
    parts = line.split(",")
    names = _FIELDS[section]
    if len(parts) != len(names):
        raise ValueError(t("curtois.fields", line=lineno, section=section, expected=len(names),
                           names=", ".join(names), got=len(parts)))
    return parts


def _split_sections(lines: Sequence[str]) -> dict[str, list[tuple[int, str]]]:
    """Group data lines (1-based line number, text) under their SECTION_ header.

    Comments start with ``#``; a section ends at a blank line.  ``\\r`` is stripped so the
    official CRLF zip and the LF copies parse alike."""
    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n").strip()
        if not line:
            current = None
            continue
        if line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise ValueError(t("curtois.unknown_section", line=lineno, name=line, known=", ".join(SECTIONS)))
            if line in sections:
                raise ValueError(t("curtois.section_twice", line=lineno, name=line))
            sections[line] = []
            current = line
            continue
        if current is None:
            raise ValueError(t("curtois.outside", line=lineno, text=line))
        sections[current].append((lineno, line))
    for name in SECTIONS:
        if name not in sections:
            raise ValueError(t("curtois.missing_section", name=name))
    return sections


def parse_instance(text: str, name: str = "instance") -> CurtoisInstance:
    """Parse the text of an instance file (see FORMAT.md).  Raises ValueError with the line
    number on malformed input, because a silent mis-parse would corrupt every benchmark."""
    sec = _split_sections(text.splitlines())

    horizon_lines = sec["SECTION_HORIZON"]
    if len(horizon_lines) != 1:
        raise ValueError(t("curtois.horizon_count", count=len(horizon_lines)))
    lineno, line = horizon_lines[0]
    horizon = _int(line, lineno, "SECTION_HORIZON")
    if horizon <= 0:
        raise ValueError(t("curtois.horizon_positive", line=lineno, value=horizon))

    shifts: list[Shift] = []
    shift_lines: dict[str, int] = {}
    for lineno, line in sec["SECTION_SHIFTS"]:
        parts = _fields(line, lineno, "SECTION_SHIFTS")
        sid = parts[0]
        if not sid:
            raise ValueError(t("curtois.empty_id", line=lineno, field="ShiftID"))
        if sid in shift_lines:
            raise ValueError(t("curtois.duplicate", line=lineno, field="ShiftID", id=sid, section="SECTION_SHIFTS"))
        shift_lines[sid] = lineno
        not_after = tuple(s for s in parts[2].split("|") if s)
        shifts.append(Shift(sid, _int(parts[1], lineno, "LengthMinutes"), not_after))
    shift_ids = set(shift_lines)
    for s in shifts:
        for other in s.not_after:
            if other not in shift_ids:
                raise ValueError(t("curtois.bad_not_after", line=shift_lines[s.id], shift=s.id, other=other))

    staff: list[Staff] = []
    staff_idx: dict[str, int] = {}
    for lineno, line in sec["SECTION_STAFF"]:
        parts = _fields(line, lineno, "SECTION_STAFF")
        if not parts[0]:
            raise ValueError(t("curtois.empty_id", line=lineno, field="ID"))
        if parts[0] in staff_idx:
            raise ValueError(t("curtois.duplicate", line=lineno, field="ID", id=parts[0], section="SECTION_STAFF"))
        max_shifts: dict[str, int] = {}
        for item in parts[1].split("|"):
            if not item:
                continue
            sid, eq, n = item.partition("=")
            if not eq or sid not in shift_ids:
                raise ValueError(t("curtois.bad_max_shifts", line=lineno, item=item))
            max_shifts[sid] = _int(n, lineno, f"MaxShifts[{sid}]")
        nums = [_int(p, lineno, field) for p, field in zip(parts[2:], _FIELDS["SECTION_STAFF"][2:], strict=True)]
        staff_idx[parts[0]] = len(staff)
        staff.append(Staff(parts[0], max_shifts, *nums))

    def emp(token: str, lineno: int) -> int:
        if token not in staff_idx:
            raise ValueError(t("curtois.unknown_employee", line=lineno, id=token))
        return staff_idx[token]

    def day(token: str, lineno: int) -> int:
        d = _int(token, lineno, "Day")
        if not 0 <= d < horizon:
            raise ValueError(t("curtois.day_range", line=lineno, day=d, last=horizon - 1))
        return d

    def shift(token: str, lineno: int) -> str:
        if token not in shift_ids:
            raise ValueError(t("curtois.unknown_shift", line=lineno, id=token))
        return token

    days_off_sets: list[set[int]] = [set() for _ in staff]
    for lineno, line in sec["SECTION_DAYS_OFF"]:
        parts = [p for p in line.split(",") if p != ""]  # the ID, then any number of days
        if not parts:
            raise ValueError(t("curtois.empty_id", line=lineno, field="ID"))
        e = emp(parts[0], lineno)
        days_off_sets[e].update(day(p, lineno) for p in parts[1:])

    def requests(name: str) -> list[Request]:
        out = []
        for lineno, line in sec[name]:
            parts = _fields(line, lineno, name)
            out.append(
                Request(
                    emp(parts[0], lineno),
                    day(parts[1], lineno),
                    shift(parts[2], lineno),
                    _int(parts[3], lineno, "Weight"),
                )
            )
        return out

    cover: list[Cover] = []
    seen: set[tuple[int, str]] = set()
    for lineno, line in sec["SECTION_COVER"]:
        parts = _fields(line, lineno, "SECTION_COVER")
        c = Cover(
            day(parts[0], lineno),
            shift(parts[1], lineno),
            _int(parts[2], lineno, "Requirement"),
            _int(parts[3], lineno, "WeightUnder"),
            _int(parts[4], lineno, "WeightOver"),
        )
        if (c.day, c.shift) in seen:
            raise ValueError(t("curtois.second_cover", line=lineno, day=c.day, shift=c.shift))
        seen.add((c.day, c.shift))
        cover.append(c)

    return CurtoisInstance(
        name=name,
        horizon=horizon,
        shifts=shifts,
        staff=staff,
        days_off=[frozenset(s) for s in days_off_sets],
        on_requests=requests("SECTION_SHIFT_ON_REQUESTS"),
        off_requests=requests("SECTION_SHIFT_OFF_REQUESTS"),
        cover=cover,
    )


def load_instance(path: str | Path) -> CurtoisInstance:
    """Read an instance file (LF or CRLF); the instance is named after the file stem."""
    path = Path(path)
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")  # an editor's BOM is not content
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as exc:
        raise ValueError(t("curtois.not_text", byte=f"0x{raw[exc.start]:02x}", offset=exc.start)) from None
    return parse_instance(text, name=path.stem)


# --------------------------------------------------------------------------------------------
# Evaluator
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """A broken hard constraint, in words: who, when, which rule, the numbers."""

    employee: str
    day: int | None
    rule: str
    message: str

    def __str__(self) -> str:
        when = f" day {self.day}" if self.day is not None else ""
        return f"{self.employee}{when} [{self.rule}]: {self.message}"


@dataclass
class Evaluation:
    """Objective split (on-requests, off-requests, cover) and the hard-constraint violations."""

    on_cost: int = 0
    off_cost: int = 0
    cover_cost: int = 0
    under_cost: int = 0
    over_cost: int = 0
    violations: list[Violation] = field(default_factory=list)

    @property
    def objective(self) -> int:
        return self.on_cost + self.off_cost + self.cover_cost

    @property
    def feasible(self) -> bool:
        return not self.violations


def _runs(flags: Sequence[bool], value: bool) -> Iterable[tuple[int, int]]:
    """Maximal runs (start, length) of ``value`` in ``flags``."""
    start = None
    for d, f in enumerate(flags):
        if f == value:
            if start is None:
                start = d
        elif start is not None:
            yield start, d - start
            start = None
    if start is not None:
        yield start, len(flags) - start


def evaluate(instance: CurtoisInstance, roster: Roster) -> Evaluation:
    """Recompute the objective and list every hard-constraint violation of ``roster``.

    Follows FORMAT.md literally, including the horizon-edge rules: max-consecutive-shifts assumes
    days off outside the horizon; min-consecutive-shifts and min-consecutive-days-off do not apply
    to runs that touch day 0 or day h-1.  A malformed roster (wrong shape, unknown shift) is
    reported as violations rather than raised, so a caller always gets a full report."""
    inst = instance
    h = inst.horizon
    ev = Evaluation()
    viol = ev.violations
    minutes = {s.id: s.minutes for s in inst.shifts}
    forbidden = {s.id: set(s.not_after) for s in inst.shifts}

    if len(roster) != len(inst.staff):
        viol.append(
            Violation("*", None, "shape", f"{len(roster)} rows for {len(inst.staff)} employees")
        )
    rows: list[list[str | None]] = []
    for e, p in enumerate(inst.staff):
        row = list(roster[e]) if e < len(roster) else [None] * h
        if len(row) != h:
            viol.append(Violation(p.id, None, "shape", f"{len(row)} days for a horizon of {h}"))
            row = (row + [None] * h)[:h]
        for d, s in enumerate(row):
            if s is not None and s not in minutes:
                viol.append(Violation(p.id, d, "shape", f"unknown shift {s!r}"))
                row[d] = None
        rows.append(row)

    for e, p in enumerate(inst.staff):
        row = rows[e]
        worked = [s is not None for s in row]
        # 2. forbidden successions
        for d in range(h - 1):
            a, b = row[d], row[d + 1]
            if a is not None and b is not None and b in forbidden[a]:
                viol.append(
                    Violation(p.id, d + 1, "succession", f"{b} on day {d + 1} after {a} on day {d}")
                )
        # 3. max shifts per type
        for sid, limit in p.max_shifts.items():
            n = sum(1 for s in row if s == sid)
            if n > limit:
                viol.append(Violation(p.id, None, "max_shifts", f"{n} x {sid} > max {limit}"))
        for sid in {s for s in row if s is not None and s not in p.max_shifts}:
            viol.append(Violation(p.id, None, "max_shifts", f"works {sid}, not in MaxShifts"))
        # 4. total minutes
        total = sum(minutes[s] for s in row if s is not None)
        if total > p.max_total_minutes:
            viol.append(
                Violation(p.id, None, "max_minutes", f"{total} min > max {p.max_total_minutes}")
            )
        if total < p.min_total_minutes:
            viol.append(
                Violation(p.id, None, "min_minutes", f"{total} min < min {p.min_total_minutes}")
            )
        # 5./6. work runs
        for start, length in _runs(worked, True):
            if length > p.max_consecutive_shifts:
                viol.append(
                    Violation(
                        p.id,
                        start,
                        "max_consecutive_shifts",
                        f"{length} days worked from day {start} > max {p.max_consecutive_shifts}",
                    )
                )
            touches_edge = start == 0 or start + length == h
            if not touches_edge and length < p.min_consecutive_shifts:
                viol.append(
                    Violation(
                        p.id,
                        start,
                        "min_consecutive_shifts",
                        f"{length} days worked from day {start} < min {p.min_consecutive_shifts}",
                    )
                )
        # 7. off runs
        for start, length in _runs(worked, False):
            touches_edge = start == 0 or start + length == h
            if not touches_edge and length < p.min_consecutive_days_off:
                viol.append(
                    Violation(
                        p.id,
                        start,
                        "min_consecutive_days_off",
                        f"{length} days off from day {start} < min {p.min_consecutive_days_off}",
                    )
                )
        # 8. weekends
        weekends = sum(1 for w in range(h // 7) if worked[7 * w + 5] or worked[7 * w + 6])
        if weekends > p.max_weekends:
            viol.append(
                Violation(p.id, None, "max_weekends", f"{weekends} weekends > max {p.max_weekends}")
            )
        # 9. days off
        for d in sorted(inst.days_off[e]):
            if worked[d]:
                viol.append(Violation(p.id, d, "day_off", f"works {row[d]} on a required day off"))

    for r in inst.on_requests:
        if rows[r.employee][r.day] != r.shift:
            ev.on_cost += r.weight
    for r in inst.off_requests:
        if rows[r.employee][r.day] == r.shift:
            ev.off_cost += r.weight
    counts: dict[tuple[int, str], int] = {}
    for row in rows:
        for d, s in enumerate(row):
            if s is not None:
                counts[(d, s)] = counts.get((d, s), 0) + 1
    for c in inst.cover:
        n = counts.get((c.day, c.shift), 0)
        ev.under_cost += c.weight_under * max(0, c.requirement - n)
        ev.over_cost += c.weight_over * max(0, n - c.requirement)
    ev.cover_cost = ev.under_cost + ev.over_cost
    return ev


# --------------------------------------------------------------------------------------------
# Roster readers and writer
# --------------------------------------------------------------------------------------------


def read_tsv(instance: CurtoisInstance, path: str | Path) -> Roster:
    """Read a roster in the ``solutions/*.tsv`` format: one line per employee in staff order,
    one tab-separated cell per day, shift id or a single space (day off)."""
    text = Path(path).read_text(encoding="ascii")
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(instance.staff):
        raise ValueError(f"{path}: {len(lines)} rows for {len(instance.staff)} employees")
    known = {s.id for s in instance.shifts}
    roster: Roster = []
    for lineno, line in enumerate(lines, start=1):
        cells = line.split("\t")
        if len(cells) != instance.horizon:
            raise ValueError(
                f"{path} line {lineno}: {len(cells)} cells, expected {instance.horizon}"
            )
        row: list[str | None] = []
        for cell in cells:
            c = cell.strip()
            if c and c not in known:
                raise ValueError(f"{path} line {lineno}: unknown shift {c!r}")
            row.append(c or None)
        roster.append(row)
    return roster


def write_tsv(instance: CurtoisInstance, roster: Roster, path: str | Path) -> None:
    """Write ``roster`` in the ``solutions/*.tsv`` format (LF line endings)."""
    lines = ["\t".join(s if s is not None else " " for s in row) for row in roster]
    if len(lines) != len(instance.staff):
        raise ValueError(f"{len(lines)} rows for {len(instance.staff)} employees")
    Path(path).write_text("\n".join(lines) + "\n", encoding="ascii")


_OUT_ROW = re.compile(r"^\s*([A-Za-z]+):\s(.*)$")


def read_colgen_out(instance: CurtoisInstance, path: str | Path) -> list[tuple[Roster, int | None]]:
    """Read every roster in a Strandmark column-generation ``.out`` file.

    Returns (roster, objective stated in the following ``Final solution ...: N`` line).  A row
    is ``  A: `` then 2 characters per day: `` .`` off, else the shift id padded with ``=``."""
    text = Path(path).read_text(encoding="ascii")
    staff_idx = instance.staff_index
    known = {s.id for s in instance.shifts}
    out: list[tuple[Roster, int | None]] = []
    current: dict[int, list[str | None]] = {}

    def flush(stated: int | None) -> None:
        if not current:
            return
        if len(current) != len(instance.staff):
            raise ValueError(f"{path}: roster with {len(current)} of {len(instance.staff)} rows")
        out.append(([current[e] for e in range(len(instance.staff))], stated))
        current.clear()

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if line.startswith("Final solution"):
            flush(_int(line.rsplit(":", 1)[1].strip(), lineno, "objective"))
            continue
        m = _OUT_ROW.match(line)
        if not m or m.group(1) not in staff_idx:
            continue
        body = m.group(2)
        if len(body) < 2 * instance.horizon:
            raise ValueError(f"{path} line {lineno}: {len(body)} chars for {instance.horizon} days")
        row: list[str | None] = []
        for d in range(instance.horizon):
            cell = body[2 * d : 2 * d + 2]
            if cell == " .":
                row.append(None)
                continue
            sid = cell.rstrip("=")
            if sid not in known:
                raise ValueError(f"{path} line {lineno}: unknown shift cell {cell!r} on day {d}")
            row.append(sid)
        e = staff_idx[m.group(1)]
        if e in current:
            flush(None)
        current[e] = row
    flush(None)
    return out

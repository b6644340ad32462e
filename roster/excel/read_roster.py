"""Reading a roster workbook: the team copied into it, the Roster grid, the effective rules and
the Changes log.

A roster workbook may have been edited by hand, so the grid is read permissively: unknown codes
and unknown staff ids are kept as written for the checker to report (it can say *why* a code is
wrong; the reader would only refuse the file).  Only a grid whose structure cannot be understood
(no Roster sheet, no date columns, a header date that is not a date) is an input error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from roster.calendar import parse_month
from roster.domain import LEAVE, REST, Change, Roster, SolveInfo, Team, is_leave_mark, is_rest_mark
from roster.errors import InputError
from roster.excel.aliases import (
    ABOUT_ITEMS,
    SHEETS,
    TOTAL_LABELS,
    WEEKDAY_LABELS,
    change_command,
    find_sheet,
    is_grid_row_label,
    match_header,
    norm,
    sheet_candidates,
)
from roster.excel.cells import (
    CellProblem,
    day_without_year,
    is_blank,
    looks_like_date,
    parse_date,
    roster_mark,
    text,
    unreadable,
)
from roster.excel.read_team import CodeResolver, IdResolver, team_from_workbook
from roster.excel.sheets import (
    HEADER_SEARCH_ROWS,
    Problems,
    fill_merged,
    open_workbook,
    read_table,
    sheet_rows,
    unique_sheet,
)
from roster.i18n import join, join_clauses, language, mark, register, t

register(
    {
        "excel.roster.is_team": {
            "en": "{path} is a team workbook (a Staff sheet, no Roster sheet), not a roster: make the roster "
                  "first, e.g. roster generate {path} --month YYYY-MM -o roster.xlsx, then give that file.",
            "zh": "{path} 是团队工作簿（有员工表，没有排班表），不是排班表：请先生成排班，例如 roster generate {path} "
                  "--month YYYY-MM -o roster.xlsx，再指定生成的文件。",
        },
        "excel.roster.no_team": {
            "en": "{path} has a Roster sheet but not the copies of the team sheets ({sheets}) that roster generate "
                  "puts in every roster workbook, so the staff, shifts and demand to check it against are unknown "
                  "(a roster from another tool, or the sheets were deleted): copy the Staff, Shifts and Demand "
                  "sheets of the team workbook into it.",
            "zh": "{path} 有排班表，但没有 roster generate 在每个排班工作簿中附带的团队表副本（{sheets}），因此无从得知"
                  "据以检查的员工、班次和需求（可能是其他工具生成的排班表，或这些工作表被删除了）：请把团队工作簿中的"
                  "员工、班次和需求表复制进来。",
        },
        "excel.roster.no_header": {
            "en": "no header row with an id column (accepted names: id / 工号) in the first {rows} rows",
            "zh": "前 {rows} 行中找不到含“工号”（id）列的表头",
        },
        "excel.roster.no_dates": {
            "en": "the header row has no date columns (expected a date such as 2026-12-01 in each "
            "column after id and name)",
            "zh": "表头没有日期列（工号、姓名之后的每一列表头应为日期，例如 2026-12-01）",
        },
        "excel.roster.dup_date": {
            "en": "date {date} appears twice in the header (first in column {first})",
            "zh": "表头中日期 {date} 出现两次（第一次在 {first} 列）",
        },
        "excel.roster.other_month": {
            "en": "date {date} is not in the roster's month {month} ({why}); a roster covers one month: "
                  "correct the date, or delete the column",
            "zh": "日期 {date} 不在排班月份 {month} 内（{why}）；一张排班表只覆盖一个月：请更正日期，或删除该列",
        },
        "excel.roster.month_about": {"en": "the About sheet's month", "zh": "“关于”表中的月份"},
        "excel.roster.month_most": {"en": "the month of most date columns", "zh": "大多数日期列所在的月份"},
        "excel.roster.extra_sheet": {"en": "sheet {name!r}", "zh": "工作表“{name}”"},
        "excel.roster.extra_column": {"en": "Roster column {column} ({title!r})", "zh": "排班表 {column} 列（“{title}”）"},
        "excel.roster.no_id": {
            "en": "is blank, but the row holds a person's shifts ({name}); give the staff id (工号)",
            "zh": "为空，但该行是某人的排班（{name}）；请填写工号",
        },
        "excel.previous.other_team": {
            "en": "the previous roster lists none of this team's staff (it has {theirs}; the Staff sheet has "
                  "{ours}): it is another team's roster, so it would bind nothing. Pass this team's roster of "
                  "the month before, or leave --previous out",
            "zh": "上月排班表中没有本组任何员工（其中为 {theirs}；员工表为 {ours}）：这是其他组的排班表，对本月没有约束。"
                  "请传入本组上个月的排班表，或去掉 --previous",
        },
        "excel.previous.not_before": {
            "en": "the previous roster covers {first}..{last}, nothing before {start} (the first day planned): "
                  "pass the roster of the month before, not this month's or a later one",
            "zh": "上月排班表覆盖 {first}..{last}，没有 {start}（本次排班第一天）之前的日子："
                  "请传入上个月的排班表，而不是本月或之后的排班表",
        },
        "excel.previous.unknown_code": {
            "en": "the previous roster has {count} cell(s) that are neither a shift code of this team ({known}) "
                  "nor rest or leave: {items}. Last month's tail decides the rest and rotation rules of the "
                  "first days, so correct them in that roster, or add the shift to the Shifts sheet",
            "zh": "上月排班表中有 {count} 个单元格既不是本组的班次代码（{known}），也不是休息或请假：{items}。"
                  "上月月末决定本月头几天的休息和轮换规则，请在该排班表中更正，或在班次表中添加该班次",
        },
        "excel.previous.too_old": {
            "en": "the previous roster covers {first}..{last}, which ends {days} days before {start} (the first "
                  "day planned), so it would bind nothing: pass the roster of {month} (the month before), or "
                  "leave --previous out",
            "zh": "上月排班表覆盖 {first}..{last}，最后一天比本次排班第一天 {start} 早 {days} 天，对本月没有约束："
                  "请传入 {month}（上个月）的排班表，或去掉 --previous",
        },
        "excel.previous.renamed": {
            "en": "Shift codes of the previous roster that this team's Shifts sheet no longer has, read as the "
                  "shift with {why}: {items}.",
            "zh": "上月排班表中的班次代码在本组班次表中已不存在，已按{why}的班次读取：{items}。",
        },
        "excel.previous.renamed_hours": {"en": "the same hours", "zh": "相同时间"},
        "excel.previous.renamed_name": {"en": "the same name", "zh": "相同名称"},
        "excel.previous.renamed_item": {"en": "{old} ({old_label}) as {new} ({new_label})",
                                        "zh": "{old}（{old_label}）读作 {new}（{new_label}）"},
        "excel.previous.hours_changed": {
            "en": "Shifts whose hours changed since the previous roster: {items}; last month's tail is judged "
                  "with today's hours (rest between shifts across the month boundary).",
            "zh": "以下班次的时间与上月排班表不同：{items}；上月月末按现在的时间判断（跨月的班次间隔休息）。",
        },
        "excel.previous.hours_item": {"en": "{code} was {old}, now {new}", "zh": "{code} 原为 {old}，现为 {new}"},
        "excel.previous.history_differs": {
            "en": "The History sheet and the previous roster (--previous) disagree on {count} day(s) ({items}); "
                  "the previous roster's cells are used. Delete those History rows if the previous roster is right.",
            "zh": "历史表与上月排班表（--previous）有 {count} 天不一致（{items}）；以上月排班表为准。"
                  "如上月排班表正确，请删除历史表中的这些行。",
        },
        "excel.previous.differs_item": {"en": "{staff} {date}: History {history}, previous roster {previous}",
                                        "zh": "{staff} {date}：历史表 {history}，上月排班表 {previous}"},
        "excel.previous.missing_staff": {
            "en": "Not in the previous roster nor the History sheet: {count} of the staff ({items}); their "
                  "first days are planned as if after a rest (new staff?).",
            "zh": "上月排班表和历史表中都没有 {count} 名员工（{items}）；他们本月头几天按休息之后安排（新员工？）。",
        },
        "excel.roster.dup_id": {
            "en": "staff id {value!r} has two rows (first in row {first})",
            "zh": "工号 {value!r} 有两行（第一次在第 {first} 行）",
        },
    }
)


@dataclass
class RosterBook:
    """Everything a roster workbook carries, so that later commands need no other file."""

    team: Team
    roster: Roster
    #: The Rules sheet: the rule values the roster was made with, as (key, value, Excel row).
    effective_rules: list[tuple[str, object, int]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    profile_name: str | None = None
    #: What the workbook holds beyond what the tool writes (the user's own sheets, extra
    #: columns in the Roster sheet): an edit writes a new workbook without them, and says so.
    extras: list[str] = field(default_factory=list)
    #: The solve figures the Summary sheet records (status, objective, bound, gap, seconds...):
    #: how the roster was made, for the report.  Not the roster's ``info``: an edit of the
    #: roster must not carry a solve's objective it no longer has.
    solve_info: SolveInfo | None = None


def read_roster(path: str | Path) -> RosterBook:
    """Read a roster workbook written by ``generate`` (or made or edited by hand)."""
    wb = open_workbook(path)
    problems = Problems()
    # Lenient about Demand skills: a hand-edited Staff copy should make ``check`` report the
    # shift left uncovered, not refuse the file.
    team = team_from_workbook(wb, problems, strict_demand_skills=False)
    codes = CodeResolver([s.code for s in team.shifts] if team else [],
                         {s.name: s.code for s in team.shifts} if team else None)
    ids = IdResolver([s.id for s in team.staff]) if team else None
    extras: list[str] = []
    roster = _read_grid(wb, problems, codes, extras, ids)
    changes = _read_changes(wb, problems, codes)
    if problems.items:
        hint = _wrong_kind(wb, path)
        if hint is not None:  # first: it says what the "no sheet ..." lines below mean
            problems.items.insert(0, hint)
    problems.raise_if_any()
    assert team is not None and roster is not None
    roster.changes = changes
    extras[:0] = [t("excel.roster.extra_sheet", name=name) for name in _own_sheets(wb)]
    return RosterBook(team, roster, list(team.rule_overrides), changes, _profile_name(wb), extras,
                      _solve_info(wb))


def _wrong_kind(wb: Workbook, path: str | Path) -> InputError | None:
    """What to do when the workbook is not a roster workbook at all: a team workbook (given to
    ``check`` by mistake), or a Roster sheet without the team sheets ``generate`` copies in (a
    roster from another tool).  "No sheet Staff, no sheet Demand" alone left the user to guess
    that a roster workbook must carry them."""
    names = list(wb.sheetnames)
    has_roster = bool(sheet_candidates("roster", names))
    has_staff = bool(sheet_candidates("staff", names))
    # A roster workbook whose Roster sheet was deleted or renamed still has its Coverage or
    # Summary: that is not a team workbook, and the "no sheet Roster" line says enough.
    output_sheets = any(sheet_candidates(key, names) for key in ("coverage", "summary", "violations"))
    if has_staff and not has_roster and not output_sheets:
        return InputError(t("excel.roster.is_team", path=path), sheet=SHEETS["roster"].en)
    if has_roster and not has_staff:
        absent = [SHEETS[key].label(language()) for key in ("staff", "shifts", "demand")
                  if not sheet_candidates(key, names)]
        return InputError(t("excel.roster.no_team", path=path, sheets=join(absent)), sheet=SHEETS["staff"].en)
    return None


#: How many items a message about the previous roster lists before "...".
_LISTED = 5


def _listed(items: list[str]) -> str:
    return ", ".join(items[:_LISTED]) + (", ..." if len(items) > _LISTED else "")


#: A previous roster whose last day is more than this many days before the month planned binds
#: nothing (as roster.engine.HISTORY_GAP_DAYS says of a History sheet) and is refused.
PREVIOUS_GAP_DAYS = 7


def previous_tail(book: RosterBook, team: Team, start: dt.date) -> tuple[Roster, list[str]]:
    """Last month's roster (``generate --previous``) as the History tail of ``team`` for a
    month starting on ``start``: its cells before ``start`` for the team's staff, and notes.

    A roster workbook is read permissively (``check`` must be able to open a bad one), but as a
    History tail it decides the first days of the new month, so what the History sheet refuses
    is refused here too, rather than taken silently as "rest": a roster of another team (none of
    the staff in it), of this month or a later one (nothing before ``start``), of a month long
    before (it ends more than :data:`PREVIOUS_GAP_DAYS` before ``start``, so it binds nothing:
    the wrong file), and cells that are no shift of this team (a hand-typed ``X``, a shift since
    removed).  A shift renamed since (the old code gone, one shift of the same hours, else of the
    same name, in its place) is read as the new code, and said.  Notes also name the staff neither
    the previous roster nor the History sheet lists (new staff, or the wrong file), the days on
    which the History sheet says otherwise than the previous roster (whose cells win), and the
    shifts whose hours changed."""
    ours = [p.id for p in team.staff]
    known = set(ours)
    theirs = sorted({sid for sid, _ in book.roster.cells})
    if theirs and not known.intersection(theirs):
        raise InputError(t("excel.previous.other_team", theirs=_listed(theirs), ours=_listed(ours)))
    before = [d for d in book.roster.dates if d < start]
    if book.roster.dates and not before:
        raise InputError(t("excel.previous.not_before", first=min(book.roster.dates),
                           last=max(book.roster.dates), start=start))
    if before and (start - max(before)).days > PREVIOUS_GAP_DAYS:
        month_before = start.replace(day=1) - dt.timedelta(days=1)
        raise InputError(t("excel.previous.too_old", first=min(book.roster.dates), last=max(before),
                           days=(start - max(before)).days, start=start, month=f"{month_before:%Y-%m}"))
    codes = team.shift_by_code
    renamed, notes = _renamed_codes(book, team, {cell.strip() for cell in book.roster.cells.values()})
    cells: dict[tuple[str, dt.date], str] = {}
    unknown: list[str] = []
    for (sid, date), cell in sorted(book.roster.cells.items(), key=lambda item: (item[0][1], item[0][0])):
        if sid not in known or date >= start:
            continue
        code = renamed.get(cell.strip(), cell.strip())
        if code in codes or is_rest_mark(code) or is_leave_mark(code) or not code:
            cells[sid, date] = code if code else REST
        else:
            unknown.append(f"{sid} {date}: {code}")
    if unknown:
        raise InputError(t("excel.previous.unknown_code", count=len(unknown), known=", ".join(codes),
                           items=_listed(unknown)))
    listed = {sid for sid, _ in cells} | {sid for sid, date in team.history if date < start}
    missing = [sid for sid in ours if sid not in listed]
    if missing:
        notes.append(t("excel.previous.missing_staff", count=len(missing), items=_listed(missing)))
    notes.extend(_history_differs(team, cells))
    return Roster(sorted(set(before)), cells), notes


def _renamed_codes(book: RosterBook, team: Team, used: set[str]) -> tuple[dict[str, str], list[str]]:
    """{old code: new code} for the shifts of the previous roster that this team's Shifts sheet
    no longer has but replaces with exactly one shift of the same kind and hours (else of the same
    name): a code renamed between months (N -> 晚) was refused as an unknown code although the
    roster's own Shifts sheet says what it was.  With notes: the renames, and the shifts kept under
    their code whose hours changed (the tail is judged with today's hours)."""
    old_shifts = book.team.shift_by_code if book.team is not None else {}
    new_shifts = team.shift_by_code
    renamed: dict[str, str] = {}
    items: list[str] = []
    whys: set[str] = set()
    changed: list[str] = []
    for code in sorted(used):
        old = old_shifts.get(code)
        if old is None:
            continue
        if code in new_shifts:
            if new_shifts[code].segments != old.segments:
                changed.append(t("excel.previous.hours_item", code=code, old=old.label(),
                                 new=new_shifts[code].label()))
            continue
        spare = [s for s in team.shifts if s.kind == old.kind and s.code not in old_shifts]
        for why, same in (("hours", [s for s in spare if s.segments == old.segments]),
                          ("name", [s for s in spare if old.name and s.name == old.name])):
            if len(same) == 1:
                renamed[code] = same[0].code
                whys.add(why)
                items.append(t("excel.previous.renamed_item", old=code, old_label=old.label(), new=same[0].code,
                               new_label=same[0].label()))
                break
    notes = []
    if items:
        why = join(t(f"excel.previous.renamed_{w}") for w in sorted(whys))
        notes.append(t("excel.previous.renamed", why=why, items=join_clauses(items)))
    if changed:
        notes.append(t("excel.previous.hours_changed", items=join_clauses(changed)))
    return renamed, notes


def _history_differs(team: Team, cells: dict[tuple[str, dt.date], str]) -> list[str]:
    """A note naming the days on which the History sheet disagrees with the previous roster's
    cells (which win, roster.engine.with_previous): a manager who typed last week into the
    History sheet and also passed --previous was never told which one the month was planned on.
    Rest and leave count as the same (neither is work)."""
    differ = []
    for (sid, date), cell in sorted(cells.items(), key=lambda item: (item[0][1], item[0][0])):
        typed = team.history.get((sid, date))
        if typed is None or typed == cell or (_off(typed) and _off(cell)):
            continue
        differ.append(t("excel.previous.differs_item", staff=sid, date=date, history=mark(typed), previous=mark(cell)))
    if not differ:
        return []
    # "; " between items: each holds a comma of its own ("History D, previous roster N").
    shown = join_clauses([*differ[:_LISTED], *(["..."] if len(differ) > _LISTED else [])])
    return [t("excel.previous.history_differs", count=len(differ), items=shown)]


def _off(cell: str) -> bool:
    return not cell or is_rest_mark(cell) or is_leave_mark(cell)


#: The Summary sheet's solve lines (see write_roster._write_summary) and SolveInfo's fields.
_SOLVE_FIELDS = ("status", "objective", "bound", "seconds", "seed", "workers")
#: Labels earlier versions wrote for a solve line, and its field: the solve time was 耗时（秒）
#: until it took the console's word, 用时.  A roster made then must still say how it was solved.
_LEGACY_SOLVE_LABELS = {"耗时（秒）": "seconds"}


def _solve_info(wb: Workbook) -> SolveInfo | None:
    """The Summary sheet's solve figures, written in either language; None when the sheet, the
    block or its status is absent (a hand-made roster, or one written after an edit)."""
    title = find_sheet("summary", wb.sheetnames)
    if title is None:
        return None
    heading = {t("excel.summary.solve", lang=lang) for lang in ("en", "zh")}
    labels = {t(f"excel.summary.{key}", lang=lang): key for key in _SOLVE_FIELDS for lang in ("en", "zh")}
    labels.update(_LEGACY_SOLVE_LABELS)
    found: dict[str, object] = {}
    inside = False
    for cells in sheet_rows(wb, title):
        first = text(cells[0]) if cells else ""
        if first in heading:
            inside = True
            continue
        if inside:
            if not first:
                break
            key = labels.get(first)
            if key is not None and len(cells) > 1 and not is_blank(cells[1]):
                found[key] = cells[1]
    if not isinstance(found.get("status"), str):
        return None

    def number(key: str) -> float | None:
        value = found.get(key)
        return float(value) if isinstance(value, int | float) else None

    return SolveInfo(status=status_code(str(found["status"])), objective=number("objective"), bound=number("bound"),
                     seconds=number("seconds") or 0.0, seed=int(number("seed") or 0),
                     workers=int(number("workers") or 0))


#: A status code as the Summary writes it, alone or in brackets after its Chinese words.
_STATUS_CODE = re.compile(r"[A-Z][A-Z_]*(?:/[A-Z][A-Z_]*)?")


def status_code(cell: str) -> str:
    """The solver's status code in a Summary status cell: ``OPTIMAL``, or the code in
    ``最优（已证明）（OPTIMAL）`` (see :func:`roster.reports.status_text`); a cell
    without one (typed by hand) as written."""
    codes = _STATUS_CODE.findall(cell)
    return codes[-1] if codes else cell.strip()


def _own_sheets(wb: Workbook) -> list[str]:
    """Sheets the tool does not write (the user's notes, a pivot table...)."""
    from roster.excel.charts import CHART_SHEET_NAMES
    from roster.excel.interval_sheet import HEATMAP_SHEET_NAMES

    known = {find_sheet(key, wb.sheetnames) for key in SHEETS} | set(CHART_SHEET_NAMES) | set(HEATMAP_SHEET_NAMES)
    return [name for name in wb.sheetnames if name not in known]


def _dates_without_year(header: list[object], columns: dict[str, int], problems: Problems, title: str,
                        header_row: int) -> bool:
    """Date headers typed without the year (``2月1日``, ``2/1``), as hand-made rosters often
    have: each is named with what to add, rather than "no date columns"."""
    found = False
    for index, cell in enumerate(header):
        if index in columns.values() or not isinstance(cell, str) or not day_without_year(cell):
            continue
        try:
            parse_date(cell)
        except CellProblem as problem:
            problems.at(title, header_row, get_column_letter(index + 1), str(problem))
            found = True
    return found


def _read_grid(wb: Workbook, problems: Problems, codes: CodeResolver, extras: list[str] | None = None,
               ids: IdResolver | None = None) -> Roster | None:
    """The Roster sheet's cells; ``extras`` collects its columns that are neither id, name, a
    date nor a total the writer adds (an edit does not carry them over).

    ``ids`` maps an id as typed (``1`` for ``001``, full-width digits) to the Staff sheet's
    when unambiguous; an id it does not know is kept as written, for the checker to report."""
    title = unique_sheet(wb, "roster", problems)
    if title is None:
        read_table(wb, "roster", problems, required=True)  # records the missing sheet
        return None
    rows = sheet_rows(wb, title)
    header_index = next(
        (i for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]) if "id" in match_header("roster", list(cells))),
        None,
    )
    if header_index is None:
        problems.at_row(title, 1, t("excel.roster.no_header", rows=HEADER_SEARCH_ROWS))
        return None
    header = list(rows[header_index])
    rows = fill_merged(wb, title, rows, first_row=header_index + 2)
    columns = match_header("roster", header)
    id_col = columns["id"]
    header_row = header_index + 1
    dates: dict[dt.date, int] = {}
    bad_header = False
    for index, cell in enumerate(header):
        if index == id_col or index == columns.get("name"):
            continue
        letter = get_column_letter(index + 1)
        cause = unreadable(cell)
        if cause is not None:  # most likely a date formula (=C1+1) that was never calculated
            problems.at(title, header_row, letter, cause)
            bad_header = True
            continue
        if not looks_like_date(cell):
            continue
        try:
            date = parse_date(cell)
        except CellProblem as problem:
            problems.at(title, header_row, letter, str(problem))
            bad_header = True
            continue
        if date in dates:
            first = get_column_letter(dates[date] + 1)
            problems.at(title, header_row, letter,
                        t("excel.roster.dup_date", date=date.isoformat(), first=first))
            bad_header = True
            continue
        dates[date] = index
    if extras is not None:
        known = set(columns.values()) | set(dates.values())
        for index, cell in enumerate(header):
            if index not in known and not is_blank(cell) and not looks_like_date(cell):
                extras.append(t("excel.roster.extra_column", column=get_column_letter(index + 1), title=text(cell)))
    if not dates:
        if not bad_header and not _dates_without_year(header, columns, problems, title, header_row):
            problems.at_row(title, header_row, t("excel.roster.no_dates"))
        return None
    # One month per roster: a mistyped header date (2027-01-13 in December) stretched the
    # roster over two months, and check then reported 219 missing columns.
    month, why = _about_month(wb), "excel.roster.month_about"
    if month is None:
        counts = Counter((d.year, d.month) for d in dates)
        month, why = max(counts, key=lambda ym: (counts[ym], -ym[0], -ym[1])), "excel.roster.month_most"
    for date, index in sorted(dates.items()):
        if (date.year, date.month) != month:
            problems.at(title, header_row, get_column_letter(index + 1),
                        t("excel.roster.other_month", date=date.isoformat(), month=f"{month[0]:04d}-{month[1]:02d}",
                          why=t(why)))
            bad_header = True
    if bad_header:
        return None
    cells: dict[tuple[str, dt.date], str] = {}
    leave_texts: dict[tuple[str, dt.date], str] = {}
    seen: dict[str, int] = {}
    id_title = text(header[id_col])
    name_col = columns.get("name")
    for number, values in enumerate(rows[header_index + 1:], start=header_row + 1):
        raw_id = values[id_col] if id_col < len(values) else None
        cause = unreadable(raw_id)
        if cause is not None:
            problems.at(title, number, id_title, cause)
            continue
        staff_id = text(raw_id)
        if staff_id and ids is not None:
            staff_id = ids.resolve(staff_id) or staff_id
        # Blank ids are the writer's weekday/notes/totals rows (or spacing): not people, unless
        # the row holds shifts, which is a person whose id was deleted: said, not dropped.
        if not staff_id:
            name = values[name_col] if name_col is not None and name_col < len(values) else None
            if _holds_shifts(values, name, dates, codes):
                problems.at(title, number, id_title, t("excel.roster.no_id", name=text(name) or "-"))
            continue
        if norm(staff_id) in WEEKDAY_LABELS or norm(staff_id) in TOTAL_LABELS:
            continue  # a weekday or totals row of a hand-made roster: counts, not a person
        if staff_id in seen:
            problems.at(title, number, id_title,
                        t("excel.roster.dup_id", value=staff_id, first=seen[staff_id]))
            continue
        seen[staff_id] = number
        for date, index in dates.items():
            value = values[index] if index < len(values) else None
            cause = unreadable(value)
            if cause is not None:  # not a rest day: the cell's value is unknown
                problems.at(title, number, get_column_letter(index + 1), cause)
                continue
            cells[(staff_id, date)] = grid_cell(value, codes)
            if cells[(staff_id, date)] == LEAVE and text(value) not in PLAIN_LEAVE:
                leave_texts[(staff_id, date)] = text(value)
    return Roster(sorted(dates), cells, leave_texts=leave_texts)


def _holds_shifts(values: tuple[object, ...], name: object, dates: dict[dt.date, int],
                  codes: CodeResolver) -> bool:
    """Whether a row without an id is a person's: it holds a shift code or a rest or leave mark
    on some day and is not one of the writer's own rows (weekday, note, people per shift), told
    by its label, so that per-shift counts are never taken for numeric shift codes."""
    if is_grid_row_label(name):
        return False
    for index in dates.values():
        value = values[index] if index < len(values) else None
        if is_blank(value):
            continue
        if roster_mark(value) is not None or codes.resolve(text(value)) is not None:
            return True
    return False


#: Leave marks that say nothing beyond "leave" (the tool's own, in both languages).
PLAIN_LEAVE = frozenset({"LEAVE", "leave", "Leave", "假", "请假"})


def grid_cell(value: object, codes: CodeResolver | None = None) -> str:
    """A roster cell in canonical form: REST, LEAVE, a known code (case forgiven when
    unambiguous), or the text as written, stripped, for the checker to report."""
    if is_blank(value):
        return REST
    mark = roster_mark(value)
    if mark is not None:
        return mark
    written = text(value)
    return (codes.resolve(written) if codes else None) or written


def _read_changes(wb: Workbook, problems: Problems, codes: CodeResolver) -> list[Change]:
    table = read_table(wb, "changes", problems, required=False)
    if table is None:
        return []
    changes: list[Change] = []
    for row in table.records(problems):
        when = row.get("when", default="")
        staff_id = row.get("id", required=True)
        date = row.get("date", parse_date, required=True)
        before = grid_cell(row.raw("before"), codes)
        after = grid_cell(row.raw("after"), codes)
        if row.ok:
            changes.append(Change(when, change_command(row.get("command", default="")), row.get("by", default=""),
                                  staff_id, date, before, after, row.get("rules", default="")))
    return changes


def _about_value(wb: Workbook, key: str) -> object:
    """The About sheet's value for ``key`` (an ABOUT_ITEMS name), None when the sheet, the line
    or its value is absent."""
    title = find_sheet("about", wb.sheetnames)
    if title is None:
        return None
    item = ABOUT_ITEMS[key]
    for cells in sheet_rows(wb, title):
        if len(cells) >= 2 and item.matches(cells[0]) and not is_blank(cells[1]):
            return cells[1]
    return None


def _about_month(wb: Workbook) -> tuple[int, int] | None:
    """(year, month) from the About sheet's month line (None when absent or unreadable)."""
    value = _about_value(wb, "month")
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.year, value.month
    try:
        return parse_month(text(value))
    except InputError:
        return None


def _profile_name(wb: Workbook) -> str | None:
    """The profile named on the About sheet (None when the sheet or the line is absent)."""
    value = _about_value(wb, "profile")
    return None if value is None else text(value)




"""Writing the roster workbook: the grid people read and edit, coverage, statistics, violations,
changes, and copies of every input so that later commands need only this file.

The grid is made for hand editing: a drop-down of valid values in every cell, colours that follow
edits (conditional formatting, on top of the static fills), frozen headers.  The weekday and note
header rows and the totals rows leave the id column blank, which is how :mod:`read_roster` tells
them from people.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from roster.domain import (
    LEAVE,
    LEAVE_MARKS,
    REST,
    REST_MARKS,
    Day,
    DayType,
    Horizon,
    Roster,
    ShiftKind,
    SolveInfo,
    Team,
    Violation,
)
from roster.excel.aliases import ABOUT_ITEMS, CHANGE_COMMANDS, COLUMNS, SHEETS, WEEKDAYS
from roster.excel.charts import add_charts_sheet, add_coverage_colour_scale
from roster.excel.interval_sheet import add_interval_sheet, sheet_name
from roster.excel.output import (
    BOLD,
    BORDER,
    CENTER,
    DATE_FORMAT,
    WORKBOOK_SUFFIXES,
    autosize,
    check_output,
    fill,
    print_setup,
    save_atomic,
    write_header,
)
from roster.excel.write_team import write_team_sheets
from roster.i18n import display_width, join, mark, register, t
from roster.reports import (
    FAIRNESS_METRICS,
    PersonSummary,
    coverage_table,
    day_kind_label,
    fairness_groups,
    fairness_rule,
    fairness_spreads,
    interval_coverage_table,
    person_summary,
    rest_dates,
    status_text,
)
from roster.rules.base import rule_label

register(
    {
        "excel.coverage.intervals_only": {
            "en": "No shift has a Demand row: demand is per interval. On duty against required per half hour "
                  "and skill: sheet {sheet}.",
            "zh": "没有按班次的需求行：需求按时段给出。各时段、各技能的在岗与需求人数见“{sheet}”表。",
        },
        "excel.grid.weekday": {"en": "weekday", "zh": "星期"},
        "excel.grid.note": {"en": "note", "zh": "备注"},
        "excel.grid.on_shift": {"en": "on {code}", "zh": "{code} 人数"},
        "excel.grid.promotion": {"en": "promotion: {name}", "zh": "大促：{name}"},
        "excel.grid.holiday": {"en": "holiday: {name}", "zh": "节假日：{name}"},
        "excel.grid.rest_day": {"en": "rest day (Holidays sheet): planned as a weekend",
                                "zh": "休息日（节假日表）：按周末排班"},
        # After the promotion's multiplier, in the brackets of the language: "x1.5（禁休）".
        "excel.grid.multiplier": {"en": " x{multiplier:g}", "zh": "，需求 ×{multiplier:g}"},
        "excel.grid.freeze": {"en": " (leave frozen)", "zh": "（禁休）"},
        "excel.legend.title": {"en": "Legend", "zh": "图例"},
        "excel.legend.footer": {"en": "Legend: {items}", "zh": "图例：{items}"},
        "excel.legend.shift": {"en": "{code} = {name}{times}", "zh": "{code} = {name}{times}"},
        "excel.legend.rest": {"en": "{mark} = rest day", "zh": "{mark} = 休息"},
        "excel.legend.leave": {"en": "{mark} = leave", "zh": "{mark} = 请假"},
        "excel.legend.unknown": {"en": "red = not a shift code or mark (see roster check)",
                                 "zh": "红色 = 无效的班次或标记（见 roster check）"},
        "excel.legend.weekend": {"en": "weekend", "zh": "周末"},
        "excel.legend.holiday": {"en": "public holiday", "zh": "节假日"},
        "excel.legend.workday": {"en": "make-up workday (调休上班)", "zh": "调休上班"},
        "excel.legend.promotion": {"en": "promotion", "zh": "大促"},
        # A holiday name too long for its date column: the note row shows "Day off [2]", the
        # legend the whole name.
        "excel.legend.marker": {"en": "[{number}]", "zh": "[{number}]"},
        "excel.legend.note": {"en": "{marker} {text}", "zh": "{marker} {text}"},
        "excel.grid.validation": {
            "en": "A shift code ({codes}) or {rest} (rest) / {leave} (leave).",
            "zh": "可填班次代码（{codes}），或 {rest}（休息）、{leave}（请假）。",
        },
        "excel.hard": {"en": "hard", "zh": "硬"},
        "excel.soft": {"en": "soft", "zh": "软"},
        "excel.summary.fairness": {
            "en": "Fairness: spread (max - min, days) among comparable staff (same allowed shifts) of each "
                  "person's count minus their fair share",
            "zh": "公平性：同类员工（可排班次相同）之间，各人天数与其公平份额之差的极差（最大值减最小值，单位：天）",
        },
        "excel.summary.fairness_note": {
            "en": "A fair share is the group's total split by the days each person is available, so leave "
                  "prorates it (as the fairness rule judges); within {tolerance:g} day of one's share is fair, "
                  "so a spread up to {spread:g} can be fair. Who is outside the band: the Violations sheet.",
            "zh": "公平份额 = 组内合计按各人可出勤天数（扣除请假）分摊，与公平性规则的判定一致；与本人份额相差不超过 "
                  "{tolerance:g} 天即为公平，因此极差不超过 {spread:g} 天仍可能公平。超出的人员见违规表。",
        },
        "excel.summary.group": {"en": "allowed shifts", "zh": "可排班次"},
        "excel.summary.people": {"en": "people", "zh": "人数"},
        "excel.summary.solve": {"en": "Solve", "zh": "求解情况"},
        "excel.summary.no_solve": {
            "en": "No solve information (roster checked, not generated).",
            "zh": "无求解信息（排班表仅经检查，未经生成）。",
        },
        "excel.summary.status": {"en": "status", "zh": "状态"},
        "excel.summary.objective": {"en": "objective", "zh": "目标值"},
        "excel.summary.bound": {"en": "bound", "zh": "下界"},
        "excel.summary.gap": {"en": "gap", "zh": "差距"},
        # 用时, as generate's console line says it ("用时 15.6 秒"); rosters written before say
        # 耗时（秒）, which read_roster still reads (_LEGACY_SOLVE_LABELS).
        "excel.summary.seconds": {"en": "seconds", "zh": "用时（秒）"},
        "excel.summary.seed": {"en": "seed", "zh": "随机种子"},
        "excel.summary.workers": {"en": "workers", "zh": "线程数"},
        "excel.summary.penalties": {"en": "Penalties by rule", "zh": "各规则的罚分"},
        "excel.summary.notes": {"en": "How this roster was made", "zh": "排班生成说明"},
        "excel.summary.rule": {"en": "rule", "zh": "规则"},
        "excel.summary.cost": {"en": "cost", "zh": "罚分"},
        # What a penalty is counted in (people short, days beyond a fair share, wishes unmet), in
        # the console's words and column order (rule, units, cost): 次数 ("times") fitted only
        # some rules, and the same table read differently on screen and in the workbook.
        "excel.summary.count": {"en": "units", "zh": "计罚数量"},
        # The Changes sheet's verdict when an edit broke no hard rule: the edit commands record
        # "ok"; a Chinese sheet says it in Chinese (see _change_word).
        "excel.change.ok": {"en": "ok", "zh": "无违规"},
        "excel.about.values": {"en": "roster cell values", "zh": "排班表可填的值"},
    }
)

#: Rows above the people in the Roster sheet: dates, weekdays, notes.
GRID_HEADER_ROWS = 3
FIRST_DATE_COLUMN = 3
#: Width of a date column (Excel's unit: the width of a "0"): room for a code like "D" or "休".
DATE_WIDTH = 6.5
#: The note row (holiday and promotion names) in a smaller font, wrapped onto at most
#: NOTE_LINES lines: a name longer than that is shortened to a label with a footnote marker.
NOTE_FONT = Font(name="Calibri", size=8)  # the workbook's font, smaller
NOTE_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
NOTE_LINES = 2
#: Points per line of the note row at NOTE_FONT's size.
NOTE_LINE_HEIGHT = 11.5


def write_roster(
    path: str | Path,
    *,
    team: Team,
    horizon: Horizon,
    roster: Roster,
    violations: Iterable[Violation] = (),
    effective_rules: Iterable[tuple[str, object]] = (),
    profile_name: str | None = None,
    lang: str = "zh",
    force: bool = False,
    inputs: Iterable[str | Path] = (),
    notes: Iterable[str] = (),
) -> Path:
    """Write the roster workbook atomically; refuses to overwrite ``inputs`` or (without
    ``force``) an existing file.  Sheet names and headers are in ``lang``.  ``notes`` (how the
    roster was made: solved in parts, polished...) go under the Summary's solve figures, so the
    workbook says what the command printed."""
    check_output(path, force=force, inputs=inputs, suffixes=WORKBOOK_SUFFIXES)  # fail before the work
    wb = Workbook()
    wb.remove(wb.active)
    summaries = person_summary(team, horizon, roster)
    effective_rules = list(effective_rules)
    _write_grid(wb, team, horizon, roster, summaries, lang)
    _write_coverage(wb, team, horizon, roster, lang)
    add_coverage_colour_scale(wb)
    add_interval_sheet(wb, team, horizon, roster, lang)  # only when the team has interval demand
    month = _month(horizon)
    fairness = fairness_rule(effective_rules)
    _write_summary(wb, team, summaries, roster.info, lang, list(notes), month,
                   fairness=(fairness_spreads(team, horizon, roster, fairness), fairness.params.tolerance_days))
    _write_violations(wb, list(violations), lang, month)
    _write_changes(wb, roster, lang, month)
    add_charts_sheet(wb, coverage_table(team, horizon, roster), lang,
                     interval_rows=interval_coverage_table(team, horizon, roster))
    write_team_sheets(wb, team, lang, rules=list(effective_rules))
    _write_about(wb, horizon, profile_name, lang, team)
    return save_atomic(wb, path, force=force, inputs=inputs)


def _label(sheet: str, column: str, lang: str) -> str:
    return COLUMNS[sheet][column].label(lang)


def _day_fill(day: Day) -> str | None:
    if day.type == DayType.HOLIDAY:
        return "holiday"
    if day.type == DayType.WORKDAY:
        return "workday"
    if day.promotion is not None:
        return "promotion"
    if day.is_weekend:
        return "weekend"
    return None


def _day_note(day: Day, lang: str, rest_day: bool = False) -> str:
    """The grid's note row: the holiday's or make-up day's name, the promotion's.  A rest day
    the Holidays sheet declares without a name says 休息日/rest day: its column is coloured as
    a weekend, which on a weekday looked like a mistake with nothing to explain it."""
    parts = []
    if day.type == DayType.WORKDAY:
        parts.append(day.holiday_name or t("day.workday", lang=lang))
    elif rest_day and not day.holiday_name:
        parts.append(day_kind_label(day.type.value, True, lang))
    elif day.holiday_name:
        parts.append(day.holiday_name)
    if day.promotion is not None:
        parts.append(day.promotion.name)
    return join(parts, lang) if lang == "zh" else " / ".join(parts)


#: Fills per kind of shift, in order of the Shifts sheet: yellows/oranges for day shifts,
#: blues/purples for nights (greens stay for leave, grey for rest).  Four each, so that a team
#: with 早/中/晚 or four day starts (08:00, 08:30, 09:00, 10:00) can tell every shift apart; with
#: two a third shift of a kind took the first one's colour.
DAY_PALETTE = ("day", "day2", "FFE699", "F8CBAD")
NIGHT_PALETTE = ("night", "night2", "B4C6E7", "CCC0DA")


def code_fills(team: Team) -> dict[str, str]:
    """Fill colour per shift code: day shifts in yellows, night shifts in blues/purples."""
    fills: dict[str, str] = {}
    counts = {ShiftKind.DAY: 0, ShiftKind.NIGHT: 0}
    for shift in team.shifts:
        palette = DAY_PALETTE if shift.kind == ShiftKind.DAY else NIGHT_PALETTE
        fills[shift.code] = palette[counts[shift.kind] % len(palette)]
        counts[shift.kind] += 1
    return fills


def _write_grid(wb: Workbook, team: Team, horizon: Horizon, roster: Roster,
                summaries: list[PersonSummary], lang: str) -> None:
    ws = wb.create_sheet(SHEETS["roster"].label(lang))
    days = horizon.days
    last_date_col = FIRST_DATE_COLUMN + len(days) - 1
    totals = ["working_days", "nights", "weekend_days", "hours"]
    header = [_label("roster", "id", lang), _label("roster", "name", lang)]
    header += [d.date for d in days] + [_label("roster", k, lang) for k in totals]
    write_header(ws, header)
    ws.cell(row=2, column=2, value=t("excel.grid.weekday", lang=lang)).font = BOLD
    note_label = ws.cell(row=3, column=2, value=t("excel.grid.note", lang=lang))
    note_label.font = BOLD
    note_label.alignment = Alignment(vertical="center")  # beside a note row of two lines
    rests = rest_dates(team)
    for offset, day in enumerate(days):
        column = FIRST_DATE_COLUMN + offset
        top = ws.cell(row=1, column=column)
        top.number_format = "mm-dd"
        weekday = ws.cell(row=2, column=column, value=WEEKDAYS[lang][day.date.weekday()])
        rest_day = day.date in rests and day.type == DayType.WEEKEND
        note = ws.cell(row=3, column=column, value=_day_note(day, lang, rest_day) or None)
        for cell in (weekday, note):
            cell.alignment = CENTER
            cell.border = BORDER
        note.alignment = NOTE_ALIGNMENT
        note.font = NOTE_FONT
        colour = _day_fill(day)
        if colour:
            for cell in (top, weekday, note):
                cell.fill = fill(colour)
        if day.promotion is not None:
            note.fill = fill("promotion")
        comment = _day_comment(day, lang, rest_day)
        if comment:
            top.comment = Comment(comment, "roster")
        ws.column_dimensions[get_column_letter(column)].width = DATE_WIDTH
    footnotes = _fit_notes(ws, len(days))

    fills = code_fills(team)
    by_id = {s.id: s for s in team.staff}
    known_ids = [s.id for s in team.staff]
    extra_ids = sorted({sid for sid, _ in roster.cells if sid not in by_id})
    totals_by_id = {s.id: s for s in summaries}
    row = GRID_HEADER_ROWS
    for staff_id in known_ids + extra_ids:
        row += 1
        person = by_id.get(staff_id)
        ws.cell(row=row, column=1, value=staff_id).border = BORDER
        ws.cell(row=row, column=2, value=person.name if person else "").border = BORDER
        for offset, day in enumerate(days):
            code = roster.get(staff_id, day.date)
            shown = roster.leave_texts.get((staff_id, day.date)) if code == LEAVE else None
            cell = ws.cell(row=row, column=FIRST_DATE_COLUMN + offset, value=shown or mark(code, lang))
            cell.alignment = CENTER
            cell.border = BORDER
            cell.fill = fill(_cell_fill(code, fills))
        summary = totals_by_id.get(staff_id)
        if summary is not None:
            values = [summary.working_days, summary.nights, summary.weekend_days,
                      round(summary.hours, 2)]
            for k, value in enumerate(values):
                ws.cell(row=row, column=last_date_col + 1 + k, value=value).border = BORDER
    last_person_row = row

    row += 1  # a blank spacer row, then people per shift code and date
    for shift in team.shifts:
        row += 1
        label = ws.cell(row=row, column=2, value=t("excel.grid.on_shift", lang=lang, code=shift.code))
        label.font = BOLD
        label.fill = fill("total")
        for offset, day in enumerate(days):
            count = sum(1 for sid in known_ids + extra_ids
                        if roster.get(sid, day.date) == shift.code)
            cell = ws.cell(row=row, column=FIRST_DATE_COLUMN + offset, value=count)
            cell.alignment = CENTER
            cell.fill = fill("total")
    legend = legend_items(team, days, fills, lang) if days else []
    if footnotes:
        legend.append(footnotes)
    if legend:  # printed with the grid (see _write_legend); the footer repeats the codes on every page
        row = _write_legend(ws, legend, row + 2, last_date_col, lang)

    first_cell = f"{get_column_letter(FIRST_DATE_COLUMN)}{GRID_HEADER_ROWS + 1}"
    if last_person_row > GRID_HEADER_ROWS and days:
        area = f"{first_cell}:{get_column_letter(last_date_col)}{last_person_row}"
        _grid_validation(ws, team, area, lang)
        _grid_conditional_colours(ws, team, fills, area, first_cell, set(roster.leave_texts.values()))
    ws.freeze_panes = first_cell
    _grid_widths(ws, [str(i) for i in known_ids + extra_ids],
                 [p.name for p in team.staff], header[last_date_col:], last_date_col + 1)
    last_col = get_column_letter(len(header))
    print_setup(ws, title=_sheet_title(ws, _month(horizon)), lang=lang, title_rows=f"1:{GRID_HEADER_ROWS}",
                title_cols="A:B", area=f"A1:{last_col}{row}")
    if legend:
        codes = [item for item in legend[0] if item[0] != "unknown"]
        ws.oddFooter.left.text = legend_footer(codes, lang)
        ws.oddFooter.left.size = 8


def _fit_notes(ws: Worksheet, count: int) -> list[tuple[str, str]]:
    """Make the note row readable without widening the date columns, and return the footnotes
    for the legend as (fill, text).

    Days in a row with the same note and colour (National Day over a week, a promotion) share one
    merged cell, so "Chinese New Year (Spring Festival)" reads on one line across them; a note is
    wrapped onto up to :data:`NOTE_LINES` lines of its span; one that still does not fit ("Day off
    (substituted from 2026-09-20)" over one column) shows its first words and a marker ("Day off
    [2]"), and the legend, which prints under the grid, gives the whole name after the marker.
    Why: the names were cut off at the column's edge on screen and on paper ("tional Dtional D"),
    and the header comments that hold them do not print.  The value stays in the run's first
    cell, which is where :mod:`read_roster` (and a reader of the sheet) looks for it."""
    runs: list[tuple[int, int]] = []  # (first column, last column) of equal notes
    first = FIRST_DATE_COLUMN
    for column in range(FIRST_DATE_COLUMN + 1, FIRST_DATE_COLUMN + count + 1):
        if column < FIRST_DATE_COLUMN + count and _same_note(ws, first, column):
            continue
        runs.append((first, column - 1))
        first = column
    markers: dict[str, str] = {}
    footnotes: list[tuple[str, str]] = []
    lines = 1
    for start, end in runs:
        cell = ws.cell(row=3, column=start)
        if not isinstance(cell.value, str) or not cell.value:
            continue
        if end > start:
            ws.merge_cells(start_row=3, start_column=start, end_row=3, end_column=end)
        capacity = _note_capacity(end - start + 1)
        text = cell.value
        if _wrapped_lines(text, capacity) > NOTE_LINES:
            if text not in markers:
                markers[text] = t("excel.legend.marker", number=len(markers) + 1)
                colour = cell.fill.fgColor.rgb if cell.fill.fill_type else "FFFFFF"
                footnotes.append((colour, t("excel.legend.note", marker=markers[text], text=text)))
            cell.value = _short_note(text, markers[text], capacity)
        lines = max(lines, _wrapped_lines(cell.value, capacity))
    if lines > 1:
        ws.row_dimensions[3].height = lines * NOTE_LINE_HEIGHT + 2
    return footnotes


def _same_note(ws: Worksheet, column: int, other: int) -> bool:
    """Whether two note cells say the same on the same colour (so one merged cell can say it)."""
    a, b = ws.cell(row=3, column=column), ws.cell(row=3, column=other)
    return bool(a.value) and a.value == b.value and a.fill.fgColor.rgb == b.fill.fgColor.rgb


def _note_capacity(columns: int) -> int:
    """Display width (CJK counts two) that fits on one line of ``columns`` date columns in
    :data:`NOTE_FONT`: a width unit is a "0" of the 11-point default font, about 7 pixels, and
    an 8-point character about 5 (a few pixels go to the cell's margins)."""
    return max(1, int((columns * DATE_WIDTH * 7 - 5) / 5))


#: A Chinese (or other wide) character, a run of other non-space characters.
_NOTE_TOKEN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def _wrapped_lines(text: str, capacity: int) -> int:
    """Lines ``text`` takes when wrapped at ``capacity`` as a spreadsheet does: at spaces and
    between Chinese characters, and inside a word only when the word alone is too long."""
    lines, used = 1, 0
    for match in _NOTE_TOKEN.finditer(text):
        word = match.group()
        width = display_width(word)
        gap = 1 if used and match.start() > 0 and text[match.start() - 1].isspace() else 0
        if used + gap + width <= capacity:
            used += gap + width
            continue
        if used:
            lines += 1
        while width > capacity:  # a word longer than a line is cut
            lines += 1
            width -= capacity
        used = width
    return lines


def _short_note(text: str, marker: str, capacity: int) -> str:
    """The longest start of ``text`` cut before a space or a separator (whole words, never
    half a Chinese word, no bracket left open) that fits :data:`NOTE_LINES` lines with
    ``marker`` after it: "Day off [2]", "调休上班 [2]"; the marker alone when none does."""
    best = marker
    for cut in (i for i, ch in enumerate(text) if ch in _NOTE_CUTS):
        head = text[:cut]
        opened = max(head.rfind("("), head.rfind("（"))
        if opened >= 0 and max(head.rfind(")"), head.rfind("）")) < opened:
            head = head[:opened]  # "Day off (substituted" would leave the bracket open
        head = head.rstrip("".join(_NOTE_CUTS))
        label = f"{head} {marker}" if head else marker
        if head and _wrapped_lines(label, capacity) <= NOTE_LINES:
            best = label
    return best


#: Where a note may be cut short: spaces, brackets and list separators.
_NOTE_CUTS = frozenset(" (（、/，,;；:：")


def legend_items(team: Team, days: list[Day], fills: dict[str, str], lang: str) -> list[list[tuple[str, str]]]:
    """The printed roster's key, as lines of (fill, text): what each shift code means (its name
    and times) and each mark, then what the coloured date columns are (only the kinds this month
    has).  Why: the grid shows bare codes on colours and the header's comments do not print, so
    a roster pinned to the wall did not say that N is 17:00-01:00 or that orange is a holiday.

    Each text reads ``code = meaning``, never a bare code or mark: the reader takes a row without
    an id that holds a code or mark for a person whose id was deleted."""
    shifts = []
    for shift in team.shifts:
        name = "" if not shift.name or shift.name == shift.code else f"{shift.name} "
        shifts.append((fills[shift.code], t("excel.legend.shift", lang=lang, code=shift.code, name=name,
                                            times=shift.label())))
    shifts.append(("rest", t("excel.legend.rest", lang=lang, mark=mark(REST, lang))))
    shifts.append(("leave", t("excel.legend.leave", lang=lang, mark=mark(LEAVE, lang))))
    shifts.append(("unknown", t("excel.legend.unknown", lang=lang)))
    present = {_day_fill(day) for day in days} | {"promotion" for day in days if day.promotion is not None}
    kinds = [(key, t(f"excel.legend.{key}", lang=lang))
             for key in ("weekend", "holiday", "workday", "promotion") if key in present]
    return [shifts, kinds] if kinds else [shifts]


#: Characters of the printed footer's key: Excel allows 255 for a whole header or footer,
#: its codes and the page number included.
FOOTER_LEGEND_CHARS = 200


def legend_footer(items: list[tuple[str, str]], lang: str) -> str:
    """The key of the codes and marks as one line for the printed page's footer.  The legend
    under the grid prints too (it is in the print area), but only once, after the last person:
    a department of 300 fills several pages, and the footer says what D and N are on every
    one.  Items that do not fit Excel's footer limit are left out, with an ellipsis."""
    parts: list[str] = []
    for _, text in items:
        if len("   ".join([*parts, text])) > FOOTER_LEGEND_CHARS:
            parts.append("…")
            break
        parts.append(text)
    return t("excel.legend.footer", lang=lang, items="   ".join(parts)).replace("&", "&&")


def _write_legend(ws: Worksheet, legend: list[list[tuple[str, str]]], row: int, last_col: int, lang: str) -> int:
    """The key under the grid (see :func:`legend_items`): each item a coloured block as wide as
    its text, wrapped onto the next row at the last date column.  The id column stays blank, as
    on every row of the grid that is not a person.  Returns the last row written, where the
    print area ends: on paper the colours of the date columns and the full names behind the
    note row's markers need the key as much as on screen."""
    label = ws.cell(row=row, column=2, value=t("excel.legend.title", lang=lang))
    label.font = BOLD
    for line in legend:
        column = FIRST_DATE_COLUMN
        for colour, text in line:
            span = max(1, -(-(display_width(text) + 2) // 6))  # date columns are 6.5 wide
            if column > FIRST_DATE_COLUMN and column + span - 1 > last_col:
                row, column = row + 1, FIRST_DATE_COLUMN
            for offset in range(span):
                ws.cell(row=row, column=column + offset).fill = fill(colour)
            ws.cell(row=row, column=column, value=text)
            column += span + 1
        row += 1
    return row - 1


def _grid_widths(ws: Worksheet, ids: list[str], names: list[str], totals: list[str],
                 first_total_col: int) -> None:
    """Id and name columns as wide as their longest entry (an id like ``EMP-2024-0001`` or a name
    like "Christopher Wang" was cut off at the fixed 10 and 12), within limits so the dates keep
    the page; totals columns as wide as their headings ("working days" was cut off at Excel's
    default width)."""
    for letter, values, least, most in (("A", ids, 8, 18), ("B", names, 10, 24)):
        longest = max((display_width(v) for v in values), default=0)
        ws.column_dimensions[letter].width = max(least, min(most, longest + 2))
    for offset, label in enumerate(totals):
        width = max(7, display_width(label) + 2)
        ws.column_dimensions[get_column_letter(first_total_col + offset)].width = width


def _day_comment(day: Day, lang: str, rest_day: bool = False) -> str:
    """The date header's comment: what kind of special day it is (a declared rest day too)."""
    lines = []
    if rest_day:
        lines.append(t("excel.grid.rest_day", lang=lang))
    if day.type == DayType.HOLIDAY:
        # "节假日：中秋节" with the Chinese colon, as every other Chinese label has it.
        lines.append(t("excel.grid.holiday", lang=lang, name=day.holiday_name) if day.holiday_name
                     else t("day.holiday", lang=lang))
    elif day.type == DayType.WORKDAY:
        lines.append(t("day.workday", lang=lang))
    if day.promotion is not None:
        text = t("excel.grid.promotion", lang=lang, name=day.promotion.name)
        text += t("excel.grid.multiplier", lang=lang, multiplier=day.promotion.multiplier)
        if day.promotion.freeze_leave:
            text += t("excel.grid.freeze", lang=lang)
        lines.append(text)
    return "\n".join(lines)


def _cell_fill(code: str, fills: dict[str, str]) -> str:
    if code == REST:
        return "rest"
    if code == LEAVE:
        return "leave"
    return fills.get(code, "unknown")


def _valid_values(team: Team, lang: str) -> list[str]:
    return [s.code for s in team.shifts] + [mark(REST, lang), mark(LEAVE, lang)]


def _grid_validation(ws: Worksheet, team: Team, area: str, lang: str) -> None:
    """A drop-down of the valid values in every roster cell.  A warning, not a stop: a person
    editing by hand may type something else, and ``check`` will then say what is wrong."""
    values = _valid_values(team, lang)
    inline = ",".join(values)
    if len(inline) <= 250 and not any('"' in v or "," in v for v in values):
        formula = f'"{inline}"'
    else:
        # Excel limits inline lists to 255 characters: the list refers to the values listed on
        # the About sheet (written last, see _write_about).  Not on a sheet of its own: a
        # hidden "_lists" sheet was taken by read_roster for one of the user's own, and every
        # swap and repair then said it was not carried over.
        about = SHEETS["about"].label(lang)
        last = VALUES_FIRST_ROW + len(values) - 1
        formula = f"{quote_sheetname(about)}!${VALUES_COLUMN}${VALUES_FIRST_ROW}:${VALUES_COLUMN}${last}"
    validation = DataValidation(type="list", formula1=formula, allow_blank=True,
                                errorStyle="warning", showErrorMessage=True)
    validation.error = t("excel.grid.validation", lang=lang, codes=join((s.code for s in team.shifts), lang),
                         rest=mark(REST, lang), leave=mark(LEAVE, lang))
    validation.add(area)
    ws.add_data_validation(validation)


def _grid_conditional_colours(ws: Worksheet, team: Team, fills: dict[str, str], area: str,
                              first_cell: str, leave_texts: set[str] = frozenset()) -> None:
    """Colours that follow hand edits: one rule per code and mark, unknown values in red.

    Every rest and leave mark the reader accepts (调休, 年假, 病假, sick leave...) and the leave
    texts this roster carries count as marks: a 病假 kept from a hand edit was painted red as an
    unknown code although ``check`` reads it as leave.  (Excel compares text ignoring case.)"""
    ref = first_cell.replace("$", "")
    codes = {s.code for s in team.shifts}
    marks = {REST: _mark_words(REST, REST_MARKS, codes), LEAVE: _mark_words(LEAVE, LEAVE_MARKS | leave_texts, codes)}
    known: list[str] = []
    for shift in team.shifts:
        known.append(shift.code)
        ws.conditional_formatting.add(area, FormulaRule(formula=[f'{ref}="{_q(shift.code)}"'],
                                                        fill=fill(fills[shift.code]),
                                                        stopIfTrue=True))
    for code, words in marks.items():
        known.extend(words)
        condition = ",".join(f'{ref}="{_q(w)}"' for w in words)
        ws.conditional_formatting.add(area, FormulaRule(formula=[f"OR({condition})"],
                                                        fill=fill(_cell_fill(code, fills)),
                                                        stopIfTrue=True))
    unknown = ",".join(f'{ref}<>"{_q(v)}"' for v in known)
    ws.conditional_formatting.add(area, FormulaRule(formula=[f'AND({ref}<>"",{unknown})'],
                                                    fill=fill("unknown"), stopIfTrue=True))


def _mark_words(code: str, accepted: Iterable[str], shift_codes: set[str]) -> list[str]:
    """The words shown for ``code`` in both languages first, then the other accepted spellings
    (blank excluded: an empty cell is rest without colour), never a team's own shift code."""
    words = [mark(code, "zh"), mark(code, "en")]
    seen = {w.upper() for w in words}
    for word in sorted(accepted):
        if word.strip() and word.upper() not in seen and word not in shift_codes:
            words.append(word)
            seen.add(word.upper())
    return words


def _q(value: str) -> str:
    return value.replace('"', '""')


def _write_coverage(wb: Workbook, team: Team, horizon: Horizon, roster: Roster, lang: str) -> None:
    ws = wb.create_sheet(SHEETS["coverage"].label(lang))
    keys = list(COLUMNS["coverage"])
    write_header(ws, [_label("coverage", k, lang) for k in keys])
    gap_col = keys.index("gap") + 1
    items = coverage_table(team, horizon, roster)
    for item in items:
        ws.append([
            item.date, WEEKDAYS[lang][item.date.weekday()], day_kind_label(item.day_type, item.rest_day, lang),
            item.holiday, item.promotion, item.shift, item.skill or t("anyone", lang=lang),
            item.min, item.target, item.assigned, item.gap, join(item.people, lang),
        ])
        row = ws.max_row
        ws.cell(row=row, column=1).number_format = DATE_FORMAT
        if item.special:  # a rest day the Holidays sheet declares has the weekend's colour
            marker = "promotion" if item.promotion else "weekend" if item.rest_day else item.day_type
            for column in range(1, 6):
                ws.cell(row=row, column=column).fill = fill(marker)
        ws.cell(row=row, column=gap_col).fill = fill("gap" if item.gap else "ok")
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    autosize(ws, maximum=60)
    if not items and horizon.interval_requirements:
        # Demand per interval only: a header over nothing read as "no demand at all" to HR;
        # say where on duty vs required is (after autosize, so the note does not widen column A).
        ws.cell(row=2, column=1, value=t("excel.coverage.intervals_only", lang=lang, sheet=sheet_name(lang)))
    print_setup(ws, title=_sheet_title(ws, _month(horizon)), lang=lang)


def _month(horizon: Horizon) -> str:
    """``2026-12``: the month a printed page belongs to (blank for an empty horizon)."""
    return f"{horizon.first:%Y-%m}" if horizon.days else ""


def _sheet_title(ws: Worksheet, month: str) -> str:
    """A printed page's heading: the sheet's name and the month (``覆盖 2026-12``)."""
    return f"{ws.title} {month}".strip()


def _write_summary(wb: Workbook, team: Team, summaries: list[PersonSummary],
                   info: SolveInfo | None, lang: str, notes: list[str], month: str = "",
                   fairness: tuple[dict[tuple[str, ...], dict[str, float]], float] = ({}, 1.0)) -> None:
    """``fairness``: the spreads of :func:`roster.reports.fairness_spreads` per group the rule
    compares, and the rule's tolerance in days; a group it does not compare (one person) shows
    the spread of the counts."""
    ws = wb.create_sheet(SHEETS["summary"].label(lang))
    keys = list(COLUMNS["summary"])
    write_header(ws, [_label("summary", k, lang) for k in keys])
    for s in summaries:
        ws.append([s.id, s.name, s.team, s.working_days, s.nights, s.weekend_days, s.holiday_days,
                   round(s.hours, 2), s.rest_days, s.leave_days])
    ws.freeze_panes = "A2"

    row = ws.max_row + 2
    # Sentences, written after the columns are sized (see _wrap_across): {row: (text, bold)}
    prose: dict[int, tuple[str, bool]] = {row: (t("excel.summary.fairness", lang=lang), True)}
    row += 1
    spreads, tolerance = fairness
    fair_keys = list(FAIRNESS_METRICS)
    fair_header = [t("excel.summary.group", lang=lang), t("excel.summary.people", lang=lang)]
    fair_header += [_label("summary", k, lang) for k in fair_keys]
    write_header(ws, fair_header, row=row)
    for group in fairness_groups(team, summaries, spreads, lang):
        row += 1
        values: list[object] = [group.label, len(group.members), *(group.spreads[key] for key in fair_keys)]
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
            if column > 2:
                ws.cell(row=row, column=column).number_format = "0.0"
    row += 1
    prose[row] = (t("excel.summary.fairness_note", lang=lang, tolerance=tolerance, spread=2 * tolerance), False)

    row += 2
    ws.cell(row=row, column=1, value=t("excel.summary.solve", lang=lang)).font = BOLD
    if info is None:
        prose[row + 1] = (t("excel.summary.no_solve", lang=lang), False)
    else:
        gap = info.gap
        for key, value in (("status", status_text(info.status, lang)), ("objective", info.objective),
                           ("bound", info.bound), ("gap", None if gap is None else round(gap, 4)),
                           ("seconds", round(info.seconds, 2)), ("seed", info.seed),
                           ("workers", info.workers)):
            row += 1
            ws.cell(row=row, column=1, value=t(f"excel.summary.{key}", lang=lang)).font = BOLD
            cell = ws.cell(row=row, column=2, value=value)
            if key == "gap":  # 56.4 %, as generate and the report print it (not 0.5644)
                cell.number_format = "0.0%"
        if info.penalties:
            row += 2
            ws.cell(row=row, column=1, value=t("excel.summary.penalties", lang=lang)).font = BOLD
            row += 1
            write_header(ws, [t(f"excel.summary.{k}", lang=lang) for k in ("rule", "count", "cost")],
                         row=row)
            for rule, (cost, count) in sorted(info.penalties.items(), key=lambda kv: -kv[1][0]):
                row += 1
                for column, value in enumerate((rule_label(rule, lang), count, cost), start=1):
                    ws.cell(row=row, column=column, value=value)
    if notes:
        row += 2
        ws.cell(row=row, column=1, value=t("excel.summary.notes", lang=lang)).font = BOLD
        for note in notes:
            row += 1
            prose[row] = (note, False)
    autosize(ws, maximum=24)
    _wrap_across(ws, prose, len(keys))
    print_setup(ws, title=_sheet_title(ws, month), lang=lang)


def _wrap_across(ws: Worksheet, prose: dict[int, tuple[str, bool]], columns: int) -> None:
    """Write each sentence of ``prose`` ({row: (text, bold)}) into column A, merged across the
    table's ``columns`` and wrapped, its row as tall as the lines it takes.

    Why: a fairness note or a note on how the roster was made is a sentence of 100-200
    characters; in column A alone it ran far to the right of the table, and fitting the page to
    its width printed the whole Summary in a tiny font.  Written after the columns are sized,
    so that it does not widen column A either."""
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, columns + 1))
    for row, (text, bold) in prose.items():
        cell = ws.cell(row=row, column=1, value=text)
        if bold:
            cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        lines = _wrapped_lines(text, max(1, int(width) - 2))
        if lines > 1:
            ws.row_dimensions[row].height = lines * PROSE_LINE_HEIGHT + 2


#: Points per line of 11-point text.
PROSE_LINE_HEIGHT = 15


def _write_violations(wb: Workbook, violations: list[Violation], lang: str, month: str = "") -> None:
    ws = wb.create_sheet(SHEETS["violations"].label(lang))
    write_header(ws, [_label("violations", k, lang) for k in COLUMNS["violations"]])
    # Broken hard rules first, then the soft findings (what the roster pays for): a valid roster
    # can list dozens of those, and a manager must not have to search for the few that matter;
    # the filter on the header row shows one kind at a time.
    for v in sorted(violations, key=lambda v: not v.hard):
        # The shift as the grid shows it: a wish for a day off is 休 in Chinese, not OFF.
        ws.append([rule_label(v.rule, lang), t("excel.hard" if v.hard else "excel.soft", lang=lang), v.staff_id,
                   v.date, mark(v.shift, lang) if v.shift else v.shift, v.message])
        ws.cell(row=ws.max_row, column=4).number_format = DATE_FORMAT
        if v.hard:
            ws.cell(row=ws.max_row, column=2).fill = fill("gap")
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    autosize(ws, maximum=80)
    print_setup(ws, title=_sheet_title(ws, month), lang=lang)


def _write_changes(wb: Workbook, roster: Roster, lang: str, month: str = "") -> None:
    ws = wb.create_sheet(SHEETS["changes"].label(lang))
    write_header(ws, [_label("changes", k, lang) for k in COLUMNS["changes"]])
    for c in roster.changes:
        ws.append([c.when, CHANGE_COMMANDS.get(c.command, {}).get(lang, c.command), c.by, c.staff_id, c.date, mark(c.before, lang),
                   mark(c.after, lang), _change_word(c.rules, lang)])
        ws.cell(row=ws.max_row, column=5).number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    autosize(ws, maximum=60)
    print_setup(ws, title=_sheet_title(ws, month), lang=lang)


#: The words the edit commands record in the Changes sheet's rules column that have a label in
#: each language.  (The command column is written in the sheet's language too, from
#: ``aliases.CHANGE_COMMANDS``, which the reader takes back to the command.)
_CHANGE_WORDS = ("ok",)


def _change_word(value: str, lang: str) -> str:
    """A Changes verdict (``ok``) in ``lang``, whichever language it was recorded in (a roster
    edited in Chinese and then in English keeps one history); anything else (the messages of the
    rules an edit broke, text typed by hand) as written."""
    if not isinstance(value, str):
        return value
    for key in _CHANGE_WORDS:
        if value.strip().lower() in {t(f"excel.change.{key}", lang=other).lower() for other in ("en", "zh")}:
            return t(f"excel.change.{key}", lang=lang)
    return value


#: Where the About sheet lists the values a roster cell may hold (the drop-down's source when
#: the list is too long to write into the validation itself).
VALUES_COLUMN = "D"
VALUES_FIRST_ROW = 2


def _write_about(wb: Workbook, horizon: Horizon, profile_name: str | None, lang: str,
                 team: Team | None = None) -> None:
    ws = wb.create_sheet(SHEETS["about"].label(lang))
    write_header(ws, [_label("about", k, lang) for k in COLUMNS["about"]])
    try:
        version = metadata.version("roster")
    except metadata.PackageNotFoundError:
        version = "dev"
    items = [
        ("month", f"{horizon.first:%Y-%m}" if horizon.days else ""),
        ("profile", profile_name or ""),
        ("generated", dt.datetime.now().replace(microsecond=0).isoformat(" ")),
        ("language", lang),
        ("version", version),
    ]
    for row, (key, value) in enumerate(items, start=2):
        ws.cell(row=row, column=1, value=ABOUT_ITEMS[key].label(lang))
        ws.cell(row=row, column=2, value=value)
    if team is not None:  # beside the items, apart from them: read_roster reads columns A and B
        heading = ws[f"{VALUES_COLUMN}{VALUES_FIRST_ROW - 1}"]
        heading.value = t("excel.about.values", lang=lang)
        heading.font = BOLD
        heading.fill = fill("header")
        heading.border = BORDER
        for offset, value in enumerate(_valid_values(team, lang)):
            ws[f"{VALUES_COLUMN}{VALUES_FIRST_ROW + offset}"] = value
    autosize(ws)

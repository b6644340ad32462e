"""The interval coverage heat map of a roster workbook (``Intervals coverage`` / ``时段覆盖``).

One block per skill, one row per interval of the day (08:00-08:30, 08:30-09:00, ...), one column
per date, so a supervisor reads the daily curve down a column and the month across a row.  Each
cell holds "on duty / required"; red where the interval is short, otherwise a green scale that
deepens with the people beyond the requirement, grey where nothing is required.  Fills are
computed here rather than as Excel colour scales because the cell holds two numbers as text,
and so the colours print the same in Excel, WPS and LibreOffice.  Dates and times stay in view
(frozen panes), and the sheet prints landscape, one page wide, with the header rows repeated.
"""

from __future__ import annotations

from collections import defaultdict

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from roster.domain import Horizon, Roster, Team, fmt_minute
from roster.excel.aliases import WEEKDAYS
from roster.excel.output import BOLD, BORDER, CENTER, fill, print_setup
from roster.i18n import register, t
from roster.reports import IntervalCoverageRow, interval_coverage_table

#: The heat map's sheet name per language: a roster edit writes it anew, so reading a roster
#: must not take it for a sheet of the user's own.
HEATMAP_SHEET_NAMES = ("Intervals coverage", "时段覆盖")

register(
    {
        "excel.intervals.sheet": {"en": HEATMAP_SHEET_NAMES[0], "zh": HEATMAP_SHEET_NAMES[1]},
        "excel.intervals.title": {
            "en": "People on duty / required per interval (red: short; green: more than required)",
            "zh": "各时段 在岗人数 / 需求人数（红色：不足；绿色：多于需求）",
        },
        "excel.intervals.time": {"en": "time", "zh": "时段"},
        "excel.intervals.weekday": {"en": "weekday", "zh": "星期"},
        "excel.intervals.skill": {"en": "skill: {skill}", "zh": "技能：{skill}"},
        "excel.intervals.short_count": {"en": "short intervals", "zh": "不足时段数"},
    }
)

SHORT = "F8696B"
NOTHING_NEEDED = "F2F2F2"
#: From "exactly met" to "half again as many as required" and beyond.
MET_LOW, MET_HIGH = (0xE2, 0xEF, 0xDA), (0x63, 0xBE, 0x7B)
FIRST_BLOCK_ROW = 4


def sheet_name(lang: str) -> str:
    return t("excel.intervals.sheet", lang)


def cell_colour(on_duty: int, required: int) -> str:
    """Red when short, grey when nothing is required, else green deepening with the surplus."""
    if on_duty < required:
        return SHORT
    if required == 0:
        return NOTHING_NEEDED if on_duty == 0 else _blend(0.5)
    return _blend(min(1.0, (on_duty - required) / max(1, required) * 2))


def _blend(share: float) -> str:
    return "".join(f"{round(a + (b - a) * share):02X}" for a, b in zip(MET_LOW, MET_HIGH, strict=True))


def add_interval_sheet(wb: Workbook, team: Team, horizon: Horizon, roster: Roster, lang: str,
                       rows: list[IntervalCoverageRow] | None = None) -> Worksheet | None:
    """Append the heat map; nothing (None) when the team has no interval demand."""
    rows = interval_coverage_table(team, horizon, roster) if rows is None else rows
    if not rows:
        return None
    name = sheet_name(lang)
    if name in wb.sheetnames:
        del wb[name]
    ws = wb.create_sheet(name)
    days = horizon.days
    ws.cell(row=1, column=1, value=t("excel.intervals.title", lang)).font = BOLD
    _header(ws, days, lang)

    by_skill: dict[str | None, dict[tuple[int, int], dict]] = defaultdict(lambda: defaultdict(dict))
    for item in rows:
        by_skill[item.skill][item.start, item.end][item.date] = item
    skills = sorted(by_skill, key=lambda k: (k is None, k or ""))
    column_of = {day.date: 2 + k for k, day in enumerate(days)}
    row = FIRST_BLOCK_ROW - 1
    for skill in skills:
        row += 1
        label = ws.cell(row=row, column=1, value=t("excel.intervals.skill", lang,
                                                   skill=skill if skill is not None else t("anyone", lang)))
        label.font = BOLD
        label.fill = fill("header")
        short_per_date: dict = defaultdict(int)
        for start, end in sorted(by_skill[skill]):
            row += 1
            time = ws.cell(row=row, column=1, value=f"{fmt_minute(start)}-{fmt_minute(end)}")
            time.border = BORDER
            time.font = BOLD
            for date, item in by_skill[skill][start, end].items():
                cell = ws.cell(row=row, column=column_of[date], value=f"{item.on_duty}/{item.required}")
                cell.alignment = CENTER
                cell.border = BORDER
                cell.fill = fill(cell_colour(item.on_duty, item.required))
                if item.gap:
                    cell.font = Font(bold=True, color="9C0006")
                    short_per_date[date] += 1
        row += 1
        total = ws.cell(row=row, column=1, value=t("excel.intervals.short_count", lang))
        total.font = BOLD
        total.fill = fill("total")
        for day in days:
            cell = ws.cell(row=row, column=column_of[day.date], value=short_per_date.get(day.date, 0))
            cell.alignment = CENTER
            cell.fill = fill("gap" if short_per_date.get(day.date) else "total")
        row += 1  # a blank row between skills

    ws.freeze_panes = f"B{FIRST_BLOCK_ROW}"
    ws.column_dimensions["A"].width = 14
    for k in range(len(days)):
        ws.column_dimensions[get_column_letter(2 + k)].width = 6.5
    month = f" {horizon.first:%Y-%m}" if days else ""
    print_setup(ws, title=f"{name}{month}", lang=lang, title_rows=f"1:{FIRST_BLOCK_ROW - 1}", title_cols="A:A")
    return ws


def _header(ws: Worksheet, days: list, lang: str) -> None:
    """Row 2: dates; row 3: weekdays (weekends, holidays and promotion days coloured)."""
    first = ws.cell(row=2, column=1, value=t("excel.intervals.time", lang))
    second = ws.cell(row=3, column=1, value=t("excel.intervals.weekday", lang))
    for cell in (first, second):
        cell.font = BOLD
        cell.fill = fill("header")
        cell.border = BORDER
    for k, day in enumerate(days):
        column = 2 + k
        top = ws.cell(row=2, column=column, value=day.date)
        top.number_format = "mm-dd"
        weekday = ws.cell(row=3, column=column, value=WEEKDAYS[lang][day.date.weekday()])
        marker = ("promotion" if day.promotion is not None else "holiday" if day.is_holiday
                  else "weekend" if day.is_weekend else "header")
        for cell in (top, weekday):
            cell.font = BOLD
            cell.alignment = Alignment(horizontal="center")
            cell.border = BORDER
            cell.fill = fill(marker)

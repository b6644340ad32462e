"""Native Excel charts and colour scales for a roster workbook.

Why native charts: supervisors live in Excel/WPS; a chart object built from cells in the workbook
stays live when they edit the numbers, prints with the workbook and needs no image library.

* :func:`add_charts_sheet` adds a sheet with the per-day table (required vs assigned per shift)
  and, per shift, a bar chart of assigned people with the minimum and target as lines.  With
  interval demand (Intervals/Forecast sheet) the table also gives, per day, the most people asked
  for at one time, the people on duty then and the short intervals, with a chart of the first
  two: a team planned from interval demand alone has no shift rows, and its Charts sheet was
  a lone "date" heading.
* :func:`add_coverage_colour_scale` colours the Coverage sheet's gap column (a scale) and its
  assigned column (against each row's minimum and target), columns found by header name
  (English or Chinese), so it also works on a sheet that someone re-ordered by hand.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from roster.excel.aliases import find_sheet, match_header
from roster.excel.output import BOLD, print_setup
from roster.i18n import register, t
from roster.reports import CoverageRow, IntervalCoverageRow, interval_peak_duty

#: The Charts sheet's names (it is derived: read_roster does not count it as the user's own).
CHART_SHEET_NAMES = ("Charts", "图表")

register(
    {
        "excel.charts.sheet": {"en": CHART_SHEET_NAMES[0], "zh": CHART_SHEET_NAMES[1]},
        "excel.charts.date": {"en": "date", "zh": "日期"},
        "excel.charts.min": {"en": "{shift} minimum", "zh": "{shift} 最少"},
        "excel.charts.target": {"en": "{shift} target", "zh": "{shift} 目标"},
        "excel.charts.assigned": {"en": "{shift} assigned", "zh": "{shift} 已排"},
        "excel.charts.title": {"en": "Shift {shift}: required vs assigned per day",
                               "zh": "{shift} 班：每日需求与已排人数"},
        "excel.charts.people": {"en": "people", "zh": "人数"},
        "excel.charts.peak_required": {"en": "peak required (all skills at once)", "zh": "同一时刻最高需求（各技能合计）"},
        "excel.charts.peak_on_duty": {"en": "fewest on duty at the peak", "zh": "高峰时段最少在岗"},
        "excel.charts.short": {"en": "short intervals", "zh": "不足时段数"},
        "excel.charts.interval_title": {"en": "Busiest time of each day: required vs on duty",
                                        "zh": "每日需求高峰：需求与在岗人数"},
    }
)

#: Chart size in centimetres-ish units openpyxl uses (width, height).
CHART_SIZE = (24.0, 9.0)
CHART_ROWS = 20  # rows a chart occupies when anchored one below the other


def per_day_totals(rows: list[CoverageRow]) -> tuple[list[dt.date], list[str], dict[tuple[dt.date, str], tuple[int, int, int]]]:
    """Dates, shift codes (first-seen order) and (min, target, assigned) per date and shift,
    summed over the skill rows (each person is counted for one row only, so sums are people)."""
    dates: list[dt.date] = sorted({r.date for r in rows})
    shifts: list[str] = list(dict.fromkeys(r.shift for r in rows))
    totals: dict[tuple[dt.date, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        cell = totals[r.date, r.shift]
        cell[0] += r.min
        cell[1] += r.target
        cell[2] += r.assigned
    return dates, shifts, {k: (v[0], v[1], v[2]) for k, v in totals.items()}


def per_day_intervals(rows: Sequence[IntervalCoverageRow]) -> dict[dt.date, tuple[int, int, int]]:
    """(peak required, on duty at the peak, short intervals) per date of interval demand."""
    by_date: dict[dt.date, list[IntervalCoverageRow]] = defaultdict(list)
    for r in rows:
        by_date[r.date].append(r)
    out = {}
    for date, day_rows in by_date.items():
        required, on_duty = interval_peak_duty(day_rows)
        out[date] = (required, on_duty, sum(1 for r in day_rows if r.gap))
    return out


def add_charts_sheet(wb: Workbook, coverage_rows: list[CoverageRow], lang: str = "en",
                     interval_rows: Sequence[IntervalCoverageRow] = ()) -> Worksheet:
    """Append a Charts sheet: a table (date, then min / target / assigned per shift, then with
    ``interval_rows`` the day's peak required, on duty at the peak and short intervals) and one
    combined bar (assigned) + line (minimum, target) chart per shift, and one bar (on duty at
    the peak) + line (peak required) chart for the intervals, referencing that table.

    Returns the sheet.  With neither kind of row the sheet holds the header only and no chart.
    An existing sheet of the same name is replaced (re-running a command must not stack sheets).
    """
    name = t("excel.charts.sheet", lang)
    if name in wb.sheetnames:
        del wb[name]
    ws = wb.create_sheet(name)
    shift_dates, shifts, totals = per_day_totals(coverage_rows)
    peaks = per_day_intervals(interval_rows)
    dates = sorted(set(shift_dates) | set(peaks))
    header = [t("excel.charts.date", lang)]
    for code in shifts:
        header += [t("excel.charts.min", lang, shift=code), t("excel.charts.target", lang, shift=code),
                   t("excel.charts.assigned", lang, shift=code)]
    interval_col = len(header) + 1  # the first interval column, when there are any
    if peaks:
        header += [t(f"excel.charts.{key}", lang) for key in ("peak_required", "peak_on_duty", "short")]
    ws.append(header)
    for cell in ws[1]:
        cell.font = BOLD
    for date in dates:
        row: list[object] = [date]
        for code in shifts:
            row += list(totals.get((date, code), (0, 0, 0)))
        if peaks:
            row += list(peaks.get(date, (0, 0, 0)))
        ws.append(row)
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 12
    for col in range(2, len(header) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    ws.freeze_panes = "B2"
    month = f"{dates[0]:%Y-%m}" if dates else ""
    # Printed as the other sheets are: landscape, one page wide (the charts beside the table
    # came out on pages of their own, the table cut in two), the month in the heading.
    print_setup(ws, title=f"{name} {month}".strip(), lang=lang)
    if not dates:
        return ws

    last = len(dates) + 1
    categories = Reference(ws, min_col=1, min_row=2, max_row=last)
    anchor_col = get_column_letter(len(header) + 2)
    for k, code in enumerate(shifts):
        first_col = 2 + 3 * k
        bar = BarChart()
        bar.type = "col"
        bar.title = t("excel.charts.title", lang, shift=code)
        bar.y_axis.title = t("excel.charts.people", lang)
        bar.add_data(Reference(ws, min_col=first_col + 2, min_row=1, max_row=last), titles_from_data=True)
        bar.set_categories(categories)
        bar.x_axis.number_format = "mm-dd"
        line = LineChart()
        line.add_data(Reference(ws, min_col=first_col, max_col=first_col + 1, min_row=1, max_row=last),
                      titles_from_data=True)
        line.set_categories(categories)
        line.series[1].graphicalProperties.line.dashStyle = "dash"
        for series in line.series:  # a requirement holds for a day: no curve between two days
            series.smooth = False
        bar += line  # same axes: required and assigned are both head counts
        bar.width, bar.height = CHART_SIZE
        ws.add_chart(bar, f"{anchor_col}{1 + k * CHART_ROWS}")
    if peaks:
        bar = BarChart()
        bar.type = "col"
        bar.title = t("excel.charts.interval_title", lang)
        bar.y_axis.title = t("excel.charts.people", lang)
        bar.add_data(Reference(ws, min_col=interval_col + 1, min_row=1, max_row=last), titles_from_data=True)
        bar.set_categories(categories)
        bar.x_axis.number_format = "mm-dd"
        line = LineChart()
        line.add_data(Reference(ws, min_col=interval_col, min_row=1, max_row=last), titles_from_data=True)
        line.set_categories(categories)
        line.series[0].smooth = False
        bar += line
        bar.width, bar.height = CHART_SIZE
        ws.add_chart(bar, f"{anchor_col}{1 + len(shifts) * CHART_ROWS}")
    return ws


def add_coverage_colour_scale(wb: Workbook) -> bool:
    """Colours on the Coverage sheet: gap white -> red (a scale), assigned red below the row's
    minimum, yellow below its target, green at or above it.  Returns False when there is no
    Coverage sheet or it lacks the columns (nothing is changed then)."""
    name = find_sheet("coverage", wb.sheetnames)
    if name is None:
        return False
    ws = wb[name]
    header = [c.value for c in ws[1]]
    cols = match_header("coverage", header)
    if "gap" not in cols or ws.max_row < 2:
        return False
    last = ws.max_row
    gap = get_column_letter(cols["gap"] + 1)
    ws.conditional_formatting.add(
        f"{gap}2:{gap}{last}",
        ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF",
                       end_type="max", end_color="F8696B"),
    )
    if "assigned" in cols:
        assigned = get_column_letter(cols["assigned"] + 1)
        area = f"{assigned}2:{assigned}{last}"
        if "min" in cols and "target" in cols:
            # Against the row's own requirement: a scale over the column painted a skill row that
            # needs one person and has one red, beside a gap of 0, because 1 was the column's
            # smallest number; every fully staffed phone row of a roster looked short.
            least, target = (get_column_letter(cols[k] + 1) for k in ("min", "target"))
            for formula, colour in ((f"{assigned}2<{least}2", ASSIGNED_FILLS["short"]),
                                    (f"{assigned}2<{target}2", ASSIGNED_FILLS["below_target"]),
                                    (f"{assigned}2>={target}2", ASSIGNED_FILLS["met"])):
                ws.conditional_formatting.add(area, FormulaRule(formula=[formula], stopIfTrue=True,
                                                                fill=PatternFill("solid", start_color=colour,
                                                                                 end_color=colour)))
        else:  # a Coverage sheet without them (re-ordered or cut down by hand): relative to the column
            ws.conditional_formatting.add(
                area,
                ColorScaleRule(start_type="min", start_color="F8696B", mid_type="percentile", mid_value=50,
                               mid_color="FFFFFF", end_type="max", end_color="63BE7B"),
            )
    return True


#: The assigned column's colours: below the minimum (a gap), met the minimum but not the
#: target, met the target.
ASSIGNED_FILLS = {"short": "F8696B", "below_target": "FFEB84", "met": "C6EFCE"}

"""Writing the Forecast and Intervals sheets, and the copy of a team workbook ``roster demand``
writes.

Values are written in the form :mod:`read_forecast` reads back to the same rows: dates as Excel
dates, times as Excel times (an interval ending at midnight as 00:00, read as "the next day"),
channels in the output language, shares as fractions shown as percentages.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from roster.domain import MINUTES_PER_DAY, ForecastRow, IntervalRow
from roster.errors import InputError
from roster.excel.aliases import COLUMNS, SHEETS, find_sheet
from roster.excel.output import DATE_FORMAT, autosize, save_atomic, write_header
from roster.excel.sheets import open_workbook
from roster.i18n import t

FORECAST_COLUMNS = ("day", "from", "to", "channel", "skill", "contacts", "aht", "patience")
INTERVAL_COLUMNS = ("day", "from", "to", "skill", "agents", "service_level", "asa", "occupancy")

_CHANNEL_LABELS = {"en": {"chat": "chat", "phone": "phone"}, "zh": {"chat": "在线", "phone": "电话"}}


def _sheet(wb: Workbook, key: str, lang: str, columns: Iterable[str], *, index: int | None = None,
           title: str | None = None) -> Worksheet:
    ws = wb.create_sheet(title or SHEETS[key].label(lang), index)
    names = [COLUMNS[key][c] for c in columns]
    write_header(ws, [n.label(lang) for n in names], required=[n.required for n in names])
    ws.freeze_panes = "A2"
    return ws


def _day_cell(day: str) -> dt.date | str:
    """A date as an Excel date (sorts and filters as one), a word as written."""
    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        return day


def _time(minute: int) -> dt.time:
    minute %= MINUTES_PER_DAY
    return dt.time(minute // 60, minute % 60)


def _number(value: float | None) -> float | int | None:
    """Whole numbers as int, so that ``300`` contacts do not show as ``300.0``."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _finish(ws: Worksheet, formats: dict[int, str]) -> None:
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.column in formats:
                cell.number_format = formats[cell.column]
        if isinstance(row[0].value, dt.date):
            row[0].number_format = DATE_FORMAT
    autosize(ws)


def write_forecast_sheet(wb: Workbook, rows: Iterable[ForecastRow], lang: str,
                         *, index: int | None = None) -> Worksheet:
    """The Forecast sheet: contacts and handling time per day, interval, channel and skill."""
    ws = _sheet(wb, "forecast", lang, FORECAST_COLUMNS, index=index)
    labels = _CHANNEL_LABELS["zh" if lang == "zh" else "en"]
    for r in rows:
        ws.append([_day_cell(r.day), _time(r.start), _time(r.end), labels.get(r.channel, r.channel),
                   r.skill or "", _number(r.contacts), _number(r.aht), _number(r.patience)])
    _finish(ws, {2: "hh:mm", 3: "hh:mm"})
    return ws


def write_intervals_sheet(wb: Workbook, rows: Iterable[IntervalRow], lang: str,
                          *, index: int | None = None, title: str | None = None) -> Worksheet:
    """The Intervals sheet: agents per day, interval and skill, with the service level, average
    speed of answer (seconds) and occupancy that head count gives when computed from a forecast."""
    ws = _sheet(wb, "intervals", lang, INTERVAL_COLUMNS, index=index, title=title)
    for r in rows:
        ws.append([_day_cell(r.day), _time(r.start), _time(r.end), r.skill or "", r.agents,
                   r.service_level, r.asa_seconds, r.occupancy])
    _finish(ws, {2: "hh:mm", 3: "hh:mm", 6: "0.0%", 7: "0.0", 8: "0.0%"})
    return ws


def write_intervals_copy(source: str | Path, output: str | Path, rows: Iterable[IntervalRow],
                         *, lang: str, force: bool = False) -> Path:
    """A copy of the workbook ``source`` whose Intervals sheet holds ``rows``.

    An existing Intervals sheet is replaced in place (same name and position); otherwise the new
    sheet follows the Forecast sheet.  Every other sheet is kept as the workbook has it (formulas
    too: the copy is loaded without evaluating them).  ``source`` itself is only read.
    """
    wb = _load_for_copy(Path(source))
    existing = find_sheet("intervals", wb.sheetnames)
    title = None
    if existing is not None:
        index = wb.sheetnames.index(existing)
        title = existing
        wb.remove(wb[existing])
    else:
        forecast = find_sheet("forecast", wb.sheetnames)
        index = wb.sheetnames.index(forecast) + 1 if forecast else len(wb.sheetnames)
    write_intervals_sheet(wb, rows, lang, index=index, title=title)
    return save_atomic(wb, output, force=force, inputs=[source])


def _load_for_copy(path: Path) -> Workbook:
    open_workbook(path)  # the same checks and messages as every reader (missing, not .xlsx, ...)
    try:
        return load_workbook(io.BytesIO(path.read_bytes()), data_only=False)
    except Exception as exc:  # noqa: BLE001 - it was readable a moment ago; say what broke
        raise InputError(t("excel.file.unreadable", path=path, error=exc)) from None

"""Building small workbooks in code for the Excel-layer tests.

A test states the sheets it needs as plain lists of rows (header first), changes one cell, and
checks the one error that follows; everything else is a valid minimal team.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

Rows = list[list[object]]


def base_sheets() -> dict[str, Rows]:
    """A valid small team in English: three agents, two shifts, one demand row per shift."""
    return {
        "Staff": [
            ["id", "name", "team", "skills", "shifts", "lead"],
            ["1001", "Ann", "pre-sale", "chat, phone", "D,N", "yes"],
            ["1002", "Bo", "pre-sale", "chat", "", "no"],
            ["1003", "Cy", "after-sale", "chat", "D", "N"],
        ],
        "Shifts": [
            ["code", "name", "start", "end"],
            ["D", "Day", "08:30", "17:30"],
            ["N", "Night", "17:00", "01:00"],
        ],
        "Demand": [
            ["day", "shift", "skill", "min", "target"],
            ["weekday", "D", None, 1, 2],
            ["weekday", "N", None, 1, 1],
        ],
        "Leave": [
            ["id", "from", "to", "type"],
            ["1002", dt.date(2026, 12, 8), dt.date(2026, 12, 9), "annual"],
        ],
        "Requests": [
            ["id", "date", "shift", "want", "weight"],
            ["1001", "2026-12-05", "OFF", "yes", 2],
        ],
        "Promotions": [
            ["name", "from", "to", "multiplier", "freeze_leave"],
            ["Double 12", dt.date(2026, 12, 10), dt.date(2026, 12, 12), 1.5, "yes"],
        ],
        "Holidays": [
            ["date", "name", "kind"],
            [dt.date(2026, 12, 25), "Shop day", "holiday"],
        ],
        "History": [
            ["id", "date", "shift"],
            ["1001", dt.date(2026, 11, 30), "N"],
            ["1002", dt.date(2026, 11, 30), "OFF"],
        ],
        "Rules": [["rule", "value"], ["rest_days.min", 4]],
    }


def make_workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def set_cell(sheets: dict[str, Rows], sheet: str, row: int, column: str, value: object) -> None:
    """Set the cell in Excel row ``row`` (header = 1) of the column headed ``column``."""
    rows = sheets[sheet]
    index = rows[0].index(column)
    while len(rows) < row:
        rows.append([None] * len(rows[0]))
    rows[row - 1][index] = value

"""Writing a :class:`roster.domain.Team` back as input sheets (Staff, Shifts, Demand, ...).

Used for the copies inside every roster workbook, for ``roster init``'s template and for the
bundled samples.  Every value is written in a form :mod:`read_team` reads back to the same Team
(times as Excel times, dates as Excel dates, marks and yes/no in the output language), which the
round-trip tests hold us to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from roster.domain import MARKED_LEAVE, MINUTES_PER_DAY, DayType, Shift, ShiftKind, Team
from roster.excel.aliases import COLUMNS, SHEETS
from roster.excel.instructions import write_instructions
from roster.excel.output import DATE_FORMAT, autosize, save_atomic, write_header
from roster.excel.write_forecast import write_forecast_sheet, write_intervals_sheet
from roster.i18n import mark, t

TEAM_SHEETS = ("staff", "shifts", "demand", "leave", "requests", "promotions", "holidays",
               "history", "rules")


def yes_no(value: bool, lang: str) -> str:
    if lang == "zh":
        return "是" if value else "否"
    return "yes" if value else "no"


def _time(minute: int) -> dt.time:
    minute %= MINUTES_PER_DAY
    return dt.time(minute // 60, minute % 60)


def _new_sheet(wb: Workbook, key: str, lang: str, columns: list[str]) -> Worksheet:
    ws = wb.create_sheet(SHEETS[key].label(lang))
    names = [COLUMNS[key][c] for c in columns]
    write_header(ws, [n.label(lang) for n in names], required=[n.required for n in names])
    ws.freeze_panes = "A2"
    return ws


def _rows(ws: Worksheet, rows: Iterable[list[object]], date_columns: Iterable[int] = (),
          time_columns: Iterable[int] = ()) -> None:
    dates, times = set(date_columns), set(time_columns)
    for values in rows:
        ws.append(values)
        row = ws.max_row
        for column in dates:
            ws.cell(row=row, column=column).number_format = DATE_FORMAT
        for column in times:
            ws.cell(row=row, column=column).number_format = "hh:mm"
    autosize(ws)


def _yes_no_validation(ws: Worksheet, column: str, lang: str) -> None:
    _list_validation(ws, column, ["是", "否"] if lang == "zh" else ["yes", "no"])


def _list_validation(ws: Worksheet, column: str, words: list[str]) -> None:
    """A drop-down of ``words`` in ``column`` below the header: it shows a manager which values
    a column takes (the Shifts kind, the Holidays kind) without reading the Instructions sheet.
    Other spellings the reader accepts may still be typed (no error message is set)."""
    validation = DataValidation(type="list", formula1=f'"{",".join(words)}"', allow_blank=True)
    validation.add(f"{column}2:{column}1000")
    ws.add_data_validation(validation)


def write_team_sheets(wb: Workbook, team: Team, lang: str,
                      rules: Iterable[tuple[str, object]] | None = None) -> None:
    """Append the team's input sheets to ``wb``.  ``rules`` replaces the team's own overrides
    (a roster workbook stores the *effective* rules)."""
    sep = "、" if lang == "zh" else ", "

    ws = _new_sheet(wb, "staff", lang, ["id", "name", "team", "skills", "shifts", "lead"])
    _rows(ws, ([s.id, s.name, s.team, sep.join(s.skills), sep.join(s.shifts), yes_no(s.lead, lang)]
               for s in team.staff))
    _yes_no_validation(ws, "F", lang)

    ws = _new_sheet(wb, "shifts", lang, ["code", "name", "start", "end", "segments", "kind"])
    _rows(ws, (_shift_row(s, lang) for s in team.shifts), time_columns=(3, 4))
    _list_validation(ws, "F", [t(f"kind.{kind.value}", lang=lang) for kind in ShiftKind])

    ws = _new_sheet(wb, "demand", lang, ["day", "shift", "skill", "min", "target"])
    _rows(ws, ([d.day, d.shift, d.skill or "", d.min, d.target] for d in team.demand))

    ws = _new_sheet(wb, "leave", lang, ["id", "from", "to", "type"])
    # Leave read off the roster's own cells stays there (writing it here too would turn a
    # hand-typed mark into a Leave row the user never made).
    _rows(ws, ([lv.staff_id, lv.start, lv.end, lv.type] for lv in team.leave if lv.type != MARKED_LEAVE),
          date_columns=(2, 3))

    ws = _new_sheet(wb, "requests", lang, ["id", "date", "shift", "want", "weight"])
    _rows(ws, ([r.staff_id, r.date, mark(r.shift, lang), yes_no(r.want, lang), r.weight]
               for r in team.requests), date_columns=(2,))
    _yes_no_validation(ws, "D", lang)

    ws = _new_sheet(wb, "promotions", lang, ["name", "from", "to", "multiplier", "freeze_leave"])
    _rows(ws, ([p.name, p.start, p.end, p.multiplier, yes_no(p.freeze_leave, lang)]
               for p in team.promotions), date_columns=(2, 3))
    _yes_no_validation(ws, "E", lang)

    ws = _new_sheet(wb, "holidays", lang, ["date", "name", "kind"])
    _rows(ws, ([h.date, h.name, _holiday_kind(h.kind, lang)] for h in team.holidays),
          date_columns=(1,))
    _list_validation(ws, "C", [_holiday_kind(kind, lang) for kind in HOLIDAY_KIND_LABELS])

    ws = _new_sheet(wb, "history", lang, ["id", "date", "shift"])
    order = {s.id: i for i, s in enumerate(team.staff)}
    history = sorted(team.history.items(), key=lambda kv: (order.get(kv[0][0], len(order)),
                                                           kv[0][0], kv[0][1]))
    _rows(ws, ([sid, date, mark(code, lang)] for (sid, date), code in history), date_columns=(2,))

    # Half-hour demand: only when the team has it, so that shift-only workbooks stay as they were.
    if team.forecast:
        write_forecast_sheet(wb, team.forecast, lang)
    if team.intervals:
        write_intervals_sheet(wb, team.intervals, lang)

    ws = _new_sheet(wb, "rules", lang, ["rule", "value"])
    pairs = rules if rules is not None else ((k, v) for k, v, _ in team.rule_overrides)
    # A None value is "the default" and cannot be typed into a cell; leaving it out means the same.
    _rows(ws, ([key, value] for key, value in pairs if value is not None))


def _shift_row(shift: Shift, lang: str) -> list[object]:
    kind = t("kind.night" if shift.kind == ShiftKind.NIGHT else "kind.day", lang=lang)
    segments = shift.label() if len(shift.segments) > 1 else ""
    return [shift.code, shift.name, _time(shift.start), _time(shift.end), segments, kind]


#: The Holidays sheet's kind words as written, per day type (read back by ``read_team``):
#: a rest day (休息日) is the ordinary weekend-type day the sheet's ``rest`` gives.
HOLIDAY_KIND_LABELS: dict[DayType, tuple[str, str]] = {
    DayType.HOLIDAY: ("holiday", "节假日"),
    DayType.WORKDAY: ("workday", "调休上班"),
    DayType.WEEKEND: ("rest", "休息日"),
}


def _holiday_kind(kind: DayType, lang: str) -> str:
    en, zh = HOLIDAY_KIND_LABELS.get(kind, HOLIDAY_KIND_LABELS[DayType.HOLIDAY])
    return zh if lang == "zh" else en


def write_team_workbook(path: str | Path, team: Team, *, lang: str = "zh", force: bool = False,
                        instructions: bool = True) -> Path:
    """A team workbook (the input of ``generate``), optionally with an instructions sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    if instructions:
        write_instructions(wb, lang)
    write_team_sheets(wb, team, lang)
    if instructions:
        wb.active = 1  # open on the Staff sheet; the instructions are one tab to the left
    return save_atomic(wb, path, force=force)

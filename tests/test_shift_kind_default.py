"""Which shifts are nights when the Shifts sheet gives no ``kind``.

Night work is work past 22:00 (Chinese labour practice) or a start in the small hours (before
05:00: an early shift from 05:30 is a day); a split shift whose last
part starts at 17:00 or later is a night too; a team none of whose shifts reaches 22:00 has its
latest-ending afternoon shift as the night duty.  Every example of DOMAIN.md is checked as a
Shifts sheet without a kind column, read by the real reader."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from excel_helpers import base_sheets, make_workbook

from roster.cli import main
from roster.domain import ShiftKind
from roster.excel.read_team import default_shifts, read_team

DAY, NIGHT = ShiftKind.DAY, ShiftKind.NIGHT


def kinds_of(tmp_path: Path, shifts: list[str], given: list[str | None] | None = None) -> list[ShiftKind]:
    """The kinds read from a Shifts sheet of ``shifts`` (``08:00-16:00`` or split
    ``10:00-14:00,17:30-23:00``), with a kind column when ``given``."""
    header = ["code", "name", "start", "end", "segments"] + (["kind"] if given is not None else [])
    rows: list[list[object]] = [header]
    for k, times in enumerate(shifts):
        start, end = (times.split("-") if "," not in times else (None, None))
        row: list[object] = [f"S{k}", f"Shift {k}", start, end, times if "," in times else None]
        rows.append(row + ([given[k]] if given is not None else []))
    sheets = base_sheets()
    sheets["Shifts"] = rows
    sheets["Staff"] = [["id", "name"], ["1001", "Ann"], ["1002", "Bo"]]
    sheets["Demand"] = [["day", "shift", "min"], ["weekday", "S0", 1]]
    del sheets["Requests"], sheets["History"]
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    return [team.shift(f"S{k}").kind for k in range(len(shifts))]


@pytest.mark.parametrize(("shifts", "expected"), [
    pytest.param(["08:30-17:30", "17:00-01:00"], [DAY, NIGHT], id="白班 and 晚班 past midnight"),
    pytest.param(["08:00-17:30", "13:30-22:30"], [DAY, NIGHT], id="晚班 to 22:30"),
    pytest.param(["08:30-16:00", "16:00-23:30"], [DAY, NIGHT], id="晚班 to 23:30"),
    pytest.param(["08:30-17:30", "10:00-14:00,17:30-23:00"], [DAY, NIGHT], id="split night"),
    pytest.param(["08:00-16:00", "12:00-20:30", "16:00-24:00"], [DAY, DAY, NIGHT], id="早/中/晚"),
    pytest.param(["08:00-16:00", "16:00-24:00", "00:00-08:00"], [DAY, NIGHT, NIGHT], id="round the clock"),
    pytest.param(["08:00-12:00,13:00-17:30", "10:00-14:00,17:30-23:00"], [DAY, NIGHT], id="lunch-break split"),
    pytest.param(["08:00-16:00", "12:00-20:00", "17:00-01:00"], [DAY, DAY, NIGHT], id="early/late/night"),
    # An early shift is day duty though it starts before 06:00; a start in the small hours is a night.
    pytest.param(["05:30-14:00", "14:00-22:30"], [DAY, NIGHT], id="早班 from 05:30"),
    pytest.param(["06:00-14:00", "14:00-22:00"], [DAY, NIGHT], id="早班 from 06:00, late to 22:00"),
    pytest.param(["04:00-12:00", "12:00-20:00"], [NIGHT, DAY], id="from 04:00"),
])
def test_domain_examples(tmp_path, shifts, expected):
    assert kinds_of(tmp_path, shifts) == expected


@pytest.mark.parametrize(("shifts", "expected"), [
    # Ends as night work begins: no shift reaches 22:00, so the late one is the team's night duty.
    pytest.param(["08:30-17:30", "14:00-22:00"], [DAY, NIGHT], id="late to 22:00"),
    pytest.param(["08:00-16:00", "13:00-21:00"], [DAY, NIGHT], id="late to 21:00"),
    pytest.param(["08:00-17:00", "12:00-20:00", "13:00-20:00"], [DAY, NIGHT, NIGHT], id="two ending last"),
    # No evening duty to share: day shifts stay day shifts.
    pytest.param(["08:00-17:00", "09:00-18:00", "10:00-19:00"], [DAY, DAY, DAY], id="all end by 19:00"),
    pytest.param(["09:00-21:00"], [DAY], id="a single shift"),
    pytest.param(["08:00-20:00", "08:00-17:00"], [DAY, DAY], id="a long day starting in the morning"),
    pytest.param(["12:00-21:00", "13:00-21:00"], [DAY, DAY], id="all end together"),
])
def test_a_team_without_night_hours_has_its_evening_duty(tmp_path, shifts, expected):
    assert kinds_of(tmp_path, shifts) == expected


def test_a_kind_written_in_the_sheet_wins(tmp_path):
    assert kinds_of(tmp_path, ["08:30-17:30", "14:00-22:00"], ["白班", "白班"]) == [DAY, DAY]
    assert kinds_of(tmp_path, ["08:30-17:30", "14:00-22:00"], ["day", None]) == [DAY, NIGHT]
    assert kinds_of(tmp_path, ["08:00-16:00", "12:00-20:30", "16:00-24:00"], ["day", "night", None]) == [
        DAY, NIGHT, NIGHT]
    # A night written on one shift means the team has nights: no evening rule for the others.
    assert kinds_of(tmp_path, ["08:30-17:30", "14:00-22:00", "12:00-21:00"], [None, "night", None]) == [
        DAY, NIGHT, DAY]


def test_the_default_shifts_are_a_day_and_a_night():
    assert [(s.code, s.kind) for s in default_shifts()] == [("D", DAY), ("N", NIGHT)]


def test_the_samples_keep_their_kinds():
    """The bundled workbooks write their kinds; reading them gives what they were made with."""
    samples = Path(__file__).resolve().parent.parent / "samples"
    expected = {
        "cs-department-zh.xlsx": {"D": DAY, "N": NIGHT},
        "small-team-en.xlsx": {"D": DAY, "N": NIGHT},
        "forecast-team-zh.xlsx": {"D8": DAY, "D830": DAY, "D9": DAY, "D10": DAY, "M": NIGHT, "N": NIGHT,
                                  "S": DAY},
    }
    for name, kinds in expected.items():
        team = read_team(samples / name)
        assert {s.code: s.kind for s in team.shifts} == kinds, name


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_init_shows_the_kind_columns_and_explains_the_default(tmp_path, lang):
    """`roster init` fills in the Shifts sheet's kind column and offers drop-downs of the kinds
    (Shifts and Holidays); its Instructions sheet states the 22:00-05:00 rule in both languages."""
    path = tmp_path / "team.xlsx"
    result = CliRunner().invoke(main, ["init", str(path), "--lang", lang])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)
    shifts = wb["班次" if lang == "zh" else "Shifts"]
    header = [c.value for c in shifts[1]]
    kind_column = header.index("类型" if lang == "zh" else "kind")
    written = [row[kind_column] for row in shifts.iter_rows(min_row=2, values_only=True) if row[0]]
    assert written == (["白班", "晚班"] if lang == "zh" else ["day", "night"])
    drop_downs = [v.formula1 for v in shifts.data_validations.dataValidation]
    assert drop_downs == (['"白班,晚班"'] if lang == "zh" else ['"day,night"'])
    holidays = wb["节假日" if lang == "zh" else "Holidays"]
    drop_downs = [v.formula1 for v in holidays.data_validations.dataValidation]
    assert drop_downs == (['"节假日,调休上班,休息日"'] if lang == "zh" else ['"holiday,workday,rest"'])
    instructions = wb.worksheets[0]
    texts = [str(c) for row in instructions.iter_rows(values_only=True) for c in row if c]
    [english] = [t for t in texts if t.startswith("day or night")]
    [chinese] = [t for t in texts if t.startswith("白班或晚班")]
    assert "22:00 and 05:00" in english and "12:00-20:30" in english and "12:00 or later or runs" not in english
    assert "22:00 至次日 05:00" in chinese and "12:00 及以后开始或跨零点" not in chinese
    assert any("rest (休息日" in t for t in texts) and any("休息日（普通休息日" in t for t in texts)
    # What init wrote reads back as written.
    team = read_team(path)
    assert [(s.code, s.kind) for s in team.shifts] == [("D", DAY), ("N", NIGHT)]

"""Acceptance: broken and unusual team and roster workbooks, as managers in other shops make them.

Each test builds the workbook the way a real file arrives (a formula saved by a program that
does not calculate, a damaged sheet, ids typed as numbers, full-width letters, dates with month
names, a second Staff sheet) and checks the contract: exit 2 with the sheet, row and column, in
the chosen language, no traceback, the input untouched and no output; or, for an ambiguous but
reasonable input, that it is read as meant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from excel_helpers import base_sheets, make_workbook

from roster.cli import main
from roster.domain import REST
from roster.errors import InputError
from roster.excel.cells import parse_date
from roster.excel.read_roster import read_roster
from roster.excel.read_team import read_team
from roster.i18n import set_language

Rows = list[list[object]]


@pytest.fixture
def zh():
    set_language("zh")
    yield
    set_language("en")


def run(*args: object, lang: str = "en"):
    """The CLI in-process; an exception escaping it (a traceback for the user) fails the test."""
    return CliRunner().invoke(main, [*map(str, args), "--lang", lang], env={"COLUMNS": "400"},
                              catch_exceptions=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_cells(path: Path, sheet: str, cells: dict[str, object]) -> Path:
    """Set cells (a formula is written as openpyxl writes it: with no saved result)."""
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)
    return path


def rewrite_sheets(path: Path, old: bytes, new: bytes) -> Path:
    """Replace bytes inside the worksheet XML, as another program would have written them."""
    data = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(data, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = content.replace(old, new)
            zout.writestr(info, content)
    path.write_bytes(data.getvalue())
    return path


def assert_refused(path: Path, out: Path, expected: str, lang: str = "en", *extra: str) -> str:
    """``generate`` exits 2 naming ``expected``, leaves the input as it was and writes nothing."""
    before = digest(path)
    result = run("generate", path, "--month", "2026-12", "-o", out, "--time-limit", "2", *extra, lang=lang)
    assert result.exit_code == 2, result.output
    assert expected in result.output, result.output
    assert "Traceback" not in result.output
    assert digest(path) == before
    assert not out.exists()
    assert not list(out.parent.glob(f"*{out.stem}*tmp*"))
    return result.output


# --- formulas and Excel error values -------------------------------------------------------


def test_formula_without_saved_result_in_an_optional_column_is_reported(tmp_path):
    """openpyxl, pandas and some exports keep formulas without results; the reader saw an empty
    cell, so a formula target was silently dropped and a formula lead silently became "no"."""
    path = make_workbook(tmp_path / "team.xlsx", base_sheets())
    with_cells(path, "Demand", {"E2": "=D2*2"})
    with_cells(path, "Staff", {"F2": '=IF(1,"yes","no")'})
    output = assert_refused(path, tmp_path / "out.xlsx",
                            "sheet Demand, row 2, column target: holds the formula =D2*2")
    assert "sheet Staff, row 2, column lead: holds the formula" in output


def test_formula_without_saved_result_in_chinese_and_json(tmp_path):
    path = with_cells(make_workbook(tmp_path / "team.xlsx", base_sheets()), "Leave", {"C2": "=B2+1"})
    assert_refused(path, tmp_path / "out.xlsx", "工作表“Leave”第 2 行“to”列：含公式 =B2+1", "zh")
    result = run("generate", path, "--month", "2026-12", "-o", tmp_path / "out.xlsx", "--json", lang="zh")
    assert result.exit_code == 2
    payload = json.loads(result.stdout[result.stdout.index("{"):result.stdout.rindex("}") + 1])
    assert "含公式 =B2+1" in payload["error"]


def test_formula_with_a_saved_result_is_read_as_its_result(tmp_path):
    """What Excel and WPS save: the formula and its last result, or t="str" with an empty result."""
    path = with_cells(make_workbook(tmp_path / "team.xlsx", base_sheets()), "Demand",
                      {"E2": "=D2*2", "E3": "=IF(1,\"\",1)"})
    rewrite_sheets(path, b"<f>D2*2</f><v /></c>", b"<f>D2*2</f><v>2</v></c>")
    rewrite_sheets(path, b'<c r="E3"><f>', b'<c r="E3" t="str"><f>')
    team = read_team(path)
    assert (team.demand[0].target, team.demand[1].target) == (2, None)


def test_excel_error_value_is_reported_not_taken_as_text(tmp_path):
    path = with_cells(make_workbook(tmp_path / "team.xlsx", base_sheets()), "Staff", {"C2": "#N/A"})
    with pytest.raises(InputError, match=r"sheet Staff, row 2, column team: shows the Excel error #N/A"):
        read_team(path)


@pytest.mark.parametrize(("grid", "message"), [
    # A cell read as blank was a rest day: ``check`` audited a roster nobody wrote.
    ([["id", "name", dt.date(2026, 12, 1), dt.date(2026, 12, 2)], ["1001", "Ann", '="D"', "N"]],
     'sheet Roster, row 2, column C: holds the formula ="D"'),
    # A header date chained by formula (=C1+1) dropped the column: "no column for 2026-12-02".
    ([["id", "name", dt.date(2026, 12, 1), "=C1+1"], ["1001", "Ann", "D", "N"]],
     "sheet Roster, row 1, column D: holds the formula =C1+1"),
])
def test_roster_with_unsaved_formulas_is_refused(tmp_path, grid, message):
    sheets = base_sheets()
    sheets["Roster"] = grid
    path = make_workbook(tmp_path / "r.xlsx", sheets)
    with pytest.raises(InputError, match="^" + message.replace("+", r"\+")):
        read_roster(path)


def test_history_grid_with_formula_dates_is_reported(tmp_path):
    sheets = base_sheets()
    sheets["History"] = [["id", "name", dt.date(2026, 11, 29), "=C1+1"], ["1001", "Ann", "D", "N"]]
    with pytest.raises(InputError, match=r"sheet History, row 1, column D: holds the formula =C1\+1"):
        read_team(make_workbook(tmp_path / "team.xlsx", sheets))


# --- damaged files -------------------------------------------------------------------------


def test_damaged_sheet_xml_is_exit_2_not_a_traceback(tmp_path):
    """The zip and workbook parts are fine, but one sheet's XML is cut off: read-only sheets are
    parsed lazily, so this escaped ``open_workbook`` as an XML ParseError traceback."""
    path = make_workbook(tmp_path / "team.xlsx", base_sheets())
    data = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(data, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            zout.writestr(info, content)
    path.write_bytes(data.getvalue())
    assert_refused(path, tmp_path / "out.xlsx", "sheet Staff cannot be read: the file is damaged")
    assert_refused(path, tmp_path / "out.xlsx", "工作表“Staff”无法读取：文件已损坏", "zh")


# --- ids, codes and dates typed another way ------------------------------------------------


def test_ids_and_codes_typed_differently_are_resolved(tmp_path):
    """``001`` in Staff (a text cell) is ``1`` where Excel made it a number; full-width ``Ｄ`` and
    ``１００２`` come from a Chinese input method's full-width mode."""
    sheets = base_sheets()
    sheets["Staff"][1][0] = "001"
    sheets["Requests"][1][0] = 1
    sheets["History"][1][0] = 1.0
    sheets["Leave"][1][0] = "１００２"
    sheets["Demand"][1][1] = "Ｄ"
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert team.requests[0].staff_id == "001"
    assert ("001", dt.date(2026, 11, 30)) in team.history
    assert team.leave[0].staff_id == "1002"
    assert team.demand[0].shift == "D"


def test_ambiguous_numeric_id_is_still_refused(tmp_path):
    sheets = base_sheets()
    sheets["Staff"][1][0] = "001"
    sheets["Staff"][2][0] = "01"
    sheets["Requests"][1][0] = 1
    with pytest.raises(InputError, match=r"sheet Requests, row 2, column id: unknown staff id '1'"):
        read_team(make_workbook(tmp_path / "team.xlsx", sheets))


def test_roster_grid_id_typed_as_a_number_is_the_staff_id(tmp_path):
    sheets = base_sheets()
    sheets["Staff"][1][0] = "001"
    sheets["Requests"][1][0] = "001"
    sheets["History"][1][0] = "001"
    sheets["Roster"] = [["id", "name", dt.date(2026, 12, 1)], [1, "Ann", "D"]]
    book = read_roster(make_workbook(tmp_path / "r.xlsx", sheets))
    assert book.roster.cells[("001", dt.date(2026, 12, 1))] == "D"


@pytest.mark.parametrize("value", ["5-Dec-2026", "05 Dec 26", "Dec 5, 2026", "December 5th 2026",
                                   "2026-12-05 09:30", "2026/12/05T09:30:00"])
def test_dates_with_month_names_or_times_are_accepted(value):
    assert parse_date(value) == dt.date(2026, 12, 5)


def test_leave_with_month_name_dates(tmp_path):
    sheets = base_sheets()
    sheets["Leave"][1][1:3] = ["8-Dec-2026", "Dec 9, 2026"]
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert (team.leave[0].start, team.leave[0].end) == (dt.date(2026, 12, 8), dt.date(2026, 12, 9))


def test_counts_with_a_unit_are_accepted(tmp_path):
    sheets = base_sheets()
    sheets["Demand"][1][3:5] = ["1人", "2 名"]
    sheets["Promotions"][1][3] = "1.5倍"
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert (team.demand[0].min, team.demand[0].target) == (1, 2)
    assert team.promotions[0].multiplier == 1.5


# --- sheets ----------------------------------------------------------------------------------


def test_two_staff_sheets_are_reported_not_one_silently_ignored(tmp_path):
    sheets = base_sheets()
    sheets["员工"] = [["工号", "姓名"], ["2001", "张三"]]
    path = make_workbook(tmp_path / "team.xlsx", sheets)
    assert_refused(path, tmp_path / "out.xlsx", "The workbook has 2 sheets for Staff: 'Staff', '员工'")
    assert_refused(path, tmp_path / "out.xlsx", "工作簿中有 2 个“员工”工作表：“Staff”、“员工”", "zh")


def test_a_dated_copy_of_a_sheet_does_not_compete_with_the_sheet(tmp_path):
    sheets = base_sheets()
    sheets["Staff (11月)"] = [["id", "name"], ["2001", "Old"]]
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert [s.id for s in team.staff] == ["1001", "1002", "1003"]


def test_roster_row_without_id_but_with_shifts_is_reported(tmp_path):
    """A person's row whose id was deleted was skipped like the writer's weekday and count rows:
    that person's month vanished from the check."""
    sheets = base_sheets()
    sheets["Roster"] = [
        ["id", "name", dt.date(2026, 12, 1), dt.date(2026, 12, 2)],
        [None, "weekday", "Tue", "Wed"],
        ["1001", "Ann", "D", "N"],
        [None, "Bo", "D", "OFF"],
        [None, "on D", 2, 1],
    ]
    with pytest.raises(InputError, match=r"sheet Roster, row 4, column id: is blank, but the row holds "
                                          r"a person's shifts \(Bo\)"):
        read_roster(make_workbook(tmp_path / "r.xlsx", sheets))


def test_roster_row_labels_without_id_are_not_people(tmp_path):
    sheets = base_sheets()
    sheets["Roster"] = [
        ["id", "name", dt.date(2026, 12, 1)],
        ["1001", "Ann", "D"],
        [None, "备注", "D"],
        [None, "D 人数", 1],
    ]
    book = read_roster(make_workbook(tmp_path / "r.xlsx", sheets))
    assert book.roster.cells == {("1001", dt.date(2026, 12, 1)): "D"}
    assert REST not in book.roster.cells.values()


# --- merged cells ----------------------------------------------------------------------------


def test_merged_group_cells_hold_their_value_on_every_row(tmp_path):
    """One ``chat, phone`` merged over three people, one ``weekday`` over two Demand rows: the
    file keeps the value in the first cell only, so the skills of the others were silently lost
    and the Demand rows refused as blank."""
    path = make_workbook(tmp_path / "team.xlsx", base_sheets())
    wb = openpyxl.load_workbook(path)
    wb["Staff"].insert_rows(1)
    wb["Staff"]["A1"] = "客服部员工名单"
    wb["Staff"].merge_cells("A1:F1")  # a title above the header stays a title
    wb["Staff"]["D4"] = None
    wb["Staff"].merge_cells("D3:D5")
    wb["Demand"].merge_cells("A2:A3")
    wb.save(path)
    team = read_team(path)
    assert [s.skills for s in team.staff] == [("chat", "phone")] * 3
    assert [d.day for d in team.demand] == ["weekday", "weekday"]


def test_leave_merged_over_days_of_a_roster_is_leave_on_each(tmp_path):
    sheets = base_sheets()
    sheets["Roster"] = [["id", "name", *(dt.date(2026, 12, d) for d in (1, 2, 3, 4))],
                        ["1001", "Ann", "假", None, None, "D"]]
    path = make_workbook(tmp_path / "r.xlsx", sheets)
    wb = openpyxl.load_workbook(path)
    wb["Roster"].merge_cells("C2:E2")
    wb.save(path)
    cells = read_roster(path).roster.cells
    assert [cells[("1001", dt.date(2026, 12, d))] for d in (1, 2, 3, 4)] == ["LEAVE"] * 3 + ["D"]


# --- header layouts --------------------------------------------------------------------------


def test_second_header_line_in_the_other_language_is_not_a_person(tmp_path):
    """A bilingual template repeats the header in Chinese under the English one; read as data,
    it was refused with "unknown shift code '可排班次'" (or made a person called 姓名)."""
    sheets = base_sheets()
    sheets["Staff"].insert(1, ["工号", "姓名", "组别", "技能", "可排班次", "组长"])
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert [s.id for s in team.staff] == ["1001", "1002", "1003"]


def test_bilingual_header_cells(tmp_path):
    sheets = base_sheets()
    sheets["Staff"][0] = ["工号 ID", "姓名 Name", "Team/组别", "技能\nSkills", "可排班次", "Team Lead"]
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    ann = team.staff[0]
    assert (ann.name, ann.team, ann.skills, ann.lead) == ("Ann", "pre-sale", ("chat", "phone"), True)


def test_header_below_several_lines_of_notes(tmp_path):
    sheets = base_sheets()
    sheets["Staff"][0:0] = [["客服部 2026年12月"], ["说明：每人一行"], [], ["工号必填"], ["姓名必填"], []]
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert [s.id for s in team.staff] == ["1001", "1002", "1003"]


def test_totals_row_under_the_staff_table_is_not_a_person(tmp_path):
    """``合计 | 3人`` under the people became a fourth person, planned on shifts like the others."""
    sheets = base_sheets()
    sheets["Staff"].append(["合计", "3人", None, None, None, None])
    path = make_workbook(tmp_path / "team.xlsx", sheets)
    assert_refused(path, tmp_path / "out.xlsx",
                   "sheet Staff, row 5, column id: '合计' makes this a totals row, not a person")
    assert_refused(path, tmp_path / "out.xlsx", "工作表“Staff”第 5 行“id”列：“合计”表明这是合计行", "zh")


def test_totals_row_of_a_hand_made_roster_is_not_a_person(tmp_path):
    sheets = base_sheets()
    sheets["Roster"] = [["id", "name", dt.date(2026, 12, 1)], ["1001", "Ann", "D"], ["合计", None, 1]]
    book = read_roster(make_workbook(tmp_path / "r.xlsx", sheets))
    assert set(book.roster.cells) == {("1001", dt.date(2026, 12, 1))}


# --- file formats ----------------------------------------------------------------------------


def test_strict_open_xml_workbook_is_named_as_such(tmp_path):
    """Excel's "Strict Open XML Spreadsheet" is a zip openpyxl finds no sheet in: the user was
    told "no sheet Staff; its sheets are: -", with an openpyxl warning above it."""
    path = make_workbook(tmp_path / "team.xlsx", base_sheets())
    rewrite = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(rewrite, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename).replace(
                b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                b"http://purl.oclc.org/ooxml/spreadsheetml/main"))
    path.write_bytes(rewrite.getvalue())
    output = assert_refused(path, tmp_path / "out.xlsx", 'saved as "Strict Open XML Spreadsheet"')
    assert "Warning" not in output and "no sheet" not in output
    assert_refused(path, tmp_path / "out.xlsx", "Strict Open XML 电子表格", "zh")


def test_input_errors_carry_sheet_row_and_column_for_json(tmp_path):
    sheets = base_sheets()
    sheets["Demand"][1][3] = -1
    sheets["Leave"][1][0] = "9999"
    with pytest.raises(InputError) as info:
        read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    details = info.value.details()
    assert [(d["sheet"], d["row"], d["column"]) for d in details] == [("Demand", 2, "min"), ("Leave", 2, "id")]
    assert all(str(d["message"]).startswith("sheet ") for d in details)
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["generate", str(tmp_path / "team.xlsx"), "--month", "2026-12", "-o", str(out),
                                       "--json", "--lang", "en"])
    data = json.loads(result.stdout)
    assert result.exit_code == 2 and data["ok"] is False and not out.exists()
    assert [(p["sheet"], p["row"], p["column"]) for p in data["problems"]] == [("Demand", 2, "min"),
                                                                               ("Leave", 2, "id")]


# --- words managers write instead of codes ---------------------------------------------------


def test_staff_shifts_and_lead_as_managers_write_them(tmp_path):
    """``D N`` (spaces), ``全部`` (any), a shift's name (``白班``), and ``组长`` in the lead column
    were each refused ("unknown shift code 'D N'", "'组长' is not yes or no")."""
    sheets = base_sheets()
    sheets["Shifts"][1][1] = "白班"
    sheets["Staff"][1][4:6] = ["D N", "组长"]
    sheets["Staff"][2][4:6] = ["全部", "✔"]
    sheets["Staff"][3][4] = "Night, 白班"
    sheets["Demand"][1][1] = "白班"
    sheets["Requests"].append(["1003", "2026-12-20", "Night", "避免", 1])
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert [(s.shifts, s.lead) for s in team.staff] == [(("D", "N"), True), ((), True), (("N", "D"), False)]
    assert team.demand[0].shift == "D"
    assert (team.requests[1].shift, team.requests[1].want) == ("N", False)


def test_a_shift_name_never_hides_a_code(tmp_path):
    """A shift named like another shift's code is that code, not the named shift."""
    sheets = base_sheets()
    sheets["Shifts"][1][1] = "N"  # D is called "N": "N" still means the night shift
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert team.demand[1].shift == "N"


def test_unknown_code_among_spaced_codes_is_named(tmp_path):
    sheets = base_sheets()
    sheets["Staff"][1][4] = "D X"
    with pytest.raises(InputError, match=r"sheet Staff, row 2, column shifts: unknown shift code 'X'"):
        read_team(make_workbook(tmp_path / "team.xlsx", sheets))

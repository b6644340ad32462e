"""Reading team and roster workbooks: what is accepted, and that every bad input is an
InputError naming the sheet, row and column (never a traceback)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from excel_helpers import base_sheets, make_workbook, set_cell
from openpyxl import Workbook

from roster.domain import LEAVE, REST, DayType, ShiftKind
from roster.errors import InputError, InputErrors
from roster.excel.cells import (
    CellProblem,
    looks_like_date,
    parse_date,
    parse_segments,
    parse_time,
    roster_mark,
    split_list,
)
from roster.excel.read_roster import read_roster
from roster.excel.read_team import read_team
from roster.i18n import set_language


@pytest.fixture
def zh():
    set_language("zh")
    yield
    set_language("en")


@pytest.fixture
def sheets():
    return base_sheets()


def read(tmp_path, sheets):
    return read_team(make_workbook(tmp_path / "team.xlsx", sheets))


def error_of(tmp_path, sheets) -> InputError:
    with pytest.raises(InputError) as info:
        read(tmp_path, sheets)
    return info.value


# --- what a valid workbook gives -----------------------------------------------------------


def test_reads_every_sheet(tmp_path, sheets):
    team = read(tmp_path, sheets)
    assert [s.id for s in team.staff] == ["1001", "1002", "1003"]
    ann = team.staff[0]
    assert ann.skills == ("chat", "phone") and ann.shifts == ("D", "N") and ann.lead
    assert team.staff[2].lead is False and team.staff[2].shifts == ("D",)
    night = team.shift("N")
    assert night.segments == ((1020, 1500),) and night.kind == ShiftKind.NIGHT
    assert team.shift("D").kind == ShiftKind.DAY
    assert [(d.day, d.shift, d.skill, d.min, d.target, d.source_row) for d in team.demand] == [
        ("weekday", "D", None, 1, 2, 2), ("weekday", "N", None, 1, 1, 3)]
    assert team.leave[0].start == dt.date(2026, 12, 8) and team.leave[0].type == "annual"
    assert team.requests[0].shift == REST and team.requests[0].weight == 2
    assert team.promotions[0].multiplier == 1.5 and team.promotions[0].freeze_leave
    assert team.holidays[0].kind == DayType.HOLIDAY
    assert team.history == {("1001", dt.date(2026, 11, 30)): "N",
                            ("1002", dt.date(2026, 11, 30)): REST}
    assert team.rule_overrides == [("rest_days.min", 4, 2)]


def test_chinese_names_case_and_spaces(tmp_path):
    sheets = {
        " 员工表 ": [["工号", "姓名", "组别", "技能", "可排班次", "组长"],
                  [1001, "王芳", "售前", "售前，售后、质检", "D", "是"]],
        "班次": [["代码", "名称", "开始", "结束", "类型"], ["D", "白班", dt.time(8, 30), dt.time(17, 30), "白班"]],
        "需求": [[" Day ", "SHIFT", "技能", "最少", "目标"], [dt.datetime(2026, 12, 1), "d", "售前", 1, None]],
        "历史": [["工号", "日期", "班次"], [1001, "2026/11/30", "休"], [1001, "2026-11-29", "假"],
                 [1001, "2026-11-28", None]],
    }
    team = read(tmp_path, sheets)
    assert team.staff[0].id == "1001" and team.staff[0].skills == ("售前", "售后", "质检")
    assert team.staff[0].lead is True
    assert team.demand[0].day == "2026-12-01" and team.demand[0].shift == "D"
    assert team.demand[0].target is None
    assert team.history[("1001", dt.date(2026, 11, 29))] == LEAVE
    assert team.history[("1001", dt.date(2026, 11, 28))] == REST


@pytest.mark.parametrize("name", ["人员名单", "花名册", "Staff List"])
def test_staff_sheet_under_other_common_names(tmp_path, sheets, name):
    sheets[name] = sheets.pop("Staff")
    assert [p.id for p in read(tmp_path, sheets).staff]


def test_default_shifts_when_sheet_missing(tmp_path, sheets):
    del sheets["Shifts"]
    team = read(tmp_path, sheets)
    assert [(s.code, s.segments, s.kind) for s in team.shifts] == [
        ("D", ((510, 1050),), ShiftKind.DAY), ("N", ((1020, 1500),), ShiftKind.NIGHT)]


def test_split_shift_and_kind_defaults(tmp_path, sheets):
    sheets["Shifts"] = [["code", "name", "start", "end", "segments"],
                        ["D", "Day", "8:30", "17:30", None],
                        ["N", "Late", "13:30", "22:30", None],
                        ["S", "Split", None, None, "10:00-14:00，17:30-23:00"]]
    team = read(tmp_path, sheets)
    assert team.shift("N").kind == ShiftKind.NIGHT  # starts after noon
    assert team.shift("S").segments == ((600, 840), (1050, 1380))


def test_header_below_a_title_line(tmp_path, sheets):
    sheets["Staff"].insert(0, ["December roster - staff list"])
    team = read(tmp_path, sheets)
    assert len(team.staff) == 3


def test_blank_rows_are_skipped(tmp_path, sheets):
    sheets["Staff"].insert(2, [None, "  ", None])
    assert len(read(tmp_path, sheets).staff) == 3


@pytest.mark.parametrize("word,expected", [
    ("yes", True), ("no", False), ("TRUE", True), ("false", False), (1, True), (0, False),
    ("是", True), ("否", False), ("Y", True), ("n", False), (True, True)])
def test_yes_no_words(tmp_path, sheets, word, expected):
    set_cell(sheets, "Staff", 2, "lead", word)
    assert read(tmp_path, sheets).staff[0].lead is expected


@pytest.mark.parametrize("text,minutes", [
    ("8:30", 510), ("08:30", 510), ("17:00", 1020), (dt.time(9, 15), 555), (0.5, 720),
    (dt.datetime(1899, 12, 30, 7, 0), 420)])
def test_times(text, minutes):
    assert parse_time(text) == minutes


@pytest.mark.parametrize("value", [
    "2026-11-20", "2026/11/20", "2026.11.20", "2026年11月20日", "20261120", 20261120, 20261120.0,
    dt.date(2026, 11, 20), dt.datetime(2026, 11, 20), 46346])
def test_date_forms(value):
    """ISO, slashes, dots, 年月日, an Excel date or serial, and HR exports' compact 20261120."""
    assert parse_date(value) == dt.date(2026, 11, 20)


@pytest.mark.parametrize("value", ["11/20/2026", "20261320", "12345678", "2026112"])
def test_dates_that_are_refused(value):
    with pytest.raises(CellProblem):
        parse_date(value)


def test_compact_dates_are_not_guessed_in_headers():
    """Eight-digit staff ids are common: only a column meant for dates reads 20261120 as one."""
    assert not looks_like_date("20261120")


def test_segments_past_midnight():
    assert parse_segments("20:00-23:00,00:30-02:00") == ((1200, 1380), (1470, 1560))
    with pytest.raises(CellProblem):
        parse_segments("10:00-14:00,12:00-13:00,09:00-11:00")


def test_skill_separators():
    assert split_list("a,b，c、d;e；f") == ("a", "b", "c", "d", "e", "f")


@pytest.mark.parametrize(("word", "mark"), [
    ("休", REST), ("off", REST), ("Day off", REST), (" 调休 ", REST), ("轮休", REST),
    ("假", LEAVE), ("leave", LEAVE), ("年假", LEAVE), ("病假", LEAVE), ("Sick leave", LEAVE),
    ("D", None), ("N2", None),
])
def test_non_working_marks_typed_by_hand(word, mark):
    """A team lead editing a roster writes the kind of leave, not the canonical mark."""
    assert roster_mark(word) == mark


def test_holiday_workday_kind(tmp_path, sheets):
    sheets["Holidays"].append([dt.date(2026, 12, 27), "make-up", "调休上班"])
    assert read(tmp_path, sheets).holidays[1].kind == DayType.WORKDAY


def test_history_as_a_grid(tmp_path, sheets):
    sheets["History"] = [["id", "name", dt.date(2026, 11, 29), "2026-11-30"],
                         ["1001", "Ann", "D", "休"], ["1003", "Cy", None, "假"]]
    history = read(tmp_path, sheets).history
    assert history[("1001", dt.date(2026, 11, 29))] == "D"
    assert history[("1001", dt.date(2026, 11, 30))] == REST
    assert history[("1003", dt.date(2026, 11, 30))] == LEAVE


def test_input_file_is_not_modified(tmp_path, sheets):
    path = make_workbook(tmp_path / "team.xlsx", sheets)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    read_team(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == mtime


# --- bad files ------------------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_team(tmp_path / "nope.xlsx")


def test_csv_renamed(tmp_path):
    path = tmp_path / "team.xlsx"
    path.write_text("id,name\n1001,Ann\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"not an Excel workbook.*text file"):
        read_team(path)


def test_random_bytes(tmp_path):
    path = tmp_path / "team.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match="not an Excel workbook"):
        read_team(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "team.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="damaged"):
        read_team(path)


def test_missing_required_sheet(tmp_path, sheets):
    del sheets["Demand"]
    err = error_of(tmp_path, sheets)
    assert "no sheet Demand" in str(err) and "需求" in str(err)


def test_missing_staff_sheet_is_one_error_not_one_per_reference(tmp_path, sheets):
    """Without a Staff sheet every id in Leave, Requests and History would also be 'unknown':
    the user gets the one message that matters."""
    sheets["Personnel"] = sheets.pop("Staff")
    err = error_of(tmp_path, sheets)
    assert "no sheet Staff" in str(err)
    assert "unknown staff id" not in str(err)


def test_missing_required_column(tmp_path, sheets):
    sheets["Staff"][0][1] = "nickname"
    err = error_of(tmp_path, sheets)
    assert str(err).startswith("sheet Staff, row 1, column name: no column name")


# --- bad cells: (sheet, excel row, column, value, expected message) --------------------------

BAD_CELLS = [
    ("Staff", 2, "name", None, "sheet Staff, row 2, column name: is blank, but a value is required"),
    ("Staff", 2, "shifts", "D,X", "sheet Staff, row 2, column shifts: unknown shift code 'X'"),
    ("Staff", 2, "lead", "maybe", "sheet Staff, row 2, column lead: 'maybe' is not yes or no"),
    ("Shifts", 2, "start", "25:00", "sheet Shifts, row 2, column start: '25:00' is not a time of day"),
    ("Shifts", 3, "end", "late", "sheet Shifts, row 3, column end: 'late' is not a time of day"),
    ("Demand", 2, "shift", "X", "sheet Demand, row 2, column shift: unknown shift code 'X' (known: D, N)"),
    ("Demand", 2, "min", -1, "sheet Demand, row 2, column min: '-1' is not a whole number of at least 0"),
    ("Demand", 2, "min", "two", "sheet Demand, row 2, column min: 'two' is not a whole number"),
    ("Demand", 2, "min", 2.5, "sheet Demand, row 2, column min: '2.5' is not a whole number"),
    ("Demand", 2, "target", 0, "sheet Demand, row 2, column target: target 0 is below min 1"),
    ("Demand", 2, "day", "2027-13-45", "sheet Demand, row 2, column day: '2027-13-45' is not a date"),
    ("Leave", 2, "to", dt.date(2026, 12, 3), "sheet Leave, row 2, column to: 2026-12-03 is before from 2026-12-08"),
    ("Leave", 2, "id", "9999", "sheet Leave, row 2, column id: unknown staff id '9999' (not in sheet Staff)"),
    ("Leave", 2, "from", "2027-13-45", "sheet Leave, row 2, column from: '2027-13-45' is not a date"),
    ("Leave", 2, "from", "soon", "sheet Leave, row 2, column from: 'soon' is not a date"),
    # a blank "to" is a one-day leave (test_acceptance_s23_weekday); a blank "from" is refused
    ("Leave", 2, "from", None, "sheet Leave, row 2, column from: is blank, but a value is required"),
    ("Requests", 2, "shift", "X", "sheet Requests, row 2, column shift: 'X' is neither a shift code (D, N) nor OFF/休"),
    ("Requests", 2, "id", "42", "sheet Requests, row 2, column id: unknown staff id '42'"),
    ("Requests", 2, "want", "perhaps", "sheet Requests, row 2, column want: 'perhaps' is not yes or no"),
    ("Requests", 2, "weight", 0, "sheet Requests, row 2, column weight: '0' is not a whole number of at least 1"),
    ("Promotions", 2, "multiplier", "lots", "sheet Promotions, row 2, column multiplier: 'lots' is not a number greater than 0"),
    ("Promotions", 2, "multiplier", -2, "sheet Promotions, row 2, column multiplier: '-2' is not a number greater than 0"),
    ("Promotions", 2, "freeze_leave", "sometimes", "sheet Promotions, row 2, column freeze_leave: 'sometimes' is not yes or no"),
    ("Holidays", 2, "kind", "party", "sheet Holidays, row 2, column kind: 'party' is neither holiday/节假日 nor workday/调休上班"),
    ("Holidays", 2, "date", "2026-02-30", "sheet Holidays, row 2, column date: '2026-02-30' is not a date"),
    ("History", 2, "shift", "X", "sheet History, row 2, column shift: 'X' is neither a shift code (D, N) nor OFF/休 or LEAVE/假"),
    ("History", 2, "id", "77", "sheet History, row 2, column id: unknown staff id '77'"),
    ("Rules", 2, "value", None, "sheet Rules, row 2, column value: is blank, but a value is required"),
]


@pytest.mark.parametrize("sheet,row,column,value,message", BAD_CELLS,
                         ids=[f"{s}-{c}-{v}" for s, _, c, v, _ in BAD_CELLS])
def test_bad_cell(tmp_path, sheets, sheet, row, column, value, message):
    set_cell(sheets, sheet, row, column, value)
    err = error_of(tmp_path, sheets)
    assert not isinstance(err, InputErrors), str(err)
    assert str(err).startswith(message), str(err)
    assert (err.sheet, err.row, err.column) == (sheet, row, column)


@pytest.mark.parametrize("sheet,row,message", [
    ("Staff", ["1001", "Dup"], "sheet Staff, row 5, column id: staff id '1001' is used twice (first in row 2)"),
    ("Shifts", ["D", "Again", "09:00", "18:00"], "sheet Shifts, row 4, column code: shift code 'D' is defined twice (first in row 2)"),
    ("Demand", ["weekday", "D", None, 2], "sheet Demand, row 4, column day: repeats row 2 for the same day, shift and skill"),
    ("Holidays", [dt.date(2026, 12, 25), "again"], "sheet Holidays, row 3, column date: repeats row 2"),
    ("History", ["1001", "2026-11-30", "D"], "sheet History, row 4, column date: repeats row 2"),
])
def test_duplicates(tmp_path, sheets, sheet, row, message):
    sheets[sheet].append(row)
    err = error_of(tmp_path, sheets)
    assert str(err).startswith(message), str(err)


def test_partly_filled_row_is_an_error(tmp_path, sheets):
    sheets["Staff"].append([None, None, "pre-sale"])
    err = error_of(tmp_path, sheets)
    assert "sheet Staff, row 5, column id: is blank" in str(err)
    assert "sheet Staff, row 5, column name: is blank" in str(err)


def test_all_problems_reported_together(tmp_path, sheets):
    set_cell(sheets, "Leave", 2, "id", "9999")
    set_cell(sheets, "Demand", 2, "min", "x")
    set_cell(sheets, "Requests", 2, "date", "2026-12-40")
    err = error_of(tmp_path, sheets)
    assert isinstance(err, InputErrors) and len(err.errors) == 3


def test_many_problems_are_capped(tmp_path, sheets):
    for row in range(2, 40):
        set_cell(sheets, "Requests", row, "id", f"x{row}")
        set_cell(sheets, "Requests", row, "date", "2026-12-01")
        set_cell(sheets, "Requests", row, "shift", "D")
    err = error_of(tmp_path, sheets)
    assert isinstance(err, InputErrors) and len(err.errors) == 21
    assert str(err).endswith("... and 18 more problems.")


def test_messages_in_chinese(tmp_path, sheets, zh):
    set_cell(sheets, "Leave", 2, "to", dt.date(2026, 12, 3))
    err = error_of(tmp_path, sheets)
    assert str(err) == "工作表“Leave”第 2 行“to”列：2026-12-03 早于 from 2026-12-08"


def test_chinese_workbook_chinese_messages(tmp_path, zh):
    sheets = {
        "员工": [["工号", "姓名"], ["1001", "王芳"], ["1001", "李娜"]],
        "需求": [["日期", "班次", "最少"], ["工作日", "X", 1]],
    }
    err = error_of(tmp_path, sheets)
    text = str(err)
    assert "工作表“员工”第 3 行“工号”列：工号 '1001' 重复（第一次出现在第 2 行）" in text
    assert "工作表“需求”第 2 行“班次”列：未知班次代码 'X'" in text


def test_missing_sheet_in_chinese(tmp_path, zh):
    err = error_of(tmp_path, {"员工": [["工号", "姓名"], ["1", "a"]]})
    assert "工作簿缺少工作表“需求”" in str(err)


# --- roster workbooks -------------------------------------------------------------------------


def roster_sheets(grid: list[list[object]]) -> dict[str, list[list[object]]]:
    sheets = base_sheets()
    sheets["Roster"] = grid
    return sheets


def test_hand_made_roster(tmp_path):
    grid = [
        ["id", "name", dt.date(2026, 12, 2), "2026-12-01", "total"],
        [None, "weekday", "Wed", "Tue", None],
        ["1001", "Ann", " N ", "d", 2],
        ["1002", "Bo", "假", "休", 0],
        ["9999", "Ghost", "D", None, 1],
        ["Mon", None, "x", None, None],
        [None, "on D", 1, 1, None],
    ]
    book = read_roster(make_workbook(tmp_path / "r.xlsx", roster_sheets(grid)))
    roster = book.roster
    assert roster.dates == [dt.date(2026, 12, 1), dt.date(2026, 12, 2)]
    assert roster.cells[("1001", dt.date(2026, 12, 2))] == "N"
    assert roster.cells[("1001", dt.date(2026, 12, 1))] == "D"  # case forgiven
    assert roster.cells[("1002", dt.date(2026, 12, 2))] == LEAVE
    assert roster.cells[("1002", dt.date(2026, 12, 1))] == REST
    assert roster.cells[("9999", dt.date(2026, 12, 1))] == REST  # unknown id kept
    assert ("1003", dt.date(2026, 12, 1)) not in roster.cells  # not in the grid: no cells
    assert book.effective_rules == [("rest_days.min", 4, 2)]


def test_unknown_codes_are_kept(tmp_path):
    grid = [["id", "name", "2026-12-01"], ["1001", "Ann", "ZZ"]]
    book = read_roster(make_workbook(tmp_path / "r.xlsx", roster_sheets(grid)))
    assert book.roster.cells[("1001", dt.date(2026, 12, 1))] == "ZZ"


@pytest.mark.parametrize("grid,message", [
    ([["id", "name", "total"], ["1001", "Ann", 3]],
     "sheet Roster, row 1: the header row has no date columns"),
    ([["id", "name", "2026-12-01", "2026-12-32"], ["1001", "Ann", "D", "D"]],
     "sheet Roster, row 1, column D: '2026-12-32' is not a date"),
    ([["who", "name", "2026-12-01"]], "sheet Roster, row 1: no header row with an id column"),
    ([["id", "name", "2026-12-01", dt.date(2026, 12, 1)]],
     "sheet Roster, row 1, column D: date 2026-12-01 appears twice"),
])
def test_bad_roster_structure(tmp_path, grid, message):
    with pytest.raises(InputError) as info:
        read_roster(make_workbook(tmp_path / "r.xlsx", roster_sheets(grid)))
    assert str(info.value).startswith(message), str(info.value)


def test_roster_without_grid(tmp_path):
    with pytest.raises(InputError, match="no sheet Roster"):
        read_roster(make_workbook(tmp_path / "r.xlsx", base_sheets()))


def test_empty_workbook(tmp_path):
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    with pytest.raises(InputErrors) as info:
        read_team(path)
    assert "no sheet Staff" in str(info.value) and "no sheet Demand" in str(info.value)


def test_wrong_recorded_dimensions_lose_no_row(tmp_path, sheets):
    """Workbooks are read in read-only mode, which trusts each sheet's recorded <dimension>;
    some programs write it wrongly.  Rewrite it to A1:A1 everywhere: every row must still be read."""
    import re
    import zipfile

    good = make_workbook(tmp_path / "good.xlsx", sheets)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:A1" />', data)
            dst.writestr(item, data)
    expected = read_team(good)
    got = read_team(bad)
    assert got.staff == expected.staff and got.demand == expected.demand and got.shifts == expected.shifts
    assert len(got.staff) > 1


# --- skills: Demand, Forecast and Intervals name a skill someone in Staff has ------------------


def test_skill_case_follows_the_staff_sheet(tmp_path, sheets):
    """``Phone`` in Demand is Staff's ``phone``: the solver compares skills exactly, so reading
    it as written made a month infeasible ("needs 1, but only 0")."""
    sheets["Demand"].append(["weekday", "D", " Phone ", 1, None])
    sheets["Staff"][3][3] = "CHAT"  # Cy: the same skill as Ann's and Bo's, typed in capitals
    sheets["Intervals"] = [["day", "from", "to", "skill", "agents"], ["weekday", "10:00", "10:30", "PHONE", 1]]
    sheets["Forecast"] = [["day", "from", "to", "channel", "skill", "contacts", "aht"],
                          ["weekday", "10:00", "10:30", "phone", "pHoNe", 10, 200]]
    team = read(tmp_path, sheets)
    assert [d.skill for d in team.demand] == [None, None, "phone"]
    assert team.staff[2].skills == ("chat",)
    assert team.intervals[0].skill == "phone" and team.forecast[0].skill == "phone"


def test_demand_skill_nobody_has(tmp_path, sheets):
    sheets["Demand"].append(["weekday", "D", "refunds", 1, None])
    err = error_of(tmp_path, sheets)
    assert not isinstance(err, InputErrors), str(err)
    assert str(err).startswith("sheet Demand, row 4, column skill: no one in Staff has skill "
                               "'refunds' (skills in Staff: chat, phone)"), str(err)
    assert (err.sheet, err.row, err.column) == ("Demand", 4, "skill")


def test_demand_skill_nobody_has_in_chinese(tmp_path, zh):
    sheets = {"员工": [["工号", "姓名", "技能"], ["1001", "王芳", "售前"]],
              "需求": [["日期", "班次", "技能", "最少"], ["工作日", "D", "售后", 1]]}
    assert str(error_of(tmp_path, sheets)).startswith(
        "工作表“需求”第 2 行“技能”列：“员工”中没有人具备技能 '售后'（“员工”中的技能：售前）")


def test_demand_skill_of_a_bad_staff_row_gives_no_second_message(tmp_path, sheets):
    sheets["Staff"].append(["1004", None, "x", "refunds"])  # name missing: one message, not two
    sheets["Demand"].append(["weekday", "D", "refunds", 1, None])
    err = error_of(tmp_path, sheets)
    assert str(err).startswith("sheet Staff, row 5, column name: is blank"), str(err)
    assert "refunds" not in str(err)


def test_roster_workbook_keeps_a_demand_skill_nobody_has(tmp_path):
    """A roster workbook may be edited by hand: ``check`` reports the uncovered shift."""
    sheets = roster_sheets([["id", "name", "2026-12-01"], ["1001", "Ann", "D"]])
    sheets["Demand"].append(["weekday", "D", "refunds", 1, None])
    sheets["Demand"].append(["weekday", "N", "CHAT", 1, None])
    book = read_roster(make_workbook(tmp_path / "r.xlsx", sheets))
    assert [d.skill for d in book.team.demand][2:] == ["refunds", "chat"]


def test_cli_unknown_demand_skill_exits_2(tmp_path, sheets):
    from click.testing import CliRunner

    from roster.cli import main

    sheets["Demand"][1][2] = "Refunds"
    team = make_workbook(tmp_path / "team.xlsx", sheets)
    result = CliRunner().invoke(main, ["generate", str(team), "--month", "2026-12", "-o",
                                       str(tmp_path / "out.xlsx"), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "sheet Demand, row 2, column skill: no one in Staff has skill 'Refunds'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out.xlsx").exists()


# --- a Staff sheet without people ---------------------------------------------------------------


@pytest.mark.parametrize("rows", [[], [[None, "  "]]], ids=["header-only", "blank-rows"])
def test_staff_sheet_without_people_is_one_error(tmp_path, sheets, rows):
    """Not ~90 "needs 3, but only 0" lines, nor an "unknown staff id" per Leave/Requests row."""
    sheets["Staff"] = [sheets["Staff"][0], *rows]
    sheets["Demand"].append(["weekday", "D", "phone", 1, None])
    sheets["Intervals"] = [["day", "from", "to", "skill", "agents"], ["weekday", "10:00", "10:30", "chat", 1]]
    err = error_of(tmp_path, sheets)
    assert not isinstance(err, InputErrors), str(err)
    assert str(err) == ("sheet Staff, row 2, column id: the sheet has no people: below the header "
                        "row, give one row per person (at least id and name)")
    assert (err.sheet, err.row, err.column) == ("Staff", 2, "id")


def test_staff_sheet_without_people_in_chinese(tmp_path, zh):
    sheets = {"员工": [["工号", "姓名"]], "需求": [["日期", "班次", "最少"], ["工作日", "D", 3]],
              "请假": [["工号", "开始日期", "结束日期"], ["1001", "2026-12-01", "2026-12-02"]]}
    assert str(error_of(tmp_path, sheets)) == (
        "工作表“员工”第 2 行“工号”列：此表没有人员：请在表头下面每人填一行（至少填写工号和姓名）")


def test_cli_staff_sheet_without_people_exits_2(tmp_path, sheets):
    from click.testing import CliRunner

    from roster.cli import main

    sheets["Staff"] = sheets["Staff"][:1]
    team = make_workbook(tmp_path / "team.xlsx", sheets)
    result = CliRunner().invoke(main, ["generate", str(team), "--month", "2026-12", "-o",
                                       str(tmp_path / "out.xlsx"), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "sheet Staff, row 2, column id: the sheet has no people" in result.output
    assert "unknown staff id" not in result.output and "Traceback" not in result.output


# --- the Rules sheet ---------------------------------------------------------------------------


def test_rule_names_ignore_case_and_spaces(tmp_path, sheets):
    from roster import engine

    sheets["Rules"] = [["rule", "value"], ["Rest_Days.Min", 5], [" rest_days . MAX ", 9],
                       ["Solver.Time_Limit", 7]]
    team = read(tmp_path, sheets)
    assert team.rule_overrides == [("rest_days.min", 5, 2), ("rest_days.max", 9, 3),
                                   ("solver.time_limit", 7, 4)]
    profile = engine.effective_profile(team)  # the profile knows these names: no "unknown rule"
    assert profile.rules["rest_days"]["min"] == 5 and profile.solver.time_limit == 7


# --- password-protected workbooks --------------------------------------------------------------


def encrypted_workbook(path):
    """What Excel or WPS writes for an .xlsx with an open password: an OLE compound file whose
    directory names an ``EncryptedPackage`` stream (here only the bytes the reader looks at)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "Root Entry".encode("utf-16-le").ljust(128, b"\0")
    directory += "EncryptionInfo".encode("utf-16-le").ljust(128, b"\0")
    directory += "EncryptedPackage".encode("utf-16-le").ljust(128, b"\0")
    path.write_bytes(header + directory + bytes(range(256)) * 64)
    return path


@pytest.mark.parametrize("reader", [read_team, read_roster], ids=["team", "roster"])
def test_password_protected_workbook(tmp_path, reader):
    path = encrypted_workbook(tmp_path / "team.xlsx")
    with pytest.raises(InputError) as info:
        reader(path)
    message = str(info.value)
    assert "is password-protected (encrypted)" in message and "remove the password" in message
    assert ".xls" not in message.replace(".xlsx", "")


def test_password_protected_workbook_in_chinese(tmp_path, zh):
    path = encrypted_workbook(tmp_path / "team.xlsx")
    with pytest.raises(InputError, match="设置了打开密码（已加密）"):
        read_team(path)


def test_old_xls_is_still_an_old_xls(tmp_path):
    path = tmp_path / "team.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
                     + "Workbook".encode("utf-16-le").ljust(128, b"\0"))
    with pytest.raises(InputError, match=r"old \.xls file"):
        read_team(path)


def test_cli_password_protected_workbook_exits_2(tmp_path):
    from click.testing import CliRunner

    from roster.cli import main

    team = encrypted_workbook(tmp_path / "team.xlsx")
    result = CliRunner().invoke(main, ["generate", str(team), "--month", "2026-12", "-o",
                                       str(tmp_path / "out.xlsx"), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "password-protected" in result.output and "Traceback" not in result.output


# --- dates without a year ----------------------------------------------------------------------


def test_date_without_year_says_the_year_is_missing(tmp_path, sheets):
    """The reader does not know the month being planned (and History or Leave may be in another
    year), so 2月3日 is not guessed; the message says what to add."""
    set_cell(sheets, "Leave", 2, "from", "12月8日")
    err = error_of(tmp_path, sheets)
    assert str(err) == ("sheet Leave, row 2, column from: '12月8日' is not a date: the year is "
                        "missing (write it with the year, e.g. YYYY-12-08 or YYYY年12月8日)")


def test_date_without_year_in_chinese(zh):
    with pytest.raises(CellProblem, match="缺少年份"):
        parse_date("2月3日")


# --- a Roster sheet pasted as History ----------------------------------------------------------


def pasted_roster(tmp_path, lang: str) -> list[list[object]]:
    """The Roster sheet ``generate`` writes for December (weekday row, note row with the
    promotion and the holiday, people, per-shift counts), as pasted into another workbook."""
    import openpyxl

    from roster.calendar import build_horizon
    from roster.domain import Roster
    from roster.excel.write_roster import write_roster

    team = read(tmp_path, base_sheets())
    horizon = build_horizon(team, 2026, 12)
    cells = {("1001", dt.date(2026, 12, 30)): "D", ("1001", dt.date(2026, 12, 31)): "N",
             ("1002", dt.date(2026, 12, 31)): LEAVE}
    path = write_roster(tmp_path / f"roster-{lang}.xlsx", team=team, horizon=horizon,
                        roster=Roster(horizon.dates, cells), lang=lang)
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_history_pasted_from_a_roster_sheet(tmp_path, sheets, lang):
    """Its weekday, note and per-shift count rows have no id: they are the tool's, not people."""
    grid = pasted_roster(tmp_path, lang)
    assert [r[0] for r in grid[1:3]] == [None, None] and grid[2][11] is not None  # a note
    sheets["History"] = grid
    history = read(tmp_path, sheets).history
    assert history[("1001", dt.date(2026, 12, 30))] == "D"
    assert history[("1001", dt.date(2026, 12, 31))] == "N"
    assert history[("1002", dt.date(2026, 12, 31))] == LEAVE
    assert history[("1003", dt.date(2026, 12, 31))] == REST
    assert {sid for sid, _ in history} == {"1001", "1002", "1003"}


@pytest.mark.parametrize("row", [[None, "Dee", "D", None], [None, None, None, "休"]],
                         ids=["code", "rest-mark"])
def test_history_grid_row_with_shifts_needs_an_id(tmp_path, sheets, row):
    sheets["History"] = [["id", "name", "2026-11-29", "2026-11-30"],
                         [None, None, "Sun", "Mon"], ["1001", "Ann", "D", "N"], row]
    err = error_of(tmp_path, sheets)
    assert str(err) == "sheet History, row 4, column id: is blank, but a value is required"


def test_history_grid_skips_rows_with_no_shift(tmp_path, sheets):
    sheets["History"] = [["id", "name", "2026-11-29", "2026-11-30"],
                         [None, "星期", "日", "一"], [None, None, "Sun", "Mon"],
                         ["1001", "Ann", "D", "N"], [None, "on D", 1, 0], [None, "合计", 3, 2],
                         [None, "remarks", "team outing", None]]
    assert read(tmp_path, sheets).history == {("1001", dt.date(2026, 11, 29)): "D",
                                              ("1001", dt.date(2026, 11, 30)): "N"}

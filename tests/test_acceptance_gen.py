"""Acceptance findings of a new user building team workbooks by hand (session 19): each test
is one thing such a user typed that the tool got wrong."""

from __future__ import annotations

import pytest
from excel_helpers import base_sheets, make_workbook
from openpyxl.utils.datetime import to_excel

from roster.domain import ShiftKind
from roster.errors import InputError
from roster.excel.read_team import read_team
from roster.i18n import set_language


@pytest.fixture
def sheets():
    set_language("en")
    yield base_sheets()
    set_language("en")


def read(tmp_path, sheets):
    return read_team(make_workbook(tmp_path / "team.xlsx", sheets))


def test_full_width_headers_are_read(tmp_path, sheets):
    """A Chinese input method in full-width mode types ＩＤ and Ｍｉｎ: the same headers."""
    sheets["Staff"][0][0] = "ＩＤ"
    sheets["Demand"][0][3] = "Ｍｉｎ"
    team = read(tmp_path, sheets)
    assert [s.id for s in team.staff] == ["1001", "1002", "1003"]
    assert team.demand[0].min == 1


def test_split_night_shift_is_a_night(tmp_path, sheets):
    """DOMAIN: "some night shifts are split: 10:00-14:00 plus 17:30-23:00"; a lunch-break split
    day shift stays a day shift."""
    sheets["Shifts"] = [["code", "name", "start", "end", "segments"],
                        ["D", "Day", "08:00", "17:30", "08:00-12:00,13:00-17:30"],
                        ["N", "Night", None, None, "10:00-14:00,17:30-23:00"]]
    team = read(tmp_path, sheets)
    assert team.shift("N").kind == ShiftKind.NIGHT
    assert team.shift("D").kind == ShiftKind.DAY


def test_start_time_end_time_headers(tmp_path, sheets):
    sheets["Shifts"][0] = ["Shift", "Name", "Start Time", "End Time"]
    sheets["Leave"][0] = ["id", "From Date", "To Date", "type"]
    team = read(tmp_path, sheets)
    assert team.shift("D").segments == ((510, 1050),)
    assert len(team.leave) == 1


def test_demand_day_as_excel_serial_number(tmp_path, sheets):
    """A date cell whose format was lost reads as the date, as it does in Leave."""
    import datetime as dt
    sheets["Demand"].append([to_excel(dt.datetime(2026, 12, 15)), "D", None, 2, 2])
    sheets["Demand"].append(["20261216", "N", None, 2, 2])
    team = read(tmp_path, sheets)
    assert [r.day for r in team.demand[-2:]] == ["2026-12-15", "2026-12-16"]


def test_bad_demand_day_names_the_sheet_as_written(tmp_path, sheets):
    """The sheet is called 需求 and the column 日期: the message must say so, not "Demand"."""
    sheets["需求"] = [["日期", "班次", "技能", "最少", "目标"], ["someday", "D", None, 1, 1]]
    del sheets["Demand"]
    set_language("zh")
    with pytest.raises(InputError) as info:
        read(tmp_path, sheets)
    message = str(info.value)
    assert "“需求”第 2 行“日期”列" in message and "someday" in message


def test_rules_value_with_unit_and_bad_value_names_the_column(tmp_path, sheets):
    """``5天`` / ``12h`` are what a manager types; a bad value names the value column."""
    from roster.engine import effective_profile
    sheets["Rules"] = [["rule", "value"], ["consecutive_days.max_days", "5天"],
                       ["rest_between_shifts.min_hours", "12h"]]
    team = read(tmp_path, sheets)
    profile = effective_profile(team)
    assert profile.section("consecutive_days")["max_days"] == "5"
    assert profile.section("rest_between_shifts")["min_hours"] == "12"
    sheets["Rules"] = [["rule", "value"], ["consecutive_days.max_days", "five"]]
    with pytest.raises(InputError) as info:
        effective_profile(read_team(make_workbook(tmp_path / "bad.xlsx", sheets)))
    assert "sheet Rules, row 2, column value" in str(info.value)


@pytest.mark.parametrize("start,end,segment", [
    (830, 1730, (510, 1050)),            # numbers without the colon
    ("0830", "1730", (510, 1050)),
    ("8", "17", (480, 1020)),            # bare hours
    ("8:30 AM", "5:30 PM", (510, 1050)),
    ("上午8:30", "下午5:30", (510, 1050)),
    ("０８：３０", "１７：３０", (510, 1050)),  # full-width
])
def test_times_typed_other_ways(tmp_path, sheets, start, end, segment):
    sheets["Shifts"][1][2:4] = [start, end]
    assert read(tmp_path, sheets).shift("D").segments == (segment,)


def test_promotion_named_with_other_spacing_in_demand(tmp_path, sheets):
    """Demand ``double  12`` / ``Ｄｏｕｂｌｅ１２`` is the promotion ``Double 12``."""
    sheets["Demand"].append(["double  12", "D", None, 2, 3])
    sheets["Demand"].append(["Ｄｏｕｂｌｅ１２", "N", None, 2, 2])
    team = read(tmp_path, sheets)
    assert [r.day for r in team.demand[-2:]] == ["Double 12", "Double 12"]


def test_hand_made_roster_with_dates_without_year(tmp_path, sheets):
    """A hand-made 排班表 headed 2月1日, 2月2日...: the cells are named, with the year to add,
    not "the header has no date columns"."""
    from roster.excel.read_roster import read_roster
    sheets["排班表"] = [["工号", "姓名", "2月1日", "2月2日"], ["1001", "Ann", "D", "N"]]
    with pytest.raises(InputError) as info:
        read_roster(make_workbook(tmp_path / "roster.xlsx", sheets))
    message = str(info.value)
    assert "column C" in message and "'2月1日'" in message and "the year is missing" in message


@pytest.mark.parametrize("word", ["anyone", "不限", "Anyone"])
def test_demand_skill_anyone_as_the_coverage_sheet_writes_it(tmp_path, sheets, word):
    sheets["Demand"][1][2] = word
    assert read(tmp_path, sheets).demand[0].skill is None


def test_headers_with_spaces_units_and_a_noted_sheet_name(tmp_path, sheets):
    """``最少 人数``, ``Target (people)``, ``Shift Code``, a line break in a header cell and a
    sheet called ``需求（12月）`` are what people type."""
    sheets["需求（12月）"] = [["日 期", "Shift Code", "技能", "最少人数（人）", "Target (people)"],
                          ["weekday", "D", None, 2, 3]]
    del sheets["Demand"]
    sheets["Shifts"][0] = ["Shift Code", "Name", "Start\nTime", "End Time"]
    team = read(tmp_path, sheets)
    assert [(r.day, r.shift, r.min, r.target) for r in team.demand] == [("weekday", "D", 2, 3)]
    assert team.shift("N").segments == ((1020, 1500),)


def test_a_command_line_mistake_in_chinese_and_as_json(tmp_path):
    """``generate`` without --month, with --lang zh --json: Chinese, exit 2, and a JSON error on
    stdout as for every other error (click's own message was English and not JSON)."""
    import json

    from click.testing import CliRunner

    from roster.cli import main
    team = make_workbook(tmp_path / "team.xlsx", base_sheets())
    result = CliRunner().invoke(main, ["generate", str(team), "-o", str(tmp_path / "r.xlsx"),
                                       "--lang", "zh", "--json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["exit_code"] == 2 and "缺少" in data["error"]
    assert "--month" in data["error"]
    result = CliRunner().invoke(main, ["generate", str(team), "-o", str(tmp_path / "r.xlsx"),
                                       "--lang", "en"])
    assert result.exit_code == 2 and "Missing option '--month'" in result.output
    assert not (tmp_path / "r.xlsx").exists()

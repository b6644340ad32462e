"""The Forecast and Intervals sheets: read in English and Chinese, every bad cell named by sheet,
row and column (in both languages), nothing dropped silently, and what is written (team workbook,
roster workbook, ``roster demand``'s copy) read back to the same rows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from excel_helpers import base_sheets, make_workbook, set_cell

from roster.calendar import build_horizon
from roster.domain import ForecastRow, IntervalRow, Roster
from roster.errors import InputError
from roster.excel.read_roster import read_roster
from roster.excel.read_team import read_team
from roster.excel.write_forecast import write_intervals_copy
from roster.excel.write_roster import write_roster
from roster.excel.write_team import write_team_workbook
from roster.i18n import set_language

H = 60  # minutes per hour


def forecast_rows() -> list[list[object]]:
    return [
        ["day", "from", "to", "channel", "skill", "contacts", "aht", "patience"],
        ["weekday", "10:00", "10:30", "chat", "chat", 300, 240, None],
        ["weekday", dt.time(10, 30), dt.time(11, 0), "phone", "phone", 42.5, "200", 90],
        ["Double 12", "20:00", "22:00", "chat", None, 2400, 240, None],
        [dt.date(2026, 12, 25), "23:30", "00:30", "在线", "chat", 60, 180, None],
        ["all", "00:00", "24:00", "热线", "", 0, 200, None],
    ]


def interval_rows() -> list[list[object]]:
    return [
        ["day", "from", "to", "skill", "agents", "service_level", "asa", "occupancy"],
        ["weekend", "10:00", "10:30", "chat", 12, 0.85, 12.5, "80%"],
        ["2026-12-10", "23:30", "00:00", None, 3, None, None, None],
    ]


def sheets_with(**extra: list[list[object]]) -> dict:
    sheets = base_sheets()
    sheets.update(extra)
    return sheets


def read(tmp_path, sheets):
    return read_team(make_workbook(tmp_path / "team.xlsx", sheets))


def strip(rows):
    """Rows without the sheet row they came from (differs between sheets and writes)."""
    return [dataclasses.replace(r, source_row=0) for r in rows]


# -------------------------------------------------------------------------------- good sheets
def test_reads_an_english_forecast(tmp_path):
    team = read(tmp_path, sheets_with(Forecast=forecast_rows()))
    assert team.forecast == [
        ForecastRow("weekday", 10 * H, 10 * H + 30, "chat", "chat", 300.0, 240.0, None, 2),
        ForecastRow("weekday", 10 * H + 30, 11 * H, "phone", "phone", 42.5, 200.0, 90.0, 3),
        ForecastRow("Double 12", 20 * H, 22 * H, "chat", None, 2400.0, 240.0, None, 4),
        # An end at or before the start runs past midnight, as for Shifts.
        ForecastRow("2026-12-25", 23 * H + 30, 24 * H + 30, "chat", "chat", 60.0, 180.0, None, 5),
        ForecastRow("all", 0, 24 * H, "phone", None, 0.0, 200.0, None, 6),
    ]
    assert team.intervals == []


def test_reads_a_chinese_forecast_and_intervals(tmp_path):
    sheets = sheets_with()
    sheets["Promotions"][1][0] = "双12"
    sheets["预测"] = [
        ["日期", "开始", "结束", "渠道", "技能", "进线量", "平均处理时长", "耐心"],
        ["工作日", "10:00", "10:30", "文字", "chat", 300, 240, None],
        ["双12", "20:00", "20:30", "电话", "phone", 80, 200, 60],
        ["周末", "22:00", "02:00", "在线", None, 90, 240, None],
        ["节假日", "09:00", "09:30", "热线", None, 5, 150, None],
        ["调休上班", "09:00", "09:30", "热线", None, 5, 150, None],
    ]
    sheets["时段需求"] = [
        ["日期", "开始", "结束", "技能", "人数", "服务水平", "平均应答(秒)", "占用率"],
        ["全部", "08:30", "09:00", "chat", 4, "80%", 20, 0.7],
    ]
    team = read(tmp_path, sheets)
    assert [(r.day, r.channel, r.skill, r.start, r.end) for r in team.forecast] == [
        ("工作日", "chat", "chat", 600, 630), ("双12", "phone", "phone", 1200, 1230),
        ("周末", "chat", None, 1320, 1560), ("节假日", "phone", None, 540, 570),
        ("调休上班", "phone", None, 540, 570)]
    assert team.forecast[1].patience == 60.0
    assert team.intervals == [IntervalRow("全部", 510, 540, "chat", 4, 2, 0.8, 20.0, 0.7)]


def test_reads_intervals_written_by_hand(tmp_path):
    team = read(tmp_path, sheets_with(Intervals=interval_rows()))
    assert team.intervals == [
        IntervalRow("weekend", 600, 630, "chat", 12, 2, 0.85, 12.5, 0.8),
        IntervalRow("2026-12-10", 1410, 1440, None, 3, 3),
    ]
    assert team.forecast == []


def test_workbook_without_the_sheets_reads_as_before(tmp_path):
    team = read(tmp_path, sheets_with())
    assert team.forecast == [] and team.intervals == []


# ---------------------------------------------------------------------------------- bad cells
BAD_FORECAST = [
    pytest.param(2, "day", "someday", "'someday' is neither a date", id="day-matches-nothing"),
    pytest.param(2, "day", "2026-02-30", "is not a date", id="impossible-date"),
    pytest.param(2, "day", None, "is blank", id="blank-day"),
    pytest.param(2, "from", "25:00", "is not a time of day", id="bad-from"),
    pytest.param(3, "to", "half past", "is not a time of day", id="bad-to"),
    pytest.param(2, "channel", "email", "is not a channel", id="unknown-channel"),
    pytest.param(2, "channel", None, "is blank", id="blank-channel"),
    pytest.param(2, "skill", "refunds", "nobody in sheet Staff has skill 'refunds'", id="unknown-skill"),
    pytest.param(2, "contacts", -3, "is not a number of at least 0", id="negative-contacts"),
    pytest.param(3, "contacts", "many", "is not a number of at least 0", id="text-contacts"),
    pytest.param(2, "aht", 0, "is not a number greater than 0", id="zero-aht"),
    pytest.param(2, "aht", None, "is blank", id="blank-aht"),
    pytest.param(2, "patience", -1, "is not a number greater than 0", id="negative-patience"),
    # 09:30-09:30 read as a whole day spread one interval's contacts over 48 half hours;
    # 00:00-00:00 stays the whole day (how a workbook stores 24:00).
    pytest.param(2, "to", "10:00", "10:00 is the row's start time too: the row covers nothing", id="same-time"),
]


@pytest.mark.parametrize(("row", "column", "value", "words"), BAD_FORECAST)
def test_bad_forecast_cell_names_sheet_row_and_column(tmp_path, row, column, value, words):
    sheets = sheets_with(Forecast=forecast_rows())
    set_cell(sheets, "Forecast", row, column, value)
    with pytest.raises(InputError) as err:
        read(tmp_path, sheets)
    assert (err.value.sheet, err.value.row, err.value.column) == ("Forecast", row, column)
    assert f"sheet Forecast, row {row}, column {column}: " in str(err.value)
    assert words in str(err.value)


BAD_INTERVALS = [
    pytest.param(2, "agents", -1, "is not a whole number of at least 0", id="negative-agents"),
    pytest.param(2, "agents", 2.5, "is not a whole number", id="fractional-agents"),
    pytest.param(2, "agents", None, "is blank", id="blank-agents"),
    pytest.param(2, "service_level", 1.5, "is not a share between 0 and 1", id="share-above-1"),
    pytest.param(2, "occupancy", "busy", "is not a share between 0 and 1", id="text-share"),
    pytest.param(2, "asa", -2, "is not a number of at least 0", id="negative-asa"),
    pytest.param(2, "skill", "refunds", "nobody in sheet Staff has skill", id="unknown-skill"),
    pytest.param(3, "day", "Singles Day", "is neither a date", id="unknown-promotion"),
    pytest.param(3, "from", None, "is blank", id="blank-from"),
]


@pytest.mark.parametrize(("row", "column", "value", "words"), BAD_INTERVALS)
def test_bad_intervals_cell_names_sheet_row_and_column(tmp_path, row, column, value, words):
    sheets = sheets_with(Intervals=interval_rows())
    set_cell(sheets, "Intervals", row, column, value)
    with pytest.raises(InputError) as err:
        read(tmp_path, sheets)
    assert (err.value.sheet, err.value.row, err.value.column) == ("Intervals", row, column)
    assert words in str(err.value)


@pytest.mark.parametrize(("column", "value", "words"), [
    ("channel", "邮件", "不是渠道"),
    ("skill", "退款", "没有人具备技能 '退款'"),
    ("day", "某天", "不是日期"),
    ("contacts", -1, "不是不小于 0 的数"),
])
def test_bad_forecast_cell_in_chinese(tmp_path, column, value, words):
    sheets = sheets_with(Forecast=forecast_rows())
    set_cell(sheets, "Forecast", 2, column, value)
    set_language("zh")
    with pytest.raises(InputError) as err:
        read(tmp_path, sheets)
    assert f"工作表“Forecast”第 2 行“{column}”列：" in str(err.value)
    assert words in str(err.value)


def test_every_bad_row_is_reported_at_once(tmp_path):
    sheets = sheets_with(Forecast=forecast_rows())
    set_cell(sheets, "Forecast", 2, "channel", "email")
    set_cell(sheets, "Forecast", 4, "aht", "slow")
    with pytest.raises(InputError) as err:
        read(tmp_path, sheets)
    assert "row 2, column channel" in str(err.value) and "row 4, column aht" in str(err.value)


def test_duplicate_forecast_row_is_an_error_not_dropped(tmp_path):
    rows = forecast_rows()
    rows.append(["Weekday", "10:00", "10:30", "chat", "chat", 10, 200, None])
    with pytest.raises(InputError) as err:
        read(tmp_path, sheets_with(Forecast=rows))
    assert "sheet Forecast, row 7, column day: repeats row 2" in str(err.value)


def test_duplicate_interval_row_is_an_error(tmp_path):
    rows = interval_rows()
    rows.append(["weekend", "10:00", "10:30", "chat", 14, None, None, None])
    with pytest.raises(InputError, match="row 4, column day: repeats row 2"):
        read(tmp_path, sheets_with(Intervals=rows))


def test_missing_required_column(tmp_path):
    rows = [[c for i, c in enumerate(r) if i != 6] for r in forecast_rows()]  # no aht column
    with pytest.raises(InputError) as err:
        read(tmp_path, sheets_with(Forecast=rows))
    assert "sheet Forecast, row 1, column aht: no column aht" in str(err.value)


def test_a_promotion_with_a_bad_date_is_still_a_known_name(tmp_path):
    """One typo, one message: the forecast row naming that promotion is not reported too."""
    sheets = sheets_with(Forecast=forecast_rows())
    set_cell(sheets, "Promotions", 2, "to", "never")
    with pytest.raises(InputError) as err:
        read(tmp_path, sheets)
    assert err.value.sheet == "Promotions" and "Forecast" not in str(err.value)


# ------------------------------------------------------------------------------ written sheets
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_team_workbook_round_trip(tmp_path, lang):
    sheets = sheets_with(Forecast=forecast_rows(), Intervals=interval_rows())
    team = read(tmp_path, sheets)
    path = write_team_workbook(tmp_path / f"copy-{lang}.xlsx", team, lang=lang)
    again = read_team(path)
    assert strip(again.forecast) == strip(team.forecast)
    assert strip(again.intervals) == strip(team.intervals)


def test_roster_workbook_carries_forecast_and_intervals(tmp_path):
    team = read(tmp_path, sheets_with(Forecast=forecast_rows(), Intervals=interval_rows()))
    horizon = build_horizon(team, 2026, 12)
    roster = Roster(horizon.dates, {})
    path = write_roster(tmp_path / "roster.xlsx", team=team, horizon=horizon, roster=roster,
                        lang="zh")
    book = read_roster(path)
    assert strip(book.team.forecast) == strip(team.forecast)
    assert strip(book.team.intervals) == strip(team.intervals)


def test_intervals_copy_replaces_the_sheet_and_keeps_the_rest(tmp_path):
    source = make_workbook(tmp_path / "team.xlsx",
                           sheets_with(Forecast=forecast_rows(), 时段需求=interval_rows()))
    before = source.read_bytes()
    rows = [IntervalRow("2026-12-01", 600, 630, "chat", 7, 0, 0.8123, 14.2, 0.8456),
            IntervalRow("2026-12-01", 1410, 1440, None, 2, 0, 1.0, 0.0, 0.0)]
    out = write_intervals_copy(source, tmp_path / "out.xlsx", rows, lang="en")
    assert source.read_bytes() == before
    team = read_team(out)
    assert strip(team.intervals) == rows
    assert strip(team.forecast) == strip(read_team(source).forecast)
    import openpyxl

    names = openpyxl.load_workbook(out).sheetnames
    assert "时段需求" in names and "Intervals" not in names  # replaced in place, same name
    with pytest.raises(InputError, match="already exists"):
        write_intervals_copy(source, out, rows, lang="en")
    with pytest.raises(InputError, match="input file"):
        write_intervals_copy(source, source, rows, lang="en", force=True)

"""Plausibility of the Forecast sheet: figures no team could staff are named before a solve.

A forecast of 10^9 contacts in a half hour (a total pasted into an interval row) or an average
handling time of ten hours read without complaint, and the manager learnt of it only as an
"infeasible" month after a full solve, with no cell to correct; an absurd volume under Erlang A
also kept the staffing computation busy for minutes.  These tests pin: a handling time or patience
above a day is refused with its cell (exit 2, both languages); a row whose requirement exceeds the
people who have the skill is named with its row, column and figure (warnings, both languages, also
through the log when the caller keeps no notes); and absurd loads are computed at once.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from excel_helpers import base_sheets, make_workbook

from roster.calendar import month_dates
from roster.cli import main
from roster.demand import intervals_for_dates
from roster.domain import ForecastRow, Staff, Team
from roster.excel.cells import CellProblem
from roster.excel.read_forecast import parse_aht
from roster.i18n import set_language
from roster.profile import StaffingOptions
from roster.staffing import _erlang_b_overloaded, agents_for, erlang_b

DECEMBER = month_dates(2026, 12)


def _team(*rows: ForecastRow) -> Team:
    """Three chat agents, one of whom also answers the phone."""
    staff = [Staff("1", "Ann", skills=("chat", "phone")), Staff("2", "Bo", skills=("chat",)),
             Staff("3", "Cy", skills=("chat",))]
    return Team(staff=staff, shifts=[], demand=[], forecast=list(rows))


def _row(contacts: float, aht: float, *, skill: str = "chat", channel: str = "chat",
         source_row: int = 7) -> ForecastRow:
    return ForecastRow("weekday", 10 * 60, 10 * 60 + 30, channel, skill, contacts, aht, None,
                       source_row)


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


def test_a_total_in_one_interval_row_is_named_with_row_column_figure_and_team_size() -> None:
    warnings: list[str] = []
    rows = intervals_for_dates(_team(_row(1e9, 300)), DECEMBER, StaffingOptions(), warnings=warnings)
    assert max(r.agents for r in rows) > 10**7  # still computed: a warning, not an error
    assert len(warnings) == 1
    message = warnings[0]
    assert message.startswith("sheet Forecast, row 7, column contacts: 1,000,000,000 contacts in 10:00-10:30")
    assert "only 3 people in the Staff sheet have skill chat" in message
    assert "on 31 dates from 2026-12-01 to 2026-12-31" in message  # weekends fall back to weekday rows

    set_language("zh")
    warnings.clear()
    intervals_for_dates(_team(_row(1e9, 300)), DECEMBER, StaffingOptions(), warnings=warnings)
    assert warnings[0].startswith("预测表第 7 行“进线量”列：10:00-10:30 的进线量 1,000,000,000")
    assert "员工表中只有 3 人具备技能 chat" in warnings[0]


def test_a_ten_hour_handling_time_is_named_in_the_aht_column() -> None:
    warnings: list[str] = []
    intervals_for_dates(_team(_row(5, 36000, skill="phone", channel="phone", source_row=40)),
                        DECEMBER, StaffingOptions(), warnings=warnings)
    assert len(warnings) == 1
    assert warnings[0].startswith("sheet Forecast, row 40, column aht: an average handling time of "
                                  "36,000 s (10.0 hours per contact) for 5 contacts")
    assert "only 1 people in the Staff sheet have skill phone" in warnings[0]


def test_a_forecast_the_team_can_staff_says_nothing_and_the_log_carries_warnings(caplog) -> None:
    warnings: list[str] = []
    intervals_for_dates(_team(_row(5, 300)), DECEMBER, StaffingOptions(), warnings=warnings)
    assert warnings == []
    # Without a list (roster demand, generate as wired today) the warning reaches the log,
    # which the CLI shows on stderr.
    with caplog.at_level(logging.WARNING, logger="roster.demand"):
        intervals_for_dates(_team(_row(2000, 300, skill=None)), DECEMBER, StaffingOptions())
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "column contacts: 2,000 contacts" in caplog.records[0].getMessage()
    assert "the Staff sheet has only 3 people" in caplog.records[0].getMessage()


@pytest.mark.parametrize(("column", "value", "en", "zh"), [
    ("aht", 100000, "sheet Forecast, row 2, column aht: 100,000 seconds is more than a day (86,400 s)",
     "工作表“Forecast”第 2 行“aht”列：100,000 秒超过一天（86,400 秒）"),
    ("patience", "200000", "sheet Forecast, row 2, column patience: 200000 seconds is more than a day",
     "工作表“Forecast”第 2 行“patience”列：200000 秒超过一天"),
])
def test_a_duration_above_a_day_is_refused_with_its_cell(tmp_path: Path, column: str, value: object,
                                                          en: str, zh: str) -> None:
    sheets = base_sheets()
    header = ["day", "from", "to", "channel", "skill", "contacts", "aht", "patience"]
    data: list[object] = ["weekday", "10:00", "10:30", "chat", "chat", 20, 300, None]
    data[header.index(column)] = value
    sheets["Forecast"] = [header, data]
    book = make_workbook(tmp_path / "team.xlsx", sheets)
    for lang, expected in (("en", en), ("zh", zh)):
        out = tmp_path / f"out-{lang}.xlsx"
        result = CliRunner().invoke(main, ["demand", str(book), "--month", "2026-12", "-o", str(out),
                                           "--lang", lang])
        assert result.exit_code == 2, result.output
        assert expected in result.output
        assert "Traceback" not in result.output
        assert not out.exists()


def test_absurd_loads_are_computed_at_once_and_stay_exact() -> None:
    # Before: the Erlang A search walked 10^8 agents (or 0.18 A with an abandonment cap) one at
    # a time; 10^12 contacts never finished.
    result = agents_for(1e12, 300, 1800, 0.8, 30, patience_seconds=120, max_abandon=0.02)
    load = 1e12 * 300 / 1800
    assert load * 0.98 <= result.servers <= load  # the cap forces N >= A (1 - 2 %)
    assert result.abandon <= 0.02
    # The overloaded Erlang B sum agrees with the recursion where both can run.
    for servers, traffic in ((50_000, 1e5), (300, 1000.0), (990_000, 1e6)):
        assert _erlang_b_overloaded(servers, traffic) == pytest.approx(erlang_b(servers, traffic),
                                                                        rel=1e-12)


@pytest.mark.parametrize(("typed", "seconds"), [
    ("300秒", 300.0), ("5分钟", 300.0), ("5 min", 300.0), ("5分20秒", 320.0), ("5m20s", 320.0),
    ("0:05:00", 300.0), ("300", 300.0), ("1,200", 1200.0),
])
def test_a_handling_time_typed_with_its_unit_is_read_as_that_duration(typed: str, seconds: float) -> None:
    assert parse_aht(typed) == seconds


def test_a_handling_time_in_words_says_how_to_write_it() -> None:
    with pytest.raises(CellProblem) as en:
        parse_aht("五分钟")
    assert str(en.value).startswith("'五分钟' is not a number greater than 0: write the seconds (300)")
    set_language("zh")
    with pytest.raises(CellProblem) as zh:
        parse_aht("about 5 minutes")
    assert "不是大于 0 的数：请填写秒数（300）" in str(zh.value)


def test_the_engine_shows_the_warnings_with_its_notes_and_names_forecast_rows_of_another_month() -> None:
    """The warnings reach generate's and check's notes (not only a log line), and a Forecast row
    dated outside the month is named like Demand and Intervals rows (it was dropped silently)."""
    from roster.calendar import outside_month_notes
    from roster.engine import with_forecast_intervals
    from roster.profile import load_profile

    outside = ForecastRow("2026-11-05", 600, 630, "chat", "chat", 10, 300, None, 9)
    team = _team(_row(1e9, 300), outside)
    _, notes = with_forecast_intervals(team, DECEMBER, load_profile(None), "2026-12")
    assert any(n.startswith("sheet Forecast, row 7, column contacts: 1,000,000,000") for n in notes), notes
    (note,) = outside_month_notes(team, DECEMBER, "2026-12")
    assert "Forecast" in note and "row 9: 2026-11-05" in note, note


@pytest.mark.parametrize("typed", [80, "80", "80%", 0.8])
def test_a_service_level_typed_as_a_percentage_without_its_sign_is_read_as_one(typed) -> None:
    """`staffing.chat.service_level` = 80 in the Rules sheet was refused as "must be less than 1"."""
    from roster.profile import PhoneStaffing, StaffingOptions

    assert PhoneStaffing(service_level=typed).service_level == pytest.approx(0.8)
    assert StaffingOptions(shrinkage=typed if typed != 0.8 else 0.8).shrinkage == pytest.approx(0.8)
    with pytest.raises(ValueError):
        PhoneStaffing(service_level=180)


def test_forecast_and_intervals_read_start_time_and_end_time_headers() -> None:
    """WFM exports head the interval columns "Start time" / "End time": refused as "no column from"."""
    from roster.excel.aliases import match_header

    for sheet, extra in (("forecast", ["Channel", "Contacts", "AHT"]), ("intervals", ["Agents"])):
        found = match_header(sheet, ["Day", "Start time", "End Time", *extra])
        assert (found["from"], found["to"]) == (1, 2), (sheet, found)

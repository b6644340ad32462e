"""Acceptance checks of demand per interval: the Forecast and Intervals sheets as a manager types
or exports them.  Each test pins a defect found by an adversarial pass: a number cell read a
thousand times too small, a handling time kept in a time cell."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from excel_helpers import make_workbook, set_cell
from test_cli import digest, run, team_sheets

from roster.excel.read_team import read_team

MONTH = "2027-03"


def forecast_sheets(contacts: object = 1000, aht: object = 240) -> dict:
    """The CLI tests' small team with one weekday phone row: 10:00-10:30."""
    sheets = team_sheets()
    sheets["Forecast"] = [
        ["day", "from", "to", "channel", "skill", "contacts", "aht", "patience"],
        ["weekday", "10:00", "10:30", "phone", "phone", contacts, aht, None],
    ]
    return sheets


def peak_agents(tmp_path, sheets: dict, name: str) -> int:
    """``roster demand --json``'s peak head count for the workbook ``sheets``."""
    team = make_workbook(tmp_path / f"{name}.xlsx", sheets)
    result = run("demand", team, "--month", MONTH, "-o", tmp_path / f"{name}-out.xlsx", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["busiest"]["agents"]


# ------------------------------------------------------------------ thousands separators
@pytest.mark.parametrize("written", ["1,000", "1，000", "１，０００"])
def test_forecast_contacts_with_a_thousands_separator_are_thousands(tmp_path, written):
    """``1，000`` contacts read as 1.0 (the full-width comma was taken for a decimal comma), a
    forecast a thousand times too small staffed without a word; ``1,000`` was refused."""
    assert peak_agents(tmp_path, forecast_sheets(contacts=written), "typed") == \
        peak_agents(tmp_path, forecast_sheets(contacts=1000), "number")


def test_forecast_aht_with_a_thousands_separator(tmp_path):
    team = read_team(make_workbook(tmp_path / "team.xlsx", forecast_sheets(contacts=10, aht="1，200")))
    assert team.forecast[0].aht == 1200.0


def test_intervals_head_count_with_a_thousands_separator(tmp_path):
    sheets = team_sheets()
    sheets["Intervals"] = [["day", "from", "to", "skill", "agents"],
                           ["weekday", "10:00", "10:30", None, "1，200"]]
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert team.intervals[0].agents == 1200


def test_a_comma_that_is_no_thousands_separator_is_still_refused(tmp_path):
    sheets = forecast_sheets(contacts="1,00")
    team = make_workbook(tmp_path / "team.xlsx", sheets)
    result = run("demand", team, "--month", MONTH, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 2
    assert "sheet Forecast, row 2, column contacts: '1,00' is not a number" in result.output


# ------------------------------------------------------------------ durations in time cells
@pytest.mark.parametrize(("cell", "seconds"), [(dt.time(0, 3, 20), 200.0), (dt.timedelta(minutes=4), 240.0)])
def test_forecast_aht_and_patience_in_a_time_cell_are_durations(tmp_path, cell, seconds):
    """Handling times exported as ``0:03:20`` are time cells: they were refused as "not a number"."""
    sheets = forecast_sheets(aht=cell)
    set_cell(sheets, "Forecast", 2, "patience", cell)
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert (team.forecast[0].aht, team.forecast[0].patience) == (seconds, seconds)


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "sheet Forecast, row 2, column aht: 03:00:00 reads as 10800 seconds, an hour or more"),
    ("zh", "工作表“Forecast”第 2 行“aht”列：03:00:00 读作 10800 秒，达到或超过一小时"),
])
def test_a_time_cell_of_an_hour_or_more_is_refused(tmp_path, lang, words):
    """``3:00`` typed for three minutes is three hours in Excel: 60 times the agents, silently."""
    team = make_workbook(tmp_path / "team.xlsx", forecast_sheets(aht=dt.time(3, 0)))
    before = digest(team)
    result = run("demand", team, "--month", MONTH, "-o", tmp_path / "out.xlsx", lang=lang)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert digest(team) == before and not (tmp_path / "out.xlsx").exists()


def test_an_interval_past_midnight_stops_at_the_months_end():
    """`all 22:00-02:00 phone 2` with shifts E 08-16, L 16-24 and Z 00-08: on the month's last
    date its 00:00-02:00 is the next month's first hours (only next month's Z can give them), and
    kept there it made every month infeasible."""
    from roster.calendar import build_horizon
    from roster.domain import IntervalRow, Shift, ShiftKind, Staff, Team

    team = Team(staff=[Staff(f"P{i}", f"P{i}", skills=("phone",)) for i in range(8)],
                shifts=[Shift("E", "Early", ((480, 960),)), Shift("L", "Late", ((960, 1440),)),
                        Shift("Z", "Night", ((0, 480),), ShiftKind.NIGHT)],
                demand=[], intervals=[IntervalRow("all", 1320, 1560, "phone", 2)])
    h = build_horizon(team, 2027, 3)
    spans = {(r.date.day, r.start, r.end) for r in h.interval_requirements}
    assert (31, 1320, 1440) in spans and not any(d == 31 and end > 1440 for d, _, end in spans)
    assert (15, 1320, 1560) in spans and (30, 1320, 1560) in spans


def test_typed_intervals_beside_a_forecast_say_the_forecast_is_not_used(tmp_path):
    """A Forecast sheet and a hand-typed Intervals sheet: the roster is staffed to the typed rows,
    and generate now says the forecast was not used (it said nothing).  Dated rows, which
    `roster demand` writes from the forecast itself, need no such note."""
    from dataclasses import replace

    from roster.engine import effective_profile, with_forecast_intervals

    sheets = forecast_sheets(contacts=10)
    sheets["Intervals"] = [["day", "from", "to", "skill", "agents"], ["weekday", "14:00", "15:00", "phone", 1]]
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    dates = [dt.date(2027, 3, d) for d in range(1, 32)]
    profile = effective_profile(team, None)
    kept, notes = with_forecast_intervals(team, dates, profile, "2027-03")
    assert kept.intervals == team.intervals
    assert len(notes) == 1 and "Forecast sheet is not used" in notes[0]
    dated = replace(team, intervals=[replace(row, day="2027-03-02") for row in team.intervals])
    assert with_forecast_intervals(dated, dates, profile, "2027-03")[1] == []

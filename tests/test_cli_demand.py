"""``roster demand`` and ``generate`` with a forecast, driven with click's CliRunner: the Intervals
sheet written into a copy reads back as computed, the input is never changed, bad Forecast cells
exit 2 naming sheet, row and column with nothing written, profile and Rules-sheet options change
the head counts, and ``generate`` computes interval demand itself and carries it in the roster."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import openpyxl
import pytest
from excel_helpers import make_workbook, set_cell
from test_cli import digest, run, team_sheets

from roster.calendar import month_dates
from roster.demand import intervals_for_dates
from roster.engine import effective_profile
from roster.excel.read_roster import read_roster
from roster.excel.read_team import read_team

MONTH = "2027-03"


def forecast_sheets(contacts: float = 300) -> dict:
    sheets = team_sheets()
    sheets["Forecast"] = [
        ["day", "from", "to", "channel", "skill", "contacts", "aht", "patience"],
        ["weekday", "10:00", "11:00", "chat", "chat", 2 * contacts, 240, None],
        ["weekend", "20:00", "20:30", "在线", "chat", contacts / 2, 240, None],
        ["2027-03-10", "10:00", "10:30", "phone", "phone", 80, 200, 90],
        ["all", "23:30", "00:30", "chat", None, 20, 180, None],
    ]
    return sheets


def computed(path, month: tuple[int, int] = (2027, 3)):
    """What the library computes for the workbook, with its Rules sheet on the default profile."""
    team = read_team(path)
    options = effective_profile(team, None).staffing
    return intervals_for_dates(team, month_dates(*month), options)


def strip(rows):
    return [dataclasses.replace(r, source_row=0) for r in rows]


@pytest.fixture
def team_path(tmp_path):
    return make_workbook(tmp_path / "team.xlsx", forecast_sheets())


# ------------------------------------------------------------------------------- demand
def test_demand_writes_an_intervals_sheet_that_reads_back_identically(tmp_path, team_path):
    before = digest(team_path)
    out = tmp_path / "with-intervals.xlsx"
    result = run("demand", team_path, "--month", MONTH, "-o", out)
    assert result.exit_code == 0, result.output
    assert digest(team_path) == before
    rows = computed(team_path)
    assert strip(read_team(out).intervals) == rows
    assert f"{len(rows)} intervals for 2027-03 from 4 Forecast rows" in result.output
    assert "Busiest interval: 2027-03-10 10:00-10:30" in result.output
    assert "Peak agents per skill" in result.output and "anyone" in result.output
    assert f"written: {out}" in result.output
    # Every other sheet is still there, the Intervals sheet follows the Forecast.
    names = openpyxl.load_workbook(out).sheetnames
    assert names[names.index("Forecast") + 1] == "Intervals"
    assert set(openpyxl.load_workbook(team_path).sheetnames) | {"Intervals"} == set(names)


def test_demand_default_output_and_month(tmp_path, team_path):
    result = run("demand", team_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "team-intervals.xlsx"
    assert out.exists()
    assert "for 2027-03" in result.output  # the month of the dated Forecast row
    assert run("demand", team_path).exit_code == 2  # exists: needs --force
    assert run("demand", team_path, "--force").exit_code == 0


def test_demand_replaces_an_existing_intervals_sheet(tmp_path):
    sheets = forecast_sheets()
    sheets["时段需求"] = [["day", "from", "to", "skill", "agents"], ["all", "08:00", "09:00", None, 99]]
    team_path = make_workbook(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "out.xlsx"
    assert run("demand", team_path, "--month", MONTH, "-o", out).exit_code == 0
    assert strip(read_team(out).intervals) == computed(team_path)
    names = openpyxl.load_workbook(out).sheetnames
    assert "时段需求" in names and "Intervals" not in names


def test_demand_json(tmp_path, team_path):
    result = run("demand", team_path, "--month", MONTH, "-o", tmp_path / "o.xlsx", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = computed(team_path)
    assert data["rows"] == len(rows) and data["month"] == MONTH and data["profile"] == "ecommerce-cs"
    peaks = {p["skill"]: p for p in data["peaks"]}
    assert set(peaks) == {None, "chat", "phone"}
    assert peaks["phone"]["agents"] == max(r.agents for r in rows if r.skill == "phone")
    assert data["busiest"]["day"] == "2027-03-10" and data["busiest"]["from"] == "10:00"
    assert data["unused_forecast_rows"] == []


def test_demand_reports_dated_rows_outside_the_month(tmp_path, team_path):
    result = run("demand", team_path, "--month", "2027-04", "-o", tmp_path / "o.xlsx")
    assert result.exit_code == 0, result.output
    assert "1 Forecast row(s) name dates outside 2027-04 and were not used (rows 4)" in result.output


def test_demand_in_chinese(tmp_path, team_path):
    result = run("demand", team_path, "--month", MONTH, "-o", tmp_path / "o.xlsx", lang="zh")
    assert result.exit_code == 0, result.output
    assert "最忙时段" in result.output and "已写出含时段需求表的工作簿" in result.output
    assert "时段需求" in openpyxl.load_workbook(tmp_path / "o.xlsx").sheetnames


def test_rules_sheet_shrinkage_and_profile_change_the_head_counts(tmp_path):
    base = make_workbook(tmp_path / "base.xlsx", forecast_sheets())
    sheets = forecast_sheets()
    sheets["Rules"].append(["staffing.shrinkage", "45%"])
    more = make_workbook(tmp_path / "more.xlsx", sheets)
    for path in (base, more):
        assert run("demand", path, "--month", MONTH, "-o", tmp_path / f"{path.stem}-o.xlsx").exit_code == 0
    low = read_team(tmp_path / "base-o.xlsx").intervals
    high = read_team(tmp_path / "more-o.xlsx").intervals
    assert all(h.agents >= lo.agents for lo, h in zip(low, high, strict=True))
    assert sum(h.agents for h in high) > sum(lo.agents for lo in low)

    profile = tmp_path / "strict.toml"
    profile.write_text("[staffing.chat]\nservice_level = 0.95\ntarget_seconds = 10\n", encoding="utf-8")
    assert run("demand", base, "--month", MONTH, "-o", tmp_path / "strict.xlsx", "--profile", profile).exit_code == 0
    strict = read_team(tmp_path / "strict.xlsx").intervals
    chat = [(s.agents, lo.agents) for s, lo in zip(strict, low, strict=True) if s.skill == "chat"]
    assert all(s >= lo for s, lo in chat) and any(s > lo for s, lo in chat)


BAD = [
    pytest.param("day", "someday", "'someday' is neither a date", id="day"),
    pytest.param("from", "25:00", "is not a time of day", id="from"),
    pytest.param("channel", "email", "is not a channel", id="channel"),
    pytest.param("skill", "refunds", "nobody in sheet Staff has skill 'refunds'", id="skill"),
    pytest.param("contacts", -5, "is not a number of at least 0", id="contacts"),
    pytest.param("aht", "slow", "is not a number greater than 0", id="aht"),
    pytest.param("patience", 0, "is not a number greater than 0", id="patience"),
]


@pytest.mark.parametrize(("column", "value", "words"), BAD)
def test_bad_forecast_cell_exit_2_names_it_and_writes_nothing(tmp_path, column, value, words):
    sheets = forecast_sheets()
    set_cell(sheets, "Forecast", 3, column, value)
    team_path = make_workbook(tmp_path / "team.xlsx", sheets)
    before = digest(team_path)
    for command in (["demand", team_path, "--month", MONTH, "-o", tmp_path / "o.xlsx"],
                    ["generate", team_path, "--month", MONTH, "-o", tmp_path / "r.xlsx", "--time-limit", "1"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert f"sheet Forecast, row 3, column {column}: " in result.output
        assert words in result.output and "Traceback" not in result.output
        assert [p.name for p in tmp_path.iterdir()] == ["team.xlsx"]  # nothing, no temp file
        assert digest(team_path) == before


def test_bad_forecast_cell_in_chinese(tmp_path):
    sheets = forecast_sheets()
    set_cell(sheets, "Forecast", 2, "channel", "邮件")
    team_path = make_workbook(tmp_path / "team.xlsx", sheets)
    result = run("demand", team_path, "--month", MONTH, lang="zh")
    assert result.exit_code == 2
    assert "错误" in result.output and "工作表“Forecast”第 2 行“channel”列" in result.output
    assert "不是渠道" in result.output


def test_bad_staffing_option_exit_2(tmp_path):
    sheets = forecast_sheets()
    sheets["Rules"].append(["staffing.chat.concurency", 4])
    team_path = make_workbook(tmp_path / "team.xlsx", sheets)
    result = run("demand", team_path, "--month", MONTH)
    assert result.exit_code == 2
    assert "sheet Rules, row 3" in result.output and "concurency" in result.output
    assert not (tmp_path / "team-intervals.xlsx").exists()


def test_demand_without_a_forecast_exit_2(tmp_path):
    team_path = make_workbook(tmp_path / "team.xlsx", team_sheets())
    result = run("demand", team_path)
    assert result.exit_code == 2
    assert "has no Forecast sheet" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["team.xlsx"]


def test_demand_never_writes_over_its_input(tmp_path, team_path):
    before = digest(team_path)
    result = run("demand", team_path, "-o", team_path, "--force")
    assert result.exit_code == 2 and "input file" in result.output
    assert digest(team_path) == before


def test_bad_month_exit_2(tmp_path, team_path):
    result = run("demand", team_path, "--month", "2027-13")
    assert result.exit_code == 2 and "YYYY-MM" in result.output


# ----------------------------------------------------------------------------- generate
def small_forecast_sheets() -> dict:
    """Four agents can staff it: one chat agent 10:00-11:00 (weekday rows serve weekends too when
    there are no weekend rows, as in the Demand sheet), no shrinkage."""
    sheets = team_sheets()
    sheets["Forecast"] = [
        ["day", "from", "to", "channel", "skill", "contacts", "aht"],
        ["weekday", "10:00", "11:00", "chat", "chat", 4, 120],
    ]
    sheets["Rules"].append(["staffing.shrinkage", 0])
    return sheets


def test_generate_computes_intervals_from_the_forecast_and_carries_them(tmp_path):
    """The intervals computed, carried into the roster and checked there.  Three deterministic
    seconds (five before) give a valid roster the polish cannot improve, so the notes are the
    interval note alone; at two or less the polish improves it and says so in a second note."""
    team_path = make_workbook(tmp_path / "team.xlsx", small_forecast_sheets())
    out = tmp_path / "roster.xlsx"
    result = run("generate", team_path, "--month", MONTH, "-o", out, "--time-limit", "3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = computed(team_path)
    assert len(rows) == 2 * 31 and {r.agents for r in rows} == {1}  # two half hours a day
    assert own_notes(data) == [f"interval demand computed from the Forecast sheet: {len(rows)} intervals"]
    book = read_roster(out)
    assert strip(book.team.intervals) == rows
    assert strip(book.team.forecast) == strip(read_team(team_path).forecast)
    check = run("check", out)
    assert check.exit_code == 0, check.output


def test_generate_with_an_intervals_sheet_uses_it_as_is(tmp_path):
    sheets = small_forecast_sheets()
    sheets["Intervals"] = [["day", "from", "to", "skill", "agents"], ["weekday", "10:00", "10:30", None, 1]]
    team_path = make_workbook(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "roster.xlsx"
    result = run("generate", team_path, "--month", MONTH, "-o", out, "--time-limit", "2", "--json")
    assert result.exit_code == 0, result.output
    # used as is, and the forecast beside it said to be unused (it once went unmentioned)
    notes = own_notes(json.loads(result.output))
    assert len(notes) == 1 and "the Forecast sheet is not used" in notes[0], notes
    assert [(r.day, r.start, r.agents) for r in read_roster(out).team.intervals] == [("weekday", 600, 1)]


def test_generate_plain_output_shows_the_note(tmp_path):
    """Only the note is judged here: the shortest limit the CLI tests use will do."""
    team_path = make_workbook(tmp_path / "team.xlsx", small_forecast_sheets())
    result = run("generate", team_path, "--month", MONTH, "-o", tmp_path / "r.xlsx", "--time-limit", "1")
    assert result.exit_code == 0, result.output
    assert "interval demand computed from the Forecast sheet: 62 intervals" in result.output


def test_dates_in_the_forecast_sheet_are_excel_dates(tmp_path):
    sheets = forecast_sheets()
    sheets["Forecast"][3][0] = dt.date(2027, 3, 10)
    team_path = make_workbook(tmp_path / "team.xlsx", sheets)
    assert read_team(team_path).forecast[2].day == "2027-03-10"


def own_notes(data: dict) -> list[str]:
    """generate's notes without the calendar's (2027's official schedule is missing from the
    ``holidays`` package until it catches up, and then the note goes away)."""
    return [note for note in data["notes"] if not note.startswith("The official calendar has no make-up")]


def test_demand_for_a_month_no_forecast_row_covers_is_bad_input(tmp_path):
    """Every Forecast row dated in another month: the copy's Intervals sheet would be empty and
    the month planned against nothing, so demand refuses (exit 2, rows named, nothing written)."""
    sheets = team_sheets()
    sheets["Forecast"] = [["day", "from", "to", "channel", "skill", "contacts", "aht", "patience"],
                          ["2027-05-03", "10:00", "11:00", "chat", "chat", 300, 240, None]]
    path = make_workbook(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "o.xlsx"
    result = run("demand", path, "--month", MONTH, "-o", out)
    assert result.exit_code == 2, result.output
    assert f"No Forecast row gives demand in {MONTH} (1 rows; dated outside the month: rows 2)" in result.output
    assert not out.exists()

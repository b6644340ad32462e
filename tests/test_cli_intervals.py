"""Interval demand through the CLI: a team workbook with an Intervals sheet and no Demand sheet
generates a roster that meets every interval, with the heat-map sheet; ``check`` and
``coverage`` exit 1 (in words and in JSON) when a hand edit leaves an interval short; too much
demand exits 3 naming the interval, and --best-effort writes the roster anyway.  The forecast
sample's shape is checked here; solving it is a slow test."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from excel_helpers import make_workbook

from roster.cli import main
from roster.excel.read_roster import read_roster
from roster.excel.read_team import read_team

MONTH = "2027-03"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "forecast-team-zh.xlsx"


def interval_sheets(chat_at_noon: int = 1) -> dict[str, list[list[object]]]:
    """Six agents, three candidate shifts, a half-hour curve; no Demand sheet at all."""
    return {
        "Staff": [
            ["id", "name", "team", "skills"],
            ["A1", "Ann", "cs", "chat, phone"],
            ["B2", "Bo", "cs", "chat"],
            ["C3", "Cy", "cs", "chat"],
            ["D4", "Di", "cs", "phone"],
            ["E5", "Ed", "cs", "chat"],
            ["F6", "Fay", "cs", "chat, phone"],
        ],
        "Shifts": [
            ["code", "name", "start", "end"],
            ["E", "Early", "08:00", "16:00"],
            ["T", "Late", "12:00", "20:00"],
            ["N", "Night", "17:00", "01:00"],
        ],
        "Intervals": [
            ["day", "from", "to", "skill", "agents"],
            ["all", "08:00", "12:00", "chat", 1],
            ["all", "12:00", "12:30", "chat", chat_at_noon],
            ["all", "12:30", "20:00", "chat", 1],
            ["weekday", "10:00", "16:00", "phone", 1],
            ["all", "20:00", "00:00", None, 1],
        ],
    }


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """The team's March roster.  The tests judge whether it (and edits of it) meet the interval
    demand, not how good it is: two deterministic seconds find a valid roster with days that
    test_swap_that_leaves_an_interval_short_is_refused needs (four only cost more time)."""
    folder = tmp_path_factory.mktemp("intervals")
    team = make_workbook(folder / "team.xlsx", interval_sheets())
    out = folder / "roster.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "2", "--lang", "en")
    assert result.exit_code == 0, result.output
    return team, out


def test_generate_meets_every_interval_and_writes_the_heat_map(planned):
    _, out = planned
    wb = openpyxl.load_workbook(out)
    assert "Intervals coverage" in wb.sheetnames and "Intervals" in wb.sheetnames
    ws = wb["Intervals coverage"]
    assert ws.freeze_panes == "B4"
    cells = [c for row in ws.iter_rows(min_row=4, min_col=2, values_only=True) for c in row if isinstance(c, str)]
    assert cells and all(int(c.split("/")[0]) >= int(c.split("/")[1]) for c in cells)
    check = run("check", out, "--lang", "en")
    assert check.exit_code == 0, check.output
    coverage = run("coverage", out, "--json")
    assert coverage.exit_code == 0, coverage.output
    data = json.loads(coverage.stdout)
    assert data["interval_gaps"] == 0 and len(data["intervals"]) == 31 * 5  # weekends fall back to weekday rows
    first = data["intervals"][0]
    assert {"date", "from", "to", "skill", "required", "on_duty", "gap", "people"} <= set(first)
    assert "Every interval is covered" in run("coverage", out, "--lang", "en").output
    # The heat map is the tool's own sheet (an edit writes it anew), not one of the user's that
    # an edit would say it does not carry over.
    assert read_roster(out).extras == []


def test_hand_edit_leaving_an_interval_short_fails_check_and_coverage(planned, tmp_path):
    _, out = planned
    edited = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(out)
    ws = wb["Roster"]
    column = next(c.column for c in ws[1] if getattr(c.value, "day", None) == 10)
    for row in range(4, 10):  # everybody rests on 2027-03-10
        ws.cell(row=row, column=column, value="OFF")
    wb.save(edited)
    check = run("check", edited, "--lang", "en")
    assert check.exit_code == 1 and "intervals" in check.output
    data = json.loads(run("check", edited, "--json").stdout)
    short = [v for v in data["hard_violations"] if v["rule"] == "intervals"]
    assert short and all(v["date"] == "2027-03-10" for v in short)
    assert "2027-03-10 08:00-12:00 (chat): 0 on duty, 1 needed (1 missing)" in [v["message"] for v in short]
    assert {"from": "08:00", "to": "12:00", "skill": "chat", "required": 1, "on_duty": 0, "gap": 1} in [
        v["data"] for v in short]
    coverage = run("coverage", edited, "--json")
    assert coverage.exit_code == 1
    assert json.loads(coverage.stdout)["interval_gaps"] >= 4
    text = run("coverage", edited, "--lang", "zh")
    assert text.exit_code == 1 and "个时段不足" in text.output


def test_demand_nobody_can_meet_exits_3_with_the_interval(tmp_path):
    team = make_workbook(tmp_path / "team.xlsx", interval_sheets(chat_at_noon=9))
    out = tmp_path / "roster.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1", "--lang", "en")
    assert result.exit_code == 3, result.output
    assert "31 dates from 2027-03-01 to 2027-03-31 12:00-12:30 (chat): needs 9 on duty, but only 5 people" \
        in " ".join(result.output.split())
    assert not out.exists()
    best = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1", "--best-effort", "--lang", "en")
    assert best.exit_code == 0, best.output
    assert run("check", out).exit_code == 1
    ws = openpyxl.load_workbook(out)["Intervals coverage"]
    noon = next(row for row in ws.iter_rows(min_row=4) if row[0].value == "12:00-12:30")  # the chat block
    assert all(c.fill.start_color.rgb == "00F8696B" and c.value.endswith("/9") for c in noon[1:32])


def test_heat_map_sheet_is_named_in_chinese(tmp_path):
    from roster.calendar import month_dates
    from roster.domain import Roster
    from roster.engine import check as judge
    from roster.excel.write_roster import write_roster
    from roster.profile import load_profile

    team = read_team(make_workbook(tmp_path / "team.xlsx", interval_sheets()))
    assert team.demand == [] and len(team.intervals) == 5
    dates = month_dates(2027, 3)
    empty = Roster(dates, {(p.id, d): "OFF" for p in team.staff for d in dates})
    plan = judge(team, empty, load_profile(None))
    out = write_roster(tmp_path / "r.xlsx", team=team, horizon=plan.horizon, roster=empty,
                       violations=plan.check.violations, lang="zh")
    wb = openpyxl.load_workbook(out)
    assert "时段覆盖" in wb.sheetnames
    ws = wb["时段覆盖"]
    assert ws["A4"].value == "技能：chat" and ws.page_setup.orientation == "landscape"


# ------------------------------------------------------------------------------- the sample
def test_forecast_sample_shape():
    team = read_team(SAMPLE)
    assert team.demand == [] and not team.intervals and 20 <= len(team.staff) <= 25
    starts = {s.start for s in team.shifts}
    assert len(starts) >= 6
    assert any(len(s.segments) > 1 for s in team.shifts) and any(s.crosses_midnight for s in team.shifts)
    assert {r.channel for r in team.forecast} == {"chat", "phone"}
    assert {r.day for r in team.forecast} == {"工作日", "周末", "双11"}
    assert [(p.name, p.start.isoformat()) for p in team.promotions] == [("双11", "2026-11-11")]
    skills = Counter(k for p in team.staff for k in p.skills)
    assert set(skills) == {"在线", "电话"}


def test_forecast_sample_curve_peaks_and_double_11():
    from roster.calendar import month_dates
    from roster.demand import intervals_for_dates
    from roster.profile import load_profile

    team = read_team(SAMPLE)
    rows = intervals_for_dates(team, month_dates(2026, 11), load_profile(None).staffing)
    per_day: dict[str, Counter] = {}
    for r in rows:
        per_day.setdefault(r.day, Counter())[r.start] += r.agents
    weekday = per_day["2026-11-10"]
    assert weekday[10 * 60 + 30] > weekday[8 * 60] and weekday[20 * 60 + 30] > weekday[15 * 60]
    assert sum(per_day["2026-11-11"].values()) > 1.25 * sum(weekday.values())


@pytest.mark.slow
def test_forecast_sample_generates_a_roster_meeting_every_interval(tmp_path):
    out = tmp_path / "roster.xlsx"
    result = run("generate", SAMPLE, "--month", "2026-11", "-o", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert run("check", out).exit_code == 0
    book = read_roster(out)
    used = {code for code in book.roster.cells.values() if code in book.team.shift_by_code}
    assert len({book.team.shift(c).start for c in used}) >= 3


def test_swap_that_leaves_an_interval_short_is_refused(planned):
    """On a weekday only an Early person with the phone skill covers the phone from 10:00; giving
    that shift to a chat-only colleague leaves the phone short, and swap names the interval."""
    import datetime as dt

    _, out = planned
    book = read_roster(out)
    staff = book.team.staff_by_id
    for date in book.roster.dates:
        if date.weekday() >= 5:
            continue
        early_phone = [s for s in staff if book.roster.get(s, date) == "E" and "phone" in staff[s].skills]
        resting = [s for s in staff if book.roster.get(s, date) == "OFF" and staff[s].skills == ("chat",)
                   and book.roster.get(s, date - dt.timedelta(days=1)) in ("OFF", "E", "T")]
        if len(early_phone) == 1 and resting:
            break
    else:
        pytest.skip("the solver's roster has no such day")
    result = run("swap", out, f"{early_phone[0]}:{date}", f"{resting[0]}:{date}", "--lang", "en")
    assert result.exit_code == 1
    assert f"[intervals] {date} 10:00-" in result.output and "(phone): 0 on duty, 1 needed" in result.output


def test_a_roster_whose_intervals_sheet_was_deleted_is_judged_on_its_forecast(planned, tmp_path):
    """A roster workbook that keeps its Forecast sheet but lost its Intervals sheet was checked
    against no interval demand at all (check and coverage passed with 0 intervals): the intervals
    are computed from the forecast again, as generate does, and a note says so."""
    _, out = planned
    edited = tmp_path / "forecast-only.xlsx"
    wb = openpyxl.load_workbook(out)
    del wb["Intervals"]
    ws = wb.create_sheet("Forecast")
    ws.append(["day", "from", "to", "channel", "skill", "contacts", "aht"])
    ws.append(["all", "08:00", "20:00", "chat", "chat", 30, 240])
    wb.save(edited)
    check = run("check", edited, "--lang", "en")
    assert "interval demand computed from the Forecast sheet" in check.output, check.output
    coverage = json.loads(run("coverage", edited, "--json").stdout)
    assert coverage["intervals"], coverage
    suggest = CliRunner().invoke(main, ["suggest", str(edited), "A1:2027-03-10", "--lang", "en"])
    assert "interval demand computed from the Forecast sheet" in suggest.output

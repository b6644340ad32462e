"""Acceptance checks of a department manager planning hard months (three shifts with a split
shift, holidays, promotions, long rests), each found by building the team workbook by hand.

Every test here failed before its fix: a split shift whose segments lay outside the start and
end it documents was planned silently on the segments (exit 0, a roster written), and a rest of
more than 24 h between shifts was only judged for shifts one and two days apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import (
    MONDAY,
    assert_feasible,
    assert_infeasible,
    check,
    d,
    horizon,
    of_rule,
    roster,
    solve_fixed,
    team,
)
from excel_helpers import base_sheets, make_workbook

from roster.cli import main
from roster.domain import Shift, ShiftKind
from roster.excel.read_team import read_team
from roster.rules.rest_between_shifts import RestBetweenShifts, RestParams

EARLY = Shift("E", "Early", ((7 * 60, 15 * 60 + 30),), ShiftKind.DAY)  # 07:00-15:30
LONG_NIGHT = Shift("N", "Night", ((22 * 60, 32 * 60),), ShiftKind.NIGHT)  # 22:00-08:00


def _split_team(tmp_path: Path, start: str, end: str, segments: str) -> Path:
    sheets = base_sheets()
    sheets["Shifts"] = [
        ["code", "name", "start", "end", "segments"],
        ["D", "Day", "08:30", "17:30", None],
        ["N", "Night", "17:00", "01:00", None],
        ["S", "Split", start, end, segments],
    ]
    return make_workbook(tmp_path / "team.xlsx", sheets)


@pytest.mark.parametrize(
    ("start", "end", "segments", "segment"),
    [
        pytest.param("10:00", "23:00", "09:00-14:00,17:30-23:00", "09:00-14:00", id="starts-before-start"),
        pytest.param("10:00", "22:00", "10:00-14:00,17:30-23:00", "17:30-23:00", id="ends-after-end"),
        pytest.param("22:00", "06:00", "22:00-02:00,03:00-07:00", "03:00-07:00", id="past-midnight-too-long"),
    ],
)
def test_split_segment_outside_its_shift_is_bad_input(tmp_path, start, end, segments, segment):
    """The row says two things; which one the roster follows is a guess, so it is refused with
    sheet, row and column, exit 2 and no roster written (before: exit 0, planned on the segments)."""
    path = _split_team(tmp_path, start, end, segments)
    out = tmp_path / "roster.xlsx"
    result = CliRunner().invoke(main, ["generate", str(path), "--month", "2026-12", "-o", str(out),
                                       "--time-limit", "2", "--lang", "en"], env={"COLUMNS": "400"})
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "sheet Shifts, row 4, column segments" in result.output
    assert f"segment {segment} lies outside the shift's start {start} and end {end}" in result.output
    assert not out.exists()


def test_split_segment_outside_its_shift_in_chinese(tmp_path):
    path = _split_team(tmp_path, "10:00", "23:00", "09:00-14:00,17:30-23:00")
    result = CliRunner().invoke(main, ["generate", str(path), "--month", "2026-12", "-o",
                                       str(tmp_path / "r.xlsx"), "--lang", "zh"], env={"COLUMNS": "400"})
    assert result.exit_code == 2
    assert "时段 09:00-14:00 超出了本班次的开始 10:00 至结束 23:00" in result.output


@pytest.mark.parametrize(
    ("start", "end", "segments"),
    [
        pytest.param("10:00", "23:00", "10:00-14:00,17:30-23:00", id="exact-span"),
        pytest.param("22:00", "07:00", "22:00-02:00,03:00-07:00", id="past-midnight"),
        pytest.param(None, None, "10:00-14:00,17:30-23:00", id="segments-only"),
    ],
)
def test_split_segments_inside_their_shift_are_read(tmp_path, start, end, segments):
    shift = next(s for s in read_team(_split_team(tmp_path, start, end, segments)).shifts if s.code == "S")
    assert len(shift.segments) == 2
    assert shift.minutes in (8 * 60, 9 * 60 + 30)


def test_rest_of_48_hours_reaches_three_days_apart():
    """rest_between_shifts.min_hours may be up to 48: a night 22:00-08:00 on day 1 then an
    early 07:00 on day 4 rests 47 h.  Before, only shifts one and two days apart were compared:
    the model allowed it and the checker passed it."""
    t = team(1, shifts=(EARLY, LONG_NIGHT))
    h = horizon(t)
    rule = RestBetweenShifts(RestParams(min_hours=48))
    breaking = roster(h, {"A": "-N--E--"})
    found = of_rule(check(t, h, [rule], breaking), "rest_between_shifts")
    assert [(v.staff_id, v.date, v.data["rest_hours"]) for v in found] == [("A", d(4), 47.0)]
    assert_infeasible(solve_fixed(t, h, [rule], breaking))
    keeping = roster(h, {"A": "-N---E-"})  # 71 h
    assert of_rule(check(t, h, [rule], keeping), "rest_between_shifts") == []
    assert_feasible(solve_fixed(t, h, [rule], keeping))


def test_default_rest_still_compares_one_and_two_days_apart():
    t = team(1, shifts=(EARLY, LONG_NIGHT))
    h = horizon(t, MONDAY)
    found = of_rule(check(t, h, [RestBetweenShifts()], roster(h, {"A": "-NE----"})), "rest_between_shifts")
    assert [(v.date, v.data["rest_hours"]) for v in found] == [(d(2), -1.0)]

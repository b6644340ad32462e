"""Acceptance, session 23: a manager's own workbooks, read as they are written.

Free-text sickness in the Leave sheet, the Rules sheet's messages naming the user's own titles,
and the default night duty of a team with a long day shift.  Each test states what a manager
typed and what they are entitled to expect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from excel_helpers import base_sheets, make_workbook
from test_cli import digest, run

from roster.domain import Leave, ShiftKind, is_leave_mark, is_rest_mark, is_sickness
from roster.excel.cells import roster_mark
from roster.excel.read_team import read_team
from roster.i18n import set_language

DAY, NIGHT = ShiftKind.DAY, ShiftKind.NIGHT


# ------------------------------------------------------------------ sickness in free-text types
@pytest.mark.parametrize("kind", [
    "病假", "病假（住院）", "病假(半天)", "病假 (半天)", "生病", "工伤", "工伤假", "急诊", "住院",
    "Sick leave - flu", "SICK", "sick leave", "medical leave", "Hospital", "hospitalised",
    "illness", "paid illness", "Injury", "injured at work", "ＳＩＣＫ",
])
def test_sickness_typed_freely_is_not_planned_leave(kind):
    """Sickness lowers only the minimum of rest days; counted as planned it also lowered the
    cap, so a manager's 病假（住院） made the rest days already given "too many"."""
    assert is_sickness(kind)
    assert not Leave("1001", dt.date(2026, 10, 1), dt.date(2026, 10, 2), kind).planned


@pytest.mark.parametrize("kind", [
    "", "年假", "年假（3天）", "婚假", "产假", "陪产假", "事假", "丧假", "调休", "体检", "annual",
    "Annual leave", "personal", "maternity", "vacation", "skill training", "still to decide",
])
def test_planned_leave_types_stay_planned(kind):
    """No false positives: ``skill`` or ``still`` hold "ill" but are not illness."""
    assert not is_sickness(kind)
    assert Leave("1001", dt.date(2026, 10, 1), dt.date(2026, 10, 2), kind).planned


# ------------------------------------------------------- the Rules sheet named as the user titled it
def _zh_rules_book(tmp_path: Path, rows: list[list[object]]) -> Path:
    sheets = base_sheets()
    del sheets["Rules"]
    sheets["规则"] = [["规则", "值"], *rows]
    return make_workbook(tmp_path / "team.xlsx", sheets)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bad_rules_value_names_the_users_sheet_and_column(tmp_path, lang):
    """A sheet titled 规则 with columns 规则/值: an English message said "sheet Rules, column
    value", titles the manager can find nowhere in their workbook."""
    team = _zh_rules_book(tmp_path, [["rest_days.min", "abc"]])
    before = digest(team)
    out = tmp_path / "roster.xlsx"
    result = run("generate", team, "--month", "2026-12", "-o", out, "--time-limit", "1", lang=lang)
    assert result.exit_code == 2, result.output
    expected = "sheet 规则, row 2, column 值" if lang == "en" else "工作表“规则”第 2 行“值”列"
    assert expected in result.output
    assert "Rules" not in result.output and "Traceback" not in result.output
    assert not out.exists() and digest(team) == before


def test_every_kind_of_rules_problem_names_the_users_titles(tmp_path):
    """Unknown rule (the rule column), a row set twice, a contradiction across rows (the value
    column): all name 规则/值, and the JSON problems carry the same sheet and column."""
    team = _zh_rules_book(tmp_path, [["rest_dayz.min", 4], ["rest_days.min", 4], ["rest_days.min", 5],
                                     ["rest_days.max", 3]])
    result = run("generate", team, "--month", "2026-12", "-o", tmp_path / "r.xlsx", "--json")
    assert result.exit_code == 2, result.output
    assert "sheet 规则, row 2, column 规则: unknown rule 'rest_dayz'" in result.output
    assert "sheet 规则, row 4: rest_days.min is already set in row 3" in result.output
    assert "sheet 规则, row 5, column 值: rest_days.max" in result.output
    assert "sheet Rules" not in result.output


def test_an_english_rules_sheet_keeps_its_titles_in_chinese_output(tmp_path):
    sheets = base_sheets()
    sheets["Rules"] = [["Rule", "Value"], ["rest_days.min", "many"]]
    team = make_workbook(tmp_path / "team.xlsx", sheets)
    result = run("generate", team, "--month", "2026-12", "-o", tmp_path / "r.xlsx", lang="zh")
    assert result.exit_code == 2, result.output
    assert "工作表“Rules”第 2 行“Value”列" in result.output


# ------------------------------------------------------------------- default night duty
def _kinds(tmp_path: Path, times: list[tuple[str, str]]) -> list[ShiftKind]:
    sheets = base_sheets()
    sheets["Shifts"] = [["code", "name", "start", "end"],
                        *[[f"S{k}", f"Shift {k}", start, end] for k, (start, end) in enumerate(times)]]
    sheets["Staff"] = [["id", "name"], ["1001", "Ann"], ["1002", "Bo"]]
    sheets["Demand"] = [["day", "shift", "min"], ["weekday", "S0", 1]]
    del sheets["Requests"], sheets["History"]
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    return [team.shift(f"S{k}").kind for k in range(len(times))]


def test_a_long_day_does_not_hide_the_late_shift(tmp_path):
    """白班 08:30-17:30, 通班 09:00-21:30, 晚班 13:00-21:00: the long day ended last, but it starts
    in the morning, so the team had no night duty at all and nobody shared the late shift."""
    assert _kinds(tmp_path, [("08:30", "17:30"), ("09:00", "21:30"), ("13:00", "21:00")]) == [DAY, DAY, NIGHT]


def test_only_the_latest_afternoon_shift_is_the_night(tmp_path):
    """Two afternoon shifts: the one that ends last is the evening duty, the other a day."""
    assert _kinds(tmp_path, [("08:00", "17:00"), ("12:00", "20:00"), ("13:00", "21:00")]) == [DAY, DAY, NIGHT]


# ------------------------------------------------------------------- found while hunting
def test_a_history_grid_date_without_year_is_refused_not_skipped(tmp_path):
    """History pasted as a grid headed 9月28日 .. 9月30日: the columns were taken for notes and
    the days silently dropped (the last one decides rest between shifts on the 1st)."""
    sheets = base_sheets()
    sheets["History"] = [["id", "name", "2026-11-29", "11月30日"], ["1001", "Ann", "D", "N"]]
    team = make_workbook(tmp_path / "team.xlsx", sheets)
    result = run("generate", team, "--month", "2026-12", "-o", tmp_path / "r.xlsx", "--time-limit", "1")
    assert result.exit_code == 2, result.output
    assert "sheet History, row 1, column 11月30日" in result.output and "year is missing" in result.output


@pytest.mark.parametrize(("word", "kind"), [("Day shift", DAY), ("白天", DAY), ("Night shift", NIGHT),
                                            ("大夜班", NIGHT), ("通宵", NIGHT), ("late shift", NIGHT)])
def test_shift_kind_words_a_manager_types(tmp_path, word, kind):
    sheets = base_sheets()
    sheets["Shifts"] = [["code", "name", "start", "end", "kind"], ["D", "Day", "08:30", "17:30", "day"],
                        ["N", "Night", "17:00", "01:00", "night"], ["X", "Other", "10:00", "19:00", word]]
    assert read_team(make_workbook(tmp_path / "team.xlsx", sheets)).shift("X").kind == kind


@pytest.mark.parametrize(("word", "day_type"), [("放假", "holiday"), ("补休", "holiday"),
                                                ("public holiday", "holiday"), ("上班日", "workday")])
def test_holiday_kind_words_of_official_notices(tmp_path, word, day_type):
    sheets = base_sheets()
    sheets["Holidays"] = [["date", "name", "kind"], [dt.date(2026, 12, 25), "Shop day", word]]
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert team.holidays[0].kind == day_type


def test_a_multiplier_typed_as_a_percentage(tmp_path):
    """``150%`` typed as text was "not a number greater than 0"; a percentage cell holds 1.5."""
    sheets = base_sheets()
    sheets["Promotions"][1][3] = "150％"
    assert read_team(make_workbook(tmp_path / "team.xlsx", sheets)).promotions[0].multiplier == 1.5


def test_segments_typed_full_width(tmp_path):
    sheets = base_sheets()
    sheets["Shifts"].append(["S", "Split", None, None])
    sheets["Shifts"][0].append("segments")
    for row in sheets["Shifts"][1:]:
        row.append(None)
    sheets["Shifts"][3][4] = "10:00－14:00，17:30－23:00"
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert team.shift("S").segments == ((600, 840), (1050, 1380))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_default_shifts_answer_to_their_names_in_either_language(tmp_path, lang):
    """No Shifts sheet, Demand naming 白班/晚班: valid in a Chinese session, "unknown shift
    code" in an English one.  A workbook is valid or not whatever the output language."""
    sheets = base_sheets()
    del sheets["Shifts"]
    sheets["Staff"] = [["id", "name"], ["1001", "Ann"]]
    sheets["Demand"] = [["day", "shift", "min"], ["weekday", "白班", 1], ["weekday", "Night", 0]]
    for name in ("Leave", "Requests", "History", "Promotions", "Rules"):
        del sheets[name]
    set_language(lang)
    try:
        team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    finally:
        set_language("en")
    assert [row.shift for row in team.demand] == ["D", "N"]


@pytest.mark.parametrize(("cell", "leave", "rest"), [
    ("病假（住院）", True, False), ("年假(3天)", True, False), ("Sick leave - flu", True, False),
    ("休（调休）", False, True), ("休", False, True), ("D", False, False), ("ILL", False, False),
    ("Night", False, False), ("夜班", False, False),
])
def test_marks_typed_with_a_note_in_the_grid(cell, leave, rest):
    """A lead types 病假（住院） into the roster when someone falls ill: it was "unknown code",
    a hard violation.  Short codes are never taken for free-text sickness."""
    assert is_leave_mark(cell) is leave and is_rest_mark(cell) is rest
    assert roster_mark(cell) == ("LEAVE" if leave else "OFF" if rest else None)

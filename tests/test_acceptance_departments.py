"""Acceptance findings from sessions as managers, team leads and HR of departments unlike the
samples (a QA team on one day shift, a three-shift pre-sale team over 国庆, an after-sale team
with interval demand over 元旦, hand-made and hand-edited workbooks): each test failed on the
code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from excel_helpers import make_workbook

from roster.cli import main

MONTH = "2027-01"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def interval_team() -> dict[str, list[list[object]]]:
    """Four after-sale agents on one day shift, demand only per interval (no Demand sheet);
    元旦 2027 falls on the 1st-3rd."""
    return {
        "员工": [["工号", "姓名", "技能"]] + [[2000 + k, f"售后{k}", "在线"] for k in range(1, 5)],
        "班次": [["代码", "名称", "开始", "结束"], ["A", "白班", "09:00", "17:00"]],
        "时段需求": [["日期", "开始", "结束", "技能", "人数"], ["全部", "09:00", "17:00", "在线", 1]],
    }


@pytest.fixture(scope="module")
def interval_roster(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("departments")
    team = make_workbook(folder / "team.xlsx", interval_team())
    out = folder / "roster.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1", "--lang", "en")
    assert result.exit_code == 0, result.output
    return out


def test_coverage_holidays_lists_who_is_on_duty_per_interval(interval_roster):
    """HR asks who is on duty on the holidays of a team whose demand is all per interval: the
    console showed an empty shift table, "every minimum is covered" (no minimum was ever set)
    and "every interval is covered (3 intervals)", with no names at all."""
    result = run("coverage", interval_roster, "--holidays", "--lang", "zh")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "所有最少需求均已覆盖" not in out  # no shift minimum exists
    assert "覆盖：需求与已排人数" not in out  # and no empty shift table
    for day in ("2027-01-01", "2027-01-02", "2027-01-03"):
        assert day in out
    assert "09:00-17:00" in out and "在岗人员" in out
    assert any(f"200{k}" in out for k in range(1, 5))  # the names on duty


def test_coverage_of_an_interval_only_roster_has_no_empty_shift_table(interval_roster):
    result = run("coverage", interval_roster, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Every minimum is covered" not in result.output
    assert "Coverage: required vs assigned" not in result.output
    assert "Every interval is covered" in result.output


def test_suggest_when_everyone_works_that_day_says_nobody_is_free(tmp_path):
    """A QA team on one day shift with few rest days: on a day when all of them work, ``suggest``
    only said "nobody can take over without breaking a hard rule" and listed no rule, which
    sent the team lead looking for a rule; the cause is that nobody is free."""
    team = make_workbook(tmp_path / "qa.xlsx", {
        "Staff": [["id", "name", "skills"], ["Q1", "Ann", "review"], ["Q2", "Bo", "review"], ["Q3", "Cy", "review"]],
        "Shifts": [["code", "name", "start", "end"], ["D", "Review", "09:00", "17:00"]],
        "Demand": [["day", "shift", "skill", "min", "target"], ["all", "D", "review", 3, 3]],
        "Rules": [["rule", "value"], ["rest_days.min", 0], ["rest_days.max", 0],
                  ["consecutive_days.max_days", 31], ["hours.max_per_week", 60]],
    })
    out = tmp_path / "roster.xlsx"
    result = run("generate", team, "--month", "2027-03", "-o", out, "--time-limit", "1", "--lang", "en")
    assert result.exit_code == 0, result.output
    result = run("suggest", out, "Q1:2027-03-10", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Nobody is free" in result.output and "2 already work" in result.output
    result = run("suggest", out, "Q1:2027-03-10", "--lang", "zh")
    assert "没有人有空接替" in result.output


def test_coverage_sheet_of_an_interval_only_roster_points_to_the_heat_map(interval_roster):
    """HR opens the Coverage sheet of an after-sale roster planned per interval: it held a header
    over nothing, which reads as "no demand"; it now says where on duty vs required is."""
    import openpyxl

    wb = openpyxl.load_workbook(interval_roster)
    rows = [r for r in wb["Coverage"].iter_rows(values_only=True) if any(v is not None for v in r)]
    assert len(rows) == 2 and "Intervals coverage" in str(rows[1][0])
    assert "Intervals coverage" in wb.sheetnames
    assert run("check", interval_roster, "--lang", "en").exit_code == 0  # the note is not read as data

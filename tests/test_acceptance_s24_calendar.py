"""An HR user checks 2027's holidays (helper-49, session 24).

The ``holidays`` package this roster is built with knows 2027's statutory holidays (and guesses
their days off in lieu, "observed") but none of its make-up working days (调休上班): the State
Council's schedule for 2027 is not in it.  The Holidays sheet has to supply the rest, and the
tool must say so wherever that matters, without a silent wrong calendar:

* the sheet's holidays that extend an official block (Thursday and Friday after the package's
  last Spring Festival day) carry the block on to the weekend beyond them, as the State Council's
  blocks always do; a company day off on a Friday does not make its weekend a holiday;
* a sheet that lists some of 2027's make-up days (February's) no longer silences the note for
  the months whose holidays it says nothing about (October's golden week);
* ``generate``, ``check`` and ``coverage --holidays`` agree on those days, in both languages.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from excel_helpers import Rows, make_workbook

from roster.calendar import (
    calendar_notes,
    classify_days,
    holiday_blocks,
    month_dates,
    official_calendar,
)
from roster.cli import main
from roster.domain import DayType, HolidayEntry, Team
from roster.i18n import set_language

D = dt.date
#: What the Holidays sheet adds to the package's 2027 Spring Festival (02-05..02-10): the rest of
#: a nine-day block to Saturday the 13th, typed as its two weekdays, and a make-up Saturday.
SPRING_2027 = [HolidayEntry(D(2027, 2, 11), "春节", DayType.HOLIDAY),
               HolidayEntry(D(2027, 2, 12), "春节", DayType.HOLIDAY),
               HolidayEntry(D(2027, 2, 20), "春节调休", DayType.WORKDAY)]


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


def test_the_package_has_2027s_holidays_but_none_of_its_make_up_days():
    """What the tests below rest on; when the package learns 2027, they need a later year."""
    names, workdays = official_calendar([2027])
    assert D(2027, 10, 1) in names and D(2027, 2, 10) in names
    assert not any(d.year == 2027 for d in workdays)


def test_sheet_holidays_carry_an_official_block_over_the_weekend_but_start_none():
    days = {d.date: d for d in classify_days(month_dates(2027, 2), SPRING_2027, [])}
    # Saturday 13th and Sunday 14th follow the sheet's 11th and 12th: the block goes on (it was
    # an ordinary weekend, with weekend demand and no holiday duty).
    for day in (13, 14):
        assert days[D(2027, 2, day)].type == DayType.HOLIDAY, days[D(2027, 2, day)]
        assert days[D(2027, 2, day)].holiday_name == "Chinese New Year (Spring Festival)"
    assert days[D(2027, 2, 20)].type == DayType.WORKDAY
    assert days[D(2027, 2, 21)].type == DayType.WEEKEND  # after the make-up Saturday
    # A company day off on a Friday, two days after Dragon Boat (Wednesday 9 June): its weekend
    # stays a weekend, it does not join the block (Thursday is worked).
    june = {d.date: d.type for d in classify_days(month_dates(2027, 6), [
        HolidayEntry(D(2027, 6, 11), "店休日", DayType.HOLIDAY)], [])}
    assert june[D(2027, 6, 11)] == DayType.HOLIDAY
    assert june[D(2027, 6, 12)] == june[D(2027, 6, 13)] == DayType.WEEKEND
    # Linking days alone start no block; next to an official day they carry it on.
    sat, sun = D(2027, 6, 12), D(2027, 6, 13)
    assert holiday_blocks({}, set(), [sat, sun], links=[D(2027, 6, 11)]) == {}
    assert holiday_blocks({D(2027, 6, 10): "X"}, set(), [sat], links=[D(2027, 6, 11)]) == {sat: "X"}


@pytest.mark.parametrize("lang, words", [("en", ("2027-10-01..2027-10-05 National Day", "Holidays sheet")),
                                         ("zh", ("2027-10-01 至 2027-10-05 国庆节", "“节假日”表"))])
def test_a_partly_listed_year_names_the_holidays_the_sheet_says_nothing_about(lang, words):
    """February's make-up days in the sheet silenced the 2027 note for the whole year: October
    was planned with the statutory golden week (1st to 5th) and nobody was told."""
    set_language(lang)
    team = Team(staff=[], shifts=[], demand=[], holidays=SPRING_2027)
    assert calendar_notes(team, month_dates(2027, 2)) == []
    (october,) = calendar_notes(team, month_dates(2027, 10))
    assert all(w in october for w in words), october
    # September's roster may hold a 国庆 make-up day: the golden week a few days later counts.
    (september,) = calendar_notes(team, month_dates(2027, 9))
    assert words[0] in september
    assert calendar_notes(team, month_dates(2027, 11)) == []  # no holiday near November
    listed = Team(staff=[], shifts=[], demand=[], holidays=[
        *SPRING_2027, HolidayEntry(D(2027, 10, 9), "国庆调休", DayType.WORKDAY)])
    assert calendar_notes(listed, month_dates(2027, 10)) == []
    # Nothing listed for the year at all: the year's note, as before.
    (bare,) = calendar_notes(Team(staff=[], shifts=[], demand=[]), month_dates(2027, 10))
    assert "2027" in bare and words[0] not in bare


def _team_zh() -> dict[str, Rows]:
    """A tiny Chinese workbook for February 2027 with the sheet's Spring Festival rows."""
    return {
        "员工": [["工号", "姓名"], *([f"A{k}", f"员工{k}"] for k in range(1, 7))],
        "班次": [["代码", "名称", "开始", "结束", "类型"], ["D", "白班", "08:30", "17:30", "白班"],
                 ["N", "晚班", "17:00", "01:00", "晚班"]],
        "需求": [["日期", "班次", "最少", "目标"], ["工作日", "D", 1, 2], ["周末", "D", 1, 1],
                 ["节假日", "D", 1, 1], ["全部", "N", 1, 1]],
        "节假日": [["日期", "名称", "类型"], *([h.date, h.name, "调休上班" if h.kind == DayType.WORKDAY else "节假日"]
                                             for h in SPRING_2027)],
        "规则": [["规则", "值"], ["rest_days.min", 4]],
    }


def _run(*args: object, lang: str):
    return CliRunner().invoke(main, ["--lang", lang, *map(str, args)], env={"COLUMNS": "400"},
                              catch_exceptions=False)


def test_generate_check_and_coverage_agree_on_the_extended_block(tmp_path: Path):
    team = make_workbook(tmp_path / "团队.xlsx", _team_zh())
    out = tmp_path / "排班.xlsx"
    made = _run("generate", team, "--month", "2027-02", "-o", out, "--time-limit", "0.5", "--json", lang="zh")
    assert made.exit_code == 0, made.output
    assert not any("2027" in note and "调休" in note for note in json.loads(made.output)["notes"])
    for lang in ("zh", "en"):
        checked = _run("check", out, "--json", lang=lang)
        assert checked.exit_code == 0, checked.output
        assert json.loads(checked.output)["notes"] == []
        cov = _run("coverage", out, "--holidays", "--json", lang=lang)
        assert json.loads(cov.output)["notes"] == json.loads(checked.output)["notes"]  # the same calendar notes
        types = {row["date"]: row["day_type"] for row in json.loads(cov.output)["rows"]}
        assert [d for d, kind in types.items() if kind == "holiday"] == [
            f"2027-02-{day:02d}" for day in range(5, 15)], types
        assert types["2027-02-20"] == "workday" and "2027-02-21" not in types

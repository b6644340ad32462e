"""Acceptance, session 24: team workbooks a manager made without this tool, read as written.

Headers with a colon, a unit in square brackets or an invisible byte-order mark; a header that is
a formula nobody calculated; a Leave sheet under a name the reader does not know; two people with
one id written two ways; dates with the weekday after them or the year last; counts and times as
Chinese users type them; and ``roster init``'s promotion fitted to the month.  Each test states
what was typed and what the manager is entitled to expect: read as meant, or refused with the
sheet, row and column, never silently dropped.
"""

from __future__ import annotations

import datetime as dt

import pytest
from excel_helpers import base_sheets, make_workbook
from openpyxl import load_workbook
from test_cli import digest, run

from roster.errors import InputError
from roster.excel.cells import (
    CellProblem,
    parse_bool,
    parse_date,
    parse_int,
    parse_multiplier,
    parse_time,
)
from roster.excel.read_team import read_team
from roster.excel.template import example_team
from roster.i18n import set_language


def test_headers_typed_as_labels_with_units_or_invisible_marks_are_read(tmp_path):
    """``Start:`` (a label's colon), ``Min [people]``, ``Is lead?`` and ``\\ufeffTarget`` (a
    byte-order mark pasted from a CSV): the last matched nothing and was silently ignored, so
    every target was blank; ``Start:`` was taken as missing and each row said "start is
    blank" beside the user's filled-in Start: column."""
    sheets = base_sheets()
    sheets["Shifts"] = [["code", "name", "Start:", "end：", "segments"], ["D", "Day", "08:30", "17:30", None],
                        ["N", "Night", "17:00", "01:00", None]]
    sheets["Demand"][0] = ["day", "shift", "skill", "Min [people]", "\ufeffTarget"]
    sheets["Staff"][0] = ["Employee no.", "name", "team", "skills", "shifts", "Is lead?"]
    team = read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert [s.segments for s in team.shifts] == [((510, 1050),), ((1020, 1500),)]
    assert [(d.min, d.target) for d in team.demand] == [(1, 2), (1, 1)]
    assert [s.lead for s in team.staff] == [True, False, False]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_header_that_is_an_uncalculated_formula_is_refused_not_ignored(tmp_path, lang):
    """openpyxl and pandas write formulas without results: a header ``="tar"&"get"`` read as an
    empty cell, so the column was dropped without a word.  Now it is named by its letter, and
    the generate run stops with exit 2, the input untouched and nothing written."""
    sheets = base_sheets()
    sheets["Demand"][0][4] = '="tar"&"get"'
    team = make_workbook(tmp_path / "team.xlsx", sheets)
    before = digest(team)
    out = tmp_path / "roster.xlsx"
    result = run("generate", team, "--month", "2026-12", "-o", out, "--time-limit", "1", lang=lang)
    assert result.exit_code == 2, result.output
    where = "sheet Demand, row 1, column E: holds the formula" if lang == "en" else "工作表“Demand”第 1 行“E”列：含公式"
    assert where in result.output and "Traceback" not in result.output
    assert not out.exists() and digest(team) == before


def test_a_missing_column_is_named_once_at_the_header_not_as_blank_cells(tmp_path):
    """A Shifts header with code and segments is taken (split shifts need no start/end), so a
    start column headed ``Clock-in`` made every row say "column start: is blank"."""
    sheets = base_sheets()
    sheets["Shifts"] = [["code", "name", "Clock-in", "end", "segments"], ["D", "Day", "08:30", "17:30", None],
                        ["N", "Night", "17:00", "01:00", None]]
    with pytest.raises(InputError) as err:
        read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert str(err.value) == ("sheet Shifts, row 1, column start: no column start in the header row "
                              "(accepted names: start / 开始 / 开始时间 / 上班 / 上班时间)")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_leave_under_another_sheet_name_is_read_or_named(tmp_path, lang):
    """``Leaves`` (plural) is the Leave sheet.  ``请假记录`` with the Leave columns was ignored as
    an unknown sheet, and the month planned as if nobody were away; it is now named, with the
    advice to rename it.  A sheet of the user's own (notes) is still ignored."""
    set_language(lang)
    sheets = base_sheets()
    sheets["Leaves"] = sheets.pop("Leave")
    sheets["Notes"] = [["note", "who"], ["call the bank", "Ann"]]
    team = read_team(make_workbook(tmp_path / "plural.xlsx", sheets))
    assert [(lv.staff_id, lv.start) for lv in team.leave] == [("1002", dt.date(2026, 12, 8))]
    sheets["请假记录"] = sheets.pop("Leaves")
    with pytest.raises(InputError) as err:
        read_team(make_workbook(tmp_path / "other.xlsx", sheets))
    expected = ("sheet 请假记录 is not read: it has the columns of the Leave sheet" if lang == "en"
                else "工作表“请假记录”未被读取：它的列与“请假”工作表相同")
    assert str(err.value).startswith(expected) and err.value.sheet == "请假记录"


@pytest.mark.parametrize(("second", "words"), [("1001 ", "'1001' is used twice"),
                                               ("k01", "'k01' is the id 'K01' of row 2"),
                                               ("01001", "'01001' is the id '1001' of row 2")])
def test_one_id_written_two_ways_is_refused(tmp_path, second, words):
    """``K01`` and ``k01`` (or ``1001`` and ``01001``) were two people: both were planned, and
    every other sheet's id matched neither, since the resolver found it ambiguous."""
    sheets = base_sheets()
    first = "K01" if second == "k01" else "1001"
    sheets["Staff"][1][0] = first
    sheets["Staff"][3][0] = second
    for name in ("Requests", "History"):
        for row in sheets[name][1:]:
            row[0] = first if row[0] == "1001" else row[0]
    with pytest.raises(InputError) as err:
        read_team(make_workbook(tmp_path / "team.xlsx", sheets))
    assert str(err.value).startswith(f"sheet Staff, row 4, column id: staff id {words}"), str(err.value)


def test_dates_as_chinese_and_english_users_type_them():
    """Full-width digits, 号 for 日, the weekday after the date (checked against it), and clear
    refusals for the year written last and a month name without a year."""
    for written in ("２０２７－０１－０５", "2027年01月05号", "2027/1/5 星期二", "2027-01-05（周二）",
                    "2027-01-05 Tue"):
        assert parse_date(written) == dt.date(2027, 1, 5), written
    refusals = {
        "2027-01-05 周三": "2027-01-05 is a Tuesday, not the weekday written after it",
        "05/01/2027": "write it year first, YYYY-MM-DD (2027-05-01 or 2027-01-05)",
        "5-Jan": "the year is missing",
    }
    for written, words in refusals.items():
        with pytest.raises(CellProblem, match=words.replace("(", r"\(").replace(")", r"\)")):
            parse_date(written)
    set_language("zh")
    with pytest.raises(CellProblem, match="是星期二，与后面所写的星期不符"):
        parse_date("2027-01-05 周三")


def test_counts_times_and_ticks_as_typed():
    """``３．０`` and ``１．５`` in full-width mode, ``3 people``/``3个人`` with their unit,
    ``8点半`` for 08:30, a tick from an emoji keyboard (``✔️``, with its invisible variation
    selector) and ``1.0`` as an export writes a true flag; ``错`` is no."""
    assert [parse_int(v) for v in ("３．０", "3 people", "3个人", "3 ppl")] == [3, 3, 3, 3]
    assert parse_multiplier("１．５") == 1.5
    assert [parse_time(v) for v in ("8点半", "17点半", "早上8点半")] == [510, 1050, 510]
    assert [parse_bool(v) for v in ("✔️", "1.0", "错")] == [True, True, False]


def test_init_fits_the_promotion_to_the_month(tmp_path):
    """Every month got "Anniversary sale" on the 10th-12th: February 2027's fell on the Spring
    Festival, and June had no 618.  The leave in the template stays out of the leave freeze."""
    cases = {"2026-06": ("618 sale", 16, 18), "2026-11": ("Double 11 sale", 10, 12),
             "2026-12": ("Double 12 sale", 10, 12), "2027-02": ("Anniversary sale", 14, 16),
             "2027-03": ("Anniversary sale", 10, 12)}
    for month, (name, first, last) in cases.items():
        team = example_team(month, "en")
        (promotion,) = team.promotions
        assert (promotion.name, promotion.start.day, promotion.end.day) == (name, first, last), month
        assert not any(promotion.covers(lv.start + dt.timedelta(days=i))
                       for lv in team.leave for i in range((lv.end - lv.start).days + 1)), month
        assert {d.day for d in team.demand} >= {name}  # its peak rows name it
    path = tmp_path / "team.xlsx"
    assert run("init", path, "--month", "2026-12", lang="zh").exit_code == 0
    assert load_workbook(path)["大促"]["A2"].value == "双12大促"


def test_a_full_width_decimal_comma_is_a_decimal_point_and_a_comma_stays_a_thousands_separator():
    """``12，5`` (a Chinese input method's decimal comma) read as 12.5 before full-width text was
    normalised, and was refused after (NFKC made it ``12,5``); ``1,000`` is no 1.0."""
    from roster.excel.cells import _number

    assert _number("12，5") == 12.5 and _number("３．５") == 3.5
    assert _number("1,000") is None


def test_plural_day_types_the_freeze_columns_own_word_and_a_middle_shift_kind(tmp_path):
    """`weekdays` in Demand and 禁休 in the freeze column (the column's own word, as 组长 is in
    Staff) were refused; a kind of 中班 was read as night duty, though a 12:00-20:30 middle shift
    is day duty: it is refused with what to write."""
    sheets = base_sheets()
    sheets["Demand"][1][0] = "weekdays"
    sheets["Promotions"][1][4] = "禁休"
    team = read_team(make_workbook(tmp_path / "ok.xlsx", sheets))
    assert team.demand[0].day == "weekdays" and team.promotions[0].freeze_leave
    sheets["Shifts"] = [["code", "name", "start", "end", "kind"], ["D", "Day", "08:30", "17:30", "白班"],
                        ["M", "Middle", "12:00", "20:30", "中班"]]
    with pytest.raises(InputError) as refused:
        read_team(make_workbook(tmp_path / "middle.xlsx", sheets))
    assert "'中班' (a middle shift) does not say day or night duty" in str(refused.value), refused.value


def test_history_rows_of_someone_who_left_say_what_to_do_and_evening_twelve_is_midnight(tmp_path):
    """A leaver's History rows were refused as a bare "unknown staff id" (one per row), and
    晚上12点 (midnight) read as noon."""
    from roster.excel.cells import parse_time

    sheets = base_sheets()
    sheets["History"] = [["id", "date", "shift"], ["1099", dt.date(2026, 11, 30), "N"]]
    with pytest.raises(InputError) as refused:
        read_team(make_workbook(tmp_path / "left.xlsx", sheets))
    assert "unknown staff id '1099'" in str(refused.value) and "someone who has left?" in str(refused.value)
    assert parse_time("晚上12点") == 0 and parse_time("晚上10点") == 22 * 60 and parse_time("12pm") == 12 * 60

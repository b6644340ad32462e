"""Acceptance checks of the roster workbook and report as people use them: printed by the
supervisor and by HR, read in Chinese or English, edited by hand and read again."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl
import pytest

from roster.calendar import build_horizon, horizon_for_dates, month_dates
from roster.domain import (
    LEAVE,
    REST,
    Change,
    Roster,
    Shift,
    ShiftKind,
    SolveInfo,
    Staff,
    Team,
    Violation,
)
from roster.excel.read_roster import read_roster
from roster.excel.template import example_team
from roster.excel.write_roster import write_roster
from roster.report_html import render_report
from roster.reports import coverage_table, person_summary

REPORT_SHEETS = {"zh": ("覆盖", "统计", "违规", "变更"), "en": ("Coverage", "Summary", "Violations", "Changes")}


@pytest.fixture(scope="module")
def team() -> Team:
    return example_team("2026-12", "zh")


@pytest.fixture(scope="module")
def horizon(team):
    return build_horizon(team, 2026, 12)


def full_roster(team: Team, dates: list[dt.date]) -> Roster:
    """Every person on every date: leave kept, rest every seventh day, D or N otherwise."""
    cells = {}
    for i, person in enumerate(team.staff):
        for j, date in enumerate(dates):
            if team.on_leave(person.id, date):
                cells[person.id, date] = LEAVE
            elif (i + j) % 7 == 0:
                cells[person.id, date] = REST
            else:
                cells[person.id, date] = "N" if (i % 3 == 1 and person.may_work("N")) else "D"
    return Roster(list(dates), cells, SolveInfo("OPTIMAL", 10.0, 10.0, 1.0))


def write(path, team, horizon, roster, lang="zh", **kw):
    return write_roster(path, team=team, horizon=horizon, roster=roster, profile_name="ecommerce-cs",
                        lang=lang, **kw)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sheet_prints_landscape_one_page_wide_with_headings_and_month(tmp_path, team, horizon, lang):
    """Coverage, Summary, Violations and Changes printed with Excel's defaults: portrait, a month's
    coverage three pages wide, headings on the first page only, no month on the paper."""
    roster = full_roster(team, horizon.dates)
    wb = openpyxl.load_workbook(write(tmp_path / "r.xlsx", team, horizon, roster, lang=lang))
    for name in REPORT_SHEETS[lang]:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.print_title_rows == "$1:$1", name
        assert ws.oddHeader.center.text == f"{name} 2026-12", name
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, name
    grid = wb["排班表" if lang == "zh" else "Roster"]
    assert grid.print_title_rows == "$1:$3" and grid.print_title_cols == "$A:$B"
    assert grid.oddHeader.center.text.endswith("2026-12")
    # The print area holds the dates, the totals after them, the head counts below the people
    # and the legend under them (the codes' colours and the full names behind note markers).
    counts_row = 3 + len(team.staff) + 1 + len(team.shifts)
    assert team.shifts[-1].code in grid.cell(row=counts_row, column=2).value
    last_row = max(c.row for line in grid.iter_rows(min_col=3) for c in line if c.value is not None)
    assert last_row > counts_row
    assert grid.print_area == f"'{grid.title}'!$A$1:$AK${last_row}"


def test_roster_columns_are_wide_enough_for_ids_names_and_totals(tmp_path, team, horizon):
    """English totals headings ("working days") were cut off at Excel's default width, and the
    id and name columns were fixed at 10 and 12 characters."""
    people = [*team.staff[:2],
              Staff("EMP-2024-00017", "Christopher Wang", team.staff[0].team, team.staff[0].skills)]
    wide = replace(team, staff=people)
    horizon = build_horizon(wide, 2026, 12)
    ws = openpyxl.load_workbook(write(tmp_path / "r.xlsx", wide, horizon, full_roster(wide, horizon.dates),
                                      lang="en"))["Roster"]
    assert ws.column_dimensions["A"].width >= len("EMP-2024-00017")
    assert ws.column_dimensions["B"].width >= len("Christopher Wang")
    for column in range(3 + len(horizon.dates), ws.max_column + 1):
        label = ws.cell(row=1, column=column).value
        letter = openpyxl.utils.get_column_letter(column)
        assert ws.column_dimensions[letter].width >= len(label), label


def test_leave_typed_into_cells_is_coloured_as_leave_not_as_an_unknown_code(tmp_path, team, horizon):
    """A 病假 kept from a hand edit (check reads it as leave) was painted red by the grid's
    'unknown value' rule, which knew only 假 and LEAVE; 调休 (a day off in lieu) likewise."""
    roster = full_roster(team, horizon.dates)
    someone, day = team.staff[3].id, horizon.dates[5]
    roster.cells[someone, day] = LEAVE
    roster.leave_texts[someone, day] = "病假"
    path = write(tmp_path / "r.xlsx", team, horizon, roster)
    assert read_roster(path).roster.leave_texts[someone, day] == "病假"
    ws = openpyxl.load_workbook(path)["排班表"]
    rules = [(rule.formula[0], rule.dxf.fill.fgColor.rgb) for cf in ws.conditional_formatting for rule in cf.rules]
    unknown = next(formula for formula, _ in rules if formula.startswith("AND("))
    for word in ("病假", "年假", "SICK LEAVE", "调休"):  # Excel compares ignoring case
        assert f'<>"{word}"' in unknown, word
    leave_rule = next(formula for formula, _ in rules if '"假"' in formula and formula.startswith("OR("))
    assert '"病假"' in leave_rule
    assert not any('"D"' in formula for formula, _ in rules if formula.startswith("OR("))


def test_violations_and_changes_speak_the_sheet_language(tmp_path, team, horizon):
    """A Chinese Violations sheet showed a wish for a day off as OFF in the shift column, and the
    Changes sheet's verdict of an edit that broke nothing was the English "ok"."""
    roster = full_roster(team, horizon.dates)
    person = team.staff[0].id
    roster.changes = [Change("2026-12-02T09:00:00", "swap", "lead", person, horizon.dates[3], "D", REST, "ok")]
    wish = Violation("requests", "wish", person, horizon.dates[4], REST, hard=False)
    book = {}
    for lang in ("zh", "en"):
        path = write(tmp_path / f"{lang}.xlsx", team, horizon, roster, lang=lang, violations=[wish])
        book[lang] = openpyxl.load_workbook(path)
        # An edit of the Chinese roster, written again in English, says "ok" again.
        if lang == "zh":
            again = read_roster(path)
            roster_again = again.roster
    assert book["zh"]["违规"]["E2"].value == "休" and book["en"]["Violations"]["E2"].value == "OFF"
    assert book["zh"]["变更"]["H2"].value == "无违规" and book["en"]["Changes"]["H2"].value == "ok"
    # the command too: 换班 in Chinese, read back as the swap it records
    assert book["zh"]["变更"]["B2"].value == "换班" and book["en"]["Changes"]["B2"].value == "swap"
    assert [c.command for c in roster_again.changes] == ["swap"]
    en_again = openpyxl.load_workbook(write(tmp_path / "again.xlsx", team, horizon, roster_again, lang="en"))
    assert en_again["Changes"]["H2"].value == "ok" and en_again["Changes"]["B2"].value == "swap"


def test_a_wish_for_a_day_off_is_worded_with_the_languages_rest_mark():
    """"F07 希望 2026-11-07 上 OFF，实际为 D8": the wish message named the English mark."""
    from roster.domain import Request
    from roster.i18n import set_language
    from roster.rules.requests import Requests
    from tests.conftest import check, horizon, roster, staff, team

    t = team(staff(["A"]))
    t.requests.append(Request("A", horizon(t).dates[0], REST, want=True, weight=1))
    h = horizon(t)
    set_language("zh")
    try:
        (v,) = check(t, h, [Requests()], roster(h, {"A": "D------"})).violations
    finally:
        set_language("en")
    assert "休" in v.message and "OFF" not in v.message, v.message


def test_html_report_status_in_words_and_rest_mark_in_chinese():
    """The Chinese report's status chip said OPTIMAL alone (the workbook says 最优（已证明）), and
    a wish for a day off was listed with the shift OFF."""
    dec = month_dates(2026, 12)
    team = Team(staff=[Staff("1001", "王芳")],
                shifts=[Shift("D", "白班", ((510, 1050),)), Shift("N", "晚班", ((1020, 1500),), ShiftKind.NIGHT)],
                demand=[])
    horizon = horizon_for_dates(team, dec)
    roster = Roster(dec, {("1001", d): "D" for d in dec}, SolveInfo("OPTIMAL", 1.0, 1.0, 0.5))
    wish = Violation("requests", "1001 希望 2026-12-05 休息", "1001", dec[4], REST, hard=False)
    html = render_report(team, horizon, roster, coverage_rows=coverage_table(team, horizon, roster),
                         summaries=person_summary(team, horizon, roster), violations=[wish],
                         info=roster.info, lang="zh")
    assert "求解状态：已证明最优（OPTIMAL）" in html
    assert "1001 2026-12-05 休" in html and "2026-12-05 OFF" not in html
    english = render_report(team, horizon, roster, coverage_rows=[], summaries=[], violations=[wish],
                            info=roster.info, lang="en")
    assert "Solve status: OPTIMAL" in english and "1001 2026-12-05 OFF" in english


def test_a_long_drop_down_list_adds_no_sheet_an_edit_would_call_the_users_own(tmp_path, team, horizon):
    """With many shift codes the drop-down's values (over Excel's 255 characters inline) went to a
    hidden "_lists" sheet, which read_roster took for a sheet of the user's own: every swap and
    repair then said it was not carried over.  The values are now listed on the About sheet."""
    many = replace(team, shifts=[*team.shifts,
                                 *(Shift(f"DAYSHIFT{k:02d}", f"x{k}", ((480 + k, 960 + k),)) for k in range(30))])
    horizon = build_horizon(many, 2026, 12)
    path = write(tmp_path / "r.xlsx", many, horizon, full_roster(many, horizon.dates), lang="en")
    wb = openpyxl.load_workbook(path)
    assert [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"] == []
    validation = wb["Roster"].data_validations.dataValidation[0]
    values = [*(s.code for s in many.shifts), "OFF", "LEAVE"]
    assert validation.formula1 == f"'About'!$D$2:$D${1 + len(values)}"
    assert [wb["About"][f"D{row}"].value for row in range(2, 2 + len(values))] == values
    # The About items stay at the top, beside the list, not below its end.
    assert [wb["About"][f"A{row}"].value for row in range(1, 4)] == ["item", "month", "profile"]
    book = read_roster(path)
    assert book.extras == [] and book.profile_name == "ecommerce-cs"


def test_holiday_and_promotion_comments_use_chinese_punctuation(tmp_path, team, horizon):
    """The Chinese roster's date comments read "节假日: 店休日" and "大促：店庆大促 x1.5 (禁休)",
    with an English colon and English brackets."""
    ws = openpyxl.load_workbook(write(tmp_path / "r.xlsx", team, horizon, full_roster(team, horizon.dates)))["排班表"]
    comment = ws.cell(row=1, column=2 + 26).comment.text  # 2026-12-26, the template's shop day off
    assert comment.splitlines()[0] == "节假日：店休日"
    promotion = next(day for day in horizon.days if day.promotion is not None and day.promotion.freeze_leave)
    text = ws.cell(row=1, column=2 + promotion.date.day).comment.text
    assert text.endswith("（禁休）") and "(" not in text
    en = openpyxl.load_workbook(write(tmp_path / "en.xlsx", team, horizon, full_roster(team, horizon.dates),
                                      lang="en"))["Roster"]
    assert en.cell(row=1, column=2 + 26).comment.text.splitlines()[0] == "holiday: 店休日"


def test_html_report_says_when_there_is_no_demand_per_day_and_shift():
    """A team planned from interval demand alone got a Coverage heading over an empty table."""
    dec = month_dates(2026, 12)
    team = Team(staff=[Staff("1001", "Ann")], shifts=[Shift("D", "Day", ((510, 1050),))], demand=[])
    horizon = horizon_for_dates(team, dec)
    roster = Roster(dec, {("1001", d): "D" for d in dec})
    html = render_report(team, horizon, roster, coverage_rows=[], summaries=[], violations=[], info=None)
    assert 'class="coverage"' not in html
    assert "No demand per day and shift (Demand sheet) this month." in html

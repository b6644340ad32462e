"""Session 24, the written roster as a manager and HR read it, on screen and on paper.

Found by generating October 2026 (National Day, its substitute days off, a make-up Saturday, a
promotion) from ``roster init``'s template in both languages, printing it through LibreOffice and
reading every sheet:

* The grid's note row cut the holiday names off at the column's edge ("tional Dtional D"): a
  run of days with one name is now one merged cell, and a name too long for two lines of its
  column shows its first words and a marker, the legend giving the whole name.
* The legend (codes, column colours) was outside the print area: now printed with the grid.
* The HTML report said "compliance · 1001: 1001: 208 h ...".
* The Summary said 耗时（秒） and 次数 where the console says 用时 and 计罚数量 (in the other
  column order); rosters written with 耗时 still read back.
* The Coverage sheet's assigned column was a colour scale over the column: a phone row needing
  one person and having one was red beside a gap of 0.
* The Summary's sentences ran far right of the table, so fitting the page to its width printed
  the whole sheet in a tiny font.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from roster.calendar import build_horizon
from roster.domain import LEAVE, REST, Roster, SolveInfo, Team, Violation
from roster.excel.read_roster import read_roster
from roster.excel.template import example_team
from roster.excel.write_roster import NOTE_LINES, _note_capacity, _wrapped_lines, write_roster
from roster.i18n import display_width, set_language
from roster.report_html import _violations_list

OCTOBER = [dt.date(2026, 10, day) for day in range(1, 32)]


def _roster(team: Team) -> Roster:
    """Leave kept, a rest every seventh day, D otherwise (what the sheets show, not a good plan)."""
    cells = {}
    for i, person in enumerate(team.staff):
        for j, date in enumerate(OCTOBER):
            cells[person.id, date] = (LEAVE if team.on_leave(person.id, date)
                                      else REST if (i + j) % 7 == 0 else "D")
    info = SolveInfo("FEASIBLE", 264.0, 126.0, 12.5, penalties={"coverage.target": (120, 6)})
    return Roster(list(OCTOBER), cells, info)


@pytest.fixture(scope="module", params=["en", "zh"])
def october(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Team]:
    """The template team's October 2026 roster, written in each language."""
    lang = request.param
    set_language(lang)  # the calendar names holidays in the user's language
    try:
        team = example_team("2026-10", lang)
        horizon = build_horizon(team, 2026, 10)
    finally:
        set_language("en")
    notes = ["History rows not used: 70, dated 2026-09-24..2026-09-30, not before 2026-10-01 (the month's "
             "first day). History holds the days before the month; the roster decides the month. " * 2]
    path = write_roster(tmp_path_factory.mktemp(lang) / "roster.xlsx", team=team, horizon=horizon,
                        roster=_roster(team), lang=lang, notes=notes)
    return lang, path, team


def _note_cells(ws) -> dict[dt.date, tuple[str, int]]:
    """Note text and the date columns it spans, by the first date of its (merged) cell."""
    dates = {c.column: c.value.date() for c in ws[1] if isinstance(c.value, dt.datetime)}
    spans = {}
    for merged in ws.merged_cells.ranges:
        first, row, last, _ = range_boundaries(str(merged))
        if row == 3:
            spans[first] = last - first + 1
    return {dates[c]: (ws.cell(3, c).value, spans.get(c, 1)) for c in dates if ws.cell(3, c).value}


FULL = {"en": {dt.date(2026, 10, 5): "National Day (observed)",
               dt.date(2026, 10, 6): "Day off (substituted from 2026-09-20)"},
        "zh": {dt.date(2026, 10, 5): None,  # 国庆节（补假） fits two lines
               dt.date(2026, 10, 6): "休息日（由 2026-09-20 调休）"}}


def test_holiday_names_fit_their_columns_and_the_printed_legend_spells_them_out(october) -> None:
    lang, path, team = october
    ws = openpyxl.load_workbook(path).worksheets[0]
    notes = _note_cells(ws)
    # National Day, 10-01..10-04, is one cell over four columns, on one line
    festival = "National Day" if lang == "en" else "国庆节"
    assert notes[dt.date(2026, 10, 1)] == (festival, 4)
    # every note fits two lines of its span; none is cut off at the column's edge
    for date, (text, span) in notes.items():
        assert _wrapped_lines(text, _note_capacity(span)) <= NOTE_LINES, (date, text)
    assert ws.cell(3, 3).alignment.wrap_text and ws.row_dimensions[3].height >= 2 * 11
    legend = {c.value for row in ws.iter_rows(min_row=4 + len(team.staff)) for c in row if isinstance(c.value, str)}
    for date, full in FULL[lang].items():
        text = notes[date][0]
        if full is None:
            assert "[" not in text, text
            continue
        marker = text.split()[-1]
        assert marker.startswith("[") and f"{marker} {full}" in legend, (text, legend)
        assert full.startswith(text[: -len(marker)].strip())  # the name's first words, no open bracket
        assert text.count("(") == text.count(")") and text.count("（") == text.count("）")
    # the legend (codes, column colours, the names) prints, and the grid still fits one page wide
    last = max(r for r in range(1, ws.max_row + 1) if any(c.value for c in ws[r][2:]))
    assert ws.print_area.endswith(f"${last}") and ws.page_setup.fitToWidth == 1
    assert "D = " in ws.oddFooter.left.text  # and the codes on every page
    # the grid reads back as written: the note row, merged or not, is not a person
    book = read_roster(path)
    assert {sid for sid, _ in book.roster.cells} == {p.id for p in team.staff}
    assert book.roster.cells == _roster(team).cells


def test_summary_says_用时_in_the_console_s_words_and_old_rosters_read_back(october, tmp_path: Path) -> None:
    lang, path, _ = october
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[2]
    column = [row[0].value for row in ws.iter_rows()]
    label = "用时（秒）" if lang == "zh" else "seconds"
    assert label in column and "耗时（秒）" not in column
    at = column.index("各规则的罚分" if lang == "zh" else "Penalties by rule")
    header = [c.value for c in ws[at + 2][:3]]
    assert header == (["规则", "计罚数量", "罚分"] if lang == "zh" else ["rule", "units", "cost"])
    assert [c.value for c in ws[at + 3][1:3]] == [6, 120]
    # A roster written before the change says 耗时（秒）: its solve time still reads back.
    ws.cell(column.index(label) + 1, 1).value = "耗时（秒）" if lang == "zh" else "seconds"
    old = tmp_path / f"old-{lang}.xlsx"
    wb.save(old)
    info = read_roster(old).solve_info
    assert info is not None and info.seconds == 12.5 and info.status == "FEASIBLE"


def test_summary_sentences_wrap_inside_the_table_width(october) -> None:
    """A 200-character note in column A set the printed width: fit to one page, the Summary
    came out in a tiny font.  Each sentence is merged across the table and wrapped."""
    lang, path, _ = october
    ws = openpyxl.load_workbook(path).worksheets[2]
    width = ws.max_column if ws.max_column <= 10 else 10
    merged = {str(r) for r in ws.merged_cells.ranges}
    long_rows = [c.row for c in ws["A"] if isinstance(c.value, str) and display_width(c.value) > 60]
    assert len(long_rows) >= 3  # the fairness heading and note, the note on how it was made
    for row in long_rows:
        assert f"A{row}:{get_column_letter(width)}{row}" in merged
        assert ws.cell(row, 1).alignment.wrap_text
    made = long_rows[-1]
    assert ws.row_dimensions[made].height >= 2 * 15  # two lines or more, all of it shown


def test_coverage_assigned_is_coloured_against_its_own_row(october) -> None:
    lang, path, _ = october
    ws = openpyxl.load_workbook(path).worksheets[1]
    header = [c.value for c in ws[1]]
    letter = {key: get_column_letter(header.index(word) + 1) for key, word in
              (("min", "最少" if lang == "zh" else "min"), ("target", "目标" if lang == "zh" else "target"),
               ("assigned", "已排" if lang == "zh" else "assigned"))}
    a, least, target = letter["assigned"], letter["min"], letter["target"]
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules
             if str(cf.sqref).startswith(f"{a}2:")]
    assert [r.formula[0] for r in rules] == [f"{a}2<{least}2", f"{a}2<{target}2", f"{a}2>={target}2"]
    assert [r.type for r in rules] == ["expression"] * 3  # no colour scale over the column
    assert rules[0].dxf.fill.fgColor.rgb.endswith("F8696B") and rules[2].dxf.fill.fgColor.rgb.endswith("C6EFCE")


def test_report_names_the_person_and_the_day_once() -> None:
    found = [
        Violation("compliance", "1001: 208 h in 2026-10 against 136 h standard", "1001", None, "", False, {}),
        Violation("coverage.target", "2026-10-06 D (anyone): 2 assigned, target 3", "", dt.date(2026, 10, 6),
                  "D", False, {}),
        Violation("coverage.over", "2026-10-17 N: 1 more than the targets", "", dt.date(2026, 10, 17), "N",
                  False, {}),
        Violation("requests", "1003 asked not to have N on 2026-10-15 but has it", "1003", dt.date(2026, 10, 15),
                  "N", False, {}),
    ]
    html = _violations_list(found, "en")
    assert "compliance · 1001</strong>: 208 h in 2026-10" in html and html.count("1001") == 1
    assert "coverage.target · 2026-10-06 D (anyone)</strong>: 2 assigned" in html
    assert html.count("2026-10-17") == 1
    assert "1003 asked not to have N" in html  # a sentence about the person keeps its subject
    zh = _violations_list([Violation("compliance", "1001：2026-10 工作 208 小时", "1001", None, "", False, {})], "zh")
    assert zh.count("1001") == 1 and "1001</strong>：2026-10 工作" in zh

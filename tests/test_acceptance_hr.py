"""Acceptance findings from a new user's session (HR views, templates, Excel output): each test
failed on the code before its fix."""

from __future__ import annotations

import datetime as dt
import json
import re

from roster.calendar import horizon_for_dates, month_dates
from roster.domain import REST, IntervalRow, Roster, Shift, ShiftKind, SolveInfo, Staff, Team
from roster.report_html import render_report
from roster.reports import interval_coverage_table

DEC = month_dates(2026, 12)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<svg.*?</svg>", "", html, flags=re.S)))


def test_report_peak_required_adds_up_the_skills_needed_at_the_same_time():
    """8 in chat and 3 on the phone at 10:00 are 11 people on duty at once (a person counts for
    one skill at a time, and `roster demand` calls it an 11-agent interval); the report's "peak
    required" said 8, the largest single skill row."""
    staff = [Staff(f"{i}", f"P{i}", skills=("chat",) if i < 10 else ("phone",)) for i in range(14)]
    team = Team(staff=staff, shifts=[Shift("D", "Day", ((480, 1020),)),
                                     Shift("N", "Night", ((1020, 1500),), ShiftKind.NIGHT)],
                demand=[],
                intervals=[IntervalRow("all", 600, 630, "chat", 8), IntervalRow("all", 600, 630, "phone", 3),
                           IntervalRow("all", 900, 930, "chat", 9)])
    horizon = horizon_for_dates(team, DEC)
    cells = {(p.id, d): ("D" if int(p.id) < 13 else REST) for p in staff for d in DEC}
    roster = Roster(DEC, cells, SolveInfo("FEASIBLE"))
    rows = interval_coverage_table(team, horizon, roster)
    for lang, chat_then_phone in (("en", "11 (chat 8, phone 3)"), ("zh", "11 (chat 8, phone 3)")):
        html = render_report(team, horizon, roster, coverage_rows=[], summaries=[], violations=[],
                             info=roster.info, lang=lang, interval_rows=rows)
        text = _text(html)
        # every date: 3 intervals, peak 11 (not 9, the largest single row, nor 8)
        assert text.count(f"3 {chat_then_phone} 0") == len(DEC), text[:2000]


def test_overlapping_promotions_the_shorter_applies_and_a_note_says_so(tmp_path):
    """A manager added "Double 12" (12 Dec, its own peak Demand rows) to a workbook whose
    "Anniversary sale" ran 10-12 Dec: the first promotion silently won the 12th, and the Double 12
    rows never applied.  Now the shorter, more specific promotion applies on the shared dates,
    and a note names both and the one that applies, in the user's language."""
    from tests.test_cli import run, team_sheets, write_book

    sheets = team_sheets()
    sheets["Promotions"] = [["name", "from", "to", "multiplier", "freeze_leave"],
                            ["Anniversary sale", dt.date(2027, 3, 10), dt.date(2027, 3, 12), 1.5, "no"],
                            ["Double 12", dt.date(2027, 3, 12), dt.date(2027, 3, 12), 1, "no"]]
    sheets["Demand"] = [*sheets["Demand"], ["Double 12", "D", None, 2, 2]]
    team = write_book(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "roster.xlsx"
    result = run("generate", team, "--month", "2027-03", "-o", out, "--time-limit", "5")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "'Anniversary sale'" in said and "overlap on 2027-03-12" in said and "'Double 12', applies" in said
    coverage = json.loads(run("coverage", out, "--json").output)
    twelfth = [r for r in coverage["rows"] if r["date"] == "2027-03-12" and r["shift"] == "D"]
    assert twelfth and all(r["promotion"] == "Double 12" and r["min"] == 2 for r in twelfth), twelfth
    zh = run("generate", team, "--month", "2027-03", "-o", tmp_path / "zh.xlsx", "--time-limit", "5", lang="zh")
    assert zh.exit_code == 0 and "重叠" in zh.output


def test_template_instructions_document_every_sheet_the_reader_accepts(tmp_path):
    """The Instructions sheet of `roster init` left out the Forecast and Intervals sheets (the
    README's way to plan from contact volumes), called Demand required even with them, and
    did not list `all` as a day or the ， and ; skill separators."""
    import openpyxl

    from tests.test_cli import run

    for lang in ("en", "zh"):
        path = tmp_path / f"team-{lang}.xlsx"
        assert run("init", path, "--month", "2027-03", lang=lang).exit_code == 0
        ws = openpyxl.load_workbook(path).worksheets[0]
        rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
        sheets = [r[0] for r in rows if r[0] and " / " in str(r[0])]
        assert "Forecast / 预测" in sheets and "Intervals / 时段需求" in sheets
        columns = {str(r[1]) for r in rows if r[1]}
        assert {"contacts / 进线量", "aht / 平均处理时长", "channel / 渠道", "agents / 人数"} <= columns
        demand = next(r for r in rows if r[0] == "Demand / 需求")
        assert "Intervals" in demand[3] and "时段需求" in demand[4]
        day = next(r for r in rows if r[1] == "day / 日期" and "promotion" in str(r[3]))
        assert "all" in day[3] and "全部" in day[4]
        skills = next(r for r in rows if r[1] == "skills / 技能")
        assert ";" in skills[3] and "，" in skills[4]
        # every column of every documented sheet has its explanation in both languages
        assert all(r[3] and r[4] for r in rows[4:] if r[1])


def test_three_or_four_shifts_of_a_kind_get_their_own_colours():
    """The forecast sample's four day starts (and 中班 / 晚班 / 两头班 at night) came out in two
    alternating colours per kind: 中班 and 两头班 looked the same in the roster grid."""
    from roster.excel.output import fill
    from roster.excel.write_roster import code_fills

    day = [Shift(c, c, ((s, s + 540),)) for c, s in (("E1", 480), ("E2", 510), ("E3", 540), ("E4", 600))]
    night = [Shift(c, c, segs, ShiftKind.NIGHT) for c, segs in
             (("M", ((810, 1350),)), ("N", ((1020, 1500),)), ("S", ((600, 840), (1080, 1380))))]
    team = Team(staff=[Staff("1", "A")], shifts=day + night, demand=[])
    fills = code_fills(team)
    colours = {code: fill(name).fgColor.rgb for code, name in fills.items()}
    assert len(set(colours.values())) == len(colours), colours
    rest_and_leave = {fill("rest").fgColor.rgb, fill("leave").fgColor.rgb, fill("unknown").fgColor.rgb}
    assert not set(colours.values()) & rest_and_leave


def test_summary_gap_reads_as_a_percentage(tmp_path):
    """generate prints "gap 48.3%", the HTML report too; the Summary sheet showed 0.4828."""
    import openpyxl

    from roster.excel.write_roster import _write_summary

    team = Team(staff=[Staff("1", "A")], shifts=[Shift("D", "Day", ((480, 1020),))], demand=[])
    wb = openpyxl.Workbook()
    _write_summary(wb, team, [], SolveInfo("FEASIBLE", objective=116.0, bound=60.0, seconds=1.0), "en", [])
    ws = wb["Summary"]
    gap = next(r[1] for r in ws.iter_rows() if r[0].value == "gap")
    assert gap.value == 0.4828 and gap.number_format == "0.0%"

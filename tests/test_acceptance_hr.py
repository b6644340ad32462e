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
    for lang, chat_then_phone in (("en", "11 (chat 8, phone 3)"), ("zh", "11（chat 8、phone 3）")):
        html = render_report(team, horizon, roster, coverage_rows=[], summaries=[], violations=[],
                             info=roster.info, lang=lang, interval_rows=rows)
        text = _text(html)
        # every date: 3 intervals, peak 11 (not 9, the largest single row, nor 8)
        assert text.count(f"3 {chat_then_phone} 0") == len(DEC), text[:2000]


def test_overlapping_promotions_the_shorter_applies_and_a_note_says_so(tmp_path):
    """A manager added "Double 12" (12 Dec, its own peak Demand rows) to a workbook whose
    "Anniversary sale" ran 10-12 Dec: the first promotion silently won the 12th, and the Double 12
    rows never applied.  Now the shorter, more specific promotion applies on the shared dates,
    and a note names both and the one that applies, in the user's language.  (The note and the
    minimum that applies are judged, not the roster's cost: one second will do.)"""
    from tests.test_cli import run, team_sheets, write_book

    sheets = team_sheets()
    sheets["Promotions"] = [["name", "from", "to", "multiplier", "freeze_leave"],
                            ["Anniversary sale", dt.date(2027, 3, 10), dt.date(2027, 3, 12), 1.5, "no"],
                            ["Double 12", dt.date(2027, 3, 12), dt.date(2027, 3, 12), 1, "no"]]
    sheets["Demand"] = [*sheets["Demand"], ["Double 12", "D", None, 2, 2]]
    team = write_book(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "roster.xlsx"
    result = run("generate", team, "--month", "2027-03", "-o", out, "--time-limit", "1")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "'Anniversary sale'" in said and "overlap on 2027-03-12" in said and "'Double 12', applies" in said
    coverage = json.loads(run("coverage", out, "--json").output)
    twelfth = [r for r in coverage["rows"] if r["date"] == "2027-03-12" and r["shift"] == "D"]
    assert twelfth and all(r["promotion"] == "Double 12" and r["min"] == 2 for r in twelfth), twelfth
    zh = run("generate", team, "--month", "2027-03", "-o", tmp_path / "zh.xlsx", "--time-limit", "1", lang="zh")
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


def test_official_holiday_names_carry_iso_dates_not_us_style():
    """The Roster note row and the Coverage sheet of an English February 2026 roster read
    "Day off (substituted from 02/14/2026)": the ``holidays`` package's US-style date, ambiguous
    for a Chinese shop and unlike every other date the tool writes.  Now 2026-02-14."""
    from roster.domain import Team
    from roster.i18n import set_language

    team = Team(staff=[], shifts=[], demand=[])
    for lang, words in (("en", "Day off (substituted from 2026-02-14)"), ("zh", "休息日（由 2026-02-14 调休）")):
        set_language(lang)
        try:
            horizon = horizon_for_dates(team, month_dates(2026, 2))
        finally:
            set_language("en")
        names = {day.date: day.holiday_name for day in horizon.days}
        assert names[dt.date(2026, 2, 20)] == words, names
        assert not any(re.search(r"\d{1,2}/\d{1,2}/\d{4}", name) for name in names.values()), names


def test_a_make_up_saturday_from_the_holidays_sheet_ends_the_holiday_block():
    """2028's schedule is not in the official calendar yet, so a manager typed its make-up
    working day, Saturday 2028-01-29, into the Holidays sheet.  The Sunday after it still came
    out as "Spring Festival" (joined to Friday's holiday through the worked Saturday): holiday
    demand applied and the day counted as holiday duty.  The sheet's make-up day now ends the
    block, as an official one does."""
    from roster.calendar import classify_days
    from roster.domain import DayType, HolidayEntry

    worked = HolidayEntry(dt.date(2028, 1, 29), "春节调休", DayType.WORKDAY)
    days = {d.date: d for d in classify_days(month_dates(2028, 1), [worked], [])}
    assert days[dt.date(2028, 1, 28)].type == DayType.HOLIDAY
    assert days[dt.date(2028, 1, 29)].type == DayType.WORKDAY
    assert days[dt.date(2028, 1, 30)].type == DayType.WEEKEND, days[dt.date(2028, 1, 30)]
    # without the sheet's entry the weekend after the holidays is part of the block
    plain = {d.date: d for d in classify_days(month_dates(2028, 1), [], [])}
    assert plain[dt.date(2028, 1, 29)].type == plain[dt.date(2028, 1, 30)].type == DayType.HOLIDAY


def test_rows_outside_the_month_note_uses_chinese_punctuation_in_chinese():
    """The Chinese note about unused rows read "（第 17 行: 2026-12-12）" and "1002 2026-12-05; 1014
    ...": English colon and semicolons inside a Chinese sentence."""
    from roster.calendar import outside_month_notes
    from roster.domain import DemandRow, Request, Team
    from roster.i18n import set_language

    team = Team(staff=[], shifts=[], demand=[DemandRow("2026-12-12", "D", None, 2, 2, source_row=17)],
                requests=[Request(sid, dt.date(2026, 12, k), REST, True, 1) for k, sid in enumerate("ABCD", 1)])
    set_language("zh")
    try:
        notes = outside_month_notes(team, month_dates(2026, 10), "2026-10")
    finally:
        set_language("en")
    assert any("（第 17 行：2026-12-12）" in n for n in notes), notes
    assert any("A 2026-12-01；B 2026-12-02；C 2026-12-03；..." in n for n in notes), notes
    assert not any(";" in n or ": " in n for n in notes), notes


def test_check_lists_leave_typed_into_a_leave_frozen_promotion(tmp_path):
    """HR typed 假 into a roster on 双11 (leave frozen, 禁休): `check` exited 0 and said nothing,
    so the broken freeze was invisible.  Now it is an audit finding (soft, no cost) naming the
    person, the dates and the promotion, in English and Chinese; the roster still checks OK."""
    import openpyxl

    from tests.test_cli import _grid, edit, run, team_sheets, write_book

    sheets = team_sheets()
    sheets["Promotions"] = [["name", "from", "to", "multiplier", "freeze_leave"],
                            ["双11", dt.date(2027, 3, 10), dt.date(2027, 3, 12), 1, "yes"]]
    sheets["Demand"] = [["day", "shift", "skill", "min", "target"], ["all", "D", None, 1, 1], ["all", "N", None, 1, 1]]
    team = write_book(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "roster.xlsx"
    assert run("generate", team, "--month", "2027-03", "-o", out, "--time-limit", "2").exit_code == 0
    ws = openpyxl.load_workbook(out)["Roster"]
    rows, cols = _grid(ws)
    day = dt.date(2027, 3, 11)
    on_day = [sid for sid, r in rows.items() if ws.cell(r, cols[day]).value == "D"]
    # a second person on D that day (the target is 1) leaves the minimum covered without them
    spare = next((sid for sid in on_day if len(on_day) > 1), None)
    if spare is None:  # nobody extra on D: put one on D and take the one on leave off it
        spare = on_day[0]
        other = next(sid for sid, r in rows.items() if ws.cell(r, cols[day]).value not in ("D", "N")
                     and sid != "B2")
        cells = {(other, day.isoformat()): "D"}
    else:
        cells = {}
    edited = edit(out, tmp_path / "edited.xlsx", {**cells, (spare, day.isoformat()): "假"})
    result = run("check", edited, "--json")
    data = json.loads(result.output)
    if not cells:  # only leave was typed in: the roster still checks OK
        assert result.exit_code == 0, data["hard_violations"]
    found = [v for v in data["soft_violations"] if v["rule"] == "promotion" and v["staff_id"] == spare]
    assert [(v["date"], v["message"]) for v in found] == [
        ("2027-03-11", f"{spare} is on leave 2027-03-11 during 双11, when leave is frozen (禁休): "
                       "honoured as entered; make sure it was approved")], found
    assert not data["cost_by_rule"].get("promotion"), data["cost_by_rule"]
    zh = run("check", edited, "--json", lang="zh")
    assert any(v["message"].startswith(f"{spare} 在 双11 禁休期间请假（2027-03-11）")
               for v in json.loads(zh.output)["soft_violations"]), zh.output


def test_frozen_leave_finding_joins_consecutive_days():
    """Two days of leave inside one freeze are one finding (from..to), not one per day."""
    from roster.checker import check_roster
    from roster.domain import Leave, Promotion
    from roster.rules.promotion import PromotionRest

    staff = [Staff("A", "A")]
    sale = Promotion("Sale", dt.date(2027, 3, 10), dt.date(2027, 3, 13), freeze_leave=True)
    team = Team(staff=staff, shifts=[Shift("D", "Day", ((480, 1020),))], demand=[], promotions=[sale],
                leave=[Leave("A", dt.date(2027, 3, 9), dt.date(2027, 3, 11)), Leave("A", dt.date(2027, 3, 13),
                                                                                    dt.date(2027, 3, 13))])
    dates = month_dates(2027, 3)
    horizon = horizon_for_dates(team, dates)
    roster = Roster(dates, {("A", d): "D" for d in dates if not team.on_leave("A", d)})
    found = [v for v in check_roster(team, horizon, roster, [PromotionRest()]).violations]
    assert [(v.date, v.data["days"], v.hard, v.data.get("cost")) for v in found] == [
        (dt.date(2027, 3, 10), 2, False, None), (dt.date(2027, 3, 13), 1, False, None)], found
    assert "2027-03-10..2027-03-11" in found[0].message


def test_weekend_days_of_a_holiday_block_carry_the_festival_s_name():
    """The Roster note row and the Coverage sheet called Sunday 2026-02-15 "Chinese New Year's
    Eve" (除夕 is the 16th) and the weekend of 2026-02-21/22 "Day off (substituted from
    2026-02-14)", which only the 20th is.  The weekend days inside a block now carry the name
    most of its official days carry: 春节."""
    from roster.calendar import classify_days
    from roster.i18n import set_language

    for lang, festival, eve in (("en", "Chinese New Year (Spring Festival)", "Chinese New Year's Eve"),
                                ("zh", "春节", "农历除夕")):
        set_language(lang)
        try:
            names = {d.date.day: d.holiday_name for d in classify_days(month_dates(2026, 2), [], [])}
        finally:
            set_language("en")
        assert names[15] == names[21] == names[22] == names[17] == festival, names
        assert names[16] == eve  # the official days keep their own names
    october = {d.date.day: d.holiday_name for d in classify_days(month_dates(2026, 10), [], [])}
    assert october[4] == "National Day"

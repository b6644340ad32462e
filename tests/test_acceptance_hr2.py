"""Acceptance findings from an HR auditor's session (fairness, labour rules, several months'
rosters): each test failed on the code before its fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from roster.calendar import horizon_for_dates, month_dates
from roster.checker import check_roster
from roster.domain import (
    LEAVE,
    REST,
    IntervalRow,
    Leave,
    Roster,
    Shift,
    ShiftKind,
    SolveInfo,
    Staff,
    Team,
)
from roster.excel.charts import add_charts_sheet
from roster.excel.write_roster import write_roster
from roster.reports import interval_coverage_table
from roster.rules import Fairness

FEB = month_dates(2027, 2)
DAY = Shift("D", "白班", ((510, 1050),))
NIGHT = Shift("N", "晚班", ((1020, 1500),), ShiftKind.NIGHT)


def _rows(path: Path, sheet: str) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def _fairness_block(rows: list[tuple], heading: str) -> dict[str, tuple]:
    """The Summary's fairness table: group label -> (people, nights, weekends, holidays, working days)."""
    start = next(k for k, r in enumerate(rows) if isinstance(r[0], str) and r[0].startswith(heading))
    out = {}
    for row in rows[start + 2:]:
        if row[0] is None or not isinstance(row[1], int):
            break
        out[row[0]] = row[1:6]
    return out


def _leave_team() -> tuple[Team, Roster]:
    """Three night-and-day agents in February 2027; C is on leave for the first two weeks and
    works half the nights and half the days of the others: each exactly at a fair share."""
    people = [Staff(sid, f"员工{sid}") for sid in "ABC"]
    team = Team(staff=people, shifts=[DAY, NIGHT], demand=[],
                leave=[Leave("C", FEB[0], FEB[13], "年假")])
    cells: dict[tuple[str, dt.date], str] = {}
    for k, date in enumerate(FEB):
        for sid in "AB":
            cells[sid, date] = "N" if k < 8 else "D" if k < 20 else REST
        cells["C", date] = LEAVE if k < 14 else "N" if k < 18 else "D" if k < 24 else REST
    return team, Roster(list(FEB), cells, SolveInfo("OPTIMAL", 0, 0))


def test_summary_fairness_spread_prorates_leave_as_the_fairness_rule_does(tmp_path):
    """C, on annual leave for two weeks, has 4 nights against the others' 8 and 10 working days
    against 20: the fairness rule splits the group's total by days available, so everyone is
    exactly at their fair share and `check` finds nothing; the Summary said the group was 4
    nights and 10 working days apart."""
    team, roster = _leave_team()
    horizon = horizon_for_dates(team, FEB)
    findings = [v for v in check_roster(team, horizon, roster, [Fairness()]).violations
                if v.rule in ("fairness.nights", "fairness.working_days")]
    assert findings == []
    for lang, heading, group in (("en", "Fairness", "all"), ("zh", "公平性", "全部")):
        path = write_roster(tmp_path / f"roster-{lang}.xlsx", team=team, horizon=horizon, roster=roster, lang=lang)
        sheet = "Summary" if lang == "en" else "统计"
        rows = _rows(path, sheet)
        # the per-person figures are still the raw counts
        per_person = {r[0]: r for r in rows[1:4]}
        assert per_person["C"][3:5] == (10, 4) and per_person["A"][3:5] == (20, 8)
        people, nights, _weekends, _holidays, working = _fairness_block(rows, heading)[group]
        assert (people, nights, working) == (3, 0, 0)
        # and the note says what the figures are and what is fair
        note = next(r[0] for r in rows if isinstance(r[0], str) and ("prorat" in r[0] or "分摊" in r[0]))
        assert ("within 1 day" in note) if lang == "en" else ("不超过 1 天" in note)


def test_summary_fairness_spread_shows_what_the_rule_finds_unfair(tmp_path):
    """The other way round: C, back from two weeks' leave, works ten nights and A and B seven
    each.  The counts are only 3 apart, but C's fair share is 24 * 14 / 70 = 4.8 nights and
    A's and B's 9.6: `check` names all three, and the Summary, which said 3, now shows 7.8
    (C 5.2 above, A and B 2.6 below)."""
    team, roster = _leave_team()
    for k, date in enumerate(FEB):
        roster.cells["A", date] = "N" if k < 7 else "D" if k < 20 else REST
        roster.cells["B", date] = "N" if k < 7 else "D" if k < 20 else REST
        roster.cells["C", date] = LEAVE if k < 14 else "N" if k < 24 else REST
    horizon = horizon_for_dates(team, FEB)
    findings = [v for v in check_roster(team, horizon, roster, [Fairness()]).violations
                if v.rule == "fairness.nights"]
    assert {v.staff_id: v.data["fair_share"] for v in findings} == {"A": 9.6, "B": 9.6, "C": 4.8}
    path = write_roster(tmp_path / "roster.xlsx", team=team, horizon=horizon, roster=roster, lang="en")
    nights = _fairness_block(_rows(path, "Summary"), "Fairness")["all"][1]
    assert nights == 7.8


def _interval_team() -> tuple[Team, Roster]:
    """Five chat and phone agents planned from interval demand alone (no Demand rows): at 10:00
    two in chat and one on the phone are needed, at 19:00 two in chat.  Until the 10th one chat
    agent too few works late; from the 11th one too few works early."""
    people = [Staff(f"{k}", f"P{k}", skills=("chat",) if k < 3 else ("phone",)) for k in range(5)]
    team = Team(staff=people, shifts=[Shift("E", "Early", ((480, 960),)), Shift("L", "Late", ((780, 1260),))],
                demand=[],
                intervals=[IntervalRow("all", 600, 630, "chat", 2), IntervalRow("all", 600, 630, "phone", 1),
                           IntervalRow("all", 1140, 1170, "chat", 2)])
    dates = month_dates(2026, 10)
    cells = {}
    for k, date in enumerate(dates):
        for sid, code in zip("01234", ("E" if k < 10 else "L", "E", "L", "E", REST), strict=True):
            cells[sid, date] = code
    return team, Roster(dates, cells, SolveInfo("FEASIBLE"))


def test_charts_sheet_shows_interval_demand_when_there_are_no_shift_rows(tmp_path):
    """A team planned from an Intervals sheet alone got a Charts sheet holding one word,
    "date": no figures, no chart.  Now each date shows the most people asked for at once (all
    skills together), the fewest on duty then and the short intervals, with a chart."""
    team, roster = _interval_team()
    horizon = horizon_for_dates(team, roster.dates)
    rows = interval_coverage_table(team, horizon, roster)
    wb = openpyxl.Workbook()
    ws = add_charts_sheet(wb, [], "en", interval_rows=rows)
    assert len(ws._charts) == 1
    path = write_roster(tmp_path / "roster.xlsx", team=team, horizon=horizon, roster=roster, lang="zh")
    sheet = _rows(path, "图表")
    assert sheet[0] == ("日期", "同一时刻最高需求（各技能合计）", "高峰时段最少在岗", "不足时段数")
    by_date = {r[0].date(): r[1:] for r in sheet[1:]}
    assert len(by_date) == 31
    # the peak is 10:00 (3 people: 2 chat + 1 phone; 19:00 asks for 2); on the 1st 0, 1 (chat)
    # and 3 (phone) are on duty then, and 19:00 is short (only 2 works late)
    assert by_date[dt.date(2026, 10, 1)] == (3, 3, 1)
    # on the 20th only 1 (chat) and 3 (phone) work early: 10:00 is short, 19:00 is met
    assert by_date[dt.date(2026, 10, 20)] == (3, 2, 1)


def test_ledger_prorates_leave_so_colleagues_who_worked_meanwhile_are_not_spared_for_it():
    """January and February 2027: A, B and C each work 8 nights in January; in February C is on
    two weeks' leave and works 4 nights, A and B 8 again.  Month by month the fairness rule calls
    that fair (C's share is half), but the ledger's carried load counted months on staff: A and B
    "carried" a night more than their share, so `generate --ledger` spared them in March and gave
    C their nights.  Prorated by days available (59, 59 and 45) nobody carried anything, and the
    ledger shows the days available so HR can see why C has fewer nights."""
    from roster.ledger import build_ledger, ledger_weights, row_labels

    people = [Staff(sid, f"员工{sid}") for sid in "ABC"]
    team = Team(staff=people, shifts=[DAY, NIGHT], demand=[], leave=[Leave("C", FEB[0], FEB[13], "年假")])
    jan = month_dates(2027, 1)
    books = []
    for dates, nights in ((jan, {"A": 8, "B": 8, "C": 8}), (FEB, {"A": 8, "B": 8, "C": 4})):
        cells = {}
        for sid in "ABC":
            free = [d for d in dates if not team.on_leave(sid, d)]
            for d in dates:
                cells[sid, d] = LEAVE if team.on_leave(sid, d) else "N" if d in free[-nights[sid]:] else REST
        books.append((team, horizon_for_dates(team, dates), Roster(list(dates), cells)))
    ledger = build_ledger(books)
    assert ledger.total("C").nights == 12 and ledger.total("A").nights == 16
    weights = ledger_weights(ledger, team)
    # 44 nights over 163 days available: A's share 15.9, C's 12.1
    assert {sid: w["nights"] for sid, w in weights.items()} == {"A": 0, "B": 0, "C": 0}
    assert ledger.month("C", "2027-02").available_days == 14 and ledger.month("A", "2027-02").available_days == 28
    rows = ledger.as_rows()
    assert row_labels("zh")["available_days"] == "可出勤天数" and set(row_labels("en")) >= set(rows[0])
    assert next(r for r in rows if r["id"] == "C" and r["month"] == "2027-02")["ytd_available_days"] == 45


def test_report_workload_chart_names_the_days_on_leave():
    """The HTML report's workload bars are raw counts: C, back from two weeks' leave, showed half
    the nights of A and B with nothing to say why (the fairness rule finds it fair).  The chart
    now gives the days on leave beside the name, in the report's language."""
    from roster.report_html import render_report
    from roster.reports import person_summary

    team, roster = _leave_team()
    horizon = horizon_for_dates(team, FEB)
    summaries = person_summary(team, horizon, roster)
    for lang, said in (("en", "C 员工C (14 d leave)"), ("zh", "C 员工C（请假 14 天）")):
        html = render_report(team, horizon, roster, coverage_rows=[], summaries=summaries, violations=[],
                             info=roster.info, lang=lang)
        chart = html[html.index('<svg class="chart workload"'):]
        assert said in chart and "A 员工A<" in chart


#: Every code a rule reports or prices under (rule names and penalty codes).
RULE_CODES = ("assignment", "compliance", "consecutive_days", "coverage", "coverage.min", "coverage.over",
              "coverage.target", "fairness", "fairness.nights", "fairness.weekends", "fairness.holidays",
              "fairness.working_days", "fairness.carried", "handover", "hours", "intervals", "intervals.min",
              "intervals.over", "promotion", "requests", "rest_between_shifts", "rest_days", "rotation",
              "rotation.stretch")


def test_every_rule_code_has_a_chinese_name_and_english_keeps_the_code():
    """A Chinese HR reader saw bare English codes (coverage.over, fairness.holidays) in the
    penalty tables, the Violations sheet and the HTML report.  Every rule of the catalogue and
    every penalty code now has a Chinese name, shown with the code after it (the code is what
    the Rules sheet and --json use); English shows the code as before."""
    from roster.rules import CATALOGUE
    from roster.rules.base import rule_label

    assert {rule.name for rule in CATALOGUE} <= set(RULE_CODES)
    for code in RULE_CODES:
        zh = rule_label(code, "zh")
        assert zh.endswith(f"（{code}）") and len(zh) > len(code) + 2, zh
        assert rule_label(code, "en") == code


def test_a_chinese_roster_names_its_rules_in_chinese(tmp_path):
    """The Violations sheet and ``check``'s table of a Chinese roster name each rule."""
    from tests.test_cli import run, team_sheets, write_book

    team = write_book(tmp_path / "team.xlsx", team_sheets())
    out = tmp_path / "roster.xlsx"
    assert run("generate", team, "--month", "2027-03", "-o", out, "--time-limit", "2", lang="zh").exit_code == 0
    wb = openpyxl.load_workbook(out, read_only=True)
    violations = [row[0] for row in wb["违规"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert violations and all("（" in str(code) for code in violations), violations
    checked = run("check", out, lang="zh")
    assert str(violations[0]) in checked.output, checked.output  # the console table names it too


def test_the_console_and_the_summary_say_a_status_in_the_same_words():
    """The console's status words (cli) and the Summary's (reports) were two lists of the same
    Chinese words; now one.  The console keeps its English form (code, then words)."""
    from roster.reports import status_text, status_words

    for status in ("OPTIMAL", "FEASIBLE", "BEST_EFFORT/FEASIBLE", "UNKNOWN"):
        assert status_text(status, "zh").startswith(status_words(status, "zh").split("（BEST")[0])
    assert status_words("OPTIMAL", "en") == "OPTIMAL (proven best)"
    assert status_words("BEST_EFFORT/FEASIBLE", "en") == "BEST EFFORT (demand not fully met) (BEST_EFFORT/FEASIBLE)"
    assert status_words("BEST_EFFORT/FEASIBLE", "zh") == "尽力排班，需求未完全满足（BEST_EFFORT/FEASIBLE）"


def test_ledger_prorates_holidays_by_the_holidays_one_was_there_for():
    """A works the New Year holidays, B is on leave over them.  The fairness rule gives B no
    share of them, but the ledger prorated holidays by all days available (A's share 3 * 31/59):
    A "carried" a holiday more than a fair share and `generate --ledger` would have spared A the
    next festival.  Now the ledger prorates holidays by the holidays one was there for, as the
    rule does."""
    from roster.domain import DayType, HolidayEntry
    from roster.ledger import build_ledger, ledger_weights

    jan = month_dates(2027, 1)
    new_year = HolidayEntry(jan[0], "New Year", DayType.HOLIDAY)
    team = Team(staff=[Staff(sid, f"员工{sid}") for sid in "AB"], shifts=[DAY, NIGHT], demand=[],
                leave=[Leave("B", jan[0], jan[2], "年假")], holidays=[new_year])
    horizon = horizon_for_dates(team, jan)
    holidays = [day.date for day in horizon.days if day.is_holiday]  # 1-3 January (the calendar's)
    assert jan[0] in holidays and all(team.on_leave("B", d) for d in holidays)
    cells = {(sid, d): LEAVE if team.on_leave(sid, d) else REST for sid in "AB" for d in jan}
    cells.update({("A", d): "D" for d in holidays})
    ledger = build_ledger([(team, horizon, Roster(list(jan), cells))])
    assert ledger.total("A").available_holidays == len(holidays) and ledger.total("B").available_holidays == 0
    assert ledger_weights(ledger, team)["A"]["holiday_days"] == 0

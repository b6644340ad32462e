"""The HTML report: well-formed, self-contained, with the right charts; and it really renders in
a headless Chromium when one is installed."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from roster.calendar import horizon_for_dates, month_dates
from roster.domain import (
    REST,
    DayType,
    DemandRow,
    HolidayEntry,
    Promotion,
    Roster,
    Shift,
    ShiftKind,
    SolveInfo,
    Staff,
    Team,
    Violation,
)
from roster.report_html import render_report
from roster.reports import coverage_table, person_summary

DEC = month_dates(2026, 12)
VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "wbr", "source"}


def make_case():
    team = Team(
        staff=[Staff("1001", "Ann"), Staff("1002", "Bo <b>"), Staff("1003", "Cy")],
        shifts=[Shift("D", "Day", ((510, 1050),)), Shift("N", "Night", ((1020, 1500),), ShiftKind.NIGHT)],
        demand=[DemandRow("all", "D", None, 1, 2), DemandRow("all", "N", None, 1)],
        promotions=[Promotion("Double 12", dt.date(2026, 12, 11), dt.date(2026, 12, 12), 1.0)],
        holidays=[HolidayEntry(dt.date(2026, 12, 25), "Shop day", DayType.HOLIDAY)],
    )
    horizon = horizon_for_dates(team, DEC)
    cells = {}
    for k, d in enumerate(DEC):
        cells["1001", d] = "D" if k % 3 else REST
        cells["1002", d] = "N" if k % 3 != 1 else REST
        cells["1003", d] = {0: "D", 1: "N"}.get(k % 3, REST)
    cells["1003", DEC[4]] = REST  # 5 Dec: nobody on the night shift -> a gap
    roster = Roster(DEC, cells, SolveInfo("OPTIMAL", objective=12.0, bound=12.0, seconds=1.5))
    violations = [
        Violation("coverage", "N on 2026-12-05 needs 1, has 0", date=DEC[4], shift="N"),
        Violation("fairness.nights", "nights spread <2>", hard=False, data={"cost": 6}),
    ]
    return team, horizon, roster, violations


def render(lang: str = "en") -> tuple[str, Team, Roster]:
    team, horizon, roster, violations = make_case()
    html = render_report(team, horizon, roster, coverage_rows=coverage_table(team, horizon, roster),
                         summaries=person_summary(team, horizon, roster), violations=violations,
                         info=roster.info, lang=lang)
    return html, team, roster


class Collector(HTMLParser):
    """Every start tag with its attributes and the path of open tags, plus a nesting check."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Collector:
    parser = Collector()
    parser.feed(html)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


def test_html_is_well_formed_with_the_right_charts():
    html, team, _ = render()
    doc = parse(html)
    svgs = [a for tag, a, _ in doc.tags if tag == "svg"]
    assert len(svgs) == len(team.shifts) + 1
    per_chart = count_bars_per_chart(html)
    assert per_chart["coverage:D"] == len(DEC) and per_chart["coverage:N"] == len(DEC)
    assert per_chart["workload"] == 3 * len(team.staff)
    # The minimum and target lines are drawn.
    assert html.count('class="required"') == 2 and html.count('class="target"') == 1


def count_bars_per_chart(html: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    current = ""

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal current
            a = dict(attrs)
            if tag == "svg":
                kind = (a.get("class") or "").split()[-1]
                current = f"coverage:{a['data-shift']}" if kind == "coverage" else kind
                counts[current] = 0
            elif tag == "rect" and current and (a.get("class") or "").split()[:1] == ["bar"]:
                counts[current] += 1

    P().feed(html)
    return counts


def test_self_contained_no_network_no_script():
    html, _, _ = render()
    doc = parse(html)
    assert not [tag for tag, _, _ in doc.tags if tag in ("script", "link", "img", "iframe", "object")]
    for _, attrs, _ in doc.tags:
        for key in ("src", "href", "xlink:href"):
            assert "http" not in attrs.get(key, "") and "//" not in attrs.get(key, "")
    assert "http" not in html  # not even an SVG namespace URL or a font URL
    assert "url(" not in html and "@import" not in html


def test_marks_gaps_days_status_and_violations():
    html, _, _ = render()
    doc = parse(html)
    gap_rows = [a for tag, a, _ in doc.tags if tag == "tr" and "gap" in a.get("class", "").split()]
    assert len(gap_rows) == 1
    marks = [a["class"] for tag, a, _ in doc.tags if tag == "rect" and "day-mark" in a.get("class", "")]
    assert any("holiday" in m for m in marks) and any("promotion" in m for m in marks)
    assert sum("promotion" in m for m in marks) == 2 * 2  # two days, two shift charts
    assert any("weekend" in m for m in marks)
    red = [a for tag, a, _ in doc.tags if tag == "rect" and a.get("class") == "bar gap"]
    assert len(red) == 1
    text = "".join(doc.text)
    assert "Roster report 2026-12" in text and "OPTIMAL" in text
    assert "needs 1, has 0" in text and "nights spread <2>" in text
    # User text is escaped, never markup.
    assert "Bo <b>" in text and "<b>" not in html.replace("&lt;b&gt;", "")


def test_chinese_labels():
    html, _, _ = render("zh")
    text = "".join(parse(html).text)
    assert "2026-12 排班报告" in text and "求解状态" in text and "违规" in text
    assert 'lang="zh-CN"' in html


def test_empty_violations_and_no_solve_info():
    team, horizon, roster, _ = make_case()
    html = render_report(team, horizon, roster, coverage_rows=[], summaries=[], violations=[], info=None,
                         lang="en")
    text = "".join(parse(html).text)
    assert "None." in text and "checked (no solve)" in text


def test_interval_coverage_per_date_with_the_short_intervals():
    """With interval demand the report gets one row per date: how many intervals, the highest
    head count asked for, and each interval with fewer people on duty than required."""
    from roster.domain import IntervalRow
    from roster.reports import interval_coverage_table

    team, _, roster, violations = make_case()
    team = Team(staff=team.staff, shifts=team.shifts, demand=team.demand, promotions=team.promotions,
                holidays=team.holidays,
                intervals=[IntervalRow("all", 9 * 60, 10 * 60, None, 1),  # the day shift has one person
                           IntervalRow("2026-12-05", 20 * 60, 21 * 60, None, 2)])  # nobody at night that day
    horizon = horizon_for_dates(team, DEC)
    rows = interval_coverage_table(team, horizon, roster)
    html = render_report(team, horizon, roster, coverage_rows=coverage_table(team, horizon, roster),
                         summaries=person_summary(team, horizon, roster), violations=violations,
                         info=roster.info, lang="en", interval_rows=rows)
    doc = parse(html)
    text = "".join(doc.text)
    assert "Interval coverage" in text
    assert len(rows) == 32  # 09:00-10:00 every day, 20:00-21:00 on the 5th
    assert "interval gaps: 1" in text  # only the 5th's evening: the day shift always has its one person
    table = [a for tag, a, _ in doc.tags if tag == "table" and a.get("class") == "intervals"]
    assert len(table) == 1
    assert "20:00-21:00 anyone (0/2)" in text
    gap_rows = [a for tag, a, path in doc.tags if tag == "tr" and "gap" in a.get("class", "").split()
                and "table" in path]
    assert len(gap_rows) == 2  # the 5th in the shift coverage table and in the interval table
    without = render_report(team, horizon, roster, coverage_rows=[], summaries=[], violations=[], info=None)
    assert "Interval coverage" not in without


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage"]


@pytest.mark.skipif(chromium() is None, reason="no chromium / chromium-browser / google-chrome on PATH")
def test_renders_in_headless_chromium(tmp_path: Path):
    html, team, _ = render("zh")
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    shot = tmp_path / "report.png"
    browser = chromium()
    assert browser is not None
    common = [browser, *CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run([*common, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert shot.is_file()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000, f"screenshot only {len(data)} bytes: blank page?"
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], check=True, capture_output=True,
                         timeout=120, text=True).stdout
    assert dom.count("<svg") == len(team.shifts) + 1
    assert "排班报告" in dom

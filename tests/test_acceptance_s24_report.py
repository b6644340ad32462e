"""The HTML report answers HR's four questions at the top, matches the Summary's fairness
figures, and reads on a phone and on paper (session 24, helper "report")."""

from __future__ import annotations

import re

from roster.domain import Violation
from roster.report_html import render_report
from roster.reports import coverage_table, fairness_rule, fairness_spreads, person_summary
from tests.test_report_html import make_case, parse


def _render(lang: str, violations: list[Violation] | None = None, rules: list[tuple[str, object]] | None = None
            ) -> str:
    team, horizon, roster, base = make_case()
    return render_report(team, horizon, roster, coverage_rows=coverage_table(team, horizon, roster),
                         summaries=person_summary(team, horizon, roster),
                         violations=base if violations is None else violations, info=roster.info, lang=lang,
                         effective_rules=rules or [])


def _glance(html: str) -> list[tuple[str, str]]:
    """(class, text) of each glance line."""
    block = re.search(r'<ul class="glance">(.*?)</ul>', html, re.S)
    assert block is not None
    return [(cls, re.sub(r"<[^>]+>", "", body)) for cls, body in re.findall(r'<li class="(\w+)">(.*?)</li>', block[1])]


def test_glance_answers_the_four_questions_with_the_gap_and_the_special_days() -> None:
    html = _render("en")
    parse(html)
    lines = _glance(html)
    assert len(lines) == 4
    # 5 Dec has no night shift: the only gap, one person missing, and not a special day.
    assert lines[0][0] == "bad" and "1 people in all, on 2026-12-05" in lines[0][1]
    assert lines[1][0] == "ok" and "2026-12-11" in lines[1][1] and "2026-12-25" in lines[1][1]
    # The coverage violation is not a labour rule; the fairness finding is unfair duty.
    assert lines[2][0] == "ok" and lines[3][0] == "bad"
    # The chip agrees with `coverage --json` (gaps 1, missing 1), and the status is not green
    # while a hard rule is broken.
    assert "coverage gaps: 1 (1 people missing)" in html
    assert '<span class="chip bad">Solve status: OPTIMAL' in html


def test_glance_in_chinese_and_labour_rules_broken() -> None:
    team, horizon, roster, _ = make_case()
    broken = [Violation("rest_between_shifts", "1002 N then D", staff_id="1002", date=horizon.days[3].date)]
    html = _render("zh", broken)
    lines = _glance(html)
    assert lines[2][0] == "bad" and lines[2][1].startswith("劳动规则是否满足：否")
    assert lines[3] == ("ok", "晚班、周末和节假日是否公平分担：是 每人与其公平份额相差不超过 1 天")
    assert "一览" in html and "公平性" in html and "At a glance" not in html


def test_fairness_table_has_the_summary_spreads_and_follows_the_rules() -> None:
    team, horizon, roster, _ = make_case()
    spreads = fairness_spreads(team, horizon, roster, fairness_rule())
    html = _render("en", rules=[("fairness.tolerance_days", 0.5)])
    table = re.search(r'<table class="fairness">.*?</table>', html, re.S)
    assert table is not None
    cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', table[0])
    expected = spreads[("D", "N")]
    assert cells == ["3", *(f"{expected[k]:.1f}" for k in ("nights", "weekend_days", "holiday_days", "working_days"))]
    # The workbook's tolerance is quoted, not the profile default.
    assert "Within 0.5 day of one&#x27;s share is fair, so a spread up to 1 can be fair" in html


def test_report_is_accessible_and_fits_a_phone_and_a4() -> None:
    html = _render("en")
    # Every chart has a title element and every header cell a scope.
    charts = html.split("<svg")[1:]
    assert len(charts) == 3 and all(re.match(r"[^>]*>\s*<title>[^<]+</title>", svg) for svg in charts)
    assert "<th>" not in html and 'scope="col"' in html
    assert "@media print" in html and "size:A4" in html and "@media (max-width:640px)" in html
    # Wide tables scroll inside their box on a narrow screen instead of widening the page.
    assert html.count('<div class="scroll"><table') == 3
    assert not re.search(r"(?:src|href)=|url\(|https?://", html)

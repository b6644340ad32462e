"""What a Chinese supervisor reads with ``--lang zh``: natural, consistent Chinese.

Found reading a generated December roster, its check, coverage, ledger and HTML report in Chinese:
the status said 最优（已证明）（OPTIMAL） (two brackets in a row), date runs were written
``2026-12-01..2026-12-06``, the HTML tooltips and the Roster's notes put a promotion after the day
type with a bare space (工作日 双12) or ``/``, lists inside Chinese sentences used ``, ``, the
promotion comment said ``x1.5``, fairness named its group ``D/N``, the same count was 工作天数 in one
place and 出勤天数 in another, and an unknown cell code was shown in Python quotes ('X')."""

from __future__ import annotations

import re

import pytest
from conftest import check, d, horizon, of_rule, roster, staff, team

from roster import explain, ledger, report_html  # noqa: F401  (their message catalogues)
from roster.domain import Promotion
from roster.excel import charts, write_roster  # noqa: F401
from roster.i18n import set_language, span, t
from roster.reports import status_text, status_words
from roster.rules.assignment import Assignment
from roster.rules.fairness import Fairness
from roster.rules.hours import Hours
from roster.rules.promotion import PromotionRest

DOUBLE_BRACKETS = re.compile(r"）（")
ASCII_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:()]|[,;:(][\u4e00-\u9fff]")


@pytest.fixture
def zh():
    set_language("zh")
    yield
    set_language("en")


def test_status_words_have_no_brackets_in_a_row():
    assert status_text("OPTIMAL", "zh") == "已证明最优（OPTIMAL）"
    assert status_text("BEST_EFFORT/FEASIBLE", "zh") == "尽力排班，需求未完全满足（BEST_EFFORT/FEASIBLE）"
    for code in ("OPTIMAL", "FEASIBLE", "BEST_EFFORT", "UNKNOWN", "CHECKED", "INFEASIBLE"):
        assert not DOUBLE_BRACKETS.search(status_text(code, "zh")), code
        assert not DOUBLE_BRACKETS.search(status_words(code + "/FEASIBLE", "zh")), code
    assert status_text("OPTIMAL", "en") == "OPTIMAL"


def test_a_run_of_dates_reads_zhi_in_chinese_and_dots_in_english():
    assert span("2026-12-01", "2026-12-06", lang="zh") == "2026-12-01 至 2026-12-06"
    assert span("2026-12-01", "2026-12-06", lang="en") == "2026-12-01..2026-12-06"
    assert span("2026-12-01", "2026-12-01", lang="zh") == "2026-12-01"
    assert t("explain.span_week", lang="zh", start="2026-12-01", end="2026-12-06") == "2026-12-01 至 2026-12-06 这一周"
    assert ".." not in t("explain.span_promotion", lang="zh", name="双12", start="2026-12-10", end="2026-12-12")


def test_one_word_for_one_thing():
    # 出勤天数 as the Summary sheet and the ledger's column say, not 工作天数 in some places
    for key in ("fairness.working_days", "ledger.working_days"):
        assert t(key, lang="zh") == "出勤天数", key
    assert "出勤天数" in t("label.fairness.working_days", lang="zh")
    # 晚班 everywhere, never 夜班
    for key in ("explain.short_history", "explain.short_fixed"):
        text = t(key, lang="zh", start="2026-12-10")
        assert "晚班" in text and "夜班" not in text, key
    # one word for the shortfall in the HTML report: 缺口, as its table and the console say
    assert t("report.gaps", lang="zh") == t("report.col.gap", lang="zh") == "缺口"
    assert t("report.col.assigned", lang="zh") == t("excel.charts.assigned", lang="zh", shift="").strip()


def test_lead_reasons_have_no_brackets_in_a_row():
    for key in ("explain.lead_day", "explain.lead_day_shift"):
        text = t(key, lang="zh", dates="2026-12-01", shifts="D、N", available=1, people="1001", onleave="",
                 unworkable="", missing="N")
        assert not DOUBLE_BRACKETS.search(text), text


def test_unknown_code_is_quoted_the_chinese_way(zh):
    tm = team(1)
    h = horizon(tm)
    r = roster(h, {"A": "DDXDD--"})
    found = of_rule(check(tm, h, [Assignment()], r), "assignment")
    assert found and "“X”" in found[0].message and "'X'" not in found[0].message, found
    assert "D、N" in found[0].message, found[0].message


def test_week_hours_say_the_week_starting_on_monday(zh):
    tm = team(1)
    h = horizon(tm)
    r = roster(h, {"A": "DDDDDDD"})
    found = of_rule(check(tm, h, [Hours(Hours.Params(max_per_week=40))], r), "hours")
    assert found and f"在 {d(0)} 起的一周工作" in found[0].message, found


def test_fairness_names_its_group_as_a_chinese_list(zh):
    tm = team(2)
    h = horizon(tm)
    r = roster(h, {"A": "DDDDD--", "B": "DD-----"})
    found = of_rule(check(tm, h, [Fairness()], r), "fairness.working_days")
    assert found, found
    for v in found:
        assert "在可排 D、N 的员工中公平份额为" in v.message and "D/N" not in v.message, v.message
        assert v.message.startswith(f"{v.staff_id} 出勤天数 "), v.message


def test_leave_during_a_freeze_names_its_span_with_zhi(zh):
    from roster.domain import Leave

    sale = Promotion("双12", d(1), d(4), freeze_leave=True)
    tm = team(staff(["A"]), promotions=[sale], leave=[Leave("A", d(1), d(2))])
    h = horizon(tm)
    r = roster(h, {"A": "DLLDDD-"})
    found = [v for v in check(tm, h, [PromotionRest()], r).violations if v.data.get("leave_frozen")]
    assert found and f"（{d(1)} 至 {d(2)}）" in found[0].message, found


def test_roster_comment_and_validation_speak_chinese():
    assert t("excel.grid.multiplier", lang="zh", multiplier=1.5) == "，需求 ×1.5"
    assert t("excel.grid.multiplier", lang="en", multiplier=1.5) == " x1.5"
    text = t("excel.grid.validation", lang="zh", codes="D、N", rest="休", leave="假")
    assert "/" not in text and "、" in text, text
    for key in ("excel.summary.fairness", "excel.summary.fairness_note"):
        text = t(key, lang="zh", tolerance=1, spread=2)
        assert not ASCII_IN_CHINESE.search(text) and " - " not in text, text


def test_html_tag_and_shares_use_chinese_brackets():
    assert t("report.kind.tag", lang="zh", kind="软") == "【软】"
    assert t("report.kind.tag", lang="en", kind="soft") == "[soft] "

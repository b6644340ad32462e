"""Acceptance: months that cannot be rostered.  ``generate`` must answer with the demand, the
dates and the rule that cannot be met together, and a concrete fix (how many more people, which
limit), in a few lines a manager can act on, quickly, in both languages.

Each test builds a small team that is infeasible for one reason a manager would recognise
(two night-shift agents for a nightly minimum of two, one team lead for two shifts a day, a
weekly-hours cap that contradicts the rest-day cap, ...) and checks the reason given."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from conftest import demand, record_calls, staff, team
from test_cli import run, team_sheets, write_book

import roster.engine
from roster import i18n
from roster.domain import Leave, Promotion
from roster.engine import effective_profile, generate
from roster.errors import InfeasibleError

MONTH = "2027-03"
SECONDS = 2


def _profile(t):
    prof = effective_profile(t)
    prof.solver = prof.solver.model_copy(update={"workers": 2})
    return prof


def _reasons(t, lang: str = "en") -> list[str]:
    """The reasons ``generate`` gives for ``t`` in March 2027 (which must be infeasible)."""
    i18n.set_language(lang)
    try:
        with pytest.raises(InfeasibleError) as info:
            generate(t, 2027, 3, _profile(t), time_limit=SECONDS)
    finally:
        i18n.set_language("en")
    return info.value.reasons


def test_nights_only_two_people_may_work_is_named_as_a_month_capacity_with_the_fix():
    """Six day-only agents and two who may work nights; two people every night.  Each night alone
    looks staffable (two may work it), but two people give at most 2 x 27 nights in March
    (four rest days each), not 62.  The message listed eight nights "at most 1 can be assigned"
    and no cause; it now says the night demand exceeds what the two can work, and to add one."""
    people = staff([f"P{k}" for k in range(8)], **{f"P{k}": {"shifts": ("D",)} for k in range(6)})
    t = team(people, demand=[demand("all", "D", 1), demand("all", "N", 2)])
    reasons = _reasons(t)
    capacity = [r for r in reasons if "over the month" in r]
    assert len(capacity) == 1, reasons
    text = capacity[0]
    assert text.startswith("N (anyone), over the month: the minimums add up to 62 shifts on 31 day(s)"), text
    assert "the 2 people who can work them (at most 27 each) can work at most 54" in text, text
    assert "Add at least 1 more person(s) who may work N" in text, text
    assert reasons.index(text) == 0, reasons  # the cause before the dates it shows on
    zh = "\n".join(_reasons(t, "zh"))
    assert "N（不限技能），全月：最少人数合计 62 个班次" in zh and "请至少增加 1 名可上 N 的人员" in zh, zh


def test_a_scarce_skill_over_both_shifts_is_judged_over_the_month():
    """Two phone agents, one phone agent on each shift every day: 62 phone shifts, at most 54."""
    people = staff(["A", "B", "C", "D", "E", "F"], A={"skills": ("phone",)}, B={"skills": ("phone",)})
    t = team(people, demand=[demand("all", "D", 1, skill="phone"), demand("all", "N", 1, skill="phone"),
                             demand("all", "D", 1)])
    text = "\n".join(_reasons(t))
    assert "D/N (phone), over the month: the minimums add up to 62 shifts" in text, text
    assert "at most 54" in text and "person(s) with skill phone who may work D/N" in text, text


def test_a_promotion_that_no_one_can_work_through_is_judged_over_its_days():
    """Eight people, demand doubled to eight a day for a fortnight: nobody works fourteen days
    running (six in a row at most), so the fortnight gets at most 8 x 12 shifts, not 112, though
    the month as a whole is fine.  The reason names the promotion and its dates."""
    promo = Promotion("Spring sale", dt.date(2027, 3, 8), dt.date(2027, 3, 21), 2.0, True)
    t = team(8, demand=[demand("all", "D", 2), demand("all", "N", 2)], promotions=[promo])
    text = "\n".join(_reasons(t))
    assert "D/N (anyone), during Spring sale (2027-03-08..2027-03-21): the minimums add up to 112 shifts on 14" \
        in text, text
    assert "at most 12 each" in text and "at most 96" in text, text


def test_the_same_missing_skill_every_day_is_one_reason_not_thirty_one():
    """One phone agent against a daily phone minimum of two: one line with the dates, not one a day.
    The month follows (s24): one more phone agent would not do, since two give at most 54 of the
    62 shifts; "add 35 person-shift(s)" was left unexplained by the 31 dates one short."""
    people = staff(["A", "B", "C", "D"], A={"skills": ("phone",)})
    t = team(people, demand=[demand("all", "D", 2, skill="phone"), demand("all", "N", 1)])
    reasons = _reasons(t)
    phone = [r for r in reasons if "(phone)" in r]
    assert len(phone) == 2, reasons
    assert phone[0].startswith("2027-03-01 D (phone): needs 2, but only 1 people can work it"), phone
    assert "the same on 30 dates from 2027-03-02 to 2027-03-31" in phone[0], phone
    assert phone[1].startswith("D (phone), over the month: the minimums add up to 62 shifts"), phone
    assert "Add at least 2 more person(s) with skill phone" in phone[1], phone
    zh = [r for r in _reasons(t, "zh") if "（phone）" in r]
    assert len(zh) == 2 and "2027-03-02 至 2027-03-31 共 30 天 同样如此" in zh[0], zh
    assert len(reasons) <= 4, reasons


def test_everyone_on_leave_one_day_is_said_once_per_shift():
    """Everyone on leave on the 10th: the day's total repeated what the two shifts already said."""
    t = team(3, demand=[demand("all", "D", 1), demand("all", "N", 1)],
             leave=[Leave(p, dt.date(2027, 3, 10), dt.date(2027, 3, 10)) for p in "ABC"])
    reasons = _reasons(t)
    assert sum("2027-03-10" in r for r in reasons) == 2, reasons
    assert not any("the day's minimums add up to" in r for r in reasons), reasons


def test_one_lead_for_two_shifts_a_day_names_the_leads_not_the_rest_days():
    """handover.lead_per_shift with a single lead and a day and a night shift every day.  The
    message said only "without rule rest_days a roster exists"; it now says that each day needs
    two leads and there is one, and what to change.  Relaxing the rest days would only have let
    everyone stay at home (fewer staffed shifts need fewer leads): no rule but the lead rule
    itself is blamed, since none other would give every staffed shift its lead."""
    people = staff(["A", "B", "C", "D", "E", "F"], A={"lead": True})
    t = replace(team(people, demand=[demand("all", "D", 1), demand("all", "N", 1)]),
                rule_overrides=[("handover.lead_per_shift", "yes", 2)])
    text = "\n".join(_reasons(t))
    assert ("31 dates from 2027-03-01 to 2027-03-31: handover.lead_per_shift asks for a team lead on every "
            "staffed shift (D, N), but only 1 lead(s) can work that day (A)") in text, text
    assert "Mark more people as team lead" in text, text
    assert "set handover.lead_per_shift = no" in text, text
    assert "rest_days" not in text and "contradict" not in text, text


def test_weekly_hours_against_the_rest_day_cap_names_both_rules_with_their_values():
    """hours.max_per_week = 20 allows two 9-hour shifts a week, so at least 21 rest days in March,
    against rest_days.max = 10.  Only rest_days was named, and the weekly hours the manager had
    just lowered were not mentioned."""
    t = replace(team(4, demand=[demand("all", "D", 1)]), rule_overrides=[("hours.max_per_week", 20, 2)])
    text = "\n".join(_reasons(t))
    assert "without rule rest_days or hours a roster exists" in text, text
    assert "hours.max_per_week = 20" in text and "rest_days.max = 10" in text, text
    assert "(shifts all)" not in text, text
    zh = "\n".join(_reasons(t, "zh"))
    assert "去掉规则 rest_days 或 hours 后才有可行排班" in zh and "当前 rest_days.min = 4" in zh, zh


def test_the_rule_to_relax_comes_with_its_current_value():
    """A short day the rest-day minimum causes: "relaxing rest_days would help" now also says
    what the Rules sheet has for it."""
    t = replace(team(1, demand=[demand("all", "D", 1)]), rule_overrides=[("rest_days.min", 8, 2)])
    text = "\n".join(_reasons(t))
    assert "relaxing rest_days would help (Rules sheet: now rest_days.min = 8, rest_days.max = 10)" in text, text


def test_an_infeasible_month_without_best_effort_does_not_polish_a_roster_nobody_writes(monkeypatch):
    """The best roster with the least shortfall is only written with --best-effort; without it
    the diagnosis spent the whole time limit once more on it before saying "infeasible"."""
    calls = record_calls(monkeypatch, roster.engine, "diagnose")
    t = team(2, demand=[demand("all", "D", 3)])
    with pytest.raises(InfeasibleError):
        generate(t, 2027, 3, _profile(t), time_limit=SECONDS)
    assert calls and calls[-1].get("polish") is False, calls
    plan = generate(t, 2027, 3, _profile(t), time_limit=SECONDS, best_effort=True)
    assert calls[-1].get("polish") is True and plan.best_effort


def test_cli_night_capacity_in_both_languages_json_and_best_effort(tmp_path):
    """The CLI end to end: exit 3, nothing written, the capacity reason in en, zh and --json; with
    --best-effort a roster whose check exits 1, and no "not proven optimal" after a proven
    best-effort solve."""
    sheets = team_sheets()
    sheets["Staff"] = [sheets["Staff"][0], *([f"P{k}", f"Day {k}", "pre", "chat", "D", "no"] for k in range(6)),
                       ["N1", "Night 1", "post", "chat", "", "no"], ["N2", "Night 2", "post", "chat", "", "no"]]
    sheets["Demand"] = [sheets["Demand"][0], ["all", "D", None, 1, 1], ["all", "N", None, 2, 2]]
    sheets["Leave"] = sheets["Leave"][:1]
    sheets["Requests"] = sheets["Requests"][:1]
    book = write_book(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "r.xlsx"
    en = run("generate", book, "--month", MONTH, "-o", out, "--time-limit", SECONDS)
    assert en.exit_code == 3 and not out.exists(), en.output
    assert "N (anyone), over the month: the minimums add up to 62 shifts" in en.output, en.output
    as_json = run("generate", book, "--month", MONTH, "-o", out, "--time-limit", SECONDS, "--json", lang="zh")
    assert as_json.exit_code == 3 and not out.exists()
    payload = json.loads(as_json.stdout)
    assert payload["exit_code"] == 3 and any("N（不限技能），全月" in r for r in payload["reasons"]), payload
    best = run("generate", book, "--month", MONTH, "-o", out, "--time-limit", SECONDS, "--best-effort")
    assert best.exit_code == 0 and out.exists(), best.output
    # the advice to use --best-effort is given without it, not to someone who just used it
    assert "--best-effort writes the roster" in en.output and "--best-effort writes" not in best.output
    if "BEST_EFFORT/OPTIMAL" in best.output:
        assert "Not proven optimal" not in best.output, best.output
    assert run("check", out).exit_code == 1


def test_lang_before_the_command_is_accepted_and_used(tmp_path):
    """``--lang`` is a common option (INTERFACE.md); given before the command it was "No such
    option: --lang" (exit 2), and a mistake after it came out in English."""
    from click.testing import CliRunner

    from roster.cli import main

    runner = CliRunner()
    missing = tmp_path / "nope.xlsx"
    result = runner.invoke(main, ["--lang", "zh", "check", str(missing)], env={"ROSTER_LANG": "en"})
    assert result.exit_code == 2 and "不存在" in result.output, result.output
    unknown = runner.invoke(main, ["--lang", "zh", "frobnicate"], env={"ROSTER_LANG": "en"})
    assert unknown.exit_code == 2 and "没有命令" in unknown.output, unknown.output
    overridden = runner.invoke(main, ["--lang", "zh", "check", str(missing), "--lang", "en"])
    assert overridden.exit_code == 2 and "does not exist" in overridden.output, overridden.output
    assert runner.invoke(main, ["--lang", "zh", "--help"]).exit_code == 0

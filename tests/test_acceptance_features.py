"""Acceptance checks of four recent features, as a team lead, a manager and HR meet them.

* ``rest_days``: sickness and leave typed into a finished roster lower the minimum of rest
  days, never the cap;
* ``handover.lead_per_shift`` in elastic mode: the reasons name the shift no lead may work,
  a best-effort repair names the lead gaps of the roster it writes, and a swap or take-over on
  a best-effort roster's lead gap is not refused for a gap that was already there;
* the Holidays sheet's ``rest`` kind (休息日): weekend demand, weekend duty, the round trip;
* default shift kinds: a three-shift team and a 14:00-22:00 late shift.

Small teams and short limits: the whole file runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DAY, NIGHT, d, demand, horizon, staff, team
from excel_helpers import make_workbook
from openpyxl import load_workbook

import roster.explain as explain
from roster.cli import main
from roster.domain import Leave, Violation
from roster.edits import new_hard
from roster.excel.read_team import read_team
from roster.explain import lead_gap_reasons, lead_reasons
from roster.i18n import set_language
from roster.rules import Assignment, Coverage
from roster.rules.handover import LEAD_GAP, Handover
from roster.rules.rest_days import RestDays

Rows = list[list[object]]


def run(*args: object, lang: str = "en"):
    return CliRunner().invoke(main, [*map(str, args), "--lang", lang], env={"COLUMNS": "400"},
                              catch_exceptions=False)


book = make_workbook


def sheets_of(n: int = 8, leads: tuple[str, ...] = (), allowed: dict[str, str] | None = None,
              rules: Rows = (), leave: Rows = (), holidays: Rows = (), shifts: Rows | None = None,
              demand_rows: Rows | None = None) -> dict[str, Rows]:
    """A team of ``n`` agents 1001.. with a day and a night shift (unless ``shifts``)."""
    people: Rows = [["id", "name", "skills", "shifts", "lead"]]
    for k in range(n):
        sid = str(1001 + k)
        people.append([sid, f"P{k}", "chat", (allowed or {}).get(sid, ""), "yes" if sid in leads else "no"])
    return {
        "Staff": people,
        "Shifts": shifts or [["code", "name", "start", "end"], ["D", "Day", "08:30", "17:30"],
                             ["N", "Night", "17:00", "01:00"]],
        "Demand": demand_rows or [["day", "shift", "skill", "min", "target"], ["weekday", "D", None, 2, 3],
                                  ["weekday", "N", None, 2, 2], ["weekend", "D", None, 2, 2],
                                  ["weekend", "N", None, 1, 2]],
        "Leave": [["id", "from", "to", "type"], *leave],
        "Holidays": [["date", "name", "kind"], *holidays],
        "Rules": [["rule", "value"], *rules],
    }


def grid(path: Path) -> tuple[dict[dt.date, int], dict[str, list[object]]]:
    """The Roster sheet's date columns and rows by staff id (either language)."""
    wb = load_workbook(path)
    ws = wb["Roster"] if "Roster" in wb.sheetnames else wb["排班表"]
    rows = list(ws.iter_rows(values_only=True))
    cols = {h.date(): k for k, h in enumerate(rows[0]) if isinstance(h, dt.datetime)}
    return cols, {str(r[0]): list(r) for r in rows if r[0] is not None and str(r[0]).isdigit()}


# ------------------------------------------------------------------------------ 1. rest days
@pytest.mark.parametrize(("kind", "cap"), [("病假", 10), ("sick leave", 10), ("年假", 8), ("annual", 8)])
def test_sickness_lowers_the_minimum_never_the_cap(kind, cap):
    """A week off over 31 days: the minimum is prorated by any leave (floor 4 * 24 / 31 = 3),
    the cap only by planned leave (ceil 10 * 24 / 31 = 8); sickness keeps the cap at 10."""
    people = staff(["A", "B"])
    t = team(people, leave=[Leave("A", dt.date(2027, 3, 8), dt.date(2027, 3, 14), kind)])
    h = horizon(t, count=31)
    assert RestDays(RestDays.Params()).limits(t, h, "A") == (3, cap, 7)
    assert RestDays(RestDays.Params()).limits(t, h, "B") == (4, 10, 0)


def test_check_of_a_roster_with_sickness_typed_over_working_days(tmp_path):
    """HR types 病假 over six working days of someone with the most rest days allowed: the
    rest days are as planned, not "too many"."""
    team_book = book(tmp_path / "team.xlsx", sheets_of())
    made = tmp_path / "r.xlsx"
    assert run("generate", team_book, "--month", "2026-03", "-o", made, "--time-limit", "2").exit_code == 0
    wb = load_workbook(made)
    ws = wb["Roster"]
    # The person with the most rest days: at the cap (10) or near it, above the cap that
    # prorating it by six days would give (ceil(10 * 25 / 31) = 9).
    rows = [r for r in ws.iter_rows(min_row=2) if str(r[0].value).isdigit()]
    row = max(rows, key=lambda r: sum(1 for c in r[2:33] if c.value == "OFF"))
    assert sum(1 for c in row[2:33] if c.value == "OFF") == 10
    typed = 0
    for c in row[2:33]:
        if c.value in ("D", "N") and typed < 6:
            c.value, typed = "病假", typed + 1
    hand = tmp_path / "hand.xlsx"
    wb.save(hand)
    checked = run("check", hand, "--json")
    found = json.loads(checked.stdout)
    assert not [v for v in found["hard_violations"] if v["rule"] == "rest_days"], found["hard_violations"]


# -------------------------------------------------------------------- 2. a lead on every shift
def leads_kept_to_day_shifts(lead_ids: tuple[str, ...]):
    people = staff(["A", "B", "C", "D", "E"], **{sid: {"lead": True, "shifts": ("D",)} for sid in lead_ids})
    t = team(people, demand=[demand("all", "D", 1), demand("all", "N", 1)])
    return t, horizon(t), [Handover(Handover.Params(lead_per_shift=True))]


def test_leads_kept_to_day_shifts_name_the_night_no_lead_may_work():
    """Two leads for a day and a night shift, both allowed only the day shift: the head count
    is enough, so "only 2 lead(s) can work that day" named no cause; the night is the cause."""
    t, h, rules = leads_kept_to_day_shifts(("A", "B"))
    reasons = lead_reasons(t, h, rules)
    assert len(reasons) == 1, reasons
    assert "none of the leads who can work that day (A, B) may work N" in reasons[0], reasons
    assert "only 2 lead(s)" not in reasons[0], reasons
    set_language("zh")
    zh = lead_reasons(t, h, rules)
    assert "（A、B）都不能上 N" in zh[0], zh


def test_one_lead_kept_to_day_shifts_is_short_and_the_night_named():
    t, h, rules = leads_kept_to_day_shifts(("A",))
    reasons = lead_reasons(t, h, rules)
    assert "only 1 lead(s) can work that day (A); none of them may work N" in reasons[0], reasons


def test_no_unproven_note_after_a_proven_head_count_of_leads(monkeypatch):
    """A lead on leave leaves one lead for two shifts on two days: a head count, proven.  When
    the elastic solve stops unproven, "these shortfalls are the least found ... not proven"
    followed that reason and no figure of the solve was shown to qualify."""
    people = staff(["A", "B", "C", "D", "E", "F"], A={"lead": True}, B={"lead": True})
    t = team(people, demand=[demand("all", "D", 1), demand("all", "N", 1)], leave=[Leave("B", d(2), d(3))])
    h = horizon(t)
    rules = [Assignment(), Coverage(),
             Handover(Handover.Params(lead_per_shift=True, night_to_day=False, min_incoming=0, min_outgoing=0))]
    real = explain._solve

    def unproven(*args, **kwargs):
        solved = real(*args, **kwargs)
        return replace(solved, status="FEASIBLE") if solved.status == "OPTIMAL" else solved

    monkeypatch.setattr(explain, "_solve", unproven)
    from roster.profile import load_profile

    diagnosis = explain.diagnose(t, h, rules, load_profile("ecommerce-cs").solver, 2.0, polish=False)
    text = "\n".join(diagnosis.reasons)
    assert "only 1 lead(s) can work that day (A); on leave: B" in text, text
    assert diagnosis.lead_gaps, text
    assert "not proven the least" not in text, text


def test_a_best_effort_repair_names_the_lead_gaps_it_writes():
    """The diagnosis's elastic roster may leave D on the 15th without a lead where the repair
    written leaves D on the 12th: the reason names the written one (the count stays)."""
    from roster.edits import _written_lead_gaps

    people = staff(["A", "B", "C"], A={"lead": True}, B={"lead": True})
    t = team(people, leave=[Leave("A", d(1), d(3), "sick")])
    rules = [Handover(Handover.Params(lead_per_shift=True))]
    found = [(d(3), "D")]
    reasons = ["other", *lead_gap_reasons(t, rules, found, d(1))]
    gap = Violation("handover", "x", date=d(2), shift="D", data={"code": LEAD_GAP, "people": ["C"]})
    out = _written_lead_gaps(reasons, t, rules, found, [gap], d(1))
    assert out[0] == "other" and f"D on {d(2)}" in out[1] and str(d(3)) not in out[1], out
    assert "at least 1 staffed shift(s)" in out[1], out


def test_an_edit_on_a_lead_gap_is_not_refused_for_that_gap():
    """A --best-effort roster leaves N on a date without a lead; two agents (no leads) trade
    that day, or one takes over another's N: the N is as lead-less as before, not worse.  The
    people in the message made the gap look new, so suggest offered nobody on such a day."""
    people = staff(["A", "B", "C", "D"], A={"lead": True})
    t = team(people, demand=[demand("all", "D", 1), demand("all", "N", 1)])
    h = horizon(t, count=1)
    rule = Handover(Handover.Params(lead_per_shift=True, night_to_day=False, min_incoming=0, min_outgoing=0))
    from conftest import check, roster

    before = check(t, h, [rule], roster(h, {"A": "D", "B": "N", "C": "-", "D": "-"})).hard
    after = check(t, h, [rule], roster(h, {"A": "D", "B": "-", "C": "N", "D": "-"})).hard
    assert before and after and before[0].message != after[0].message
    assert new_hard(before, after) == [], after
    moved = check(t, h, [rule], roster(h, {"A": "N", "B": "D", "C": "-", "D": "-"})).hard
    assert new_hard(before, moved), "the lead moved off D: D is a new gap"


def test_cli_suggest_offers_a_take_over_on_a_best_effort_lead_gap(tmp_path):
    """One lead for a day and a night shift: the --best-effort roster leaves shifts without a
    lead; suggest for an agent on such a shift finds someone (the gap stays as it was)."""
    sheets = sheets_of(8, leads=("1001",), rules=[["handover.lead_per_shift", "yes"]])
    out = tmp_path / "r.xlsx"
    best = run("generate", book(tmp_path / "team.xlsx", sheets), "--month", "2026-03", "-o", out,
               "--time-limit", "2", "--best-effort")
    assert best.exit_code == 0, best.output
    hard = json.loads(run("check", out, "--json").stdout)["hard_violations"]
    gap = next(v for v in hard if v["data"].get("code") == LEAD_GAP)
    found = run("suggest", out, f"{gap['data']['people'][0]}:{gap['date']}", "--json")
    assert found.exit_code == 0, found.output
    offers = json.loads(found.stdout)
    assert isinstance(offers, list) and offers, found.stdout


# ------------------------------------------------------------------- 3. Holidays: 休息日
def test_a_cancelled_make_up_saturday_and_a_company_day_off_are_weekends(tmp_path):
    """2026-02-14 (the make-up Saturday before the Spring Festival) and Wednesday 2026-02-04
    made rest days: weekend demand applies, the 15th is still the Spring Festival, the 28th
    still a make-up working day; a swap's roster keeps the days as they were."""
    dem = [["day", "shift", "skill", "min", "target"], ["weekday", "D", None, 3, 3], ["weekday", "N", None, 2, 2],
           ["weekend", "D", None, 1, 1], ["weekend", "N", None, 1, 1], ["holiday", "D", None, 1, 1],
           ["holiday", "N", None, 1, 1]]
    hol = [[dt.date(2026, 2, 14), "取消调休", "休息日"], [dt.date(2026, 2, 4), "公司休息", "rest"]]
    team_book = book(tmp_path / "team.xlsx", sheets_of(8, demand_rows=dem, holidays=hol))
    out = tmp_path / "r.xlsx"
    assert run("generate", team_book, "--month", "2026-02", "-o", out, "--time-limit", "2").exit_code == 0
    cov = json.loads(run("coverage", out, "--json").stdout)["rows"]
    kinds = {(r["date"], r["shift"]): (r["day_type"], r["min"]) for r in cov}
    assert kinds["2026-02-04", "D"] == ("weekend", 1) and kinds["2026-02-14", "D"] == ("weekend", 1)
    assert kinds["2026-02-15", "D"][0] == "holiday" and kinds["2026-02-28", "D"] == ("workday", 3)
    cols, rows = grid(out)
    on = [sid for sid, r in rows.items() if r[cols[dt.date(2026, 2, 4)]] in ("D", "N")]
    off = next(sid for sid, r in rows.items() if r[cols[dt.date(2026, 2, 4)]] not in ("D", "N"))
    v2 = tmp_path / "v2.xlsx"
    swapped = run("swap", out, f"{on[0]}:2026-02-04", f"{off}:2026-02-04", "-o", v2, "--allow-violations")
    assert swapped.exit_code in (0, 1) and v2.exists(), swapped.output
    again = {(r["date"], r["shift"]): r["day_type"] for r in json.loads(run("coverage", v2, "--json").stdout)["rows"]}
    assert again["2026-02-04", "D"] == "weekend" and again["2026-02-14", "N"] == "weekend"


# ---------------------------------------------------------------------- 4. default shift kinds
@pytest.mark.parametrize(("times", "nights"), [
    ([("E", "07:00", "15:00"), ("M", "15:00", "23:00"), ("L", "23:00", "07:00")], {"M", "L"}),
    ([("E", "06:00", "14:00"), ("M", "14:00", "22:00"), ("L", "22:00", "06:00")], {"L"}),
    ([("D", "08:30", "17:30"), ("L", "14:00", "22:00")], {"L"}),
])
def test_default_kinds_of_three_shift_and_late_shift_teams(tmp_path, times, nights):
    shifts: Rows = [["code", "name", "start", "end"], *([c, c, s, e] for c, s, e in times)]
    dem: Rows = [["day", "shift", "skill", "min"], *(["all", c, None, 1] for c, _, _ in times)]
    t = read_team(book(tmp_path / "team.xlsx", sheets_of(6, shifts=shifts, demand_rows=dem)))
    assert {s.code for s in t.shifts if s.kind.value == "night"} == nights
    assert DAY.kind.value == "day" and NIGHT.kind.value == "night"

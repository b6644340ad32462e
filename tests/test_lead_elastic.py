"""The handover rule's elastic lead places (``handover.lead_per_shift``): in the elastic model
(diagnosis, ``--best-effort``) a staffed shift without a team lead is a penalised gap
(``handover.lead_gap``) instead of a contradiction, so that

* a month whose leads cannot cover every staffed shift still has a roster, with the fewest such
  shifts, which ``generate --best-effort`` and ``repair --best-effort`` write and whose check
  reports each gap as a hard violation of handover;
* roster.explain names those shifts (dates, shifts, the leads who could work, those on leave)
  from the rule's own gaps, not from a copy of the constraint;
* the normal (non-elastic) model is exactly what it was: the lead place stays a hard constraint
  and no gap variable exists.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import (
    _solver,
    assert_feasible,
    assert_infeasible,
    d,
    demand,
    horizon,
    roster,
    solve_free,
    staff,
    team,
)
from test_cli import run, team_sheets, write_book

from roster.checker import check_roster
from roster.domain import Leave
from roster.edits import CHANGE_WEIGHT
from roster.engine import effective_profile, generate
from roster.model import build_model
from roster.rules import Assignment, Coverage
from roster.rules.base import rule_label
from roster.rules.coverage import ELASTIC_WEIGHT
from roster.rules.handover import LEAD_GAP, LEAD_GAP_WEIGHT, LEAD_GAPS, Handover, is_lead_gap
from roster.solve import STATUS_NAMES

MONTH = "2027-03"


def lead_rule(**params: object) -> Handover:
    """The handover rule with only its lead places on (no handover counts), unless ``params``
    say otherwise."""
    base = {"lead_per_shift": True, "night_to_day": False, "min_outgoing": 0, "min_incoming": 0}
    return Handover(Handover.Params(**{**base, **params}))


def two_leads_one_away():
    """A week with a day and a night shift to staff every day, leads A and B, and B on leave on
    d(2)..d(4): on those three days one lead for two staffed shifts, so exactly three shifts
    must go without a lead, while four other agents can cover every minimum."""
    people = staff(["A", "B", "C", "D", "E", "F"], A={"lead": True}, B={"lead": True})
    t = team(people, demand=[demand("all", "D", 1), demand("all", "N", 1)], leave=[Leave("B", d(2), d(4))])
    return t, horizon(t)


def lead_gaps_of(result) -> list[tuple]:
    return [(v.date, v.shift) for v in result.hard if is_lead_gap(v)]


# ---------------------------------------------------------------------------- the normal model
def test_the_normal_model_keeps_the_lead_place_hard_with_no_gap_variable():
    """Without ``elastic`` the lead rule adds what it always did: per date and shift one
    "staffed" flag (one variable, its max-equality) and the enforced "a lead on it" (one
    constraint), nothing more: no gap variable, no penalty, nothing published."""
    t, h = two_leads_one_away()
    off = build_model(t, h, [lead_rule(lead_per_shift=False)])
    on = build_model(t, h, [lead_rule()])
    places = len(h.dates) * len(t.shifts)
    assert len(on.model.proto.variables) == len(off.model.proto.variables) + places
    assert len(on.model.proto.constraints) == len(off.model.proto.constraints) + 2 * places
    assert not any("lead_gap" in v.name for v in on.model.proto.variables)
    assert on.penalties == [] and LEAD_GAPS not in on.context.shared
    assert_infeasible(solve_free(t, h, [Assignment(), Coverage(), lead_rule()])[0])


def test_the_elastic_model_publishes_one_priced_gap_per_date_and_shift():
    t, h = two_leads_one_away()
    rm = build_model(t, h, [lead_rule()], elastic=True)
    gaps = rm.context.shared[LEAD_GAPS]
    assert set(gaps) == {(date, s.code) for date in h.dates for s in t.shifts}
    priced = [p for p in rm.penalties if p.rule == LEAD_GAP]
    assert len(priced) == len(gaps) and {p.weight for p in priced} == {LEAD_GAP_WEIGHT}


def test_without_leads_the_rule_stays_off_in_the_elastic_model_too():
    """Nobody marked as lead: the rule does not apply (its note says so), elastic or not."""
    t, h = two_leads_one_away()
    t = replace(t, staff=[replace(p, lead=False) for p in t.staff])
    rm = build_model(t, h, [lead_rule()], elastic=True)
    assert rm.penalties == [] and LEAD_GAPS not in rm.context.shared


# --------------------------------------------------------------------------- the elastic model
def test_a_missing_person_costs_more_than_a_missing_lead_and_a_lead_more_than_changed_cells():
    """A gap exists only on a staffed shift: were it dearer than a missing person, emptying the
    shift would be the cheapest "fix".  A best-effort repair should move people (several cells)
    to give a shift its lead before it leaves the shift without."""
    assert 2 * CHANGE_WEIGHT < LEAD_GAP_WEIGHT < ELASTIC_WEIGHT
    assert rule_label(LEAD_GAP, "zh").endswith(f"（{LEAD_GAP}）") and rule_label(LEAD_GAP, "en") == LEAD_GAP


def test_the_elastic_model_leaves_exactly_the_unavoidable_lead_gaps():
    """Three days with one lead for two staffed shifts: three gaps, each on one of those days,
    every minimum covered (no shift emptied to dodge its lead), and the checker reports each
    gap as a hard violation of handover, naming who is on that shift."""
    t, h = two_leads_one_away()
    rules = [Assignment(), Coverage(), lead_rule()]
    rm = build_model(t, h, rules, elastic=True)
    solver = _solver(10.0)
    assert STATUS_NAMES[solver.solve(rm.model)] == "OPTIMAL"
    assert solver.objective_value == 3 * LEAD_GAP_WEIGHT
    read = sorted(key for key, var in rm.context.shared[LEAD_GAPS].items() if solver.value(var))
    result = check_roster(t, h, rm.vars.extract(solver), rules)
    assert [v.rule for v in result.hard] == ["handover"] * 3, result.hard
    assert sorted(lead_gaps_of(result)) == read
    assert sorted(date for date, _ in read) == [d(2), d(3), d(4)]
    for v in result.hard:
        assert "no team lead on duty" in v.message and v.data["code"] == LEAD_GAP and v.data["people"]


@pytest.mark.parametrize("patterns", [
    {"A": "DDDDDDD", "B": "NN---NN", "C": "--NNN--"},  # C's nights on B's leave: three gaps
    {"A": "DDNNNDD", "B": "NN---NN", "C": "--DDD--"},  # A moves to nights: the days go without
    {"A": "DDDDDDD", "B": "NN---NN", "C": "-------"},  # nights left empty: nothing to lead
], ids=["nights-without-lead", "days-without-lead", "empty-nights"])
def test_a_gap_reads_1_exactly_where_the_checker_finds_a_shift_without_a_lead(patterns):
    """The gaps are tied both ways (1 exactly when the shift is staffed without a lead), so the
    values of any solution, not only an optimal one, name the right shifts: with the roster
    fixed and nothing to optimise, the model's gaps are the checker's."""
    t, h = two_leads_one_away()
    rules = [lead_rule()]
    r = roster(h, {**patterns, "B": patterns["B"][:2] + "LLL" + patterns["B"][5:]})
    rm = build_model(t, h, rules, elastic=True, fixed=r)
    rm.model.clear_objective()
    solver = _solver(10.0)
    status = STATUS_NAMES[solver.solve(rm.model)]
    assert_feasible(status)
    read = sorted(key for key, var in rm.context.shared[LEAD_GAPS].items() if solver.value(var))
    assert read == sorted(lead_gaps_of(check_roster(t, h, r, rules)))


# --------------------------------------------------------------- generate: explain, best effort
def _month_with_two_leads():
    """March 2027, eight agents of whom two are leads, a day and a night shift every day and a
    lead on every staffed shift: each day two leads for two shifts (no head count says
    anything), but each lead works at most 27 days under the rest-day rule, 54 of 62 places."""
    people = staff([f"P{k}" for k in range(8)], P0={"lead": True}, P1={"lead": True})
    t = replace(team(people, demand=[demand("all", "D", 1), demand("all", "N", 1)]),
                rule_overrides=[("handover.lead_per_shift", "yes", 2)])
    return t, effective_profile(t)


def test_best_effort_generate_gives_the_roster_with_the_lead_gaps_the_explanation_names():
    """``generate --best-effort`` (engine) writes a roster whose only hard findings are the lead
    gaps; the diagnosis read the same gaps from the handover rule's elastic model and names
    them: how many, shifts and dates, the leads, what to change."""
    t, prof = _month_with_two_leads()
    plan = generate(t, 2027, 3, prof, time_limit=1.5, best_effort=True)
    assert plan.best_effort and plan.roster.info.status.startswith("BEST_EFFORT/")
    gaps = lead_gaps_of(plan.check)
    assert len(plan.check.hard) == len(gaps) >= 8  # 62 places, at most 54 with a lead
    assert sorted(plan.diagnosis.lead_gaps) == sorted(gaps)
    text = "\n".join(plan.diagnosis.reasons)
    assert f"at least {len(gaps)} staffed shift(s) cannot have a team lead on duty, for example" in text, text
    assert "2027-03-" in text and "Team leads who can work then: P0, P1" in text, text
    assert "62 staffed shifts need a team lead, but the 2 lead(s) (at most 27 each) can work at most 54" in text
    assert "--best-effort writes" not in text  # the advice is for those who did not use it


def lead_book(path: Path, leads: int) -> Path:
    """A team workbook of eight agents P0..P7, the first ``leads`` of them team leads, a day and
    a night shift of one person every day, and a lead required on every staffed shift."""
    sheets = team_sheets()
    sheets["Staff"] = [sheets["Staff"][0],
                       *([f"P{k}", f"Agent {k}", "pre", "chat", "", "yes" if k < leads else "no"] for k in range(8))]
    sheets["Demand"] = [sheets["Demand"][0], ["all", "D", None, 1, 1], ["all", "N", None, 1, 1]]
    sheets["Leave"] = sheets["Leave"][:1]
    sheets["Requests"] = sheets["Requests"][:1]
    sheets["Rules"] = [["rule", "value"], ["handover.lead_per_shift", "yes"]]
    return write_book(path, sheets)


def test_cli_best_effort_generate_writes_the_roster_and_its_check_lists_each_gap(tmp_path):
    """Through the CLI: without --best-effort exit 3 with the shifts left without a lead (in
    Chinese too) and the advice to use it; with it the roster is written (exit 0, as for a
    best-effort roster with shortfalls), and ``check`` of that roster exits 1 with one
    handover violation per gap, and no other hard finding."""
    book = lead_book(tmp_path / "team.xlsx", leads=2)
    out = tmp_path / "r.xlsx"
    refused = run("generate", book, "--month", MONTH, "-o", out, "--time-limit", "1.5", "--json", lang="zh")
    assert refused.exit_code == 3 and not out.exists(), refused.output
    reasons = json.loads(refused.stdout)["reasons"]
    lead = [r for r in reasons if "无法安排组长在岗" in r]
    assert lead and "2027-03-" in lead[0] and "P0、P1" in lead[0], reasons
    assert any("--best-effort" in r for r in reasons), reasons
    best = run("generate", book, "--month", MONTH, "-o", out, "--time-limit", "1.5", "--best-effort")
    assert best.exit_code == 0 and out.exists(), best.output
    # Every minimum is met: the headline speaks of leads, not of "the smallest shortfall".
    assert "Every minimum is met, but not every shift can have a team lead" in best.output, best.output
    assert "smallest shortfall" not in best.output
    checked = run("check", out, "--json")
    assert checked.exit_code == 1, checked.output
    hard = json.loads(checked.stdout)["hard_violations"]
    assert hard and all(v["rule"] == "handover" and v["data"]["code"] == LEAD_GAP for v in hard), hard
    assert all("no team lead on duty" in v["message"] and v["date"].startswith("2027-03-") for v in hard)
    assert len(hard) >= 8


def test_cli_best_effort_repair_writes_the_repair_with_lead_gaps(tmp_path):
    """Two of three leads fall sick for five days: one lead for two staffed shifts a day, so no
    repair keeps a lead on every shift (exit 3, the days and the lead named); ``repair
    --best-effort`` writes the repair with the fewest shifts without a lead, all in those days."""
    book = lead_book(tmp_path / "team.xlsx", leads=3)
    made = tmp_path / "r.xlsx"
    assert run("generate", book, "--month", MONTH, "-o", made, "--time-limit", "1.5").exit_code == 0
    leave = ["--leave", "P0:2027-03-10..2027-03-14", "--leave", "P1:2027-03-10..2027-03-14", "--from", "2027-03-10"]
    out = tmp_path / "v2.xlsx"
    refused = run("repair", made, *leave, "-o", out, "--time-limit", "1.5")
    assert refused.exit_code == 3 and not out.exists(), refused.output
    assert "only 1 lead(s) can work that day (P2); on leave: P0, P1" in refused.output, refused.output
    best = run("repair", made, *leave, "-o", out, "--time-limit", "1.5", "--best-effort", lang="zh")
    assert best.exit_code == 0 and out.exists(), best.output
    said = " ".join(best.output.split())
    assert "最少人数均已满足，但无法每班都有组长" in said, said
    checked = run("check", out, "--json")
    assert checked.exit_code == 1, checked.output
    hard = json.loads(checked.stdout)["hard_violations"]
    assert len(hard) >= 5 and all(v["data"].get("code") == LEAD_GAP for v in hard), hard
    assert {v["date"] for v in hard} <= {f"2027-03-{day}" for day in range(10, 15)}, hard
    # the reasons name the gaps of the roster written, not those of another best effort
    assert "2027-03-10 至 2027-03-14 共 5 天" in said and "（D、N）" in said, said


def test_the_lead_conflict_names_the_rule_that_keeps_a_lead_off_and_only_that():
    """One lead for a day shift every day of a week, at most five days in a row: one shift must
    go without a lead, and without rule consecutive_days none would.  The deletion test asks a
    yes/no question (no open lead place, no more people missing than the least roster); it
    names consecutive_days and neither the handover rule itself nor a rule whose removal would
    only let people stay at home."""
    from roster.explain import Pinned, _lead_conflict_reasons
    from roster.profile import SolverSettings
    from roster.rules import ConsecutiveDays

    people = staff(["A", "B", "C"], A={"lead": True})
    t = team(people, demand=[demand("all", "D", 1)])
    h = horizon(t)
    rules = [Assignment(), Coverage(), ConsecutiveDays(ConsecutiveDays.Params(max_days=5)), lead_rule()]
    settings = SolverSettings(workers=1, deterministic=True)
    [reason] = _lead_conflict_reasons(t, h, rules, settings, 1.0, Pinned(), cap=0)
    assert "Without rule consecutive_days (now consecutive_days.max_days = 5)" in reason, reason
    assert "handover" not in reason

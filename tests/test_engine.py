"""The engine: generate a month on small teams (checked OK), explain infeasibility, best effort,
Rules-sheet overrides, reproducibility, and check on a hand-made roster."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from conftest import demand, history, staff, team

from roster.calendar import month_dates
from roster.checker import check_roster
from roster.domain import REST, Leave, Request, Roster
from roster.engine import (
    check,
    effective_profile,
    generate,
    history_notes,
    month_span,
    with_previous,
)
from roster.errors import InfeasibleError, InputError
from roster.rules import build_rules

MARCH = month_dates(2027, 3)


def small_team(**kw):
    return team(4, demand=[demand("all", "D", 1, 2), demand("all", "N", 1)], **kw)


def profile_for(t, **solver):
    prof = effective_profile(t)
    prof.solver = prof.solver.model_copy(update={"workers": 2, **solver})
    return prof


@pytest.fixture(scope="module")
def plan():
    t = small_team(requests=[Request("A", dt.date(2027, 3, 3), REST, True, 2)],
                   leave=[Leave("B", dt.date(2027, 3, 10), dt.date(2027, 3, 12))])
    return generate(t, 2027, 3, profile_for(t), time_limit=3)


def test_generate_small_team_is_checked_ok(plan):
    assert plan.roster.dates == MARCH
    assert plan.info.status in ("OPTIMAL", "FEASIBLE")
    assert plan.check.ok
    again = check_roster(plan.team, plan.horizon, plan.roster, build_rules(plan.profile))
    assert again.ok and again.total_cost == plan.check.total_cost
    if plan.info.status == "OPTIMAL":
        assert plan.info.objective == pytest.approx(plan.check.total_cost)
    else:  # a FEASIBLE solution's penalty variables may hold slack: the objective is an upper bound
        assert plan.info.objective >= plan.check.total_cost - 1e-6
    assert {plan.roster.get("B", d) for d in (dt.date(2027, 3, k) for k in (10, 11, 12))} == {"LEAVE"}


def test_generate_reports_named_penalties(plan):
    assert sum(cost for cost, _ in plan.info.penalties.values()) == pytest.approx(plan.info.objective)
    if plan.info.status == "OPTIMAL":
        assert plan.info.penalties == plan.check.cost_by_rule


def test_infeasible_demand_names_date_shift_and_numbers():
    t = team(3, demand=[demand("all", "D", 5)])
    with pytest.raises(InfeasibleError) as info:
        generate(t, 2027, 3, profile_for(t), time_limit=3)
    err = info.value
    assert err.exit_code == 3
    assert "2027-03" in str(err)
    assert err.reasons, "no reasons given"
    first = err.reasons[0]
    assert "2027-03-01" in first and " D " in first and "needs 5" in first and "only 3" in first


def test_infeasible_keeps_the_notes_that_may_explain_it():
    """The notes (here a History from January, for March) often are the cause of an infeasible
    month: they travel with the error and are printed after the reasons."""
    from roster.cli import _format_error

    t = team(3, demand=[demand("all", "D", 5)], history=history(dt.date(2027, 1, 25), {"A": "DDD"}))
    with pytest.raises(InfeasibleError) as info:
        generate(t, 2027, 3, profile_for(t), time_limit=3)
    (note,) = [n for n in info.value.notes if n.startswith("History ends on 2027-01-27")]
    assert _format_error(info.value).endswith(note)


def test_an_unproven_least_shortfall_is_said_to_be_one(monkeypatch):
    """When the least-shortfall solve runs out of time, its figures are what was found: the
    reasons say so (here the solve is made to report FEASIBLE instead of OPTIMAL)."""
    import roster.explain as explain

    solve = explain._solve

    def unproven(*args, **kwargs):
        outcome = solve(*args, **kwargs)
        return replace(outcome, status="FEASIBLE") if kwargs.get("shortfall_only") else outcome

    t = team(3, demand=[demand("all", "D", 5)])
    for patched, expected in ((False, False), (True, True)):
        if patched:
            monkeypatch.setattr(explain, "_solve", unproven)
        with pytest.raises(InfeasibleError) as info:
            generate(t, 2027, 3, profile_for(t), time_limit=3)
        said = any("not proven the least" in r for r in info.value.reasons)
        assert said == expected, info.value.reasons


def test_infeasible_day_names_the_days_head_count_over_its_shifts():
    """3 on the day shift plus 2 on the night with 4 people: each shift alone is staffable, so
    the reasons listed per-shift shortfalls "under the hard rules" but named no rule; the cause
    is the day's head count, and it is said in those terms, once for all such dates."""
    t = team(4, demand=[demand("all", "D", 3), demand("all", "N", 2)])
    with pytest.raises(InfeasibleError) as info:
        generate(t, 2027, 3, profile_for(t), time_limit=3)
    first = info.value.reasons[0]
    assert "31 dates from 2027-03-01 to 2027-03-31" in first, info.value.reasons
    assert "add up to 5 people (D 3 + N 2), but only 4 can work that day" in first


def test_infeasible_by_rules_names_the_short_day_or_rule():
    """Enough people in head count, but rest rules make the demand impossible."""
    t = team(2, demand=[demand("all", "D", 2)])
    with pytest.raises(InfeasibleError) as info:
        generate(t, 2027, 3, profile_for(t), time_limit=3)
    text = "\n".join(info.value.reasons)
    assert "2027-03" in text and "needs 2" in text, text


def test_infeasible_history_conflict_names_the_rule():
    """History: A worked six days up to 28 Feb and is the only person; 1 March needs one day shift."""
    hist = history(dt.date(2027, 2, 23), {"A": "DDDDDD"})
    t = team(1, demand=[demand("2027-03-01", "D", 1)], history=hist)
    with pytest.raises(InfeasibleError) as info:
        generate(t, 2027, 3, profile_for(t), time_limit=3)
    text = "\n".join(info.value.reasons)
    assert "2027-03-01" in text and "consecutive_days" in text, text


def test_infeasible_first_day_bound_by_two_history_rows_says_history():
    """A worked the six days up to 28 Feb (a rest is due), B worked the night of 28 Feb (too little
    rest before a day shift).  Without the History 1 March is easy: the message says so, in both
    languages, beside whichever rules' relaxation would also help."""
    from roster import i18n

    hist = history(dt.date(2027, 2, 23), {"A": "DDDDDD"}) | history(dt.date(2027, 2, 28), {"B": "N"})
    t = team(2, demand=[demand("2027-03-01", "D", 1)], history=hist)
    texts = {}
    for lang in ("en", "zh"):
        i18n.set_language(lang)
        try:
            with pytest.raises(InfeasibleError) as info:
                generate(t, 2027, 3, profile_for(t), time_limit=3)
        finally:
            i18n.set_language("en")
        texts[lang] = "\n".join(info.value.reasons)
    assert "2027-03-01 D" in texts["en"] and "the History sheet binds this day" in texts["en"], texts["en"]
    assert "这是历史表（月初之前的排班）造成的" in texts["zh"], texts["zh"]


def test_a_relaxation_that_only_moves_the_shortage_is_not_named():
    """One person, a day shift every day, at least 8 rest days: 8 days are short.  Without
    consecutive_days still 8 are (the shortage can only move), so it is not named; without
    rest_days only the 4 forced by six-in-a-row remain, so rest_days is."""
    t = replace(team(1, demand=[demand("all", "D", 1)]), rule_overrides=[("rest_days.min", 8, 2)])
    with pytest.raises(InfeasibleError) as info:
        generate(t, 2027, 3, profile_for(t), time_limit=3)
    reasons = info.value.reasons
    assert sum("needs 1, at most 0" in r for r in reasons) == 8, reasons
    assert any("relaxing rest_days would help" in r for r in reasons), reasons
    assert not any("consecutive_days" in r for r in reasons), reasons


def test_best_effort_lists_the_coverage_violations():
    t = team(3, demand=[demand("all", "D", 5)])
    plan = generate(t, 2027, 3, profile_for(t), time_limit=3, best_effort=True)
    assert plan.best_effort
    assert plan.info.status.startswith("BEST_EFFORT/")
    assert plan.check.hard_rules() == ["coverage"]
    dates = {v.date for v in plan.check.hard}
    assert dates == set(MARCH)
    v = plan.check.hard[0]
    assert "at least 5 needed" in v.message and v.data["gap"] >= 2
    assert plan.diagnosis.reasons


def test_rules_sheet_overrides_apply():
    t = small_team()
    t.rule_overrides = [("consecutive_days.max_days", 3, 2), ("rest_between_shifts.min_hours", "12", 3),
                        ("handover.night_to_day", "否", 4), ("solver.seed", 7, 5)]
    prof = effective_profile(t)
    rules = {r.name: r for r in build_rules(prof)}
    assert rules["consecutive_days"].params.max_days == 3
    assert rules["rest_between_shifts"].params.min_hours == 12
    assert rules["handover"].params.night_to_day is False
    assert prof.solver.seed == 7
    plan = generate(t, 2027, 3, prof, time_limit=1)  # hard limits are judged, not the roster's cost
    assert plan.check.ok
    for p in t.staff:
        run = 0
        for d in MARCH:
            run = run + 1 if plan.roster.works(p.id, d) else 0
            assert run <= 3, f"{p.id} works more than 3 days in a row up to {d}"
    assert ("consecutive_days.max_days", 3) in plan.effective_rules()




@pytest.mark.parametrize(("key", "value", "words"), [
    pytest.param("consecutive_days.max_days", "many", ["row 9", "consecutive_days.max_days"]),
    ("nosuchrule.x", 1, ["row 9", "unknown rule 'nosuchrule'"]),
    pytest.param("rest_days", 3, ["row 9", "RULE.PARAMETER"]),
    pytest.param("rest_days.min", 12, ["row 9", "rest_days.min"]),  # above the default max 10
])
def test_bad_rules_sheet_override_is_input_error(key, value, words):
    t = small_team()
    t.rule_overrides = [(key, value, 9)]
    with pytest.raises(InputError) as info:
        effective_profile(t)
    for word in words:
        assert word in str(info.value)


def test_deterministic_settings_give_the_same_roster_twice():
    t = small_team()
    prof = profile_for(t, deterministic=True, seed=3)
    first = generate(t, 2027, 3, prof, time_limit=0.7)
    second = generate(t, 2027, 3, prof, time_limit=0.7)
    assert first.roster.cells == second.roster.cells
    assert first.info.objective == second.info.objective


def test_previous_roster_extends_history():
    t = team(1, demand=[demand("2027-03-01", "D", 1)])
    prev = Roster([dt.date(2027, 2, 28)], {("A", dt.date(2027, 2, 28)): "N"})
    t2 = with_previous(t, prev)
    assert t2.history[("A", dt.date(2027, 2, 28))] == "N" and t.history == {}
    # N on 28 Feb then D on Monday 1 Mar: 7.5 h rest, and a day/night change on a Monday
    with pytest.raises(InfeasibleError) as info:
        generate(t2, 2027, 3, profile_for(t2), time_limit=3)
    text = "\n".join(info.value.reasons)
    assert "2027-03-01 D" in text and "needs 1, at most 0" in text, text


def test_history_rows_inside_the_month_are_reported_not_silently_ignored():
    """History rows dated in (or after) the planned month cannot be used: the roster decides
    those days.  generate says how many and which dates, so a wrong year is noticed."""
    t = small_team(history=history(dt.date(2027, 2, 27), {"A": "DDD"}) | {("B", dt.date(2027, 4, 2)): "N"})
    plan = generate(t, 2027, 3, profile_for(t), time_limit=1)  # the note is judged, not the roster's cost
    (note,) = [n for n in plan.notes if n.startswith("History rows not used")]
    assert "2, dated 2027-03-01..2027-04-02, not before 2027-03-01" in note
    assert history_notes(small_team(history=history(dt.date(2027, 2, 26), {"A": "DDD"})), MARCH[0]) == []
    # A History left from an earlier month binds nothing: said, with --previous as the way out.
    (stale,) = history_notes(small_team(history=history(dt.date(2027, 1, 29), {"A": "DDD"})), MARCH[0])
    assert stale.startswith("History ends on 2027-01-31, 29 days before the month starts (2027-03-01)"), stale
    assert "--previous" in stale
    assert history_notes(small_team(history=history(dt.date(2027, 2, 21), {"A": "DD"})), MARCH[0]) == []  # 7 days


def test_check_on_hand_made_roster_reports_missing_dates_and_breaks():
    t = small_team()
    cells = {(p.id, d): REST for p in t.staff for d in MARCH}
    for d in MARCH[:8]:
        cells["A", d] = "D"
    roster = Roster(MARCH[:-1], {k: v for k, v in cells.items() if k[1] != MARCH[-1]})
    plan = check(t, roster, effective_profile(t))
    assert plan.horizon.dates == MARCH
    assert not plan.check.ok
    rules = set(plan.check.hard_rules())
    assert {"assignment", "coverage", "consecutive_days"} <= rules
    (v,) = [v for v in plan.check.hard if v.rule == "consecutive_days"]
    assert v.staff_id == "A" and v.date == MARCH[6]
    assert any(v.rule == "assignment" and v.date == MARCH[-1] for v in plan.check.hard)


def test_month_span():
    assert month_span([dt.date(2027, 2, 3), dt.date(2027, 2, 10)])[-1] == dt.date(2027, 2, 28)
    assert month_span([dt.date(2027, 12, 31)])[0] == dt.date(2027, 12, 1)
    assert len(month_span([dt.date(2027, 12, 31)])) == 31
    assert month_span([]) == []


def test_generate_with_skills_and_allowed_shifts():
    people = staff(["A", "B", "C", "D", "E"], A={"skills": ("chat", "phone"), "lead": True},
                   B={"skills": ("chat",), "shifts": ("D",)}, C={"skills": ("phone",)},
                   D={"skills": ("chat",)}, E={"skills": ("phone",), "shifts": ("N",)})
    t = team(people, demand=[demand("all", "D", 1, skill="chat"), demand("all", "D", 1, skill="phone"),
                             demand("all", "N", 1)])
    plan = generate(t, 2027, 3, profile_for(t), time_limit=3)
    assert plan.check.ok
    for d in MARCH:
        assert all(plan.roster.get("B", d) != "N" and plan.roster.get("E", d) != "D" for _ in [0])
        assert sum(plan.roster.get(p, d) == "D" for p in "ABCDE") >= 2


def test_a_year_without_its_official_schedule_is_named_and_holidays_speak_the_language():
    """No make-up working days in the official calendar means the year's schedule is not known
    yet (every year since 2001 has some): generate says so and asks for the Holidays sheet,
    unless that sheet already lists the year's make-up days.  2040 stands for such a year."""
    from roster import i18n
    from roster.calendar import calendar_notes, official_calendar
    from roster.domain import DayType, HolidayEntry

    t = small_team()
    (note,) = calendar_notes(t, month_dates(2040, 10))
    assert note.startswith("The official calendar has no make-up working days (调休上班) for 2040"), note
    assert "Holidays sheet" in note
    assert calendar_notes(t, month_dates(2026, 10)) == []  # published: 2026-09-20 and 10-10 are worked
    listed = replace(t, holidays=[HolidayEntry(dt.date(2040, 9, 29), "调休", DayType.WORKDAY)])
    assert calendar_notes(listed, month_dates(2040, 10)) == []
    plan = generate(t, 2040, 2, profile_for(t), time_limit=1)  # the note is judged, not the roster's cost
    assert any("for 2040" in n for n in plan.notes), plan.notes
    # The holidays' names follow --lang, not the machine's locale.
    names = {}
    for lang in ("en", "zh"):
        i18n.set_language(lang)
        try:
            names[lang] = official_calendar([2026])[0][dt.date(2026, 10, 1)]
        finally:
            i18n.set_language("en")
    assert names == {"en": "National Day", "zh": "国庆节"}


def test_leave_inside_a_leave_freeze_is_honoured_and_named():
    """Annual leave that slipped into a promotion with leave frozen: the roster keeps it (sick
    leave cannot wait) and generate names it, so the manager can take it out if unapproved."""
    from roster.domain import Promotion
    from roster.engine import frozen_leave_notes

    t = replace(small_team(), promotions=[Promotion("618", dt.date(2027, 2, 20), dt.date(2027, 3, 3), 1.0, True)],
                leave=[Leave("A", dt.date(2027, 3, 2), dt.date(2027, 3, 9), "annual"),
                       Leave("B", dt.date(2027, 3, 10), dt.date(2027, 3, 12))])
    assert frozen_leave_notes(t, MARCH) == [
        "Leave during 618 (leave frozen 2027-02-20..2027-03-03), honoured as entered: A 2027-03-02..2027-03-03 "
        "(annual). Remove it from the Leave sheet if it was not approved."]
    unfrozen = replace(t, promotions=[replace(t.promotions[0], freeze_leave=False)])
    assert frozen_leave_notes(unfrozen, MARCH) == []
    plan = generate(t, 2027, 3, profile_for(t), time_limit=1)  # the note and the leave, not the cost
    assert any(n.startswith("Leave during 618") for n in plan.notes), plan.notes
    assert plan.roster.get("A", dt.date(2027, 3, 2)) == "LEAVE"


def test_diagnosis_of_a_repair_keeps_its_days_and_says_when_they_bind():
    """A repair keeps the days before its --from: the diagnosis must judge that problem, not the
    easier one without them (it used to find nothing short and give no reason), and say that
    starting earlier would help.  A worked the six kept days; B is on leave on day 7, which
    needs one day shift."""
    from roster.calendar import horizon_for_dates
    from roster.explain import diagnose

    t = team(2, demand=[demand("all", "D", 1)], leave=[Leave("B", dt.date(2027, 3, 7), dt.date(2027, 3, 7))])
    dates = [dt.date(2027, 3, 1) + dt.timedelta(days=k) for k in range(14)]
    horizon = horizon_for_dates(t, dates)
    kept = Roster(dates, {**{("A", d): "D" for d in dates[:6]}, **{("B", d): REST for d in dates[:6]}})
    profile = profile_for(t)
    rules = build_rules(profile)
    free = diagnose(t, horizon, rules, profile.solver, 3)
    assert free.missing == 0 and free.reasons == []
    pinned = diagnose(t, horizon, rules, profile.solver, 3, fixed=kept, fixed_dates=dates[:6])
    assert pinned.missing >= 1
    text = "\n".join(pinned.reasons)
    assert "2027-03-07 D" in text and "the days before 2027-03-07" in text and "--from" in text, text


def test_weekend_days_inside_an_official_holiday_block_are_holidays():
    """The State Council announces each holiday as a block of rest days, but the ``holidays``
    package lists only the statutory and substituted days: 2026-10-04 (a Sunday in National
    Day) and 2026-02-21/22 (in the Spring Festival) came out as weekends, so weekend demand
    applied and they did not count as holiday duty.  The blocks below are the official ones;
    a Holidays-sheet entry still wins, and a weekend after a make-up working day stays one."""
    from roster.calendar import classify_days
    from roster.domain import DayType, HolidayEntry

    def holidays_in(year, month, overrides=()):
        return [d.date.day for d in classify_days(month_dates(year, month), list(overrides), [])
                if d.type == DayType.HOLIDAY]

    assert holidays_in(2026, 10) == [1, 2, 3, 4, 5, 6, 7]  # 国庆 10月1日至7日; 10-10 (Sat) is worked
    assert holidays_in(2026, 2) == list(range(15, 24))  # 春节 2月15日至23日; 2-14 and 2-28 are worked
    assert holidays_in(2026, 1) == [1, 2, 3]  # 元旦 1月1日至3日; 1-4 (Sun) is worked
    assert holidays_in(2026, 4) == [4, 5, 6]  # 清明 4月4日（周六）至6日
    assert holidays_in(2026, 5) == [1, 2, 3, 4, 5]  # 劳动节 5月1日至5日
    assert holidays_in(2026, 12) == []
    days = {d.date: d for d in classify_days(month_dates(2026, 10), [], [])}
    assert days[dt.date(2026, 10, 4)].holiday_name == days[dt.date(2026, 10, 3)].holiday_name
    assert days[dt.date(2026, 10, 11)].type == DayType.WEEKEND  # joined to the block only by a worked Saturday
    worked = HolidayEntry(dt.date(2026, 10, 4), "值班", DayType.WORKDAY)
    assert holidays_in(2026, 10, [worked]) == [1, 2, 3, 5, 6, 7]


def test_rows_dated_outside_the_month_are_reported_not_silently_dropped():
    """A wish, a dated demand row or leave typed with the wrong year or month is not used for
    this month; generate says which, per sheet, instead of the rows vanishing."""
    from roster.calendar import outside_month_notes

    t = replace(small_team(), requests=[Request("A", dt.date(2026, 3, 3), REST, True, 2),
                                        Request("B", dt.date(2027, 3, 9), REST, True, 1)],
                leave=[Leave("C", dt.date(2027, 4, 2), dt.date(2027, 4, 5)),
                       Leave("D", dt.date(2027, 2, 27), dt.date(2027, 3, 2))],
                demand=[*small_team().demand, replace(demand("2027-04-01", "D", 3), source_row=7)])
    notes = outside_month_notes(t, MARCH, "2027-03")
    assert notes == [
        "Requests rows not used: 1 dated outside 2027-03 (A 2026-03-03). Check the year and month if they were "
        "meant for this roster.",
        "Demand rows not used: 1 dated outside 2027-03 (row 7: 2027-04-01). Check the year and month if they were "
        "meant for this roster.",
        "Leave rows not used: 1 dated outside 2027-03 (C 2027-04-02..2027-04-05). Check the year and month if "
        "they were meant for this roster."]
    assert outside_month_notes(small_team(), MARCH, "2027-03") == []
    plan = generate(t, 2027, 3, profile_for(t), time_limit=1)  # the notes are judged, not the roster's cost
    assert [n for n in plan.notes if "dated outside" in n] == notes


def test_a_search_out_of_time_is_not_called_infeasible(monkeypatch):
    """No roster within the limit (UNKNOWN) is not proof that none exists: the message says the
    search ran out of time and what to do, instead of reading like an infeasible month."""
    from roster import engine
    from roster.domain import SolveInfo
    from roster.solve import SolveOutcome

    def out_of_time(*args, **kwargs):
        return SolveOutcome("UNKNOWN", None, SolveInfo("UNKNOWN"))

    monkeypatch.setattr(engine, "solve_with_first_roster", out_of_time)
    t = small_team()
    with pytest.raises(InfeasibleError) as info:
        generate(t, 2027, 3, profile_for(t), time_limit=10)
    text = str(info.value)
    assert "No roster for 2027-03 found within 10 s (status UNKNOWN)" in text
    assert "does not mean that none exists" in text and "--time-limit (e.g. 60)" in text


def test_people_who_cannot_keep_the_rules_even_alone_are_named():
    """A day-shift-only agent under a 16-hour rest between shifts cannot work two days running,
    so no month keeps the rest-day cap for them: the message used to say only "without rule
    rest_days a roster exists"; it now names that person and their allowed shifts."""
    people = staff("ABCD", A={"shifts": ("D",)})
    t = replace(team(people, demand=[demand("all", "D", 1), demand("all", "N", 1)]),
                rule_overrides=[("rest_between_shifts.min_hours", 16, 2)])
    with pytest.raises(InfeasibleError) as info:
        generate(t, 2027, 3, profile_for(t), time_limit=3)
    text = "\n".join(info.value.reasons)
    assert "Even on their own, A (shifts D) cannot keep every hard rule in this month" in text, text
    assert "B (" not in text


def test_a_month_with_no_demand_at_all_is_bad_input():
    """Demand, Intervals and Forecast rows all for other months (or none at all): a roster
    against no demand is no answer, so generate says which sheets it looked at (exit 2)."""
    t = team(4, demand=[demand("2027-04-01", "D", 1)])
    with pytest.raises(InputError) as info:
        generate(t, 2027, 3, profile_for(t), time_limit=2)
    assert "Nothing to staff in 2027-03" in str(info.value) and "Demand sheet (1 rows)" in str(info.value)

"""Interval demand: resolution onto dates, the rule's model side (fixed patterns must be
feasible or infeasible) and its checker side (violations in words), past-midnight and split
shifts, the History tail's night on the month's first day, one skill per person, elastic mode,
and the hand-over between shift demand and interval demand in the coverage rule."""

from __future__ import annotations

import pytest
from conftest import (
    DAY,
    MONDAY,
    NIGHT,
    SPLIT,
    assert_feasible,
    assert_infeasible,
    check,
    d,
    demand,
    history,
    horizon,
    of_rule,
    roster,
    solve_fixed,
    solve_fixed_cost,
    solve_free,
    staff,
    team,
)

from roster.domain import IntervalRow, Leave, Promotion, Shift, ShiftKind
from roster.errors import InputError
from roster.i18n import set_language
from roster.reports import interval_coverage_table
from roster.rules.base import CheckContext, on_duty_index
from roster.rules.coverage import ELASTIC_WEIGHT, Coverage
from roster.rules.intervals import IntervalParams, Intervals, hall_sets
from roster.timeline import covers, pieces

EARLY = Shift("E", "Early", ((8 * 60, 16 * 60),), ShiftKind.DAY)  # 08:00-16:00
LATE = Shift("T", "Late", ((12 * 60, 20 * 60),), ShiftKind.DAY)  # 12:00-20:00
SHIFTS = (EARLY, LATE, NIGHT, SPLIT)


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def row(day: str, start: str, end: str, agents: int, skill: str | None = None) -> IntervalRow:
    low, high = hm(start), hm(end)
    return IntervalRow(day, low, high if high > low else high + 24 * 60, skill, agents)


def interval_team(rows, people=None, **kwargs):
    t = team(people or staff(["A", "B", "C"]), shifts=kwargs.pop("shifts", SHIFTS), **kwargs)
    t.intervals = list(rows)
    return t


def no_over() -> Intervals:
    return Intervals(IntervalParams(over_weight=0))


# ------------------------------------------------------------------------------ model + checker
AFTER_MIDNIGHT = [row("2027-03-02", "00:00", "00:30", 1), row("2027-03-03", "00:00", "00:30", 1)]
# (rows, patterns over 3 days, expected short (date, "HH:MM-HH:MM", skill) or None)
CASES = [
    pytest.param([row("all", "08:00", "08:30", 1), row("all", "12:00", "12:30", 2)],
                 {"A": "EEE", "B": "TTT", "C": "---"}, None, id="met-by-two-starts"),
    pytest.param([row("all", "12:00", "12:30", 2)],
                 {"A": "EEE", "B": "T-T", "C": "---"}, (d(1), "12:00-12:30", None), id="one-missing"),
    pytest.param([row("all", "16:00", "16:30", 1)],
                 {"A": "EEE", "B": "---", "C": "---"}, (d(0), "16:00-16:30", None), id="shift-ends-at-interval-start"),
    pytest.param(AFTER_MIDNIGHT, {"A": "NN-", "B": "---", "C": "---"}, None,
                 id="last-night-counts-after-midnight"),
    pytest.param(AFTER_MIDNIGHT, {"A": "N-N", "B": "---", "C": "---"}, (d(2), "00:00-00:30", None),
                 id="no-night-before"),
    pytest.param([row("all", "23:30", "00:30", 1)],
                 {"A": "NNN", "B": "---", "C": "---"}, None, id="row-past-midnight-belongs-to-start-date"),
    pytest.param([row("all", "12:00", "13:00", 1), row("all", "18:00", "18:30", 1)],
                 {"A": "SSS", "B": "---", "C": "---"}, None, id="split-shift-both-segments"),
    pytest.param([row("all", "15:00", "15:30", 1)],
                 {"A": "SSS", "B": "---", "C": "---"}, (d(0), "15:00-15:30", None), id="split-shift-gap"),
    pytest.param([row("all", "13:30", "14:30", 1)],
                 {"A": "SSS", "B": "---", "C": "---"}, (d(0), "13:30-14:30", None), id="split-shift-partly"),
    # Per minute: A leaves at 16:00, B is there from 12:00; between them someone is always on.
    pytest.param([row("all", "15:00", "17:00", 1)],
                 {"A": "EEE", "B": "TTT", "C": "---"}, None, id="handover-inside-interval"),
    pytest.param([row("all", "15:00", "17:00", 2)],
                 {"A": "EEE", "B": "TTT", "C": "---"}, (d(0), "15:00-17:00", None), id="two-needed-all-along"),
]


@pytest.mark.parametrize(("rows", "patterns", "short"), CASES)
def test_interval_model(rows, patterns, short):
    t = interval_team(rows)
    h = horizon(t, count=3)
    status = solve_fixed(t, h, [no_over()], roster(h, patterns))
    if short is None:
        assert_feasible(status)
    else:
        assert_infeasible(status)


@pytest.mark.parametrize(("rows", "patterns", "short"), CASES)
def test_interval_checker(rows, patterns, short):
    t = interval_team(rows)
    h = horizon(t, count=3)
    found = of_rule(check(t, h, [no_over()], roster(h, patterns)), "intervals")
    if short is None:
        assert found == []
        return
    first = found[0]
    date, label, _ = short
    assert (first.date, first.hard) == (date, True), [v.message for v in found]
    assert label in first.message and date.isoformat() in first.message


def test_checker_message_names_day_interval_skill_and_numbers():
    people = staff(["A", "B"], A={"skills": ("chat",)}, B={"skills": ("chat",)})
    t = interval_team([row("2027-03-01", "20:00", "20:30", 3, "chat")], people)
    h = horizon(t, count=1)
    found = of_rule(check(t, h, [no_over()], roster(h, {"A": "N", "B": "N"})), "intervals")
    assert [v.message for v in found] == ["2027-03-01 20:00-20:30 (chat): 2 on duty, 3 needed (1 missing)"]
    assert found[0].data == {"from": "20:00", "to": "20:30", "skill": "chat", "required": 3, "on_duty": 2,
                             "gap": 1}
    set_language("zh")
    found = of_rule(check(t, h, [no_over()], roster(h, {"A": "N", "B": "N"})), "intervals")
    assert found[0].message == "2027-03-01 20:00-20:30（chat）：在岗 2 人，需要 3 人（缺 1 人）"


def test_history_night_counts_on_the_first_day():
    """Last month's night shift (History tail) is on duty from 00:00 to 01:00 on the 1st."""
    rows = [row("all", "00:00", "01:00", 1)]
    tail = history(d(-1), {"A": "N"})
    t = interval_team(rows, history=tail)
    h = horizon(t, count=2)
    patterns = {"A": "N-", "B": "--", "C": "--"}  # A's night on day 0 covers day 1's early hour
    assert_feasible(solve_fixed(t, h, [no_over()], roster(h, patterns)))
    assert of_rule(check(t, h, [no_over()], roster(h, patterns)), "intervals") == []
    without = interval_team(rows)
    assert_infeasible(solve_fixed(without, h, [no_over()], roster(h, patterns)))
    found = of_rule(check(without, h, [no_over()], roster(h, patterns)), "intervals")
    assert [(v.date, v.data["gap"]) for v in found] == [(d(0), 1)]


# ------------------------------------------------------------------------------- skills once
SKILL_PEOPLE = staff(["A", "B", "C"], A={"skills": ("chat", "phone")}, B={"skills": ("chat",)},
                     C={"skills": ("phone",)})
SKILL_ROWS = [row("all", "12:00", "12:30", 1, "chat"), row("all", "12:00", "12:30", 1, "phone")]
SKILL_CASES = [
    pytest.param({"A": "E", "B": "-", "C": "-"}, False, id="one-person-cannot-fill-two-skills"),
    pytest.param({"A": "E", "B": "T", "C": "-"}, True, id="both-skilled-takes-phone"),
    pytest.param({"A": "E", "B": "-", "C": "T"}, True, id="both-skilled-takes-chat"),
    pytest.param({"A": "-", "B": "E", "C": "T"}, True, id="one-each"),
    pytest.param({"A": "-", "B": "E", "C": "-"}, False, id="no-phone"),
]


@pytest.mark.parametrize(("patterns", "ok"), SKILL_CASES)
def test_one_person_counts_for_one_skill_model(patterns, ok):
    t = interval_team(SKILL_ROWS, SKILL_PEOPLE)
    h = horizon(t, count=1)
    status = solve_fixed(t, h, [no_over()], roster(h, patterns))
    (assert_feasible if ok else assert_infeasible)(status)


@pytest.mark.parametrize(("patterns", "ok"), SKILL_CASES)
def test_one_person_counts_for_one_skill_checker(patterns, ok):
    t = interval_team(SKILL_ROWS, SKILL_PEOPLE)
    h = horizon(t, count=1)
    found = of_rule(check(t, h, [no_over()], roster(h, patterns)), "intervals")
    assert (found == []) == ok, [v.message for v in found]


def test_hall_sets_one_inequality_per_group_of_people():
    sets = {tuple(members): skills for members, skills in hall_sets(SKILL_PEOPLE, ("chat", "phone"))}
    assert sets == {("A", "B"): ("chat",), ("A", "C"): ("phone",), ("A", "B", "C"): ("chat", "phone")}
    with_anyone = hall_sets(SKILL_PEOPLE, ("chat", None))
    assert (["A", "B", "C"], ("chat", None)) in with_anyone


def test_many_skills_use_assignment_variables():
    """Beyond MAX_HALL_SKILLS skills in one piece the explicit formulation gives the same answer."""
    skills = [f"s{k}" for k in range(6)]
    people = staff(skills, **{s: {"skills": (s, skills[(k + 1) % 6])} for k, s in enumerate(skills)})
    rows = [row("all", "12:00", "12:30", 1, s) for s in skills]
    t = interval_team(rows, people)
    h = horizon(t, count=1)
    everyone = {s: "E" for s in skills}
    assert_feasible(solve_fixed(t, h, [no_over()], roster(h, everyone)))
    short = {**everyone, "s0": "-"}
    assert_infeasible(solve_fixed(t, h, [no_over()], roster(h, short)))
    assert len(of_rule(check(t, h, [no_over()], roster(h, short)), "intervals")) == 1


# ------------------------------------------------------------------------- over-staffing, costs
@pytest.mark.parametrize("with_history", [False, True])
@pytest.mark.parametrize(("rows", "patterns", "short"), CASES)
def test_checker_with_an_on_duty_index_says_the_same(rows, patterns, short, with_history):
    """roster.polish and the edit commands hand the rule a who-works-what index (looked up, not
    every person's cells read); the verdict must not change, shortfalls and over-staffing alike,
    also on the first day, where last month's night (History tail) is read from the cells."""
    t = interval_team(rows + [row("all", "00:00", "01:00", 1)],
                      history=history(d(-1), {"A": "N"}) if with_history else None)
    h = horizon(t, count=3)
    r = roster(h, patterns)
    plain = Intervals().check(CheckContext(t, h, r))
    index = on_duty_index(r, [p.id for p in t.staff], h.dates)
    indexed = Intervals().check(CheckContext(t, h, r, index))
    assert [(v.rule, v.date, v.message, v.data) for v in indexed] == [(v.rule, v.date, v.message, v.data) for v in plain]


def test_over_staffing_costs_the_same_in_model_and_checker():
    rows = [row("all", "08:00", "12:00", 1), row("all", "12:00", "16:00", 2)]
    t = interval_team(rows)
    h = horizon(t, count=2)
    r = roster(h, {"A": "EE", "B": "EE", "C": "TT"})  # 08-12: 2 on duty for 1; 12-16: 3 for 2
    status, cost = solve_fixed_cost(t, h, [Intervals()], r)
    assert_feasible(status)
    result = check(t, h, [Intervals()], r)
    # per day: 8 half-hours with one extra (08-12) + 8 with one extra (12-16) = 16
    assert cost == result.total_cost == 2 * 16
    over = of_rule(result, "intervals.over")
    assert [v.data["units"] for v in over] == [16, 16] and not any(v.hard for v in over)


def test_solver_picks_the_starts_that_follow_the_curve():
    """Morning peak needs 2, afternoon 1, evening 1: two early starts and one late."""
    rows = [row("all", "08:00", "12:00", 2), row("all", "12:00", "16:00", 2), row("all", "16:00", "20:00", 1)]
    t = interval_team(rows, shifts=(EARLY, LATE))
    h = horizon(t, count=1)
    status, r, cost = solve_free(t, h, [Intervals()], seconds=5)
    assert_feasible(status)
    assert sorted(r.get(p, d(0)) for p in "ABC") == ["E", "E", "T"]
    assert cost == 8  # the late shift's 12:00-16:00 is one more than needed


def test_elastic_mode_turns_the_minimum_into_a_costly_shortfall():
    rows = [row("all", "12:00", "12:30", 5)]
    t = interval_team(rows)
    h = horizon(t, count=1)
    assert solve_free(t, h, [no_over()], seconds=5)[0] == "INFEASIBLE"
    status, r, cost = solve_free(t, h, [no_over()], seconds=5, elastic=True)
    assert_feasible(status)
    assert cost == 2 * ELASTIC_WEIGHT  # three people, five needed
    found = of_rule(check(t, h, [no_over()], r), "intervals")
    assert [v.data["gap"] for v in found] == [2]


def test_no_shift_covers_the_interval():
    t = interval_team([row("all", "03:00", "03:30", 1)])
    h = horizon(t, count=1)
    assert solve_free(t, h, [no_over()], seconds=5)[0] == "INFEASIBLE"


# ------------------------------------------------------------------------------- coverage hand-over
def test_coverage_does_not_charge_candidate_shifts_on_interval_days():
    """Shift demand for N only; E and T are candidate starts judged by the interval rule."""
    rows = [row("all", "08:00", "16:00", 1)]
    t = interval_team(rows, demand=[demand("all", "N", 1)])
    h = horizon(t, count=1)
    r = roster(h, {"A": "E", "B": "E", "C": "N"})
    result = check(t, h, [Coverage()], r)
    assert of_rule(result, "coverage.over") == []
    status, cost = solve_fixed_cost(t, h, [Coverage()], r)
    assert (status, cost) == ("OPTIMAL", 0)
    plain = team(staff(["A", "B", "C"]), shifts=SHIFTS, demand=[demand("all", "N", 1)])
    assert [v.data["units"] for v in of_rule(check(plain, horizon(plain, count=1), [Coverage()], r),
                                             "coverage.over")] == [2]


# ----------------------------------------------------------------------------------- resolution
def test_precedence_applies_to_the_minutes_a_row_covers():
    rows = [row("all", "08:00", "12:00", 1), row("weekday", "09:00", "10:00", 2),
            row("2027-03-02", "09:30", "11:00", 4), row("weekend", "08:00", "12:00", 7)]
    t = interval_team(rows)
    h = horizon(t, count=2)
    got = [(r.date, r.start, r.end, r.agents) for r in h.interval_requirements]
    assert got == [
        (d(0), hm("08:00"), hm("09:00"), 1), (d(0), hm("09:00"), hm("10:00"), 2),
        (d(0), hm("10:00"), hm("12:00"), 1),
        (d(1), hm("08:00"), hm("09:00"), 1), (d(1), hm("09:00"), hm("09:30"), 2),
        (d(1), hm("09:30"), hm("11:00"), 4), (d(1), hm("11:00"), hm("12:00"), 1),
    ]


def test_promotion_scales_day_type_rows_but_not_its_own():
    promo = Promotion("双11", d(1), d(2), 1.5)
    rows = [row("weekday", "20:00", "20:30", 3, "chat"), row("双11", "21:00", "21:30", 10, "chat")]
    t = interval_team(rows, promotions=[promo])
    h = horizon(t, count=3)
    got = {(r.date, r.start): r.agents for r in h.interval_requirements}
    assert got[d(0), hm("20:00")] == 3  # no promotion
    assert got[d(1), hm("20:00")] == 5  # 3 x 1.5 rounded up
    assert got[d(1), hm("21:00")] == 10  # the promotion's own figure, taken as written
    assert (d(0), hm("21:00")) not in got


def test_skills_resolve_separately_and_zero_rows_are_kept():
    rows = [row("all", "08:00", "09:00", 2, "chat"), row("all", "08:00", "09:00", 1, "phone"),
            row("2027-03-01", "08:00", "09:00", 0, "phone")]
    h = horizon(interval_team(rows), count=1)
    assert [(r.skill, r.agents) for r in h.interval_requirements] == [("chat", 2), ("phone", 0)]


def test_unknown_day_names_sheet_row_and_column():
    t = interval_team([IntervalRow("someday", 480, 510, None, 1, source_row=7)])
    with pytest.raises(InputError) as err:
        horizon(t, count=1)
    assert "Intervals" in str(err.value) and "row 7" in str(err.value) and "'someday'" in str(err.value)


# ------------------------------------------------------------------------------- timeline, report
def test_pieces_cut_at_shift_boundaries_and_join_flat_stretches():
    rows = [row("all", "07:00", "12:00", 1)]
    h = horizon(interval_team(rows, shifts=(EARLY, DAY)), count=1)
    got = [(p.start, p.end, p.duty) for p in pieces(h.interval_requirements, (EARLY, DAY))]
    assert got == [(hm("07:00"), hm("08:00"), ()), (hm("08:00"), hm("08:30"), (("E", 0),)),
                   (hm("08:30"), hm("12:00"), (("E", 0), ("D", 0)))]
    assert covers(SPLIT, hm("17:30"), hm("23:00")) and not covers(SPLIT, hm("13:00"), hm("18:00"))


def test_interval_coverage_table_counts_people_per_skill():
    t = interval_team(SKILL_ROWS, SKILL_PEOPLE)
    h = horizon(t, count=1)
    table = interval_coverage_table(t, h, roster(h, {"A": "E", "B": "T", "C": "T"}))
    assert [(r.skill, r.required, r.on_duty, r.gap, r.label) for r in table] == [
        ("chat", 1, 2, 0, "12:00-12:30"), ("phone", 1, 1, 0, "12:00-12:30")]
    assert MONDAY.isoformat() == table[0].as_json()["date"]


# ------------------------------------------------------------------------------------ explain
def _diagnose(t, h, rules):
    from roster.explain import diagnose
    from roster.profile import SolverSettings

    return diagnose(t, h, rules, SolverSettings(workers=1, time_limit=5), 5)


def test_explain_names_times_nobody_can_staff():
    rows = [row("all", "12:00", "12:30", 5, "chat"), row("all", "03:00", "03:30", 1)]
    people = staff(["A", "B", "C"], A={"skills": ("chat",)}, B={"skills": ("chat",)}, C={"skills": ("chat",)})
    t = interval_team(rows, people, leave=[Leave("C", d(0), d(0))])
    h = horizon(t, count=5)
    reasons = _diagnose(t, h, [no_over()]).reasons
    text = "\n".join(reasons)
    assert "5 dates from 2027-03-01 to 2027-03-05 03:00-03:30: 1 people needed (anyone), but no shift" in text
    assert "2027-03-01 12:00-12:30 (chat): needs 5 on duty, but only 2 people can be" in text
    assert "on leave: C" in text
    assert "4 dates from 2027-03-02 to 2027-03-05 12:00-12:30 (chat): needs 5 on duty, but only 3" in text
    assert reasons[-1].startswith("To make it feasible: have more people on duty")


def test_explain_names_the_small_hours_of_the_first_that_only_last_month_can_staff():
    """00:00-01:00 on the 1st is on duty only for the night shift begun the day before, last
    month: without the History's tail the reason says so and names --previous, with the shifts
    on duty then (N); and the shortfall is the minimum."""
    rows = [row("all", "00:00", "01:00", 1)]
    t = interval_team(rows)
    h = horizon(t, count=3)
    diagnosis = _diagnose(t, h, [no_over()])
    text = "\n".join(diagnosis.reasons)
    assert ("2027-03-01 00:00-01:00 (anyone): needs 1 on duty, but only a shift begun the day before, 2027-02-28 "
            "(last month: N), is on duty then, and the History sheet has 0 such people. Pass last month's roster "
            "with --previous") in text, text
    assert "2027-03-02" not in text  # the later days' small hours are this month's nights
    assert diagnosis.missing == 1  # the one hour: the least shortfall


def test_explain_headcount_lists_the_shifts_on_duty_at_that_time():
    rows = [row("all", "20:00", "20:30", 4)]
    t = interval_team(rows)
    text = "\n".join(_diagnose(t, horizon(t, count=2), [no_over()]).reasons)
    assert "a shift that covers it (N, S)" in text, text  # the night and the split shift's evening part


def test_explain_names_short_span_and_the_rule_to_relax():
    """Two people needed 12:00-13:00 every day of a week; with at most 6 days in a row each must
    rest once, so the elastic solve finds a short span, and dropping the rule would help."""
    from roster.rules.rest_days import ConsecutiveDays

    rows = [row("all", "12:00", "12:30", 2), row("all", "12:30", "13:00", 2)]
    t = interval_team(rows, staff(["A", "B"]))
    h = horizon(t, count=7)
    diagnosis = _diagnose(t, h, [no_over(), ConsecutiveDays()])
    shorts = [r for r in diagnosis.reasons if "12:00-13:00 (anyone): needs 2 on duty, at most" in r]
    assert shorts, diagnosis.reasons
    assert all("relaxing consecutive_days would help" in r for r in shorts)
    assert diagnosis.missing == 4  # each person rests once: two half hours each


def test_optimal_objective_equals_checker_cost_with_every_rule():
    """The whole default profile on a week of interval demand: the solver's objective for the
    roster is the checker's recomputed cost, so the interval penalties mean the same on both sides."""
    from roster.profile import load_profile
    from roster.rules import build_rules
    from roster.rules.rest_days import RestDays

    rules = [RestDays(RestDays.Params(min=1, max=4)) if r.name == "rest_days" else r
             for r in build_rules(load_profile())]
    people = staff(["A", "B", "C", "D", "E", "F"], A={"skills": ("chat", "phone")}, B={"skills": ("chat",)},
                   C={"skills": ("phone",)}, D={"skills": ("chat",)}, E={"skills": ("chat",)},
                   F={"skills": ("chat", "phone")})
    rows = [row("all", "08:00", "12:00", 1, "chat"), row("weekday", "10:00", "14:00", 1, "phone"),
            row("all", "12:00", "20:00", 1, "chat"), row("all", "20:00", "00:00", 1)]
    t = interval_team(rows, people, shifts=(EARLY, LATE, NIGHT))
    h = horizon(t)
    status, r, _ = solve_free(t, h, rules, seconds=1.5)
    assert_feasible(status)
    result = check(t, h, rules, r)
    assert result.ok, [v.message for v in result.hard]
    # The roster fixed, the solver only minimises slack: its objective is the true cost.
    status, objective = solve_fixed_cost(t, h, rules, r)
    assert status == "OPTIMAL" and objective == pytest.approx(result.total_cost)
    assert "intervals.over" in result.cost_by_rule

"""Assignment (allowed shifts, leave, readable cells) and coverage (min hard, target soft, one
skill per person), each on its model side (fixed patterns) and its checker side."""

from __future__ import annotations

import pytest
from conftest import (
    assert_feasible,
    assert_infeasible,
    check,
    d,
    days,
    demand,
    horizon,
    of_rule,
    roster,
    solve_fixed,
    solve_fixed_cost,
    staff,
    team,
)

from roster.domain import MARKED_LEAVE, Leave, Roster, with_marked_leave
from roster.rules.assignment import Assignment
from roster.rules.coverage import Coverage


# ------------------------------------------------------------------------------- assignment
def assignment_team():
    people = staff(["A", "B", "C"], B={"shifts": ("D",)})
    return team(people, leave=[Leave("C", d(2), d(3), "annual")])


ASSIGNMENT_CASES = [
    pytest.param({"A": "DDNN---", "B": "DD-DD--", "C": "--LL-DN"}, None, None, id="allowed-and-leave-kept"),
    pytest.param({"A": "DDNN---", "B": "DN-----", "C": "-------"}, "B", d(1), id="shift-not-allowed"),
    pytest.param({"A": "-------", "B": "-------", "C": "--DL---"}, "C", d(2), id="works-on-leave"),
    pytest.param({"A": "-------", "B": "-------", "C": "---N---"}, "C", d(3), id="works-on-last-leave-day"),
]


@pytest.mark.parametrize(("patterns", "who", "when"), ASSIGNMENT_CASES)
def test_assignment_model(patterns, who, when):
    t = assignment_team()
    h = horizon(t)
    status = solve_fixed(t, h, [Assignment()], roster(h, patterns))
    if who is None:
        assert_feasible(status)
    else:
        assert_infeasible(status)


@pytest.mark.parametrize(("patterns", "who", "when"), ASSIGNMENT_CASES)
def test_assignment_checker(patterns, who, when):
    t = assignment_team()
    h = horizon(t)
    found = of_rule(check(t, h, [Assignment()], roster(h, patterns)), "assignment")
    if who is None:
        assert found == []
        return
    assert len(found) == 1, found
    v = found[0]
    assert (v.staff_id, v.date, v.hard) == (who, when, True)
    assert who in v.message and when.isoformat() in v.message


def test_assignment_checker_reports_hand_edited_cells():
    t = assignment_team()
    h = horizon(t)
    r = roster(h, {"A": "DXD----", "B": "-------"})  # C has no row; X is no shift
    r.cells["Z9", d(0)] = "D"  # a row for someone not in Staff
    del r.cells["B", d(6)]
    r.dates.remove(d(6))
    found = of_rule(check(t, h, [Assignment()], r), "assignment")
    messages = "\n".join(v.message for v in found)
    assert any(v.staff_id == "A" and v.date == d(1) and "'X'" in v.message for v in found), messages
    assert any(v.staff_id == "Z9" for v in found), messages
    assert any(v.staff_id == "C" and "no row" in v.message for v in found), messages
    assert any(v.date == d(6) and d(6).isoformat() in v.message for v in found), messages


def test_one_shift_a_day_is_structural():
    """A cell holds one code, and the variables enforce at most one shift a day."""
    t = assignment_team()
    h = horizon(t)
    from roster.model import build_model

    rm = build_model(t, h, [Assignment()])
    rm.model.add(rm.vars.x["A", d(0), "D"] == 1)
    rm.model.add(rm.vars.x["A", d(0), "N"] == 1)
    from ortools.sat.python import cp_model

    assert cp_model.CpSolver().solve(rm.model) == cp_model.INFEASIBLE


# --------------------------------------------------------------------------------- coverage
def coverage_team(**kw):
    rows = [demand("weekday", "D", 1, 2), demand("weekday", "N", 1)]  # weekends fall back to weekday rows
    return team(3, demand=rows, **kw)


COVERAGE_CASES = [
    pytest.param({"A": "DDDDDDD", "B": "NNNNNNN", "C": "-------"}, None, id="min-met"),
    pytest.param({"A": "DD-DDDD", "B": "NNNNNNN", "C": "-------"}, (d(2), "D"), id="no-day-shift-wed"),
    pytest.param({"A": "DDDDDDD", "B": "NNNNNN-", "C": "-------"}, (d(6), "N"), id="no-night-sun"),
    pytest.param({"A": "DDDDDDD", "B": "NNNNNNN", "C": "DDNDDDD"}, None, id="extra-people-are-fine"),
]


@pytest.mark.parametrize(("patterns", "gap"), COVERAGE_CASES)
def test_coverage_model(patterns, gap):
    t = coverage_team()
    h = horizon(t)
    status = solve_fixed(t, h, [Coverage()], roster(h, patterns))
    assert_feasible(status) if gap is None else assert_infeasible(status)


@pytest.mark.parametrize(("patterns", "gap"), COVERAGE_CASES)
def test_coverage_checker(patterns, gap):
    t = coverage_team()
    h = horizon(t)
    found = of_rule(check(t, h, [Coverage()], roster(h, patterns)), "coverage")
    if gap is None:
        assert found == []
        return
    assert len(found) == 1, found
    v = found[0]
    assert (v.date, v.shift, v.hard) == (*gap, True)
    assert gap[0].isoformat() in v.message and "0 assigned" in v.message and "at least 1" in v.message
    assert v.data["gap"] == 1


def skill_team(people):
    rows = [demand("weekday", "D", 1, skill="chat"), demand("weekday", "D", 1, skill="phone")]
    return team(people, demand=rows)


SKILLED = staff(["A", "B", "C"], A={"skills": ("chat", "phone")}, B={"skills": ("chat",)},
                C={"skills": ("phone",)})


SKILL_CASES = [
    pytest.param({"A": "DDDDDDD", "B": "DDDDDDD", "C": "-------"}, None, id="A-phone-B-chat"),
    pytest.param({"A": "DDDDDDD", "B": "-------", "C": "DDDDDDD"}, None, id="A-chat-C-phone"),
    pytest.param({"A": "-------", "B": "DDDDDDD", "C": "DDDDDDD"}, None, id="B-chat-C-phone"),
    # A has both skills but fills only one skill's demand on a shift
    pytest.param({"A": "D------", "B": "-DDDDDD", "C": "-DDDDDD"}, d(0), id="one-person-two-skills"),
    pytest.param({"A": "-------", "B": "DDDDDDD", "C": "DD-DDDD"}, d(2), id="phone-missing"),
    pytest.param({"A": "DDDDDDD", "B": "DDDDDDD", "C": "---D---"}, None, id="three-for-two"),
]


@pytest.mark.parametrize(("patterns", "short_on"), SKILL_CASES)
def test_coverage_skills_model(patterns, short_on):
    t = skill_team(SKILLED)
    h = horizon(t)
    status = solve_fixed(t, h, [Coverage()], roster(h, patterns))
    assert_feasible(status) if short_on is None else assert_infeasible(status)


@pytest.mark.parametrize(("patterns", "short_on"), SKILL_CASES)
def test_coverage_skills_checker(patterns, short_on):
    t = skill_team(SKILLED)
    h = horizon(t)
    found = of_rule(check(t, h, [Coverage()], roster(h, patterns)), "coverage")
    if short_on is None:
        assert found == []
    else:
        assert {v.date for v in found} == {short_on}
        assert len(found) == 1


def test_coverage_two_skill_rows_need_two_people_with_skills_order_independent():
    """The generalist must go where the specialist cannot: C (phone only) listed first."""
    people = staff(["C", "A"], A={"skills": ("chat", "phone")}, C={"skills": ("phone",)})
    t = skill_team(people)
    h = horizon(t)
    r = roster(h, {"C": "DDDDDDD", "A": "DDDDDDD"})
    assert_feasible(solve_fixed(t, h, [Coverage()], r))
    assert of_rule(check(t, h, [Coverage()], r), "coverage") == []


COST_CASES = [
    # per day: target 2 on D (20 per person below), over targets cost 1 per person
    pytest.param({"A": "DDDDDDD", "B": "NNNNNNN", "C": "-------"}, 7 * 20, id="one-below-target-each-day"),
    pytest.param({"A": "DDDDDDD", "B": "NNNNNNN", "C": "DDDDDDD"}, 0, id="at-target"),
    pytest.param({"A": "DDDDDDD", "B": "NNNNNNN", "C": "NNNNNNN"}, 7 * 20 + 7 * 1, id="extra-night"),
]


@pytest.mark.parametrize(("patterns", "cost"), COST_CASES)
def test_coverage_soft_cost_model_equals_checker(patterns, cost):
    t = coverage_team()
    h = horizon(t)
    r = roster(h, patterns)
    status, objective = solve_fixed_cost(t, h, [Coverage()], r)
    assert status == "OPTIMAL"
    result = check(t, h, [Coverage()], r)
    assert result.total_cost == cost
    assert objective == pytest.approx(cost)


def test_coverage_weights_from_params():
    t = coverage_team()
    h = horizon(t)
    r = roster(h, {"A": "DDDDDDD", "B": "NNNNNNN", "C": "NNNNNNN"})
    rule = Coverage(Coverage.Params(under_target_weight=3, over_target_weight=0))
    status, objective = solve_fixed_cost(t, h, [rule], r)
    assert objective == pytest.approx(7 * 3)
    assert check(t, h, [rule], r).total_cost == 7 * 3


def test_a_surplus_on_a_public_holiday_costs_holiday_over_weight():
    """The 3rd (a Wednesday) made a holiday: the night's extra person costs 3 there and 1 on an
    ordinary day, in the model as in the checker (so a surplus the rest-day cap forces goes to
    an ordinary day); ``holiday_over_weight`` = 1 prices both alike."""
    from dataclasses import replace

    from roster.domain import DayType, HolidayEntry

    t = coverage_team()
    t = replace(t, holidays=[HolidayEntry(d(2), "Company day", DayType.HOLIDAY)])
    h = horizon(t)
    assert h.day(d(2)).type == DayType.HOLIDAY
    on_holiday = roster(h, {"A": "DDDDDDD", "B": "NNNNNNN", "C": "--N----"})
    on_workday = roster(h, {"A": "DDDDDDD", "B": "NNNNNNN", "C": "---N---"})
    rule = Coverage(Coverage.Params(under_target_weight=0))
    for r, cost in ((on_holiday, 3), (on_workday, 1)):
        assert check(t, h, [rule], r).total_cost == cost
        status, objective = solve_fixed_cost(t, h, [rule], r)
        assert status == "OPTIMAL" and objective == pytest.approx(cost)
    [over] = [v for v in check(t, h, [rule], on_holiday).soft if v.rule == "coverage.over"]
    assert over.date == d(2) and over.data == {"cost": 3, "units": 1}
    plain = Coverage(Coverage.Params(under_target_weight=0, holiday_over_weight=1))
    assert check(t, h, [plain], on_holiday).total_cost == 1


def test_coverage_promotion_multiplier_scales_min():
    from roster.domain import Promotion

    promo = Promotion("Sale", d(2), d(2), multiplier=2.0)
    t = coverage_team(promotions=[promo])
    h = horizon(t)
    assert {r.min for r in h.requirements if r.date == d(2) and r.shift == "D"} == {2}
    r = roster(h, {"A": "DDDDDDD", "B": "NNNNNNN", "C": "-------"})
    assert_infeasible(solve_fixed(t, h, [Coverage()], r))
    assert [v.date for v in of_rule(check(t, h, [Coverage()], r), "coverage")] == [d(2), d(2)]


def test_empty_roster_reports_every_gap():
    t = coverage_team()
    h = horizon(t)
    found = of_rule(check(t, h, [Coverage()], Roster(days(), {})), "coverage")
    assert len(found) == 14


def test_leave_typed_into_the_roster_is_that_persons_leave():
    """A leave mark with no Leave row is the person's leave once the roster's marks are read as
    leave (domain.with_marked_leave): giving them a shift there, or moving the mark onto
    someone else, breaks the assignment rule."""
    t = assignment_team()  # C's leave (days 2-3) is in the Leave sheet
    h = horizon(t)
    typed = roster(h, {"A": "LL-L---", "B": "-------", "C": "--LL---"})
    marked = with_marked_leave(t, typed)
    added = [(lv.staff_id, lv.start, lv.end, lv.type) for lv in marked.leave if lv not in t.leave]
    assert added == [("A", d(0), d(1), MARKED_LEAVE), ("A", d(3), d(3), MARKED_LEAVE)]
    assert with_marked_leave(marked, typed) is marked  # nothing left to add
    assert of_rule(check(marked, h, [Assignment()], typed), "assignment") == []
    # Without the marks read as leave, A's marks are leave nobody recorded.
    bare = of_rule(check(t, h, [Assignment()], typed), "assignment")
    assert {(v.staff_id, v.date) for v in bare} == {("A", d(0)), ("A", d(1)), ("A", d(3))}

    moved = roster(h, {"A": "-L-L---", "B": "L------", "C": "--LL---"})  # A's first day swapped to B
    found = of_rule(check(marked, h, [Assignment()], moved), "assignment")
    assert [(v.staff_id, v.date, v.hard) for v in found] == [("B", d(0), True)]
    assert "no leave" in found[0].message

    worked = roster(h, {"A": "DL-L---", "B": "-------", "C": "--LL---"})
    found = of_rule(check(marked, h, [Assignment()], worked), "assignment")
    assert [(v.staff_id, v.date) for v in found] == [("A", d(0))] and "on leave" in found[0].message
    assert_infeasible(solve_fixed(marked, h, [Assignment()], worked))
    assert_feasible(solve_fixed(marked, h, [Assignment()], typed))


def test_leave_moved_by_a_recorded_edit_stays_with_its_owner():
    """What a cell held before its first recorded change decides whose leave a mark is: a mark
    a forced swap moved onto B is still a violation when the roster is read again, and A, who
    rests there now, still owns that leave (so the swap back is allowed)."""
    from roster.domain import Change

    t = assignment_team()
    h = horizon(t)
    moved = roster(h, {"A": "-------", "B": "L------", "C": "--LL---"})
    moved.changes = [Change("t", "swap", "lead", "A", d(0), "LEAVE", "OFF"),
                     Change("t", "swap", "lead", "B", d(0), "OFF", "LEAVE")]
    marked = with_marked_leave(t, moved)
    assert marked.on_leave("A", d(0)) and not marked.on_leave("B", d(0))
    found = of_rule(check(marked, h, [Assignment()], moved), "assignment")
    assert [(v.staff_id, v.date) for v in found] == [("B", d(0))]
    back = roster(h, {"A": "L------", "B": "-------", "C": "--LL---"})
    assert of_rule(check(marked, h, [Assignment()], back), "assignment") == []


def test_coverage_table_counts_everyone_on_duty_also_beyond_the_targets():
    """The skill matching stops at each row's target; the coverage table (the Coverage sheet,
    ``roster coverage``, the charts) then adds everyone else on the shift to a row of their own
    skill, else the row for any skill, so a surplus does not vanish from the figures."""
    from roster.reports import coverage_table

    people = staff("ABCDE", A={"skills": ("chat",)}, B={"skills": ("chat",)}, C={"skills": ("phone",)},
                   D={"skills": ()}, E={"skills": ("chat", "phone")})
    t = team(people, demand=[demand("all", "D", 1, 1, skill="chat"), demand("all", "D", 1, 1)])
    h = horizon(t, count=1)
    rows = coverage_table(t, h, roster(h, {p: "D" for p in "ABCDE"}))
    by_skill = {r.skill: r for r in rows}
    assert by_skill["chat"].assigned + by_skill[None].assigned == 5
    assert by_skill["chat"].people == ["A", "E"]  # matched up to its target, then E (chat) left over
    assert by_skill[None].people == ["B", "C", "D"]  # B matched; C (no phone row) and D left over
    assert rows == coverage_table(t, h, roster(h, {p: "D" for p in "ABCDE"}))  # deterministic


def test_a_person_without_a_row_is_one_finding_not_one_per_rule():
    """A deleted row reads as rest days; the rest-day rule then said "C has 7 rest days" beside
    "C has no row".  The checker keeps the one finding that says what happened."""
    from roster.rules.rest_days import RestDays

    t = assignment_team()
    h = horizon(t)
    r = roster(h, {"A": "DDDDDD-", "B": "-NNNNNN"})  # C has no row
    rules = [Assignment(), RestDays(RestDays.Params(min=1, max=2))]
    found = [v for v in check(t, h, rules, r).violations if v.staff_id == "C"]
    assert [v.rule for v in found] == ["assignment"] and "no row" in found[0].message

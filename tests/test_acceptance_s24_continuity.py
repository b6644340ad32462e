"""Three months running (December 2026 to February 2027) as a team that plans month after month
with ``--previous`` and ``--ledger`` (helper-53, session 24).

What the manager met, and what is now said or done:

* wishes no roster can grant (a shift the Staff sheet does not allow, a wish to work on a day of
  leave, a day off while leave is frozen for a promotion) were paid for in silence and surfaced
  only as unmet wishes in the Violations sheet: ``generate`` now names them, with why;
* a shift code renamed between months (N -> E, same hours) made ``--previous`` refuse last
  month's roster as holding unknown codes: it is read as the new code, and said;
* a History sheet typed by hand and ``--previous`` that disagree: the previous roster's cells
  won without a word; the days are now named;
* ``--previous`` with a roster of two months before bound nothing and was taken (the note then
  told the user to "pass last month's roster with --previous", which they had): refused, naming
  the month to pass.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import DAY, NIGHT, demand, horizon, roster, staff, team

from roster.domain import REST, Leave, Promotion, Request, Shift, ShiftKind
from roster.engine import fairness_scope_notes, ungrantable_wish_notes
from roster.errors import InputError
from roster.excel.read_roster import RosterBook, previous_tail
from roster.i18n import set_language

DEC1 = dt.date(2026, 12, 1)
NOV = [dt.date(2026, 11, day) for day in range(24, 31)]
MONDAY = dt.date(2027, 3, 1)


def _wishes_team(requests: list[Request]):
    """A (D only), B and C; B on leave on Tuesday and Wednesday; a promotion with leave frozen on
    Friday."""
    return team(staff(("A", "B", "C"), A={"shifts": ("D",)}), requests=requests,
                leave=[Leave("B", MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2), "sick")],
                promotions=[Promotion("Sale", MONDAY + dt.timedelta(days=4), MONDAY + dt.timedelta(days=4),
                                      freeze_leave=True)])


def test_wishes_no_roster_can_grant_are_named_with_why_in_both_languages():
    day = [MONDAY + dt.timedelta(days=k) for k in range(7)]
    ungrantable = [Request("A", day[0], "N"),               # A may work only D
                   Request("B", day[1], "D"),               # B on leave
                   Request("B", day[2], REST, want=False),  # "not OFF" = wants to work, on leave
                   Request("C", day[4], REST)]              # day off during a leave freeze
    grantable = [Request("A", day[0], "D"), Request("B", day[1], REST),    # OFF on a leave day is met
                 Request("B", day[2], "N", want=False),                   # avoid N on leave: met
                 Request("A", day[3], "N", want=False),                   # avoiding what A never works
                 Request("C", dt.date(2027, 4, 1), "N")]                  # outside the month: other note
    t = _wishes_team(ungrantable + grantable)
    (note,) = ungrantable_wish_notes(t, horizon(t))
    assert note.startswith("Requests no roster can grant: 4 (")
    assert "A 2027-03-01 N: A may work only D (Staff sheet)" in note
    assert "B 2027-03-02 D: on leave 2027-03-02..2027-03-03" in note
    assert "B 2027-03-03 work, not OFF: on leave" in note
    assert "C 2027-03-05 OFF: leave frozen for Sale" in note
    assert ungrantable_wish_notes(_wishes_team(grantable), horizon(t)) == []
    set_language("zh")
    (zh,) = ungrantable_wish_notes(t, horizon(t))
    assert zh.startswith("意愿表中有 4 条意愿任何排班都无法满足") and "A 只可排 D（员工表）" in zh
    assert "C 2027-03-05 休：Sale 期间禁休" in zh and "当天请假（2027-03-02 至 2027-03-03）" in zh


def test_generate_tells_the_manager_of_an_ungrantable_wish():
    """End to end through the engine: the note is among the plan's notes (shown and written)."""
    from roster.engine import effective_profile, generate

    t = team(staff(("A", "B", "C", "D1"), A={"shifts": ("D",)}), requests=[Request("A", dt.date(2027, 2, 3), "N")],
             demand=[demand("all", "D", 1), demand("all", "N", 1)])
    plan = generate(t, 2027, 2, effective_profile(t), time_limit=1)
    assert any(n.startswith("Requests no roster can grant: 1 (A 2027-02-03 N: A may work only D") for n in plan.notes)


def _book(patterns: dict[str, str], shifts=(DAY, NIGHT), dates=NOV) -> RosterBook:
    return RosterBook(team(3, shifts=shifts), roster(dates, patterns))


EVENING = Shift("E", "Evening", NIGHT.segments, ShiftKind.NIGHT)


def test_a_shift_code_renamed_between_months_is_read_as_the_new_code_and_said():
    renamed = team(3, shifts=(DAY, EVENING))
    tail, notes = previous_tail(_book({"A": "DDDDDNN", "B": "NNN----", "C": "-DDDDDD"}), renamed, DEC1)
    assert tail.get("A", NOV[-1]) == "E" and tail.get("B", NOV[0]) == "E"
    assert notes == ["Shift codes of the previous roster that this team's Shifts sheet no longer has, read as the "
                     "shift with the same hours: N (17:00-01:00) as E (17:00-01:00)."]
    # Two candidates of the same hours and kind: no guess, the cell is refused as before.
    twins = team(3, shifts=(DAY, EVENING, Shift("E2", "Evening 2", NIGHT.segments, ShiftKind.NIGHT)))
    with pytest.raises(InputError, match=r"A 2026-11-29: N"):
        previous_tail(_book({"A": "DDDDDNN", "B": "DDDDDDD", "C": "DDDDDDD"}), twins, DEC1)


def test_a_shift_whose_hours_changed_is_kept_and_said():
    later = Shift("N", "Night", ((18 * 60, 26 * 60),), ShiftKind.NIGHT)
    _, notes = previous_tail(_book({"A": "DDDDDNN", "B": "DDDDDDD", "C": "DDDDDDD"}), team(3, shifts=(DAY, later)),
                             DEC1)
    assert notes == ["Shifts whose hours changed since the previous roster: N was 17:00-01:00, now 18:00-02:00; "
                     "last month's tail is judged with today's hours (rest between shifts across the month "
                     "boundary)."]


def test_history_sheet_and_previous_roster_disagreeing_are_named():
    typed = {("A", NOV[-1]): "D", ("B", NOV[-1]): "OFF", ("C", NOV[-1]): "LEAVE", ("C", NOV[-2]): "D",
             ("B", NOV[-2]): "N"}
    book = _book({"A": "DDDDDDN", "B": "DDDDDD-", "C": "DDDDDD-"})
    tail, notes = previous_tail(book, team(3, history=typed), DEC1)
    assert tail.get("A", NOV[-1]) == "N"  # the previous roster wins
    # B's rest and C's leave against rest are no disagreement: neither is work.
    assert notes == ["The History sheet and the previous roster (--previous) disagree on 2 day(s) (B 2026-11-29: "
                     "History N, previous roster D; A 2026-11-30: History D, previous roster N); the previous "
                     "roster's cells are used. Delete those History rows if the previous roster is right."]


def test_previous_roster_of_a_month_long_before_is_refused_naming_the_month_to_pass():
    october = [dt.date(2026, 10, day) for day in range(25, 32)]
    with pytest.raises(InputError, match=r"ends 31 days before 2026-12-01 .* pass the roster of 2026-11"):
        previous_tail(_book({"A": "DDDDDDD", "B": "DDDDDDD", "C": "DDDDDDD"}, dates=october), team(3), DEC1)
    # A week's gap still binds the rest rules' memory and is taken (the History sheet's threshold).
    week = [dt.date(2026, 11, day) for day in range(18, 25)]
    tail, _ = previous_tail(_book({"A": "DDDDDDD", "B": "DDDDDDD", "C": "DDDDDDD"}, dates=week), team(3), DEC1)
    assert tail.dates == week


def test_a_stale_whole_month_history_says_it_binds_nothing_not_that_it_carries_the_rules():
    october = {(sid, dt.date(2026, 10, day)): "D" for sid in "ABC" for day in range(1, 32)}
    november = {(sid, dt.date(2026, 11, day)): "D" for sid in "ABC" for day in range(1, 31)}
    assert fairness_scope_notes(team(3, history=october), DEC1) == []
    (note,) = fairness_scope_notes(team(3, history=november), DEC1)
    assert "carries the rest and rotation rules over the month boundary" in note

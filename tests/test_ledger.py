"""The fairness ledger on small hand-made rosters spanning a year boundary."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from roster.calendar import horizon_for_dates, month_dates
from roster.domain import REST, DayType, HolidayEntry, Roster, Shift, ShiftKind, Staff, Team
from roster.ledger import build_ledger, ledger_weights, row_labels

SHIFTS = [
    Shift("D", "Day", ((8 * 60 + 30, 17 * 60 + 30),)),
    Shift("N", "Night", ((17 * 60, 25 * 60),), ShiftKind.NIGHT),
]
DEC = month_dates(2026, 12)
JAN = month_dates(2027, 1)
# Fixed calendar for the test, independent of the holidays package: 1 Jan 2027 is a holiday.
HOLIDAYS = [HolidayEntry(dt.date(2027, 1, 1), "New Year", DayType.HOLIDAY)]


def team_of(*ids: str, shifts: tuple[str, ...] = ()) -> Team:
    return Team(staff=[Staff(i, f"name-{i}", "pre-sale", shifts=shifts) for i in ids], shifts=SHIFTS,
                demand=[], holidays=HOLIDAYS)


def book(team: Team, dates: list[dt.date], cells: dict[tuple[str, dt.date], str]):
    full = {(p.id, d): cells.get((p.id, d), REST) for p in team.staff for d in dates}
    return team, horizon_for_dates(team, dates), Roster(list(dates), full)


def test_month_and_year_to_date_figures_with_a_missing_person():
    dec_team = team_of("A", "B")
    jan_team = team_of("A", "C")  # B left, C joined
    # Dec: A works nights on 5 and 6 Dec (a Saturday and Sunday), B one day shift on a Monday.
    dec = book(dec_team, DEC, {("A", dt.date(2026, 12, 5)): "N", ("A", dt.date(2026, 12, 6)): "N",
                               ("B", dt.date(2026, 12, 7)): "D"})
    # Jan: A works New Year's Day (a Friday holiday), C two nights.
    jan = book(jan_team, JAN, {("A", dt.date(2027, 1, 1)): "D", ("C", dt.date(2027, 1, 4)): "N",
                               ("C", dt.date(2027, 1, 5)): "N"})
    ledger = build_ledger([jan, dec])  # any order
    assert ledger.months == ["2026-12", "2027-01"]
    assert set(ledger.staff) == {"A", "B", "C"}

    a_dec = ledger.month("A", "2026-12")
    assert (a_dec.nights, a_dec.weekend_days, a_dec.holiday_days, a_dec.working_days, a_dec.hours) == (2, 2, 0, 2, 16)
    a_jan = ledger.month("A", "2027-01")
    assert (a_jan.nights, a_jan.holiday_days, a_jan.hours) == (0, 1, 9)
    # Year to date restarts in January.
    assert ledger.year_to_date("A", "2027-01").nights == 0
    assert ledger.year_to_date("A", "2027-01").holiday_days == 1
    assert ledger.total("A").working_days == 3
    # B is missing in January, C in December: zeros, not present.
    assert ledger.month("B", "2027-01").working_days == 0
    assert ("B", "2027-01") not in ledger.present and ("C", "2026-12") not in ledger.present

    rows = ledger.as_rows()
    assert len(rows) == 3 * 2
    assert [(r["id"], r["month"]) for r in rows][:2] == [("A", "2026-12"), ("A", "2027-01")]
    b_jan = next(r for r in rows if r["id"] == "B" and r["month"] == "2027-01")
    assert b_jan["nights"] == 0 and b_jan["present"] is False
    assert set(row_labels("zh")) >= set(rows[0])
    assert row_labels("zh")["ytd_nights"] == "晚班（年累计）"

    doc = ledger.as_json()
    json.dumps(doc)  # serialisable
    a = next(p for p in doc["people"] if p["id"] == "A")
    assert a["months"]["2026-12"]["nights"] == 2 and a["total"]["hours"] == 25
    assert a["year_to_date"]["2027-01"]["hours"] == 9


def test_overlapping_rosters_are_refused():
    team = team_of("A")
    with pytest.raises(ValueError, match="A"):
        build_ledger([book(team, DEC, {}), book(team, DEC[-3:], {})])


def test_overlap_names_the_files_and_two_teams_of_one_month_are_fine():
    """Two versions of one month are refused naming both files; two teams' rosters of the same
    month (different people, one workbook each) add up."""
    team = team_of("A")
    with pytest.raises(ValueError, match="A has two assignments for 2026-12-01: v1.xlsx and v2.xlsx both plan it"):
        build_ledger([book(team, DEC, {}), book(team, DEC, {})], ["v1.xlsx", "v2.xlsx"])
    night = {("A", DEC[0]): "N", ("B", DEC[0]): "N"}
    ledger = build_ledger([book(team_of("A"), DEC, night), book(team_of("B"), DEC, night)], ["pre.xlsx", "post.xlsx"])
    assert ledger.month("A", "2026-12").nights == 1 and ledger.month("B", "2026-12").nights == 1


def test_two_half_month_rosters_of_one_team_add_up():
    """The CLI reads each roster against its whole month (so that check reports a missing
    column); the ledger must still count only the dates each roster holds."""
    from roster.engine import month_span

    team = team_of("A")
    first, second = DEC[:15], DEC[15:]
    books = [(team, horizon_for_dates(team, month_span(dates)),
              Roster(list(dates), {("A", d): "N" if d.day in (3, 20) else REST for d in dates}))
             for dates in (first, second)]
    ledger = build_ledger(books, ["first.xlsx", "second.xlsx"])
    assert ledger.month("A", "2026-12").nights == 2


def test_roster_spanning_two_months_is_split():
    team = team_of("A")
    dates = [dt.date(2026, 12, 31), dt.date(2027, 1, 1)]
    ledger = build_ledger([book(team, dates, {("A", d): "N" for d in dates})])
    assert ledger.months == ["2026-12", "2027-01"]
    assert ledger.month("A", "2026-12").nights == 1 and ledger.month("A", "2027-01").holiday_days == 1


def test_weights_spare_who_carried_most_among_comparable_staff():
    team = team_of("A", "B", "C")
    # A: 6 nights, B: 2, C: 1 over two months; A also worked New Year.
    dec = book(team, DEC, {**{("A", DEC[k]): "N" for k in range(4)}, ("B", DEC[10]): "N",
                           ("C", DEC[11]): "N"})
    jan = book(team, JAN, {("A", JAN[0]): "N", ("A", JAN[1]): "N", ("B", JAN[5]): "N"})
    ledger = build_ledger([dec, jan])
    weights = ledger_weights(ledger, team)
    # Mean nights 3 per person: A carried 3 more, B and C none.
    assert weights["A"]["nights"] == 3
    assert weights["B"]["nights"] == 0 and weights["C"]["nights"] == 0
    assert weights["A"]["holiday_days"] == 1  # 1 - 1/3 rounds to 1
    assert set(weights["B"]) == {"nights", "weekend_days", "holiday_days"}

    # The window can be limited to the last month.
    assert ledger_weights(ledger, team, months=["2027-01"])["A"]["nights"] == 1


def test_weights_compare_only_comparable_staff_and_prorate_months_on_staff():
    day_only = Staff("D1", "day-only", shifts=("D",))
    team = Team(staff=[*team_of("A", "B").staff, day_only], shifts=SHIFTS, demand=[], holidays=HOLIDAYS)
    dec_team = team_of("A")  # B joined in January: one month on staff
    dec = book(dec_team, DEC, {("A", DEC[k]): "N" for k in range(4)})
    jan = book(team, JAN, {("A", JAN[k]): "N" for k in range(2)} | {("B", JAN[k]): "N" for k in range(2)})
    ledger = build_ledger([dec, jan])
    weights = ledger_weights(ledger, team)
    # Rate 8 nights / 3 person-months; A's share 16/3 -> carried 6 - 5.33 = 0.67 -> 1; B's share
    # 8/3 -> 2 - 2.67 < 0 -> 0.  The day-only agent has no comparable colleague: zero.
    assert weights["A"]["nights"] == 1 and weights["B"]["nights"] == 0
    assert weights["D1"] == {"nights": 0, "weekend_days": 0, "holiday_days": 0}


def test_newcomer_without_history_is_zero_and_does_not_lower_the_mean():
    old = team_of("A", "B")
    dec = book(old, DEC, {("A", DEC[0]): "N", ("A", DEC[1]): "N"})
    ledger = build_ledger([dec])
    team = team_of("A", "B", "NEW")
    weights = ledger_weights(ledger, team, metrics=("nights", "hours"))
    assert weights["A"] == {"nights": 1, "hours": 8}
    assert weights["NEW"] == {"nights": 0, "hours": 0}

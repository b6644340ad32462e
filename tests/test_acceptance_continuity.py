"""Month-to-month continuity as a manager meets it: last month's roster given with ``--previous``,
and last months' load carried by ``--ledger``.

``--previous`` took any roster workbook's cells as the History tail without a word: another
team's roster (none of the staff in it) bound nothing, a hand-typed ``X`` on the last day read
as rest, and this month's own roster left the History sheet's stale tail in force.
:func:`roster.excel.read_roster.previous_tail` refuses those, as the History sheet refuses the
same things, and names the staff the tail does not cover.

Found by generating 2026-09..2026-11 for the sample department and then 2026-12 with
``--ledger``: the person who had carried 12 nights more than a fair share got 6 nights in
December, the group's average, because the fairness band charged them for being spared (3 per
tenth of a day below their share, beyond the tolerance) more than the carry penalty saved (2 per
carried day per night).  The band's lower side now widens by the days carried, in the model and
in the checker alike; and the roster workbook records the carried load among its rules
(``fairness.carried``), so the later commands spare the same people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from conftest import check, demand, horizon, of_rule, roster, solve_fixed_cost, solve_free, team

from roster.domain import REST, Roster
from roster.errors import InputError
from roster.excel.read_roster import RosterBook, previous_tail
from roster.rules.coverage import Coverage
from roster.rules.fairness import Fairness, format_carried, parse_carried


def _carrying(nights: int, **others: int):
    """Three people, all allowed every shift; A carried ``nights`` nights beyond a fair share."""
    return replace(team(3), carried_load={"A": {"nights": nights, **others}})


@pytest.mark.parametrize(("carried", "tolerance", "expected"), [
    # Shares of 4 nights among 3: 1.33 each.  A has none: 0.33 day beyond a one-day band, but
    # A carried 2 nights before, so being spared costs nothing.  C (3 nights) is 0.67 day above.
    pytest.param(2, 1.0, {"fairness.nights": 7 * 3}, id="spared-within-carried"),
    # Without a tolerance: A is 1.33 below, all of it within the 2 carried days; B (1 night)
    # 0.33 below (4 tenths), C 1.67 above (17 tenths).
    pytest.param(2, 0.0, {"fairness.nights": (4 + 17) * 3}, id="spared-no-tolerance"),
    # Carried 1 day, no tolerance: A is 1.33 below, 0.33 beyond the widened band (4 tenths).
    pytest.param(1, 0.0, {"fairness.nights": (4 + 4 + 17) * 3}, id="beyond-the-carried-days"),
])
def test_carried_nights_widen_the_band_below_in_model_and_checker(carried, tolerance, expected):
    t = _carrying(carried)
    h = horizon(t)
    r = roster(h, {"A": "DDDDDDD", "B": "NDDDDDD", "C": "NNNDDDD"})
    rule = Fairness(Fairness.Params(tolerance_days=tolerance))
    status, objective = solve_fixed_cost(t, h, [rule], r)
    result = check(t, h, [rule], r)
    assert status == "OPTIMAL"
    assert {k: v for k, (v, _) in result.cost_by_rule.items()} == expected
    assert objective == pytest.approx(sum(expected.values())) == result.total_cost


def test_below_a_widened_band_the_message_names_the_carried_days():
    t = _carrying(1)
    h = horizon(t)
    r = roster(h, {"A": "DDDDDDD", "B": "NDDDDDD", "C": "NNNDDDD"})
    result = check(t, h, [Fairness(Fairness.Params(tolerance_days=0.0))], r)
    (a,) = [v for v in of_rule(result, "fairness.nights") if v.staff_id == "A"]
    assert a.message == ("A has 0 nights, fair share 1.3 among D/N, which may go 1 lower after carrying 1 more "
                         "than a fair share before: 0.4 day(s) below")
    assert a.data["tolerance_days"] == 1.0 and a.data["cost"] == 12


def test_other_metrics_keep_their_band_when_nights_were_carried():
    """Carried nights spare nights only: working days and weekends are judged as before."""
    plain = team(3)
    t = _carrying(5)
    h = horizon(t)
    r = roster(h, {"A": "DDDDD--", "B": "DDDDDDD", "C": "DDDDDDD"})
    rule = Fairness()
    assert check(t, h, [rule], r).cost_by_rule == check(plain, h, [rule], r).cost_by_rule


def test_who_carried_most_nights_is_spared_by_the_solve():
    """One night a day for a week among three people: with 3 nights carried, A is given at
    most one (before: two, the same as the others, the band outweighing the carry)."""
    t = replace(_carrying(3), demand=[demand("all", "N", 1, 1), demand("all", "D", 1, 1)])
    h = horizon(t)
    status, r, objective = solve_free(t, h, [Coverage(), Fairness()])
    assert status == "OPTIMAL" and r is not None
    nights = {sid: sum(r.get(sid, day) == "N" for day in h.dates) for sid in "ABC"}
    assert nights["A"] <= 1 < min(nights["B"], nights["C"])
    assert check(t, h, [Coverage(), Fairness()], r).total_cost == pytest.approx(objective)


# ------------------------------------------------------------------------------- --previous
DEC1 = dt.date(2026, 12, 1)
NOV = [dt.date(2026, 11, day) for day in range(24, 31)]


def _last_month(patterns: dict[str, str], dates: list[dt.date] = NOV) -> RosterBook:
    """A roster book of ``dates`` (the team inside is irrelevant to previous_tail)."""
    return RosterBook(team(3), roster(dates, patterns))


def test_previous_tail_keeps_the_team_s_days_before_the_month():
    tail, notes = previous_tail(_last_month({"A": "DDDDDDN", "B": "NNN----", "C": "-DDDDDD", "Z": "DDDDDDD"}),
                                team(3), DEC1)
    assert tail.dates == NOV and not notes
    assert tail.get("A", NOV[-1]) == "N" and tail.get("B", NOV[-1]) == REST
    assert not [key for key in tail.cells if key[0] == "Z"]  # a leaver: no row in this team


def test_previous_roster_of_another_team_is_refused():
    with pytest.raises(InputError, match="another team's roster"):
        previous_tail(_last_month({"E01": "DDDDDDD", "E02": "NNNNNNN"}), team(3), DEC1)


def test_previous_roster_with_an_unknown_code_is_refused_naming_the_cell():
    book = _last_month({"A": "DDDDDDX", "B": "NNNNNNN", "C": "DDDDDDD"})
    with pytest.raises(InputError, match=r"A 2026-11-30: X"):
        previous_tail(book, team(3), DEC1)


def test_previous_roster_of_the_month_being_planned_is_refused():
    december = [DEC1 + dt.timedelta(days=k) for k in range(7)]
    with pytest.raises(InputError, match=r"nothing before 2026-12-01"):
        previous_tail(_last_month({"A": "DDDDDDD"}, december), team(3), DEC1)


def test_staff_missing_from_the_previous_roster_are_named_unless_history_has_them():
    book = _last_month({"A": "DDDDDDD", "B": "NNNNNNN"})
    _, notes = previous_tail(book, team(3), DEC1)
    assert len(notes) == 1 and "(C)" in notes[0]
    with_history = replace(team(3), history={("C", NOV[-1]): "D"})
    assert previous_tail(book, with_history, DEC1)[1] == []


def test_previous_tail_is_a_roster_engine_with_previous_accepts():
    from roster.engine import with_previous

    tail, _ = previous_tail(_last_month({"A": "DDDDDDN", "B": "NNNNNNN", "C": "DDDDDDD"}), team(3), DEC1)
    assert isinstance(tail, Roster)
    assert with_previous(team(3), tail).history[("A", NOV[-1])] == "N"


# --------------------------------------------------------- the carried load inside the roster
def test_the_rules_sheet_text_of_a_carried_load_reads_back():
    load = {"1019": {"nights": 12, "weekends": 2}, "1008": {"nights": 5}, "1001": {"holidays": 0}}
    text = format_carried(load)
    assert text == "1008:nights=5;1019:nights=12,weekends=2"
    assert parse_carried(text) == {"1008": {"nights": 5}, "1019": {"nights": 12, "weekends": 2}}
    assert parse_carried("1008：nights=5；1019:nights=1") == {"1008": {"nights": 5}, "1019": {"nights": 1}}
    assert format_carried({}) == "none" and parse_carried("none") == {} and parse_carried("无") == {}
    with pytest.raises(ValueError, match="not ID:metric=days"):
        Fairness.Params(carried="1008 nights 5")


def test_a_roster_workbook_spares_whom_its_rules_sheet_says_carried(tmp_path):
    """A roster made with ``--ledger`` records the carried load among its rules, so that
    ``check`` (and swap, suggest, repair) judge it as generate did: found on the sample, where
    ``check`` priced the generated December at 299 instead of 789 and, once the spared person
    was really spared, charged them 204 for having fewer nights than their share."""
    from roster import engine
    from roster.excel.read_roster import read_roster
    from roster.excel.write_roster import write_roster
    from roster.rules import known_rules

    t = team(3)
    h = horizon(t)
    r = roster(h, {"A": "DDDDDDD", "B": "NDDDDDD", "C": "NNNDDDD"})
    profile = engine.effective_profile(t).with_overrides([("fairness.carried", "A:nights=2", 0)], known_rules())
    path = write_roster(tmp_path / "roster.xlsx", team=t, horizon=h, roster=r,
                        effective_rules=profile.flat(known_rules()), profile_name=profile.name, lang="en")
    book = read_roster(path)
    checked = engine.check(book.team, book.roster, engine.effective_profile(book.team)).check
    nights = [v for v in checked.violations if v.rule == "fairness.nights"]
    assert [v.staff_id for v in nights] == ["C"]  # A, spared, is not charged for it
    # ...and what generate's model would have charged, with the load on the team instead
    spared = replace(t, carried_load={"A": {"nights": 2}})
    assert checked.total_cost == check(spared, h, [Fairness()], r).total_cost + sum(
        v.data["cost"] for v in checked.soft if not v.rule.startswith("fairness"))

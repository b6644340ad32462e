"""Tiny teams, horizons and rosters for the rule, engine, property and CLI tests.

The rule tests follow the cpsat-primer TDD pattern: build one rule on a tiny instance, fix every
assignment to a pattern, and assert that the model is INFEASIBLE (the pattern breaks the rule) or
OPTIMAL/FEASIBLE (it does not).  ``UNKNOWN`` or ``MODEL_INVALID`` never count as "infeasible":
:func:`assert_infeasible` and :func:`assert_feasible` name the status they got.

Patterns are written one string per person, one character per date of the horizon:
``D``/``N``/``S`` a shift code, ``-`` rest, ``L`` leave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pytest
from ortools.sat.python import cp_model

import roster.refine
import roster.solve
from roster.calendar import horizon_for_dates
from roster.checker import CheckResult, check_roster
from roster.domain import (
    LEAVE,
    REST,
    DemandRow,
    Horizon,
    Leave,
    Promotion,
    Request,
    Roster,
    Shift,
    ShiftKind,
    Staff,
    Team,
    Violation,
)
from roster.i18n import set_language
from roster.model import build_model
from roster.rules import Rule
from roster.solve import STATUS_NAMES

#: A Monday in a month without Chinese public holidays or make-up working days (2027-03).
MONDAY = dt.date(2027, 3, 1)

DAY = Shift("D", "Day", ((8 * 60 + 30, 17 * 60 + 30),), ShiftKind.DAY)  # 08:30-17:30
NIGHT = Shift("N", "Night", ((17 * 60, 25 * 60),), ShiftKind.NIGHT)  # 17:00-01:00
SPLIT = Shift("S", "Split", ((10 * 60, 14 * 60), (17 * 60 + 30, 23 * 60)), ShiftKind.DAY)

SOLVE_SECONDS = 10.0

# The wall-clock safety nets of deterministic solves (four times the limit plus 5 s; refining's
# six times plus 5 s) are for a machine far slower than the reference one; when one fires the
# roster is valid but may differ between runs.  The suite runs in one process per core
# (pytest-xdist), often beside other work, where a solve of a fraction of a deterministic second
# could meet a net of a few seconds, and a test that two runs give the same roster would then
# fail for the load, not for the code.  The tests check results, never the wall clock: the nets
# get a minute more here (forked part processes inherit it).
roster.solve.WALL_CAP_SECONDS = 65.0
roster.refine.WALL_SLACK = 65.0


@pytest.fixture(autouse=True)
def _english():
    """Messages in English unless a test asks for Chinese (the language is a context var)."""
    set_language("en")
    yield
    set_language("en")


def d(k: int) -> dt.date:
    """The k-th day after MONDAY (the tiny horizons' first day)."""
    return MONDAY + dt.timedelta(days=k)


def days(start: dt.date = MONDAY, count: int = 7) -> list[dt.date]:
    return [start + dt.timedelta(days=k) for k in range(count)]


def staff(ids: Iterable[str] = ("A", "B", "C"), **by_id: dict) -> list[Staff]:
    """People with every shift allowed; ``by_id`` overrides fields, e.g. ``B={"shifts": ("D",)}``."""
    out = []
    for sid in ids:
        fields = {"name": f"Person {sid}", **by_id.get(sid, {})}
        out.append(Staff(sid, **fields))
    return out


def team(
    people: Sequence[Staff] | int = 3,
    *,
    shifts: Sequence[Shift] = (DAY, NIGHT),
    demand: Sequence[DemandRow] = (),
    leave: Sequence[Leave] = (),
    requests: Sequence[Request] = (),
    promotions: Sequence[Promotion] = (),
    history: dict[tuple[str, dt.date], str] | None = None,
) -> Team:
    if isinstance(people, int):
        people = staff([chr(ord("A") + k) for k in range(people)])
    return Team(
        staff=list(people),
        shifts=list(shifts),
        demand=list(demand),
        leave=list(leave),
        requests=list(requests),
        promotions=list(promotions),
        history=dict(history or {}),
    )


def demand(day: str, shift: str, low: int, target: int | None = None, skill: str | None = None) -> DemandRow:
    return DemandRow(day, shift, skill, low, target)


def horizon(t: Team, start: dt.date = MONDAY, count: int = 7) -> Horizon:
    return horizon_for_dates(t, days(start, count))


def roster(h: Horizon | Sequence[dt.date], patterns: dict[str, str]) -> Roster:
    """A roster from one pattern string per person (see the module docstring)."""
    dates = h.dates if isinstance(h, Horizon) else list(h)
    cells: dict[tuple[str, dt.date], str] = {}
    for sid, pattern in patterns.items():
        assert len(pattern) == len(dates), f"{sid}: pattern {pattern!r} is not {len(dates)} days long"
        for date, char in zip(dates, pattern, strict=True):
            cells[sid, date] = {"-": REST, "L": LEAVE}.get(char, char)
    return Roster(list(dates), cells)


def history(start: dt.date, patterns: dict[str, str]) -> dict[tuple[str, dt.date], str]:
    """History cells for the days from ``start`` (same pattern letters as :func:`roster`)."""
    out = {}
    for sid, pattern in patterns.items():
        for k, char in enumerate(pattern):
            out[sid, start + dt.timedelta(days=k)] = {"-": REST, "L": LEAVE}.get(char, char)
    return out


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    return solver


def solve_fixed(t: Team, h: Horizon, rules: list[Rule], r: Roster, *, seconds: float = SOLVE_SECONDS
                ) -> str:
    """Status name of the model with every assignment fixed to ``r``."""
    rm = build_model(t, h, rules, fixed=r)
    return STATUS_NAMES[_solver(seconds).solve(rm.model)]


def solve_fixed_cost(t: Team, h: Horizon, rules: list[Rule], r: Roster, *, seconds: float = SOLVE_SECONDS
                     ) -> tuple[str, float | None]:
    """Status name and objective (0 without penalties) of the model fixed to ``r``."""
    rm = build_model(t, h, rules, fixed=r)
    solver = _solver(seconds)
    status = STATUS_NAMES[solver.solve(rm.model)]
    if status not in ("OPTIMAL", "FEASIBLE"):
        return status, None
    return status, (solver.objective_value if rm.penalties else 0.0)


def solve_free(t: Team, h: Horizon, rules: list[Rule], *, seconds: float = SOLVE_SECONDS,
               elastic: bool = False) -> tuple[str, Roster | None, float | None]:
    """Solve without fixing: status, extracted roster, objective."""
    rm = build_model(t, h, rules, elastic=elastic)
    solver = _solver(seconds)
    status = STATUS_NAMES[solver.solve(rm.model)]
    if status not in ("OPTIMAL", "FEASIBLE"):
        return status, None, None
    return status, rm.vars.extract(solver), (solver.objective_value if rm.penalties else 0.0)


def assert_infeasible(status: str) -> None:
    assert status == "INFEASIBLE", f"expected INFEASIBLE, got {status} (UNKNOWN/MODEL_INVALID are not proofs)"


def assert_feasible(status: str) -> None:
    assert status in ("OPTIMAL", "FEASIBLE"), f"expected a feasible model, got {status}"


def check(t: Team, h: Horizon, rules: list[Rule], r: Roster) -> CheckResult:
    return check_roster(t, h, r, rules)


def of_rule(result: CheckResult, name: str) -> list[Violation]:
    return [v for v in result.violations if v.rule == name]


def department_in_parts(size: int = 12, **solver: object):
    """(team, profile): ``size`` people in teams of 6, three day and two night shifts wanted a
    day, and the default profile set to solve them in parts of 6 (``decompose_above`` 8);
    ``solver`` overrides more solver settings (e.g. ``whole_model_max=10``: parts only)."""
    from roster.engine import effective_profile

    people = staff([f"A{k:02d}" for k in range(size)], **{f"A{k:02d}": {"team": f"T{k // 6}"} for k in range(size)})
    t = team(people, demand=[demand("all", "D", 3, 4), demand("all", "N", 2)])
    prof = effective_profile(t)
    prof.solver = prof.solver.model_copy(update={"decompose_above": 8, "part_size": 6, **solver})
    return t, prof


@pytest.fixture(scope="session")
def parts_only_plan():
    """generate's plan for :func:`department_in_parts` with ``whole_model_max=10`` (12 people:
    parts only, the stitched roster polished and refined) for March 2027 at a 4-second limit.

    One generate of about 4 s (more on a loaded machine) shared by the tests that check
    different things about the same plan (roster.bounds, roster.decompose, roster.polish);
    they only read it, and a test that needs another run builds its own team and profile."""
    from roster.engine import generate

    set_language("en")  # the notes the tests read are English (this runs before _english)
    t, prof = department_in_parts(whole_model_max=10)
    return generate(t, 2027, 3, prof, time_limit=4)


def shared_nights(nights: Sequence[int], wish_day: int, lead: bool) -> tuple[Team, Horizon, Roster]:
    """(team, horizon, roster) for the property tests of roster.polish and roster.refine: four
    people, two nights and two days wanted a date, each date's nights given to one of four
    pairs (``nights``: an index per date), a wish of A's against a night, E a lead or not."""
    people = staff(["A", "B", "C", "E"], E={"lead": lead})
    t = team(people, demand=[demand("all", "N", 2, 2), demand("all", "D", 2, 2)],
             requests=[Request("A", d(wish_day), "N", want=False, weight=2)])
    h = horizon(t, count=len(nights))
    pairs = [("A", "B"), ("A", "C"), ("B", "C"), ("C", "E")]
    patterns = {p: "".join("N" if p in pairs[k] else "D" for k in nights) for p in "ABCE"}
    return t, h, roster(h, patterns)


def exchange_rules(*, working_days_weight: int = 1, requests: bool = True) -> list[Rule]:
    """The rules the tests of roster.polish and roster.refine judge exchanges by: assignment,
    coverage, rest between shifts, at most six days in a row and fairness with no tolerance
    (so a single night too many costs), plus requests unless ``requests`` is False."""
    from roster.rules import Assignment, ConsecutiveDays, Coverage, Requests, RestBetweenShifts
    from roster.rules.fairness import Fairness

    out: list[Rule] = [Assignment(), Coverage(), RestBetweenShifts(), ConsecutiveDays(ConsecutiveDays.Params(max_days=6)),
                       Fairness(Fairness.Params(tolerance_days=0, working_days_weight=working_days_weight))]
    return out + [Requests()] if requests else out


def record_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[dict]:
    """Replace ``owner.name`` by a wrapper that records each call's keyword arguments and then
    calls the original: for tests that check how a command used a function (the limits it was
    given, whether it polished), not only what it printed."""
    calls: list[dict] = []
    original = getattr(owner, name)

    def recording(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return calls

"""The decision variables of a month, in one container keyed by (staff id, date, shift code).

Rules never index arrays by position: they ask the container for ``assign(staff, date, code)``
or ``works(staff, date)``.  Dates before the month (the History tail) answer with constants, so
rules that reach across the month boundary need no special case.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeAlias

from roster.domain import LEAVE, REST, Horizon, Roster, Team

if TYPE_CHECKING:  # OR-Tools (and the pandas it pulls in) loads only when a model is built
    from ortools.sat.python import cp_model

Literal: TypeAlias = "cp_model.IntVar | int"


class RosterVars:
    """``x[staff, date, code]`` is 1 when the person works that shift that day."""

    def __init__(self, model: cp_model.CpModel, team: Team, horizon: Horizon):
        self.model = model
        self.team = team
        self.horizon = horizon
        self.codes = [s.code for s in team.shifts]
        self.dates = horizon.dates
        self._in_month = set(self.dates)
        self.x: dict[tuple[str, dt.date, str], cp_model.IntVar] = {}
        self._works: dict[tuple[str, dt.date], cp_model.IntVar] = {}
        for person in team.staff:
            for date in self.dates:
                day_vars = []
                for code in self.codes:
                    var = model.new_bool_var(f"x[{person.id},{date.isoformat()},{code}]")
                    self.x[person.id, date, code] = var
                    day_vars.append(var)
                works = model.new_bool_var(f"works[{person.id},{date.isoformat()}]")
                # One shift a day at most is structural (a cell holds one code); it is also
                # what makes ``works`` the plain sum of the day's assignments.
                model.add(sum(day_vars) == works)
                self._works[person.id, date] = works

    def in_month(self, date: dt.date) -> bool:
        return date in self._in_month

    def assign(self, staff_id: str, date: dt.date, code: str) -> Literal:
        """The assignment literal, or a constant for History dates (0 before History starts)."""
        if date in self._in_month:
            return self.x[staff_id, date, code]
        return int(self.team.history.get((staff_id, date)) == code)

    def works(self, staff_id: str, date: dt.date) -> Literal:
        if date in self._in_month:
            return self._works[staff_id, date]
        cell = self.team.history.get((staff_id, date))
        return int(cell is not None and cell in self.team.shift_by_code)

    def fix(self, roster: Roster, dates: list[dt.date] | None = None) -> None:
        """Fix the variables to ``roster`` on ``dates`` (all by default): used by tests,
        ``swap`` (checking a change) and ``repair`` (days before ``--from``)."""
        for (sid, date, code), var in self.x.items():
            if dates is None or date in dates:
                self.model.add(var == int(roster.get(sid, date) == code))

    def hint(self, roster: Roster, model: cp_model.CpModel | None = None) -> None:
        """Give CP-SAT a starting point (last solution, or the roster being repaired), in this
        container's model or in ``model``, a clone of it (same variable indices)."""
        target = self.model if model is None else model
        for (sid, date, code), var in self.x.items():
            hinted = var if model is None else model.get_int_var_from_proto_index(var.index)
            target.add_hint(hinted, int(roster.get(sid, date) == code))

    def extract(self, solver: cp_model.CpSolver) -> Roster:
        cells: dict[tuple[str, dt.date], str] = {}
        for person in self.team.staff:
            for date in self.dates:
                code = next((c for c in self.codes if solver.boolean_value(self.x[person.id, date, c])), None)
                if code is not None:
                    cells[person.id, date] = code
                elif self.team.on_leave(person.id, date):
                    cells[person.id, date] = LEAVE
                else:
                    cells[person.id, date] = REST
        return Roster(list(self.dates), cells)

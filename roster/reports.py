"""Figures derived from a finished roster: coverage per date/shift/skill and totals per person.

Plain data for the Excel writer, the console tables and ``--json``; no I/O here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from roster.domain import Horizon, Requirement, Roster, Team
from roster.matching import assign_skills


@dataclass
class CoverageRow:
    """Required vs assigned for one date, shift and skill (skill None: anyone)."""

    date: dt.date
    shift: str
    skill: str | None
    min: int
    target: int
    assigned: int
    people: list[str]
    day_type: str
    holiday: str = ""
    promotion: str = ""

    @property
    def gap(self) -> int:
        """People missing to reach the hard minimum (0 when covered)."""
        return max(0, self.min - self.assigned)

    @property
    def below_target(self) -> int:
        return max(0, self.target - self.assigned)

    def as_json(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["gap"] = self.gap
        data["below_target"] = self.below_target
        return data


@dataclass
class PersonSummary:
    """Totals per person for the Summary sheet and the fairness figures."""

    id: str
    name: str
    team: str
    working_days: int = 0
    nights: int = 0
    weekend_days: int = 0
    holiday_days: int = 0
    hours: float = 0.0
    rest_days: int = 0
    leave_days: int = 0
    shifts: dict[str, int] = field(default_factory=dict)


def coverage_table(team: Team, horizon: Horizon, roster: Roster) -> list[CoverageRow]:
    """One row per requirement, with the people counted for it (see :mod:`roster.matching`)."""
    by_id = team.staff_by_id
    rows: list[CoverageRow] = []
    grouped: dict[tuple[dt.date, str], list[Requirement]] = {}
    for req in horizon.requirements:
        grouped.setdefault((req.date, req.shift), []).append(req)
    for day in horizon.days:
        for shift in team.shifts:
            reqs = grouped.get((day.date, shift.code), [])
            on_shift = [by_id[sid] for sid in by_id if roster.get(sid, day.date) == shift.code]
            if not reqs:
                continue
            counted = assign_skills(on_shift, reqs)
            for req, people in zip(reqs, counted, strict=True):
                rows.append(
                    CoverageRow(
                        date=day.date,
                        shift=shift.code,
                        skill=req.skill,
                        min=req.min,
                        target=req.target,
                        assigned=len(people),
                        people=people,
                        day_type=day.type.value,
                        holiday=day.holiday_name,
                        promotion=day.promotion.name if day.promotion else "",
                    )
                )
    return rows


def person_summary(team: Team, horizon: Horizon, roster: Roster) -> list[PersonSummary]:
    shifts = team.shift_by_code
    result = []
    for person in team.staff:
        summary = PersonSummary(person.id, person.name, person.team)
        for day in horizon.days:
            cell = roster.get(person.id, day.date)
            shift = shifts.get(cell)
            if shift is None:
                if team.on_leave(person.id, day.date) or cell == "LEAVE":
                    summary.leave_days += 1
                else:
                    summary.rest_days += 1
                continue
            summary.working_days += 1
            summary.hours += shift.hours
            summary.shifts[shift.code] = summary.shifts.get(shift.code, 0) + 1
            summary.nights += shift.kind.value == "night"
            summary.weekend_days += day.is_weekend
            summary.holiday_days += day.is_holiday
        result.append(summary)
    return result

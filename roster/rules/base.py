"""The one interface every rule implements.

A rule is a small named unit that

1. adds itself to the CP-SAT model (:meth:`Rule.add`), returning its named penalty terms
   (soft rules) or none (hard rules: constraints only);
2. checks a finished roster independently of the model (:meth:`Rule.check`), returning
   violations in words with person, date and numbers; soft rules also report what they cost,
   so the checker recomputes the objective without a solver;
3. reads its parameters from the profile through its own pydantic ``Params`` model.

``generate``, ``check``, ``swap``, ``suggest`` and ``repair`` all use the same catalogue.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from roster.domain import (
    REST,
    Horizon,
    Roster,
    Shift,
    Staff,
    Team,
    Violation,
    is_leave_mark,
    is_rest_mark,
)
from roster.i18n import MissingMessage, language, register, t
from roster.variables import RosterVars

if TYPE_CHECKING:  # checking a roster needs no solver: check/swap/suggest start faster without it
    from ortools.sat.python import cp_model


def rule_label(code: str, lang: str | None = None) -> str:
    """A rule or penalty code (``coverage.target``) as a table shows it to people: in Chinese its
    name with the code after it, ``低于目标人数（coverage.target）`` (a Chinese manager read bare
    English codes; the code stays, it is what the Rules sheet and --json use); in English the code,
    which reads as words.  Each rule module registers its labels (``label.<code>``); a code
    without one is shown as it is."""
    if (lang or language()) != "zh":
        return code
    try:
        return f"{t(f'label.{code}', lang='zh')}（{code}）"
    except MissingMessage:
        return code


def unit(kind: str) -> dict[str, str]:
    """A parameter's unit, for ``Field(json_schema_extra=unit("hours"))``: the Rules sheet
    accepts a number typed with that unit (``12小时``, ``5天``) and refuses any other unit
    (roster.profile.coerce_setting), so the knowledge of what a setting counts in lives
    beside the setting.  Kinds: hours, days, people, seconds, minutes."""
    return {"unit": kind}


def choice_words(words: dict[str, str]) -> dict[str, dict[str, str]]:
    """Other words a manager may type for a text choice (``综合工时`` for ``comprehensive``),
    for ``Field(json_schema_extra=choice_words({...}))`` on a Literal parameter."""
    return {"choice_words": words}


#: The largest weight a soft rule takes.  Weights multiply counts of people, days and hours in
#: one integer objective: ``coverage.under_target_weight = 1e18`` overflowed CP-SAT's 64-bit
#: objective and generate wrote a roster 44 people short of the targets against 12 with 1e15,
#: saying nothing.  It also keeps every soft weight far below the elastic price of a missing
#: person (roster.rules.coverage.ELASTIC_WEIGHT), so that --best-effort and the reasons of an
#: infeasible month still minimise the shortfall first.
MAX_WEIGHT = 10_000

register(
    {
        "rules.err.weight_cap": {
            "en": "must be at most {cap}: weights only compare with each other (20 against 1 already "
                  "means twenty times as important)",
            "zh": "须不大于 {cap}：权重只在彼此之间比较（20 对 1 已表示重要二十倍）",
        },
    }
)


class RuleParams(BaseModel):
    """Base of every rule's parameters: unknown keys are errors (catches typos in profiles)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True

    @field_validator("*")
    @classmethod
    def _weight_in_range(cls, value: object, info: ValidationInfo) -> object:
        """Every ``*_weight`` / ``weight_scale`` setting of every rule is at most MAX_WEIGHT."""
        name = info.field_name or ""
        if (name.endswith("weight") or name == "weight_scale") and isinstance(value, int | float) \
                and not isinstance(value, bool) and value > MAX_WEIGHT:
            raise ValueError(t("rules.err.weight_cap", cap=MAX_WEIGHT))
        return value


#: How the first-roster phase treats a penalty (:attr:`Penalty.aim_zero`).
AIM_NEVER, AIM_ALWAYS, AIM_FIRST = 0, 1, 2


@dataclass(frozen=True)
class Penalty:
    """A named objective term: ``weight * var``, where ``var`` counts units of violation
    (missing people, hours, a broken wish).  The name says rule, person, date."""

    rule: str
    name: str
    var: cp_model.LinearExprT
    weight: int
    #: Whether the first-roster phase asks for this term to cost nothing (roster.solve):
    #: ``AIM_NEVER`` for costs that are often structural (over-staffing when head count exceeds
    #: demand); ``AIM_ALWAYS`` for what a good roster can nearly always bring to zero (fairness
    #: bands, short stretches); ``AIM_FIRST`` for one person's wish on one date, which can
    #: conflict with others' (everyone wants Christmas off), so it is asked for only in the
    #: most ambitious attempt.
    aim_zero: int = AIM_NEVER


@dataclass
class ModelContext:
    """What a rule needs to add itself to the model."""

    team: Team
    horizon: Horizon
    model: cp_model.CpModel
    vars: RosterVars
    #: Variables rules publish for other rules (e.g. coverage's shortfall literals).
    shared: dict[str, object] = field(default_factory=dict)

    def history_dates(self, before: dt.date, count: int) -> list[dt.date]:
        """The ``count`` dates before ``before`` (History tail days)."""
        return [before - dt.timedelta(days=k) for k in range(count, 0, -1)]

    @cached_property
    def available(self) -> dict[tuple[str, dt.date], bool]:
        """Whether a person may work at all on a date (not on leave)."""
        return {
            (p.id, d): not self.team.on_leave(p.id, d) for p in self.team.staff for d in self.horizon.dates
        }


@dataclass
class CheckContext:
    """A finished roster plus the team and calendar, for the independent checks."""

    team: Team
    horizon: Horizon
    roster: Roster
    #: Who works what, (date, code) -> staff ids in staff order, when the caller already knows it
    #: (``suggest`` derives it from the published roster's instead of re-scanning 300 people).
    on_duty_index: dict[tuple[dt.date, str], list[str]] | None = None

    @classmethod
    def of_person(cls, team: Team, horizon: Horizon, person: Staff, cells: dict[tuple[str, dt.date], str]
                  ) -> CheckContext:
        """A context holding one person and their ``cells``: what a person rule needs to judge
        them alone (``swap``/``suggest`` and roster.polish judge changed people this way)."""
        return cls(replace(team, staff=[person]), horizon, Roster(list(horizon.dates), cells))

    @cached_property
    def shifts(self) -> dict[str, Shift]:
        return self.team.shift_by_code

    def cell(self, staff_id: str, date: dt.date) -> str:
        """The month's cell, or the History tail's before the month ("" when unknown)."""
        if date in self._month:
            return self.roster.get(staff_id, date)
        return self.team.history.get((staff_id, date), "")

    def shift_of(self, staff_id: str, date: dt.date) -> Shift | None:
        """The known shift worked that day, or None (rest, leave, unknown code).  Memoised: every
        rule asks it for every person and day, and a check context's roster does not change."""
        key = (staff_id, date)
        memo = self._shift_memo
        if key not in memo:
            memo[key] = self.shifts.get(self.cell(staff_id, date).strip())
        return memo[key]

    @cached_property
    def _shift_memo(self) -> dict[tuple[str, dt.date], Shift | None]:
        return {}

    def works(self, staff_id: str, date: dt.date) -> bool:
        return self.shift_of(staff_id, date) is not None

    def is_rest(self, staff_id: str, date: dt.date) -> bool:
        return is_rest_mark(self.cell(staff_id, date))

    def is_leave(self, staff_id: str, date: dt.date) -> bool:
        return is_leave_mark(self.cell(staff_id, date))

    @cached_property
    def _month(self) -> set[dt.date]:
        return set(self.horizon.dates)

    def people_on(self, date: dt.date, code: str) -> list[str]:
        """Who works ``code`` on ``date`` (staff order), from an index built once."""
        return self._on_duty.get((date, code.strip()), [])

    @cached_property
    def _on_duty(self) -> dict[tuple[dt.date, str], list[str]]:
        if self.on_duty_index is not None:
            return self.on_duty_index
        return on_duty_index(self.roster, [p.id for p in self.team.staff], self.horizon.dates)


def on_duty_index(roster: Roster, staff_ids: list[str], dates: list[dt.date]
                  ) -> dict[tuple[dt.date, str], list[str]]:
    """(date, cell) -> the staff ids with that cell on that date, in staff order."""
    index: dict[tuple[dt.date, str], list[str]] = {}
    cells = roster.cells
    for staff_id in staff_ids:
        for date in dates:
            cell = cells.get((staff_id, date), REST).strip()
            index.setdefault((date, cell), []).append(staff_id)
    return index


def patched_index(index: dict[tuple[dt.date, str], list[str]], roster: Roster, staff_ids: list[str],
                  changes: dict[tuple[str, dt.date], str]) -> dict[tuple[dt.date, str], list[str]]:
    """``index`` (who works what in ``roster``) with the cell ``changes`` applied: only the
    entries the changed cells leave or join are rebuilt, in staff order.  ``swap``/``suggest``
    and roster.polish judge thousands of changes on one roster this way."""
    out = dict(index)
    moved: dict[tuple[dt.date, str], dict[str, bool]] = {}
    for (staff_id, date), cell in changes.items():
        old = roster.get(staff_id, date).strip()
        if old != cell.strip():
            moved.setdefault((date, old), {})[staff_id] = False
            moved.setdefault((date, cell.strip()), {})[staff_id] = True
    for key, joins in moved.items():
        members = set(out.get(key, ()))
        members.update(s for s, j in joins.items() if j)
        members.difference_update(s for s, j in joins.items() if not j)
        out[key] = [s for s in staff_ids if s in members]
    return out


class Rule(ABC):
    """A named rule of the catalogue.  Subclasses set the class attributes and implement
    :meth:`add` and :meth:`check`."""

    name: ClassVar[str]
    hard: ClassVar[bool]
    Params: ClassVar[type[RuleParams]] = RuleParams
    #: What a change must re-check: "person" rules judge each person alone (a swap re-checks
    #: only the people it touches), "day" rules judge each date (only the dates touched and
    #: their neighbours), "team" rules need everyone (fairness).
    scope: ClassVar[str] = "person"
    #: Day rules only: how many neighbouring dates a change on one date can affect (handover
    #: looks at the next morning; coverage only at its own date).
    reach: ClassVar[int] = 1

    def __init__(self, params: RuleParams | None = None):
        self.params = params if params is not None else self.Params()

    @abstractmethod
    def add(self, ctx: ModelContext) -> list[Penalty]:
        """Add constraints and return named penalty terms (empty for pure hard rules)."""

    @abstractmethod
    def check(self, ctx: CheckContext) -> list[Violation]:
        """Violations of this rule in ``ctx.roster``, computed without the solver."""

    def notes(self, team: Team) -> list[str]:
        """What the user should know about how this rule applies to ``team`` (a setting that
        cannot take effect with this team, say), shown with the other notes of ``generate`` and
        ``check``; nothing by default."""
        return []

    def summarize(self, ctx: CheckContext, staff_id: str) -> object:
        """Team rules that are an aggregate of per-person figures return one person's figures
        here (and implement :meth:`judge`), so that a change re-counts only the people it
        touches.  ``None`` means the rule is not decomposable: edits re-check it whole."""
        return None

    def judge(self, ctx: CheckContext, summaries: dict[str, object], only: set[str] | None = None
              ) -> list[Violation]:
        """Violations from every person's :meth:`summarize` figures.  Decomposable team rules
        override it; any other rule ignores the figures and judges ``ctx.roster`` whole, which
        is always right, only slower.

        ``only``: report only these people's violations (the figures they are judged against,
        such as a group's total, are still counted over everyone).  roster.polish re-judges the
        two people of a swap this way; a rule that cannot tell one person's violations apart
        ignores it and reports everyone's."""
        return self.check(ctx)

    def imbalance(self, ctx: CheckContext, summaries: dict[str, object]) -> dict[str, dict[str, float]]:
        """Per penalty name, how far each person is above (+) or below (-) what the rule deems
        their share, from :meth:`summarize` figures; empty for rules without shares.
        roster.polish pairs people who are off their shares opposite ways."""
        return {}

    def describe(self, lang: str | None = None) -> str:
        """One line for users: the message ``<name>.title`` filled with the parameters."""
        return t(f"{self.name}.title", lang, **self.params.model_dump())

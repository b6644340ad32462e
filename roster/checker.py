"""The independent checker: every rule of the catalogue judges a finished roster.

Used by ``check``, by every solve before a roster is written, by ``swap``/``suggest``/``repair``,
and by the tests.  It never touches CP-SAT; soft rules report what they cost, so the checker also
recomputes the objective (a test compares it with the solver's).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from roster.domain import Horizon, Roster, Team, Violation
from roster.rules import CheckContext, Rule


@dataclass
class CheckResult:
    violations: list[Violation]

    @property
    def hard(self) -> list[Violation]:
        return [v for v in self.violations if v.hard]

    @property
    def soft(self) -> list[Violation]:
        return [v for v in self.violations if not v.hard]

    @property
    def ok(self) -> bool:
        """All hard rules (minimum coverage included) hold."""
        return not self.hard

    @property
    def cost_by_rule(self) -> dict[str, tuple[int, int]]:
        """Penalty name -> (weighted cost, units), as the solver's objective counts them."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for v in self.soft:
            cost = int(v.data.get("cost", 0))
            if cost:
                out[v.rule][0] += cost
                out[v.rule][1] += int(v.data.get("units", 1))
        return {k: (c, u) for k, (c, u) in sorted(out.items())}

    @property
    def total_cost(self) -> int:
        return sum(c for c, _ in self.cost_by_rule.values())

    def hard_rules(self) -> list[str]:
        return sorted({v.rule for v in self.hard})


def check_roster(team: Team, horizon: Horizon, roster: Roster, rules: list[Rule]) -> CheckResult:
    ctx = CheckContext(team, horizon, roster)
    violations: list[Violation] = []
    for rule in rules:
        violations.extend(rule.check(ctx))
    # A person without a row is one finding, not one per rule: their missing cells read as
    # rest, and "1007 has 28 rest days in the month" beside "1007 has no row" said it twice.
    rowless = {v.staff_id for v in violations if v.data.get("missing_row")}
    if rowless:
        violations = [v for v in violations if v.staff_id not in rowless or v.data.get("missing_row")]
    return CheckResult(violations)

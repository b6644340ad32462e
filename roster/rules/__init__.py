"""The one catalogue of rules, in the order they are added to the model and checked."""

from __future__ import annotations

from roster.profile import Profile
from roster.rules.assignment import Assignment
from roster.rules.base import (
    AIM_ALWAYS,
    AIM_FIRST,
    AIM_NEVER,
    CheckContext,
    ModelContext,
    Penalty,
    Rule,
    RuleParams,
)
from roster.rules.compliance import Compliance
from roster.rules.coverage import Coverage
from roster.rules.fairness import Fairness
from roster.rules.handover import Handover
from roster.rules.hours import Hours
from roster.rules.intervals import Intervals
from roster.rules.promotion import PromotionRest
from roster.rules.requests import Requests
from roster.rules.rest_between_shifts import RestBetweenShifts
from roster.rules.rest_days import ConsecutiveDays, RestDays
from roster.rules.rotation import Rotation

CATALOGUE: tuple[type[Rule], ...] = (
    Assignment,
    Coverage,
    Intervals,
    ConsecutiveDays,
    RestDays,
    RestBetweenShifts,
    Rotation,
    Handover,
    Hours,
    PromotionRest,
    Fairness,
    Requests,
    Compliance,
)

BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in CATALOGUE}


def known_rules() -> dict[str, type[RuleParams]]:
    """Rule name -> its parameter model (what a profile section or Rules-sheet key may set)."""
    return {rule.name: rule.Params for rule in CATALOGUE}


def build_rules(profile: Profile) -> list[Rule]:
    """The enabled rules with their parameters from ``profile``."""
    return [rule(profile.params(rule.name, rule.Params)) for rule in CATALOGUE if profile.enabled(rule.name)]


__all__ = [
    "AIM_ALWAYS",
    "AIM_FIRST",
    "AIM_NEVER",
    "BY_NAME",
    "CATALOGUE",
    "CheckContext",
    "ModelContext",
    "Penalty",
    "Rule",
    "build_rules",
    "known_rules",
]

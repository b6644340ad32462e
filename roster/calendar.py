"""The month's calendar: official holidays and make-up working days, promotions, and demand
resolved onto each date.

Official Chinese holidays and 调休 working days come from the maintained ``holidays`` package;
the workbook's Holidays sheet overrides or extends them (the State Council publishes next year's
schedule late in the year, and shops add their own closing days).
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
import math
from collections.abc import Iterable

import holidays as holidays_lib

from roster.domain import (
    Day,
    DayType,
    DemandRow,
    HolidayEntry,
    Horizon,
    Promotion,
    Requirement,
    Team,
)
from roster.errors import InputError, InputErrors
from roster.i18n import register, t

register(
    {
        "demand.unknown_day": {
            "en": "sheet Demand, row {row}, column day: {value!r} is neither a date (YYYY-MM-DD), "
            "a day type (weekday, weekend, holiday, workday, all) nor a promotion name ({promotions}).",
            "zh": "需求表第 {row} 行“日期”列：{value!r} 不是日期（YYYY-MM-DD）、日期类型"
            "（工作日、周末、节假日、调休上班、全部）或大促名称（{promotions}）。",
        },
        "demand.unknown_shift": {
            "en": "sheet Demand, row {row}, column shift: unknown shift code {value!r} (known: {known}).",
            "zh": "需求表第 {row} 行“班次”列：未知班次代码 {value!r}（已有：{known}）。",
        },
        "month.bad": {
            "en": "--month must be YYYY-MM (e.g. 2026-12), got {value!r}.",
            "zh": "--month 应为 YYYY-MM（例如 2026-12），实际为 {value!r}。",
        },
    }
)

#: Day-type words accepted in the Demand sheet (lower-cased), English and Chinese.
DAY_TYPE_WORDS: dict[str, str] = {
    "weekday": "weekday", "工作日": "weekday", "平日": "weekday",
    "weekend": "weekend", "周末": "weekend",
    "holiday": "holiday", "节假日": "holiday", "假日": "holiday", "法定节假日": "holiday",
    "workday": "workday", "调休": "workday", "调休上班": "workday", "补班": "workday",
    "all": "all", "全部": "all", "每天": "all", "every day": "all",
}


def parse_month(text: str) -> tuple[int, int]:
    """``2026-12`` -> (2026, 12); an :class:`InputError` otherwise."""
    try:
        year_s, month_s = str(text).strip().split("-")
        year, month = int(year_s), int(month_s)
        if not (1 <= month <= 12 and 1900 < year < 3000):
            raise ValueError
    except ValueError:
        raise InputError(t("month.bad", value=text)) from None
    return year, month


def month_dates(year: int, month: int) -> list[dt.date]:
    return [dt.date(year, month, d) for d in range(1, pycal.monthrange(year, month)[1] + 1)]


def official_calendar(years: Iterable[int], country: str = "CN") -> tuple[dict[dt.date, str], set[dt.date]]:
    """Official holidays (date -> name) and make-up working days for ``years``."""
    cal = holidays_lib.country_holidays(country, years=sorted(set(years)))
    workdays = {d for d in getattr(cal, "weekend_workdays", set())}
    return dict(cal.items()), workdays


def classify_days(
    dates: list[dt.date],
    overrides: list[HolidayEntry],
    promotions: list[Promotion],
    country: str = "CN",
) -> list[Day]:
    """Day type per date: the Holidays sheet first, then the official calendar, then weekday."""
    names, workdays = official_calendar({d.year for d in dates}, country)
    by_override = {h.date: h for h in overrides}
    days: list[Day] = []
    for date in dates:
        promo = next((p for p in promotions if p.covers(date)), None)
        if date in by_override:
            entry = by_override[date]
            days.append(Day(date, entry.kind, entry.name, promo))
        elif date in workdays:
            days.append(Day(date, DayType.WORKDAY, "", promo))
        elif date in names:
            days.append(Day(date, DayType.HOLIDAY, names[date], promo))
        elif date.weekday() >= 5:
            days.append(Day(date, DayType.WEEKEND, "", promo))
        else:
            days.append(Day(date, DayType.WEEKDAY, "", promo))
    return days


def _day_spec(row: DemandRow, promotions: list[Promotion]) -> tuple[str, object]:
    """What a Demand row's ``day`` names: ("date", date) | ("type", word) | ("promo", name)."""
    raw = str(row.day).strip()
    try:
        return "date", dt.date.fromisoformat(raw[:10])
    except ValueError:
        pass
    word = DAY_TYPE_WORDS.get(raw.lower())
    if word:
        return "type", word
    for promo in promotions:
        if promo.name.strip().lower() == raw.lower():
            return "promo", promo.name
    return "none", raw


def _type_chain(day: Day) -> list[str]:
    """Which day-type rows apply to ``day``, most specific first (holiday falls back to weekend
    rows, then weekday rows; make-up working days are weekdays)."""
    if day.type == DayType.HOLIDAY:
        return ["holiday", "weekend", "weekday", "all"]
    if day.type == DayType.WORKDAY:
        return ["workday", "weekday", "all"]
    if day.type == DayType.WEEKEND:
        return ["weekend", "weekday", "all"]
    return ["weekday", "all"]


def resolve_demand(team: Team, days: list[Day]) -> list[Requirement]:
    """Turn the Demand rows into one requirement per date, shift and skill.

    For each (shift, skill) the most specific row wins: an exact date, then the day's promotion
    by name, then its day type (see :func:`_type_chain`).  A promotion's multiplier scales
    ``min`` and ``target`` (rounded up) of rows that do not name the promotion or the date:
    a row written for the promotion already states its peak staffing.
    """
    errors: list[InputError] = []
    known_shifts = {s.code for s in team.shifts}
    specs: list[tuple[str, object, DemandRow]] = []
    promo_names = ", ".join(p.name for p in team.promotions) or "-"
    for row in team.demand:
        kind, value = _day_spec(row, team.promotions)
        if kind == "none":
            errors.append(InputError(t("demand.unknown_day", row=row.source_row, value=row.day,
                                       promotions=promo_names), sheet="Demand", row=row.source_row,
                                     column="day"))
        if row.shift not in known_shifts:
            errors.append(InputError(t("demand.unknown_shift", row=row.source_row, value=row.shift,
                                       known=", ".join(sorted(known_shifts))), sheet="Demand",
                                     row=row.source_row, column="shift"))
        specs.append((kind, value, row))
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)

    requirements: list[Requirement] = []
    for day in days:
        chosen: dict[tuple[str, str | None], tuple[int, DemandRow]] = {}
        chain = _type_chain(day)
        for kind, value, row in specs:
            if kind == "date":
                rank = 0 if value == day.date else None
            elif kind == "promo":
                rank = 1 if day.promotion is not None and day.promotion.name == value else None
            else:
                rank = 2 + chain.index(value) if value in chain else None
            if rank is None:
                continue
            key = (row.shift, row.skill)
            if key not in chosen or rank < chosen[key][0]:
                chosen[key] = (rank, row)
        for (shift, skill), (rank, row) in sorted(chosen.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            factor = day.promotion.multiplier if (day.promotion and rank >= 2) else 1.0
            low = math.ceil(row.min * factor - 1e-9)
            target = max(low, math.ceil((row.target if row.target is not None else row.min) * factor - 1e-9))
            if low == 0 and target == 0:
                continue
            requirements.append(Requirement(day.date, shift, skill, low, target))
    return requirements


def build_horizon(team: Team, year: int, month: int, country: str = "CN") -> Horizon:
    """The planning month with its calendar and demand."""
    days = classify_days(month_dates(year, month), team.holidays, team.promotions, country)
    return Horizon(days, resolve_demand(team, days))


def horizon_for_dates(team: Team, dates: list[dt.date], country: str = "CN") -> Horizon:
    """The same for an explicit list of dates (a roster workbook's columns)."""
    days = classify_days(dates, team.holidays, team.promotions, country)
    return Horizon(days, resolve_demand(team, days))

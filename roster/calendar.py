"""The month's calendar: official holidays and make-up working days, promotions, and demand
resolved onto each date.

Official Chinese holidays and 调休 working days come from the maintained ``holidays`` package;
the workbook's Holidays sheet overrides or extends them (the State Council publishes next year's
schedule late in the year, and shops add their own closing days).

Which Demand (Intervals, Forecast) rows apply on a date, for each shift and skill (per skill and
minute for intervals), most specific first (:func:`day_rank`):

1. an exact date;
2. the date's promotion, by name;
3. the date's weekday name (``Monday``/``Mon``/``周一``/``星期一``/``礼拜一`` ...), only on an
   *ordinary* day of that weekday: Monday to Friday names on ordinary working weekdays (not a
   public holiday, not a weekday the Holidays sheet gives off as a rest day), Saturday and Sunday
   names on ordinary weekend days (not an official make-up working day, 调休上班, not a
   holiday).  Managers staff by weekday ("Mondays after the weekend need 6"), but a holiday
   Monday is a holiday and a make-up Saturday a working day, so those fall to the chain below;
4. the day type chain (:func:`_type_chain`): holiday, else weekend, else weekday rows; make-up
   working days use ``workday``, else ``weekday`` rows;
5. ``all``.

A level only wins for the shifts and skills it has rows for: a Monday row for the pre-sale day
shift leaves the night shift to the weekday rows.  A promotion's multiplier scales rows of
levels 3 to 5, which do not name the promotion or the date.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import holidays as holidays_lib

from roster import i18n
from roster.domain import (
    MINUTES_PER_DAY,
    Day,
    DayType,
    DemandRow,
    HolidayEntry,
    Horizon,
    IntervalRequirement,
    IntervalRow,
    Promotion,
    Requirement,
    Team,
)
from roster.errors import InputError, InputErrors
from roster.i18n import join_clauses, register, t
from roster.i18n import span as date_span

register(
    {
        "demand.unknown_day": {
            "en": "sheet Demand, row {row}, column day: {value!r} is neither a date (YYYY-MM-DD), "
            "a weekday name (Monday..Sunday, 周一..周日), a day type (weekday, weekend, holiday, "
            "workday, all) nor a promotion name ({promotions}).",
            "zh": "需求表第 {row} 行“日期”列：{value!r} 不是日期（YYYY-MM-DD）、星期几（周一..周日、"
            "Monday..Sunday）、日期类型（工作日、周末、节假日、调休上班、全部）或大促名称（{promotions}）。",
        },
        "calendar.no_promotions": {"en": "there are no promotions", "zh": "工作簿中没有大促"},
        "demand.unknown_shift": {
            "en": "sheet Demand, row {row}, column shift: unknown shift code {value!r} (known: {known}).",
            "zh": "需求表第 {row} 行“班次”列：未知班次代码 {value!r}（已有：{known}）。",
        },
        "intervals.unknown_day": {
            "en": "sheet Intervals, row {row}, column day: {value!r} is neither a date (YYYY-MM-DD), "
            "a weekday name (Monday..Sunday, 周一..周日), a day type (weekday, weekend, holiday, "
            "workday, all) nor a promotion name ({promotions}).",
            "zh": "时段需求表第 {row} 行“日期”列：{value!r} 不是日期（YYYY-MM-DD）、星期几（周一..周日、"
            "Monday..Sunday）、日期类型（工作日、周末、节假日、调休上班、全部）或大促名称（{promotions}）。",
        },
        "calendar.outside_month": {
            "en": "{sheet} rows not used: {count} dated outside {month} ({items}). Check the year and month "
                  "if they were meant for this roster.",
            "zh": "{sheet}中有 {count} 行不在 {month} 内，未被使用（{items}）。如果它们是本月的，请检查年份和月份。",
        },
        "calendar.promotions_overlap": {
            "en": "Promotions {first!r} ({first_span}) and {second!r} ({second_span}) overlap on {dates}: "
                  "a date has one promotion, so there the shorter one, {winner!r}, applies (its Demand rows, "
                  "multiplier and leave freeze). Give those dates Demand rows of their own if that is not meant.",
            "zh": "大促“{first}”（{first_span}）和“{second}”（{second_span}）在 {dates} 重叠：一个日期只属于一个大促，"
                  "重叠日期按较短的“{winner}”处理（其需求行、倍数和禁休）。如非此意，请为这些日期单独填写需求行。",
        },
        "calendar.sheet.Requests": {"en": "Requests", "zh": "意愿表"},
        "calendar.sheet.Demand": {"en": "Demand", "zh": "需求表"},
        "calendar.sheet.Leave": {"en": "Leave", "zh": "请假表"},
        "calendar.sheet.Intervals": {"en": "Intervals", "zh": "时段需求表"},
        "calendar.sheet.Forecast": {"en": "Forecast", "zh": "预测表"},
        "calendar.row": {"en": "row {row}: {value}", "zh": "第 {row} 行：{value}"},
        "calendar.unpublished": {
            "en": "The official calendar has no make-up working days (调休上班) for {year}: its holiday schedule "
                  "is not known yet, so only the statutory holidays are used, with the days off in lieu the "
                  "calendar estimates for them (marked observed). Once it is published, list its holidays and "
                  "make-up working days in the Holidays sheet.",
            "zh": "官方日历中还没有 {year} 年的调休上班日：该年的放假安排尚未收录，目前只按法定节假日"
                  "（及日历估算的补休日）排班。"
                  "放假安排公布后，请在“节假日”表中填入当年的节假日和调休上班日。",
        },
        "calendar.unlisted": {
            "en": "The official calendar has no make-up working days (调休上班) for {year}, and the Holidays "
                  "sheet lists none near {holidays}: only the statutory days and the days off in lieu the "
                  "calendar estimates (marked observed) are used there. If the published schedule gives more "
                  "days off or make-up working days around them, add those to the Holidays sheet; if it "
                  "gives none, a row for the holiday itself confirms it and ends this note.",
            "zh": "官方日历中还没有 {year} 年的调休上班日，“节假日”表在 {holidays} 前后也没有填写："
                  "这些节日目前只按法定节假日（及日历估算的补休日）排班。"
                  "如果公布的放假安排在这前后另有放假或调休上班日，请填入“节假日”表；如果没有，"
                  "在“节假日”表中填上该节日本身即可确认，此提示随之消失。",
        },
        "month.bad": {
            "en": "--month must be YYYY-MM (e.g. 2026-12), got {value!r}.",
            "zh": "--month 应为 YYYY-MM（例如 2026-12），实际为 {value!r}。",
        },
        "month.year": {
            "en": "--month {value!r}: the year must be from 1901 to 2999 (the official holiday calendar covers "
                  "no other years).",
            "zh": "--month {value!r}：年份应在 1901 至 2999 之间（官方节假日日历不含其他年份）。",
        },
    }
)

#: Day-type words accepted in the Demand sheet (lower-cased), English and Chinese.
DAY_TYPE_WORDS: dict[str, str] = {
    "weekday": "weekday", "weekdays": "weekday", "工作日": "weekday", "平日": "weekday",
    "weekend": "weekend", "weekends": "weekend", "周末": "weekend",
    "holiday": "holiday", "holidays": "holiday", "节假日": "holiday", "假日": "holiday", "法定节假日": "holiday",
    "workday": "workday", "workdays": "workday", "调休": "workday", "调休上班": "workday", "补班": "workday",
    "all": "all", "全部": "all", "每天": "all", "every day": "all",
}


#: Weekday names accepted as a Demand day, folded as :func:`weekday_number` folds them -> the
#: weekday (Monday 0 .. Sunday 6).  周天/星期天/礼拜天 are everyday speech for Sunday.
WEEKDAY_NAMES: dict[str, int] = {
    **{name: n for n, names in enumerate((
        ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
        ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"),
    )) for name in names},
    **{prefix + digit: n for prefix in ("周", "星期", "礼拜")
       for n, digits in enumerate(("一", "二", "三", "四", "五", "六", "日天")) for digit in digits},
}


def weekday_number(word: str) -> int | None:
    """The weekday (Monday 0) a day cell names, or None.  Case, spaces, full-width letters and a
    final dot (``Mon.``, ``星期 一``) are forgiven: they are how the name gets typed."""
    folded = "".join(unicodedata.normalize("NFKC", str(word)).split()).casefold().rstrip(".")
    return WEEKDAY_NAMES.get(folded)


def promotion_list(names: Iterable[str]) -> str:
    """The promotions an unknown day could have named, for a message; "there are no promotions"
    when there are none (a bare "-" read as if a promotion were called "-")."""
    return ", ".join(n for n in names if n) or t("calendar.no_promotions")


def parse_month(text: str) -> tuple[int, int]:
    """``2026-12`` -> (2026, 12); an :class:`InputError` otherwise."""
    try:
        year_s, month_s = str(text).strip().split("-")
        year, month = int(year_s), int(month_s)
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        raise InputError(t("month.bad", value=text)) from None
    if not 1900 < year < 3000:  # well formed, but "must be YYYY-MM" would puzzle the user
        raise InputError(t("month.year", value=text))
    return year, month


def month_dates(year: int, month: int) -> list[dt.date]:
    return [dt.date(year, month, d) for d in range(1, pycal.monthrange(year, month)[1] + 1)]


#: The ``holidays`` package's language for each of ours (its default follows the environment).
_HOLIDAY_LANGUAGES = {"zh": ("zh_CN", "zh"), "en": ("en_US", "en_GB", "en")}


def official_calendar(years: Iterable[int], country: str = "CN") -> tuple[dict[dt.date, str], set[dt.date]]:
    """Official holidays (date -> name, in the user's language where the package has it) and
    make-up working days for ``years``."""
    supported = holidays_lib.list_localized_countries().get(country, ())
    language = next((code for code in _HOLIDAY_LANGUAGES.get(i18n.language(), ()) if code in supported), None)
    cal = holidays_lib.country_holidays(country, years=sorted(set(years)), language=language)
    workdays = {d for d in getattr(cal, "weekend_workdays", set())}
    return {date: iso_dates_in(name) for date, name in cal.items()}, workdays


#: A US-style date (month/day/year) inside a holiday name.
_US_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def iso_dates_in(text: str) -> str:
    """``text`` with US-style dates rewritten as ISO dates.

    The ``holidays`` package's English names read "Day off (substituted from 02/14/2026)": in
    the Roster and Coverage sheets of a Chinese shop's roster that is ambiguous (14 Feb or
    2 Feb?) and unlike every other date the tool writes.  Its Chinese names already say
    "休息日（由 2026-02-14 调休）"; the English ones now say 2026-02-14 too."""

    def iso(match: re.Match[str]) -> str:
        month, day, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return match.group(0)

    return _US_DATE.sub(iso, text)


def calendar_notes(team: Team, dates: Sequence[dt.date], country: str = "CN") -> list[str]:
    """A note per year of ``dates`` whose official schedule the calendar does not know yet.

    Every year since 2001 has had make-up working days (调休上班); a year without any is one
    the State Council has not published, or the ``holidays`` package has not caught up with:
    its holidays are then only the statutory days.  Unless the Holidays sheet lists that year's
    make-up days, the manager is told to add them (the roster would otherwise treat them as
    weekends).  A sheet that lists some of them but nothing near the month's holidays (or those
    within a fortnight of it) gets a note naming those holidays (:func:`_unlisted_holidays`)."""
    if country != "CN":
        return []
    listed = {h.date.year for h in team.holidays if h.kind == DayType.WORKDAY}
    notes = []
    for year in sorted({d.year for d in dates}):
        names, workdays = official_calendar([year], country)
        if any(d.year == year for d in workdays):
            continue
        if year not in listed:
            notes.append(t("calendar.unpublished", year=year))
            continue
        # Make-up days fall before or after their holiday, so a holiday just outside the month
        # counts too: September's roster can hold a 国庆 make-up Sunday.
        first, last = min(dates) - _LISTED_NEAR, max(dates) + _LISTED_NEAR
        near = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
        unlisted = _unlisted_holidays(names, [h.date for h in team.holidays], [d for d in near if d.year == year])
        if unlisted:
            notes.append(t("calendar.unlisted", year=year, holidays=join_clauses(unlisted)))
    return notes


#: How far from an official holiday the Holidays sheet's entries show that its schedule was
#: typed in: make-up working days fall up to a fortnight away (2026-09-20 for 国庆 10-01).
_LISTED_NEAR = dt.timedelta(days=14)


def _unlisted_holidays(names: dict[dt.date, str], sheet: Sequence[dt.date], dates: Sequence[dt.date]) -> list[str]:
    """The official holidays among ``dates`` (the month and a fortnight either side; ``names``:
    a year the package has no make-up days for) with no Holidays-sheet entry within
    :data:`_LISTED_NEAR`, as ``span name`` per run of consecutive days.

    A sheet with make-up days for some of the year (the Spring Festival, typed in for February)
    used to silence the note for the whole year: October's golden week was then planned from the
    statutory days alone, its make-up Saturday as a weekend, without a word."""
    runs: list[list[dt.date]] = []
    for date in sorted(d for d in dates if d in names):
        if any(abs(entry - date) <= _LISTED_NEAR for entry in sheet):
            continue
        if runs and date - runs[-1][-1] == dt.timedelta(days=1):
            runs[-1].append(date)
        else:
            runs.append([date])
    return [f"{date_span(run[0].isoformat(), run[-1].isoformat())} "
            f"{_block_name({day: names[day] for day in run})}" for run in runs]


#: Longest run of rest days an official holiday block can reach through (春节 is nine days).
_BLOCK_REACH = 9


def holiday_blocks(names: dict[dt.date, str], workdays: set[dt.date], dates: Iterable[dt.date],
                   ends: Iterable[dt.date] = (), links: Iterable[dt.date] = ()) -> dict[dt.date, str]:
    """The weekend days among ``dates`` that belong to an official holiday block, with the
    block's name.

    The State Council announces each holiday as one block of rest days (国庆 "10月1日至7日放假
    调休，共7天"; 清明 "4月4日（周六）至6日（周一）放假"), but the ``holidays`` package lists
    only the statutory and substituted days: 2026-10-04, a Sunday inside National Day, or
    2026-02-21/22 inside the Spring Festival, came out as ordinary weekends, so weekend
    demand applied instead of holiday demand and the days did not count as holiday duty.  A
    weekend day is in a block when a chain of weekend days (not make-up working days) joins it
    to an official holiday.

    ``ends`` are dates that end a chain as a make-up working day does though nobody works on
    them: the Holidays sheet's ordinary rest days (休息日).  Such a day is a weekend by the
    company's own choice, not part of the State Council's block, so it neither joins a block
    nor carries one on to the weekend day beyond it: with 2026-02-14, the 调休 Saturday before
    the Spring Festival, made a rest day, the 14th is a weekend and the 15th stays in the block
    only because it touches the 16th; a Sunday after a cancelled make-up Saturday that follows a
    block's last day is an ordinary Sunday, as it was when the Saturday was worked.

    ``links`` are days off that carry a chain on without starting a block: the Holidays sheet's
    own holidays.  A year the package does not know yet has only its statutory days and the
    package's guess at the days in lieu; the manager types the rest of the announced block
    (2027-02-11 and 12, Thursday and Friday, after the package's 2027-02-10), and the Saturday
    after them is in the block as well: it came out an ordinary weekend (weekend demand, no
    holiday duty) unless the manager listed the Saturday too.  They do not start a block: a
    company day off on a Friday (店休日) leaves the weekend after it an ordinary weekend.

    Its name is the one most of the block's official days carry (the earliest on a tie): the
    nearest one's name called Sunday 2026-02-15 "Chinese New Year's Eve" (除夕 is the 16th) and
    the weekend of 2026-02-21/22 "Day off (substituted from 2026-02-14)", a claim true only of
    the 20th; both are 春节, as the 17th to 19th are."""
    blocks: dict[dt.date, str] = {}
    one = dt.timedelta(days=1)
    stops = set(workdays) | set(ends)
    linked = set(links) - stops

    def rest(day: dt.date) -> bool:
        return day in names or day in linked or (day.weekday() >= 5 and day not in stops)

    for date in dates:
        if date in names or date in stops or date in linked or date.weekday() < 5:
            continue
        found: list[dt.date] = []
        for step in (-one, one):
            day = date + step
            for _ in range(_BLOCK_REACH):
                if not rest(day):
                    break
                if day in names:
                    found.append(day)
                day += step
        if found:
            blocks[date] = _block_name({day: names[day] for day in found})
    return blocks


def _block_name(named: dict[dt.date, str]) -> str:
    """The name most of ``named`` (a holiday block's official days) carry; the earliest day's
    among equally frequent ones (元旦 over its day off in lieu, 清明 over its observed day)."""
    counts: dict[str, int] = {}
    first: dict[str, dt.date] = {}
    for day in sorted(named):
        counts[named[day]] = counts.get(named[day], 0) + 1
        first.setdefault(named[day], day)
    return max(counts, key=lambda name: (counts[name], -first[name].toordinal()))


def outside_month_notes(team: Team, dates: Sequence[dt.date], label: str) -> list[str]:
    """A note per sheet whose dated rows fall outside ``dates`` (the month ``label``): they are
    not used, and the user is told instead of the rows vanishing (a wrong year or month is the
    usual cause).  Holidays and Promotions are left out: a workbook lists the year's."""
    first, last = dates[0], dates[-1]
    found: dict[str, list[str]] = {}
    for request in team.requests:
        if not first <= request.date <= last:
            found.setdefault("Requests", []).append(f"{request.staff_id} {request.date}")
    for sheet, rows in (("Demand", team.demand), ("Intervals", team.intervals), ("Forecast", team.forecast)):
        for row in rows:
            kind, value = _day_spec(row, team.promotions)
            if kind == "date" and isinstance(value, dt.date) and not first <= value <= last:
                found.setdefault(sheet, []).append(t("calendar.row", row=row.source_row, value=value))
    for leave in team.leave:
        if leave.end < first or leave.start > last:
            span = str(leave.start) if leave.start == leave.end else f"{leave.start}..{leave.end}"
            found.setdefault("Leave", []).append(f"{leave.staff_id} {span}")
    notes = []
    for sheet, items in found.items():
        # The separators follow the language: "第 17 行: 2026-12-12; ..." read as English
        # punctuation in a Chinese sentence.
        shown = join_clauses([*items[:3], *(["..."] if len(items) > 3 else [])])
        notes.append(t("calendar.outside_month", sheet=t(f"calendar.sheet.{sheet}"), count=len(items),
                       month=label, items=shown))
    return notes


def classify_days(
    dates: list[dt.date],
    overrides: list[HolidayEntry],
    promotions: list[Promotion],
    country: str = "CN",
) -> list[Day]:
    """Day type per date: the Holidays sheet first, then the official calendar (with the
    weekend days of its holiday blocks: :func:`holiday_blocks`), then weekday.

    The sheet's kind is the date's type: ``holiday``, ``workday`` (调休上班) or ``rest``
    (休息日, a WEEKEND: the Demand sheet's weekend rows apply, it is no holiday duty and no
    make-up working day, whatever the official calendar says of the date; a weekday made a
    rest day is the company's own day off)."""
    names, workdays = official_calendar({y for d in dates for y in (d.year - 1, d.year, d.year + 1)}, country)
    by_override = {h.date: h for h in overrides}
    if country == "CN":
        # The sheet's make-up working days end a block as the official ones do: a Sunday after
        # a 调休 Saturday the sheet adds (a year the package does not know yet) is a weekend,
        # not the holiday two days before it.  A day the sheet gives off no longer works.  A
        # rest day the sheet sets works no more either, and is no holiday: it anchors no
        # block and ends one (see holiday_blocks), so it does not turn its weekend neighbour
        # into a holiday.  A holiday the sheet adds carries an official block on to the weekend
        # beyond it (the rest of a block the package does not know yet) but starts none.
        sheet_work = {d for d, h in by_override.items() if h.kind == DayType.WORKDAY}
        sheet_off = {d for d, h in by_override.items() if h.kind == DayType.HOLIDAY}
        sheet_rest = {d for d, h in by_override.items() if h.kind == DayType.WEEKEND}
        # An official day the sheet lists as a holiday under its own name (清明节 for the
        # package's "Tomb-Sweeping Day") gives the block that name, so the weekend days it pulls
        # in are not named in the other language.
        anchors = {d: (by_override[d].name if d in sheet_off and by_override[d].name else name)
                   for d, name in names.items() if d not in sheet_work | sheet_rest}
        names = {**names, **holiday_blocks(anchors, (workdays - sheet_off - sheet_rest) | sheet_work, dates,
                                           ends=sheet_rest, links=sheet_off)}
    days: list[Day] = []
    for date in dates:
        promo = promotion_on(promotions, date)
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


def promotion_on(promotions: Sequence[Promotion], date: dt.date) -> Promotion | None:
    """The promotion ``date`` belongs to.  Where two overlap (a month-long "Anniversary sale"
    and "Double 12" on the 12th) the shorter one, the more specific, wins, as a Demand row for
    a date wins over one for a day type; among equally long ones the later row.  The first
    row used to win silently, hiding a Double 12 and its peak staffing."""
    covering = [(p.end - p.start, -k, p) for k, p in enumerate(promotions) if p.covers(date)]
    return min(covering, key=lambda c: c[:2])[2] if covering else None


def promotion_overlap_notes(promotions: Sequence[Promotion], dates: Sequence[dt.date]) -> list[str]:
    """A note per pair of promotions that share dates of ``dates``, naming the one that applies."""
    notes = []
    for i, first in enumerate(promotions):
        for second in promotions[i + 1:]:
            shared = [d for d in dates if first.covers(d) and second.covers(d)]
            if not shared:
                continue
            span = shared[0].isoformat() if len(shared) == 1 else f"{shared[0].isoformat()}..{shared[-1].isoformat()}"
            winner = promotion_on([first, second], shared[0])
            assert winner is not None
            notes.append(t("calendar.promotions_overlap", first=first.name, second=second.name,
                           first_span=f"{first.start.isoformat()}..{first.end.isoformat()}",
                           second_span=f"{second.start.isoformat()}..{second.end.isoformat()}", dates=span,
                           winner=winner.name))
    return notes


def _day_spec(row: DemandRow | IntervalRow, promotions: list[Promotion]) -> tuple[str, object]:
    """What a Demand (or Intervals, Forecast) row's ``day`` names: ("date", date) |
    ("type", word) | ("promo", name) | ("weekday", 0..6) | ("none", text).

    A day-type word is read before a promotion name (as it always was), a promotion name before a
    weekday name: a shop that calls its promotion 周五 means the promotion."""
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
    weekday = weekday_number(raw)
    if weekday is not None:
        return "weekday", weekday
    return "none", raw


def day_key(day: str) -> str:
    """The form in which two Demand (Forecast, Intervals) days are the same day: ``Monday``,
    ``mon`` and ``周一`` are one weekday, ``weekend`` and ``周末`` one day type.  The readers use
    it to refuse a second row for the same day, shift and skill, which would otherwise be
    ignored (Demand) or added to the first (Forecast) without a word."""
    raw = str(day).strip()
    word = DAY_TYPE_WORDS.get(raw.lower())
    if word is not None:
        return f"type:{word}"
    weekday = weekday_number(raw)
    if weekday is not None:
        return f"weekday:{weekday}"
    return "".join(unicodedata.normalize("NFKC", raw).split()).casefold()


def ordinary_weekday(day: Day) -> int | None:
    """The weekday whose named rows (``Monday``, ``周六``) apply on ``day``, or None.

    Only an ordinary day of its weekday takes them: Monday to Friday when it is a working weekday
    (not a holiday, not a weekday the Holidays sheet gives off), Saturday and Sunday when it is a
    weekend day (not an official make-up working day, not a holiday).  "Mondays need 6" is
    about the Monday after a weekend's backlog; a Monday in the National Day week is a holiday
    and a 调休 Saturday a working day, planned by their day type."""
    weekday = day.date.weekday()
    ordinary = DayType.WEEKDAY if weekday < 5 else DayType.WEEKEND
    return weekday if day.type == ordinary else None


def day_rank(kind: str, value: object, day: Day, chain: Sequence[str]) -> int | None:
    """How specific a row read by :func:`_day_spec` is for ``day`` (lower wins), None if it does
    not apply there: 0 the date, 1 the day's promotion, 2 its weekday name, then the day-type
    chain (``chain`` is :func:`_type_chain` of ``day``) from 3.  Every resolver (shift demand,
    intervals, the forecast) ranks with this one function so that they cannot drift apart; a
    rank of 2 or more does not name the promotion or the date and is scaled by its multiplier."""
    if kind == "date":
        return 0 if value == day.date else None
    if kind == "promo":
        return 1 if day.promotion is not None and day.promotion.name == value else None
    if kind == "weekday":
        return 2 if value == ordinary_weekday(day) else None
    return 3 + chain.index(value) if value in chain else None  # type: ignore[arg-type]  # a type word


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


def _day_specs(rows: Sequence[Any], promotions: list[Promotion], key: str, sheet: str
               ) -> tuple[list[tuple[str, object, Any]], list[InputError]]:
    """Each row's ``day`` read by :func:`_day_spec`, and an error naming the row for every day
    that is neither a date, a weekday name, a day type, ``all`` nor a promotion (messages
    ``<key>.unknown_day``)."""
    promo_names = promotion_list(p.name for p in promotions)
    specs: list[tuple[str, object, Any]] = []
    errors: list[InputError] = []
    for row in rows:
        kind, value = _day_spec(row, promotions)
        if kind == "none":
            errors.append(InputError(t(f"{key}.unknown_day", row=row.source_row, value=row.day,
                                       promotions=promo_names), sheet=sheet, row=row.source_row,
                                     column="day"))
        specs.append((kind, value, row))
    return specs, errors


def resolve_demand(team: Team, days: list[Day]) -> list[Requirement]:
    """Turn the Demand rows into one requirement per date, shift and skill.

    For each (shift, skill) the most specific row wins: an exact date, then the day's promotion
    by name, then its weekday name (on an ordinary day of that weekday), then its day type (see
    :func:`day_rank` and the module's docstring).  A (shift, skill) without a row at one level
    falls to the next, independently of the others.  A promotion's multiplier scales ``min`` and
    ``target`` (rounded up) of rows that do not name the promotion or the date: a row written for
    the promotion already states its peak staffing.
    """
    known_shifts = {s.code for s in team.shifts}
    specs, errors = _day_specs(team.demand, team.promotions, "demand", "Demand")
    for row in team.demand:
        if row.shift not in known_shifts:
            errors.append(InputError(t("demand.unknown_shift", row=row.source_row, value=row.shift,
                                       known=", ".join(sorted(known_shifts))), sheet="Demand",
                                     row=row.source_row, column="shift"))
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)

    requirements: list[Requirement] = []
    for day in days:
        chosen: dict[tuple[str, str | None], tuple[int, DemandRow]] = {}
        chain = _type_chain(day)
        for kind, value, row in specs:
            rank = day_rank(kind, value, day, chain)
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


def resolve_intervals(team: Team, days: list[Day]) -> list[IntervalRequirement]:
    """Turn the Intervals rows into head counts per date, time and skill.

    The precedence is :func:`resolve_demand`'s, applied to time instead of shifts: for each
    skill, an exact date's rows win over the day's promotion, which wins over its weekday name,
    then its day type, then ``all`` (:func:`day_rank`), *on the minutes they cover*.  So a 双11 curve replaces the weekday curve wherever it
    gives a figure, and a single date row for 20:00-22:00 overrides just that evening.  Rows of
    equal rank all apply (overlapping ones are minimums together: the larger one binds).

    A promotion's multiplier scales the weekday-name, day-type and ``all`` rows (rounded up),
    exactly as it scales shift demand: the Promotions sheet says "multiplier scales demand" and a supervisor
    who gives only a weekday curve expects the peak day to get more people.  Rows that name the
    promotion or the date are taken as written: a curve computed from the promotion's own
    forecast (``roster demand``) already holds its volume and is not scaled twice.

    A row past midnight (23:30-00:30, or end after 24:00) belongs to the date it starts on; its
    minutes are counted from that date's midnight.  Rows with 0 agents are kept: they say nobody
    is needed then, which the interval rule's over-staffing penalty uses.
    """
    specs, errors = _day_specs(team.intervals, team.promotions, "intervals", "Intervals")
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)

    requirements: list[IntervalRequirement] = []
    for day in days:
        chain = _type_chain(day)
        by_skill: dict[str | None, list[tuple[int, IntervalRow]]] = {}
        for kind, value, row in specs:
            rank = day_rank(kind, value, day, chain)
            if rank is not None:
                by_skill.setdefault(row.skill, []).append((rank, row))
        for skill, ranked in by_skill.items():
            claimed: list[tuple[int, int]] = []  # minutes already given by more specific rows
            for rank in sorted({r for r, _ in ranked}):
                rows = [row for r, row in ranked if r == rank]
                factor = day.promotion.multiplier if (day.promotion and rank >= 2) else 1.0
                for row in rows:
                    agents = math.ceil(row.agents * factor - 1e-9)
                    for start, end in _subtract((row.start, row.end), claimed):
                        requirements.append(IntervalRequirement(day.date, start, end, skill, agents,
                                                                row.source_row))
                claimed = _merge(claimed + [(row.start, row.end) for row in rows])
    requirements.sort(key=lambda r: (r.date, r.start, r.end, r.skill or ""))
    return requirements


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of half-open minute ranges."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _subtract(span: tuple[int, int], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``span`` outside the merged ranges ``taken``."""
    start, end = span
    out: list[tuple[int, int]] = []
    for a, b in taken:
        if b <= start or a >= end:
            continue
        if a > start:
            out.append((start, a))
        start = max(start, b)
        if start >= end:
            break
    if start < end:
        out.append((start, end))
    return out


def month_intervals(team: Team, days: list[Day], country: str = "CN") -> list[IntervalRequirement]:
    """:func:`resolve_intervals` for a planned span, a row past midnight on the span's last date
    stopped at midnight: the rest is the next month's first hours, planned with it.

    Kept, ``22:00-02:00`` on the 31st asked for people at 00:00-02:00 of the 1st of the next
    month, whom only that month's shifts (00:00-08:00 on its 1st) could give, and made the month
    infeasible.  The same row of the day before the month is *not* carried into the 1st: only
    last month's shifts (History) could meet it, so a past shortfall, or a History left out,
    would make this month infeasible; rows written for the 1st's own early hours apply as on
    every date."""
    requirements = resolve_intervals(team, days)
    if not requirements or not days:
        return requirements
    last = days[-1].date
    return [replace(r, end=min(r.end, MINUTES_PER_DAY)) if r.date == last else r
            for r in requirements if r.date != last or r.start < MINUTES_PER_DAY]


def build_horizon(team: Team, year: int, month: int, country: str = "CN") -> Horizon:
    """The planning month with its calendar and demand (per shift and per interval)."""
    days = classify_days(month_dates(year, month), team.holidays, team.promotions, country)
    return Horizon(days, resolve_demand(team, days), month_intervals(team, days, country))


def horizon_for_dates(team: Team, dates: list[dt.date], country: str = "CN") -> Horizon:
    """The same for an explicit list of dates (a roster workbook's columns)."""
    days = classify_days(dates, team.holidays, team.promotions, country)
    return Horizon(days, resolve_demand(team, days), month_intervals(team, days, country))

"""Reading the Forecast sheet (contacts per interval) and the Intervals sheet (agents per interval).

Both sheets name their day like the Demand sheet (a date, a day type, ``all`` or a promotion), a
time interval (an end at or before the start runs past midnight, as for Shifts) and a skill that
must be one some staff member has: an interval nobody can ever staff is a typo, and it is cheaper
to say so here, with the sheet, row and column, than after a solve that cannot work.

The Intervals sheet is either written by ``roster demand`` (with the service level, average speed
of answer and occupancy each head count gives, carried for the reader's information) or typed by
a manager who knows the head counts without a forecast.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable

from openpyxl.workbook.workbook import Workbook

from roster.calendar import DAY_TYPE_WORDS, day_key, promotion_list, weekday_number
from roster.domain import MINUTES_PER_DAY, ForecastRow, IntervalRow, fmt_minute
from roster.excel.aliases import ANY_WORDS, CHANNEL_WORDS, norm
from roster.excel.cells import (
    CellProblem,
    looks_like_date,
    parse_date,
    parse_int,
    parse_time,
    text,
)
from roster.excel.sheets import Problems, Row, read_table
from roster.i18n import register, t

register(
    {
        "excel.forecast.bad_day": {
            "en": "{value!r} is neither a date (YYYY-MM-DD), a weekday name (Monday..Sunday, Mon..Sun, "
            "周一..周日), a day type (weekday, weekend, holiday, workday, all) nor a promotion of the "
            "Promotions sheet ({known})",
            "zh": "{value!r} 不是日期（YYYY-MM-DD）、星期几（周一..周日、星期一..星期日、Monday..Sunday）、"
            "日期类型（工作日、周末、节假日、调休上班、全部），也不是大促表中的大促名称（{known}）",
        },
        "excel.forecast.bad_channel": {
            "en": "{value!r} is not a channel (chat/在线/文字 or phone/电话/热线)",
            "zh": "{value!r} 不是渠道（在线/文字/chat 或 电话/热线/phone）",
        },
        "excel.forecast.unknown_skill": {
            "en": "nobody in sheet {staff} has skill {value!r} (skills there: {known}); "
            "leave the cell blank if anyone can answer",
            "zh": "工作表“{staff}”中没有人具备技能 {value!r}（现有技能：{known}）；"
            "如任何人都可接待，请留空",
        },
        "excel.demand.unknown_skill": {
            "en": "no one in {staff} has skill {value!r} (skills in {staff}: {known}); correct the "
            "spelling, give the skill to someone in {staff}, or leave the cell blank if anyone can work it",
            "zh": "“{staff}”中没有人具备技能 {value!r}（“{staff}”中的技能：{known}）；请改正拼写、"
            "在“{staff}”中为某人加上该技能，或如任何人都可上此班则留空",
        },
        "excel.forecast.bad_number": {
            "en": "{value!r} is not a number of at least 0",
            "zh": "{value!r} 不是不小于 0 的数",
        },
        "excel.forecast.empty_span": {
            "en": "{value} is the row's start time too: the row covers nothing (a whole day is 00:00 to 24:00)",
            "zh": "{value} 与该行的开始时间相同：该行不覆盖任何时段（全天请写 00:00 至 24:00）",
        },
        "excel.forecast.bad_share": {
            "en": "{value!r} is not a share between 0 and 1 (e.g. 0.8 or 80%)",
            "zh": "{value!r} 不是 0 到 1 之间的比例（例如 0.8 或 80%）",
        },
        "excel.forecast.long_duration": {
            "en": "{value} reads as {seconds:g} seconds, an hour or more (Excel takes 3:00 as three "
            "hours, not three minutes): write the seconds, e.g. 180, or the time as 0:03:00",
            "zh": "{value} 读作 {seconds:g} 秒，达到或超过一小时（Excel 把 3:00 当作三小时而非三分钟）："
            "请填写秒数（例如 180），或把时长写成 0:03:00",
        },
        "excel.forecast.bad_seconds": {
            "en": "{value!r} is not a number greater than 0: write the seconds (300), or a duration "
            "with its unit (300s, 5 min, 5min20s, 300秒, 5分钟), or 0:05:00",
            "zh": "{value!r} 不是大于 0 的数：请填写秒数（300），或带单位的时长（300秒、5分钟、5分20秒、"
            "5 min），或写成 0:05:00",
        },
        "excel.forecast.aht_over_day": {
            "en": "{value} seconds is more than a day ({day:,} s): an average handling time is the "
            "seconds one chat or call takes, e.g. 300 for five minutes",
            "zh": "{value} 秒超过一天（{day:,} 秒）：平均处理时长是一个会话或一通电话所用的秒数，"
            "例如五分钟写 300",
        },
        "excel.forecast.patience_over_day": {
            "en": "{value} seconds is more than a day ({day:,} s): patience is the seconds a customer "
            "waits before giving up, e.g. 90; leave the cell blank if customers never give up",
            "zh": "{value} 秒超过一天（{day:,} 秒）：耐心是客户放弃前愿意等待的秒数，例如 90；"
            "如客户从不放弃，请留空",
        },
        "excel.forecast.overlap": {
            "en": "{span} overlaps row {first} ({other}) of the same day, channel and skill: its "
            "contacts would be counted twice in {common}. Give each interval one row (cut the longer "
            "row, or add the extra volume to that row's contacts)",
            "zh": "{span} 与第 {first} 行（{other}）重叠（相同的日期、渠道和技能）：{common} 的进线量"
            "会被重复计算。每个时段只写一行（拆开较长的一行，或把增加的进线量加到那一行）",
        },
        "excel.what.forecast_key": {
            "en": "day, interval, channel and skill",
            "zh": "日期、时段、渠道和技能",
        },
        "excel.what.interval_key": {"en": "day, interval and skill", "zh": "日期、时段和技能"},
    }
)


class DayWords:
    """Checks a ``day`` cell against the calendar's words (day types, weekday names) and the
    workbook's promotions.

    ``promotions`` are the names written in the Promotions sheet, rows with other problems
    included (a promotion with a bad date is still the promotion the forecast means).
    """

    def __init__(self, promotions: Iterable[str]):
        self.promotions = [p for p in promotions if p]
        # A day naming a promotion with other spacing, case or full-width characters (``618 大促``
        # for ``618大促``) is that promotion, written back in the Promotions sheet's spelling
        # (the calendar matches names exactly but for case).
        self._folded = {_fold(p): p for p in reversed(self.promotions)}

    def __call__(self, value: object) -> str:
        """The day as text: dates as ISO, words as written (the calendar resolves them)."""
        if looks_like_date(value) or _is_serial(value):
            return parse_date(value).isoformat()
        word = text(value)
        if word.lower() in DAY_TYPE_WORDS:
            return word
        if _fold(word) in self._folded:
            return self._folded[_fold(word)]
        if weekday_number(word) is not None:
            return word  # kept as written (``周一``), so the roster's copy reads as the manager wrote it
        try:
            return parse_date(value).isoformat()  # ``20261220``, as HR systems export dates
        except CellProblem:
            pass
        raise CellProblem(t("excel.forecast.bad_day", value=word, known=promotion_list(self.promotions)))

    def key(self, day: str) -> str:
        """The form in which two days read by this object are the same day, for the readers'
        duplicate-row checks: ``Monday`` and ``周一`` (or ``weekend`` and ``周末``) are one day, so a
        second row is refused with both row numbers instead of being ignored or added up."""
        if day.strip().lower() not in DAY_TYPE_WORDS and _fold(day) in self._folded:
            return "promo:" + _fold(day)  # read as the promotion, as __call__ and the calendar do
        return day_key(day)


def _fold(name: str) -> str:
    """A promotion name as compared: full-width as ASCII, no spaces, any case."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def _is_serial(value: object) -> bool:
    """A date cell whose date format was lost: an Excel serial number (as :func:`parse_date`
    reads it).  A day is never a plain number otherwise."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 20000 <= value <= 80000


def skill_key(skill: str) -> str:
    """The form in which two spellings of a skill are the same skill: case and runs of spaces
    are forgiven (``Phone`` is ``phone``), since a skill typed in Demand is meant as the one
    in Staff, and an exact comparison turns a capital letter into an infeasible month."""
    return " ".join(skill.split()).casefold()


#: A skill cell meaning "anyone" (the Coverage sheet's word for a blank skill, which a manager
#: copies back), unless somebody in Staff really has a skill of that name.
ANY_SKILL = ANY_WORDS | {"-"}  # a dash in a skill cell: anyone, as the Coverage sheet shows it


class Skills:
    """The skills some staff member has, spelled as in the Staff sheet.

    Demand, Forecast and Intervals name a skill; any spelling that matches one in Staff but for
    case is read as Staff's spelling (the solver compares skills exactly), and a skill nobody has
    is refused with the row.  ``checked=False`` (no usable Staff sheet, reported on its own)
    only normalises, so one missing sheet does not give one more message per skill cell."""

    def __init__(self, skills: Iterable[str], staff_title: str, *, checked: bool = True):
        self._spelling: dict[str, str] = {}
        for skill in skills:
            self._spelling.setdefault(skill_key(skill), skill)
        self.known = sorted(self._spelling.values())
        self.staff_title = staff_title
        self.checked = checked

    def canonical(self, skill: str) -> str | None:
        """Staff's spelling of ``skill``, or None when nobody has it."""
        return self._spelling.get(skill_key(skill))

    def _resolve(self, value: object, message: str) -> str | None:
        skill = text(value)
        found = self.canonical(skill)
        if found is not None:
            return found
        if skill_key(unicodedata.normalize("NFKC", skill)) in ANY_SKILL:
            return None  # "anyone", as the Coverage sheet writes a blank skill: a blank
        if not self.checked:
            return skill
        raise CellProblem(t(message, value=skill, staff=self.staff_title,
                            known=", ".join(self.known) or "-"))

    def __call__(self, value: object) -> str | None:
        """A Forecast or Intervals skill."""
        return self._resolve(value, "excel.forecast.unknown_skill")

    def demand(self, value: object) -> str | None:
        """A Demand skill: a shift nobody can ever staff is a typo, not an infeasible month."""
        return self._resolve(value, "excel.demand.unknown_skill")


def parse_channel(value: object) -> str:
    """``chat`` or ``phone`` for any of their English or Chinese names."""
    channel = CHANNEL_WORDS.get(norm(text(value)))
    if channel is None:
        raise CellProblem(t("excel.forecast.bad_channel", value=text(value)))
    return channel


def _as_number(value: object) -> float | None:
    """A finite number from a number cell or from text such as ``240`` or ``12.5``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(text(value).replace("，", "."))
        except ValueError:
            return None
    return number if math.isfinite(number) else None


#: A number written with thousands separators, as exported forecasts and typed volumes often are:
#: ``1,000``, ``12,500.5``, or with the full-width comma ``1，000`` (NFKC turns it into ``,``).
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _ungrouped(value: object) -> object:
    """``value`` with thousands separators removed when it is text grouped in threes.

    Why: the cell readers take ``，`` for a decimal comma (``12，5`` is 12.5), so ``1，000``
    contacts read as 1.0 - a forecast a thousand times too small, staffed without a word.
    A comma followed by exactly three digits per group is a thousands separator; anything else
    is left to the number readers as before."""
    if not isinstance(value, str):
        return value
    raw = unicodedata.normalize("NFKC", value).strip()
    return raw.replace(",", "") if _GROUPED.fullmatch(raw) else value


#: A handling time or patience given as a time cell must be shorter than this (seconds).
LONGEST_TIME_CELL = 3600

#: No chat or call is handled, and no customer waits, for more than a day: a figure above this
#: (seconds) is certainly a slip (minutes x 60 twice, a total, a date pasted as a number).
LONGEST_SECONDS = 86_400


def parse_count(value: object) -> int:
    """A head count (the Intervals sheet's ``agents``): a whole number of at least 0."""
    return parse_int(_ungrouped(value))


#: A duration typed as text with its unit, as handbooks and exports write handling times:
#: ``300秒``, ``300s``, ``5分钟``, ``5 min``, ``5分20秒``, ``5m20s``.
_DURATION = re.compile(
    r"(?:(?P<min>\d+(?:\.\d+)?)\s*(?:分钟|分|minutes?|mins?|m)\s*)?"
    r"(?:(?P<sec>\d+(?:\.\d+)?)\s*(?:秒钟|秒|seconds?|secs?|s)?)?",
    re.IGNORECASE,
)
#: ``0:05:00`` typed as text (a CSV export opened as text): hours, minutes, seconds.
_CLOCK = re.compile(r"(?P<h>\d{1,2}):(?P<m>[0-5]\d):(?P<s>[0-5]\d(?:\.\d+)?)")


def _text_seconds(value: str) -> float | None:
    """Seconds from a duration typed as text with a unit or as ``h:mm:ss``, else None.

    Why: ``300秒`` or ``5分钟`` in the AHT column was refused as "not a number", although the
    counts elsewhere may carry their unit (``3人``); a bare number stays seconds."""
    raw = unicodedata.normalize("NFKC", value).strip()
    clock = _CLOCK.fullmatch(raw)
    if clock:
        return int(clock["h"]) * 3600 + int(clock["m"]) * 60 + float(clock["s"])
    match = _DURATION.fullmatch(raw)
    if match is None or not (match["min"] or match["sec"]) or not any(c.isalpha() for c in raw):
        return None  # no unit: a plain number, for the number readers (and their grouping)
    return float(match["min"] or 0) * 60 + float(match["sec"] or 0)


def parse_seconds(value: object) -> float:
    """A duration in seconds greater than 0 (``aht``, ``patience``).

    A time cell is read as the duration it shows: call-centre systems export handling times as
    ``0:03:20`` and Excel stores that as a time of day, which no reading as a clock time could
    mean in a column of seconds.  A time of an hour or more is refused: typed as ``3:00`` for
    three minutes, Excel stores three hours, which would staff sixty times the agents."""
    if isinstance(value, dt.timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    elif isinstance(value, str) and _CLOCK.fullmatch(unicodedata.normalize("NFKC", value).strip()):
        seconds = _text_seconds(value) or 0.0  # read as the time cell it would be in Excel
    elif isinstance(value, str) and (typed := _text_seconds(value)) is not None:
        if typed <= 0:
            raise CellProblem(t("excel.forecast.bad_seconds", value=text(value)))
        return typed
    else:
        number = _as_number(_ungrouped(value))
        if number is None or number <= 0:
            raise CellProblem(t("excel.forecast.bad_seconds", value=text(value)))
        return number
    return _checked_time_cell(value, seconds)


def parse_aht(value: object) -> float:
    """An average handling time in seconds (:func:`parse_seconds`), at most a day.

    Why refuse rather than warn: an AHT of 36,000 s (ten hours per chat) turned a handful of
    contacts into hundreds of agents per half hour, and the manager learnt it only as an
    infeasible month after a solve.  Above a day the figure cannot be a handling time at all.
    Smaller but implausible figures are left to :func:`roster.demand.forecast_warnings`, which
    compares what they require with the team."""
    seconds = parse_seconds(value)
    if seconds > LONGEST_SECONDS:
        raise CellProblem(t("excel.forecast.aht_over_day", value=_shown(value, seconds),
                            day=LONGEST_SECONDS))
    return seconds


def parse_patience(value: object) -> float:
    """A mean patience in seconds (:func:`parse_seconds`), at most a day (nobody waits longer;
    a blank cell, not a huge number, is how a sheet says customers never give up)."""
    seconds = parse_seconds(value)
    if seconds > LONGEST_SECONDS:
        raise CellProblem(t("excel.forecast.patience_over_day", value=_shown(value, seconds),
                            day=LONGEST_SECONDS))
    return seconds


def _shown(value: object, seconds: float) -> str:
    """The figure as the cell shows it (``36,000`` typed as text stays as typed)."""
    if isinstance(value, str):
        return text(value)
    return f"{seconds:,.0f}" if float(seconds).is_integer() else f"{seconds:,.1f}"


def _checked_time_cell(value: object, seconds: float) -> float:
    if seconds <= 0:
        raise CellProblem(t("excel.cell.bad_positive", value=text(value)))
    if seconds >= LONGEST_TIME_CELL:
        raise CellProblem(t("excel.forecast.long_duration", value=text(value), seconds=seconds))
    return seconds


def parse_non_negative(value: object) -> float:
    number = _as_number(_ungrouped(value))
    if number is None or number < 0:
        raise CellProblem(t("excel.forecast.bad_number", value=text(value)))
    return number + 0.0  # -0 is 0 (shown as "-0" in the warnings and written back otherwise)


def parse_share(value: object) -> float:
    """A fraction in [0, 1]: ``0.85`` (also a percent-formatted cell) or ``85%`` typed as text."""
    raw = text(value)
    number = _as_number(raw[:-1]) if raw.endswith(("%", "％")) else _as_number(value)
    if number is not None and raw.endswith(("%", "％")):
        number /= 100
    if number is None or not 0 <= number <= 1:
        raise CellProblem(t("excel.forecast.bad_share", value=raw))
    return number


def _interval(row: Row) -> tuple[int, int] | None:
    """``from``/``to`` in minutes from midnight; an end at or before the start is the next day."""
    start = row.get("from", parse_time, required=True)
    end = row.get("to", lambda v: parse_time(v, allow_24=True), required=True)
    if start is None or end is None:
        return None
    if end == start and start != 0:
        # Read as a whole day, a slip such as 09:30-09:30 spread one interval's contacts over
        # 48 half hours.  00:00-00:00 stays the whole day: it is how a workbook stores 24:00.
        row.fail("to", t("excel.forecast.empty_span", value=fmt_minute(end)))
        return None
    if end <= start:
        end += MINUTES_PER_DAY
    return start, end


def read_forecast(wb: Workbook, problems: Problems, days: DayWords, skills: Skills
                  ) -> list[ForecastRow]:
    """The Forecast sheet, or [] without one.  Every row is either read or reported."""
    table = read_table(wb, "forecast", problems, required=False)
    if table is None:
        return []
    rows: list[ForecastRow] = []
    seen: dict[tuple[str, int, int, str, str | None], int] = {}
    # Rows already read per day, channel and skill: partial overlaps are refused like exact
    # repeats.  A 60-minute row left over two half-hour rows of the same curve, or a promotion
    # peak row copied over the promotion's own half hours, silently doubled the contacts of the
    # minutes they share (the staffing pools equal-rank rows), and nothing in the Intervals
    # sheet shows which rows were added.  Rows of different day words (a weekday row under a
    # ``双11`` row) are not overlaps: the calendar's precedence picks one of them.
    spans: dict[tuple[str, str, str | None], list[tuple[int, int, int]]] = {}
    for row in table.records(problems):
        day = row.get("day", days, required=True)
        span = _interval(row)
        channel = row.get("channel", parse_channel, required=True)
        skill = row.get("skill", skills)
        contacts = row.get("contacts", parse_non_negative, required=True)
        aht = row.get("aht", parse_aht, required=True)
        patience = row.get("patience", parse_patience)
        if not row.ok or span is None:
            continue
        key = (days.key(day), *span, channel, skill)
        if key in seen:
            row.fail("day", t("excel.dup_row", first=seen[key], what=t("excel.what.forecast_key")))
            continue
        seen[key] = row.number
        queue = (days.key(day), channel, skill)
        clash = _overlapping(spans.get(queue, []), span)
        if clash is not None:
            row.fail("from", t("excel.forecast.overlap", span=_fmt_span(span), first=clash[2],
                               other=_fmt_span(clash[:2]),
                               common=_fmt_span((max(span[0], clash[0]), min(span[1], clash[1])))))
            continue
        spans.setdefault(queue, []).append((*span, row.number))
        rows.append(ForecastRow(day, span[0], span[1], channel, skill, float(contacts),
                                float(aht), None if patience is None else float(patience),
                                row.number))
    return rows


def _overlapping(spans: list[tuple[int, int, int]], span: tuple[int, int]
                 ) -> tuple[int, int, int] | None:
    """The first of ``spans`` (start, end, row number) sharing a minute with ``span``."""
    for other in spans:
        if other[0] < span[1] and span[0] < other[1]:
            return other
    return None


def _fmt_span(span: tuple[int, int]) -> str:
    """``23:00-01:00`` for minutes (1380, 1500), as the sheet shows the row; an end at
    midnight is ``24:00``, so a whole day reads 00:00-24:00 rather than 00:00-00:00."""
    end = "24:00" if span[1] == MINUTES_PER_DAY else fmt_minute(span[1])
    return f"{fmt_minute(span[0])}-{end}"


def read_intervals(wb: Workbook, problems: Problems, days: DayWords, skills: Skills
                   ) -> list[IntervalRow]:
    """The Intervals sheet, or [] without one."""
    table = read_table(wb, "intervals", problems, required=False)
    if table is None:
        return []
    rows: list[IntervalRow] = []
    seen: dict[tuple[str, int, int, str | None], int] = {}
    for row in table.records(problems):
        day = row.get("day", days, required=True)
        span = _interval(row)
        skill = row.get("skill", skills)
        agents = row.get("agents", parse_count, required=True)
        service_level = row.get("service_level", parse_share)
        asa = row.get("asa", parse_non_negative)
        occupancy = row.get("occupancy", parse_share)
        if not row.ok or span is None:
            continue
        key = (days.key(day), *span, skill)
        if key in seen:
            row.fail("day", t("excel.dup_row", first=seen[key], what=t("excel.what.interval_key")))
            continue
        seen[key] = row.number
        rows.append(IntervalRow(day, span[0], span[1], skill, agents, row.number,
                                service_level, asa, occupancy))
    return rows


def iso_day(day: str) -> dt.date | None:
    """The date a ``day`` names, or None for a day type, ``all`` or a promotion."""
    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        return None

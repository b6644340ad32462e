"""Turning one Excel cell into one typed value, or saying in words what was expected.

Cells arrive as whatever openpyxl found: a ``datetime`` for a date cell, a ``time`` for a time
cell, a float where the format was lost, or text typed by hand (``8:30``, ``2026/12/1``, ``是``).
Each parser accepts every reasonable spelling and otherwise raises :class:`CellProblem` whose text
completes the sentence "sheet X, row N, column C: ..." in the current language.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import unicodedata

from openpyxl.utils.datetime import from_excel

from roster.domain import (
    LEAVE,
    LEAVE_MARKS,
    MINUTES_PER_DAY,
    REST,
    REST_MARKS,
    is_leave_mark,
    is_rest_mark,
)
from roster.excel.aliases import NO_WORDS, YES_WORDS, norm
from roster.i18n import register, t

register(
    {
        "excel.cell.blank": {"en": "is blank, but a value is required", "zh": "为空，此项必填"},
        "excel.cell.bad_date": {
            "en": "{value!r} is not a date (expected YYYY-MM-DD or an Excel date)",
            "zh": "{value!r} 不是日期（应为 YYYY-MM-DD 或 Excel 日期）",
        },
        "excel.cell.date_without_year": {
            "en": "{value!r} is not a date: the year is missing (write it with the year, e.g. "
            "YYYY-{month:02d}-{day:02d} or YYYY年{month}月{day}日)",
            "zh": "{value!r} 不是完整日期：缺少年份（请连同年份填写，例如 YYYY-{month:02d}-{day:02d} "
            "或 YYYY年{month}月{day}日）",
        },
        "excel.cell.year_last_date": {
            "en": "{value!r} is not read as a date: with the year last, day and month can be taken "
            "either way; write it year first, YYYY-MM-DD ({meaning})",
            "zh": "{value!r} 未被当作日期读取：年份在后的写法分不清日和月；请把年份写在前面，"
            "格式为 YYYY-MM-DD（{meaning}）",
        },
        "excel.cell.or": {"en": " or ", "zh": " 或 "},
        "excel.cell.wrong_weekday": {
            "en": "{value!r}: {date} is a {weekday}, not the weekday written after it; correct the date "
            "or the weekday",
            "zh": "{value!r}：{date} 是{weekday}，与后面所写的星期不符；请改正日期或星期",
        },
        **{f"excel.cell.weekday{i}": {"en": en, "zh": zh} for i, (en, zh) in enumerate(zip(
            ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
            ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"), strict=True))},
        "excel.cell.bad_time": {
            "en": "{value!r} is not a time of day (expected HH:MM such as 08:30 or 17:00)",
            "zh": "{value!r} 不是时间（应为 HH:MM，例如 08:30 或 17:00）",
        },
        "excel.cell.bad_segments": {
            "en": "{value!r} is not a list of time ranges (expected e.g. 10:00-14:00,17:30-23:00)",
            "zh": "{value!r} 不是时段列表（应为例如 10:00-14:00,17:30-23:00）",
        },
        "excel.cell.overlap_segments": {
            "en": "{value!r}: the time ranges overlap or last more than a day",
            "zh": "{value!r}：时段互相重叠或总长超过一天",
        },
        "excel.cell.bad_int": {
            "en": "{value!r} is not a whole number of at least {low}",
            "zh": "{value!r} 不是不小于 {low} 的整数",
        },
        "excel.cell.bad_positive": {
            "en": "{value!r} is not a number greater than 0",
            "zh": "{value!r} 不是大于 0 的数",
        },
        "excel.cell.not_finite": {
            "en": "{value!r} is not a finite number",
            "zh": "“{value}”不是有限的数值",
        },
        "excel.cell.unsaved_formula": {
            "en": "holds the formula {formula} but the file keeps no result for it (it was saved by a "
            "program that does not calculate formulas); open the file in Excel or WPS and save it "
            "again, or type the value instead of the formula",
            "zh": "含公式 {formula}，但文件中没有保存它的计算结果（保存该文件的程序不计算公式）；"
            "请用 Excel 或 WPS 打开后重新保存，或直接填写数值代替公式",
        },
        "excel.cell.error_value": {
            "en": "shows the Excel error {value} (its formula fails); correct the formula or type the value",
            "zh": "显示 Excel 错误值 {value}（公式出错）；请修正公式或直接填写数值",
        },
        "excel.cell.bad_bool": {
            "en": "{value!r} is not yes or no (yes/no, true/false, 1/0, Y/N, 是/否)",
            "zh": "{value!r} 不是“是/否”（可写 是/否、yes/no、true/false、1/0、Y/N）",
        },
    }
)


class CellProblem(ValueError):
    """What is wrong with a cell, in the user's language, without the sheet/row/column prefix."""


class UnsavedFormula(str):
    """A formula cell whose result the file does not keep (the text is the formula, ``=D2*2``).

    Excel and WPS save each formula's last result beside it, and the reader takes that result.
    A workbook written by a program that does not calculate (openpyxl, pandas, some exports)
    keeps only the formula, which the reader would otherwise see as an empty cell: a ``target``
    or ``lead`` silently taken as blank, a roster cell as a rest day.  Being a ``str``, it is
    never blank, and any path that only shows the cell shows the formula as written."""


#: The values Excel shows for a formula that fails; the reader sees them as text.
EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})


def unreadable(value: object) -> str | None:
    """Why a cell holds no usable value although it is not blank (a formula without a saved
    result, an Excel error such as ``#N/A``), or None.  Such a cell is reported as such, never
    read as blank or as the text of the error."""
    if isinstance(value, UnsavedFormula):
        return t("excel.cell.unsaved_formula", formula=str(value))
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return t("excel.cell.error_value", value=value.strip())
    return None


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    """A cell as text: ``1001.0`` -> ``1001`` (ids typed as numbers), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


#: A whole number written as a float: ``1002.0``, ``007.00`` (digits, a dot, only zeros).
_WHOLE_FLOAT = re.compile(r"^(\d+)\.0+$")


def parse_id(value: object) -> str:
    """A staff id as text, the one reading every sheet's id goes through.

    A number cell ``1002.0`` is ``1002`` (:func:`text`); so is the *text* ``1002.0``, which is
    what a CSV or another program's Excel export leaves of an id column typed as numbers: read
    as written it matched nobody, so that person's leave, wishes or history were refused or,
    in the roster grid, became a stranger.  Only a zero fraction is dropped (``1002.5`` stays),
    and leading zeros are kept (``007`` is ``007``; :class:`IdResolver` matches ``7`` to it)."""
    written = text(value)
    whole = _WHOLE_FLOAT.match(written)
    return whole.group(1) if whole else written


#: ``2026-12-05``, ``2026/12/5``, ``2026.12.05``, ``2026年12月5日``; a time of day after it (text
#: copied from a system that exports date-times) is dropped, as it is from a date-time cell.
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)

_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}
#: ``5-Dec-2026``, ``05 Dec 26`` (Excel's d-mmm-yy), ``5 December 2026``: an English date whose
#: month is named, so day and month cannot be confused.
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})[\s\-/.]*([A-Za-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})$")
#: ``Dec 5, 2026``, ``December 5th 2026``.
_MONTH_NAME_DAY = re.compile(r"^([A-Za-z]{3,9})\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/.]*(\d{4})$",
                             re.IGNORECASE)


def _named_month_date(value: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date written with an English month name, else None."""
    value = value.strip()
    match = _DAY_MONTH_NAME.match(value)
    if match:
        day, month, year = match.group(1), match.group(2), match.group(3)
    else:
        match = _MONTH_NAME_DAY.match(value)
        if not match:
            return None
        month, day, year = match.group(1), match.group(2), match.group(3)
    number = _MONTH_NAMES.get(month.lower())
    if number is None:
        return None
    # Two-digit years are Excel's d-mmm-yy display: this century.
    return (int(year) + 2000 if len(year) == 2 else int(year)), number, int(day)

#: ``2月3日``, ``12/5``: a month and day without the year.  Not taken as a date (the reader does
#: not know the month being planned, and History or Leave may lie in another year), but named
#: as such, so the message says what to add.
_DAY_WITHOUT_YEAR = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")

#: ``20261120``, as HR systems export dates (text or a number).  Only where a date is expected:
#: :func:`looks_like_date` does not take it, since eight-digit staff ids are common.
_COMPACT_DATE = re.compile(r"^((?:19|20|21)\d{2})(\d{2})(\d{2})$")


#: ``12/25/2026`` or ``25/12/2026``: the year last, as Excel in an English locale and exports
#: write it.  Read when the order is plain (a part above 12 is the day), refused as ambiguous
#: otherwise: ``05/01/2027`` is 5 January in Europe and 1 May in the US.
_YEAR_LAST = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$")

_WEEKDAY_NAMES = {
    **{name: i for i, name in enumerate("一二三四五六日")}, "天": 6,
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                          "saturday", "sunday"))},
    "tues": 1, "thur": 3, "thurs": 3,
}
#: A weekday written after a date, as Chinese rosters and calendars print it: ``2027/1/5 星期二``,
#: ``2027-01-05（周二）``, ``2027-01-05 Tue``, ``Tuesday, ...`` is not taken (weekday first).
_WEEKDAY_SUFFIX = re.compile(
    r"^(.*?\d)\s*,?\s*[(\[]?\s*(?:(?:周|星期|礼拜)([一二三四五六日天])|([A-Za-z]{3,9})\.?)\s*[)\]]?$")


def _date_text(value: object) -> str:
    """A cell as text for the date parser: full-width digits and dashes (``２０２７－０１－０５``,
    typed in a Chinese input method's full-width mode) as ASCII."""
    return unicodedata.normalize("NFKC", text(value)).strip()


def _split_weekday(value: str) -> tuple[str, int | None]:
    """``2027-01-05（周二）`` -> (``2027-01-05``, 1); text without a weekday after it unchanged."""
    match = _WEEKDAY_SUFFIX.match(value)
    if match:
        word = match.group(2) or (match.group(3) or "").lower()
        if word in _WEEKDAY_NAMES and (match.group(2) or word not in _MONTH_NAMES):
            return match.group(1), _WEEKDAY_NAMES[word]
    return value, None


def month_day(value: str) -> tuple[int, int] | None:
    """(month, day) of text that is a month and day without the year (``2月1日``, ``2/1``,
    ``12-05``), else None; whether that day exists is the caller's to judge."""
    match = _DAY_WITHOUT_YEAR.match(_split_weekday(unicodedata.normalize("NFKC", value).strip())[0])
    return (int(match.group(1)), int(match.group(2))) if match else None


def day_without_year(value: str) -> bool:
    """Whether text is a month and day without the year (``2月1日``, ``2/1``)."""
    return month_day(value) is not None


def looks_like_date(value: object) -> bool:
    """Whether a cell is meant as a date (a date value, or text shaped like one, valid or not)."""
    if isinstance(value, dt.date):
        return True
    if not isinstance(value, str):
        return False
    written = _split_weekday(_date_text(value))[0]
    return (bool(_DATE_TEXT.match(written)) or _named_month_date(written) is not None
            or bool(_YEAR_LAST.match(written)))


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 <= value <= 80000:
        # A date cell whose format was lost: an Excel serial number (20000 is 1954, 80000 is 2119).
        return from_excel(value).date()
    written, weekday = _split_weekday(_date_text(value))
    match = _DATE_TEXT.match(written) or _COMPACT_DATE.match(written)
    parts = tuple(int(g) for g in match.groups()) if match else _named_month_date(written)
    if parts is None:
        _year_last(value, written)
    if parts:
        try:
            date = dt.date(*parts)
        except ValueError:
            pass
        else:
            if weekday is not None and date.weekday() != weekday:
                raise CellProblem(t("excel.cell.wrong_weekday", value=text(value), date=date.isoformat(),
                                    weekday=t(f"excel.cell.weekday{date.weekday()}")))
            return date
    partial = _DAY_WITHOUT_YEAR.match(written) if isinstance(value, str) else None
    if partial and 1 <= int(partial.group(1)) <= 12 and 1 <= int(partial.group(2)) <= 31:
        raise CellProblem(t("excel.cell.date_without_year", value=text(value),
                            month=int(partial.group(1)), day=int(partial.group(2))))
    named = _NAMED_WITHOUT_YEAR.match(written) if isinstance(value, str) else None
    if named:
        day, month = (named.group(1), named.group(2)) if named.group(1) else (named.group(4), named.group(3))
        number = _MONTH_NAMES.get(month.lower())
        if number is not None and 1 <= int(day) <= 31:
            raise CellProblem(t("excel.cell.date_without_year", value=text(value), month=number, day=int(day)))
    raise CellProblem(t("excel.cell.bad_date", value=text(value)))


#: ``5-Jan``, ``Jan 5``: Excel's d-mmm display of a date, or a date typed without its year.
_NAMED_WITHOUT_YEAR = re.compile(r"^(?:(\d{1,2})[\s\-/.]*([A-Za-z]{3,9})\.?|([A-Za-z]{3,9})\.?[\s\-/.]*"
                                 r"(\d{1,2})(?:st|nd|rd|th)?)$")


def _year_last(value: object, written: str) -> None:
    """Refuse ``12/25/2026`` or ``05/01/2027`` with what to write instead.

    Not read, even where the order is plain: a column of such dates mixes 11/20/2026 (read
    one way) with 05/01/2027 (ambiguous), and a guess that holds for one row may not for the
    next.  The message names the date(s) it may be, year first, so the fix is a retype."""
    match = _YEAR_LAST.match(written)
    if not match:
        return
    first, second, year = (int(g) for g in match.groups())
    meanings = []
    for month, day in ((first, second), (second, first)):
        with contextlib.suppress(ValueError):
            meanings.append(dt.date(year, month, day).isoformat())
    meanings = list(dict.fromkeys(meanings))
    if meanings:
        raise CellProblem(t("excel.cell.year_last_date", value=text(value),
                            meaning=t("excel.cell.or").join(meanings)))


_TIME_TEXT = re.compile(r"^(\d{1,2})\s*[:：.点時时]\s*(\d{2})?(?:\s*[:：]\s*(\d{2}))?\s*分?$")
#: ``0830`` / ``1730`` (a time typed without its colon, as text or as a number) and a bare hour
#: ``8`` / ``17``.
_TIME_DIGITS = re.compile(r"^(\d{1,2}?)(\d{2})?$")
#: ``5:30 PM``, ``下午5:30``, ``晚上10点``: a 12-hour clock.
_HALF_DAY = re.compile(r"^(?:(上午|早上|早|am|a\.m\.)|(下午|晚上|晚|pm|p\.m\.))\s*(.+?)$|^(.+?)\s*(?:(am|a\.m\.)|(pm|p\.m\.))$",
                       re.IGNORECASE)


#: ``8点半``, ``17点半``, ``8时半``: half past the hour, as a Chinese shift plan writes it.
_HALF_PAST = re.compile(r"^(\d{1,2})\s*[点時时]\s*半$")


def parse_time(value: object, *, allow_24: bool = False) -> int:
    """Minutes after midnight.  ``24:00`` only where a shift may end at midnight."""
    minutes: int | None = None
    if isinstance(value, dt.datetime | dt.time):
        minutes = value.hour * 60 + value.minute
    elif isinstance(value, dt.timedelta):
        minutes = round(value.total_seconds() / 60)
    elif isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        minutes = round(value * MINUTES_PER_DAY)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            minutes = _clock_digits(str(int(value)))
    else:
        minutes = _clock_text(unicodedata.normalize("NFKC", text(value)))
    limit = MINUTES_PER_DAY if allow_24 else MINUTES_PER_DAY - 1
    if minutes is None or not 0 <= minutes <= limit:
        raise CellProblem(t("excel.cell.bad_time", value=text(value)))
    return minutes


def _clock_digits(digits: str) -> int | None:
    """``830`` -> 510, ``1730`` -> 1050, ``17`` -> 1020; None if not a clock time."""
    match = _TIME_DIGITS.match(digits)
    if not match:
        return None
    if match.group(2) is None or not match.group(1):  # a bare hour: 8, 17
        hours, mins = int(digits), 0
    else:
        hours, mins = int(match.group(1)), int(match.group(2))
    return hours * 60 + mins if hours <= 24 and mins < 60 else None


def _clock_text(word: str) -> int | None:
    half = _HALF_DAY.match(word)
    if half:
        morning = bool(half.group(1) or half.group(5))
        minutes = _clock_text(half.group(3) or half.group(4))
        if minutes is None or not 60 <= minutes < 13 * 60:
            return None
        if minutes >= 12 * 60:  # 12:30 am is 00:30, 12:30 pm is 12:30
            minutes -= 12 * 60
            if half.group(2) in ("晚上", "晚"):  # 晚上12点 is midnight, not noon as 12 pm is
                return minutes
        return minutes + (0 if morning else 12 * 60)
    half_hour = _HALF_PAST.match(word)
    if half_hour:  # 8点半: half past eight
        return int(half_hour.group(1)) * 60 + 30
    match = _TIME_TEXT.match(word)
    if match:
        hours, mins = int(match.group(1)), int(match.group(2) or 0)
        return hours * 60 + mins if mins < 60 else None
    return _clock_digits(word) if word.isascii() else None


_LIST_SPLIT = re.compile(r"[,，、;；/\n]+")


def split_list(value: object) -> tuple[str, ...]:
    """``售前，售后、质检`` -> ("售前", "售后", "质检"); order kept, duplicates dropped."""
    items: list[str] = []
    for part in _LIST_SPLIT.split(text(value)):
        part = part.strip()
        if part and part not in items:
            items.append(part)
    return tuple(items)


_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|−|~|～|至|到)\s*")
_SEGMENT_SPLIT = re.compile(r"[,，、;；\n]+")


def parse_segments(value: object) -> tuple[tuple[int, int], ...]:
    """``10:00-14:00,17:30-23:00`` -> ((600, 840), (1050, 1380)).

    Each range ending at or before its start runs past midnight; a range starting before the
    previous one ended lies after midnight.  Minutes therefore grow monotonically from the shift
    day's 00:00 and may exceed 1440, as :class:`roster.domain.Shift` expects.
    """
    raw = text(value)
    segments: list[tuple[int, int]] = []
    # Full-width dashes and commas (``10:00－14:00，17:30－23:00``, typed in a Chinese input
    # method's full-width mode) split as their ASCII forms; the message still quotes the cell.
    for part in filter(None, (p.strip() for p in _SEGMENT_SPLIT.split(unicodedata.normalize("NFKC", raw)))):
        bounds = _RANGE_SPLIT.split(part)
        if len(bounds) != 2:
            raise CellProblem(t("excel.cell.bad_segments", value=raw))
        try:
            start = parse_time(bounds[0])
            end = parse_time(bounds[1], allow_24=True)
        except CellProblem:
            raise CellProblem(t("excel.cell.bad_segments", value=raw)) from None
        if segments and start < segments[-1][1]:
            start += MINUTES_PER_DAY
            end += MINUTES_PER_DAY
        if end <= start:
            end += MINUTES_PER_DAY
        segments.append((start, end))
    if not segments:
        raise CellProblem(t("excel.cell.bad_segments", value=raw))
    if any(a < prev_end for (_, prev_end), (a, _) in zip(segments, segments[1:], strict=False)) or (
        segments[-1][1] - segments[0][0] > MINUTES_PER_DAY
    ):
        raise CellProblem(t("excel.cell.overlap_segments", value=raw))
    return tuple(segments)


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = norm(text(value))
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise CellProblem(t("excel.cell.bad_bool", value=text(value)))


#: A unit typed after a count or a factor (``3人``, ``2 名``, ``1.5倍``, ``3 people``, ``3个人``):
#: the number is meant.
_UNIT_WORD = re.compile(r"\s*(?:个人|人|名|位|个|倍|people|persons?|ppl|agents?|staff|times)\.?$",
                        re.IGNORECASE)


def _number(value: object) -> float | None:
    """A number, also as text with a unit or in full-width digits (``３．５``: NFKC)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    # The full-width comma is a decimal comma (12，5), replaced before NFKC would make it ",",
    # which is a thousands separator to the readers that take one (1,000).
    written = unicodedata.normalize("NFKC", text(value).replace("，", ".")).strip()
    try:
        number = float(_UNIT_WORD.sub("", written).replace("x", "").replace("×", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_int(value: object, *, low: int = 0) -> int:
    """A whole number ``>= low`` (people and weights come in whole units)."""
    number = _number(value)
    if number is None or not number.is_integer() or number < low:
        raise CellProblem(t("excel.cell.bad_int", value=text(value), low=low))
    return int(number)


def parse_positive(value: object) -> float:
    number = _number(value)
    if number is None or number <= 0:
        raise CellProblem(t("excel.cell.bad_positive", value=text(value)))
    return number


def parse_multiplier(value: object) -> float:
    """A Promotions multiplier: a number greater than 0 (``1.5``, ``1.5倍``, ``x1.5``) or a
    percentage typed as text (``150%``, ``150％``), which a cell formatted as a percentage
    holds as 1.5 anyway; refused before as "not a number"."""
    if isinstance(value, str):
        stripped = unicodedata.normalize("NFKC", value).strip()
        if stripped.endswith("%"):
            number = _number(stripped[:-1])
            if number is None or number <= 0:
                raise CellProblem(t("excel.cell.bad_positive", value=text(value)))
            return number / 100
    return parse_positive(value)


def plain_value(value: object) -> object:
    """A Rules value as the profile expects it: text stripped, whole floats as int.

    ``inf`` and ``nan`` are refused: the profile's checks let them through (``inf`` > 0, and
    every comparison with ``nan`` is false), and the roster's own Rules sheet cannot hold them
    (``solver.time_limit = inf`` ran unbounded and wrote a roster that ``check`` refused)."""
    number: float | None = None
    if isinstance(value, float):
        number = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            number = float(value.strip())
    if number is not None and not math.isfinite(number):
        raise CellProblem(t("excel.cell.not_finite", value=text(value)))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def roster_mark(value: object) -> str | None:
    """:data:`REST` or :data:`LEAVE` for a non-working mark in any language, else None."""
    word = text(value)
    if word.upper() in REST_MARKS or word in REST_MARKS:
        return REST
    if word.upper() in LEAVE_MARKS or word in LEAVE_MARKS:
        return LEAVE
    # With a note in brackets, or sickness in free text (病假（住院）, Sick leave - flu).
    if is_rest_mark(word):
        return REST
    if is_leave_mark(word):
        return LEAVE
    return None

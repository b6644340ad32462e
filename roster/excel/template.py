"""``roster init``: a filled-in example team workbook to start from.

An empty template teaches less than a small realistic one: ten agents in two teams, two shifts,
demand per day type, a promotion, leave, wishes, a shop holiday, last month's tail and a rule
override, all for the coming month so that ``generate`` runs on it straight away.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from roster.calendar import month_dates, official_calendar, parse_month
from roster.domain import (
    REST,
    DayType,
    DemandRow,
    HolidayEntry,
    Leave,
    Promotion,
    Request,
    Shift,
    ShiftKind,
    Staff,
    Team,
)
from roster.excel.write_team import write_team_workbook

_PEOPLE = (  # id, Chinese name, English name, team, skills, shifts, lead
    ("1001", "王芳", "Wang Fang", "售前", ("售前",), (), True),
    ("1002", "李娜", "Li Na", "售前", ("售前",), (), False),
    ("1003", "张伟", "Zhang Wei", "售前", ("售前", "售后"), (), False),
    ("1004", "刘洋", "Liu Yang", "售前", ("售前",), (), False),
    ("1005", "陈静", "Chen Jing", "售前", ("售前",), ("D",), False),
    ("1006", "杨帆", "Yang Fan", "售后", ("售后",), (), True),
    ("1007", "赵磊", "Zhao Lei", "售后", ("售后",), (), False),
    ("1008", "黄丽", "Huang Li", "售后", ("售后", "售前"), (), False),
    ("1009", "周敏", "Zhou Min", "售后", ("售后",), (), False),
    ("1010", "吴强", "Wu Qiang", "售后", ("售后",), (), False),
)


def next_month(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return f"{year:04d}-{month:02d}"


def example_team(month: str, lang: str = "zh") -> Team:
    """The template's team, dated in ``month`` (YYYY-MM)."""
    year, mon = parse_month(month)
    dates = month_dates(year, mon)
    zh = lang == "zh"
    def word(chinese: str) -> str:
        return chinese if zh else _EN_TEAM[chinese]

    staff = [Staff(pid, zh_name if zh else en_name, word(team), tuple(word(s) for s in skills),
                   shifts, lead)
             for pid, zh_name, en_name, team, skills, shifts, lead in _PEOPLE]
    shifts = [
        Shift("D", "白班" if zh else "Day", ((8 * 60 + 30, 17 * 60 + 30),), ShiftKind.DAY),
        Shift("N", "晚班" if zh else "Night", ((17 * 60, 25 * 60),), ShiftKind.NIGHT),
    ]
    words = {"weekday": "工作日", "weekend": "周末", "holiday": "节假日"} if zh else \
        {"weekday": "weekday", "weekend": "weekend", "holiday": "holiday"}
    first = dates[0]
    promo_name, promo_from, promo_to = _promotion(first, zh)
    demand = [
        DemandRow(words["weekday"], "D", None, 3, 4),
        DemandRow(words["weekday"], "D", word("售后"), 1, 2),
        DemandRow(words["weekday"], "N", None, 2, 2),
        DemandRow(words["weekend"], "D", None, 3, 3),
        DemandRow(words["weekend"], "N", None, 2, 2),
        DemandRow(words["holiday"], "D", None, 2, 3),
        DemandRow(words["holiday"], "N", None, 2, 2),
        DemandRow(promo_name, "D", None, 4, 5),
        DemandRow(promo_name, "N", None, 3, 3),
    ]
    demand = [DemandRow(d.day, d.shift, d.skill, d.min, d.target, i + 2) for i, d in enumerate(demand)]
    promotion = Promotion(promo_name, promo_from, promo_to, 1.5, True)
    # Four days of annual leave, clear of the promotion: leave in a leave freeze is honoured but
    # named by ``generate`` as leave to take out, which an example should not ask for.
    leave_from = first.replace(day=18) if promo_to.day < 17 else promo_to + dt.timedelta(days=2)
    leave = [Leave("1004", leave_from, leave_from + dt.timedelta(days=3), "年假" if zh else "annual")]
    rest = REST
    requests = [
        Request("1002", first.replace(day=5), rest, True, 2),
        Request("1007", first.replace(day=24), rest, True, 1),
        Request("1003", first.replace(day=15), "N", False, 1),
        Request("1009", first.replace(day=8), "D", True, 1),
    ]
    holidays = [HolidayEntry(first.replace(day=SHOP_DAY_OFF), "店休日" if zh else "Shop day off",
                             DayType.HOLIDAY)]
    history: dict[tuple[str, dt.date], str] = {}
    for index, person in enumerate(staff):
        for back in range(1, 8):
            day = first - dt.timedelta(days=back)
            works_nights = index % 3 == 1 and not person.shifts
            code = rest if (back + index) % 7 == 0 else ("N" if works_nights else "D")
            history[(person.id, day)] = code
    rules: list[tuple[str, object, int]] = [("rest_days.min", 4, 2)]
    return Team(staff, shifts, demand, leave, requests, [promotion], holidays, history=history,
                rule_overrides=rules)


#: The promotions the month is known for (month -> Chinese name, English name, first and last
#: day): 618 (peaking on 18 June), Double 11 and Double 12.  Other months get a shop
#: anniversary sale.
_MONTH_PROMOTIONS = {
    6: ("618大促", "618 sale", 16, 18),
    11: ("双11大促", "Double 11 sale", 10, 12),
    12: ("双12大促", "Double 12 sale", 10, 12),
}
#: The shop's own day off in the template (a Holidays-sheet row), kept clear of the promotion.
SHOP_DAY_OFF = 26


def _promotion(first: dt.date, zh: bool) -> tuple[str, dt.date, dt.date]:
    """The template month's promotion: (name, first day, last day).

    Every month used to get the same "Anniversary sale" on the 10th-12th, so February 2027's
    fell on the Spring Festival holidays (a sale nobody runs, demand raised on holiday duty
    already short of people) and June had no 618.  An anniversary sale is moved to the first
    three days from the 10th on that keep clear of every official holiday."""
    chinese, english, start, end = _MONTH_PROMOTIONS.get(first.month, ("店庆大促", "Anniversary sale", 10, 12))
    length = end - start
    if first.month not in _MONTH_PROMOTIONS:
        official, _ = official_calendar([first.year])
        last = month_dates(first.year, first.month)[-1].day
        for day in range(start, last - length + 1):
            # Three days' margin before (a block often runs on over the weekend beyond the
            # package's statutory days, and the next year's schedule is not known yet), one after.
            window = [first.replace(day=day) + dt.timedelta(days=i) for i in range(-3, length + 2)]
            if not any(d in official for d in window) and not day <= SHOP_DAY_OFF <= day + length:
                start = day
                break
    return (chinese if zh else english), first.replace(day=start), first.replace(day=start + length)


#: The template's team and skill names in English: an English template is English throughout
#: (its skills are matched between Staff and Demand as written, so both sheets use these).
_EN_TEAM = {"售前": "pre-sale", "售后": "after-sale"}


def write_template(path: str | Path, lang: str = "zh", force: bool = False,
                   month: str | None = None) -> Path:
    """Write the example team workbook (with its Instructions sheet) for ``month`` (default: next
    month).  Refuses to overwrite an existing file unless ``force``."""
    return write_team_workbook(path, example_team(month or next_month(), lang), lang=lang,
                               force=force)

"""Regenerate the bundled sample team workbooks.

    python samples/make_samples.py            # writes samples/*.xlsx next to this script
    python samples/make_samples.py forecast-team-zh.xlsx   # only the named ones

The samples are built from domain objects and written by the same code as ``roster init``, so
they always read back with ``read_team``; only the data below is sample-specific.  Content is
deterministic (the .xlsx bytes differ only in the file's saved-at timestamp).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from roster.domain import (
    REST,
    DayType,
    DemandRow,
    ForecastRow,
    HolidayEntry,
    Leave,
    Promotion,
    Request,
    Shift,
    ShiftKind,
    Staff,
    Team,
)
from roster.excel.read_team import read_team
from roster.excel.write_team import write_team_workbook

HERE = Path(__file__).resolve().parent
log = logging.getLogger("make_samples")

D = dt.date


def _numbered(rows: list[DemandRow]) -> list[DemandRow]:
    """Demand rows with their Excel row numbers (header is row 1), as read_team returns them."""
    return [DemandRow(r.day, r.shift, r.skill, r.min, r.target, i + 2) for i, r in enumerate(rows)]


def _history(staff: list[Staff], first: dt.date, night_ids: set[str]) -> dict[tuple[str, dt.date], str]:
    """The last seven days before ``first``: everyone on a six-on-one-off rhythm (rest days
    staggered so the department is never short), the night crew on N for the whole week."""
    history: dict[tuple[str, dt.date], str] = {}
    for index, person in enumerate(staff):
        for back in range(1, 8):
            day = first - dt.timedelta(days=back)
            if (back + index) % 7 == 0:
                history[(person.id, day)] = REST
            else:
                history[(person.id, day)] = "N" if person.id in night_ids else "D"
    return history


def cs_department_zh() -> Team:
    """A 30-agent department (售前 12, 售后 12, 质检 6) for December 2026, with 双12."""
    names = [
        "王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周敏", "吴强", "徐婷", "孙浩",
        "马超", "朱琳", "胡军", "郭颖", "何平", "高杰", "林倩", "罗斌", "梁晨", "宋佳", "郑凯", "谢雨",
        "韩冰", "唐宁", "冯雪", "于洋", "董燕", "萧然",
    ]
    staff: list[Staff] = []
    for i, name in enumerate(names):
        pid = f"{1001 + i}"
        if i < 12:
            team, skills = "售前", ("售前",)
        elif i < 24:
            team, skills = "售后", ("售后",)
        else:
            team, skills = "质检", ("质检",)
        if pid in {"1003", "1008"}:
            skills = ("售前", "售后")
        if pid in {"1015", "1020"}:
            skills = ("售后", "售前")
        if pid == "1026":
            skills = ("质检", "售后")
        shifts = ("D",) if team == "质检" else ()
        lead = pid in {"1001", "1013", "1025", "1007"}
        staff.append(Staff(pid, name, team, skills, shifts, lead))

    shifts = [
        Shift("D", "白班", ((8 * 60 + 30, 17 * 60 + 30),), ShiftKind.DAY),
        Shift("N", "晚班", ((17 * 60, 25 * 60),), ShiftKind.NIGHT),
    ]
    demand = _numbered([
        DemandRow("工作日", "D", "售前", 4, 5),
        DemandRow("工作日", "D", "售后", 3, 4),
        DemandRow("工作日", "D", "质检", 2, 2),
        DemandRow("工作日", "N", "售前", 2, 3),
        DemandRow("工作日", "N", "售后", 2, 2),
        DemandRow("周末", "D", "售前", 4, 4),
        DemandRow("周末", "D", "售后", 3, 3),
        DemandRow("周末", "D", "质检", 1, 2),
        DemandRow("周末", "N", "售前", 2, 2),
        DemandRow("周末", "N", "售后", 2, 2),
        DemandRow("节假日", "D", "售前", 3, 4),
        DemandRow("节假日", "D", "售后", 2, 3),
        DemandRow("节假日", "D", "质检", 1, 1),
        DemandRow("节假日", "N", "售前", 2, 2),
        DemandRow("节假日", "N", "售后", 2, 2),
        # The evening of 双12 itself is the peak: stated exactly, not scaled.
        DemandRow("2026-12-12", "N", "售前", 4, 4),
    ])
    promotions = [Promotion("双12", D(2026, 12, 10), D(2026, 12, 12), 1.5, True)]
    leave = [
        Leave("1005", D(2026, 12, 14), D(2026, 12, 18), "年假"),
        Leave("1016", D(2026, 12, 3), D(2026, 12, 3), "病假"),
        Leave("1022", D(2026, 12, 21), D(2026, 12, 22), "事假"),
        Leave("1027", D(2026, 12, 28), D(2026, 12, 29), "年假"),
        Leave("1010", D(2026, 12, 24), D(2026, 12, 24), "事假"),
    ]
    requests = [
        Request("1002", D(2026, 12, 5), REST, True, 2),
        Request("1014", D(2026, 12, 25), REST, True, 1),
        Request("1019", D(2026, 12, 31), REST, True, 3),
        Request("1013", D(2026, 12, 6), REST, True, 1),
        Request("1017", D(2026, 12, 26), REST, True, 1),
        Request("1004", D(2026, 12, 7), "D", True, 1),
        Request("1011", D(2026, 12, 20), "N", True, 1),
        Request("1008", D(2026, 12, 24), "N", False, 1),
        Request("1020", D(2026, 12, 31), "N", False, 2),
        Request("1003", D(2026, 12, 13), "N", False, 1),
    ]
    holidays = [HolidayEntry(D(2026, 12, 25), "公司年会", DayType.HOLIDAY)]
    night_ids = {p.id for i, p in enumerate(staff) if i < 24 and i % 3 == 2}
    history = _history(staff, D(2026, 12, 1), night_ids)
    rules: list[tuple[str, object, int]] = [("rest_days.min", 4, 2)]
    return Team(staff, shifts, demand, leave, requests, promotions, holidays, history=history,
                rule_overrides=rules)


def small_team_en() -> Team:
    """Ten agents for January 2027 (New Year's Day, the New-Year goods festival)."""
    people = [
        ("E01", "Alice Wang", "chat", ("chat", "phone"), True),
        ("E02", "Bob Li", "chat", ("chat",), False),
        ("E03", "Carol Zhang", "chat", ("chat",), False),
        ("E04", "David Liu", "chat", ("chat", "phone"), False),
        ("E05", "Emma Chen", "chat", ("chat",), False),
        ("E06", "Frank Yang", "phone", ("phone", "chat"), True),
        ("E07", "Grace Zhao", "phone", ("phone",), False),
        ("E08", "Henry Huang", "phone", ("phone", "chat"), False),
        ("E09", "Iris Zhou", "chat", ("chat",), False),
        ("E10", "Jack Wu", "phone", ("phone", "chat"), False),
    ]
    staff = [Staff(pid, name, team, skills, (), lead) for pid, name, team, skills, lead in people]
    shifts = [
        Shift("D", "Day", ((8 * 60, 17 * 60 + 30),), ShiftKind.DAY),
        Shift("N", "Night", ((13 * 60 + 30, 22 * 60 + 30),), ShiftKind.NIGHT),
    ]
    demand = _numbered([
        DemandRow("weekday", "D", None, 3, 4),
        DemandRow("weekday", "D", "phone", 1, 1),
        DemandRow("weekday", "N", None, 2, 3),
        DemandRow("weekend", "D", None, 2, 3),
        DemandRow("weekend", "N", None, 2, 2),
        DemandRow("holiday", "D", None, 2, 2),
        DemandRow("holiday", "N", None, 1, 2),
    ])
    # Three peak days: 6 x 9.5 h day shifts would break the 54 h week, so a ten-person team
    # cannot run a week-long leave freeze at 1.3 times the staffing.
    promotions = [Promotion("New-Year goods festival", D(2027, 1, 20), D(2027, 1, 22), 1.3, True)]
    leave = [
        Leave("E05", D(2027, 1, 4), D(2027, 1, 6), "annual"),
        Leave("E09", D(2027, 1, 28), D(2027, 1, 28), "sick"),
    ]
    requests = [
        Request("E02", D(2027, 1, 1), REST, True, 2),
        Request("E07", D(2027, 1, 9), REST, True, 1),
        Request("E03", D(2027, 1, 15), "N", True, 1),
        Request("E08", D(2027, 1, 11), "N", False, 1),
        Request("E10", D(2027, 1, 30), REST, True, 1),
    ]
    holidays = [HolidayEntry(D(2027, 1, 1), "New Year's Day", DayType.HOLIDAY)]
    history = _history(staff, D(2027, 1, 1), {"E03", "E07", "E10"})
    return Team(staff, shifts, demand, leave, requests, promotions, holidays, history=history)


#: Chats per half hour of a weekday from 08:00 (index 0) to 23:30 (index 31), then 00:00 and
#: 00:30 of the same date (the tail of the night): a morning peak at 10-11, a dip at lunch, an
#: evening peak at 20-22 (shoppers after work), quiet after midnight.
CHAT_WEEKDAY = (5, 8, 13, 18, 23, 25, 24, 19, 14, 13, 16, 17, 17, 16, 16, 15, 14, 14, 13, 13,
                14, 16, 18, 20, 24, 26, 26, 23, 17, 12, 8, 5, 3, 2)
#: Phone calls per half hour from 09:00 (index 0) to 20:30 (the hotline's hours, 09:00-21:00).
PHONE_WEEKDAY = (3, 4, 5, 6, 5, 4, 3, 3, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3)


def _forecast_rows(day: str, chat: list[float], phone: list[float], chat_aht: float,
                   phone_aht: float) -> list[ForecastRow]:
    rows = []
    for k, contacts in enumerate(chat):
        start = 8 * 60 + 30 * k if k < 32 else 30 * (k - 32)
        rows.append(ForecastRow(day, start, start + 30, "chat", "在线", round(contacts, 1), chat_aht))
    for k, contacts in enumerate(phone):
        start = 9 * 60 + 30 * k
        rows.append(ForecastRow(day, start, start + 30, "phone", "电话", round(contacts, 1), phone_aht))
    return rows


def forecast_team_zh() -> Team:
    """A 24-agent chat and phone team for November 2026, staffed from a contact forecast.

    No Demand sheet: the Forecast gives contacts per half hour (weekday, weekend and the 双11
    peak day), ``generate`` turns them into agents per half hour (Erlang, chat concurrency) and
    chooses among seven candidate shifts (starts 08:00 to 17:00, a split shift and a night past
    midnight) so that the people on duty follow the curve.
    """
    names = ["林悦", "陈晨", "王磊", "张敏", "刘洋", "黄婷", "赵军", "周雪", "吴昊", "徐静", "孙鹏",
             "马琳", "朱凯", "胡蓉", "郭峰", "何娟", "高远", "罗琪", "梁爽", "宋涛", "郑怡", "谢安", "韩露",
             "唐毅"]
    staff = []
    for i, name in enumerate(names):
        pid = f"F{i + 1:02d}"
        if i < 14:
            team, skills = "在线组", ("在线",)
        elif i < 19:
            team, skills = "电话组", ("电话",)
        else:
            team, skills = "电话组", ("电话", "在线")
        # Two agents do not work nights (e.g. family reasons): day shifts only.
        shifts = ("D8", "D830", "D9", "D10", "S") if pid in {"F05", "F16"} else ()
        staff.append(Staff(pid, name, team, skills, shifts, pid in {"F01", "F14"}))
    shifts = [
        Shift("D8", "早班", ((8 * 60, 17 * 60),), ShiftKind.DAY),
        Shift("D830", "白班", ((8 * 60 + 30, 17 * 60 + 30),), ShiftKind.DAY),
        Shift("D9", "白班2", ((9 * 60, 18 * 60),), ShiftKind.DAY),
        Shift("D10", "白班3", ((10 * 60, 19 * 60),), ShiftKind.DAY),
        Shift("M", "中班", ((13 * 60 + 30, 22 * 60 + 30),), ShiftKind.NIGHT),
        Shift("N", "晚班", ((17 * 60, 25 * 60),), ShiftKind.NIGHT),
        Shift("S", "两头班", ((10 * 60, 14 * 60), (18 * 60, 23 * 60)), ShiftKind.DAY),
    ]
    forecast = (
        _forecast_rows("工作日", list(CHAT_WEEKDAY), list(PHONE_WEEKDAY), 300, 240)
        # Weekends: fewer phone calls, chats a little lower in the morning, as busy at night.
        + _forecast_rows("周末", [c * (0.8 if k < 20 else 1.0) for k, c in enumerate(CHAT_WEEKDAY)],
                         [c * 0.6 for c in PHONE_WEEKDAY], 300, 240)
        # 双11: half as many chats again and more, peaking from 20:00, with a burst right after
        # midnight when the sale opens (the night shift of 11-10 runs into it); longer chats.
        + _forecast_rows("双11", [*(c * (1.4 if k < 24 else 1.7) for k, c in enumerate(CHAT_WEEKDAY[:32])), 30, 20],
                         [c * 1.4 for c in PHONE_WEEKDAY], 330, 270)
    )
    forecast = [ForecastRow(r.day, r.start, r.end, r.channel, r.skill, r.contacts, r.aht, r.patience, i + 2)
                for i, r in enumerate(forecast)]
    promotions = [Promotion("双11", D(2026, 11, 11), D(2026, 11, 11), 1.0, True)]
    leave = [
        Leave("F03", D(2026, 11, 16), D(2026, 11, 18), "年假"),
        Leave("F15", D(2026, 11, 24), D(2026, 11, 24), "事假"),
    ]
    requests = [
        Request("F07", D(2026, 11, 7), REST, True, 2),
        Request("F12", D(2026, 11, 21), REST, True, 1),
        Request("F18", D(2026, 11, 14), "N", False, 1),
    ]
    night_ids = {p.id for i, p in enumerate(staff) if i % 4 == 1 and not p.shifts}
    history = _history(staff, D(2026, 11, 1), night_ids)
    history = {k: ("D9" if v == "D" else v) for k, v in history.items()}
    return Team(staff, shifts, [], leave, requests, promotions, [], forecast=forecast, history=history)


SAMPLES = {
    "cs-department-zh.xlsx": (cs_department_zh, "zh"),
    "small-team-en.xlsx": (small_team_en, "en"),
    "forecast-team-zh.xlsx": (forecast_team_zh, "zh"),
}


def main(folder: Path = HERE, names: list[str] | None = None) -> list[Path]:
    """Write the samples (only ``names``, if given) into ``folder``."""
    written = []
    for file_name, (build, lang) in SAMPLES.items():
        if names and file_name not in names:
            continue
        path = folder / file_name
        team = build()
        write_team_workbook(path, team, lang=lang, force=True)
        back = read_team(path)  # a sample that does not read back is a bug, not a sample
        assert back.staff == team.staff and back.demand == team.demand, file_name
        assert back.forecast == team.forecast and back.intervals == team.intervals, file_name
        log.info("wrote %s (%d staff)", path, len(team.staff))
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main(names=sys.argv[1:] or None)

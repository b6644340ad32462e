"""Acceptance (s23, forecast planner): a workforce planner staffs from a contact forecast.

The head counts ``roster demand`` writes are checked against an Erlang C written here from the
textbook formulas in exact rational arithmetic (not the product's log-space search), the
promotion multiplier is checked to scale contacts rather than agents, bad Forecast rows must be
refused with sheet, row and column in both languages (exit 2), and the heat map must count last
night's 17:00-01:00 shift in the next date's 00:00-01:00.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import openpyxl
import pytest
from excel_helpers import make_workbook
from test_cli import run

MONTH = "2026-11"
HEADER = ["day", "from", "to", "channel", "skill", "contacts", "aht", "patience"]


def sheets(forecast: list[list], rules: list[list] | None = None) -> dict:
    """A small chat and phone team for November 2026 with 双11 at 1.5 times the volume."""
    return {
        "Staff": [["id", "name", "skills"], ["A1", "Ann", "chat, phone"], ["B2", "Bo", "chat"],
                  ["C3", "Cy", "chat"], ["D4", "Di", "phone"]],
        "Shifts": [["code", "name", "start", "end"], ["D", "Day", "08:30", "17:30"],
                   ["N", "Night", "17:00", "01:00"]],
        "Promotions": [["name", "from", "to", "multiplier"],
                       ["双11", dt.date(2026, 11, 11), dt.date(2026, 11, 11), 1.5]],
        "Rules": [["rule", "value"], *(rules or [])],
        "Forecast": [HEADER, *forecast],
    }


def intervals(path) -> dict[tuple[dt.date, str, str | None], tuple]:
    """The Intervals sheet as {(date, "HH:MM-HH:MM", skill): (agents, SL, ASA, occupancy)}."""
    ws = openpyxl.load_workbook(path)["Intervals"]
    out = {}
    for day, start, end, skill, agents, sl, asa, occ in ws.iter_rows(min_row=2, values_only=True):
        out[(day.date(), f"{start:%H:%M}-{end:%H:%M}", skill)] = (agents, sl, asa, occ)
    return out


# ------------------------------------------------------------- an independent Erlang C
def erlang_c(n: int, traffic: float) -> float:
    """P(wait) = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)), exactly."""
    a = Fraction(traffic).limit_denominator(10**9)
    terms = [Fraction(1)]
    for k in range(1, n + 1):
        terms.append(terms[-1] * a / k)
    top = terms[n] * n / (n - a)
    return float(top / (sum(terms[:n]) + top))


def by_hand(contacts: float, aht: float, target: float, seconds: float, *, concurrency: int = 1,
            stretch: float = 0.0, occupancy: float = 0.85, shrinkage: float = 0.0,
            interval: int = 1800) -> tuple:
    """(on duty, SL, ASA, occupancy) for one queue, chat as ``concurrency`` slots per agent."""
    handling = aht * (1 + stretch * (concurrency - 1))
    a = contacts * handling / interval
    n = math.floor(a) + 1
    while True:
        c = erlang_c(n, a)
        sl = 1 - c * math.exp(-(n - a) * seconds / handling)
        if sl >= target and a / n <= occupancy:
            break
        n += 1
    agents = math.ceil(n / concurrency)
    on_duty = math.ceil(agents / (1 - shrinkage) - 1e-9)
    return on_duty, round(sl, 4), round(c * handling / (n - a), 1), round(a / n, 4)


def test_chat_and_phone_head_counts_match_erlang_c_by_hand(tmp_path):
    """Chat 80 % in 30 s at 3 chats (stretch 0.2), phone 80 % in 60 s, 35 % shrinkage from the
    Rules sheet; a 60-minute phone row is shared into two half hours."""
    path = make_workbook(tmp_path / "t.xlsx", sheets(
        [["weekday", "10:00", "10:30", "在线", "chat", 42, 300, None],
         ["weekday", "10:00", "11:00", "电话", "phone", 60, 240, None]],
        rules=[["staffing.shrinkage", "35%"]]))
    out = tmp_path / "o.xlsx"
    result = run("demand", path, "--month", MONTH, "-o", out)
    assert result.exit_code == 0, result.output
    got = intervals(out)
    monday = dt.date(2026, 11, 2)
    chat = by_hand(42, 300, 0.8, 30, concurrency=3, stretch=0.2, shrinkage=0.35)
    phone = by_hand(30, 240, 0.8, 60, shrinkage=0.35)
    assert chat == (8, 0.886, 15.4, 0.7)  # 14 slots, 5 agents chatting
    assert got[(monday, "10:00-10:30", "chat")] == pytest.approx(chat, abs=1e-4)
    assert got[(monday, "10:30-11:00", "phone")] == pytest.approx(phone, abs=1e-4)


def test_promotion_multiplier_scales_contacts_not_agents(tmp_path):
    """双11 (×1.5) on weekday phone rows: 18 calls per quarter hour staffed as a queue (Erlang A,
    patience 90 s, at most 5 % abandoning), not 1.5 × the ordinary day's agents."""
    path = make_workbook(tmp_path / "t.xlsx", sheets(
        [["weekday", "09:00", "09:15", "phone", "phone", 12, 240, 90]],
        rules=[["staffing.shrinkage", "35%"], ["staffing.phone.max_abandon", "5%"]]))
    out = tmp_path / "o.xlsx"
    assert run("demand", path, "--month", MONTH, "-o", out).exit_code == 0
    got = intervals(out)
    # Values from a brute-force M/M/N+M chain (birth-death + absorbing chain for the wait):
    # 12 calls: 6 agents (SL 0.9553, ASA 3.11 s); 18 calls: 8 agents (SL 0.9590, ASA 2.89 s).
    assert got[(dt.date(2026, 11, 10), "09:00-09:15", "phone")] == (10, 0.9553, 3.1, 0.5149)
    assert got[(dt.date(2026, 11, 11), "09:00-09:15", "phone")] == (13, 0.959, 2.9, 0.5807)
    assert math.ceil(math.ceil(6 * 1.5) / 0.65) > 13  # scaling agents would have given 14


# ------------------------------------------------------------------- bad Forecast rows
@pytest.mark.parametrize(("row", "column", "en", "zh"), [
    (["weekday", "09:00", "09:30", "chat", "chat", -5, 300, None], "contacts",
     "not a number of at least 0", "不是不小于 0 的数"),
    (["weekday", "09:00", "09:30", "chat", "chat", 5, 0, None], "aht",
     "not a number greater than 0", "不是大于 0 的数"),
    (["weekday", "25:00", "25:30", "chat", "chat", 5, 300, None], "from",
     "not a time of day", "不是时间"),
    (["weekday", "09:30", "10:30", "chat", "chat", 5, 300, None], "from",
     "overlaps row 2 (09:00-10:00)", "与第 2 行（09:00-10:00）重叠"),
    (["工作日", "09:45", "10:00", "在线", "chat", 5, 300, 60], "from",
     "counted twice in 09:45-10:00", "09:45-10:00 的进线量会被重复计算"),
])
def test_bad_forecast_rows_name_sheet_row_and_column_in_both_languages(
        tmp_path, row, column, en, zh):
    path = make_workbook(tmp_path / "t.xlsx", sheets(
        [["weekday", "09:00", "10:00", "chat", "chat", 50, 300, None], row]))
    for lang, words, prefix in (("en", en, f"sheet Forecast, row 3, column {column}"),
                                ("zh", zh, f"工作表“Forecast”第 3 行“{column}”列")):
        result = run("demand", path, "--month", MONTH, "-o", tmp_path / f"o-{lang}.xlsx",
                     lang=lang)
        assert result.exit_code == 2, result.output
        assert prefix in result.output and words in result.output, result.output
        assert not (tmp_path / f"o-{lang}.xlsx").exists()


def test_rows_that_only_touch_or_differ_in_day_word_are_not_overlaps(tmp_path):
    """Adjacent rows, a night row into the next day beside the day's own early hours, and a
    promotion row over the weekday curve (precedence, not addition) are all accepted."""
    path = make_workbook(tmp_path / "t.xlsx", sheets(
        [["weekday", "09:00", "10:00", "chat", "chat", 50, 300, None],
         ["weekday", "10:00", "10:30", "chat", "chat", 50, 300, None],
         ["weekday", "23:00", "01:00", "chat", "chat", 20, 300, None],
         ["weekday", "00:00", "00:30", "chat", "chat", 5, 300, None],
         ["双11", "09:00", "10:30", "chat", "chat", 200, 300, None],
         ["weekday", "09:00", "10:00", "phone", "phone", 10, 240, None]]))
    result = run("demand", path, "--month", MONTH, "-o", tmp_path / "o.xlsx")
    assert result.exit_code == 0, result.output


# ------------------------------------------------- the night shift in the heat map
def test_heat_map_counts_last_nights_shift_in_the_next_dates_early_hours(tmp_path):
    path = make_workbook(tmp_path / "t.xlsx", sheets(
        [["all", "23:30", "00:30", "chat", "chat", 2, 300, None]]))
    demand = tmp_path / "d.xlsx"
    assert run("demand", path, "--month", MONTH, "-o", demand).exit_code == 0
    assert intervals(demand)[(dt.date(2026, 11, 2), "00:00-00:30", "chat")][0] == 2
    out = tmp_path / "r.xlsx"
    result = run("generate", demand, "--month", MONTH, "-o", out, "--time-limit", "1",
                 "--best-effort")
    assert result.exit_code in (0, 1), result.output
    wb = openpyxl.load_workbook(out)
    grid = wb["Roster"]
    dates = [c.value.date() for c in grid[1] if isinstance(c.value, dt.datetime)]
    nights = {d: 0 for d in dates}
    for line in grid.iter_rows(min_row=4, values_only=True):
        if line[0] in {"A1", "B2", "C3"}:
            for d, code in zip(dates, line[2:], strict=False):
                nights[d] += code == "N"
    heat = {str(r[0]): r for r in wb["Intervals coverage"].iter_rows(values_only=True)}
    for column, d in enumerate(dates[1:], start=2):
        on_duty, need = map(int, str(heat["00:00-00:30"][column]).split("/"))
        assert need == 2
        assert on_duty == nights[d - dt.timedelta(days=1)], d  # yesterday's N, not today's
        evening, _ = map(int, str(heat["23:30-00:00"][column]).split("/"))
        assert evening == nights[d]

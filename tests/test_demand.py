"""roster.demand: Forecast rows resolved onto dates like Demand rows, cut to the interval grid,
pooled per queue, staffed with roster.staffing, channels added per skill; and the engine computing
interval demand itself when a workbook has a forecast but no Intervals sheet.

Expected head counts come from :func:`roster.staffing.agents_for` (tested against published values
in test_staffing.py), so these tests check the plumbing: which rows apply, how much volume
reaches each queue, and how the answers are combined.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest
from conftest import MONDAY, d

from roster.demand import (
    busiest_interval,
    default_month,
    intervals_for_dates,
    outside_rows,
    peaks_by_skill,
    staffing_settings,
)
from roster.domain import DayType, ForecastRow, HolidayEntry, IntervalRow, Promotion, Staff, Team
from roster.engine import with_forecast_intervals
from roster.errors import InputError
from roster.profile import StaffingOptions, load_profile
from roster.staffing import agents_for

H = 60
OPTIONS = StaffingOptions()  # the documented defaults: 80/30 chat k=3, 80/60 phone, 85 %, 30 %


def fc(day: str, start: str, end: str, contacts: float, aht: float = 240, channel: str = "chat",
       skill: str | None = "pre", patience: float | None = None) -> ForecastRow:
    def minutes(text: str) -> int:
        hours, mins = text.split(":")
        return int(hours) * H + int(mins)

    a, b = minutes(start), minutes(end)
    return ForecastRow(day, a, b if b > a else b + 24 * H, channel, skill, contacts, aht, patience)


def make_team(*rows: ForecastRow, promotions=(), holidays=(), intervals=()) -> Team:
    return Team(staff=[Staff("A", "Ann", skills=("pre", "post"))], shifts=[], demand=[],
                promotions=list(promotions), holidays=list(holidays), forecast=list(rows),
                intervals=list(intervals))


def expected(contacts: float, aht: float = 240, channel: str = "chat", minutes: int = 30,
             options: StaffingOptions = OPTIONS, patience: float | None = None):
    """What roster.staffing says for one queue under ``options``."""
    target = getattr(options, channel)
    extra = {"concurrency": target.concurrency, "stretch": target.stretch} if channel == "chat" else {}
    return agents_for(contacts, aht, minutes * 60, target.service_level, target.target_seconds,
                      max_occupancy=target.max_occupancy, shrinkage=options.shrinkage,
                      channel=channel, patience_seconds=patience, **extra)


def rows_on(rows: list[IntervalRow], date: dt.date) -> list[tuple[int, int, str | None, int]]:
    return [(r.start, r.end, r.skill, r.agents) for r in rows if r.day == date.isoformat()]


# ------------------------------------------------------------------------------ one interval
def test_worked_example_of_the_readme():
    """300 chats in a half hour, AHT 240 s, three chats per agent with a 20 % stretch, 80 % first
    replies within 30 s, occupancy at most 85 %, 30 % shrinkage: 22 agents chatting, 32 on duty."""
    rows = intervals_for_dates(make_team(fc("all", "10:00", "10:30", 300)), [MONDAY], OPTIONS)
    assert rows == [IntervalRow(MONDAY.isoformat(), 600, 630, "pre", 32, 0, 0.9449, 4.5, 0.8485)]
    result = expected(300)
    assert (result.agents, result.scheduled, result.servers) == (22, 32, 66)


def test_channels_of_a_skill_add_up_and_figures_are_weighted():
    team = make_team(fc("all", "10:00", "10:30", 300),
                     fc("all", "10:00", "10:30", 80, aht=200, channel="phone"))
    [row] = intervals_for_dates(team, [MONDAY], OPTIONS)
    chat, phone = expected(300), expected(80, 200, "phone")
    assert (chat.scheduled, phone.scheduled) == (32, 18)
    assert row.agents == 50
    assert row.service_level == round((300 * chat.service_level + 80 * phone.service_level) / 380, 4)
    assert row.asa_seconds == round((300 * chat.asa + 80 * phone.asa) / 380, 1)
    occupancy = (chat.occupancy * chat.agents + phone.occupancy * phone.agents) / (chat.agents + phone.agents)
    assert row.occupancy == round(occupancy, 4)


def test_skills_stay_apart_and_blank_skill_is_anyone():
    team = make_team(fc("all", "10:00", "10:30", 300), fc("all", "10:00", "10:30", 100, skill="post"),
                     fc("all", "10:00", "10:30", 30, channel="phone", skill=None))
    assert rows_on(intervals_for_dates(team, [MONDAY], OPTIONS), MONDAY) == [
        (600, 630, None, expected(30, channel="phone").scheduled),
        (600, 630, "post", expected(100).scheduled), (600, 630, "pre", 32)]


def test_zero_contacts_is_kept_as_zero_agents():
    [row] = intervals_for_dates(make_team(fc("all", "03:00", "03:30", 0)), [MONDAY], OPTIONS)
    assert (row.agents, row.service_level, row.asa_seconds, row.occupancy) == (0, 1.0, 0.0, 0.0)


# ------------------------------------------------------------------------- which rows apply
def test_date_beats_day_type_beats_all():
    team = make_team(fc("all", "10:00", "10:30", 10), fc("weekday", "10:00", "10:30", 100),
                     fc(d(1).isoformat(), "10:00", "10:30", 300), fc("weekend", "10:00", "10:30", 50))
    rows = intervals_for_dates(team, [d(0), d(1), d(5)], OPTIONS)
    assert rows_on(rows, d(0)) == [(600, 630, "pre", expected(100).scheduled)]
    assert rows_on(rows, d(1)) == [(600, 630, "pre", 32)]
    assert rows_on(rows, d(5)) == [(600, 630, "pre", expected(50).scheduled)]  # a Saturday


def test_promotion_scales_contacts_of_day_type_rows_and_its_own_rows_are_as_written():
    promo = Promotion("Double 12", d(2), d(3), multiplier=2.0)
    team = make_team(fc("weekday", "10:00", "11:00", 200), fc("Double 12", "10:00", "10:30", 700),
                     fc(d(3).isoformat(), "10:30", "11:00", 40), promotions=[promo])
    rows = intervals_for_dates(team, [d(1), d(2), d(3)], OPTIONS)
    normal, doubled = expected(100).scheduled, expected(200).scheduled
    assert rows_on(rows, d(1)) == [(600, 630, "pre", normal), (630, 660, "pre", normal)]
    # 10:00-10:30 from the promotion's own row (not doubled again); 10:30-11:00 from the weekday
    # row with twice the contacts: staffing is not linear, so contacts are scaled, not agents.
    assert rows_on(rows, d(2)) == [(600, 630, "pre", expected(700).scheduled), (630, 660, "pre", doubled)]
    assert doubled < 2 * normal
    assert rows_on(rows, d(3)) == [(600, 630, "pre", expected(700).scheduled),
                                   (630, 660, "pre", expected(40).scheduled)]


def test_specific_rows_win_only_on_the_minutes_they_cover():
    promo = Promotion("618", d(2), d(2))
    team = make_team(fc("all", "09:00", "12:00", 600), fc("618", "10:00", "11:00", 1000),
                     promotions=[promo])
    rows = rows_on(intervals_for_dates(team, [d(2)], OPTIONS), d(2))
    base, peak = expected(100).scheduled, expected(500).scheduled
    assert rows == [(540, 570, "pre", base), (570, 600, "pre", base), (600, 630, "pre", peak),
                    (630, 660, "pre", peak), (660, 690, "pre", base), (690, 720, "pre", base)]


def test_holidays_fall_back_to_weekend_rows_and_make_up_days_use_workday_rows():
    holidays = [HolidayEntry(d(1), "Shop day", DayType.HOLIDAY),
                HolidayEntry(d(5), "Make-up", DayType.WORKDAY)]
    team = make_team(fc("weekday", "10:00", "10:30", 100), fc("weekend", "10:00", "10:30", 50),
                     fc("workday", "10:00", "10:30", 10), holidays=holidays)
    rows = intervals_for_dates(team, [d(0), d(1), d(5), d(6)], OPTIONS)
    assert [rows_on(rows, day)[0][3] for day in (d(0), d(1), d(5), d(6))] == [
        expected(100).scheduled, expected(50).scheduled, expected(10).scheduled,
        expected(50).scheduled]


def test_overlapping_rows_of_equal_rank_add_up_in_one_queue():
    team = make_team(fc("weekday", "10:00", "11:00", 100), fc("weekday", "10:00", "10:30", 50))
    assert rows_on(intervals_for_dates(team, [MONDAY], OPTIONS), MONDAY) == [
        (600, 630, "pre", expected(100).scheduled), (630, 660, "pre", expected(50).scheduled)]


def test_chinese_day_words_resolve_like_english():
    team = make_team(fc("工作日", "10:00", "10:30", 100), fc("周末", "10:00", "10:30", 50))
    rows = intervals_for_dates(team, [d(0), d(5)], OPTIONS)
    assert [r.agents for r in rows] == [expected(100).scheduled, expected(50).scheduled]


# ------------------------------------------------------------------------------------ grid
@pytest.mark.parametrize(("grid", "pieces"), [(15, 4), (30, 2), (60, 1)])
def test_rows_are_cut_to_the_grid_with_contacts_shared_by_length(grid, pieces):
    options = StaffingOptions(interval_minutes=grid)
    rows = intervals_for_dates(make_team(fc("all", "10:00", "11:00", 240)), [MONDAY], options)
    length = 60 // pieces
    assert [(r.start, r.end) for r in rows] == [(600 + k * length, 600 + (k + 1) * length)
                                                for k in range(pieces)]
    assert {r.agents for r in rows} == {expected(240 / pieces, minutes=length, options=options).scheduled}


def test_past_midnight_goes_to_the_next_date_and_the_night_before_the_month_counts():
    team = make_team(fc("all", "23:00", "01:00", 400))
    rows = intervals_for_dates(team, [d(0), d(1)], OPTIONS)
    each = expected(100).scheduled
    night = [(0, 30, "pre", each), (30, 60, "pre", each), (1380, 1410, "pre", each), (1410, 1440, "pre", each)]
    assert rows_on(rows, d(0)) == night  # 00:00-01:00 of the first date: the night before
    assert rows_on(rows, d(1)) == night
    assert not rows_on(rows, d(2))  # the last night's after-midnight hour is next month's


def test_a_dates_own_rows_win_its_first_hour_over_the_spill_of_equal_rank():
    """``all 23:30-00:30`` and ``all 00:00-00:30`` both describe 00:00-00:30 of every date: one
    description counts, the date's own (adding them counted those contacts twice)."""
    team = make_team(fc("all", "23:30", "00:30", 200), fc("all", "00:00", "00:30", 50))
    rows = intervals_for_dates(team, [d(1)], OPTIONS)
    assert rows_on(rows, d(1)) == [(0, 30, "pre", expected(50).scheduled),
                                   (1410, 1440, "pre", expected(100).scheduled)]


def test_the_spill_and_a_dates_own_rows_are_ranked_like_any_two_rows():
    """Sunday 00:00-01:00: Saturday's 23:00 falls back to the weekday row, whose after-midnight
    hour meets Sunday's own weekend row; the weekend row alone counts (helper-43 found 10 + 15).
    A promotion's night row outranks the next date's weekday row, and where the next date has
    no row of its own the spill staffs its early hours as before."""
    saturday, sunday = d(5), d(6)
    team = make_team(fc("weekday", "23:00", "01:00", 120), fc("weekend", "00:00", "01:00", 40))
    rows = intervals_for_dates(team, [sunday], OPTIONS)
    assert [r for r in rows_on(rows, sunday) if r[1] <= 60] == [(0, 30, "pre", expected(20).scheduled),
                                                                  (30, 60, "pre", expected(20).scheduled)]
    promo = Promotion("Night sale", saturday, saturday, 1.0, False)
    team = make_team(fc("Night sale", "23:00", "01:00", 400), fc("weekend", "00:00", "01:00", 40),
                     promotions=[promo])
    rows = intervals_for_dates(team, [sunday], OPTIONS)
    assert [r for r in rows_on(rows, sunday) if r[1] <= 60] == [(0, 30, "pre", expected(100).scheduled),
                                                                  (30, 60, "pre", expected(100).scheduled)]
    alone = intervals_for_dates(make_team(fc("weekday", "23:00", "01:00", 120)), [d(1)], OPTIONS)
    assert [r for r in rows_on(alone, d(1)) if r[1] <= 60] == [(0, 30, "pre", expected(30).scheduled),
                                                                 (30, 60, "pre", expected(30).scheduled)]


def test_dates_outside_keep_are_not_returned_but_reported():
    team = make_team(fc(d(40).isoformat(), "10:00", "10:30", 100), fc("all", "10:00", "10:30", 5))
    rows = intervals_for_dates(team, [d(0)], OPTIONS)
    assert rows_on(rows, d(0)) == [(600, 630, "pre", expected(5).scheduled)]
    assert [r.day for r in outside_rows(team, [d(0)])] == [d(40).isoformat()]


# ------------------------------------------------------------------------------- options
def test_higher_shrinkage_needs_more_agents():
    team = make_team(fc("all", "10:00", "10:30", 300))
    agents = [intervals_for_dates(team, [MONDAY], StaffingOptions(shrinkage=s))[0].agents
              for s in (0.0, 0.2, 0.3, 0.4)]
    assert agents == [22, 28, 32, 37]


def test_more_concurrency_needs_fewer_agents_and_a_stricter_target_more():
    team = make_team(fc("all", "10:00", "10:30", 300))

    def agents(**chat) -> int:
        options = StaffingOptions.model_validate({"chat": chat})
        return intervals_for_dates(team, [MONDAY], options)[0].agents

    assert agents(concurrency=1) > agents(concurrency=3) > agents(concurrency=5)
    assert agents(service_level=0.95, target_seconds=20) > agents()
    assert agents(stretch_table={1: 1.0, 2: 1.1, 3: 1.2}) < agents()  # less stretch than 0.2/chat


def test_rules_sheet_overrides_reach_the_staffing():
    team = make_team(fc("all", "10:00", "10:30", 300))
    profile = load_profile().with_overrides([("staffing.shrinkage", "40%", 2)], {})
    assert intervals_for_dates(team, [MONDAY], profile.staffing)[0].agents == 37


def test_patience_selects_erlang_a_per_row_or_from_the_profile():
    team = make_team(fc("all", "10:00", "10:30", 80, aht=200, channel="phone", patience=90))
    [row] = intervals_for_dates(team, [MONDAY], OPTIONS)
    erlang_a = expected(80, 200, "phone", patience=90)
    assert erlang_a.model == "erlang_a"
    assert row.agents == erlang_a.scheduled != expected(80, 200, "phone").scheduled
    options = StaffingOptions.model_validate({"phone": {"patience_seconds": 90}})
    no_patience = make_team(fc("all", "10:00", "10:30", 80, aht=200, channel="phone"))
    assert intervals_for_dates(no_patience, [MONDAY], options)[0].agents == erlang_a.scheduled


def test_staffing_settings_maps_every_option():
    options = StaffingOptions.model_validate({
        "shrinkage": 0.25,
        "chat": {"service_level": 0.9, "target_seconds": 20, "max_occupancy": 0.8, "concurrency": 2,
                 "stretch_table": {1: 1.0, 2: 1.3}, "patience_seconds": 120, "max_abandon": 0.05},
        "phone": {"service_level": 0.7, "target_seconds": 45, "max_occupancy": 0.9},
    })
    settings = staffing_settings(options)
    assert settings.shrinkage == 0.25
    assert (settings.chat.sl_target, settings.chat.target_seconds, settings.chat.max_occupancy,
            settings.chat.concurrency, settings.chat.stretch_table, settings.chat.patience_seconds,
            settings.chat.max_abandon) == (0.9, 20, 0.8, 2, ((1, 1.0), (2, 1.3)), 120, 0.05)
    assert (settings.phone.sl_target, settings.phone.target_seconds, settings.phone.max_occupancy,
            settings.phone.concurrency, settings.phone.patience_seconds) == (0.7, 45, 0.9, 1, None)


# -------------------------------------------------------------------------------- errors
def test_a_day_that_names_nothing_is_an_input_error():
    row = dataclasses.replace(fc("all", "10:00", "10:30", 5), day="someday", source_row=7)
    with pytest.raises(InputError) as err:
        intervals_for_dates(make_team(row), [MONDAY], OPTIONS)
    assert (err.value.sheet, err.value.row, err.value.column) == ("Forecast", 7, "day")
    assert "'someday'" in str(err.value)


def test_an_interval_that_ends_before_it_starts_is_an_input_error():
    row = ForecastRow("all", 600, 600, "chat", None, 5, 240, source_row=3)
    with pytest.raises(InputError, match="end must be after the start"):
        intervals_for_dates(make_team(row), [MONDAY], OPTIONS)


# ------------------------------------------------------------------------------- summary
def test_peaks_busiest_and_default_month():
    team = make_team(fc("weekday", "10:00", "10:30", 300), fc("weekday", "20:00", "20:30", 100),
                     fc("all", "20:00", "20:30", 200, skill="post"))
    rows = intervals_for_dates(team, [d(0), d(1)], OPTIONS)
    peaks = peaks_by_skill(rows)
    assert (peaks["pre"].day, peaks["pre"].start, peaks["pre"].agents) == (d(0).isoformat(), 600, 32)
    busiest = busiest_interval(rows)
    assert (busiest.day, busiest.start) == (d(0).isoformat(), 1200)
    assert busiest.agents == expected(100).scheduled + expected(200).scheduled
    assert dict(busiest.by_skill) == {"post": expected(200).scheduled, "pre": expected(100).scheduled}
    assert busiest_interval([]) is None
    assert default_month(team, today=dt.date(2026, 12, 5)) == (2027, 1)
    dated = make_team(fc("2026-12-12", "10:00", "10:30", 1), fc("2026-11-11", "10:00", "10:30", 1))
    assert default_month(dated) == (2026, 11)


def test_a_month_at_a_thousand_erlangs_computes_finite_figures():
    """Traffic up to 1,000 Erlangs per half hour (the issue's bound) through the whole pipeline."""
    team = make_team(*(fc("all", f"{h:02d}:{m:02d}", f"{h + (m + 30) // 60:02d}:{(m + 30) % 60:02d}"
                          if h < 23 or m == 0 else "00:00", 1000 * 1800 / 240, channel=ch)
                       for h in range(24) for m in (0, 30) for ch in ("chat", "phone")))
    dates = [dt.date(2027, 3, 1) + dt.timedelta(days=k) for k in range(31)]
    rows = intervals_for_dates(team, dates, OPTIONS)
    assert len(rows) == 31 * 48
    assert all(math.isfinite(r.asa_seconds) and 0.8 <= r.service_level <= 1 for r in rows)
    assert rows[0].agents > 1000 / 0.7


# -------------------------------------------------------------------------------- engine
def test_engine_computes_intervals_from_a_forecast_and_says_so():
    team = make_team(fc("all", "10:00", "10:30", 300))
    profile = load_profile()
    planned, notes = with_forecast_intervals(team, [d(0), d(1)], profile, "2027-03")
    assert planned.intervals == intervals_for_dates(team, [d(0), d(1)], profile.staffing)
    assert len(planned.intervals) == 2 and team.intervals == []
    assert notes[0] == "interval demand computed from the Forecast sheet: 2 intervals"
    # 32 agents for a team of a few: the plausibility warning joins the notes
    assert [n for n in notes[1:] if not n.startswith("sheet Forecast, row 0, column contacts: 300")] == []


def test_engine_keeps_an_intervals_sheet_that_applies_to_the_month():
    own = [IntervalRow("weekday", 600, 630, "pre", 3)]
    team = make_team(fc("all", "10:00", "10:30", 300), intervals=own)
    planned, notes = with_forecast_intervals(team, [d(0)], load_profile(), "2027-03")
    # kept as typed; the forecast beside it is said to be unused
    assert planned is team and len(notes) == 1 and "Forecast sheet is not used" in notes[0]
    without_forecast = make_team(intervals=own)
    assert with_forecast_intervals(without_forecast, [d(0)], load_profile(), "2027-03") == (without_forecast, [])


def test_engine_recomputes_when_the_intervals_sheet_is_from_another_month():
    stale = [IntervalRow("2026-12-01", 600, 630, "pre", 3)]
    team = make_team(fc("all", "10:00", "10:30", 300), intervals=stale)
    planned, notes = with_forecast_intervals(team, [d(0)], load_profile(), "2027-03")
    assert [r.day for r in planned.intervals] == [d(0).isoformat()]
    assert "no rows for 2027-03" in notes[0]

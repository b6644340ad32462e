"""The fairness ledger: who carried the nights, weekends and holidays, month after month.

One month's fairness rule can only even out that month; a person who worked Spring Festival and
National Day is "fair" in each month taken alone.  The ledger adds the months up (per month and
year to date) so HR can see the long-run picture, and :func:`ledger_weights` turns it into a
"carried load" per person that the generator can use to spare whoever carried the most.

No I/O here: the CLI reads the roster workbooks and writes the result.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields

from roster.domain import Horizon, Roster, ShiftKind, Team, is_leave_mark
from roster.i18n import register, t
from roster.i18n import span as date_span
from roster.rules.fairness import groups

register(
    {
        "ledger.duplicate": {
            "en": "{staff} has two assignments for {date} (two rosters cover the same day)",
            "zh": "{staff} 在 {date} 有两条排班记录（两份排班表包含同一天）",
        },
        "ledger.duplicate_files": {
            "en": "{staff} has two assignments for {date}: {first} and {second} both plan it; they share "
                  "{days} day(s) ({span}) and {people} people, and adding them would count those days twice. Pass "
                  "only the final version of each month (e.g. the one after swaps and repairs), or move the other "
                  "out of the folder.",
            "zh": "{staff} 在 {date} 有两条排班记录：{first} 和 {second} 都包含这一天；两份在 {span}（{days} 天）"
                  "有 {people} 名相同员工，合并会重复计算。每个月只传入最终版本"
                  "（例如换班、补位之后的那一份），或把另一份移出文件夹。",
        },
        "ledger.id": {"en": "id", "zh": "工号"},
        "ledger.name": {"en": "name", "zh": "姓名"},
        "ledger.team": {"en": "team", "zh": "组别"},
        "ledger.month": {"en": "month", "zh": "月份"},
        "ledger.present": {"en": "on staff", "zh": "在职"},
        "ledger.nights": {"en": "nights", "zh": "晚班"},
        "ledger.weekend_days": {"en": "weekend days", "zh": "周末班"},
        "ledger.holiday_days": {"en": "holiday days", "zh": "节假日班"},
        "ledger.working_days": {"en": "working days", "zh": "出勤天数"},
        "ledger.hours": {"en": "hours", "zh": "工时"},
        "ledger.available_days": {"en": "avail. days", "zh": "可出勤天数"},
        "ledger.available_holidays": {"en": "avail. holidays", "zh": "可出勤节假日"},
        "ledger.ytd": {"en": "{metric} (year to date)", "zh": "{metric}（年累计）"},
    }
)

#: The counted metrics, in display order.  ``available_days`` (days on staff and not on leave)
#: is what a fair share is prorated by, as in the fairness rule: HR sees why someone back from
#: two weeks' leave has fewer nights, and :func:`ledger_weights` does not count the colleagues
#: who worked meanwhile as having carried extra load.
#: ``available_holidays`` (holidays not on leave) is what a holiday share is prorated by, as
#: the fairness rule prorates it: someone on leave over the whole Spring Festival had no share.
METRICS: tuple[str, ...] = ("nights", "weekend_days", "holiday_days", "working_days", "hours", "available_days",
                            "available_holidays")
#: Metrics left out of the console's table (they stay in --json and the rows): a twelfth column
#: squeezed every header of an 80-column terminal to "weeke…", "holid…".
DETAIL_METRICS = frozenset({"available_holidays"})


@dataclass
class Figures:
    """Counts for one person over some span (a month, the year to date, the whole ledger)."""

    nights: int = 0
    weekend_days: int = 0
    holiday_days: int = 0
    working_days: int = 0
    hours: float = 0.0
    available_days: int = 0
    available_holidays: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Figures)))

    def get(self, metric: str) -> float:
        return getattr(self, metric)


@dataclass
class Ledger:
    """Figures per person and month ("YYYY-MM", sorted).  A person absent from a month's roster
    has zeros there (and ``present`` False, so averages can leave the month out)."""

    months: list[str]
    #: staff id -> (name, team), from the latest month that lists the person.
    staff: dict[str, tuple[str, str]]
    figures: dict[tuple[str, str], Figures]
    present: set[tuple[str, str]]

    def month(self, staff_id: str, month: str) -> Figures:
        return self.figures.get((staff_id, month), Figures())

    def year_to_date(self, staff_id: str, month: str) -> Figures:
        """The sum over the ledger's months of the same year up to and including ``month``."""
        total = Figures()
        for m in self.months:
            if m[:4] == month[:4] and m <= month:
                total = total + self.month(staff_id, m)
        return total

    def total(self, staff_id: str, months: Iterable[str] | None = None) -> Figures:
        total = Figures()
        for m in self.months if months is None else months:
            total = total + self.month(staff_id, m)
        return total

    def months_present(self, staff_id: str, months: Iterable[str] | None = None) -> int:
        return sum((staff_id, m) in self.present for m in (self.months if months is None else months))

    def as_rows(self) -> list[dict[str, object]]:
        """One flat row per person and month (ids sorted, months sorted): id, name, team, month,
        present, the month's metrics, then ``ytd_<metric>`` (for tables, CSV and Excel)."""
        rows: list[dict[str, object]] = []
        for sid in sorted(self.staff):
            name, team = self.staff[sid]
            for m in self.months:
                row: dict[str, object] = {"id": sid, "name": name, "team": team, "month": m,
                                          "present": (sid, m) in self.present}
                row.update(_rounded(asdict(self.month(sid, m))))
                row.update({f"ytd_{k}": v for k, v in _rounded(asdict(self.year_to_date(sid, m))).items()})
                rows.append(row)
        return rows

    def as_json(self) -> dict[str, object]:
        """A stable nested document: months, metrics, and per person the months, year to date
        and total."""
        people = []
        for sid in sorted(self.staff):
            name, team = self.staff[sid]
            people.append({
                "id": sid,
                "name": name,
                "team": team,
                "months": {m: {**_rounded(asdict(self.month(sid, m))), "present": (sid, m) in self.present}
                           for m in self.months},
                "year_to_date": {m: _rounded(asdict(self.year_to_date(sid, m))) for m in self.months},
                "total": _rounded(asdict(self.total(sid))),
            })
        return {"months": list(self.months), "metrics": list(METRICS), "people": people}


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in values.items()}


def row_labels(lang: str | None = None) -> dict[str, str]:
    """Column key of :meth:`Ledger.as_rows` -> header in ``lang``."""
    labels = {k: t(f"ledger.{k}", lang) for k in ("id", "name", "team", "month", "present")}
    for metric in METRICS:
        labels[metric] = t(f"ledger.{metric}", lang)
        labels[f"ytd_{metric}"] = t("ledger.ytd", lang, metric=labels[metric])
    return labels


def _month_key(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def build_ledger(books: Iterable[tuple[Team, Horizon, Roster]], sources: Sequence[str] = ()) -> Ledger:
    """Add up rosters (in any order) into a ledger.

    Each day counts in its own calendar month, so a roster that spans a month boundary is
    split correctly.  A day is counted for the people on that roster's staff sheet; a shift
    code the team does not define counts as not worked (the checker reports it).  Two rosters
    that both assign a person on the same date raise :class:`ValueError`: adding them would
    count the day twice.  ``sources`` names the books (their files) in that message: two
    versions of one month in a folder are the usual cause, while two teams' rosters of the same
    month are fine (different people).
    """
    figures: dict[tuple[str, str], Figures] = defaultdict(Figures)
    present: set[tuple[str, str]] = set()
    staff: dict[str, tuple[str, str]] = {}
    latest: dict[str, dt.date] = {}
    seen: dict[tuple[str, dt.date], int] = {}  # -> the book that assigned it
    months: set[str] = set()
    #: book -> (its dates, its people): what two versions of one month share is said whole,
    #: not as the first clash alone ("1001 on 2026-12-01" hid that all of December was twice).
    held_by: list[tuple[set[dt.date], set[str]]] = []
    for index, (team, horizon, roster) in enumerate(books):
        shifts = team.shift_by_code
        # Only the roster's own dates count: the horizon a caller passes may be the whole month
        # (the checker's, so that a missing column is reported), and two half-month rosters of
        # one team would then both claim every day.
        held = set(roster.dates)
        days = [day for day in horizon.days if day.date in held]
        held_by.append(({day.date for day in days}, {p.id for p in team.staff}))
        last = days[-1].date if days else horizon.last
        for person in team.staff:
            if person.id not in latest or last >= latest[person.id]:
                staff[person.id] = (person.name, person.team)
                latest[person.id] = last
            for day in days:
                key = _month_key(day.date)
                months.add(key)
                present.add((person.id, key))
                first = seen.setdefault((person.id, day.date), index)
                if first != index:
                    if sources:
                        shared = sorted(held_by[first][0] & held_by[index][0])
                        raise ValueError(t("ledger.duplicate_files", staff=person.id, date=day.date.isoformat(),
                                           first=sources[first], second=sources[index], days=len(shared),
                                           span=date_span(shared[0].isoformat(), shared[-1].isoformat()),
                                           people=len(held_by[first][1] & held_by[index][1])))
                    raise ValueError(t("ledger.duplicate", staff=person.id, date=day.date.isoformat()))
                cell = roster.get(person.id, day.date).strip()
                fig = figures[person.id, key]
                # Leave from the Leave sheet or typed into the roster (假, 病假, LEAVE).
                if not team.on_leave(person.id, day.date) and not is_leave_mark(cell):
                    fig.available_days += 1
                    fig.available_holidays += day.is_holiday
                shift = shifts.get(cell)
                if shift is None:
                    continue
                fig.working_days += 1
                fig.hours += shift.hours
                fig.nights += shift.kind == ShiftKind.NIGHT
                fig.weekend_days += day.is_weekend
                fig.holiday_days += day.is_holiday
    return Ledger(sorted(months), staff, dict(figures), present)


def ledger_weights(
    ledger: Ledger,
    team: Team,
    *,
    metrics: tuple[str, ...] = ("nights", "weekend_days", "holiday_days"),
    months: Iterable[str] | None = None,
) -> dict[str, dict[str, int]]:
    """The load each person of ``team`` carried beyond a fair share, per metric (whole days;
    hours for ``hours``).

    Comparable staff are those with the same allowed shifts (as in the fairness rule: nobody is
    "spared" nights they may not work).  A person's fair share is the group's rate per day
    available (on staff, not on leave), times the person's days available, as the fairness rule
    prorates a month: a newcomer with two months is compared with two months of the others, and
    someone back from two weeks' leave with half the nights has not been spared (nor did the
    colleagues who worked meanwhile carry extra load: counted per month on staff, they were
    spared the next month and the returner was given their nights).
    ``carried = max(0, round(actual - fair share))``: zero for anyone at or below the share, for
    people without ledger history, and for people with no comparable colleague.  ``months``
    limits the window (default: the whole ledger).

    Every person of ``team`` gets an entry with every metric, so a generator can index freely.
    """
    window = list(ledger.months if months is None else months)
    out = {p.id: dict.fromkeys(metrics, 0) for p in team.staff}
    codes = [s.code for s in team.shifts]
    for members in groups(team.staff, codes).values():
        totals = {p.id: ledger.total(p.id, window) for p in members}
        known = [p.id for p in members if totals[p.id].available_days]
        if len(known) < 2:
            continue
        for metric in metrics:
            # Holidays by the holidays one was there for, the rest by all days available: as
            # the fairness rule prorates each month's shares.
            basis = "available_holidays" if metric == "holiday_days" else "available_days"
            present = {sid: totals[sid].get(basis) for sid in known}
            if not sum(present.values()):
                continue
            rate = sum(totals[sid].get(metric) for sid in known) / sum(present.values())
            for sid in known:
                carried = totals[sid].get(metric) - rate * present[sid]
                out[sid][metric] = max(0, round(carried + 1e-9))
    return out

"""Team leads' changes to a published roster: swap, suggest, repair.

All three go through the same rule catalogue as ``generate`` and ``check``.  ``swap`` and
``suggest`` re-check only what a change touches (the people involved for person rules, the
dates involved and their neighbours for day rules, everyone for team rules), which keeps a
suggestion on a 300-person roster well under a second.  ``repair`` re-solves the days from
``--from`` on with CP-SAT, paying for every changed cell first and the usual objective second.
"""

from __future__ import annotations

import datetime as dt
import getpass
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from roster.calendar import horizon_for_dates
from roster.checker import CheckResult
from roster.domain import (
    LEAVE,
    REST,
    Change,
    Horizon,
    Leave,
    Roster,
    Team,
    Violation,
    id_key,
    is_leave_mark,
    is_rest_mark,
)
from roster.engine import month_span, roster_team
from roster.errors import InfeasibleError, InputError
from roster.excel.cells import month_day, parse_date, parse_id
from roster.explain import LeadGapReason, Pinned, diagnose, lead_gap_reasons
from roster.i18n import join, join_clauses, mark, register, t
from roster.i18n import span as date_span
from roster.model import RosterModel, build_model
from roster.profile import Profile, SolverSettings
from roster.rules import CheckContext, Rule, build_rules
from roster.rules.base import on_duty_index, patched_index, rule_label
from roster.rules.handover import is_lead_gap
from roster.solve import SolveOutcome, hint_values, price_roster, solve_model

register(
    {
        "edit.unknown_staff": {"en": "{where}: unknown staff id {staff!r}", "zh": "{where}：未知工号 {staff!r}"},
        "edit.did_you_mean": {"en": " (did you mean {ids}?)", "zh": "（是否指 {ids}？）"},
        "edit.person_named": {"en": "{staff} ({name})", "zh": "{staff}（{name}）"},
        "edit.bad_date": {
            "en": "{where}: {date} is not a date of this roster ({first} .. {last})",
            "zh": "{where}：{date} 不在本排班表的日期范围内（{first} 至 {last}）",
        },
        "edit.bad_ref": {
            "en": "{arg} {value!r} must look like ID:YYYY-MM-DD, the staff id, a colon and a date (e.g. "
                  "K07:2026-12-05; also 2026/12/05, or 12-05 for a day of the roster's month)",
            "zh": "{arg} {value!r} 应写成 工号:YYYY-MM-DD，即工号、冒号和日期（例如 K07:2026-12-05；"
                  "也可写 2026/12/05，或用 12-05 表示排班月份中的某天）",
        },
        "edit.bad_leave": {
            "en": "--leave {value!r} must look like ID:FROM or ID:FROM..TO (dates YYYY-MM-DD, also 2026/12/05, or "
                  "12-05 for a day of the roster's month; FROM <= TO)",
            "zh": "--leave {value!r} 应写成 工号:开始日期 或 工号:开始日期..结束日期（日期 YYYY-MM-DD，也可写 2026/12/05，"
                  "或用 12-05 表示排班月份中的某天；开始不晚于结束）",
        },
        "edit.bad_day": {
            "en": "{where}: {day!r} (month-day) is not a day of this roster's month ({first} .. {last})",
            "zh": "{where}：{day!r}（月-日）不是本排班月份（{first} 至 {last}）中的日期",
        },
        "edit.arg_ref": {"en": "ID:DATE", "zh": "工号:日期"},
        "edit.same_cell": {"en": "both sides name the same cell", "zh": "两边是同一个单元格"},
        "edit.nothing_two_days": {
            "en": "nothing to exchange: {staff} and {other} hold the same cells on both dates ({cells}); a swap "
                  "over two dates exchanges both people's cells of each date",
            "zh": "无需交换：{staff} 和 {other} 在两个日期的单元格相同（{cells}）；跨两天的交换会互换两人在这两天各自的单元格",
        },
        "edit.day_cell": {"en": "{date} {cell}", "zh": "{date} {cell}"},
        "edit.not_in_staff": {
            "en": "{where}: {staff!r} has a row in sheet Roster but is not in the Staff sheet: add the person to the "
                  "Staff sheet (id, name, the shifts they may work), then run it again",
            "zh": "{where}：{staff!r} 在排班表中有一行，但不在员工表中：请先把此人加入员工表（工号、姓名、可排班次），"
                  "然后重新运行",
        },
        "edit.no_column": {
            "en": "{where}: sheet Roster has no column for {date} (deleted by hand, or its header typed as text such "
                  "as '3月15日'?): put the column back, its header holding the date (YYYY-MM-DD or an Excel date), "
                  "then run it again",
            "zh": "{where}：排班表中没有 {date} 这一列（被手工删除了，或表头写成了“3月15日”这样的文字？）：请把该列放回，"
                  "表头为该日期（YYYY-MM-DD 或 Excel 日期），然后重新运行",
        },
        "edit.columnless": {
            "en": "sheet Roster has no column for {dates} (deleted by hand, or its header typed as text such as "
                  "'3月15日'?). An edit writes every day of the month, "
                  "so the missing day would come back as a rest day for everyone (swap), or be planned afresh and "
                  "counted as changes (repair): put the column back, its header holding the date (YYYY-MM-DD or an "
                  "Excel date), then run it again.",
            "zh": "排班表中没有 {dates} 这一列（被手工删除了，或表头写成了“3月15日”这样的文字？）。调整会写出本月的每一天，缺少的日期会变成所有人休息"
                  "（交换），或被重新排班并计为修改（调整）：请把该列放回，表头为该日期（YYYY-MM-DD 或 Excel 日期），"
                  "然后重新运行。",
        },
        "edit.nothing": {
            "en": "nothing to exchange: both cells hold {value}",
            "zh": "无需交换：两个单元格都是 {value}",
        },
        "edit.giveaway": {"en": "{other} takes {staff}'s {shift} on {date}", "zh": "{other} 接替 {staff} 在 {date} 的 {shift}"},
        "edit.sameday": {
            "en": "{other} swaps {their} for {staff}'s {shift} on {date}",
            "zh": "{other} 用 {their} 与 {staff} 在 {date} 的 {shift} 互换",
        },
        "edit.trade": {
            "en": "{other} takes {staff}'s {shift} on {date}; {staff} takes {other}'s {their} on {date2}",
            "zh": "{other} 接替 {staff} 在 {date} 的 {shift}；{staff} 接替 {other} 在 {date2} 的 {their}",
        },
        "edit.rank_free": {"en": "no extra cost", "zh": "无额外代价"},
        "edit.proof_fewest": {
            "en": "Proven: no valid repair changes fewer than {count} cell(s) besides the new leave's own days",
            "zh": "已证明：除新请假日本身外，任何合规的调整都至少要修改 {count} 个单元格",
        },
        "edit.proof_none": {
            "en": "No colleague's cell needs to change: the roster with the new leave taken out keeps every hard "
                  "rule and minimum.",
            "zh": "无需修改其他人的排班：直接登记新请假后，排班仍满足所有硬性规则和最少人数。",
        },
        "edit.proof_fewest_unproven": {
            "en": "Not proven: {count} cell(s) besides the new leave's own days is the fewest found in the time "
                  "limit; a longer --time-limit may find fewer",
            "zh": "未证明：除新请假日本身外修改 {count} 个单元格是时限内找到的最少方案；加大 --time-limit 可能找到更少的",
        },
        "edit.proof_penalties": {
            "en": "; with that many, the penalties are proven the lowest.",
            "zh": "；在此修改数下，罚分已证明为最低。",
        },
        "edit.proof_penalties_unproven": {
            "en": "; with that many, the penalties are the lowest found in the time limit (not proven).",
            "zh": "；在此修改数下，罚分是时限内找到的最低值（未证明）。",
        },
        "edit.rank_cost": {"en": "cost {delta:+d}: {parts}", "zh": "代价 {delta:+d}：{parts}"},
        "edit.rank_brings": {"en": ". {findings}", "zh": "。{findings}"},
        "edit.rank_ends": {"en": ". No longer: {findings}", "zh": "。不再：{findings}"},
        "edit.rank_more": {"en": " (and {count} more)", "zh": "（另有 {count} 条）"},
        "edit.give": {"en": "{other} gives {staff} their {shift} on {date}",
                      "zh": "{other} 把 {date} 的 {shift} 让给 {staff}"},
        "edit.trade_give": {
            "en": "{staff} takes {other}'s {shift} on {date}; {other} takes {staff}'s {their} on {date2}",
            "zh": "{staff} 接替 {other} 在 {date} 的 {shift}；{other} 接替 {staff} 在 {date2} 的 {their}",
        },
        "edit.on_leave": {
            "en": "{staff} is on leave on {date} ({cell}): there is no shift to hand over, and nobody can give "
            "them one. To re-plan around leave use roster repair; to cancel it, change the Leave sheet or the cell.",
            "zh": "{staff} 在 {date} 请假（{cell}）：没有班次可以交接，也不能给其安排班次。"
            "如需围绕请假重新调整请用 roster repair；如要取消请假，请修改请假表或该单元格。",
        },
        "edit.unknown_code": {
            "en": "{staff} on {date}: unknown shift code {code!r} (known: {known}); correct the cell first",
            "zh": "{staff} 在 {date}：未知班次代码 {code!r}（已知：{known}），请先更正该单元格",
        },
        "edit.infeasible": {
            "en": "No repair keeps every hard rule and minimum demand.",
            "zh": "没有能满足所有硬性规则和最少需求的调整方案。",
        },
        "edit.from_outside": {
            "en": "--from {date} is outside the roster's month ({first} .. {last})",
            "zh": "--from {date} 不在排班月份内（{first} 至 {last}）",
        },
        "edit.rowless": {
            "en": "sheet Roster has no row for {people}, who {verb} in the Staff sheet. An edit writes a row for "
                  "every person of the Staff sheet, so {pronoun} would come back (rest all month, or re-planned "
                  "by a repair): put the row back, or, for someone who has left, delete them from the Staff "
                  "sheet too; then run it again.",
            "zh": "排班表中没有 {people} 的行，但员工表中有。调整会为员工表中的每个人写出一行，"
                  "这些人会被重新加回（整月休息，或被调整重新排班）：请把该行放回；如果此人已离职，"
                  "请同时从员工表中删除，然后重新运行。",
        },
        "edit.strangers": {
            "en": "sheet Roster has rows whose id is not in the Staff sheet: {ids}. An edit writes the "
                  "roster of the Staff sheet's people and would lose them: add a new person to the Staff sheet, "
                  "and move notes out of the Roster sheet (e.g. to a sheet of your own), then run it again.",
            "zh": "排班表中有工号不在员工表里的行：{ids}。调整会按员工表中的人员写出排班，这些行会丢失："
                  "新员工请先加入员工表，备注请移出排班表（例如放到自己的工作表），然后重新运行。",
        },
        "edit.sick_leave": {"en": "sick", "zh": "病假"},  # the Leave sheet's type of repair's --leave
        "edit.bad_from": {
            "en": "--from must be a date YYYY-MM-DD, got {value!r} (also 2026/12/05, or 12-05 for a day of the "
                  "roster's month)",
            "zh": "--from 应为日期 YYYY-MM-DD，实际为 {value!r}（也可写 2026/12/05，或用 12-05 表示排班月份中的某天）",
        },
        "edit.month_over": {
            "en": "The roster's month ({first} .. {last}) is over (today is {today}), so the default --from "
            "(today) leaves no day to re-plan: give --from a date of the month",
            "zh": "排班月份（{first} 至 {last}）已经过去（今天是 {today}），默认的 --from（今天）没有可调整的日期："
            "请用 --from 指定本月的某一天",
        },
        "edit.leave_outside": {
            "en": "--leave {value}: no day of it is in the roster's month ({first} .. {last})",
            "zh": "--leave {value}：没有一天在排班月份内（{first} 至 {last}）",
        },
        "edit.leave_clipped": {
            "en": "--leave {value} reaches beyond the roster's month: only {start} .. {end} count here",
            "zh": "--leave {value} 超出排班月份：这里只计 {start} 至 {end}",
        },
        "edit.leave_frozen": {
            "en": "--leave in {promotion}'s leave freeze ({start} .. {end}): {items}. Re-planned and recorded as "
                  "{kind} leave; leave that is not sickness needs approval during the freeze.",
            "zh": "--leave 在{promotion}禁休期间（{start} 至 {end}）：{items}。已按{kind}重新调整并记录；"
                  "禁休期间除病假外的请假需经批准。",
        },
        "edit.leave_kept": {
            "en": "{staff}'s leave on {dates} lies before --from {start}: recorded as leave ({mark}) on those kept "
            "days; the repair re-plans from {start}",
            "zh": "{staff} 在 {dates} 的请假早于 --from {start}：已在这些保持不变的日期记为请假（{mark}）；"
            "从 {start} 起重新调整",
        },
    }
)

#: Cost of one changed cell in ``repair --best-effort``'s one weighted solve: dominates every soft
#: term, so the fewest changes win (a valid repair solves for them first: _solve_fewest_changes).
CHANGE_WEIGHT = 10_000


@dataclass(frozen=True)
class CellRef:
    staff_id: str
    date: dt.date


#: What joins FROM and TO in ``--leave ID:FROM..TO``: the documented ``..``, and the ``~`` and
#: ``至`` a Chinese team lead writes (``～`` and ``．．`` arrive as these after NFKC).
_RANGE = re.compile(r"\s*(?:\.\.|~|至)\s*")


def _typed(text: str) -> str:
    """A command-line argument as compared: full-width characters (a Chinese input method's
    ``１００２：２０２６－１２－０５``, the full-width colon) as ASCII, the ideographic space as a
    space, the ends stripped."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def plain_id(text: str) -> str:
    """A staff id typed on the command line as the sheets read ids: full-width digits and
    letters as ASCII, and ``1002.0`` (an id column exported as numbers) as ``1002``
    (:func:`roster.excel.cells.parse_id`).  Case and leading zeros are not changed: those are
    guesses, which :meth:`EditContext.validate` names instead ("did you mean")."""
    return parse_id(_typed(text))


@dataclass(frozen=True)
class DateArg:
    """A date as typed on the command line: a full date (ISO, ``2026/12/5``, ``2026年12月5日``,
    as the sheets read dates), or a month and day (``12-05``) that only the roster's month can
    complete, since the argument is read before the roster is."""

    text: str
    date: dt.date | None = None
    month_day: tuple[int, int] | None = None

    def on(self, dates: list[dt.date]) -> dt.date | None:
        """The date meant in a roster of ``dates`` (None: a month and day the roster does not
        have; another month is never guessed)."""
        if self.date is not None:
            return self.date
        found = [d for d in dates if (d.month, d.day) == self.month_day]
        return found[0] if len(found) == 1 else None


def read_date(text: str) -> DateArg:
    """``text`` as a :class:`DateArg`; ValueError when it is no date at all."""
    value = _typed(text)
    partial = month_day(value)  # 12-05, 12/5, 12月5日: a day of the roster's month (DateArg.on)
    if partial:
        month, day = partial
        dt.date(2000, month, day)  # a leap year: 02-29 is a day some months have; 02-30 none
        return DateArg(str(text), month_day=(month, day))
    return DateArg(str(text), date=parse_date(value))  # CellProblem is a ValueError


@dataclass(frozen=True)
class CellArg:
    """An ``ID:DATE`` argument read as far as it can be without the roster: the id as typed
    (resolved by :meth:`EditContext.cell`) and the date."""

    text: str
    staff: str
    date: DateArg


def read_ref(text: str, arg: str | None = None) -> CellArg:
    """``K07:2026-12-05`` (a full-width colon, spaces, ``2026/12/05`` or ``12-05`` too) as a
    :class:`CellArg`; a malformed one is refused naming ``arg`` (the argument: ``ID:DATE``) and
    what was expected, before the roster is read."""
    staff, sep, date = _typed(text).rpartition(":")
    try:
        if not sep or not staff.strip():
            raise ValueError
        return CellArg(str(text), staff.strip(), read_date(date))
    except ValueError:
        raise InputError(t("edit.bad_ref", arg=arg or t("edit.arg_ref"), value=str(text))) from None


def parse_ref(text: str) -> CellRef:
    """``K07:2026-12-05`` -> CellRef, without a roster: the date must be a full one (a month and
    day needs the roster's month: :func:`read_ref` and :meth:`EditContext.cell`)."""
    found = read_ref(text)
    if found.date.date is None:
        raise InputError(t("edit.bad_ref", arg=t("edit.arg_ref"), value=str(text)))
    return CellRef(plain_id(found.staff), found.date.date)


@dataclass(frozen=True)
class LeaveArg:
    """A ``--leave ID:FROM[..TO]`` argument read without the roster (see :class:`CellArg`)."""

    text: str
    staff: str
    start: DateArg
    end: DateArg


def read_leave(text: str) -> LeaveArg:
    """``K07:2026-12-05`` or ``K07:2026-12-05..2026-12-06`` (also ``~`` or ``至`` between the
    dates, the date forms of :func:`read_date`, a full-width colon) as a :class:`LeaveArg`."""
    staff, sep, span = _typed(text).partition(":")
    try:
        if not sep or not staff.strip():
            raise ValueError
        parts = _RANGE.split(span.strip())
        if len(parts) > 2 or not all(parts):
            raise ValueError
        start = read_date(parts[0])
        end = read_date(parts[1]) if len(parts) == 2 else start
        if start.date is not None and end.date is not None and end.date < start.date:
            raise ValueError
        if start.month_day is not None and end.month_day is not None and end.month_day < start.month_day:
            raise ValueError
    except ValueError:
        raise InputError(t("edit.bad_leave", value=str(text))) from None
    return LeaveArg(str(text), staff.strip(), start, end)


def parse_leave(text: str) -> Leave:
    """``K07:2026-12-05`` or ``K07:2026-12-05..2026-12-06`` -> Leave, without a roster (full
    dates only; see :meth:`EditContext.leave`)."""
    found = read_leave(text)
    if found.start.date is None or found.end.date is None:
        raise InputError(t("edit.bad_leave", value=str(text)))
    return Leave(plain_id(found.staff), found.start.date, found.end.date, t("edit.sick_leave"))


def read_from(text: str) -> DateArg:
    """``repair --from`` as typed (the month is checked against the roster later, where it is
    known: :meth:`EditContext.day`)."""
    try:
        return read_date(text)
    except ValueError:
        raise InputError(t("edit.bad_from", value=text)) from None


def parse_from(text: str) -> dt.date:
    """``repair --from`` as a full date, without a roster."""
    found = read_from(text)
    if found.date is None:
        raise InputError(t("edit.bad_from", value=text))
    return found.date


@dataclass
class EditContext:
    """A roster with its team, calendar and rules, ready for changes."""

    team: Team
    roster: Roster
    profile: Profile
    horizon: Horizon = field(init=False)
    rules: list[Rule] = field(init=False)
    #: What reading the roster's team needed saying (interval demand recomputed from Forecast).
    notes: list[str] = field(init=False)

    def __post_init__(self) -> None:
        # The published roster's leave marks are its people's leave: an edit may neither give
        # them a shift there nor move a mark onto someone else.
        self.team, self.notes = roster_team(self.team, self.roster, self.profile)
        self.horizon = horizon_for_dates(self.team, month_span(self.roster.dates))
        self.rules = build_rules(self.profile)

    @cached_property
    def checker(self) -> LocalChecker:
        return LocalChecker(self)

    @cached_property
    def columnless(self) -> list[dt.date]:
        """Dates of the month with no column in the Roster sheet (deleted by hand): every
        cell of such a date reads as rest, which no edit may take for the published roster."""
        have = set(self.roster.dates)
        return [d for d in self.horizon.dates if d not in have]

    @cached_property
    def rowless(self) -> list[str]:
        """Ids of the Staff sheet with no row in the Roster sheet (deleted by hand, e.g. for
        someone who left): not on this roster, so no edit may plan them."""
        rows = {sid for sid, _ in self.roster.cells}
        return [p.id for p in self.team.staff if p.id not in rows]

    def require_rows(self) -> None:
        """Refuse to write a roster whose rows and Staff sheet disagree.  A row whose id is not
        in Staff (a note under the table, a new hire not yet in Staff) was turned into a person
        with rest days, or dropped without a word; a Staff member without a row (deleted by
        hand for someone who left) came back as a month of rest days (``swap``), or a repair
        planned their whole month.  A date column deleted by hand is the same for a day: a swap
        wrote it back as everyone's rest day, and a repair planned it afresh, listing "OFF -> D"
        for cells nobody had seen.  ``check`` reports all three; ``suggest`` writes nothing and
        still answers (but not about a missing date: :meth:`validate`)."""
        if self.columnless:
            raise InputError(t("edit.columnless", dates=join(d.isoformat() for d in self.columnless)),
                             sheet="Roster")
        strangers = sorted({sid for sid, _ in self.roster.cells} - set(self.team.staff_by_id))
        if strangers:
            raise InputError(t("edit.strangers", ids=join(map(repr, strangers))), sheet="Roster")
        if self.rowless:
            people = join(t("edit.person_named", staff=sid, name=self.team.staff_by_id[sid].name) for sid in self.rowless)
            many = len(self.rowless) > 1
            raise InputError(t("edit.rowless", people=people, verb="are" if many else "is",
                               pronoun="they" if many else "that person"), sheet="Roster")

    def staff_id(self, typed: str) -> str:
        """The Staff sheet's id that an id typed on the command line names: as typed, else as
        the sheets read ids (:func:`plain_id`: ``1002.0``, ``１００２``); anything else is returned
        as typed, for :meth:`validate` to refuse by the name the user gave it."""
        typed = typed.strip()
        if typed in self.team.staff_by_id:
            return typed
        plain = plain_id(typed)
        if plain in self.team.staff_by_id:
            return plain
        same = [p.id for p in self.team.staff if plain_id(p.id) == plain]
        return same[0] if len(same) == 1 else typed

    def day(self, date: DateArg, where: str) -> dt.date:
        """The date ``date`` means in this roster (a month and day completed with the roster's
        month); refused naming ``where`` when it is a month and day the month does not have."""
        found = date.on(self.horizon.dates)
        if found is None:
            raise InputError(t("edit.bad_day", where=where, day=date.text.strip(), first=self.horizon.first,
                               last=self.horizon.last))
        return found

    def cell(self, arg: CellArg) -> CellRef:
        """The cell an ``ID:DATE`` argument names, validated (:meth:`validate`); messages quote
        the argument as typed."""
        where = arg.text.strip()
        ref = CellRef(self.staff_id(arg.staff), self.day(arg.date, where))
        self.validate(ref, where)
        return ref

    def leave(self, arg: LeaveArg) -> Leave:
        """The new leave a ``--leave`` argument names (its id resolved as :meth:`staff_id` does,
        a month and day completed); whether it lies in the month is :func:`repair`'s to say."""
        where = f"--leave {arg.text.strip()}"
        start, end = self.day(arg.start, where), self.day(arg.end, where)
        if end < start:
            raise InputError(t("edit.bad_leave", value=arg.text))
        return Leave(self.staff_id(arg.staff), start, end, t("edit.sick_leave"))

    def validate(self, ref: CellRef, where: str = "") -> None:
        """Refuse a reference to no person or to a date outside the roster; the message names
        the reference as typed (ID:DATE), not an internal label."""
        where = where or f"{ref.staff_id}:{ref.date.isoformat()}"
        if ref.staff_id not in self.team.staff_by_id and any(sid == ref.staff_id for sid, _ in self.roster.cells):
            # A person added at the bottom of the Roster sheet only: "unknown staff id" for an id
            # the team lead can see in the roster sent them looking for a typo.
            raise InputError(t("edit.not_in_staff", where=where, staff=ref.staff_id), sheet="Staff")
        if ref.staff_id not in self.team.staff_by_id:
            # "e07" for E07, "１００１" typed full-width: close enough to name, not to guess.
            key = id_key(plain_id(ref.staff_id))
            close = [p.id for p in self.team.staff if id_key(p.id) == key]
            hint = t("edit.did_you_mean", ids=join(map(repr, close))) if close else ""
            raise InputError(t("edit.unknown_staff", where=where, staff=ref.staff_id) + hint)
        if ref.staff_id in self.rowless:
            self.require_rows()
        if ref.date not in set(self.horizon.dates):
            raise InputError(t("edit.bad_date", where=where, date=ref.date, first=self.horizon.first,
                               last=self.horizon.last))
        if ref.date in self.columnless:
            # Every cell of a deleted column reads as rest: "nothing to exchange: both cells hold
            # OFF", or "nobody can give A1 a shift", answered a question about a day not there.
            raise InputError(t("edit.no_column", where=where, date=ref.date), sheet="Roster")


def cost_parts(delta_by_rule: dict[str, int]) -> str:
    """``fairness.nights +30, rotation.stretch +6``: a change's cost by rule, as swap and suggest
    say it; in Chinese each rule by name with its code (``晚班偏离公平份额（fairness.nights）+30``),
    as check's penalty table shows it, where bare English codes were all a team lead saw."""
    return join(f"{label}{'' if label.endswith('）') else ' '}{d:+d}"
                for label, d in ((rule_label(rule), d) for rule, d in delta_by_rule.items()))


class LocalChecker:
    """The rules' verdict on what a change touches, re-computing as little as possible.

    A change to a few cells can only alter what its rules can see: person rules for the people
    whose cells changed, day rules for the dates changed and their neighbours (``Rule.reach``),
    team rules through the changed people's figures (``Rule.summarize``).  The verdicts on the
    published roster are computed once and reused for every candidate, which is what makes
    ``suggest`` on a 300-person roster a matter of a fraction of a second.
    """

    def __init__(self, ctx: EditContext):
        self.ctx = ctx
        self.base = ctx.roster
        self._cells: dict[str, dict[tuple[str, dt.date], str]] = {}
        for key, cell in self.base.cells.items():
            self._cells.setdefault(key[0], {})[key] = cell
        self._staff = ctx.team.staff_by_id
        self._person: dict[tuple[str, frozenset], list[Violation]] = {}
        self._day_base: dict[frozenset, list[Violation]] = {}
        self._full_ctx = CheckContext(ctx.team, ctx.horizon, self.base)
        self._summaries: dict[str, dict[str, object]] = {}
        self._team_base: dict[str, list[Violation]] = {}
        self._ids = [p.id for p in ctx.team.staff]
        self._index = on_duty_index(self.base, self._ids, ctx.horizon.dates)

    def _index_after(self, new_cells: dict[tuple[str, dt.date], str]) -> dict[tuple[dt.date, str], list[str]]:
        """The published roster's who-works-what index with ``new_cells`` applied."""
        return patched_index(self._index, self.base, self._ids, new_cells)

    def person(self, staff_id: str, changed: dict[dt.date, str]) -> list[Violation]:
        """Person rules' violations for one person with ``changed`` cells (cached)."""
        key = (staff_id, frozenset(changed.items()))
        if key not in self._person:
            cells = dict(self._cells.get(staff_id, {}))
            cells.update({(staff_id, d): v for d, v in changed.items()})
            sub = CheckContext.of_person(self.ctx.team, self.ctx.horizon, self._staff[staff_id], cells)
            self._person[key] = [v for rule in self.ctx.rules if rule.scope == "person" for v in rule.check(sub)]
        return self._person[key]

    def day(self, roster: Roster, dates: set[dt.date], new_cells: dict[tuple[str, dt.date], str] | None = None
            ) -> list[Violation]:
        """Day rules' violations on ``dates`` and the neighbours each rule can reach
        (``roster`` is the published roster, or it with ``new_cells`` applied)."""
        is_base = roster is self.base
        key = frozenset(dates)
        if is_base and key in self._day_base:
            return self._day_base[key]
        out: list[Violation] = []
        index = self._index if is_base else self._index_after(new_cells or {})
        for rule in self.ctx.rules:
            if rule.scope != "day":
                continue
            near = {d + dt.timedelta(days=k) for d in dates for k in range(-rule.reach, rule.reach + 1)}
            days = [d for d in self.ctx.horizon.days if d.date in near]
            horizon = Horizon(days, [r for r in self.ctx.horizon.requirements if r.date in near],
                              [r for r in self.ctx.horizon.interval_requirements if r.date in near])
            out.extend(rule.check(CheckContext(self.ctx.team, horizon, roster, index)))
        if is_base:
            self._day_base[key] = out
        return out

    def team(self, roster: Roster, people: set[str]) -> list[Violation]:
        """Team rules' violations; decomposable rules re-count only ``people``."""
        out: list[Violation] = []
        check_ctx = self._full_ctx if roster is self.base else CheckContext(self.ctx.team, self.ctx.horizon, roster)
        for rule in self.ctx.rules:
            if rule.scope != "team":
                continue
            if roster is self.base:
                if rule.name not in self._team_base:
                    self._team_base[rule.name] = rule.check(check_ctx)
                out.extend(self._team_base[rule.name])
                continue
            summaries = self._base_summaries(rule)
            if summaries is None:
                out.extend(rule.check(check_ctx))
                continue
            changed = dict(summaries)
            for staff_id in people:
                changed[staff_id] = rule.summarize(check_ctx, staff_id)
            out.extend(rule.judge(check_ctx, changed))
        return out

    def _base_summaries(self, rule: Rule) -> dict[str, object] | None:
        if rule.name not in self._summaries:
            first = self.ctx.team.staff[0].id if self.ctx.team.staff else None
            if first is None or rule.summarize(self._full_ctx, first) is None:
                self._summaries[rule.name] = None  # type: ignore[assignment]
            else:
                self._summaries[rule.name] = {p.id: rule.summarize(self._full_ctx, p.id) for p in self.ctx.team.staff}
        return self._summaries[rule.name]

    def judge(self, new_cells: dict[tuple[str, dt.date], str], include_team: bool = True, screen: bool = False
              ) -> tuple[Roster, CheckResult, CheckResult]:
        """(roster after the change, verdict before, verdict after) on what the change touches.

        ``screen``: stop after the person rules when they already break a hard rule the roster
        did not break before (the verdicts are then partial).  ``suggest`` screens hundreds of
        candidates and most fail there (a rest too short, a seventh day in a row), so they never
        pay for the coverage matching."""
        after = self.base.copy()
        after.cells.update(new_cells)
        by_person: dict[str, dict[dt.date, str]] = {}
        for (staff_id, date), cell in new_cells.items():
            by_person.setdefault(staff_id, {})[date] = cell
        dates = {d for _, d in new_cells}
        before_v: list[Violation] = []
        after_v: list[Violation] = []
        for staff_id, changed in by_person.items():
            before_v.extend(self.person(staff_id, {}))
            after_v.extend(self.person(staff_id, changed))
        if screen and new_hard(before_v, after_v):
            return after, CheckResult(before_v), CheckResult(after_v)
        before_v.extend(self.day(self.base, dates))
        after_v.extend(self.day(after, dates, new_cells))
        if include_team:
            before_v.extend(self.team(self.base, set(by_person)))
            after_v.extend(self.team(after, set(by_person)))
        return after, CheckResult(before_v), CheckResult(after_v)


def _key(v: Violation) -> tuple:
    return (v.rule, v.staff_id, v.date, v.shift, v.message)


def _excess(v: Violation) -> float | None:
    """How far a hard violation is beyond its limit, from the figures the rules put in its
    data (days in a row, hours of rest missing, people short...); None when it carries none."""
    d = v.data
    pairs = (("length", "max_days", 1), ("rest_hours", "needed_hours", -1), ("rest_days", "max", 1),
             ("rest_days", "min", -1), ("hours", "max_per_week", 1), ("count", "needed", -1))
    for value, limit, sign in pairs:
        if isinstance(d.get(value), (int, float)) and isinstance(d.get(limit), (int, float)):
            return sign * (float(d[value]) - float(d[limit]))  # type: ignore[arg-type]
    gap = d.get("gap")
    return float(gap) if isinstance(gap, (int, float)) else None


def _identity(v: Violation) -> tuple:
    """What a violation is about, without its figures: the rule, person, date and shift, the
    kind of finding (its data's keys: too few rest days is not too many) and, for demand, the
    skill and the interval."""
    d = v.data
    where = (d.get("skill"), d.get("from"), d.get("to")) if "gap" in d else ()
    return (v.rule, v.staff_id, v.date, v.shift, frozenset(d), where)


def _run(v: Violation) -> tuple[str, str] | None:
    """The ISO dates a run violation (days worked in a row) spans, if it is one."""
    d = v.data
    if "length" in d and isinstance(d.get("from"), str) and isinstance(d.get("to"), str):
        return str(d["from"]), str(d["to"])
    return None


def _already_there(v: Violation, before: list[Violation]) -> bool:
    """Whether the hard violation ``v`` of the changed roster was there before, no worse.

    A hand-edited roster may already break a hard rule; a change that eases the breach without
    ending it (one day off a twelve-day run, one more hour of rest) changes the message's
    figures, not the breach.  Compared word for word, it looked new, and ``swap`` refused, and
    ``suggest`` left out, the very changes a team lead makes to mend such a roster.  A run of
    worked days is the same breach when it lies within a run of the same person that broke the
    rule before; any other violation when its identity matches and its excess did not grow.
    Without figures to compare, only the same words count."""
    key = _key(v)
    run = _run(v)
    excess = _excess(v)
    for old in before:
        if not old.hard or old.rule != v.rule or old.staff_id != v.staff_id:
            continue
        if _key(old) == key:
            return True
        old_run = _run(old)
        if run is not None and old_run is not None:
            if old_run[0] <= run[0] and run[1] <= old_run[1]:
                return True
            continue
        old_excess = _excess(old)
        if excess is not None and old_excess is not None and _identity(old) == _identity(v) \
                and excess <= old_excess:
            return True
    return False


def new_hard(before: list[Violation], after: list[Violation]) -> list[Violation]:
    """The hard violations of ``after`` that a change brought: not already in ``before``, or
    made worse (see :func:`_already_there`)."""
    return [v for v in after if v.hard and not _already_there(v, before)]


@dataclass
class EditOutcome:
    """A changed roster and what the change did to the rules."""

    roster: Roster
    new_hard: list[Violation]
    cost_before: dict[str, tuple[int, int]]
    cost_after: dict[str, tuple[int, int]]
    changes: list[Change]
    #: The soft findings on what the change touches, before and after it (see :meth:`soft_effects`).
    soft_before: list[Violation] = field(default_factory=list)
    soft_after: list[Violation] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.new_hard

    def soft_effects(self) -> tuple[list[Violation], list[Violation]]:
        """(findings the change brings or alters, findings it ends), costed ones only, in words:
        what a cost such as ``fairness.nights +24`` means ("1001 has 9 nights, fair share 7.4 ±
        1: 0.6 day(s) above").  A finding about the same thing with new figures is altered, not
        ended and begun."""
        def about(v: Violation) -> tuple:
            return (v.rule, v.staff_id, v.date, v.shift)

        def costed(v: Violation) -> bool:
            cost = v.data.get("cost", 0)
            return isinstance(cost, (int, float)) and cost > 0

        before = {_key(v) for v in self.soft_before}
        after_about = {about(v) for v in self.soft_after}
        brought = [v for v in self.soft_after if costed(v) and _key(v) not in before]
        after = {_key(v) for v in self.soft_after}
        ended = [v for v in self.soft_before if costed(v) and _key(v) not in after and about(v) not in after_about]
        return brought, ended

    @property
    def cost_delta(self) -> int:
        return sum(c for c, _ in self.cost_after.values()) - sum(c for c, _ in self.cost_before.values())

    def delta_by_rule(self) -> dict[str, int]:
        names = set(self.cost_before) | set(self.cost_after)
        out = {n: self.cost_after.get(n, (0, 0))[0] - self.cost_before.get(n, (0, 0))[0] for n in names}
        return {n: d for n, d in sorted(out.items()) if d}


def apply_cells(ctx: EditContext, new_cells: dict[tuple[str, dt.date], str], command: str,
                by: str | None = None, include_team: bool = True, screen: bool = False) -> EditOutcome:
    """Apply cell changes and judge them against the state before (``screen``: see
    :meth:`LocalChecker.judge`; a refused outcome's costs are then partial)."""
    before = ctx.roster
    after, old, new = ctx.checker.judge(new_cells, include_team, screen)
    brought = new_hard(old.violations, new.violations)
    when = dt.datetime.now().isoformat(timespec="seconds")
    who = by or _os_user()
    verdict = join_clauses(v.message for v in brought) or "ok"
    changes = [Change(when, command, who, sid, d, before.get(sid, d), cell, verdict)
               for (sid, d), cell in sorted(new_cells.items(), key=lambda kv: (kv[0][1], kv[0][0]))
               if before.get(sid, d) != cell]
    after.changes = [*before.changes, *changes]
    return EditOutcome(after, brought, old.cost_by_rule, new.cost_by_rule, changes, old.soft, new.soft)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers; the log still needs a value
        return "unknown"


def swap_cells(ctx: EditContext, a: CellRef, b: CellRef) -> dict[tuple[str, dt.date], str]:
    """The new cells of exchanging A's assignment on A's date with B's on B's date.

    Same date: the two people trade that day's cells.  Two dates: A takes B's cell on B's date
    and B takes A's cell on A's date (each gives the other its own cell of that date back).
    """
    ctx.validate(a)
    ctx.validate(b)
    r = ctx.roster
    if a == b:
        raise InputError(t("edit.same_cell"))
    cells: dict[tuple[str, dt.date], str] = {}
    if a.staff_id == b.staff_id:
        # One person moves a shift from one day to another.
        cells = {(a.staff_id, a.date): r.get(b.staff_id, b.date), (b.staff_id, b.date): r.get(a.staff_id, a.date)}
    else:
        for date in sorted({a.date, b.date}):
            cells[a.staff_id, date] = r.get(b.staff_id, date)
            cells[b.staff_id, date] = r.get(a.staff_id, date)
    if all(cells[k] == r.get(*k) for k in cells):
        if a.staff_id != b.staff_id and a.date != b.date:
            # K07 on a day shift the 8th, K12 resting the 5th: "both cells hold D" named one of
            # two different cells; what is alike is each date's pair of cells.
            same = join(t("edit.day_cell", date=d, cell=mark(r.get(a.staff_id, d))) for d in sorted({a.date, b.date}))
            raise InputError(t("edit.nothing_two_days", staff=a.staff_id, other=b.staff_id, cells=same))
        raise InputError(t("edit.nothing", value=mark(r.get(a.staff_id, a.date))))
    return cells


def swap(ctx: EditContext, a: CellRef, b: CellRef, by: str | None = None) -> EditOutcome:
    cells = swap_cells(ctx, a, b)
    ctx.require_rows()  # after the references, so that a typo in them is named first
    return apply_cells(ctx, cells, "swap", by)


@dataclass
class Suggestion:
    kind: str  # giveaway | sameday | trade | give (someone gives A, resting, their shift)
    other: str
    cells: dict[tuple[str, dt.date], str]
    cost_delta: int
    reason: str
    description: str
    #: The costed soft findings the change brings or alters, and those it ends, in words.
    effects: list[str] = field(default_factory=list)
    eased: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "kind": self.kind, "staff_id": self.other, "cost_delta": self.cost_delta, "reason": self.reason,
            "description": self.description, "effects": self.effects, "eased": self.eased,
            "cells": [{"staff_id": s, "date": d.isoformat(), "value": v} for (s, d), v in sorted(self.cells.items())],
        }


@dataclass
class Refusal:
    """A take-over that would break a hard rule: who, how (``giveaway`` from a rest day or
    ``sameday`` exchange), and the rules it breaks, so that a team lead who hears "nobody can"
    also learns how close the nearest people came."""

    kind: str
    other: str
    broken: list[Violation]
    #: The cells the take-over would write (to judge it in full: see :func:`_complete`).
    cells: dict[tuple[str, dt.date], str] = field(default_factory=dict)


@dataclass
class SuggestResult:
    found: list[Suggestion]
    #: Direct take-overs refused, fewest broken rules first (at most ``limit``).
    refused: list[Refusal]
    #: ``takeover``: A works that day and the suggestions take the shift off them; ``give``: A
    #: rests and the suggestions give them someone's shift; ``leave``: A is on leave, nothing
    #: can be offered (``note`` says why and what to use instead).
    mode: str = "takeover"
    note: str = ""


@dataclass(frozen=True)
class Colleagues:
    """The others who may work a shift, and how many of them already work or are on leave that
    day: why ``suggest`` found nobody to even judge (a QA team with two rest days a month, all on
    duty that day), which "without breaking a hard rule" alone did not say."""

    allowed: int
    working: int
    on_leave: int


def colleagues(ctx: EditContext, staff_id: str, date: dt.date, shift: str) -> Colleagues:
    """Who besides ``staff_id`` may work ``shift``, and of them who works or is on leave on ``date``."""
    others = [p for p in ctx.team.staff if p.id != staff_id and p.may_work(shift)]
    return Colleagues(len(others), sum(1 for p in others if ctx.roster.works(p.id, date)),
                      sum(1 for p in others if ctx.roster.get(p.id, date) == LEAVE))


def suggest(ctx: EditContext, a: CellRef, window: int = 3, limit: int = 20) -> SuggestResult:
    """Who can take over or trade A's assignment without breaking a hard rule, best first,
    and the nearest refusals (see :class:`Refusal`).

    On A's rest day the question turns round: who could give A a shift that day (a give-away
    to A, or a trade where A works it and the giver takes one of A's shifts nearby).  The same
    machinery judges both, so a team lead asking about a rest day gets an answer, not an error.
    """
    ctx.validate(a)
    mine = ctx.roster.get(a.staff_id, a.date)
    if mine in ctx.team.shift_by_code:
        mode = "takeover"
        out, refused = _takeovers(ctx, a, mine, window)
    elif is_leave_mark(mine) or ctx.team.on_leave(a.staff_id, a.date):
        # The cell as typed (病假, 年假), not the plain mark: which leave it is, is what the team
        # lead looks for in the roster.
        typed = ctx.roster.leave_texts.get((a.staff_id, a.date)) or mark(mine)
        return SuggestResult([], [], "leave", t("edit.on_leave", staff=a.staff_id, date=a.date, cell=typed))
    elif is_rest_mark(mine):
        mode = "give"
        out, refused = _gifts(ctx, a, window)
    else:
        raise InputError(t("edit.unknown_code", staff=a.staff_id, date=a.date, code=mine,
                           known=join(ctx.team.shift_by_code)))
    # Screening used person and day rules only (every hard rule); the team-wide soft rules
    # (fairness) are costed for the short list alone, which keeps a 300-person roster fast.
    rank = _ranker(ctx, giving=mode == "give")
    out.sort(key=rank)
    short = out[: limit * 2]
    for suggestion in short:
        _cost(ctx, suggestion, apply_cells(ctx, suggestion.cells, "suggest"))
    short.sort(key=rank)
    refused.sort(key=_refusal_rank)
    nearest = [_complete(ctx, r) for r in refused[:limit]]
    nearest.sort(key=_refusal_rank)
    return SuggestResult(short[:limit], nearest, mode)


def _refusal_rank(r: Refusal) -> tuple:
    return (len(r.broken), r.kind not in ("giveaway", "give"), r.other)


def _complete(ctx: EditContext, refusal: Refusal) -> Refusal:
    """The refusal with every hard rule its take-over breaks.  Screening stops at the person
    rules, so for the only person with a skill the nearest candidates were said to break a
    rotation rule, and never the skill's demand left uncovered, the reason nobody can step in."""
    if not refusal.cells:
        return refusal
    outcome = apply_cells(ctx, refusal.cells, "suggest")
    return replace(refusal, broken=outcome.new_hard or refusal.broken)


def _takeovers(ctx: EditContext, a: CellRef, mine: str, window: int) -> tuple[list[Suggestion], list[Refusal]]:
    """Someone takes A's shift ``mine``: from their rest day, by exchanging that day's cells,
    or by a trade within ``window`` days."""
    r = ctx.roster
    out: list[Suggestion] = []
    refused: list[Refusal] = []
    for person in ctx.team.staff:
        if person.id == a.staff_id or not person.may_work(mine) or person.id in ctx.rowless:
            continue
        theirs = r.get(person.id, a.date)
        if theirs == LEAVE or ctx.team.on_leave(person.id, a.date):
            continue
        if theirs != mine:
            kind = "giveaway" if theirs == REST else "sameday"
            cells = {(person.id, a.date): mine, (a.staff_id, a.date): theirs}
            desc = t(f"edit.{kind}", other=person.id, staff=a.staff_id, shift=mine, date=a.date, their=theirs)
            broken = _consider(ctx, out, kind, person.id, cells, desc)
            if broken:
                refused.append(Refusal(kind, person.id, broken, cells))
        if theirs != REST:
            continue
        # Trade: B takes A's shift today, A takes one of B's shifts on a nearby day.
        for other_day in _nearby(ctx, a.date, window):
            their_shift = r.get(person.id, other_day)
            if their_shift not in ctx.team.shift_by_code or r.get(a.staff_id, other_day) != REST:
                continue
            if not ctx.team.staff_by_id[a.staff_id].may_work(their_shift) or ctx.team.on_leave(a.staff_id, other_day):
                continue
            cells = {(person.id, a.date): mine, (a.staff_id, a.date): REST,
                     (a.staff_id, other_day): their_shift, (person.id, other_day): REST}
            desc = t("edit.trade", other=person.id, staff=a.staff_id, shift=mine, date=a.date, their=their_shift,
                     date2=other_day)
            _consider(ctx, out, "trade", person.id, cells, desc)
    return out, refused


def _nearby(ctx: EditContext, day: dt.date, window: int) -> list[dt.date]:
    """The roster's dates within ``window`` days of ``day``, ``day`` itself left out: where a
    trade's second cell may lie."""
    dates = set(ctx.horizon.dates)
    near = (day + dt.timedelta(days=k) for k in range(-window, window + 1) if k)
    return [d for d in near if d in dates]


def _gifts(ctx: EditContext, a: CellRef, window: int) -> tuple[list[Suggestion], list[Refusal]]:
    """A rests on A's date: someone working that day gives A their shift, outright (``give``)
    or as a trade (A works it; the giver works one of A's shifts within ``window`` days, on
    the giver's rest day), which keeps both people's working days as they were."""
    r = ctx.roster
    me = ctx.team.staff_by_id[a.staff_id]
    rest = REST  # the giver's cell that day, however A's rest was typed
    out: list[Suggestion] = []
    refused: list[Refusal] = []
    for person in ctx.team.staff:
        theirs = r.get(person.id, a.date)
        if person.id == a.staff_id or theirs not in ctx.team.shift_by_code or not me.may_work(theirs):
            continue
        cells = {(a.staff_id, a.date): theirs, (person.id, a.date): rest}
        desc = t("edit.give", other=person.id, staff=a.staff_id, shift=theirs, date=a.date)
        broken = _consider(ctx, out, "give", person.id, cells, desc)
        if broken:
            refused.append(Refusal("give", person.id, broken, cells))
        for other_day in _nearby(ctx, a.date, window):
            my_shift = r.get(a.staff_id, other_day)
            if my_shift not in ctx.team.shift_by_code or r.get(person.id, other_day) != REST:
                continue
            if not person.may_work(my_shift) or ctx.team.on_leave(person.id, other_day):
                continue
            cells = {(a.staff_id, a.date): theirs, (person.id, a.date): rest,
                     (person.id, other_day): my_shift, (a.staff_id, other_day): rest}
            desc = t("edit.trade_give", other=person.id, staff=a.staff_id, shift=theirs, date=a.date,
                     their=my_shift, date2=other_day)
            _consider(ctx, out, "trade", person.id, cells, desc)
    return out, refused


KIND_ORDER = {"giveaway": 0, "give": 0, "sameday": 1, "trade": 2}


def _ranker(ctx: EditContext, giving: bool = False) -> Callable[[Suggestion], tuple]:
    """The order of suggestions: cost, then the simpler kind of change, then fairness among
    colleagues who cost the same.

    Ties are common (one in five cells of a 30-agent month has two or more equally cheap
    answers at the top), and were broken by staff id, so the same low-numbered colleague was
    asked first every time.  Among equals, the one asked least comes first: fewest shifts
    already taken on through earlier swaps and repairs (the Changes sheet), then fewest
    working days this month.  When the question is who could give a resting person a shift
    (``giving``), giving one away is a relief, so it goes to the most loaded first."""
    codes = ctx.team.shift_by_code
    taken: dict[str, int] = {}
    for change in ctx.roster.changes:
        if change.after in codes and change.before not in codes:
            taken[change.staff_id] = taken.get(change.staff_id, 0) + 1
    days: dict[str, int] = {}
    for (staff_id, _), cell in ctx.roster.cells.items():
        if cell in codes:
            days[staff_id] = days.get(staff_id, 0) + 1
    sign = -1 if giving else 1

    def rank(s: Suggestion) -> tuple:
        return (s.cost_delta, KIND_ORDER[s.kind], sign * taken.get(s.other, 0), sign * days.get(s.other, 0), s.other)

    return rank


#: How many soft findings a suggestion's reason quotes of those it brings, and of those it ends.
REASON_FINDINGS = 2


def _cost(ctx: EditContext, suggestion: Suggestion, outcome: EditOutcome) -> None:
    """Rank a suggestion by what it costs, and say why in words: the cost by rule, then the
    findings behind it.  "cost +26: fairness.nights +24, rotation.stretch +2" told a team lead
    the rules' names, not that 1001 would have one night more than a fair share."""
    parts = cost_parts(outcome.delta_by_rule())
    suggestion.cost_delta = outcome.cost_delta
    if not parts:
        suggestion.reason = t("edit.rank_free")
        return
    brought, ended = outcome.soft_effects()
    suggestion.effects = [v.message for v in brought]
    suggestion.eased = [v.message for v in ended]
    reason = t("edit.rank_cost", delta=outcome.cost_delta, parts=parts)
    for key, found in (("edit.rank_brings", brought), ("edit.rank_ends", ended)):
        if found:
            shown = join_clauses(v.message for v in found[:REASON_FINDINGS])
            more = len(found) - REASON_FINDINGS
            reason += t(key, findings=shown) + (t("edit.rank_more", count=more) if more > 0 else "")
    suggestion.reason = reason


def _consider(ctx: EditContext, out: list[Suggestion], kind: str, other: str,
              cells: dict[tuple[str, dt.date], str], desc: str) -> list[Violation]:
    """Add the change to ``out`` when it breaks no hard rule; else return the rules it breaks."""
    outcome = apply_cells(ctx, cells, "suggest", include_team=False, screen=True)
    if not outcome.allowed:
        return outcome.new_hard
    suggestion = Suggestion(kind, other, cells, 0, "", desc)
    _cost(ctx, suggestion, outcome)
    out.append(suggestion)
    return []


@dataclass
class RepairOutcome:
    team: Team  # the team with the new leave, which the written workbook must carry
    roster: Roster
    changes: list[Change]
    check: CheckResult
    changed_others: int
    reasons: list[str] = field(default_factory=list)
    #: What the team lead should know about how the request was read (leave beyond the month,
    #: leave recorded on the kept days), in the user's language.
    notes: list[str] = field(default_factory=list)
    #: Hard rules the kept days (before ``start``) already break: no repair can change them.
    kept_violations: list[Violation] = field(default_factory=list)
    #: The first day the repair could change (``--from``).
    start: dt.date | None = None
    #: The fewest cells the repair must change besides the new leave's own days (the first
    #: solve's answer; None for a best-effort roster), and whether CP-SAT proved that no repair
    #: changes fewer, and proved the penalties the lowest with that many.  "4 cells changed"
    #: alone left a team lead asking whether a better repair exists: the proof is the answer.
    fewest: int | None = None
    fewest_proven: bool = False
    penalties_proven: bool = False

    def proof(self) -> str:
        """What the repair proved, in words (empty for a best-effort roster)."""
        if self.fewest is None:
            return ""
        if self.fewest == 0 and self.fewest_proven:
            # "at least 0 cells" read as a riddle: the repair that changes nothing else is valid.
            return t("edit.proof_none")
        key = "edit.proof_fewest" if self.fewest_proven else "edit.proof_fewest_unproven"
        text = t(key, count=self.fewest)
        return text + t("edit.proof_penalties" if self.penalties_proven else "edit.proof_penalties_unproven")


def _check_leave(ctx: EditContext, leaves: list[Leave], texts: list[str]) -> list[str]:
    """Reject leave with no day in the roster's month; say so when only part of it is."""
    first, last = ctx.horizon.first, ctx.horizon.last
    notes = []
    for lv, text in zip(leaves, texts, strict=True):
        if lv.end < first or lv.start > last:
            ctx.validate(CellRef(lv.staff_id, first), f"--leave {text}")  # an unknown id is named first
            raise InputError(t("edit.leave_outside", value=text, first=first, last=last))
        ctx.validate(CellRef(lv.staff_id, max(lv.start, first)), f"--leave {text}")
        if lv.start < first or lv.end > last:
            notes.append(t("edit.leave_clipped", value=text, start=max(lv.start, first), end=min(lv.end, last)))
    return notes


def _frozen_leave_notes(team: Team, leaves: list[Leave], dates: list[dt.date]) -> list[str]:
    """A note per promotion with leave frozen (禁休) that the new leave falls in.  The repair
    honours it (sickness cannot wait) and records it as sick leave; ``generate`` names leave in
    a freeze, and a repair said nothing, so annual leave given to ``--leave`` by mistake in the
    busiest days of the month went through unremarked."""
    notes = []
    for promotion in team.promotions:
        if not promotion.freeze_leave:
            continue
        items = []
        for lv in leaves:
            overlap = [d for d in dates if promotion.covers(d) and lv.covers(d)]
            if overlap:
                span = date_span(overlap[0], overlap[-1])
                items.append(f"{lv.staff_id} {span}")
        if items:
            notes.append(t("edit.leave_frozen", promotion=promotion.name, start=promotion.start, end=promotion.end,
                           items=join_clauses(items), kind=t("edit.sick_leave")))
    return notes


def _record_kept_leave(roster: Roster, leaves: list[Leave], kept_dates: list[dt.date]
                       ) -> tuple[Roster, dict[str, list[dt.date]]]:
    """The roster whose days before ``--from`` a repair keeps, with the new leave on those days.

    Sickness reported today often began yesterday, before ``--from``: the person did not work
    then, so the kept cell becomes the leave mark (otherwise the repair would have to keep a
    shift on a leave day, which no roster can).  Returns it and, per person, the dates marked."""
    kept = roster.copy()
    marked: dict[str, list[dt.date]] = {}
    for lv in leaves:
        for date in kept_dates:
            if lv.covers(date) and not is_leave_mark(kept.get(lv.staff_id, date)):
                kept.cells[lv.staff_id, date] = LEAVE
                marked.setdefault(lv.staff_id, []).append(date)
    return kept, marked


#: Share of the repair's limit the zero-change repair may take to be priced (it is all fixed:
#: presolve decides it, in about a second on a 300-person month).
ZERO_CHANGE_SHARE = 0.25


@dataclass(frozen=True)
class FewestChanges:
    """The repair's solve (:func:`_solve_fewest_changes`) and what it proved."""

    outcome: SolveOutcome
    #: The fewest changed cells found (None: no roster found).
    fewest: int | None = None
    #: CP-SAT proved that no repair changes fewer cells.
    fewest_proven: bool = False
    #: ... and that no repair with that many changes pays lower penalties.
    penalties_proven: bool = False


def _solve_fewest_changes(build: Callable[..., tuple[RosterModel, Any]], settings: SolverSettings, limit: float,
                          seed: int | None, hint: Roster | None = None) -> FewestChanges:
    """The repair's solve: first the fewest changed cells alone, then, with no more changes than
    that, the lowest penalties (the roster's usual objective), starting from the first answer.

    One solve of ``penalties + CHANGE_WEIGHT * changes`` meant the same order, but its bound
    stayed far below the answer (10 agents, one sick all month: 3 changes found at once, the
    bound still at 2 when the time ran out), so it used the whole limit, 25 s on a busy 2-core
    machine at ``--time-limit 8``, and still could not say that no repair changes fewer cells.
    Alone, the count of changes is proven within a second; the penalties then have the rest of
    the time, and the solve stops as soon as they are proven too.

    Both solves run on one model (its objective replaced, the bound on the changes added, the
    first answer as a complete hint): building a 300-person month and pinning its kept days
    took about 8 s, paid twice.  ``hint`` is the first solve's starting point (default: the
    roster as built); :func:`repair` passes the roster with the new leave already taken out,
    since a hint that works the sick person on their leave days is infeasible, and CP-SAT then
    searched 20 s for the first repair of a 300-person month that changes nothing else.

    ``hint``, when given, must be the roster that changes no cell but the new leave's own (a
    zero-change repair).  It is priced first, every assignment fixed to it: when it keeps the
    hard rules (the sick person's shifts were not needed), it *is* the answer, with 0 changes
    proven (no repair changes fewer than none) and its penalties proven the lowest (it is the
    only roster with no change), and neither search is needed.  When it does not, pricing
    fails in presolve and the two solves follow."""
    rm, changed = build(False) if hint is None else build(False, hint)
    floor = rm.floor
    penalties = sum(p.weight * p.var for p in rm.penalties)
    spent = 0.0
    if hint is not None:
        rm.model.clear_hints()  # pricing hints it again: a variable hinted twice is an invalid model
        priced = price_roster(rm, settings, hint, time_limit=max(limit * ZERO_CHANGE_SHARE, 1.0), seed=seed)
        if priced.roster is not None:
            return FewestChanges(priced, 0, True, priced.status == "OPTIMAL")
        spent = priced.info.work if settings.deterministic else priced.info.seconds
        rm.vars.hint(hint)  # pricing cleared it: the nearest start for the search
    rm.model.minimize(changed)
    rm.floor = 0.0  # the floor bounds the rules' penalties, which this objective leaves out
    first = solve_model(rm, settings, time_limit=max(limit - spent, 1.0), seed=seed)
    if first.roster is None or first.info.objective is None:
        return FewestChanges(first)
    fewest = round(first.info.objective)
    fewest_proven = first.status == "OPTIMAL"
    spent += first.info.work if settings.deterministic else first.info.seconds
    rm.floor = floor
    rm.model.minimize(penalties)
    rm.model.clear_hints()
    # The first answer priced (its penalty variables as the rules charge it; the first solve
    # left them anywhere above, 515,980 for a 2,443 roster) is a complete hint, so the second
    # solve starts from it and never ends worse; priced before the bound on the changes is
    # added, which it keeps.
    start = price_roster(rm, settings, first.roster, time_limit=max(limit * ZERO_CHANGE_SHARE, 1.0), seed=seed)
    spent += start.info.work if settings.deterministic else start.info.seconds
    if not isinstance(changed, int):  # an int: no cell may change (everyone on leave from --from)
        rm.model.add(changed <= fewest)
    hint_values(rm.model, start.values if start.values is not None else first.values)
    second = solve_model(rm, settings, time_limit=max(limit - spent, 1.0), seed=seed,
                         on_solver=_no_presolve_probing if fewest == 1 else None)
    outcome = second if second.roster is not None else first
    info = outcome.info
    if outcome is first:  # no roster in the time left: the first answer, priced by the rules
        info.objective = float(sum(cost for cost, _ in info.penalties.values()))
        info.bound = None
    else:
        info.seconds += first.info.seconds
        info.work += first.info.work
    if first.status != "OPTIMAL":  # the fewest changes were not proven: neither is the whole
        info.status = outcome.status = first.status
    assert outcome.roster is not None
    outcome.roster.info = info
    penalties_proven = fewest_proven and outcome is second and second.status == "OPTIMAL"
    return FewestChanges(outcome, fewest, fewest_proven, penalties_proven)


def _no_presolve_probing(solver: Any) -> None:
    """No probing in presolve, for a solve bounded to one changed cell: that bound is an
    at-most-one over every free cell, and probing each of its ~1,500 literals on a 300-person
    month wrote a million binary clauses, which presolve then spent over 100 s on (the search
    never started within the limit).  Probing in the search is unaffected."""
    solver.parameters.cp_model_probing_level = 0


def _leave_taken_out(kept: Roster, leaves: list[Leave], start: dt.date) -> Roster:
    """``kept`` with the new leave's cells from ``start`` on marked as leave: the repair that
    changes nothing else, when one exists, and otherwise the nearest start for the search."""
    out = kept.copy()
    for lv in leaves:
        for date in out.dates:
            if date >= start and lv.covers(date) and (lv.staff_id, date) in out.cells:
                out.cells[lv.staff_id, date] = LEAVE
    return out


def _written_lead_gaps(reasons: list[str], team: Team, rules: list[Rule], found: list[tuple[dt.date, str]],
                       hard: list[Violation], start: dt.date) -> list[str]:
    """``reasons`` with the shifts left without a team lead named as the written roster leaves
    them.  The diagnosis names those of its own elastic roster; the best-effort repair re-plans
    for the fewest changed cells and may leave a different shift without its lead ("D on
    2026-03-15" printed over a roster whose lead gap is D on the 12th).  The count stays the
    diagnosis's: the fewest found.  The diagnosis's own sentence is found by its mark
    (:class:`~roster.explain.LeadGapReason`), not by re-making it and comparing the text."""
    written = sorted({(v.date, v.shift) for v in hard
                      if is_lead_gap(v) and v.date is not None and v.date >= start and v.shift is not None})
    after = lead_gap_reasons(team, rules, written, start, count=len(found))
    if not written or not after:
        return reasons
    return [after[0] if isinstance(reason, LeadGapReason) else reason for reason in reasons]


def repair(ctx: EditContext, leaves: list[Leave], start: dt.date | None, *, time_limit: float | None = None,
           seed: int | None = None, best_effort: bool = False, by: str | None = None,
           leave_texts: list[str] | None = None) -> RepairOutcome:
    """Re-plan around new leave: days before ``start`` stay as they are (but for the new leave
    on them); from ``start`` on the fewest cells change, then the usual objective (two solves:
    :func:`_solve_fewest_changes`; ``--best-effort`` weighs each change at :data:`CHANGE_WEIGHT`).  Hard rules the kept days already break among themselves (an earlier
    forced swap) are left to them and reported in :attr:`RepairOutcome.kept_violations`.

    ``leave_texts``: the leave as the user typed it, for messages (default: as parsed)."""
    from roster.checker import check_roster

    first, last = ctx.horizon.first, ctx.horizon.last
    texts = leave_texts or [f"{lv.staff_id}:{lv.start}..{lv.end}" for lv in leaves]
    notes = _check_leave(ctx, leaves, texts)
    ctx.require_rows()
    if start is None:
        today = dt.date.today()
        if today > last:
            raise InputError(t("edit.month_over", first=first, last=last, today=today))
        start = max(today, first)
    if not first <= start <= last:
        raise InputError(t("edit.from_outside", date=start, first=first, last=last))
    team = replace(ctx.team, leave=[*ctx.team.leave, *leaves])
    notes.extend(_frozen_leave_notes(ctx.team, leaves, ctx.horizon.dates))
    old = ctx.roster
    fixed_dates = [d for d in ctx.horizon.dates if d < start]
    kept, marked = _record_kept_leave(old, leaves, fixed_dates)
    for sid, dates in marked.items():
        notes.append(t("edit.leave_kept", staff=sid, dates=join(d.isoformat() for d in dates), start=start,
                       mark=mark(LEAVE)))
    pinned = Pinned(kept, fixed_dates)
    horizon = ctx.horizon
    limit = float(time_limit if time_limit is not None else ctx.profile.solver.time_limit)

    def build(elastic: bool, hint: Roster = kept) -> tuple[RosterModel, Any]:
        """The model with the kept days pinned, and the count of cells it changes."""
        rm = build_model(team, horizon, ctx.rules, elastic=elastic, hint=hint)
        pinned.apply(rm)
        changed = []
        for person in team.staff:
            for date in horizon.dates:
                if date < start or team.on_leave(person.id, date):
                    continue
                cell = old.get(person.id, date)
                if cell in team.shift_by_code:
                    changed.append(1 - rm.vars.x[person.id, date, cell])
                else:
                    changed.append(rm.vars.works(person.id, date))
        return rm, sum(changed)

    def weighted(elastic: bool) -> RosterModel:
        rm, changed = build(elastic)
        rm.model.minimize(sum(p.weight * p.var for p in rm.penalties) + CHANGE_WEIGHT * changed)
        return rm

    fewest = _solve_fewest_changes(build, ctx.profile.solver, limit, seed,
                                   hint=_leave_taken_out(kept, leaves, start))
    outcome = fewest.outcome
    reasons: list[str] = []
    diagnosis = None
    roster = outcome.roster
    if roster is None:
        diagnosis = diagnose(team, horizon, ctx.rules, ctx.profile.solver, limit, fixed=kept,
                             fixed_dates=fixed_dates, polish=False, hint_best_effort=not best_effort)
        reasons = diagnosis.reasons or [t("explain.unknown", seconds=limit)]
        # The notes (leave clipped to the month, leave inside a freeze, leave on kept days) go
        # with the refusal: they are often why no repair exists, and --json printed "notes": [].
        if not best_effort:
            raise InfeasibleError(t("edit.infeasible"), reasons, notes)
        best = solve_model(weighted(True), ctx.profile.solver, time_limit=limit, seed=seed)
        if best.roster is None:
            raise InfeasibleError(t("edit.infeasible"), reasons, notes)
        roster = best.roster
        assert roster.info is not None
        roster.info.status = f"BEST_EFFORT/{roster.info.status}"
        fewest = FewestChanges(best)  # weighed against the shortfall: nothing proven about the count
    # The kept days stay exactly as they were: the solver can only write the codes it knows, so
    # a cell it cannot represent (a typo such as 'Dd' on a kept day, which its model reads as
    # not working) would otherwise come back as a rest day.  It stays, and the checker reports
    # it with the kept days' other breaches.
    for person in team.staff:
        for date in fixed_dates:
            if (person.id, date) in kept.cells and roster.get(person.id, date) != kept.get(person.id, date):
                roster.cells[person.id, date] = kept.cells[person.id, date]
    result = check_roster(team, horizon, roster, ctx.rules)
    if diagnosis is not None and diagnosis.lead_gaps:
        reasons = _written_lead_gaps(reasons, team, ctx.rules, diagnosis.lead_gaps, result.hard, start)
    kept_violations = [v for v in result.hard if v.date is not None and v.date < start]
    later = sorted({v.rule for v in result.hard if v not in kept_violations})
    when = dt.datetime.now().isoformat(timespec="seconds")
    who = by or _os_user()
    # "N cells changed, M of them for other people than those on leave": the people with new
    # leave are not "others" on any day, so a sick agent's own rest day given back after the
    # sickness (fewer rest days allowed with leave) is not counted as a colleague's change.
    away = {lv.staff_id for lv in leaves}
    changes = [Change(when, "repair", who, sid, d, old.get(sid, d), roster.get(sid, d),
                      join(later) if later else "ok")
               for d in horizon.dates for sid in (p.id for p in team.staff)
               if old.get(sid, d) != roster.get(sid, d)]
    roster.changes = [*old.changes, *changes]
    others = sum(1 for c in changes if c.staff_id not in away)
    return RepairOutcome(team, roster, changes, result, others, reasons, notes, kept_violations, start,
                         fewest.fewest, fewest.fewest_proven, fewest.penalties_proven)

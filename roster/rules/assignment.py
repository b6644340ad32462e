"""Rule 1: only the shifts a person may work; leave days are off; every cell is readable.

Leave is the Leave sheet's plus the leave marks of the roster being checked or edited
(:func:`roster.domain.with_marked_leave`), so a leave mark where a person has no leave is a
violation: an edit moved someone's leave onto them.

"At most one shift per day" is structural (a cell holds one code, and the variable container
links ``works`` to the day's assignments); this rule adds the rest, and on the checker side it is
the rule that reports a hand-edited roster's unknown codes, unknown people and missing rows.
"""

from __future__ import annotations

from pydantic import field_validator

from roster.domain import Violation
from roster.i18n import join, register, t
from roster.rules.base import CheckContext, ModelContext, Penalty, Rule, RuleParams

register(
    {
        "assignment.always_on": {
            "en": "this rule cannot be turned off: it keeps people off work on their leave days and "
                  "on the shifts they may work (with it off, generate put people on leave to work and "
                  "check did not say so); to let someone work a shift, list it in their Staff row",
            "zh": "此规则不能关闭：它保证请假日不排班、只排员工可排的班次（关闭后生成的排班会让请假的人上班，"
                  "检查也不会指出）；如需让某人上某个班次，请在员工表中把该班次加入其可排班次",
        },
        "assignment.title": {
            "en": "One shift a day, only shifts the person may work, no work on leave",
            "zh": "每人每天至多一个班次；只排可排班次；请假日不排班",
        },
        "assignment.not_allowed": {
            "en": "{staff} works {shift} on {date}, but may only work {allowed}",
            "zh": "{staff} 在 {date} 上 {shift}，但只可排 {allowed}",
        },
        "assignment.on_leave": {
            "en": "{staff} works {shift} on {date} while on leave",
            "zh": "{staff} 在 {date} 请假，却排了 {shift}",
        },
        "assignment.leave_unrecorded": {
            "en": "{staff} is marked on leave on {date}, but has no leave that day",
            "zh": "{staff} 在 {date} 标为请假，但当天没有请假记录",
        },
        "assignment.unknown_code": {
            "en": "{staff} on {date}: unknown code {code!r} (valid: {valid})",
            "zh": "{staff} 在 {date} 填了无法识别的代码“{code}”（可填：{valid}）",
        },
        "assignment.unknown_person": {
            "en": "roster row {staff!r} is not in the Staff sheet: add the person to the Staff sheet, or move "
                  "a note off the Roster sheet (swap and repair refuse such rows)",
            "zh": "排班表中的 {staff!r} 不在员工表中：新员工请先加入员工表，备注请移出排班表（换班和调整会拒绝这样的行）",
        },
        "assignment.missing_person": {
            "en": "{staff} ({name}) has no row in the roster",
            "zh": "{staff}（{name}）在排班表中没有行",
        },
        "assignment.missing_date": {
            "en": "the roster has no column for {date} (a date column's header holds its date, as YYYY-MM-DD "
                  "or an Excel date; a header such as '12月8日' is not read as a date)",
            "zh": "排班表缺少 {date} 这一列（日期列的表头应为该日期，写成 YYYY-MM-DD 或 Excel 日期；"
                  "“12月8日”这样的表头不会被识别为日期）",
        },
    }
)


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.assignment": {"en": "cells of the roster", "zh": "排班格"},
    }
)


class AssignmentParams(RuleParams):
    """``assignment.enabled`` only, and it must stay true: leave and allowed shifts are not a
    preference a department can waive; without them a roster is not one of this team's."""

    @field_validator("enabled")
    @classmethod
    def _always_on(cls, enabled: bool) -> bool:
        if not enabled:
            raise ValueError(t("assignment.always_on"))
        return enabled


class Assignment(Rule):
    name = "assignment"
    hard = True
    Params = AssignmentParams

    def add(self, ctx: ModelContext) -> list[Penalty]:
        for person in ctx.team.staff:
            for date in ctx.horizon.dates:
                on_leave = not ctx.available[person.id, date]
                for code in ctx.vars.codes:
                    if on_leave or not person.may_work(code):
                        ctx.model.add(ctx.vars.x[person.id, date, code] == 0)
        return []

    def check(self, ctx: CheckContext) -> list[Violation]:
        out: list[Violation] = []
        staff = ctx.team.staff_by_id
        valid = sorted(ctx.shifts)
        month = set(ctx.roster.dates)
        for date in ctx.horizon.dates:
            if date not in month:
                out.append(Violation(self.name, t("assignment.missing_date", date=date), date=date))
        rows = {sid for sid, _ in ctx.roster.cells}
        for sid in sorted(rows - set(staff)):
            out.append(Violation(self.name, t("assignment.unknown_person", staff=sid), staff_id=sid))
        for person in ctx.team.staff:
            if person.id not in rows:
                out.append(Violation(self.name, t("assignment.missing_person", staff=person.id,
                                                  name=person.name), staff_id=person.id,
                                     data={"missing_row": True}))
                continue
            for date in ctx.horizon.dates:
                if (person.id, date) not in ctx.roster.cells:
                    continue
                cell = ctx.roster.get(person.id, date)
                if ctx.is_leave(person.id, date):
                    # Leave typed into the roster being checked is that person's leave (the team
                    # was given it, domain.with_marked_leave); a mark found elsewhere was moved
                    # there by an edit, e.g. a swap of someone's leave day with a rest day.
                    if not ctx.team.on_leave(person.id, date):
                        out.append(Violation(self.name, t("assignment.leave_unrecorded", staff=person.id,
                                                          date=date), staff_id=person.id, date=date))
                    continue
                if ctx.is_rest(person.id, date):
                    continue
                if cell not in ctx.shifts:
                    out.append(Violation(self.name, t("assignment.unknown_code", staff=person.id, date=date,
                                                      code=cell, valid=join(valid)),
                                         staff_id=person.id, date=date, shift=cell))
                    continue
                if ctx.team.on_leave(person.id, date):
                    out.append(Violation(self.name, t("assignment.on_leave", staff=person.id, date=date,
                                                      shift=cell), staff_id=person.id, date=date, shift=cell))
                elif not person.may_work(cell):
                    out.append(Violation(self.name, t("assignment.not_allowed", staff=person.id, date=date,
                                                      shift=cell, allowed=join(person.shifts)),
                                         staff_id=person.id, date=date, shift=cell))
        return out

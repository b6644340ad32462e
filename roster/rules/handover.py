"""Rule 7: handover (交接) between day and night duty.

On every date, a day-kind shift ``a`` hands over to each night-kind shift ``b`` that starts while
``a`` is on duty (or exactly when it ends): e.g. 08:30-17:30 -> 17:00-01:00, window 17:00-17:30.

* If ``a`` is staffed, the incoming shifts of that window together have at least ``min_incoming``
  people (the day shift may not log off before the night shift is online);
* if ``b`` is staffed, the outgoing shifts together have at least ``min_outgoing`` people (someone
  hands the open issues over);
* a staffed night is followed, the next morning, by at least ``min_incoming`` people on day-kind
  shifts to receive the night's open items (``night_to_day``);
* with ``lead_per_shift``, every staffed shift has a team lead (组长) on it.

Only shifts with demand on that date that someone can work (allowed the shift, not on leave) take
part in a handover, so a day without night demand does not force a night shift into existence, and
a shift nobody can work (the whole team on leave for a company outing) is closed, not a handover
partner: as one, it forbade the shift before it, which forbade the one before that, back to the
first of the month, and even --best-effort found no roster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import Field

from roster.domain import Shift, ShiftKind, Team, Violation
from roster.i18n import join, register, t
from roster.rules.base import CheckContext, ModelContext, Penalty, Rule, RuleParams, unit

register(
    {
        "handover.title": {
            "en": "Handover: {min_outgoing} outgoing and {min_incoming} incoming at each day/night overlap",
            "zh": "交接：每个白/晚班重叠时段至少 {min_outgoing} 名交班人、{min_incoming} 名接班人",
        },
        "handover.no_incoming": {
            "en": "{date}: {shift} is staffed but only {count} person(s) on {incoming} to take over (at least {need})",
            "zh": "{date}：{shift} 有人上班，但接班的 {incoming} 只有 {count} 人（至少 {need} 人）",
        },
        "handover.no_outgoing": {
            "en": "{date}: {shift} is staffed but only {count} person(s) on {outgoing} to hand over (at least {need})",
            "zh": "{date}：{shift} 有人上班，但交班的 {outgoing} 只有 {count} 人（至少 {need} 人）",
        },
        "handover.night_to_day": {
            "en": "{date}: the night is staffed but only {count} person(s) on day duty on {next} to receive its handover (at least {need})",
            "zh": "{date}：晚班有人上班，但 {next} 白班只有 {count} 人接班（至少 {need} 人）",
        },
        "handover.no_leads": {
            "en": "handover.lead_per_shift is on, but nobody in the Staff sheet is marked as a team lead: the "
            "rule has no one to place and is not applied. Mark the team leads in the Staff sheet's lead column "
            "(yes/是).",
            "zh": "已开启 handover.lead_per_shift（每班须有组长），但员工表中没有人标为组长：该规则无人可排，未生效。"
            "请在员工表的“组长”列标出组长（是/yes）。",
        },
        "handover.no_lead": {
            "en": "{date} {shift}: no team lead on duty ({people})",
            "zh": "{date} {shift}：没有组长在岗（{people}）",
        },
    }
)


#: What each of this module's rule and penalty codes is called where people read it
#: (roster.rules.base.rule_label).
register(
    {
        "label.handover": {"en": "handover between shifts", "zh": "交接班"},
    }
)


class HandoverParams(RuleParams):
    min_outgoing: int = Field(1, ge=0, json_schema_extra=unit("people"))
    min_incoming: int = Field(1, ge=0, json_schema_extra=unit("people"))
    night_to_day: bool = True
    lead_per_shift: bool = False


def hands_over(a: Shift, b: Shift) -> bool:
    """Whether day-kind ``a`` hands over to night-kind ``b`` on the same date."""
    return a.kind == ShiftKind.DAY and b.kind == ShiftKind.NIGHT and a.start < b.start <= a.end


class Handover(Rule):
    name = "handover"
    hard = True
    scope = "day"
    Params = HandoverParams

    @staticmethod
    def _demanded(ctx: ModelContext | CheckContext, date: dt.date) -> set[str]:
        """The shifts of ``date`` that take part in a handover: demanded, and open to someone."""
        team = ctx.team
        codes = {r.shift for r in ctx.horizon.requirements if r.date == date and r.min > 0}
        return {c for c in codes if any(p.may_work(c) and not team.on_leave(p.id, date) for p in team.staff)}

    def windows(self, shifts: Iterable[Shift], demanded: set[str]) -> list[tuple[Shift, list[Shift]]]:
        """(staffed shift, shifts that must then hold enough people) for one date."""
        shifts = [s for s in shifts if s.code in demanded]
        out = []
        for a in shifts:
            incoming = [b for b in shifts if hands_over(a, b)]
            if incoming:
                out.append((a, incoming))
        for b in shifts:
            outgoing = [a for a in shifts if hands_over(a, b)]
            if outgoing:
                out.append((b, outgoing))
        return out

    def _need(self, shift: Shift) -> int:
        return self.params.min_incoming if shift.kind == ShiftKind.DAY else self.params.min_outgoing

    def notes(self, team: Team) -> list[str]:
        # Without leads the model and the checker skip the lead rule; silently, a manager who
        # switched it on would believe every shift has its lead.
        if self.params.lead_per_shift and not any(s.lead for s in team.staff):
            return [t("handover.no_leads")]
        return []

    def add(self, ctx: ModelContext) -> list[Penalty]:
        p = self.params
        m = ctx.model
        staff = ctx.team.staff
        leads = [s for s in staff if s.lead]

        flags: dict[tuple[dt.date, str], object] = {}

        def staffed(date: dt.date, code: str):
            """A Boolean: someone works ``code`` on ``date`` (built once per date and shift)."""
            if (date, code) not in flags:
                flag = m.new_bool_var(f"staffed[{date.isoformat()},{code}]")
                m.add_max_equality(flag, [ctx.vars.x[s.id, date, code] for s in staff])
                flags[date, code] = flag
            return flags[date, code]

        def count(date: dt.date, codes: Iterable[str]):
            return sum(ctx.vars.assign(s.id, date, c) for s in staff for c in codes)

        for date in ctx.horizon.dates:
            demanded = self._demanded(ctx, date)
            for shift, partners in self.windows(ctx.team.shifts, demanded):
                need = self._need(shift)
                if need:
                    m.add(count(date, [b.code for b in partners]) >= need).only_enforce_if(staffed(date, shift.code))
            if p.lead_per_shift and leads:
                for shift in ctx.team.shifts:
                    m.add(sum(ctx.vars.x[s.id, date, shift.code] for s in leads) >= 1).only_enforce_if(
                        staffed(date, shift.code))
        if p.night_to_day and p.min_incoming:
            nights = [s.code for s in ctx.team.shifts if s.kind == ShiftKind.NIGHT]
            days = [s.code for s in ctx.team.shifts if s.kind == ShiftKind.DAY]
            for date in ctx.horizon.dates:
                nxt = date + dt.timedelta(days=1)
                if not ctx.vars.in_month(nxt) or not (self._demanded(ctx, nxt) & set(days)):
                    continue
                for code in nights:
                    m.add(count(nxt, days) >= p.min_incoming).only_enforce_if(staffed(date, code))
        return []

    def check(self, ctx: CheckContext) -> list[Violation]:
        p = self.params
        out: list[Violation] = []
        by_code = ctx.shifts
        for date in ctx.horizon.dates:
            demanded = self._demanded(ctx, date)
            for shift, partners in self.windows(ctx.team.shifts, demanded):
                need = self._need(shift)
                if not need or not ctx.people_on(date, shift.code):
                    continue
                got = sum(len(ctx.people_on(date, b.code)) for b in partners)
                if got < need:
                    key = "handover.no_incoming" if shift.kind == ShiftKind.DAY else "handover.no_outgoing"
                    names = "/".join(b.code for b in partners)
                    out.append(Violation(self.name, t(key, date=date, shift=shift.code, count=got, need=need,
                                                      incoming=names, outgoing=names),
                                         date=date, shift=shift.code, data={"count": got, "needed": need}))
            if p.lead_per_shift and any(s.lead for s in ctx.team.staff):
                leads = {s.id for s in ctx.team.staff if s.lead}
                for code in by_code:
                    people = ctx.people_on(date, code)
                    if people and not leads.intersection(people):
                        out.append(Violation(self.name, t("handover.no_lead", date=date, shift=code,
                                                          people=join(people)), date=date, shift=code))
        if p.night_to_day and p.min_incoming:
            days = [s.code for s in ctx.team.shifts if s.kind == ShiftKind.DAY]
            nights = [s.code for s in ctx.team.shifts if s.kind == ShiftKind.NIGHT]
            for date in ctx.horizon.dates:
                nxt = date + dt.timedelta(days=1)
                if nxt > ctx.horizon.last or not (self._demanded(ctx, nxt) & set(days)):
                    continue
                if any(ctx.people_on(date, c) for c in nights):
                    got = sum(len(ctx.people_on(nxt, c)) for c in days)
                    if got < p.min_incoming:
                        out.append(Violation(self.name, t("handover.night_to_day", date=date, next=nxt, count=got,
                                                          need=p.min_incoming), date=nxt,
                                             data={"count": got, "needed": p.min_incoming}))
        return out

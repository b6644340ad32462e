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

In *elastic* mode (``ctx.shared["elastic"]``: diagnosis and ``--best-effort``) a staffed shift
without a lead is not forbidden but costs :data:`LEAD_GAP_WEIGHT` (penalty ``handover.lead_gap``),
as coverage makes its minimums expensive shortfalls: a month whose leads cannot cover every shift
then still has a roster with the fewest shifts left without a lead, and the gaps themselves
(published as ``ctx.shared[LEAD_GAPS]``) say which ones, so roster.explain names them from the
rule's own model instead of a copy of it.  The checker reports each gap as a hard violation, as it
does in any roster.  The other handover constraints stay hard in both modes.

Only shifts with demand on that date that someone can work (allowed the shift, not on leave) take
part in a handover, so a day without night demand does not force a night shift into existence, and
a shift nobody can work (the whole team on leave for a company outing) is closed, not a handover
partner: as one, it forbade the shift before it, which forbade the one before that, back to the
first of the month, and even --best-effort found no roster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import Field

from roster.domain import Horizon, Shift, ShiftKind, Staff, Team, Violation
from roster.i18n import join, register, t
from roster.rules.base import CheckContext, ModelContext, Penalty, Rule, RuleParams, unit
from roster.rules.coverage import ELASTIC_WEIGHT

if TYPE_CHECKING:  # checking a roster needs no solver (see roster.rules.base)
    from ortools.sat.python import cp_model

#: Penalty code of a staffed shift without a team lead in the elastic model, and the ``code`` in
#: the data of the checker's violation for it.
LEAD_GAP = "handover.lead_gap"
#: Key of ``ctx.shared`` under which the elastic model publishes its lead gaps:
#: (date, shift code) -> a Boolean that is 1 exactly when that shift is staffed without a lead.
LEAD_GAPS = "lead_gaps"
#: Cost of one staffed shift without a team lead in elastic mode: half a missing person.
#: Below one missing person (coverage's ``ELASTIC_WEIGHT``) because the lead place exists only on
#: a staffed shift: were a gap dearer than a person, the cheapest way to "fix" a shift without a
#: lead would be to send its agents home and leave it empty, and customers unanswered are worse
#: than a shift whose escalations wait for a lead on the next one.  Far above every soft term
#: and above five changed cells of a best-effort repair (roster.edits.CHANGE_WEIGHT, 10,000), so
#: a repair moves people to put a lead on a shift before it leaves one without.
LEAD_GAP_WEIGHT = ELASTIC_WEIGHT // 2

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
        "label.handover.lead_gap": {"en": "shift without a team lead", "zh": "班次无组长在岗"},
    }
)


class HandoverParams(RuleParams):
    min_outgoing: int = Field(1, ge=0, json_schema_extra=unit("people"))
    min_incoming: int = Field(1, ge=0, json_schema_extra=unit("people"))
    night_to_day: bool = True
    lead_per_shift: bool = False


@dataclass(frozen=True)
class LeadShortDay:
    """A date on which the lead rule asks for more team leads than can work that day."""

    date: dt.date
    #: The shifts with a minimum that day (each staffed, so each needs a lead), sorted.
    codes: tuple[str, ...]
    #: The leads who may work one of them and are not on leave, in staff order.
    available: tuple[str, ...]
    #: The leads who may work one of them but are on leave.
    away: tuple[str, ...]
    #: The shifts among ``codes`` that none of ``available`` may work (the Staff sheet's
    #: allowed shifts): leads kept to day shifts leave every night without a lead however many
    #: of them there are, and "only 3 lead(s) can work that day" for two shifts said nothing.
    unworkable: tuple[str, ...] = ()


def is_lead_gap(violation: Violation) -> bool:
    """Whether a checker's violation is a staffed shift without a lead: what an elastic model
    may leave, as it leaves coverage short (``generate --best-effort`` writes such a roster)."""
    return violation.rule == Handover.name and violation.data.get("code") == LEAD_GAP


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

    def leads(self, team: Team) -> list[Staff]:
        """The team leads the lead rule places: none when ``lead_per_shift`` is off or nobody is
        marked as a lead (the rule then does not apply, and :meth:`notes` says so).  The model, the
        checker and roster.explain all ask here, so that they agree on when the rule binds."""
        return [s for s in team.staff if s.lead] if self.params.lead_per_shift else []

    def lead_short_days(self, team: Team, horizon: Horizon, since: dt.date | None = None) -> list[LeadShortDay]:
        """Dates (from ``since``) on which no roster can have a lead on every staffed shift, by
        head count alone: every shift with a minimum is staffed, each then needs a lead of its
        own who may work it, and a lead works one shift a day.  roster.explain says so before
        any solve (one lead for a day and a night shift is a cause a manager recognises; the
        solver's answer, "without rule rest_days a roster exists", was not)."""
        leads = self.leads(team)
        if not leads:
            return []
        staffed: dict[dt.date, set[str]] = {}
        for req in horizon.requirements:
            if req.min and (since is None or req.date >= since):
                staffed.setdefault(req.date, set()).add(req.shift)
        out = []
        for date, codes in sorted(staffed.items()):
            able = [p for p in leads if any(p.may_work(c) for c in codes)]
            available = [p for p in able if not team.on_leave(p.id, date)]
            # A shift no available lead may work is short even when the count alone looks enough.
            unworkable = tuple(sorted(c for c in codes if not any(p.may_work(c) for p in available)))
            if len(available) < len(codes) or unworkable:
                out.append(LeadShortDay(date, tuple(sorted(codes)), tuple(p.id for p in available),
                                        tuple(p.id for p in able if team.on_leave(p.id, date)), unworkable))
        return out

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
        leads = self.leads(ctx.team)
        elastic = bool(ctx.shared.get("elastic"))
        penalties: list[Penalty] = []
        gaps: dict[tuple[dt.date, str], cp_model.IntVar] = {}
        if elastic and leads:
            ctx.shared[LEAD_GAPS] = gaps

        flags: dict[tuple[dt.date, str], cp_model.IntVar] = {}

        def staffed(date: dt.date, code: str) -> cp_model.IntVar:
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
            if leads:
                for shift in ctx.team.shifts:
                    on_duty = sum(ctx.vars.x[s.id, date, shift.code] for s in leads)
                    if elastic:
                        gap = self._lead_gap(ctx, date, shift.code, on_duty, staffed(date, shift.code))
                        gaps[date, shift.code] = gap
                        penalties.append(Penalty(LEAD_GAP, f"no lead {date.isoformat()} {shift.code}", gap,
                                                 LEAD_GAP_WEIGHT))
                    else:
                        m.add(on_duty >= 1).only_enforce_if(staffed(date, shift.code))
        if p.night_to_day and p.min_incoming:
            nights = [s.code for s in ctx.team.shifts if s.kind == ShiftKind.NIGHT]
            days = [s.code for s in ctx.team.shifts if s.kind == ShiftKind.DAY]
            for date in ctx.horizon.dates:
                nxt = date + dt.timedelta(days=1)
                if not ctx.vars.in_month(nxt) or not (self._demanded(ctx, nxt) & set(days)):
                    continue
                for code in nights:
                    m.add(count(nxt, days) >= p.min_incoming).only_enforce_if(staffed(date, code))
        return penalties

    @staticmethod
    def _lead_gap(ctx: ModelContext, date: dt.date, code: str, leads_on: cp_model.LinearExprT,
                  staffed: cp_model.IntVar) -> cp_model.IntVar:
        """The elastic lead place of ``code`` on ``date``: a Boolean that is 1 exactly when the
        shift is staffed and no lead is on it.  Tied both ways, not only forced up when a lead is
        missing, so that any solution (not only an optimal one) reads true: roster.explain names
        the gaps from these values, and a stray 1 would name a shift that has its lead."""
        m = ctx.model
        gap = m.new_bool_var(f"handover.lead_gap[{date.isoformat()},{code}]")
        m.add(leads_on + gap >= 1).only_enforce_if(staffed)
        m.add(leads_on == 0).only_enforce_if(gap)
        m.add_implication(gap, staffed)
        return gap

    def check(self, ctx: CheckContext) -> list[Violation]:
        p = self.params
        out: list[Violation] = []
        by_code = ctx.shifts
        leads = {s.id for s in self.leads(ctx.team)}
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
            if leads:
                for code in by_code:
                    people = ctx.people_on(date, code)
                    if people and not leads.intersection(people):
                        # The figures (leads on duty, needed) make it the same breach when the
                        # people on the shift change: a swap or a take-over on a --best-effort
                        # roster's lead gap leaves it no worse (roster.edits._already_there),
                        # where the people in the words made every such edit "break" handover.
                        out.append(Violation(self.name, t("handover.no_lead", date=date, shift=code,
                                                          people=join(people)), date=date, shift=code,
                                             data={"code": LEAD_GAP, "people": list(people), "count": 0,
                                                   "needed": 1}))
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

"""A month's roster as ONE self-contained HTML page: status, charts, coverage, violations.

Why HTML: the supervisor mails the report or opens it on a phone; a single file with inline CSS
and inline SVG opens in any browser, offline, with no script and no network (intranets often
block CDNs).  Charts are drawn here as plain SVG shapes, so there is nothing to load or run.
Every label goes through :func:`roster.i18n.t` (zh and en), and every value from the workbook is
HTML-escaped (names and codes are user input).

No I/O here: the CLI gathers the figures (:func:`roster.reports.coverage_table`,
:func:`roster.reports.person_summary`, the check's violations, the roster's solve info) and
writes the string.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from html import escape

from roster.domain import Day, Horizon, Roster, Shift, SolveInfo, Team, Violation
from roster.i18n import join, mark, register, t
from roster.i18n import label as named
from roster.reports import (
    FAIRNESS_METRICS,
    CoverageRow,
    IntervalCoverageRow,
    PersonSummary,
    day_kind_label,
    fairness_groups,
    fairness_rule,
    fairness_spreads,
    interval_peak,
    special_rows,
    split_subject,
    status_text,
    status_words,
)
from roster.rules.base import rule_label

register(
    {
        "report.title": {"en": "Roster report {month}", "zh": "{month} 排班报告"},
        "report.generated": {"en": "Made with roster", "zh": "由 roster 生成"},
        "report.status": {"en": "Solve status", "zh": "求解状态"},
        "report.status.none": {"en": "checked (no solve)", "zh": "仅检查，未求解"},
        "report.objective": {"en": "objective", "zh": "目标值"},
        "report.bound": {"en": "bound", "zh": "下界"},
        "report.gap": {"en": "gap", "zh": "差距"},
        "report.seconds": {"en": "time", "zh": "用时"},
        "report.staff": {"en": "staff", "zh": "人数"},
        "report.gaps": {"en": "coverage gaps", "zh": "缺口"},
        "report.hard": {"en": "hard violations", "zh": "硬性违规"},
        "report.soft": {"en": "soft findings", "zh": "软性提示"},
        "report.chart.coverage": {"en": "Required vs assigned: shift {shift}", "zh": "需求与已排人数：{shift}"},
        "report.chart.workload": {"en": "Workload per person", "zh": "每人工作量"},
        "report.legend.assigned": {"en": "assigned", "zh": "已排"},
        "report.legend.min": {"en": "minimum", "zh": "最少人数"},
        "report.legend.target": {"en": "target", "zh": "目标人数"},
        "report.legend.gap": {"en": "below minimum", "zh": "低于最少人数"},
        "report.legend.holiday": {"en": "holiday", "zh": "节假日"},
        "report.legend.promotion": {"en": "promotion", "zh": "大促"},
        "report.legend.weekend": {"en": "weekend", "zh": "周末"},
        "report.legend.workday": {"en": "make-up workday", "zh": "调休上班"},
        "report.nights": {"en": "nights", "zh": "晚班"},
        "report.weekends": {"en": "weekend days", "zh": "周末班"},
        "report.holidays": {"en": "holiday days", "zh": "节假日班"},
        # After a name in the workload chart: fewer nights after two weeks' leave is not "spared".
        "report.on_leave": {"en": " ({days} d leave)", "zh": "（请假 {days} 天）"},
        "report.coverage": {"en": "Coverage", "zh": "覆盖情况"},
        "report.coverage.none": {
            "en": "No demand per day and shift (Demand sheet) this month.",
            "zh": "本月没有按日期和班次的需求（需求表）。",
        },
        "report.charts": {"en": "Required vs assigned per day", "zh": "每日需求与已排人数"},
        "report.violations": {"en": "Violations", "zh": "违规"},
        "report.none": {"en": "None.", "zh": "无。"},
        "report.col.date": {"en": "date", "zh": "日期"},
        "report.col.weekday": {"en": "day", "zh": "星期"},
        "report.col.type": {"en": "type", "zh": "类型"},
        "report.col.shift": {"en": "shift", "zh": "班次"},
        "report.col.skill": {"en": "skill", "zh": "技能"},
        "report.col.min": {"en": "min", "zh": "最少"},
        "report.col.target": {"en": "target", "zh": "目标"},
        "report.col.assigned": {"en": "assigned", "zh": "已排"},
        "report.col.gap": {"en": "gap", "zh": "缺口"},
        "report.col.people": {"en": "people", "zh": "人员"},
        "report.col.rule": {"en": "rule", "zh": "规则"},
        "report.col.kind": {"en": "kind", "zh": "级别"},
        "report.col.person": {"en": "person", "zh": "人员"},
        "report.col.message": {"en": "message", "zh": "说明"},
        "report.kind.hard": {"en": "hard", "zh": "硬"},
        "report.kind.soft": {"en": "soft", "zh": "软"},
        "report.kind.tag": {"en": "[{kind}] ", "zh": "【{kind}】"},
        "report.weekdays": {"en": "Mon,Tue,Wed,Thu,Fri,Sat,Sun", "zh": "一,二,三,四,五,六,日"},
        "report.intervals": {"en": "Interval coverage", "zh": "时段覆盖"},
        "report.seconds_value": {"en": "{seconds:.1f} s", "zh": "{seconds:.1f} 秒"},
        "report.tip.day": {
            "en": "{day}: {assigned_label} {assigned}, {min_label} {minimum}, {target_label} {target}",
            "zh": "{day}：{assigned_label} {assigned}，{min_label} {minimum}，{target_label} {target}",
        },
        "report.shares": {"en": " ({shares})", "zh": "（{shares}）"},
        "report.intervals.note": {
            "en": "Per date: the interval requirements (Intervals sheet or forecast), the highest head count "
                  "asked for at one time (all skills together, each skill's share in brackets), and every "
                  "interval with fewer people on duty than required.",
            "zh": "按日期：时段需求（时段需求表或预测）、同一时刻的最高需求人数（各技能合计，括号内为各技能人数），"
                  "以及在岗人数低于需求的每个时段。",
        },
        "report.interval_gaps": {"en": "interval gaps", "zh": "时段缺口"},
        "report.col.intervals": {"en": "intervals", "zh": "时段数"},
        "report.col.peak": {"en": "peak required", "zh": "最高需求"},
        "report.col.short": {"en": "short", "zh": "不足"},
        "report.col.short_list": {"en": "short intervals (on duty / required)", "zh": "不足的时段（在岗/需求）"},
        # The four questions HR and a department head ask of a roster, answered at the top.
        "report.glance": {"en": "At a glance", "zh": "一览"},
        "report.glance.days": {"en": "Every day covered", "zh": "每天人手是否足够"},
        "report.glance.special": {"en": "Holidays, make-up workdays and promotions covered",
                                  "zh": "节假日、调休上班日和大促日人手是否足够"},
        "report.glance.labour": {"en": "Labour rules hold", "zh": "劳动规则是否满足"},
        "report.glance.fair": {"en": "Unpopular duty shared fairly", "zh": "晚班、周末和节假日是否公平分担"},
        "report.glance.yes": {"en": "yes", "zh": "是"},
        "report.glance.no": {"en": "no", "zh": "否"},
        "report.glance.days.ok": {"en": "all {rows} requirements of {days} days at their minimum",
                                  "zh": "{days} 天的全部 {rows} 项需求均达到最少人数"},
        "report.glance.days.bad": {"en": "{rows} requirements short by {missing} people in all, on {dates}",
                                   "zh": "{rows} 项需求共缺 {missing} 人，日期：{dates}"},
        "report.glance.intervals.bad": {"en": "{short} intervals with too few people on duty, on {dates}",
                                        "zh": "{short} 个时段在岗人数不足，日期：{dates}"},
        "report.glance.special.ok": {"en": "each of them at its minimum ({days} days): {dates}",
                                     "zh": "全部 {days} 个此类日期均达到最少人数：{dates}"},
        "report.glance.special.bad": {"en": "short on {dates}", "zh": "人手不足的日期：{dates}"},
        "report.glance.special.none": {"en": "none this month", "zh": "本月没有"},
        "report.glance.labour.ok": {"en": "no hard rule broken", "zh": "没有违反硬性规则"},
        "report.glance.labour.bad": {"en": "{count} hard violations besides coverage: {rules}",
                                     "zh": "除覆盖外 {count} 项硬性违规：{rules}"},
        "report.glance.fair.ok": {"en": "everyone within {tolerance:g} day of their fair share",
                                  "zh": "每人与其公平份额相差不超过 {tolerance:g} 天"},
        "report.glance.fair.bad": {"en": "people more than {tolerance:g} day from their fair share: {count}",
                                   "zh": "{count} 人偏离公平份额超过 {tolerance:g} 天"},
        "report.fairness": {"en": "Fairness", "zh": "公平性"},
        "report.fairness.note": {
            "en": "Spread (max - min, days) among comparable staff (same allowed shifts) of each person's count "
                  "minus their fair share; leave prorates the share. Within {tolerance:g} day of one's share "
                  "is fair, so a spread up to {spread:g} can be fair (as in the workbook's Summary).",
            "zh": "同类员工（可排班次相同）之间，各人天数与其公平份额之差的极差（最大值减最小值，单位：天）；"
                  "请假按可上班天数折算份额。与份额相差不超过 {tolerance:g} 天为公平，故极差不超过 {spread:g} "
                  "可以是公平的（与排班表“统计”表一致）。",
        },
        "report.col.group": {"en": "allowed shifts", "zh": "可排班次"},
        "report.col.members": {"en": "people", "zh": "人数"},
        "report.col.working_days": {"en": "working days", "zh": "出勤天数"},
        "report.col.nights": {"en": "nights", "zh": "晚班"},
        "report.col.weekend_days": {"en": "weekend days", "zh": "周末班"},
        "report.col.holiday_days": {"en": "holiday days", "zh": "节假日班"},
        "report.col.hours": {"en": "hours", "zh": "工时"},
        "report.col.leave_days": {"en": "leave days", "zh": "请假天数"},
        "report.glance.compliance": {"en": "; {count} findings of the statutory-hours audit (soft)",
                                     "zh": "；法定工时审核提示 {count} 项（软性）"},
        "report.missing": {"en": "{rows} ({missing} people missing)", "zh": "{rows}（共缺 {missing} 人）"},
    }
)

# Colours: assigned bars blue, gaps red, minimum line dark, target dashed; day marks pale.
COLOURS = {
    "bar": "#4e79a7",
    "gap": "#d62728",
    "min": "#222222",
    "target": "#8c8c8c",
    "holiday": "#fde0dd",
    "promotion": "#fff2cc",
    "weekend": "#eeeeee",
    "workday": "#e0f0e0",
    "nights": "#59518f",
    "weekends": "#f28e2b",
    "holidays": "#e15759",
}

CSS = """
body{font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
margin:24px;color:#222;background:#fff;max-width:1200px}
h1{font-size:24px;margin:0 0 8px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
.status{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 16px}
.chip{border:1px solid #ccc;border-radius:4px;padding:4px 10px;background:#fafafa}
.chip.bad{border-color:#d62728;color:#d62728} .chip.ok{border-color:#2ca02c;color:#2ca02c}
table{border-collapse:collapse;font-size:13px;width:100%}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left} th{background:#f2f2f2}
td.num{text-align:right} tr.gap td{background:#fde0dd;color:#b00000;font-weight:600}
tr.holiday td.date{background:#fde0dd} tr.promotion td.date{background:#fff2cc}
.legend{font-size:12px;margin:4px 0}
.legend span{display:inline-block;margin-right:14px}
.swatch{display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:4px;border:1px solid #aaa}
svg{display:block;max-width:100%;height:auto}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
td.date{white-space:nowrap} td.num.wide{color:#b00000;font-weight:600}
ul.glance{list-style:none;padding:0;margin:8px 0 16px}
ul.glance li{margin:4px 0;padding:6px 10px;border-left:4px solid #2ca02c;background:#f4fbf4}
ul.glance li.bad{border-left-color:#d62728;background:#fdf0f0} ul.glance li.bad strong{color:#b00000}
@media (max-width:640px){body{margin:10px} h1{font-size:20px}
.chart-wrap{overflow-x:auto} .chart-wrap svg.coverage{max-width:none;width:760px}
.chart-wrap svg.workload{max-width:none;width:600px}
table{font-size:12px} td.people,th.col-people{min-width:8em}}
@media print{@page{size:A4 landscape;margin:12mm} body{margin:0;max-width:none;font-size:11px}
h2{break-after:avoid} h3{break-after:avoid} svg,.legend,ul.glance li{break-inside:avoid}
tr{break-inside:avoid} thead{display:table-header-group} .scroll{overflow:visible}
.chip,ul.glance li,tr.gap td,.swatch,svg rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
svg text{font-size:11px;fill:#333} svg text.gap-count{fill:#d62728;font-weight:700}
li.hard{color:#b00000} li{margin:2px 0} p.note{font-size:12px;color:#555;margin:4px 0}
footer{margin-top:32px;font-size:11px;color:#888}
"""


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _month_label(horizon: Horizon, lang: str) -> str:
    first, last = horizon.first, horizon.last
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    return t("date.span", lang, start=first.isoformat(), end=last.isoformat())


def _day_mark(day: Day) -> str:
    """The background mark of a day column: promotion wins over holiday over weekend."""
    if day.promotion is not None:
        return "promotion"
    if day.is_holiday:
        return "holiday"
    if day.is_workday_swap:
        return "workday"
    if day.is_weekend:
        return "weekend"
    return ""


def _day_title(day: Day, lang: str, rest_day: bool = False) -> str:
    """``2026-10-20 rest day Company outing``: a chart column's tooltip (a rest day the
    Holidays sheet declares is called so, not ``weekend`` on a Tuesday)."""
    names = [day.holiday_name] if day.holiday_name else []
    if day.promotion is not None:
        names.append(day.promotion.name)
    title = f"{day.date.isoformat()} {day_kind_label(day.type.value, rest_day, lang)}"
    if not names:
        return title
    # "2026-12-10 工作日（双12）" as the Coverage table has it, not "工作日 双12"
    return title + (t("report.shares", lang, shares=join(names, lang)) if lang == "zh" else " " + " ".join(names))


def _legend(items: Iterable[tuple[str, str, str]]) -> str:
    """``(colour, label, style)`` swatches; style "line" draws a bar-less line swatch."""
    spans = []
    for colour, label, style in items:
        if style == "line":
            swatch = f'<span class="swatch" style="height:0;border:0;border-top:2px solid {colour}"></span>'
        elif style == "dash":
            swatch = f'<span class="swatch" style="height:0;border:0;border-top:2px dashed {colour}"></span>'
        else:
            swatch = f'<span class="swatch" style="background:{colour}"></span>'
        spans.append(f"<span>{swatch}{escape(label)}</span>")
    return f'<div class="legend">{"".join(spans)}</div>'


def coverage_chart(shift: Shift, horizon: Horizon, roster: Roster, rows: list[CoverageRow], lang: str) -> str:
    """One SVG per shift: a bar per day (people on the shift; red below the minimum), the
    minimum as a solid line and the target as a dashed line, day columns tinted by calendar."""
    by_date: dict[dt.date, list[CoverageRow]] = defaultdict(list)
    for row in rows:
        if row.shift == shift.code:
            by_date[row.date].append(row)
    days = horizon.days
    rests = {row.date for row in rows if row.rest_day}
    assigned = [sum(1 for (_, d), c in roster.cells.items() if d == day.date and c == shift.code) for day in days]
    minimum = [sum(r.min for r in by_date.get(day.date, [])) for day in days]
    target = [sum(r.target for r in by_date.get(day.date, [])) for day in days]
    gap = [any(r.gap for r in by_date.get(day.date, [])) for day in days]
    top = max([*assigned, *minimum, *target, 1])
    left, right, upper, lower = 36, 10, 12, 34
    col = 30
    width = left + right + col * len(days)
    height = 220
    plot_h = height - upper - lower

    def y(v: float) -> float:
        return upper + plot_h * (1 - v / top)

    parts = [f'<svg class="chart coverage" data-shift="{escape(shift.code)}" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(t("report.chart.coverage", lang, shift=shift.code))}">'
             f'<title>{escape(t("report.chart.coverage", lang, shift=f"{shift.code} {shift.name}"))}</title>']
    for k, day in enumerate(days):
        mark = _day_mark(day)
        if mark:
            parts.append(f'<rect class="day-mark {mark}" x="{left + k * col}" y="{upper}" width="{col}" '
                         f'height="{plot_h}" fill="{COLOURS[mark]}"><title>{escape(_day_title(day, lang, day.date in rests))}'
                         f"</title></rect>")
    # Horizontal grid and y labels.
    step = max(1, round(top / 5))
    for v in range(0, top + 1, step):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>')
    weekdays = t("report.weekdays", lang).split(",")
    for k, day in enumerate(days):
        x = left + k * col + 5
        colour = COLOURS["gap"] if gap[k] else COLOURS["bar"]
        tip = t("report.tip.day", lang, day=_day_title(day, lang, day.date in rests), assigned_label=t("report.legend.assigned", lang),
                assigned=assigned[k], min_label=t("report.legend.min", lang), minimum=minimum[k],
                target_label=t("report.legend.target", lang), target=target[k])
        parts.append(f'<rect class="bar{" gap" if gap[k] else ""}" x="{x}" y="{y(assigned[k]):.1f}" '
                     f'width="{col - 10}" height="{y(0) - y(assigned[k]):.1f}" fill="{colour}">'
                     f"<title>{escape(tip)}</title></rect>")
        cx = left + k * col + col / 2
        if gap[k]:
            # A gap is often a zero-height bar: mark it at the baseline and say how many are missing.
            missing = sum(r.gap for r in by_date.get(day.date, []))
            parts.append(f'<rect class="gap-mark" x="{x}" y="{y(0) - 4:.1f}" width="{col - 10}" height="4" '
                         f'fill="{COLOURS["gap"]}"/>')
            parts.append(f'<text class="gap-count" x="{cx:.1f}" y="{y(assigned[k]) - 3:.1f}" '
                         f'text-anchor="middle" fill="{COLOURS["gap"]}">-{missing}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{height - lower + 14}" text-anchor="middle">{day.date.day}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{height - lower + 27}" text-anchor="middle">'
                     f"{escape(weekdays[day.date.weekday()])}</text>")

    def polyline(values: list[int], cls: str, colour: str, dash: str = "") -> str:
        # A step line: flat across each day's column, so a day's requirement reads at its bar.
        points = []
        for k, v in enumerate(values):
            points.append(f"{left + k * col},{y(v):.1f}")
            points.append(f"{left + (k + 1) * col},{y(v):.1f}")
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        return (f'<polyline class="{cls}" points="{" ".join(points)}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{extra}/>')

    if any(target) and target != minimum:
        parts.append(polyline(target, "target", COLOURS["target"], "5,3"))
    if any(minimum):
        parts.append(polyline(minimum, "required", COLOURS["min"]))
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#888"/>')
    parts.append("</svg>")
    return "".join(parts)


def workload_chart(summaries: list[PersonSummary], lang: str) -> str:
    """Horizontal bars per person: nights, weekend days, holiday days (three bars each)."""
    metrics = [("nights", "nights"), ("weekend_days", "weekends"), ("holiday_days", "holidays")]
    top = max([1, *(getattr(s, m) for s in summaries for m, _ in metrics)])
    label_w, right, row_h, bar_h = 200, 40, 30, 8
    plot_w = 520
    width = label_w + plot_w + right
    height = 20 + row_h * max(1, len(summaries))
    parts = [f'<svg class="chart workload" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(t("report.chart.workload", lang))}">'
             f'<title>{escape(t("report.chart.workload", lang))}</title>']
    for i, s in enumerate(summaries):
        y0 = 10 + i * row_h
        name = f"{s.id} {s.name}"
        # The days on leave beside the name: the bars are raw counts, and the fairness rule
        # prorates each share by the days available.
        shown = name + (t("report.on_leave", lang, days=s.leave_days) if s.leave_days else "")
        parts.append(f'<text x="{label_w - 6}" y="{y0 + row_h / 2 + 2:.1f}" text-anchor="end">{escape(shown)}</text>')
        for j, (attr, key) in enumerate(metrics):
            value = getattr(s, attr)
            w = plot_w * value / top
            tip = named(name, f"{t('report.' + key, lang)} {value}", lang)
            yy = y0 + 2 + j * (bar_h + 1)
            parts.append(f'<rect class="bar {key}" x="{label_w}" y="{yy}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{COLOURS[key]}"><title>{escape(tip)}</title></rect>')
            parts.append(f'<text x="{label_w + w + 4:.1f}" y="{yy + bar_h - 1}">{value}</text>')
    parts.append(f'<line x1="{label_w}" x2="{label_w}" y1="4" y2="{height - 4}" stroke="#888"/>')
    parts.append("</svg>")
    return "".join(parts)


def _status_chips(team: Team, info: SolveInfo | None, coverage_rows: list[CoverageRow],
                  violations: list[Violation], lang: str,
                  interval_rows: Sequence[IntervalCoverageRow] = ()) -> str:
    chips = []
    if info is None:
        chips.append(f'<span class="chip">{escape(named(t("report.status", lang), t("report.status.none", lang), lang))}'
                     '</span>')
    else:
        # Green only when the roster as it stands keeps every hard rule: a roster edited by hand
        # after its solve keeps the solve's FEASIBLE, which in green read as "all is well".
        good = info.status in ("OPTIMAL", "FEASIBLE", "CHECKED") and not any(v.hard for v in violations)
        # In words as the workbook's Summary gives it (已证明最优（OPTIMAL）, FEASIBLE (valid, not
        # proven best)), not the code alone; the code is kept in both.
        words = status_text(info.status, lang) if lang == "zh" else status_words(info.status, lang)
        chips.append(f'<span class="chip {"ok" if good else "bad"}">'
                     f'{escape(named(t("report.status", lang), words, lang))}</span>')
        for key, value in (("objective", info.objective), ("bound", info.bound)):
            chips.append(f'<span class="chip">{escape(named(t(f"report.{key}", lang), _fmt(value), lang))}</span>')
        gap = info.gap
        chips.append(f'<span class="chip">'
                     f'{escape(named(t("report.gap", lang), "-" if gap is None else f"{gap:.1%}", lang))}</span>')
        seconds = t("report.seconds_value", lang, seconds=info.seconds)
        chips.append(f'<span class="chip">{escape(named(t("report.seconds", lang), seconds, lang))}</span>')
    gaps = sum(1 for r in coverage_rows if r.gap)
    missing = sum(r.gap for r in coverage_rows)
    hard = sum(1 for v in violations if v.hard)
    soft = len(violations) - hard
    chips.append(f'<span class="chip">{escape(named(t("report.staff", lang), len(team.staff), lang))}</span>')
    # As ``coverage --json``: ``gaps`` rows short, ``missing`` people in all.
    shown = t("report.missing", lang, rows=gaps, missing=missing) if gaps else gaps
    chips.append(f'<span class="chip {"bad" if gaps else "ok"}">{escape(named(t("report.gaps", lang), shown, lang))}'
                 '</span>')
    if interval_rows:
        short = sum(1 for r in interval_rows if r.gap)
        chips.append(f'<span class="chip {"bad" if short else "ok"}">'
                     f'{escape(named(t("report.interval_gaps", lang), short, lang))}</span>')
    chips.append(f'<span class="chip {"bad" if hard else "ok"}">{escape(named(t("report.hard", lang), hard, lang))}'
                 '</span>')
    chips.append(f'<span class="chip">{escape(named(t("report.soft", lang), soft, lang))}</span>')
    return f'<div class="status">{"".join(chips)}</div>'


def _head(cols: list[str], lang: str) -> str:
    return "".join(f'<th scope="col" class="col-{c}">{escape(t(f"report.col.{c}", lang))}</th>' for c in cols)


def _day_row(horizon: Horizon, row: CoverageRow | IntervalCoverageRow, gap: bool, cells: list[str], lang: str
             ) -> str:
    """A table row that starts with the date, its weekday and its type (holiday and promotion
    named), marked as a gap and with the day's colour."""
    day = horizon.day(row.date)
    classes = [c for c in ("gap" if gap else "", _day_mark(day)) if c]
    kind = day_kind_label(row.day_type, row.rest_day, lang)
    names = [x for x in (row.holiday, row.promotion) if x]
    extra = join(names, lang) if lang == "zh" else " ".join(names)
    first = [
        f'<td class="date">{row.date.isoformat()}</td>',
        f"<td>{escape(t('report.weekdays', lang).split(',')[row.date.weekday()])}</td>",
        f"<td>{escape(kind + t('report.shares', lang, shares=extra) if extra else kind)}</td>",
    ]
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f"<tr{cls}>{''.join(first + cells)}</tr>"


def _coverage_table(horizon: Horizon, rows: list[CoverageRow], lang: str) -> str:
    head = _head(["date", "weekday", "type", "shift", "skill", "min", "target", "assigned", "gap", "people"], lang)
    body = []
    for r in rows:
        cells = [
            f"<td>{escape(r.shift)}</td>",
            f"<td>{escape(r.skill or t('anyone', lang))}</td>",
            f'<td class="num">{r.min}</td>',
            f'<td class="num">{r.target}</td>',
            f'<td class="num">{r.assigned}</td>',
            f'<td class="num">{r.gap}</td>',
            f'<td class="people">{escape(join(r.people, lang))}</td>',
        ]
        body.append(_day_row(horizon, r, bool(r.gap), cells, lang))
    return (f'<div class="scroll"><table class="coverage"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _peak_cell(rows: Sequence[IntervalCoverageRow], lang: str) -> str:
    total, shares = interval_peak(rows)
    text = str(total)
    if len(shares) > 1:
        # "11 (chat 8, phone 3)"; in Chinese "11（chat 8、phone 3）"
        text += t("report.shares", lang, shares=join((f"{skill or t('anyone', lang)} {n}" for skill, n in shares), lang))
    return escape(text)


def _interval_table(horizon: Horizon, rows: Sequence[IntervalCoverageRow], lang: str) -> str:
    """One row per date: a month of half hours is too long to list, so each date shows its
    number of interval requirements, the highest head count asked for, and the short ones."""
    head = _head(["date", "weekday", "type", "intervals", "peak", "short", "short_list"], lang)
    by_date: dict[dt.date, list[IntervalCoverageRow]] = {}
    for row in rows:
        by_date.setdefault(row.date, []).append(row)
    body = []
    for date in sorted(by_date):
        day_rows = by_date[date]
        short = [r for r in day_rows if r.gap]
        listed = join((f"{r.label} {r.skill or t('anyone', lang)}" + t("report.shares", lang, shares=f"{r.on_duty}/{r.required}")
                       for r in sorted(short, key=lambda r: (r.start, r.skill or ""))), lang)
        cells = [
            f'<td class="num">{len(day_rows)}</td>',
            f'<td class="num">{_peak_cell(day_rows, lang)}</td>',
            f'<td class="num">{len(short)}</td>',
            f"<td>{escape(listed)}</td>",
        ]
        body.append(_day_row(horizon, day_rows[0], bool(short), cells, lang))
    return (f'<p class="note">{escape(t("report.intervals.note", lang))}</p>'
            f'<div class="scroll"><table class="intervals"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}'
            '</tbody></table></div>')


#: Rules judged by the first line of the glance (coverage), not by "labour rules hold".
_COVERAGE_RULES = ("coverage", "intervals", "handover")


def _dates(dates: Iterable[dt.date], lang: str, limit: int = 8) -> str:
    """``2026-10-01, 2026-10-02 ... (+3)``: a glance line stays one line on a phone."""
    ordered = sorted(set(dates))
    shown = [d.isoformat() for d in ordered[:limit]]
    if len(ordered) > limit:
        shown.append(f"… (+{len(ordered) - limit})" if lang != "zh" else f"……（另 {len(ordered) - limit} 天）")
    return join(shown, lang)


def _glance(coverage_rows: list[CoverageRow], interval_rows: Sequence[IntervalCoverageRow],
            violations: list[Violation], tolerance: float, lang: str) -> str:
    """The four questions a department head asks of a roster, each answered yes/no with the
    figures behind it, so the report answers them before any chart is read.  The figures are
    the ones of ``check``/``coverage`` (same rows, same violations)."""
    items: list[tuple[str, bool, str]] = []
    short_rows = [r for r in coverage_rows if r.gap]
    short_iv = [r for r in interval_rows if r.gap]
    if short_rows or short_iv:
        details = []
        if short_rows:
            details.append(t("report.glance.days.bad", lang, rows=len(short_rows), missing=sum(r.gap for r in short_rows),
                             dates=_dates((r.date for r in short_rows), lang)))
        if short_iv:
            details.append(t("report.glance.intervals.bad", lang, short=len(short_iv),
                             dates=_dates((r.date for r in short_iv), lang)))
        items.append(("days", False, "; ".join(details) if lang != "zh" else "；".join(details)))
    else:
        dates = {r.date for r in coverage_rows} | {r.date for r in interval_rows}
        items.append(("days", True, t("report.glance.days.ok", lang, rows=len(coverage_rows) + len(interval_rows),
                                      days=len(dates))))
    special = [*special_rows(coverage_rows), *special_rows(interval_rows)]
    special_dates = {r.date for r in special}
    special_short = {r.date for r in special if r.gap}
    if not special_dates:
        items.append(("special", True, t("report.glance.special.none", lang)))
    elif special_short:
        items.append(("special", False, t("report.glance.special.bad", lang, dates=_dates(special_short, lang))))
    else:
        items.append(("special", True, t("report.glance.special.ok", lang, days=len(special_dates),
                                         dates=_dates(special_dates, lang))))
    labour = [v for v in violations if v.hard and v.rule.split(".")[0] not in _COVERAGE_RULES]
    if labour:
        rules = sorted({v.rule for v in labour})
        detail = t("report.glance.labour.bad", lang, count=len(labour), rules=join((rule_label(r, lang) for r in rules), lang))
    else:
        detail = t("report.glance.labour.ok", lang)
    audit = sum(1 for v in violations if not v.hard and v.rule.split(".")[0] == "compliance")
    if audit:
        detail += t("report.glance.compliance", lang, count=audit)
    items.append(("labour", not labour, detail))
    unfair = {v.staff_id for v in violations if v.rule.split(".")[0] == "fairness"}
    items.append(("fair", not unfair,
                  t("report.glance.fair.bad", lang, count=len(unfair), tolerance=tolerance) if unfair
                  else t("report.glance.fair.ok", lang, tolerance=tolerance)))
    lis = []
    for key, ok, detail in items:
        answer = t("report.glance.yes" if ok else "report.glance.no", lang)
        lis.append(f'<li class="{"ok" if ok else "bad"}"><strong>{escape(t(f"report.glance.{key}", lang))}'
                   f'{escape(named("", "", lang))}{escape(answer)}</strong> <span>{escape(detail)}</span></li>')
    return f'<ul class="glance">{"".join(lis)}</ul>'


def _fairness_table(team: Team, horizon: Horizon, roster: Roster, summaries: list[PersonSummary],
                    rules: Iterable[tuple[str, object]], lang: str) -> tuple[str, float]:
    """The Summary sheet's fairness block (same figures: :func:`roster.reports.fairness_spreads`
    with the roster's own rule values), then one row per person with the counts behind it.
    Returns the HTML and the rule's tolerance in days (the glance quotes it)."""
    rule = fairness_rule(rules)
    tolerance = rule.params.tolerance_days
    spreads = fairness_spreads(team, horizon, roster, rule)
    keys = list(FAIRNESS_METRICS)
    body = []
    for group in fairness_groups(team, summaries, spreads, lang):
        cells = [f"<td>{escape(group.label)}</td>", f'<td class="num">{len(group.members)}</td>']
        for key in keys:
            value = group.spreads[key]
            wide = value > 2 * tolerance
            cells.append(f'<td class="num{" wide" if wide else ""}">{value:.1f}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    head = _head(["group", "members", *keys], lang)
    note = t("report.fairness.note", lang, tolerance=tolerance, spread=2 * tolerance)
    people_head = _head(["person", "working_days", "nights", "weekend_days", "holiday_days", "hours", "leave_days"],
                        lang)
    people = "".join(
        f"<tr><td>{escape(f'{s.id} {s.name}')}</td>"
        + "".join(f'<td class="num">{v}</td>' for v in (s.working_days, s.nights, s.weekend_days, s.holiday_days,
                                                         _fmt(round(s.hours, 2)), s.leave_days))
        + "</tr>"
        for s in summaries)
    html = (f'<p class="note">{escape(note)}</p>'
            f'<div class="scroll"><table class="fairness"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}'
            f'</tbody></table></div>'
            f'<div class="scroll"><table class="people"><thead><tr>{people_head}</tr></thead><tbody>{people}'
            f'</tbody></table></div>')
    return html, tolerance


def _violations_list(violations: list[Violation], lang: str) -> str:
    if not violations:
        return f'<p class="none">{escape(t("report.none", lang))}</p>'
    ordered = sorted(violations, key=lambda v: (not v.hard, v.rule, v.date or dt.date.min, v.staff_id))
    items = []
    for v in ordered:
        kind = t("report.kind.hard" if v.hard else "report.kind.soft", lang)
        shift = mark(v.shift, lang) if v.shift else ""  # a wish for a day off: 休 in Chinese, not OFF
        where = " ".join(x for x in (v.staff_id, v.date.isoformat() if v.date else "", shift) if x)
        where, message = split_subject(where, v.message)
        prefix = t("report.kind.tag", lang, kind=kind) + rule_label(v.rule, lang) + (f" · {where}" if where else "")
        colon = named("", "", lang)  # ": " or "："
        items.append(f'<li class="{"hard" if v.hard else "soft"}"><strong>{escape(prefix)}</strong>{escape(colon)}'
                     f"{escape(message)}</li>")
    return f'<ul class="violations">{"".join(items)}</ul>'


def render_report(
    team: Team,
    horizon: Horizon,
    roster: Roster,
    *,
    coverage_rows: list[CoverageRow],
    summaries: list[PersonSummary],
    violations: list[Violation],
    info: SolveInfo | None,
    lang: str = "en",
    interval_rows: Sequence[IntervalCoverageRow] = (),
    effective_rules: Iterable[tuple[str, object]] = (),
) -> str:
    """The whole report as one HTML document (UTF-8 text; write it with ``encoding="utf-8"``).

    One coverage chart per shift of ``team`` (one bar per day of ``horizon``), one workload chart
    (three bars per person of ``summaries``), the coverage table (rows below the minimum in red),
    the interval coverage per date when the month has interval demand (``interval_rows``), and
    the violations (hard first).  No external resource, no script.

    At the top, the four questions answered (every day covered, the special days covered,
    labour rules, fairness); a fairness section gives the Summary sheet's spreads, computed
    with ``effective_rules`` (the roster's ``fairness.*`` values; the profile's defaults for
    those not given) so the report judges as ``check`` does.
    """
    fairness_html, tolerance = _fairness_table(team, horizon, roster, summaries,
                                               [(str(r[0]), r[1]) for r in effective_rules], lang)
    month = _month_label(horizon, lang)
    title = t("report.title", lang, month=month)
    charts = []
    for shift in team.shifts:
        charts.append(f"<h3>{escape(t('report.chart.coverage', lang, shift=f'{shift.code} {shift.name}'))} "
                      f"<small>{escape(shift.label())}</small></h3>")
        charts.append(f'<div class="chart-wrap">{coverage_chart(shift, horizon, roster, coverage_rows, lang)}</div>')
    legend = _legend([
        (COLOURS["bar"], t("report.legend.assigned", lang), "box"),
        (COLOURS["gap"], t("report.legend.gap", lang), "box"),
        (COLOURS["min"], t("report.legend.min", lang), "line"),
        (COLOURS["target"], t("report.legend.target", lang), "dash"),
        (COLOURS["holiday"], t("report.legend.holiday", lang), "box"),
        (COLOURS["promotion"], t("report.legend.promotion", lang), "box"),
        (COLOURS["weekend"], t("report.legend.weekend", lang), "box"),
        (COLOURS["workday"], t("report.legend.workday", lang), "box"),
    ])
    workload_legend = _legend([
        (COLOURS["nights"], t("report.nights", lang), "box"),
        (COLOURS["weekends"], t("report.weekends", lang), "box"),
        (COLOURS["holidays"], t("report.holidays", lang), "box"),
    ])
    html_lang = "zh-CN" if lang == "zh" else "en"
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{html_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        _status_chips(team, info, coverage_rows, violations, lang, interval_rows),
        f"<h2>{escape(t('report.glance', lang))}</h2>",
        _glance(coverage_rows, interval_rows, violations, tolerance, lang),
        f"<h2>{escape(t('report.charts', lang))}</h2>",
        legend,
        *charts,
        f"<h2>{escape(t('report.chart.workload', lang))}</h2>",
        workload_legend,
        f'<div class="chart-wrap">{workload_chart(summaries, lang)}</div>',
        f"<h2>{escape(t('report.fairness', lang))}</h2>",
        fairness_html,
        f"<h2>{escape(t('report.coverage', lang))}</h2>",
        # A team planned from interval demand alone has no rows here: say so rather than print
        # an empty table under the heading.
        (_coverage_table(horizon, coverage_rows, lang) if coverage_rows
         else f'<p class="none">{escape(t("report.coverage.none", lang))}</p>'),
        *([f"<h2>{escape(t('report.intervals', lang))}</h2>", _interval_table(horizon, interval_rows, lang)]
          if interval_rows else []),
        f"<h2>{escape(t('report.violations', lang))}</h2>",
        _violations_list(violations, lang),
        f"<footer>{escape(t('report.generated', lang))}</footer>",
        "</body>",
        "</html>",
        "",
    ])

"""The ``roster`` command line: parse options, call the library, show results, map errors to
exit codes (INTERFACE.md).  No rule, model or Excel logic lives here."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from roster import i18n

i18n.register(
    {"cli.interrupted": {"en": "Interrupted (Ctrl-C): nothing written.", "zh": "已中断（Ctrl-C）：未写出任何文件。"}}
)


def default_language() -> str:
    """``ROSTER_LANG``, else the locale (zh_* -> zh), else English."""
    env = os.environ.get("ROSTER_LANG") or os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return "zh" if env.lower().startswith("zh") else "en"


def _interrupted_while_loading(signum: int, frame: Any) -> None:
    """SIGINT while the modules below load (OR-Tools, pydantic: about a second): exit 130 with
    the usual sentence (and the JSON error object with ``--json``) instead of a
    KeyboardInterrupt traceback from deep inside an import.  Nothing has been read or written
    yet, and the command's own handler (:class:`RosterGroup`) is not installed yet."""
    args = sys.argv[1:]
    lang = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "--lang"), None)
    lang = lang if lang in ("zh", "en") else default_language()
    message = i18n.t("cli.interrupted", lang=lang)
    if "--json" in args:
        print(json.dumps({"ok": False, "exit_code": 130, "error": message, "reasons": [], "notes": []},
                         ensure_ascii=False, indent=2), flush=True)
    print(message, file=sys.stderr, flush=True)
    raise SystemExit(130)


#: Whether this import installed :func:`_interrupted_while_loading` (only over Python's own
#: handler, in the main thread; a test runner's or an embedding program's stays theirs).
_LOADING = (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler)
if _LOADING:
    signal.signal(signal.SIGINT, _interrupted_while_loading)

import click  # noqa: E402  (after the Ctrl-C handler above: the imports are what takes time)
from rich import box  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from roster import engine  # noqa: E402
from roster.calendar import parse_month  # noqa: E402
from roster.checker import CheckResult  # noqa: E402
from roster.cli_help import FRAME_ZH, command_help, option_help  # noqa: E402
from roster.domain import Violation  # noqa: E402
from roster.errors import InfeasibleError, InputError, InputErrors, RosterError  # noqa: E402
from roster.i18n import t  # noqa: E402
from roster.profile import Profile, load_profile  # noqa: E402
from roster.reports import status_words  # noqa: E402
from roster.rules import known_rules  # noqa: E402
from roster.rules.base import rule_label  # noqa: E402
from roster.solve import Progress  # noqa: E402

i18n.register(
    {
        "cli.error": {"en": "Error", "zh": "错误"},
        "cli.error_line": {"en": "Error: {message}", "zh": "错误：{message}"},
        "cli.usage.hint": {"en": "Try '{command} --help' for help.", "zh": "用法见 {command} --help。"},
        "cli.usage.missing": {"en": "Missing {name}.", "zh": "缺少 {name}。"},
        "cli.usage.no_option": {"en": "No such option: {name}", "zh": "没有选项 {name}。"},
        "cli.usage.did_you_mean": {"en": " Did you mean {names}?", "zh": "是否想输入 {names}？"},
        "cli.usage.not_finite": {"en": "{value!r} is not a number of seconds.", "zh": "“{value}”不是有效的秒数。"},
        "cli.usage.bad_value": {"en": "Invalid value for {name}: {message}", "zh": "{name} 的值无效：{message}"},
        "cli.init_done": {"en": "Template team workbook written: {path}", "zh": "已生成模板工作簿：{path}"},
        "cli.init_no_path": {
            "en": "Name the workbook to write: roster init team.xlsx (or -o team.xlsx).",
            "zh": "请给出要写入的工作簿：roster init team.xlsx（或 -o team.xlsx）。",
        },
        "cli.init_two_paths": {
            "en": "Two workbooks to write: {path} and -o {output}; give one.",
            "zh": "给出了两个要写入的工作簿：{path} 和 -o {output}；请只给一个。",
        },
        "cli.solving": {"en": "Solving...", "zh": "正在求解……"},
        "cli.solving_for": {"en": "Solving... {seconds:.0f}s", "zh": "正在求解…… {seconds:.0f} 秒"},
        "cli.progress": {
            "en": "Solving... {seconds:.1f}s  objective {objective}  bound {bound}  gap {gap}",
            "zh": "正在求解…… {seconds:.1f} 秒  目标值 {objective}  下界 {bound}  差距 {gap}",
        },
        "cli.solve_line": {
            "en": "Solve: {status}; objective {objective}, bound {bound}, gap {gap}, {seconds:.1f} s",
            "zh": "求解：{status}；目标值 {objective}，下界 {bound}，差距 {gap}，用时 {seconds:.1f} 秒",
        },
        "cli.not_optimal": {
            "en": "Not proven optimal: a better roster may exist (raise --time-limit to search longer).",
            "zh": "未证明最优：可能存在更好的排班（可加大 --time-limit 继续搜索）。",
        },
        "cli.best_effort": {
            "en": "Demand cannot be fully met; best-effort roster with the smallest shortfall:",
            "zh": "需求无法完全满足；以下为缺口最小的尽力排班：",
        },
        "cli.best_effort_leads": {
            "en": "Every minimum is met, but not every shift can have a team lead; best-effort roster with the "
            "fewest shifts without one:",
            "zh": "最少人数均已满足，但无法每班都有组长；以下为无组长班次最少的尽力排班：",
        },
        "cli.penalties_title": {"en": "Penalties paid, by rule", "zh": "各规则的罚分"},
        "cli.col.rule": {"en": "rule", "zh": "规则"},
        # What the penalty is counted in (people short, days beyond a fair share, wishes unmet):
        # 次数 ("times") fitted only some rules.
        "cli.col.units": {"en": "units", "zh": "计罚数量"},
        "cli.col.cost": {"en": "cost", "zh": "罚分"},
        "cli.col.staff": {"en": "staff", "zh": "工号"},
        "cli.col.date": {"en": "date", "zh": "日期"},
        "cli.col.message": {"en": "message", "zh": "说明"},
        "cli.check_ok": {
            "en": "Check: all hard rules and minimum coverage hold ({soft} soft findings).",
            "zh": "检查：所有硬性规则和最少人数均满足（{soft} 条软性提示）。",
        },
        "cli.check_bad": {
            "en": "Check: {hard} hard violation(s) ({rules}).",
            "zh": "检查：{hard} 处违反硬性规则（{rules}）。",
        },
        "cli.written": {"en": "Roster written: {path}", "zh": "排班表已写出：{path}"},
        "cli.bench_written": {"en": "Benchmark figures written: {path}", "zh": "基准测试结果已写出：{path}"},
        "cli.bench_line": {
            "en": "{instance}: objective {objective} ({validity}), status {status}, bound {bound}{gap}, split {split}, "
                  "first {first}, best {best}, wall {wall:.1f}s ({limit:g} {unit}{cap})",
            "zh": "{instance}：目标值 {objective}（{validity}），状态 {status}，下界 {bound}{gap}，构成 {split}，"
                  "首个解 {first}，最好解 {best}，用时 {wall:.1f} 秒（{limit:g} {unit}{cap}）",
        },
        "cli.bench_bad_instances": {
            "en": "--instances: {part!r} is not an instance number or range within 1-24 (e.g. 1-12 or 1,5,13).",
            "zh": "--instances：“{part}”不是 1-24 之间的实例编号或范围（例如 1-12 或 1,5,13）。",
        },
        "cli.bench_no_data": {
            "en": "No Curtois instance files in {folder} (missing: {names}). Download the instances from "
                  "schedulingbenchmarks.org/nrp and pass their folder with --data (or set ROSTER_CURTOIS_DIR).",
            "zh": "{folder} 中没有 Curtois 实例文件（缺少：{names}）。请从 schedulingbenchmarks.org/nrp 下载实例，"
                  "并用 --data（或环境变量 ROSTER_CURTOIS_DIR）指定其所在文件夹。",
        },
        "cli.bench_bad_file": {
            "en": "{path} is not a readable Curtois & Qu instance: {error}",
            "zh": "{path} 不是可读取的 Curtois & Qu 实例文件：{error}",
        },
        "cli.bench_valid": {"en": "feasible", "zh": "满足全部硬性规则"},
        "cli.bench_invalid": {"en": "INFEASIBLE", "zh": "违反硬性规则"},
        "cli.bench_cap": {"en": ", wall-clock cap hit", "zh": "，触及墙钟时间上限"},
        "cli.bench_det_s": {"en": "deterministic s", "zh": "确定性秒"},
        "cli.bench_wall_s": {"en": "wall-clock s", "zh": "墙钟秒"},
        "cli.bench_gap": {"en": " (gap {pct:.2f}%)", "zh": "（差距 {pct:.2f}%）"},
        "cli.bench_no_roster": {
            "en": "{instance}: no roster that keeps every hard rule was found in {seconds:g} {unit}; "
                  "no solution file is written.",
            "zh": "{instance}：在 {seconds:g} {unit}内未找到满足全部硬性规则的排班；未写出解文件。",
        },
        "cli.hard_title": {"en": "Hard rules broken", "zh": "违反的硬性规则"},
        "cli.soft_title": {"en": "Soft findings (cost)", "zh": "软性提示（罚分）"},
        "cli.not_carried": {
            "en": "Not carried into {output} (a new workbook; {source} keeps them): {items}.",
            "zh": "未带入 {output}（新写出的工作簿；{source} 中仍保留）：{items}。",
        },
        "cli.demand_none": {
            "en": "No Forecast row gives demand in {month} ({count} rows; dated outside the month: rows {rows}): "
                  "check the rows' dates and --month; nothing written.",
            "zh": "预测表没有任何一行给出 {month} 的需求（共 {count} 行；日期在本月之外的行：{rows}）：请检查这些行的日期和 "
                  "--month；未写出任何文件。",
        },
        "cli.os_error": {"en": "Cannot use {path}: {error}", "zh": "无法使用 {path}：{error}"},
        "cli.audit_title": {"en": "Audit findings (labour law, leave freezes; no cost)",
                            "zh": "审计提示（劳动法规、禁休；不计罚分）"},
        "cli.more": {"en": "... and {count} more", "zh": "……另有 {count} 条"},
    }
)


class _Console(Console):
    """The console every command prints to.  In Chinese a plain sentence is not word-wrapped:
    rich breaks lines only at spaces, so a Chinese note (few spaces) was cut after "2027 " and
    left "年的调休上班日……" on the next line; the terminal wraps it by character instead.
    Tables are laid out as before."""

    def print(self, *objects: Any, **kwargs: Any) -> None:  # type: ignore[override]
        if i18n.language() == "zh" and objects and all(isinstance(o, str) for o in objects):
            kwargs.setdefault("soft_wrap", True)
        super().print(*objects, **kwargs)


class CommandError(click.ClickException):
    """A library error shown without a traceback, with INTERFACE.md's exit code; with ``--json``
    also as a JSON object on stdout, so a script reading stdout is not left with nothing."""

    def __init__(self, message: str, exit_code: int, as_json: dict | None = None):
        super().__init__(message)
        self.exit_code = exit_code
        self.as_json = as_json

    def show(self, file: Any = None) -> None:
        if self.as_json is not None:
            click.echo(json.dumps(self.as_json, ensure_ascii=False, indent=2))
        click.echo(self.format_message(), err=True)


#: ctx.meta key set by --json (ctx.meta is shared by a command and its group).
_JSON_META = "roster.json"


def _on_ctrl_c(signum: int, frame: Any) -> None:
    """SIGINT: stop every running search (roster.solve.interrupt); with none running, interrupt
    the Python code at once.  Raising KeyboardInterrupt in the main thread while a search runs
    in another thread left CP-SAT's thread unfinished and the process aborted at exit."""
    from roster.solve import interrupt

    if not interrupt():
        raise KeyboardInterrupt


def _raw_option(args: Sequence[str], name: str) -> str | None:
    """The value of ``name`` in raw command-line arguments (``--lang zh`` or ``--lang=zh``)."""
    for index, arg in enumerate(args):
        if arg == name and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _usage_message(exc: click.UsageError) -> str:
    """A command-line mistake (missing option, bad value) in the user's language, with where
    to look; click's own text is English only."""
    command = exc.ctx.command_path if exc.ctx is not None else "roster"
    hint = t("cli.usage.hint", command=command)
    if i18n.language() != "zh":
        return f"{exc.format_message()}\n{hint}"
    param = getattr(exc, "param", None)
    name = (getattr(exc, "param_hint", None) or (param.get_error_hint(exc.ctx) if param is not None and
            exc.ctx is not None else None))
    if isinstance(exc, click.MissingParameter) and name:
        message = t("cli.usage.missing", name=name)
    elif isinstance(exc, click.NoSuchOption):
        message = t("cli.usage.no_option", name=exc.option_name)
        if exc.possibilities:
            message += t("cli.usage.did_you_mean", names=i18n.join(sorted(exc.possibilities)))
    elif isinstance(exc, click.BadParameter) and name:
        message = t("cli.usage.bad_value", name=name, message=_click_zh(exc.message))
    else:
        message = _click_zh(exc.format_message())
    return f"{message}\n{hint}"


#: click's own sentences (English only) that a command-line mistake may carry, in Chinese.
_CLICK_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), text) for pattern, text in (
        (r"(?P<value>.+) is not in the range (?P<range>.+)\.", "{value} 不在允许的范围 {range} 内。"),
        (r"(?P<value>.+) is not a valid (integer|integer range)\.", "{value} 不是有效的整数。"),
        (r"(?P<value>.+) is not a valid (float|float range)\.", "{value} 不是有效的数字。"),
        (r"(?P<value>.+) is not one of (?P<choices>.+)\.", "{value} 不是可选值（{choices}）之一。"),
        (r"(File|Path) (?P<value>.+) does not exist\.", "文件 {value} 不存在。"),
        (r"Directory (?P<value>.+) does not exist\.", "文件夹 {value} 不存在。"),
        (r"(File|Path) (?P<value>.+) is a directory\.", "{value} 是文件夹，这里需要文件名。"),
        (r"(Directory|Path) (?P<value>.+) is a file\.", "{value} 是文件，这里需要文件夹。"),
        (r"(File|Directory|Path) (?P<value>.+) is not readable\.", "{value} 无法读取。"),
        (r"Got unexpected extra arguments? \((?P<value>.*)\)", "多余的参数：{value}"),
        (r"No such command (?P<value>'[^']*')\.(?P<rest>.*)", "没有命令 {value}。{rest}"),
        (r" ?Did you mean (?P<value>.+)\?", "是否想输入 {value}？"),
        (r"Option (?P<value>'[^']*') requires an argument\.", "选项 {value} 需要一个值。"),
        (r"Option (?P<value>'[^']*') requires (?P<count>\d+) arguments\.", "选项 {value} 需要 {count} 个值。"),
    ))


def _click_zh(message: str) -> str:
    """``message`` (one of click's English sentences) in Chinese where it is a known one."""
    for pattern, text in _CLICK_ZH:
        match = pattern.fullmatch(message)
        if match:
            values = match.groupdict()
            if "rest" in values:
                values["rest"] = _click_zh(values["rest"]) if values["rest"] else ""
            return text.format(**values)
    return message


class _LocalHelp:
    """``--help`` in the session's language: with Chinese chosen (``--lang zh`` anywhere on the
    line, ``roster --lang zh``, ROSTER_LANG or the locale) the descriptions, option help and
    click's own headings come from :mod:`roster.cli_help`; English and anything not translated
    there stay as written in the code.  Nothing is changed for good: each text is swapped in
    only while its line is formatted, so the next invocation (a test runner's) sees the
    English originals."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # --help is eager and prints before --lang's callback runs: settle the language first.
        lang = _raw_option(args, "--lang")
        if lang not in ("zh", "en"):
            lang = ctx.meta.get(_LANG_META)
        i18n.set_language(lang if lang in ("zh", "en") else default_language())
        return super().parse_args(ctx, args)  # type: ignore[misc]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if i18n.language() != "zh":
            return super().format_usage(ctx, formatter)  # type: ignore[misc]
        pieces = [_zh_metavar(piece) for piece in self.collect_usage_pieces(ctx)]  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=FRAME_ZH["usage"])

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = command_help(_help_path(ctx)) if i18n.language() == "zh" else None
        if text is not None:
            text = _cjk_prewrap(text, formatter.width - formatter.current_indent - 2)
        with _swapped(self, "help", text):
            super().format_help_text(ctx, formatter)  # type: ignore[misc]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if i18n.language() != "zh":
            return super().format_options(ctx, formatter)  # type: ignore[misc]
        path = _help_path(ctx)
        rows = []
        help_option = self.get_help_option(ctx)  # type: ignore[attr-defined]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if isinstance(param, click.Argument):
                # Options only, as click's own format_options: since click 8.5.1 an argument
                # gives a help record too, and "ROSTER.xlsx" stood alone under 选项.
                continue
            # click 8.5 names its help option "_click_default_help", earlier ones "help"
            name = "help" if param is help_option else param.name
            with _swapped(param, "help", option_help(path, name)):
                record = param.get_help_record(ctx)
            if record is not None:
                rows.append((_zh_metavar(record[0]), _zh_extras(record[1])))
        if rows:
            with _zh_section(formatter, FRAME_ZH["options"]):
                _write_dl_cjk(formatter, rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if i18n.language() != "zh":
            return super().format_commands(ctx, formatter)  # type: ignore[misc]
        prefix = _help_path(ctx)
        rows = []
        for name in self.list_commands(ctx):  # type: ignore[attr-defined]
            command = self.get_command(ctx, name)  # type: ignore[attr-defined]
            if command is None or command.hidden:
                continue
            text = command_help(f"{prefix} {name}".strip())
            short = text.strip().split("\n")[0] if text else command.get_short_help_str(formatter.width)
            rows.append((name, short))
        if rows:
            with _zh_section(formatter, FRAME_ZH["commands"]):
                _write_dl_cjk(formatter, rows)


def _help_path(ctx: click.Context) -> str:
    """The command's path below ``roster`` (``"bench curtois"``; ``""`` for roster itself),
    whatever name the program was started under."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names))


@contextlib.contextmanager
def _swapped(owner: object, attribute: str, value: str | None) -> Iterator[None]:
    """``owner.attribute`` set to ``value`` (when not None) for the block only."""
    if value is None:
        yield
        return
    before = getattr(owner, attribute)
    setattr(owner, attribute, value)
    try:
        yield
    finally:
        setattr(owner, attribute, before)


def _zh_extras(text: str) -> str:
    """click's trailing ``[default: 3; required]`` in Chinese."""
    match = re.search(r"\[([^\[\]]*)\]$", text)
    if match is None:
        return text
    inner = (match.group(1).replace("default: ", FRAME_ZH["default"] + "：").replace("required", FRAME_ZH["required"])
             .replace("; ", "；"))
    return text[:match.start()] + f"[{inner}]"


#: click's own metavars and usage words (English type names) in Chinese.
_METAVARS_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<![\w.]){pattern}(?![\w.])"), text) for pattern, text in (
        (r"\[OPTIONS\]", "[选项]"),
        (r"\[COMMAND\] \[ARGS\]\.\.\.", "[命令] [参数]..."),  # a group that runs without one (bench)
        (r"COMMAND \[ARGS\]\.\.\.", "命令 [参数]..."),
        (r"FLOAT RANGE", "数字"),
        (r"INTEGER RANGE", "整数"),
        (r"INTEGER", "整数"),
        (r"FLOAT", "数字"),
        (r"TEXT", "文本"),
        (r"FILE", "文件"),
        (r"DIRECTORY", "文件夹"),
        (r"PATH", "路径"),
    ))


def _zh_metavar(text: str) -> str:
    """An option's ``--time-limit FLOAT RANGE`` or the usage's ``[OPTIONS]`` with click's English
    type names in Chinese (the roster's own metavars, ``TEAM.xlsx``, ``ID:DATE``, stay)."""
    for pattern, words in _METAVARS_ZH:
        text = pattern.sub(words, text)
    return text


@contextlib.contextmanager
def _zh_section(formatter: click.HelpFormatter, name: str) -> Iterator[None]:
    """click's ``formatter.section`` with a full-width colon (``选项：``, not ``选项:``)."""
    formatter.write_paragraph()
    formatter.write(f"{'':>{formatter.current_indent}}{name}：\n")
    formatter.indent()
    try:
        yield
    finally:
        formatter.dedent()


#: Characters a line must not start with (they stay at the end of the line before).
_NO_LINE_START = set("，。、；：！？）》」』”’,.;:!?)]")


def _cjk_wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` terminal columns: between words, and
    between any two Chinese characters.  click counts characters, so a Chinese help text ran to
    twice the terminal's width, broken only at its few spaces."""
    units = re.findall(r"\s+|\[[^\[\]\s]*(?:\s[^\[\]\s]*)*\]|[（《「“‘]*[^\s\u2e80-\u9fff\uff00-\uffef"
                       r"\u3000-\u303f]+|[（《「“‘]*.", text)
    lines: list[str] = []
    line: list[str] = []  # the units of the line being filled (a space is a unit of its own)
    for unit in units:
        if unit.isspace():
            if line:
                line.append(" ")
            continue
        if line and i18n.display_width("".join(line).rstrip() + unit) > width:
            carried: list[str] = []
            # Closing punctuation may not start a line: it takes the unit before it along.
            while unit[0] in _NO_LINE_START and len(line) > 1 and not carried:
                carried = [line.pop()]
                while line and line[-1] == " ":
                    line.pop()
            lines.append("".join(line).rstrip())
            line = carried
        line.append(unit)
    if "".join(line).strip():
        lines.append("".join(line).rstrip())
    return lines or [""]


def _cjk_prewrap(text: str, width: int) -> str:
    """Each paragraph of a Chinese help text wrapped by :func:`_cjk_wrap` and marked ``\\b`` so
    that click keeps the lines as they are; paragraphs already marked ``\\b`` are left alone."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip("\n")):
        if paragraph.lstrip().startswith("\b"):
            paragraphs.append(paragraph)
        else:
            paragraphs.append("\b\n" + "\n".join(_cjk_wrap(_join_lines(paragraph.split("\n")), max(width, 20))))
    return "\n\n".join(paragraphs)


#: Chinese characters and full-width punctuation: no space where a line break falls beside one.
_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


def _join_lines(lines: list[str]) -> str:
    """The lines of one paragraph of a help text as one line: joined by a space between words,
    by nothing beside a Chinese character (a space there read "天的班）。 请假日")."""
    out = ""
    for line in (part.strip() for part in lines):
        if out and line and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


def _write_dl_cjk(formatter: click.HelpFormatter, rows: list[tuple[str, str]]) -> None:
    """``formatter.write_dl`` measured in terminal columns (a Chinese character takes two):
    click's own aligned ``--month 文本`` one column short and wrapped Chinese help to twice the
    terminal's width."""
    indent = formatter.current_indent
    first_col = min(max((i18n.display_width(first) for first, _ in rows), default=0), 30) + 2
    text_width = max(formatter.width - indent - first_col, 20)
    for first, second in rows:
        formatter.write(f"{'':>{indent}}{first}")
        if not second:
            formatter.write("\n")
            continue
        if i18n.display_width(first) <= first_col - 2:
            formatter.write(" " * (first_col - i18n.display_width(first)))
        else:
            formatter.write("\n" + " " * (first_col + indent))
        lines = _cjk_wrap(second, text_width)
        formatter.write(lines[0] + "\n")
        for line in lines[1:]:
            formatter.write(" " * (first_col + indent) + line + "\n")


class RosterCommand(_LocalHelp, click.Command):
    """Every roster command: help in the session's language (see :class:`_LocalHelp`)."""


class RosterSubGroup(_LocalHelp, click.Group):
    """A group below ``roster`` (``bench``): help in the session's language; errors, language
    and Ctrl-C are the root group's (:class:`RosterGroup`)."""

    command_class = RosterCommand


class RosterGroup(_LocalHelp, click.Group):
    command_class = RosterCommand
    group_class = RosterSubGroup

    def invoke(self, ctx: click.Context) -> Any:
        from roster.solve import reset_interrupt

        reset_interrupt()
        raw = [*getattr(ctx, "_protected_args", []), *ctx.args]
        # For a mistake found before --lang is read (an unknown option, a bad value): the
        # language asked for, else ROSTER_LANG or the locale, as --lang's own default.
        lang = _raw_option(raw, "--lang")
        if lang not in ("zh", "en"):
            lang = ctx.meta.get(_LANG_META)  # given before the command: roster --lang zh COMMAND
        i18n.set_language(lang if lang in ("zh", "en") else default_language())
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGINT, _on_ctrl_c)
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            as_json = None
            message = _usage_message(exc)
            if "--json" in raw:
                # README: bad input also gives ``problems``; a mistyped option is bad input too,
                # and a script should find the option without parsing the sentence.
                first = message.split("\n")[0]
                param = getattr(exc, "param", None)
                option = (param.opts[0] if param is not None and getattr(param, "opts", None) else None)
                as_json = {"ok": False, "exit_code": 2, "error": first, "reasons": [], "notes": [],
                           "problems": [{"sheet": None, "row": None, "column": None, "option": option,
                                         "message": first}]}
            raise CommandError(t("cli.error_line", message=message), 2, as_json) from None
        except RosterError as exc:
            raise _command_error(ctx, exc) from None
        except OSError as exc:
            # A path the filesystem refuses where no reader or writer words it (a name too long
            # to look up, a folder that vanished): a message naming it, not a traceback.
            name = exc.filename if exc.filename is not None else "-"
            error = InputError(t("cli.os_error", path=name, error=exc.strerror or exc))
            raise _command_error(ctx, error) from None
        except KeyboardInterrupt:
            # Ctrl-C: every output is written atomically after the work, so nothing was
            # written (a save interrupted half-way removes its temporary file); 130 = 128 + SIGINT.
            as_json = None
            if ctx.meta.get(_JSON_META) or "--json" in raw:  # a script reading stdout gets an answer
                as_json = {"ok": False, "exit_code": 130, "error": t("cli.interrupted"), "reasons": [],
                           "notes": []}
            raise CommandError(t("cli.interrupted"), 130, as_json) from None
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)


def _command_error(ctx: click.Context, exc: RosterError) -> CommandError:
    """``exc`` as shown to the user: its exit code, and with ``--json`` the JSON error object
    (README) on stdout as well."""
    as_json = None
    if ctx.meta.get(_JSON_META):
        as_json = {"ok": False, "exit_code": exc.exit_code, "error": str(exc),
                   "reasons": list(getattr(exc, "reasons", None) or []),
                   "notes": list(getattr(exc, "notes", None) or [])}
        if isinstance(exc, InputError):  # where each problem is, without parsing the sentence
            as_json["problems"] = exc.details()
    return CommandError(_format_error(exc), exc.exit_code, as_json)


def _format_error(exc: RosterError) -> str:
    reasons = getattr(exc, "reasons", None) or []
    lines = [t("cli.error_line", message=exc)]
    lines.extend(f"  - {r}" for r in reasons)
    lines.extend(getattr(exc, "notes", None) or [])
    return "\n".join(lines)


#: ctx.meta key set by the group's --lang (``roster --lang zh generate ...``).
_LANG_META = "roster.lang"


def _group_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``roster --lang zh COMMAND``: the language for every command after it.  INTERFACE.md makes
    ``--lang`` a common option; given before the command it was "No such option: --lang"."""
    if value:
        i18n.set_language(value)
        ctx.meta[_LANG_META] = value
    return value


def lang_option(func: Callable) -> Callable:
    def set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
        if value:
            # For the commands below this one (``roster bench --lang zh curtois --help``): the
            # sub-command's help is formatted before its own callbacks run (_LocalHelp).
            ctx.meta[_LANG_META] = value
        lang = value or ctx.meta.get(_LANG_META) or default_language()
        i18n.set_language(lang)
        return lang

    return click.option("--lang", type=click.Choice(["zh", "en"]), default=None, callback=set_lang,
                        is_eager=True, expose_value=True,
                        help="Language of labels and messages (default: ROSTER_LANG or the locale).")(func)


def json_option(func: Callable) -> Callable:
    def remember(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
        ctx.meta[_JSON_META] = value  # errors are then JSON on stdout too (RosterGroup.invoke)
        return value

    return click.option("--json", "as_json", is_flag=True, callback=remember,
                        help="Machine-readable output on stdout (errors too).")(func)


class Seconds(click.FloatRange):
    """A time limit: a finite number of seconds, at least ``min``.  click's FloatRange lets
    ``nan`` through (every comparison with it is false: a solve that failed as MODEL_INVALID,
    exit 3) and ``inf`` (a roster whose Rules sheet then has a blank time limit, which
    ``check`` refused)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = click.FLOAT.convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(t("cli.usage.not_finite", value=value), param, ctx)
        return super().convert(number, param, ctx)


#: CP-SAT's random_seed is a 32-bit integer; a larger --seed was a traceback from OR-Tools.
SEED = click.IntRange(-(2**31), 2**31 - 1)


def solve_options(func: Callable) -> Callable:
    func = click.option("--seed", type=SEED, default=None, help="Random seed (default: the profile's).")(func)
    func = click.option("--time-limit", type=Seconds(min=0.1), default=None,
                        help="Solver time limit in seconds (default: the profile's). With the profile's "
                             "solver.deterministic on (the default) these are CP-SAT deterministic "
                             "seconds, so the same input gives the same roster; wall time is "
                             "usually of the same order (a safety net stops a much slower "
                             "machine at about 4x).")(func)
    return func


def output_options(func: Callable) -> Callable:
    func = click.option("--force", is_flag=True, help="Overwrite an existing output file.")(func)
    return func


@click.group(cls=RosterGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="roster")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, expose_value=False,
              callback=_group_lang, help="Language of labels and messages for the command that follows "
              "(default: ROSTER_LANG or the locale).")
def main() -> None:
    """Shift rosters for e-commerce customer-service teams (OR-Tools CP-SAT).

    \b
    Typical month:
      roster init team.xlsx                      # a filled-in template to start from
      roster generate team.xlsx --month 2026-12 -o roster-2026-12.xlsx
      roster check roster-2026-12.xlsx           # audit, also after hand edits
      roster swap roster-2026-12.xlsx 1007:2026-12-05 1009:2026-12-05 -o roster-v2.xlsx
    """


# --------------------------------------------------------------------------------------- init
@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The workbook to write, as the other commands take it (the same as PATH).")
@click.option("--month", default=None, help="Month of the example (YYYY-MM; default: next month).")
@output_options
@lang_option
def init(path: Path | None, output: Path | None, month: str | None, force: bool, lang: str) -> None:
    """Write a filled-in template team workbook with an instructions sheet.

    Example: roster init team.xlsx --lang zh
    """
    from roster.excel.output import WORKBOOK_SUFFIXES, check_output
    from roster.excel.template import write_template

    # Every other command writes to -o, so a user types `roster init -o team.xlsx` too.
    if path is not None and output is not None and path != output:
        raise InputError(t("cli.init_two_paths", path=path, output=output))
    path = path or output
    if path is None:
        raise InputError(t("cli.init_no_path"))
    if month:
        parse_month(month)
    check_output(path, force=force, suffixes=WORKBOOK_SUFFIXES)
    write_template(path, lang=lang, force=force, month=month)
    click.echo(t("cli.init_done", path=path))


# ----------------------------------------------------------------------------------- generate
@main.command()
@click.argument("team_path", metavar="TEAM.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--month", required=True, help="Month to plan, YYYY-MM.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Roster workbook to write.")
@click.option("--profile", default=None, help="Rule profile: a name in configs/ or a .toml path.")
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Last month's roster workbook: its tail counts for rest and rotation rules.")
@click.option("--best-effort", is_flag=True,
              help="When demand cannot be met, write the roster with the smallest shortfall (marked red).")
@click.option("--ledger", "ledger_paths", multiple=True, type=click.Path(path_type=Path),
              help="Earlier roster workbooks (or a folder of them): who carried the most nights, weekends "
              "and holidays is spared first (repeatable).")
@solve_options
@output_options
@json_option
@lang_option
def generate(team_path: Path, month: str, output: Path, profile: str | None, previous: Path | None,
             best_effort: bool, ledger_paths: tuple[Path, ...], time_limit: float | None, seed: int | None,
             force: bool, as_json: bool, lang: str) -> None:
    """Make the month's roster from a team workbook.

    Exit codes: 0 roster written; 2 bad input; 3 infeasible (with the reason).

    Example: roster generate samples/cs-department-zh.xlsx --month 2026-12 -o roster.xlsx
    """
    from roster.excel.output import WORKBOOK_SUFFIXES, check_output
    from roster.excel.read_roster import read_roster
    from roster.excel.read_team import read_team
    from roster.excel.write_roster import write_roster

    year, mon = parse_month(month)
    # The --ledger rosters are inputs too: "-o roster-2026-12.xlsx --force --ledger rosters/"
    # replaced a roster the ledger had just been read from.
    inputs = [p for p in (team_path, previous) if p] + _ledger_inputs(ledger_paths)
    check_output(output, force=force, inputs=inputs, suffixes=WORKBOOK_SUFFIXES)
    team = read_team(team_path)
    # What reading --previous and --ledger found: with the plan's notes (console, --json and the
    # roster's Summary sheet, or the exit-3 answer), not on stderr alone.
    early_notes: list[str] = []
    if previous is not None:
        from roster.excel.read_roster import previous_tail

        # Last month's tail is checked as the History sheet is (another team's roster, this
        # month's, unknown codes: refused; staff it lacks: named), not taken silently.
        try:
            tail, tail_notes = previous_tail(read_roster(previous), team, dt.date(year, mon, 1))
        except InputError as exc:
            raise _in_file(exc, previous) from None
        early_notes.extend(tail_notes)
        team = engine.with_previous(team, tail)
    if ledger_paths:
        from dataclasses import replace

        from roster.ledger import ledger_weights

        # Only the months before this one carry load into it: a draft of this month, or a
        # later month, in the folder would otherwise count as load already carried.
        ledger_book = _load_ledger(ledger_paths)
        label = f"{year:04d}-{mon:02d}"
        later = [m for m in ledger_book.months if m >= label]
        if later:
            early_notes.append(t("cli.ledger_later", months=i18n.join(later), month=label))
        carried = ledger_weights(ledger_book, team, months=[m for m in ledger_book.months if m < label])
        names = {"nights": "nights", "weekend_days": "weekends", "holiday_days": "holidays"}
        team = replace(team, carried_load={sid: {names[k]: v for k, v in m.items() if k in names}
                                           for sid, m in carried.items()})
    prof = engine.effective_profile(team, profile)
    if profile is not None:
        # A Rules-sheet row that replaces a value of the profile the user chose: said, or
        # --profile statutory-40h quietly kept the template's rest_days.min = 4.
        early_notes.extend(prof.notes)
    if team.carried_load:
        # Recorded in the roster's Rules sheet (fairness.carried), so that check, swap, suggest
        # and repair spare the people the generator spared instead of charging them for it.
        from roster.rules.fairness import format_carried

        prof = prof.with_overrides([("fairness.carried", format_carried(team.carried_load), 0)], known_rules())
    # The roster's Rules sheet records the settings it was really made with.
    updates = {k: v for k, v in (("time_limit", time_limit), ("seed", seed)) if v is not None}
    prof.solver = prof.solver.model_copy(update=updates)
    try:
        with _live_progress(_Console(stderr=True)) as progress:
            plan = engine.generate(team, year, mon, prof, time_limit=time_limit, seed=seed,
                                   best_effort=best_effort, on_progress=None if as_json else progress)
    except InfeasibleError as exc:
        exc.notes[:0] = early_notes
        raise
    plan.notes[:0] = early_notes
    write_roster(output, team=plan.team, horizon=plan.horizon, roster=plan.roster,
                 violations=plan.check.violations, effective_rules=plan.effective_rules(),
                 profile_name=prof.name, lang=lang, force=force, inputs=[team_path, *([previous] if previous else [])],
                 notes=plan.notes)
    if as_json:
        click.echo(json.dumps(_plan_json(plan, output), ensure_ascii=False, indent=2))
    else:
        _show_plan(plan, output)


@contextlib.contextmanager
def _live_progress(console: Console) -> Iterator[Callable[[Progress], None]]:
    """The spinner line on stderr while a solve runs, and the callback that feeds it the best
    roster so far.  The line shows the wall time since the solve began, ticking every second:
    the solver's own clock restarts with each phase, and a department solved in parts (over
    90 people) reports no roster until the parts are stitched, so a 300-agent month showed a
    bare "Solving..." for a minute and a half."""
    start = time.monotonic()
    best: list[Progress] = []
    stop = threading.Event()
    with console.status(t("cli.solving")) as status:
        def show() -> None:
            seconds = time.monotonic() - start
            if not best:
                status.update(t("cli.solving_for", seconds=seconds))
                return
            p = best[-1]
            status.update(t("cli.progress", seconds=seconds, objective=_num(p.objective), bound=_num(p.bound),
                            gap=_gap(p.objective, p.bound)))

        def tick() -> None:
            while not stop.wait(1.0):
                show()

        def progress(p: Progress) -> None:
            best[:] = [p]
            show()

        ticker = threading.Thread(target=tick, name="roster-progress", daemon=True)
        ticker.start()
        try:
            yield progress
        finally:
            stop.set()
            ticker.join()


def _gap(objective: float | None, bound: float | None) -> str:
    if objective is None or bound is None:
        return "-"
    if objective == 0:
        return "0%"
    return f"{abs(objective - bound) / abs(objective):.1%}"


def _best_effort_headline(hard: list[Violation]) -> str:
    """What a best-effort roster gave up: people ("the smallest shortfall"), or, when every
    minimum is met and only shifts without a team lead are left, those."""
    from roster.rules.handover import is_lead_gap

    return t("cli.best_effort_leads" if hard and all(is_lead_gap(v) for v in hard) else "cli.best_effort")


def _show_plan(plan: engine.Plan, output: Path) -> None:
    console = _Console()
    info = plan.info
    if plan.diagnosis is not None:
        console.print(f"[bold red]{_best_effort_headline(plan.check.hard)}[/]")
        for reason in plan.diagnosis.reasons:
            console.print(f"  - {reason}", markup=False)
    for note in plan.notes:
        console.print(note, markup=False)
    if info is not None:
        console.print(t("cli.solve_line", status=status_words(info.status), objective=_num(info.objective),
                        bound=_num(info.bound), gap=_gap(info.objective, info.bound), seconds=info.seconds))
        # A best-effort roster's status is BEST_EFFORT/<solve status>: "not proven optimal"
        # after "BEST_EFFORT/OPTIMAL ... gap 0.0%" contradicted the line above it.
        if info.status.split("/")[-1] != "OPTIMAL":
            console.print(f"[yellow]{t('cli.not_optimal')}[/]")
    _show_costs(console, plan.check)
    _show_check_line(console, plan.check)
    console.print(t("cli.written", path=output))


def _num(value: float | None) -> str:
    """Whole numbers in full (a best-effort objective runs to eight digits, and ``2.12012e+07``
    hides the part a user compares between runs); other values with six significant digits."""
    if value is None:
        return "-"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}" if abs(value) >= 1e5 else f"{value:.6g}"


def _show_costs(console: Console, result: CheckResult) -> None:
    costs = result.cost_by_rule
    if not costs:
        return
    table = Table(title=t("cli.penalties_title"))
    table.add_column(t("cli.col.rule"))
    table.add_column(t("cli.col.units"), justify="right")
    table.add_column(t("cli.col.cost"), justify="right")
    for rule, (cost, units) in costs.items():
        table.add_row(rule_label(rule), str(units), str(cost))
    console.print(table)


def _show_check_line(console: Console, result: CheckResult) -> None:
    if result.ok:
        console.print(f"[green]{t('cli.check_ok', soft=len(result.soft))}[/]")
    else:
        # rule_label: in Chinese the rule's name with its code (交接班（handover）), as the tables show it
        rules = i18n.join(rule_label(code) for code in result.hard_rules())
        console.print(f"[red]{t('cli.check_bad', hard=len(result.hard), rules=rules)}[/]")


def _violation_json(v: Violation) -> dict:
    return {"rule": v.rule, "hard": v.hard, "staff_id": v.staff_id or None,
            "date": v.date.isoformat() if v.date else None, "shift": v.shift or None, "message": v.message,
            "data": v.data}


def _plan_json(plan: engine.Plan, output: Path | None) -> dict:
    info = plan.info
    return {
        "output": str(output) if output else None,
        "month": plan.horizon.first.strftime("%Y-%m") if plan.horizon.days else None,
        "solve": None if info is None else {
            "status": info.status, "objective": info.objective, "bound": info.bound, "gap": info.gap,
            "seconds": round(info.seconds, 3), "seed": info.seed, "workers": info.workers,
        },
        "ok": plan.check.ok,
        "cost_by_rule": {k: {"cost": c, "units": u} for k, (c, u) in plan.check.cost_by_rule.items()},
        "hard_violations": [_violation_json(v) for v in plan.check.hard],
        "soft_violations": [_violation_json(v) for v in plan.check.soft],
        "infeasibility": plan.diagnosis.reasons if plan.diagnosis else [],
        "notes": list(plan.notes),
    }


# -------------------------------------------------------------------------------------- check
def book_profile(book: Any, profile: str | None = None) -> Profile:
    """The rules to judge a roster workbook with.

    With ``profile`` (``--profile``) exactly that profile, so an unknown name is an error;
    otherwise the rules the workbook was made with: its Rules sheet (every effective value) on
    top of the profile it names, or the default one if that profile is not installed here.
    """
    if profile:
        return load_profile(profile)
    try:
        base = load_profile(book.profile_name)
    except InputError:
        base = load_profile(None)
    return base.with_overrides(book.effective_rules, known_rules())


@main.command()
@click.argument("roster_path", metavar="ROSTER.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--profile", default=None, help="Judge with this profile instead of the workbook's rules.")
@json_option
@lang_option
def check(roster_path: Path, profile: str | None, as_json: bool, lang: str) -> None:
    """Audit a roster workbook (also one edited by hand): hard rules, coverage, fairness.

    Exit codes: 0 all hard rules and minimum coverage hold; 1 violations (listed); 2 bad input.

    Example: roster check roster-2026-12.xlsx --lang en
    """
    from roster.excel.read_roster import read_roster

    book = read_roster(roster_path)
    plan = engine.check(book.team, book.roster, book_profile(book, profile))
    if as_json:
        click.echo(json.dumps(_plan_json(plan, None), ensure_ascii=False, indent=2))
    else:
        console = _Console()
        for note in plan.notes:
            console.print(note, markup=False)
        _show_violations(console, plan.check.hard, t("cli.hard_title"))
        # Findings without a cost (the compliance audit: overtime, statutory hours) are counted in
        # the closing line, so they are listed too, in their own table, not left to --json.
        _show_violations(console, [v for v in plan.check.soft if v.data.get("cost")], t("cli.soft_title"), limit=15)
        _show_violations(console, [v for v in plan.check.soft if not v.data.get("cost")], t("cli.audit_title"),
                         limit=15)
        _show_costs(console, plan.check)
        _show_check_line(console, plan.check)
    sys.exit(0 if plan.check.ok else 1)


_NO_WRAP = frozenset({"rule", "staff", "date", "shift", "interval"})
"""Columns a console table must never wrap or cut: in an 80-column terminal rich otherwise
shortened the coverage table's dates to '2027-0…' to make room for holiday names."""


def _add_columns(table: Table, columns: Sequence[str]) -> None:
    """The table's columns, the wrapping ones folding a line rather than cutting it: rich's
    default ("ellipsis") dropped characters of a Chinese sentence in an 80-column terminal
    ("fairness.working_day…", "A1 在" shown as "A1  …"), so a suggestion's reason lost words."""
    for col in columns:
        nowrap = col in _NO_WRAP
        table.add_column(t(f"cli.col.{col}"), no_wrap=nowrap, overflow="ellipsis" if nowrap else "fold")


def _show_violations(console: Console, violations: list[Violation], title: str, limit: int = 200) -> None:
    if not violations:
        return
    table = Table(title=title, show_lines=False)
    _add_columns(table, ("rule", "staff", "date", "message"))
    for v in violations[:limit]:
        table.add_row(rule_label(v.rule), v.staff_id, v.date.isoformat() if v.date else "", v.message)
    console.print(table)
    if len(violations) > limit:
        console.print(t("cli.more", count=len(violations) - limit))


if __name__ == "__main__":  # pragma: no cover
    main()


# ------------------------------------------------------------------------ swap / suggest / repair
i18n.register(
    {
        "cli.swap_refused": {
            "en": "Refused: the swap would break {count} hard rule(s); nothing written (use --allow-violations to "
                  "apply anyway):",
            "zh": "已拒绝：此次交换会违反 {count} 条硬性规则，未写出文件（如仍要执行请加 --allow-violations）：",
        },
        "cli.swap_refused_check": {
            "en": "Refused: the swap would break {count} hard rule(s) (to apply it anyway: --allow-violations "
                  "-o OUT):",
            "zh": "已拒绝：此次交换会违反 {count} 条硬性规则（如仍要执行：--allow-violations -o 输出文件）：",
        },
        "cli.swap_forced": {
            "en": "Applied with --allow-violations; {count} hard violation(s) recorded in the Changes and "
                  "Violations sheets:",
            "zh": "已按 --allow-violations 执行；{count} 处违规已记录在变更表和违规表中：",
        },
        "cli.swap_would_break": {
            "en": "The swap would break {count} hard rule(s); nothing applied or written (--allow-violations "
                  "applies a swap only together with -o OUT):",
            "zh": "此次交换会违反 {count} 条硬性规则；未执行，也未写出文件（--allow-violations 只有和 -o 输出文件一起使用才会执行）：",
        },
        "cli.swap_ok": {"en": "Swap allowed: no hard rule broken.", "zh": "可以交换：没有违反硬性规则。"},
        "cli.soft_effects": {"en": "Soft effects (cost change by rule): {parts}", "zh": "软性影响（各规则罚分变化）：{parts}"},
        "cli.change_line": {"en": "{staff} {date}: {before} -> {after}", "zh": "{staff} {date}：{before} -> {after}"},
        "cli.no_suggestion": {
            "en": "Nobody can take over {staff}'s {shift} on {date} without breaking a hard rule.",
            "zh": "没有人能在不违反硬性规则的情况下接替 {staff} 在 {date} 的 {shift} 班次。",
        },
        "cli.suggest_nobody_allowed": {
            "en": "Nobody else may work {shift} (the shifts column of the Staff sheet).",
            "zh": "没有其他人可以上 {shift}（见员工表的可排班次列）。",
        },
        "cli.suggest_nobody_free": {
            "en": "Nobody is free to take it: of the {count} others who may work {shift}, {working} already work "
                  "on {date} and {leave} are on leave. roster repair can re-plan the days around it (--leave for "
                  "the person who needs the day off).",
            "zh": "没有人有空接替：其他 {count} 名可上 {shift} 的人中，{working} 人 {date} 已在上班，{leave} 人请假。"
                  "可用 roster repair 重新安排前后几天（用 --leave 登记需要休息的人）。",
        },
        "cli.suggest_wider": {
            "en": "Trades were looked for within {window} day(s) of the date: a wider window may find one "
                  "(--window {wider}).",
            "zh": "只在前后 {window} 天内寻找了换班：扩大范围也许能找到（--window {wider}）。",
        },
        "cli.nearest_refused": {
            "en": "The nearest candidates, and the hard rules each would break:",
            "zh": "最接近的人选，以及各自会违反的硬性规则：",
        },
        "cli.refused.giveaway": {"en": "resting that day", "zh": "当天休息"},
        "cli.refused.give": {"en": "working that day", "zh": "当天上班"},
        "cli.no_give": {
            "en": "Nobody can give {staff} a shift on {date} without breaking a hard rule.",
            "zh": "没有人能在不违反硬性规则的情况下把 {date} 的班次让给 {staff}。",
        },
        "cli.give_title": {"en": "Who could give {staff} a shift on {date} (best first)",
                           "zh": "可以把 {date} 的班次让给 {staff} 的人选（最优在前）"},
        "cli.kind.giveaway": {"en": "give-away", "zh": "代班"},
        "cli.kind.give": {"en": "give-away", "zh": "让班"},
        "cli.kind.sameday": {"en": "same-day swap", "zh": "当天互换"},
        "cli.kind.trade": {"en": "trade", "zh": "跨日换班"},
        "cli.refused.sameday": {"en": "exchange of shifts that day", "zh": "当天互换班次"},
        "cli.refused_line": {"en": "  - {staff} ({how}): {rules}", "zh": "  - {staff}（{how}）：{rules}"},
        "cli.refused_more": {"en": " (and {count} more)", "zh": "（另有 {count} 条）"},
        "cli.suggest_title": {"en": "Who can take {staff}'s {shift} on {date} (best first)",
                              "zh": "可接替 {staff} 在 {date} 的 {shift} 的人选（最优在前）"},
        "cli.col.kind": {"en": "kind", "zh": "方式"},
        "cli.col.what": {"en": "what", "zh": "内容"},
        "cli.col.reason": {"en": "rank reason", "zh": "排序理由"},
        "cli.repair_done": {
            "en": "Repair: {changes} cell(s) changed, {others} of them for other people than those on leave.",
            "zh": "调整：共修改 {changes} 个单元格，其中 {others} 个属于请假人员以外的人。",
        },
        "cli.dry_run": {"en": "(no -o given: nothing written)", "zh": "（未指定 -o：未写出文件）"},
        "cli.kept_broken": {
            "en": "The kept days before {start} break {count} hard rule(s) the repair cannot change (those cells "
                  "stay as they are; listed in the Violations sheet):",
            "zh": "{start} 之前保持不变的日期违反 {count} 条硬性规则，调整无法改变（这些单元格保持原样，列在违规表中）：",
        },
    }
)


def by_option(func: Callable) -> Callable:
    return click.option("--by", default=None, help="Who makes the change (default: the OS user).")(func)


def _rule_says(v: Any) -> str:
    """A broken rule as swap and suggest print it: ``[rule] message``."""
    return f"[{rule_label(v.rule)}] {v.message}"


def _check_json(result: CheckResult) -> dict:
    """A written roster's check as ``swap --json`` and ``repair --json`` give it: a script needs
    the verdict on the file it reads next, not only on the change (a repair over a roster that
    already broke rules before ``--from`` writes one that ``check`` refuses)."""
    return {"ok": result.ok, "hard": len(result.hard), "hard_rules": result.hard_rules()}


def _write_edit(ctx: Any, team: Any, roster: Any, output: Path, force: bool, lang: str, source: Path,
                extras: Sequence[str] = (), checked: CheckResult | None = None) -> CheckResult:
    """Write an edited roster with the checker's verdict on the whole of it, and return that
    verdict (to be shown: a swap allowed on a roster that already broke rules still writes a
    roster that ``check`` refuses); ``checked``: that verdict when the edit already has it (a
    repair checks its roster in full); ``extras`` (the input's own sheets and columns, which the
    new workbook does not hold) are named on stderr."""
    from roster.checker import check_roster
    from roster.domain import LEAVE
    from roster.excel.write_roster import write_roster

    # Leave typed as 病假 or 年假 stays so where the cell is still leave (the solver and the
    # edits work with the plain mark).
    typed = ctx.roster.leave_texts
    roster.leave_texts = {key: text for key, text in typed.items() if roster.get(*key) == LEAVE}
    result = checked if checked is not None else check_roster(team, ctx.horizon, roster, ctx.rules)
    write_roster(output, team=team, horizon=ctx.horizon, roster=roster, violations=result.violations,
                 effective_rules=ctx.profile.flat(known_rules()), profile_name=ctx.profile.name, lang=lang,
                 force=force, inputs=[source])
    if extras:
        click.echo(t("cli.not_carried", output=output, source=source, items=i18n.join_clauses(extras)), err=True)
    return result


def _edit_context(roster_path: Path) -> tuple[Any, Any]:
    """The roster workbook read for an edit (whether its rows fit its Staff sheet is the edit's
    to say: :meth:`roster.edits.EditContext.require_rows`)."""
    from roster.edits import EditContext
    from roster.excel.read_roster import read_roster

    book = read_roster(roster_path)
    ctx = EditContext(book.team, book.roster, book_profile(book))
    for note in ctx.notes:  # on stderr: --json output stays one document
        click.echo(note, err=True)
    return book, ctx


@main.command()
@click.argument("roster_path", metavar="ROSTER.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("first", metavar="ID:DATE")
@click.argument("second", metavar="ID:DATE")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the changed roster (without it: only check the swap).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--allow-violations", "anyway", is_flag=True,
              help="Apply the swap even if it breaks a hard rule (recorded in the Changes and Violations "
                   "sheets); only with -o.")
@by_option
@json_option
@lang_option
def swap(roster_path: Path, first: str, second: str, output: Path | None, force: bool, anyway: bool,
         by: str | None, as_json: bool, lang: str) -> None:
    """Exchange two people's assignments (same day or two days; a rest day makes it a give-away).

    Exit codes: 0 done (or allowed, without -o); 1 refused: it would break a hard rule; 2 bad input.

    ID:DATE: the staff id, a colon and a date: 2026-12-05, 2026/12/05, or 12-05 for a day of the
    roster's month (a full-width colon and digits are read too).

    \b
    Examples:
      roster swap roster.xlsx 1007:2026-12-05 1009:2026-12-05 -o roster-v2.xlsx
      roster swap roster.xlsx 1007:2026-12-08 1009:2026-12-10 -o roster-v2.xlsx
    """
    from roster.edits import cost_parts, read_ref
    from roster.edits import swap as do_swap
    from roster.excel.output import WORKBOOK_SUFFIXES, check_output

    # Read before the roster (a typo is named at once); the ids and a month-day need the roster.
    first_arg, second_arg = read_ref(first), read_ref(second)
    if output is not None:
        check_output(output, force=force, inputs=[roster_path], suffixes=WORKBOOK_SUFFIXES)
    book, ctx = _edit_context(roster_path)
    a, b = ctx.cell(first_arg), ctx.cell(second_arg)
    outcome = do_swap(ctx, a, b, by=by)
    # --allow-violations applies a breaking swap by writing it; without -o there is nothing to
    # apply it to, so the answer is the refusal's (exit 1), not a "done" that changed nothing.
    # It is not --force: re-running a swap with --force to replace an old output must not turn a
    # refusal into a roster that breaks a rule (INTERFACE.md: --force means overwrite).
    refused = not outcome.allowed and (not anyway or output is None)
    written: CheckResult | None = None
    if output is not None and not refused:
        written = _write_edit(ctx, ctx.team, outcome.roster, output, force, lang, roster_path, book.extras)
    if as_json:
        click.echo(json.dumps({
            "exit_code": 1 if refused else 0,
            "allowed": outcome.allowed, "written": bool(output and not refused),
            "output": str(output) if output is not None and not refused else None,
            # The written roster's own check (null when nothing was written): hard rules it
            # breaks, whether from this swap or from before it.
            "check": None if written is None else _check_json(written),
            "violations": [_violation_json(v) for v in outcome.new_hard],
            "cost_delta": outcome.cost_delta, "cost_delta_by_rule": outcome.delta_by_rule(),
            "soft_effects": [v.message for v in outcome.soft_effects()[0]],
            "soft_eased": [v.message for v in outcome.soft_effects()[1]],
            "changes": [{"staff_id": c.staff_id, "date": c.date.isoformat(), "before": c.before, "after": c.after}
                        for c in outcome.changes],
        }, ensure_ascii=False, indent=2))
    else:
        console = _Console()
        for c in outcome.changes:
            console.print(t("cli.change_line", staff=c.staff_id, date=c.date, before=i18n.mark(c.before),
                            after=i18n.mark(c.after)))
        if outcome.allowed:
            console.print(f"[green]{t('cli.swap_ok')}[/]")
        else:
            if not refused:
                key = "cli.swap_forced"
            else:
                # Without -o, "use --allow-violations" alone would not apply it: the hint names -o too.
                key = ("cli.swap_would_break" if anyway else
                       "cli.swap_refused" if output is not None else "cli.swap_refused_check")
            console.print(f"[red]{t(key, count=len(outcome.new_hard))}[/]")
            for v in outcome.new_hard:
                console.print(f"  - {_rule_says(v)}", markup=False)
        parts = cost_parts(outcome.delta_by_rule())
        if parts:
            console.print(t("cli.soft_effects", parts=parts))
            # the findings behind the figures, in words: "1001 has 9 nights, fair share 7.4 ± 1"
            brought, ended = outcome.soft_effects()
            for v in brought:
                console.print(f"  + {v.message}", markup=False)
            for v in ended:
                console.print(f"  - {v.message}", markup=False)
        if output is None and not refused:  # a refusal already says nothing was applied
            console.print(t("cli.dry_run"))
        elif not refused:
            if written is not None:
                _show_check_line(console, written)
            console.print(t("cli.written", path=output))
    sys.exit(1 if refused else 0)


#: How many refused take-overs ``suggest`` lists when nobody can take the shift.
NEAREST_REFUSALS = 5


@main.command()
@click.argument("roster_path", metavar="ROSTER.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("cell", metavar="ID:DATE")
@click.option("--window", type=click.IntRange(0, 14), default=3, show_default=True,
              help="Days before and after to look for trades.")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True, help="How many to show.")
@json_option
@lang_option
def suggest(roster_path: Path, cell: str, window: int, limit: int, as_json: bool, lang: str) -> None:
    """Who can take over, or swap with, an assignment without breaking a hard rule, best first.

    On the person's rest day: who could give them a shift that day (outright, or as a trade for
    one of their shifts nearby). On a leave day there is nothing to offer; it says so (exit 0).
    At equal cost the colleague asked least comes first (fewest shifts taken on in the Changes
    sheet, then fewest working days), not the lowest staff id.

    ID:DATE as in swap (2026/12/05, or 12-05 for a day of the roster's month, are read too).

    Example: roster suggest roster.xlsx 1007:2026-12-05

    \b
    --json: a list, best first, of {"kind": giveaway|give|sameday|trade, "staff_id",
    "cost_delta", "reason", "description", "effects": [soft findings it brings, in words],
    "eased": [findings it ends], "cells": [{"staff_id", "date", "value"}]}.
    """
    from roster.edits import read_ref
    from roster.edits import suggest as do_suggest

    cell_arg = read_ref(cell)
    _, ctx = _edit_context(roster_path)
    ref = ctx.cell(cell_arg)
    result = do_suggest(ctx, ref, window=window, limit=limit)
    found = result.found
    if as_json:
        # stdout stays the documented list (empty: nobody); why, and who came closest, goes to
        # stderr for the person running the script, as the table version says it.
        click.echo(json.dumps([s.as_json() for s in found], ensure_ascii=False, indent=2))
        if result.note:
            click.echo(result.note, err=True)
        elif not found:
            for line in _nobody_lines(ctx, ref, result, window):
                click.echo(line, err=True)
        return
    console = _Console()
    if result.note:
        console.print(result.note, markup=False)
        return
    shift = ctx.roster.get(ref.staff_id, ref.date)
    giving = result.mode == "give"
    if not found:
        for line in _nobody_lines(ctx, ref, result, window):
            console.print(line, markup=False)
        return
    title = t("cli.give_title" if giving else "cli.suggest_title", staff=ref.staff_id, date=ref.date, shift=shift)
    table = Table(title=title)
    _add_columns(table, ("staff", "kind", "what", "reason"))
    for s in found:
        table.add_row(s.other, t(f"cli.kind.{s.kind}"), s.description, s.reason)
    console.print(table)


def _nobody_lines(ctx: Any, ref: Any, result: Any, window: int) -> list[str]:
    """Why ``suggest`` found nobody, line by line: the verdict, then the nearest candidates
    and the hard rules each would break, or why none could even be judged, and, when the
    trades looked only a few days around, that a wider --window may find one (on a 300-person
    month --window 5 found several trades where 3 found none)."""
    shift = ctx.roster.get(ref.staff_id, ref.date)
    giving = result.mode == "give"
    key = "cli.no_give" if giving else "cli.no_suggestion"
    lines = [t(key, staff=ref.staff_id, date=ref.date, shift=shift)]
    if result.refused:
        lines.append(t("cli.nearest_refused"))
    elif not giving:
        # No candidate was even judged: "without breaking a hard rule" alone sent a team lead
        # looking for a rule when the cause is that nobody is free (a QA team with two rest
        # days a month all on duty that day, say).
        lines.append(_nobody_free(ctx, ref.staff_id, ref.date, shift))
    for refusal in result.refused[:NEAREST_REFUSALS]:
        rules = i18n.join_clauses(_rule_says(v) for v in refusal.broken[:2])
        more = len(refusal.broken) - 2
        lines.append(t("cli.refused_line", staff=refusal.other, how=t("cli.refused." + refusal.kind), rules=rules)
                     + (t("cli.refused_more", count=more) if more > 0 else ""))
    if not giving and window < WIDER_WINDOW:
        lines.append(t("cli.suggest_wider", window=window, wider=WIDER_WINDOW))
    return lines


#: The --window a "nobody" answer proposes when trades looked fewer days around (the option's most).
WIDER_WINDOW = 14


def _nobody_free(ctx: Any, staff_id: str, date: dt.date, shift: str) -> str:
    """Why ``suggest`` found no candidate at all to judge (roster.edits.colleagues), in words."""
    from roster.edits import colleagues

    found = colleagues(ctx, staff_id, date, shift)
    if not found.allowed:
        return t("cli.suggest_nobody_allowed", shift=shift)
    return t("cli.suggest_nobody_free", date=date, shift=shift, count=found.allowed, working=found.working,
             leave=found.on_leave)


@main.command()
@click.argument("roster_path", metavar="ROSTER.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--leave", "leaves", multiple=True, required=True, metavar="ID:FROM[..TO]",
              help="New leave or sickness (repeatable).")
@click.option("--from", "start", default=None,
              help="First day that may change, YYYY-MM-DD (default: today, or the month's first day). New leave "
                   "before it is recorded on the kept days; rules those days already break are reported, not "
                   "repaired.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The repaired roster workbook to write.")
@click.option("--best-effort", is_flag=True, help="Write the smallest-shortfall roster when no valid repair exists.")
@solve_options
@output_options
@by_option
@json_option
@lang_option
def repair(roster_path: Path, leaves: tuple[str, ...], start: str | None, output: Path, best_effort: bool,
           time_limit: float | None, seed: int | None, force: bool, by: str | None, as_json: bool, lang: str) -> None:
    """Re-plan around new leave or sickness, changing as few other assignments as possible.

    Exit codes: 0 written; 2 bad input; 3 no valid repair (with the reason). It says whether
    the count of changed cells is proven the fewest (--json: fewest_changes, fewest_proven,
    penalties_proven).

    Dates as in swap's ID:DATE (2026-12-08, 2026/12/08, or 12-08 for a day of the roster's month);
    FROM..TO may also be written FROM~TO or FROM至TO.

    Example: roster repair roster.xlsx --leave 1007:2026-12-08..2026-12-09 --from 2026-12-08 -o roster-v2.xlsx
    """
    from roster.edits import read_from, read_leave
    from roster.edits import repair as do_repair
    from roster.excel.output import WORKBOOK_SUFFIXES, check_output

    leave_args = [read_leave(v) for v in leaves]
    start_arg = read_from(start) if start is not None else None
    check_output(output, force=force, inputs=[roster_path], suffixes=WORKBOOK_SUFFIXES)
    book, ctx = _edit_context(roster_path)
    new_leave = [ctx.leave(arg) for arg in leave_args]
    start_date = ctx.day(start_arg, "--from") if start_arg is not None else None
    outcome = do_repair(ctx, new_leave, start_date, time_limit=time_limit, seed=seed, best_effort=best_effort, by=by,
                        leave_texts=list(leaves))
    _write_edit(ctx, outcome.team, outcome.roster, output, force, lang, roster_path, book.extras, outcome.check)
    if as_json:
        click.echo(json.dumps({
            "exit_code": 0, "output": str(output),
            "changes": [{"staff_id": c.staff_id, "date": c.date.isoformat(), "before": c.before, "after": c.after}
                        for c in outcome.changes],
            # The written roster's check, in the shape swap gives it.
            "check": _check_json(outcome.check),
            "changed_others": outcome.changed_others, "ok": outcome.check.ok, "reasons": outcome.reasons,
            "status": outcome.roster.info.status if outcome.roster.info else None,
            "notes": outcome.notes,
            "kept_violations": [_violation_json(v) for v in outcome.kept_violations],
            # What the solve proved: the fewest changed cells besides the leave's own days, and
            # whether no repair changes fewer (and none with that many pays lower penalties).
            "fewest_changes": outcome.fewest, "fewest_proven": outcome.fewest_proven,
            "penalties_proven": outcome.penalties_proven,
        }, ensure_ascii=False, indent=2))
        return
    console = _Console()
    if outcome.reasons:
        # --best-effort found no valid repair and wrote the smallest shortfall: say so, and why.
        console.print(f"[bold red]{_best_effort_headline(outcome.check.hard)}[/]")
        for reason in outcome.reasons:
            console.print(f"  - {reason}", markup=False)
    for note in outcome.notes:
        console.print(note, markup=False)
    for c in outcome.changes:
        console.print(t("cli.change_line", staff=c.staff_id, date=c.date, before=i18n.mark(c.before),
                        after=i18n.mark(c.after)))
    console.print(t("cli.repair_done", changes=len(outcome.changes), others=outcome.changed_others))
    if outcome.proof():
        console.print(outcome.proof(), markup=False)
    _show_check_line(console, outcome.check)
    if outcome.kept_violations:
        console.print(t("cli.kept_broken", start=outcome.start, count=len(outcome.kept_violations)))
        for v in outcome.kept_violations:
            console.print(f"  - {_rule_says(v)}", markup=False)
    console.print(t("cli.written", path=output))


# ------------------------------------------------------------------------------------ coverage
i18n.register(
    {
        "cli.coverage_title": {"en": "Coverage: required vs assigned", "zh": "覆盖：需求与已排人数"},
        "cli.coverage_ok": {"en": "Every minimum is covered.", "zh": "所有最少需求均已覆盖。"},
        "cli.coverage_no_special": {
            "en": "No public holiday, make-up working day, declared rest day or promotion day from {first} to {last}.",
            "zh": "{first} 至 {last} 没有法定节假日、调休上班日、休息日或大促日。",
        },
        "cli.coverage_gaps": {"en": "{count} gap(s): {missing} person-shift(s) missing.",
                              "zh": "{count} 处缺口：共缺 {missing} 人次。"},
        "cli.col.shift": {"en": "shift", "zh": "班次"},
        "cli.col.skill": {"en": "skill", "zh": "技能"},
        "cli.col.day": {"en": "day", "zh": "类型"},
        "cli.col.min": {"en": "min", "zh": "最少"},
        "cli.col.target": {"en": "target", "zh": "目标"},
        "cli.col.assigned": {"en": "assigned", "zh": "已排"},
        "cli.col.gap": {"en": "gap", "zh": "缺口"},
        "cli.col.people": {"en": "on duty", "zh": "在岗人员"},
        "cli.intervals_title": {"en": "Short intervals: on duty vs required", "zh": "不足的时段：在岗与需求"},
        "cli.intervals_special_title": {
            "en": "Intervals on holidays, make-up working days, rest days and promotion days: on duty vs required",
            "zh": "节假日、调休上班日、休息日和大促日的时段：在岗与需求",
        },
        "cli.intervals_ok": {"en": "Every interval is covered ({count} intervals).",
                             "zh": "所有时段均已覆盖（共 {count} 个时段）。"},
        "cli.intervals_gaps": {"en": "{count} short interval(s): {missing} person-interval(s) missing.",
                               "zh": "{count} 个时段不足：共缺 {missing} 人·时段。"},
        "cli.col.interval": {"en": "interval", "zh": "时段"},
        "cli.col.required": {"en": "required", "zh": "需求"},
        "cli.col.on_duty": {"en": "on duty", "zh": "在岗"},
    }
)


@main.command()
@click.argument("roster_path", metavar="ROSTER.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--holidays", "only_special", is_flag=True,
              help="Only public holidays, make-up working days, rest days the Holidays sheet declares and "
                   "promotion days (with names on duty).")
@json_option
@lang_option
def coverage(roster_path: Path, only_special: bool, as_json: bool, lang: str) -> None:
    """Coverage against demand per day, shift and skill.

    Exit codes: 0 every minimum covered; 1 gaps; 2 bad input.

    \b
    JSON (--json): {"rows": [{"date", "shift", "skill" (null: anyone), "min", "target",
      "assigned", "gap", "below_target", "people", "day_type" (weekday|weekend|holiday|workday),
      "holiday", "promotion", "rest_day" (a rest day the Holidays sheet declares)}], "gaps": N,
      "missing": N, "intervals": [{"date", "from", "to", "skill", "required", "on_duty", "gap",
      "people", "day_type", "holiday", "promotion", "rest_day"}], "interval_gaps": N,
      "interval_missing": N, "notes": [what the console prints above the table: a calendar the
      holidays package does not know yet, ...]}
    With interval demand (Intervals or Forecast sheet) the console lists the short intervals.

    Example: roster coverage roster.xlsx --holidays --lang zh
    """
    from roster.excel.read_roster import read_roster
    from roster.reports import coverage_table, interval_coverage_table, special_rows

    book = read_roster(roster_path)
    plan = engine.check(book.team, book.roster, book_profile(book))
    rows = coverage_table(plan.team, plan.horizon, book.roster)
    intervals = interval_coverage_table(plan.team, plan.horizon, book.roster)
    if only_special:
        rows = special_rows(rows)
        intervals = special_rows(intervals)
    gaps = [r for r in rows if r.gap]
    missing = sum(r.gap for r in gaps)
    short = [r for r in intervals if r.gap]
    if as_json:
        click.echo(json.dumps({"rows": [r.as_json() for r in rows], "gaps": len(gaps), "missing": missing,
                               "intervals": [r.as_json() for r in intervals], "interval_gaps": len(short),
                               "interval_missing": sum(r.gap for r in short), "notes": list(plan.notes)},
                              ensure_ascii=False, indent=2))
    else:
        console = _Console()
        for note in plan.notes:
            console.print(note, markup=False)
        if only_special and not rows and not intervals:
            # An empty table says nothing; the month simply has no such day.
            console.print(t("cli.coverage_no_special", first=plan.horizon.first, last=plan.horizon.last))
            sys.exit(0)
        # A team whose demand is all per interval has no shift rows: an empty table and "every
        # minimum is covered" spoke of minimums the workbook never set.
        if rows or not intervals:
            table = Table(title=t("cli.coverage_title"))
            _add_columns(table, ("date", "day", "shift", "skill", "min", "target", "assigned", "gap"))
            if only_special:
                table.add_column(t("cli.col.people"))
            for r in rows:
                cells = [r.date.isoformat(), _day_label(r.day_type, r.holiday, r.promotion, r.rest_day), r.shift,
                         r.skill or t("anyone"), str(r.min), str(r.target), str(r.assigned), str(r.gap) if r.gap else ""]
                if only_special:
                    cells.append(i18n.join(r.people))
                table.add_row(*cells, style="red" if r.gap else None)
            console.print(table)
            if gaps:
                console.print(f"[red]{t('cli.coverage_gaps', count=len(gaps), missing=missing)}[/]")
            else:
                console.print(f"[green]{t('cli.coverage_ok')}[/]")
        if intervals and only_special:
            _show_special_intervals(console, intervals, short)
        elif intervals:
            _show_short_intervals(console, intervals, short, only_special)
    sys.exit(1 if gaps or short else 0)


def _day_label(day_type: str, holiday: str, promotion: str, rest_day: bool = False) -> str:
    """``holiday 国庆节 双11``: the day type in the chosen language (``rest day`` for a rest day
    the Holidays sheet declares, planned as a weekend), then the holiday and promotion."""
    from roster.reports import day_kind_label

    names = [name for name in (holiday, promotion) if name]
    if names and i18n.language() == "zh":  # 工作日（双12）, as the Coverage sheet and the report say it
        return f"{day_kind_label(day_type, rest_day)}（{i18n.join(names)}）"
    return " ".join([day_kind_label(day_type, rest_day), *names])


def _show_special_intervals(console: Console, intervals: list, short: list) -> None:
    """``coverage --holidays`` with interval demand: every interval of the holidays, make-up
    working days and promotion days, with the names on duty, as the shift table lists them.

    Listing only the short ones answered HR's question "who is on duty on the holidays" with
    "every interval is covered" and no names, for a team whose demand is all per interval.
    These days are few, so the table stays readable; the month's other days keep to the
    short intervals (:func:`_show_short_intervals`)."""
    table = Table(title=t("cli.intervals_special_title"))
    _add_columns(table, ("date", "day", "interval", "skill", "required", "on_duty", "gap"))
    table.add_column(t("cli.col.people"))
    for r in intervals:
        table.add_row(r.date.isoformat(), _day_label(r.day_type, r.holiday, r.promotion, r.rest_day), r.label,
                      r.skill or t("anyone"), str(r.required), str(r.on_duty), str(r.gap) if r.gap else "",
                      i18n.join(r.people), style="red" if r.gap else None)
    console.print(table)
    if short:
        console.print(f"[red]{t('cli.intervals_gaps', count=len(short), missing=sum(r.gap for r in short))}[/]")
    else:
        console.print(f"[green]{t('cli.intervals_ok', count=len(intervals))}[/]")


def _show_short_intervals(console: Console, intervals: list, short: list, with_people: bool) -> None:
    """The short intervals only: a month of half hours is too long for a console (the roster
    workbook's heat map shows them all)."""
    if short:
        table = Table(title=t("cli.intervals_title"))
        _add_columns(table, ("date", "interval", "skill", "required", "on_duty", "gap"))
        if with_people:
            table.add_column(t("cli.col.people"))
        for r in short:
            cells = [r.date.isoformat(), r.label, r.skill or t("anyone"), str(r.required), str(r.on_duty), str(r.gap)]
            table.add_row(*cells, *([i18n.join(r.people)] if with_people else []), style="red")
        console.print(table)
        console.print(f"[red]{t('cli.intervals_gaps', count=len(short), missing=sum(r.gap for r in short))}[/]")
    else:
        console.print(f"[green]{t('cli.intervals_ok', count=len(intervals))}[/]")


# --------------------------------------------------------------------------------------- bench
@main.group(invoke_without_command=True)
@click.option("--time-limit", type=Seconds(min=1), default=60.0, show_default=True,
              help="Seconds per Curtois instance 1-12 (13-24 get ten times as much).")
@click.option("--instances", default="1-24", show_default=True, help="Curtois instances to run, e.g. 1-12 or 1,5,13.")
@click.option("--wall", is_flag=True, help="Read the Curtois limits as wall-clock seconds (the goals as the issue "
              "states them), not deterministic ones: not reproducible; the Settings column says which.")
@click.option("--synthetic/--no-synthetic", default=True, show_default=True, help="Also run the synthetic departments.")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder with Instance1.txt ... Instance24.txt and best_known.csv "
                   "(default: ROSTER_CURTOIS_DIR, else shared/bench/curtois beside the checkout).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("docs/benchmarks.md"),
              show_default=True, help="Where to write the figures (the page is replaced; its table shows the latest row of each "
                   "instance in bench/curtois.jsonl beside it, where each run's rows are appended).")
@lang_option
@click.pass_context
def bench(ctx: click.Context, time_limit: float, wall: bool, instances: str, synthetic: bool, data: Path | None,
          output: Path, lang: str) -> None:
    """Benchmarks: the Curtois & Qu instances and synthetic departments (long: minutes to hours).

    \b
    roster bench                                  # the whole suite, figures to docs/benchmarks.md
    roster bench --instances 1-12 --no-synthetic  # the small Curtois instances only
    roster bench curtois Instance1.txt --time-limit 10 --solution out.tsv
    """
    if ctx.invoked_subcommand is not None:
        return
    from roster.bench import CURTOIS_DIR
    from roster.bench.curtois import load_instance
    from roster.bench.suite import (
        PREAMBLE,
        TITLE,
        WALL_TITLE,
        curtois_section,
        instance_paths,
        merge_rows,
        rows_file,
        run_suite,
        write_benchmarks_md,
    )
    from roster.bench.synthetic import run_synthetic, synthetic_section
    from roster.excel.output import check_output

    # Everything that can be wrong is found before the first solve: the run takes hours.
    numbers = _instance_numbers(instances)
    folder = data or CURTOIS_DIR
    paths = instance_paths(numbers, folder)
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
        raise InputError(t("cli.bench_no_data", folder=folder, names=shown))
    for path in paths:
        try:
            load_instance(path)
        except ValueError as exc:
            raise InputError(t("cli.bench_bad_file", path=path, error=exc)) from None
    with contextlib.suppress(OSError):  # the default docs/ may not exist yet; check_output says why not
        output.parent.mkdir(parents=True, exist_ok=True)
    check_output(output, force=True, inputs=paths, option="-o")
    # Each row is appended, as soon as it is known, to the rows file beside the page: an
    # hours-long run that stops early keeps what it measured.  The table shows the latest row of
    # every instance in that file, so instances this run did not measure keep their rows (like
    # the synthetic section below) and the table always matches the file.
    # Wall-clock runs (--wall) have their own rows file and section: they are not reproducible,
    # so they never replace a deterministic row.
    store = rows_file(output, wall)
    store.parent.mkdir(exist_ok=True)
    for large, limit in ((False, time_limit), (True, time_limit * 10)):  # 13-24: 100+ staff, up to a year
        group = [path for number, path in zip(numbers, paths, strict=True) if (number > 12) == large]
        if group:
            run_suite(group, limit, out_jsonl=store, wall=wall)
    # A table for each kind of run measured so far (a first --wall run has no deterministic one).
    sections = [curtois_section(merge_rows([rows]), title)
                for rows, title in ((rows_file(output), TITLE), (rows_file(output, wall=True), WALL_TITLE))
                if rows.exists()]
    if synthetic:
        limits = {30: 10.0, 300: 60.0, 1000: 120.0}
        sections.append(synthetic_section(run_synthetic(list(limits.items())), limits))
    # Sections this run did not measure (the synthetic departments with --no-synthetic) are
    # carried over from the old page, not dropped.
    write_benchmarks_md(sections, output, PREAMBLE, keep_other_sections=True)
    click.echo(t("cli.bench_written", path=output))


def _instance_numbers(text: str) -> list[int]:
    """``1-12`` or ``1,5,13-15`` as instance numbers 1-24, in the given order, each once."""
    numbers: list[int] = []
    for part in text.split(","):
        low, dash, high = part.strip().partition("-")
        try:
            first, last = int(low), int(high if dash else low)
        except ValueError:
            raise InputError(t("cli.bench_bad_instances", part=part)) from None
        if not 1 <= first <= last <= 24:
            raise InputError(t("cli.bench_bad_instances", part=part))
        numbers += [n for n in range(first, last + 1) if n not in numbers]
    return numbers


@bench.command("curtois")
@click.argument("instance", metavar="INSTANCE.txt", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--time-limit", type=Seconds(min=0.1), default=60.0, show_default=True,
              help="Deterministic seconds (same input, seed, workers, limit: same roster).")
@click.option("--wall", is_flag=True, help="Read --time-limit as wall-clock seconds, shared out among the solve's "
              "phases as they go: how long you wait, but the roster then depends on the machine and its load.")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Random seed of the solve.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="CP-SAT workers (threads); the benchmark goals are for 2.")
@click.option("--solution", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the roster in the published solutions/*.tsv format.")
@output_options
@json_option
@lang_option
def bench_curtois(instance: Path, time_limit: float, wall: bool, seed: int, workers: int, solution: Path | None,
                  force: bool, as_json: bool, lang: str) -> None:
    """Solve one Curtois & Qu instance; print the objective recomputed by roster's own evaluator.

    Exit 3 (and no solution file) when no roster keeps every hard rule."""
    from roster.bench.curtois import load_instance, write_tsv
    from roster.bench.curtois_model import solve_instance
    from roster.excel.output import check_output, write_atomic

    try:
        inst = load_instance(instance)
    except ValueError as exc:
        raise InputError(t("cli.bench_bad_file", path=instance, error=exc)) from None
    if solution is not None:  # before the solve, which may take minutes
        check_output(solution, force=force, inputs=[instance], option="--solution")
    res = solve_instance(inst, time_limit, seed=seed, workers=workers, wall=wall)
    valid = res.roster is not None and res.feasible
    unit = t("cli.bench_wall_s" if wall else "cli.bench_det_s")
    if solution is not None and valid:
        roster = res.roster
        write_atomic(solution, lambda name: write_tsv(inst, roster, name), force=force, inputs=[instance],
                     option="--solution")
    data = {"instance": inst.name, "objective": res.objective, "feasible": res.feasible, "status": res.status,
            "bound": res.bound, "split": res.split, "time_to_first": res.time_to_first,
            "time_to_best": res.time_to_best, "wall_time": res.wall_time, "strategy": res.strategy,
            "clock": "wall" if wall else "deterministic", "deterministic": res.deterministic}
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
    else:
        click.echo(t("cli.bench_line", instance=inst.name, objective=res.objective,
                     validity=t("cli.bench_valid" if res.feasible else "cli.bench_invalid"), status=res.status,
                     bound=res.bound, gap=_bench_gap(res.objective, res.bound), split=res.split,
                     first=_secs(res.time_to_first), best=_secs(res.time_to_best), wall=res.wall_time,
                     limit=time_limit, unit=unit, cap="" if res.deterministic or wall else t("cli.bench_cap")))
    if not valid:
        raise InfeasibleError(t("cli.bench_no_roster", instance=inst.name, seconds=time_limit, unit=unit),
                              res.violations[:10])


def _bench_gap(objective: int | None, bound: int | None) -> str:
    """The gap to the proven bound, (objective - bound) / objective, as ' (gap 0.12%)'; empty
    without a bound.  (Named apart from :func:`_gap`, the generate line's, which an earlier
    ``_gap`` here replaced at import: generate printed 'gap  (gap 26.83%)'.)"""
    if objective is None or bound is None or objective <= 0:
        return ""
    return t("cli.bench_gap", pct=100 * (objective - bound) / objective)


def _secs(value: float | None) -> str:
    """Seconds for the bench line; '-' when no roster was found (nothing to time)."""
    return "-" if value is None else f"{value:.1f}s"


# ------------------------------------------------------------------------------ ledger / report
i18n.register(
    {
        "cli.ledger_title": {"en": "Fairness ledger", "zh": "公平台账"},
        "cli.ledger_later": {
            "en": "--ledger: the rosters of {months} are not before {month}, so they are left out of the load "
                  "carried into it.",
            "zh": "--ledger：{months} 的排班表不早于 {month}，不计入带入本月的负担。",
        },
        "cli.ledger_ytd_title": {"en": "Year to date (as of the month shown)", "zh": "年累计（截至所列月份）"},
        "cli.no_rosters": {"en": "no roster workbooks (.xlsx) found in {path}", "zh": "{path} 中没有排班表（.xlsx）"},
        "cli.ledger_skipped": {"en": "{path}: team workbooks (no Roster sheet), skipped: {files}",
                               "zh": "{path}：以下是团队工作簿（没有排班表工作表），已跳过：{files}"},
        "cli.report_done": {"en": "Report written: {path}", "zh": "报告已写出：{path}"},
    }
)


def _roster_files(paths: tuple[Path, ...]) -> list[Path]:
    """The roster workbooks named or found in the folders named, each once (a file given both
    by name and through its folder is one roster, not two versions of a month)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("~$"))
            # A manager keeps team.xlsx beside the rosters: a team workbook in the folder is
            # skipped and named, not a failure of the whole ledger (any other workbook, and a
            # file named on its own, is read as a roster and refused if it is not one).
            others = [p for p in found if _is_team_workbook(p)]
            if others:
                click.echo(t("cli.ledger_skipped", path=path, files=i18n.join(p.name for p in others)), err=True)
            found = [p for p in found if p not in others]
            if not found:
                raise InputError(t("cli.no_rosters", path=path))
            files += found
        else:
            files.append(path)
    unique: dict[Path, Path] = {}
    for path in files:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _ledger_inputs(paths: Sequence[Path]) -> list[Path]:
    """Every file ``--ledger`` may read (the files named, the ``.xlsx`` in the folders named),
    for the output check: a command never writes over a file it reads."""
    files: list[Path] = []
    for path in paths:
        try:
            files += sorted(path.glob("*.xlsx")) if path.is_dir() else [path]
        except OSError:
            files.append(path)  # reading it says what is wrong with it
    return files


def _in_file(exc: InputError, path: Path) -> InputError:
    """``exc`` naming the workbook it is about (one of several read: a ledger folder, the
    previous roster), each problem keeping its sheet, row and column for ``--json``.  A message
    that names the file already is left as it is ("x.xlsx: x.xlsx is not an Excel workbook")."""
    def named(error: InputError) -> InputError:
        message = str(error)
        if str(path) not in message:
            message = f"{path}: {message}"
        return InputError(message, sheet=error.sheet, row=error.row, column=error.column)

    if isinstance(exc, InputErrors):
        return InputErrors([named(error) for error in exc.errors])
    return named(exc)


def _is_team_workbook(path: Path) -> bool:
    """Whether a workbook is a team workbook (a Staff sheet and no Roster sheet: a roster
    workbook carries a copy of Staff too); an unreadable file is not (reading it as a roster
    then says what is wrong with it)."""
    from roster.excel.aliases import find_sheet
    from roster.excel.sheets import open_workbook

    try:
        names = open_workbook(path).sheetnames
    except InputError:
        return False
    return find_sheet("staff", names) is not None and find_sheet("roster", names) is None


def _load_ledger(paths: tuple[Path, ...]) -> Any:
    from roster.calendar import horizon_for_dates
    from roster.excel.read_roster import read_roster
    from roster.ledger import build_ledger

    books = []
    files = _roster_files(paths)
    for path in files:
        try:
            book = read_roster(path)
        except InputError as exc:
            # A folder holds many rosters: the message must say which one is at fault.
            raise _in_file(exc, path) from None
        books.append((book.team, horizon_for_dates(book.team, engine.month_span(book.roster.dates)), book.roster))
    try:
        return build_ledger(books, [str(path) for path in files])
    except ValueError as exc:
        raise InputError(str(exc)) from None


@main.command()
@click.argument("paths", metavar="ROSTER.xlsx|FOLDER...", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@lang_option
def ledger(paths: tuple[Path, ...], as_json: bool, lang: str) -> None:
    """Nights, weekend days, holiday days and hours per person, month by month and year to date.

    Example: roster ledger rosters/2026-*.xlsx
    """
    from roster.ledger import DETAIL_METRICS, row_labels

    book = _load_ledger(paths)
    if as_json:
        click.echo(json.dumps(book.as_json(), ensure_ascii=False, indent=2, default=str))
        return
    rows = book.as_rows()
    labels = row_labels(lang)
    columns = [c for c in (rows[0].keys() if rows else [])
               if c != "present" and c.removeprefix("ytd_") not in DETAIL_METRICS]
    # Two tables, not one of fourteen columns: in an 80-column terminal that one squeezed
    # every header to "w…", "ho…" and every name to "na…".  The months first, then each
    # person's year to date as of the last month given (per year), when there is more than one.
    console = _Console()
    monthly = [c for c in columns if not c.startswith("ytd_")]
    table = Table(title=t("cli.ledger_title"), box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for col in monthly:
        table.add_column(labels.get(col, col), no_wrap=col in ("id", "month"),
                         justify="left" if col in ("id", "name", "team", "month") else "right")
    for row in rows:
        # A month the person was not on staff: "-", not zeros that read as a month of no duty.
        table.add_row(*(str(row[c]) if row["present"] or c in ("id", "name", "team", "month") else "-"
                        for c in monthly))
    console.print(table)
    latest: dict[tuple[object, str], dict[str, object]] = {}
    for row in rows:
        latest[(row["id"], str(row["month"])[:4])] = row  # as_rows sorts each person's months
    if len(rows) > len(latest):
        ytd = [c for c in columns if c.startswith("ytd_")]
        table = Table(title=t("cli.ledger_ytd_title"), box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
        for col in ("id", "name", "month"):
            table.add_column(labels.get(col, col), no_wrap=col != "name")
        for col in ytd:
            table.add_column(labels.get(col.removeprefix("ytd_"), col), justify="right")
        for row in latest.values():
            table.add_row(*(str(row[c]) for c in ("id", "name", "month", *ytd)))
        console.print(table)


@main.command()
@click.argument("roster_path", metavar="ROSTER.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (one self-contained file).")
@output_options
@lang_option
def report(roster_path: Path, output: Path, force: bool, lang: str) -> None:
    """A standalone HTML report (inline SVG charts, no network) to send around.

    Example: roster report roster-2026-12.xlsx -o report.html --lang zh
    """
    from roster.excel.output import REPORT_SUFFIXES, check_output, write_text_atomic
    from roster.excel.read_roster import read_roster
    from roster.report_html import render_report
    from roster.reports import coverage_table, interval_coverage_table, person_summary

    check_output(output, force=force, inputs=[roster_path], suffixes=REPORT_SUFFIXES)
    book = read_roster(roster_path)
    plan = engine.check(book.team, book.roster, book_profile(book))
    # plan.team: the team as the checker saw it (leave typed into the roster counts as leave).
    html = render_report(plan.team, plan.horizon, book.roster,
                         coverage_rows=coverage_table(plan.team, plan.horizon, book.roster),
                         summaries=person_summary(plan.team, plan.horizon, book.roster),
                         violations=plan.check.violations, info=book.solve_info or book.roster.info, lang=lang,
                         interval_rows=interval_coverage_table(plan.team, plan.horizon, book.roster),
                         effective_rules=plan.effective_rules())  # the workbook's own fairness tolerance
    write_text_atomic(output, html, force=force, inputs=[roster_path])
    click.echo(t("cli.report_done", path=output))


# -------------------------------------------------------------------------------------- demand
i18n.register(
    {
        "cli.demand_no_forecast": {
            "en": "{path} has no Forecast sheet, or it is empty: nothing to compute. Add a sheet "
            "Forecast / 预测 with the columns day, from, to, channel, contacts and aht.",
            "zh": "{path} 没有预测表，或预测表为空：无可计算内容。请添加工作表“预测”（Forecast），"
            "列为 日期、开始、结束、渠道、进线量、平均处理时长。",
        },
        "cli.demand_line": {
            "en": "{rows} intervals for {month} from {forecast} Forecast rows (profile {profile}: "
            "chat {chat_sl:.0%} within {chat_s:g} s at {k} chats per agent, phone {phone_sl:.0%} "
            "within {phone_s:g} s, shrinkage {shrinkage:.0%}).",
            "zh": "{month} 共 {rows} 个时段，来自 {forecast} 行预测（规则配置 {profile}：在线 "
            "{chat_sl:.0%} 在 {chat_s:g} 秒内首次响应、每人同时 {k} 个会话；电话 {phone_sl:.0%} "
            "在 {phone_s:g} 秒内接起；损耗率 {shrinkage:.0%}）。",
        },
        "cli.demand_title": {"en": "Peak agents per skill (on duty, after shrinkage)",
                             "zh": "各技能的峰值人数（在岗人数，已计损耗）"},
        "cli.demand_busiest": {
            "en": "Busiest interval: {day} {start}-{end}, {agents} agents ({parts}).",
            "zh": "最忙时段：{day} {start}-{end}，共 {agents} 人（{parts}）。",
        },
        "cli.demand_outside": {
            "en": "{count} Forecast row(s) name dates outside {month} and were not used (rows {rows}).",
            "zh": "预测表有 {count} 行的日期不在 {month} 内，未使用（第 {rows} 行）。",
        },
        "cli.demand_written": {"en": "Workbook with the Intervals sheet written: {path}",
                               "zh": "已写出含时段需求表的工作簿：{path}"},
        "cli.col.agents": {"en": "agents", "zh": "人数"},
        "cli.col.when": {"en": "when", "zh": "时段"},
        "cli.col.sl": {"en": "service level", "zh": "服务水平"},
        "cli.col.asa": {"en": "ASA (s)", "zh": "平均应答（秒）"},
        "cli.col.occupancy": {"en": "occupancy", "zh": "占用率"},
    }
)


@main.command()
@click.argument("team_path", metavar="TEAM.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Workbook to write (default: TEAM-intervals.xlsx beside the input).")
@click.option("--month", default=None,
              help="Month to staff, YYYY-MM (default: that of the earliest dated Forecast row, "
              "else next month).")
@click.option("--profile", default=None, help="Rule profile with the [staffing] options: a name "
              "in configs/ or a .toml path (the Rules sheet's staffing.* values apply on top).")
@output_options
@json_option
@lang_option
def demand(team_path: Path, output: Path | None, month: str | None, profile: str | None,
           force: bool, as_json: bool, lang: str) -> None:
    """Agents per interval and skill from the Forecast sheet (Erlang C/A, chat concurrency).

    Writes a copy of the workbook whose Intervals sheet (replaced if there is one) holds, per
    date, interval and skill, the agents to put on duty and the service level, average speed of
    answer and occupancy they give. The input is never changed. Exit codes: 0 written; 2 bad
    input.

    \b
    Examples:
      roster demand team.xlsx --month 2026-12 -o team-2026-12.xlsx
      roster demand team.xlsx --json
    """
    from roster import demand as staffing_demand
    from roster.calendar import month_dates
    from roster.excel.output import WORKBOOK_SUFFIXES, check_output
    from roster.excel.read_team import read_team
    from roster.excel.write_forecast import write_intervals_copy

    if month:
        parse_month(month)
    output = output or team_path.with_name(f"{team_path.stem}-intervals.xlsx")
    check_output(output, force=force, inputs=[team_path], suffixes=WORKBOOK_SUFFIXES)  # fail before the work
    team = read_team(team_path)
    if not team.forecast:
        raise InputError(t("cli.demand_no_forecast", path=team_path))
    year, mon = parse_month(month) if month else staffing_demand.default_month(team)
    label = f"{year:04d}-{mon:02d}"
    prof = engine.effective_profile(team, profile)
    dates = month_dates(year, mon)
    warnings: list[str] = []  # Forecast rows asking for more people than the team has
    rows = staffing_demand.intervals_for_dates(team, dates, prof.staffing, warnings=warnings)
    if not rows:
        # Every Forecast row is for another month (or asks for no one): a copy with an empty
        # Intervals sheet would be planned against nothing.
        outside = staffing_demand.outside_rows(team, dates)
        raise InputError(t("cli.demand_none", month=label, count=len(team.forecast),
                           rows=i18n.join(str(r.source_row) for r in outside[:10]) or "-"), sheet="Forecast")
    write_intervals_copy(team_path, output, rows, lang=lang, force=force)
    outside = staffing_demand.outside_rows(team, dates)
    peaks = staffing_demand.peaks_by_skill(rows)
    busiest = staffing_demand.busiest_interval(rows)
    if as_json:
        click.echo(json.dumps({
            "output": str(output), "month": label, "profile": prof.name, "rows": len(rows),
            "forecast_rows": len(team.forecast),
            "peaks": [_peak_json(skill, p) for skill, p in sorted(peaks.items(), key=_skill_order)],
            "busiest": None if busiest is None else _peak_json(None, busiest),
            "unused_forecast_rows": [r.source_row for r in outside],
            "warnings": warnings,
        }, ensure_ascii=False, indent=2))
        return
    for warning in warnings:
        _Console().print(warning, style="yellow", markup=False)
    _show_demand(prof, label, len(team.forecast), rows, peaks, busiest, outside)
    _Console().print(t("cli.demand_written", path=output), markup=False)


def _skill_order(item: tuple[str | None, Any]) -> str:
    return item[0] or ""


def _peak_json(skill: str | None, peak: Any) -> dict:
    from roster.domain import fmt_minute

    data = {"skill": skill, "agents": peak.agents, "day": peak.day, "from": fmt_minute(peak.start),
            "to": fmt_minute(peak.end)}
    if peak.by_skill:
        data.pop("skill")
        data["by_skill"] = [{"skill": k, "agents": n} for k, n in peak.by_skill]
    return data


def _show_demand(prof: Profile, label: str, forecast_rows: int, rows: list, peaks: dict,
                 busiest: Any, outside: list) -> None:
    from roster.domain import fmt_minute

    console = _Console()
    staffing = prof.staffing
    console.print(t("cli.demand_line", rows=len(rows), month=label, forecast=forecast_rows,
                    profile=prof.name, chat_sl=staffing.chat.service_level,
                    chat_s=staffing.chat.target_seconds, k=staffing.chat.concurrency,
                    phone_sl=staffing.phone.service_level, phone_s=staffing.phone.target_seconds,
                    shrinkage=staffing.shrinkage), markup=False)
    by_key = {(r.day, r.start, r.end, r.skill): r for r in rows}
    table = Table(title=t("cli.demand_title"))
    for col in ("skill", "agents", "when", "sl", "asa", "occupancy"):
        table.add_column(t(f"cli.col.{col}"), justify="right" if col != "skill" else "left")
    for skill, peak in sorted(peaks.items(), key=_skill_order):
        row = by_key[(peak.day, peak.start, peak.end, skill)]
        table.add_row(skill or t("anyone"), str(peak.agents),
                      f"{peak.day} {fmt_minute(peak.start)}-{fmt_minute(peak.end)}",
                      _share(row.service_level), _fixed(row.asa_seconds), _share(row.occupancy))
    console.print(table)
    if busiest is not None:
        parts = i18n.join(f"{k or t('anyone')} {n}" for k, n in busiest.by_skill)
        console.print(t("cli.demand_busiest", day=busiest.day, start=fmt_minute(busiest.start),
                        end=fmt_minute(busiest.end), agents=busiest.agents, parts=parts),
                      markup=False)
    if outside:
        console.print(f"[yellow]{t('cli.demand_outside', count=len(outside), month=label, rows=', '.join(str(r.source_row) for r in outside[:20]))}[/]")


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _fixed(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


# Loaded: from here on a Ctrl-C is the command's to answer (RosterGroup.invoke), or Python's.
if _LOADING and signal.getsignal(signal.SIGINT) is _interrupted_while_loading:
    signal.signal(signal.SIGINT, signal.default_int_handler)

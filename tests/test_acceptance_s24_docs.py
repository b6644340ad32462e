"""What the help pages and the template's Instructions sheet promise is what the tool does.

A new user reads ``roster COMMAND --help`` (in Chinese with ``--lang zh``) and the Instructions
sheet that ``roster init`` writes before anything else.  Found by reading them against the code:
the Chinese ``coverage --help`` left out the ``notes`` key of its JSON, and the Instructions sheet
said a split shift's segments "replace" start and end, while the reader refuses segments that fall
outside a start and end that are given (and takes blank ones).
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import openpyxl
import pytest

from roster.cli import main
from roster.cli_help import COMMANDS_ZH, option_help
from roster.errors import InputError
from roster.excel.read_team import read_team
from roster.excel.template import write_template


def _commands() -> list[tuple[str, click.Command]]:
    """Every command below ``roster`` (and ``roster`` itself) with its help path."""
    found: list[tuple[str, click.Command]] = []
    pending: list[tuple[str, click.Command]] = [("", main)]
    while pending:
        path, command = pending.pop()
        found.append((path, command))
        if isinstance(command, click.Group):
            pending += [(f"{path} {name}".strip(), sub) for name, sub in command.commands.items()]
    return found


def test_chinese_help_names_every_json_key_example_and_option_of_the_english() -> None:
    """A Chinese reader of ``--help`` must not learn less than an English one: every JSON key
    (quoted), every example command line and every option named in a command's English
    description is in its Chinese one (``coverage`` lacked ``notes``)."""
    for path, command in _commands():
        english = command.help or ""
        chinese = COMMANDS_ZH[path]
        keys = set(re.findall(r'"(\w+)"', english)) - set(re.findall(r'"(\w+)"', chinese))
        assert not keys, (path, keys)

        def examples(text: str) -> set[str]:
            lines = (line.split("#")[0] for line in text.splitlines())
            return {re.sub(r"\s*--lang \w+", "", line).strip() for line in lines
                    if line.strip().startswith("roster ")}

        assert examples(english) <= examples(chinese), (path, examples(english) - examples(chinese))
        options = set(re.findall(r"--[a-z][a-z-]+", english)) - set(re.findall(r"--[a-z][a-z-]+", chinese))
        assert not options, (path, options)


def test_every_documented_option_has_chinese_help() -> None:
    """An option with English help and no Chinese one shows English in a Chinese page."""
    missing = [(path, param.name) for path, command in _commands() for param in command.params
               if isinstance(param, click.Option) and param.help and not option_help(path, param.name)]
    assert missing == []


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English template of ``roster init`` (never modified: tests copy it)."""
    return write_template(tmp_path_factory.mktemp("docs") / "team.xlsx", lang="en", month="2027-01")


def _explanation(path: Path, column: str) -> tuple[str, str]:
    """The English and Chinese explanation of ``column`` (as ``en / zh``) in the Instructions."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    row = next(r for r in ws.iter_rows(values_only=True) if r[1] == column)
    return str(row[3]), str(row[4])


def _with_split_shift(template: Path, out: Path, start: object, end: object) -> Path:
    wb = openpyxl.load_workbook(template)
    wb["Shifts"].append(["S", "Split", start, end, "10:00-14:00，17:30-23:00", "night"])
    wb.save(out)
    return out


def test_split_shift_instructions_match_the_reader(template: Path, tmp_path: Path) -> None:
    """The sheet said segments "replace start/end"; a user who kept 17:00-01:00 beside a
    10:00-14:00 part got the row refused.  It now says start and end may be blank, else must
    span the parts, which is what the reader does."""
    english, chinese = _explanation(template, "segments / 时段")
    assert "replaces" not in english and "代替" not in chinese
    assert "blank" in english and "span" in english and "留空" in chinese and "须包含" in chinese
    for start, end in ((None, None), ("10:00", "23:00")):
        team = read_team(_with_split_shift(template, tmp_path / f"ok-{start}.xlsx", start, end))
        split = next(s for s in team.shifts if s.code == "S")
        assert split.segments == ((600, 840), (1050, 1380))
    with pytest.raises(InputError, match="segments"):
        read_team(_with_split_shift(template, tmp_path / "outside.xlsx", "17:00", "01:00"))


def test_promotion_and_history_instructions_match_the_reader(template: Path, tmp_path: Path) -> None:
    """A multiplier typed as 150% and a History pasted as a grid from last month's roster are
    read as the Instructions say; the leave freeze no longer promises "no rest days" (rest is
    kept off the promotion only as far as the rest rules allow, and entered leave stands)."""
    freeze_en, freeze_zh = _explanation(template, "freeze_leave / 禁休")
    assert "as far as the rest rules allow" in freeze_en and "no rest days" not in freeze_en
    assert "休息规则允许" in freeze_zh and "请假照常生效" in freeze_zh
    ws = openpyxl.load_workbook(template).worksheets[0]
    history_row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "History / 历史")
    assert "grid" in str(history_row[3]) and "--previous" in str(history_row[3])

    wb = openpyxl.load_workbook(template)
    wb["Promotions"]["D2"] = "150%"
    grid = wb["History"]
    grid.delete_rows(1, grid.max_row)
    grid.append(["id", "name", "2026-12-30", "2026-12-31"])
    grid.append(["1001", "Wang Fang", "N", "OFF"])
    path = tmp_path / "grid.xlsx"
    wb.save(path)
    team = read_team(path)
    assert [p.multiplier for p in team.promotions] == [1.5]
    assert {d.isoformat(): v for (s, d), v in team.history.items() if s == "1001"} == {
        "2026-12-30": "N", "2026-12-31": "OFF"}

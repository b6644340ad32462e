"""Acceptance for a user who reads only Chinese (``--lang zh``): no English sentence, label or
type name a Chinese reader must read, and Chinese punctuation inside Chinese sentences
(``错误：``, not ``错误:``; lists with ``、``; clauses with ``；``)."""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata

import openpyxl
import pytest
from click.testing import CliRunner
from test_cli import MONTH, team_sheets, write_book

from roster.cli import main

#: An ASCII ``:``/``,``/``;`` followed by a space right after a Chinese character.
ASCII_PUNCT_AFTER_CJK = re.compile(r"[\u4e00-\u9fff）][:,;] ")


def run(*args: object, columns: int = 80):
    """The CLI in Chinese on an 80-column terminal (what a user sees, wrapping included)."""
    runner = CliRunner()
    return runner.invoke(main, [*map(str, args), "--lang", "zh"], env={"COLUMNS": str(columns)},
                         catch_exceptions=False)


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def zh_team() -> dict:
    sheets = team_sheets()
    sheets["Promotions"] = [
        ["name", "from", "to", "multiplier", "freeze_leave"],
        ["Spring Sale", dt.date(2027, 3, 15), dt.date(2027, 3, 17), 1, "yes"],
    ]
    return sheets


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The Chinese team's March roster; the tests read its wording, not its cost (one second
    gives a valid roster, and a day where A1, B2 or C3 works a night while D4 works a day)."""
    folder = tmp_path_factory.mktemp("zh")
    team = write_book(folder / "team.xlsx", zh_team())
    out = folder / "roster.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1")
    assert result.exit_code == 0, result.output
    return folder, out, result


def test_error_line_has_a_full_width_colon(tmp_path):
    """Every error began "错误: " (ASCII colon and space) before the Chinese sentence."""
    sheets = team_sheets()
    sheets["Shifts"][1][2] = "25:99"
    team = write_book(tmp_path / "bad.xlsx", sheets)
    result = run("generate", team, "--month", MONTH, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 2
    assert result.output.startswith("错误："), result.output
    assert "错误:" not in result.output


def test_help_in_chinese_has_chinese_headings_type_names_and_fits_the_terminal():
    """``--help`` said "选项:" and "[OPTIONS]", named option types in English (TEXT, FILE,
    FLOAT RANGE) and ran Chinese help to twice the terminal's width (click counts characters)."""
    for command in (["generate"], ["swap"], ["repair"], []):
        result = run(*command, "--help")
        assert result.exit_code == 0
        text = result.output
        assert "选项：" in text and "选项:" not in text, text
        assert "用法：" in text and "用法： " not in text
        assert not re.search(r"\[OPTIONS\]|\bCOMMAND\b|\bTEXT\b|\bFILE\b|\bPATH\b|FLOAT RANGE|INTEGER RANGE", text), text
        # (the English examples kept as written, \b, are the same in both languages)
        too_wide = [line for line in text.splitlines() if width(line) > 80 and re.search(r"[\u4e00-\u9fff]", line)]
        assert not too_wide, too_wide
    assert "命令：" in run("--help").output
    assert "[默认：60.0；x>=0.1]" in run("bench", "curtois", "--help").output


def test_a_chinese_note_is_not_broken_at_its_only_space(made):
    """rich wraps at spaces: "官方日历中还没有 2027 " ended a line and "年的调休上班日……" started
    the next, on an 80-column terminal."""
    _, _, result = made
    assert "官方日历中还没有 2027 年的调休上班日" in result.output, result.output


def test_lists_of_people_in_chinese_messages_use_the_enumeration_comma(tmp_path):
    """Why a month is infeasible: "请假：A1, B2, C3" listed the people on leave with ", " inside
    the Chinese sentence."""
    sheets = team_sheets()
    day = dt.date(2027, 3, 10)
    sheets["Leave"] += [[sid, day, day, "sick"] for sid in ("A1", "B2", "C3")]
    team = write_book(tmp_path / "team.xlsx", sheets)
    result = run("generate", team, "--month", MONTH, "-o", tmp_path / "out.xlsx", "--time-limit", "3",
                 columns=400)
    assert result.exit_code == 3, result.output
    assert "A1、B2、C3" in result.output, result.output
    assert "A1, B2" not in result.output


def test_soft_effects_and_clauses_in_chinese(made, tmp_path):
    """``swap --allow-violations``: the Changes sheet joined the broken rules' Chinese sentences with "; ",
    and the console's cost change by rule with ", "."""
    _, out, _ = made
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2) if row[0].value in ("A1", "B2", "C3", "D4")}
    dates = [k for k, h in enumerate(header) if h is not None and k >= 2]

    def cell(sid: str, k: int) -> str:
        return str(rows[sid][k].value or "")

    # D4 may work D only: give D4 someone's night, which breaks assignment and more.
    target = next((sid, k) for k in dates for sid in ("A1", "B2", "C3") if cell(sid, k) == "N"
                  and cell("D4", k) == "D")
    sid, k = target
    day = header[k]
    day = day.date().isoformat() if hasattr(day, "date") else str(day)[:10]
    done = tmp_path / "forced.xlsx"
    result = run("swap", out, f"{sid}:{day}", f"D4:{day}", "-o", done, "--allow-violations", columns=400)
    assert result.exit_code == 0, result.output
    effects = [line for line in result.output.splitlines() if line.startswith("软性影响")]
    assert all(", " not in line for line in effects), effects
    changes = openpyxl.load_workbook(done)["变更"]
    verdicts = [row[7] for row in changes.iter_rows(min_row=2, values_only=True) if row[7]]
    assert verdicts, "no change recorded"
    assert all("; " not in v for v in verdicts) and any("；" in v for v in verdicts), verdicts


def test_report_html_uses_chinese_punctuation_and_units(made, tmp_path):
    """The HTML report's status chips and tooltips said "求解状态: ", "用时: 2.0 s" and
    "在岗 3, 最少 2, 目标 3"."""
    _, out, _ = made
    page = tmp_path / "report.html"
    result = run("report", out, "-o", page)
    assert result.exit_code == 0, result.output
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<style.*?</style>", " ", raw, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", raw))
    assert "用时：" in text and " 秒" in text
    bad = [line for line in text.splitlines() if ASCII_PUNCT_AFTER_CJK.search(line)]
    assert not bad, bad[:5]


def test_repair_note_on_frozen_leave_reads_as_chinese(made, tmp_path):
    """"--leave 在Spring Sale禁休期间（…）：A1 2027-03-15..2027-03-16。": the span of leave was
    written with "..", not "至", in the Chinese sentence."""
    _, out, _ = made
    result = run("repair", out, "--leave", "A1:2027-03-15..2027-03-16", "--from", "2027-03-01",
                 "-o", tmp_path / "repaired.xlsx", "--time-limit", "3", columns=400)
    assert result.exit_code == 0, result.output
    assert "禁休期间（2027-03-15 至 2027-03-17）：A1 2027-03-15 至 2027-03-16。" in result.output, result.output

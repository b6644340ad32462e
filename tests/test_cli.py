"""The ``roster`` CLI driven with click's CliRunner: init, generate, check; every bad input gives
exit 2 with sheet/row/column and writes nothing; infeasible gives exit 3 with the reason; a roster
edited by hand to break each rule makes ``check`` exit 1 naming person, date and rule; inputs are
never modified; --json parses; every command has help."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner
from excel_helpers import make_workbook, set_cell

from roster.cli import main

MONTH = "2027-03"
Rows = list[list[object]]


def team_sheets() -> dict[str, Rows]:
    """A small valid English team: four agents, day and night shift, every day one of each."""
    return {
        "Staff": [
            ["id", "name", "team", "skills", "shifts", "lead"],
            ["A1", "Ann", "pre", "chat, phone", "", "yes"],
            ["B2", "Bo", "pre", "chat", "", "no"],
            ["C3", "Cy", "post", "chat", "", "no"],
            ["D4", "Di", "post", "chat", "D", "no"],
        ],
        "Shifts": [
            ["code", "name", "start", "end"],
            ["D", "Day", "08:30", "17:30"],
            ["N", "Night", "17:00", "01:00"],
        ],
        "Demand": [
            ["day", "shift", "skill", "min", "target"],
            ["all", "D", None, 1, 2],
            ["all", "N", None, 1, 1],
        ],
        "Leave": [
            ["id", "from", "to", "type"],
            ["B2", dt.date(2027, 3, 8), dt.date(2027, 3, 9), "annual"],
        ],
        "Requests": [
            ["id", "date", "shift", "want", "weight"],
            ["A1", "2027-03-05", "OFF", "yes", 2],
        ],
        "Rules": [["rule", "value"], ["rest_days.min", 4]],
    }


#: Other CLI test modules import ``write_book`` from here.
write_book = make_workbook


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: str, lang: str = "en"):
    runner = CliRunner()
    return runner.invoke(main, [*map(str, args), "--lang", lang], env={"COLUMNS": "400"},
                         catch_exceptions=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A team workbook and the roster ``generate`` made from it (shared, never modified)."""
    folder = tmp_path_factory.mktemp("made")
    team = write_book(folder / "team.xlsx", team_sheets())
    before = digest(team)
    out = folder / "roster.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "3")
    assert result.exit_code == 0, result.output
    assert digest(team) == before
    return team, out, result


# ------------------------------------------------------------------------------------- help
def test_every_command_has_help():
    """Every command and sub-command (``bench curtois`` too) has help and takes ``--lang``."""
    import click

    runner = CliRunner()
    assert main.commands, "no commands"
    commands: list[tuple[list[str], click.Command]] = [([n], c) for n, c in main.commands.items()]
    while commands:
        path, command = commands.pop()
        name = " ".join(path)
        assert command.help and command.help.strip(), f"{name} has no help text"
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, name
        assert "Usage:" in result.output and "--lang" in result.output, name
        if isinstance(command, click.Group):
            commands += [([*path, n], c) for n, c in command.commands.items()]
    assert {"init", "generate", "check"} <= set(main.commands)


def test_help_follows_the_language():
    """`roster swap --help --lang zh` was an English page in a Chinese session: the descriptions,
    option help and click's headings are now Chinese, every command has its Chinese description,
    and English help is untouched after a Chinese one (nothing is swapped for good)."""
    from roster.cli_help import COMMANDS_ZH

    zh = CliRunner().invoke(main, ["swap", "--help", "--lang", "zh"])
    assert zh.exit_code == 0
    assert "用法：" in zh.output and "交换两个人的班次" in zh.output and "修改人" in zh.output
    assert "显示本帮助并退出" in zh.output and "Exchange two" not in zh.output
    assert "生成当月排班表" in CliRunner().invoke(main, ["--lang", "zh", "--help"]).output
    assert "生成当月排班表" in CliRunner().invoke(main, ["--help"], env={"ROSTER_LANG": "zh"}).output
    en = CliRunner().invoke(main, ["swap", "--help", "--lang", "en"])
    assert "Exchange two people's assignments" in en.output and "用法" not in en.output
    paths = [""]
    commands = [([], main)]
    while commands:
        path, command = commands.pop()
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                paths.append(" ".join([*path, name]))
                commands.append(([*path, name], sub))
    assert sorted(p for p in paths if p not in COMMANDS_ZH) == []


# ------------------------------------------------------------------------------------- init
def test_init_writes_a_template_and_refuses_to_overwrite(tmp_path):
    path = tmp_path / "team.xlsx"
    result = run("init", path, "--month", MONTH)
    assert result.exit_code == 0, result.output
    assert str(path) in result.output
    sheets = openpyxl.load_workbook(path).sheetnames
    assert any(s.lower() == "staff" for s in sheets)
    before = digest(path)
    result = run("init", path)
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert digest(path) == before
    result = run("init", path, "--force", "--month", MONTH, lang="zh")
    assert result.exit_code == 0, result.output
    assert "已生成模板工作簿" in result.output


def test_init_takes_the_output_as_the_other_commands_do(tmp_path):
    """`roster init -o team.xlsx` (every other command writes to -o) was "No such option"."""
    path = tmp_path / "team.xlsx"
    result = run("init", "-o", path, "--month", MONTH)
    assert result.exit_code == 0 and path.exists(), result.output
    two = run("init", tmp_path / "a.xlsx", "-o", tmp_path / "b.xlsx", lang="zh")
    assert two.exit_code == 2 and "请只给一个" in two.output, two.output
    none = run("init")
    assert none.exit_code == 2 and "roster init team.xlsx (or -o team.xlsx)" in none.output, none.output
    assert not (tmp_path / "a.xlsx").exists() and not (tmp_path / "b.xlsx").exists()


def test_init_template_generates(tmp_path):
    """The template makes a valid roster (at 1 s, as at 2: only its validity is judged here)."""
    path = tmp_path / "team.xlsx"
    assert run("init", path, "--month", MONTH).exit_code == 0
    result = run("generate", path, "--month", MONTH, "-o", tmp_path / "r.xlsx", "--time-limit", "1")
    assert result.exit_code == 0, result.output  # the template a manager starts from has a roster
    assert run("check", tmp_path / "r.xlsx").exit_code == 0


# --------------------------------------------------------------------------------- generate
def test_generate_writes_a_roster_that_checks_ok(made):
    team, out, result = made
    assert out.exists()
    assert "Roster written" in result.output
    # The solve line's gap is one figure ('gap 0.0%' or '-'), not the bench line's ' (gap ...)'
    # that a second helper of the same name once put there.
    assert re.search(r"Solve: .*, gap (-|\d+(\.\d)?%), [\d.]+ s", result.output), result.output
    assert "(gap" not in result.output
    before = digest(out)
    check = run("check", out)
    assert check.exit_code == 0, check.output
    assert "all hard rules and minimum coverage hold" in check.output
    assert digest(out) == before


def test_check_says_when_the_years_holiday_schedule_is_unknown(made):
    """HR auditing a 2027 roster is told, as generate told the manager, that the calendar has
    no make-up working days for 2027 yet (check and coverage were silent, and --json gave
    notes: [])."""
    _, out, generated = made
    assert "no make-up working days" in generated.output
    result = run("check", out, "--json")
    assert result.exit_code == 0, result.output
    assert any("2027" in note and "调休" in note for note in json.loads(result.output)["notes"])
    assert "官方日历中还没有 2027 年的调休上班日" in run("coverage", out, "--holidays", lang="zh").output


def test_generate_json_parses(tmp_path, made):
    team, _, _ = made
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(main, ["generate", str(team), "--month", MONTH, "-o", str(out),
                                       "--time-limit", "1", "--json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["month"] == MONTH and data["hard_violations"] == []
    assert data["solve"]["status"] in ("OPTIMAL", "FEASIBLE")
    assert sum(v["cost"] for v in data["cost_by_rule"].values()) == pytest.approx(data["solve"]["objective"])


def test_check_json_parses(made):
    _, out, _ = made
    result = CliRunner().invoke(main, ["check", str(out), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["solve"] is None or isinstance(data["solve"], dict)


def test_output_exists_without_force(tmp_path, made):
    team, _, _ = made
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"keep me")
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1")
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert out.read_bytes() == b"keep me"


def test_output_is_the_input(tmp_path, made):
    team, _, _ = made
    copy = tmp_path / "team.xlsx"
    shutil.copy(team, copy)
    before = digest(copy)
    result = run("generate", copy, "--month", MONTH, "-o", copy, "--force", "--time-limit", "1")
    assert result.exit_code == 2
    assert "input file" in result.output
    assert digest(copy) == before


@pytest.mark.parametrize(("name", "lang", "words"), [("r.csv", "en", "must be saved as a .xlsx file"),
                                                    ("r", "zh", "必须保存为 .xlsx 文件")])
def test_output_that_excel_would_not_open_is_refused_before_the_solve(tmp_path, made, name, lang, words):
    """openpyxl writes Office Open XML whatever the name; under ".csv" (or no suffix) Excel
    refuses the file, so the name is refused up front, in the user's language."""
    team, _, _ = made
    out = tmp_path / name
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1", lang=lang)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_output_folder_that_takes_no_files_is_refused_before_the_solve(tmp_path, made, monkeypatch):
    """A folder the process cannot create files in (read-only mount, /proc, no permission: root
    passes permission checks, so the folder is probed) is exit 2 before any solving, not a
    traceback after it."""
    import tempfile

    from roster import engine

    team, _, _ = made

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    def must_not_solve(*args, **kwargs):
        raise AssertionError("solved although the output cannot be written")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(engine, "generate", must_not_solve)
    out = tmp_path / "r.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1")
    assert result.exit_code == 2, result.output
    assert f"Cannot write {out}: Permission denied" in result.output
    assert not out.exists()


@pytest.mark.parametrize("month", ["2027-13", "March", "2027/03"])
def test_bad_month(tmp_path, made, month):
    team, _, _ = made
    result = run("generate", team, "--month", month, "-o", tmp_path / "r.xlsx")
    assert result.exit_code == 2
    assert "--month must be YYYY-MM" in result.output and month in result.output
    assert not (tmp_path / "r.xlsx").exists()


def test_month_outside_the_calendar_years_says_so(tmp_path, made):
    """1899-12 is well formed: "must be YYYY-MM" told the user nothing; the year range does."""
    team, _, _ = made
    result = run("generate", team, "--month", "1899-12", "-o", tmp_path / "r.xlsx")
    assert result.exit_code == 2
    assert "the year must be from 1901 to 2999" in result.output and "1899-12" in result.output
    assert "年份应在 1901 至 2999 之间" in run("generate", team, "--month", "3000-01", "-o", tmp_path / "r.xlsx",
                                       lang="zh").output


def _drop_column(sheets, sheet, column):
    index = sheets[sheet][0].index(column)
    for row in sheets[sheet]:
        del row[index]


BAD_INPUTS = [
    pytest.param(lambda s: s.pop("Staff"), ["Staff"], id="missing-staff-sheet"),
    pytest.param(lambda s: s.pop("Demand"), ["Demand"], id="missing-demand-sheet"),
    pytest.param(lambda s: _drop_column(s, "Staff", "name"), ["Staff", "name"], id="missing-column"),
    pytest.param(lambda s: set_cell(s, "Staff", 3, "id", "A1"), ["Staff", "row 3", "A1", "used twice"],
                 id="duplicate-staff-id"),
    pytest.param(lambda s: set_cell(s, "Demand", 2, "shift", "X"), ["Demand", "row 2", "shift", "'X'"],
                 id="unknown-shift-code"),
    pytest.param(lambda s: set_cell(s, "Leave", 2, "id", "Z9"), ["Leave", "row 2", "id", "'Z9'"],
                 id="unknown-staff-id"),
    pytest.param(lambda s: set_cell(s, "Requests", 2, "date", "2027-13-45"), ["Requests", "row 2", "date", "2027-13-45"],
                 id="bad-date"),
    pytest.param(lambda s: set_cell(s, "Shifts", 2, "start", "25:00"), ["Shifts", "row 2", "start", "25:00"],
                 id="bad-time"),
    pytest.param(lambda s: set_cell(s, "Leave", 2, "to", dt.date(2027, 3, 1)), ["Leave", "row 2", "to", "2027-03-01"],
                 id="leave-ends-before-it-starts"),
    pytest.param(lambda s: set_cell(s, "Demand", 2, "min", -1), ["Demand", "row 2", "min", "-1"], id="negative-demand"),
    pytest.param(lambda s: set_cell(s, "Demand", 3, "min", "two"), ["Demand", "row 3", "min", "two"],
                 id="non-numeric-demand"),
    pytest.param(lambda s: set_cell(s, "Demand", 2, "day", "someday"), ["Demand", "row 2", "day", "someday"],
                 id="demand-day-matches-nothing"),
    pytest.param(lambda s: set_cell(s, "Requests", 2, "shift", "Q"), ["Requests", "row 2", "shift", "'Q'"],
                 id="unknown-request-shift"),
]


@pytest.mark.parametrize(("mutate", "words"), BAD_INPUTS)
def test_bad_input_exit_2_names_the_cell_and_writes_nothing(tmp_path, mutate, words):
    sheets = team_sheets()
    mutate(sheets)
    team = write_book(tmp_path / "team.xlsx", sheets)
    before = digest(team)
    out = tmp_path / "roster.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1")
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.output, (word, result.output)
    assert "Traceback" not in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["team.xlsx"]  # no temp file left behind
    assert digest(team) == before


@pytest.mark.parametrize(("mutate", "words"), [
    pytest.param(lambda s: set_cell(s, "Demand", 2, "min", -1), ["工作表“Demand”第 2 行", "min", "-1", "不是"], id="negative-demand"),
    pytest.param(lambda s: s.pop("Staff"), ["Staff", "员工"], id="missing-staff-sheet"),
    pytest.param(lambda s: set_cell(s, "Staff", 3, "id", "A1"), ["第 3 行", "A1", "重复"], id="duplicate-staff-id"),
])
def test_bad_input_messages_in_chinese(tmp_path, mutate, words):
    sheets = team_sheets()
    mutate(sheets)
    team = write_book(tmp_path / "team.xlsx", sheets)
    result = run("generate", team, "--month", MONTH, "-o", tmp_path / "r.xlsx", "--time-limit", "1", lang="zh")
    assert result.exit_code == 2, result.output
    assert "错误" in result.output
    for word in words:
        assert word in result.output, (word, result.output)


@pytest.mark.parametrize("content", [b"id,name\n1,Ann\n", b"\xd0\xcf\x11\xe0" + b"\0" * 100, b""])
def test_not_an_xlsx_file(tmp_path, content):
    team = tmp_path / "team.xlsx"
    team.write_bytes(content)
    result = run("generate", team, "--month", MONTH, "-o", tmp_path / "r.xlsx")
    assert result.exit_code == 2
    assert "is not an Excel workbook" in result.output
    assert team.read_bytes() == content
    result = run("check", team)
    assert result.exit_code == 2 and "is not an Excel workbook" in result.output


def test_missing_input_file(tmp_path):
    result = run("check", tmp_path / "nope.xlsx")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_infeasible_exit_3_with_reason(tmp_path):
    sheets = team_sheets()
    set_cell(sheets, "Demand", 2, "min", 5)
    set_cell(sheets, "Demand", 2, "target", 5)
    team = write_book(tmp_path / "team.xlsx", sheets)
    before = digest(team)
    out = tmp_path / "r.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1")
    assert result.exit_code == 3, result.output
    assert "No roster for 2027-03" in result.output
    assert "2027-03-01 D" in result.output and "needs 5" in result.output and "only 4" in result.output
    assert not out.exists() and digest(team) == before
    zh = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1", lang="zh")
    assert zh.exit_code == 3 and "没有能同时满足" in zh.output and "需要 5 人" in zh.output


def test_best_effort_writes_and_check_exits_1(tmp_path):
    sheets = team_sheets()
    set_cell(sheets, "Demand", 2, "min", 5)
    set_cell(sheets, "Demand", 2, "target", 5)
    team = write_book(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "r.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1", "--best-effort")
    assert result.exit_code == 0, result.output
    assert "best-effort" in result.output
    check = run("check", out)
    assert check.exit_code == 1 and "coverage" in check.output


# ------------------------------------------------------------------------ hand-edited rosters
def _grid(ws):
    """(row of staff id, column of date) lookups for the Roster sheet."""
    header_row = next(r for r in range(1, 6) if str(ws.cell(r, 1).value).strip().lower() in ("id", "工号"))
    cols = {}
    for c in range(1, ws.max_column + 1):
        v = ws.cell(header_row, c).value
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, str):
            try:
                v = dt.date.fromisoformat(v[:10])
            except ValueError:
                continue
        if isinstance(v, dt.date):
            cols[v] = c
    rows = {str(ws.cell(r, 1).value): r for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, 1).value}
    return rows, cols


def edit(src: Path, dst: Path, cells: dict[tuple[str, str], str]) -> Path:
    wb = openpyxl.load_workbook(src)
    ws = wb["Roster"]
    rows, cols = _grid(ws)
    for (sid, date), value in cells.items():
        ws.cell(rows[sid], cols[dt.date.fromisoformat(date)], value)
    wb.save(dst)
    return dst


def week(sid, first, codes):
    start = dt.date.fromisoformat(first)
    return {(sid, (start + dt.timedelta(days=k)).isoformat()): c for k, c in enumerate(codes)}


# Monday 1 March 2027.  Each edit breaks the named rule (others may break too).
HAND_EDITS = [
    pytest.param({("D4", "2027-03-10"): "N"}, "assignment", "D4", "2027-03-10", id="assignment-not-allowed"),
    pytest.param({("B2", "2027-03-08"): "D"}, "assignment", "B2", "2027-03-08", id="assignment-on-leave"),
    pytest.param({("A1", "2027-03-10"): "Z"}, "assignment", "A1", "2027-03-10", id="assignment-unknown-code"),
    pytest.param({(s, "2027-03-17"): "OFF" for s in ("A1", "B2", "C3", "D4")}, "coverage", None, "2027-03-17",
                 id="coverage"),
    pytest.param({**week("C3", "2027-03-15", "DDDDDDD"), ("C3", "2027-03-14"): "OFF", ("C3", "2027-03-22"): "OFF"},
                 "consecutive_days", "C3", "2027-03-21", id="consecutive-days"),
    pytest.param({("A1", f"2027-03-{k:02d}"): "OFF" for k in range(1, 32)}, "rest_days", "A1", None,
                 id="rest-days-too-many"),
    pytest.param({("C3", "2027-03-10"): "N", ("C3", "2027-03-11"): "D"}, "rest_between_shifts", "C3",
                 "2027-03-11", id="rest-between-shifts"),
    pytest.param({("C3", "2027-03-09"): "OFF", ("C3", "2027-03-10"): "D", ("C3", "2027-03-11"): "N",
                  ("C3", "2027-03-12"): "OFF"}, "rotation", "C3", "2027-03-11", id="rotation"),
    pytest.param({(s, "2027-03-24"): ("D" if s == "A1" else "OFF") for s in ("A1", "B2", "C3", "D4")},
                 "handover", None, "2027-03-24", id="handover"),
    pytest.param(week("B2", "2027-03-22", "DDDDDDD"), "hours", "B2", "2027-03-22", id="hours"),
]


@pytest.fixture(scope="module")
def edited_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("edited")


@pytest.mark.parametrize(("cells", "rule", "who", "when"), HAND_EDITS)
def test_check_hand_edited_roster_names_person_date_and_rule(made, edited_dir, cells, rule, who, when):
    _, out, _ = made
    path = edit(out, edited_dir / f"{rule}-{abs(hash(str(cells)))}.xlsx", cells)
    before = digest(path)
    result = CliRunner().invoke(main, ["check", str(path), "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is False
    found = [v for v in data["hard_violations"] if v["rule"] == rule]
    assert found, f"no {rule} violation in {[v['message'] for v in data['hard_violations']]}"
    match = [v for v in found if (who is None or v["staff_id"] == who) and (when is None or v["date"] == when)]
    assert match, found
    v = match[0]
    if who:
        assert who in v["message"]
    # the table a person reads names rule, person and date too
    text = run("check", path)
    assert text.exit_code == 1
    assert rule in text.output and (who or "") in text.output and (when or "") in text.output
    assert "hard violation" in text.output
    assert digest(path) == before


def test_check_hand_edited_in_chinese(made, edited_dir):
    _, out, _ = made
    path = edit(out, edited_dir / "zh.xlsx", {("C3", "2027-03-10"): "N", ("C3", "2027-03-11"): "D"})
    result = run("check", path, lang="zh")
    assert result.exit_code == 1
    assert "rest_between_shifts" in result.output and "C3" in result.output and "仅休息 7.5 小时" in result.output


def test_check_accepts_lowercase_and_chinese_marks(made, edited_dir):
    _, out, _ = made
    wb = openpyxl.load_workbook(out)
    ws = wb["Roster"]
    rows, cols = _grid(ws)
    changed = 0
    for r in rows.values():
        for c in cols.values():
            value = ws.cell(r, c).value
            if value in ("OFF", "休"):
                ws.cell(r, c, "休")
                changed += 1
            elif value == "D":
                ws.cell(r, c, "d")
    assert changed
    path = edited_dir / "marks.xlsx"
    wb.save(path)
    result = run("check", path)
    assert result.exit_code == 0, result.output


def test_check_missing_roster_sheet(made, edited_dir):
    _, out, _ = made
    wb = openpyxl.load_workbook(out)
    del wb["Roster"]
    path = edited_dir / "nogrid.xlsx"
    wb.save(path)
    result = run("check", path)
    assert result.exit_code == 2 and "Roster" in result.output


def test_sample_small_team_checks_and_regenerates(tmp_path):
    """The sample makes a valid roster that checks clean, and is left as it was.  1.5 s find
    that roster (exit 0, as at 3 s); its cost is not judged here."""
    sample = Path(__file__).resolve().parent.parent / "samples" / "small-team-en.xlsx"
    assert sample.exists(), "the bundled sample is part of the checkout"
    before = digest(sample)
    result = run("generate", sample, "--month", "2027-01", "-o", tmp_path / "r.xlsx", "--time-limit", "1.5")
    assert result.exit_code == 0, result.output
    assert run("check", tmp_path / "r.xlsx").exit_code == 0
    assert digest(sample) == before


@pytest.mark.parametrize(("rule", "value"), [("consecutive_days.max_days", "many"), ("rest_days", 3)])
def test_bad_rules_sheet_value_exit_2(tmp_path, rule, value):
    sheets = team_sheets()
    sheets["Rules"].append([rule, value])
    team = write_book(tmp_path / "team.xlsx", sheets)
    result = run("generate", team, "--month", MONTH, "-o", tmp_path / "r.xlsx", "--time-limit", "1")
    assert result.exit_code == 2
    assert "Rules" in result.output and "row 3" in result.output


def test_every_bad_rules_row_is_reported_at_once(tmp_path):
    """Three mistyped settings: all three rows are named in one run (zh here), the good row
    between them does not hide them, and nothing is written."""
    sheets = team_sheets()
    sheets["Rules"] += [["consecutive_days.max_days", "many"], ["nosuch.rule", 1],
                        ["consecutive_days.max_days", 6], ["solver.time_limit", -5]]
    team = write_book(tmp_path / "team.xlsx", sheets)
    result = run("generate", team, "--month", MONTH, "-o", tmp_path / "r.xlsx", "--time-limit", "1",
                 lang="zh")
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    for row in (3, 4, 6):
        assert f"第 {row} 行" in text, text
    assert "第 5 行" not in text and "Traceback" not in text
    assert not (tmp_path / "r.xlsx").exists()


def test_unknown_rule_in_rules_sheet_exit_2(tmp_path):
    sheets = team_sheets()
    sheets["Rules"].append(["nosuch.rule", 1])
    team = write_book(tmp_path / "team.xlsx", sheets)
    result = run("generate", team, "--month", MONTH, "-o", tmp_path / "r.xlsx", "--time-limit", "1")
    assert result.exit_code == 2
    assert "row 3" in result.output and "unknown rule 'nosuch'" in result.output
    assert not (tmp_path / "r.xlsx").exists()


def test_check_with_unknown_profile_is_bad_input(made):
    _, out, _ = made
    result = run("check", out, "--profile", "no-such-profile")
    assert result.exit_code == 2
    assert "not found" in result.output


def test_check_with_profile_judges_with_that_profile(made, tmp_path):
    _, out, _ = made
    prof = tmp_path / "strict.toml"
    prof.write_text('name = "strict"\n[rules.consecutive_days]\nmax_days = 1\n', encoding="utf-8")
    result = run("check", out, "--profile", prof)
    assert result.exit_code == 1, result.output
    assert "consecutive_days" in result.output


def test_rules_sheet_records_the_time_limit_and_seed_given_on_the_command_line(tmp_path):
    team = write_book(tmp_path / "team.xlsx", team_sheets())
    out = tmp_path / "r.xlsx"
    assert run("generate", team, "--month", "2027-03", "-o", out, "--time-limit", "2", "--seed", "7").exit_code == 0
    from roster.excel.read_roster import read_roster

    rules = {key: value for key, value, _ in read_roster(out).effective_rules}
    assert float(rules["solver.time_limit"]) == 2 and int(rules["solver.seed"]) == 7


@pytest.mark.parametrize(
    ("lang", "body", "words"),
    [
        ("zh", "[solver]\nbogus = 3\n", ["规则配置 bad", "bogus：", "未知的设置项"]),
        ("zh", "[solver]\ntime_limit = -5\n", ["规则配置 bad", "time_limit：须大于 0"]),
        ("zh", "[staffing]\ninterval_minutes = 7\n", ["须能整除一天的 1440 分钟"]),
        ("en", "[solver]\ntime_limit = -5\n", ["profile bad", "time_limit: must be more than 0"]),
        # A seed CP-SAT cannot take was an OR-Tools traceback; an infinite limit ran unbounded.
        ("en", "[solver]\nseed = 1099511627776\n", ["profile bad", "seed: must be at most 2147483647"]),
        ("en", "[solver]\ntime_limit = inf\n", ["profile bad", "time_limit"]),
    ],
)
def test_bad_profile_value_is_explained_in_the_users_language(made, tmp_path, lang, body, words):
    """pydantic's own messages are English only; a Chinese user must not read them."""
    _, out, _ = made
    prof = tmp_path / "bad.toml"
    prof.write_text('name = "bad"\n' + body, encoding="utf-8")
    result = run("check", out, "--profile", prof, lang=lang)
    assert result.exit_code == 2, result.output
    for w in words:
        assert w in result.output, result.output
    assert "Traceback" not in result.output and ("Input should" not in result.output)


def test_objectives_print_in_full_not_in_exponent_notation():
    """A best-effort objective runs to eight digits; ``2.12012e+07`` hid the digits users compare."""
    from roster.cli import _num

    assert (_num(21201200.0), _num(454), _num(14801200.5), _num(12.3456789), _num(None)) == (
        "21201200", "454", "14801200.5", "12.3457", "-")


def test_coverage_holidays_in_a_month_without_any_says_so(made):
    """March 2027 has no public holiday, make-up working day or promotion: a sentence, not an
    empty table, in either language; exit 0 (nothing is short)."""
    _, out, _ = made
    result = run("coverage", out, "--holidays")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "No public holiday, make-up working day, declared rest day or promotion day from 2027-03-01 to " \
        "2027-03-31" in said, said
    zh = run("coverage", out, "--holidays", lang="zh")
    assert zh.exit_code == 0 and "没有法定节假日、调休上班日、休息日或大促日" in zh.output
    data = json.loads(run("coverage", out, "--holidays", "--json").output)
    assert data["rows"] == [] and data["gaps"] == 0


def test_check_lists_the_audit_findings_it_counts(made):
    """The closing line counts every soft finding; those without a cost (the labour-law audit)
    used to be counted but shown only with --json."""
    _, out, _ = made
    data = json.loads(CliRunner().invoke(main, ["check", str(out), "--json"]).stdout)
    audit = [v for v in data["soft_violations"] if not v["data"].get("cost")]
    assert audit and {v["rule"] for v in audit} == {"compliance"}
    plain = run("check", out)
    assert plain.exit_code == 0, plain.output
    assert "Audit findings (labour law, leave freezes; no cost)" in plain.output
    assert all(v["staff_id"] in plain.output for v in audit[:15])


def test_json_errors_are_json_on_stdout_too(tmp_path, made):
    """With --json a failure used to print nothing on stdout (the text went to stderr only), so
    a script reading stdout got nothing to parse."""
    team, _, _ = made
    result = CliRunner().invoke(main, ["generate", str(team), "--month", "2027-13", "-o", str(tmp_path / "r.xlsx"),
                                       "--json", "--lang", "en"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["exit_code"] == 2 and "--month must be YYYY-MM" in data["error"]
    assert "--month must be YYYY-MM" in result.stderr
    plain = CliRunner().invoke(main, ["generate", str(team), "--month", "2027-13", "-o", str(tmp_path / "r.xlsx")])
    assert plain.exit_code == 2 and plain.stdout == ""


def test_a_rules_key_set_twice_names_both_rows(tmp_path):
    """Two valid rows for one setting: the later silently won; now both rows are named (a bad
    earlier row takes nothing, so a corrected copy below it is fine: see the test above)."""
    sheets = team_sheets()
    sheets["Rules"] += [["hours.max_per_week", 48], ["hours.max_per_week", 50]]
    team = write_book(tmp_path / "team.xlsx", sheets)
    result = run("generate", team, "--month", MONTH, "-o", tmp_path / "r.xlsx", "--time-limit", "1")
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "row 4: hours.max_per_week is already set in row 3 (48)" in text, text
    assert not (tmp_path / "r.xlsx").exists()


def test_a_header_date_of_another_month_is_bad_input(made, tmp_path):
    """A mistyped header date (next year's in a December roster) stretched the roster over two
    months: check reported hundreds of missing columns, swap accepted the stray date.  It is
    now exit 2 naming the column, against the About sheet's month (or, without one, the
    month most date columns are in)."""
    _, out, _ = made
    wb = openpyxl.load_workbook(out)
    ws = wb["Roster"]
    header_row = next(r for r in range(1, 6) if str(ws.cell(r, 1).value).strip().lower() in ("id", "工号"))
    rows, cols = _grid(ws)
    first = min(cols)
    stray = first.replace(year=first.year + 1) + dt.timedelta(days=12)
    column = cols[first + dt.timedelta(days=12)]
    ws.cell(header_row, column, stray)
    path = tmp_path / "stray.xlsx"
    wb.save(path)
    letter = openpyxl.utils.get_column_letter(column)
    for args in (["check", path], ["swap", path, f"{next(iter(rows))}:{stray}", f"{next(iter(rows))}:{first}"]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert f"column {letter}: date {stray} is not in the roster's month {first:%Y-%m}" in result.output
    del wb["About"]
    wb.save(path)
    result = run("check", path)
    assert result.exit_code == 2 and "the month of most date columns" in result.output


def test_ctrl_c_writes_nothing_and_exits_130(tmp_path, made, monkeypatch):
    """Ctrl-C during generate: nothing written, exit 130, said in the user's language (CP-SAT
    used to swallow it and the roster was written with exit 0)."""
    from roster import engine

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "generate", interrupted)
    team, _, _ = made
    out = tmp_path / "r.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, lang="zh")
    assert result.exit_code == 130
    assert "已中断（Ctrl-C）：未写出任何文件。" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_to_a_running_generate_stops_it(tmp_path):
    """A real SIGINT to the process group, as a terminal sends it, while CP-SAT searches: the
    process ends with 130 and leaves no file (neither the roster nor a temporary one)."""
    import signal
    import subprocess
    import time

    sample = Path(__file__).resolve().parents[1] / "samples" / "cs-department-zh.xlsx"
    out = tmp_path / "r.xlsx"
    proc = subprocess.Popen([sys.executable, "-m", "roster", "generate", str(sample), "--month", "2026-12",
                             "-o", str(out), "--time-limit", "600", "--lang", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(3.0)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:  # the machine was fast enough to finish first: nothing to judge
        pytest.skip("generate finished before the signal")
    assert proc.returncode == 130, err
    assert "Interrupted (Ctrl-C): nothing written." in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_rule_value_errors_speak_the_users_language(tmp_path):
    """The rules' own checks (max below min, a weekday name) were English inside zh messages."""
    sheets = team_sheets()
    sheets["Rules"] += [["rest_days.max", 2], ["rotation.change_over_days", "Funday"]]
    team = write_book(tmp_path / "team.xlsx", sheets)
    result = run("generate", team, "--month", MONTH, "-o", tmp_path / "r.xlsx", "--time-limit", "1", lang="zh")
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "max（2）小于 min（4）" in text, text
    assert "'Funday' 不是星期几" in text, text
    assert "is below" not in text and "is not a weekday" not in text

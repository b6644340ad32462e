"""Acceptance findings of a new English-speaking user (session 19): languages chosen by --lang
or the locale, --json, and option edge cases.  Each test is one thing such a user typed that
the tool got wrong."""

from __future__ import annotations

import json
import re
import threading

import pytest
from click.testing import CliRunner
from test_cli import MONTH, run, team_sheets, write_book

from roster import i18n
from roster.cli import main

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@pytest.fixture(autouse=True)
def english_afterwards():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def team(tmp_path):
    return write_book(tmp_path / "team.xlsx", team_sheets())


def test_threads_speak_the_chosen_language():
    """The live progress line ("Solving... 3.5s objective 90 ...") is written by CP-SAT's
    solution callback in the solver's thread; under --lang zh it came out in English, because
    the language was a context variable that a new thread does not inherit."""
    i18n.set_language("zh")
    seen: list[str] = []
    worker = threading.Thread(target=lambda: seen.append(i18n.t("cli.progress", seconds=1.0, objective="9",
                                                                  bound="5", gap="44.4%")))
    worker.start()
    worker.join()
    assert seen and seen[0].startswith("正在求解"), seen


def _run_env(args: list[str], lang_env: str):
    env = {"ROSTER_LANG": None, "LC_ALL": None, "LANG": lang_env, "COLUMNS": "400"}
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def test_a_mistyped_option_speaks_the_locale(team):
    """With LANG=zh_CN.UTF-8 and no --lang, every message is Chinese, but a mistyped option
    (found before --lang's default is applied) was reported in English."""
    result = _run_env(["check", str(team), "--jsn"], "zh_CN.UTF-8")
    assert result.exit_code == 2
    assert "没有选项 --jsn" in result.output and "--json" in result.output, result.output
    assert "No such option" not in result.output
    result = _run_env(["check", str(team), "--jsn"], "C.UTF-8")
    assert result.exit_code == 2 and "No such option" in result.output and "--json" in result.output


@pytest.mark.parametrize("args", [["--time-limit", "abc"], ["--time-limit", "0"], ["--seed", "x"],
                                  ["surplus"]])
def test_command_line_mistakes_in_chinese_have_no_english_sentence(tmp_path, team, args):
    """click's own sentences ("'abc' is not a valid float range.", "0.0 is not in the range
    x>=0.1.", "Got unexpected extra argument") were left in English under --lang zh."""
    result = run("generate", team, "--month", MONTH, "-o", tmp_path / "r.xlsx", *args, lang="zh")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    first = result.output.splitlines()[0]
    assert not re.search(r"\b(is not|valid|range|unexpected|argument)\b", first), first
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_time_limit_must_be_a_finite_number(tmp_path, team, value):
    """``--time-limit nan`` passed click's range check, ran the solver and exited 3 ("no roster
    found within nan s (status MODEL_INVALID)"); ``--time-limit inf`` wrote a roster whose Rules
    sheet had a blank solver.time_limit, which ``roster check`` then refused (exit 2)."""
    out = tmp_path / "r.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", value)
    assert result.exit_code == 2, result.output
    assert "--time-limit" in result.output and "seconds" in result.output
    assert not out.exists()
    data = json.loads(CliRunner().invoke(main, ["generate", str(team), "--month", MONTH, "-o", str(out),
                                                "--time-limit", value, "--json", "--lang", "en"]).stdout)
    assert data["ok"] is False and data["exit_code"] == 2


@pytest.mark.parametrize("seed", [str(2**31), "99999999999999999999"])
def test_seed_beyond_32_bits_is_a_clear_error(tmp_path, team, seed):
    """CP-SAT's random_seed is a 32-bit integer: ``--seed 2147483648`` ended in a TypeError
    traceback from OR-Tools (exit 1) after the workbook had been read."""
    out = tmp_path / "r.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--seed", seed, "--time-limit", "1")
    assert result.exit_code == 2, result.output
    assert "--seed" in result.output and not out.exists()
    zh = run("generate", team, "--month", MONTH, "-o", out, "--seed", seed, "--time-limit", "1", lang="zh")
    assert zh.exit_code == 2 and "不在允许的范围" in zh.output, zh.output


def test_ledger_is_readable_in_an_80_column_terminal(tmp_path, team):
    """``roster ledger`` printed one table of fourteen columns (each metric for the month and
    for the year to date): in an 80-column terminal every header came out as "w…", "ho…"."""
    out = tmp_path / "r.xlsx"
    assert run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1").exit_code == 0
    result = CliRunner().invoke(main, ["ledger", str(out), "--lang", "en"], env={"COLUMNS": "80"},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "…" not in result.output, result.output
    for word in ("nights", "weekend", "holiday", "working", "hours", "Ann", MONTH):
        assert word in result.output, (word, result.output)
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_progress_line_ticks_before_the_first_roster():
    """A 300-agent month is solved in parts first, which report nothing: the spinner said a bare
    "Solving..." for a minute and a half.  The line now shows the wall time, ticking."""
    import io
    import time

    from rich.console import Console

    from roster.cli import _live_progress

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100)
    with _live_progress(console):
        time.sleep(1.3)
    assert "Solving... 1s" in buffer.getvalue(), buffer.getvalue()


def test_common_english_sheet_and_column_names_are_read(tmp_path):
    """Headers an English-speaking manager types: "Employee Name", "Skill Set", "Preference"; and
    sheets "Staffing", "Shift Types", "Time Off".  "Employee ID" was read but "Employee Name" was
    not (exit 2), nor a Demand sheet called "Staffing"."""
    from roster.excel.read_team import read_team

    sheets = team_sheets()
    sheets["Staff"][0] = ["Employee ID", "Employee Name", "Team", "Skill Set", "Allowed Shifts", "Team Lead"]
    sheets["Requests"][0] = ["Employee ID", "Date", "Shift", "Preference", "Weight"]
    renamed = {"Staff": "Employees", "Shifts": "Shift Types", "Demand": "Staffing", "Leave": "Time Off"}
    book = write_book(tmp_path / "team.xlsx", {renamed.get(k, k): v for k, v in sheets.items()})
    team = read_team(book)
    assert [(s.id, s.name) for s in team.staff][:2] == [("A1", "Ann"), ("B2", "Bo")]
    assert team.staff[0].skills == ("chat", "phone") and team.staff[0].lead
    assert [s.code for s in team.shifts] == ["D", "N"] and len(team.demand) == 2
    assert len(team.leave) == 1 and team.requests[0].want is True


def test_output_inside_a_file_names_the_file(tmp_path, team):
    """``-o team.xlsx/roster.xlsx`` (a slash typed for a dash) said only "folder .../team.xlsx
    does not exist" while that file was right there."""
    result = run("generate", team, "--month", MONTH, "-o", f"{team}/roster.xlsx", "--time-limit", "1")
    assert result.exit_code == 2
    assert "There is a file of that name" in result.output, result.output


def test_solve_time_is_the_time_the_user_waited(tmp_path, team, monkeypatch):
    """The solve line's seconds were the last CP-SAT phase's: a 120-agent month solved in parts
    first said "49.9 s" after 99 s of wall time.  Here the engine takes 1.5 s more than its
    solver reports (before the solve, as the parts of a large department do); the line, the
    JSON and the Summary sheet say so."""
    import time

    from roster import engine
    from roster.excel.read_roster import read_roster

    real = engine.with_forecast_intervals

    def slow(*args, **kwargs):
        time.sleep(1.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "with_forecast_intervals", slow)
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(main, ["generate", str(team), "--month", MONTH, "-o", str(out), "--time-limit", "1",
                                       "--json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["solve"]["seconds"] >= 1.5
    info = read_roster(out).solve_info
    assert info is not None and info.seconds >= 1.5


@pytest.mark.parametrize("value", ["inf", "nan", "-Infinity"])
def test_rules_value_must_be_finite(tmp_path, value):
    """A Rules row ``solver.time_limit = inf`` passed the profile's "more than 0" check: the
    solve ran unbounded, and the roster it wrote could not be checked (its Rules sheet cannot
    hold inf: "sheet Rules, row 2, column value: is blank")."""
    sheets = team_sheets()
    sheets["Rules"].append(["solver.time_limit", value])
    team = write_book(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "r.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out)
    assert result.exit_code == 2, result.output
    assert "sheet Rules, row 3" in result.output and "not a finite number" in result.output
    assert not out.exists()

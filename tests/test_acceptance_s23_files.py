"""Acceptance, session 23: the files and paths a real user throws at the tool.

Excel's lock file picked by tab completion, an .ods or .xlsb saved by mistake, a roster from
another tool, a team workbook given to ``check``, a ledger folder that holds the output, a name
too long for the filesystem, a mistyped option with ``--json``, Ctrl-C.  The contract for each:
exit 2 (130 for Ctrl-C) with a message naming what is wrong, no traceback, nothing written, the
input byte-identical, and with ``--json`` a JSON error object on stdout.  No test solves."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from excel_helpers import base_sheets, make_workbook
from openpyxl import Workbook

from roster import cli
from roster.cli import main

LONG = "a" * 300  # longer than any filesystem's 255-byte name limit


def invoke(*args: object, lang: str = "en"):
    """The CLI in-process, stdout and stderr apart (a ``--json`` answer must be stdout alone)."""
    return CliRunner().invoke(main, [*map(str, args), "--lang", lang], env={"COLUMNS": "400"},
                              catch_exceptions=False)


def assert_refused(result, *words: str) -> None:
    """Exit 2, no traceback, and every one of ``words`` in the message."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    """A valid team workbook (never solved here: every test stops before the solve)."""
    return make_workbook(tmp_path_factory.mktemp("files") / "team.xlsx", base_sheets())


# ------------------------------------------------------------------------- Excel's lock file
@pytest.mark.parametrize("lang, words", [("en", ["lock file", "team.xlsx"]), ("zh", ["锁定文件", "team.xlsx"])])
def test_excel_lock_file_given_as_input_is_named_as_such(tmp_path, lang, words):
    """While Excel has team.xlsx open, tab completion offers ~$team.xlsx (a 165-byte owner
    file) first: "damaged or not a workbook" sent the user looking for damage that is not there."""
    lock = tmp_path / "~$team.xlsx"
    lock.write_bytes(b"\x05Owner" + b"\0" * 150)
    assert_refused(invoke("check", lock, lang=lang), str(lock), *words)


# --------------------------------------------------------------------- other spreadsheet zips
def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name, entries, en, zh", [
    ("team.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
     "OpenDocument", "OpenDocument"),
    ("team.xlsx", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
     "OpenDocument", "OpenDocument"),
    ("team.xlsb", {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0"}, ".xlsb", ".xlsb"),
])
def test_other_spreadsheet_formats_say_how_to_convert(tmp_path, name, entries, en, zh):
    """A LibreOffice/WPS .ods or an Excel binary .xlsb is a zip too: it was called "damaged",
    though saving it as .xlsx is all it takes."""
    path = tmp_path / name
    path.write_bytes(_zip(entries))
    before = path.read_bytes()
    assert_refused(invoke("generate", path, "--month", "2026-12", "-o", tmp_path / "out.xlsx"), en, ".xlsx")
    assert_refused(invoke("check", path, lang="zh"), zh, "另存为")
    assert path.read_bytes() == before and not (tmp_path / "out.xlsx").exists()


# ------------------------------------------------------------- the wrong kind of workbook
def test_roster_from_another_tool_says_the_team_sheets_are_missing(tmp_path):
    """A Roster sheet alone (exported from another scheduler): "no sheet Staff, no sheet Demand"
    did not say that a roster workbook must carry copies of the team sheets."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Roster"
    ws.append(["id", "name", "2026-12-01", "2026-12-02"])
    ws.append(["1001", "Wang", "D", "OFF"])
    path = tmp_path / "other.xlsx"
    wb.save(path)
    for command in (["check", path], ["coverage", path], ["suggest", path, "1001:2026-12-01"]):
        assert_refused(invoke(*command), "copies of the team sheets", "Staff")
    result = invoke("check", path, "--json", lang="zh")
    assert_refused(result, "团队表副本")
    answer = json.loads(result.stdout)
    assert answer["exit_code"] == 2 and answer["problems"][0]["sheet"] == "Staff"


def test_team_workbook_given_to_check_says_generate_first(team):
    """``roster check team.xlsx`` (the team workbook, not the roster): say what to run first;
    the "no sheet Roster" line stays for those who read it."""
    assert_refused(invoke("check", team), "is a team workbook", "roster generate", "no sheet Roster")
    assert_refused(invoke("coverage", team, lang="zh"), "团队工作簿", "roster generate")


def test_roster_with_its_roster_sheet_deleted_is_not_called_a_team_workbook(tmp_path):
    """Coverage and Summary are there: it is a roster workbook that lost its grid."""
    sheets = {**base_sheets(), "Coverage": [["date"]], "Summary": [["id"]]}
    path = make_workbook(tmp_path / "r.xlsx", sheets)
    result = invoke("check", path)
    assert_refused(result, "no sheet Roster")
    assert "team workbook" not in result.stderr


# ---------------------------------------------------------------- --ledger files are inputs
def test_generate_never_writes_over_a_ledger_roster(tmp_path, team):
    """``-o rosters/2026-12.xlsx --force --ledger rosters`` replaced the December draft the
    ledger was read from; --force allows overwriting an old output, never an input."""
    folder = tmp_path / "rosters"
    folder.mkdir()
    draft = folder / "2026-12.xlsx"
    draft.write_bytes(b"a roster the ledger reads")
    for ledger in (folder, draft):
        result = invoke("generate", team, "--month", "2026-12", "-o", draft, "--force", "--ledger", ledger)
        assert_refused(result, "input file")
        assert draft.read_bytes() == b"a roster the ledger reads"


def test_ledger_names_the_file_once_and_keeps_each_problem(tmp_path):
    """"x.xlsx: x.xlsx is not an Excel workbook" named the file twice; several problems of one
    roster were merged into one JSON problem without sheet or row."""
    zero = tmp_path / "zero.xlsx"
    zero.write_bytes(b"")
    result = invoke("ledger", zero)
    assert_refused(result, "zero.xlsx")
    assert result.stderr.count("zero.xlsx") == 1
    wb = Workbook()
    wb.active.title = "Roster"
    other = tmp_path / "other.xlsx"
    wb.save(other)
    answer = json.loads(invoke("ledger", other, "--json").stdout)
    assert len(answer["problems"]) >= 2
    assert all(p["message"].startswith(str(other)) for p in answer["problems"])


# ------------------------------------------------------------------- names too long, options
@pytest.mark.parametrize("command", [
    ["generate", "{team}", "--month", "2026-12", "-o", f"{LONG}.xlsx"],
    ["generate", f"{LONG}.xlsx", "--month", "2026-12", "-o", "out.xlsx"],
    ["check", f"{LONG}.xlsx"],
    ["init", f"{LONG}.xlsx"],
    ["ledger", f"{LONG}.xlsx", "--json"],
])
def test_a_name_too_long_is_a_message_not_a_traceback(tmp_path, team, monkeypatch, command):
    """pathlib's exists() raises ENAMETOOLONG instead of answering: a traceback (exit 1)."""
    monkeypatch.chdir(tmp_path)
    result = invoke(*(part.format(team=team) for part in command))
    assert_refused(result, LONG)
    assert not (tmp_path / "out.xlsx").exists()
    if "--json" in command:
        assert json.loads(result.stdout)["exit_code"] == 2


@pytest.mark.parametrize("args, option", [
    (["--seed", "abc"], "--seed"),
    (["--time-limit", "0"], "--time-limit"),
    (["--lang", "fr"], "--lang"),
])
def test_a_mistyped_option_with_json_lists_the_problem(tmp_path, team, args, option):
    """README: bad input gives ``problems`` in the JSON error; a mistyped option had none."""
    result = CliRunner().invoke(main, ["generate", str(team), "--month", "2026-12", "-o",
                                       str(tmp_path / "o.xlsx"), "--json", *args])
    assert result.exit_code == 2
    answer = json.loads(result.stdout)
    assert answer["ok"] is False and answer["problems"][0]["option"] == option
    assert not (tmp_path / "o.xlsx").exists()


# ------------------------------------------------------------------------------------- Ctrl-C
def test_ctrl_c_with_json_gives_the_json_error(tmp_path, team, monkeypatch):
    """Ctrl-C exits 130 saying nothing was written; with --json stdout was empty, and a script
    reading it had nothing to parse."""
    import sys

    import roster.excel.read_team  # noqa: F401  (the module; roster.excel re-exports the function)

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.modules["roster.excel.read_team"], "read_team", interrupted)
    out = tmp_path / "out.xlsx"
    result = invoke("generate", team, "--month", "2026-12", "-o", out, "--json", lang="zh")
    assert result.exit_code == 130 and not out.exists()
    answer = json.loads(result.stdout)
    assert answer["exit_code"] == 130 and "未写出" in answer["error"]


def test_ctrl_c_while_the_program_loads_is_exit_130_without_traceback(monkeypatch, capsys):
    """Ctrl-C in the first second (OR-Tools still importing) printed a KeyboardInterrupt
    traceback from inside an import; the loading handler answers as the command would."""
    monkeypatch.setattr("sys.argv", ["roster", "check", "r.xlsx", "--json", "--lang", "en"])
    with pytest.raises(SystemExit) as stop:
        cli._interrupted_while_loading(2, None)
    assert stop.value.code == 130
    captured = capsys.readouterr()
    assert json.loads(captured.out)["exit_code"] == 130
    assert "nothing written" in captured.err

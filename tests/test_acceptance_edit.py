"""Acceptance findings on the team leads' edits, each driven through the CLI as a user would.

One small generated roster is shared; every test copies or hand-edits it with openpyxl and
checks the exit code, what was said and what was (not) written.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from roster.excel.read_roster import read_roster
from tests.test_cli import digest, edit, run, write_book
from tests.test_cli_edits import MONTH, TIME, slack_sheets


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("acceptance")
    team = write_book(folder / "team.xlsx", slack_sheets())
    out = folder / "roster.xlsx"
    result = run("generate", team, "--month", MONTH, "-o", out, "--time-limit", TIME)
    assert result.exit_code == 0, result.output
    return out


def _rest_pair(path):
    """(person, first date, second date): two rest days of one person."""
    book = read_roster(path)
    for person in book.team.staff:
        rest = [d for d in book.roster.dates if book.roster.get(person.id, d) == "OFF"]
        if len(rest) >= 2:
            return person.id, rest[0], rest[1]
    pytest.skip("nobody rests twice")


def test_swapping_one_persons_two_equal_cells_is_refused_like_two_peoples(made, tmp_path):
    """``swap K07:D1 K07:D2`` where both days hold the same mark changes nothing: it said
    "Swap allowed" and wrote an unchanged roster (exit 0); two people's equal cells are refused
    with "nothing to exchange" (exit 2), and so must this be."""
    sid, d1, d2 = _rest_pair(made)
    out = tmp_path / "v2.xlsx"
    before = digest(made)
    result = run("swap", made, f"{sid}:{d1}", f"{sid}:{d2}", "-o", out)
    assert result.exit_code == 2, result.output
    assert "nothing to exchange: both cells hold OFF" in result.output
    assert not out.exists()
    assert digest(made) == before


def test_repair_keeps_a_kept_days_unknown_code_as_it_was(made, tmp_path):
    """A typo ('Dd') typed on a day before ``--from`` came back from a repair as a rest day
    ("Dd -> OFF", counted as a change for someone not on leave), although the days before
    ``--from`` are kept.  It must stay as typed and be listed as a breach of the kept days."""
    book = read_roster(made)
    dates = book.roster.dates
    sid, typo_day, _ = _rest_pair(made)
    start = dates[20]
    assert typo_day < start
    # New leave after --from for someone resting that day: the repair needs no other change.
    sick, sick_day = next((p.id, d) for d in dates[22:] for p in book.team.staff
                          if p.id != sid and book.roster.get(p.id, d) == "OFF")
    typed = edit(made, tmp_path / "typo.xlsx", {(sid, typo_day.isoformat()): "Dd"})
    out = tmp_path / "repaired.xlsx"
    result = run("repair", typed, "--leave", f"{sick}:{sick_day}", "--from", start.isoformat(), "-o", out,
                 "--time-limit", TIME)
    assert result.exit_code == 0, result.output
    assert "Dd ->" not in result.output
    assert "0 of them for other people" in result.output
    assert f"[assignment] {sid} on {typo_day}: unknown code 'Dd'" in result.output  # a kept breach
    ws = openpyxl.load_workbook(out)["Roster"]
    header = [c.value.date() if isinstance(c.value, dt.datetime) else c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == sid)
    assert row[header.index(typo_day)].value == "Dd"


def test_check_says_what_to_do_with_a_note_row_and_an_unreadable_date_header(made, tmp_path):
    """A note typed under the table and a date header typed as '12月8日' were reported as
    "roster row 'Note...' is not in the Staff sheet" and "the roster has no column for ...",
    which leave a new user guessing what to change; the findings now say it."""
    wb = openpyxl.load_workbook(made)
    ws = wb["Roster"]
    last = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value)
    ws.cell(last + 1, 1, "Note: E5 asked to swap")
    header = {c.value.date(): c.column for c in ws[1] if isinstance(c.value, dt.datetime)}
    day = sorted(header)[9]
    ws.cell(1, header[day], f"{day.month}月{day.day}日")
    path = tmp_path / "noted.xlsx"
    wb.save(path)
    en = run("check", path)
    assert en.exit_code == 1, en.output
    assert "move a note off the Roster sheet" in en.output
    assert f"the roster has no column for {day} (a date column's header holds its date" in en.output
    zh = run("check", path, lang="zh")
    assert "备注请移出排班表" in zh.output and "不会被识别为日期" in zh.output


def _without_row(src, dst, sid):
    wb = openpyxl.load_workbook(src)
    ws = wb["Roster"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == sid)
    ws.delete_rows(row)
    wb.save(dst)
    return dst


def test_edits_refuse_a_roster_missing_a_staff_members_row(made, tmp_path):
    """A team lead deletes the row of someone who left, but not their Staff row.  ``check``
    says "has no row"; ``swap`` between two others wrote the person back as a month of rest
    days (exit 0) and ``repair`` planned their whole month again.  Both now refuse (exit 2),
    naming the person and what to do, and write nothing; ``suggest`` no longer offers them."""
    book = read_roster(made)
    gone = book.team.staff[-1]
    path = _without_row(made, tmp_path / "left.xlsx", gone.id)
    before = digest(path)
    dates = book.roster.dates
    # A give-away between two people who still have their rows.
    pid, qid, day = next((p.id, q.id, d) for d in dates for p in book.team.staff for q in book.team.staff
                         if gone.id not in (p.id, q.id) and book.roster.get(p.id, d) == "OFF"
                         and book.roster.get(q.id, d) in book.team.shift_by_code)
    out = tmp_path / "v2.xlsx"
    swapped = run("swap", path, f"{pid}:{day}", f"{qid}:{day}", "-o", out, "--force")
    assert swapped.exit_code == 2, swapped.output
    assert f"sheet Roster has no row for {gone.id} ({gone.name})" in swapped.output
    assert "delete them from the Staff sheet too" in swapped.output
    assert not out.exists()
    repaired = run("repair", path, "--leave", f"{pid}:{dates[-1]}", "-o", out, "--time-limit", TIME, lang="zh")
    assert repaired.exit_code == 2, repaired.output
    assert f"排班表中没有 {gone.id}" in repaired.output
    assert not out.exists()
    working = next((p.id, d) for d in dates for p in book.team.staff
                   if p.id != gone.id and book.roster.get(p.id, d) in book.team.shift_by_code)
    offered = run("suggest", path, f"{working[0]}:{working[1]}", "--json")
    assert offered.exit_code == 0, offered.output
    assert gone.id not in offered.stdout
    assert digest(path) == before


def test_a_swap_shows_the_written_rosters_own_check(made, tmp_path):
    """A swap allowed on a roster that already broke a hard rule said only "Swap allowed ...
    Roster written", while ``check`` of what it wrote exits 1: the written roster's check is
    shown (and given in --json), as generate and repair show theirs."""
    book = read_roster(made)
    dates = book.roster.dates
    broken = tmp_path / "broken.xlsx"
    sid = book.team.staff[0].id
    edit(made, broken, {(sid, dates[0].isoformat()): "ZZ"})  # an unknown code: a hard breach the swap keeps
    assert run("check", broken).exit_code == 1
    other, d1, d2 = _rest_pair(made)
    works = next(d for d in dates[3:] if book.roster.get(other, d) not in ("OFF", "LEAVE"))
    out = tmp_path / "v2.xlsx"
    result = run("swap", broken, f"{other}:{d2}", f"{other}:{works}", "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert "Check: " in result.output and "hard violation(s) (" in result.output, result.output
    as_json = run("swap", broken, f"{other}:{d2}", f"{other}:{works}", "-o", tmp_path / "v3.xlsx", "--force",
                  "--json")
    payload = json.loads(as_json.output)
    assert payload["written"] and payload["check"]["ok"] is False and payload["check"]["hard"] >= 1


def test_repair_best_effort_says_in_words_that_no_valid_repair_exists(made, tmp_path):
    """With --best-effort and no valid repair, the text output said nothing of it (exit 0, no
    reasons); only --json carried them."""
    leaves = []
    for person in read_roster(made).team.staff:
        leaves += ["--leave", f"{person.id}:2027-03-10..2027-03-12"]
    out = tmp_path / "best.xlsx"
    result = run("repair", made, *leaves, "--from", "2027-03-10", "-o", out, "--time-limit", TIME,
                 "--best-effort")
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert "best-effort roster with the smallest shortfall" in result.output, result.output
    assert "  - " in result.output

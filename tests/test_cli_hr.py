"""``roster coverage --holidays``, ``report``, ``ledger``, ``generate --ledger`` and ``bench curtois``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from roster.calendar import horizon_for_dates
from roster.domain import DayType
from roster.engine import month_span
from roster.excel.read_roster import read_roster
from tests.test_cli import digest, run, team_sheets, write_book

TIME = "2"


def holiday_sheets() -> dict:
    sheets = team_sheets()
    sheets["Staff"] = [*sheets["Staff"], ["E5", "Ed", "post", "chat", "", "no"], ["F6", "Fy", "post", "chat", "", "no"]]
    sheets["Leave"] = [["id", "from", "to", "type"]]
    sheets["Requests"] = [["id", "date", "shift", "want", "weight"]]
    sheets["Demand"] = [["day", "shift", "skill", "min", "target"], ["all", "D", None, 1, 2], ["all", "N", None, 1, 1]]
    # An extra company holiday and a make-up working day on top of the official calendar.
    sheets["Holidays"] = [["date", "name", "kind"], [dt.date(2027, 1, 20), "Company day", "holiday"],
                          [dt.date(2027, 1, 23), "Make-up", "workday"]]
    return sheets


@pytest.fixture(scope="module")
def jan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hr")
    team = write_book(folder / "team.xlsx", holiday_sheets())
    out = folder / "2027-01.xlsx"
    result = run("generate", team, "--month", "2027-01", "-o", out, "--time-limit", TIME)
    assert result.exit_code == 0, result.output
    return team, out


@pytest.fixture(scope="module")
def feb(jan, tmp_path_factory):
    """February made from ``jan`` with ``--ledger`` (and ``--json``): one solve of the full limit
    shared by the ledger tests, which only read it (the text output of a generate with
    --ledger is test_generate_ledger_leaves_out_this_month_and_later's)."""
    team, jan_path = jan
    out = tmp_path_factory.mktemp("feb") / "2027-02.xlsx"
    made = run("generate", team, "--month", "2027-02", "-o", out, "--time-limit", TIME, "--ledger", jan_path, "--json")
    assert made.exit_code == 0, made.output
    return out, made


def special_days(path):
    book = read_roster(path)
    h = horizon_for_dates(book.team, month_span(book.roster.dates))
    return book, {d.date: d for d in h.days if d.type in (DayType.HOLIDAY, DayType.WORKDAY) or d.promotion}


# ---------------------------------------------------------------------------------- coverage
def test_coverage_holidays_lists_exactly_the_special_days(jan):
    _, path = jan
    before = digest(path)
    result = run("coverage", path, "--holidays", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    book, special = special_days(path)
    assert dt.date(2027, 1, 1) in special and dt.date(2027, 1, 20) in special and dt.date(2027, 1, 23) in special
    assert special[dt.date(2027, 1, 23)].type == DayType.WORKDAY
    rows = data["rows"]
    assert {dt.date.fromisoformat(r["date"]) for r in rows} == set(special)
    assert data["gaps"] == 0
    for r in rows:
        d = dt.date.fromisoformat(r["date"])
        on = sorted(p.id for p in book.team.staff if book.roster.get(p.id, d) == r["shift"])
        # everyone on the shift is counted, also beyond the target (a surplus used to vanish)
        assert r["assigned"] == len(on) == len(r["people"])
        assert r["min"] == 1 and r["assigned"] >= r["min"]
        names = {p.id for p in book.team.staff if p.id in on} | {p.name for p in book.team.staff if p.id in on}
        assert set(r["people"]) <= names
        assert r["day_type"] == special[d].type.value
    assert digest(path) == before


def test_coverage_table_keeps_whole_dates_in_a_narrow_terminal(jan):
    """In an 80-column terminal the holiday names wrap, the dates do not ('2027-0…' told a
    manager nothing)."""
    from click.testing import CliRunner

    from roster.cli import main

    _, path = jan
    result = CliRunner().invoke(main, ["coverage", str(path), "--holidays", "--lang", "en"],
                                env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2027-01-01" in result.output and "2027-01-23" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_coverage_hole_in_holiday_night_exits_1(jan, tmp_path):
    _, path = jan
    book, _ = special_days(path)
    holey = tmp_path / "holey.xlsx"
    shutil.copy(path, holey)
    wb = openpyxl.load_workbook(holey)
    ws = next(wb[n] for n in wb.sheetnames if n.lower() in ("roster", "排班表"))
    header = [c.value for c in ws[1]]
    col = next(i for i, v in enumerate(header) if str(v)[:10] == "2027-01-01")
    for row in ws.iter_rows(min_row=2):
        if row[col].value == "N":
            row[col].value = "OFF"
    wb.save(holey)
    result = run("coverage", holey, "--holidays", "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    gaps = [r for r in data["rows"] if r["gap"]]
    assert [(r["date"], r["shift"]) for r in gaps] == [("2027-01-01", "N")]
    text = run("coverage", holey, "--holidays")
    assert text.exit_code == 1 and "2027-01-01" in text.output and "gap" in text.output
    assert run("check", holey).exit_code == 1


# ------------------------------------------------------------------------------------ report
def test_report_html(jan, tmp_path):
    _, path = jan
    out = tmp_path / "r.html"
    result = run("report", path, "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html and "http" not in html
    # The solve figures come from the roster's Summary sheet (it said "checked (no solve)").
    book = read_roster(path)
    assert book.solve_info is not None and book.solve_info.status in ("OPTIMAL", "FEASIBLE")
    assert f"Solve status: {book.solve_info.status}" in html and "no solve" not in html
    assert book.roster.info is None  # an edit must not carry the solve's objective
    before = digest(out)
    again = run("report", path, "-o", out)
    assert again.exit_code == 2
    assert digest(out) == before
    assert run("report", path, "-o", out, "--force").exit_code == 0


# ------------------------------------------------------------------------------------ ledger
def test_ledger_and_generate_with_ledger(jan, feb, tmp_path):
    """The ledger of January and the February made with ``--ledger`` (the shared ``feb``), and
    February's holiday work going to those January spared."""
    _, jan_path = jan
    feb, _ = feb
    led = run("ledger", jan_path, feb, "--json")
    assert led.exit_code == 0, led.output
    data = json.loads(led.output)
    text = json.dumps(data)
    assert "2027-01" in text and "2027-02" in text
    for sid in ("A1", "B2", "C3", "D4", "E5", "F6"):
        assert sid in text

    # Two versions of one month (the first roster and the one after a swap) in one folder: named,
    # with what to do, instead of "A1 has two assignments".
    folder = tmp_path / "rosters"
    folder.mkdir()
    shutil.copy(jan_path, folder / "2027-01.xlsx")
    shutil.copy(jan_path, folder / "2027-01-v2.xlsx")
    twice = run("ledger", folder)
    assert twice.exit_code == 2, twice.output
    assert (f"has two assignments for 2027-01-01: {folder / '2027-01-v2.xlsx'} and {folder / '2027-01.xlsx'} "
            "both plan it" in twice.output
            and "Pass only the final version of each month" in twice.output), twice.output

    # A folder with one unreadable workbook: the message names that file.
    broken = folder / "2027-03.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.save(broken)
    (folder / "2027-01-v2.xlsx").unlink()
    named = run("ledger", folder)
    assert named.exit_code == 2 and str(broken) in named.output, named.output

    # The same file named twice, or by name and through its folder, is one roster.
    once = run("ledger", jan_path, jan_path, "--json")
    assert once.exit_code == 0 and json.loads(once.output) == json.loads(run("ledger", jan_path, "--json").output)

    def holiday_workers(path):
        book, special = special_days(path)
        hol = [d for d, day in special.items() if day.type == DayType.HOLIDAY]
        return book, {p.id: sum(book.roster.get(p.id, d) in ("D", "N") for d in hol) for p in book.team.staff}

    book, jan_work = holiday_workers(jan_path)
    _, feb_work = holiday_workers(feb)
    assert any(feb_work.values()), "February 2027 should contain the Spring Festival"
    shifts = {p.id: p.shifts for p in book.team.staff}
    bad = [(p, q) for p in jan_work for q in jan_work
           if jan_work[p] and feb_work[p] and not jan_work[q] and not feb_work[q] and shifts[p] == shifts[q]]
    assert not bad, (jan_work, feb_work)


# ------------------------------------------------------------------------------------- bench
def test_bench_curtois_instance1(tmp_path):
    from roster.bench import CURTOIS_DIR
    from roster.bench.curtois import evaluate, load_instance, read_tsv

    path = CURTOIS_DIR / "Instance1.txt"
    if not path.exists():
        pytest.skip(f"no Curtois data at {CURTOIS_DIR}")
    out = tmp_path / "out.tsv"
    result = run_plain("bench", "curtois", path, "--time-limit", "5", "--solution", out, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["feasible"] and data["objective"] == 607, data
    # Column generation ran first (its bound, 558, is below the optimum); the exact phase (the
    # whole model with its row cuts) proves 607.
    assert data["strategy"] == "cg+exact" and data["status"] == "OPTIMAL" and data["bound"] == 607, data
    inst = load_instance(path)
    ev = evaluate(inst, read_tsv(inst, out))
    assert ev.feasible, ev.violations
    assert ev.objective == 607
    # The solution file is an output like any other: not overwritten without --force.
    again = run_plain("bench", "curtois", path, "--time-limit", "1", "--solution", out)
    assert again.exit_code == 2 and "--force" in again.output
    assert run_plain("bench", "curtois", path, "--time-limit", "1", "--solution", out, "--force").exit_code == 0
    # The text line speaks the user's language.
    zh = run_plain("bench", "curtois", path, "--time-limit", "5", "--lang", "zh")
    assert zh.exit_code == 0 and "Instance1：目标值 607（满足全部硬性规则），状态 OPTIMAL，下界 607（差距 0.00%）" in zh.output
    # Nor over the instance, even with --force; the refusal names this command's option.
    onto = run_plain("bench", "curtois", path, "--time-limit", "1", "--solution", path, "--force", "--lang", "en")
    assert onto.exit_code == 2 and "with --solution" in onto.output and "-o" not in onto.output, onto.output


def test_bench_curtois_wall_reads_the_limit_as_wall_clock_seconds():
    """``--wall``: the limit is how long the user waits; the line and the JSON say so, and that
    the result is not reproducible (no 'cap hit' warning: no cap applies)."""
    from roster.bench import CURTOIS_DIR

    path = CURTOIS_DIR / "Instance1.txt"
    if not path.exists():
        pytest.skip(f"no Curtois data at {CURTOIS_DIR}")
    result = run_plain("bench", "curtois", path, "--time-limit", "5", "--wall", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["objective"] == 607 and data["clock"] == "wall" and data["deterministic"] is False, data
    en = run_plain("bench", "curtois", path, "--time-limit", "5", "--wall")
    assert en.exit_code == 0 and "(5 wall-clock s)" in en.output, en.output
    zh = run_plain("bench", "curtois", path, "--time-limit", "5", "--wall", "--lang", "zh")
    assert zh.exit_code == 0 and "（5 墙钟秒）" in zh.output, zh.output
    det = run_plain("bench", "curtois", path, "--time-limit", "5", "--json")
    assert json.loads(det.output)["clock"] == "deterministic"


INFEASIBLE_INSTANCE = """\
SECTION_HORIZON
7

SECTION_SHIFTS
E,480,

SECTION_STAFF
A,E=7,4000,4000,7,1,1,1
B,E=7,2400,0,5,1,1,1

SECTION_DAYS_OFF
A,6
B,0

SECTION_SHIFT_ON_REQUESTS

SECTION_SHIFT_OFF_REQUESTS

SECTION_COVER
""" + "".join(f"{day},E,1,100,1\n" for day in range(7))


def test_bench_curtois_without_a_valid_roster_exits_3_and_writes_nothing(tmp_path):
    """A's minimum of 4,000 minutes cannot be worked in 7 days of 480: no valid roster exists.
    The command says which rule, exits 3 and writes no solution file."""
    path = tmp_path / "infeasible.txt"
    path.write_text(INFEASIBLE_INSTANCE)
    out = tmp_path / "out.tsv"
    result = run_plain("bench", "curtois", path, "--time-limit", "2", "--solution", out)
    assert result.exit_code == 3, result.output
    assert "no roster that keeps every hard rule" in result.output
    assert "A [min_minutes]" in result.output
    assert not out.exists()


def test_bench_suite_writes_the_page_and_keeps_what_it_did_not_run(tmp_path):
    """``roster bench`` on one instance: its row on the page, and the synthetic section of the
    old page carried over because --no-synthetic did not measure it."""
    from roster.bench import CURTOIS_DIR

    if not (CURTOIS_DIR / "Instance1.txt").exists():
        pytest.skip(f"no Curtois data at {CURTOIS_DIR}")
    page = tmp_path / "docs" / "benchmarks.md"
    page.parent.mkdir()
    page.write_text("# Benchmarks\n\nold\n\n## Curtois & Qu instances\n\nold rows\n\n"
                    "## Synthetic departments\n\n| 30 agents | kept |\n", encoding="utf-8")
    from roster.bench.suite import load_rows, rows_file

    earlier = json.loads((Path(__file__).resolve().parents[1] / "docs" / "bench" / "curtois.jsonl")
                         .read_text(encoding="utf-8").splitlines()[1])  # Instance2, from the repo
    (page.parent / "bench").mkdir()
    rows_file(page).write_text(json.dumps(earlier) + "\n", encoding="utf-8")
    result = run_plain("bench", "--instances", "1", "--no-synthetic", "--time-limit", "5",
                       "--data", CURTOIS_DIR, "-o", page, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"Benchmark figures written: {page}" in result.output
    text = page.read_text(encoding="utf-8")
    assert "| Instance1 | 8x14x1 | 607 | 607 | 0.00% | yes |" in text
    assert "old rows" not in text and "| 30 agents | kept |" in text
    assert sorted(p.name for p in page.parent.iterdir()) == ["bench", "benchmarks.md"]  # no temporary file left
    kept, row = load_rows(rows_file(page))  # the rows kept beside the page, this run's appended
    assert kept.instance == "Instance2" and f"| Instance2 | 14x14x2 | {kept.objective} |" in text
    assert (row.instance, row.objective, row.feasible) == ("Instance1", 607, True)




def test_bench_suite_wall_rows_go_to_their_own_file_and_section(tmp_path):
    """``roster bench --wall``: the limits are wall-clock seconds, so the rows are not
    reproducible; they go to their own rows file and section and never replace a deterministic
    row, whose table is kept."""
    from roster.bench import CURTOIS_DIR
    from roster.bench.suite import WALL_TITLE, load_rows, rows_file

    if not (CURTOIS_DIR / "Instance1.txt").exists():
        pytest.skip(f"no Curtois data at {CURTOIS_DIR}")
    page = tmp_path / "benchmarks.md"
    (tmp_path / "bench").mkdir()
    earlier = json.loads((Path(__file__).resolve().parents[1] / "docs" / "bench" / "curtois.jsonl")
                         .read_text(encoding="utf-8").splitlines()[0])  # Instance1, deterministic
    rows_file(page).write_text(json.dumps(earlier) + "\n", encoding="utf-8")
    result = run_plain("bench", "--instances", "1", "--no-synthetic", "--time-limit", "3", "--wall",
                       "--data", CURTOIS_DIR, "-o", page)
    assert result.exit_code == 0, result.output
    assert [r.instance for r in load_rows(rows_file(page))] == ["Instance1"]  # untouched
    (row,) = load_rows(rows_file(page, wall=True))
    assert row.wall and row.time_limit == 3 and row.feasible and not row.deterministic
    text = page.read_text(encoding="utf-8")
    det, wall = text.split(f"## {WALL_TITLE}")
    assert f"| {earlier['strategy']}, {earlier['time_limit']:g} det. s, seed 0, " in det
    assert "| Instance1 | 8x14x1 |" in wall and ", 3 wall s, seed 0, 2w |" in wall
    # A first --wall run on a new page: its section only, no empty deterministic table.
    fresh = tmp_path / "fresh" / "benchmarks.md"
    result = run_plain("bench", "--instances", "1", "--no-synthetic", "--time-limit", "3", "--wall",
                       "--data", CURTOIS_DIR, "-o", fresh)
    assert result.exit_code == 0, result.output
    text = fresh.read_text(encoding="utf-8")
    assert f"## {WALL_TITLE}" in text and "## Curtois & Qu instances\n" not in text and "0/0" not in text
    assert not rows_file(fresh).exists()


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        (["--instances", "25"], "en", "--instances: '25' is not an instance number or range within 1-24"),
        (["--instances", "3-1"], "en", "'3-1' is not an instance number"),
        (["--instances", "1,x"], "zh", "--instances：“x”不是 1-24 之间的实例编号或范围"),
        (["--data", "{empty}"], "en", "No Curtois instance files in {empty} (missing: Instance1.txt, Instance2.txt, "
                                      "Instance3.txt). Download"),
        (["--data", "{empty}", "--instances", "1-24"], "en", "(missing: Instance1.txt, Instance2.txt, Instance3.txt, "
                                                             "...)"),
        (["--data", "{empty}"], "zh", "中没有 Curtois 实例文件"),
        (["--data", "{broken}"], "en", "Instance2.txt is not a readable Curtois & Qu instance: line 2: the horizon must "
                                       "be at least 1 day, got 0"),
        (["--data", "{broken}"], "zh", "Instance2.txt 不是可读取的 Curtois & Qu 实例文件：第 2 行：排班天数至少为 1，实际为 0"),
        (["-o", "{missing}/page.md"], "en", "Cannot write {missing}/page.md: folder {missing} does not exist."),
    ],
)
def test_bench_suite_refuses_bad_input_before_solving(tmp_path, args, lang, expected):
    """The suite runs for hours: a bad range, a missing or broken instance file and an output
    that cannot be written are refused at once (exit 2, no traceback), and no page is written."""
    names = {name: tmp_path / name for name in ("empty", "good", "broken", "missing")}
    for folder in ("empty", "good", "broken"):
        names[folder].mkdir()
    for number in (1, 2, 3):  # parses (its infeasibility shows only in a solve)
        (names["good"] / f"Instance{number}.txt").write_text(INFEASIBLE_INSTANCE)
        (names["broken"] / f"Instance{number}.txt").write_text(INFEASIBLE_INSTANCE)
    (names["broken"] / "Instance2.txt").write_text(INFEASIBLE_INSTANCE.replace("HORIZON\n7", "HORIZON\n0"))
    names["missing"].write_text("a file, not a folder")
    args = [a.format(**names) for a in args]
    defaults = ["--instances", "1-3", "--data", names["good"]]
    page = tmp_path / "page.md"
    result = run_plain("bench", "--no-synthetic", "--time-limit", "1", "-o", page, *defaults, *args, "--lang", lang)
    assert result.exit_code == 2, result.output
    assert expected.format(**names) in result.output, result.output
    assert "Traceback" not in result.output
    assert not page.exists()


def run_plain(*args):
    from click.testing import CliRunner

    from roster.cli import main

    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_generate_ledger_leaves_out_this_month_and_later(jan, tmp_path, monkeypatch):
    """A folder given to --ledger often holds a draft of the month being planned: its load is
    not "carried" into that month.  Only earlier months count, and the others are named."""
    import roster.ledger as ledger

    team, jan_path = jan
    seen: list[list[str]] = []
    weights = ledger.ledger_weights

    def spy(book, team, **kw):
        seen.append(list(kw.get("months") or []))
        return weights(book, team, **kw)

    monkeypatch.setattr(ledger, "ledger_weights", spy)
    again = run("generate", team, "--month", "2027-01", "-o", tmp_path / "jan2.xlsx", "--time-limit", TIME,
                "--ledger", jan_path)
    assert again.exit_code == 0, again.output
    assert "the rosters of 2027-01 are not before 2027-01" in " ".join(again.output.split()), again.output
    assert seen == [[]]


def test_generate_with_ledger_records_the_carried_load_and_previous_is_checked(jan, feb, tmp_path):
    """What a month-to-month manager meets: (1) the roster made with --ledger records the load
    carried in its Rules sheet, so `check` prices it as generate did (check once charged the
    spared people for being spared); (2) a team workbook kept in the ledger folder is skipped
    and named, not a failure; (3) --previous with another team's roster is refused (it bound
    nothing, silently)."""
    team, jan_path = jan
    feb, made = feb
    before = digest(feb)
    rules = {r[0]: r[1] for r in openpyxl.load_workbook(feb)["Rules"].iter_rows(values_only=True) if r and r[0]}
    assert rules.get("fairness.carried") not in (None, "none"), rules
    checked = json.loads(run("check", feb, "--json").output)
    assert "fairness.carried" in checked["cost_by_rule"]
    assert sum(c["cost"] for c in checked["cost_by_rule"].values()) == json.loads(made.output)["solve"]["objective"]
    assert digest(feb) == before  # the shared roster is only read

    folder = tmp_path / "rosters"
    folder.mkdir()
    shutil.copy(jan_path, folder / "2027-01.xlsx")
    shutil.copy(team, folder / "team.xlsx")
    led = run("ledger", folder)
    assert led.exit_code == 0, led.output
    assert "team.xlsx" in led.output and "skipped" in led.output

    other = team_sheets()
    other["Staff"] = [other["Staff"][0], ["Z9", "Zed", "x", "chat", "", "no"], ["Y8", "Yu", "x", "chat", "", "no"]]
    other["Leave"] = [other["Leave"][0]]
    other["Requests"] = [other["Requests"][0]]
    other_team = write_book(tmp_path / "other.xlsx", other)
    refused = run("generate", other_team, "--month", "2027-02", "-o", tmp_path / "x.xlsx", "--previous", jan_path)
    assert refused.exit_code == 2 and "another team's roster" in refused.output, refused.output
    assert not (tmp_path / "x.xlsx").exists()


def test_ledger_shows_a_month_someone_was_not_on_staff_as_a_dash(jan, feb, tmp_path):
    """F6 left after January: February's row for F6 said 0 nights, 0 weekends, like a colleague
    who worked no unpopular duty at all; ``present`` was only in --json."""
    _, jan_path = jan
    feb_path, _ = feb
    left = tmp_path / "feb-without-f6.xlsx"
    wb = openpyxl.load_workbook(feb_path)
    for name in wb.sheetnames:
        if name.lower() in ("roster", "排班表", "staff", "员工"):
            ws = wb[name]
            for row in range(ws.max_row, 1, -1):
                if ws.cell(row=row, column=1).value == "F6":
                    ws.delete_rows(row)
    wb.save(left)
    data = json.loads(run("ledger", jan_path, left, "--json").output)
    assert "F6" in json.dumps(data)
    text = run("ledger", jan_path, left)  # COLUMNS=400: one line a row
    assert text.exit_code == 0, text.output
    # the monthly table comes first (the year-to-date one after it also has an F6 2027-02 line)
    feb_line = next(line for line in text.output.splitlines() if line.split()[:1] == ["F6"] and "2027-02" in line)
    assert set(feb_line.split()[feb_line.split().index("2027-02") + 1:]) == {"-"}, feb_line
    jan_line = next(line for line in text.output.splitlines() if line.split()[:1] == ["F6"] and "2027-01" in line)
    assert "-" not in jan_line.split(), jan_line


def test_previous_roster_notes_reach_the_json_and_the_roster(jan, tmp_path):
    """What --previous found (here a new colleague whom last month's roster lacks) was printed on
    stderr only: a script reading --json, and the roster's Summary sheet, never had it."""
    _, jan_path = jan
    sheets = holiday_sheets()
    sheets["Staff"] = [*sheets["Staff"], ["G7", "Gus", "post", "chat", "", "no"]]
    team = write_book(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "feb.xlsx"
    made = run("generate", team, "--month", "2027-02", "-o", out, "--time-limit", "1", "--previous", jan_path,
               "--json")
    assert made.exit_code == 0, made.output
    notes = json.loads(made.output)["notes"]
    assert any("Not in the previous roster" in n and "G7" in n for n in notes), notes
    summary = openpyxl.load_workbook(out)["Summary"]
    assert any("G7" in str(c.value) and "previous roster" in str(c.value) for row in summary.iter_rows() for c in row)

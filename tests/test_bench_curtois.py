"""Curtois & Qu benchmark: parser, independent evaluator, roster I/O and a short solve.

The evaluator is checked against every published roster in ``solutions/`` (exact objective and
split, feasible), so the benchmark figures in docs/benchmarks.md rest on a verified checker.
"""

from __future__ import annotations

import csv
import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from roster.bench import CURTOIS_DIR
from roster.bench.curtois import (
    Roster,
    evaluate,
    load_instance,
    parse_instance,
    read_colgen_out,
    read_tsv,
    write_tsv,
)
from roster.bench.curtois_model import (
    KINDS,
    RULES,
    UNLIMITED_DTIME,
    Days,
    Prepared,
    _Clock,
    _draw,
    _feasible_row,
    _Search,
    _solve_lns,
    _sub_run,
    build_model,
    solve_instance,
)
from roster.bench.suite import (
    WALL_TITLE,
    Section,
    SuiteRow,
    curtois_section,
    main,
    merge_rows,
    render_markdown,
    replace_table,
    rows_file,
    write_benchmarks_md,
)

BENCH = CURTOIS_DIR
pytestmark = pytest.mark.skipif(not BENCH.exists(), reason="benchmark data not present")

# file -> (objective, on, off, cover) from solutions/README.md
PUBLISHED = {
    "Instance1.obj607.evavanrooijen.tsv": (607, 4, 3, 600),
    "Instance2.obj828.evavanrooijen.tsv": (828, 26, 2, 800),
    "Instance3.obj1001.evavanrooijen.tsv": (1001, 1, 0, 1000),
    "Instance1.obj608.petters-colgen.out": (608, 4, 3, 601),
    "Instance2.obj845.petters-colgen.out": (845, 43, 2, 800),
    "Instance3.obj1005.petters-colgen.out": (1005, 5, 0, 1000),
}

WORKED_EXAMPLE = """\
SECTION_HORIZON
7

SECTION_SHIFTS
E,480,
L,480,E

SECTION_STAFF
A,E=7|L=7,2400,1440,5,2,2,1
B,E=7|L=0,2400,1440,5,2,2,1

SECTION_DAYS_OFF
A,6
B,0

SECTION_SHIFT_ON_REQUESTS
A,0,E,2
A,4,E,2
B,3,E,1

SECTION_SHIFT_OFF_REQUESTS
A,2,L,3
B,5,E,1

SECTION_COVER
0,E,1,100,1
1,E,1,100,1
2,E,1,100,1
3,E,1,100,1
4,E,1,100,1
5,E,0,100,1
6,E,0,100,1
0,L,0,100,1
1,L,0,100,1
2,L,1,100,1
3,L,1,100,1
4,L,0,100,1
5,L,0,100,1
6,L,0,100,1
"""


def _row(cells: str) -> list[str | None]:
    return [None if c == "-" else c for c in cells.split()]


def test_published_rosters_match_objective_and_split() -> None:
    files = sorted((BENCH / "solutions").glob("Instance*"))
    assert {f.name for f in files} == set(PUBLISHED)
    for f in files:
        inst = load_instance(BENCH / f"{f.name.split('.')[0]}.txt")
        objective, on, off, cover = PUBLISHED[f.name]
        if f.suffix == ".tsv":
            rosters = [(read_tsv(inst, f), objective)]
        else:
            rosters = read_colgen_out(inst, f)
            assert len(rosters) == 2
        for roster, stated in rosters:
            assert stated == objective
            ev = evaluate(inst, roster)
            assert ev.feasible, [str(v) for v in ev.violations]
            assert (ev.objective, ev.on_cost, ev.off_cost, ev.cover_cost) == (
                objective,
                on,
                off,
                cover,
            ), f.name


def test_worked_example() -> None:
    inst = parse_instance(WORKED_EXAMPLE, "example")
    roster = [_row("E E L L - - -"), _row("- - E E E E -")]
    ev = evaluate(inst, roster)
    assert ev.feasible, ev.violations
    assert (ev.on_cost, ev.off_cost, ev.cover_cost, ev.objective) == (2, 4, 1, 7)

    bad_succession = [_row("E E L E - - -"), roster[1]]
    rules = {v.rule for v in evaluate(inst, bad_succession).violations}
    assert "succession" in rules

    bad_runs = [roster[0], _row("- E - E E E E")]
    viol = evaluate(inst, bad_runs).violations
    rules = {v.rule for v in viol}
    assert {"min_consecutive_shifts", "min_consecutive_days_off"} <= rules
    assert all(v.employee == "B" for v in viol if v.rule.startswith("min_consecutive"))


def test_worked_example_model_reaches_evaluator_optimum() -> None:
    """The CP-SAT model and the evaluator agree on the example (model optimum <= 7)."""
    inst = parse_instance(WORKED_EXAMPLE, "example")
    res = solve_instance(inst, 5.0, strategy="full")
    assert res.feasible and res.status == "OPTIMAL"
    assert res.objective is not None and res.objective <= 7
    assert res.bound == res.objective


def test_importer_counts_match_best_known() -> None:
    with open(BENCH / "best_known.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 24
    for r in rows:
        inst = load_instance(BENCH / f"{r['instance']}.txt")
        assert inst.size() == (int(r["staff"]), int(r["days"]), int(r["shift_types"]))
        assert len(inst.cover) == inst.horizon * len(inst.shifts)
        assert len(inst.days_off) == len(inst.staff)


def test_crlf_is_accepted(tmp_path: Path) -> None:
    raw = (BENCH / "Instance2.txt").read_bytes()
    crlf = tmp_path / "Instance2.txt"
    crlf.write_bytes(raw.replace(b"\n", b"\r\n"))
    a, b = load_instance(BENCH / "Instance2.txt"), load_instance(crlf)
    assert (a.staff, a.shifts, a.cover, a.on_requests) == (
        b.staff,
        b.shifts,
        b.cover,
        b.on_requests,
    )


@pytest.mark.parametrize(
    ("needle", "replacement", "lineno"),
    [
        ("A,E=7|L=7,2400,1440,5,2,2,1", "A,E=7|L=7,2400,x,5,2,2,1", 9),
        ("B,5,E,1", "Z,5,E,1", 23),
        ("3,L,1,100,1", "3,L,1,100", 36),
        ("A,0,E,2", "A,9,E,2", 17),
    ],
)
def test_malformed_input_names_line(needle: str, replacement: str, lineno: int) -> None:
    text = WORKED_EXAMPLE.replace(needle, replacement, 1)
    with pytest.raises(ValueError, match=f"line {lineno}:"):
        parse_instance(text)


@pytest.mark.parametrize(
    ("needle", "replacement", "english", "chinese"),
    [
        ("A,E=7|L=7,2400,1440,5,2,2,1", "A,E=7|L=7,2400,-5,5,2,2,1",
         "line 9: MinTotalMinutes must be a whole number of 0 or more, got '-5'", "第 9 行：MinTotalMinutes 应为不小于 0 的整数"),
        ("B,E=7|L=0,2400", "A,E=7|L=0,2400", "line 10: ID 'A' appears twice in SECTION_STAFF", "在 SECTION_STAFF 中出现了两次"),
        ("L,480,E", "L,480,X", "line 6: NotAfter of shift L names unknown shift 'X'", "第 6 行：班次 L 的 NotAfter 中有未知班次“X”"),
        ("A,6\n", ",\n", "line 13: ID is empty", "第 13 行：ID 为空"),
        ("3,L,1,100,1", "3,L,1,100", "line 36: a SECTION_COVER line has 5 comma-separated fields (Day, ShiftID, "
         "Requirement, WeightUnder, WeightOver), this one has 4", "SECTION_COVER 的每行应有 5 个逗号分隔的字段"),
        ("B,5,E,1", "B,5,Q,1", "line 23: unknown shift 'Q' (not in SECTION_SHIFTS)", "第 23 行：未知班次“Q”"),
        ("SECTION_COVER", "SECTION_DEMAND", "unknown section 'SECTION_DEMAND' (the sections are SECTION_HORIZON, ",
         "未知的段“SECTION_DEMAND”"),
        ("A,4,E,2", "\nA,4,E,2", "line 19: data outside any section: 'A,4,E,2'",
         "不在任何段内"),
    ],
)
def test_malformed_input_is_explained_in_both_languages(
    needle: str, replacement: str, english: str, chinese: str
) -> None:
    """``roster bench curtois`` shows these messages: line, field (FORMAT.md's name) and what was
    expected, in the user's language.  The empty DAYS_OFF line was an IndexError before."""
    from roster import i18n

    text = WORKED_EXAMPLE.replace(needle, replacement, 1)
    assert text != WORKED_EXAMPLE
    for lang, expected in (("en", english), ("zh", chinese)):
        i18n.set_language(lang)
        try:
            with pytest.raises(ValueError) as caught:
                parse_instance(text)
        finally:
            i18n.set_language("en")
        assert expected in str(caught.value), str(caught.value)


def test_instance_file_with_a_bom_reads_and_a_binary_file_is_refused(tmp_path: Path) -> None:
    bom = tmp_path / "Instance2.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + (BENCH / "Instance2.txt").read_bytes())
    assert load_instance(bom).size() == load_instance(BENCH / "Instance2.txt").size()
    binary = tmp_path / "roster.xlsx"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xe9")
    with pytest.raises(ValueError, match=r"not an ASCII text file \(byte 0xe9 at offset 14\)"):
        load_instance(binary)


def test_write_tsv_round_trip(tmp_path: Path) -> None:
    inst = load_instance(BENCH / "Instance3.txt")
    src = BENCH / "solutions" / "Instance3.obj1001.evavanrooijen.tsv"
    roster = read_tsv(inst, src)
    out = tmp_path / "r.tsv"
    write_tsv(inst, roster, out)
    assert out.read_bytes() == src.read_bytes()
    assert read_tsv(inst, out) == roster


def test_rule_catalogue_is_complete() -> None:
    assert set(RULES) == {
        "one_shift_per_day",
        "forbidden_successions",
        "max_shifts_per_type",
        "total_minutes",
        "max_consecutive_shifts",
        "min_consecutive_shifts",
        "min_consecutive_days_off",
        "max_weekends",
        "days_off",
        "on_requests",
        "off_requests",
        "cover",
    }
    inst = load_instance(BENCH / "Instance1.txt")
    _, terms = build_model(inst)
    assert any(t.name.startswith("cover_") for t in terms)
    assert any(t.name.startswith("on_") for t in terms)


@pytest.mark.parametrize(("number", "optimum"), [(1, 607), (2, 828), (3, 1001)])
def test_short_solve_reaches_optimum(number: int, optimum: int) -> None:
    """The issue's short solve: the optimum, recomputed by the evaluator, and proven: column
    generation's bound meets it, or the exact phase (the full model with the row cuts) closes
    the gap (Instance2 and 3)."""
    inst = load_instance(BENCH / f"Instance{number}.txt")
    res = solve_instance(inst, 15.0, seed=0, workers=1, stop_at=optimum)
    assert res.roster is not None
    ev = evaluate(inst, res.roster)
    assert ev.feasible, ev.violations
    assert ev.objective == res.objective == optimum
    assert res.status == "OPTIMAL" and res.bound == optimum, (res.status, res.bound)
    assert res.strategy.startswith("cg+")


@pytest.fixture(scope="module")
def lns_start() -> Callable[[int], Roster]:
    """Instance number -> a copy of the roster of a 0.5-second LNS solve (seed 1, one worker):
    the start of the sub-model tests.  The solve is deterministic, so the tests on one instance
    share one run (Instance14's takes about 2.5 s, and three tests start from it); each gets
    its own copy of the rows."""
    rosters: dict[int, Roster] = {}

    def start(number: int) -> Roster:
        if number not in rosters:
            inst = load_instance(BENCH / f"Instance{number}.txt")
            roster = solve_instance(inst, 0.5, seed=1, workers=1, strategy="lns").roster
            assert roster is not None
            rosters[number] = roster
        return [list(row) for row in rosters[number]]

    return start


@pytest.mark.parametrize(
    ("number", "employees", "days"),
    [
        (3, [0, 4, 7], range(3, 10)),
        (14, [1, 2], range(14, 28)),
        # two windows (the LNS's *shift* neighbourhood): the run rules see the fixed days between
        (14, [1, 2, 5], frozenset(range(2, 9)) | frozenset(range(29, 37))),
    ],
)
def test_sub_model_objective_is_the_full_objective(
    number: int, employees: list[int], days: Days, lns_start: Callable[[int], Roster]
) -> None:
    """A neighbourhood's objective (constant offset + linear or slack cover terms) equals the
    evaluator's objective of the roster it produces, so LNS decisions compare true costs."""
    inst = load_instance(BENCH / f"Instance{number}.txt")
    base = lns_start(number)
    assert base is not None and evaluate(inst, base).feasible
    prep = Prepared(inst)
    assert prep.objective(base) == evaluate(inst, base).objective
    m, _ = build_model(inst, employees, base, dict.fromkeys(employees, days), prep=prep)
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = 5.0
    solver.parameters.num_workers = 1
    assert solver.solve(m.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    roster = m.extract(solver)
    ev = evaluate(inst, roster)
    assert ev.feasible, ev.violations
    assert ev.objective == round(solver.objective_value) <= evaluate(inst, base).objective
    changed = {(e, d) for e, row in enumerate(roster) for d, c in enumerate(row) if c != base[e][d]}
    assert all(e in employees and d in days for e, d in changed)


def test_sub_solve_reports_the_rosters_true_cost(lns_start: Callable[[int], Roster]) -> None:
    """The LNS carries a sub-solve's objective from round to round: it must be what the roster
    costs by the evaluator, also when the solve is unfinished."""
    inst = load_instance(BENCH / "Instance14.txt")
    base = lns_start(14)
    assert base is not None
    prep = Prepared(inst)
    employees = list(range(0, 32, 2))  # half the staff x four weeks: unfinished at these limits
    m, _ = build_model(inst, employees, base, dict.fromkeys(employees, range(7, 35)), prep=prep)
    m.add_hint(base)  # as the LNS does: the first solution is the incumbent
    out = _sub_run(m, 1.0, seed=0, wall=60.0)
    assert out.roster is not None
    assert out.objective == evaluate(inst, out.roster).objective


def test_solve_is_deterministic() -> None:
    inst = load_instance(BENCH / "Instance2.txt")
    a = solve_instance(inst, 1.5, seed=3, workers=2, strategy="lns")
    b = solve_instance(inst, 1.5, seed=3, workers=2, strategy="lns")
    assert a.roster == b.roster


def test_clock_shares_out_what_is_left_of_a_wall_budget() -> None:
    """Deterministic budget: each phase gets its deterministic share and the safety cap of
    before (``wall_cap`` x share + 5 s), so those runs are unchanged.  Wall budget: each phase
    gets its share of what is *left* when it starts, deterministic limits lifted, and a phase
    that starts after the budget is spent gets nothing, not a negative limit."""
    now = time.monotonic()
    det = _Clock(now - 10, 100.0, 2.0, wall=False)
    assert det.dtime(30.0) == 30.0
    assert det.seconds(30.0) == 65.0
    assert det.deadline(100.0, 0.25) == pytest.approx(now - 10 + 205)  # counted from the start
    assert det.deadline(40.0, 0.8) == pytest.approx(now - 10 + 85)
    wall = _Clock(now - 10, 100.0, 2.0, wall=True)
    assert wall.dtime(30.0) == UNLIMITED_DTIME
    assert wall.seconds(30.0, 0.5) == pytest.approx(45.0, abs=0.5)  # half of the 90 s left
    assert wall.deadline(100.0, 0.25) == pytest.approx(now + 22.5, abs=0.5)
    assert wall.deadline(30.0, 0.8) == pytest.approx(now + 72.0, abs=0.5)
    assert wall.deadline(30.0) == pytest.approx(now + 90.0, abs=0.5)  # the end of the budget
    spent = _Clock(now - 200, 100.0, 2.0, wall=True)
    assert spent.left() == 0.0 and spent.seconds(30.0) == 0.05


@pytest.mark.parametrize("strategy", ["auto", "lns"])
def test_wall_budget_gives_a_valid_roster_flagged_not_reproducible(strategy: str) -> None:
    """With ``wall`` the limit is wall-clock seconds: every phase still runs (column generation,
    LNS, the final full solve on a small instance), the roster keeps every hard rule, and the
    result says it is not reproducible."""
    inst = load_instance(BENCH / "Instance5.txt")
    res = solve_instance(inst, 2.5, seed=0, workers=2, strategy=strategy, wall=True)
    assert res.roster is not None and res.feasible, res.violations
    assert res.objective == evaluate(inst, res.roster).objective
    assert not res.deterministic and res.settings["clock"] == "wall"
    assert res.strategy.startswith("cg+")
    assert res.stats["dtime"] > 0


def test_lns_runs_past_its_soft_limit_only_while_it_gains() -> None:
    """Before the final full solve the LNS may use the full solve's share while it still
    improves (STALL_SHARE): past its soft limit it stops once ``stall`` deterministic seconds
    went by without a gain, and at its hard limit in any case."""
    import random

    prep = Prepared(load_instance(BENCH / "Instance1.txt"))
    empty = [[None] * prep.h for _ in range(prep.n)]
    t0 = time.monotonic()
    s = _Search(prep, random.Random(0), KINDS, empty, 500, prep.counts(empty), t0, 10.0, t0 + 600.0, None,
                soft=(6.0, 1.0))
    s.used = 5.5
    assert not s.should_stop()  # before the soft limit
    s.used = 6.2
    assert s.should_stop()  # past it, no gain since the start
    s.used = 6.0
    s.accept(empty, 499)  # a gain at 6.0
    s.used = 6.8
    assert not s.should_stop()  # still within ``stall`` of it
    s.used = 7.0
    assert s.should_stop()
    s.accept(empty, 498)
    s.used = 10.0
    assert s.should_stop()  # the hard limit, gain or not
    assert not s.reached and s.deterministic


@pytest.mark.parametrize("number", [1, 3, 5])
def test_asynchronous_lns_keeps_every_hard_rule(number: int) -> None:
    """The wall budget's LNS lays each result onto the incumbent of the moment it ends.  On
    Instances 1, 3 and 5 (8, 20 and 16 people) neighbourhoods often hold everyone, so running
    ones overlap and results go stale; none may be laid on then: the roster must keep every
    hard rule and be no worse than its start."""
    inst = load_instance(BENCH / f"Instance{number}.txt")
    prep = Prepared(inst)
    t0 = time.monotonic()
    start = _solve_lns(prep, 0.0, 0, 2, False, None, t0, t0 + 600.0, construct_dtime=10.0)  # construction alone
    t1 = time.monotonic()
    res = _solve_lns(prep, 1e9, 0, 2, False, start.roster, t1, t1 + 2.5, constructed=True, asynchronous=True)
    assert res.roster is not None
    ev = evaluate(inst, res.roster)
    assert ev.feasible, ev.violations
    assert res.stats["neighbourhoods"] >= 2 and not res.deterministic
    assert ev.objective <= evaluate(inst, start.roster).objective


def test_wall_rows_say_so_in_the_settings_column() -> None:
    row = SuiteRow(instance="Instance14", staff=32, days=42, shift_types=2, objective=1295, feasible=True,
                   best_known=1278, best_lower=1278, status="FEASIBLE", bound=1269, time_to_first=1.0,
                   time_to_best=444.6, wall_time=600.1, strategy="cg+lns+full", time_limit=600.0, seed=0,
                   workers=2, deterministic=False, wall=True)
    settings = curtois_section([row]).rows[0][-1]
    assert settings == "cg+lns+full, 600 wall s, seed 0, 2w"  # never 'wall cap hit': no cap applies
    det = dataclasses.replace(row, wall=False)
    assert curtois_section([det]).rows[0][-1] == "cg+lns+full, 600 det. s, seed 0, 2w, wall cap hit"


def test_benchmarks_page_has_room_for_other_sections() -> None:
    row = SuiteRow(
        instance="Instance1",
        staff=8,
        days=14,
        shift_types=1,
        objective=610,
        feasible=True,
        best_known=607,
        best_lower=607,
        status="FEASIBLE",
        bound=600,
        time_to_first=0.1,
        time_to_best=1.0,
        wall_time=2.0,
        strategy="lns",
        time_limit=2.0,
        seed=0,
        workers=1,
        deterministic=True,
    )
    assert row.gap == pytest.approx(100 * 3 / 607)
    text = render_markdown([curtois_section([row]), Section("Synthetic departments", ["Case"], [])])
    assert "| Instance1 |" in text and "0.49%" in text
    assert "## Synthetic departments" in text and "(no results yet)" in text


def test_rewriting_curtois_figures_keeps_other_sections(tmp_path: Path) -> None:
    """The synthetic departments have their own runner: re-writing the Curtois table must not
    drop their section."""
    page = tmp_path / "benchmarks.md"
    synthetic = Section("Synthetic departments", ["Case"], [["30 agents"]], notes=["kept"])
    write_benchmarks_md([curtois_section([]), synthetic], page)
    write_benchmarks_md([curtois_section([])], page, "new preamble", keep_other_sections=True)
    text = page.read_text(encoding="utf-8")
    assert "new preamble" in text and text.count("## Curtois") == 1
    assert "## Synthetic departments" in text and "| 30 agents |" in text and "kept" in text


def test_published_table_is_its_rows_file_and_a_new_row_replaces_only_its_line(tmp_path: Path) -> None:
    """docs/benchmarks.md's table is exactly what docs/bench/curtois.jsonl renders to, so the
    page can be brought up to date from a run's rows; a merged row changes its own line and the
    count line, never the prose around the table."""
    path = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
    page = path.read_text(encoding="utf-8")
    rows = merge_rows([rows_file(path)])
    assert len(rows) == 24
    assert replace_table(page, curtois_section(rows)) == page
    better = [r if r.instance != "Instance13" else dataclasses.replace(r, objective=r.best_known) for r in rows]
    new = replace_table(page, curtois_section(better))
    changed = [(a, b) for a, b in zip(page.splitlines(), new.splitlines(), strict=True) if a != b]
    assert len(changed) == 2
    assert changed[0][1].startswith("| Instance13 |") and "| 0.00% |" in changed[0][1]
    assert "within 5% of best known" in changed[1][1]
    with pytest.raises(ValueError, match="no table"):
        replace_table("# Benchmarks\n\n## Other\n\ntext\n", curtois_section(rows))


def test_published_wall_clock_table_is_its_rows_file(tmp_path: Path) -> None:
    """The page's wall-clock section is what docs/bench/curtois-wall.jsonl renders to; merging
    rows into it takes wall-clock rows only (a deterministic row would silently sit in the
    wrong table)."""
    path = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
    page = path.read_text(encoding="utf-8")
    rows = merge_rows([rows_file(path, wall=True)])
    assert rows and all(r.wall and r.time_limit == 600 for r in rows)
    assert replace_table(page, curtois_section(rows, WALL_TITLE)) == page
    copy = tmp_path / "benchmarks.md"
    copy.write_text(page, encoding="utf-8")
    det = tmp_path / "det.jsonl"
    det.write_text(rows_file(path).read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["0", "--md", str(copy), "--merge", "--wall", "--jsonl", str(det)])
    assert exc.value.code == 2 and copy.read_text(encoding="utf-8") == page
    # Writing a page from rows (no --merge) sorts them the same way: wall-clock rows into the
    # wall-clock section, never into the reproducible table.
    with pytest.raises(SystemExit) as exc:
        main(["0", "--md", str(copy), "--jsonl", str(rows_file(path, wall=True))])
    assert exc.value.code == 2 and copy.read_text(encoding="utf-8") == page
    fresh = tmp_path / "fresh.md"
    main(["0", "--md", str(fresh), "--wall", "--jsonl", str(rows_file(path, wall=True))])
    written = fresh.read_text(encoding="utf-8")
    assert f"## {WALL_TITLE}\n" in written and "## Curtois & Qu instances\n" not in written
    assert "| Instance19 | 40x84x5 | 3246 |" in written


@pytest.mark.slow
@pytest.mark.parametrize("number", [4, 5])
def test_medium_instance_reaches_best_known(number: int) -> None:
    best = {4: 1716, 5: 1143}[number]
    inst = load_instance(BENCH / f"Instance{number}.txt")
    res = solve_instance(inst, 60.0, workers=2, stop_at=best)
    assert res.feasible and res.objective == best


@pytest.mark.parametrize("employee", [0, 10, 59])
def test_yearly_row_comes_from_the_fixed_search(employee: int) -> None:
    """A yearly row (Instance24: 364 days, 20-odd shift types) is found by the greedy fixed
    search alone, within its 1 deterministic second, not by the slower fallbacks: with presolve
    and the LP switched on that search cost 1-2 s a row (some rows ran out of it), and the
    construction of Instance24 took 517 deterministic seconds instead of 24."""
    inst = load_instance(BENCH / "Instance24.txt")
    prep = Prepared(inst)
    empty = [[None] * prep.h for _ in range(prep.n)]
    roster, used = _feasible_row(prep, empty, employee, seed=0, counts=prep.counts(empty))
    assert roster is not None
    assert used < 1.0  # the first stage's limit: no fallback ran
    assert any(roster[employee]) and not any(any(r) for e, r in enumerate(roster) if e != employee)
    me = inst.staff[employee].id
    assert not [v for v in evaluate(inst, roster).violations if v.employee == me]


def test_backward_row_works_the_end_of_the_year() -> None:
    """Forward, the fixed search works a person from the first day until the minute budget is
    spent; backward, from the last day.  Both rows keep every rule."""
    inst = load_instance(BENCH / "Instance24.txt")
    prep = Prepared(inst)
    empty = [[None] * prep.h for _ in range(prep.n)]
    counts = prep.counts(empty)
    rows = {}
    for backward in (False, True):
        roster, _ = _feasible_row(prep, empty, 3, seed=0, counts=counts, backward=backward)
        assert roster is not None
        assert not [v for v in evaluate(inst, roster).violations if v.employee == inst.staff[3].id]
        rows[backward] = [d for d, c in enumerate(roster[3]) if c is not None]
    forward, backward = rows[False], rows[True]
    assert len(forward) > 100 and len(backward) > 100
    assert sum(backward) / len(backward) > sum(forward) / len(forward)  # later on average
    assert max(backward) >= prep.h - 7 and min(forward) <= 6


def test_shift_neighbourhood_pairs_a_short_season_with_an_over_covered_one() -> None:
    """The *shift* neighbourhood frees the window of a missing (day, shift) and the window of
    a far-away over-covered one, for people who can work the missing shift, those working the
    over-covered line first: the move a yearly minute budget needs."""
    import random

    inst = load_instance(BENCH / "Instance20.txt")  # half a year: the long-horizon kinds apply
    prep = Prepared(inst)
    roster = [[None] * prep.h for _ in range(prep.n)]
    for e in range(prep.n):  # everyone on their first shift type, January only
        for d in range(28):
            if d not in inst.days_off[e]:
                roster[e][d] = prep.shift_ids[prep.allowed[e][0]]
    counts = prep.counts(roster)
    sub = _draw("shift", random.Random(0), prep, 2000.0, set(), counts, roster)
    assert sub.kind == "shift" and isinstance(sub.days, frozenset)
    days = sorted(sub.days)
    gaps = [b - a for a, b in zip(days, days[1:], strict=False) if b - a > 1]
    assert len(gaps) == 1  # two windows
    early = [d for d in days if d < days[0] + 15]
    assert any(counts[d][s] > prep.req[d][s] for d in early for s in range(len(prep.shift_ids)))
    late = [d for d in days if d > days[-1] - 15]
    assert any(counts[d][s] < prep.req[d][s] for d in late for s in range(len(prep.shift_ids)))
    assert len(sub.employees) >= 2
    # those who work the over-covered window come first: they have a shift to give up there
    assert any(roster[e][d] is not None for e in sub.employees for d in early)


@pytest.mark.slow
def test_yearly_instance_gets_a_valid_roster() -> None:
    """Instance22 (50 people x 364 days, tight yearly minute windows): the greedy fixed-search
    construction must give every row, so even a tiny budget returns a valid roster."""
    inst = load_instance(BENCH / "Instance22.txt")
    res = solve_instance(inst, 5.0, workers=1, wall_cap=100.0)
    assert res.roster is not None
    assert res.feasible, res.violations

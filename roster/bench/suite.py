"""Run the Curtois & Qu suite and write ``docs/benchmarks.md``.

The page is built from :class:`Section` objects so that other benchmark families (the
"synthetic departments" table, written by another part of the project) can be added to the same
page without this module knowing their columns.  Results can be saved as JSON lines
(:func:`save_rows`) so a long background run can be turned into the page later.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import os
import platform
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from roster.bench import CURTOIS_DIR
from roster.bench.curtois import load_instance, write_tsv
from roster.bench.curtois_model import solve_instance
from roster.excel.output import write_text_atomic

log = logging.getLogger(__name__)

DEFAULT_DIR = CURTOIS_DIR


@dataclass
class SuiteRow:
    """One instance's result, flat so it serialises to JSON and to a table row."""

    instance: str
    staff: int
    days: int
    shift_types: int
    objective: int | None
    feasible: bool
    best_known: int | None
    best_lower: int | None
    status: str
    bound: int | None
    time_to_first: float | None
    time_to_best: float | None
    wall_time: float
    strategy: str
    time_limit: float
    seed: int
    workers: int
    deterministic: bool
    split: tuple[int, int, int] | None = None
    wall: bool = False
    """``time_limit`` was wall-clock seconds (``--wall``), not deterministic ones."""

    @property
    def gap(self) -> float | None:
        """Relative gap to the best known upper bound, in percent (negative = new record)."""
        if self.objective is None or not self.best_known:
            return None
        return 100.0 * (self.objective - self.best_known) / self.best_known


@dataclass
class Section:
    """A titled table of the benchmark page, plus free text before and after it."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    intro: str = ""
    notes: list[str] = field(default_factory=list)


def read_best_known(path: str | Path) -> dict[str, dict[str, str]]:
    """best_known.csv as {instance: row}."""
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["instance"]: r for r in csv.DictReader(fh)}


def instance_paths(numbers: Iterable[int], directory: str | Path = DEFAULT_DIR) -> list[Path]:
    """Paths of InstanceN.txt for the given numbers."""
    return [Path(directory) / f"Instance{n}.txt" for n in numbers]


def run_suite(
    instances: Sequence[str | Path],
    time_limit: float,
    seed: int = 0,
    workers: int = 2,
    best_known: str | Path | None = None,
    out_jsonl: str | Path | None = None,
    out_rosters: str | Path | None = None,
    strategy: str = "auto",
    wall_cap: float = 2.0,
    wall: bool = False,
) -> list[SuiteRow]:
    """Solve each instance file once; returns one :class:`SuiteRow` per instance.

    ``wall``: ``time_limit`` is each instance's wall-clock time (see ``solve_instance``).
    ``out_jsonl`` appends each row as soon as it is known (a long run survives a crash);
    ``out_rosters`` writes each roster as ``<instance>.tsv`` in the solutions format."""
    if best_known is None and instances:
        candidate = Path(instances[0]).parent / "best_known.csv"
        best_known = candidate if candidate.exists() else None
    bk = read_best_known(best_known) if best_known else {}
    rows: list[SuiteRow] = []
    for path in instances:
        inst = load_instance(path)
        t = time.monotonic()
        res = solve_instance(
            inst, time_limit, seed=seed, workers=workers, strategy=strategy, wall_cap=wall_cap, wall=wall
        )
        ref = bk.get(inst.name, {})
        staff, days, types = inst.size()
        row = SuiteRow(
            instance=inst.name,
            staff=staff,
            days=days,
            shift_types=types,
            objective=res.objective,
            feasible=res.feasible,
            best_known=int(ref["best_upper"]) if ref.get("best_upper") else None,
            best_lower=int(ref["best_lower"]) if ref.get("best_lower") else None,
            status=res.status,
            bound=res.bound,
            time_to_first=res.time_to_first,
            time_to_best=res.time_to_best,
            wall_time=res.wall_time,
            strategy=res.strategy,
            time_limit=time_limit,
            seed=seed,
            workers=workers,
            deterministic=res.deterministic,
            split=res.split,
            wall=wall,
        )
        log.info(
            "%s: obj=%s (best %s, gap %s) feasible=%s %s in %.1fs",
            row.instance,
            row.objective,
            row.best_known,
            None if row.gap is None else f"{row.gap:.2f}%",
            row.feasible,
            row.status,
            time.monotonic() - t,
        )
        rows.append(row)
        if out_jsonl is not None:
            with open(out_jsonl, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(asdict(row)) + "\n")
        if out_rosters is not None and res.roster is not None:
            Path(out_rosters).mkdir(parents=True, exist_ok=True)
            write_tsv(inst, res.roster, Path(out_rosters) / f"{inst.name}.tsv")
    return rows


def save_rows(rows: Iterable[SuiteRow], path: str | Path) -> None:
    """Write rows as JSON lines."""
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(asdict(r)) + "\n")


def load_rows(path: str | Path) -> list[SuiteRow]:
    """Read rows written by :func:`save_rows` or ``run_suite(out_jsonl=...)``."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            if d.get("split") is not None:
                d["split"] = tuple(d["split"])
            rows.append(SuiteRow(**d))
    return rows


def machine_description() -> str:
    """Platform and core count, so figures can be compared across machines."""
    return (
        f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"OR-Tools {_ortools_version()}"
    )


def _ortools_version() -> str:
    try:
        import ortools

        return ortools.__version__
    except Exception:  # pragma: no cover - only for the page footer
        return "?"


def _fmt_time(t: float | None) -> str:
    return "-" if t is None else f"{t:.1f}"


TITLE = "Curtois & Qu instances"
"""The title of the page's section for the deterministic (reproducible) runs."""


def curtois_section(rows: Sequence[SuiteRow], title: str = TITLE) -> Section:
    """The Curtois table: objective vs best known, gap, times, bound, status, settings."""
    table = []
    for r in rows:
        table.append(
            [
                r.instance,
                f"{r.staff}x{r.days}x{r.shift_types}",
                "-" if r.objective is None else str(r.objective),
                "-" if r.best_known is None else str(r.best_known),
                "-" if r.gap is None else f"{r.gap:.2f}%",
                "yes" if r.feasible else "**no**",
                _fmt_time(r.time_to_first),
                _fmt_time(r.time_to_best),
                _fmt_time(r.wall_time),
                "-" if r.bound is None else str(r.bound),
                r.status,
                f"{r.strategy}, {r.time_limit:g} {'wall' if r.wall else 'det.'} s, seed {r.seed}, {r.workers}w"
                + ("" if r.deterministic or r.wall else ", wall cap hit"),
            ]
        )
    reached = sum(1 for r in rows if r.gap is not None and r.gap <= 0)
    within5 = sum(1 for r in rows if r.gap is not None and r.gap <= 5)
    valid = sum(1 for r in rows if r.feasible)
    return Section(
        title=title,
        columns=[
            "Instance",
            "staff x days x shifts",
            "Objective",
            "Best known",
            "Gap",
            "Valid",
            "First sol. (s)",
            "Best sol. (s)",
            "Wall (s)",
            "Proven bound",
            "Status",
            "Settings",
        ],
        rows=table,
        notes=[
            f"{valid}/{len(rows)} valid rosters (checked by the independent evaluator), "
            f"{reached} at best known, {within5} within 5% of best known.",
            "Objective and validity are recomputed by `roster.bench.curtois.evaluate`, not "
            "taken from the solver. Gap = (objective - best known) / best known. Times are "
            "wall-clock seconds from the start of the solve (model building included). "
            "Proven bound is the better of column generation's bound (`cg+` runs) and "
            "CP-SAT's where a full-model solve ran (`-` for runs with neither: an "
            "LNS proves nothing).",
        ],
    )


def synthetic_placeholder() -> Section:
    """Empty "synthetic departments" section, to be filled by the synthetic benchmark."""
    return Section(
        title="Synthetic departments",
        columns=["Case", "Staff", "Days", "Objective", "Status", "Time (s)"],
        rows=[],
        intro="Generated e-commerce customer-service departments (filled in by the synthetic "
        "benchmark; pass its Section to `write_benchmarks_md`).",
    )


PREAMBLE = """\
Outside benchmark: the 24 shift-scheduling instances of Curtois & Qu (2014),
schedulingbenchmarks.org/nrp, data in `shared/bench/curtois/` beside the checkout. Model, strategy and
evaluator: `roster/bench/` (`curtois.py` parser + independent evaluator, `curtois_model.py`
CP-SAT model + LNS, `colgen.py` column generation for the lower bound, `suite.py` this page).

Strategy (`solve_instance(strategy="auto")`): a greedy construction, one employee at a time
against the cover the earlier ones left (all hard rules are per employee, so the roster is valid
from the start; each row optimised by CP-SAT up to half-year horizons, a greedy fixed search
"work, on the shift most missed that day" for the yearly ones). Then, up to 56 days and 20,000
assignment variables (Instances 1-12 and 14-17), column generation, for a proven lower bound
(`cg+` in the Settings column): the LP over whole-horizon rows that keep every hard rule (GLOP
master, one CP-SAT pricing problem per employee, at most a quarter of the budget); every round
whose pricing problems are all proven gives a Lagrangian bound, and the best is kept. Up to 600
assignment variables (Instances 1-4) the *exact phase* comes next (`cg+exact`): the whole model
on one CP-SAT worker, strengthened by one cut per employee from the round that proved the bound
(its proven pricing minimum as an inequality, which gives the model's relaxation that bound),
for at most 35% of the budget; it proves Instances 1-4 optimal by itself, and an unfinished one
hands its roster on. Then large-neighbourhood search, which stops when it reaches the bound (the
roster is then optimal). Three neighbourhood kinds, each with its own size adapting to whether
its sub-problems close or improve: *window* (1-4 weeks x as many people as fit, everyone on
small instances), *staff* (a few people sharing shift types x the whole horizon, at most 12
weeks), *cover* (an under- or over-covered day and shift x the people qualified for it, +-3..10
days); from 12 weeks on (Instances 18-24) a fourth, *shift*: the +-3..7 days around an
under-covered day and shift plus those around a far-away over-covered one, x the people
qualified for the first, those working the second first (the yearly minute windows are nearly
tight, so a shift gained in one season must be given up in another). A sub-problem fixes everything outside its people x days; its objective is exact
(constant offset plus linear cover terms where a line's side is already decided) and its model
only visits the free days. Each round solves `workers` neighbourhoods on disjoint people in
parallel threads (one CP-SAT worker each, `linearization_level=2`, at most 1.5 deterministic s);
the best is taken and the others' improvements are merged on top when the merged roster is
better. On small instances (<= 6,000 assignment variables) the last 20% of the budget is a
hinted solve of the full model (which stops when it reaches column generation's bound), which
may prove a bound of its own; the Proven bound column shows the better of the two.

Time limits are CP-SAT *deterministic* seconds (`max_deterministic_time`, summed over the
LNS rounds), which makes a run reproducible: same instance, seed, workers and limit -> same
roster, however busy the machine (checked: two runs of Instance8 at 30 deterministic s on a
loaded machine gave the same roster). The wall-clock columns show what that cost on this
machine. A wall-clock safety cap stops the LNS (`--wall-cap`, a multiple of the limit); the
rows below were run with a cap of 12 so that the deterministic budget, not the load, decided,
and say when the cap was hit. With `--wall` a limit is wall-clock seconds instead, shared out as
the phases go (each phase gets its share of what is left when it starts: column generation a
quarter, the LNS all of the rest or, before a final full solve, 80% of it; deterministic limits
lifted): the goals as stated, not reproducible (Settings: "wall s").
"""


def render_markdown(
    sections: Sequence[Section], title: str = "Benchmarks", preamble: str = ""
) -> str:
    """Render sections as one Markdown page."""
    out = [f"# {title}", ""]
    if preamble:
        out += [preamble.strip(), ""]
    for sec in sections:
        out += [f"## {sec.title}", ""]
        if sec.intro:
            out += [sec.intro.strip(), ""]
        if sec.rows:
            out.append("| " + " | ".join(sec.columns) + " |")
            out.append("|" + "|".join("---" for _ in sec.columns) + "|")
            out += ["| " + " | ".join(row) + " |" for row in sec.rows]
            out.append("")
        else:
            out += ["(no results yet)", ""]
        for note in sec.notes:
            out += [note, ""]
    return "\n".join(out).rstrip() + "\n"


def other_sections(path: str | Path, titles: Sequence[str]) -> str:
    """Raw Markdown of the ``## `` sections of an existing page whose titles are not in
    ``titles``: the synthetic departments are written by their own runner, so re-writing the
    Curtois figures must carry them over unchanged."""
    p = Path(path)
    if not p.exists():
        return ""
    parts = re.split(r"(?m)^(?=## )", p.read_text(encoding="utf-8"))
    return "".join(part for part in parts[1:] if part.splitlines()[0][3:].strip() not in titles)


WALL_TITLE = "Curtois & Qu instances in wall-clock time"
"""The title of the page's section for runs whose limits were wall-clock seconds (``--wall``):
kept apart from the deterministic runs, which are reproducible and are the main table."""


def rows_file(page: str | Path, wall: bool = False) -> Path:
    """Where the rows of a benchmark page are kept: ``bench/curtois.jsonl`` beside it (for
    ``docs/benchmarks.md``, ``docs/bench/curtois.jsonl``), one JSON line per run, a later line
    for an instance replacing an earlier one; ``bench/curtois-wall.jsonl`` for the wall-clock
    runs (``wall``) of the :data:`WALL_TITLE` section.  The page's prose is written by hand
    around the tables; keeping the rows lets a new run be merged into its table without
    retyping or losing the others.  ``roster bench`` appends to it and ``--merge`` reads it."""
    return Path(page).parent / "bench" / ("curtois-wall.jsonl" if wall else "curtois.jsonl")


def merge_rows(paths: Sequence[str | Path]) -> list[SuiteRow]:
    """The latest row of each instance over ``paths`` in order, sorted by instance number."""
    latest = {r.instance: r for f in paths for r in load_rows(f)}
    return sorted(latest.values(), key=lambda r: int(r.instance.removeprefix("Instance")))


def replace_table(page: str, section: Section) -> str:
    """``page`` with the table (and the count line after it) of ``section`` replaced by the
    section's rows, every other line kept as it is.  Raises ValueError when the page has no
    such section or table, rather than appending a second one."""
    parts = re.split(r"(?m)^(?=## )", page)
    for i, part in enumerate(parts):
        if part.splitlines()[0][3:].strip() != section.title:
            continue
        lines = part.split("\n")
        start = next((j for j, line in enumerate(lines) if line.startswith("| ")), None)
        if start is None:
            break
        end = start
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        table = ["| " + " | ".join(section.columns) + " |",
                 "|" + "|".join("---" for _ in section.columns) + "|",
                 *("| " + " | ".join(row) + " |" for row in section.rows)]
        tail = lines[end:]
        count = section.notes[0] if section.notes else None
        for j, line in enumerate(tail):
            if count and re.match(r"\d+/\d+ valid rosters", line):
                tail[j] = count
                break
        parts[i] = "\n".join(lines[:start] + table + tail)
        return "".join(parts)
    raise ValueError(f"no table in a section titled {section.title!r}")


def write_benchmarks_md(
    sections: Sequence[Section],
    path: str | Path = "docs/benchmarks.md",
    preamble: str = "",
    keep_other_sections: bool = False,
) -> None:
    """Write the benchmark page.  Pass the Curtois section (:func:`curtois_section`) and any
    other sections (e.g. synthetic departments); the machine line is added to the preamble.
    ``keep_other_sections``: sections of the existing page not among ``sections`` are kept
    (after the new ones) instead of dropped.  The page is replaced in one rename, so a failed
    write leaves the old page whole."""
    machine = f"Machine: {machine_description()}. Written {dt.date.today().isoformat()}."
    text = render_markdown(sections, preamble=(preamble.strip() + "\n\n" + machine).strip())
    if keep_other_sections:
        kept = other_sections(path, [sec.title for sec in sections])
        if kept:
            text = text + "\n" + kept.rstrip() + "\n"
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text, force=True)


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m roster.bench.suite 1-12 --time-limit 60 --jsonl out.jsonl``: run and log."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("instances", help="e.g. 1-12 or 13,14,20")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dir", default=str(DEFAULT_DIR))
    ap.add_argument("--jsonl", default=None)
    ap.add_argument("--rosters", default=None)
    ap.add_argument(
        "--md",
        default=None,
        help="instead of solving, write this page from the --jsonl files (comma-separated)",
    )
    ap.add_argument(
        "--merge",
        action="store_true",
        help="with --md: append the --jsonl rows to bench/curtois.jsonl beside the page and replace "
        "only the page's table with the merged rows, keeping its prose",
    )
    ap.add_argument("--notes", default=None, help="Markdown file appended to the preamble")
    ap.add_argument(
        "--goals", default=None, help="Markdown file appended to the Curtois section (with --md)"
    )
    ap.add_argument(
        "--wall-cap",
        type=float,
        default=2.0,
        help="stop an instance after this many times its limit in wall-clock seconds (+5 s); "
        "raise it on a loaded machine so the deterministic budget, not the load, decides",
    )
    ap.add_argument(
        "--wall",
        action="store_true",
        help="--time-limit is each instance's wall-clock time, shared out as the phases go "
        "(the goals as stated; not reproducible)",
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.md and not args.jsonl:
        ap.error("--md needs --jsonl (the rows to write the page from)")
    if args.merge and not args.md:
        ap.error("--merge needs --md (the page whose table it replaces)")
    if args.md:
        # --wall: the rows are wall-clock runs, which have their own rows file and section; a
        # row of the other kind would sit silently in the wrong table.
        new = [r for f in args.jsonl.split(",") for r in load_rows(f)]
        if any(r.wall != args.wall for r in new):
            ap.error("--md: every row must be a wall-clock run with --wall, and none without it")
        title = WALL_TITLE if args.wall else TITLE
    if args.merge:
        store = rows_file(args.md, args.wall)
        kept = load_rows(store) if store.exists() else []
        save_rows([*kept, *new], store)
        page = Path(args.md).read_text(encoding="utf-8")
        section = curtois_section(merge_rows([store]), title)
        write_text_atomic(args.md, replace_table(page, section), force=True)
        return
    if args.md:
        rows = merge_rows(args.jsonl.split(","))
        extra = Path(args.notes).read_text(encoding="utf-8") if args.notes else ""
        section = curtois_section(rows, title)
        if args.goals:
            section.notes.append(Path(args.goals).read_text(encoding="utf-8").strip())
        write_benchmarks_md([section], args.md, PREAMBLE + "\n" + extra, keep_other_sections=True)
        return
    numbers: list[int] = []
    for part in args.instances.split(","):
        a, _, b = part.partition("-")
        numbers += list(range(int(a), int(b or a) + 1))
    rows = run_suite(
        instance_paths(numbers, args.dir),
        args.time_limit,
        seed=args.seed,
        workers=args.workers,
        out_jsonl=args.jsonl,
        out_rosters=args.rosters,
        wall_cap=args.wall_cap,
        wall=args.wall,
    )
    for r in rows:
        print(r.instance, r.objective, r.best_known, r.gap, r.feasible, r.status)


if __name__ == "__main__":
    main()

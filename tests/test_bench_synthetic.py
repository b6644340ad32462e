"""The synthetic-department benchmark: its cases are reproducible and it updates only its own
section of docs/benchmarks.md."""

from __future__ import annotations

from roster.bench.synthetic import SyntheticRow, department, replace_section, synthetic_section


def test_department_is_the_same_for_a_seed_and_sized_by_head_count():
    a, b = department(60, seed=3), department(60, seed=3)
    assert a == b
    assert len(a.staff) == 60 and len({p.team for p in a.staff}) == 2
    assert department(60, seed=4).leave != a.leave


def test_replace_section_keeps_the_other_sections():
    page = "# Benchmarks\n\nintro\n\n## Curtois\n\n| a |\n\n## Synthetic departments\n\nold\n\n## Later\n\nx\n"
    row = SyntheticRow("30 agents", 30, "OPTIMAL", 187.0, 187.0, 8.2, True)
    from roster.bench.suite import render_markdown

    new = replace_section(page, render_markdown([synthetic_section([row], {30: 10.0})]))
    assert "## Curtois\n\n| a |" in new and "## Later\n\nx" in new and "old" not in new
    assert "| 30 agents | 10 | whole model | OPTIMAL | 187 | 187 | 0.0% | 8.2 | ok |" in new
    appended = replace_section("# Benchmarks\n\n## Curtois\n", render_markdown([synthetic_section([row], {})]))
    assert appended.count("## Synthetic departments") == 1

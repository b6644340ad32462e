"""Native Excel charts and the Coverage colour scale on a real roster workbook."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from roster.excel.aliases import match_header
from roster.excel.charts import add_charts_sheet, add_coverage_colour_scale, per_day_totals
from roster.excel.read_roster import read_roster
from roster.excel.write_roster import write_roster
from roster.reports import coverage_table
from tests.test_report_html import DEC, make_case


@pytest.fixture
def book(tmp_path: Path) -> tuple[Path, list]:
    team, horizon, roster, violations = make_case()
    path = write_roster(tmp_path / "roster.xlsx", team=team, horizon=horizon, roster=roster,
                        violations=violations, lang="zh")
    return path, coverage_table(team, horizon, roster)


def test_charts_sheet_and_colour_scale_survive_a_round_trip(book, tmp_path: Path):
    path, rows = book
    wb = load_workbook(path)
    ws = add_charts_sheet(wb, rows, "zh")
    assert add_coverage_colour_scale(wb) is True
    out = tmp_path / "charts.xlsx"
    wb.save(out)

    again = load_workbook(out)
    assert "图表" in again.sheetnames
    sheet = again["图表"]
    assert sheet.max_row == len(DEC) + 1
    assert sheet.cell(1, 2).value == "D 最少" and sheet.cell(1, 4).value == "D 已排"
    assert len(sheet._charts) == 2  # one per shift
    assert ws.title == "图表"
    coverage = again["覆盖"]
    cols = match_header("coverage", [c.value for c in coverage[1]])
    last = coverage.max_row
    expected = {f"{get_column_letter(cols[k] + 1)}2:{get_column_letter(cols[k] + 1)}{last}" for k in ("gap", "assigned")}
    assert {str(r.sqref) for r in coverage.conditional_formatting} == expected
    # The roster reader ignores the extra sheet.
    assert len(read_roster(out).roster.dates) == len(DEC)


def test_totals_per_day_and_replacing_the_sheet(book):
    path, rows = book
    dates, shifts, totals = per_day_totals(rows)
    assert shifts == ["D", "N"] and len(dates) == len(DEC)
    assert totals[DEC[4], "N"] == (1, 1, 0)
    wb = load_workbook(path)
    add_charts_sheet(wb, rows, "en")
    add_charts_sheet(wb, rows, "en")
    assert wb.sheetnames.count("Charts") == 1


def test_empty_inputs():
    wb = Workbook()
    ws = add_charts_sheet(wb, [], "en")
    assert ws.max_row == 1 and ws._charts == []
    assert add_coverage_colour_scale(wb) is False


def libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(libreoffice() is None, reason="no libreoffice / soffice on PATH")
def test_libreoffice_converts_the_workbook_headless(book, tmp_path: Path):
    path, rows = book
    wb = load_workbook(path)
    add_charts_sheet(wb, rows, "zh")
    add_coverage_colour_scale(wb)
    src = tmp_path / "in.xlsx"
    wb.save(src)
    outdir = tmp_path / "out"
    office = libreoffice()
    assert office is not None
    result = subprocess.run(
        [office, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--convert-to", "pdf",
         "--outdir", str(outdir), str(src)],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = outdir / "in.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 5_000

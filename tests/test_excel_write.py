"""Writing roster workbooks, templates and samples: what is written reads back the same, and
files are written safely (atomically, never over an input, never over a file without force)."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import re
from pathlib import Path

import openpyxl
import pytest

from roster.calendar import build_horizon
from roster.domain import LEAVE, REST, Change, Roster, SolveInfo, Team, Violation
from roster.errors import InputError
from roster.excel.read_roster import read_roster
from roster.excel.read_team import read_team
from roster.excel.template import example_team, write_template
from roster.excel.write_roster import write_roster

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TEAM_FIELDS = ("staff", "shifts", "demand", "leave", "requests", "promotions", "holidays",
               "history")


def make_roster(team: Team, dates: list[dt.date]) -> Roster:
    """A plausible full roster (every person, every date): rest every seventh day, leave kept."""
    cells = {}
    for i, person in enumerate(team.staff):
        for j, date in enumerate(dates):
            if team.on_leave(person.id, date):
                code = LEAVE
            elif (i + j) % 7 == 0:
                code = REST
            else:
                code = "N" if (i % 3 == 1 and person.may_work("N")) else "D"
            cells[(person.id, date)] = code
    info = SolveInfo("OPTIMAL", 42.0, 42.0, 1.5, 7, 4, {"coverage": (30, 3), "requests": (12, 2)})
    changes = [Change("2026-12-02 09:00", "swap", "lead", team.staff[0].id, dates[3], "D", REST,
                      "rest_days")]
    return Roster(list(dates), cells, info, changes)


@pytest.fixture(scope="module")
def team() -> Team:
    return example_team("2026-12", "zh")


@pytest.fixture(scope="module")
def horizon(team):
    return build_horizon(team, 2026, 12)


def write(path, team, horizon, roster, lang="zh", **kw):
    kw.setdefault("violations", [Violation("rest_days", "too few rest days", team.staff[0].id,
                                           horizon.dates[2], "D", True, {"rest": 3})])
    kw.setdefault("effective_rules", [("rest_days.min", 4), ("solver.deterministic", True),
                                      ("rotation.change_over_days", "5,6"), ("x.none", None)])
    return write_roster(path, team=team, horizon=horizon, roster=roster,
                        profile_name="ecommerce-cs", lang=lang, **kw)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip(tmp_path, team, horizon, lang):
    roster = make_roster(team, horizon.dates)
    path = write(tmp_path / "roster.xlsx", team, horizon, roster, lang=lang)
    book = read_roster(path)
    for name in TEAM_FIELDS:
        assert getattr(book.team, name) == getattr(team, name), name
    assert book.roster.dates == roster.dates
    assert book.roster.cells == roster.cells
    assert book.changes == roster.changes == book.roster.changes
    assert book.profile_name == "ecommerce-cs"
    assert [(k, v) for k, v, _ in book.effective_rules] == [
        ("rest_days.min", 4), ("solver.deterministic", True), ("rotation.change_over_days", "5,6")]


def test_round_trip_keeps_unknown_people_and_codes(tmp_path, team, horizon):
    roster = make_roster(team, horizon.dates)
    roster.cells[(team.staff[1].id, horizon.dates[0])] = "ZZ"
    roster.cells[("9999", horizon.dates[0])] = "D"
    book = read_roster(write(tmp_path / "r.xlsx", team, horizon, roster))
    assert book.roster.cells[(team.staff[1].id, horizon.dates[0])] == "ZZ"
    assert book.roster.cells[("9999", horizon.dates[0])] == "D"
    assert book.roster.get("9999", horizon.dates[1]) == REST


def test_sheet_names_follow_language(tmp_path, team, horizon):
    roster = make_roster(team, horizon.dates)
    zh = openpyxl.load_workbook(write(tmp_path / "zh.xlsx", team, horizon, roster, lang="zh"))
    en = openpyxl.load_workbook(write(tmp_path / "en.xlsx", team, horizon, roster, lang="en"))
    assert zh.sheetnames[:5] == ["排班表", "覆盖", "统计", "违规", "变更"]
    assert en.sheetnames[:5] == ["Roster", "Coverage", "Summary", "Violations", "Changes"]
    assert {"员工", "班次", "需求", "请假", "意愿", "大促", "节假日", "历史", "规则"} <= set(zh.sheetnames)
    assert zh["排班表"]["A1"].value == "工号" and en["Roster"]["A1"].value == "id"
    assert zh["排班表"]["C2"].value == "二" and en["Roster"]["C2"].value == "Tue"  # 2026-12-01


def test_grid_layout(tmp_path, team, horizon):
    roster = make_roster(team, horizon.dates)
    wb = openpyxl.load_workbook(write(tmp_path / "r.xlsx", team, horizon, roster))
    ws = wb["排班表"]
    assert ws.freeze_panes == "C4"
    assert ws["C1"].number_format == "mm-dd"
    assert isinstance(ws["C1"].value, dt.datetime)
    validation = ws.data_validations.dataValidation[0]
    assert validation.formula1 == '"D,N,休,假"'
    assert str(validation.sqref) == f"C4:AG{3 + len(team.staff)}"
    assert ws.page_setup.orientation == "landscape"
    # Fills: rest grey, leave green, day and night coloured differently.
    by_value = {}
    for row in ws.iter_rows(min_row=4, max_row=3 + len(team.staff), min_col=3, max_col=33):
        for cell in row:
            by_value.setdefault(cell.value, set()).add(cell.fill.start_color.rgb)
    assert by_value["休"] == {"00D9D9D9"} and by_value["假"] == {"00C6EFCE"}
    assert by_value["D"] != by_value["N"]
    # Holiday column (2026-12-26 is the template's shop day off) is marked with its name.
    column = 2 + 26
    assert ws.cell(row=3, column=column).value == "店休日"
    assert ws.cell(row=1, column=column).comment is not None
    # Promotion days carry the promotion's name.
    assert ws.cell(row=3, column=2 + 10).value == "双12大促"  # the template month's own promotion (December: 双12)
    # Totals: columns after the dates, rows below the people.
    assert ws.cell(row=1, column=34).value == "出勤天数"
    labels = [ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)]
    assert "D 人数" in labels and "N 人数" in labels


def test_coverage_summary_violations(tmp_path, team, horizon):
    roster = make_roster(team, horizon.dates)
    wb = openpyxl.load_workbook(write(tmp_path / "r.xlsx", team, horizon, roster, lang="en"))
    cov = list(wb["Coverage"].iter_rows(values_only=True))
    assert cov[0][:3] == ("date", "weekday", "day type") and len(cov) > 31
    summary = [r[0] for r in wb["Summary"].iter_rows(values_only=True)]
    assert "status" in summary and "OPTIMAL" in [r[1] for r in wb["Summary"].iter_rows(values_only=True)]
    assert any(str(v).startswith("Fairness") for v in summary if v)
    violations = list(wb["Violations"].iter_rows(values_only=True))
    assert violations[0] == ("rule", "hard/soft", "id", "date", "shift", "message")
    assert violations[1][:3] == ("rest_days", "hard", team.staff[0].id)


def test_chinese_summary_gives_the_status_in_words_and_reads_it_back(tmp_path, team, horizon):
    """A Chinese roster's Summary said "OPTIMAL" alone; it now says 最优（已证明）(OPTIMAL), and
    reading the roster back still finds the solver's code."""
    roster = make_roster(team, horizon.dates)
    for status, words in (("OPTIMAL", "已证明最优（OPTIMAL）"),
                          ("BEST_EFFORT/FEASIBLE", "尽力排班，需求未完全满足（BEST_EFFORT/FEASIBLE）")):
        roster.info = SolveInfo(status, objective=10, bound=10 if status == "OPTIMAL" else 4)
        path = write(tmp_path / f"{status[:4]}.xlsx", team, horizon, roster, lang="zh")
        cells = {r[0]: r[1] for r in openpyxl.load_workbook(path)["统计"].iter_rows(values_only=True) if r}
        assert cells["状态"] == words
        assert read_roster(path).solve_info.status == status


def test_summary_says_how_the_roster_was_made(tmp_path, team, horizon):
    """generate's notes (solved in parts, polished...) are written under the solve figures."""
    roster = make_roster(team, horizon.dates)
    notes = ["First roster solved in 10 parts (teams) in parallel in 27.9 s.", "Polished: 2829 -> 2344."]
    wb = openpyxl.load_workbook(write(tmp_path / "r.xlsx", team, horizon, roster, lang="en", notes=notes))
    column = [r[0] for r in wb["Summary"].iter_rows(values_only=True)]
    at = column.index("How this roster was made")
    assert column[at + 1:at + 3] == notes
    plain = openpyxl.load_workbook(write(tmp_path / "p.xlsx", team, horizon, roster, lang="zh"))
    assert "排班生成说明" not in [r[0] for r in plain["统计"].iter_rows(values_only=True)]


def test_violations_sheet_puts_broken_hard_rules_first_with_a_filter(tmp_path, team, horizon):
    """A valid roster can list dozens of soft findings; the few hard ones come first, and the
    header's filter shows one kind at a time."""
    roster = make_roster(team, horizon.dates)
    found = [Violation("coverage.over", "one more than the target", "", horizon.dates[0], "D", False, {"cost": 1}),
             Violation("rest_days", "too few rest days", team.staff[0].id, horizon.dates[2], "D", True, {}),
             Violation("fairness.nights", "nights outside the band", team.staff[1].id, None, "", False, {"cost": 3})]
    ws = openpyxl.load_workbook(write(tmp_path / "r.xlsx", team, horizon, roster, lang="en",
                                      violations=found))["Violations"]
    assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True)] == ["hard", "soft", "soft"]
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)][1:] == ["coverage.over", "fairness.nights"]
    assert ws.auto_filter.ref == "A1:F4"


def test_no_violations_is_header_only(tmp_path, team, horizon):
    roster = make_roster(team, horizon.dates)
    roster.info = None
    wb = openpyxl.load_workbook(write(tmp_path / "r.xlsx", team, horizon, roster, violations=[]))
    assert wb["违规"].max_row == 1


def test_refuses_existing_output_without_force(tmp_path, team, horizon):
    roster = make_roster(team, horizon.dates)
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(InputError, match="already exists"):
        write(path, team, horizon, roster)
    assert path.read_bytes() == b"keep me"
    write(path, team, horizon, roster, force=True)
    assert read_roster(path).roster.dates == horizon.dates


def test_refuses_to_overwrite_an_input(tmp_path, team, horizon):
    roster = make_roster(team, horizon.dates)
    path = write(tmp_path / "r.xlsx", team, horizon, roster)
    before = path.read_bytes()
    with pytest.raises(InputError, match="input file"):
        write(tmp_path / "." / "r.xlsx", team, horizon, roster, force=True, inputs=[path])
    assert path.read_bytes() == before


def test_atomic_write_leaves_no_temp_files(tmp_path, team, horizon, monkeypatch):
    roster = make_roster(team, horizon.dates)
    write(tmp_path / "r.xlsx", team, horizon, roster)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]

    def broken_save(self, filename):
        Path(filename).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(InputError, match="No space left"):
        write(tmp_path / "r2.xlsx", team, horizon, roster)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_read_roster_leaves_file_unchanged(tmp_path, team, horizon):
    path = write(tmp_path / "r.xlsx", team, horizon, make_roster(team, horizon.dates))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    read_roster(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_reads_back(tmp_path, lang):
    path = write_template(tmp_path / "team.xlsx", lang=lang, month="2027-03")
    team = read_team(path)
    expected = example_team("2027-03", lang)
    for name in (*TEAM_FIELDS, "rule_overrides"):
        assert getattr(team, name) == getattr(expected, name), name
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == ("说明" if lang == "zh" else "Instructions")
    with pytest.raises(InputError, match="already exists"):
        write_template(path, lang=lang)
    write_template(path, lang=lang, force=True)


def test_template_without_month_is_next_month(tmp_path):
    team = read_team(write_template(tmp_path / "t.xlsx"))
    assert team.leave[0].start > dt.date.today()


@pytest.mark.parametrize("name,year,month,people", [
    ("cs-department-zh.xlsx", 2026, 12, 30), ("small-team-en.xlsx", 2027, 1, 10)])
def test_samples_read_without_errors(name, year, month, people):
    team = read_team(SAMPLES / name)
    assert len(team.staff) == people
    horizon = build_horizon(team, year, month)
    assert horizon.requirements and team.history and team.leave and team.requests


def test_sample_script_reproduces_samples(tmp_path):
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.main(tmp_path):
        fresh, committed = read_team(path), read_team(SAMPLES / path.name)
        for name in (*TEAM_FIELDS, "rule_overrides"):
            assert getattr(fresh, name) == getattr(committed, name), (path.name, name)


def test_sample_department_shape():
    team = read_team(SAMPLES / "cs-department-zh.xlsx")
    teams = [s.team for s in team.staff]
    assert teams.count("售前") == 12 and teams.count("售后") == 12 and teams.count("质检") == 6
    assert all(s.shifts == ("D",) for s in team.staff if s.team == "质检")
    assert 3 <= sum(s.lead for s in team.staff) <= 4
    assert sum(len(s.skills) > 1 for s in team.staff) >= 3
    wb = openpyxl.load_workbook(SAMPLES / "cs-department-zh.xlsx", read_only=True)
    assert {"员工", "班次", "需求", "请假", "意愿", "大促", "节假日", "历史", "规则"} <= set(wb.sheetnames)
    wb.close()


def test_english_template_is_english_throughout(tmp_path):
    """A manager asking for an English template gets English skills and teams too (they were
    once 售前/售后 beside English names), and Staff and Demand still name the same skills."""
    team = read_team(write_template(tmp_path / "team.xlsx", lang="en", month="2027-03"))
    cjk = re.compile(r"[\u4e00-\u9fff]")
    words = [p.team for p in team.staff] + [s for p in team.staff for s in p.skills]
    assert words and not [w for w in words if w and cjk.search(w)], words
    demanded = {row.skill for row in team.demand if row.skill}
    assert demanded and demanded <= {s for p in team.staff for s in p.skills}

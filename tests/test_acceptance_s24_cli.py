"""A team lead typing ``ID:DATE`` arguments as people do, and help in the language asked for
(acceptance, session 24).

The roster is built in code (no generate run, so the file stays fast): four day-shift agents in
December 2026, ids as a Chinese department writes them (``1002``, ``007``), working every other
day.  What is checked is what the team lead types and is told: ``1002.0`` (an id pasted from an
export), ``１００２：１２－０５`` (a Chinese input method in full-width mode), ``2026/12/05`` and
``12-05`` (a day of the roster's month) name the same cell as ``1002:2026-12-05``; what cannot be
meant is refused with exit 2, naming the argument, in the user's language.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from roster import i18n
from roster.cli import main
from roster.domain import REST, Roster
from roster.edits import CellRef, EditContext, read_from, read_leave, read_ref
from roster.engine import effective_profile
from roster.errors import InputError
from roster.excel.read_team import read_team
from roster.excel.write_roster import write_roster
from roster.rules import known_rules
from tests.test_cli import run, write_book

DATES = [dt.date(2026, 12, 1) + dt.timedelta(days=k) for k in range(31)]
IDS = ["1001", "1002", "1003", "007"]
DAY5 = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    previous = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def _sheets() -> dict:
    """One day shift, one needed a day and three wanted (so the roster pays a coverage penalty
    every day: the penalty table has a row); the rules that would make a hand-made roster long to
    write switched off."""
    off = ["rotation", "fairness", "rest_days", "hours", "handover", "promotion", "intervals", "requests"]
    return {
        "Staff": [["id", "name", "team", "skills", "shifts", "lead"],
                  *[[sid, f"Agent {sid}", "pre", "chat", "D", "no"] for sid in IDS]],
        "Shifts": [["code", "name", "start", "end"], ["D", "Day", "08:30", "17:30"]],
        "Demand": [["day", "shift", "skill", "min", "target"], ["all", "D", None, 1, 3]],
        "Rules": [["rule", "value"], *[[f"{name}.enabled", "no"] for name in off]],
    }


def _cells() -> dict[tuple[str, dt.date], str]:
    """1001 and 1003 on even days of the list, 1002 and 007 on odd ones."""
    return {(sid, d): "D" if (i + k) % 2 == 0 else REST for i, sid in enumerate(IDS) for k, d in enumerate(DATES)}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[EditContext, Path]:
    folder = tmp_path_factory.mktemp("s24cli")
    team = read_team(write_book(folder / "team.xlsx", _sheets()))
    ctx = EditContext(team, Roster(list(DATES), _cells()), effective_profile(team))
    out = folder / "roster.xlsx"
    write_roster(out, team=team, horizon=ctx.horizon, roster=ctx.roster, lang="en",
                 effective_rules=ctx.profile.flat(known_rules()), profile_name=ctx.profile.name)
    return ctx, out


def test_an_id_and_date_typed_as_people_type_them_name_the_cell(made):
    """An id exported as 1002.0, full-width digits and colon, slashes, a date without its year:
    each names 1002's cell of 5 December, as the sheets would read them."""
    ctx, _ = made
    for typed in ("1002:2026-12-05", "1002.0:2026-12-05", " 1002 : 2026-12-05 ", "１００２：２０２６－１２－０５",
                  "1002:2026/12/05", "1002:2026-12-5", "1002:2026年12月5日", "1002:12-05", "1002：12月5日",
                  "1002.0:12/5"):
        assert ctx.cell(read_ref(typed)) == CellRef("1002", DAY5), typed


def test_what_cannot_be_meant_is_refused_naming_the_argument_in_both_languages(made):
    """A month-day outside the roster's month is not moved into another month; an id that only
    differs by leading zeros is named as a likely one, not taken; a malformed argument names
    ID:DATE and what was expected, in English and Chinese."""
    ctx, _ = made
    with pytest.raises(InputError, match=r"1002:01-05: '01-05' \(month-day\) is not a day of this roster's month "
                                         r"\(2026-12-01 \.\. 2026-12-31\)"):
        ctx.cell(read_ref("1002:01-05"))
    with pytest.raises(InputError, match=r"7:2026-12-05: unknown staff id '7' \(did you mean '007'\?\)"):
        ctx.cell(read_ref("7:2026-12-05"))
    with pytest.raises(InputError, match=r"ID:DATE '1002 2026-12-05' must look like ID:YYYY-MM-DD"):
        read_ref("1002 2026-12-05")
    i18n.set_language("zh")
    with pytest.raises(InputError, match=r"工号:日期 '1002' 应写成 工号:YYYY-MM-DD"):
        read_ref("1002")
    with pytest.raises(InputError, match=r"工号:日期 '1002:12-32' 应写成"):
        read_ref("1002:12-32")


def test_leave_and_from_take_the_same_forms(made):
    """``--leave １００２：１２－０８～１２－０９`` and ``--from 12-08`` are the leave and first day
    the ISO forms name; a range that ends before it starts, or runs into another month as a
    month-day, is refused."""
    ctx, _ = made
    lv = ctx.leave(read_leave("１００２：１２－０８～１２－０９"))
    assert (lv.staff_id, lv.start, lv.end) == ("1002", dt.date(2026, 12, 8), dt.date(2026, 12, 9))
    assert ctx.leave(read_leave("1002.0:2026/12/08至12-09")) == lv
    assert ctx.day(read_from("12-08"), "--from") == dt.date(2026, 12, 8)
    with pytest.raises(InputError, match="must look like ID:FROM"):
        read_leave("1002:12-09..12-08")
    with pytest.raises(InputError, match=r"--leave 1002:2026-12-30\.\.01-02: '01-02' \(month-day\)"):
        ctx.leave(read_leave("1002:2026-12-30..01-02"))


def test_swap_and_suggest_on_the_command_line_take_the_typed_forms(made, tmp_path):
    """End to end: the full-width and exported forms give the same answers as the ISO ones;
    a refused swap without -o says how to apply it anyway (with -o), once."""
    _, path = made
    plain = run("suggest", path, "1002:2026-12-05", "--json")
    wide = run("suggest", path, "１００２：１２－０５", "--json", lang="zh")
    assert plain.exit_code == wide.exit_code == 0, wide.output
    assert [s["cells"] for s in json.loads(plain.stdout)] == [s["cells"] for s in json.loads(wide.stdout)]
    # 1002 works the 2nd; 1001 rests then: 1001 takes it over, 1002 rests (a give-away, allowed).
    swapped = run("swap", path, "1002.0:12-02", "１００１：2026/12/02", "--json")
    assert swapped.exit_code == 0, swapped.output
    changes = {(c["staff_id"], c["date"], c["after"]) for c in json.loads(swapped.stdout)["changes"]}
    assert changes == {("1002", "2026-12-02", REST), ("1001", "2026-12-02", "D")}
    bad = run("swap", path, "1002:2027-01-05", "1001:2026-12-02", "-o", tmp_path / "x.xlsx", lang="zh")
    assert bad.exit_code == 2 and "不在本排班表的日期范围内" in bad.output, bad.output
    assert not (tmp_path / "x.xlsx").exists()


def test_help_follows_lang_wherever_it_stands():
    """``roster check --help --lang zh`` and ``roster bench --lang zh curtois --help`` (the
    language given to the group above) are Chinese pages; ``--lang en`` after a Chinese
    group option is English."""
    from click.testing import CliRunner

    runner = CliRunner()
    for args in (["check", "--help", "--lang", "zh"], ["--help", "--lang", "zh"], ["swap", "--help", "--lang=zh"],
                 ["bench", "--lang", "zh", "curtois", "--help"], ["bench", "curtois", "--help", "--lang", "zh"]):
        page = runner.invoke(main, args, env={"ROSTER_LANG": "en"})
        assert page.exit_code == 0 and page.output.startswith("用法："), (args, page.output)
    english = runner.invoke(main, ["--lang", "zh", "check", "--help", "--lang", "en"], env={"ROSTER_LANG": "zh"})
    assert english.output.startswith("Usage:"), english.output


def test_the_penalty_table_names_its_units_column_in_chinese(made):
    """``check --lang zh``: the penalty table's middle column holds what each rule counts
    (people below target, days beyond a fair share, wishes unmet): 计罚数量, where it said 数量
    and the Summary sheet 次数 ("times").  swap and suggest name the rules as that table does."""
    _, path = made
    zh = run("check", path, lang="zh")
    assert zh.exit_code == 0 and "计罚数量" in zh.output and "罚分" in zh.output, zh.output
    assert "units" in run("check", path).output
    # swap's and suggest's cost by rule: the rule's Chinese name too, not the bare code
    from roster.edits import cost_parts

    i18n.set_language("zh")
    assert cost_parts({"fairness.nights": 30, "rotation.stretch": -2}) == \
        "晚班偏离公平份额（fairness.nights）+30、同类班连续过短（rotation.stretch）-2"
    i18n.set_language("en")
    assert cost_parts({"fairness.nights": 30, "rotation.stretch": -2}) == "fairness.nights +30, rotation.stretch -2"

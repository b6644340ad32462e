"""Acceptance: rule profiles and the Rules / 规则 sheet as HR tunes them.

Each test names the defect it guards against.  The last one extends the model-equals-checker
property of test_property.py to non-default weights, tolerances and compliance settings.
"""

from __future__ import annotations

import sys

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import check, solve_fixed_cost
from excel_helpers import base_sheets, make_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roster.cli import main
from roster.errors import InputError
from roster.i18n import set_language
from roster.profile import Profile, load_profile
from roster.rules import known_rules
from roster.rules.compliance import Compliance
from roster.rules.coverage import Coverage
from roster.rules.fairness import Fairness
from roster.rules.promotion import PromotionRest
from roster.rules.requests import Requests
from roster.rules.rotation import Rotation

MONTH = "2027-03"


def overrides(*rows: tuple[str, object], profile: Profile | None = None) -> Profile:
    """The default profile with Rules-sheet rows (Excel rows from 2)."""
    base = profile or load_profile()
    return base.with_overrides([(k, v, n) for n, (k, v) in enumerate(rows, start=2)], known_rules())


def params(prof: Profile, rule: str):
    return prof.params(rule, known_rules()[rule])


def reread(prof: Profile) -> Profile:
    """What check/swap/suggest make of a roster made with ``prof``: its Rules sheet (every
    effective value, as the roster workbook stores it) applied to the default profile."""
    flat = prof.flat(known_rules())
    return load_profile().with_overrides([(k, v, n) for n, (k, v) in enumerate(flat, start=2)], known_rules())


def bad(*rows: tuple[str, object]) -> str:
    with pytest.raises(InputError) as info:
        overrides(*rows)
    return str(info.value)


# --- the roster's own Rules sheet must read back as the rules it was made with ------------------

@pytest.mark.parametrize("day", ["Mon", "Tue", "周一"])
def test_a_single_change_over_day_of_monday_or_tuesday_reads_back(day):
    """Was: the roster stored change_over_days "0" (Mon) or "1" (Tue), which the Rules reader
    took for the yes/no word False/True, so `roster check` on that roster exited 2."""
    prof = overrides(("rotation.change_over_days", day))
    again = reread(prof)
    assert params(again, "rotation").change_over_days == params(prof, "rotation").change_over_days


def test_a_custom_profile_with_more_rest_days_than_the_default_max_reads_back(tmp_path):
    """Was: a profile with rest_days min 11, max 14 made a roster whose Rules sheet lists min
    before max; read over the default profile, min 11 was judged against the default max 10 and
    `roster check` refused the roster it had just made (exit 2)."""
    path = tmp_path / "hr.toml"
    path.write_text('name = "hr"\n[rules.rest_days]\nmin = 11\nmax = 14\n', encoding="utf-8")
    again = reread(load_profile(path))
    assert (params(again, "rest_days").min, params(again, "rest_days").max) == (11, 14)


def test_a_consistent_pair_of_rows_is_taken_in_either_order():
    for rows in ([("rest_days.min", 12), ("rest_days.max", 14)], [("rest_days.max", 14), ("rest_days.min", 12)]):
        p = params(overrides(*rows), "rest_days")
        assert (p.min, p.max) == (12, 14)


def test_a_contradictory_pair_names_the_row_that_completes_it():
    message = bad(("rest_days.min", 12), ("rest_days.max", 11))
    assert "row 3" in message and "rest_days.max = 11" in message and "row 2" not in message


def test_rules_sheet_enabled_zero_turns_a_rule_off():
    """Text "0", "否" and "no" in rotation.enabled switch the rule off (bool("0") is True)."""
    for value in ("0", "否", "no", 0, False):
        assert not overrides(("rotation.enabled", value)).enabled("rotation"), value
    assert overrides(("rotation.enabled", "1")).enabled("rotation")


# --- bad values -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["是", "yes", True])
def test_a_yes_no_word_is_not_a_number(value):
    """Was: rest_days.min = 是 (or an Excel TRUE) was read as 1 rest day."""
    message = bad(("rest_days.min", value))
    assert "row 2" in message and "whole number" in message


@pytest.mark.parametrize(
    ("key", "value", "unit"),
    [("hours.max_per_week", "50天", "hours"), ("consecutive_days.max_days", "5h", "days"),
     ("rest_days.min", "6小时", "days"), ("rest_between_shifts.min_hours", "12人", "hours")],
)
def test_a_number_with_the_wrong_unit_is_refused(key, value, unit):
    """Was: any unit was dropped, so 50天 set 50 hours a week and 5h set 5 days in a row."""
    message = bad((key, value))
    assert "row 2" in message and "column value" in message and f"counts {unit}" in message


def test_a_unit_on_a_weight_is_refused():
    assert "plain number" in bad(("coverage.under_target_weight", "20人"))


def test_units_that_fit_are_taken():
    prof = overrides(("rest_between_shifts.min_hours", "12小时"), ("consecutive_days.max_days", "5天"),
                     ("hours.max_per_week", "40h"), ("handover.min_outgoing", "2人"),
                     ("staffing.chat.target_seconds", "20秒"), ("fairness.tolerance_days", "0.5天"))
    assert params(prof, "rest_between_shifts").min_hours == 12
    assert params(prof, "consecutive_days").max_days == 5
    assert params(prof, "hours").max_per_week == 40
    assert params(prof, "handover").min_outgoing == 2
    assert params(prof, "fairness").tolerance_days == 0.5
    assert prof.staffing.chat.target_seconds == 20


def test_change_over_days_take_the_chinese_list_comma_and_spaces():
    for value in ("周六、周日", "Sat Sun", "Sat;Sun"):
        assert params(overrides(("rotation.change_over_days", value)), "rotation").change_over_days == [5, 6]


def test_text_choices_take_chinese_words():
    prof = overrides(("compliance.scheme", "综合工时"), ("fairness.share_basis", "需求"))
    assert params(prof, "compliance").scheme == "comprehensive"
    assert params(prof, "fairness").share_basis == "demand"


def test_zh_messages_for_a_bad_choice_and_a_misspelt_name():
    set_language("zh")
    message = bad(("fairness.share_basis", "x"))
    assert "或" in message and " or " not in message
    message = bad(("rest_day.min", 6))
    assert "规则表第 2 行“规则”列" in message and "rest_days" in message


def test_a_misspelt_setting_suggests_the_right_one():
    assert "Did you mean 'rest_days.min'?" in bad(("rest_days.minimum", 5))


def test_a_profile_file_with_true_for_a_number_is_refused(tmp_path):
    from roster.domain import Team
    from roster.engine import effective_profile

    path = tmp_path / "odd.toml"
    path.write_text('name = "odd"\n[rules.consecutive_days]\nmax_days = true\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        effective_profile(Team([], [], []), path)
    assert "consecutive_days.max_days" in str(info.value)


@pytest.mark.parametrize(
    "body",
    ["[rule.consecutive_days]\nmax_days = 5\n", "[consecutive_days]\nmax_days = 5\n", "rules = 5\n",
     "[rules]\nconsecutive_days = 5\n"],
)
def test_a_misplaced_table_in_a_profile_file_is_an_error(tmp_path, body):
    """Was: [rule.X] or a bare [X] was silently ignored (the default 6 days stayed in force);
    rules = 5 or a rule given a number was an AttributeError traceback."""
    path = tmp_path / "typo.toml"
    path.write_text('name = "typo"\n' + body, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert "profile typo" in str(info.value)


# --- through the command line -----------------------------------------------------------------

def _run(*args: object, lang: str = "en"):
    return CliRunner().invoke(main, [*map(str, args), "--lang", lang], catch_exceptions=False)


def test_generate_and_check_agree_on_non_default_rules_sheet_values(tmp_path):
    """A roster made with a Monday change-over passes its own check (exit 0; was 2), with the
    Summary's objective equal to the checker's cost; units typed in the Rules sheet are kept.
    (Any valid roster will do: one second gives one, not proven optimal, as two did.)"""
    sheets = base_sheets()
    sheets["Rules"] = [["规则", "值"], ["rotation.change_over_days", "周一"], ["rest_days.max", "12天"],
                       ["rest_between_shifts.min_hours", "12小时"]]
    team = make_workbook(tmp_path / "team.xlsx", sheets)
    out = tmp_path / "r.xlsx"
    result = _run("generate", team, "--month", MONTH, "-o", out, "--time-limit", "1")
    assert result.exit_code == 0, result.output
    checked = _run("check", out, "--json")
    assert checked.exit_code == 0, checked.output
    import json

    cost = sum(v["cost"] for v in json.loads(checked.output)["cost_by_rule"].values())
    summary = openpyxl.load_workbook(out)["Summary"]
    objective = next(row[1] for row in summary.iter_rows(values_only=True) if row[0] == "objective")
    assert objective == cost
    rules = {row[0]: row[1] for row in openpyxl.load_workbook(out)["Rules"].iter_rows(values_only=True)}
    assert (rules["rotation.change_over_days"], rules["rest_days.max"], rules["rest_between_shifts.min_hours"]) == ("0", 12, 12)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_generate_names_row_and_column_of_a_wrong_unit(tmp_path, lang):
    sheets = base_sheets()
    sheets["Rules"].append(["hours.max_per_week", "50天"])
    team = make_workbook(tmp_path / "team.xlsx", sheets)
    result = _run("generate", team, "--month", MONTH, "-o", tmp_path / "r.xlsx", "--time-limit", "1", lang=lang)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    # the sheet and column as the workbook titles them (English here), in either output language
    assert ("sheet Rules, row 3, column value" in text) if lang == "en" else ("工作表“Rules”第 3 行“value”列" in text)
    assert "Traceback" not in text


# --- model and checker agree on non-default weights -------------------------------------------

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from test_property import instance_and_roster  # noqa: E402


@st.composite
def reweighted(draw):
    team, horizon, rules, roster = draw(instance_and_roster())
    def w():
        return draw(st.sampled_from([0, 1, 2, 3, 7, 13]))
    out = []
    for r in rules:
        if isinstance(r, Coverage):
            r = Coverage(Coverage.Params(under_target_weight=w(), over_target_weight=w()))
        elif isinstance(r, Fairness):
            r = Fairness(Fairness.Params(
                nights_weight=w(), weekends_weight=w(), holidays_weight=w(), working_days_weight=w(),
                tolerance_days=draw(st.sampled_from([0, 0.15, 0.25, 0.5, 1, 2.35])), carry_weight=w(),
                share_basis=draw(st.sampled_from(["roster", "demand"]))))
        elif isinstance(r, PromotionRest):
            r = PromotionRest(PromotionRest.Params(rest_weight=w()))
        elif isinstance(r, Requests):
            r = Requests(Requests.Params(weight_scale=w()))
        elif isinstance(r, Rotation):
            r = Rotation(r.params.model_copy(update={"stretch_weight": w()}))
        elif isinstance(r, Compliance):
            r = Compliance(Compliance.Params(
                scheme=draw(st.sampled_from(["standard", "comprehensive"])),
                hours_per_day=draw(st.sampled_from([8, 7.5, 10])), hours_per_week=draw(st.sampled_from([40, 36, 44])),
                overtime_per_month=draw(st.sampled_from([0, 5, 36])), overtime_per_day=draw(st.sampled_from([0, 1, 3])),
                enforce=draw(st.booleans())))
        out.append(r)
    return team, horizon, out, roster


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reweighted())
def test_model_and_checker_agree_with_non_default_weights(case):
    team, horizon, rules, roster = case
    result = check(team, horizon, rules, roster)
    status, objective = solve_fixed_cost(team, horizon, rules, roster, seconds=10)
    assert status in ("OPTIMAL", "INFEASIBLE"), status
    assert (status == "OPTIMAL") == result.ok, [v.message for v in result.hard]
    if status == "OPTIMAL":
        assert result.total_cost == round(objective), (result.cost_by_rule, objective)

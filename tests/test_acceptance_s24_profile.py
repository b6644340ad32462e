"""Acceptance (session 24, profile): a manager tuning the rules through a profile file
(``--profile path.toml``) and the Rules / 规则 sheet, in both languages.

Each test names the defect it guards against.  All run on the library (no solve): the profile
is what generate and check both build their rules from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from roster.errors import InputError, InputErrors
from roster.i18n import set_language
from roster.profile import load_profile
from roster.rules import known_rules
from roster.rules.base import MAX_WEIGHT


def _profile_file(tmp_path: Path, body: str | bytes, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path


def _refused(rows: list[tuple[str, object]], profile: str | Path | None = None) -> InputError:
    with pytest.raises(InputError) as info:
        load_profile(profile).with_overrides([(k, v, n) for n, (k, v) in enumerate(rows, start=2)],
                                             known_rules())
    return info.value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bad_profile_file_names_the_file_and_each_bad_key(tmp_path, lang):
    """Was: ``profile x: rest_days = {'mni': 5, ...} is not valid: mni: unknown setting`` -- the
    file was not named (its ``name`` need not be its file name), the whole section was printed
    as a Python dict, only the first problem was said, and no spelling was suggested."""
    set_language(lang)
    path = _profile_file(tmp_path, 'name = "x"\n[rules.rest_days]\nmni = 5\n[solver]\ntime_limit = -1\n')
    with pytest.raises(InputErrors) as info:
        load_profile(path)
    text = str(info.value)
    assert str(path) in text and "{'" not in text
    assert "rules.rest_days.mni = 5" in text and "'rules.rest_days.min'" in text
    # a bound as the user would type it: "0", not "0.0"
    assert "solver.time_limit = -1" in text and ("more than 0" in text or "须大于 0" in text)
    assert "0.0" not in text


def test_check_profile_file_with_a_misspelt_rule_is_refused_not_ignored(tmp_path):
    """Was: ``check --profile FILE`` took the file without judging its rule sections, so a
    misspelt [rules.Rest_Days] (or ``min = true``) was silently ignored and the default rules
    judged the roster."""
    path = _profile_file(tmp_path, 'name = "x"\n[rules.Rest_Days]\nmin = 5\n')
    with pytest.raises(InputError) as info:
        load_profile(path)
    assert "rules.Rest_Days" in str(info.value) and "Did you mean 'rest_days'?" in str(info.value)
    with pytest.raises(InputError, match=r"rules\.rest_days\.min = True"):
        load_profile(_profile_file(tmp_path, 'name = "x"\n[rules.rest_days]\nmin = true\n', "b.toml"))


def test_profile_file_syntax_error_and_encoding_are_plain_errors(tmp_path):
    """Was: a file saved as UTF-16 (Windows) was a UnicodeDecodeError traceback, a UTF-8 file
    with a byte-order mark (Notepad) was refused as bad TOML, and a zh user read the place of a
    syntax error in English only."""
    set_language("zh")
    with pytest.raises(InputError, match="第 2 行第 17 列不是有效的 TOML"):
        load_profile(_profile_file(tmp_path, 'name = "x"\n[rules.rest_days\nmin = 5\n'))
    with pytest.raises(InputError, match="UTF-8"):
        load_profile(_profile_file(tmp_path, 'name = "x"\n'.encode("utf-16"), "u16.toml"))
    bom = load_profile(_profile_file(tmp_path, b'\xef\xbb\xbfname = "bom"\n[rules.rest_days]\nmin = 5\n', "bom.toml"))
    assert bom.params("rest_days", known_rules()["rest_days"]).min == 5


def test_rules_sheet_keys_as_a_chinese_keyboard_types_them():
    """Was: ``rest_days．min`` (full-width dot) was "must look like RULE.PARAMETER"; a bare
    ``rest_days`` got "Did you mean 'rest_days'?"; the rule's Chinese name from the tables
    (月休天数) got no hint at all."""
    for key in ("rest_days．min", "rest_days。min", "rest_days . min"):
        prof = load_profile().with_overrides([(key, 7, 2)], known_rules())
        assert prof.params("rest_days", known_rules()["rest_days"]).min == 7
    bare = str(_refused([("rest_days", 5)]))
    assert "names a rule, not a setting" in bare and "rest_days.min" in bare and "Did you mean" not in bare
    assert "Did you mean 'rest_days'?" in str(_refused([("月休天数.min", 5)]))


def test_a_huge_weight_is_refused_not_overflowed():
    """Was: ``coverage.under_target_weight = 1e18`` overflowed CP-SAT's objective and generate
    wrote a roster 44 people short of the targets (12 with 1e15) as if all were well."""
    set_language("zh")
    message = str(_refused([("coverage.under_target_weight", 10**18)]))
    assert "规则表第 2 行“值”列" in message and f"须不大于 {MAX_WEIGHT}" in message
    assert "requests.weight_scale" in str(_refused([("requests.weight_scale", MAX_WEIGHT + 1)]))
    ok = load_profile().with_overrides([("fairness.nights_weight", MAX_WEIGHT, 2)], known_rules())
    assert ok.params("fairness", known_rules()["fairness"]).nights_weight == MAX_WEIGHT


@pytest.mark.parametrize("value", ["no", "否", 0, False])
def test_the_assignment_rule_cannot_be_turned_off(value):
    """Was: ``assignment.enabled = no`` made generate put people to work on their leave days and
    on shifts they may not work, and check (reading the same Rules sheet) said all was well."""
    message = str(_refused([("assignment.enabled", value)]))
    assert "cannot be turned off" in message and "row 2" in message


def test_the_user_is_told_when_the_rules_sheet_replaces_a_profile_value(tmp_path):
    """Was: with ``--profile statutory-40h`` (8 rest days) the template's Rules row
    ``rest_days.min = 4`` won without a word.  The profile now carries a note per replaced value
    (compared as the rule reads it: ``5,6`` is the default ``["Sat", "Sun"]``, no note)."""
    prof = load_profile("statutory-40h").with_overrides([("rest_days.min", 4, 2), ("hours.max_per_week", "40h", 3)],
                                                         known_rules())
    assert len(prof.notes) == 1
    assert "row 2" in prof.notes[0] and "rest_days.min = 4" in prof.notes[0] and "replaces 8" in prof.notes[0]
    assert "statutory-40h" in prof.notes[0]
    same = load_profile().with_overrides([("rotation.change_over_days", "5,6", 2), ("rest_days.min", 4, 3)],
                                         known_rules())
    assert same.notes == []


def test_generate_says_when_the_rules_sheet_replaces_a_value_of_the_chosen_profile(tmp_path):
    """`--profile statutory-40h` on a template workbook kept its Rules row rest_days.min = 4
    instead of the profile's 8, without a word (the same for any profile named)."""
    import json

    from click.testing import CliRunner

    from roster.cli import main

    team, out = tmp_path / "team.xlsx", tmp_path / "r.xlsx"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(team), "--month", "2027-03", "--lang", "en"]).exit_code == 0
    # The default profile named on purpose (a feasible month; statutory-40h makes this template's
    # March infeasible, and the diagnosis costs seconds): its rest_days.min is 4, the sheet's now 5.
    import openpyxl

    wb = openpyxl.load_workbook(team)
    rules = wb["Rules"]
    (row,) = [r for r in rules.iter_rows(min_row=2) if r[0].value == "rest_days.min"]
    row[1].value = 5
    wb.save(team)
    made = runner.invoke(main, ["generate", str(team), "--month", "2027-03", "-o", str(out), "--profile",
                                "ecommerce-cs", "--time-limit", "1", "--json", "--lang", "en"])
    notes = json.loads(made.stdout)["notes"]
    assert any("rest_days.min = 5 replaces 4 of profile ecommerce-cs" in n for n in notes), notes

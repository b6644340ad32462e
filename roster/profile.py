"""The rule profile: which rules apply, their parameters and weights, and the solver settings.

A profile is a TOML file in ``configs/`` (read with :mod:`tomllib`); the workbook's Rules sheet
overrides single values with dotted keys (``rest_between_shifts.min_hours = 12``).  Each rule
validates its own section with a pydantic model, so a typo in a profile or a Rules sheet is an
input error naming the key, not a surprise deep inside the solver.
"""

from __future__ import annotations

import copy
import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from roster.errors import InputError, InputErrors
from roster.i18n import MissingMessage, register, t

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
DEFAULT_PROFILE = "ecommerce-cs"

P = TypeVar("P", bound=BaseModel)

register(
    {
        "profile.not_found": {
            "en": "Rule profile {name!r} not found (looked for {path}). Available: {available}.",
            "zh": "找不到规则配置 {name!r}（查找了 {path}）。可用的配置：{available}。",
        },
        "profile.bad_toml_at": {
            "en": "Rule profile {path}, line {line}, column {column}: not valid TOML: {error}",
            "zh": "规则配置 {path} 第 {line} 行第 {column} 列不是有效的 TOML：{error}",
        },
        "profile.unreadable": {
            "en": "Rule profile {path} cannot be read as UTF-8 text ({error}): save it as UTF-8.",
            "zh": "规则配置 {path} 无法按 UTF-8 文本读取（{error}）：请另存为 UTF-8 编码。",
        },
        "profile.bad_toml": {
            "en": "Rule profile {path} is not valid TOML: {error}",
            "zh": "规则配置 {path} 不是有效的 TOML：{error}",
        },
        "profile.twice": {
            "en": "{where}: {key} is already set in row {first} ({was!r}); keep one of the two rows.",
            "zh": "{where}：{key} 已在第 {first} 行设置（{was!r}）；请只保留其中一行。",
        },
        "profile.unknown_rule": {
            "en": "{where}: unknown rule {rule!r}. Known rules: {known}.",
            "zh": "{where}：未知规则 {rule!r}。已有规则：{known}。",
        },
        "profile.bad_value": {
            "en": "{where}: {key} = {value!r} is not valid: {error}",
            "zh": "{where}：{key} = {value!r} 无效：{error}",
        },
        "profile.bad_key": {
            "en": "{where}: {key!r} must look like RULE.PARAMETER (e.g. rest_between_shifts.min_hours).",
            "zh": "{where}：{key!r} 应写成 规则.参数（例如 rest_between_shifts.min_hours）。",
        },
        # Where a Rules row's problem is: the sheet and column titles as the user wrote them
        # (RulesRow), worded as the other sheets' messages (excel.at) are.
        "profile.rules_row": {"en": "sheet {sheet}, row {row}", "zh": "工作表“{sheet}”第 {row} 行"},
        "profile.rules_cell": {"en": "sheet {sheet}, row {row}, column {column}",
                               "zh": "工作表“{sheet}”第 {row} 行“{column}”列"},
        # The same for an override whose row carries no titles (made in code, not read).
        "profile.rules_row_plain": {"en": "sheet Rules, row {row}", "zh": "规则表第 {row} 行"},
        "profile.rules_cell_plain": {"en": "sheet Rules, row {row}, column {column}",
                                     "zh": "规则表第 {row} 行“{column}”列"},
        "profile.sheet": {"en": "Rules", "zh": "规则"},
        "profile.where": {"en": "profile {name}", "zh": "规则配置 {name}"},
        # A profile read from a file: the file too, so that the user knows which one to edit
        # (the name inside a file need not be its file name).
        "profile.where_file": {"en": "profile {name} ({path})", "zh": "规则配置 {name}（{path}）"},
        "profile.bad_section": {
            "en": "{where}: [{key}] is not valid: {error}",
            "zh": "{where}：[{key}] 无效：{error}",
        },
        "profile.overridden": {
            "en": "{where}: {key} = {value!r} replaces {was!r} of {profile} (the Rules sheet wins over the profile).",
            "zh": "{where}：{key} = {value!r} 取代了{profile}中的 {was!r}（规则表优先于规则配置）。",
        },
        "profile.rule_needs_param": {
            "en": "{where}: {key!r} names a rule, not a setting: write RULE.PARAMETER, e.g. {example}.",
            "zh": "{where}：{key!r} 是规则名而不是设置项：请写成 规则.参数，例如 {example}。",
        },
        # pydantic's own messages are English only: the common kinds, by pydantic's error type
        "profile.err.at": {"en": "{loc}: {msg}", "zh": "{loc}：{msg}"},
        "profile.err.greater_than_equal": {"en": "must be at least {ge}", "zh": "须不小于 {ge}"},
        "profile.err.greater_than": {"en": "must be more than {gt}", "zh": "须大于 {gt}"},
        "profile.err.less_than_equal": {"en": "must be at most {le}", "zh": "须不大于 {le}"},
        "profile.err.less_than": {"en": "must be less than {lt}", "zh": "须小于 {lt}"},
        "profile.err.int": {"en": "expected a whole number", "zh": "应为整数"},
        "profile.err.float": {"en": "expected a number", "zh": "应为数字"},
        "profile.err.finite_number": {"en": "expected a finite number", "zh": "应为有限的数值"},
        "profile.err.bool": {"en": "expected true or false", "zh": "应为 true 或 false"},
        "profile.err.string_type": {"en": "expected text", "zh": "应为文本"},
        "profile.err.literal_error": {"en": "expected {expected}", "zh": "应为 {expected}"},
        "profile.err.extra_forbidden": {"en": "unknown setting", "zh": "未知的设置项"},
        "profile.err.missing": {"en": "required setting is missing", "zh": "缺少必填设置"},
        "profile.err.list_type": {"en": "expected a list", "zh": "应为列表"},
        "profile.err.model_type": {"en": "expected a table of settings", "zh": "应为设置表"},
        "profile.err.stretch_part": {
            "en": "{part!r} is not CONCURRENCY:MULTIPLIER (e.g. 3:1.5)",
            "zh": "{part!r} 不是 并发数:倍数 的形式（例如 3:1.5）",
        },
        "profile.err.stretch_values": {
            "en": "concurrency levels must be >= 1 and multipliers > 0",
            "zh": "并发数须不小于 1，倍数须大于 0",
        },
        "profile.err.stretch_missing": {
            "en": "stretch_table has no entry for concurrency {concurrency}",
            "zh": "stretch_table 中没有并发数 {concurrency} 的条目",
        },
        "profile.err.unit": {
            "en": "the unit {unit!r} does not fit this setting, which counts {expected}",
            "zh": "单位 {unit!r} 不适用于此项（此项以{expected}计）",
        },
        "profile.err.no_unit": {
            "en": "the unit {unit!r} does not fit this setting: give a plain number",
            "zh": "单位 {unit!r} 不适用于此项：请填写不带单位的数字",
        },
        "profile.unit.hours": {"en": "hours", "zh": "小时"},
        "profile.unit.days": {"en": "days", "zh": "天"},
        "profile.unit.people": {"en": "people", "zh": "人"},
        "profile.unit.seconds": {"en": "seconds", "zh": "秒"},
        "profile.unit.minutes": {"en": "minutes", "zh": "分钟"},
        "profile.did_you_mean": {"en": " Did you mean {name!r}?", "zh": "是否想写 {name!r}？"},
        "profile.known_params": {"en": " Settings of {rule}: {known}.", "zh": "{rule} 的设置项：{known}。"},
        "profile.unknown_key": {
            "en": "{where}: unknown setting {key!r}; a profile holds name, description and the "
                  "tables [solver], [staffing] and [rules.RULE] (e.g. [rules.consecutive_days]).",
            "zh": "{where}：未知的设置 {key!r}；规则配置只含 name、description 以及 [solver]、[staffing] "
                  "和 [rules.规则名]（例如 [rules.consecutive_days]）。",
        },
        "profile.not_table": {
            "en": "{where}: {key} must be a table of settings ([{key}] followed by KEY = VALUE lines).",
            "zh": "{where}：{key} 应为设置表（[{key}] 下面逐行写 键 = 值）。",
        },
        "profile.or": {"en": " or ", "zh": " 或 "},
        "profile.end": {"en": ".", "zh": "。"},
        "profile.col.rule": {"en": "rule", "zh": "规则"},
        "profile.col.value": {"en": "value", "zh": "值"},
        "profile.err.interval": {
            "en": "must divide a day of 1440 minutes (e.g. 15, 30 or 60)",
            "zh": "须能整除一天的 1440 分钟（例如 15、30 或 60）",
        },
    }
)

_ERROR_KEYS = {
    "greater_than_equal": "greater_than_equal",
    "greater_than": "greater_than",
    "less_than_equal": "less_than_equal",
    "less_than": "less_than",
    "int_parsing": "int",
    "int_type": "int",
    "int_from_float": "int",
    "float_parsing": "float",
    "float_type": "float",
    "finite_number": "finite_number",
    "bool_parsing": "bool",
    "bool_type": "bool",
    "string_type": "string_type",
    "literal_error": "literal_error",
    "enum": "literal_error",
    "extra_forbidden": "extra_forbidden",
    "missing": "missing",
    "list_type": "list_type",
    "model_type": "model_type",
    "dict_type": "model_type",
}
"""pydantic error type -> our message (``profile.err.*``), so a zh user reads zh."""

#: Yes/no words.  Not "1"/"0": pydantic reads those as true/false for a yes/no setting by itself,
#: and turning them into booleans first broke every other setting written as a digit (a roster
#: made with ``rotation.change_over_days = Mon`` stores "0", which read back as False).
_TRUE = {"yes", "y", "true", "是", "对", "on"}
_FALSE = {"no", "n", "false", "否", "不", "off"}


class RulesRow(int):
    """The Excel row of a Rules-sheet override, which also knows the titles the user gave the
    sheet and its two columns (``规则`` / ``规则`` / ``值``), so that a message about a bad row
    names them as written, in either output language, as every other sheet's messages do.

    It is an ``int`` so that the overrides stay plain ``(key, value, row)`` triples wherever
    they travel (the Team, the roster workbook, the engine) and compare equal to a bare row
    number; the titles are plain strings, so this layer knows nothing of Excel.  A bare ``int``
    row (an override made in code) is named with the canonical titles (:func:`rules_titles`)."""

    sheet: str
    rule_column: str
    value_column: str

    def __new__(cls, number: int, sheet: str = "", rule_column: str = "", value_column: str = "") -> RulesRow:
        row = super().__new__(cls, number)
        row.sheet, row.rule_column, row.value_column = sheet, rule_column, value_column
        return row


def rules_titles(row: int) -> tuple[str, str, str]:
    """(sheet, rule column, value column) for messages about ``row``: the user's own titles
    when the row carries them, else the canonical ones in the output language."""
    sheet = getattr(row, "sheet", "") or t("profile.sheet")
    rule = getattr(row, "rule_column", "") or t("profile.col.rule")
    value = getattr(row, "value_column", "") or t("profile.col.value")
    return sheet, rule, value


def rules_where(row: int, column: str | None = None) -> str:
    """"sheet 规则, row 3, column 值" (or the row alone): the place of a Rules row's problem,
    with the user's titles when the row carries them (:class:`RulesRow`)."""
    plain = "_plain" if not getattr(row, "sheet", "") else ""
    if column is None:
        return t(f"profile.rules_row{plain}", sheet=rules_titles(row)[0], row=row)
    return t(f"profile.rules_cell{plain}", sheet=rules_titles(row)[0], row=row, column=column)


def _rules_error(message: str, row: int, column: str) -> InputError:
    """An InputError about a Rules row, its sheet and cell named as the user titled them."""
    # The canonical English title for an untitled row: the ``sheet`` field is for programs.
    return InputError(message, sheet=getattr(row, "sheet", "") or "Rules", row=row, column=column)


class SolverSettings(BaseModel):
    """CP-SAT settings.  A time limit is always set; ``deterministic`` makes equal inputs give
    equal rosters (interleaved search, limit measured in deterministic time)."""

    model_config = ConfigDict(extra="forbid")

    # Finite (inf ran unbounded and left the roster's Rules sheet a blank limit), and a seed
    # CP-SAT takes (a 32-bit integer; a larger one was an OR-Tools traceback).
    time_limit: float = Field(60.0, gt=0, allow_inf_nan=False, json_schema_extra={"unit": "seconds"})
    workers: int = Field(2, ge=1, le=64)
    seed: int = Field(0, ge=-(2**31), le=2**31 - 1)
    deterministic: bool = True
    #: "lns": CP-SAT's default LP search, feasibility jump and the LNS neighbourhoods only (see
    #: roster.solve.HEAVY_SUBSOLVERS); "full": CP-SAT's whole default portfolio.
    portfolio: Literal["lns", "full"] = "lns"
    log: bool = False
    relative_gap: float = Field(0.0, ge=0, le=1)
    #: Departments larger than this are first solved in parts (teams, or chunks of
    #: ``part_size``) in parallel processes; the stitched roster is the whole model's hint
    #: (roster/decompose.py).  0 turns it off.
    decompose_above: int = Field(90, ge=0)
    part_size: int = Field(30, ge=5)
    #: Share of the time limit the parts may use when the whole model follows.
    parts_share: float = Field(0.4, gt=0, lt=1)
    #: Above this many people the whole model is not built at all: the stitched roster, checked,
    #: is the answer.  Measured on the 300-agent synthetic month (limit 60): parts only (8 units of
    #: work each), objective 7,646; parts in 40 % of the limit then the whole model, 24,059 (the
    #: whole model improved nothing in its share); the whole model alone, 29,816.
    whole_model_max: int = Field(120, ge=1)
    #: A roster not proven optimal is polished afterwards by swaps between interchangeable people
    #: and moves of one person's work to another date (roster/polish.py): this many tried per
    #: second of the time limit (a count, not a time, so the result does not depend on the
    #: machine).  0 turns it off.
    polish_tries: int = Field(60, ge=0)
    #: A roster stitched from parts (more than ``whole_model_max`` people) is then refined by
    #: re-planning a few people at a time with the rest fixed (roster/refine.py):
    #: this share of the time limit, in deterministic seconds of those small solves.  0 turns it off.
    refine_share: float = Field(0.1, ge=0, lt=1)


def _fraction(value: object) -> object:
    """``"85%"`` (a percentage typed into the Rules sheet) -> 0.85, and so is ``85`` or ``"85"``:
    a share is at most 1, so a number above 1 and up to 100 can only be a percentage written
    without its sign (a service level of 80 was refused as "must be less than 1"); anything
    else unchanged, for the field's own checks."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        try:
            return float(value.strip()[:-1]) / 100
        except ValueError:
            return value
    try:
        number = float(value) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None
    except ValueError:
        return value
    if number is not None and 1 < number <= 100:
        return number / 100
    return value


#: A share such as a service level or an occupancy: a fraction, or a percentage as text.
Share = Annotated[float, BeforeValidator(_fraction)]


class PhoneStaffing(BaseModel):
    """Service target of one channel (``[staffing.phone]``): ``service_level`` of contacts
    answered within ``target_seconds``; ``patience_seconds`` switches to Erlang A (customers
    hang up), ``max_abandon`` then caps the share who do.  See docs/staffing.md."""

    model_config = ConfigDict(extra="forbid")

    service_level: Share = Field(0.8, gt=0, lt=1)
    target_seconds: float = Field(60.0, ge=0)
    max_occupancy: Share = Field(0.85, gt=0, le=1)
    patience_seconds: float | None = Field(None, gt=0)
    max_abandon: Share = Field(1.0, gt=0, le=1)


def _stretch_table(value: object) -> object:
    """``"1:1, 2:1.2, 3:1.5"`` (how the Rules sheet stores a table) -> {1: 1.0, 2: 1.2, 3: 1.5}."""
    if not isinstance(value, str):
        return value
    table: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in value.replace("，", ",").split(","))):
        k, sep, v = part.partition(":")
        if not sep:
            raise ValueError(t("profile.err.stretch_part", part=part))
        table[k.strip()] = v.strip()
    return table


class ChatStaffing(PhoneStaffing):
    """Chat (``[staffing.chat]``): first reply within ``target_seconds``; an agent runs
    ``concurrency`` chats at once, each taking ``1 + stretch * (concurrency - 1)`` times as long
    as a chat served alone, or ``stretch_table[concurrency]`` times as long when measured."""

    target_seconds: float = Field(30.0, ge=0)
    concurrency: int = Field(3, ge=1, le=50)
    stretch: float = Field(0.2, ge=0)
    stretch_table: Annotated[dict[int, float] | None, BeforeValidator(_stretch_table)] = None

    @field_validator("stretch_table")
    @classmethod
    def _positive_multipliers(cls, table: dict[int, float] | None) -> dict[int, float] | None:
        if table is not None and any(k < 1 or v <= 0 for k, v in table.items()):
            raise ValueError(t("profile.err.stretch_values"))
        return table

    @model_validator(mode="after")
    def _table_covers_concurrency(self) -> ChatStaffing:
        if self.stretch_table is not None and self.concurrency not in self.stretch_table:
            raise ValueError(t("profile.err.stretch_missing", concurrency=self.concurrency))
        return self


class StaffingOptions(BaseModel):
    """``[staffing]``: how ``roster demand`` (and ``generate``, for a workbook with a Forecast but
    no Intervals sheet) turns contacts into agents per interval.  Defaults follow DOMAIN.md:
    chat 80 % first replies within 30 s, phone 80 % answered within 60 s, 30 % shrinkage."""

    model_config = ConfigDict(extra="forbid")

    interval_minutes: int = Field(30, ge=5, le=1440)
    shrinkage: Share = Field(0.3, ge=0, lt=1)
    phone: PhoneStaffing = Field(default_factory=PhoneStaffing)
    chat: ChatStaffing = Field(default_factory=ChatStaffing)

    @field_validator("interval_minutes")
    @classmethod
    def _divides_day(cls, minutes: int) -> int:
        # The grid is anchored at midnight: every day must hold a whole number of intervals.
        if (24 * 60) % minutes:
            raise ValueError(t("profile.err.interval"))
        return minutes


#: A number with the unit a manager types after it (``5天``, ``12h``, ``40 小时``, ``2人``).  The
#: unit must be the one the setting counts in (:func:`unit_of`): ``hours.max_per_week = 50天`` or
#: ``consecutive_days.max_days = 5h`` is an error, not 50 hours or 5 days.  Minutes are never taken
#: for an hours setting, so ``30min`` is not silently read as 30 hours.
_NUMBER_WITH_UNIT = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*([^\d\s.+-].*?)$")
_UNITS: dict[str, tuple[str, ...]] = {
    "hours": ("小时", "个小时", "钟头", "h", "hr", "hrs", "hour", "hours"),
    "days": ("天", "日", "d", "day", "days"),
    "people": ("人", "个", "名", "people", "person", "persons"),
    "seconds": ("秒", "s", "sec", "secs", "second", "seconds"),
    "minutes": ("分钟", "分", "min", "mins", "minute", "minutes"),
}
_UNIT_KIND = {unit: kind for kind, units in _UNITS.items() for unit in units}
_LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")


def _extra(info: Any, name: str) -> Any:
    """What a field declares in ``json_schema_extra`` under ``name`` (roster.rules.base.unit,
    choice_words), None when it declares nothing."""
    extra = getattr(info, "json_schema_extra", None)
    return extra.get(name) if isinstance(extra, dict) else None


def unit_of(key: str, info: Any = None) -> str | None:
    """What the setting ``key`` (``rule.param``, described by pydantic's ``info``) counts in:
    hours, days, people, seconds, minutes, or None (a weight, a share, a seed: no unit).

    The unit a parameter declares (``Field(json_schema_extra=unit("hours"))``) decides; a
    parameter that declares none is read by its name (``..._hours``, ``..._days``,
    ``..._seconds``, ``..._minutes``)."""
    declared = _extra(info, "unit")
    if declared is not None:
        return str(declared)
    param = key.rpartition(".")[2]
    if param.endswith("hours") or param.startswith("hours_"):
        return "hours"
    if param.endswith("_days"):
        return "days"
    if param.endswith("seconds"):
        return "seconds"
    if param.endswith("minutes"):
        return "minutes"
    return None


def _annotation_args(annotation: object) -> tuple[object, ...]:
    """The types a field takes (``float | None`` -> (float, NoneType); Annotated unwrapped)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _annotation_args(get_args(annotation)[0])
    if origin in (Union, UnionType):
        return tuple(a for arg in get_args(annotation) for a in _annotation_args(arg))
    return (annotation,)


def field_of(model: type[BaseModel], path: list[str]) -> Any:
    """The pydantic FieldInfo at ``path`` in ``model`` (nested models followed), or None."""
    info = model.model_fields.get(path[0])
    if info is None or len(path) == 1:
        return info
    for arg in _annotation_args(info.annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return field_of(arg, path[1:])
    return None


def coerce_setting(value: object, key: str, info: Any) -> object:
    """A Rules-sheet value as the setting ``key`` (described by pydantic's ``info``) takes it.

    Yes/no words only for yes/no settings (``rest_days.min = 是`` is an error, not 1); a number
    with the setting's own unit (``12h``, ``12小时``; a wrong unit is an error); a list typed
    with any separator (``周六、周日``); Chinese words for a text choice (``综合工时``).  Raises
    ValueError with a message for the user."""
    if info is None:  # an unknown setting: pydantic names it
        return normalise_scalar(value)
    args = _annotation_args(info.annotation)
    if bool in args:
        return normalise_scalar(value)
    numeric = any(a in (int, float) for a in args)
    if isinstance(value, bool) and numeric:
        return str(value)  # an Excel TRUE in a number cell: "expected a number", not 1
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    if numeric:
        match = _NUMBER_WITH_UNIT.match(text)
        if match:
            number, unit = match.group(1), match.group(2).strip().lower()
            kind = _UNIT_KIND.get(unit)
            if kind is None:
                return text  # "12:00", "11,5": pydantic says it is not a number
            expected = unit_of(key, info)
            if expected is None:
                raise ValueError(t("profile.err.no_unit", unit=match.group(2).strip()))
            if kind != expected:
                raise ValueError(t("profile.err.unit", unit=match.group(2).strip(),
                                   expected=t(f"profile.unit.{expected}")))
            return number
        return text
    if any(get_origin(a) is list or a is list for a in args):
        return [part for part in _LIST_SEPARATORS.split(text) if part]
    choices = [c for a in args if get_origin(a) is Literal for c in get_args(a)]
    if choices:
        alias = (_extra(info, "choice_words") or {}).get(text, text.lower())
        return alias if alias in choices else text
    return text


def normalise_scalar(value: object) -> object:
    """Excel and TOML values to what pydantic expects: Chinese yes/no, a number typed with a
    unit (any unit: :func:`coerce_setting` checks that it fits the setting)."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        unit = _NUMBER_WITH_UNIT.match(text)
        return unit.group(1) if unit and unit.group(2).strip().lower() in _UNIT_KIND else text
    return value


@dataclass
class Profile:
    """A named set of rule sections and solver settings."""

    name: str
    rules: dict[str, dict[str, Any]]
    solver: SolverSettings = field(default_factory=SolverSettings)
    staffing: StaffingOptions = field(default_factory=StaffingOptions)
    #: The file the profile was read from ("" when made in code): messages about a bad value
    #: name it, since the ``name`` inside a file need not be its file name.
    source: str = ""
    #: What the user should be told about how this profile came about: each Rules-sheet row
    #: that replaced a value the profile file itself sets (:meth:`with_overrides`), so that a
    #: manager who passed ``--profile`` learns that the workbook's row won.
    notes: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        """"profile NAME (FILE)": where a problem with the profile's own values is."""
        if self.source:
            return t("profile.where_file", name=self.name, path=self.source)
        return t("profile.where", name=self.name)

    def section(self, rule: str) -> dict[str, Any]:
        return self.rules.get(rule, {})

    def params(self, rule: str, model: type[P]) -> P:
        """The validated parameters of ``rule`` (defaults where the profile is silent)."""
        try:
            return model.model_validate(self.section(rule))
        except ValidationError as exc:
            raise InputError(
                t(
                    "profile.bad_value",
                    where=self.where,
                    key=rule,
                    value=self.section(rule),
                    error=_first_error(exc),
                )
            ) from None

    def enabled(self, rule: str) -> bool:
        # Read as the rule's own model reads it: bool("0") and bool("no") are True.
        value = normalise_scalar(self.section(rule).get("enabled", True))
        try:
            return TypeAdapter(bool).validate_python(value)
        except ValidationError:
            return bool(value)  # the rule's params then report the bad value

    def with_overrides(
        self, overrides: list[tuple[str, object, int]], known_rules: dict[str, type[BaseModel]]
    ) -> Profile:
        """A copy with the Rules sheet's values applied, each validated against its section's
        model (``solver``, ``staffing`` or a rule of the catalogue).

        Every bad row is reported at once (as the other sheets are): a manager who mistyped
        three settings fixes all three in one go instead of meeting them one run at a time.  A
        bad row changes nothing, so the rows after it are judged as if it were not there."""
        models: dict[str, type[BaseModel]] = {"solver": SolverSettings, "staffing": StaffingOptions,
                                              **known_rules}
        sections: dict[str, dict[str, Any]] = {"solver": self.solver.model_dump(),
                                                "staffing": self.staffing.model_dump(),
                                                **copy.deepcopy(self.rules)}
        errors: list[InputError] = []
        taken: dict[str, tuple[int, object]] = {}  # key -> (row, value) of the valid row that set it
        #: section -> the rows whose value is fine on its own but not with the section's other
        #: values as they stood (rest_days.min = 12 while max is still the profile's 10): judged
        #: once every row is in, so the order of the rows does not matter.
        pending: dict[str, list[tuple[str, object, int]]] = {}
        replaced: list[tuple[str, str, object, int]] = []  # rows setting what the profile file sets
        for key, raw, row in overrides:
            key = _dotted_key(key)
            _, rule_column, value_column = rules_titles(row)
            where = rules_where(row, rule_column)
            name, _, param = str(key).strip().partition(".")
            if str(key).strip() in taken:
                # Last-wins would silently drop the earlier row: which one the manager meant is
                # theirs to say.  (A bad earlier row is reported as such and takes nothing.)
                first, was = taken[str(key).strip()]
                errors.append(_rules_error(
                    t("profile.twice", where=rules_where(row),
                      key=str(key).strip(), first=first, was=was), row, rule_column))
                continue
            if not param:
                if name in models:  # "rest_days" alone: which of its settings?
                    settings = _settings_of(models[name])
                    example = f"{name}.{settings[0]}"
                    message = (t("profile.rule_needs_param", where=where, key=key, example=example)
                               + t("profile.known_params", rule=name, known=", ".join(settings)))
                else:
                    message = t("profile.bad_key", where=where, key=key) + _hint(name, models)
                errors.append(_rules_error(message, row, rule_column))
                continue
            if name not in models:
                errors.append(_rules_error(
                    t("profile.unknown_rule", where=where, rule=name, known=", ".join(sorted(models)))
                    + _hint(name, models), row, rule_column))
                continue
            path = param.split(".")
            in_value = rules_where(row, value_column)
            try:
                value = coerce_setting(raw, str(key).strip(), field_of(models[name], path))
            except ValueError as exc:
                errors.append(_rules_error(t("profile.bad_value", where=in_value, key=key, value=raw, error=str(exc)),
                                           row, value_column))
                continue
            base = sections.get(name, {})
            # staffing is nested (staffing.shrinkage, staffing.chat.concurrency); rules are flat
            candidate = _nested(base, path, value) if name == "staffing" else {**base, param: value}
            try:
                models[name].model_validate(candidate)
            except ValidationError as exc:
                if not all(_across(err.get("loc", ()), path) for err in exc.errors()):
                    errors.append(_bad_row(models[name], exc, in_value, key, raw, row, path))
                    continue
                pending.setdefault(name, []).append((key, raw, row))
            sections[name] = candidate
            taken[str(key).strip()] = (row, raw)
            if name in known_rules and param in self.rules.get(name, {}):
                replaced.append((name, param, raw, row))
        for name, rows in pending.items():
            try:
                models[name].model_validate(sections[name])
            except ValidationError as exc:
                key, raw, row = rows[-1]  # the row that completed the contradiction
                errors.append(_bad_row(models[name], exc, rules_where(row, rules_titles(row)[2]),
                                       key, raw, row, str(key).partition(".")[2].split(".")))
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise InputErrors(errors)
        notes = [*self.notes, *self._replaced_notes(replaced, sections, known_rules)]
        solver, staffing = sections.pop("solver"), sections.pop("staffing")
        return Profile(self.name, sections, SolverSettings.model_validate(solver),
                       StaffingOptions.model_validate(staffing), self.source, notes)

    def _replaced_notes(self, replaced: list[tuple[str, str, object, int]], sections: dict[str, dict[str, Any]],
                        known_rules: dict[str, type[BaseModel]]) -> list[str]:
        """A note for each Rules row that changed a value the profile file sets, compared as
        the rule reads them (``5,6`` and ``["Sat", "Sun"]`` are the same change-over days)."""
        notes = []
        for name, param, raw, row in replaced:
            try:
                was = getattr(known_rules[name].model_validate(self.rules[name]), param)
            except ValidationError:  # the file's own section is judged by validate()
                continue
            if getattr(known_rules[name].model_validate(sections[name]), param) != was:
                notes.append(t("profile.overridden", where=rules_where(row), key=f"{name}.{param}", value=raw,
                               profile=self.where, was=_plain(was)))
        return notes

    def validate(self, known_rules: dict[str, type[BaseModel]]) -> None:
        """Check every section against its rule; unknown sections are errors (typos).

        Each problem names the file and the setting as written there (``rules.rest_days.min``),
        with a suggestion for a misspelt rule or setting, and all of them are reported at once:
        a whole section printed as a dict (``rest_days = {'mni': 5}``) left the user to find the
        bad key themselves, and the file was not named at all."""
        errors = self.rule_errors(known_rules)
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise InputErrors(errors)

    def rule_errors(self, known_rules: dict[str, type[BaseModel]]) -> list[InputError]:
        """Every problem of the rule sections (:meth:`validate`), not raised."""
        errors: list[InputError] = []
        for rule, section in self.rules.items():
            if rule not in known_rules:
                errors.append(InputError(
                    t("profile.unknown_rule", where=self.where, rule=f"rules.{rule}",
                      known=", ".join(sorted(known_rules))) + _hint(rule, known_rules)))
                continue
            bools = []
            for param, value in section.items():
                # TOML's true in a number setting: pydantic would read it as 1
                info = known_rules[rule].model_fields.get(param)
                if isinstance(value, bool) and info is not None and bool not in _annotation_args(info.annotation):
                    bools.append(param)
                    errors.append(InputError(t("profile.bad_value", where=self.where, key=f"rules.{rule}.{param}",
                                               value=value, error=t("profile.err.float"))))
            if not bools:
                errors.extend(section_errors(known_rules[rule], section, self.where, f"rules.{rule}"))
        return errors

    def flat(self, known_rules: dict[str, type[BaseModel]]) -> list[tuple[str, object]]:
        """Every effective value as (dotted key, value), defaults included: the roster workbook
        stores this so that later commands apply exactly the rules the roster was made with."""
        items: list[tuple[str, object]] = [
            (f"solver.{k}", v) for k, v in self.solver.model_dump().items()
        ]
        items.extend(_flatten("staffing", self.staffing.model_dump()))
        for rule, model in known_rules.items():
            values = model.model_validate(self.section(rule)).model_dump()
            items.extend((f"{rule}.{k}", _plain(v)) for k, v in values.items())
        return items


def _dotted_key(key: object) -> str:
    """A Rules-sheet key as the catalogue spells it: a Chinese input method's full-width or
    ideographic dot (``rest_days．min``, ``rest_days。min``) and spaces around the dots are the
    ASCII dot (the key was refused as "must look like RULE.PARAMETER", which it did)."""
    text = unicodedata.normalize("NFKC", str(key)).replace("。", ".").strip()
    return ".".join(part.strip() for part in text.split("."))


def _plain(value: object) -> object:
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):  # a stretch table: "1:1,2:1.2,3:1.5", read back by ChatStaffing
        return ",".join(f"{k}:{v:g}" for k, v in value.items())
    return value


def _flatten(prefix: str, values: dict[str, Any]) -> list[tuple[str, object]]:
    """Nested sections as dotted keys (``staffing.chat.concurrency``); tables stay one value."""
    items: list[tuple[str, object]] = []
    for key, value in values.items():
        if isinstance(value, dict) and key != "stretch_table":
            items.extend(_flatten(f"{prefix}.{key}", value))
        else:
            items.append((f"{prefix}.{key}", _plain(value)))
    return items


def _nested(data: dict[str, Any], path: list[str], value: object) -> dict[str, Any]:
    """A copy of ``data`` with ``value`` at ``path``; a path through a non-table replaces it with
    a table, so that the validation error names the key that was meant."""
    head, rest = path[0], path[1:]
    copied = dict(data)
    if rest:
        inner = copied.get(head)
        copied[head] = _nested(inner if isinstance(inner, dict) else {}, rest, value)
    else:
        copied[head] = value
    return copied


def _across(loc: tuple, path: list[str]) -> bool:
    """Whether an error at ``loc`` is about the section as a whole (a check across settings,
    e.g. rest_days.max below min) rather than about the setting at ``path`` itself."""
    return len(loc) < len(path) and [str(x) for x in loc] == path[: len(loc)]


def _hint(name: str, models: dict[str, type[BaseModel]]) -> str:
    """" Did you mean 'rest_days'?" for a misspelt rule name, or for a rule's Chinese name as
    tables show it (``月休天数`` from ``月休天数（rest_days）``, roster.rules.base.rule_label),
    or nothing."""
    text = name.strip()
    for code in models:
        try:
            if text and text in (t(f"label.{code}", lang="zh"), t(f"label.{code}", lang="en")):
                return t("profile.did_you_mean", name=code)
        except MissingMessage:
            continue
    close = difflib.get_close_matches(text.lower(), list(models), n=1, cutoff=0.75)
    return t("profile.did_you_mean", name=close[0]) if close and close[0] != text else ""


def _settings_of(model: type[BaseModel]) -> list[str]:
    """A section's setting names, ``enabled`` last (it is every rule's)."""
    return [k for k in model.model_fields if k != "enabled"] + ["enabled"]


def _unknown_hint(owner: type[BaseModel], param: str, prefix: str) -> str:
    """" Did you mean 'rest_days.min'?" for a misspelt setting of ``owner`` (case ignored),
    else the list of its settings."""
    known = _settings_of(owner)
    lowered = {k.lower(): k for k in known}
    close = difflib.get_close_matches(param.lower(), list(lowered), n=1, cutoff=0.6)
    return t("profile.end") + (t("profile.did_you_mean", name=f"{prefix}.{lowered[close[0]]}") if close
                               else t("profile.known_params", rule=prefix, known=", ".join(known)))


def _value_at(data: object, loc: list[str]) -> tuple[bool, object]:
    """(found, value) at ``loc`` in nested dicts: the value a validation error is about."""
    for part in loc:
        if not isinstance(data, dict):
            return False, None
        match = next((k for k in data if str(k) == part), None)
        if match is None:
            return False, None
        data = data[match]
    return True, data


def section_errors(model: type[BaseModel], data: dict, where: str, prefix: str) -> list[InputError]:
    """Every problem of a profile file's section ``data`` (``[prefix]``), one error per setting
    named by its full key (``solver.time_limit``, ``rules.rest_days.mni``) with the value as
    written; a check across settings (``max`` below ``min``) names the section."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        out: list[InputError] = []
        for err in exc.errors():
            loc = [str(x) for x in err.get("loc", ())]
            found, value = _value_at(data, loc)
            if not loc or (not found and err.get("type") != "missing"):
                out.append(InputError(t("profile.bad_section", where=where, key=prefix,
                                        error=_error_text(err))))
                continue
            message = t("profile.bad_value", where=where, key=".".join([prefix, *loc]), value=value,
                        error=_error_text(err))
            if err.get("type") == "extra_forbidden":
                owner: Any = model
                for part in loc[:-1]:
                    info = field_of(owner, [part])
                    owner = next((a for a in _annotation_args(info.annotation)
                                  if isinstance(a, type) and issubclass(a, BaseModel)), None) if info else None
                    if owner is None:
                        break
                if owner is not None:
                    message += _unknown_hint(owner, loc[-1], ".".join([prefix, *loc[:-1]]))
            out.append(InputError(message))
        return out
    return []


def _bad_row(model: type[BaseModel], exc: ValidationError, where: str, key: object, raw: object,
             row: int, path: list[str]) -> InputError:
    message = t("profile.bad_value", where=where, key=key, value=raw, error=_first_error(exc))
    if exc.errors()[0].get("type") == "extra_forbidden":  # an unknown setting: name the known ones
        owner: Any = model
        for part in path[:-1]:
            info = field_of(owner, [part])
            owner = next((a for a in _annotation_args(info.annotation)
                          if isinstance(a, type) and issubclass(a, BaseModel)), None) if info else None
            if owner is None:
                break
        if owner is not None:
            message += _unknown_hint(owner, path[-1], str(key).rpartition(".")[0])
    return _rules_error(message, row, rules_titles(row)[2])


def _first_error(exc: ValidationError) -> str:
    """The first problem, in the user's language (:func:`_error_text`)."""
    return _error_text(exc.errors()[0])


def _error_text(err: Any) -> str:
    """One pydantic error in the user's language: pydantic's common error kinds have our own
    messages; a validator's ValueError is already ours; anything else keeps pydantic's text.
    Bounds read as the user typed them: ``at most 48``, not ``48.0``."""
    loc = ".".join(str(x) for x in err.get("loc", ()))
    ctx = {k: (f"{v:g}" if isinstance(v, float) else v) for k, v in (err.get("ctx") or {}).items()}
    key = _ERROR_KEYS.get(err.get("type", ""))
    if key == "literal_error" and isinstance(ctx.get("expected"), str):
        ctx = {**ctx, "expected": ctx["expected"].replace(" or ", t("profile.or"))}
    if key is not None:
        try:
            msg = t(f"profile.err.{key}", **ctx)
        except (KeyError, IndexError):  # a context this pydantic version names differently
            msg = str(err.get("msg", ""))
    elif err.get("type") == "value_error" and "error" in ctx:
        msg = str(ctx["error"])
    else:
        msg = str(err.get("msg", ""))
    return t("profile.err.at", loc=loc, msg=msg) if loc else msg


#: Where tomllib says a syntax error is: "... (at line 2, column 17)".
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def available_profiles() -> list[str]:
    return sorted(p.stem for p in CONFIG_DIR.glob("*.toml"))


def load_profile(name_or_path: str | Path | None = None) -> Profile:
    """Load a profile by name (``configs/NAME.toml``) or by path."""
    name_or_path = name_or_path or DEFAULT_PROFILE
    path = Path(name_or_path)
    if not path.suffix:
        path = CONFIG_DIR / f"{name_or_path}.toml"
    if not path.is_file():
        raise InputError(
            t("profile.not_found", name=str(name_or_path), path=path,
              available=", ".join(available_profiles()) or "-")
        )
    try:
        # utf-8-sig: Windows Notepad saves with a byte-order mark, which TOML would refuse.
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, OSError) as exc:
        raise InputError(t("profile.unreadable", path=path, error=exc)) from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib's text is English; the place in the file is said in the user's language.
        at = _TOML_AT.search(str(exc))
        if at:
            raise InputError(t("profile.bad_toml_at", path=path, line=at.group(1), column=at.group(2),
                               error=str(exc)[: at.start()].strip())) from None
        raise InputError(t("profile.bad_toml", path=path, error=exc)) from None
    solver = data.pop("solver", {})
    staffing = data.pop("staffing", {})
    name = str(data.pop("name", path.stem))
    data.pop("description", None)
    rules = data.pop("rules", {})
    where = t("profile.where_file", name=name, path=path)
    # Anything else was silently ignored: [rule.consecutive_days] or a bare [consecutive_days]
    # left the default 6 days in force while HR believed they had set 5.
    for key in data:
        raise InputError(t("profile.unknown_key", where=where, key=key) + _hint(key, {"rules": BaseModel}))
    if not isinstance(rules, dict):
        raise InputError(t("profile.not_table", where=where, key="rules"))
    for rule, section in rules.items():
        if not isinstance(section, dict):
            raise InputError(t("profile.not_table", where=where, key=f"rules.{rule}"))
    for key, table in (("solver", solver), ("staffing", staffing)):
        if not isinstance(table, dict):
            raise InputError(t("profile.not_table", where=where, key=key))
    # The rule sections too, here and not only in generate: ``check --profile FILE`` judged with
    # a file whose misspelt [rules.Rest_Days] was silently ignored.  Every problem of the file is
    # said at once.  (Imported here: the catalogue imports this module.)
    from roster.rules import known_rules

    errors = [*section_errors(SolverSettings, solver, where, "solver"),
              *section_errors(StaffingOptions, staffing, where, "staffing"),
              *Profile(name, rules, source=str(path)).rule_errors(known_rules())]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)
    return Profile(name, rules, SolverSettings.model_validate(solver), StaffingOptions.model_validate(staffing),
                   str(path))

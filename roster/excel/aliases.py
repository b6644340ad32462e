"""Sheet and column names, in English and Chinese: the one table the reader and the writer share.

Users type headers by hand, in either language, in any case and with stray spaces or a ``*`` left
over from the template, so every name is compared in a normalised form (:func:`norm`).  The writer
takes the first spelling of each language, so what it writes is always what the reader accepts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACES = re.compile(r"[\s_]+")
#: Characters that take no room on screen: a byte-order mark or zero-width space pasted from a
#: web page or a CSV export (``\ufeffTarget``), and the variation selector an emoji keyboard puts
#: after a tick (``✔️``).  A header holding one looked right in Excel and matched nothing, so the
#: column was silently ignored (every target blank).
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\ufe00-\ufe0f\u00ad]")


def norm(text: object) -> str:
    """Comparable form of a header: lower case, no surrounding spaces or ``*``, ``_`` as space.

    Full-width letters, digits and punctuation (``ＩＤ``, ``Ｍｉｎ``, ``（``), which Chinese input
    methods type in full-width mode, are read as their ASCII forms (NFKC); invisible characters
    (:data:`_INVISIBLE`) are dropped."""
    if text is None:
        return ""
    value = _INVISIBLE.sub("", unicodedata.normalize("NFKC", str(text))).strip().strip("*＊").strip()
    return _SPACES.sub(" ", value.lower())


#: A unit or note in brackets after a header: ``(people)``, ``（人）`` (NFKC makes it ASCII),
#: ``[h]``, ``【人】``.
_UNIT = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】)$")
#: Punctuation closing a header as a label or a question: ``Start:``, ``开始：``, ``Is lead?``,
#: ``Employee no.``; NFKC has made the full-width forms ASCII.  Never part of a name.
_TRAILING_PUNCT = re.compile(r"[\s:?.。!*]+$")


def header_keys(text: object) -> tuple[str, ...]:
    """The forms in which a header cell is compared with the names: normalised and without
    spaces (``最少 人数``, ``Min Staff``, a line break typed inside a cell), also without a
    trailing unit in brackets (``最少人数（人）``, ``Min (people)``), and, for a bilingual header
    (``姓名 Name``, ``工号/ID``), its Chinese part and its English part each alone."""
    full = _TRAILING_PUNCT.sub("", norm(text)) or norm(text)
    keys = [full.replace(" ", "")]
    bare = _TRAILING_PUNCT.sub("", _UNIT.sub("", full))
    if bare and bare != full:
        keys.append(bare.replace(" ", ""))
    for form in (full, bare):
        for part in _script_parts(form):
            if part not in keys:
                keys.append(part)
    return tuple(keys)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_NOT_LATIN = re.compile(r"[^a-z0-9._ ]+")


def _script_parts(value: str) -> tuple[str, ...]:
    """The Chinese and the English part of a header written in both (``姓名 name`` ->
    ("姓名", "name")); nothing for a header in one script.  Only the script boundary splits, so
    ``team lead`` stays one name and never also reads as ``team``."""
    chinese = "".join(_CJK.findall(value))
    latin = " ".join(_NOT_LATIN.sub(" ", _CJK.sub(" ", value)).split())
    if not chinese or not re.search(r"[a-z]", latin):
        return ()
    return chinese, latin.replace(" ", "")


@dataclass(frozen=True)
class Name:
    """One sheet or column: its key in code, the spelling written per language, and the other
    spellings accepted on input.  ``required`` marks the columns a sheet cannot do without."""

    key: str
    en: str
    zh: str
    variants: tuple[str, ...] = ()
    required: bool = False

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def spellings(self) -> frozenset[str]:
        return frozenset(norm(s) for s in (self.key, self.en, self.zh, *self.variants))

    def keys(self, *, strict: bool = False) -> frozenset[str]:
        """The spellings as :func:`header_keys` compares them (``strict``: only the names
        written in English and Chinese and the key)."""
        names = (self.key, self.en, self.zh) if strict else (self.key, self.en, self.zh, *self.variants)
        return frozenset(norm(s).replace(" ", "") for s in names)

    def matches(self, text: object) -> bool:
        return any(k in self.keys() for k in header_keys(text))


def _n(key: str, en: str, zh: str, *variants: str, required: bool = False) -> Name:
    return Name(key, en, zh, tuple(variants), required)


SHEETS: dict[str, Name] = {
    n.key: n
    for n in (
        _n("staff", "Staff", "员工", "员工表", "人员", "人员表", "员工名单", "人员名单", "花名册", "agents",
           "employees", "staff list", "team members", "members"),
        _n("shifts", "Shifts", "班次", "班次表", "shift", "shift types", "shift patterns"),
        _n("demand", "Demand", "需求", "需求表", "排班需求", "人数需求", "coverage demand", "staffing",
           "staffing requirements", "requirements", "headcount"),
        _n("leave", "Leave", "请假", "请假表", "休假", "假期", "time off", "absences", "absence", "vacation"),
        _n("requests", "Requests", "意愿", "意愿表", "排班意愿", "wishes", "preferences"),
        _n("promotions", "Promotions", "大促", "大促表", "活动", "促销", "promotion"),
        _n("holidays", "Holidays", "节假日", "节假日表", "假日", "holiday", "calendar"),
        _n("history", "History", "历史", "历史排班", "上月排班", "上月", "previous"),
        _n("rules", "Rules", "规则", "规则表", "settings"),
        _n("forecast", "Forecast", "预测", "预测表", "话务预测", "进线预测", "进线量预测",
           "forecasts", "contact forecast"),
        _n("intervals", "Intervals", "时段需求", "时段需求表", "时段人数", "分时段需求",
           "interval demand", "interval"),
        _n("roster", "Roster", "排班表", "排班", "班表", "schedule", "rota"),
        _n("coverage", "Coverage", "覆盖", "覆盖表", "覆盖率"),
        _n("summary", "Summary", "统计", "统计表", "汇总"),
        _n("violations", "Violations", "违规", "违规表", "问题"),
        _n("changes", "Changes", "变更", "变更记录", "changelog"),
        _n("about", "About", "关于", "信息"),
        _n("instructions", "Instructions", "说明", "使用说明", "readme"),
    )
}


def _cols(*names: Name) -> dict[str, Name]:
    return {n.key: n for n in names}


_ID = ("id", "工号", "staff id", "staff", "员工编号", "编号", "员工id", "emp id", "employee id", "agent id",
       "employee no", "employee number")

COLUMNS: dict[str, dict[str, Name]] = {
    "staff": _cols(
        _n("id", "id", "工号", *_ID, required=True),
        _n("name", "name", "姓名", "名字", "staff name", "employee name", "agent name", "full name",
           required=True),
        _n("team", "team", "组别", "组", "小组", "group", "部门"),
        _n("skills", "skills", "技能", "skill", "技能组", "skill set"),
        _n("shifts", "shifts", "可排班次", "allowed shifts", "班次", "可上班次"),
        _n("lead", "lead", "组长", "is lead", "team lead", "leader"),
    ),
    "shifts": _cols(
        _n("code", "code", "代码", "班次代码", "shift", "班次", "编码", "shift code", required=True),
        _n("name", "name", "名称", "班次名称", "名字"),
        _n("start", "start", "开始", "开始时间", "上班", "上班时间", "from", "start time", "begin",
           "starts", "time from", "起始时间", required=True),
        _n("end", "end", "结束", "结束时间", "下班", "下班时间", "to", "end time", "finish",
           "ends", "time to", "截止时间", required=True),
        _n("segments", "segments", "时段", "分段", "split"),
        _n("kind", "kind", "类型", "type", "班型"),
    ),
    "demand": _cols(
        _n("day", "day", "日期", "date", "日子", "日期类型", required=True),
        _n("shift", "shift", "班次", "shift code", "班次代码", required=True),
        _n("skill", "skill", "技能", "skills"),
        _n("min", "min", "最少", "最少人数", "minimum", "最低", "min staff", required=True),
        _n("target", "target", "目标", "目标人数", "ideal"),
    ),
    "leave": _cols(
        _n("id", "id", "工号", *_ID, required=True),
        _n("from", "from", "开始日期", "start", "开始", "起", "start date", "from date", "date from",
           "first day", "起始日期", required=True),
        _n("to", "to", "结束日期", "end", "结束", "止", "end date", "to date", "date to", "last day",
           "截止日期", required=True),
        _n("type", "type", "类型", "假别", "leave type", "原因", "reason"),
    ),
    "requests": _cols(
        _n("id", "id", "工号", *_ID, required=True),
        _n("date", "date", "日期", "day", required=True),
        _n("shift", "shift", "班次", "request", required=True),
        _n("want", "want", "意愿", "wants", "想要", "preference", "prefer"),
        _n("weight", "weight", "权重", "priority", "优先级"),
    ),
    "promotions": _cols(
        _n("name", "name", "名称", "大促", "活动", "promotion", required=True),
        _n("from", "from", "开始日期", "start", "开始", "start date", required=True),
        _n("to", "to", "结束日期", "end", "结束", "end date", required=True),
        _n("multiplier", "multiplier", "倍数", "factor", "系数"),
        _n("freeze_leave", "freeze_leave", "禁休", "freeze leave", "no leave", "冻结休假"),
    ),
    "holidays": _cols(
        _n("date", "date", "日期", "day", required=True),
        _n("name", "name", "名称", "节日"),
        _n("kind", "kind", "类型", "type"),
    ),
    "history": _cols(
        _n("id", "id", "工号", *_ID, required=True),
        _n("name", "name", "姓名"),
        _n("date", "date", "日期", "day", required=True),
        _n("shift", "shift", "班次", "code", required=True),
    ),
    "forecast": _cols(
        _n("day", "day", "日期", "date", "日子", "日期类型", required=True),
        _n("from", "from", "开始", "start", "开始时间", "起", "时段开始", "start time", "interval start",
           required=True),
        _n("to", "to", "结束", "end", "结束时间", "止", "时段结束", "end time", "interval end", required=True),
        _n("channel", "channel", "渠道", "通道", "接入渠道", "media", required=True),
        _n("skill", "skill", "技能", "skills", "技能组"),
        _n("contacts", "contacts", "进线量", "进线", "咨询量", "接待量", "volume", "calls",
           "chats", required=True),
        _n("aht", "aht", "平均处理时长", "平均处理时长(秒)", "平均处理时长（秒）", "处理时长",
           "aht (s)", "handling time", required=True),
        _n("patience", "patience", "耐心", "耐心(秒)", "耐心（秒）", "平均耐心", "patience (s)"),
    ),
    "intervals": _cols(
        _n("day", "day", "日期", "date", "日子", "日期类型", required=True),
        _n("from", "from", "开始", "start", "开始时间", "起", "时段开始", "start time", "interval start",
           required=True),
        _n("to", "to", "结束", "end", "结束时间", "止", "时段结束", "end time", "interval end", required=True),
        _n("skill", "skill", "技能", "skills", "技能组"),
        _n("agents", "agents", "人数", "所需人数", "需求人数", "required", "staff", required=True),
        _n("service_level", "service_level", "服务水平", "service level", "sl"),
        _n("asa", "asa", "平均应答（秒）", "平均应答(秒)", "平均应答", "asa (s)", "平均等待"),
        _n("occupancy", "occupancy", "占用率", "利用率", "occ"),
    ),
    "rules": _cols(
        _n("rule", "rule", "规则", "key", "setting", "参数", required=True),
        _n("value", "value", "值", "数值", "设置", required=True),
    ),
    "roster": _cols(
        _n("id", "id", "工号", *_ID, required=True),
        _n("name", "name", "姓名", "名字"),
        _n("working_days", "working days", "出勤天数", "work days"),
        _n("nights", "nights", "晚班数"),
        _n("weekend_days", "weekend days", "周末班数"),
        _n("hours", "hours", "工时"),
    ),
    "coverage": _cols(
        _n("date", "date", "日期"),
        _n("weekday", "weekday", "星期"),
        _n("day_type", "day type", "日期类型"),
        _n("holiday", "holiday", "节假日"),
        _n("promotion", "promotion", "大促"),
        _n("shift", "shift", "班次"),
        _n("skill", "skill", "技能"),
        _n("min", "min", "最少"),
        _n("target", "target", "目标"),
        _n("assigned", "assigned", "已排"),
        _n("gap", "gap", "缺口"),
        _n("people", "people", "人员"),
    ),
    "summary": _cols(
        _n("id", "id", "工号"),
        _n("name", "name", "姓名"),
        _n("team", "team", "组别"),
        _n("working_days", "working days", "出勤天数"),
        _n("nights", "nights", "晚班数"),
        _n("weekend_days", "weekend days", "周末班数"),
        _n("holiday_days", "holiday days", "节假日班数"),
        _n("hours", "hours", "工时"),
        _n("rest_days", "rest days", "休息天数"),
        _n("leave_days", "leave days", "请假天数"),
    ),
    "violations": _cols(
        _n("rule", "rule", "规则"),
        _n("hard", "hard/soft", "硬/软"),
        _n("id", "id", "工号"),
        _n("date", "date", "日期"),
        _n("shift", "shift", "班次"),
        _n("message", "message", "说明"),
    ),
    "changes": _cols(
        _n("when", "when", "时间", required=True),
        _n("command", "command", "操作", "命令"),
        _n("by", "by", "操作人", "who"),
        _n("id", "id", "工号", *_ID, required=True),
        _n("date", "date", "日期", required=True),
        _n("before", "before", "变更前", required=True),
        _n("after", "after", "变更后", required=True),
        _n("rules", "rules", "规则", "checked rules"),
    ),
    "about": _cols(
        _n("key", "item", "项目"),
        _n("value", "value", "值"),
    ),
}

#: Row labels of the About sheet (read back for the profile name).
ABOUT_ITEMS: dict[str, Name] = _cols(
    _n("month", "month", "月份"),
    _n("profile", "profile", "规则配置"),
    _n("generated", "generated at", "生成时间"),
    _n("language", "language", "语言"),
    _n("version", "roster version", "程序版本"),
)

YES_WORDS = frozenset({"yes", "y", "true", "1", "1.0", "是", "对", "√", "✓", "✔", "☑", "t", "是的", "要",
                       "需要", "希望", "想"})
#: Not a Latin ``x``: as a tick in a box it means yes as often as no.
NO_WORDS = frozenset({"no", "n", "false", "0", "0.0", "否", "不", "错", "×", "✗", "✘", "f", "不是", "不要",
                      "不想", "避免"})

#: Words of the Shifts sheet's kind column.  Besides the bare words, what a manager types when
#: the column asks "day or night": ``Day shift``, ``night duty``, ``大夜班`` (the shift through
#: the small hours), ``通宵``; each was refused as "not a shift kind".
KIND_WORDS: dict[str, str] = {
    "day": "day", "白班": "day", "日班": "day", "早班": "day", "白": "day", "d": "day",
    "day shift": "day", "day duty": "day", "白天": "day", "日间": "day", "早": "day",
    "early": "day", "early shift": "day",
    "night": "night", "晚班": "night", "夜班": "night", "晚": "night", "夜": "night",
    "n": "night", "night shift": "night", "night duty": "night", "夜间": "night",
    "晚间": "night", "大夜": "night", "大夜班": "night", "小夜班": "night", "通宵": "night",
    "通宵班": "night", "evening": "night", "evening shift": "night", "late": "night",
    "late shift": "night",
}

#: Words of the Holidays sheet's kind column: a holiday, a make-up working day, or an ordinary
#: rest day (a make-up Saturday the company does not observe, or a weekday it gives off).
#: ``休`` and ``off`` stay holidays, as the 休 badge of a Chinese calendar marks the holiday
#: period and workbooks have used them so; ``day off`` is left out for the same reason (it
#: would read as ``off``).  ``休息日`` is the labour law's rest day (paid as such when worked),
#: as against its 法定休假日 (statutory holiday), so it is a rest day, not a holiday, as are
#: ``周末`` and ``weekend`` (the Demand sheet's word for the rows that then apply).
HOLIDAY_KIND_WORDS: dict[str, str] = {
    "holiday": "holiday", "节假日": "holiday", "假日": "holiday",
    "法定节假日": "holiday", "off": "holiday", "假": "holiday", "休": "holiday",
    "workday": "workday", "调休上班": "workday", "调休": "workday", "补班": "workday",
    "上班": "workday", "工作日": "workday", "make-up workday": "workday", "working day": "workday",
    "rest": "rest", "休息日": "rest", "休息": "rest", "rest day": "rest", "周末": "rest",
    "weekend": "rest", "双休日": "rest", "公休日": "rest", "普通休息日": "rest",
    "ordinary rest day": "rest",
    # As official notices and HR calendars word them: 放假 (days off), 补休 (a day off in lieu,
    # part of the holiday period), 补班 / 上班日 (a make-up working day).
    "放假": "holiday", "放假日": "holiday", "补休": "holiday", "法定假日": "holiday", "假期": "holiday",
    "public holiday": "holiday", "statutory holiday": "holiday", "bank holiday": "holiday",
    "上班日": "workday", "补班日": "workday", "调休上班日": "workday", "makeup workday": "workday",
    "make up workday": "workday", "make-up day": "workday",
}

#: Words of the Forecast sheet's channel column.
CHANNEL_WORDS: dict[str, str] = {
    "chat": "chat", "在线": "chat", "文字": "chat", "在线客服": "chat", "文字客服": "chat",
    "聊天": "chat", "im": "chat", "online": "chat", "旺旺": "chat",
    "phone": "phone", "电话": "phone", "热线": "phone", "电话客服": "phone", "语音": "phone",
    "call": "phone", "calls": "phone", "voice": "phone", "tel": "phone",
}

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("一", "二", "三", "四", "五", "六", "日"),
}

#: Every weekday spelling a hand-made roster may carry in its weekday header row.
WEEKDAY_LABELS = frozenset(
    norm(w)
    for w in (
        *WEEKDAYS["en"], *WEEKDAYS["zh"],
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        *(f"周{d}" for d in WEEKDAYS["zh"]), *(f"星期{d}" for d in WEEKDAYS["zh"]), "周天", "星期天",
        "weekday", "星期", "周",
    )
)

#: Words for "anyone / any" in a cell that would otherwise name a skill or shifts (lower-cased;
#: a Demand or Forecast skill, a Staff ``shifts`` cell).
ANY_WORDS = frozenset({"anyone", "any", "all", "不限", "任意", "全部", "所有", "所有人", "均可", "都可以"})

#: The edit commands as the Changes sheet names them, per language (``swap`` is 换班 in a
#: Chinese roster); the reader takes either spelling back to the command.
CHANGE_COMMANDS: dict[str, dict[str, str]] = {
    "swap": {"en": "swap", "zh": "换班"},
    "repair": {"en": "repair", "zh": "重排"},
}


def change_command(value: object) -> str:
    """``换班`` -> ``swap``: a Changes sheet's command in either language; other text as written."""
    written = str(value or "").strip()
    for command, spellings in CHANGE_COMMANDS.items():
        if written.lower() in {w.lower() for w in spellings.values()}:
            return command
    return written


#: What a totals row under a table is labelled with (``合计  6人``): never a person.
TOTAL_LABELS = frozenset(
    norm(w) for w in ("合计", "总计", "小计", "共计", "总数", "合计人数", "人数合计", "总人数",
                      "total", "totals", "sum", "subtotal", "grand total")
)

#: Labels the Roster sheet writes in its name column on rows that are not people (weekday,
#: note), in both languages; per-shift count rows are matched by :data:`_ON_SHIFT_LABEL`.
GRID_ROW_LABELS = WEEKDAY_LABELS | frozenset(norm(w) for w in ("note", "notes", "备注"))
_ON_SHIFT_LABEL = re.compile(r"^(?:on \S+|\S+ ?人数)$")


def is_grid_row_label(value: object) -> bool:
    """Whether a name cell is one of the Roster sheet's own row labels (``weekday``, ``备注``,
    ``on D``, ``D 人数``): such a row pasted into History is the tool's, not a person's."""
    word = norm(value)
    return word in GRID_ROW_LABELS or bool(_ON_SHIFT_LABEL.match(word))


def sheet_label(key: str, lang: str) -> str:
    return SHEETS[key].label(lang)


def column_label(sheet: str, column: str, lang: str) -> str:
    return COLUMNS[sheet][column].label(lang)


def find_sheet(key: str, sheet_names: list[str]) -> str | None:
    """The workbook's own name of sheet ``key``, or None.  Exact spellings win over variants so
    that a workbook holding both ``排班表`` and ``排班`` picks the canonical one."""
    candidates = sheet_candidates(key, sheet_names)
    return candidates[0] if candidates else None


def sheet_candidates(key: str, sheet_names: list[str]) -> list[str]:
    """Every sheet that names ``key`` as well as the best match does (``Staff`` and ``员工``
    both; not ``Staff`` and ``Staff (2)``, where the exact name wins): more than one means the
    workbook is ambiguous, and reading one would silently drop the other's rows."""
    wanted = SHEETS[key]
    primary = wanted.keys(strict=True)
    tiers = (
        lambda name: header_keys(name)[0] in primary,  # as written (but for case and spaces)
        lambda name: any(k in primary for k in header_keys(name)),  # a note in brackets: 排班表（12月）
        wanted.matches,
        lambda name: any(k in wanted.keys(strict=False) for k in _number_forms(name)),
    )
    for matches in tiers:
        found = [name for name in sheet_names if matches(name)]
        if found:
            return found
    return []


def _number_forms(name: str) -> tuple[str, ...]:
    """An English sheet name in the other grammatical number: ``Leaves`` -> ``leave``,
    ``Request`` -> ``requests``.  A sheet named ``Leaves`` was not the Leave sheet, so a
    month's leave was silently not read at all."""
    forms: list[str] = []
    for key in header_keys(name):
        if key.isascii() and key.isalpha():
            forms.append(key[:-1] if key.endswith("s") else key + "s")
    return tuple(forms)


def match_header(sheet: str, cells: list[object]) -> dict[str, int]:
    """Column key -> 0-based index for a header row.  The first matching cell wins, and a cell
    is claimed by one key only (``班次`` is the code column of Shifts, not a second name)."""
    found: dict[str, int] = {}
    claimed: set[int] = set()
    columns = COLUMNS[sheet]
    # Exact first spellings first, then variants, so ambiguous variants never steal a column.
    for strict in (True, False):
        for key, name in columns.items():
            if key in found:
                continue
            spellings = name.keys(strict=strict)
            for index, cell in enumerate(cells):
                if index not in claimed and any(k in spellings for k in header_keys(cell)):
                    found[key] = index
                    claimed.add(index)
                    break
    return found

"""The Instructions / 说明 sheet: what every sheet and column of a team workbook means.

Generated from the same alias table the reader uses, so the names it documents are always the
names the reader accepts.  Explanations are given in both languages side by side: a workbook is
often passed between a Chinese-speaking supervisor and an English-speaking HR or IT colleague.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook

from roster.excel.aliases import COLUMNS, SHEETS
from roster.excel.output import BOLD, fill, write_header
from roster.i18n import register, t

register(
    {
        "excel.instr.title": {
            "en": "Team workbook for roster generate - what each sheet and column means",
            "zh": "排班输入工作簿（用于 roster generate）——各工作表和列的说明",
        },
        "excel.instr.how": {
            "en": "Fill in the sheets, then run: roster generate THIS.xlsx --month YYYY-MM -o "
            "ROSTER.xlsx. Sheet and column names may be English or Chinese; columns marked * "
            "(orange headers) are required; blank rows are ignored. Dates: an Excel date, or text with "
            "the year first (2026-12-05, 2026/12/5, 2026年12月5日, also with the weekday after it); "
            "12/05/2026 is refused, as day and month could be either.",
            "zh": "填好各工作表后运行：roster generate 本文件.xlsx --month YYYY-MM -o 排班.xlsx。"
            "工作表名和列名可用中文或英文；标 * 的列（橙色表头）必填；空行会被忽略。日期：Excel 日期，或年份在前的文字"
            "（2026-12-05、2026/12/5、2026年12月5日，后面可带星期）；12/05/2026 这类写法分不清日和月，不予读取。",
        },
        "excel.instr.sheet": {"en": "sheet", "zh": "工作表"},
        "excel.instr.column": {"en": "column", "zh": "列"},
        "excel.instr.required": {"en": "required", "zh": "必填"},
        "excel.instr.english": {"en": "explanation (English)", "zh": "说明（英文）"},
        "excel.instr.chinese": {"en": "explanation (Chinese)", "zh": "说明（中文）"},
    }
)

#: (sheet, column or "" for the sheet itself) -> (English, Chinese).
EXPLANATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("staff", ""): ("One row per agent. Required.", "每位员工一行。必需。"),
    ("staff", "id"): ("Staff id, unique (e.g. 1001).", "工号，不可重复（例如 1001）。"),
    ("staff", "name"): ("Name shown in the roster.", "姓名，显示在排班表中。"),
    ("staff", "team"): ("Team, e.g. pre-sale or after-sale.", "组别，例如 售前、售后、质检。"),
    ("staff", "skills"): ("Skills, separated by , ， 、 or ; (matched against Demand skill; case is "
                          "ignored).",
                          "技能，用 , ， 、 或 ; 分隔（与需求表的技能对应，不区分大小写）。"),
    ("staff", "shifts"): ("Shift codes (or names) this person may work, separated like skills or "
                          "by spaces (D,N or D N); blank or all = every shift.",
                          "此人可上的班次代码（或名称），分隔方式同技能，也可用空格（D,N 或 D N）；"
                          "留空或写“全部” = 所有班次。"),
    ("staff", "lead"): ("Team lead? yes/no (also 是/否, Y/N, √). With the rule "
                        "handover.lead_per_shift, every staffed shift needs a lead on duty.",
                        "是否组长：是/否（也可写 yes/no、Y/N、√）。启用规则 handover.lead_per_shift 时，"
                        "每个有人上的班次都须有组长在岗。"),
    ("shifts", ""): ("Shift patterns. Optional: without it D 08:30-17:30 and N 17:00-01:00 are used.",
                     "班次定义。可选：不填则使用 D 08:30-17:30 和 N 17:00-01:00。"),
    ("shifts", "code"): ("Short code used in the roster, e.g. D, N.", "排班表中使用的代码，例如 D、N。"),
    ("shifts", "name"): ("Display name.", "名称，例如 白班、晚班。"),
    ("shifts", "start"): ("Start time HH:MM. May be blank when segments are given.",
                          "开始时间 HH:MM。填写了时段时可留空。"),
    ("shifts", "end"): ("End time HH:MM; at or before the start = next day. May be blank when "
                        "segments are given.",
                        "结束时间 HH:MM；早于或等于开始时间表示次日。填写了时段时可留空。"),
    ("shifts", "segments"): ("Split shift: the parts worked, e.g. 10:00-14:00,17:30-23:00 (separated "
                             "by , ， or ;). Only the parts count (hours, rest, coverage). Start and "
                             "end may then be blank; if given they must span the parts (here 10:00 "
                             "and 23:00), else the row is refused.",
                             "分段班：实际上班的各段，例如 10:00-14:00,17:30-23:00（用 , ， 或 ; 分隔）。"
                             "工时、休息和覆盖只按各段计算。此时开始、结束可留空；若填写，须包含各段"
                             "（此例为 10:00 和 23:00），否则该行不予读取。"),
    ("shifts", "kind"): ("day or night: the unit of rotation, and what counts as night duty in "
                         "fairness and the Summary. Blank: night if any part of it falls between "
                         "22:00 and 05:00 (it runs past 22:00 or midnight, or starts before 05:00; an early "
                         "shift from 05:30 or 06:00 is a day), "
                         "or it is a split shift whose last part starts at 17:00 or later; "
                         "otherwise day (a 12:00-20:30 middle shift is a day shift). If no shift is "
                         "a night by that rule, the shift ending last (at 20:00 or later, starting "
                         "at 12:00 or later, e.g. 14:00-22:00) is the night duty. Write the kind "
                         "to decide yourself.",
                         "白班或晚班：轮换的单位，也决定公平分摊和统计表中哪些算晚班。留空时：有任何"
                         "时间落在 22:00 至次日 05:00 之间（过 22:00 或跨零点下班，或 05:00 前上班；05:30、06:00 "
                         "开始的早班算白班），"
                         "或分段班最后一段在 17:00 及以后开始的，为晚班；其余为白班（如 12:00-20:30 "
                         "的中班算白班）。若按此规则没有晚班，则最晚下班（20:00 及以后下班、"
                         "12:00 及以后上班，例如 14:00-22:00）的班次算晚班。填写此列可自行决定。"),
    ("demand", ""): ("How many people each shift needs. Required, unless the workbook has an "
                     "Intervals or Forecast sheet.",
                     "每个班次需要的人数。必需（工作簿有时段需求表或预测表时可省略）。"),
    ("demand", "day"): ("A date (2026-12-10), a promotion name, a weekday name (Monday..Sunday, "
                        "Mon..Sun, 周一..周日, 星期一..星期日), weekday, weekend, holiday, workday "
                        "(make-up workday) or all. For each shift and skill the most specific row "
                        "wins: date, then promotion, then weekday name, then holiday / weekend / "
                        "workday, then weekday, then all. A weekday name applies only on an ordinary "
                        "day of that weekday: Monday..Friday rows not on a holiday or a weekday "
                        "given off, Saturday/Sunday rows not on a holiday or a make-up workday.",
                        "日期（2026-12-10）、大促名称、星期几（周一至周日、星期一至星期日、"
                        "Monday 至 Sunday）、工作日、周末、节假日、调休上班或全部。每个班次和技能取最具体的"
                        "一行：日期 > 大促 > 星期几 > 节假日/周末/调休上班 > 工作日 > 全部。星期几只用于"
                        "该星期的普通日子：周一至周五行不用于节假日和公司放假的工作日，周六、周日行不用于"
                        "节假日和调休上班日。"),
    ("demand", "shift"): ("Shift code.", "班次代码。"),
    ("demand", "skill"): ("Skill needed, one someone in Staff has; blank = anyone.",
                          "所需技能，须是员工表中有人具备的技能；留空 = 不限。"),
    ("demand", "min"): ("Minimum people (hard).", "最少人数（硬性要求）。"),
    ("demand", "target"): ("Ideal number of people (soft); blank = min.",
                           "目标人数（尽量满足）；留空 = 最少人数。"),
    ("leave", ""): ("Approved leave; the person is not rostered on these days.",
                    "已批准的请假；这些天不排班。"),
    ("leave", "id"): ("Staff id.", "工号。"),
    ("leave", "from"): ("First day of leave.", "请假开始日期。"),
    ("leave", "to"): ("Last day of leave (inclusive); blank = a one-day leave on the start date.",
                      "请假结束日期（含当天）；留空表示只请开始日期这一天。"),
    ("leave", "type"): ("Kind of leave (annual, sick...), free text. Sickness or injury (病假, 工伤, "
                        "sick, medical, hospital...) lowers only the minimum of rest days; other "
                        "leave lowers the minimum and the maximum.",
                        "假别（年假、病假……），自由填写。病假、工伤、住院等（含“病”“伤”的假别）只降低"
                        "最少休息天数；其他请假同时按比例降低最少和最多休息天数。"),
    ("requests", ""): ("Wishes, honoured where possible.", "排班意愿，尽量满足。"),
    ("requests", "id"): ("Staff id.", "工号。"),
    ("requests", "date"): ("Date of the wish.", "日期。"),
    ("requests", "shift"): ("A shift code, or OFF/休 for a day off.", "班次代码，或 休/OFF 表示想休息。"),
    ("requests", "want"): ("yes = wants it, no = wants to avoid it (default yes).",
                           "是 = 想要，否 = 想避开（默认 是）。"),
    ("requests", "weight"): ("Importance, a whole number >= 1 (default 1).", "重要程度，>= 1 的整数（默认 1）。"),
    ("promotions", ""): ("Sales events (大促) that raise demand.", "提高需求的大促活动。"),
    ("promotions", "name"): ("Name; Demand rows may use it as their day.", "名称；需求表的“日期”可填此名称。"),
    ("promotions", "from"): ("First day.", "开始日期。"),
    ("promotions", "to"): ("Last day (inclusive).", "结束日期（含当天）。"),
    ("promotions", "multiplier"): ("Scales demand on these days, e.g. 1.5 or 150%: min and target "
                                   "(rounded up) of the weekday-name, day-type and all rows, the "
                                   "Intervals head counts alike, and the Forecast contacts. Rows that "
                                   "name the promotion or a date are taken as written.",
                                   "这些天的需求乘以此倍数，例如 1.5 或 150%：按星期几、日期类型和“全部”"
                                   "填写的行的最少和目标人数（向上取整），时段需求表的人数同样处理，"
                                   "预测表则放大进线量。写明此大促名称或具体日期的行按所填数值使用，不再放大。"),
    ("promotions", "freeze_leave"): ("yes = leave freeze (禁休): rest days are kept off these days as far "
                                     "as the rest rules allow, and day-off wishes are not granted. Leave "
                                     "in the Leave sheet is still honoured (sickness cannot wait); "
                                     "generate names it, so that unapproved annual leave can be taken out.",
                                     "是 = 禁休：在休息规则允许的范围内不在这些天安排休息，想休息的意愿不予满足。"
                                     "请假表中已有的请假照常生效（病假不能等）；generate 会列出这些请假，"
                                     "以便撤下未批准的年假。"),
    ("holidays", ""): ("Overrides or extends the official calendar.", "覆盖或补充官方节假日安排。"),
    ("holidays", "date"): ("Date.", "日期。"),
    ("holidays", "name"): ("Holiday name.", "节日名称。"),
    ("holidays", "kind"): ("holiday (节假日, the default), workday (调休上班: a make-up working "
                           "day, planned with the workday Demand rows, else the weekday rows) or rest (休息日: an ordinary rest day, "
                           "planned as a weekend: e.g. an official make-up Saturday the company "
                           "does not work, or a weekday it gives off; weekend demand applies and it "
                           "is no holiday duty).",
                           "节假日（默认）、调休上班（按需求表的调休上班行排班，没有则按工作日行）或 休息日（普通休息日，按周末排班："
                           "例如公司不执行的官方调休上班日，或公司自定的休息日；适用周末需求，"
                           "不算节假日值班）。"),
    ("history", ""): ("The last days of the previous month (rest-day and rotation rules look "
                      "back). One row per person and date, or a grid pasted from last month's "
                      "Roster sheet (id, name, one column per date). generate --previous "
                      "LAST_ROSTER.xlsx reads the same from last month's roster file.",
                      "上月最后几天的排班（休息和轮换规则需要）。每人每天一行，或直接粘贴上月排班表的"
                      "表格（工号、姓名、每个日期一列）。也可用 generate --previous 上月排班.xlsx "
                      "直接读取上月的排班表文件。"),
    ("history", "id"): ("Staff id.", "工号。"),
    ("history", "name"): ("Name (optional, for reading only).", "姓名（可选，仅供查看）。"),
    ("history", "date"): ("Date.", "日期。"),
    ("history", "shift"): ("Shift code, OFF/休 (or blank, 调休, 轮休) for rest, LEAVE/假 (or the kind: 年假, "
                           "病假, sick leave ...) for leave.",
                           "班次代码；休/OFF（或留空、调休、轮休）表示休息；假/LEAVE（或写明假别：年假、病假、事假等）表示请假。"),
    ("rules", ""): ("Overrides of the rule profile, one per row.", "对规则配置的覆盖，每行一项。"),
    ("rules", "rule"): ("Dotted key, e.g. rest_days.min or rest_between_shifts.min_hours (the "
                        "rules and their defaults: configs/ecommerce-cs.toml and the README). A key "
                        "the profile does not know is refused, with the names it knows.",
                        "参数名，例如 rest_days.min 或 rest_between_shifts.min_hours（全部规则及默认值见 "
                        "configs/ecommerce-cs.toml 和 README）。未知的参数名不予读取，并提示可用的名称。"),
    ("rules", "value"): ("New value (e.g. 12, 35%, yes).", "新的取值（例如 12、35%、是）。"),
    ("forecast", ""): ("Contacts expected per interval: roster demand (or generate) turns them "
                       "into people needed on duty per half hour and skill (Erlang C/A, chat "
                       "concurrency). Optional.",
                       "每个时段预计的进线量：roster demand（或 generate）据此算出每半小时、每种技能"
                       "需要在岗的人数（Erlang C/A，在线会话并发）。可选。"),
    ("forecast", "day"): ("As in Demand: a date, a promotion name, a weekday name (Monday, 周一), "
                          "weekday, weekend, holiday, workday or all, with the same precedence.",
                          "同需求表：日期、大促名称、星期几（周一、Monday）、工作日、周末、节假日、"
                          "调休上班或全部，优先顺序相同。"),
    ("forecast", "from"): ("Start HH:MM.", "开始时间 HH:MM。"),
    ("forecast", "to"): ("End HH:MM; at or before the start = next day (23:30-00:30).",
                         "结束时间 HH:MM；早于或等于开始时间表示次日（23:30-00:30）。"),
    ("forecast", "channel"): ("chat (在线/文字) or phone (电话/热线).", "在线（文字）或 电话（热线）。"),
    ("forecast", "skill"): ("Skill that answers these contacts; blank = anyone.",
                            "接待这些进线的技能；留空 = 不限。"),
    ("forecast", "contacts"): ("Contacts expected in the interval.", "该时段预计进线量。"),
    ("forecast", "aht"): ("Average handling time in seconds (chat: of a chat served alone); 300, "
                          "300秒, 5 min or 0:05:00. More than a day is refused.",
                          "平均处理时长（秒；在线为单独接待一个会话的时长）；可写 300、300秒、5分钟 或 "
                          "0:05:00。超过一天不予读取。"),
    ("forecast", "patience"): ("Mean seconds a customer waits before giving up (Erlang A); blank = "
                               "nobody gives up (Erlang C), unless the profile sets a patience.",
                               "客户放弃前的平均等待秒数（使用 Erlang A）；留空 = 不放弃（Erlang C），"
                               "除非规则配置中设了耐心。"),
    ("intervals", ""): ("People needed on duty per interval and skill, typed by hand or written by "
                        "roster demand. Optional; replaces or adds to Demand.",
                        "每个时段、每种技能需要在岗的人数，可手填，或由 roster demand 写入。可选；"
                        "可代替或补充需求表。"),
    ("intervals", "day"): ("As in Demand: a date, a promotion name, a weekday name, a day type or "
                           "all, with the same precedence.",
                           "同需求表：日期、大促名称、星期几、日期类型或全部，优先顺序相同。"),
    ("intervals", "from"): ("Start HH:MM.", "开始时间 HH:MM。"),
    ("intervals", "to"): ("End HH:MM; at or before the start = next day.",
                          "结束时间 HH:MM；早于或等于开始时间表示次日。"),
    ("intervals", "skill"): ("Skill needed; blank = anyone.", "所需技能；留空 = 不限。"),
    ("intervals", "agents"): ("People on duty in every minute of the interval (hard minimum).",
                              "该时段每一分钟都需要在岗的人数（硬性要求）。"),
    ("intervals", "service_level"): ("Written by roster demand, for reading only.",
                                     "由 roster demand 写入，仅供查看。"),
    ("intervals", "asa"): ("Written by roster demand, for reading only.", "由 roster demand 写入，仅供查看。"),
    ("intervals", "occupancy"): ("Written by roster demand, for reading only.",
                                 "由 roster demand 写入，仅供查看。"),
}

TEAM_SHEET_KEYS = ("staff", "shifts", "demand", "leave", "requests", "promotions", "holidays",
                   "history", "rules", "forecast", "intervals")


def write_instructions(wb: Workbook, lang: str) -> None:
    """Add the instructions sheet (first tab) to ``wb``."""
    ws = wb.create_sheet(SHEETS["instructions"].label(lang), 0)
    ws.cell(row=1, column=1, value=t("excel.instr.title", lang=lang)).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=t("excel.instr.how", lang=lang))
    header = [t(f"excel.instr.{k}", lang=lang)
              for k in ("sheet", "column", "required", "english", "chinese")]
    write_header(ws, header, row=4)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in TEAM_SHEET_KEYS:
        name = SHEETS[sheet]
        required_sheet = sheet in ("staff", "demand")
        en, zh = EXPLANATIONS.get((sheet, ""), ("", ""))
        ws.append([f"{name.en} / {name.zh}", "", "*" if required_sheet else "", en, zh])
        for column in range(1, 6):
            ws.cell(row=ws.max_row, column=column).fill = fill("header")
            ws.cell(row=ws.max_row, column=column).font = BOLD
        for key, col in COLUMNS[sheet].items():
            en, zh = EXPLANATIONS.get((sheet, key), ("", ""))
            ws.append(["", f"{col.en} / {col.zh}", "*" if col.required else "", en, zh])
            for column in (4, 5):
                ws.cell(row=ws.max_row, column=column).alignment = wrap
    for letter, width in zip("ABCDE", (22, 28, 8, 60, 50), strict=True):
        ws.column_dimensions[letter].width = width

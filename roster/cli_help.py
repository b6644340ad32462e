"""The command-line help in Chinese: each command's description and each option's help.

click builds ``--help`` from the commands' docstrings and the options' ``help=`` texts, which
are English; with ``--lang zh`` (or ``ROSTER_LANG=zh``, or a Chinese locale) a team lead asking
``roster swap --help`` got an English page in a Chinese session.  :class:`roster.cli.RosterCommand`
looks the texts up here when the language is Chinese and falls back to the English ones (so a
new option without a translation still shows its help).  Keys are the command's path below
``roster`` (``""`` for ``roster`` itself, ``"bench curtois"``) and, for options, the parameter's
name; an option's help under ``"*"`` serves every command that does not override it.

Paragraphs follow click's rules: a line holding only ``\\b`` keeps the next paragraph's line
breaks (examples); other paragraphs are re-wrapped to the terminal's width.
"""

from __future__ import annotations

#: Command descriptions (the docstrings), in Chinese.
COMMANDS_ZH: dict[str, str] = {
    "": """电商客服团队排班工具（OR-Tools CP-SAT）。

\b
一个月的典型用法：
  roster init team.xlsx                      # 生成一个已填好示例的模板
  roster generate team.xlsx --month 2026-12 -o roster-2026-12.xlsx
  roster check roster-2026-12.xlsx           # 检查排班表，手工修改后也可检查
  roster swap roster-2026-12.xlsx 1007:2026-12-05 1009:2026-12-05 -o roster-v2.xlsx
""",
    "init": """生成一个已填好示例的团队模板工作簿（含说明表）。

示例：roster init team.xlsx --lang zh
""",
    "generate": """根据团队工作簿生成当月排班表。

退出码：0 已写出排班表；2 输入有误；3 无可行排班（附原因）。

示例：roster generate samples/cs-department-zh.xlsx --month 2026-12 -o roster.xlsx
""",
    "check": """检查排班表工作簿（包括手工修改过的）：硬性规则、覆盖、公平性。

退出码：0 所有硬性规则和最少人数均满足；1 有违规（逐条列出）；2 输入有误。

示例：roster check roster-2026-12.xlsx --lang zh
""",
    "swap": """交换两个人的班次（同一天或不同两天；与休息日交换即为代班）。

退出码：0 已完成（不带 -o 时表示可以交换）；1 已拒绝：会违反硬性规则；2 输入有误。

工号:日期：工号、冒号和日期，日期可写 2026-12-05、2026/12/05，或用 12-05 表示排班月份中的某天（全角冒号和数字也可以）。

\b
示例：
  roster swap roster.xlsx 1007:2026-12-05 1009:2026-12-05 -o roster-v2.xlsx
  roster swap roster.xlsx 1007:2026-12-08 1009:2026-12-10 -o roster-v2.xlsx
""",
    "suggest": """谁能在不违反硬性规则的前提下接替或交换某个班次，最优在前。

如果当天是此人的休息日：列出谁可以把当天的班次让给他（直接让班，或换他附近某天的班）。
请假日没有可调整的班次，会直接说明（退出码 0）。
代价相同时，先列被找得最少的同事（变更表中已接过的班最少，其次本月上班天数最少），而不是工号最小的。

工号:日期 的写法同 swap（也可写 2026/12/05，或用 12-05 表示排班月份中的某天）。

示例：roster suggest roster.xlsx 1007:2026-12-05

\b
--json：列表，最优在前，每项为 {"kind": giveaway|give|sameday|trade, "staff_id",
"cost_delta", "reason", "description", "effects": [带来的软性问题，文字],
"eased": [消除的问题], "cells": [{"staff_id", "date", "value"}]}。
""",
    "repair": """因新的请假或病假重新排班，尽量少改动其他人的班次。

退出码：0 已写出；2 输入有误；3 无法调整（附原因）。会说明修改的单元格数是否已证明为最少（--json：fewest_changes、fewest_proven、penalties_proven）。

日期写法同 swap 的 工号:日期（2026-12-08、2026/12/08，或用 12-08 表示排班月份中的某天）；开始..结束 也可写成 开始~结束 或 开始至结束。

示例：roster repair roster.xlsx --leave 1007:2026-12-08..2026-12-09 --from 2026-12-08 -o roster-v2.xlsx
""",
    "coverage": """按日期、班次和技能对照需求检查在岗人数。

退出码：0 所有最少人数均已覆盖；1 有缺口；2 输入有误。

\b
JSON（--json）：{"rows": [{"date", "shift", "skill"（null：不限）, "min", "target",
  "assigned", "gap", "below_target", "people", "day_type"（weekday|weekend|holiday|workday）,
  "holiday", "promotion", "rest_day"（节假日表声明的休息日）}], "gaps": N, "missing": N,
  "intervals": [{"date", "from", "to", "skill", "required", "on_duty", "gap", "people",
  "day_type", "holiday", "promotion", "rest_day"}], "interval_gaps": N, "interval_missing": N,
  "notes": [控制台在表格上方给出的说明：holidays 库尚未收录的年份日历等]}
有时段需求（时段需求表或预测表）时，控制台会列出人数不足的时段。

示例：roster coverage roster.xlsx --holidays --lang zh
""",
    "ledger": """按人统计夜班、周末班、节假日班和工时：逐月及年初至今。

示例：roster ledger rosters/2026-*.xlsx
""",
    "report": """生成独立的 HTML 报告（内嵌 SVG 图表，无需联网），便于分享。

示例：roster report roster-2026-12.xlsx -o report.html --lang zh
""",
    "demand": """根据预测表计算每个时段、每种技能所需的在岗人数（Erlang C/A，在线会话并发）。

写出工作簿的副本，其中的时段需求表（已有则替换）按日期、时段和技能给出应在岗人数，以及由此
达到的服务水平、平均应答时间和占用率。输入文件不会被修改。退出码：0 已写出；2 输入有误。

\b
示例：
  roster demand team.xlsx --month 2026-12 -o team-2026-12.xlsx
  roster demand team.xlsx --json
""",
    "bench": """基准测试：Curtois & Qu 算例和合成客服部门（耗时较长：几分钟到几小时）。

\b
roster bench                                  # 全部测试，结果写入 docs/benchmarks.md
roster bench --instances 1-12 --no-synthetic  # 只跑小规模 Curtois 算例
roster bench curtois Instance1.txt --time-limit 10 --solution out.tsv
""",
    "bench curtois": """求解一个 Curtois & Qu 算例，并输出由 roster 自己的评估器重新计算的目标值。

没有满足所有硬性规则的排班时退出码为 3（不写解文件）。
""",
}

#: Option help, in Chinese: ``(command path, parameter name)`` or ``("*", name)`` for all.
OPTIONS_ZH: dict[tuple[str, str], str] = {
    ("*", "help"): "显示本帮助并退出。",
    ("*", "version"): "显示版本号并退出。",
    ("*", "lang"): "标签和提示信息的语言（默认：ROSTER_LANG 环境变量或系统区域设置）。",
    ("", "lang"): "之后命令的标签和提示信息的语言（默认：ROSTER_LANG 环境变量或系统区域设置）。",
    ("*", "as_json"): "在标准输出给出机器可读的 JSON（出错时也是）。",
    ("*", "force"): "覆盖已存在的输出文件。",
    ("*", "by"): "修改人（默认：操作系统用户名）。",
    ("*", "seed"): "随机种子（默认：规则配置中的值）。",
    ("*", "time_limit"): "求解时间上限（秒，默认：规则配置中的值）。配置中 solver.deterministic 开启时（默认开启），"
                         "这是 CP-SAT 的确定性秒数，相同输入得到相同排班；实际耗时通常在同一量级（过慢的机器约在 4 倍时被强制停止）。",
    ("*", "profile"): "规则配置：configs/ 中的名称或 .toml 文件路径。",
    ("*", "output"): "要写出的文件。",
    ("init", "month"): "示例所在月份（YYYY-MM；默认：下个月）。",
    ("init", "output"): "要写出的工作簿，与其他命令的 -o 相同（等同于位置参数 [路径]）。",
    ("generate", "month"): "要排班的月份，YYYY-MM。",
    ("generate", "output"): "要写出的排班表工作簿。",
    ("generate", "previous"): "上月的排班表工作簿：其月末几天计入休息和轮换规则。",
    ("generate", "best_effort"): "无法满足需求时，写出缺口最小的排班（缺口标红）。",
    ("generate", "ledger_paths"): "之前的排班表工作簿（或其所在文件夹）：夜班、周末和节假日上得最多的人优先少排（可重复）。",
    ("check", "profile"): "用此规则配置检查，而不用工作簿中记录的规则。",
    ("swap", "output"): "写出修改后排班表的位置（不给出则只检查能否交换）。",
    ("swap", "force"): "覆盖已存在的输出文件。",
    ("swap", "anyway"): "即使违反硬性规则也执行交换（记录在变更表和违规表中）；须与 -o 一起使用。",
    ("suggest", "window"): "前后多少天内寻找换班。",
    ("suggest", "limit"): "最多显示多少条。",
    ("repair", "leaves"): "新的请假或病假（可重复）。",
    ("repair", "start"): "可以改动的第一天，YYYY-MM-DD（默认：今天，或该月第一天）。此日之前的新请假记录在保留的日期上；"
                         "这些日期已有的违规只报告，不调整。",
    ("repair", "output"): "写出调整后排班表的位置。",
    ("repair", "best_effort"): "没有有效的调整方案时，写出缺口最小的排班。",
    ("coverage", "only_special"): "只看法定节假日、调休上班日、节假日表声明的休息日和大促日（列出当天在岗人员）。",
    ("report", "output"): "要写出的 HTML 文件（单个自包含文件）。",
    ("demand", "output"): "要写出的工作簿（默认：输入文件旁的 TEAM-intervals.xlsx）。",
    ("demand", "month"): "要计算的月份，YYYY-MM（默认：预测表中最早日期所在的月份，否则为下个月）。",
    ("demand", "profile"): "含 [staffing] 选项的规则配置：configs/ 中的名称或 .toml 路径（规则表中的 staffing.* 值优先）。",
    ("bench", "time_limit"): "Curtois 算例 1-12 每个的秒数（13-24 为其十倍）。",
    ("bench", "instances"): "要运行的 Curtois 算例，例如 1-12 或 1,5,13。",
    ("bench", "wall"): "把 Curtois 的时间上限当作实际时间（即问题所述的目标），而非确定性秒数：结果不可复现；“设置”列会注明。",
    ("bench", "synthetic"): "同时运行合成客服部门。",
    ("bench", "data"): "含 Instance1.txt ... Instance24.txt 和 best_known.csv 的文件夹（默认：ROSTER_CURTOIS_DIR，"
                       "否则为代码目录旁的 shared/bench/curtois）。",
    ("bench", "output"): "结果写入的位置（整页替换；表格给出旁边 bench/curtois.jsonl 中每个算例的最新一行，每次运行的结果都追加在其中）。",
    ("bench curtois", "time_limit"): "确定性秒数（相同输入、种子、线程数和上限：相同排班）。",
    ("bench curtois", "wall"): "把 --time-limit 当作实际时间，按求解各阶段的进度分配：即你等待的时间，但排班结果取决于机器及其负载。",
    ("bench curtois", "solution"): "按公开的 solutions/*.tsv 格式写出排班。",
    ("bench curtois", "seed"): "随机种子。",
    ("bench curtois", "workers"): "CP-SAT 线程数。",
}

#: click's own words around the help, in Chinese.
FRAME_ZH: dict[str, str] = {
    "usage": "用法：",
    "options": "选项",
    "commands": "命令",
    "required": "必填",
    "default": "默认",
}


def command_help(path: str) -> str | None:
    """The Chinese description of the command at ``path`` (None: none written)."""
    return COMMANDS_ZH.get(path)


def option_help(path: str, name: str | None) -> str | None:
    """The Chinese help of option ``name`` of the command at ``path`` (None: none written)."""
    if name is None:
        return None
    return OPTIONS_ZH.get((path, name)) or OPTIONS_ZH.get(("*", name))

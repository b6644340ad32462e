"""Messages and labels in Chinese and English.

Every user-facing sentence below the CLI is produced through :func:`t`, so both languages stay
first-class.  Modules register their own catalogue with :func:`register` (keeps each layer's
wording next to its code); the CLI picks the language once with :func:`set_language`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from contextvars import ContextVar

from roster.domain import LEAVE, REST

LANGUAGES = ("zh", "en")
_language: ContextVar[str | None] = ContextVar("roster_language", default=None)
#: The language last chosen in this process: what threads see.  A thread starts with an empty
#: context, so the ContextVar alone left the solver's progress callback and the refine/solve
#: worker threads in English under ``--lang zh``.
_process_language = "en"
_catalogue: dict[str, dict[str, str]] = {}


class MissingMessage(KeyError):
    """A message key nobody registered: a programming error, never a user error."""


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add ``{key: {"en": ..., "zh": ...}}`` entries.  Both languages are required."""
    for key, texts in messages.items():
        missing = [lang for lang in LANGUAGES if lang not in texts]
        if missing:
            raise ValueError(f"message {key!r} lacks {missing}")
        _catalogue[key] = texts


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    global _process_language
    _process_language = lang
    _language.set(lang)


def language() -> str:
    return _language.get() or _process_language


def t(key: str, /, lang: str | None = None, **values: object) -> str:
    """The message ``key`` in the current (or given) language, formatted with ``values``.

    ``key`` is positional-only so that a message may itself have a ``{key}`` placeholder."""
    try:
        template = _catalogue[key][lang or language()]
    except KeyError as exc:
        raise MissingMessage(key) from exc
    return template.format(**values)


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal or in a spreadsheet column: a Chinese (wide or
    full-width) character takes two.  Widths counted in characters cut Chinese labels in half."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def join(items: Iterable[object], lang: str | None = None) -> str:
    """A list inside a sentence: ``A, B, C`` in English, ``A、B、C`` in Chinese (an ASCII comma
    in a Chinese sentence reads as a typo)."""
    return t("list.sep", lang=lang).join(str(item) for item in items)


def join_codes(codes: Iterable[object], lang: str | None = None) -> str:
    """Shift codes as one group: ``D/N`` in English, ``D、N`` in Chinese (a slash between codes
    reads as a typo in a Chinese sentence)."""
    return (join(codes, lang) if (lang or language()) == "zh" else "/".join(str(c) for c in codes))


def join_clauses(items: Iterable[object], lang: str | None = None) -> str:
    """Clauses one after another: ``a; b`` in English, ``a；b`` in Chinese."""
    return t("list.clauses", lang=lang).join(str(item) for item in items)


def label(name: str, value: object, lang: str | None = None) -> str:
    """``name: value`` in English, ``name：value`` in Chinese."""
    return t("label.value", lang=lang, name=name, value=value)


def span(start: object, end: object, lang: str | None = None) -> str:
    """A run of dates inside a sentence: ``2026-12-10..2026-12-12`` in English, ``2026-12-10 至
    2026-12-12`` in Chinese (``..`` reads as a typo there); one date when both ends agree."""
    if start == end:
        return str(start)
    return t("date.span", lang=lang, start=start, end=end)


def mark(code: str, lang: str | None = None) -> str:
    """A roster cell as shown in the current (or given) language: shift codes unchanged, the
    rest and leave marks as 休/假 or OFF/LEAVE."""
    if code == REST:
        return t("mark.rest", lang=lang)
    if code == LEAVE:
        return t("mark.leave", lang=lang)
    return code


register(
    {
        "day.weekday": {"en": "weekday", "zh": "工作日"},
        "day.weekend": {"en": "weekend", "zh": "周末"},
        "day.holiday": {"en": "holiday", "zh": "节假日"},
        "day.workday": {"en": "make-up workday", "zh": "调休上班"},
        "mark.rest": {"en": "OFF", "zh": "休"},
        "mark.leave": {"en": "LEAVE", "zh": "假"},
        "kind.day": {"en": "day", "zh": "白班"},
        "kind.night": {"en": "night", "zh": "晚班"},
        "anyone": {"en": "anyone", "zh": "不限"},
        "anyone.skill": {"en": "anyone", "zh": "不限技能"},
        "list.sep": {"en": ", ", "zh": "、"},
        "list.clauses": {"en": "; ", "zh": "；"},
        "label.value": {"en": "{name}: {value}", "zh": "{name}：{value}"},
        "date.span": {"en": "{start}..{end}", "zh": "{start} 至 {end}"},
    }
)

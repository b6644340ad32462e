"""Opening a workbook and walking its sheets row by row, collecting every problem on the way.

The reader reports all problems of a workbook at once (a supervisor fixes twenty typos in one
go, not in twenty runs), each naming the sheet, the Excel row number and the column header as the
user wrote them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from roster.errors import InputError, InputErrors
from roster.excel.aliases import COLUMNS, SHEETS, Name, find_sheet, match_header, norm
from roster.excel.cells import CellProblem, is_blank, text
from roster.i18n import language, register, t

T = TypeVar("T")

#: How many problems an :class:`InputErrors` lists before "... and N more".
MAX_LISTED = 20
#: Header rows may sit below a title line or two; look this far down for them.
HEADER_SEARCH_ROWS = 5

register(
    {
        "excel.at": {
            "en": "sheet {sheet}, row {row}, column {column}: {problem}",
            "zh": "工作表“{sheet}”第 {row} 行“{column}”列：{problem}",
        },
        "excel.at_row": {
            "en": "sheet {sheet}, row {row}: {problem}",
            "zh": "工作表“{sheet}”第 {row} 行：{problem}",
        },
        "excel.at_sheet": {"en": "sheet {sheet}: {problem}", "zh": "工作表“{sheet}”：{problem}"},
        "excel.more": {
            "en": "... and {count} more problems.",
            "zh": "……另有 {count} 个问题。",
        },
        "excel.file.missing": {
            "en": "File {path} does not exist.",
            "zh": "文件 {path} 不存在。",
        },
        "excel.file.is_dir": {
            "en": "{path} is a folder, not an Excel workbook.",
            "zh": "{path} 是文件夹，不是 Excel 工作簿。",
        },
        "excel.file.unreadable": {
            "en": "Cannot read {path}: {error}",
            "zh": "无法读取 {path}：{error}",
        },
        "excel.file.not_xlsx": {
            "en": "{path} is not an Excel workbook (.xlsx){hint}.",
            "zh": "{path} 不是 Excel 工作簿（.xlsx）{hint}。",
        },
        "excel.file.hint_text": {
            "en": ": it is a text file (CSV?); open it in Excel and save it as .xlsx",
            "zh": "：这是文本文件（CSV？），请用 Excel 打开后另存为 .xlsx",
        },
        "excel.file.hint_xls": {
            "en": ": it is an old .xls file; save it as .xlsx in Excel",
            "zh": "：这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx",
        },
        "excel.file.encrypted": {
            "en": "{path} is password-protected (encrypted), so it cannot be read. Open it in Excel, "
            "remove the password (File > Info > Protect Workbook > Encrypt with Password, clear the "
            "password, OK) and save it; WPS: File > Document Encryption, clear the password.",
            "zh": "{path} 设置了打开密码（已加密），无法读取。请在 Excel 中打开，取消密码（文件 > 信息 > "
            "保护工作簿 > 用密码进行加密，清空密码后确定）再保存；WPS：文件 > 文档加密，清空密码。",
        },
        "excel.file.hint_damaged": {
            "en": ": the file is damaged or not a workbook",
            "zh": "：文件已损坏或不是工作簿",
        },
        "excel.sheet.missing": {
            "en": "The workbook has no sheet {sheet} (accepted names: {names}); its sheets are: {found}.",
            "zh": "工作簿缺少工作表“{sheet}”（可用名称：{names}）；现有工作表：{found}。",
        },
        "excel.column.missing": {
            "en": "no column {column} in the header row (accepted names: {names})",
            "zh": "表头缺少“{column}”列（可用名称：{names}）",
        },
    }
)


class Problems:
    """Every problem found in a workbook, raised together by :meth:`raise_if_any`."""

    def __init__(self) -> None:
        self.items: list[InputError] = []

    def at(self, sheet: str, row: int, column: str, problem: str) -> None:
        message = t("excel.at", sheet=sheet, row=row, column=column, problem=problem)
        self.items.append(InputError(message, sheet=sheet, row=row, column=column))

    def at_row(self, sheet: str, row: int, problem: str) -> None:
        self.items.append(
            InputError(t("excel.at_row", sheet=sheet, row=row, problem=problem), sheet=sheet, row=row)
        )

    def add(self, error: InputError) -> None:
        self.items.append(error)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        if len(self.items) == 1:
            raise self.items[0]
        listed = self.items[:MAX_LISTED]
        if len(self.items) > MAX_LISTED:
            listed = [*listed, InputError(t("excel.more", count=len(self.items) - MAX_LISTED))]
        raise InputErrors(listed)


def open_workbook(path: str | Path) -> Workbook:
    """Load a workbook from its bytes: the file itself is only ever read, never locked or
    touched, and any parsing failure becomes one clear :class:`InputError`."""
    path = Path(path)
    if not path.exists():
        raise InputError(t("excel.file.missing", path=path))
    if path.is_dir():
        raise InputError(t("excel.file.is_dir", path=path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(t("excel.file.unreadable", path=path, error=exc.strerror or exc)) from None
    if is_encrypted_ooxml(data):
        raise InputError(t("excel.file.encrypted", path=path))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(t("excel.file.not_xlsx", path=path, hint=_not_xlsx_hint(data)))
    try:
        # Read-only: sheets are parsed only when a reader walks them, so a roster workbook's
        # Coverage, Summary and Violations sheets cost nothing to the commands that ignore them.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any parser failure on user bytes is bad input, not a bug
        raise InputError(
            t("excel.file.not_xlsx", path=path, hint=t("excel.file.hint_damaged"))
        ) from None


#: The signature of an OLE compound file: old .xls files, and also password-protected .xlsx.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream an encrypted Office Open XML file keeps its (encrypted) zip in, as the OLE
#: directory names it (UTF-16-LE).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def is_encrypted_ooxml(data: bytes) -> bool:
    """Whether ``data`` is a password-protected .xlsx (Excel and WPS both wrap the encrypted zip
    in an OLE file with an ``EncryptedPackage`` stream).

    Told apart from an old .xls, which has the same OLE signature, because the advice differs:
    "save it as .xlsx" would send the owner of an encrypted .xlsx round in a circle.  The whole
    file is searched, not just its start: the OLE directory naming the stream may sit anywhere,
    and the bytes are in memory already."""
    return data.startswith(OLE_SIGNATURE) and _ENCRYPTED_PACKAGE in data


def _not_xlsx_hint(data: bytes) -> str:
    if data.startswith(OLE_SIGNATURE[:4]):
        return t("excel.file.hint_xls")
    sample = data[:4096]
    for encoding in ("utf-8", "gb18030"):
        try:
            decoded = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if decoded and all(c.isprintable() or c in "\r\n\t" for c in decoded.lstrip("\ufeff")):
            return t("excel.file.hint_text")
    return t("excel.file.hint_damaged")


class Table:
    """One sheet: its header row found, its columns matched, its data rows ready to walk."""

    def __init__(self, key: str, title: str, header_row: int, header: list[object],
                 columns: dict[str, int], rows: list[tuple[int, tuple[object, ...]]]):
        self.key = key
        self.title = title
        self.header_row = header_row
        self.header = header
        self.columns = columns
        self.rows = rows

    def column_title(self, column: str) -> str:
        """The header as the user wrote it (for messages), or the canonical name."""
        index = self.columns.get(column)
        if index is not None and not is_blank(self.header[index]):
            return text(self.header[index])
        return COLUMNS[self.key][column].en

    def has_data(self) -> bool:
        """Whether any row below the header holds a value."""
        return any(not all(is_blank(v) for v in values) for _, values in self.rows)

    def records(self, problems: Problems) -> Iterator[Row]:
        """The data rows; fully blank rows are skipped (they carry no data to lose)."""
        for number, values in self.rows:
            if all(is_blank(v) for v in values):
                continue
            yield Row(self, number, values, problems)


class Row:
    """One data row.  Accessors record a problem and return the default instead of raising, so
    one pass finds every problem; ``ok`` tells whether the row can be used."""

    def __init__(self, table: Table, number: int, values: tuple[object, ...], problems: Problems):
        self.table = table
        self.number = number
        self.values = values
        self.problems = problems
        self.ok = True

    def raw(self, column: str) -> object:
        index = self.table.columns.get(column)
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def fail(self, column: str, problem: str) -> None:
        self.ok = False
        self.problems.at(self.table.title, self.number, self.table.column_title(column), problem)

    def get(self, column: str, parse: Callable[[Any], T] | None = None, *, required: bool = False,
            default: Any = None) -> Any:
        value = self.raw(column)
        if is_blank(value):
            if required:
                self.fail(column, t("excel.cell.blank"))
            return default
        if parse is None:
            return text(value)
        try:
            return parse(value)
        except CellProblem as problem:
            self.fail(column, str(problem))
            return default


def read_table(wb: Workbook, key: str, problems: Problems, *, required: bool,
               accept: Callable[[dict[str, int], list[object]], bool] | None = None) -> Table | None:
    """Find sheet ``key`` and its header row (row 1, or a row just below a title line).

    ``accept`` lets a caller take a header that lacks required columns (History in grid form).
    A missing required sheet or column is recorded and None returned.
    """
    title = find_sheet(key, wb.sheetnames)
    if title is None:
        if required:
            problems.add(InputError(
                t("excel.sheet.missing", sheet=SHEETS[key].label(_lang()),
                  names=" / ".join(_spellings(SHEETS[key])), found=", ".join(wb.sheetnames) or "-"),
                sheet=SHEETS[key].en,
            ))
        return None
    all_rows = sheet_rows(wb, title)
    needed = [k for k, n in COLUMNS[key].items() if n.required]
    best: tuple[int, dict[str, int]] | None = None
    for index, cells in enumerate(all_rows[:HEADER_SEARCH_ROWS]):
        found = match_header(key, list(cells))
        if all(k in found for k in needed) or (accept is not None and accept(found, list(cells))):
            header = list(cells)
            rows = [(i + 1, r) for i, r in enumerate(all_rows) if i > index]
            return Table(key, title, index + 1, header, found, rows)
        if found and (best is None or len(found) > len(best[1])):
            best = (index, found)
    header_index, found = best if best is not None else (0, {})
    for column in needed:
        if column not in found:
            name = COLUMNS[key][column]
            label = name.label(_lang())
            problems.at(title, header_index + 1, label,
                        t("excel.column.missing", column=label, names=" / ".join(_spellings(name))))
    return None


def sheet_rows(wb: Workbook, title: str) -> list[tuple[object, ...]]:
    """Every row of a sheet as values.  A read-only sheet trusts the file's recorded dimensions,
    which some programs write wrongly; they are reset first so that no row or column is lost."""
    ws = wb[title]
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def _lang() -> str:
    return "zh" if language() == "zh" else "en"


def _spellings(name: Name) -> list[str]:
    """The names worth showing in a message: both languages and a few variants."""
    seen: list[str] = []
    for s in (name.en, name.zh, *name.variants[:3]):
        if norm(s) not in {norm(x) for x in seen}:
            seen.append(s)
    return seen

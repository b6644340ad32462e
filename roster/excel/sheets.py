"""Opening a workbook and walking its sheets row by row, collecting every problem on the way.

The reader reports all problems of a workbook at once (a supervisor fixes twenty typos in one
go, not in twenty runs), each naming the sheet, the Excel row number and the column header as the
user wrote them.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from weakref import WeakKeyDictionary
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.workbook.workbook import Workbook

from roster.errors import InputError, InputErrors
from roster.excel.aliases import COLUMNS, SHEETS, Name, match_header, norm, sheet_candidates
from roster.excel.cells import CellProblem, UnsavedFormula, is_blank, text, unreadable
from roster.i18n import join as i18n_join
from roster.i18n import language, register, t

T = TypeVar("T")

#: How many problems an :class:`InputErrors` lists before "... and N more".
MAX_LISTED = 20
#: Header rows may sit below a title and a few lines of notes; look this far down for them.
HEADER_SEARCH_ROWS = 10

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
        "excel.file.hint_empty": {
            "en": ": the file is empty (it holds no data at all)",
            "zh": "：文件是空的（没有任何内容）",
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
        "excel.file.strict": {
            "en": "{path} is saved as \"Strict Open XML Spreadsheet\", which cannot be read; in Excel "
            "use File > Save As and choose \"Excel Workbook (*.xlsx)\".",
            "zh": "{path} 保存为“Strict Open XML 电子表格”格式，无法读取；请在 Excel 中选择 文件 > 另存为，"
            "保存类型选“Excel 工作簿(*.xlsx)”。",
        },
        "excel.file.hint_ods": {
            "en": ": it is an OpenDocument spreadsheet (.ods); open it and save it as Excel (.xlsx)",
            "zh": "：这是 OpenDocument 表格（.ods），请打开后另存为 Excel 工作簿（.xlsx）",
        },
        "excel.file.hint_xlsb": {
            "en": ": it is an Excel binary workbook (.xlsb); in Excel use File > Save As and choose "
            "\"Excel Workbook (*.xlsx)\"",
            "zh": "：这是 Excel 二进制工作簿（.xlsb），请在 Excel 中选择 文件 > 另存为，保存类型选“Excel 工作簿(*.xlsx)”",
        },
        "excel.file.lock": {
            "en": "{path} is not a workbook but the lock file Excel or WPS keeps beside a workbook while "
            "it is open; give the workbook itself (the file whose name ends in {name}), saved.",
            "zh": "{path} 不是工作簿，而是 Excel 或 WPS 在工作簿打开期间放在旁边的锁定文件；请指定工作簿本身"
            "（文件名以 {name} 结尾的那个），并先保存。",
        },
        "excel.file.hint_damaged": {
            "en": ": the file is damaged or not a workbook",
            "zh": "：文件已损坏或不是工作簿",
        },
        "excel.sheet.damaged": {
            "en": "sheet {sheet} cannot be read: the file is damaged ({error}); open it in Excel or WPS "
            "and save it again (Excel offers to repair it)",
            "zh": "工作表“{sheet}”无法读取：文件已损坏（{error}）；请用 Excel 或 WPS 打开后重新保存"
            "（Excel 会提示修复）",
        },
        "excel.sheet.ambiguous": {
            "en": "The workbook has {count} sheets for {sheet}: {names}; only one can be read, so keep "
            "one and rename or delete the others.",
            "zh": "工作簿中有 {count} 个“{sheet}”工作表：{names}；只能读取其中一个，请保留一个，"
            "将其余的改名或删除。",
        },
        "excel.sheet.missing": {
            "en": "The workbook has no sheet {sheet} (accepted names: {names}); its sheets are: {found}.",
            "zh": "工作簿缺少工作表“{sheet}”（可用名称：{names}）；现有工作表：{found}。",
        },
        "excel.sheet.lookalike": {
            "en": "sheet {sheet} is not read: it has the columns of the {target} sheet, but its name "
            "is not one of that sheet's names ({names}); rename it (or delete it, if its rows are "
            "not meant to be used)",
            "zh": "工作表“{sheet}”未被读取：它的列与“{target}”工作表相同，但名称不是该表的名称（{names}）；"
            "请将它改名（如果其中的行不应使用，请删除该表）",
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
    try:
        if not path.exists():
            raise InputError(t("excel.file.missing", path=path))
        if path.is_dir():
            raise InputError(t("excel.file.is_dir", path=path))
        data = path.read_bytes()
    except OSError as exc:  # also a name too long to look up: exists() raises rather than answer
        raise InputError(t("excel.file.unreadable", path=path, error=exc.strerror or exc)) from None
    if is_encrypted_ooxml(data):
        raise InputError(t("excel.file.encrypted", path=path))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if path.name.startswith("~$"):
            # Tab completion picks "~$team.xlsx" as readily as "team.xlsx" while Excel has it
            # open.  Excel writes "~$" over the first two letters of a longer name, so only the
            # rest of the name is known.
            raise InputError(t("excel.file.lock", path=path, name=path.name[2:]))
        raise InputError(t("excel.file.not_xlsx", path=path, hint=_not_xlsx_hint(data)))
    if _is_strict_ooxml(data):
        raise InputError(t("excel.file.strict", path=path))
    try:
        # Read-only: sheets are parsed only when a reader walks them, so a roster workbook's
        # Coverage, Summary and Violations sheets cost nothing to the commands that ignore them.
        # openpyxl's warnings (an unsupported extension, a missing default style) say nothing
        # the user can act on, and would stand above the tool's own messages.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any parser failure on user bytes is bad input, not a bug
        raise InputError(t("excel.file.not_xlsx", path=path, hint=_other_zip_hint(data))) from None
    _SOURCES[wb] = data
    return wb


#: The bytes each workbook of :func:`open_workbook` was read from: :func:`sheet_rows` looks in
#: them for formulas whose result the file does not keep, which openpyxl reads as empty cells.
_SOURCES: WeakKeyDictionary[Workbook, bytes] = WeakKeyDictionary()


def _is_strict_ooxml(data: bytes) -> bool:
    """Whether a zip is a workbook saved as Strict Open XML: openpyxl finds no sheet in it, so
    the user was told "no sheet Staff; its sheets are: -" about a workbook full of sheets."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith("workbook.xml")]
            return any(b"purl.oclc.org/ooxml/spreadsheetml/main" in archive.read(n)[:4096] for n in names)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return False  # the loader reports the damage


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
    if not data.strip():  # a file created but never saved into (or a failed download)
        return t("excel.file.hint_empty")
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


def _other_zip_hint(data: bytes) -> str:
    """Why a zip file is not a workbook openpyxl reads: another spreadsheet format in a zip
    (.ods, .xlsb) has a remedy the user can apply; anything else is damaged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:200]:
                return t("excel.file.hint_ods")
            if "xl/workbook.bin" in names:
                return t("excel.file.hint_xlsb")
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, KeyError):
        pass
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
        self._missing_reported: set[str] = set()

    def column_title(self, column: str) -> str:
        """The header as the user wrote it (for messages), or the canonical name."""
        index = self.columns.get(column)
        if index is not None and not is_blank(self.header[index]):
            return text(self.header[index])
        return COLUMNS[self.key][column].en

    def report_missing(self, column: str, problems: Problems) -> None:
        """Record once that the header row has no ``column``, which a row needs.

        A header taken without some required column (the Shifts sheet's ``code`` and
        ``segments`` are enough for split shifts) used to say "column start: is blank" on every
        row, naming a column the sheet does not have, while the user's ``Start:`` column stood
        there filled in."""
        if column in self._missing_reported:
            return
        self._missing_reported.add(column)
        name = COLUMNS[self.key][column]
        label = name.label(_lang())
        problems.at(self.title, self.header_row, label,
                    t("excel.column.missing", column=label, names=" / ".join(_spellings(name))))

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
        #: Columns whose cell holds no usable value (a formula without a result, ``#N/A``):
        #: reported here once, then read as absent, never as blank or as the error's text.
        self.unreadable: set[str] = set()
        for column, index in table.columns.items():
            problem = unreadable(values[index]) if index < len(values) else None
            if problem is not None:
                self.fail(column, problem)
                self.unreadable.add(column)

    def raw(self, column: str) -> object:
        index = self.table.columns.get(column)
        if index is None or index >= len(self.values) or column in self.unreadable:
            return None
        return self.values[index]

    def fail(self, column: str, problem: str) -> None:
        self.ok = False
        self.problems.at(self.table.title, self.number, self.table.column_title(column), problem)

    def get(self, column: str, parse: Callable[[Any], T] | None = None, *, required: bool = False,
            default: Any = None) -> Any:
        if column in self.unreadable:
            return default
        if required and column not in self.table.columns:
            self.ok = False
            self.table.report_missing(column, self.problems)
            return default
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
    title = unique_sheet(wb, key, problems)
    if title is None:
        if required and not sheet_candidates(key, wb.sheetnames):
            problems.add(InputError(
                t("excel.sheet.missing", sheet=SHEETS[key].label(_lang()),
                  names=" / ".join(_spellings(SHEETS[key])), found=i18n_join(wb.sheetnames) or "-"),
                sheet=SHEETS[key].en,
            ))
        return None
    all_rows = sheet_rows(wb, title)
    needed = [k for k, n in COLUMNS[key].items() if n.required]
    best: tuple[int, dict[str, int]] | None = None
    for index, cells in enumerate(all_rows[:HEADER_SEARCH_ROWS]):
        found = match_header(key, list(cells))
        complete = all(k in found for k in needed)
        if complete or (accept is not None and accept(found, list(cells))):
            header = list(cells)
            if complete:  # a grid header (History by date) reports its own cells
                _unreadable_header(title, index + 1, header, problems)
            first = index + 1
            while first < len(all_rows) and _repeats_header(key, all_rows[first]):
                first += 1  # the header again in the other language (a bilingual template)
            all_rows = fill_merged(wb, title, all_rows, first_row=first + 1)
            rows = [(i + 1, r) for i, r in enumerate(all_rows) if i >= first]
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


def lookalike_sheets(wb: Workbook, keys: tuple[str, ...], problems: Problems) -> None:
    """Record each sheet whose name is none the reader knows but whose header row has every
    required column of one of ``keys`` that the workbook lacks.

    Unknown sheets are ignored (a manager's notes, a pivot table), so a sheet named ``请假记录``
    or ``Time-off 2027`` holding the month's leave was never read: the roster was planned as if
    nobody were away, with no word said.  Which sheet is meant cannot be guessed safely (an old
    year's leave, a copy), so the user is asked to rename it."""
    absent = [k for k in keys if not sheet_candidates(k, wb.sheetnames)]
    if not absent:
        return
    for title in wb.sheetnames:
        if any(sheet_candidates(k, [title]) for k in SHEETS):
            continue
        try:
            rows = sheet_rows(wb, title)[:HEADER_SEARCH_ROWS]
        except InputError:
            continue  # a damaged sheet nobody asked for
        like: list[str] = []
        for key in absent:
            needed = [c for c, n in COLUMNS[key].items() if n.required]
            for cells in rows:
                found = match_header(key, list(cells))
                if len(found) >= 2 and all(c in found for c in needed):
                    like.append(key)
                    break
        if like:
            lang = _lang()
            names = (" / " if lang == "en" else "或").join(SHEETS[k].label(lang) for k in like)
            accepted = " / ".join(s for k in like for s in _spellings(SHEETS[k]))
            problems.add(InputError(
                t("excel.sheet.lookalike", sheet=title, target=names, names=accepted), sheet=title))


def _unreadable_header(title: str, row: int, header: list[object], problems: Problems) -> None:
    """Record each header cell that holds no name (a formula the file keeps no result of, an
    Excel error).  Such a column matched nothing and was silently ignored: a ``target``
    header written as a formula by another program left every target blank."""
    for index, cell in enumerate(header):
        cause = unreadable(cell)
        if cause is not None:
            problems.at(title, row, get_column_letter(index + 1), cause)


def _repeats_header(key: str, cells: tuple[object, ...]) -> bool:
    """Whether a row below the header is a second header line: every cell filled in it is a
    column name of the sheet (``工号 姓名 组别`` under ``id name team``).  Data never is: a date,
    a number or a person's name is not a column name.  Read as data, it made a person called
    "姓名" and errors such as "unknown shift code '可排班次'"."""
    filled = [c for c in cells if not is_blank(c)]
    return bool(filled) and len(match_header(key, list(cells))) == len(filled)


def unique_sheet(wb: Workbook, key: str, problems: Problems) -> str | None:
    """The workbook's sheet ``key``; None when it has none, or several equally good (recorded:
    which one the user meant cannot be told, and reading one would drop the other's rows)."""
    candidates = sheet_candidates(key, wb.sheetnames)
    if len(candidates) > 1:
        problems.add(InputError(
            t("excel.sheet.ambiguous", count=len(candidates), sheet=SHEETS[key].label(_lang()),
              names=("、".join(f"“{c}”" for c in candidates) if _lang() == "zh"
                     else ", ".join(repr(c) for c in candidates))),
            sheet=candidates[0],
        ))
        return None
    return candidates[0] if candidates else None


def sheet_rows(wb: Workbook, title: str) -> list[tuple[object, ...]]:
    """Every row of a sheet as values.  A read-only sheet trusts the file's recorded dimensions,
    which some programs write wrongly; they are reset first so that no row or column is lost.

    A formula without a saved result comes back as :class:`UnsavedFormula` rather than as an
    empty cell.  Read-only sheets are parsed only here, so a sheet whose XML is damaged fails
    here too: that is one :class:`InputError` naming the sheet, not a parser traceback."""
    ws = wb[title]
    try:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        formulas = _unsaved_formulas(wb, ws)
    except Exception as exc:  # noqa: BLE001 - any parser failure on user bytes is bad input
        raise InputError(t("excel.sheet.damaged", sheet=title, error=_short(exc)), sheet=title) from None
    for (row, column), formula in formulas.items():
        if row > len(rows):
            rows.extend(() for _ in range(row - len(rows)))
        cells = list(rows[row - 1])
        cells.extend(None for _ in range(column - len(cells)))
        if cells[column - 1] is None:
            cells[column - 1] = formula
            rows[row - 1] = tuple(cells)
    return rows


def _short(exc: Exception) -> str:
    """An exception as a few words for a message (the parser's own text, or its kind)."""
    words = str(exc).strip() or type(exc).__name__
    return words if len(words) <= 120 else words[:117] + "..."


#: Whether a sheet's XML holds any formula at all (``<f>``, with or without a namespace prefix):
#: most do not, and are then not parsed a second time.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


_MERGE_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]+[0-9]+):([A-Za-z]+[0-9]+)\"")


def fill_merged(wb: Workbook, title: str, rows: list[tuple[object, ...]], *, first_row: int
                ) -> list[tuple[object, ...]]:
    """``rows`` with each merged range that lies at or below Excel row ``first_row`` (the data,
    not the header or a title above it) holding its value in every cell.

    Managers merge a group's cells: one ``售前`` over five people's team or skills cells, one
    ``weekday`` over a Demand sheet's three shift rows, one ``假`` over a week of leave in a
    roster.  The file keeps the value in the first cell only, so the other rows read as blank:
    skills silently lost, or "blank, but a value is required" for what the user can see filled
    in.  Merges in the header rows are left alone (a title over the table, ``工号`` over two
    header rows), as the header search reads those rows as they are."""
    try:
        xml = _sheet_xml(wb, wb[title])
    except Exception:  # noqa: BLE001 - already read once by sheet_rows; merges are a courtesy
        return rows
    if xml is None or b"mergeCell" not in xml:
        return rows
    filled = [list(r) for r in rows]
    for first, last in _MERGE_REF.findall(xml):
        (top_letters, top), (bottom_letters, bottom) = (coordinate_from_string(first.decode()),
                                                        coordinate_from_string(last.decode()))
        left, right = column_index_from_string(top_letters), column_index_from_string(bottom_letters)
        if top < first_row or top > len(filled):
            continue
        anchor = filled[top - 1]
        value = anchor[left - 1] if left <= len(anchor) else None
        if value is None:
            continue
        for row in range(top, min(bottom, len(filled)) + 1):
            cells = filled[row - 1]
            cells.extend(None for _ in range(right - len(cells)))
            for column in range(left, right + 1):
                if cells[column - 1] is None:
                    cells[column - 1] = value
    return [tuple(r) for r in filled]


#: Each sheet's XML, decompressed once per workbook: the formula scan and the merged-cell fill
#: both read it, for every table read from the sheet.
_XML: WeakKeyDictionary[Workbook, dict[str, bytes]] = WeakKeyDictionary()


def _sheet_xml(wb: Workbook, ws: object) -> bytes | None:
    """The XML of a sheet of a workbook read by :func:`open_workbook` (None for another)."""
    data = _SOURCES.get(wb)
    path = getattr(ws, "_worksheet_path", None)
    if data is None or not path:
        return None
    cache = _XML.setdefault(wb, {})
    if path not in cache:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            cache[path] = archive.read(path.lstrip("/"))
    return cache[path]


def _unsaved_formulas(wb: Workbook, ws: object) -> dict[tuple[int, int], UnsavedFormula]:
    """(row, column) -> formula for every formula cell of ``ws`` whose result the file does
    not keep.  Excel keeps a string result, even an empty one, with ``t="str"``; a formula with
    no ``<v>``, or an empty one of any other type, was never calculated."""
    xml = _sheet_xml(wb, ws)
    if xml is None or not _FORMULA_TAG.search(xml):
        return {}
    found: dict[tuple[int, int], UnsavedFormula] = {}
    row_number, column_number = 0, 0
    for _, element in ElementTree.iterparse(io.BytesIO(xml), events=("end",)):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "row":
            element.clear()
            continue
        if tag != "c":
            continue
        coordinate = element.get("r")
        if coordinate:
            letters, row_number = coordinate_from_string(coordinate)
            column_number = column_index_from_string(letters)
        else:  # cells without a reference follow one another
            column_number += 1
        formula = element.find(f"{_MAIN_NS}f")
        if formula is None:
            formula = next((child for child in element if child.tag.rsplit("}", 1)[-1] == "f"), None)
        if formula is not None:
            value = next((child for child in element if child.tag.rsplit("}", 1)[-1] == "v"), None)
            if value is None or (not value.text and element.get("t") != "str"):
                found[(row_number, column_number)] = UnsavedFormula("=" + (formula.text or "").strip())
        element.clear()
    return found


def _lang() -> str:
    return "zh" if language() == "zh" else "en"


def _spellings(name: Name) -> list[str]:
    """The names worth showing in a message: both languages and a few variants."""
    seen: list[str] = []
    for s in (name.en, name.zh, *name.variants[:3]):
        if norm(s) not in {norm(x) for x in seen}:
            seen.append(s)
    return seen

"""Saving workbooks safely, and the cell styles every written sheet shares.

A command never overwrites its input, never overwrites an existing file without ``force``, and
never leaves a half-written file behind: the workbook is saved to a temporary file in the target
folder and renamed over the target in one step (:func:`os.replace` is atomic on one filesystem).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from roster.errors import InputError
from roster.i18n import display_width, register, t

register(
    {
        "excel.out.exists": {
            "en": "{path} already exists; choose another file name or use --force to overwrite it.",
            "zh": "{path} 已存在；请换一个文件名，或使用 --force 覆盖。",
        },
        "excel.out.is_input": {
            "en": "Refusing to write {path}: it is an input file of this command; give another "
            "output file with {option}.",
            "zh": "拒绝写入 {path}：它是本命令的输入文件；请用 {option} 指定另一个输出文件。",
        },
        "excel.out.no_folder": {
            "en": "Cannot write {path}: folder {folder} does not exist.",
            "zh": "无法写入 {path}：文件夹 {folder} 不存在。",
        },
        "excel.out.not_folder": {
            "en": "Cannot write {path}: folder {folder} does not exist. There is a file of that name.",
            "zh": "无法写入 {path}：文件夹 {folder} 不存在，该名称是一个文件。",
        },
        "excel.out.suffix": {
            "en": "Cannot write {path}: {what} must be saved as a {expected} file, not '{suffix}'.",
            "zh": "无法写入 {path}：{what}必须保存为 {expected} 文件，而不是“{suffix}”。",
        },
        "excel.out.what.workbook": {"en": "a workbook", "zh": "工作簿"},
        "excel.out.what.report": {"en": "a report", "zh": "报告"},
        "excel.out.failed": {
            "en": "Cannot write {path}: {error}",
            "zh": "无法写入 {path}：{error}",
        },
        # Page footer of printed sheets: &P and &N are Excel's page number and page count.
        "excel.print.page": {"en": "Page &P of &N", "zh": "第 &P 页，共 &N 页"},
    }
)

FILL = {
    "header": "DDEBF7",
    "required": "F8CBAD",
    "day": "FFF2CC",
    "day2": "FCE4D6",
    "night": "BDD7EE",
    "night2": "D9D2E9",
    "rest": "D9D9D9",
    "leave": "C6EFCE",
    "unknown": "FF7C80",
    "weekend": "FCE4D6",
    "holiday": "F4B084",
    "workday": "9BC2E6",
    "promotion": "FFD966",
    "gap": "FFC7CE",
    "ok": "E2EFDA",
    "total": "EDEDED",
}

THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
#: Named: a font without a name printed in LibreOffice's serif default beside Calibri cells.
BOLD = Font(name="Calibri", bold=True)
CENTER = Alignment(horizontal="center", vertical="center")
DATE_FORMAT = "yyyy-mm-dd"


def fill(name_or_rgb: str) -> PatternFill:
    rgb = FILL.get(name_or_rgb, name_or_rgb)
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def write_header(ws: Worksheet, labels: Iterable[str], *, row: int = 1,
                 required: Iterable[bool] | None = None) -> None:
    """A bold, coloured header row; required columns get a warmer colour."""
    flags = list(required) if required is not None else None
    for index, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=index, value=label)
        cell.font = BOLD
        cell.border = BORDER
        cell.alignment = CENTER
        cell.fill = fill("required" if flags and flags[index - 1] else "header")


def autosize(ws: Worksheet, *, minimum: int = 6, maximum: int = 40) -> None:
    """Column widths from the longest value (CJK characters count double)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            value = cell.value
            shown = value.isoformat() if hasattr(value, "isoformat") else str(value)
            width = display_width(shown.split("\n")[0])
            widths[cell.column] = max(widths.get(cell.column, 0), width)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = max(minimum, min(maximum, width + 2))


def print_setup(ws: Worksheet, *, title: str, lang: str, title_rows: str = "1:1",
                title_cols: str | None = None, area: str | None = None) -> None:
    """How a sheet prints: A4 landscape, one page wide (as many pages down as it takes), the
    header rows (and ``title_cols``) repeated on every page, ``title`` (say "排班表 2026-12") at
    the top and the page number at the bottom.

    Why: supervisors print the roster and HR prints the coverage for the files; with Excel's
    defaults a month's coverage came out portrait, three pages wide, with the column headings on
    the first page only and nothing on the paper saying which month it was."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    if area:
        ws.print_area = area
    ws.oddHeader.center.text = title.replace("&", "&&")  # "&" starts a header code in Excel
    ws.oddFooter.center.text = t("excel.print.page", lang=lang)


#: What a workbook is saved as: openpyxl writes Office Open XML, which Excel refuses to open
#: under another name (a ".xlsm" without macros, a ".csv" holding a zip file).
WORKBOOK_SUFFIXES = (".xlsx",)
#: What the HTML report is saved as.
REPORT_SUFFIXES = (".html", ".htm")


def check_output(path: str | Path, *, force: bool, inputs: Iterable[str | Path] = (), option: str = "-o",
                 suffixes: tuple[str, ...] = ()) -> Path:
    """Refuse to write over an input file, over an existing file without ``force``, a file
    whose name does not end in one of ``suffixes`` (when given), or into a folder this process
    cannot create files in (probed with a temporary file, removed at once: permissions alone
    do not tell, e.g. for root or on a read-only mount).  ``option`` is the command's option
    for the output file, named in the refusal.  Called before the work, so a long solve does not
    end in an error about its output."""
    try:
        return _check_output(Path(path), force=force, inputs=inputs, option=option, suffixes=suffixes)
    except OSError as exc:
        # A name the filesystem refuses before anything is written (longer than 255 bytes, a
        # path through a file): pathlib's exists() raises instead of answering, which was a
        # traceback.
        raise InputError(t("excel.out.failed", path=path, error=exc.strerror or exc)) from None


def _check_output(path: Path, *, force: bool, inputs: Iterable[str | Path], option: str,
                  suffixes: tuple[str, ...]) -> Path:
    """:func:`check_output`'s checks; an ``OSError`` from a path query is the caller's to word."""
    if suffixes and path.suffix.lower() not in suffixes:
        what = "excel.out.what.workbook" if suffixes == WORKBOOK_SUFFIXES else "excel.out.what.report"
        raise InputError(t("excel.out.suffix", path=path, what=t(what), expected=" / ".join(suffixes),
                           suffix=path.suffix or path.name))
    for source in inputs:
        source = Path(source)
        same = path.resolve() == source.resolve()
        if not same and path.exists() and source.exists():
            with contextlib.suppress(OSError):
                same = os.path.samefile(path, source)
        if same:
            raise InputError(t("excel.out.is_input", path=path, option=option))
    if path.exists() and not force:
        raise InputError(t("excel.out.exists", path=path))
    folder = path.resolve().parent
    if not folder.is_dir():
        # "folder x.xlsx does not exist" when x.xlsx is right there (a file) misled.
        key = "excel.out.not_folder" if folder.exists() else "excel.out.no_folder"
        raise InputError(t(key, path=path, folder=folder))
    try:
        handle, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(t("excel.out.failed", path=path, error=exc.strerror or exc)) from None
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return path


def _file_mode(path: Path) -> int:
    """The existing file's mode when replacing it, else what a plain ``open`` would give."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str | Path, write: Callable[[str], None], *, force: bool,
                 inputs: Iterable[str | Path] = (), option: str = "-o", suffixes: tuple[str, ...] = ()) -> Path:
    """Write ``path`` via a temporary file in the same folder and one rename: ``write(temp)``
    fills the temporary file, so a crash never leaves a half-written output."""
    path = check_output(path, force=force, inputs=inputs, option=option, suffixes=suffixes)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.resolve().parent)
    except OSError as exc:  # the folder changed since check_output probed it
        raise InputError(t("excel.out.failed", path=path, error=exc.strerror or exc)) from None
    os.close(handle)
    try:
        os.chmod(temp_name, _file_mode(path))  # mkstemp's 0600 would hide the file from the team
        write(temp_name)
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise InputError(t("excel.out.failed", path=path, error=exc.strerror or exc)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return path


def save_atomic(wb: Workbook, path: str | Path, *, force: bool,
                inputs: Iterable[str | Path] = ()) -> Path:
    """Save a workbook atomically (see :func:`write_atomic`), under a name Excel opens."""
    return write_atomic(path, wb.save, force=force, inputs=inputs, suffixes=WORKBOOK_SUFFIXES)


def write_text_atomic(path: str | Path, text: str, *, force: bool,
                      inputs: Iterable[str | Path] = ()) -> Path:
    """Write UTF-8 text atomically (the HTML report)."""
    return write_atomic(path, lambda name: Path(name).write_text(text, encoding="utf-8"),
                        force=force, inputs=inputs)

"""XLSX files, safely: size limits checked on the zip directory before parsing, rows streamed, and
text cells that stay text (never a formula) with the characters XML cannot hold escaped."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from civicspace.core.messages import Message, _
from civicspace.imports.problems import ImportRefused, Place, Problem

MIB = 1024 * 1024
# Below this size a member's compression ratio says nothing (a tiny file of repeated text
# compresses very well); above it, a ratio beyond the limit is a decompression bomb.
RATIO_FLOOR = MIB
BOLD = Font(bold=True)  # header rows


@dataclass(frozen=True)
class XlsxLimits:
    """What a workbook may hold, checked before and while it is read."""

    sheets: int
    rows: int  # per sheet, counting blank rows up to the last one used
    columns: int  # per sheet
    uncompressed_bytes: int  # all members of the zip archive together
    members: int = 200  # Excel writes about 20 for a workbook of a few sheets
    ratio: int = 100  # uncompressed / compressed size of a member above RATIO_FLOOR


def refused(message: Message, place: Place | None = None) -> ImportRefused:
    return ImportRefused([Problem(place or Place(), message)])


def xlsx_check(source: bytes | Path, limits: XlsxLimits) -> None:
    """Refuse a file whose zip directory declares more than `limits` allow, reading no member.

    The declared sizes bind: Python's zipfile stops a member at its declared size.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged(exc) from exc
    if len(members) > limits.members:
        raise refused(
            _(
                "the workbook has %(count)s parts, more than the %(limit)s allowed;"
                " is it the right file?",
                count=len(members),
                limit=limits.members,
            )
        )
    total = sum(m.file_size for m in members)
    if total > limits.uncompressed_bytes:
        raise refused(
            _(
                "the workbook unpacks to %(size)s MB, more than the %(limit)s MB allowed;"
                " delete unused sheets, rows and columns, or split it",
                size=f"{total / MIB:.1f}",
                limit=f"{limits.uncompressed_bytes / MIB:g}",
            )
        )
    for member in members:
        packed = max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and member.file_size / packed > limits.ratio:
            raise refused(
                _(
                    "part %(part)s of the workbook unpacks %(ratio)s times larger than it is"
                    " stored (at most %(limit)s allowed); it looks like a decompression bomb",
                    part=member.filename,
                    ratio=int(member.file_size / packed),
                    limit=limits.ratio,
                )
            )
    sheets = [m for m in members if re.fullmatch(r"xl/worksheets/[^/]+\.xml", m.filename)]
    if len(sheets) > limits.sheets:
        raise refused(_sheet_count(len(sheets), limits))


def _sheet_count(count: int, limits: XlsxLimits) -> Message:
    return _(
        "the workbook has %(count)s sheets, more than the %(limit)s allowed",
        count=count,
        limit=limits.sheets,
    )


def damaged(exc: Exception, sheet: str | None = None) -> ImportRefused:
    place = Place(sheet=sheet) if sheet else None
    return refused(
        _("the file could not be opened as an Excel workbook (%(error)s)", error=str(exc)), place
    )


def xlsx_open(source: bytes | Path, limits: XlsxLimits, *, data_only: bool) -> Workbook:
    """The workbook in streaming (read-only) mode, after `xlsx_check`; close it when done.

    `data_only` reads a formula's cached result instead of the formula as typed.
    """
    xlsx_check(source, limits)
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(source) if isinstance(source, bytes) else source,
            read_only=True,
            data_only=data_only,
        )
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise damaged(exc) from exc
    if len(book.sheetnames) > limits.sheets:
        book.close()
        raise refused(_sheet_count(len(book.sheetnames), limits))
    return book


def sheet_rows(sheet: Any, limits: XlsxLimits) -> Iterator[tuple[int, Sequence[Any]]]:
    """(row number, cell values) of a sheet of `xlsx_open`, refused beyond `limits`.

    The sheet's declared size is checked first (openpyxl pads every row to it); then it is
    ignored, and the rows are counted as they stream, so a size that lies cannot pass either.
    """
    title = sheet.title
    try:
        declared_rows, declared_columns = sheet.max_row, sheet.max_column
    except Exception as exc:
        raise damaged(exc, title) from exc
    _check_size(title, declared_rows or 0, declared_columns or 0, limits)
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise damaged(exc, title) from exc
        number += 1
        _check_size(title, number, len(values), limits)
        yield number, values


def _check_size(sheet: str, rows: int, columns: int, limits: XlsxLimits) -> None:
    if rows > limits.rows:
        raise refused(
            _(
                "the sheet has more than %(limit)s rows; delete the unused rows below the data",
                limit=limits.rows,
            ),
            Place(sheet=sheet),
        )
    if columns > limits.columns:
        raise refused(
            _(
                "the sheet has more than %(limit)s columns; delete the unused columns",
                limit=limits.columns,
            ),
            Place(sheet=sheet),
        )


# OOXML's own escape (ST_Xstring) for characters XML 1.0 cannot hold: `_xHHHH_`. Excel writes
# and reads it; a literal `_xHHHH_` in the text escapes its underscore as `_x005F_`. Carriage
# returns are escaped too: an XML parser would turn them into line feeds.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def text_escape(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _unescape_one(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)  # no lone surrogates


def text_unescape(text: str) -> str:
    return _ESCAPED.sub(_unescape_one, text) if "_x" in text else text


def append_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """Append a row whose text cells stay text: `=1+1` is stored as those three characters,
    never as a formula, and control characters are escaped rather than refused."""
    sheet.append([text_escape(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def stream_row(sheet: WriteOnlyWorksheet, values: Sequence[Any], *, bold: bool = False) -> None:
    """`append_row` for a write-only sheet (`Workbook(write_only=True)`), which streams its rows
    rather than keeping every cell: text cells stay text, and `bold` sets a header row in bold."""
    cells: list[Any] = []
    for value in values:
        text = text_escape(value) if isinstance(value, str) else value
        # openpyxl stores other text as a string cell itself; only these it would take for a
        # formula or an error value, so they get a cell made a string cell by hand.
        formula_like = isinstance(text, str) and (text.startswith("=") or text in ERROR_CODES)
        if not formula_like and not bold:
            cells.append(text)
            continue
        cell = WriteOnlyCell(sheet, text)
        if isinstance(text, str):
            cell.data_type = "s"
        if bold:
            cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)

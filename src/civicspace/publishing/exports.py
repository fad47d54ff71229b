"""Open-data files from published rows: CSV, XLSX (with codebook and licence sheets) and JSON.

Scores by default; early warning's events and alerts pass their own codebook
(`publishing.early_warning_data`)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from html import escape
from itertools import repeat
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from civicspace.assessments.presenters import DEMO_NOTICE
from civicspace.core.record import SCHEMA_VERSION
from civicspace.imports.xlsx import stream_row, text_escape
from civicspace.publishing.open_data import (
    CODEBOOK,
    LICENCE,
    LICENCE_TEXT,
    LICENCE_URL,
    Column,
    Record,
)

Codebook = Sequence[Column]

# A spreadsheet opening a CSV file reads a field that starts with one of these as a formula
# (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# RFC 4180 line ends: Python's writer then quotes every field holding a carriage return, which
# with "\n" line ends it leaves bare, and a reader would take it for the end of the row.
LINE_END = "\r\n"


def csv_text(value: Any) -> Any:
    """A text value a spreadsheet shows as text: an apostrophe is put before a leading formula
    character, and before a leading apostrophe, so that dropping the first character of any
    text value that starts with an apostrophe gives back the original (docs/public-site.md).
    Numbers are not text and stay as they are, negative ones included."""
    if isinstance(value, str) and value.startswith((*FORMULA_START, "'")):
        return "'" + value
    return value


def rows_csv(rows: Sequence[dict[str, Any]], codebook: Codebook = CODEBOOK) -> str:
    """The codebook's columns only: a row's nested parts (an event's sources) have files of
    their own. A missing or None value is an empty cell."""
    return csv_header(codebook) + "".join(csv_lines(rows, codebook))


def published_rows_csv(rows: Sequence[dict[str, Any]], record: Record) -> str:
    """`rows_csv(rows)` for rows of the published record, joined from the lines written once
    per record: the file of every row is a join, not 18,060 rows written again (86 x 10)."""
    return csv_header(CODEBOOK) + "".join(record.rows_text(rows, csv_lines))


def csv_header(codebook: Codebook) -> str:
    return _csv_written([[c.name for c in codebook]])[0]


def csv_lines(rows: Sequence[dict[str, Any]], codebook: Codebook = CODEBOOK) -> list[str]:
    """Each row as one CSV record (its line end included), text protected by `csv_text`."""
    # Column by column, in C (map, set, zip, the csv writer), not value by value in Python: a
    # column's distinct texts are few (countries, codes, names), so `csv_text` sees each once.
    # The csv writer writes None as an empty cell.
    columns = [list(map(dict.get, rows, repeat(c.name))) for c in codebook]
    for index, column in enumerate(columns):
        protected = {
            value: csv_text(value)
            for value in set(column)
            if isinstance(value, str) and value.startswith((*FORMULA_START, "'"))
        }
        if protected:
            columns[index] = [protected.get(v, v) if isinstance(v, str) else v for v in column]
    return _csv_written(zip(*columns, strict=True))


def _csv_written(rows: Iterable[Sequence[Any]]) -> list[str]:
    """The csv writer's records, one string each: it writes each record in one call, and a
    record may hold line ends of its own (quoted), so the text is not split afterwards."""
    records: list[str] = []
    csv.writer(_Appending(records), lineterminator=LINE_END).writerows(rows)
    return records


class _Appending:
    def __init__(self, into: list[str]) -> None:
        self.write = into.append


def codebook_csv(files: Sequence[tuple[str, Codebook]] = (("scores", CODEBOOK),)) -> str:
    """Every file's columns; the last column names the file (scores, events, ...)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow(["column", "type", "meaning", "file"])
    for name, codebook in files:
        writer.writerows((c.name, c.kind, csv_text(c.meaning), name) for c in codebook)
    return out.getvalue()


def rows_xlsx(
    rows: list[dict[str, Any]],
    codebook: Codebook = CODEBOOK,
    *,
    sheet: str = "scores",
    more: Sequence[tuple[str, Codebook, list[dict[str, Any]]]] = (),
) -> bytes:
    """A sheet of rows, then any `more` sheets (name, codebook, rows), one codebook sheet for
    them all (its last column names the sheet) and the licence."""
    # openpyxl makes the workbook around the rows (header rows, codebook, licence, styles); the
    # rows themselves are written as XML here (`sheet_rows_xml`), each cell as openpyxl's
    # write-only sheet writes it: through openpyxl, the 18,060 rows of 86 countries x 10 years
    # took 8 s of CPU, and the file is remade at every publication.
    book = Workbook(write_only=True)
    tables = ((sheet, codebook, rows), *more)
    spliced = {}
    for number, (name, columns, table) in enumerate(tables, 1):
        data = book.create_sheet(name)
        data.freeze_panes = "A2"
        stream_row(data, [c.name for c in columns], bold=True)
        part = f"xl/worksheets/sheet{number}.xml"  # openpyxl's name for the n-th sheet
        spliced[part] = sheet_rows_xml(table, [c.name for c in columns], first=2)
    meanings = book.create_sheet("codebook")
    stream_row(meanings, ["column", "type", "meaning", "sheet"], bold=True)
    for name, columns, _table in tables:
        for column in columns:
            stream_row(meanings, [column.name, column.kind, column.meaning, name])
    about = book.create_sheet("licence")
    stream_row(about, [LICENCE, LICENCE_URL])
    stream_row(about, [LICENCE_TEXT])
    if any(row.get("demo") for _name, _columns, table in tables for row in table):
        stream_row(about, [DEMO_NOTICE])
    newest = max((str(r.get("published") or "") for r in rows), default="")
    return _reproducible(book, published=newest, rows=spliced)


# openpyxl's limit of a text cell (Excel's): longer text is cut there.
CELL_TEXT_LIMIT = 32767


def _text_cell(value: str) -> str:
    """What follows a text cell's address: openpyxl writes every text cell of ours (a formula-
    or error-like one too, `stream_row`) as an inline string, spaces kept when they lead or
    trail."""
    text = text_escape(value)[:CELL_TEXT_LIMIT]
    if not text:
        return '" t="inlineStr"></c>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'" t="inlineStr"><is><t{space}>{escape(text, quote=False)}</t></is></c>'


def _value_cell(value: Any) -> str:
    if isinstance(value, str):
        return _text_cell(value)
    if isinstance(value, bool):
        return f'" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'" t="n"><v>{value:.16g}</v></c>'  # openpyxl's `safe_string`
    raise TypeError(f"no spreadsheet cell for a value of type {type(value).__name__}")


def sheet_rows_xml(rows: Sequence[dict[str, Any]], columns: Sequence[str], *, first: int) -> bytes:
    """The `<row>` elements of `rows` (`columns` of each), numbered from `first`, as openpyxl's
    write-only sheet writes them through `stream_row`: empty cells left out, text escaped as
    `text_escape` does. A value's cell is made once however often it comes (a country's name,
    a level, a band, a score)."""
    letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
    made: dict[tuple[type, Any], str] = {}
    out = []
    for number, row in enumerate(rows, first):
        cells = [f'<row r="{number}">']
        for letter, column in zip(letters, columns, strict=True):
            value = row[column]
            if value is None:
                continue
            # repr, not the value: 0.0 == -0.0 and Decimal("1.5") == Decimal("1.50"), yet
            # openpyxl writes each as it is.
            key = (type(value), repr(value))
            cell = made.get(key)
            if cell is None:
                cell = made[key] = _value_cell(value)
            cells.append(f'<c r="{letter}{number}{cell}')
        cells.append("</row>")
        out.append("".join(cells))
    # ASCII, the rest as character references, as openpyxl's XML writer (lxml) writes them.
    return "".join(out).encode("ascii", "xmlcharrefreplace")


def _reproducible(book: Workbook, *, published: str, rows: dict[str, bytes]) -> bytes:
    """The workbook's bytes, the same for the same rows: dated by its newest publication, not
    by the clock (openpyxl stamps the time of saving into the file and each part of its zip),
    so that a baked copy of the file is only replaced when its data changes. `rows`: the XML
    rows to add to a sheet part after its header row."""
    when = datetime.fromisoformat(published) if published else datetime(2000, 1, 1)
    book.properties.created = book.properties.modified = when
    made = io.BytesIO()
    # Stored, not compressed: it is read back and compressed once, below.
    with zipfile.ZipFile(made, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(book, archive).write_data()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(made) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for part in source.infolist():
            stamped = zipfile.ZipInfo(part.filename, date_time=when.timetuple()[:6])
            content = source.read(part)
            if part.filename in rows:
                head, end, tail = content.rpartition(b"</sheetData>")
                content = head + rows[part.filename] + end + tail
            archive.writestr(stamped, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def rows_json(rows: list[dict[str, Any]], codebook: Codebook = CODEBOOK) -> dict[str, Any]:
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "licence": {"name": LICENCE, "url": LICENCE_URL, "text": LICENCE_TEXT},
        "codebook": [{"column": c.name, "type": c.kind, "meaning": c.meaning} for c in codebook],
        "rows": rows,
    }
    if any(row["demo"] for row in rows):
        document["notice"] = DEMO_NOTICE
    return document

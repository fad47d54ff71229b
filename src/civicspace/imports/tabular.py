"""Read a CSV or XLSX file into records keyed by canonical column names, remembering each place."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from civicspace.core.messages import _, _n
from civicspace.imports.problems import ImportRefused, Place, Problem
from civicspace.imports.values import ValueProblem
from civicspace.imports.xlsx import XlsxLimits, refused, sheet_rows, text_unescape, xlsx_open

T = TypeVar("T")

_DELIMITERS = (",", ";", "\t")


COUNTRY_ALIASES = ("country_code", "iso", "iso2", "iso_code")

# What an import may hold (docs/imports.md): ample for every country, year and series of the
# programme, and a bound on the time and memory one file can take.
XLSX_LIMITS = XlsxLimits(sheets=20, rows=100_000, columns=100, uncompressed_bytes=50 * 1024**2)
CSV_MAX_BYTES = 50 * 1024**2
CSV_MAX_ROWS = 100_000
CSV_MAX_COLUMNS = 100
MAX_FIELD_CHARS = 32_767  # what one Excel cell can hold


@dataclass(frozen=True)
class Columns:
    """The columns an import understands: canonical name -> accepted header spellings."""

    aliases: Mapping[str, tuple[str, ...]]
    required: frozenset[str]

    def canonical(self, header: Any) -> str | None:
        key = _normalise_header(header)
        for name, spellings in self.aliases.items():
            if key == name or key in spellings:
                return name
        return None


@dataclass(frozen=True)
class Record:
    sheet: str | None
    row: int
    values: Mapping[str, Any]  # canonical column -> raw cell value (str, number, date or None)

    def place(self, column: str | None = None) -> Place:
        return Place(sheet=self.sheet, row=self.row, column=column)

    def parse(self, column: str, parse: Callable[[Any], T], problems: list[Problem]) -> T | None:
        """The cell of `column` parsed, or None with the parser's complaint added to `problems`."""
        try:
            return parse(self.values.get(column))
        except ValueProblem as exc:
            problems.append(Problem(self.place(column), exc.message))
            return None


@dataclass
class Table:
    records: list[Record] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)


def _normalise_header(header: Any) -> str:
    text = "" if header is None else str(header)
    return re.sub(r"[\s\-]+", "_", text.replace("\ufeff", "").strip().lower())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(path: Path, columns: Columns) -> Table:
    """Read `path` (.csv or .xlsx); raise ImportRefused if it cannot be read as a table at all."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportRefused(
            [Problem(Place(), _("%(path)s does not exist or is not a file", path=str(path)))]
        )
    if suffix in (".csv", ".txt"):
        table = Table()
        problems: list[Problem] = []
        _collect(None, _csv_rows(path), columns, table, problems)
        if problems:
            raise ImportRefused(problems)
        return table
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, columns)
    if suffix == ".xls":
        raise ImportRefused(
            [Problem(Place(), _("old Excel .xls files are not supported; save it as .xlsx or CSV"))]
        )
    raise ImportRefused(
        [Problem(Place(), _("%(file)s: expected a .csv or .xlsx file", file=path.name))]
    )


def _csv_rows(path: Path) -> Iterator[tuple[int, Sequence[Any]]]:
    size = path.stat().st_size
    if size > CSV_MAX_BYTES:
        raise refused(
            _(
                "the file is %(size)s MB, more than the %(limit)s MB allowed; split it",
                size=f"{size / 1024**2:.1f}",
                limit=f"{CSV_MAX_BYTES / 1024**2:g}",
            )
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # tolerates the byte-order mark spreadsheet programs add
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            [Problem(Place(row=line), _('the file is not UTF-8 text; save it as "CSV UTF-8"'))]
        ) from exc
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_DELIMITERS, key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a field beyond csv's own limit, say
            raise refused(
                _("not readable as CSV (%(error)s)", error=str(exc)), Place(row=start)
            ) from exc
        _check_csv_row(start, fields)
        yield start, fields
        start = reader.line_num + 1


def _check_csv_row(number: int, fields: Sequence[str]) -> None:
    if number > CSV_MAX_ROWS:
        raise refused(
            _("the file has more than %(limit)s rows; split it", limit=CSV_MAX_ROWS),
            Place(row=number),
        )
    if len(fields) > CSV_MAX_COLUMNS:
        raise refused(
            _("more than %(limit)s columns", limit=CSV_MAX_COLUMNS),
            Place(row=number),
        )
    if any(len(f) > MAX_FIELD_CHARS for f in fields):
        raise refused(
            _("a value is longer than %(limit)s characters", limit=MAX_FIELD_CHARS),
            Place(row=number),
        )


def _read_xlsx(path: Path, columns: Columns) -> Table:
    # Formulas give their cached results here: a computed indicator column is data.
    workbook = xlsx_open(path, XLSX_LIMITS, data_only=True)
    table = Table()
    problems: list[Problem] = []
    used = 0
    try:
        for sheet in workbook.worksheets:
            rows = (
                (n, [text_unescape(v) if isinstance(v, str) else v for v in values])
                for n, values in sheet_rows(sheet, XLSX_LIMITS)
            )
            if _collect(sheet.title, rows, columns, table, problems, skip_unrecognised=True):
                used += 1
            else:
                table.notices.append(
                    Problem(Place(sheet=sheet.title), _("no recognised header row; sheet skipped"))
                )
    finally:
        workbook.close()
    if problems:
        raise ImportRefused(problems)
    if not used:
        needed = ", ".join(sorted(columns.required))
        raise ImportRefused(
            [
                Problem(
                    Place(),
                    _("no sheet has a header row with the columns %(columns)s", columns=needed),
                )
            ]
        )
    return table


def _collect(
    sheet: str | None,
    rows: Iterable[tuple[int, Sequence[Any]]],
    columns: Columns,
    table: Table,
    problems: list[Problem],
    *,
    skip_unrecognised: bool = False,
) -> bool:
    """Add one sheet's records to `table` and its problems to `problems`.

    Returns False, adding nothing, for a sheet with no recognised column when
    `skip_unrecognised` (a workbook's instructions sheet, say).
    """
    iterator = iter(rows)
    header_row, header = next(
        ((n, cells) for n, cells in iterator if not all(_blank(c) for c in cells)), (0, ())
    )
    names = [columns.canonical(h) for h in header]
    recognised = {n for n in names if n is not None}
    missing = columns.required - recognised
    if missing and skip_unrecognised and not recognised & columns.required:
        return False
    if not header:
        problems.append(Problem(Place(sheet=sheet), _("the file is empty")))
    elif missing:
        found = ", ".join(f'"{h}"' for h in header if not _blank(h))
        problems.append(
            Problem(
                Place(sheet=sheet, row=header_row),
                _n(
                    "missing column %(columns)s; the header has %(found)s",
                    "missing columns %(columns)s; the header has %(found)s",
                    len(missing),
                    columns=", ".join(sorted(missing)),
                    found=found,
                ),
            )
        )
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if name is None:
            if not _blank(header[index]):
                table.notices.append(
                    Problem(
                        Place(sheet=sheet, row=header_row, column=str(header[index]).strip()),
                        _("column not recognised; ignored"),
                    )
                )
        elif name in seen:
            problems.append(
                Problem(
                    Place(sheet=sheet, row=header_row),
                    _("two columns mean %(column)s", column=repr(name)),
                )
            )
        else:
            seen[name] = index
    if not header or missing or len(seen) < len([n for n in names if n]):
        return True
    width = len(header)
    for number, cells in iterator:
        if all(_blank(c) for c in cells):
            continue  # blank lines are harmless
        extra = [c for c in cells[width:] if not _blank(c)]
        if extra:
            problems.append(
                Problem(
                    Place(sheet=sheet, row=number),
                    _n(
                        "%(values)s but the header names %(count)s column (a decimal comma in a"
                        " comma-separated file? quote the number or use ; as the separator)",
                        "%(values)s but the header names %(count)s columns (a decimal comma in a"
                        " comma-separated file? quote the number or use ; as the separator)",
                        width,
                        values=_n("%(count)s value", "%(count)s values", width + len(extra)),
                    ),
                )
            )
            continue
        values = {name: cells[i] if i < len(cells) else None for name, i in seen.items()}
        held = [n for n, v in values.items() if isinstance(v, str) and "\x00" in v]
        if held:
            problems += [
                Problem(
                    Place(sheet=sheet, row=number, column=name),
                    _("the text holds a NUL character (code 0), which cannot be stored; delete it"),
                )
                for name in held
            ]
            continue
        table.records.append(Record(sheet=sheet, row=number, values=values))
    return True

"""Read a CSV or XLSX file into records keyed by canonical column names, remembering each place."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import openpyxl

from civicspace.core.messages import _, _n
from civicspace.imports.problems import ImportRefused, Place, Problem
from civicspace.imports.values import ValueProblem

T = TypeVar("T")

_DELIMITERS = (",", ";", "\t")


COUNTRY_ALIASES = ("country_code", "iso", "iso2", "iso_code")


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
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # tolerates the byte-order mark spreadsheet programs add
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused(
            [Problem(Place(row=line), _('the file is not UTF-8 text; save it as "CSV UTF-8"'))]
        ) from exc
    lines = text.splitlines()
    header = next((line for line in lines if line.strip()), "")
    delimiter = max(_DELIMITERS, key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for fields in reader:
        yield start, fields
        start = reader.line_num + 1


def _read_xlsx(path: Path, columns: Columns) -> Table:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ImportRefused(
            [
                Problem(
                    Place(),
                    _(
                        "%(file)s could not be opened as an Excel workbook (%(error)s)",
                        file=path.name,
                        error=str(exc),
                    ),
                )
            ]
        ) from exc
    table = Table()
    problems: list[Problem] = []
    used = 0
    try:
        for sheet in workbook.worksheets:
            rows = enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
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
        table.records.append(Record(sheet=sheet, row=number, values=values))
    return True

"""Read a filled panel workbook back: streamed, within limits, text exactly as it was typed."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from civicspace.core.framework import Edition, PrincipleSource
from civicspace.core.messages import _
from civicspace.core.scoring import off_scale
from civicspace.imports.problems import ImportRefused, Place, Problem
from civicspace.imports.values import ValueProblem, is_not_assessed, parse_date, parse_decimal
from civicspace.imports.workbook import (
    AGREED_COL,
    FIRST_PANELIST_COL,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    JUSTIFICATION_COL,
    META,
    PANEL,
    SOURCE_KINDS,
    SOURCES_COL,
    WORKBOOK_LIMITS,
    DimensionRow,
    PanelistRow,
    SourceRow,
    WorkbookContent,
)
from civicspace.imports.xlsx import refused, sheet_rows, text_unescape, xlsx_open


class Grid:
    """One sheet's values, read once: cell access on a streamed sheet would re-read it."""

    def __init__(self, title: str, rows: Sequence[Sequence[Any]]) -> None:
        self.title = title
        self.rows = rows
        self.max_row = len(rows)
        self.max_column = max((len(r) for r in rows), default=0)

    def value(self, row: int, column: int) -> Any:
        if row > len(self.rows) or column > len(self.rows[row - 1]):
            return None
        return self.rows[row - 1][column - 1]

    def text(self, row: int, column: int, problems: list[Problem]) -> str:
        """The cell as typed: a formula is its text (`=1+1`), never a cached result."""
        text = _text(self.value(row, column))
        if "\x00" in text:
            cell = f"{get_column_letter(column)}{row}"
            problems.append(
                Problem(
                    Place(sheet=self.title, row=row, cell=cell),
                    _("the text holds a NUL character (code 0), which cannot be stored; delete it"),
                )
            )
            return text.replace("\x00", "")
        return text


def _text(value: Any) -> str:
    if value is None:
        return ""
    return (text_unescape(value) if isinstance(value, str) else str(value)).strip()


def workbook_parse(data: bytes, *, iso2: str, year: int, edition: Edition) -> WorkbookContent:
    """Read a filled workbook for the cycle (iso2, year); ImportRefused lists every problem.

    Limits (`WORKBOOK_LIMITS`) are checked before anything is parsed, and only the sheets the
    workbook needs are read.
    """
    principles = [p.code for p in edition.principles if p.source is PrincipleSource.PANEL]
    book = xlsx_open(data, WORKBOOK_LIMITS, data_only=False)
    try:
        present = set(book.sheetnames)
        if META not in present:
            raise refused(_("this is not a civicspace panel workbook (its _meta sheet is missing)"))
        grids = {
            name: Grid(name, [row for _n, row in sheet_rows(book[name], WORKBOOK_LIMITS)])
            for name in (META, PANEL, *principles)
            if name in present
        }
    finally:
        book.close()
    problems: list[Problem] = []
    meta = _read_meta(grids[META], problems)
    _check_identity(meta, iso2=iso2, year=year, edition=edition)
    panelists = _read_panel(grids.get(PANEL), problems)
    codes = [p.code for p in panelists]
    dimensions: dict[str, DimensionRow] = {}
    for code in principles:
        if code not in grids:
            problems.append(Problem(Place(sheet=code), _("sheet is missing")))
            continue
        dimensions |= _read_principle(grids[code], edition, codes, problems)
    versions = _versions(meta, problems)
    if problems:
        raise ImportRefused(problems)
    return WorkbookContent(
        iso2=iso2,
        country=iso2,
        year=year,
        edition=edition.code,
        versions=versions,
        panelists=panelists,
        dimensions=dimensions,
    )


def _read_meta(grid: Grid, problems: list[Problem]) -> dict[str, str]:
    meta = {}
    for row in range(1, grid.max_row + 1):
        key = grid.text(row, 1, problems)
        if key:
            meta[key] = grid.text(row, 2, problems)
    return meta


def _check_identity(meta: dict[str, str], *, iso2: str, year: int, edition: Edition) -> None:
    if meta.get("format") != FORMAT:
        raise refused(
            _("unknown workbook format %(format)s", format=repr(meta.get("format"))),
            Place(sheet=META),
        )
    if (meta.get("country"), meta.get("year")) != (iso2, str(year)):
        raise refused(
            _(
                "this workbook was made for %(their_country)s %(their_year)s,"
                " not %(country)s %(year)s",
                their_country=str(meta.get("country")),
                their_year=str(meta.get("year")),
                country=iso2,
                year=year,
            )
        )
    if meta.get("edition") != edition.code:
        raise refused(
            _(
                "this workbook was made with framework edition %(theirs)s;"
                " this cycle uses %(ours)s: download a new workbook",
                theirs=repr(meta.get("edition")),
                ours=repr(edition.code),
            )
        )


def _versions(meta: dict[str, str], problems: list[Problem]) -> dict[str, int]:
    versions = {}
    for key, value in meta.items():
        if key.startswith("version:"):
            try:
                versions[key.removeprefix("version:")] = int(value)
            except ValueError:
                problems.append(
                    Problem(
                        Place(sheet=META),
                        _("%(key)s is not a version number; download a new workbook", key=key),
                    )
                )
    return versions


def _read_panel(grid: Grid | None, problems: list[Problem]) -> list[PanelistRow]:
    if grid is None:
        problems.append(Problem(Place(sheet=PANEL), _("sheet is missing")))
        return []
    rows: list[PanelistRow] = []
    seen: dict[str, int] = {}
    for number in range(FIRST_ROW, grid.max_row + 1):
        cells = [grid.text(number, column, problems) for column in range(1, 6)]
        if not any(cells):
            continue
        code = cells[0].upper()
        place = Place(sheet=PANEL, row=number, cell=f"A{number}")
        if not code:
            problems.append(Problem(place, _("a panelist needs a code, e.g. P01")))
        elif code in seen:
            problems.append(
                Problem(
                    place,
                    _(
                        "code %(code)s is used twice (rows %(first)s and %(second)s)",
                        code=code,
                        first=seen[code],
                        second=number,
                    ),
                )
            )
        else:
            seen[code] = number
            rows.append(PanelistRow(code, *cells[1:]))
    return rows


def _read_principle(
    grid: Grid, edition: Edition, codes: list[str], problems: list[Problem]
) -> dict[str, DimensionRow]:
    principle = grid.title
    header = [grid.text(HEADER_ROW, col, problems) for col in range(1, grid.max_column + 1)]
    panelist_cols = {
        code: i + 1 for i, code in enumerate(header) if i + 1 >= FIRST_PANELIST_COL and code
    }
    for col in range(FIRST_PANELIST_COL, grid.max_column + 1):
        if header[col - 1]:
            continue
        for row in range(FIRST_ROW, grid.max_row + 1):
            if not is_not_assessed(grid.value(row, col)):
                letter = get_column_letter(col)
                problems.append(
                    Problem(
                        Place(sheet=principle, row=row, cell=f"{letter}{row}"),
                        _(
                            "a score with no panelist code above it (write the code in %(cell)s)",
                            cell=f"{letter}{HEADER_ROW}",
                        ),
                    )
                )
    for code, col in panelist_cols.items():
        if code.upper() not in codes:
            letter = get_column_letter(col)
            problems.append(
                Problem(
                    Place(sheet=principle, row=HEADER_ROW, cell=f"{letter}{HEADER_ROW}"),
                    _("panelist %(code)s is not on the Panel sheet", code=code),
                )
            )
    wanted = {d.code for d in edition.principle(principle).dimensions}
    found: dict[str, DimensionRow] = {}
    for row in range(FIRST_ROW, grid.max_row + 1):
        code = grid.text(row, 1, problems)
        if not code:
            continue
        if code not in wanted:
            problems.append(
                Problem(
                    Place(sheet=principle, row=row, cell=f"A{row}"),
                    _(
                        "%(code)s is not a dimension of %(principle)s",
                        code=repr(code),
                        principle=principle,
                    ),
                )
            )
            continue
        agreed = _score(grid, row, AGREED_COL, edition, problems)
        justification = grid.text(row, JUSTIFICATION_COL, problems)
        if agreed is not None and not justification:
            problems.append(
                Problem(
                    Place(sheet=principle, row=row, cell=f"E{row}"),
                    _("dimension %(dimension)s has a score but no justification", dimension=code),
                )
            )
        found[code] = DimensionRow(
            agreed=agreed,
            justification=justification,
            sources=_read_sources(grid, row, problems),
            panelist_scores={
                p.upper(): _score(grid, row, col, edition, problems)
                for p, col in panelist_cols.items()
            },
        )
    for code in sorted(wanted - set(found)):
        problems.append(
            Problem(Place(sheet=principle), _("dimension %(dimension)s is missing", dimension=code))
        )
    return found


def _score(
    grid: Grid, row: int, col: int, edition: Edition, problems: list[Problem]
) -> Decimal | None:
    raw = grid.value(row, col)
    if isinstance(raw, str):
        raw = text_unescape(raw)
    place = Place(sheet=grid.title, row=row, cell=f"{get_column_letter(col)}{row}")
    if is_not_assessed(raw):
        return None
    try:
        value = parse_decimal(raw, places=2)
    except ValueProblem as exc:
        problems.append(Problem(place, exc.message))
        return None
    if (problem := off_scale(value, edition.scale)) is not None:
        problems.append(Problem(place, problem))
        return None
    return value


def _read_sources(grid: Grid, row: int, problems: list[Problem]) -> tuple[SourceRow, ...]:
    place = Place(sheet=grid.title, row=row, cell=f"F{row}")
    sources = []
    for line in grid.text(row, SOURCES_COL, problems).splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + ["", "", ""]
        title, url, when, kind = parts[0], parts[1], parts[2], (parts[3] or "other").lower()
        if not title:
            problems.append(Problem(place, _("source %(line)s has no title", line=repr(line))))
            continue
        if url and not url.startswith(("http://", "https://")):
            problems.append(
                Problem(
                    place,
                    _(
                        "source %(title)s: %(url)s is not a web address",
                        title=repr(title),
                        url=repr(url),
                    ),
                )
            )
            continue
        if kind not in SOURCE_KINDS:
            problems.append(
                Problem(
                    place,
                    _(
                        "source %(title)s: kind %(kind)s is not one of %(kinds)s",
                        title=repr(title),
                        kind=repr(kind),
                        kinds=", ".join(SOURCE_KINDS),
                    ),
                )
            )
            continue
        try:
            published = parse_date(when) if when else None
        except ValueProblem as exc:
            problems.append(
                Problem(
                    place,
                    _("source %(title)s: %(problem)s", title=repr(title), problem=exc.message),
                )
            )
            continue
        sources.append(SourceRow(title, url, published, kind))
    return tuple(sources)

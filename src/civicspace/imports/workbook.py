"""The offline panel workbook: build it for a cycle, and read a filled one back, cell by cell."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from civicspace.core.framework import Edition, PrincipleSource
from civicspace.core.messages import _
from civicspace.imports.problems import ImportRefused, Place, Problem
from civicspace.imports.values import ValueProblem, is_not_assessed, parse_date, parse_decimal

FORMAT = "civicspace-panel-workbook/1"
META = "_meta"
INSTRUCTIONS = "Instructions"
PANEL = "Panel"
HEADER_ROW, FIRST_ROW = 3, 4
FIXED = ["code", "dimension", "guiding questions", "agreed score", "justification", "sources"]
AGREED_COL, JUSTIFICATION_COL, SOURCES_COL, FIRST_PANELIST_COL = 4, 5, 6, 7
PANEL_HEADER = ["code", "sector", "gender", "age band", "region"]
SOURCE_KINDS = ("law", "index", "report", "news", "other")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
UNLOCKED = Protection(locked=False)
SPARE_PANELIST_COLUMNS = 10  # for panelists added on the Panel sheet while offline


@dataclass(frozen=True)
class PanelistRow:
    code: str
    sector: str = ""
    gender: str = ""
    age_band: str = ""
    region: str = ""


@dataclass(frozen=True)
class SourceRow:
    title: str
    url: str = ""
    published_on: date | None = None
    kind: str = "other"


@dataclass(frozen=True)
class DimensionRow:
    agreed: Decimal | None
    justification: str
    sources: tuple[SourceRow, ...] = ()
    panelist_scores: Mapping[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkbookContent:
    """What a workbook carries, in either direction."""

    iso2: str
    country: str
    year: int
    edition: str
    versions: Mapping[str, int]  # dimension -> stored version when the workbook was made
    panelists: Sequence[PanelistRow]
    dimensions: Mapping[str, DimensionRow]
    demo: bool = False


def _score_choices(edition: Edition) -> str:
    low, high = int(edition.scale.minimum * 10), int(edition.scale.maximum * 10)
    return ",".join(f"{v / 10:.1f}" for v in range(low, high + 1))


def _sources_text(sources: Sequence[SourceRow]) -> str:
    return "\n".join(
        " | ".join([s.title, s.url, s.published_on.isoformat() if s.published_on else "", s.kind])
        for s in sources
    )


def workbook_build(content: WorkbookContent, edition: Edition) -> bytes:
    book = openpyxl.Workbook()
    intro = book.active
    assert intro is not None
    intro.title = INSTRUCTIONS
    _instructions(intro, content, edition)
    panel = book.create_sheet(PANEL)
    panel.append(
        [f"Panelists of {content.country} {content.year} (pseudonymous codes only, no names)"]
    )
    panel.append(["Add a row for each new panelist; existing codes must not be changed."])
    panel.append(PANEL_HEADER)
    for p in content.panelists:
        panel.append([p.code, p.sector, p.gender, p.age_band, p.region])
    codes = [p.code for p in content.panelists]
    validation_list = _score_choices(edition)
    for principle in edition.principles:
        if principle.source is not PrincipleSource.PANEL:
            continue
        sheet = book.create_sheet(principle.code)
        sheet.append([f"{principle.number}. {principle.name}"])
        sheet.append(
            [
                "Fill the yellow cells. Scores: pick from the list (1-5). Sources: one per"
                " line as  title | URL | YYYY-MM-DD | kind."
            ]
        )
        sheet.append(FIXED + codes)
        check = DataValidation(
            type="list",
            formula1=f'"{validation_list}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Score",
            error="Choose a score from 1.0 to 5.0.",
        )
        sheet.add_data_validation(check)
        for row, dim in enumerate(principle.dimensions, start=FIRST_ROW):
            stored = content.dimensions.get(dim.code, DimensionRow(None, ""))
            values = [
                dim.code,
                dim.name,
                "\n".join(dim.guiding_questions),
                None if stored.agreed is None else float(stored.agreed),
                stored.justification,
                _sources_text(stored.sources),
            ]
            values += [
                None if (v := stored.panelist_scores.get(code)) is None else float(v)
                for code in codes
            ]
            sheet.append(values)
            last = FIRST_PANELIST_COL + len(codes) + SPARE_PANELIST_COLUMNS
            for col in range(AGREED_COL, last):
                cell = sheet.cell(row=row, column=col)
                cell.protection = UNLOCKED
                cell.fill = INPUT_FILL
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for col in (AGREED_COL, *range(FIRST_PANELIST_COL, last)):
                check.add(sheet.cell(row=row, column=col))
            sheet.cell(row=row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
        for letter, width in zip("ABCDEF", (7, 28, 50, 10, 60, 50), strict=True):
            sheet.column_dimensions[letter].width = width
        for cell in sheet[HEADER_ROW]:
            cell.font = Font(bold=True)
        first_spare = FIRST_PANELIST_COL + len(codes)
        for col in range(first_spare, first_spare + SPARE_PANELIST_COLUMNS):
            header = sheet.cell(row=HEADER_ROW, column=col)
            header.protection = UNLOCKED
            header.fill = INPUT_FILL
        sheet.protection.sheet = True  # only the yellow cells can be typed into
    meta = book.create_sheet(META)
    for key, value in (
        ("format", FORMAT),
        ("country", content.iso2),
        ("year", content.year),
        ("edition", content.edition),
    ):
        meta.append([key, value])
    for code, version in content.versions.items():
        meta.append([f"version:{code}", version])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(sheet: Worksheet, content: WorkbookContent, edition: Edition) -> None:
    lines = [
        f"civicspace panel workbook: {content.country} {content.year}",
        f"Framework edition: {edition.title} ({edition.code})",
        "",
        "1. Record each panelist on the Panel sheet by a code (P01, P02, ...). Do not write names.",
        "2. On each principle sheet (P2-P6), enter the panel's agreed score, its justification and"
        " its sources for every dimension; panelists' individual scores are optional.",
        "3. Upload the workbook in the workspace. You will see what changes before anything is"
        " saved. A workbook made for another country, year or edition is refused.",
        "4. If someone changed a dimension online after you downloaded this workbook, the upload is"
        " refused for safety: download a fresh workbook and copy your changes over.",
        "",
        "Scale: " + "; ".join(f"{b.value} = {b.label}" for b in edition.scale.bands),
    ]
    if content.demo:
        lines.insert(1, "DEMO DATA: demonstration figures and texts, not findings.")
    for line in lines:
        sheet.append([line])
    sheet.column_dimensions["A"].width = 110
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.protection.sheet = True


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def workbook_parse(data: bytes, *, iso2: str, year: int, edition: Edition) -> WorkbookContent:
    """Read a filled workbook for the cycle (iso2, year); ImportRefused lists every problem."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # damaged or not a workbook at all
        raise ImportRefused(
            [
                Problem(
                    Place(),
                    _(
                        "the file could not be opened as an Excel workbook (%(error)s)",
                        error=str(exc),
                    ),
                )
            ]
        ) from exc
    if META not in book.sheetnames:
        raise ImportRefused(
            [
                Problem(
                    Place(),
                    _("this is not a civicspace panel workbook (its _meta sheet is missing)"),
                )
            ]
        )
    meta = {_text(r[0]): r[1] for r in book[META].iter_rows(values_only=True) if r and r[0]}
    if meta.get("format") != FORMAT:
        raise ImportRefused(
            [
                Problem(
                    Place(sheet=META),
                    _("unknown workbook format %(format)s", format=repr(meta.get("format"))),
                )
            ]
        )
    if (_text(meta.get("country")), _text(meta.get("year"))) != (iso2, str(year)):
        raise ImportRefused(
            [
                Problem(
                    Place(),
                    _(
                        "this workbook was made for %(their_country)s %(their_year)s,"
                        " not %(country)s %(year)s",
                        their_country=str(meta.get("country")),
                        their_year=str(meta.get("year")),
                        country=iso2,
                        year=year,
                    ),
                )
            ]
        )
    if meta.get("edition") != edition.code:
        raise ImportRefused(
            [
                Problem(
                    Place(),
                    _(
                        "this workbook was made with framework edition %(theirs)s;"
                        " this cycle uses %(ours)s: download a new workbook",
                        theirs=repr(meta.get("edition")),
                        ours=repr(edition.code),
                    ),
                )
            ]
        )
    problems: list[Problem] = []
    panelists = _read_panel(book, problems)
    codes = [p.code for p in panelists]
    dimensions: dict[str, DimensionRow] = {}
    for principle in edition.principles:
        if principle.source is not PrincipleSource.PANEL:
            continue
        if principle.code not in book.sheetnames:
            problems.append(Problem(Place(sheet=principle.code), _("sheet is missing")))
            continue
        dimensions |= _read_principle(
            book[principle.code], principle.code, edition, codes, problems
        )
    if problems:
        raise ImportRefused(problems)
    versions = {
        key.removeprefix("version:"): int(str(value))
        for key, value in meta.items()
        if key.startswith("version:")
    }
    return WorkbookContent(
        iso2=iso2,
        country=iso2,
        year=year,
        edition=edition.code,
        versions=versions,
        panelists=panelists,
        dimensions=dimensions,
    )


def _read_panel(book: Any, problems: list[Problem]) -> list[PanelistRow]:
    if PANEL not in book.sheetnames:
        problems.append(Problem(Place(sheet=PANEL), _("sheet is missing")))
        return []
    rows: list[PanelistRow] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(
        book[PANEL].iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW
    ):
        cells = [_text(v) for v in (list(values) + [None] * 5)[:5]]
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
    sheet: Worksheet, principle: str, edition: Edition, codes: list[str], problems: list[Problem]
) -> dict[str, DimensionRow]:
    header = [_text(c.value) for c in sheet[HEADER_ROW]]
    panelist_cols = {
        code: i + 1 for i, code in enumerate(header) if i + 1 >= FIRST_PANELIST_COL and code
    }
    for col in range(FIRST_PANELIST_COL, sheet.max_column + 1):
        if col <= len(header) and header[col - 1]:
            continue
        for row in range(FIRST_ROW, sheet.max_row + 1):
            if not is_not_assessed(sheet.cell(row=row, column=col).value):
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
    for code in panelist_cols:
        if code.upper() not in codes:
            letter = get_column_letter(panelist_cols[code])
            problems.append(
                Problem(
                    Place(sheet=principle, row=HEADER_ROW, cell=f"{letter}{HEADER_ROW}"),
                    _("panelist %(code)s is not on the Panel sheet", code=code),
                )
            )
    wanted = {d.code for d in edition.principle(principle).dimensions}
    found: dict[str, DimensionRow] = {}
    scale = edition.scale
    for row in range(FIRST_ROW, sheet.max_row + 1):
        code = _text(sheet.cell(row=row, column=1).value)
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

        def score(col: int, row: int = row) -> Decimal | None:
            raw = sheet.cell(row=row, column=col).value
            place = Place(sheet=principle, row=row, cell=f"{get_column_letter(col)}{row}")
            if is_not_assessed(raw):
                return None
            try:
                value = parse_decimal(raw, places=2)
            except ValueProblem as exc:
                problems.append(Problem(place, exc.message))
                return None
            if not scale.contains(float(value)):
                problems.append(
                    Problem(
                        place,
                        _(
                            "%(value)s is outside the scale %(minimum)s-%(maximum)s",
                            value=str(value),
                            minimum=f"{scale.minimum:g}",
                            maximum=f"{scale.maximum:g}",
                        ),
                    )
                )
                return None
            return value

        agreed = score(AGREED_COL)
        justification = _text(sheet.cell(row=row, column=JUSTIFICATION_COL).value)
        if agreed is not None and not justification:
            problems.append(
                Problem(
                    Place(sheet=principle, row=row, cell=f"E{row}"),
                    _("dimension %(dimension)s has a score but no justification", dimension=code),
                )
            )
        sources = _read_sources(sheet, row, principle, problems)
        found[code] = DimensionRow(
            agreed=agreed,
            justification=justification,
            sources=sources,
            panelist_scores={p.upper(): score(col) for p, col in panelist_cols.items()},
        )
    for code in sorted(wanted - set(found)):
        problems.append(
            Problem(Place(sheet=principle), _("dimension %(dimension)s is missing", dimension=code))
        )
    return found


def _read_sources(
    sheet: Worksheet, row: int, principle: str, problems: list[Problem]
) -> tuple[SourceRow, ...]:
    place = Place(sheet=principle, row=row, cell=f"F{row}")
    sources = []
    for line in _text(sheet.cell(row=row, column=SOURCES_COL).value).splitlines():
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

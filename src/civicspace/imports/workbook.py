"""The offline panel workbook: its layout, what it carries, and building it for a cycle.

Reading a filled one back is `civicspace.imports.workbook_upload`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from civicspace.core.framework import Edition, PrincipleSource
from civicspace.imports.xlsx import XlsxLimits, append_row

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
# What an upload may hold (docs/workspace.md). A real workbook has 8 sheets, some 30 rows, 6
# columns and one per panelist, and unpacks to well under 1 MB.
WORKBOOK_LIMITS = XlsxLimits(sheets=20, rows=1_000, columns=200, uncompressed_bytes=10 * 1024**2)


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
    append_row(
        panel,
        [f"Panelists of {content.country} {content.year} (pseudonymous codes only, no names)"],
    )
    append_row(panel, ["Add a row for each new panelist; existing codes must not be changed."])
    append_row(panel, PANEL_HEADER)
    for p in content.panelists:
        append_row(panel, [p.code, p.sector, p.gender, p.age_band, p.region])
    codes = [p.code for p in content.panelists]
    validation_list = _score_choices(edition)
    for principle in edition.principles:
        if principle.source is not PrincipleSource.PANEL:
            continue
        sheet = book.create_sheet(principle.code)
        append_row(sheet, [f"{principle.number}. {principle.name}"])
        append_row(
            sheet,
            [
                "Fill the yellow cells. Scores: pick from the list (1-5). Sources: one per"
                " line as  title | URL | YYYY-MM-DD | kind."
            ],
        )
        append_row(sheet, FIXED + codes)
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
            append_row(sheet, values)
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
        append_row(meta, [key, value])
    for code, version in content.versions.items():
        append_row(meta, [f"version:{code}", version])
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
        append_row(sheet, [line])
    sheet.column_dimensions["A"].width = 110
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.protection.sheet = True

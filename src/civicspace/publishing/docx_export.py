"""A Country Focus Report as a Word document, for offline editing: the same report model as the
page and the PDF, in the structure the report importer reads back.

Parts, principles and dimensions are Heading 1, 2 and 3 (headings inside a text, 4 to 6, and
its lists, citations and emphasis are docx_markdown's); each score stands on a `Score:` line
under its heading, with the score tables beside it (tables are never imported); cited sources
are footnotes numbered as in the report; a draft says DRAFT in the page header and on its
cover. What the importer would misread as text (notes, placeholders) is kept in tables or on
the cover, which it skips (docs/report-import.md, "Export and the round trip").
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, time

from docx import Document as new_document
from docx.document import Document
from docx.shared import Pt, RGBColor

from civicspace.core.citations import Cite
from civicspace.core.record import PublishedRecord
from civicspace.publishing.docx_markdown import Footnotes, MarkdownWriter
from civicspace.publishing.report import PrincipleBlock, Report

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_DRAFT_RED = RGBColor(0xB0, 0x1E, 0x1E)


def _score(score: float | None, label: str | None) -> str:
    if score is None:
        return "not scored"
    return f"{score:.1f} ({label})" if label else f"{score:.1f}"


def _citations(record: PublishedRecord) -> dict[str, Cite]:
    """What each citation in the texts points to, as the report numbers it (by number in a
    record published before keys, whose texts cite [^n])."""
    if record.sources and not any(s.keys for s in record.sources):
        return {str(s.number): Cite(s.number, s.url) for s in record.sources}
    return {key: Cite(s.number, s.url) for s in record.sources for key in s.keys}


def _table(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph()


def _properties(document: Document, report: Report) -> None:
    record, props = report.record, document.core_properties
    props.title = f"Country Focus Report: {report.title}" + (" (DRAFT)" if report.draft else "")
    props.subject = "Enabling environment for civil society"
    props.language = "en"
    props.author = record.network_member or "civicspace"
    props.category = "Country Focus Report"
    props.keywords = f"{record.country.iso2}; {record.year}; {record.edition}"
    props.comments = (
        "DRAFT: not approved or published; scores and texts may still change."
        if report.draft
        else f"Published revision {report.revision['number']}."
        if report.revision
        else ""
    )
    props.last_modified_by = "civicspace"
    if report.revision:
        published = datetime.combine(
            datetime.fromisoformat(report.revision["published"]).date(), time()
        )
        props.created = props.modified = published
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)


def _header(document: Document, report: Report) -> None:
    """The running head on every page; a draft's says DRAFT in red, in capitals."""
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.add_run(f"Country Focus Report · {report.title}")
    if report.draft:
        mark = paragraph.add_run("   DRAFT · not for publication")
        mark.bold, mark.font.color.rgb = True, _DRAFT_RED
    elif report.record.demo:
        paragraph.add_run("   DEMO DATA").bold = True


def _cover(document: Document, report: Report, state: str, writer: MarkdownWriter) -> None:
    """Everything before part A: the importer skips it as a title page (except the reporting
    period, which it reads to compare with the cycle's)."""
    record = report.record
    document.add_paragraph(f"Country Focus Report: {report.title}", style="Title")
    if report.draft:
        mark = document.add_paragraph().add_run("DRAFT")
        mark.bold, mark.font.size, mark.font.color.rgb = True, Pt(28), _DRAFT_RED
        document.add_paragraph(
            f"Not approved or published{': ' + state if state else ''}."
            " Scores and texts may still change."
        )
    document.add_paragraph(
        "Country Focus Report on the enabling environment for civil society", style="Subtitle"
    )
    period = record.reporting_period
    document.add_paragraph(
        f"Reporting period {period.start.isoformat()} to {period.end.isoformat()}"
    )
    if record.network_member:
        document.add_paragraph(f"Prepared by {record.network_member}")
    document.add_paragraph(f"Framework {report.edition.title} ({record.edition})")
    if report.revision:
        document.add_paragraph(
            f"Revision {report.revision['number']}, published {report.revision['published']}."
        )
        for correction in report.corrections:
            document.add_paragraph(
                f"Correction in revision {correction['number']}, {correction['published']}:"
                f" {correction['note']}",
                style="List Bullet",
            )
    if record.demo:
        document.add_paragraph(
            "DEMO DATA: this report is built from demonstration data written for civicspace,"
            " not from assessment findings."
        )
    writer.write(report.edition.report.funding_statement)
    document.add_heading("Scores at a glance", 1)
    _table(
        document,
        ("Principle", "Score", "Panel 90% interval"),
        [
            (
                f"{p.number}. {p.name}",
                _score(p.score, p.label),
                f"{p.interval.low:.1f} to {p.interval.high:.1f}" if p.interval else "n/a",
            )
            for p in report.principles
        ],
    )


def _principle(
    document: Document, report: Report, principle: PrincipleBlock, writer: MarkdownWriter
) -> None:
    texts = report.record.texts
    document.add_heading(principle.heading, 2)
    if principle.score is not None:
        document.add_paragraph(f"Score: {_score(principle.score, principle.label)}")
    interval = principle.interval
    _table(
        document,
        ("Principle score", "Panel 90% interval", "Source"),
        [
            (
                _score(principle.score, principle.label)
                if principle.score is not None
                else principle.missing_reason,
                f"{interval.low:.1f} to {interval.high:.1f}" if interval else "n/a",
                principle.source_note,
            )
        ],
    )
    if not principle.is_civicus:
        _table(
            document,
            ("Dimension", "Score", "Panelists' mean", "Panel 90% interval"),
            [
                (
                    d.heading,
                    _score(d.score, d.label),
                    f"{d.panel.mean:.1f}" if d.panel and d.panel.mean is not None else "n/a",
                    f"{d.panel.interval.low:.1f} to {d.panel.interval.high:.1f}"
                    + ("; the panel disagreed widely" if d.panel.dissent else "")
                    if d.panel and d.panel.interval
                    else "n/a",
                )
                for d in principle.dimensions
            ],
        )
    for dimension in principle.dimensions:
        text = texts.get(dimension.code, "")
        if not (text or dimension.score is not None or report.draft):
            continue
        document.add_heading(dimension.heading, 3)
        if not principle.is_civicus and dimension.score is not None:
            document.add_paragraph(f"Score: {_score(dimension.score, dimension.label)}")
        writer.write(text)
    document.add_heading("Summary", 3)
    writer.write(texts.get(principle.code, ""))


def _sources(document: Document, record: PublishedRecord) -> None:
    document.add_heading("Sources", 1)
    if not record.sources:
        return
    _table(
        document,
        ("No.", "Source", "Date", "Address", "Cited"),
        [
            (
                str(s.number),
                s.title,
                s.date.isoformat() if s.date else "",
                s.url,
                "yes" if s.cited else "consulted, not cited",
            )
            for s in record.sources
        ],
    )


def report_docx(report: Report, *, state: str = "") -> bytes:
    """The report as a .docx file; `state` names a draft's workflow state on its cover."""
    record = report.record
    document = new_document()
    writer = MarkdownWriter(document, Footnotes(document, record.sources), _citations(record))
    _properties(document, report)
    _header(document, report)
    _cover(document, report, state, writer)

    document.add_heading("A. Introduction", 1)
    document.add_heading("The enabling environment", 2)
    writer.write(report.edition.report.introduction)
    document.add_heading("The six principles", 2)
    for principle in report.principles:
        item = document.add_paragraph(style="List Number")
        item.add_run(f"{principle.name}.").bold = True
        item.add_run(f" {principle.description}")
    document.add_heading("Country context", 2)
    writer.write(record.texts.get("context", ""))

    document.add_heading("B. Assessment", 1)
    for principle in report.principles:
        _principle(document, report, principle, writer)

    document.add_heading("C. Recommendations", 1)
    for key, heading in record.headings.items():
        if key.startswith("rec/"):
            document.add_heading(heading, 2)
            writer.write(record.texts.get(key, ""))

    document.add_heading("D. Research process", 1)
    writer.write(record.texts.get("research", ""))
    _sources(document, record)  # last: the importer reads whatever follows it as sources
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

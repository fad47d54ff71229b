"""A Country Focus Report as a Word document, for offline editing: the same report model as the
page and the PDF, in the structure the report importer reads back.

Parts, principles and dimensions are Heading 1, 2 and 3 (headings inside a text, 4 to 6, and
its lists, citations and emphasis are docx_markdown's); each score stands on a `Score:` line
under its heading, with the score tables beside it (tables are never imported); cited sources
are footnotes numbered as in the report; a draft says DRAFT in the page header and on its
cover. What the importer would misread as text (notes, placeholders) is kept in tables or on
the cover, which it skips (docs/report-import.md, "Export and the round trip").

The document's own words (headings, captions, table headers, notes) are in the language asked
for, as in the PDF of that language; the texts and sources stay as published. English is the
default and the language the importer reads back; an Arabic file runs right to left (w:bidi).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, time

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document as new_document
from docx.document import Document
from docx.enum.table import WD_TABLE_DIRECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from civicspace.core.citations import Cite
from civicspace.core.record import PublishedRecord
from civicspace.publishing.docx_markdown import Footnotes, MarkdownWriter
from civicspace.publishing.report import PrincipleBlock, Report

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_DRAFT_RED = RGBColor(0xB0, 0x1E, 0x1E)
# What follows w:bidi in a paragraph's properties (ECMA-376 CT_PPrBase), which it must precede.
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip


def _score(score: float | None, label: str | None) -> str:
    if score is None:
        return _("not scored")
    return f"{score:.1f} ({label})" if label else f"{score:.1f}"


def _score_line(score: float | None, label: str | None) -> str:
    """The line under a heading that gives its score ("Score: 2.7 (partially enabling)", the
    line the importer reads in an English file)."""
    return _("Score: %(score)s") % {"score": _score(score, label)}


def _citations(record: PublishedRecord) -> dict[str, Cite]:
    """What each citation in the texts points to, as the report numbers it (by number in a
    record published before keys, whose texts cite [^n])."""
    if record.sources and not any(s.keys for s in record.sources):
        return {str(s.number): Cite(s.number, s.url) for s in record.sources}
    return {key: Cite(s.number, s.url) for s in record.sources for key in s.keys}


def _panel_interval() -> str:
    # The level as a value: a "%" in the words would be read as a Python format in the catalogue.
    return _("Panel %(level)s interval") % {"level": "90%"}


def _interval(low: float, high: float) -> str:
    return _("%(low)s to %(high)s") % {"low": f"{low:.1f}", "high": f"{high:.1f}"}


def _table(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    if translation.get_language_bidi():
        table.table_direction = WD_TABLE_DIRECTION.RTL  # w:bidiVisual: first column on the right
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph()


def _properties(document: Document, report: Report) -> None:
    record, props = report.record, document.core_properties
    series = _("Country Focus Report")
    props.title = f"{series}: {report.title}" + (f" ({_('DRAFT')})" if report.draft else "")
    props.subject = _("Enabling environment for civil society")
    props.language = translation.get_language()
    props.author = record.network_member or "civicspace"
    props.category = series
    props.keywords = f"{record.country.iso2}; {record.year}; {record.edition}"
    props.comments = (
        _("DRAFT: not approved or published; scores and texts may still change.")
        if report.draft
        else _("Published revision %(number)s.") % {"number": report.revision["number"]}
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
    paragraph.add_run(f"{_('Country Focus Report')} · {report.title}")
    if report.draft:
        mark = paragraph.add_run(f"   {_('DRAFT · not for publication')}")
        mark.bold, mark.font.color.rgb = True, _DRAFT_RED
    elif report.record.demo:
        paragraph.add_run(f"   {_('DEMO DATA')}").bold = True


def _cover(document: Document, report: Report, state: str, writer: MarkdownWriter) -> None:
    """Everything before part A: the importer skips it as a title page (except the reporting
    period, which it reads to compare with the cycle's)."""
    record = report.record
    document.add_paragraph(f"{_('Country Focus Report')}: {report.title}", style="Title")
    if report.draft:
        mark = document.add_paragraph().add_run(_("DRAFT"))
        mark.bold, mark.font.size, mark.font.color.rgb = True, Pt(28), _DRAFT_RED
        document.add_paragraph(
            (
                _("Not approved or published: %(state)s. Scores and texts may still change.")
                % {"state": state}
            )
            if state
            else _("Not approved or published. Scores and texts may still change.")
        )
    document.add_paragraph(
        _("Country Focus Report on the enabling environment for civil society"), style="Subtitle"
    )
    period = record.reporting_period
    document.add_paragraph(
        _("Reporting period %(start)s to %(end)s")
        % {"start": period.start.isoformat(), "end": period.end.isoformat()}
    )
    if record.network_member:
        document.add_paragraph(_("Prepared by %(member)s") % {"member": record.network_member})
    document.add_paragraph(
        _("Framework %(title)s (%(edition)s)")
        % {"title": report.edition.title, "edition": record.edition}
    )
    if report.revision:
        document.add_paragraph(_("Revision %(number)s, published %(published)s.") % report.revision)
        for correction in report.corrections:
            document.add_paragraph(
                _("Correction in revision %(number)s, %(published)s: %(note)s") % correction,
                style="List Bullet",
            )
    if record.demo:
        document.add_paragraph(
            _(
                "DEMO DATA: this report is built from demonstration data written for"
                " civicspace, not from assessment findings."
            )
        )
    writer.write(report.edition.report.funding_statement)
    document.add_heading(_("Scores at a glance"), 1)
    _table(
        document,
        (_("Principle"), _("Score"), _panel_interval()),
        [
            (
                f"{p.number}. {p.name}",
                _score(p.score, p.label),
                _interval(p.interval.low, p.interval.high) if p.interval else _("n/a"),
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
        document.add_paragraph(_score_line(principle.score, principle.label))
    interval = principle.interval
    _table(
        document,
        (_("Principle score"), _panel_interval(), _("Source")),
        [
            (
                _score(principle.score, principle.label)
                if principle.score is not None
                else principle.missing_reason,
                _interval(interval.low, interval.high) if interval else _("n/a"),
                principle.source_note,
            )
        ],
    )
    if not principle.is_civicus:
        _table(
            document,
            (_("Dimension"), _("Score"), _("Panelists' mean"), _panel_interval()),
            [
                (
                    d.heading,
                    _score(d.score, d.label),
                    f"{d.panel.mean:.1f}" if d.panel and d.panel.mean is not None else _("n/a"),
                    _interval(d.panel.interval.low, d.panel.interval.high)
                    + (f"; {_('the panel disagreed widely')}" if d.panel.dissent else "")
                    if d.panel and d.panel.interval
                    else _("n/a"),
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
            document.add_paragraph(_score_line(dimension.score, dimension.label))
        writer.write(text)
    document.add_heading(_("Summary"), 3)
    writer.write(texts.get(principle.code, ""))


def _sources(document: Document, record: PublishedRecord) -> None:
    document.add_heading(_("Sources"), 1)
    if not record.sources:
        return
    _table(
        document,
        (_("No."), _("Source"), _("Date"), _("Address"), _("Cited")),
        [
            (
                str(s.number),
                s.title,
                s.date.isoformat() if s.date else "",
                s.url,
                _("yes") if s.cited else _("consulted, not cited"),
            )
            for s in record.sources
        ],
    )


def report_docx(report: Report, *, state: str = "", language: str | None = None) -> bytes:
    """The report as a .docx file; `state` names a draft's workflow state on its cover.
    `language` is that of its own words (English when not given: the file to edit and import
    again); the texts and sources stay as written."""
    with translation.override(language or settings.LANGUAGE_CODE):
        document = _document(report, state)
        if translation.get_language_bidi():
            _right_to_left(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _document(report: Report, state: str) -> Document:
    record = report.record
    document = new_document()
    writer = MarkdownWriter(document, Footnotes(document, record.sources), _citations(record))
    _properties(document, report)
    _header(document, report)
    _cover(document, report, state, writer)

    document.add_heading(_("A. Introduction"), 1)
    document.add_heading(_("The enabling environment"), 2)
    writer.write(report.edition.report.introduction)
    document.add_heading(_("The six principles"), 2)
    for principle in report.principles:
        item = document.add_paragraph(style="List Number")
        item.add_run(f"{principle.name}.").bold = True
        item.add_run(f" {principle.description}")
    document.add_heading(_("Country context"), 2)
    writer.write(record.texts.get("context", ""))

    document.add_heading(_("B. Assessment"), 1)
    for principle in report.principles:
        _principle(document, report, principle, writer)

    document.add_heading(_("C. Recommendations"), 1)
    for key, heading in record.headings.items():
        if key.startswith("rec/"):
            document.add_heading(heading, 2)
            writer.write(record.texts.get(key, ""))

    document.add_heading(_("D. Research process"), 1)
    writer.write(record.texts.get("research", ""))
    _sources(document, record)  # last: the importer reads whatever follows it as sources
    return document


def _right_to_left(document: Document) -> None:
    """Every paragraph (body, tables, running head, footnotes) right to left, w:bidi, and the
    page too; the document's defaults say its complex-script language."""
    parts = [document.element, document.sections[0].header._element]
    parts += [
        rel.target_part.element
        for rel in document.part.rels.values()
        if rel.reltype.endswith("/footnotes")
    ]
    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            properties = paragraph.get_or_add_pPr()
            if properties.find(qn("w:bidi")) is None:
                properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for section in document.sections:
        section._sectPr.insert_element_before(
            OxmlElement("w:bidi"), "w:rtlGutter", "w:docGrid", "w:printerSettings"
        )
    normal = document.styles["Normal"].element.get_or_add_rPr()
    language = normal.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        normal.append(language)  # last of the properties the style has: its place in order
    language.set(qn("w:bidi"), translation.get_language())

"""Report Markdown as Word: what Word itself shows of lists and inline citations (the importer
reads them back in tests/apps/test_report_export.py)."""

from __future__ import annotations

import io
from xml.etree import ElementTree as ET

import docx
from docx.document import Document
from docx.oxml.ns import qn

from civicspace.core.citations import Cite
from civicspace.core.record import Source
from civicspace.publishing.docx_markdown import Footnotes, MarkdownWriter

TEXT = (
    "DEMO first steps:\n\n1. File\n2. Wait\n   - a month\n   - or two\n3. Appeal\n\n"
    "DEMO then, under [the 2024 law](^law):\n\n1. Refile\n2. Wait again\n\n#### DEMO aside"
)


def written(text: str) -> Document:
    document = docx.Document()
    source = Source(4, "DEMO law", "https://example.org/law", None, "law")
    writer = MarkdownWriter(
        document, Footnotes(document, [source]), {"law": Cite(4, "https://example.org/law")}
    )
    writer.write(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def list_items(document: Document) -> list[tuple[str, int, int]]:
    """(text, numId, level) of every list paragraph."""
    found = []
    for paragraph in document.paragraphs:
        numbered = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if numbered is not None:
            num, level = numbered.find(qn("w:numId")), numbered.find(qn("w:ilvl"))
            assert num is not None
            assert level is not None
            found.append((paragraph.text, int(num.get(qn("w:val"))), int(level.get(qn("w:val")))))
    return found


def test_every_list_counts_from_one_in_word_and_keeps_its_nesting():
    document = written(TEXT)
    items = list_items(document)
    assert [(text, level) for text, _, level in items] == [
        ("File", 0), ("Wait", 0), ("a month", 1), ("or two", 1), ("Appeal", 0),
        ("Refile", 0), ("Wait again", 0),
    ]  # fmt: skip
    first, nested, second = items[0][1], items[2][1], items[5][1]
    assert len({first, nested, second}) == 3
    assert {n for t, n, _ in items if t in ("File", "Wait", "Appeal")} == {first}
    numbering = ET.fromstring(document.part.numbering_part.blob)

    def instance(num: int) -> ET.Element:
        return next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(num))

    def level_format(num: int, level: int) -> str | None:
        abstract = instance(num).find(qn("w:abstractNumId"))
        assert abstract is not None
        definition = next(
            a
            for a in numbering.iter(qn("w:abstractNum"))
            if a.get(qn("w:abstractNumId")) == abstract.get(qn("w:val"))
        )
        lvl = next(x for x in definition.iter(qn("w:lvl")) if x.get(qn("w:ilvl")) == str(level))
        fmt = lvl.find(qn("w:numFmt"))
        return None if fmt is None else fmt.get(qn("w:val"))

    for num in (first, second):
        starts = [
            (o.get(qn("w:ilvl")), s.get(qn("w:val")))
            for o in instance(num).iter(qn("w:lvlOverride"))
            for s in o.iter(qn("w:startOverride"))
        ]
        assert ("0", "1") in starts  # Word counts the second list from 1, not on from the first
        assert level_format(num, 0) == "decimal"
    assert level_format(nested, 1) == "bullet"


def test_an_in_text_heading_keeps_its_level_below_the_reports_own():
    styles = [p.style.name for p in written(TEXT).paragraphs if p.text == "DEMO aside"]
    assert styles == ["Heading 4"]
    deeper = written("###### DEMO deep\n\n# DEMO top")
    assert [p.style.name for p in deeper.paragraphs] == ["Heading 6", "Heading 4"]


def test_an_inline_citations_phrase_links_to_the_bookmark_on_its_footnote():
    document = written(TEXT)
    (link,) = document.element.body.iter(qn("w:hyperlink"))
    phrase = "".join(t.text for t in link.iter(qn("w:t")))
    assert phrase == "the 2024 law"
    footnotes = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("footnotes")
    )
    bookmarks = [
        b.get(qn("w:name")) for b in ET.fromstring(footnotes.blob).iter(qn("w:bookmarkStart"))
    ]
    assert bookmarks == [link.get(qn("w:anchor"))]
    reference = link.getnext()
    assert reference.find(qn("w:footnoteReference")) is not None


def test_a_list_nested_deeper_than_word_allows_stays_at_words_ninth_level():
    # Markdown nests without limit; Word lists have levels 0-8 and refuse a file with more.
    deep = "\n".join(f"{'  ' * depth}- DEMO level {depth}" for depth in range(12))
    items = list_items(written(deep))
    assert [text for text, _, _ in items][:9] == [f"DEMO level {depth}" for depth in range(9)]
    assert [level for _, _, level in items][:9] == list(range(9))
    assert max(level for _, _, level in items) == 8

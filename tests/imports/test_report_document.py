"""Reading Country Focus Report documents: structure in its real variations, scores proposed or
suggested, sources, and what is not recognised, always said."""

from __future__ import annotations

import contextlib
import io
import zipfile
from decimal import Decimal

import docx
import docx.document
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.framework import load_edition
from civicspace.imports.problems import ImportRefused
from civicspace.imports.report_blocks import MAX_FILE_BYTES
from civicspace.imports.report_document import ReportDocument, report_document_read
from civicspace.imports.report_patterns import audience_match
from tests.imports.report_corpus import (
    LAW_URL,
    STYLES,
    Style,
    as_docx,
    as_markdown,
    as_text,
    lines_of,
)

EDITION = load_edition("eusee-2025")
WRITERS = {"md": as_markdown, "txt": as_text, "docx": as_docx}


def read(data: bytes, fmt: str = "md") -> ReportDocument:
    return report_document_read(data=data, name=f"report.{fmt}", edition=EDITION)


def not_imported(document: ReportDocument) -> list[str]:
    return [p.text for p in document.parts if p.key is None and p.role in ("skipped", "research")]


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("style", STYLES, ids=lambda s: f"{s.part}/{s.dimension}/{s.dimension_as}")
def test_every_style_and_format_gives_the_same_sections_and_scores(style: Style, fmt: str):
    document = read(WRITERS[fmt](lines_of(style)), fmt)
    assert sorted(document.sections) == sorted(
        ["context", "P2", "1.1", "2.1", "2.2", "2.3", "3.1", "rec/0", "rec/1", "rec/2"]
    )
    assert {s.code: s.value for s in document.scores} == {
        "P1": Decimal("2.2"), "2.1": Decimal("3.0"), "2.2": Decimal("2.5"),
        "P3": Decimal("2.8"), "3.1": Decimal("3.3"),
    }  # fmt: skip
    assert [(s.code, s.value) for s in document.suggestions] == [("P2", Decimal("2.6"))]
    assert "2.3" in document.missing
    assert "1.1" not in document.missing
    assert document.sections["2.1"] == "DEMO analysis of dimension 2.1, see [^1]."
    assert document.sections["rec/2"] == "- DEMO recommendation 2 for international donors."
    assert [(s.title, s.url) for s in document.sources] in (
        [("law on associations", LAW_URL)],
        [(LAW_URL, LAW_URL)],  # plain text has only the bare address
    )
    assert document.cited_in[1][:3] == ("context", "1.1", "2.1")
    assert str(document.period) == "(datetime.date(2024, 8, 1), datetime.date(2025, 7, 31))"
    assert document.panel_month == (2025, 3)
    assert not_imported(document) == [
        "Country Focus Report: Demoland 2025 (DEMO)",
        "DEMO: the panel met in March 2025 and agreed the scores.",
    ]
    headings_and_scores = " ".join(document.sections.values())
    assert "Score:" not in headings_and_scores
    assert "Registration" not in headings_and_scores


def test_table_of_contents_is_skipped_and_listed():
    document = read(as_markdown(lines_of(Style(contents=True))))
    contents = [p.text for p in document.parts if p.role == "contents"]
    assert contents[0] == "Contents"
    assert contents[-1] == "D. Research process 22"
    assert all("Introduction 3" not in text for text in document.sections.values())


@pytest.mark.parametrize(
    ("heading", "audience"),
    [
        ("To the government", 0),
        ("THE STATE", 0),
        ("Recommendations for the authorities", 0),
        ("Civil society", 1),
        ("CSOs", 1),
        ("civic space expansion", 1),
        ("Donors", 2),
        ("International organisations and donors", 2),
        ("Strategic support by international organizations and donors", 2),
    ],
)
def test_audience_headings_match_by_meaning(heading, audience):
    assert audience_match(heading, EDITION).index == audience


@pytest.mark.parametrize("heading", ["State and donors", "The government and donors"])
def test_a_heading_that_could_be_two_audiences_is_not_guessed(heading):
    match = audience_match(heading, EDITION)
    assert match.index is None
    assert match.candidates == (0, 2)


def test_unrecognised_parts_are_reported_with_their_reason():
    text = (
        "# C. Recommendations\n\nIntroductory words.\n\n## Parliament\n\n- Vote.\n\n"
        "## The state and donors\n\n- Meet.\n\n# E. Annex\n\nPanel list.\n"
    )
    document = read(text.encode())
    reasons = {p.text: str(p.reason) for p in document.parts if p.key is None and p.reason}
    assert reasons["Introductory words."] == "under part C but before any audience heading"
    assert reasons["Parliament"].startswith("this heading names none of the edition's audiences")
    assert reasons["Vote."] == reasons["Introductory words."]
    assert "could name more than one audience" in reasons["The state and donors"]
    assert (
        reasons["Panel list."] == "a part of the document that has no place in the report's texts"
    )
    assert document.sections == {}


def test_a_word_table_is_not_imported_but_listed():
    import docx

    doc = docx.Document()
    doc.add_heading("2. Supportive Legal and Regulatory Framework", 2)
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "2.1 Registration", "3.0"
    buffer = io.BytesIO()
    doc.save(buffer)
    document = read(buffer.getvalue(), "docx")
    row = next(p for p in document.parts if p.role == "skipped")
    assert row.text == "2.1 Registration | 3.0"
    assert "table" in str(row.reason)
    assert document.scores == ()


def test_a_blank_score_with_two_stated_scores_suggests_nothing():
    text = (
        "## 4. Open and Responsive State\n\nScore:\n\n"
        "It scored 2.5 in 2024 and a score of 2.8 now.\n"
    )
    document = read(text.encode())
    assert document.suggestions == ()
    assert "P4" in document.missing
    assert "several scores (2.5, 2.8)" in str(document.notices[0])


def test_a_score_off_the_scale_is_not_proposed():
    document = read(b"## 4.1 Transparency\n\nScore: 7\n\nText.\n")
    assert document.scores == ()
    assert "4.1" in document.missing
    assert "outside the scale" in str(document.notices[0])


def test_dimension_headings_in_any_written_form():
    for heading in (
        "4.1 Transparency",
        "4.1 | Transparency",
        "4.1. | Transparency",
        "**4.1 Transparency**",
        "*4.1. Transparency*",
        "Dimension 4.1: Transparency",
    ):
        assert read(f"{heading}\n\nScore: 3\n\nText.\n".encode()).sections == {"4.1": "Text."}


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Score: 3", "3"),
        ("Score: 3 / 5", "3"),
        ("score: 2,75", "2.75"),
        ("Score: 2.7 (partially enabling)", "2.7"),
        ("Dimension score: 4.0", "4.0"),
    ],
)
def test_score_lines_in_their_written_forms(line, value):
    document = read(f"## 4.1 Transparency\n\n{line}\n\nText.\n".encode())
    assert [(s.code, s.value) for s in document.scores] == [("4.1", Decimal(value))]


def test_a_summary_heading_returns_to_the_principle():
    text = (
        "## 4. Open and Responsive State\n\n### 4.1 Transparency\n\nPortal.\n\n"
        "### Summary\n\nOverall open.\n\nPrinciple score: 3.1\n"
    )
    document = read(text.encode())
    assert document.sections == {"4.1": "Portal.", "P4": "Overall open."}
    assert [(s.code, s.value) for s in document.scores] == [("P4", Decimal("3.1"))]


def test_plain_text_keeps_a_wrapped_paragraph_whole():
    text = "4.1 Transparency\nThe portal works and\n2 ministries answer late,\nmost do not.\n"
    assert read(text.encode(), "txt").sections == {
        "4.1": "The portal works and 2 ministries answer late, most do not."
    }


def test_a_heading_named_differently_is_imported_and_noted():
    document = read(b"## 4.2 Consultation with civil society\n\nText.\n")
    assert document.sections == {"4.2": "Text."}
    assert '"Participation"' in str(document.notices[0])


def test_a_numbered_recommendation_is_not_taken_for_a_principle():
    text = "# C. Recommendations\n\n## To the state\n\n**2. Amend the registration law**\n"
    assert read(text.encode()).sections == {"rec/0": "**2. Amend the registration law**"}


def test_footnotes_and_links_become_sources_once_each():
    text = (
        "## 4.1 Transparency\n\nFirst[^a], again[^b], a [link](https://ex.org/x/) and"
        " https://ex.org/x.\n\nUnknown[^zz].\n\n"
        "[^a]: Access to Information Law, 2015, https://ex.org/x\n"
        "[^b]: Ministry report on openness\n"
    )
    document = read(text.encode())
    assert [(s.title, s.url) for s in document.sources] == [
        ("Access to Information Law, 2015", "https://ex.org/x"),
        ("Ministry report on openness", ""),
    ]
    assert document.sections["4.1"].startswith("First[^1], again[^2], a link[^1] and [^1].")
    assert "[^zz] has no footnote text; it is left out" in str(document.notices[0])
    assert document.sections["4.1"].endswith("\n\nUnknown.")


def word_list(document: docx.document.Document, formats: tuple[str, ...]) -> int:
    """A list definition as Word writes one when a list is typed: a multi-level abstractNum
    (with its nsid, template and Symbol bullets) and a w:num pointing to it; returns its numId."""
    numbering = document.part.numbering_part.element
    number = 100 + len(numbering.xpath("./w:abstractNum"))
    symbol = '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>'
    levels = "".join(
        f'<w:lvl w:ilvl="{n}" w:tplc="0409000F"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{"" if fmt == "bullet" else f"%{n + 1}."}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 * (n + 1)}" w:hanging="360"/></w:pPr>'
        f"{symbol if fmt == 'bullet' else ''}</w:lvl>"
        for n, fmt in enumerate(formats)
    )
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{number}">'
            f'<w:nsid w:val="1A2B3C{number}"/><w:multiLevelType w:val="hybridMultilevel"/>'
            f'<w:tmpl w:val="0409001D"/>{levels}</w:abstractNum>'
        ),
    )
    return int(numbering.add_num(number).numId)


def word_item(document: docx.document.Document, text: str, num: int, level: int) -> None:
    paragraph = document.add_paragraph(text, style="List Paragraph")
    numbered = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbered.get_or_add_ilvl().val = level
    numbered.get_or_add_numId().val = num


def test_a_word_document_typed_by_hand_keeps_sub_headings_and_nested_lists():
    document = docx.Document()
    document.add_heading("B. Assessment", 1)
    document.add_heading("2. Freedom of Association", 2)
    document.add_heading("2.1 Registration", 3)
    document.add_paragraph("Score: 3.0")
    document.add_heading("Registration in practice", 4)
    document.add_paragraph("DEMO: where registration stalls.")
    bullets = word_list(document, ("bullet", "bullet", "bullet"))
    for text, level in (("Courts", 0), ("Appeals", 1), ("Fees", 1), ("Police", 0)):
        word_item(document, text, bullets, level)
    document.add_heading("Steps", 5)
    steps = word_list(document, ("decimal", "bullet"))
    for text, level in (("File", 0), ("Wait", 0), ("a month", 1), ("Appeal", 0)):
        word_item(document, text, steps, level)
    document.add_paragraph("Then again:")
    again = word_list(document, ("decimal",))  # Word restarts a list with a new numId
    for text in ("Refile", "Wait"):
        word_item(document, text, again, 0)
    buffer = io.BytesIO()
    document.save(buffer)
    read_back = read(buffer.getvalue(), "docx")
    assert read_back.sections["2.1"] == (
        "#### Registration in practice\n\nDEMO: where registration stalls.\n\n"
        "- Courts\n  - Appeals\n  - Fees\n- Police\n\n##### Steps\n\n"
        "1. File\n2. Wait\n   - a month\n3. Appeal\n\nThen again:\n\n1. Refile\n2. Wait"
    )
    assert [(s.code, s.value) for s in read_back.scores] == [("2.1", Decimal("3.0"))]


def test_markdown_keeps_sub_headings_nested_lists_and_inline_citations():
    text = (
        "## 4.1 Transparency\n\n#### The portal\n\nUnder the [access law](^a) it works.\n\n"
        "- Ministries\n  1. Finance\n  2. Health\n- Courts\n\n"
        "[^a]: Access to Information Law, 2015, https://ex.org/x\n"
    )
    document = read(text.encode())
    assert document.sections["4.1"] == (
        "#### The portal\n\nUnder the [access law](^1) it works.\n\n"
        "- Ministries\n  1. Finance\n  2. Health\n- Courts"
    )
    assert [(s.title, s.url) for s in document.sources] == [
        ("Access to Information Law, 2015", "https://ex.org/x")
    ]
    unknown = read(b"## 4.1 Transparency\n\nUnder the [access law](^zz) it works.\n")
    assert unknown.sections == {"4.1": "Under the access law it works."}
    assert "[^zz] has no footnote text; it is left out" in str(unknown.notices[0])


def test_audiences_as_level_four_headings_are_still_audiences_and_their_sub_headings_text():
    text = (
        "# C. Recommendations\n\n#### To the state\n\n- Amend the law.\n\n"
        "#### To donors\n\n##### Core funding\n\n- Fund core costs.\n"
    )
    assert read(text.encode()).sections == {
        "rec/0": "- Amend the law.",
        "rec/2": "##### Core funding\n\n- Fund core costs.",
    }


def test_a_sources_list_gives_sources_not_text():
    text = (
        "## 4.1 Transparency\n\nText.\n\n"
        "## References\n\n- Law on X, https://ex.org/law\n- A book\n"
    )
    document = read(text.encode())
    assert [s.title for s in document.sources] == ["Law on X", "A book"]
    assert document.sections == {"4.1": "Text."}


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"", "r.md", "The file is empty."),
        (b"   \n\n", "r.txt", "The file is empty."),
        (b"Just some words", "r.docx", "not a Word (.docx) document"),
        (b"x", "r.pdf", "must be a .docx, .md or .txt file"),
        ("Отчёт".encode("cp1251"), "r.txt", "not UTF-8"),
        (b"PK\x03\x04rest", "r.md", "not text: save it as .docx"),
    ],
)
def test_unreadable_documents_are_refused_with_a_reason(data, name, says):
    with pytest.raises(ImportRefused) as refused:
        report_document_read(data=data, name=name, edition=EDITION)
    assert says in str(refused.value)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_that_is_no_word_document_is_refused():
    with pytest.raises(ImportRefused, match="ZIP file but not a Word"):
        read(_zip({"readme.txt": b"hello"}), "docx")


def test_a_docx_that_unpacks_to_too_much_is_refused_unread():
    bomb = _zip({"word/document.xml": b"<w/>", "word/media/big.bin": bytes(101 * 1024**2)})
    assert len(bomb) < 1024**2
    with pytest.raises(ImportRefused, match="unpacks to more than 100 MB"):
        read(bomb, "docx")


def test_a_docx_whose_text_unpacks_to_too_much_is_refused_unread():
    bomb = _zip({"word/document.xml": bytes(31 * 1024**2)})
    with pytest.raises(ImportRefused, match="text unpacks to more than 30 MB"):
        read(bomb, "docx")


def test_images_are_counted_not_imported():
    import docx
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(picture, "PNG")
    doc = docx.Document()
    doc.add_heading("4.1 Transparency", 2)
    doc.add_paragraph("Text.")
    doc.add_picture(picture)
    buffer = io.BytesIO()
    doc.save(buffer)
    document = read(buffer.getvalue(), "docx")
    assert document.sections == {"4.1": "Text."}
    assert [str(n) for n in document.notices] == [
        "1 image is not imported: charts are drawn from the cycle's data."
    ]


def test_a_very_large_file_is_refused():
    with pytest.raises(ImportRefused, match="larger than 20 MB"):
        read(b"a" * (MAX_FILE_BYTES + 1), "txt")


def test_a_damaged_word_document_is_refused():
    with pytest.raises(ImportRefused, match="damaged"):
        read(_zip({"word/document.xml": b"<not xml"}), "docx")


@given(st.text(max_size=2000), st.sampled_from(["md", "txt"]))
def test_any_text_is_read_or_refused_never_crashes(text, fmt):
    try:
        document = read(text.encode(), fmt)
    except ImportRefused:
        return
    assert set(document.sections) <= {"context", *EDITION.dimensions, "P1", "P2", "P3", "P4",
                                      "P5", "P6", "rec/0", "rec/1", "rec/2"}  # fmt: skip


_SMALL_DOCX = as_docx([("h2", "4.1 Transparency"), ("p", "Score: 3"), ("p", "Text.")])


@given(st.lists(st.tuples(st.integers(0, len(_SMALL_DOCX) - 1), st.integers(0, 255)), max_size=8))
def test_a_damaged_docx_is_read_or_refused_never_crashes(changes):
    data = bytearray(_SMALL_DOCX)
    for position, value in changes:
        data[position] = value
    with contextlib.suppress(ImportRefused):
        read(bytes(data), "docx")


_REPORTISH = st.sampled_from(
    ["A. Introduction", "(B) Assessment", "C) Recommendations", "D. Research process",
     "2. Supportive", "2.1 | Registration", "9.9 Nothing", "Score:", "Score: 3,5", "Score: 9",
     "Contents", "References", "To the state", "Donors", "a score of 2.7.", "[^1]", "[x](http://a.b)",
     "https://ex.org/a", "- item", "**bold**", "*", "#", "1 August 2024 to 31 July 2025",
     "reporting period", "the panel met in May 2025", "", "\f", "3"]
)  # fmt: skip


@given(st.lists(_REPORTISH, max_size=60), st.sampled_from(["md", "txt"]))
def test_report_shaped_noise_never_crashes_and_every_paragraph_has_a_place(lines, fmt):
    try:
        document = read("\n\n".join(lines).encode(), fmt)
    except ImportRefused:
        return
    placed = [p.paragraph for p in document.parts]
    assert placed == sorted(placed)
    assert len(placed) == len(set(placed))

"""A corpus of synthetic Country Focus Reports (DEMO texts written for these tests), one content
in many of the styles real documents show, as Markdown, plain text or DOCX built here."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# What the document says, in report order: (principle number, name, score or None,
# [(dimension code, name, score or None)]). Scores None: a blank "Score:" line.
PRINCIPLES: list[tuple[int, str, str | None, list[tuple[str, str, str | None]]]] = [
    (1, "Respect and Protection of Fundamental Freedoms", "2.2",
     [("1.1", "Freedom of Association", None)]),
    (
        2,
        "Supportive Legal and Regulatory Framework",
        None,
        [("2.1", "Registration", "3.0"), ("2.2", "Operational Environment", "2.5"),
         ("2.3", "Protection from Interference", None)],
    ),
    (3, "Accessible and Sustainable Resources", "2.8", [("3.1", "Accessibility", "3.3")]),
]  # fmt: skip
AUDIENCES = ["To the government", "Civil society organisations", "International donors"]
LAW_URL = "https://example.org/demo-law-on-associations"


@dataclass(frozen=True)
class Style:
    part: str = "A."  # how part letters are written: "A.", "A)", "(A)", "Part A:"
    principle: str = "{n}. {name}"
    dimension: str = "{code} | {name}"
    dimension_as: str = "heading"  # "heading", "bold" or "italic" paragraph
    dimension_level: int = 3
    contents: bool = True
    score_label: str = "Score:"


STYLES = [
    Style(),
    Style(part="A)", dimension="{code} {name}", dimension_as="bold", contents=False),
    Style(part="(A)", dimension="{code}. | {name}", dimension_as="italic", dimension_level=4),
    Style(part="Part A:", principle="Principle {n}: {name}", dimension_level=2),
    Style(dimension="{code}. | {name}", dimension_level=5, score_label="Principle score:"),
]


def lines_of(style: Style) -> list[tuple[str, str]]:
    """The document as (kind, text): kind is "h1".."h6", "bold", "italic", "p", "item"."""
    out: list[tuple[str, str]] = [("h1", "Country Focus Report: Demoland 2025 (DEMO)")]
    part = {k: style.part.replace("A", k) for k in "ABCD"}
    if style.contents:
        out += [("h2", "Contents")] + [
            ("p", f"{part[k]} {name} {page}")
            for k, name, page in (("A", "Introduction", 3), ("B", "Assessment", 5),
                                  ("C", "Recommendations", 19), ("D", "Research process", 22))
        ]  # fmt: skip
    out += [
        ("h2", f"{part['A']} Introduction"),
        ("p", "The reporting period runs from 1 August 2024 to 31 July 2025."),
        ("h3", "Country context"),
        ("p", f"DEMO context: parliament adopted a [law on associations]({LAW_URL})."),
        ("h2", f"{part['B']} Assessment"),
    ]
    for n, name, score, dims in PRINCIPLES:
        out.append(("h3", style.principle.format(n=n, name=name)))
        label = style.score_label
        out.append(("p", f"{label} {score}" if score else label))
        if score is None:
            out.append(("p", f"DEMO summary of principle {n}: it receives a score of 2.6."))
        for code, dim_name, dim_score in dims:
            heading = style.dimension.format(code=code, name=dim_name)
            kind = {"heading": f"h{style.dimension_level}"}.get(style.dimension_as)
            out.append((kind or style.dimension_as, heading))
            out.append(("p", f"Score: {dim_score}" if dim_score else "Score:"))
            out.append(("p", f"DEMO analysis of dimension {code}, see {LAW_URL}."))
    out.append(("h2", f"{part['C']} Recommendations"))
    for n, audience in enumerate(AUDIENCES):
        out += [("h3", audience), ("item", f"DEMO recommendation {n} for {audience.lower()}.")]
    out += [
        ("h2", f"{part['D']} Research process"),
        ("p", "DEMO: the panel met in March 2025 and agreed the scores."),
    ]
    return out


def as_markdown(lines: list[tuple[str, str]]) -> bytes:
    blocks = []
    for kind, text in lines:
        if kind.startswith("h"):
            blocks.append("#" * int(kind[1]) + " " + text)
        elif kind == "bold":
            blocks.append(f"**{text}**")
        elif kind == "italic":
            blocks.append(f"*{text}*")
        elif kind == "item":
            blocks.append(f"- {text}")
        else:
            blocks.append(text)
    return "\n\n".join(blocks).encode()


def as_text(lines: list[tuple[str, str]]) -> bytes:
    """What a PDF-to-text tool gives: no marks, headings on lines of their own, page numbers."""
    out = []
    for i, (kind, text) in enumerate(lines):
        text = text.replace(f"[law on associations]({LAW_URL})", f"law on associations {LAW_URL}")
        out.append(f"• {text}" if kind == "item" else text)
        out.append("")
        if i % 9 == 8:
            out.append(f"\f{i // 9 + 1}")
    return "\n".join(out).encode()


def as_docx(lines: list[tuple[str, str]], pages: int = 1) -> bytes:
    document = docx.Document()
    for _ in range(pages):
        for kind, text in lines:
            if kind.startswith("h"):
                document.add_heading(text, int(kind[1]))
            elif kind in ("bold", "italic"):
                run = document.add_paragraph().add_run(text)
                run.bold, run.italic = kind == "bold", kind == "italic"
            elif kind == "item":
                document.add_paragraph(text, style="List Bullet")
            else:
                _paragraph_with_links(document, text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraph_with_links(document: docx.document.Document, text: str) -> None:
    """Markdown links become real Word hyperlinks (python-docx has no call for them)."""
    paragraph = document.add_paragraph()
    marker = f"[law on associations]({LAW_URL})"
    before, found, after = text.partition(marker)
    paragraph.add_run(before)
    if found:
        rel = paragraph.part.relate_to(LAW_URL, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel)
        run = OxmlElement("w:r")
        label = OxmlElement("w:t")
        label.text = "law on associations"
        run.append(label)
        link.append(run)
        paragraph._p.append(link)
        paragraph.add_run(after)

"""Report Markdown as Word paragraphs and runs: headings, emphasis, links, nested lists, and
citations as footnotes (an inline citation's phrase also links to its footnote).

python-docx 1.2.0 has no footnotes API (it reads and writes comments, not notes), so the
footnotes part is built through its documented low-level API: an `XmlPart` related to the
document part, and `OxmlElement` for the few elements python-docx does not wrap. Likewise
for list numbering: the template's list styles are one level each, so lists get a multi-level
definition of their own (`Numbering`), which keeps their nesting in the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from docx.oxml.text.paragraph import CT_P
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it import MarkdownIt
from markdown_it.token import Token

from civicspace.core.citations import Cite, citations_substitute
from civicspace.core.record import Source

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False})
_MARKER = re.compile("\ue000(\\d+)\ue001")
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_LINK_COLOUR = RGBColor(0x1F, 0x4E, 0x9A)
_CITE_START = "\ue002"  # where an inline citation's phrase begins; its footnote mark ends it
_TOKENS = re.compile(f"{_CITE_START}|{_MARKER.pattern}")
_BULLETS = ("\u2022", "\u25e6", "\u25aa")
_FOOTNOTES = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote></w:footnotes>"
)


def hyperlink(paragraph: Paragraph, part: Part, url: str) -> Paragraph:
    """A `w:hyperlink` to `url` at the end of `paragraph`, related from `part` (the document's
    or the footnotes' part: each keeps its own relationships). Returns a paragraph proxy over
    the link, so that runs added to it land inside the link."""
    rid = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink", {qn("r:id"): rid})
    paragraph._p.append(link)
    return Paragraph(link, paragraph._parent)


def anchor_link(paragraph: Paragraph, bookmark: str) -> Paragraph:
    """A `w:hyperlink` to a bookmark of the same document, like `hyperlink`."""
    link = OxmlElement("w:hyperlink", {qn("w:anchor"): bookmark, qn("w:history"): "1"})
    paragraph._p.append(link)
    return Paragraph(link, paragraph._parent)


def cite_bookmark(note: int) -> str:
    """The bookmark on footnote `note`, which an inline citation's phrase links to (hidden in
    Word's bookmark list by the leading underscore; the importer knows it by its name)."""
    return f"_Cite{note}"


def superscript(run: Run) -> Run:
    run.font.superscript = True
    return run


class Footnotes:
    """The document's footnotes. Every citation is a footnote of its own whose printed mark is
    the source's number in the report (a Word custom mark), so a source keeps one number, the
    report's, however often it is cited; its text is the source's title and address."""

    def __init__(self, document: Document, sources: Sequence[Source]) -> None:
        self.document_part = document.part
        self.part = XmlPart(
            PackURI("/word/footnotes.xml"),
            CONTENT_TYPE.WML_FOOTNOTES,
            parse_xml(_FOOTNOTES),
            document.part.package,
        )
        document.part.relate_to(self.part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.sources = {s.number: s for s in sources}
        self.count = 0

    def cite(self, paragraph: Paragraph, cite: Cite, *, bookmark: bool = False) -> None:
        """A footnote for `cite` at the end of `paragraph`; with `bookmark`, its text carries
        the bookmark an inline citation's phrase links to."""
        self.count += 1
        run = superscript(paragraph.add_run())
        run._r.append(
            OxmlElement(
                "w:footnoteReference",
                {qn("w:customMarkFollows"): "1", qn("w:id"): str(self.count)},
            )
        )
        run._r.append(_text(str(cite.number)))
        note = OxmlElement("w:footnote", {qn("w:id"): str(self.count)})
        self.part.element.append(note)
        body = Paragraph(OxmlElement("w:p"), paragraph._parent)
        note.append(body._p)
        source = self.sources.get(cite.number)
        title = source.title if source else ""
        url = source.url if source else cite.url
        if bookmark:
            mark = {qn("w:id"): str(self.count)}
            body._p.append(
                OxmlElement("w:bookmarkStart", {**mark, qn("w:name"): cite_bookmark(self.count)})
            )
        for made in (superscript(body.add_run(str(cite.number))), body.add_run(f" {title}")):
            made.font.size = Pt(9)
        if url:
            body.add_run(". ").font.size = Pt(9)
            link = body if not url.startswith(_LINK_SCHEMES) else hyperlink(body, self.part, url)
            shown = link.add_run(url)
            shown.font.size = Pt(9)
            shown.font.color.rgb = _LINK_COLOUR
        if bookmark:
            body._p.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): str(self.count)}))


class Numbering:
    """Each list of the document numbered on its own: a new `w:num` per list, restarted at 1
    (Word otherwise continues a second numbered list from the first), over two multi-level
    definitions, bulleted and numbered, whose levels are the lists' nesting (`w:ilvl`)."""

    def __init__(self, document: Document) -> None:
        self.element = document.part.numbering_part.element
        taken = [int(n) for n in self.element.xpath("./w:abstractNum/@w:abstractNumId")]
        first = max(taken, default=-1) + 1
        self.abstract = {False: first, True: first + 1}
        anchor = self.element.find(qn("w:num"))
        for ordered, number in self.abstract.items():
            definition = _abstract_list(number, ordered=ordered)
            if anchor is None:
                self.element.append(definition)
            else:
                anchor.addprevious(definition)

    def new_list(self, *, ordered: bool, level: int) -> int:
        """The numId of a new list whose items are at nesting `level`, counting from 1."""
        num = self.element.add_num(self.abstract[ordered])
        override = OxmlElement("w:lvlOverride", {qn("w:ilvl"): str(level)})
        override.append(OxmlElement("w:startOverride", {qn("w:val"): "1"}))
        num.append(override)
        return int(num.numId)


def _abstract_list(number: int, *, ordered: bool) -> CT_P:
    definition = OxmlElement("w:abstractNum", {qn("w:abstractNumId"): str(number)})
    definition.append(OxmlElement("w:multiLevelType", {qn("w:val"): "hybridMultilevel"}))
    for level in range(9):
        lvl = OxmlElement("w:lvl", {qn("w:ilvl"): str(level)})
        lvl.append(OxmlElement("w:start", {qn("w:val"): "1"}))
        lvl.append(OxmlElement("w:numFmt", {qn("w:val"): "decimal" if ordered else "bullet"}))
        text = f"%{level + 1}." if ordered else _BULLETS[level % len(_BULLETS)]
        lvl.append(OxmlElement("w:lvlText", {qn("w:val"): text}))
        lvl.append(OxmlElement("w:lvlJc", {qn("w:val"): "left"}))
        indent = {qn("w:left"): str(720 + 360 * level), qn("w:hanging"): "360"}
        properties = OxmlElement("w:pPr")
        properties.append(OxmlElement("w:ind", indent))
        lvl.append(properties)
        definition.append(lvl)
    return definition


def _text(value: str) -> CT_P:
    element = OxmlElement("w:t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    element.text = value
    return element


@dataclass
class _Inline:
    bold: int = 0
    italic: int = 0
    code: int = 0
    links: list[Paragraph | None] = field(default_factory=list)
    cite: bool = False  # inside an inline citation's phrase (the innermost of `links`)


@dataclass
class _List:
    style: str  # "List Bullet" or "List Number"
    num: int  # its own w:num, so that it counts from 1


class MarkdownWriter:
    """Writes report Markdown into a Word document: paragraphs, in-text headings (levels 4-6,
    below the report's own), nested lists (bulleted and numbered), block quotes, emphasis,
    links, and each run of citations as footnotes ("1,2", never "12")."""

    def __init__(
        self, document: Document, footnotes: Footnotes, citations: Mapping[str, Cite]
    ) -> None:
        self.document, self.footnotes, self.citations = document, footnotes, citations
        self.numbering = Numbering(document)

    def write(self, markdown: str) -> None:
        marks: list[list[Cite]] = []

        def footnotes(cites: list[Cite]) -> str:
            marks.append(cites)
            return f"\ue000{len(marks) - 1}\ue001"

        def inline(phrase: str, cite: Cite) -> str:
            return f"{_CITE_START}{phrase}{footnotes([cite])}"

        marked = citations_substitute(markdown, self.citations, footnotes=footnotes, inline=inline)
        self._blocks(_MARKDOWN.parse(marked), marks)

    def _blocks(self, tokens: list[Token], marks: list[list[Cite]]) -> None:
        lists: list[_List] = []
        quote = 0
        heading = 0
        for token in tokens:
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                ordered = kind.startswith("ordered")
                name = "List Number" if ordered else "List Bullet"
                num = self.numbering.new_list(ordered=ordered, level=min(len(lists), WORD_DEEPEST))
                lists.append(_List(name, num))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind == "heading_open":
                # Heading 1-3 are the report's parts, principles and dimensions.
                heading = max(4, int(token.tag[1]))
            elif kind == "inline":
                style = f"Heading {heading}" if heading else self._style(lists, quote)
                paragraph = self.document.add_paragraph(style=style)
                if lists and not heading:
                    _numbered(paragraph, lists[-1].num, min(len(lists) - 1, WORD_DEEPEST))
                self._inline(paragraph, token.children or [], marks)
                heading = 0
            elif kind in ("code_block", "fence"):
                for line in token.content.rstrip("\n").split("\n"):
                    self.document.add_paragraph().add_run(line).font.name = "Courier New"

    @staticmethod
    def _style(lists: list[_List], quote: int) -> str | None:
        if lists:
            depth = len(lists)
            return lists[-1].style if depth == 1 else f"{lists[-1].style} {min(depth, 3)}"
        return "Quote" if quote else None

    def _inline(self, paragraph: Paragraph, children: list[Token], marks: list[list[Cite]]) -> None:
        state = _Inline()
        for child in children:
            kind = child.type
            if kind == "text":
                self._text(paragraph, child.content, state, marks)
            elif kind in ("softbreak", "hardbreak"):
                self._run(paragraph, " ", state)
            elif kind in ("strong_open", "strong_close"):
                state.bold += 1 if kind.endswith("open") else -1
            elif kind in ("em_open", "em_close"):
                state.italic += 1 if kind.endswith("open") else -1
            elif kind == "code_inline":
                state.code += 1
                self._run(paragraph, child.content, state)
                state.code -= 1
            elif kind == "link_open":
                url = str(child.attrs.get("href") or "")
                state.links.append(
                    hyperlink(paragraph, self.document.part, url)
                    if url.startswith(_LINK_SCHEMES)
                    else None
                )
            elif kind == "link_close" and state.links:
                state.links.pop()
            elif kind == "image":
                self._text(paragraph, child.content, state, marks)

    def _text(
        self, paragraph: Paragraph, text: str, state: _Inline, marks: list[list[Cite]]
    ) -> None:
        position = 0
        for found in _TOKENS.finditer(text):
            self._run(paragraph, text[position : found.start()], state)
            position = found.end()
            if found[0] == _CITE_START:
                # The phrase links to the bookmark on its footnote, the next one made.
                bookmark = cite_bookmark(self.footnotes.count + 1)
                state.links.append(anchor_link(paragraph, bookmark))
                state.cite = True
                continue
            inline = state.cite
            if inline:
                state.links.pop()
                state.cite = False
            for n, cite in enumerate(marks[int(found[1])]):
                if n:
                    superscript(paragraph.add_run(","))
                self.footnotes.cite(paragraph, cite, bookmark=inline)
        self._run(paragraph, text[position:], state)

    def _run(self, paragraph: Paragraph, text: str, state: _Inline) -> None:
        if not text:
            return
        target = next((link for link in reversed(state.links) if link is not None), None)
        run = (target or paragraph).add_run(text)
        run.bold = bool(state.bold) or None
        run.italic = bool(state.italic) or None
        if state.code:
            run.font.name = "Courier New"
        if target is not None:
            run.font.color.rgb = _LINK_COLOUR
            run.font.underline = True


# Word lists have nine levels (ilvl 0-8); Markdown nests deeper, so deeper items stay at the ninth.
WORD_DEEPEST = 8


def _numbered(paragraph: Paragraph, num: int, level: int) -> None:
    """Puts `paragraph` in list `num` at nesting `level` (0 for the outermost)."""
    properties = paragraph._p.get_or_add_pPr()
    numbering = properties.get_or_add_numPr()
    numbering.get_or_add_ilvl().val = level
    numbering.get_or_add_numId().val = num

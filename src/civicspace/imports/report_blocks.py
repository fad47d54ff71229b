"""A report document (DOCX, Markdown, plain text) as a flat list of blocks, before any meaning.

DOCX goes through mammoth and Markdown through markdown-it to HTML, and one small walk over
that HTML gives the blocks; plain text (e.g. pdftotext output) is split into lines. Inline text
stays Markdown: links as `[text](url)`, footnote references as `[^label]`, and a phrase that
links to a footnote's bookmark (an exported inline citation) or to `^label` in Markdown as
`[phrase](^label)`. List items keep their nesting depth.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal

import mammoth
from markdown_it import MarkdownIt

from civicspace.core.messages import Message, _
from civicspace.imports.problems import ImportRefused, Place, Problem

BlockKind = Literal["heading", "para", "item", "row"]

# A report is tens of pages; these bounds keep one upload's time and memory small.
MAX_FILE_BYTES = 20 * 1024**2
MAX_DOCX_UNCOMPRESSED = 100 * 1024**2
MAX_DOCX_XML = 30 * 1024**2  # the XML mammoth parses in memory (a 20-page report: under 1 MB)
MAX_BLOCKS = 20_000

FORMATS = ("docx", "md", "txt")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str  # Markdown inline text
    level: int = 0  # heading level, 1-6; 0 for everything else
    emphasised: bool = False  # the whole paragraph is bold or italic (a heading in disguise)
    number: int = 0  # an item's number in a numbered list; 0 for everything else
    depth: int = 0  # an item's nesting: 0 in a list, 1 in a list inside an item, ...


@dataclass
class Blocks:
    blocks: list[Block] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)  # label -> Markdown text
    images: int = 0  # images are not imported; the preview says how many were left out


def refuse(message: Message) -> ImportRefused:
    return ImportRefused([Problem(Place(), message)])


def format_of(name: str) -> str:
    """The format a file name says: docx, md or txt; refuses anything else."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "docx":
        return "docx"
    if suffix in ("md", "markdown"):
        return "md"
    if suffix in ("txt", "text"):
        return "txt"
    raise refuse(
        _(
            "%(name)s: a report document must be a .docx, .md or .txt file.",
            name=name,
        )
    )


def blocks_read(data: bytes, fmt: str) -> Blocks:
    """The blocks of a document, or ImportRefused saying why it cannot be read."""
    if not data.strip():
        raise refuse(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise refuse(
            _(
                "The file is larger than %(limit)s MB; a report document is far smaller.",
                limit=MAX_FILE_BYTES // 1024**2,
            )
        )
    if fmt == "docx":
        html, images = _docx_html(data)
        result = _html_blocks(html)
        result.images = images
    elif fmt == "md":
        result = _markdown_blocks(_decode(data))
    else:
        result = _text_blocks(_decode(data))
    if len(result.blocks) > MAX_BLOCKS:
        raise refuse(_("The document has more than %(limit)s paragraphs.", limit=MAX_BLOCKS))
    if not any(b.text.strip() for b in result.blocks):
        raise refuse(_("The document has no text."))
    return result


def _decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise refuse(_("This is a ZIP or Word file, not text: save it as .docx."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse(_("The text is not UTF-8: save it as UTF-8 and try again.")) from None


def _docx_html(data: bytes) -> tuple[str, int]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
        xml = sum(i.file_size for i in archive.infolist() if i.filename.endswith((".xml", ".rels")))
    except Exception:  # a damaged archive fails in many ways (BadZipFile, struct, EOF, ...)
        raise refuse(_("This is not a Word (.docx) document: it cannot be opened.")) from None
    if "word/document.xml" not in names:
        raise refuse(_("This is a ZIP file but not a Word (.docx) document."))
    if unpacked > MAX_DOCX_UNCOMPRESSED:
        raise refuse(
            _(
                "The document unpacks to more than %(limit)s MB; it is refused unread.",
                limit=MAX_DOCX_UNCOMPRESSED // 1024**2,
            )
        )
    if xml > MAX_DOCX_XML:
        raise refuse(
            _(
                "The document's text unpacks to more than %(limit)s MB; it is refused unread.",
                limit=MAX_DOCX_XML // 1024**2,
            )
        )
    images = 0

    def no_image(image: object) -> dict[str, str]:
        # Images are not imported: counting them is enough, reading them would cost memory.
        nonlocal images
        images += 1
        return {}

    try:
        # mammoth never fetches anything outside the archive.
        html = str(
            mammoth.convert_to_html(
                io.BytesIO(data), convert_image=mammoth.images.img_element(no_image)
            ).value
        )
    except Exception:  # mammoth raises many kinds on a damaged file; the user needs one answer
        raise refuse(_("The Word document is damaged and cannot be read.")) from None
    return html, images


def _markdown_blocks(text: str) -> Blocks:
    # Footnote definitions `[^1]: ...` would read as link definitions: take them out first.
    footnotes: dict[str, str] = {}
    kept = []
    for line in text.splitlines():
        match = re.match(r"^\s{0,3}\[\^([^\]\s]+)\]:\s*(.*)$", line)
        if match:
            footnotes[match.group(1)] = match.group(2).strip()
        else:
            kept.append(line)
    html = MarkdownIt("commonmark", {"html": False}).render("\n".join(kept))
    result = _html_blocks(html)
    result.footnotes.update(footnotes)
    return result


# What a heading line of a report can look like (the reader decides what it means).
HEADING_SHAPE = re.compile(
    r"^(?:(?-i:\(?[A-H][.):]|\([A-H]\))|part\s+[A-H]\b|principle\s+\d"
    r"|(?-i:\d(?:\.\d)?\.?\s*[|:.]?\s*[A-Z])"
    r"|[\w ]{0,30}score\s*:|(?:table\s+of\s+)?contents\s*$|sources\s*$|references\s*$)",
    re.I,
)
_MARK = re.compile(r"[\d\s,*†‡]+")
# The bookmark docx_export puts on the footnote of an inline citation (docx_markdown.cite_bookmark).
_CITE_ANCHOR = re.compile(r"#_Cite\d+$")
_MARKDOWN_CITE = re.compile(r"^(?:\^|%5E)([^\s]+)$", re.I)
_PHRASE = re.compile("\ue002(.*?)\ue003", re.S)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)


def _text_blocks(text: str) -> Blocks:
    """Plain text: a short line is its own block (headings are not set off by blank lines in
    PDF-to-text output); longer lines join into paragraphs until a blank line."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("para", " ".join(paragraph)))
            paragraph.clear()

    for raw in text.replace("\f", "\n").splitlines():
        line = " ".join(raw.split())
        if not line or _PAGE_NUMBER.match(line):
            flush()
            continue
        bullet = re.match(r"^[•\-*–]\s+(.*)$", line)
        if bullet:
            flush()
            blocks.append(Block("item", bullet.group(1)))
        elif len(line) <= 100 and HEADING_SHAPE.match(line):
            flush()
            blocks.append(Block("para", line))
        else:
            paragraph.append(line)
    flush()
    return Blocks(blocks)


class _Walker(HTMLParser):
    """HTML from mammoth or markdown-it into blocks; footnote lists into `footnotes`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Blocks()
        self.parts: list[str] = []
        self.plain_chars = 0  # visible characters outside bold/italic in the current block
        self.emph_depth = 0
        self.kind: BlockKind | None = None
        self.level = 0
        self.link: list[str | None] = []
        self.link_start: list[int] = []
        self.footnote: str | None = None  # label of the footnote being read
        self.cells: list[str] = []
        self.sup = 0  # depth of <sup>
        self.after_note = False  # in the superscript of a footnote reference
        self.lists: list[int] = []  # per open list: 0 bulleted, else the next item's number
        self.number = 0
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._open("heading", int(tag[1]))
        elif tag == "p" or (tag == "li" and not self.footnote):
            note = attr.get("id") or ""
            if tag == "li" and re.match(r"(foot|end)note-\d+$", note):
                self.footnote = note
                self.parts = []
            elif self.kind is None and self.footnote is None:
                self._open("item" if tag == "li" else "para", 0)
                if tag == "li":
                    self.depth = max(0, len(self.lists) - 1)
                if tag == "li" and self.lists and self.lists[-1]:
                    self.number, self.lists[-1] = self.lists[-1], self.lists[-1] + 1
        elif tag in ("ul", "ol"):
            if self.kind == "item" and self.footnote is None:
                self._close()  # the item's own text ends where its nested list begins
            self.lists.append(int(attr.get("start") or 1) if tag == "ol" else 0)
        elif tag == "sup":
            self.sup += 1
        elif tag in ("td", "th"):
            self.parts, self.kind = [], "row"
        elif tag in ("strong", "b", "em", "i"):
            self.emph_depth += 1
            self.parts.append("**" if tag in ("strong", "b") else "*")
        elif tag == "a":
            href = attr.get("href") or ""
            ref = re.match(r"#((?:foot|end)note-\d+)$", href)
            if ref:
                phrase = _PHRASE.fullmatch(self.parts[-1]) if self.parts else None
                if phrase:  # an inline citation: its phrase, then its footnote
                    self.parts[-1] = f"[{phrase[1]}](^{ref.group(1)})"
                else:
                    self.parts.append(f"[^{ref.group(1)}]")
                self.link.append("skip")
                self.after_note = True
            else:
                if _CITE_ANCHOR.search(href):
                    self.link.append("cite")
                elif cite := _MARKDOWN_CITE.match(href):
                    self.link.append(f"^{cite[1]}")
                else:
                    self.link.append(href if re.match(r"https?://", href) else None)
                self.link_start.append(len(self.parts))
        elif tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) or tag == "p" or tag == "li":
            if self.footnote is not None:
                if tag == "li":
                    text = re.sub(r"\s*↑\s*$", "", self._text())
                    self.out.footnotes[self.footnote] = text
                    self.footnote, self.parts = None, []
                return
            if self.kind in ("heading", "para", "item") and (tag != "li" or self.kind == "item"):
                self._close()
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "sup":
            self.sup = max(0, self.sup - 1)
            self.after_note = self.after_note and self.sup > 0
        elif tag in ("td", "th"):
            self.cells.append(self._text())
            self.parts, self.kind = [], None
        elif tag == "tr":
            if any(self.cells):
                self.out.blocks.append(Block("row", " | ".join(self.cells)))
            self.cells = []
        elif tag in ("strong", "b", "em", "i"):
            self.emph_depth = max(0, self.emph_depth - 1)
            self.parts.append("**" if tag in ("strong", "b") else "*")
        elif tag == "a" and self.link:
            href = self.link.pop()
            if href == "skip":
                return
            start = self.link_start.pop()
            inner = "".join(self.parts[start:])
            del self.parts[start:]
            if href == "cite" and inner.strip():
                self.parts.append(f"\ue002{inner}\ue003")  # its footnote reference follows
            elif href and inner.strip() and (href.startswith("^") or "[^" not in inner):
                self.parts.append(f"[{inner}]({href})")
            else:
                self.parts.append(inner)  # an internal anchor (a contents entry): text only

    def handle_data(self, data: str) -> None:
        if self.footnote is None and self.kind is None:
            return
        if self.link[-1:] == ["skip"]:  # the "[1]" mammoth writes for a footnote reference
            return
        if self.sup and _MARK.fullmatch(data):
            # A footnote's own printed mark (Word's custom marks, and the commas between
            # several), after its reference or at the start of the footnote: not text.
            opening = self.footnote is not None and not "".join(self.parts).strip()
            if self.after_note or opening:
                return
        self.after_note = False
        if self.emph_depth == 0:
            self.plain_chars += len(data.strip())
        self.parts.append(data)

    def _open(self, kind: BlockKind, level: int) -> None:
        self.kind, self.level, self.parts, self.plain_chars = kind, level, [], 0
        self.number = self.depth = 0

    def _text(self) -> str:
        text = _PHRASE.sub(r"\1", " ".join("".join(self.parts).split()))
        return text.replace("****", "").strip()  # bold runs Word split in two

    def _close(self) -> None:
        text = self._text()
        if text and self.kind is not None:
            emphasised = self.kind == "para" and self.plain_chars == 0
            block = Block(self.kind, text, self.level, emphasised, self.number, self.depth)
            self.out.blocks.append(block)
        self.kind, self.parts = None, []


def _html_blocks(html: str) -> Blocks:
    walker = _Walker()
    walker.feed(html)
    walker.close()
    return walker.out

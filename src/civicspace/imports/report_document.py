"""Read a Country Focus Report document into the sections, scores and sources of a cycle.

Every paragraph of the document ends up somewhere: in a section (by its key, as
`editorial.selectors.text_keys` names them), or in a part the preview lists as not imported,
with the reason. Scores are proposed, never applied here; a score only stated in a sentence is
a suggestion the user must accept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from civicspace.core.framework import Edition, Principle, PrincipleSource
from civicspace.core.messages import Message, _, _n
from civicspace.imports import report_patterns as rp
from civicspace.imports.report_blocks import Block, Blocks, blocks_read, format_of

Role = Literal["section", "heading", "contents", "score", "research", "sources", "skipped"]


@dataclass(frozen=True)
class DocumentSource:
    number: int  # the document's own numbering, as [^number] in the section texts
    title: str
    url: str


@dataclass(frozen=True)
class DocumentPart:
    paragraph: int  # 1-based position of the part's first paragraph in the document
    role: Role
    key: str | None  # the section it goes to; None: not imported
    text: str
    reason: Message | None = None  # why it is not imported, when it is not


@dataclass(frozen=True)
class ScoreEntry:
    code: str  # a principle code (P2) or a dimension code (2.1)
    value: Decimal
    evidence: str  # the Score: line, or the sentence a suggestion comes from


@dataclass(frozen=True)
class ReportDocument:
    parts: tuple[DocumentPart, ...]
    sections: Mapping[str, str]  # key -> Markdown with [^n] citations
    scores: tuple[ScoreEntry, ...]
    suggestions: tuple[ScoreEntry, ...]
    missing: tuple[str, ...]  # codes with neither a score nor a suggestion
    sources: tuple[DocumentSource, ...]
    cited_in: Mapping[int, tuple[str, ...]]  # source number -> section keys citing it
    period: tuple[date, date] | None = None
    panel_month: tuple[int, int] | None = None  # (year, month) the panel met, from part D
    notices: tuple[Message, ...] = ()


def report_document_read(*, data: bytes, name: str, edition: Edition) -> ReportDocument:
    """Read a .docx, .md or .txt report; ImportRefused when it cannot be read at all."""
    return report_document_recognise(blocks_read(data, format_of(name)), edition)


_ITEM = re.compile(r"^( *)(?:-|(\d+)\.) ")
_INLINE_REF = re.compile(r"\[([^\]\n^][^\]\n]*)\]\(\^([^)\s]+)\)")  # as core.citations.INLINE
_CITABLE = re.compile(
    rf"{_INLINE_REF.pattern}|{rp.LINK.pattern}|{rp.FOOTNOTE_REF.pattern}|{rp.URL.pattern}"
)


def _same_list(before: str, item: str) -> bool:
    """Whether `item` continues the list `before` ends: bullets after a bullet, or the next
    number after a number, at the same depth; an item nested in the one before, or back out
    of a nested list."""
    first, second = _ITEM.match(before), _ITEM.match(item)
    if first is None or second is None:
        return False
    if len(first[1]) != len(second[1]):
        return True
    if first[2] is None or second[2] is None:
        return first[2] is None and second[2] is None
    return int(second[2]) == int(first[2]) + 1


def _joined(paragraphs: list[str]) -> str:
    """Markdown of a section: paragraphs apart by a blank line, the items of one list (and of
    the lists nested in it) on consecutive lines (a tight list, as authors write them)."""
    text = ""
    for n, paragraph in enumerate(paragraphs):
        tight = n and _same_list(paragraphs[n - 1], paragraph)
        text += ("\n" if tight else "\n\n" if n else "") + paragraph
    return text


def report_document_recognise(blocks: Blocks, edition: Edition) -> ReportDocument:
    return _Reader(blocks, edition).read()


@dataclass
class _State:
    part: str | None = None  # "A".."D" by meaning, "sources", or "other"
    key: str | None = None
    in_contents: bool = False
    contents_first: str = ""
    blank_scores: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, blocks: Blocks, edition: Edition) -> None:
        self.blocks, self.edition = blocks, edition
        self.state = _State()
        self.parts: list[DocumentPart] = []
        self.sections: dict[str, list[str]] = {}
        self.scores: dict[str, ScoreEntry] = {}
        self.sources: list[DocumentSource] = []
        self.source_keys: dict[str, int] = {}
        self.cited_in: dict[int, list[str]] = {}
        self.notices: list[Message] = []
        self.period: tuple[date, date] | None = None
        self.research: list[str] = []
        self.list_columns: list[int] = []  # per list depth: where its items' text begins

    def read(self) -> ReportDocument:
        for number, block in enumerate(self.blocks.blocks, start=1):
            self._block(number, block)
        if self.blocks.images:
            self.notices.append(
                _n(
                    "%(count)s image is not imported: charts are drawn from the cycle's data.",
                    "%(count)s images are not imported: charts are drawn from the cycle's data.",
                    self.blocks.images,
                )
            )
        sections = {k: _joined(v) for k, v in self.sections.items() if any(v)}
        suggestions = self._suggestions(sections)
        scored = set(self.scores) | {s.code for s in suggestions}
        return ReportDocument(
            parts=tuple(self.parts),
            sections=sections,
            scores=tuple(self.scores.values()),
            suggestions=tuple(suggestions),
            missing=tuple(c for c in self._scorable() if c not in scored),
            sources=tuple(self.sources),
            cited_in={n: tuple(dict.fromkeys(keys)) for n, keys in self.cited_in.items()},
            period=self.period,
            panel_month=rp.month_of(" ".join(s for s in self.research if rp.PANEL.search(s))),
            notices=tuple(self.notices),
        )

    def _scorable(self) -> list[str]:
        codes = []
        for principle in self.edition.principles:
            codes.append(principle.code)
            if principle.source is PrincipleSource.PANEL:
                codes.extend(d.code for d in principle.dimensions)
        return codes

    # One paragraph at a time -------------------------------------------------------------

    def _block(self, number: int, block: Block) -> None:
        text = rp.plain(block.text)
        strong = block.kind == "heading" or block.emphasised
        short = block.kind == "para" and len(text) <= 100 and not text.endswith((".", ";", ","))
        candidate = strong or short
        if block.kind == "row":
            self._skip(number, block.text, _("a table: scores and figures come from the cycle"))
            return
        if self.state.in_contents and self._contents(number, block, text):
            return
        if self.period is None and rp.PERIOD_LINE.search(text):
            self.period = rp.period_of(text)
        if candidate and rp.CONTENTS.match(text):
            self.state.in_contents, self.state.contents_first = True, ""
            self._add(number, "contents", None, block.text)
        elif candidate and rp.SOURCES.match(text):
            self.state.part, self.state.key = "sources", None
            self._add(number, "heading", None, block.text)
        elif len(text) <= 80 and (score := rp.SCORE_LINE.match(text)):
            self._score(number, block.text, score)
        elif candidate and self._heading(number, block, text, strong):
            return
        else:
            self._body(number, block)

    def _contents(self, number: int, block: Block, text: str) -> bool:
        """A table of contents: entries until the body starts (a real heading, a repeat of the
        first entry, or a paragraph that is not an entry)."""
        entry = re.sub(rf"{rp.TOC_ENTRY.pattern}", "", text).strip()
        if block.kind == "heading" or (entry and entry == self.state.contents_first):
            self.state.in_contents = False
            return False
        looks = (
            block.kind == "item"
            or rp.TOC_ENTRY.search(text) is not None
            or (len(text) <= 100 and not text.endswith("."))
        )
        if not looks:
            self.state.in_contents = False
            return False
        self.state.contents_first = self.state.contents_first or entry
        self._add(number, "contents", None, block.text)
        return True

    def _heading(self, number: int, block: Block, text: str, strong: bool) -> bool:
        state = self.state
        if (match := rp.PART.match(text)) and (strong or len(text) <= 60):
            letter = (match["a"] or match["b"] or match["c"]).upper()
            state.part, state.key = rp.part_meaning(letter, match["name"]), None
            if state.part == "A":
                state.key = "context"
            self._add(number, "heading", None, block.text)
            return True
        sure = strong and state.part not in ("C", "D")  # a numbered recommendation is no heading
        if (match := rp.DIMENSION.match(text)) and match["code"] in self.edition.dimensions:
            dim = self.edition.dimensions[match["code"]]
            if sure or rp.name_overlap(match["name"], dim.name) >= 0.5:
                self._named(match["name"], dim.name, text)
                state.part, state.key = "B", dim.code
                self._add(number, "heading", dim.code, block.text)
                return True
        match = rp.PRINCIPLE_WORD.match(text) or rp.PRINCIPLE.match(text)
        principle = self._principle(int(match["n"])) if match else None
        if match and principle and (sure or rp.name_overlap(match["name"], principle.name) >= 0.5):
            if match["name"]:
                self._named(match["name"], principle.name, text)
            state.part, state.key = "B", principle.code
            self._add(number, "heading", principle.code, block.text)
            return True
        if block.kind == "heading" and block.level >= 4 and state.key is not None:
            # A heading below the report's own is the section's sub-heading, unless part C's
            # audiences are headings of that level.
            audience = state.part == "C" and rp.audience_match(text, self.edition).index is not None
            if not audience:
                return False
        if state.part == "C" and block.kind != "item":
            return self._audience(number, block, text, strong)
        if state.part == "A" and len(text) <= 40 and rp.CONTEXT.search(text):
            state.key = "context"
            self._add(number, "heading", "context", block.text)
            return True
        if not strong:
            return False
        if state.key and rp.SUMMARY.match(text) and state.part == "B":
            principle = self.edition.principle_of(state.key) if "." in state.key else None
            state.key = principle.code if principle else state.key
            self._add(number, "heading", state.key, block.text)
            return True
        if state.part == "A":
            if rp.CONTEXT.search(text) and len(text) <= 40:
                state.key = "context"
                self._add(number, "heading", "context", block.text)
            else:
                state.key = None
                self._skip(number, block.text, _("part A's introduction comes from the edition"))
            return True
        return False

    def _audience(self, number: int, block: Block, text: str, strong: bool) -> bool:
        found = rp.audience_match(text, self.edition)
        if found.index is not None:
            self.state.key = f"rec/{found.index}"
            self._add(number, "heading", self.state.key, block.text)
            return True
        if block.kind != "heading" and (self.state.key is not None or not strong):
            return False  # a short line or bold paragraph under an audience is its text
        self.state.key = None
        audiences = self.edition.recommendation_audiences
        if found.candidates:
            reason = _(
                "this heading could name more than one audience (%(audiences)s): rename it"
                " to one of them",
                audiences="; ".join(audiences[i] for i in found.candidates),
            )
        else:
            reason = _(
                "this heading names none of the edition's audiences (%(audiences)s)",
                audiences="; ".join(audiences),
            )
        self._skip(number, block.text, reason)
        return True

    def _score(self, number: int, line: str, match: re.Match[str]) -> None:
        key, what = self.state.key, (match["what"] or "").lower()
        code = None
        if key and key in self.edition.dimensions:
            principle = self.edition.principle_of(key)
            code = principle.code if what in ("principle", "overall") else key
        elif key and key.startswith("P"):
            code = key
        if code is None:
            self._skip(number, line, _("a score line outside any principle or dimension"))
            return
        self._add(number, "score", code, line)
        value = rp.score_value(match["value"]) if match["value"] else None
        if value is None:
            self.state.blank_scores.append(code)
        elif not self.edition.scale.contains(float(value)):
            self.notices.append(
                _(
                    "%(code)s: the score %(value)s is outside the scale; it is not proposed.",
                    code=code,
                    value=str(value),
                )
            )
        else:
            self.scores[code] = ScoreEntry(code, value, rp.plain(line))

    def _body(self, number: int, block: Block) -> None:
        state = self.state
        text = block.text
        if block.kind == "item":
            text = self._item(block)
        if block.kind == "heading":
            # A sub-heading of the section, at its level; Heading 1-3 are the report's own.
            text = f"{'#' * max(4, block.level)} {block.text}"
        if state.part == "sources":
            self._footnote(block.text, None)
            self._add(number, "sources", None, block.text)
        elif state.part == "D":
            self.research.append(rp.plain(block.text))
            self._skip(
                number,
                block.text,
                _("the research process is written from the cycle's data"),
                role="research",
            )
        elif state.key is not None:
            self.sections.setdefault(state.key, []).append(self._cite(text, state.key))
            self._add(number, "section", state.key, text)
        else:
            self._skip(number, block.text, self._why_not(state.part))

    def _why_not(self, part: str | None) -> Message:
        if part is None:
            return _("before the first part or principle (a title page)")
        if part == "B":
            return _("part B outside any principle or dimension")
        if part == "C":
            return _("under part C but before any audience heading")
        return _("a part of the document that has no place in the report's texts")

    # Helpers -----------------------------------------------------------------------------

    def _item(self, block: Block) -> str:
        """A list item as Markdown, indented under the item it is nested in."""
        marker = f"{block.number}." if block.number else "-"
        columns = self.list_columns[: block.depth]
        indent = columns[-1] if columns else 0
        self.list_columns = [*columns, indent + len(marker) + 1]
        return f"{' ' * indent}{marker} {block.text}"

    def _principle(self, number: int) -> Principle | None:
        return next((p for p in self.edition.principles if p.number == number), None)

    def _named(self, written: str, name: str, heading: str) -> None:
        if rp.name_overlap(written, name) < 0.5:
            self.notices.append(
                _(
                    'The heading "%(heading)s" names it differently from the edition ("%(name)s").',
                    heading=heading,
                    name=name,
                )
            )

    def _add(self, number: int, role: Role, key: str | None, text: str) -> None:
        self.parts.append(DocumentPart(number, role, key, text))

    def _skip(self, number: int, text: str, reason: Message, role: Role = "skipped") -> None:
        self.parts.append(DocumentPart(number, role, None, text, reason))

    def _cite(self, text: str, key: str | None) -> str:
        """Links, bare URLs and footnote references become [^n] citations of numbered
        sources, one per URL (or per title where there is none)."""

        def one(match: re.Match[str]) -> str:
            whole = match[0]
            if (inline := _INLINE_REF.fullmatch(whole)) is not None:
                body = self.blocks.footnotes.get(inline[2])
                if body is None:
                    self.notices.append(
                        _(
                            "The footnote mark %(mark)s has no footnote text; it is left out.",
                            mark=f"[^{inline[2]}]",
                        )
                    )
                    return inline[1]  # the phrase stays, as text
                return f"[{inline[1]}](^{self._footnote(body, key)[2:-1]})"
            if (link := rp.LINK.fullmatch(whole)) is not None:
                label, url = link[1], link[2]
                title = label if label.strip() and not rp.URL.fullmatch(label) else url
                keep = "" if title == url else label
                return f"{keep}{self._source(title, url, key)}"
            if (ref := rp.FOOTNOTE_REF.fullmatch(whole)) is not None:
                body = self.blocks.footnotes.get(ref[1])
                if body is None:
                    # Left as [^x] it would later read as one of the document's sources.
                    self.notices.append(
                        _(
                            "The footnote mark %(mark)s has no footnote text; it is left out.",
                            mark=whole,
                        )
                    )
                    return ""
                return self._footnote(body, key)
            return self._source(whole, whole, key)

        return _CITABLE.sub(one, text)

    def _footnote(self, body: str, key: str | None) -> str:
        urls = [m[2] for m in rp.LINK.finditer(body)] + rp.URL.findall(rp.LINK.sub("", body))
        title = rp.plain(rp.URL.sub("", rp.LINK.sub(lambda m: m[1], body))).strip(" ,;:.-–")
        url = urls[0] if urls else ""
        return self._source(title or url, url, key, titled=True)

    def _source(self, title: str, url: str, key: str | None, titled: bool = False) -> str:
        """A link is one source per address; a footnote names its source, so two footnotes
        with one address but different titles (a publisher's home page) are two sources."""
        title = title.strip()[:300]
        address = url.lower().rstrip("/")
        identity = address if url else title.lower()
        if titled and url:
            identity += "\0" + " ".join(title.casefold().split()).rstrip(" .;,")
        elif url and identity not in self.source_keys:
            # A bare link to an address a footnote already named is that footnote's source.
            named = next((k for k in self.source_keys if k.split("\0")[0] == address), None)
            identity = named or identity
        if identity not in self.source_keys:
            number = len(self.sources) + 1
            self.sources.append(DocumentSource(number, title, url if len(url) <= 500 else ""))
            self.source_keys[identity] = number
        number = self.source_keys[identity]
        if key is not None:
            self.cited_in.setdefault(number, []).append(key)
        return f"[^{number}]"

    def _suggestions(self, sections: Mapping[str, str]) -> list[ScoreEntry]:
        found = []
        for code in dict.fromkeys(self.state.blank_scores):
            if code in self.scores:
                continue
            text = sections.get(code, "")
            candidates: dict[Decimal, str] = {}
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                for match in rp.SUGGESTION.finditer(sentence):
                    value = rp.score_value(match["value"])
                    if value is not None and self.edition.scale.contains(float(value)):
                        candidates.setdefault(value, rp.plain(sentence))
            if len(candidates) == 1:
                ((value, sentence),) = candidates.items()
                found.append(ScoreEntry(code, value, sentence))
            elif candidates:
                self.notices.append(
                    _(
                        "%(code)s: the text states several scores (%(values)s); none is suggested.",
                        code=code,
                        values=", ".join(str(v) for v in candidates),
                    )
                )
        return found

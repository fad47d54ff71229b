"""Report text to safe HTML: Markdown (no raw HTML), numbered citations, then nh3 sanitising."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from civicspace.core.citations import Cite, citations_substitute

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False})
_TAGS = {
    "p",
    "em",
    "strong",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "br",
    "h3",
    "h4",
    "sup",
}
_BLOCKS = {"p", "li", "blockquote", "h3", "h4"}
_ATTRIBUTES = {"a": {"href", "title"}, "sup": {"class"}, **{tag: {"dir"} for tag in _BLOCKS}}


def text_direction(text: str) -> str:
    """ "rtl" or "ltr" from the first letter with a strong direction (Unicode bidi rules P2-P3).

    Set explicitly on each block because WeasyPrint, which makes the PDF, ignores dir="auto".
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _mark_directions(tokens: list[Token]) -> None:
    """Give every block whose text is right-to-left (Arabic, Hebrew...) dir="rtl"."""
    for i, token in enumerate(tokens):
        if token.nesting == 1 and token.tag in _BLOCKS:
            inline = next((t for t in tokens[i + 1 :] if t.type == "inline"), None)
            if inline is not None and text_direction(inline.content) == "rtl":
                token.attrSet("dir", "rtl")


def markdown_to_html(
    text: str, *, citations: Mapping[str, Cite] | None = None, legacy_source_count: int = 0
) -> str:
    """Render `text`; a citation of a source in `citations` (key -> its number in the report)
    becomes a link to that number in the source list, a run of them one group ("1, 2").

    `legacy_source_count` renders a record published before keys, whose `[^n]` meant source n,
    exactly as it was published. Raw HTML in the text is shown as text, not interpreted; the
    result is sanitised again with nh3 (no scripts, event handlers or javascript: links can
    survive either step).
    """
    if legacy_source_count:
        return _legacy_markdown_to_html(text, source_count=legacy_source_count)
    made: list[str] = []

    def marker(html: str) -> str:
        # Private-use characters pass through Markdown untouched; swapped for `html` after it.
        made.append(html)
        return f"\ue000{len(made) - 1}\ue001"

    def footnotes(cites: list[Cite]) -> str:
        links = ", ".join(f'<a href="#source-{c.number}">{c.number}</a>' for c in cites)
        return marker(f'<sup class="cite">{links}</sup>')

    def inline(phrase: str, cite: Cite) -> str:
        number = footnotes([cite])
        if not cite.url:
            return f"{phrase}{number}"
        url = re.sub(r"[<>\s]", lambda m: f"%{ord(m[0]):02X}", cite.url)
        return f"[{phrase}](<{url}>){number}"

    marked = citations_substitute(text, citations or {}, footnotes=footnotes, inline=inline)
    html = _markdown_render(marked)
    html = re.sub("\ue000(\\d+)\ue001", lambda m: made[int(m[1])], html)
    return _sanitise(html)


def _markdown_render(text: str) -> str:
    tokens = _MARKDOWN.parse(text)
    _mark_directions(tokens)
    return str(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))


def _sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


_LEGACY_CITATION = re.compile(r"\[\^(\d+)\]")


def _legacy_markdown_to_html(text: str, *, source_count: int) -> str:
    """How records published before citation keys rendered: [^n] links to source n."""

    def cite(match: re.Match[str]) -> str:
        n = int(match[1])
        if 1 <= n <= source_count:
            return f"[<sup>{n}</sup>](#source-{n})"
        return match[0]

    html = _markdown_render(_LEGACY_CITATION.sub(cite, text))
    # markdown-it escapes the <sup> we inserted inside link text; restore just that tag.
    html = re.sub(r"&lt;sup&gt;(\d+)&lt;/sup&gt;", r"<sup>\1</sup>", html)
    return _sanitise(html)

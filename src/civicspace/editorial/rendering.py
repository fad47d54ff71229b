"""Report text to safe HTML: Markdown (no raw HTML), numbered citations, then nh3 sanitising."""

from __future__ import annotations

import re
import unicodedata

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from civicspace.core.checks import CITATION

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


def markdown_to_html(text: str, *, source_count: int) -> str:
    """Render `text`; [^n] becomes a link to source n of the cycle when that source exists.

    Raw HTML in the text is shown as text, not interpreted; the result is sanitised again with
    nh3 (no scripts, event handlers or javascript: links can survive either step).
    """

    def cite(match: re.Match[str]) -> str:
        n = int(match[1])
        if 1 <= n <= source_count:
            return f"[<sup>{n}</sup>](#source-{n})"
        return match[0]

    tokens = _MARKDOWN.parse(CITATION.sub(cite, text))
    _mark_directions(tokens)
    html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    # markdown-it escapes the <sup> we inserted inside link text; restore just that tag.
    html = re.sub(r"&lt;sup&gt;(\d+)&lt;/sup&gt;", r"<sup>\1</sup>", html)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )

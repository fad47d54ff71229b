"""Report text to safe HTML: Markdown (no raw HTML), numbered citations, then nh3 sanitising."""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

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
_ATTRIBUTES = {"a": {"href", "title"}, "sup": {"class"}}


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

    html = _MARKDOWN.render(CITATION.sub(cite, text))
    # markdown-it escapes the <sup> we inserted inside link text; restore just that tag.
    html = re.sub(r"&lt;sup&gt;(\d+)&lt;/sup&gt;", r"<sup>\1</sup>", html)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )

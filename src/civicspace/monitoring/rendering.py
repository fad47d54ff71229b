"""Event descriptions to safe HTML: Markdown with raw HTML off, then the nh3 allow-list.

editorial/rendering.py does the same for report texts with citations and headings; monitoring is
its sibling layer and may not import it, and an event needs neither, so this is the minimal
configuration of the same two libraries.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False})
_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "br"}
_ATTRIBUTES = {"a": {"href", "title"}}


def description_html(text: str) -> str:
    """Safe to mark safe: nothing outside the allow-list survives, links get rel="noopener"."""
    return nh3.clean(
        _MARKDOWN.render(text),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )

"""Template tags of the design system shared by the site and the report."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from civicspace.core.charts import BAND_COLOURS
from civicspace.editorial.rendering import markdown_to_html
from civicspace.site.branding import Branding, branding

register = template.Library()


@register.simple_tag
def band_colour_properties() -> SafeString:
    """CSS custom properties --band-1 ... --band-5 from the charts' own band colours, so a
    legend or swatch in HTML can never drift from the charts."""
    # The colours are constants of our own code (hex strings), not user input.
    return mark_safe(" ".join(f"--band-{i}: {c};" for i, c in enumerate(BAND_COLOURS, 1)))  # noqa: S308


@register.filter
def markdown(text: str) -> SafeString:
    """Framework texts (introduction, descriptions) are Markdown: render them as the reports do
    (CommonMark, raw HTML shown as text, sanitised)."""
    return mark_safe(markdown_to_html(text or ""))  # noqa: S308 - sanitised by nh3


@register.filter
def markdown_inline(text: str) -> SafeString:
    """One paragraph of Markdown without its <p>, for a table cell or list item."""
    html = markdown_to_html(text or "").strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)  # noqa: S308 - sanitised by nh3


@register.simple_tag
def programme_branding() -> Branding:
    """The deployment's logo, emblem and statement, for documents rendered without a request
    (the report and its PDF)."""
    return branding()

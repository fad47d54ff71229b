"""The programme's logo, a funder's emblem and the footer statement: deployment settings, not
shipped trademarks. civicspace ships only its own neutral mark, used when no logo is set."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import SafeString, mark_safe

NEUTRAL_LOGO = Path(__file__).parent / "static" / "site" / "logo.svg"
_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)
# Logos are inlined in pages and PDFs (which load nothing from outside), so nothing in them
# may run: refuse rather than try to clean.
_ACTIVE = re.compile(r"<script|<foreignObject|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


@dataclass(frozen=True)
class Branding:
    programme: str
    logo: SafeString  # inline SVG for the report and its PDF (which fetch nothing), aria-hidden
    emblem: SafeString  # inline SVG or empty
    logo_src: str  # the same as a data: address for an <img> on the site's pages
    emblem_src: str
    emblem_label: str
    statement: str


@lru_cache(maxsize=8)
def _inline_svg(path: str) -> SafeString:
    """The SVG file at `path`, ready to inline (decorative: its name is given next to it)."""
    file = Path(path)
    if file.suffix.lower() != ".svg" or not file.is_file():
        raise ImproperlyConfigured(f"a logo or emblem must be an existing .svg file: {path!r}")
    text = _PROLOGUE.sub("", file.read_text(encoding="utf-8"))
    if not text.startswith("<svg") or _ACTIVE.search(text):
        raise ImproperlyConfigured(f"{path!r} is not a plain SVG image (no scripts or handlers)")
    text = re.sub(r"<title\b.*?</title>", "", text, flags=re.DOTALL)
    text = text.replace(' role="img"', "").replace(
        "<svg", '<svg aria-hidden="true" focusable="false"', 1
    )
    return mark_safe(text)  # noqa: S308 - an operator's file, checked above; CSP blocks scripts anyway


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def branding() -> Branding:
    logo = settings.CIVICSPACE_PROGRAMME_LOGO or str(NEUTRAL_LOGO)
    emblem = settings.CIVICSPACE_FUNDER_EMBLEM
    logo_svg = _inline_svg(logo)
    emblem_svg = _inline_svg(emblem) if emblem else SafeString("")
    return Branding(
        programme=settings.CIVICSPACE_PROGRAMME_NAME,
        logo=logo_svg,
        emblem=emblem_svg,
        logo_src=_data_uri(logo_svg),
        emblem_src=_data_uri(emblem_svg) if emblem else "",
        emblem_label=settings.CIVICSPACE_FUNDER_NAME,
        statement=settings.CIVICSPACE_FOOTER_STATEMENT,
    )

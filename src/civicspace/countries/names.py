"""Country names in the reader's language.

Countries are stored with their English (ISO 3166 common) names; the ISO 3166 translations that
pycountry ships (from Debian's iso-codes) give the name in the active language. Countries
beyond ISO 3166-1 (Kosovo) carry their translations in imports/countries_beyond_iso.yaml. A name
neither knows (one added in the admin, or a language they lack) stays as stored.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language

from civicspace.imports.country_names import countries_beyond_iso


@lru_cache(maxsize=16)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


@lru_cache(maxsize=1)
def _beyond_iso() -> dict[str, dict[str, str]]:
    return {c.name: dict(c.translations) for c in countries_beyond_iso()}


def country_name(english: str) -> str:
    """`english` (a stored country name) in the active language."""
    language = (get_language() or "en").replace("-", "_")
    beyond = _beyond_iso().get(english)
    if beyond is not None:
        return beyond.get(language, beyond.get(language.split("_")[0], english))
    return _catalogue(language).gettext(english)

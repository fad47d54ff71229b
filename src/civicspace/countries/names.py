"""Country names in the reader's language.

Countries are stored with their English (ISO 3166 common) names; the ISO 3166 translations that
pycountry ships (from Debian's iso-codes) give the name in the active language. A name the
catalogue does not know (a region outside ISO 3166, or a language it lacks) stays as stored.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language


@lru_cache(maxsize=16)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(english: str) -> str:
    """`english` (a stored country name) in the active language."""
    language = (get_language() or "en").replace("-", "_")
    return _catalogue(language).gettext(english)

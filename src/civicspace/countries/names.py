"""Country names in the reader's language.

Countries are stored with their English (ISO 3166 common) names; the ISO 3166 translations that
pycountry ships (from Debian's iso-codes) give the name in the active language. Countries
beyond ISO 3166-1 (Kosovo) carry their translations in imports/countries_beyond_iso.yaml. A name
neither knows (one added in the admin, or a language they lack) stays as stored. Regions are
named in the programme file, with their translations (countries/programme.yaml).
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
import pyuca
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


def localised(name: str, translations: dict[str, str]) -> str:
    """`name` in the active language from `translations` (language code -> name), or as is."""
    language = (get_language() or "en").replace("-", "_")
    return translations.get(language, translations.get(language.split("_")[0], name))


def country_name(english: str) -> str:
    """`english` (a stored country name) in the active language."""
    beyond = _beyond_iso().get(english)
    if beyond is not None:
        return localised(english, beyond)
    return _catalogue((get_language() or "en").replace("-", "_")).gettext(english)


@lru_cache(maxsize=1)
def _collator() -> pyuca.Collator:
    return pyuca.Collator()


def name_sort_key(name: str) -> tuple[int, ...]:
    """Sorts names as a reader expects in any language (the Unicode Collation Algorithm's
    default order: "Ö" beside "O", "Ё" beside "Е", Arabic letters in their alphabet's order)
    rather than by code point; never by score."""
    return tuple(_collator().sort_key(name))

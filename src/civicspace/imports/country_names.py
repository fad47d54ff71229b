"""Country names as publishers' files write them, resolved to ISO alpha-2 codes, or refused.

Order: an exact code (alpha-2, alpha-3, numeric) → the consortium's aliases → names known to be
ambiguous (refused with their candidates) or to be territories within a country (refused) → the
exact ISO 3166 name → country_converter's
regular expressions (two or more countries matching: refused with the candidates) → refusal,
with a suggestion only when a known name is genuinely close. No Django here: the aliases and any
countries beyond ISO 3166-1 are arguments; their packaged defaults are YAML files beside this.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import pycountry
import yaml

from civicspace.core.messages import Message, _

# A suggestion must be this similar (difflib's ratio) to be offered: "Kazahkstan" finds
# Kazakhstan (0.95); "Bruney" is not offered Burundi (0.62), nor even Brunei (0.83).
SUGGESTION_CUTOFF = 0.88


@dataclass(frozen=True)
class CountryCodes:
    """One country's codes and English name; `numeric` is None where there is no official one.

    `other_names` are further exact names (ISO's official name); `translations` maps a language
    code to the name in it, for countries whose names pycountry's catalogues lack.
    """

    iso2: str
    iso3: str
    numeric: str | None
    name: str
    other_names: tuple[str, ...] = ()
    translations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Refusal:
    """Why a name did not resolve: unknown (with close names, if any) or ambiguous."""

    message: Message


def name_key(text: str) -> str:
    """How names are compared: accents, case, apostrophes, spacing and a trailing "*" ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[\u2018\u2019\u02bc`´]", "'", plain)
    return re.sub(r"\s+", " ", plain).strip().rstrip("*").strip().casefold()


def _data_file(name: str) -> Any:
    text = resources.files("civicspace.imports").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


@cache
def countries_beyond_iso() -> tuple[CountryCodes, ...]:
    """Countries the programme covers that ISO 3166-1 does not list (Kosovo, XK)."""
    return tuple(
        CountryCodes(
            iso2=iso2,
            iso3=entry["iso3"],
            numeric=entry.get("numeric"),
            name=entry["name"],
            translations=dict(entry.get("translations") or {}),
        )
        for iso2, entry in (_data_file("countries_beyond_iso.yaml") or {}).items()
    )


@cache
def packaged_aliases() -> dict[str, str]:
    """The consortium's aliases shipped with the release: name -> alpha-2 code."""
    return {str(k): str(v) for k, v in (_data_file("country_aliases.yaml")["aliases"]).items()}


@cache
def packaged_ambiguous() -> dict[str, tuple[str, ...]]:
    """Names that stand for more than one country ("Congo"): name -> candidate codes."""
    data = _data_file("country_aliases.yaml")["ambiguous"]
    return {str(k): tuple(str(c) for c in v) for k, v in data.items()}


@cache
def packaged_territories() -> dict[str, tuple[str, ...]]:
    """Territories with rows of their own in rating files ("Somaliland"): name -> its country."""
    data = _data_file("country_aliases.yaml")["territories"]
    return {str(k): tuple(str(c) for c in v) for k, v in data.items()}


@cache
def _iso_countries() -> tuple[CountryCodes, ...]:
    return tuple(
        CountryCodes(
            iso2=c.alpha_2,
            iso3=c.alpha_3,
            numeric=c.numeric,
            name=getattr(c, "common_name", c.name),
            other_names=(c.name, getattr(c, "official_name", c.name)),
        )
        for c in pycountry.countries
    )


@cache
def _converter() -> tuple[tuple[re.Pattern[str], str], ...]:
    """country_converter's regular expressions with the alpha-2 code each stands for.

    Loaded once a process (about half a second, pandas included), only when a name needs it.
    """
    import country_converter

    data = country_converter.CountryConverter().data
    return tuple(
        (pattern, "".join(ch for ch in str(iso2).split("|")[0] if ch.isalnum()).upper())
        for pattern, iso2 in zip(
            (re.compile(str(r), re.IGNORECASE) for r in data["regex"]), data["ISO2"], strict=True
        )
        if isinstance(iso2, str)
    )


@lru_cache(maxsize=4096)
def converter_matches(text: str) -> tuple[str, ...]:
    """Every alpha-2 code whose converter pattern matches `text`, sorted; cached per process."""
    return tuple(sorted({code for pattern, code in _converter() if pattern.search(text)}))


class CountryNames:
    """Resolve a code or name to an alpha-2 code, or a Refusal; every answer is cached."""

    def __init__(
        self,
        *,
        aliases: Mapping[str, str],
        ambiguous: Mapping[str, Iterable[str]],
        territories: Mapping[str, Iterable[str]] | None = None,
        beyond_iso: Iterable[CountryCodes] = (),
    ) -> None:
        countries = {c.iso2: c for c in (*_iso_countries(), *beyond_iso)}
        self.countries: Mapping[str, CountryCodes] = countries
        self._codes: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for c in countries.values():
            self._codes[c.iso2.casefold()] = c.iso2
            self._codes[c.iso3.casefold()] = c.iso2
            if c.numeric:
                self._codes[c.numeric] = c.iso2
            for name in (c.name, *c.other_names, *c.translations.values()):
                self._names.setdefault(name_key(name), c.iso2)
        self._aliases = {name_key(k): v.upper() for k, v in aliases.items()}
        unknown = sorted(set(self._aliases.values()) - set(countries))
        if unknown:
            raise ValueError(f"aliases name unknown codes: {', '.join(unknown)}")
        self._ambiguous = {name_key(k): tuple(v) for k, v in ambiguous.items()}
        self._territories = {name_key(k): tuple(v) for k, v in (territories or {}).items()}
        self._cache: dict[str, str | Refusal] = {}

    def resolve(self, text: str) -> str | Refusal:
        key = name_key(text)
        if key not in self._cache:
            self._cache[key] = self._lookup(text.strip(), key)
        return self._cache[key]

    def label(self, iso2: str) -> str:
        """ "Côte d'Ivoire (CI)": how a country is named in a message."""
        country = self.countries.get(iso2)
        return f"{country.name} ({iso2})" if country else iso2

    def _lookup(self, text: str, key: str) -> str | Refusal:
        code = self._codes.get(key.zfill(3) if key.isdigit() else key)
        if code:
            return code
        if key in self._aliases:
            return self._aliases[key]
        if key in self._ambiguous:
            return self._refuse_ambiguous(text, self._ambiguous[key])
        if key in self._territories:
            return Refusal(
                _(
                    "%(value)s is a territory within %(country)s, not a country of the list; if"
                    " the row is meant for %(country)s, write its ISO code",
                    value=repr(text),
                    country=", ".join(self.label(c) for c in self._territories[key]),
                )
            )
        if key in self._names:
            return self._names[key]
        matches = converter_matches(key) if len(key) > 1 else ()
        if len(matches) == 1 and matches[0] in self.countries:
            return matches[0]
        if len(matches) > 1:
            return self._refuse_ambiguous(text, matches)
        return self._refuse_unknown(text, key)

    def _refuse_ambiguous(self, text: str, candidates: Iterable[str]) -> Refusal:
        return Refusal(
            _(
                "%(value)s could be more than one country (%(candidates)s); write its ISO code",
                value=repr(text),
                candidates=", ".join(self.label(c) for c in candidates),
            )
        )

    def _refuse_unknown(self, text: str, key: str) -> Refusal:
        known = {**self._names, **self._aliases}
        close = difflib.get_close_matches(key, list(known), n=3, cutoff=SUGGESTION_CUTOFF)
        labels = list(dict.fromkeys(self.label(known[name]) for name in close))[:2]
        if len(labels) == 2:
            return Refusal(
                _(
                    "%(value)s is not a country name or ISO code; did you mean %(first)s or"
                    " %(second)s?",
                    value=repr(text),
                    first=labels[0],
                    second=labels[1],
                )
            )
        if labels:
            return Refusal(
                _(
                    "%(value)s is not a country name or ISO code; did you mean %(first)s?",
                    value=repr(text),
                    first=labels[0],
                )
            )
        return Refusal(_("%(value)s is not a country name or ISO code", value=repr(text)))

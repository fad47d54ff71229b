"""Reads for countries."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pycountry

from civicspace.countries.models import Country, CountryAlias
from civicspace.countries.names import localised
from civicspace.imports.country_names import (
    CountryCodes,
    countries_beyond_iso,
    packaged_aliases,
)
from civicspace.imports.values import CountryResolver, ValueProblem


class CountryNotFound(LookupError):
    pass


@cache
def _iso_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


def country_aliases() -> dict[str, str]:
    """Name -> alpha-2: the packaged aliases, then the admin's (which win on the same name)."""
    return {
        **packaged_aliases(),
        **dict(CountryAlias.objects.values_list("name", "country__iso2")),
    }


def countries_beyond_iso_stored() -> list[CountryCodes]:
    """Countries in the table that ISO 3166-1 does not list: the packaged ones (with their
    translations) and any added in the admin."""
    packaged = {c.iso2: c for c in countries_beyond_iso()}
    rows = Country.objects.exclude(iso2__in=_iso_codes()).values_list(
        "iso2", "iso3", "numeric", "name"
    )
    stored = {
        iso2: CountryCodes(
            iso2=iso2,
            iso3=iso3,
            numeric=numeric,
            name=name,
            other_names=(packaged[iso2].name,) if iso2 in packaged else (),
            translations=packaged[iso2].translations if iso2 in packaged else {},
        )
        for iso2, iso3, numeric, name in rows
    }
    return list({**packaged, **stored}.values())


def programme_resolver() -> CountryResolver:
    """Resolves what importers read, with every alias and every country the table holds."""
    return CountryResolver(
        dict(Country.objects.filter(in_programme=True).values_list("iso2", "name")),
        aliases=country_aliases(),
        beyond_iso=countries_beyond_iso_stored(),
    )


def country_get(*, query: str) -> Country:
    """A programme country by ISO code or name ("KZ", "KAZ", "Kazakhstan")."""
    try:
        iso2 = programme_resolver().resolve(query)
    except ValueProblem as exc:
        raise CountryNotFound(str(exc)) from None
    return Country.objects.get(iso2=iso2)


def programme_countries() -> list[Country]:
    """The countries the programme covers."""
    return list(Country.objects.filter(in_programme=True))


def country_regions(*, iso2s: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Each country's region as (code, name in the active language); ("", "") for a country
    without one."""
    rows = Country.objects.filter(iso2__in=set(iso2s)).values_list(
        "iso2", "region__code", "region__name", "region__translations"
    )
    return {
        iso2: (code or "", localised(name, translations or {}) if name else "")
        for iso2, code, name, translations in rows
    }


def programme_regions() -> list[tuple[str, str, list[str]]]:
    """Each region with programme countries: (code, name in the reader's language, their alpha-2
    codes), by name."""
    rows = (
        Country.objects.filter(in_programme=True, region__isnull=False)
        .order_by("region__name", "iso2")
        .values_list("region__code", "region__name", "region__translations", "iso2")
    )
    regions: dict[str, tuple[str, str, list[str]]] = {}
    for code, name, translations, iso2 in rows:
        regions.setdefault(code, (code, localised(name, translations or {}), []))[2].append(iso2)
    return list(regions.values())

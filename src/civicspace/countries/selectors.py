"""Reads for countries."""

from __future__ import annotations

from civicspace.countries.models import Country
from civicspace.imports.values import CountryResolver, ValueProblem


class CountryNotFound(LookupError):
    pass


def programme_resolver() -> CountryResolver:
    return CountryResolver(
        dict(Country.objects.filter(in_programme=True).values_list("iso2", "name"))
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

"""Lists of countries and reports: grouped by region, searched and filtered by a GET form
(region, year, band of a chosen principle). Never ordered by score: by name, then year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from civicspace.core.framework import load_edition
from civicspace.core.scoring import scale_band
from civicspace.countries.names import country_name, name_sort_key
from civicspace.countries.selectors import country_regions
from civicspace.publishing.open_data import PublishedCycle, Record

Regions = dict[str, tuple[str, str]]  # alpha-2 -> (region code, region name)


@dataclass(frozen=True)
class Entry:
    cycle: PublishedCycle
    name: str
    band: int | None  # band of the chosen principle, when one is chosen
    band_label: str


@dataclass
class Group:
    code: str
    name: str
    entries: list[Entry] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    query: str
    region: str
    year: int | None
    principle: str
    band: int | None
    regions: list[tuple[str, str]]
    years: list[int]
    principles: list[tuple[str, str]]
    bands: list[tuple[int, str]]

    @property
    def active(self) -> bool:
        return bool(self.query or self.region or self.year or self.band)


def _regions(iso2s: Iterable[str]) -> Regions:
    return country_regions(iso2s=iso2s)


def filters_from(request: HttpRequest, record: Record) -> tuple[Filters, Regions]:
    """The reader's choices, each ignored when it is not one of the offered values (a bad
    address shows the unfiltered list rather than an error)."""
    regions = _regions(c.iso2 for c in record.cycles)
    edition = load_edition(settings.CIVICSPACE_DEFAULT_EDITION)
    offered_regions = sorted(
        {r for r in regions.values() if r[0]}, key=lambda r: name_sort_key(r[1])
    )
    years = sorted({c.year for c in record.cycles}, reverse=True)
    principles = [(p.code, f"P{p.number} {p.name}") for p in edition.principles]
    bands = [(b.value, f"{b.value}: {b.label}") for b in edition.scale.bands]
    get = request.GET
    region = get.get("region", "")
    year_text = get.get("year", "")
    principle = get.get("principle", "").upper()
    band_text = get.get("band", "")
    year = int(year_text) if year_text.isdigit() and int(year_text) in years else None
    principle = principle if principle in dict(principles) else ""
    band = int(band_text) if band_text.isdigit() and int(band_text) in dict(bands) else None
    filters = Filters(
        query=get.get("q", "").strip()[:100],
        region=region if region in dict(offered_regions) else "",
        year=year,
        principle=principle,
        band=band if principle else None,
        regions=offered_regions,
        years=years,
        principles=principles,
        bands=bands,
    )
    return filters, regions


def _principle_bands(record: Record, code: str) -> dict[tuple[str, int], tuple[int, str]]:
    """(country, year) -> (band value, label) of principle `code`, read from published rows."""
    found = {}
    for row in record.rows:
        if row["level"] == "principle" and row["code"] == code and row["score"] is not None:
            scale = load_edition(row["edition"]).scale
            band = scale_band(float(row["score"]), scale)
            found[(row["country_iso2"], int(row["year"]))] = (band.value, band.label)
    return found


def grouped(
    record: Record,
    filters: Filters,
    regions: Regions,
    *,
    latest_only: bool,
) -> list[Group]:
    """Published reports (or, with `latest_only`, each country's newest one, or its one in the
    chosen year) that pass the filters, grouped by region and listed by name then year."""
    cycles = [c for c in record.cycles if filters.year is None or c.year == filters.year]
    if latest_only:
        newest: dict[str, PublishedCycle] = {}
        for c in cycles:
            if c.iso2 not in newest or c.year > newest[c.iso2].year:
                newest[c.iso2] = c
        cycles = list(newest.values())
    bands = _principle_bands(record, filters.principle) if filters.principle else {}
    needle = filters.query.casefold()
    groups: dict[str, Group] = {}
    for c in cycles:
        name = country_name(c.country)
        if (
            needle
            and needle not in name.casefold()
            and needle not in c.country.casefold()
            and (needle != c.iso2.casefold())
        ):
            continue
        region_code, region_name = regions.get(c.iso2, ("", ""))
        if filters.region and region_code != filters.region:
            continue
        band, label = bands.get((c.iso2, c.year), (None, ""))
        if filters.band is not None and band != filters.band:
            continue
        group = groups.setdefault(region_code, Group(region_code, region_name or _("Other")))
        group.entries.append(Entry(c, name, band, label))
    for group in groups.values():
        group.entries.sort(key=lambda e: (name_sort_key(e.name), -e.cycle.year))
    return sorted(groups.values(), key=lambda g: (g.code == "", name_sort_key(g.name)))


def by_region(names: dict[str, str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(region name, [(alpha-2, country name)...]) by region, then by country name: the
    compare page's choice of countries, which at programme scale is long."""
    regions = _regions(names)
    groups: dict[tuple[bool, str], list[tuple[str, str]]] = {}
    for iso2, name in names.items():
        code, region = regions.get(iso2, ("", ""))
        groups.setdefault((not code, region or _("Other")), []).append((iso2, name))
    return [
        (key[1], sorted(items, key=lambda i: name_sort_key(i[1])))
        for key, items in sorted(groups.items(), key=lambda kv: (kv[0][0], name_sort_key(kv[0][1])))
    ]

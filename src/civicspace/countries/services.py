"""Writes for countries: load ISO 3166 and mark the programme's set."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

import pycountry
import yaml
from django.db import transaction

from civicspace.countries.models import Country, NetworkMember, Region


def programme_definition() -> dict[str, Any]:
    text = resources.files("civicspace.countries").joinpath("programme.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


@transaction.atomic
def countries_sync(
    *, regions: Mapping[str, str], programme: Mapping[str, str], is_demo: bool = False
) -> int:
    """Create every ISO 3166-1 country once, and mark `programme` (alpha-2 -> region code)."""
    region_objs = {
        code: Region.objects.update_or_create(code=code, defaults={"name": name})[0]
        for code, name in regions.items()
    }
    unknown = set(programme) - {c.alpha_2 for c in pycountry.countries}
    if unknown:
        raise ValueError(f"not ISO 3166-1 alpha-2 codes: {', '.join(sorted(unknown))}")
    existing = set(Country.objects.values_list("iso2", flat=True))
    Country.objects.bulk_create(
        Country(
            iso2=c.alpha_2,
            iso3=c.alpha_3,
            numeric=c.numeric,
            name=getattr(c, "common_name", c.name),
            in_programme=False,
        )
        for c in pycountry.countries
        if c.alpha_2 not in existing
    )
    for iso2, region in programme.items():
        if region not in region_objs:
            raise ValueError(f"{iso2}: region {region!r} is not defined")
        Country.objects.filter(iso2=iso2).update(
            in_programme=True, region=region_objs[region], is_demo=is_demo
        )
    return Country.objects.filter(in_programme=True).count()


def network_member_set(*, country: Country, name: str, is_demo: bool = False) -> NetworkMember:
    member, _ = NetworkMember.objects.update_or_create(
        country=country, defaults={"name": name, "is_demo": is_demo}
    )
    return member

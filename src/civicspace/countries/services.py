"""Writes for countries: load ISO 3166 and the programme's list, and the consortium's aliases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from civicspace.audit.actions import AuditAction
from civicspace.audit.services import audited_delete, audited_save
from civicspace.countries.models import Country, CountryAlias, NetworkMember, Region
from civicspace.imports.country_names import CountryCodes, countries_beyond_iso, name_key


def programme_definition() -> dict[str, Any]:
    """The packaged programme file (programme.yaml): regions and the demo's countries."""
    text = resources.files("civicspace.countries").joinpath("programme.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


# A region in a programme file: its name, or {name: ..., translations: {language: name}}.
RegionEntry = str | Mapping[str, Any]


def _region_fields(entry: RegionEntry) -> dict[str, Any]:
    if isinstance(entry, str):
        return {"name": entry}
    translations = entry.get("translations") or {}
    if not isinstance(entry.get("name"), str) or not isinstance(translations, Mapping):
        raise ValueError(f"region {entry!r}: give a name, and translations as language: name")
    return {
        "name": entry["name"],
        "translations": {str(k): str(v) for k, v in translations.items()},
    }


@transaction.atomic
def countries_sync(
    *,
    regions: Mapping[str, RegionEntry],
    programme: Mapping[str, str],
    is_demo: bool = False,
    beyond_iso: Iterable[CountryCodes] = (),
) -> int:
    """Create every ISO 3166-1 country and every country beyond it (Kosovo) once, and mark
    `programme` (alpha-2 -> region code). `beyond_iso` adds to the packaged ones."""
    region_objs = {
        code: Region.objects.update_or_create(code=code, defaults=_region_fields(entry))[0]
        for code, entry in regions.items()
    }
    beyond = {c.iso2: c for c in (*countries_beyond_iso(), *beyond_iso)}
    existing = set(Country.objects.values_list("iso2", flat=True))
    unknown = set(programme) - {c.alpha_2 for c in pycountry.countries} - set(beyond) - existing
    if unknown:
        raise ValueError(
            f"not ISO 3166-1 alpha-2 codes, nor described under beyond_iso: "
            f"{', '.join(sorted(unknown))}"
        )
    Country.objects.bulk_create(
        [
            Country(
                iso2=c.alpha_2,
                iso3=c.alpha_3,
                numeric=c.numeric,
                name=getattr(c, "common_name", c.name),
                in_programme=False,
            )
            for c in pycountry.countries
            if c.alpha_2 not in existing
        ]
        + [
            Country(iso2=c.iso2, iso3=c.iso3, numeric=c.numeric, name=c.name, in_programme=False)
            for c in beyond.values()
            if c.iso2 not in existing
        ]
    )
    for iso2, region in programme.items():
        if region not in region_objs:
            raise ValueError(f"{iso2}: region {region!r} is not defined")
        Country.objects.filter(iso2=iso2).update(
            in_programme=True, region=region_objs[region], is_demo=is_demo
        )
    return Country.objects.filter(in_programme=True).count()


class ProgrammeFileError(ValueError):
    """A programme file that cannot be loaded; the message says where and what to write."""


@dataclass(frozen=True)
class ProgrammeLoaded:
    in_programme: int  # programme countries after loading
    not_listed: list[str]  # programme countries the file does not list (left as they were)


def _mapping(data: Any, key: str, path: Path) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if value is None and key == "beyond_iso":
        return {}
    if not isinstance(value, dict) or not value:
        raise ProgrammeFileError(f"{path}: {key!r} must be a mapping (see docs/public-site.md)")
    return {str(k): v for k, v in value.items()}


def _beyond_iso_entries(entries: Mapping[str, Any], path: Path) -> list[CountryCodes]:
    codes = []
    for iso2, entry in entries.items():
        try:
            codes.append(
                CountryCodes(
                    iso2=iso2,
                    iso3=str(entry["iso3"]),
                    numeric=None if entry.get("numeric") is None else str(entry["numeric"]),
                    name=str(entry["name"]),
                )
            )
        except (KeyError, TypeError):
            raise ProgrammeFileError(
                f"{path}: beyond_iso {iso2}: give iso3, name and numeric (null if none)"
            ) from None
    return codes


def programme_load(*, path: Path) -> ProgrammeLoaded:
    """Load a programme file (the format of countries/programme.yaml): regions, countries and
    any countries beyond ISO 3166-1; all or nothing. Countries it does not list stay as they
    are, and are reported, so that a partial file never silently drops a country."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgrammeFileError(f"{path}: cannot be read ({exc})") from None
    except yaml.YAMLError as exc:
        raise ProgrammeFileError(f"{path}: is not valid YAML ({exc})") from None
    regions = {
        k: v if isinstance(v, Mapping) else str(v)
        for k, v in _mapping(data, "regions", path).items()
    }
    countries = {k.upper(): str(v) for k, v in _mapping(data, "countries", path).items()}
    beyond = _beyond_iso_entries(_mapping(data, "beyond_iso", path), path)
    try:
        total = countries_sync(regions=regions, programme=countries, beyond_iso=beyond)
    except ValueError as exc:
        raise ProgrammeFileError(f"{path}: {exc}") from None
    not_listed = Country.objects.filter(in_programme=True).exclude(iso2__in=countries)
    return ProgrammeLoaded(
        in_programme=total, not_listed=sorted(not_listed.values_list("iso2", flat=True))
    )


def country_alias_check(*, name: str, country: Country, alias: CountryAlias | None = None) -> None:
    """Refuse an alias that could never be used or would clash (a ValidationError, worded)."""
    key = name_key(name)
    if not key:
        raise ValidationError(_("Write the name as the files write it."))
    codes = Country.objects.exclude(pk=country.pk).filter(iso2__iexact=key) | (
        Country.objects.exclude(pk=country.pk).filter(iso3__iexact=key)
    )
    if codes.exists():
        raise ValidationError(
            _("%(name)s is the ISO code of another country; codes always win over aliases.")
            % {"name": name}
        )
    others = CountryAlias.objects.all()
    if alias is not None and alias.pk is not None:
        others = others.exclude(pk=alias.pk)
    if any(name_key(other) == key for other in others.values_list("name", flat=True)):
        raise ValidationError(_("%(name)s is already an alias.") % {"name": name})


def country_alias_add(*, name: str, country: Country) -> CountryAlias:
    """A name the consortium's files write for `country`, used by every import from now on."""
    country_alias_check(name=name, country=country)
    return CountryAlias.objects.create(name=name.strip(), country=country)


def network_member_set(*, country: Country, name: str, is_demo: bool = False) -> NetworkMember:
    member, _created = NetworkMember.objects.update_or_create(
        country=country, defaults={"name": name, "is_demo": is_demo}
    )
    return member


# The admin's writes (countries/admin.py), each audited: what a region, a country, its Network
# Member or a name the files write for it was, and became, and who changed it. Every field is
# kept: none of them is a secret.


def _fields(model: type[Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if not f.primary_key]


def region_save(*, region: Region, by: AbstractBaseUser) -> Region:
    return audited_save(
        record=region, by=by, action=AuditAction.REGION, target=region.code, fields=_fields(Region)
    )


def region_delete(*, region: Region, by: AbstractBaseUser) -> None:
    audited_delete(
        record=region, by=by, action=AuditAction.REGION, target=region.code, fields=_fields(Region)
    )


def country_save(*, country: Country, by: AbstractBaseUser) -> Country:
    return audited_save(
        record=country,
        by=by,
        action=AuditAction.COUNTRY,
        target=country.iso2,
        fields=_fields(Country),
    )


def country_delete(*, country: Country, by: AbstractBaseUser) -> None:
    """With its aliases and Network Member (each in the trail first); its cycles, if any,
    protect it (nothing is written then)."""
    with transaction.atomic():
        for alias in country.aliases.all():
            country_alias_delete(alias=alias, by=by)
        if (member := NetworkMember.objects.filter(country=country).first()) is not None:
            network_member_delete(member=member, by=by)
        audited_delete(
            record=country,
            by=by,
            action=AuditAction.COUNTRY,
            target=country.iso2,
            fields=_fields(Country),
        )


def country_alias_save(*, alias: CountryAlias, by: AbstractBaseUser) -> CountryAlias:
    """An alias added or changed in the admin (its form has run `country_alias_check`)."""
    return audited_save(
        record=alias,
        by=by,
        action=AuditAction.COUNTRY_ALIAS,
        target=alias.name,
        fields=_fields(CountryAlias),
    )


def country_alias_delete(*, alias: CountryAlias, by: AbstractBaseUser) -> None:
    audited_delete(
        record=alias,
        by=by,
        action=AuditAction.COUNTRY_ALIAS,
        target=alias.name,
        fields=_fields(CountryAlias),
    )


def network_member_save(*, member: NetworkMember, by: AbstractBaseUser) -> NetworkMember:
    return audited_save(
        record=member,
        by=by,
        action=AuditAction.NETWORK_MEMBER,
        target=member.country.iso2,
        fields=_fields(NetworkMember),
    )


def network_member_delete(*, member: NetworkMember, by: AbstractBaseUser) -> None:
    audited_delete(
        record=member,
        by=by,
        action=AuditAction.NETWORK_MEMBER,
        target=member.country.iso2,
        fields=_fields(NetworkMember),
    )

"""Writes for external ratings: CIVICUS Monitor ratings and the secondary-source catalogue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from civicspace.core.framework import load_edition
from civicspace.core.scoring import civicus_category
from civicspace.countries.models import Country
from civicspace.countries.selectors import programme_resolver
from civicspace.imports.civicus import CIVICUS_COLUMNS, validate_ratings
from civicspace.imports.indicators import INDICATOR_COLUMNS, validate_indicators
from civicspace.imports.problems import ImportReport
from civicspace.imports.tabular import read_table
from civicspace.indicators.models import CivicusRating, IndicatorSeries, IndicatorValue


def civicus_rating_record(
    *,
    country: Country,
    published_on: date,
    score: Decimal,
    source_url: str = "",
    is_demo: bool = False,
) -> tuple[CivicusRating, str]:
    """Store one rating, its category derived from the score; says if created/updated/unchanged."""
    method = load_edition(settings.CIVICSPACE_DEFAULT_EDITION).civicus
    category = civicus_category(float(score), method)
    wanted = {"score": score, "category": category, "source_url": source_url, "is_demo": is_demo}
    rating = CivicusRating.objects.filter(country=country, published_on=published_on).first()
    if rating is None:
        rating = CivicusRating.objects.create(country=country, published_on=published_on, **wanted)
        return rating, "created"
    if all(getattr(rating, k) == v for k, v in wanted.items()):
        return rating, "unchanged"
    for key, value in wanted.items():
        setattr(rating, key, value)
    rating.save()
    return rating, "updated"


def civicus_import(*, path: Path) -> ImportReport:
    """Import a CSV/XLSX of CIVICUS ratings, all or nothing; raises ImportRefused if refused."""
    table = read_table(path, CIVICUS_COLUMNS)
    batch = validate_ratings(
        table,
        resolver=programme_resolver(),
        method=load_edition(settings.CIVICSPACE_DEFAULT_EDITION).civicus,
        today=timezone.localdate(),
    )
    report = ImportReport(notices=batch.notices)
    countries = {
        c.iso2: c for c in Country.objects.filter(iso2__in={r.country for r in batch.rows})
    }
    with transaction.atomic():
        for row in batch.rows:
            _, outcome = civicus_rating_record(
                country=countries[row.country],
                published_on=row.published_on,
                score=row.score,
                source_url=row.source_url,
            )
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def indicator_series_sync() -> int:
    """Create or update the catalogue of secondary sources from series.yaml."""
    text = resources.files("civicspace.indicators").joinpath("series.yaml").read_text("utf-8")
    entries = yaml.safe_load(text)
    for entry in entries:
        IndicatorSeries.objects.update_or_create(
            code=entry["code"], defaults={k: v for k, v in entry.items() if k != "code"}
        )
    return len(entries)


def indicators_import(*, path: Path) -> ImportReport:
    """Import secondary-source values from CSV/XLSX, all or nothing."""
    indicator_series_sync()
    table = read_table(path, INDICATOR_COLUMNS)
    series = {s.code: s for s in IndicatorSeries.objects.all()}
    batch = validate_indicators(table, resolver=programme_resolver(), series=series)
    report = ImportReport(notices=batch.notices)
    countries = {
        c.iso2: c for c in Country.objects.filter(iso2__in={r.country for r in batch.rows})
    }
    with transaction.atomic():
        for row in batch.rows:
            value, created = IndicatorValue.objects.get_or_create(
                series=series[row.series],
                country=countries[row.country],
                year=row.year,
                defaults={"value": row.value},
            )
            if created:
                report.created += 1
            elif value.value == row.value and not value.is_demo:
                report.unchanged += 1
            else:
                value.value, value.is_demo = row.value, False
                value.save()
                report.updated += 1
    return report

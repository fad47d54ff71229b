"""Importing early-warning events from CSV/XLSX: all or nothing, every problem named by cell."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from civicspace.core.early_warning import EarlyWarningError
from civicspace.core.early_warning_rules import load_rules
from civicspace.countries.models import Country
from civicspace.countries.selectors import programme_resolver
from civicspace.imports.events import EVENT_COLUMNS, EventRow, validate_events
from civicspace.imports.problems import ImportRefused, ImportReport, Problem
from civicspace.imports.tabular import read_table
from civicspace.monitoring.services import EventInput, SourceInput, event_record


def _input(row: EventRow) -> EventInput:
    f = row.fields
    sources: tuple[SourceInput, ...] = ()
    if f["source_title"] or f["source_url"]:
        sources = (
            SourceInput(
                title=f["source_title"] or f["source_url"],
                url=f["source_url"],
                publisher=f["source_publisher"],
                published_on=f["source_date"],
                kind=f["source_kind"],
            ),
        )
    return EventInput(
        title=row.title,
        event_type=row.event_type,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        dimensions=row.dimensions,
        direction=row.direction,
        description=f["description"],
        actor=f["actor"],
        actors_detail=f["actors_detail"],
        affected_groups=f["affected_groups"],
        affected_count=f["affected_count"],
        region=f["region"],
        city=f["city"],
        latitude=f["latitude"],
        longitude=f["longitude"],
        sensitivity=f["sensitivity"],
        sources=sources,
    )


def events_import(*, path: Path, by: AbstractBaseUser | None = None) -> ImportReport:
    """Record every event of the file as submitted, or none (ImportRefused lists why)."""
    rules = load_rules(str(settings.CIVICSPACE_DEFAULT_EDITION))
    batch = validate_events(
        read_table(path, EVENT_COLUMNS),
        resolver=programme_resolver(),
        rules=rules,
        today=timezone.localdate(),
    )
    countries = {
        c.iso2: c for c in Country.objects.filter(iso2__in={r.country for r in batch.rows})
    }
    report = ImportReport(notices=batch.notices)
    with transaction.atomic():
        for row in batch.rows:
            try:
                event_record(country=countries[row.country], data=_input(row), by=by)
            except EarlyWarningError as exc:  # a member importing for another country
                raise ImportRefused([Problem(row.place, exc.message)]) from None
            report.created += 1
    return report

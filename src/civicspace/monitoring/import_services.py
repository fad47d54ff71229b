"""Importing early-warning events from CSV/XLSX: all or nothing, every problem named by cell.

The command line imports a file as the consortium; the workspace previews an upload, then
applies it only if nothing changed since the preview (the preview's token)."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from civicspace.accounts.permissions import may_report_event, may_verify_events
from civicspace.core.early_warning import EarlyWarningError
from civicspace.core.early_warning_rules import load_rules
from civicspace.core.messages import MessageError, _
from civicspace.countries.models import Country
from civicspace.countries.selectors import programme_resolver
from civicspace.imports.events import EVENT_COLUMNS, EventRow, validate_events
from civicspace.imports.problems import ImportRefused, ImportReport, Problem
from civicspace.imports.tabular import read_table
from civicspace.monitoring.models import Event
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


@dataclass(frozen=True)
class EventImportPreview:
    """What applying the file would record, and the token that applying must present."""

    rows: tuple[EventRow, ...]
    notices: tuple[Problem, ...]
    token: str
    edition: str  # whose event types and dimensions the rows were checked against


class StaleImport(MessageError):
    """The events of the file's countries changed after the preview: preview again."""


def _rows(path: Path, by: AbstractBaseUser | None) -> tuple[list[EventRow], list[Problem]]:
    batch = validate_events(
        read_table(path, EVENT_COLUMNS),
        resolver=programme_resolver(),
        rules=load_rules(str(settings.CIVICSPACE_DEFAULT_EDITION)),
        today=timezone.localdate(),
    )
    if by is not None and not may_verify_events(by):
        ids = dict(Country.objects.values_list("iso2", "pk"))
        refused = [
            Problem(
                replace(row.place, column="country"),
                _("%(country)s: you import events for your own country only", country=row.country),
            )
            for row in batch.rows
            if not may_report_event(by, ids[row.country])
        ]
        if refused:
            raise ImportRefused(refused)
    return list(batch.rows), list(batch.notices)


def events_import_token(*, path: Path, countries: set[str]) -> str:
    """Changes when the file does or when any event of its countries is recorded or changed
    (so applying the same preview twice is refused as stale)."""
    state = Event.objects.filter(country__iso2__in=countries).aggregate(
        count=Count("pk"), last=Max("updated_at")
    )
    digest = hashlib.sha256(path.read_bytes())
    digest.update(f"|{sorted(countries)}|{state['count']}|{state['last']}".encode())
    return digest.hexdigest()


def events_import_preview(*, path: Path, by: AbstractBaseUser) -> EventImportPreview:
    """The rows the file would record for `by`, or ImportRefused naming every problem's cell."""
    rows, notices = _rows(path, by)
    token = events_import_token(path=path, countries={r.country for r in rows})
    return EventImportPreview(
        rows=tuple(rows),
        notices=tuple(notices),
        token=token,
        edition=str(settings.CIVICSPACE_DEFAULT_EDITION),
    )


def events_import(
    *, path: Path, by: AbstractBaseUser | None = None, token: str | None = None
) -> ImportReport:
    """Record every event of the file as submitted, or none (ImportRefused lists why). With a
    preview's `token`, refuse (StaleImport) if anything changed since that preview."""
    rows, notices = _rows(path, by)
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in={r.country for r in rows})}
    report = ImportReport(notices=notices)
    with transaction.atomic():
        # Lock the countries' rows: two applies of one preview queue, and the second is stale.
        list(Country.objects.select_for_update().filter(pk__in=[c.pk for c in countries.values()]))
        if token is not None and token != events_import_token(path=path, countries=set(countries)):
            raise StaleImport(
                _("The events changed after this preview; check the new preview before applying.")
            )
        for row in rows:
            try:
                event_record(country=countries[row.country], data=_input(row), by=by, imported=True)
            except EarlyWarningError as exc:
                raise ImportRefused([Problem(row.place, exc.message)]) from None
            report.created += 1
    return report


@contextmanager
def upload_as_file(*, data: bytes, name: str) -> Iterator[Path]:
    """An uploaded table as a file the readers open, under its own (base) name, then gone."""
    base = Path(name.replace("\\", "/")).name or "upload.csv"
    with tempfile.TemporaryDirectory(prefix="civicspace-events-") as folder:
        path = Path(folder) / base
        path.write_bytes(data)
        yield path

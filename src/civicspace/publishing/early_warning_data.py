"""Early warning as open data: public verified events, their sources and public alerts, as rows
with a codebook each, for the files and the API.

Everything is read through `monitoring.public_selectors`, the one definition of what of early
warning is public: nothing consortium-only, restricted, unverified or merged can reach a row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext_noop

from civicspace.core.early_warning_rules import load_rules
from civicspace.monitoring.public_selectors import (
    PublicAlert,
    PublicEvent,
    public_alerts,
    public_events,
)
from civicspace.publishing.open_data import Column

# Joins inside one cell: dimension codes never hold a semicolon, addresses never a space.
LIST_SEPARATOR = ";"
URL_SEPARATOR = " "

_ID = Column("event_id", "integer", gettext_noop("Number of the event, stable across files"))
_COUNTRY = (
    Column("country_iso2", "string", gettext_noop("ISO 3166-1 alpha-2 code of the country")),
    Column("country", "string", gettext_noop("Country name (ISO 3166)")),
)
_EDITION = Column(
    "edition", "string", gettext_noop("Framework edition whose vocabulary and dimensions it uses")
)
_DEMO = Column(
    "demo",
    "boolean",
    gettext_noop("True for demonstration data, which are not early-warning findings"),
)

EVENT_CODEBOOK = (
    _ID,
    *_COUNTRY,
    _EDITION,
    Column("starts_on", "date", gettext_noop("Date of the event, or the day it began")),
    Column("ends_on", "date", gettext_noop("Last day of an event that lasted; empty otherwise")),
    Column("title", "string", gettext_noop("Title of the event")),
    Column("description", "string", gettext_noop("What happened (Markdown)")),
    Column("event_type", "string", gettext_noop("Code of the event type in the vocabulary")),
    Column("event_type_name", "string", gettext_noop("Name of the event type (English)")),
    Column(
        "dimensions",
        "string",
        gettext_noop("Codes of the dimensions it touches (e.g. 1.2), separated by semicolons"),
    ),
    Column("direction", "string", gettext_noop("'deteriorating' or 'improving'")),
    Column("actor", "string", gettext_noop("Who acted: 'state', 'non-state' or 'unknown'")),
    Column("affected_groups", "string", gettext_noop("Who was affected")),
    Column("affected_count", "integer", gettext_noop("About how many were affected, if known")),
    Column("region", "string", gettext_noop("Region of the country where it happened")),
    Column("city", "string", gettext_noop("City or place")),
    Column("latitude", "number", gettext_noop("Latitude of the place (WGS 84), if given")),
    Column("longitude", "number", gettext_noop("Longitude of the place (WGS 84), if given")),
    Column(
        "impact",
        "integer",
        gettext_noop("Impact the consortium rated at verification, 1 (low) to 5 (high)"),
    ),
    Column("verified_on", "date", gettext_noop("Date the consortium verified the event")),
    Column(
        "source_count",
        "integer",
        gettext_noop("Number of its sources (each is a row of event-sources.csv)"),
    ),
    Column("source_urls", "string", gettext_noop("Addresses of its sources, separated by spaces")),
    Column(
        "alert_ids",
        "string",
        gettext_noop("Numbers of the public alerts it is part of, separated by semicolons"),
    ),
    _DEMO,
)

SOURCE_CODEBOOK = (
    _ID,
    Column("title", "string", gettext_noop("Title of the source")),
    Column("url", "string", gettext_noop("Address of the source")),
    Column("publisher", "string", gettext_noop("Who published it")),
    Column("published_on", "date", gettext_noop("Date it was published")),
    Column(
        "kind", "string", gettext_noop("'media', 'official', 'ngo' or 'first-hand' (an account)")
    ),
)

ALERT_CODEBOOK = (
    Column("alert_id", "integer", gettext_noop("Number of the alert")),
    *_COUNTRY,
    _EDITION,
    Column("rule", "string", gettext_noop("Code of the alert rule that found it")),
    Column("rule_name", "string", gettext_noop("Name of that rule (English)")),
    Column(
        "subject",
        "string",
        gettext_noop(
            "The dimension (e.g. 1.2) or principle (e.g. P1) of a trend; empty for one"
            " high-impact event"
        ),
    ),
    Column("direction", "string", gettext_noop("'deteriorating' or 'improving'")),
    Column(
        "first_on",
        "date",
        gettext_noop("Date of the first of its public events; empty when none of them is public"),
    ),
    Column(
        "last_on",
        "date",
        gettext_noop("Date of the last of its public events; empty when none of them is public"),
    ),
    Column("state", "string", gettext_noop("'confirmed' (open) or 'closed'")),
    Column("summary", "string", gettext_noop("What the alert is about (Markdown)")),
    Column(
        "recommended_response",
        "string",
        gettext_noop("What the consortium recommends in response (Markdown)"),
    ),
    Column(
        "event_ids",
        "string",
        gettext_noop("Numbers of its public events (rows of events.csv), separated by semicolons"),
    ),
    _DEMO,
)

# Each file (and the API's answers) with its codebook, as the codebook file names them.
EARLY_WARNING_CODEBOOKS = (
    ("events", EVENT_CODEBOOK),
    ("event-sources", SOURCE_CODEBOOK),
    ("alerts", ALERT_CODEBOOK),
)
EVENT_COLUMNS = tuple(c.name for c in EVENT_CODEBOOK)
SOURCE_COLUMNS = tuple(c.name for c in SOURCE_CODEBOOK)
ALERT_COLUMNS = tuple(c.name for c in ALERT_CODEBOOK)


def _names(edition: str, *, rules: bool) -> dict[str, str]:
    data = load_rules(edition)
    return {r.code: r.name for r in (data.rules if rules else data.event_types)}


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def event_row(event: PublicEvent, *, alert_ids: Iterable[int] = ()) -> dict[str, Any]:
    """One public event as a flat row of `EVENT_CODEBOOK`'s columns."""
    return {
        "event_id": event.id,
        "country_iso2": event.iso2,
        "country": event.country,
        "edition": event.edition,
        "starts_on": _day(event.starts_on),
        "ends_on": _day(event.ends_on),
        "title": event.title,
        "description": event.description,
        "event_type": event.event_type,
        "event_type_name": _names(event.edition, rules=False).get(event.event_type, ""),
        "dimensions": LIST_SEPARATOR.join(event.dimensions),
        "direction": event.direction,
        "actor": event.actor,
        "affected_groups": event.affected_groups,
        "affected_count": event.affected_count,
        "region": event.region,
        "city": event.city,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "impact": event.impact,
        "verified_on": _day(event.verified_on),
        "source_count": len(event.sources),
        "source_urls": URL_SEPARATOR.join(s.url for s in event.sources if s.url),
        "alert_ids": LIST_SEPARATOR.join(str(a) for a in sorted(alert_ids)),
        "demo": event.is_demo,
    }


def source_rows(event: PublicEvent) -> list[dict[str, Any]]:
    return [
        {
            "event_id": event.id,
            "title": s.title,
            "url": s.url,
            "publisher": s.publisher,
            "published_on": _day(s.published_on),
            "kind": s.kind,
        }
        for s in event.sources
    ]


def alert_row(alert: PublicAlert) -> dict[str, Any]:
    """One public alert as a flat row of `ALERT_CODEBOOK`'s columns."""
    return {
        "alert_id": alert.id,
        "country_iso2": alert.iso2,
        "country": alert.country,
        "edition": alert.edition,
        "rule": alert.rule,
        "rule_name": _names(alert.edition, rules=True).get(alert.rule, ""),
        "subject": alert.subject,
        "direction": alert.direction,
        "first_on": _day(alert.first_on),
        "last_on": _day(alert.last_on),
        "state": alert.state,
        "summary": alert.summary,
        "recommended_response": alert.recommended_response,
        "event_ids": LIST_SEPARATOR.join(str(e.id) for e in alert.events),
        "demo": alert.is_demo,
    }


def _alerts_of_events(alerts: Iterable[PublicAlert]) -> dict[int, list[int]]:
    of: dict[int, list[int]] = {}
    for alert in alerts:
        for event in alert.events:
            of.setdefault(event.id, []).append(alert.id)
    return of


def event_rows(*, iso2: str = "") -> list[dict[str, Any]]:
    """Every public event as a row, newest first (of one country when asked), each with its
    sources under "sources" (the JSON file and the API nest them; the CSV leaves them out)."""
    alerts = _alerts_of_events(public_alerts(iso2=iso2))
    return [
        event_row(e, alert_ids=alerts.get(e.id, ())) | {"sources": source_rows(e)}
        for e in public_events(iso2=iso2)
    ]


def alert_rows(*, iso2: str = "") -> list[dict[str, Any]]:
    """Every public alert as a row, latest first (of one country when asked)."""
    return [alert_row(a) for a in public_alerts(iso2=iso2)]

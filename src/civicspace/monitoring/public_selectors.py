"""What of early warning the public may read: one definition for the site, the feed, the API and
the open-data files, so none of them can show more than another.

An event is public when it is verified, its reporter chose "public once verified", and it was not
merged into another. An alert is public when an editor confirmed it for the public (it stays public
once closed); it shows only its public events. Nothing here names a reporter or an organisation,
and nothing reads verification notes, rubric answers or attachments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, QuerySet

from civicspace.audit.models import AuditEvent
from civicspace.monitoring.models import Alert, Event, EventSource, Verification

PUBLIC_ALERT_STATES = (Alert.State.CONFIRMED, Alert.State.CLOSED)


def public_event_filter() -> Q:
    return Q(
        state=Event.State.VERIFIED,
        sensitivity=Event.Sensitivity.PUBLIC,
        merged_into=None,
    )


def public_alert_filter() -> Q:
    return Q(audience=Alert.Audience.PUBLIC, state__in=PUBLIC_ALERT_STATES)


@dataclass(frozen=True)
class PublicSource:
    title: str
    url: str
    publisher: str
    published_on: date | None
    kind: str


@dataclass(frozen=True)
class PublicEvent:
    """A verified public event, with only what may be published."""

    id: int
    iso2: str
    country: str  # the programme's English name; pages translate through countries.names
    edition: str
    title: str
    description: str  # Markdown; render with monitoring.rendering.description_html
    event_type: str  # a code of the edition's vocabulary
    starts_on: date
    ends_on: date | None
    dimensions: tuple[str, ...]
    direction: str
    actor: str
    affected_groups: str
    affected_count: int | None
    region: str
    city: str
    latitude: float | None
    longitude: float | None
    impact: int | None
    verified_on: date | None
    sources: tuple[PublicSource, ...]
    is_demo: bool


@dataclass(frozen=True)
class PublicAlert:
    id: int
    iso2: str
    country: str
    edition: str
    rule: str
    subject: str  # a dimension or principle code, or "" (one high-impact event)
    direction: str
    first_on: date
    last_on: date
    state: str  # confirmed or closed
    summary: str  # Markdown
    recommended_response: str  # Markdown
    events: tuple[PublicEvent, ...]  # its public events only
    is_demo: bool


def _events() -> QuerySet[Event]:
    return (
        Event.objects.filter(public_event_filter())
        .select_related("country")
        .prefetch_related(
            Prefetch("sources", queryset=EventSource.objects.order_by("pk")),
            "dimension_tags",
            Prefetch("verification", queryset=Verification.objects.only("at", "event_id")),
        )
        .order_by("-starts_on", "-pk")
    )


def _public_event(event: Event) -> PublicEvent:
    verification = getattr(event, "verification", None)
    return PublicEvent(
        id=event.pk,
        iso2=event.country.iso2,
        country=event.country.name,
        edition=event.edition,
        title=event.title,
        description=event.description,
        event_type=event.event_type,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        dimensions=tuple(event.dimensions),
        direction=event.direction,
        actor=event.actor,
        affected_groups=event.affected_groups,
        affected_count=event.affected_count,
        region=event.region,
        city=event.city,
        latitude=None if event.latitude is None else float(event.latitude),
        longitude=None if event.longitude is None else float(event.longitude),
        impact=event.impact,
        verified_on=None if verification is None else verification.at.date(),
        sources=tuple(
            PublicSource(
                title=s.title,
                url=s.url,
                publisher=s.publisher,
                published_on=s.published_on,
                kind=s.kind,
            )
            for s in event.sources.all()
        ),
        is_demo=event.is_demo,
    )


def public_events(*, iso2: str = "") -> list[PublicEvent]:
    """Every public event, newest first; of one country when `iso2` is given."""
    events = _events()
    if iso2:
        events = events.filter(country__iso2=iso2.upper())
    return [_public_event(e) for e in events]


def public_event(pk: int) -> PublicEvent | None:
    event = _events().filter(pk=pk).first()
    return None if event is None else _public_event(event)


def _alerts() -> QuerySet[Alert]:
    return (
        Alert.objects.filter(public_alert_filter())
        .select_related("country")
        .prefetch_related(Prefetch("events", queryset=_events()))
        .order_by("-last_on", "-pk")
    )


def _public_alert(alert: Alert) -> PublicAlert:
    return PublicAlert(
        id=alert.pk,
        iso2=alert.country.iso2,
        country=alert.country.name,
        edition=alert.edition,
        rule=alert.rule,
        subject=alert.subject,
        direction=alert.direction,
        first_on=alert.first_on,
        last_on=alert.last_on,
        state=alert.state,
        summary=alert.summary,
        recommended_response=alert.recommended_response,
        events=tuple(_public_event(e) for e in alert.events.all()),
        is_demo=alert.is_demo,
    )


def public_alerts(*, iso2: str = "") -> list[PublicAlert]:
    """Every public alert, latest first; of one country when `iso2` is given."""
    alerts = _alerts()
    if iso2:
        alerts = alerts.filter(country__iso2=iso2.upper())
    return [_public_alert(a) for a in alerts]


def public_alert(pk: int) -> PublicAlert | None:
    alert = _alerts().filter(pk=pk).first()
    return None if alert is None else _public_alert(alert)


def public_state() -> str:
    """A key that changes whenever anything of early warning may have changed: every service
    writes the audit trail, and the counts and newest ids catch what the demo loader replaces.
    Caches of public answers (the API's) are keyed by it, as scores are by the publication."""
    trail = AuditEvent.objects.filter(action__in=("event", "alert")).aggregate(last=Max("id"))
    events = Event.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("updated_at"))
    alerts = Alert.objects.aggregate(n=Count("id"), last=Max("id"))
    at = events["at"].isoformat() if events["at"] else "-"
    return (
        f"{connection.alias}:{connection.settings_dict['NAME']}:{trail['last']}:"
        f"{events['n']}:{events['last']}:{at}:{alerts['n']}:{alerts['last']}"
    )


@dataclass(frozen=True)
class AlertTimes:
    published: datetime  # when an editor confirmed it
    updated: datetime  # its latest change (an edit, new events, closing)


def public_alert_times(ids: list[int]) -> dict[int, AlertTimes]:
    """When each public alert was confirmed and last changed, read from the audit trail (the
    feed's published and updated dates). Only the times: no actor, note or reason."""
    rows = AuditEvent.objects.filter(action="alert", target__in=[str(i) for i in ids])
    found: dict[int, list[tuple[datetime, str]]] = {}
    for target, at, after in rows.order_by("at", "pk").values_list("target", "at", "after"):
        change = after.get("change", "") if isinstance(after, dict) else ""
        found.setdefault(int(target), []).append((at, change))
    times = {}
    for pk, changes in found.items():
        confirmed = [at for at, change in changes if change == "confirm"]
        # A demo reload reuses no alert number on PostgreSQL, but SQLite may: rows before the
        # alert's own proposal belong to an earlier alert of that number.
        proposed = [at for at, change in changes if change == "propose"]
        since = proposed[-1] if proposed else changes[0][0]
        times[pk] = AlertTimes(
            published=confirmed[-1] if confirmed else since,
            updated=max(at for at, _ in changes if at >= since),
        )
    return times

"""What of early warning the public may read: one definition for the site, the feed, the API and
the open-data files, so none of them can show more than another.

An event is public when it is verified, its reporter chose "public once verified", and it was not
merged into another. An alert is public when an editor confirmed it for the public (it stays public
once closed); it shows only its public events. Nothing here names a reporter or an organisation,
and nothing reads verification notes, rubric answers or attachments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet

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
    # The span of its public events only (None: it has none): the span of all its events would
    # give away the date of a restricted or consortium-only one.
    first_on: date | None
    last_on: date | None
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


def public_span(events: Iterable[PublicEvent]) -> tuple[date, date] | None:
    """The first and last day of these public events (as an alert's rule counts them: their
    start dates), or None for none."""
    days = [e.starts_on for e in events]
    return (min(days), max(days)) if days else None


def public_alert_span(alert: Alert) -> tuple[date, date] | None:
    """The span of the alert's public events, read afresh (for a reader outside the consortium,
    e.g. a public subscriber's e-mail); None when none of its events is public."""
    found = alert.events.filter(public_event_filter()).aggregate(
        first=Min("starts_on"), last=Max("starts_on")
    )
    return None if found["first"] is None else (found["first"], found["last"])


def _public_alert(alert: Alert) -> PublicAlert:
    events = tuple(_public_event(e) for e in alert.events.all())
    span = public_span(events)
    return PublicAlert(
        id=alert.pk,
        iso2=alert.country.iso2,
        country=alert.country.name,
        edition=alert.edition,
        rule=alert.rule,
        subject=alert.subject,
        direction=alert.direction,
        first_on=None if span is None else span[0],
        last_on=None if span is None else span[1],
        state=alert.state,
        summary=alert.summary,
        recommended_response=alert.recommended_response,
        events=events,
        is_demo=alert.is_demo,
    )


def public_alerts(*, iso2: str = "") -> list[PublicAlert]:
    """Every public alert, latest first by its public dates (ordered by the dates of all its
    events, a list would hint at a later event it does not show), those with none last; of
    one country when `iso2` is given."""
    alerts = _alerts()
    if iso2:
        alerts = alerts.filter(country__iso2=iso2.upper())
    found = [_public_alert(a) for a in alerts]
    found.sort(key=lambda a: (a.last_on is not None, a.last_on or date.min, a.id), reverse=True)
    return found


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


def public_alert_times(alerts: list[PublicAlert]) -> dict[int, AlertTimes]:
    """When each public alert was confirmed and last changed, read from the audit trail (the
    feed's published and updated dates). Only the times: no actor, note or reason. A rule's
    adding events counts as a change only when it added a public one: the time a restricted
    or consortium-only event joined would tell of that event."""
    public_ids = {a.id: {e.id for e in a.events} for a in alerts}
    rows = AuditEvent.objects.filter(action="alert", target__in=[str(i) for i in public_ids])
    found: dict[int, list[tuple[datetime, str, set[int]]]] = {}
    for target, at, after in rows.order_by("at", "pk").values_list("target", "at", "after"):
        after = after if isinstance(after, dict) else {}
        events = {int(n) for n in after.get("events", []) if isinstance(n, int)}
        found.setdefault(int(target), []).append((at, after.get("change", ""), events))
    times = {}
    for pk, changes in found.items():
        confirmed = [at for at, change, _ in changes if change == "confirm"]
        # A demo reload reuses no alert number on PostgreSQL, but SQLite may: rows before the
        # alert's own proposal belong to an earlier alert of that number.
        proposed = [at for at, change, _ in changes if change == "propose"]
        since = proposed[-1] if proposed else changes[0][0]
        shown: list[datetime] = []
        held: set[int] = set()
        for at, change, events in changes:
            if at < since:
                continue
            added, held = events - held, held | events
            if change != "events-added" or added & public_ids[pk]:
                shown.append(at)
        times[pk] = AlertTimes(
            published=confirmed[-1] if confirmed else since,
            updated=max(shown, default=since),
        )
    return times

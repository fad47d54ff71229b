"""Reads for early warning: which events and alerts a person sees, and what of a restricted one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

from civicspace.accounts.permissions import (
    User,
    is_editor,
    is_observer,
    may_attach_to_event,
    may_manage_alerts,
    may_refer_alerts,
    may_see_event_details,
    may_verify_events,
    member_country_ids,
)
from civicspace.audit.models import AuditEvent
from civicspace.countries.models import Country
from civicspace.monitoring.models import (
    Alert,
    Event,
    EventAttachment,
    EventSource,
    Referral,
    ReferralStep,
)
from civicspace.monitoring.public_selectors import public_alert_span
from civicspace.monitoring.rendering import description_html


def _events_readable(user: User) -> QuerySet[Event]:
    """The consortium reads every event; a member, their own countries'; anyone else, none."""
    events = Event.objects.select_related("country", "reporter")
    if not may_verify_events(user):
        events = events.filter(country_id__in=member_country_ids(user))
    return events


def events_visible(user: User, *, country: str = "", state: str = "") -> QuerySet[Event]:
    """The events a person's lists show: merged duplicates left out."""
    events = _events_readable(user).filter(merged_into=None)
    if country:
        events = events.filter(country__iso2=country.upper())
    if state:
        events = events.filter(state=state)
    return events


def event_for_reader(user: User, pk: int) -> Event:
    """The event, or 404 for anyone who may not see it (existence is not confirmed either).
    A merged duplicate stays readable by its number, for its history."""
    event = _events_readable(user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


@dataclass(frozen=True)
class EventView:
    """An event as one reader may see it: a restricted event, read outside its own country,
    loses the reporter's organisation and every place below the country."""

    event: Event
    description_html: str  # sanitised, safe to mark safe
    sources: tuple[EventSource, ...]
    reporter: str  # "" when withheld
    organisation: str  # "" when withheld
    region: str
    city: str
    coordinates: str
    withheld: bool


def details_withheld(event: Event, *, may_see_details: bool) -> bool:
    """Whether a reader loses a restricted event's organisation and place below the country
    (`may_see_details`: accounts.permissions.may_see_event_details for the event's country)."""
    return event.sensitivity == Event.Sensitivity.RESTRICTED and not may_see_details


def event_view(user: User, event: Event) -> EventView:
    withheld = details_withheld(
        event, may_see_details=may_see_event_details(user, event.country_id)
    )
    member = getattr(event.country, "network_member", None)
    coordinates = f"{event.latitude}, {event.longitude}" if event.latitude is not None else ""
    return EventView(
        event=event,
        description_html=description_html(event.description),
        sources=tuple(event.sources.all()),
        reporter="" if withheld or event.reporter is None else event.reporter.get_username(),
        organisation="" if withheld or member is None else member.name,
        region="" if withheld else event.region,
        city="" if withheld else event.city,
        coordinates="" if withheld else coordinates,
        withheld=withheld,
    )


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    who: str  # "" for the command line or a rule
    summary: str


def event_history(event: Event, *, withheld: bool) -> list[HistoryRow]:
    """The event's audit rows; when the event is withheld from this reader, the reporter's own
    rows name no person (their account would name their organisation)."""
    rows = (
        AuditEvent.objects.filter(action="event", target=str(event.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )
    return [
        HistoryRow(
            at=row.at,
            who=(
                gettext("the reporter")
                if withheld and row.actor_id is not None and row.actor_id == event.reporter_id
                else (row.actor.get_username() if row.actor is not None else "")
            ),
            summary=row.summary,
        )
        for row in rows
    ]


# An alert reaches anyone beyond the consortium only once an editor confirmed it (and stays
# readable after it is closed); each audience adds to the ones before it.
_CONFIRMED = (Alert.State.CONFIRMED, Alert.State.CLOSED)
_OBSERVER_AUDIENCES = (Alert.Audience.DONORS, Alert.Audience.PUBLIC)


def alert_readable_by(alert: Alert, user: User | None) -> bool:
    """Whether `user` (None: someone without an account) may read `alert`: the consortium every
    alert; an EU delegation or donor (observer) a confirmed one for them or the public; anyone
    else a confirmed public one."""
    if user is not None and is_editor(user):
        return True
    if alert.state not in _CONFIRMED:
        return False
    if alert.audience == Alert.Audience.PUBLIC:
        return True
    return user is not None and alert.audience == Alert.Audience.DONORS and is_observer(user)


def alert_span_for(alert: Alert, user: User | None) -> tuple[date, date] | None:
    """The dates of `alert` as `user` (None: someone without an account) may read them. The
    consortium and observers read the alert in the workspace, with the span of all its events;
    anyone else reads a public alert, whose dates are the span of its public events only (None:
    it has none), as on the public site: a restricted event's date stays with the consortium."""
    if user is not None and (may_manage_alerts(user) or is_observer(user)):
        return alert.first_on, alert.last_on
    return public_alert_span(alert)


def alerts_visible(user: User, *, state: str = "") -> QuerySet[Alert]:
    """The alerts of the workspace's list: every one for the consortium, the confirmed ones for
    donors and the public for observers, none for anyone else."""
    alerts = Alert.objects.select_related("country")
    if not may_manage_alerts(user):
        if not is_observer(user):
            return Alert.objects.none()
        alerts = alerts.filter(state__in=_CONFIRMED, audience__in=_OBSERVER_AUDIENCES)
    return alerts.filter(state=state) if state else alerts


def alert_for_reader(user: User, pk: int) -> Alert:
    """The alert, or 404 for anyone who may not read it (existence is not confirmed either)."""
    alert = alerts_visible(user).filter(pk=pk).first()
    if alert is None:
        raise Http404
    return alert


def alert_for_editor(user: User, pk: int) -> Alert:
    if not may_manage_alerts(user):
        raise Http404
    return alert_for_reader(user, pk)


def referral_for_editor(user: User, alert: Alert) -> Referral | None:
    """The alert's referral to flexible support, for the consortium only (None for others)."""
    if not may_refer_alerts(user):
        return None
    return Referral.objects.filter(alert=alert).first()


def referral_steps(referral: Referral) -> QuerySet[ReferralStep]:
    return referral.steps.select_related("by").order_by("at", "pk")


def alert_history(alert: Alert) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(action="alert", target=str(alert.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )


def countries_reporting(user: User) -> list[Country]:
    """The countries whose events `user` records (a member's own)."""
    return list(Country.objects.filter(pk__in=member_country_ids(user)))


def countries_with_events(user: User) -> list[Country]:
    """The countries a person may filter the event list by."""
    if may_verify_events(user):
        return list(Country.objects.filter(events__isnull=False).distinct())
    return countries_reporting(user)


def country_for_reporter(user: User, iso2: str) -> Country:
    """The country whose event `user` is about to record, or 404."""
    country = Country.objects.filter(iso2=iso2.upper()).first()
    if country is None or country.pk not in member_country_ids(user):
        raise Http404
    return country


@dataclass(frozen=True)
class AttachmentView:
    """An attachment as one reader may see it. Outside a restricted event's own country the
    original file name and the uploader are withheld: either could name the reporter."""

    pk: int
    name: str
    content_type: str
    size: int
    uploaded_by: str
    uploaded_at: datetime


def attachment_shown_name(attachment: EventAttachment, *, withheld: bool) -> str:
    """The file's name, or `attachment-N.ext` where the uploader's own name is withheld."""
    if not withheld:
        return attachment.name
    extension = attachment.name.rsplit(".", 1)[-1]
    return f"attachment-{attachment.pk}.{extension}"


def _attachment_withheld(user: User, event: Event) -> bool:
    return event.sensitivity == Event.Sensitivity.RESTRICTED and not may_see_event_details(
        user, event.country_id
    )


def event_attachments(user: User, event: Event) -> list[AttachmentView]:
    """The event's files for a reader who may see them (its country's member, the consortium)."""
    if not may_attach_to_event(user, event.country_id):
        return []
    withheld = _attachment_withheld(user, event)
    return [
        AttachmentView(
            pk=a.pk,
            name=attachment_shown_name(a, withheld=withheld),
            content_type=a.content_type,
            size=a.size,
            uploaded_by="" if withheld else a.uploaded_by.get_username(),
            uploaded_at=a.uploaded_at,
        )
        for a in event.attachments.select_related("uploaded_by")
    ]


def attachment_for_reader(user: User, pk: int) -> tuple[EventAttachment, str]:
    """The attachment and the name to download it under, or 404 for anyone else."""
    attachment = (
        EventAttachment.objects.select_related("event__country")
        .filter(pk=pk, event__in=_events_readable(user))
        .first()
    )
    if attachment is None or not may_attach_to_event(user, attachment.event.country_id):
        raise Http404
    withheld = _attachment_withheld(user, attachment.event)
    return attachment, attachment_shown_name(attachment, withheld=withheld)

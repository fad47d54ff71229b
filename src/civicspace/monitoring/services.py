"""Writes for early-warning events: recording, editing and the verification transitions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from civicspace.accounts.permissions import may_report_event, may_verify_events
from civicspace.audit.services import audit_record
from civicspace.core.early_warning import EarlyWarningError, Sensitivity
from civicspace.core.early_warning_rules import load_rules
from civicspace.core.event_workflow import EVENT_EDITABLE, EVENT_TRANSITIONS, transition_check
from civicspace.core.messages import Message, _
from civicspace.core.workflow import Actor
from civicspace.countries.models import Country
from civicspace.monitoring.alert_services import alerts_refresh
from civicspace.monitoring.models import (
    Event,
    EventAttachment,
    EventDimension,
    EventSource,
    Verification,
)


@dataclass(frozen=True)
class SourceInput:
    title: str
    url: str = ""
    publisher: str = ""
    published_on: date | None = None
    kind: str = EventSource.Kind.MEDIA


@dataclass(frozen=True)
class EventInput:
    """What a reporter says of an event (the form's, the import's and the demo's common shape)."""

    title: str
    event_type: str
    starts_on: date
    dimensions: tuple[str, ...]
    direction: str
    description: str = ""
    ends_on: date | None = None
    actor: str = Event.Actor.UNKNOWN
    actors_detail: str = ""
    affected_groups: str = ""
    affected_count: int | None = None
    region: str = ""
    city: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    sensitivity: str = Event.Sensitivity.PUBLIC
    sources: tuple[SourceInput, ...] = field(default_factory=tuple)


class EventChangedMeanwhile(EarlyWarningError):
    """An edit made over another one (event_edit's `seen`)."""


class EventInputError(EarlyWarningError):
    """What an event says is refused; `field` names the part (EventInput's field name)."""

    def __init__(self, field: str, message: Message) -> None:
        super().__init__(message)
        self.field = field


def event_input_check(data: EventInput, *, edition: str, today: date | None = None) -> None:
    """Refuse what no event can say: an unknown type or dimension, dates the wrong way round."""
    rules = load_rules(edition)
    if not data.title.strip():
        raise EventInputError("title", _("Give the event a title."))
    if data.event_type not in {t.code for t in rules.event_types}:
        raise EventInputError(
            "event_type", _("“%(code)s” is not an event type.", code=data.event_type)
        )
    unknown = sorted(set(data.dimensions) - set(rules.principle_of))
    if unknown or not data.dimensions:
        raise EventInputError(
            "dimensions",
            _(
                "Choose one or more of the framework's dimensions (not “%(codes)s”).",
                codes=", ".join(unknown),
            ),
        )
    if data.direction not in Event.Direction.values:
        raise EventInputError("direction", _("The direction is deteriorating or improving."))
    if data.sensitivity not in Event.Sensitivity.values or data.actor not in Event.Actor.values:
        raise EventInputError(
            "sensitivity" if data.sensitivity not in Event.Sensitivity.values else "actor",
            _("Choose the sensitivity and the actors from the lists."),
        )
    if data.starts_on > (today or timezone.localdate()):
        raise EventInputError(
            "starts_on", _("An event is recorded once it has happened: its date is ahead.")
        )
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise EventInputError("ends_on", _("The event ends before it starts."))
    if (data.latitude is None) != (data.longitude is None):
        raise EventInputError("latitude", _("Give both coordinates, or neither."))
    if (
        data.latitude is not None
        and data.longitude is not None
        and not (-90 <= data.latitude <= 90 and -180 <= data.longitude <= 180)
    ):
        raise EventInputError("latitude", _("The coordinates are not on Earth."))


def _fields(data: EventInput) -> dict[str, Any]:
    """The event's own columns (its sources and dimensions are rows of their own)."""
    values = asdict(data)
    del values["sources"], values["dimensions"]
    return values


def _dimensions_save(event: Event, codes: Sequence[str]) -> None:
    """Make the event's dimension rows `codes`: unchanged rows stay, others come and go."""
    wanted = set(codes)
    held = set(event.dimension_tags.values_list("code", flat=True))
    event.dimension_tags.filter(code__in=held - wanted).delete()
    EventDimension.objects.bulk_create(
        EventDimension(event=event, code=code) for code in sorted(wanted - held)
    )


def _audit(
    event: Event, *, by: AbstractBaseUser | None, change: str, before: Any = None, **after: Any
) -> None:
    audit_record(
        cycle=None,
        country=event.country,
        by=by,
        action="event",
        target=str(event.pk),
        before=before,
        after={"change": change, "state": event.state, **after},
    )


def _sources_save(event: Event, sources: Sequence[SourceInput]) -> None:
    EventSource.objects.bulk_create(EventSource(event=event, **asdict(s)) for s in sources)


@transaction.atomic
def event_record(
    *,
    country: Country,
    data: EventInput,
    by: AbstractBaseUser | None,
    is_demo: bool = False,
    imported: bool = False,
) -> Event:
    """A member records an event for their own country (by=None: the command line's import);
    a bulk import in the workspace (`imported`) may also be the consortium's, for any country."""
    if by is not None and not (
        may_report_event(by, country.pk) or (imported and may_verify_events(by))
    ):
        raise EarlyWarningError(_("You record events for your own country only."))
    reporter = by.pk if by is not None else None
    event = Event(country=country, reporter_id=reporter, is_demo=is_demo, **_fields(data))
    event_input_check(data, edition=event.edition)
    event.save()
    _dimensions_save(event, data.dimensions)
    _sources_save(event, data.sources)
    _audit(event, by=by, change="record", title=event.title)
    return event


def event_version(event: Event) -> str:
    """What the edit form carries back: the event as it was when the page was opened."""
    return event.updated_at.isoformat()


@transaction.atomic
def event_edit(
    *, event: Event, data: EventInput, by: AbstractBaseUser, seen: str | None = None
) -> Event:
    """The member rewrites their event while it waits for the consortium or its questions.
    `seen` (event_version when the form was opened) refuses an edit made over another one:
    another member's sensitivity or sources would otherwise be silently written back."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not may_report_event(by, event.country_id):
        raise EarlyWarningError(_("You record events for your own country only."))
    if event.state not in EVENT_EDITABLE or event.merged_into_id is not None:
        raise EarlyWarningError(_("The consortium is verifying this event: it cannot change now."))
    if seen is not None and seen != event_version(event):
        raise EventChangedMeanwhile(
            _(
                "Someone changed this event since you opened it. Nothing was saved: the form now"
                " shows the event as it is; make your changes again."
            )
        )
    event_input_check(data, edition=event.edition)
    before = {"title": event.title, "sources": event.sources.count()}
    for name, value in _fields(data).items():
        setattr(event, name, value)
    event.save()
    _dimensions_save(event, data.dimensions)
    event.sources.all().delete()
    _sources_save(event, data.sources)
    _audit(event, by=by, change="edit", before=before, title=event.title)
    return event


@dataclass(frozen=True)
class VerificationInput:
    answers: Mapping[str, int]  # the impact rubric's criteria, 1-5 each
    sources_checked: Sequence[int]  # ids of the event's sources
    note: str = ""


def _actors(user: AbstractBaseUser, event: Event) -> frozenset[Actor]:
    actors = set()
    if may_report_event(user, event.country_id):
        actors.add(Actor.MEMBER)
    if may_verify_events(user):
        actors.add(Actor.EDITOR)
    return frozenset(actors)


@transaction.atomic
def event_transition(
    *,
    event: Event,
    action: str,
    by: AbstractBaseUser | None,
    reason: str = "",
    verification: VerificationInput | None = None,
) -> Event:
    """Move an event through verification; a verification runs the alert rules.

    `by=None` is the demo loader or the command line, which act as the consortium."""
    event = Event.objects.select_for_update().select_related("country").get(pk=event.pk)
    transition = EVENT_TRANSITIONS.get(action)
    if transition is None:
        raise EarlyWarningError(_("Unknown action %(action)s.", action=repr(action)))
    if event.merged_into_id is not None:
        raise EarlyWarningError(_("This event was already merged."))
    target = transition_check(
        transition,
        state=event.state,
        actors=_actors(by, event) if by is not None else frozenset({Actor.EDITOR}),
        is_reporter=by is not None and event.reporter_id == by.pk,
        reason=reason,
    )
    before = event.state
    details: dict[str, Any] = {}
    if action == "verify":
        if verification is None:
            raise EarlyWarningError(_("Answer the impact rubric to verify an event."))
        event.impact = load_rules(event.edition).rubric.impact(verification.answers)
        checked = list(event.sources.filter(pk__in=verification.sources_checked))
        if event.sources.exists() and not checked:
            raise EarlyWarningError(_("Say which of the event's sources you checked."))
        record = Verification.objects.create(
            event=event,
            by_id=by.pk if by is not None else None,
            answers=dict(verification.answers),
            note=verification.note,
        )
        record.sources_checked.set(checked)
        details = {"impact": event.impact, "sources_checked": [s.pk for s in checked]}
    event.state = target
    event.state_note = reason.strip()
    event.save(update_fields=["state", "state_note", "impact", "updated_at"])
    _audit(event, by=by, change=action, before=before, reason=event.state_note, **details)
    if action == "verify":
        alerts_refresh(country=event.country, edition=event.edition, verified=event)
    return event


# Least to most guarded: the order core.early_warning.Sensitivity declares them in.
_SENSITIVITY_ORDER: list[str] = list(Sensitivity)


@transaction.atomic
def event_merge(*, duplicate: Event, into: Event, by: AbstractBaseUser) -> Event:
    """The consortium merges a duplicate into the event it repeats: the duplicate's sources are
    added (a source already there by URL and title is not repeated) and its attachments moved;
    the event takes the stricter sensitivity of the two; the duplicate stays, marked as merged,
    with its history, and no longer counts for the rules or shows in lists."""
    if not may_verify_events(by):
        raise EarlyWarningError(_("Only the consortium can do this."))
    locked = {
        e.pk: e for e in Event.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])
    }
    duplicate, into = locked[duplicate.pk], locked.get(into.pk, into)
    if duplicate.pk == into.pk or duplicate.country_id != into.country_id:
        raise EarlyWarningError(_("An event merges into another event of the same country."))
    if duplicate.merged_into_id is not None or into.merged_into_id is not None:
        raise EarlyWarningError(_("This event was already merged."))
    # The merged record is as guarded as the stricter of the two: a duplicate kept for the
    # consortium, or restricted, must not publish its sources or files through a public event.
    stricter = max((into.sensitivity, duplicate.sensitivity), key=_SENSITIVITY_ORDER.index)
    sensitivity_before = into.sensitivity
    if stricter != into.sensitivity:
        into.sensitivity = stricter
        into.save(update_fields=["sensitivity", "updated_at"])
    held = {(s.url, s.title) for s in into.sources.all()}
    added = [
        SourceInput(s.title, s.url, s.publisher, s.published_on, s.kind)
        for s in duplicate.sources.all()
        if (s.url, s.title) not in held
    ]
    _sources_save(into, added)
    # The duplicate's files go with it, even past the count limit: nothing is lost by merging.
    moved = EventAttachment.objects.filter(event=duplicate).update(event=into)
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into", "updated_at"])
    _audit(duplicate, by=by, change="merge", into=into.pk)
    _audit(
        into,
        by=by,
        change="merged-in",
        duplicate=duplicate.pk,
        sources_added=len(added),
        attachments_moved=moved,
        **(
            {"sensitivity": [sensitivity_before, stricter]}
            if stricter != sensitivity_before
            else {}
        ),
    )
    if duplicate.state == Event.State.VERIFIED:  # a verified duplicate counted; now it does not
        alerts_refresh(country=into.country, edition=into.edition)
    return into

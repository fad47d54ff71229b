"""Early-warning events, alerts, referrals and attachments in the admin: viewable, written only by
the services (which check, and audit who did what)."""

from typing import Any

from django.contrib import admin
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civicspace.audit.admin import ACTOR_WITHHELD, ReadOnlyAdmin, ReadOnlyInline, lookup_refused
from civicspace.monitoring.models import (
    Alert,
    Event,
    EventAttachment,
    EventDimension,
    EventSource,
    Referral,
    ReferralStep,
)
from civicspace.monitoring.selectors import attachment_shown_name

# A restricted event's reporter and place below the country are its own country's: the workspace
# withholds them from the consortium (monitoring.selectors.details_withheld), and so does the
# admin, for everyone, superusers too (members read their events in the workspace).
EVENT_WITHHELD_FIELDS = ("reporter", "region", "city", "latitude", "longitude")
# And of its files, who attached them, their names and contents' digests (a known file's digest
# would tell it is there).
ATTACHMENT_WITHHELD_FIELDS = ("uploaded_by", "name", "sha256")


def _restricted(event: Event) -> bool:
    return event.sensitivity == Event.Sensitivity.RESTRICTED


def restricted_event_rows() -> Q:
    """The audit rows of restricted events: they name the reporter and the files they attached."""
    restricted = (
        Event.objects.filter(sensitivity=Event.Sensitivity.RESTRICTED)
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    return Q(action="event", target__in=restricted)


ACTOR_WITHHELD.append(restricted_event_rows)


class EventDimensionInline(ReadOnlyInline[EventDimension, Event]):
    model = EventDimension


class EventSourceInline(ReadOnlyInline[EventSource, Event]):
    model = EventSource


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin[Event]):
    list_display = ["starts_on", "country", "title", "direction", "sensitivity", "state"]
    list_filter = ["state", "direction", "sensitivity", "country", "dimension_tags__code"]
    search_fields = ["title"]
    inlines = [EventDimensionInline, EventSourceInline]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # Not by what a restricted event withholds, for any event: a filtered list would tell it.
        if lookup_refused(lookup, EVENT_WITHHELD_FIELDS):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fields(self, request: HttpRequest, obj: Event | None = None) -> list[Any]:
        fields = list(super().get_fields(request, obj))
        if obj is not None and _restricted(obj):
            return [f for f in fields if f not in EVENT_WITHHELD_FIELDS]
        return fields


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin[Alert]):
    list_display = ["last_on", "country", "rule", "subject", "direction", "state", "audience"]
    list_filter = ["state", "audience", "country"]


class ReferralStepInline(ReadOnlyInline[ReferralStep, Referral]):
    model = ReferralStep
    fields = ["at", "by", "status", "note"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin[Referral]):
    """Referrals to flexible support; opened and moved on in the workspace (referral_services)."""

    list_display = ["referred_on", "alert", "status", "referred_by", "updated_at"]
    list_select_related = ["alert__country", "referred_by"]
    list_filter = ["status"]
    inlines = [ReferralStepInline]


@admin.register(EventAttachment)
class EventAttachmentAdmin(ReadOnlyAdmin[EventAttachment]):
    """What was attached to which event, by whom: the file itself only through the workspace's
    download, which checks the reader (the admin shows no link to it, nor where it is kept)."""

    list_display = ["uploaded_at", "event", "name_shown", "content_type", "size", "uploader"]
    list_select_related = ["event__country", "uploaded_by"]
    fields = ["event", "name_shown", "content_type", "size", "sha256", "uploader", "uploaded_at"]
    readonly_fields = ["name_shown", "uploader"]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        if lookup_refused(lookup, ATTACHMENT_WITHHELD_FIELDS):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fields(self, request: HttpRequest, obj: EventAttachment | None = None) -> list[Any]:
        fields = list(super().get_fields(request, obj))
        if obj is not None and _restricted(obj.event):
            return [f for f in fields if f != "sha256"]
        return fields

    # A restricted event's files keep their uploader and name to its country, as in the workspace.
    @admin.display(description=_("file name"))
    def name_shown(self, attachment: EventAttachment) -> str:
        return attachment_shown_name(attachment, withheld=_restricted(attachment.event))

    @admin.display(description=_("attached by"))
    def uploader(self, attachment: EventAttachment) -> str:
        if _restricted(attachment.event):
            return str(_("withheld (restricted event)"))
        return attachment.uploaded_by.get_username()

"""Early-warning events, alerts, referrals and attachments in the admin: viewable, written only by
the services (which check, and audit who did what)."""

from django.contrib import admin

from civicspace.audit.admin import ReadOnlyAdmin, ReadOnlyInline
from civicspace.monitoring.models import (
    Alert,
    Event,
    EventAttachment,
    EventDimension,
    EventSource,
    Referral,
    ReferralStep,
)


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

    list_display = ["uploaded_at", "event", "name", "content_type", "size", "uploaded_by"]
    list_select_related = ["event__country", "uploaded_by"]
    fields = ["event", "name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]

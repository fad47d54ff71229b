"""Early-warning events and alerts in the admin: viewable, written only by the services."""

from django.contrib import admin

from civicspace.audit.admin import ReadOnlyAdmin, ReadOnlyInline
from civicspace.monitoring.models import Alert, Event, EventDimension, EventSource


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

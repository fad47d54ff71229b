from typing import TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from civicspace.editorial.models import AuditEvent, Snapshot

M = TypeVar("M", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    """For records only services write: viewable in the admin, never added, changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    """The audit trail is append-only."""

    list_display = ["at", "cycle", "actor", "action", "target"]
    list_select_related = ["cycle__country", "actor"]
    list_filter = ["action", "cycle__year"]
    search_fields = ["cycle__country__name", "target"]


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin[Snapshot]):
    """Published snapshots are immutable: viewable, never edited."""

    list_display = ["cycle", "revision", "published_at", "published_by", "checksum"]
    readonly_fields = [
        "cycle",
        "revision",
        "published_at",
        "published_by",
        "data",
        "checksum",
        "correction_note",
    ]

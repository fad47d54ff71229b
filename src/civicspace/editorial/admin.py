from django.contrib import admin
from django.http import HttpRequest

from civicspace.editorial.models import AuditEvent, Snapshot


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the trail is written by services and never edited."""

    list_display = ["at", "cycle", "actor", "action", "target"]
    list_filter = ["action", "cycle__year"]
    search_fields = ["cycle__country__name", "target"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin[Snapshot]):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

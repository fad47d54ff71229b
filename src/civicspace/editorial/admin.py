"""The audit trail and published snapshots in the admin: viewable, never written there."""

from django.contrib import admin

from civicspace.accounts.admin import ReadOnlyAdmin
from civicspace.editorial.models import AuditEvent, Snapshot


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

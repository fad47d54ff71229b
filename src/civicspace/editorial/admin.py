"""Published snapshots in the admin: viewable, never written there."""

from django.contrib import admin

from civicspace.audit.admin import ReadOnlyAdmin
from civicspace.editorial.models import Snapshot


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
        "archive_published_on",
    ]

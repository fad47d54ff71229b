"""The audit trail: every change to a cycle's content or state, who made it and what it was."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicspace.assessments.models import Cycle


class AuditEvent(models.Model):
    """Append-only: services write events, nothing edits or deletes them."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )  # None: the command line or the demo loader
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=40)
    target = models.CharField(_("what"), max_length=120)
    before = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["cycle", "at", "pk"]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or 'system'}: {self.action} {self.target}"


class ReportText(models.Model):
    """One section of a cycle's report, in Markdown.

    `key` places it: "context"; a principle code ("P4") for the summary explaining its score; a
    dimension code ("4.1") for its analysis; "rec/<n>" for the recommendations to the edition's
    n-th audience (editions are frozen per cycle, so the index is stable).
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(_("section"), max_length=20)
    text = models.TextField(_("text (Markdown)"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "key"]
        verbose_name = _("report text")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="report_text_once_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.key}"


class Snapshot(models.Model):
    """A published revision of a cycle's report: frozen data and its checksum.

    Public pages, downloads and the API read snapshots only, never drafts. Revision 1 is the
    first publication; each correction publishes the next revision with a dated public note.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="snapshots")
    revision = models.PositiveIntegerField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    data = models.JSONField(encoder=DjangoJSONEncoder)
    checksum = models.CharField(max_length=64)  # SHA-256 of the canonical JSON of `data`
    correction_note = models.TextField(blank=True)

    class Meta:
        ordering = ["cycle", "revision"]
        verbose_name = _("published snapshot")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "revision"], name="snapshot_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} revision {self.revision}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("a published snapshot is immutable; publish a new revision instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("a published snapshot is never deleted")


class ReviewComment(models.Model):
    """A reviewer's question or request on one section (a report text key, or a dimension code),
    with its answers. Comments are resolved, never deleted: they stay in the record."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="comments")
    key = models.CharField(_("section"), max_length=20)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["cycle", "created_at", "pk"]
        verbose_name = _("review comment")

    def __str__(self) -> str:
        return f"{self.cycle} {self.key}: {self.body[:40]}"

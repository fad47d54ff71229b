"""Report texts, review comments and published snapshots of a cycle."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicspace.assessments.models import Cycle
from civicspace.audit.models import AuditEvent
from civicspace.core.record import PublishedRecord, record_from_json


class ReportText(models.Model):
    """One section of a cycle's report, in Markdown.

    `key` places it: "context"; a principle code ("P4") for the summary explaining its score; a
    dimension code ("4.1") for its analysis; "rec/<n>" for the recommendations to the edition's
    n-th audience (editions are frozen per cycle, so the index is stable).
    """

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="texts", verbose_name=_("assessment cycle")
    )
    key = models.CharField(_("section"), max_length=20)
    text = models.TextField(_("text (Markdown)"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["cycle", "key"]
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
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

    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        related_name="snapshots",
        verbose_name=_("assessment cycle"),
    )
    revision = models.PositiveIntegerField(_("revision"))
    # Now, except for a report imported from an archive: the day it was first published.
    published_at = models.DateTimeField(_("publication date"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("published by")
    )
    data = models.JSONField(_("data"), encoder=DjangoJSONEncoder)
    # SHA-256 of the canonical JSON of `data`.
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    correction_note = models.TextField(_("correction note"), blank=True)
    # Set for a revision imported from an already published document (civicspace import
    # reports --publish-as-archive): the date that document was published.
    archive_published_on = models.DateField(
        _("imported from the document published on"), null=True, blank=True
    )

    class Meta:
        ordering = ["cycle", "revision"]
        verbose_name = _("published snapshot")
        verbose_name_plural = _("published snapshots")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "revision"], name="snapshot_revision_once")
        ]
        # publication_state() reads the count, newest id and newest date of every request's
        # public page: from this small index, not from the table's rows with their records.
        indexes = [models.Index(fields=["published_at"], name="snapshot_published_at")]

    def __str__(self) -> str:
        return _("%(cycle)s, revision %(revision)s") % {
            "cycle": self.cycle,
            "revision": self.revision,
        }

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("a published snapshot is immutable; publish a new revision instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("a published snapshot is never deleted")

    @property
    def record(self) -> PublishedRecord:
        """The published record this revision froze, read by the reader of its schema version."""
        return _record_of(self)


# Snapshots never change, so each process reads a revision's record once. Keyed by checksum
# too, so a database reloaded under the same ids (the demo) is never answered from memory.
_RECORDS: dict[tuple[int, str], PublishedRecord] = {}
_RECORDS_MAX = 4096


def _record_of(snapshot: Snapshot) -> PublishedRecord:
    key = (snapshot.pk, snapshot.checksum)
    record = _RECORDS.get(key)
    if record is None:
        record = record_from_json(snapshot.data)
        if snapshot.pk is not None:
            if len(_RECORDS) >= _RECORDS_MAX:
                _RECORDS.clear()
            _RECORDS[key] = record
    return record


class TextSuggestion(models.Model):
    """An editor's copy-edit of one report section, made during review: the text it was made on
    (`before`, at `base_version`) and the editor's text (`after`). The Network Member accepts it
    (it is then saved as their text, `applied_event` the audit event of that save) or discusses
    it; one whose section changed since is stale and can no longer be accepted."""

    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("assessment cycle"),
    )
    key = models.CharField(_("section"), max_length=20)
    base_version = models.PositiveIntegerField(_("version edited"))
    before = models.TextField(_("text before"), blank=True)
    after = models.TextField(_("suggested text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("suggested by")
    )
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    applied_event = models.ForeignKey(
        AuditEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved as"),
    )

    class Meta:
        ordering = ["cycle", "created_at", "pk"]
        verbose_name = _("suggested edit")
        verbose_name_plural = _("suggested edits")

    def __str__(self) -> str:
        return f"{self.cycle} {self.key}: {self.author}"


class ReviewComment(models.Model):
    """A reviewer's question or request on one section (a report text key, or a dimension code),
    with its answers. Comments are resolved, never deleted: they stay in the record.

    `anchor` says what it is about: the whole section; a passage of its text (`quote`, kept as
    written even when the text changes, so the page can say the passage changed); a dimension's
    score or justification (`key` is then the dimension's code); or a suggested edit."""

    class Anchor(models.TextChoices):
        SECTION = "section", _("the whole section")
        PASSAGE = "passage", _("a passage")
        SCORE = "score", _("the score")
        JUSTIFICATION = "justification", _("the justification")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="comments", verbose_name=_("assessment cycle")
    )
    key = models.CharField(_("section"), max_length=20)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("answer to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("author")
    )
    body = models.TextField(_("comment"))
    anchor = models.CharField(
        _("about"), max_length=20, choices=Anchor.choices, default=Anchor.SECTION
    )
    quote = models.TextField(_("quoted passage"), blank=True)
    suggestion = models.ForeignKey(
        TextSuggestion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("suggested edit discussed"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        ordering = ["cycle", "created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return f"{self.cycle} {self.key}: {self.body[:40]}"

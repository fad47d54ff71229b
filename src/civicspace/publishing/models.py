"""Outputs kept once made: the PDF of each published revision's report document."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicspace.editorial.models import Snapshot


class ReportPdf(models.Model):
    """A rendered PDF, keyed by the SHA-256 of the HTML it was made from.

    Kept in the database, not a cache, so that a cache clear, a restart or another server
    process never makes a reader wait for one: every process and worker sees the same rows.
    The key is the document's own hash, so a template change or a later correction of the
    year it compares with makes a new document rather than serving a stale one.
    """

    html_sha256 = models.CharField(_("SHA-256 of the HTML"), max_length=64, unique=True)
    snapshot = models.ForeignKey(
        Snapshot,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("published snapshot"),
    )
    pdf = models.BinaryField(_("PDF"))
    rendered_at = models.DateTimeField(_("rendered"), auto_now_add=True)
    seconds = models.FloatField(_("rendering time (seconds)"))

    class Meta:
        ordering = ["snapshot", "-rendered_at"]
        verbose_name = _("report PDF")
        verbose_name_plural = _("report PDFs")

    def __str__(self) -> str:
        return f"{self.snapshot} ({self.html_sha256[:12]})"

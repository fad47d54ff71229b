"""The audit trail: every change to a cycle's content or state, or to an early-warning event or
alert, who made it and what it was."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicspace.audit.actions import AuditAction, action_label
from civicspace.audit.wording import event_summary


class AuditEvent(models.Model):
    """Append-only: services write events, nothing edits or deletes them.

    The trail stores codes (`action`, `target`) and data, never sentences: it is worded in the
    reader's language when shown (`summary`).
    """

    Action = AuditAction

    # By name: the trail sits below the apps whose changes it records.
    cycle = models.ForeignKey(
        "assessments.Cycle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("assessment cycle"),
    )  # None: an early-warning event or alert, which belongs to a country, not a cycle
    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("country"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("who"),
    )  # None: the command line or the demo loader
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # A code of AuditAction, checked where the trail is written (`audit_record`), not here: a
    # new kind of change then needs no migration.
    action = models.CharField(_("action"), max_length=40)
    target = models.CharField(_("what"), max_length=120)
    before = models.JSONField(_("before"), null=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, encoder=DjangoJSONEncoder)

    class Meta:
        db_table = "editorial_auditevent"  # its home before the audit app; kept, not renamed
        ordering = ["cycle", "at", "pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        # Without who acted: pages that list rows by their name (the admin's delete confirmation
        # lists the rows that protect a person or a country) must not name a restricted event's
        # reporter; the admin's list and the row's own page show who, where they may.
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"

    @property
    def action_label(self) -> str:
        """The kind of change, in the reader's language ("review state")."""
        return action_label(self.action)

    @property
    def summary(self) -> str:
        """What happened, in the reader's language ("Score 4.1", "Review: Approve")."""
        return event_summary(self)

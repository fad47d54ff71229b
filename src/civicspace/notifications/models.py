"""A notification for one person, and each person's choices about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicspace.notifications.kinds import DEFAULT_DELIVERY, Delivery, Kind


class Notification(models.Model):
    """One thing one person is told. Stores codes, never sentences: worded when shown, in the
    reader's language (`notifications.wording`)."""

    Kind = Kind
    Delivery = Delivery

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    cycle = models.ForeignKey(
        "assessments.Cycle",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("assessment cycle"),
    )
    # The audit event it tells of; None for what no write causes (deadlines, review requests).
    event = models.ForeignKey(
        "audit.AuditEvent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("audit event"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Details the sentence needs: a section, a reason, a revision, a due date.
    data = models.JSONField(_("details"), default=dict, blank=True)
    # Deduplicates notifications no audit event identifies ("deadline:submission:2026-03-01").
    key = models.CharField(_("key"), max_length=120, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"],
                condition=models.Q(event__isnull=False),
                name="notification_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["recipient", "cycle", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.get_kind_display()} ({self.cycle})"


class NotificationSettings(models.Model):
    """How one person wants each kind delivered, and the language of their e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    # {kind: delivery}; a kind not named here is delivered the default way.
    deliveries = models.JSONField(_("deliveries"), default=dict, blank=True)
    # Empty: the site's language (settings.LANGUAGE_CODE).
    language = models.CharField(_("language of e-mails"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

    def delivery_for(self, kind: str) -> Delivery:
        value = self.deliveries.get(kind)
        return Delivery(value) if value in Delivery.values else DEFAULT_DELIVERY

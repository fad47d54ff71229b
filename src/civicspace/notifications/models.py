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


class AlertSubscription(models.Model):
    """Who wants confirmed alerts of which countries and regions, and how often.

    Either an account's (`user`, e-mailed at its address) or an address without an account,
    which exists only once its owner followed the signed link in the confirmation e-mail.
    What each alert reaches follows its audience (`monitoring.selectors.alert_readable_by`).
    """

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("E-mail each alert at once")
        DIGEST = "digest", _("Daily digest")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_subscription",
        verbose_name=_("user"),
    )
    # Lower case; "" for an account (its current address is used).
    email = models.EmailField(_("e-mail address"), blank=True)
    countries = models.ManyToManyField(
        "countries.Country", blank=True, related_name="+", verbose_name=_("countries")
    )
    regions = models.ManyToManyField(
        "countries.Region", blank=True, related_name="+", verbose_name=_("regions")
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    language = models.CharField(_("language of e-mails"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("subscribed"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=models.Q(user__isnull=True), name="alert_sub_email_once"
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, email="")
                | (models.Q(user__isnull=True) & ~models.Q(email="")),
                name="alert_sub_user_or_email",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user or self.email)


class AlertMailing(models.Model):
    """One alert for one address: made when the alert reaches it, marked when it is e-mailed.
    Unique per alert and address, so no address is ever sent the same alert twice."""

    alert = models.ForeignKey(
        "monitoring.Alert", on_delete=models.CASCADE, related_name="+", verbose_name=_("alert")
    )
    # Kept after an unsubscription (None), so that subscribing again never repeats an alert.
    subscription = models.ForeignKey(
        AlertSubscription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mailings",
        verbose_name=_("subscription"),
    )
    address = models.EmailField(_("e-mail address"))  # lower case
    frequency = models.CharField(
        _("how often"), max_length=10, choices=AlertSubscription.Frequency.choices
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    sent_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert e-mail")
        verbose_name_plural = _("alert e-mails")
        constraints = [
            models.UniqueConstraint(fields=["alert", "address"], name="alert_mailing_once")
        ]
        indexes = [models.Index(fields=["sent_at", "frequency"], name="alert_mailing_pending")]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.address}"

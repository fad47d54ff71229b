"""Notifications' background jobs on the task framework (django-tasks): every e-mail is sent by
the worker, never inside the request or the write that caused it."""

from __future__ import annotations

from django_tasks import task

from civicspace.notifications.alert_mail import (
    alert_mailings_make,
    alert_mailings_send,
    subscription_confirmation_email,
)
from civicspace.notifications.mail import notifications_email
from civicspace.notifications.models import Notification


@task()
def notification_emails_send(notification_ids: list[int]) -> int:
    """E-mail these notifications (immediate ones); how many went."""
    waiting = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at=None)
        .select_related("recipient", "actor", "cycle__country")
        .order_by("pk")
    )
    return notifications_email(waiting)


@task()
def alert_emails_send(alert_id: int) -> int:
    """Note a confirmed alert for every address it reaches, then e-mail those that want each
    alert at once (the digest run sends the rest); how many went."""
    alert_mailings_make(alert_id=alert_id)
    return alert_mailings_send(alert_id=alert_id)


@task()
def subscription_confirmation_send(address: str, token: str, language: str) -> None:
    subscription_confirmation_email(address=address, token=token, language=language)

"""Reads for notifications: a person's inbox, their unread count, their choices."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from civicspace.assessments.selectors import cycles_workable
from civicspace.notifications.kinds import DEFAULT_DELIVERY, Kind
from civicspace.notifications.models import AlertSubscription, Notification, NotificationSettings


def inbox(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Notification]:
    """`user`'s notifications, newest first, about cycles they may still read (a role taken
    away takes its notifications out of sight too)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient_id=user.pk, cycle__in=cycles_workable(user))
        .select_related("actor", "cycle__country")
        .order_by("-created_at", "-pk")
    )


def unread_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    return inbox(user=user).filter(read_at=None).count()


def notification_settings_get(*, user: AbstractBaseUser) -> tuple[dict[str, str], str]:
    """How `user` has each kind delivered (every kind named), and their e-mails' language."""
    chosen = NotificationSettings.objects.filter(user_id=user.pk).first()
    deliveries = {
        kind: (chosen.delivery_for(kind) if chosen else DEFAULT_DELIVERY).value
        for kind in Kind.values
    }
    return deliveries, chosen.language if chosen else ""


def alert_subscription_get(*, user: AbstractBaseUser) -> AlertSubscription | None:
    """`user`'s own alert subscription, if they have one."""
    return AlertSubscription.objects.filter(user_id=user.pk).first()

"""E-mails: one notification at once, or a person's pending notifications as a daily digest.

Written in the recipient's language (their notification settings, else the site's), as plain
text with a simple HTML alternative. A failed send is logged and left for later; it never
breaks the write that caused it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from civicspace.assessments.selectors import cycles_workable
from civicspace.notifications.kinds import Delivery
from civicspace.notifications.models import Notification, NotificationSettings
from civicspace.notifications.wording import detail, headline, link

log = logging.getLogger(__name__)

# An immediate e-mail not sent after this long failed, and the next digest run sends it; one
# older than a day is left (an address added later does not bring a flood of old news).
RETRY_AFTER, RETRY_WITHIN = timedelta(minutes=15), timedelta(days=1)


def recipient_language(user: AbstractBaseUser) -> str:
    chosen = (
        NotificationSettings.objects.filter(user_id=user.pk)
        .values_list("language", flat=True)
        .first()
    )
    known = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in known else settings.LANGUAGE_CODE


def _address(user: AbstractBaseUser) -> str:
    return str(getattr(user, "email", "") or "")


def _items(notifications: Sequence[Notification]) -> list[dict[str, str]]:
    base = settings.CIVICSPACE_SITE_URL.rstrip("/")
    return [
        {"headline": headline(n), "detail": detail(n), "url": base + link(n)} for n in notifications
    ]


def _message(
    user: AbstractBaseUser, subject: str, notifications: Sequence[Notification]
) -> EmailMultiAlternatives:
    context = {
        "name": user.get_username(),
        "items": _items(notifications),
        "preferences_url": settings.CIVICSPACE_SITE_URL.rstrip("/")
        + reverse("notifications:settings"),
    }
    message = EmailMultiAlternatives(
        subject=f"[civicspace] {subject}",
        body=render_to_string("notifications/email/message.txt", context),
        to=[_address(user)],
    )
    message.attach_alternative(
        render_to_string("notifications/email/message.html", context), "text/html"
    )
    return message


def notifications_email(notifications: Sequence[Notification]) -> int:
    """E-mail each notification now, over one connection; how many went. Each is marked e-mailed
    only once it went; after a failure (logged) the rest wait for the next digest run."""
    waiting = [n for n in notifications if _address(n.recipient)]
    if not waiting:
        return 0
    sent = 0
    try:
        with get_connection() as connection:
            for notification in waiting:
                user = notification.recipient
                with translation.override(recipient_language(user)):
                    message = _message(user, headline(notification), [notification])
                message.connection = connection
                message.send()
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
                sent += 1
    except Exception:
        log.exception(
            "notification %s: the e-mail to user %s failed; it waits for the digest run",
            waiting[sent].pk,
            waiting[sent].recipient_id,
        )
    return sent


@dataclass(frozen=True)
class DigestReport:
    people: int
    notifications: int
    failed: int


def digest_send() -> DigestReport:
    """Send each person their notifications waiting for the digest, one e-mail each, with any
    immediate ones of the last day whose own e-mail failed.

    Idempotent: a notification is marked e-mailed in the transaction that sends it, and the rows
    are locked while that happens (on PostgreSQL, so two digests running at once cannot both send
    one); what failed to send stays pending for the next run.
    """
    now = timezone.now()
    pending = (
        Notification.objects.filter(emailed_at=None, recipient__is_active=True)
        .filter(
            Q(delivery=Delivery.DIGEST)
            | Q(
                delivery=Delivery.IMMEDIATE,
                created_at__lt=now - RETRY_AFTER,
                created_at__gte=now - RETRY_WITHIN,
            )
        )
        .exclude(recipient__email="")
    )
    people = sorted(set(pending.values_list("recipient_id", flat=True)))
    sent = count = failed = 0
    for user in get_user_model().objects.filter(pk__in=people).order_by("pk"):
        with transaction.atomic():
            rows = list(
                # Only cycles they may still read: a role taken away since is not told of.
                pending.filter(recipient_id=user.pk, cycle__in=cycles_workable(user))
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient", "actor", "cycle__country")
                .order_by("created_at", "pk")
            )
            if not rows:
                continue
            try:
                with translation.override(recipient_language(user)):
                    subject = ngettext(
                        "Your daily digest: %(count)s notification",
                        "Your daily digest: %(count)s notifications",
                        len(rows),
                    ) % {"count": len(rows)}
                    _message(user, subject, rows).send()
            except Exception:
                log.exception("digest for user %s failed; it stays pending", user.pk)
                failed += 1
                continue
            Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
                emailed_at=timezone.now()
            )
            sent, count = sent + 1, count + len(rows)
    return DigestReport(people=sent, notifications=count, failed=failed)

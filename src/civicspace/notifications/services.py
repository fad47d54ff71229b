"""Writes for notifications: making them (from audit events and the hooks below), marking them
read, and each person's choices. Views, the CLI and the receiver call these, nothing else."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from civicspace.assessments.models import Cycle
from civicspace.assessments.selectors import cycles_due_within
from civicspace.audit.models import AuditEvent
from civicspace.core.messages import MessageError, _
from civicspace.notifications.jobs import notification_emails_send
from civicspace.notifications.kinds import DEFAULT_DELIVERY, Delivery, Kind
from civicspace.notifications.models import Notification, NotificationSettings
from civicspace.notifications.recipients import (
    editors_for,
    may_read,
    members_of,
    plan_for,
)

log = logging.getLogger(__name__)


class NotificationError(MessageError):
    """A request about notifications that cannot be done; the message says why."""


def _delivery(user: AbstractBaseUser, kind: Kind) -> Delivery:
    chosen = NotificationSettings.objects.filter(user_id=user.pk).first()
    return chosen.delivery_for(kind) if chosen else DEFAULT_DELIVERY


def _notify(
    *,
    people: Iterable[AbstractBaseUser],
    kind: Kind,
    cycle: Cycle,
    actor_id: int | None,
    data: Mapping[str, Any],
    event: AuditEvent | None = None,
    key: str = "",
) -> list[Notification]:
    """One notification each (unless they turned this kind off), then the immediate e-mails."""
    made = []
    for person in people:
        delivery = _delivery(person, kind)
        if delivery == Delivery.OFF:
            continue
        try:
            with transaction.atomic():
                made.append(
                    Notification.objects.create(
                        recipient_id=person.pk,
                        kind=kind,
                        cycle=cycle,
                        event=event,
                        actor_id=actor_id,
                        data=dict(data),
                        key=key,
                        delivery=delivery,
                    )
                )
        except IntegrityError:  # told already (the same event or key): once is enough
            continue
    immediate = [n.pk for n in made if n.delivery == Delivery.IMMEDIATE]
    if immediate:
        notification_emails_send.enqueue(immediate)
    return made


def notifications_for_event(*, event_id: int) -> list[Notification]:
    """Tell the people an audit event concerns (run once the write that made it commits)."""
    event = AuditEvent.objects.select_related("cycle__country", "actor").filter(pk=event_id).first()
    if event is None:
        return []
    plan = plan_for(event)
    if plan is None or event.cycle is None:
        return []
    return _notify(
        people=plan.recipients,
        kind=plan.kind,
        cycle=event.cycle,
        actor_id=event.actor_id,
        data=plan.data,
        event=event,
    )


def review_requested_notify(
    *, cycle: Cycle, reviewers: Iterable[AbstractBaseUser], by: AbstractBaseUser | None
) -> list[Notification]:
    """Hook for assigning reviewers (issue 13's desk): tell each newly assigned reviewer who may
    read the cycle. Calling it again for the same people tells nobody twice."""
    people = [r for r in reviewers if may_read(r, cycle) and (by is None or r.pk != by.pk)]
    return _notify(
        people=people,
        kind=Kind.REVIEW_REQUESTED,
        cycle=cycle,
        actor_id=by.pk if by is not None else None,
        data={},
        key="review-requested",
    )


def deadline_approaching_notify(*, cycle: Cycle, milestone: str, due: date) -> list[Notification]:
    """Hook for due dates (issue 13's desk): tell those who must act that `milestone`
    ("submission", "review" or "publication") of `cycle` is due on `due`. Run it daily for the
    cycles whose next due date is near; each person is told once per milestone and date."""
    people = members_of(cycle) if milestone == "submission" else editors_for(cycle)
    return _notify(
        people=people,
        kind=Kind.DEADLINE,
        cycle=cycle,
        actor_id=None,
        data={"milestone": milestone, "due": due.isoformat()},
        key=f"deadline:{milestone}:{due.isoformat()}",
    )


# How many days ahead a due date is announced (`civicspace notify digest`, run daily).
DEADLINE_NOTICE_DAYS = 7


def deadlines_notify(*, days: int = DEADLINE_NOTICE_DAYS, today: date | None = None) -> int:
    """Remind those who must act of every stage due within `days` days and not yet done; each
    person is told once per stage and date, however often this runs. Returns how many were made."""
    made = 0
    for item in cycles_due_within(days=days, today=today):
        made += len(
            deadline_approaching_notify(cycle=item.cycle, milestone=item.stage.value, due=item.due)
        )
    return made


def notification_mark_read(*, user: AbstractBaseUser, notification_id: int) -> Notification:
    """Mark one of `user`'s own notifications read; anyone else's is "not found"."""
    notification = Notification.objects.filter(pk=notification_id, recipient_id=user.pk).first()
    if notification is None:
        raise NotificationError(_("There is no such notification in your inbox."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: AbstractBaseUser) -> int:
    """Mark every unread notification of `user` read; how many were."""
    return Notification.objects.filter(recipient_id=user.pk, read_at=None).update(
        read_at=timezone.now()
    )


def notification_settings_set(
    *, user: AbstractBaseUser, deliveries: Mapping[str, str], language: str
) -> NotificationSettings:
    """Save how `user` wants each kind delivered, and the language of their e-mails."""
    unknown = sorted(set(deliveries) - set(Kind.values))
    if unknown:
        raise NotificationError(_("Unknown kind of notification: %(kind)s.", kind=unknown[0]))
    wrong = sorted(k for k, v in deliveries.items() if v not in Delivery.values)
    if wrong:
        raise NotificationError(_("Choose how to deliver “%(kind)s”.", kind=wrong[0]))
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise NotificationError(_("Unknown language %(language)s.", language=language))
    chosen, _created = NotificationSettings.objects.update_or_create(
        user_id=user.pk, defaults={"deliveries": dict(deliveries), "language": language}
    )
    return chosen

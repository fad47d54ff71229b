"""Notifications follow the audit trail: every write records an audit event, and once that
write commits the event is turned into notifications. So the services that write need not know
about notifications, and a failure here can never undo (or fail) the write."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from civicspace.audit.models import AuditEvent
from civicspace.notifications.alert_services import alert_emails_enqueue
from civicspace.notifications.services import notifications_for_event

log = logging.getLogger(__name__)


def _after_commit(event_id: int) -> None:
    try:
        notifications_for_event(event_id=event_id)
    except Exception:  # the write is done; telling people of it must not turn it into an error
        log.exception("notifications for audit event %s failed", event_id)


# An alert's changes after which it may reach more subscribers: confirmed, or edited once
# confirmed (its audience perhaps widened).
_ALERT_CHANGES = ("confirm", "edit")


def _alert_after_commit(alert_id: int) -> None:
    try:
        alert_emails_enqueue(alert_id=alert_id)
    except Exception:  # as above: the alert's decision stands whatever happens to its e-mails
        log.exception("alert e-mails for alert %s could not be queued", alert_id)


def _on_audit_event(instance: AuditEvent, created: bool, **_: Any) -> None:
    if not created:
        return
    transaction.on_commit(partial(_after_commit, instance.pk))
    after = instance.after if isinstance(instance.after, dict) else {}
    if (
        instance.action == AuditEvent.Action.ALERT
        and after.get("change") in _ALERT_CHANGES
        and after.get("state") == "confirmed"
    ):
        transaction.on_commit(partial(_alert_after_commit, int(instance.target)))


def connect() -> None:
    post_save.connect(_on_audit_event, sender=AuditEvent, dispatch_uid="notifications-audit")

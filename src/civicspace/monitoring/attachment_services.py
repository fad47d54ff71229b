"""Writes for event attachments: attaching a file and removing it, both in the audit trail."""

from __future__ import annotations

import hashlib
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum

from civicspace.accounts.permissions import may_attach_to_event
from civicspace.audit.services import audit_record
from civicspace.core.attachments import (
    AttachmentLimits,
    attachment_filename,
    attachment_size_check,
    attachment_type_check,
)
from civicspace.core.early_warning import EarlyWarningError
from civicspace.core.messages import _
from civicspace.monitoring.attachment_store import attachment_unlink, attachment_write
from civicspace.monitoring.models import Event, EventAttachment


def attachment_limits() -> AttachmentLimits:
    return AttachmentLimits(
        file_bytes=int(settings.CIVICSPACE_ATTACHMENT_MAX_BYTES),
        event_bytes=int(settings.CIVICSPACE_ATTACHMENT_MAX_EVENT_BYTES),
        count=int(settings.CIVICSPACE_ATTACHMENT_MAX_COUNT),
    )


def _audit(event: Event, *, by: AbstractBaseUser, change: str, attachment: EventAttachment) -> None:
    audit_record(
        cycle=None,
        country=event.country,
        by=by,
        action="event",
        target=str(event.pk),
        after={
            "change": change,
            "state": event.state,
            "attachment": attachment.pk,
            "name": attachment.name,
            "type": attachment.content_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
    )


@transaction.atomic
def attachment_add(
    *, event: Event, name: str, data: bytes, by: AbstractBaseUser
) -> EventAttachment:
    """Attach `data` to the event: a member of its country or the consortium, an accepted type
    (read from the content), within the size and count limits; the file gets a safe name."""
    event = Event.objects.select_for_update().select_related("country").get(pk=event.pk)
    if not may_attach_to_event(by, event.country_id):
        raise EarlyWarningError(_("You attach files to your own country's events only."))
    if event.merged_into_id is not None:
        raise EarlyWarningError(_("This event was already merged."))
    held = event.attachments.aggregate(total=Sum("size"))["total"] or 0
    attachment_size_check(
        size=len(data),
        held_count=event.attachments.count(),
        held_bytes=held,
        limits=attachment_limits(),
    )
    kind = attachment_type_check(data)
    stored_name = attachment_write(data)
    try:
        attachment = EventAttachment.objects.create(
            event=event,
            name=attachment_filename(name, kind),
            stored_name=stored_name,
            content_type=kind.mime,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by_id=by.pk,
        )
        _audit(event, by=by, change="attach", attachment=attachment)
    except BaseException:  # no bytes without their row
        attachment_unlink(stored_name)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: EventAttachment, by: AbstractBaseUser) -> None:
    """Remove an attachment; the audit trail keeps its name, size and SHA-256."""
    attachment = EventAttachment.objects.select_related("event__country").get(pk=attachment.pk)
    event = attachment.event
    if not may_attach_to_event(by, event.country_id):
        raise EarlyWarningError(_("You attach files to your own country's events only."))
    _audit(event, by=by, change="detach", attachment=attachment)
    stored_name = attachment.stored_name
    attachment.delete()
    transaction.on_commit(partial(attachment_unlink, stored_name))


def demo_attachments_purge() -> None:
    """Before the demo's events are replaced: files a visitor attached to them go with them."""
    held = EventAttachment.objects.filter(event__is_demo=True)
    names = list(held.values_list("stored_name", flat=True))
    held.delete()
    for stored_name in names:
        transaction.on_commit(partial(attachment_unlink, stored_name))

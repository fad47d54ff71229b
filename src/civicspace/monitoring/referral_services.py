"""Writes for referrals: an editor refers a confirmed alert to flexible support and tracks it."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from civicspace.accounts.permissions import may_refer_alerts
from civicspace.audit.services import audit_record
from civicspace.core.early_warning import EarlyWarningError
from civicspace.core.messages import _
from civicspace.monitoring.models import Alert, Referral, ReferralStep

# Long enough for a case note, short enough that nobody pastes a file into it.
NOTE_LIMIT = 5000


def _check(by: AbstractBaseUser | None, note: str) -> str:
    if by is not None and not may_refer_alerts(by):
        raise EarlyWarningError(_("Only the consortium can do this."))
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise EarlyWarningError(_("Keep the note under %(limit)s characters.", limit=NOTE_LIMIT))
    return note


def _audit(referral: Referral, *, by: AbstractBaseUser | None, change: str) -> None:
    # On the alert's own trail, so that its history shows the referral beside its decisions.
    audit_record(
        cycle=None,
        country=referral.alert.country,
        by=by,
        action="alert",
        target=str(referral.alert_id),
        after={"change": change, "state": referral.alert.state, "referral": referral.status},
    )


@transaction.atomic
def referral_open(
    *, alert: Alert, by: AbstractBaseUser | None, referred_on: date | None = None, notes: str = ""
) -> Referral:
    """Refer a confirmed alert to flexible support (once: later steps update the referral)."""
    notes = _check(by, notes)
    alert = Alert.objects.select_for_update().select_related("country").get(pk=alert.pk)
    if alert.state != Alert.State.CONFIRMED:
        raise EarlyWarningError(_("Only a confirmed alert can be referred to flexible support."))
    if Referral.objects.filter(alert=alert).exists():
        raise EarlyWarningError(_("This alert is referred already."))
    when = referred_on or timezone.localdate()
    if when > timezone.localdate():
        raise EarlyWarningError(_("A referral cannot be dated in the future."))
    referral = Referral.objects.create(
        alert=alert, referred_on=when, notes=notes, referred_by_id=by.pk if by else None
    )
    ReferralStep.objects.create(
        referral=referral, by_id=referral.referred_by_id, status=referral.status, note=notes
    )
    _audit(referral, by=by, change="referral-open")
    return referral


@transaction.atomic
def referral_update(
    *, referral: Referral, by: AbstractBaseUser | None, status: str, note: str = ""
) -> Referral:
    """Move a referral on (or add a note at the same status); every step stays in its history."""
    note = _check(by, note)
    referral = (
        Referral.objects.select_for_update().select_related("alert__country").get(pk=referral.pk)
    )
    if status not in Referral.Status.values:
        raise EarlyWarningError(_("Choose the status from the list."))
    if status == referral.status and not note:
        raise EarlyWarningError(_("Change the status or write a note."))
    referral.status = status
    if note:
        referral.notes = f"{referral.notes}\n\n{note}".strip()
    referral.save(update_fields=["status", "notes", "updated_at"])
    ReferralStep.objects.create(
        referral=referral, by_id=by.pk if by else None, status=status, note=note
    )
    _audit(referral, by=by, change="referral-update")
    return referral

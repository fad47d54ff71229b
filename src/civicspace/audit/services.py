"""Writing the audit trail (every service does), and what it says about who changed what."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from civicspace.audit.actions import CONTENT_ACTIONS, AuditAction
from civicspace.audit.models import AuditEvent

if TYPE_CHECKING:
    from civicspace.assessments.models import Cycle
    from civicspace.countries.models import Country


def audit_record(
    *,
    cycle: Cycle | None,
    by: AbstractBaseUser | None,
    action: str,
    target: str,
    before: Any = None,
    after: Any = None,
    country: Country | None = None,
) -> AuditEvent:
    """One row of the trail. A change to a cycle names the cycle; an early-warning event or
    alert, which belongs to no cycle, names its country instead."""
    if cycle is None and country is None:
        raise ValueError("an audit event names a cycle or a country")
    if action not in AuditAction.values:  # the column takes any code; the trail only known ones
        raise ValueError(f"{action!r} is not an audit action (civicspace.audit.actions)")
    return AuditEvent.objects.create(
        cycle=cycle,
        country=country,
        actor_id=by.pk if by is not None else None,
        action=action,
        target=target,
        before=before,
        after=after,
    )


def changed_content(*, cycle: Cycle, by: AbstractBaseUser) -> bool:
    """Whether `by` changed what the cycle's report says (nobody approves their own work),
    including through a copy-edit of theirs that the member accepted."""
    written = Q(actor_id=by.pk, action__in=CONTENT_ACTIONS)
    suggested = Q(action=AuditAction.SUGGESTION_ACCEPTED, after__suggested_by=by.pk)
    return AuditEvent.objects.filter(written | suggested, cycle=cycle).exists()

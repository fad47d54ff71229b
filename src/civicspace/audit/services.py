"""Writing the audit trail (every service does), and what it says about who changed what."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Model, Q

from civicspace.audit.actions import ADMINISTRATION_ACTIONS, CONTENT_ACTIONS, AuditAction
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
    alert, which belongs to no cycle, names its country instead; administration (people, their
    roles, the countries themselves: ADMINISTRATION_ACTIONS) may name neither."""
    if cycle is None and country is None and action not in ADMINISTRATION_ACTIONS:
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


M = TypeVar("M", bound=Model)


def record_fields(record: Model, names: Iterable[str]) -> dict[str, Any]:
    """The named fields of a record as the trail keeps them: a related record by its name, many
    related ones as a sorted list of names. Name only fields that are no secret."""
    kept: dict[str, Any] = {}
    for name in names:
        field = record._meta.get_field(name)
        if field.many_to_many:
            kept[name] = sorted(str(related) for related in getattr(record, name).all())
        elif field.is_relation:
            related = getattr(record, name)
            kept[name] = None if related is None else str(related)
        else:
            kept[name] = getattr(record, name)
    return kept


def audited_save(
    *,
    record: M,
    by: AbstractBaseUser | None,
    action: str,
    target: str,
    fields: Sequence[str],
    added: str = "add",
    extra: dict[str, Any] | None = None,
) -> M:
    """Save `record`, added or changed, and write the change to the trail: the named fields as
    stored before (none for a new record) and as saved, `after["change"]` saying which ("add",
    or `added` when the kind of record has its own word, and "change"). A save that changes
    none of them is not written to the trail. `extra` goes into `after` (what is no field, or
    a word of its own for the change)."""
    with transaction.atomic():
        model = type(record)
        stored = model._default_manager.filter(pk=record.pk).first() if record.pk else None
        before = record_fields(stored, fields) if stored is not None else None
        record.save()
        after = record_fields(record, fields)
        if before != after or extra:
            audit_record(
                cycle=None,
                by=by,
                action=action,
                target=target,
                before=before,
                after={**after, "change": added if stored is None else "change", **(extra or {})},
            )
    return record


def audited_delete(
    *,
    record: Model,
    by: AbstractBaseUser | None,
    action: str,
    target: str,
    fields: Sequence[str],
    deleted: str = "delete",
    extra: dict[str, Any] | None = None,
) -> None:
    """Delete `record` and write to the trail what it was (the named fields, and `extra`: what
    goes with it) and who deleted it; a delete the database refuses (a protected record) writes
    nothing."""
    with transaction.atomic():
        audit_record(
            cycle=None,
            by=by,
            action=action,
            target=target,
            before={**record_fields(record, fields), **(extra or {})},
            after={"change": deleted},
        )
        record.delete()


def audited_relation_set(
    *,
    record: Model,
    relation: str,
    related: Iterable[Model],
    by: AbstractBaseUser | None,
    action: str,
    target: str,
) -> None:
    """Set the many-to-many `relation` of `record` (a person's groups, a group's permissions)
    and write the change to the trail: the related records' names before and after."""
    with transaction.atomic():
        before = record_fields(record, [relation])
        getattr(record, relation).set(list(related))
        after = record_fields(record, [relation])
        if before != after:
            audit_record(
                cycle=None,
                by=by,
                action=action,
                target=target,
                before=before,
                after={**after, "change": "change"},
            )

"""Writes for the editorial side: moving a cycle through review, and publication."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from civicspace.accounts.permissions import is_editor, member_country_ids
from civicspace.assessments.models import Cycle
from civicspace.audit.models import AuditEvent
from civicspace.audit.services import audit_record, changed_content
from civicspace.core.record import checksum
from civicspace.core.workflow import Actor, State, note_check, transition_target
from civicspace.editorial.models import Snapshot
from civicspace.editorial.selectors import cycle_checks
from civicspace.editorial.snapshots import snapshot_data
from civicspace.jobs import publication_announce


def workflow_actors(user: AbstractBaseUser, cycle: Cycle) -> set[Actor]:
    """The workflow roles `user` holds for `cycle`."""
    actors = set()
    if cycle.country_id in member_country_ids(user):
        actors.add(Actor.MEMBER)
    if is_editor(user):
        actors.add(Actor.EDITOR)
    return actors


@transaction.atomic
def cycle_transition(*, cycle: Cycle, action: str, by: AbstractBaseUser, note: str = "") -> Cycle:
    """Move `cycle` by `action` if `by` may; TransitionRefused says why not. Audited.

    Approval waits until the editorial checks find no errors. Publishing freezes a snapshot;
    reopening a published report for a correction needs a `note`, which the next published
    revision shows publicly; requesting changes needs one too, the reason the member is shown.
    """
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    approving = action == "approve"
    findings = cycle_checks(cycle=locked).errors if approving or action == "submit" else []
    blocking = len(findings) if approving else 0
    empty = sum(f.check == "empty-section" for f in findings)
    open_comments = (
        locked.comments.filter(parent=None, resolved_at=None).count() if approving else 0
    )
    is_author = changed_content(cycle=locked, by=by)
    before = State(locked.state)
    after = transition_target(
        state=before,
        action=action,
        actors=workflow_actors(by, locked),
        is_author=is_author,
        blocking_findings=blocking,
        open_comments=open_comments,
        empty_sections=empty,
    )
    note_check(action=action, note=note)  # after the role: only who may move is told what it needs
    locked.state = after
    locked.save(update_fields=["state", "updated_at"])
    audit_record(
        cycle=locked,
        by=by,
        action="state",
        target=action,
        before={"state": before},
        after={"state": after, "note": note.strip()},
    )
    if action == "publish":
        publication_announce(snapshot_id=_snapshot_create(locked, by).pk)
    return locked


def _snapshot_create(cycle: Cycle, by: AbstractBaseUser) -> Snapshot:
    previous = cycle.snapshots.order_by("-revision").first()
    note = ""
    if previous is not None:
        reopened = (
            AuditEvent.objects.filter(cycle=cycle, action="state", target="reopen")
            .order_by("-at", "-pk")
            .first()
        )
        note = str((reopened.after or {}).get("note", "")) if reopened else ""
    data = snapshot_data(cycle=cycle)
    return Snapshot.objects.create(
        cycle=cycle,
        revision=previous.revision + 1 if previous else 1,
        published_by_id=by.pk,
        data=data,
        checksum=checksum(data),
        correction_note=note,
    )

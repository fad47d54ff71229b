"""Writes for review comments: ask, answer, resolve. Nothing is ever deleted."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from civicspace.assessments.models import Cycle
from civicspace.assessments.services import CycleError
from civicspace.audit.services import audit_record
from civicspace.core.messages import _
from civicspace.core.workflow import Actor
from civicspace.editorial.models import ReviewComment
from civicspace.editorial.selectors import text_keys
from civicspace.editorial.services import workflow_actors


def comment_add(
    *, cycle: Cycle, key: str, body: str, by: AbstractBaseUser, parent: ReviewComment | None = None
) -> ReviewComment:
    """Editors and the country's members may comment or answer, on a section of the report."""
    if not workflow_actors(by, cycle):
        raise CycleError(_("Only the consortium and the country's Network Member can comment."))
    if key not in text_keys(cycle=cycle):
        raise CycleError(_("“%(key)s” is not a section of this report.", key=key))
    if not body.strip():
        raise CycleError(_("A comment needs some text."))
    if parent is not None and (parent.cycle_id != cycle.pk or parent.parent_id is not None):
        raise CycleError(_("Answer a comment of this cycle, not an answer."))
    comment = ReviewComment.objects.create(
        cycle=cycle, key=key, body=body.strip(), author_id=by.pk, parent=parent
    )
    audit_record(cycle=cycle, by=by, action="comment", target=key, after=comment.body)
    return comment


def comment_resolve(*, comment: ReviewComment, by: AbstractBaseUser) -> ReviewComment:
    """Editors resolve comments once the draft answers them."""
    if Actor.EDITOR not in workflow_actors(by, comment.cycle):
        raise CycleError(_("Only an editor can resolve a review comment."))
    if comment.parent_id is not None or comment.resolved_at is not None:
        raise CycleError(_("This comment cannot be resolved."))
    comment.resolved_at, comment.resolved_by_id = timezone.now(), by.pk
    comment.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(cycle=comment.cycle, by=by, action="comment-resolved", target=comment.key)
    return comment

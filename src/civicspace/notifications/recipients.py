"""Who is told of an audit event: the kind of notification it makes and the people it goes to.

Recipients come only from roles that may read the cycle (its country's Network Members, the
consortium's editors), so nobody is told of a cycle they could not open; the person who acted is
never told of their own act. Panelists are not users: nothing here can name one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from civicspace.accounts.models import Role
from civicspace.accounts.permissions import editor_users, may_read_drafts
from civicspace.assessments.models import Cycle
from civicspace.audit.models import AuditEvent
from civicspace.editorial.models import ReviewComment
from civicspace.notifications.kinds import Kind

# The workflow action of a "state" audit event, and what it tells whom ("members" of the
# cycle's country, or "editors").
STATE_KINDS: dict[str, tuple[Kind, str]] = {
    "submit": (Kind.SUBMITTED, "editors"),
    "start_review": (Kind.REVIEW_STARTED, "members"),
    "request_changes": (Kind.CHANGES_REQUESTED, "members"),
    "approve": (Kind.APPROVED, "members"),
    "publish": (Kind.PUBLISHED, "members"),
    "reopen": (Kind.CORRECTION_OPENED, "members"),
}


@dataclass(frozen=True)
class Plan:
    """What one audit event notifies: a kind, its details, and the people."""

    kind: Kind
    recipients: list[AbstractBaseUser]
    data: dict[str, Any] = field(default_factory=dict)


def members_of(cycle: Cycle) -> list[AbstractBaseUser]:
    """The active Network Members of the cycle's country."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            roles__kind=Role.Kind.MEMBER,
            roles__country_id=cycle.country_id,
        )
        .distinct()
        .order_by("pk")
    )


def editors() -> list[AbstractBaseUser]:
    """Everyone `accounts.permissions.is_editor` says is one: editors and superusers."""
    return list(editor_users().order_by("pk"))


def cycle_reviewers(cycle: Cycle) -> list[AbstractBaseUser]:
    """The active editors assigned to review `cycle` (the desk assigns them); with none
    assigned, every editor is the cycle's reviewer (`editors_for`)."""
    return [user for user in cycle.reviewers.filter(is_active=True).order_by("pk")]


def editors_for(cycle: Cycle) -> list[AbstractBaseUser]:
    return cycle_reviewers(cycle) or editors()


def plan_for(event: AuditEvent) -> Plan | None:
    """The notification an audit event makes, or None (scores, panels, texts: the workspace
    shows those; nobody is interrupted for them)."""
    cycle = event.cycle
    if cycle is None:  # early-warning events and alerts: their notifications come with issue 15
        return None
    if event.action == AuditEvent.Action.STATE and event.target in STATE_KINDS:
        kind, audience = STATE_KINDS[event.target]
        people = members_of(cycle) if audience == "members" else editors_for(cycle)
        after = event.after if isinstance(event.after, dict) else {}
        note = str(after.get("reason") or after.get("note") or "").strip()
        data: dict[str, Any] = {"note": note} if note else {}
        if event.target == "publish":
            earlier = AuditEvent.objects.filter(
                cycle=cycle, action=AuditEvent.Action.STATE, target="publish", pk__lt=event.pk
            ).count()
            if earlier:
                kind, data = Kind.CORRECTION_PUBLISHED, {"revision": earlier + 1}
        return Plan(kind, _others(people, event.actor_id), data)
    if event.action == AuditEvent.Action.COMMENT:
        return _comment_plan(event, cycle)
    if event.action == AuditEvent.Action.REVIEWERS:
        # Those newly assigned are asked to review; the event names them by username.
        added = set(event.after or []) - set(event.before or [])
        people = [u for u in cycle.reviewers.filter(is_active=True) if u.get_username() in added]
        return Plan(Kind.REVIEW_REQUESTED, _others(people, event.actor_id))
    return None


def _comment_plan(event: AuditEvent, cycle: Cycle) -> Plan:
    """A comment goes to the other side: a member's to the editors, an editor's to the members;
    an answer also to whoever wrote the comment it answers."""
    is_member = (
        event.actor_id is not None
        and Role.objects.filter(
            user_id=event.actor_id, kind=Role.Kind.MEMBER, country_id=cycle.country_id
        ).exists()
    )
    people = editors_for(cycle) if is_member else members_of(cycle)
    comment = (
        ReviewComment.objects.filter(
            cycle=cycle, author_id=event.actor_id, key=event.target, body=event.after
        )
        .select_related("parent__author")
        .order_by("-pk")
        .first()
    )
    data: dict[str, Any] = {"section": event.target, "body": str(event.after or "")}
    if comment is not None and comment.parent is not None:
        data["reply"] = True
        parent_author = comment.parent.author
        if may_read(parent_author, cycle):
            people = [*people, parent_author]
    return Plan(Kind.COMMENT, _others(people, event.actor_id), data)


def may_read(user: AbstractBaseUser, cycle: Cycle) -> bool:
    """Whether `user` may open `cycle` (accounts' own rule), with an account still in use."""
    return bool(getattr(user, "is_active", False)) and may_read_drafts(user, cycle.country_id)


def _others(people: Iterable[AbstractBaseUser], actor_id: int | None) -> list[AbstractBaseUser]:
    """Each person once, never the one who acted."""
    seen: dict[Any, AbstractBaseUser] = {}
    for person in people:
        if person.pk != actor_id:
            seen.setdefault(person.pk, person)
    return list(seen.values())

"""The review workflow of a cycle: states, who may move it where, and the rules that guard it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    PUBLISHED = "published"


class Actor(StrEnum):
    MEMBER = "member"  # the country's Network Member
    EDITOR = "editor"  # a consortium editor


# Content can change only while the Network Member holds the draft.
EDITABLE = frozenset({State.DRAFT, State.CHANGES_REQUESTED})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[State]
    target: State
    actor: Actor
    label: str


TRANSITIONS = {
    t.action: t
    for t in (
        Transition("submit", EDITABLE, State.SUBMITTED, Actor.MEMBER, "Submit for review"),
        Transition(
            "start_review",
            frozenset({State.SUBMITTED}),
            State.IN_REVIEW,
            Actor.EDITOR,
            "Start review",
        ),
        Transition(
            "request_changes",
            frozenset({State.IN_REVIEW}),
            State.CHANGES_REQUESTED,
            Actor.EDITOR,
            "Request changes",
        ),
        Transition(
            "approve", frozenset({State.IN_REVIEW}), State.APPROVED, Actor.EDITOR, "Approve"
        ),
        Transition(
            "publish", frozenset({State.APPROVED}), State.PUBLISHED, Actor.EDITOR, "Publish"
        ),
        # A published report is frozen; a correction reopens the draft for a new revision.
        Transition(
            "reopen",
            frozenset({State.PUBLISHED}),
            State.CHANGES_REQUESTED,
            Actor.EDITOR,
            "Open a correction",
        ),
    )
}


class TransitionRefused(Exception):
    """The move is not allowed; the message says why in the user's terms."""


def transition_target(
    *,
    state: State,
    action: str,
    actors: Collection[Actor],
    is_author: bool,
    blocking_findings: int,
) -> State:
    """The state `action` leads to, or TransitionRefused.

    `is_author`: the person changed the cycle's content (nobody approves their own work);
    `blocking_findings`: editorial errors still open (approval waits until there are none).
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionRefused(f"unknown action {action!r}")
    if transition.actor not in actors:
        who = "the country's Network Member" if transition.actor is Actor.MEMBER else "an editor"
        raise TransitionRefused(f"only {who} can {transition.label.lower()}")
    if state not in transition.sources:
        raise TransitionRefused(
            f"a cycle that is {state.replace('_', ' ')} cannot be moved with “{transition.label}”"
        )
    if action == "approve" and is_author:
        raise TransitionRefused("nobody approves their own work: you changed this cycle's content")
    if action == "approve" and blocking_findings:
        raise TransitionRefused(
            f"{blocking_findings} editorial error{'s' * (blocking_findings != 1)}"
            " must be fixed first"
        )
    return transition.target


def actions_available(state: State, actors: Collection[Actor]) -> list[Transition]:
    """Transitions these actors could attempt now (guards such as authorship are checked later)."""
    return [t for t in TRANSITIONS.values() if state in t.sources and t.actor in actors]

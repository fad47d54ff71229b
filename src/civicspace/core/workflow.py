"""The review workflow of a cycle: states, who may move it where, and the rules that guard it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from civicspace.core.messages import Message, MessageError, _, _n


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
    label: Message


TRANSITIONS = {
    t.action: t
    for t in (
        Transition("submit", EDITABLE, State.SUBMITTED, Actor.MEMBER, _("Submit for review")),
        Transition(
            "start_review",
            frozenset({State.SUBMITTED}),
            State.IN_REVIEW,
            Actor.EDITOR,
            _("Start review"),
        ),
        Transition(
            "request_changes",
            frozenset({State.IN_REVIEW}),
            State.CHANGES_REQUESTED,
            Actor.EDITOR,
            _("Request changes"),
        ),
        Transition(
            "approve", frozenset({State.IN_REVIEW}), State.APPROVED, Actor.EDITOR, _("Approve")
        ),
        Transition(
            "publish", frozenset({State.APPROVED}), State.PUBLISHED, Actor.EDITOR, _("Publish")
        ),
        # A published report is frozen; a correction reopens the draft for a new revision.
        Transition(
            "reopen",
            frozenset({State.PUBLISHED}),
            State.CHANGES_REQUESTED,
            Actor.EDITOR,
            _("Open a correction"),
        ),
    )
}


class TransitionRefused(MessageError):
    """The move is not allowed; the message says why in the user's terms."""


# How a state reads inside a sentence ("a cycle that is in review ...").
STATE_WORDS = {
    State.DRAFT: _("a draft"),
    State.SUBMITTED: _("submitted"),
    State.IN_REVIEW: _("in review"),
    State.CHANGES_REQUESTED: _("sent back for changes"),
    State.APPROVED: _("approved"),
    State.PUBLISHED: _("published"),
}


# Moves that must say why: the note is stored with the move and shown to whoever acts next.
NOTE_REQUIRED = {
    "reopen": _("A correction needs a note saying what is corrected and why."),
    "request_changes": _(
        "Say what should change: a request for changes needs a reason for the Network Member."
    ),
}


def note_check(*, action: str, note: str) -> None:
    """TransitionRefused if `action` needs a note and `note` is blank."""
    if action in NOTE_REQUIRED and not note.strip():
        raise TransitionRefused(NOTE_REQUIRED[action])


def transition_target(
    *,
    state: State,
    action: str,
    actors: Collection[Actor],
    is_author: bool,
    blocking_findings: int,
    open_comments: int = 0,
    empty_sections: int = 0,
) -> State:
    """The state `action` leads to, or TransitionRefused.

    `is_author`: the person changed the cycle's content (nobody approves their own work);
    `blocking_findings`: editorial errors still open, and `open_comments`: review comments not
    yet resolved (approval waits until there are none of either); `empty_sections`: sections
    of the report with no text (a report is submitted whole).
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionRefused(_("Unknown action %(action)s.", action=repr(action)))
    if transition.actor not in actors:
        if transition.actor is Actor.MEMBER:
            raise TransitionRefused(
                _("Only the country's Network Member can “%(action)s”.", action=transition.label)
            )
        raise TransitionRefused(_("Only an editor can “%(action)s”.", action=transition.label))
    if state not in transition.sources:
        raise TransitionRefused(
            _(
                "A cycle that is %(state)s cannot be moved with “%(action)s”.",
                state=STATE_WORDS[state],
                action=transition.label,
            )
        )
    if action == "submit" and empty_sections:
        raise TransitionRefused(
            _n(
                "%(count)s section of the report is still empty; write it before submitting.",
                "%(count)s sections of the report are still empty; write them before submitting.",
                empty_sections,
            )
        )
    if action == "approve" and is_author:
        raise TransitionRefused(
            _("Nobody approves their own work: you changed this cycle's content.")
        )
    if action == "approve" and blocking_findings:
        raise TransitionRefused(
            _n(
                "%(count)s editorial error must be fixed first.",
                "%(count)s editorial errors must be fixed first.",
                blocking_findings,
            )
        )
    if action == "approve" and open_comments:
        raise TransitionRefused(
            _n(
                "%(count)s review comment is still open.",
                "%(count)s review comments are still open.",
                open_comments,
            )
        )
    return transition.target


def actions_available(state: State, actors: Collection[Actor]) -> list[Transition]:
    """Transitions these actors could attempt now (guards such as authorship are checked later)."""
    return [t for t in TRANSITIONS.values() if state in t.sources and t.actor in actors]

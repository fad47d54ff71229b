"""Who may move an early-warning event or alert where: the transitions and their guards (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from civicspace.core.early_warning import EarlyWarningError, EventState
from civicspace.core.messages import Message, _
from civicspace.core.workflow import Actor


class AlertState(StrEnum):
    PROPOSED = "proposed"  # by a rule, waiting for an editor
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    CLOSED = "closed"


@dataclass(frozen=True)
class EventTransition:
    action: str
    sources: frozenset[str]
    target: str
    actor: Actor
    label: Message
    needs_reason: bool = False
    # Verification decisions are the consortium's check on the reporter: never their own event.
    not_by_reporter: bool = False


_OPEN = frozenset({EventState.SUBMITTED, EventState.VERIFYING})

EVENT_TRANSITIONS = {
    t.action: t
    for t in (
        EventTransition(
            "resubmit",
            frozenset({EventState.MORE_INFORMATION}),
            EventState.SUBMITTED,
            Actor.MEMBER,
            _("Resubmit"),
        ),
        EventTransition(
            "start-verifying",
            frozenset({EventState.SUBMITTED}),
            EventState.VERIFYING,
            Actor.EDITOR,
            _("Start verifying"),
            not_by_reporter=True,
        ),
        EventTransition(
            "verify", _OPEN, EventState.VERIFIED, Actor.EDITOR, _("Verify"), not_by_reporter=True
        ),
        EventTransition(
            "reject",
            _OPEN,
            EventState.REJECTED,
            Actor.EDITOR,
            _("Reject"),
            needs_reason=True,
            not_by_reporter=True,
        ),
        EventTransition(
            "request-information",
            _OPEN,
            EventState.MORE_INFORMATION,
            Actor.EDITOR,
            _("Request more information"),
            needs_reason=True,
            not_by_reporter=True,
        ),
    )
}

ALERT_TRANSITIONS = {
    t.action: t
    for t in (
        EventTransition(
            "confirm",
            frozenset({AlertState.PROPOSED}),
            AlertState.CONFIRMED,
            Actor.EDITOR,
            _("Confirm"),
        ),
        EventTransition(
            "dismiss",
            frozenset({AlertState.PROPOSED}),
            AlertState.DISMISSED,
            Actor.EDITOR,
            _("Dismiss"),
            needs_reason=True,
        ),
        EventTransition(
            "close",
            frozenset({AlertState.CONFIRMED}),
            AlertState.CLOSED,
            Actor.EDITOR,
            _("Close"),
        ),
    )
}

# A member edits their event while the consortium has not started on it, or has asked for more.
EVENT_EDITABLE = frozenset({EventState.SUBMITTED, EventState.MORE_INFORMATION})
ALERT_EDITABLE = frozenset({AlertState.PROPOSED, AlertState.CONFIRMED})

EVENT_STATE_NAMES = {
    EventState.SUBMITTED: _("submitted"),
    EventState.VERIFYING: _("being verified"),
    EventState.VERIFIED: _("verified"),
    EventState.REJECTED: _("rejected"),
    EventState.MORE_INFORMATION: _("more information requested"),
}


def transition_check(
    transition: EventTransition,
    *,
    state: str,
    actors: frozenset[Actor],
    is_reporter: bool = False,
    reason: str = "",
) -> str:
    """The state `transition` leads to from `state`, or EarlyWarningError saying why not."""
    if transition.actor not in actors:
        if transition.actor is Actor.EDITOR:
            raise EarlyWarningError(_("Only the consortium can do this."))
        raise EarlyWarningError(_("Only the country's Network Member can do this."))
    if state not in transition.sources:
        raise EarlyWarningError(
            _("“%(action)s” is not possible in this state.", action=transition.label)
        )
    if transition.not_by_reporter and is_reporter:
        raise EarlyWarningError(_("Nobody verifies an event they reported themselves."))
    if transition.needs_reason and not reason.strip():
        raise EarlyWarningError(_("Give a reason."))
    return transition.target


# What the audit trail says of changes that are not transitions.
CHANGE_LABELS = {
    "record": _("Recorded"),
    "edit": _("Edited"),
    "propose": _("Proposed by a rule"),
    "events-added": _("Further events added by a rule"),
    "merge": _("Merged into another event"),
    "merged-in": _("A duplicate merged into this event"),
    "referral-open": _("Referred to flexible support"),
    "referral-update": _("Referral to flexible support updated"),
    "cited": _("Cited as a source of a country report"),
    "attach": _("File attached"),
    "detach": _("Attachment removed"),
}


def change_label(change: str) -> Message | None:
    """How an audit row's change code reads (a transition's label, or a plain change's)."""
    for table in (EVENT_TRANSITIONS, ALERT_TRANSITIONS):
        if change in table:
            return table[change].label
    return CHANGE_LABELS.get(change)

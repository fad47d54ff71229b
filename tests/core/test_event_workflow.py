"""Who may move an early-warning event or alert where, checked without a database."""

from __future__ import annotations

import pytest

from civicspace.core.early_warning import EarlyWarningError, EventState
from civicspace.core.event_workflow import (
    ALERT_TRANSITIONS,
    EVENT_TRANSITIONS,
    AlertState,
    change_label,
    transition_check,
)
from civicspace.core.workflow import Actor

EDITOR, MEMBER = frozenset({Actor.EDITOR}), frozenset({Actor.MEMBER})


@pytest.mark.parametrize("action", sorted(EVENT_TRANSITIONS))
@pytest.mark.parametrize("state", list(EventState))
@pytest.mark.parametrize("actors", [EDITOR, MEMBER, frozenset()])
def test_an_event_moves_only_from_its_sources_by_its_actor(action, state, actors):
    transition = EVENT_TRANSITIONS[action]
    allowed = state in transition.sources and transition.actor in actors
    if allowed:
        target = transition_check(transition, state=state, actors=actors, reason="why")
        assert target == transition.target
    else:
        with pytest.raises(EarlyWarningError):
            transition_check(transition, state=state, actors=actors, reason="why")


@pytest.mark.parametrize("action", ["start-verifying", "verify", "reject", "request-information"])
def test_no_decision_on_an_event_is_taken_by_its_reporter(action):
    transition = EVENT_TRANSITIONS[action]
    with pytest.raises(EarlyWarningError, match="reported themselves"):
        transition_check(
            transition, state=EventState.SUBMITTED, actors=EDITOR, is_reporter=True, reason="x"
        )


@pytest.mark.parametrize("action", ["reject", "request-information"])
def test_a_rejection_or_request_needs_a_reason(action):
    with pytest.raises(EarlyWarningError, match="reason"):
        transition_check(
            EVENT_TRANSITIONS[action], state=EventState.SUBMITTED, actors=EDITOR, reason="  "
        )


def test_alerts_are_confirmed_or_dismissed_once_and_closed_after_confirmation():
    confirm, dismiss, close = (ALERT_TRANSITIONS[a] for a in ("confirm", "dismiss", "close"))
    assert transition_check(confirm, state=AlertState.PROPOSED, actors=EDITOR) == "confirmed"
    with pytest.raises(EarlyWarningError):
        transition_check(close, state=AlertState.PROPOSED, actors=EDITOR)
    with pytest.raises(EarlyWarningError):
        transition_check(dismiss, state=AlertState.CONFIRMED, actors=EDITOR, reason="late")
    assert transition_check(close, state=AlertState.CONFIRMED, actors=EDITOR) == "closed"


def test_every_audited_change_has_words():
    for change in [*EVENT_TRANSITIONS, *ALERT_TRANSITIONS, "record", "edit", "propose"]:
        assert change_label(change) is not None
    assert change_label("nonsense") is None

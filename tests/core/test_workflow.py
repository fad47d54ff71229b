"""The review workflow: every action from every state, for every kind of actor."""

import pytest

from civicspace.core.workflow import (
    EDITABLE,
    TRANSITIONS,
    Actor,
    State,
    TransitionRefused,
    actions_available,
    transition_target,
)

MEMBER, EDITOR = {Actor.MEMBER}, {Actor.EDITOR}
ALLOWED = {
    ("submit", State.DRAFT, "member"): State.SUBMITTED,
    ("submit", State.CHANGES_REQUESTED, "member"): State.SUBMITTED,
    ("start_review", State.SUBMITTED, "editor"): State.IN_REVIEW,
    ("request_changes", State.IN_REVIEW, "editor"): State.CHANGES_REQUESTED,
    ("approve", State.IN_REVIEW, "editor"): State.APPROVED,
    ("publish", State.APPROVED, "editor"): State.PUBLISHED,
    ("reopen", State.PUBLISHED, "editor"): State.CHANGES_REQUESTED,
}


def move(state, action, actors, *, is_author=False, blocking_findings=0, open_comments=0):
    return transition_target(
        state=state,
        action=action,
        actors=actors,
        is_author=is_author,
        blocking_findings=blocking_findings,
        open_comments=open_comments,
    )


@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("actor", ["member", "editor"])
def test_the_transition_matrix(action, state, actor):
    actors = MEMBER if actor == "member" else EDITOR
    expected = ALLOWED.get((action, state, actor))
    if expected is None:
        with pytest.raises(TransitionRefused):
            move(state, action, actors)
    else:
        result = move(state, action, actors)
        assert result is expected


def test_nobody_approves_their_own_work():
    with pytest.raises(TransitionRefused, match="Nobody approves their own work"):
        move(State.IN_REVIEW, "approve", EDITOR, is_author=True)


def test_approval_waits_for_editorial_errors():
    with pytest.raises(TransitionRefused, match="3 editorial errors must be fixed first"):
        move(State.IN_REVIEW, "approve", EDITOR, blocking_findings=3)
    with pytest.raises(TransitionRefused, match=r"^1 editorial error must be fixed first"):
        move(State.IN_REVIEW, "approve", EDITOR, blocking_findings=1)


def test_approval_waits_for_open_review_comments():
    with pytest.raises(TransitionRefused, match="2 review comments are still open"):
        move(State.IN_REVIEW, "approve", EDITOR, open_comments=2)
    assert move(State.IN_REVIEW, "approve", EDITOR) is State.APPROVED


def test_other_actions_are_not_blocked_by_findings_or_comments():
    state = move(State.DRAFT, "submit", MEMBER, is_author=True, blocking_findings=5)
    assert state is State.SUBMITTED
    assert move(State.IN_REVIEW, "request_changes", EDITOR, open_comments=4) is (
        State.CHANGES_REQUESTED
    )


def test_refusals_explain_themselves():
    with pytest.raises(TransitionRefused, match="Only an editor can “Approve”"):
        move(State.IN_REVIEW, "approve", MEMBER)
    with pytest.raises(TransitionRefused, match="A cycle that is sent back for changes cannot"):
        move(State.CHANGES_REQUESTED, "approve", EDITOR)
    with pytest.raises(TransitionRefused, match="Unknown action 'delete'"):
        move(State.DRAFT, "delete", EDITOR)


def test_available_actions_follow_the_matrix():
    assert [t.action for t in actions_available(State.DRAFT, MEMBER)] == ["submit"]
    assert [t.action for t in actions_available(State.IN_REVIEW, EDITOR)] == [
        "request_changes",
        "approve",
    ]
    assert [t.action for t in actions_available(State.APPROVED, MEMBER | EDITOR)] == ["publish"]
    assert actions_available(State.APPROVED, MEMBER) == []
    assert {State.DRAFT, State.CHANGES_REQUESTED} == EDITABLE

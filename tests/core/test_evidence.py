"""A period's events against a dimension's score: when events point clearly one way, which way a
score moved, and the editorial warning when the two disagree."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.checks import DimensionEvidence, Severity, draft_check, events_against_score
from civicspace.core.early_warning import Direction
from civicspace.core.evidence import (
    CLEAR_MINIMUM_EVENTS,
    CLEAR_MINIMUM_SHARE,
    EventTally,
    clear_direction,
    evidence_disagrees,
    score_move,
)
from civicspace.core.scoring import round_half_up
from tests.core.test_checks import SOURCE, clean_draft

DET, IMP = Direction.DETERIORATING, Direction.IMPROVING
counts = st.integers(min_value=0, max_value=60)
scores = st.floats(min_value=1, max_value=5, allow_nan=False)


def test_three_events_one_way_are_clear_two_are_not():
    assert clear_direction(EventTally(deteriorating=3)) is DET
    assert clear_direction(EventTally(improving=3)) is IMP
    assert clear_direction(EventTally(deteriorating=2)) is None


def test_a_mixed_record_points_nowhere():
    assert clear_direction(EventTally(deteriorating=3, improving=1)) is DET  # 75 %
    assert clear_direction(EventTally(deteriorating=2, improving=1)) is None  # 67 %
    assert clear_direction(EventTally(deteriorating=5, improving=5)) is None


def test_a_score_moves_as_published():
    assert score_move(2.0, 2.5) is IMP
    assert score_move(3.1, 2.4) is DET
    assert score_move(2.36, 2.44) is None  # both read 2.4


@given(counts, counts)
def test_a_clear_direction_has_enough_events_and_a_large_enough_share(det, imp):
    tally = EventTally(det, imp)
    found = clear_direction(tally)
    if found is not None:
        assert tally.total >= CLEAR_MINIMUM_EVENTS
        assert tally.count(found) / tally.total >= CLEAR_MINIMUM_SHARE


@given(counts, counts)
def test_swapping_the_directions_swaps_the_answer(det, imp):
    swapped = {DET: IMP, IMP: DET, None: None}
    assert clear_direction(EventTally(imp, det)) == swapped[clear_direction(EventTally(det, imp))]


@given(counts, counts, st.integers(min_value=1, max_value=20))
def test_more_events_the_same_way_never_blur_a_clear_direction(det, imp, more):
    found = clear_direction(EventTally(det, imp))
    if found is DET:
        assert clear_direction(EventTally(det + more, imp)) is DET
    if found is IMP:
        assert clear_direction(EventTally(det, imp + more)) is IMP


@given(counts, counts, scores, scores)
def test_a_disagreement_is_events_one_way_and_the_score_the_other(det, imp, before, now):
    found = evidence_disagrees("2.2", EventTally(det, imp), before=before, now=now)
    moved = score_move(before, now)
    pointing = clear_direction(EventTally(det, imp))
    if found is None:
        assert pointing is None or moved is None or moved is pointing
    else:
        assert found.events is pointing
        assert moved is not None
        assert moved is not pointing
        assert (found.before, found.now) == (round_half_up(before), round_half_up(now))


@given(counts, counts, scores)
def test_an_unchanged_score_never_disagrees(det, imp, score):
    assert evidence_disagrees("2.2", EventTally(det, imp), before=score, now=score) is None


def test_no_previous_score_or_no_score_is_no_disagreement():
    tally = EventTally(deteriorating=9)
    assert evidence_disagrees("2.2", tally, before=None, now=3.0) is None
    assert evidence_disagrees("2.2", tally, before=2.0, now=None) is None


def _draft(before, now, tally):
    return replace(
        clean_draft(),
        dimensions=[DimensionEvidence("2.2", now, "Reasons.", SOURCE)],
        previous_scores={"2.2": before},
        period_events={"2.2": tally},
    )


def test_deteriorating_events_and_a_rising_score_are_a_warning_on_the_dimension():
    [finding] = events_against_score(_draft(2.1, 2.6, EventTally(deteriorating=6, improving=1)))
    assert (finding.check, finding.severity, finding.place) == (
        "events-against-score",
        Severity.WARNING,
        "2.2",
    )
    sentence = str(finding.message)
    assert "6 of the period's 7 verified events point to a deterioration" in sentence
    assert "rose from 2.1 to 2.6" in sentence


def test_improving_events_and_a_falling_score_are_a_warning_too():
    [finding] = events_against_score(_draft(3.0, 2.4, EventTally(deteriorating=1, improving=4)))
    assert "point to an improvement" in str(finding.message)
    assert "fell from 3.0 to 2.4" in str(finding.message)


def test_events_that_agree_with_the_score_or_are_too_few_say_nothing():
    assert events_against_score(_draft(2.1, 2.6, EventTally(improving=5))) == []
    assert events_against_score(_draft(2.1, 2.6, EventTally(deteriorating=2))) == []
    assert events_against_score(_draft(2.6, 2.6, EventTally(deteriorating=8))) == []


def test_a_draft_without_events_has_no_such_warning():
    draft = replace(clean_draft(), previous_scores={"4.1": 1.0})
    assert not [f for f in draft_check(draft).findings if f.check == "events-against-score"]

"""Due dates of a cycle's stages: which apply, their order, overdue and due soon."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.deadlines import (
    STAGES,
    DueDateError,
    DueDates,
    Stage,
    due_dates_check,
    due_within,
    overdue,
    stage_done,
)
from civicspace.core.workflow import State

SEPT, OCT, NOV = date(2025, 9, 30), date(2025, 10, 31), date(2025, 11, 30)
YEAR = DueDates(SEPT, OCT, NOV)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
maybe_days = st.none() | days
due_dates = st.builds(DueDates, maybe_days, maybe_days, maybe_days)
states = st.sampled_from(list(State))


def test_a_cycles_own_date_wins_and_the_years_fills_the_rest():
    own = DueDates(review=date(2025, 11, 15))
    assert YEAR.overridden_by(own) == DueDates(SEPT, date(2025, 11, 15), NOV)
    assert YEAR.overridden_by(DueDates()) == YEAR


def test_a_review_due_before_the_submission_is_refused_naming_both_dates():
    with pytest.raises(DueDateError) as refused:
        due_dates_check(DueDates(OCT, SEPT, NOV))
    assert str(refused.value) == (
        "The review due date (2025-09-30) is before the submission due date (2025-10-31):"
        " each stage is due on or after the one before it."
    )


def test_an_unset_review_date_still_keeps_publication_after_submission():
    with pytest.raises(DueDateError, match="publication due date"):
        due_dates_check(DueDates(OCT, None, SEPT))


def test_stages_may_fall_due_on_the_same_day():
    due_dates_check(DueDates(SEPT, SEPT, SEPT))


@given(due_dates)
def test_dates_pass_the_check_exactly_when_the_set_ones_are_in_order(dates):
    known = [d for d in (dates.submission, dates.review, dates.publication) if d is not None]
    try:
        due_dates_check(dates)
    except DueDateError:
        assert known != sorted(known)
    else:
        assert known == sorted(known)


def test_a_draft_past_its_submission_date_is_overdue_for_submission_only():
    late = overdue(YEAR, State.DRAFT, date(2025, 10, 1))
    assert [(i.stage, i.due) for i in late] == [(Stage.SUBMISSION, SEPT)]


def test_a_cycle_in_review_past_every_date_is_late_for_review_and_publication():
    late = overdue(YEAR, State.IN_REVIEW, date(2025, 12, 1))
    assert [i.stage for i in late] == [Stage.REVIEW, Stage.PUBLICATION]


def test_nothing_is_overdue_on_its_due_day_or_once_published():
    assert overdue(YEAR, State.DRAFT, SEPT) == []
    assert overdue(YEAR, State.PUBLISHED, date(2026, 1, 1)) == []


def test_changes_requested_counts_as_submitted_but_not_reviewed():
    assert stage_done(Stage.SUBMISSION, State.CHANGES_REQUESTED)
    assert not stage_done(Stage.REVIEW, State.CHANGES_REQUESTED)


@given(due_dates, states, days)
def test_overdue_stages_are_past_due_and_not_done(dates, state, today):
    for item in overdue(dates, state, today):
        assert item.due < today
        assert item.due == dates.of(item.stage)
        assert not stage_done(item.stage, state)
    flagged = {i.stage for i in overdue(dates, state, today)}
    for stage in set(STAGES) - flagged:
        due = dates.of(stage)
        assert due is None or due >= today or stage_done(stage, state)


@given(due_dates, states, days, st.integers(min_value=0, max_value=60))
def test_due_within_lists_exactly_the_open_stages_in_the_window(dates, state, today, window):
    found = {i.stage: i.due for i in due_within(dates, state, today, window)}
    for stage in STAGES:
        due = dates.of(stage)
        expected = (
            due is not None
            and today <= due <= today + timedelta(days=window)
            and not stage_done(stage, state)
        )
        assert (stage in found) == expected


def test_a_stage_due_today_is_within_zero_days():
    assert [i.stage for i in due_within(YEAR, State.DRAFT, SEPT, 0)] == [Stage.SUBMISSION]


def test_a_negative_window_is_refused():
    with pytest.raises(ValueError, match="days must be 0 or more"):
        due_within(YEAR, State.DRAFT, SEPT, -1)

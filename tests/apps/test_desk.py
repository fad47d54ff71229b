"""The desk's writes and reads: due dates per year and per cycle, reviewers, and the cycles due
soon that deadline reminders are sent for."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from civicspace.assessments.models import Cycle, YearSchedule
from civicspace.assessments.schedule_services import (
    cycle_reviewers_set,
    cycle_schedule_set,
    year_schedule_set,
)
from civicspace.assessments.selectors import cycles_due_within, due_dates_of
from civicspace.assessments.services import CycleError
from civicspace.audit.models import AuditEvent
from civicspace.core.deadlines import DueDates, Stage
from tests.apps.helpers import kz, person

pytestmark = pytest.mark.django_db

SEPT, OCT, NOV = date(2025, 9, 30), date(2025, 10, 31), date(2025, 11, 30)


def _year(by, submission=SEPT, review=OCT, publication=NOV, year=2025):
    return year_schedule_set(
        year=year,
        submission_due=submission,
        review_due=review,
        publication_due=publication,
        by=by,
    )


def test_the_years_dates_apply_to_every_cycle_and_are_audited_on_each(people):
    _, editor = people
    _year(editor)
    cycles = list(Cycle.objects.filter(year=2025))
    assert set(due_dates_of(cycles).values()) == {DueDates(SEPT, OCT, NOV)}
    events = AuditEvent.objects.filter(action="schedule", target="year")
    assert sorted(e.cycle.country.iso2 for e in events) == ["KE", "KZ", "TN"]
    event = events.get(cycle=kz())
    assert event.actor == editor
    assert event.before is None
    assert event.after == {
        "submission": "2025-09-30",
        "review": "2025-10-31",
        "publication": "2025-11-30",
    }
    assert event.summary == "Due dates"


def test_setting_the_same_dates_again_writes_no_audit_event(people):
    _, editor = people
    _year(editor)
    _year(editor)
    assert AuditEvent.objects.filter(action="schedule").count() == 3


def test_a_countrys_own_date_wins_over_the_years(people):
    _, editor = people
    _year(editor)
    cycle_schedule_set(
        cycle=kz(),
        submission_due=None,
        review_due=date(2025, 11, 15),
        publication_due=None,
        by=editor,
    )
    dues = due_dates_of(Cycle.objects.filter(year=2025))
    assert dues[kz().pk] == DueDates(SEPT, date(2025, 11, 15), NOV)
    kenya = Cycle.objects.get(country__iso2="KE")
    assert dues[kenya.pk] == DueDates(SEPT, OCT, NOV)
    event = AuditEvent.objects.get(action="schedule", target="cycle")
    assert event.cycle == kz()
    assert event.after["review"] == "2025-11-15"


def test_dates_out_of_order_are_refused_and_nothing_is_stored(people):
    _, editor = people
    with pytest.raises(
        CycleError, match=r"The review due date \(2025-09-01\) is before the submission"
    ):
        _year(editor, review=date(2025, 9, 1))
    assert not YearSchedule.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_countrys_date_that_breaks_the_years_order_is_refused_naming_the_country(people):
    _, editor = people
    _year(editor)
    with pytest.raises(CycleError, match=r"^Kazakhstan 2025: The publication due date"):
        cycle_schedule_set(
            cycle=kz(),
            submission_due=None,
            review_due=None,
            publication_due=SEPT.replace(day=1),
            by=editor,
        )
    assert kz().publication_due is None


def test_new_year_dates_that_would_break_a_countrys_own_are_refused(people):
    _, editor = people
    _year(editor)
    cycle_schedule_set(
        cycle=kz(),
        submission_due=None,
        review_due=None,
        publication_due=date(2025, 12, 1),
        by=editor,
    )
    with pytest.raises(
        CycleError, match=r"^Kazakhstan 2025: The publication due date \(2025-12-01\)"
    ):
        _year(
            editor,
            submission=date(2025, 12, 5),
            review=date(2025, 12, 6),
            publication=date(2025, 12, 7),
        )
    assert YearSchedule.objects.get(year=2025).submission_due == SEPT


def test_a_year_without_cycles_is_refused_with_the_command_that_opens_it(people):
    _, editor = people
    with pytest.raises(CycleError, match="civicspace cycle create --all 2026"):
        _year(editor, year=2026)


def test_a_member_cannot_set_due_dates(people):
    member, _ = people
    with pytest.raises(CycleError, match="Only a consortium editor"):
        _year(member)
    with pytest.raises(CycleError, match="Only a consortium editor"):
        cycle_schedule_set(
            cycle=kz(), submission_due=SEPT, review_due=None, publication_due=None, by=member
        )
    assert not AuditEvent.objects.exists()


def test_editors_are_assigned_as_reviewers_and_audited(people):
    _, editor = people
    second = person("second-editor", "editor")
    cycle_reviewers_set(cycle=kz(), reviewers=[editor, second], by=editor)
    assert set(kz().reviewers.all()) == {editor, second}
    cycle_reviewers_set(cycle=kz(), reviewers=[second], by=editor)
    assert list(kz().reviewers.all()) == [second]
    events = AuditEvent.objects.filter(action="reviewers").order_by("pk")
    assert [(e.before, e.after) for e in events] == [
        ([], ["editor", "second-editor"]),
        (["editor", "second-editor"], ["second-editor"]),
    ]
    assert events[0].summary == "Reviewers"


def test_only_editors_may_review_and_only_editors_assign(people):
    member, editor = people
    nobody = get_user_model().objects.create_user("nobody")
    for user in (member, nobody):
        with pytest.raises(CycleError, match=f"{user.username} is not a consortium editor"):
            cycle_reviewers_set(cycle=kz(), reviewers=[user], by=editor)
    retired = person("retired", "editor")
    retired.is_active = False
    retired.save()
    with pytest.raises(CycleError, match="retired is not a consortium editor"):
        cycle_reviewers_set(cycle=kz(), reviewers=[retired], by=editor)
    with pytest.raises(CycleError, match="Only a consortium editor"):
        cycle_reviewers_set(cycle=kz(), reviewers=[editor], by=member)
    assert not kz().reviewers.exists()
    assert not AuditEvent.objects.exists()


def test_cycles_due_within_lists_open_stages_due_in_the_window_soonest_first(people):
    _, editor = people
    _year(editor)
    Cycle.objects.filter(country__iso2="KE").update(state="submitted")
    cycle_schedule_set(
        cycle=Cycle.objects.get(country__iso2="TN"),
        submission_due=date(2025, 9, 25),
        review_due=None,
        publication_due=None,
        by=editor,
    )
    soon = cycles_due_within(days=10, today=date(2025, 9, 22))
    assert [(d.cycle.country.iso2, d.stage, d.due) for d in soon] == [
        ("TN", Stage.SUBMISSION, date(2025, 9, 25)),
        ("KZ", Stage.SUBMISSION, SEPT),  # Kenya has submitted: nothing to remind it of
    ]
    later = cycles_due_within(days=31, today=SEPT.replace(day=30))
    assert {(d.cycle.country.iso2, d.stage) for d in later} == {
        ("KZ", Stage.SUBMISSION),
        ("KE", Stage.REVIEW),
        ("KZ", Stage.REVIEW),
        ("TN", Stage.REVIEW),
    }


def test_cycles_due_within_leaves_out_past_dates_and_published_cycles(people):
    _, editor = people
    _year(editor)
    Cycle.objects.filter(country__iso2="KE").update(state="published")
    soon = cycles_due_within(days=60, today=date(2025, 10, 1))
    assert {(d.cycle.country.iso2, d.stage) for d in soon} == {
        ("KZ", Stage.REVIEW),
        ("KZ", Stage.PUBLICATION),
        ("TN", Stage.REVIEW),
        ("TN", Stage.PUBLICATION),
    }


def test_cycles_due_within_reads_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    _, editor = people
    _year(editor)
    cycle_reviewers_set(cycle=kz(), reviewers=[editor], by=editor)
    with django_assert_max_num_queries(4):
        soon = cycles_due_within(days=5, today=date(2025, 9, 28))
        assert [r.username for d in soon for r in d.cycle.reviewers.all()] == ["editor"]

"""Which writes notify whom: the review workflow and comments, role by role."""

import pytest
from django.contrib.auth import get_user_model

from civicspace.assessments.panel_services import panel_get_or_create, panelist_add
from civicspace.editorial.comment_services import comment_add
from civicspace.editorial.services import cycle_transition
from civicspace.notifications.kinds import Kind
from civicspace.notifications.models import Notification
from civicspace.notifications.services import (
    deadline_approaching_notify,
    notifications_for_event,
    review_requested_notify,
)
from tests.apps.helpers import PASSWORD, complete, kz, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(programme):
    """Everyone who could be told: KZ's two members, Kenya's member, an editor, a superuser
    with no role, someone with no role, and a KZ member whose account is switched off."""
    people = {
        "aigul": person("aigul", "member", "KZ"),
        "writer": person("writer", "member", "KZ"),
        "wanjiru": person("wanjiru", "member", "KE"),
        "editor": person("editor", "editor"),
        "admin": get_user_model().objects.create_superuser("admin", password=PASSWORD),
        "nobody": get_user_model().objects.create_user("nobody", password=PASSWORD),
        "gone": person("gone", "member", "KZ"),
    }
    people["gone"].is_active = False
    people["gone"].save()
    for name, user in people.items():
        user.email = f"{name}@example.org"
        user.save()
    complete(kz(), people["writer"])  # written by `writer`, so `editor` may approve it
    return people


def told(capture, write):
    """Run `write` as a request would (its notifications come once it commits); who was told
    of what."""
    before = set(Notification.objects.values_list("pk", flat=True))
    with capture(execute=True):
        write()
    made = Notification.objects.exclude(pk__in=before).select_related("recipient")
    return {(n.recipient.username, n.kind) for n in made}


def move(action, by, note=""):
    return lambda: cycle_transition(cycle=kz(), action=action, by=by, note=note)


MEMBERS = {"aigul", "writer"}
EDITORS = {"editor", "admin"}


def test_the_review_workflow_tells_the_other_side_and_nobody_else(
    cast, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    steps = [
        ("submit", "aigul", Kind.SUBMITTED, EDITORS),
        ("start_review", "editor", Kind.REVIEW_STARTED, MEMBERS),
        ("request_changes", "editor", Kind.CHANGES_REQUESTED, MEMBERS),
        ("submit", "writer", Kind.SUBMITTED, EDITORS),
        ("start_review", "admin", Kind.REVIEW_STARTED, MEMBERS),
        ("approve", "editor", Kind.APPROVED, MEMBERS),
        ("publish", "editor", Kind.PUBLISHED, MEMBERS),
        ("reopen", "editor", Kind.CORRECTION_OPENED, MEMBERS),
        ("submit", "writer", Kind.SUBMITTED, EDITORS),
        ("start_review", "editor", Kind.REVIEW_STARTED, MEMBERS),
        ("approve", "admin", Kind.APPROVED, MEMBERS),
        ("publish", "admin", Kind.CORRECTION_PUBLISHED, MEMBERS),
    ]
    for action, actor, kind, audience in steps:
        got = told(capture, move(action, cast[actor], note="Why: a reason."))
        # The actor is never told of their own act; Kenya's member, people with no role and
        # switched-off accounts never hear of Kazakhstan.
        assert got == {(name, kind) for name in audience - {actor}}, action


def test_a_request_for_changes_carries_its_reason(cast, django_capture_on_commit_callbacks):
    cycle_transition(cycle=kz(), action="submit", by=cast["aigul"])
    cycle_transition(cycle=kz(), action="start_review", by=cast["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        cycle_transition(
            cycle=kz(), action="request_changes", by=cast["editor"], note="Cite the 2025 law."
        )
    notification = Notification.objects.get(recipient=cast["aigul"])
    assert notification.data["note"] == "Cite the 2025 law."


def test_a_correction_says_which_revision_is_public(cast, django_capture_on_commit_callbacks):
    for action, by in [("submit", "aigul"), ("start_review", "editor"), ("approve", "editor")]:
        cycle_transition(cycle=kz(), action=action, by=cast[by])
    cycle_transition(cycle=kz(), action="publish", by=cast["editor"])
    cycle_transition(cycle=kz(), action="reopen", by=cast["editor"], note="A wrong date.")
    for action in ("submit", "start_review", "approve"):
        by = "aigul" if action == "submit" else "editor"
        cycle_transition(cycle=kz(), action=action, by=cast[by])
    with django_capture_on_commit_callbacks(execute=True):
        cycle_transition(cycle=kz(), action="publish", by=cast["editor"])
    notification = Notification.objects.get(recipient=cast["aigul"])
    assert notification.kind == Kind.CORRECTION_PUBLISHED
    assert notification.data == {"revision": 2}


def test_comments_go_to_the_other_side_and_answers_to_the_commenter_too(
    cast, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    asked = {}

    def ask():
        asked["comment"] = comment_add(
            cycle=kz(), key="context", body="Which law?", by=cast["editor"]
        )

    assert told(capture, ask) == {(name, Kind.COMMENT) for name in MEMBERS}

    def answer_as_member():
        comment_add(
            cycle=kz(),
            key="context",
            body="The NGO law.",
            by=cast["aigul"],
            parent=asked["comment"],
        )

    assert told(capture, answer_as_member) == {(name, Kind.COMMENT) for name in EDITORS}

    def answer_as_other_editor():
        comment_add(
            cycle=kz(),
            key="context",
            body="Also 2024.",
            by=cast["admin"],
            parent=asked["comment"],
        )

    # An editor's answer goes to the members and to the editor who asked, not to its author.
    assert told(capture, answer_as_other_editor) == {
        ("aigul", Kind.COMMENT),
        ("writer", Kind.COMMENT),
        ("editor", Kind.COMMENT),
    }
    reply = Notification.objects.filter(recipient=cast["editor"]).latest("pk")
    assert reply.data["reply"] is True
    assert reply.data["body"] == "Also 2024."


def test_scores_texts_and_panelists_interrupt_nobody(
    cast, own_field_key, mailoutbox, django_capture_on_commit_callbacks
):
    assert Notification.objects.count() == 0  # `complete` wrote scores and texts, audited
    with django_capture_on_commit_callbacks(execute=True):
        panelist_add(
            panel=panel_get_or_create(cycle=kz()), code="N01", name="Айгерим С.", by=cast["aigul"]
        )
    assert kz().audit_events.filter(action="panelist").exists()
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_one_event_tells_each_person_once_however_often_it_is_handled(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cycle_transition(cycle=kz(), action="submit", by=cast["aigul"])
    event = kz().audit_events.latest("pk")
    assert notifications_for_event(event_id=event.pk) == []
    assert Notification.objects.filter(event=event).count() == len(EDITORS)


def test_deadline_hook_tells_the_members_once_per_date(cast):
    from datetime import date

    first = deadline_approaching_notify(cycle=kz(), milestone="submission", due=date(2026, 3, 1))
    again = deadline_approaching_notify(cycle=kz(), milestone="submission", due=date(2026, 3, 1))
    assert {n.recipient.username for n in first} == MEMBERS
    assert again == []


def test_review_request_hook_skips_people_who_may_not_read_the_cycle(cast):
    made = review_requested_notify(
        cycle=kz(), reviewers=[cast["editor"], cast["wanjiru"], cast["nobody"]], by=cast["admin"]
    )
    assert [n.recipient.username for n in made] == ["editor"]
    assert made[0].kind == Kind.REVIEW_REQUESTED


def test_nobody_is_told_of_their_own_comment_or_submission(
    cast, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    asked = comment_add(cycle=kz(), key="context", body="Which law?", by=cast["editor"])

    def answer_own_comment():
        comment_add(cycle=kz(), key="context", body="I mean 2024.", by=cast["editor"], parent=asked)

    assert told(capture, answer_own_comment) == {(name, Kind.COMMENT) for name in MEMBERS}

    # A superuser who is also KZ's member submits: the other editors are told, not them.
    both = cast["admin"]
    person_role = cast["aigul"].roles.get()
    person_role.pk, person_role.user = None, both
    person_role.save()
    got = told(capture, move("submit", both))
    assert got == {("editor", Kind.SUBMITTED)}


def test_reloading_the_demo_replaces_its_notifications(
    db, django_capture_on_commit_callbacks, tasks_queued_not_run
):
    from civicspace.demo.loader import demo_load

    for _ in range(2):  # on PostgreSQL the second load passes the audit trail's delete guard
        with django_capture_on_commit_callbacks(execute=True):
            summary = demo_load()
        # Each published demo report told its member of review, approval and publication,
        # and the demo editor of its submission.
        assert Notification.objects.count() == summary.published * 4


def test_assigned_reviewers_are_asked_and_then_alone_told_of_submissions(
    cast, django_capture_on_commit_callbacks
):
    from civicspace.assessments.schedule_services import cycle_reviewers_set

    capture = django_capture_on_commit_callbacks
    second = person("second", "editor")
    assign = lambda: cycle_reviewers_set(cycle=kz(), reviewers=[second], by=cast["editor"])  # noqa: E731
    assert told(capture, assign) == {("second", Kind.REVIEW_REQUESTED)}
    # Assigned once: saving the same reviewers again asks nobody again.
    assert told(capture, assign) == set()
    submitted = told(capture, move("submit", cast["writer"]))
    assert submitted == {("second", Kind.SUBMITTED)}


def test_the_daily_run_reminds_of_due_dates_once(cast, capsys):
    from datetime import timedelta

    from django.utils import timezone

    from civicspace.assessments.schedule_services import year_schedule_set
    from civicspace.cli import main

    soon = timezone.localdate() + timedelta(days=3)
    year_schedule_set(
        year=kz().year,
        submission_due=soon,
        review_due=None,
        publication_due=None,
        by=cast["editor"],
    )
    assert main(["notify", "digest"]) == 0
    assert "deadline reminder(s) made" in capsys.readouterr().out
    reminders = Notification.objects.filter(kind=Kind.DEADLINE, cycle=kz())
    assert {n.recipient.username for n in reminders} == MEMBERS
    assert reminders[0].data == {"milestone": "submission", "due": soon.isoformat()}
    made = Notification.objects.filter(kind=Kind.DEADLINE).count()
    main(["notify", "digest"])
    assert Notification.objects.filter(kind=Kind.DEADLINE).count() == made

"""The desk's settings in the admin: due dates of a year and a cycle's own dates and reviewers,
each save going through its service (checked, audited); the cycle's content stays read-only."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from civicspace.assessments.models import YearSchedule
from civicspace.audit.models import AuditEvent
from tests.apps.helpers import kz, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(programme, client):
    client.force_login(get_user_model().objects.create_superuser("root"))
    return client


def _year_form(**dates):
    return {"year": "2025", "submission_due": "", "review_due": "", "publication_due": ""} | dates


def test_the_admin_sets_a_years_dates_through_the_service(admin_client):
    url = reverse("admin:assessments_yearschedule_add")
    answer = admin_client.post(
        url, _year_form(submission_due="2025-09-30", review_due="2025-10-31")
    )
    assert answer.status_code == 302
    schedule = YearSchedule.objects.get(year=2025)
    assert (schedule.submission_due, schedule.review_due) == (date(2025, 9, 30), date(2025, 10, 31))
    events = AuditEvent.objects.filter(action="schedule", target="year")
    assert {e.actor.username for e in events} == {"root"}
    assert events.count() == 3


def test_the_admin_shows_the_services_refusal_and_stores_nothing(admin_client):
    url = reverse("admin:assessments_yearschedule_add")
    answer = admin_client.post(
        url, _year_form(submission_due="2025-10-31", review_due="2025-09-30")
    )
    assert answer.status_code == 200
    assert (
        "The review due date (2025-09-30) is before the submission due date"
        in answer.content.decode()
    )
    answer = admin_client.post(url, _year_form(year="2031", submission_due="2031-01-01"))
    assert "No cycle is open for 2031 yet" in answer.content.decode()
    assert not YearSchedule.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_admin_sets_a_cycles_own_dates_and_reviewers_through_the_services(admin_client):
    editor = person("editor", "editor")
    url = reverse("admin:assessments_cycledesk_change", args=[kz().pk])
    data = {
        "submission_due": "2025-10-15",
        "review_due": "",
        "publication_due": "",
        "reviewers": [editor.pk],
    }
    assert admin_client.post(url, data).status_code == 302
    assert kz().submission_due == date(2025, 10, 15)
    assert list(kz().reviewers.all()) == [editor]
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"schedule", "reviewers"}


def test_the_admin_offers_only_editors_as_reviewers_and_refuses_others(admin_client):
    member = person("aigul", "member", "KZ")
    url = reverse("admin:assessments_cycledesk_change", args=[kz().pk])
    page = admin_client.get(url).content.decode()
    assert ">root<" in page
    assert ">aigul<" not in page
    data = {"submission_due": "", "review_due": "", "publication_due": "", "reviewers": [member.pk]}
    assert admin_client.post(url, data).status_code == 200
    assert not kz().reviewers.exists()
    assert not AuditEvent.objects.exists()


def test_a_cycles_content_cannot_be_changed_through_the_desks_page(admin_client):
    url = reverse("admin:assessments_cycledesk_change", args=[kz().pk])
    data = {
        "state": "published",
        "period_end": "2030-01-01",
        "submission_due": "",
        "review_due": "",
        "publication_due": "",
    }
    assert admin_client.post(url, data).status_code == 302
    cycle = kz()
    assert (cycle.state, cycle.period_end) == ("draft", date(2025, 8, 31))
    assert (
        admin_client.post(
            reverse("admin:assessments_cycledesk_delete", args=[cycle.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_staff_without_the_editor_role_cannot_change_the_desks_settings(programme, client):
    staff = get_user_model().objects.create_user("clerk", is_staff=True)
    client.force_login(staff)
    url = reverse("admin:assessments_yearschedule_add")
    assert client.post(url, _year_form(submission_due="2025-09-30")).status_code == 403
    assert not YearSchedule.objects.exists()

"""The admin withholds what the workspace withholds from the consortium: a restricted event's
reporter, its place below the country, and its files' names and uploaders (docs/early-warning.md,
"Sensitivity"), in the event's page, the attachments and the audit trail."""

import io

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from civicspace.audit.models import AuditEvent
from civicspace.monitoring.attachment_services import attachment_add
from civicspace.monitoring.models import Event
from tests.apps.helpers import PASSWORD, person

pytestmark = pytest.mark.django_db

REGION, CITY = "Marked Region Xq7", "Marked City Xq7"
FILE_NAME = "marked-file-xq7.png"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def restricted(demo):
    """A restricted Kazakh event with a place, a named reporter and a file of theirs."""
    reporter = person("kz-reporter-xq7", "member", "KZ")
    event = Event.objects.filter(country__iso2="KZ", sensitivity="restricted").earliest("pk")
    event.reporter, event.region, event.city = reporter, REGION, CITY
    event.latitude, event.longitude = 43.2567, 76.9286
    event.save()
    attachment = attachment_add(event=event, name=FILE_NAME, data=_png(), by=reporter)
    return event, attachment, reporter


def _pages(client, event, attachment):
    superuser = get_user_model().objects.filter(username="root-xq7").first()
    client.force_login(
        superuser or get_user_model().objects.create_superuser("root-xq7", "", PASSWORD)
    )
    urls = [
        f"/admin/monitoring/event/{event.pk}/change/",
        "/admin/monitoring/event/",
        f"/admin/monitoring/eventattachment/{attachment.pk}/change/",
        "/admin/monitoring/eventattachment/",
        "/admin/audit/auditevent/",
        *(
            f"/admin/audit/auditevent/{pk}/change/"
            for pk in event_trail(event).values_list("pk", flat=True)
        ),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()


def event_trail(event):
    return AuditEvent.objects.filter(action="event", target=str(event.pk))


def test_admin_never_shows_a_restricted_events_reporter_place_or_file_names(client, restricted):
    event, attachment, reporter = restricted
    for url, body in _pages(client, event, attachment):
        for secret in (REGION, CITY, "43.2567", reporter.username, FILE_NAME):
            assert secret not in body, (url, secret)


def test_admin_shows_them_for_an_event_that_is_not_restricted(client, restricted):
    event, attachment, reporter = restricted
    Event.objects.filter(pk=event.pk).update(sensitivity="consortium")
    bodies = dict(_pages(client, event, attachment))
    assert REGION in bodies[f"/admin/monitoring/event/{event.pk}/change/"]
    assert FILE_NAME in bodies[f"/admin/monitoring/eventattachment/{attachment.pk}/change/"]
    attached = event_trail(event).latest("pk")
    assert reporter.username in bodies[f"/admin/audit/auditevent/{attached.pk}/change/"]


def test_admin_lists_cannot_be_filtered_by_what_a_restricted_event_withholds(client, restricted):
    """Django lets a list be filtered by the URL on a model's own fields: a list filtered by the
    reporter, the place or a file's name would tell what the pages withhold."""
    event, attachment, reporter = restricted
    attached = event_trail(event).latest("pk")
    lists = {
        "/admin/monitoring/event/": [
            f"sensitivity=restricted&reporter={reporter.pk}",
            f"reporter__username={reporter.username}",
            f"region={REGION}",
            "city__icontains=Xq7",
            "latitude__gte=43.25",
            "longitude__lte=77",
        ],
        "/admin/audit/auditevent/": [
            f"action=event&actor={reporter.pk}",
            f"actor__username={reporter.username}",
            "after__name__icontains=xq7",
            "before__isnull=True",
        ],
        "/admin/monitoring/eventattachment/": [
            f"uploaded_by={reporter.pk}",
            "name__icontains=xq7",
            f"sha256={attachment.sha256}",
        ],
    }
    list(_pages(client, event, attachment))  # signs the superuser in
    for url, queries in lists.items():
        for query in queries:
            response = client.get(f"{url}?{query}")
            assert response.status_code == 400, (url, query)
            body = response.content.decode()
            for shown in (event.title, f"/{attached.pk}/change/", f"/{attachment.pk}/change/"):
                assert shown not in body, (url, query, shown)


def test_admin_lists_keep_their_own_filters(client, restricted):
    event, attachment, _reporter = restricted
    list(_pages(client, event, attachment))
    queries = [
        "/admin/monitoring/event/?sensitivity=restricted",
        f"/admin/monitoring/event/?country__id__exact={event.country_id}",
        "/admin/monitoring/event/?q=DEMO",
        "/admin/audit/auditevent/?action=event",
        "/admin/audit/auditevent/?cycle__year=2025",
    ]
    for url in queries:
        response = client.get(url)
        assert response.status_code == 200, url
    shown = client.get("/admin/monitoring/event/?sensitivity=restricted").content.decode()
    assert f"/admin/monitoring/event/{event.pk}/change/" in shown


def test_admin_shows_no_digest_of_a_restricted_events_file(client, restricted):
    event, attachment, _reporter = restricted
    bodies = dict(_pages(client, event, attachment))
    assert (
        attachment.sha256
        not in bodies[f"/admin/monitoring/eventattachment/{attachment.pk}/change/"]
    )
    Event.objects.filter(pk=event.pk).update(sensitivity="consortium")
    bodies = dict(_pages(client, event, attachment))
    assert attachment.sha256 in bodies[f"/admin/monitoring/eventattachment/{attachment.pk}/change/"]


def test_a_trail_rows_name_does_not_name_who_acted(restricted):
    """Pages that list rows by their name (the admin's delete confirmation lists the rows that
    protect a person or a country) have no admin annotation saying whom to withhold."""
    event, _attachment, reporter = restricted
    row = event_trail(event).latest("pk")
    assert row.actor == reporter
    assert reporter.username not in str(row)
    assert str(row.summary) in str(row)

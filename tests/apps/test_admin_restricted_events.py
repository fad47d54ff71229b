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
    superuser = get_user_model().objects.create_superuser("root-xq7", "", PASSWORD)
    client.force_login(superuser)
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

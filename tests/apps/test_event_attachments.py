"""Event attachments: who attaches, opens and removes them, what is refused and why, how they
are served (always a download), and that nothing public ever reaches them."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from PIL import Image

from civicspace.audit.models import AuditEvent
from civicspace.countries.models import Country
from civicspace.monitoring import public_selectors
from civicspace.monitoring.attachment_services import attachment_add
from civicspace.monitoring.models import Event, EventAttachment
from civicspace.monitoring.services import EventInput, event_merge, event_record
from tests.apps.crawl import body_of, public_crawl
from tests.apps.helpers import person

pytestmark = pytest.mark.django_db

YESTERDAY = date.today() - timedelta(days=1)
SECRET = "DEMO-ATTACHMENT-SECRET-7Q"


@pytest.fixture(autouse=True)
def private_folder(settings, tmp_path):
    settings.CIVICSPACE_ATTACHMENT_ROOT = tmp_path / "attachments"
    return settings.CIVICSPACE_ATTACHMENT_ROOT


@pytest.fixture
def cast(people):
    member, editor = people
    return {
        "member": member,
        "editor": editor,
        "other-member": person("wanjiru", "member", "KE"),
    }


def png(colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, format="PNG")
    return out.getvalue()


def docx() -> bytes:
    document = Document()
    document.add_paragraph("DEMO: the court's order, as the member received it.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def recorded(member, iso2: str = "KZ", **changes) -> Event:
    data = {
        "title": "DEMO: NGO office raided",
        "event_type": "organisation-suspended",
        "starts_on": YESTERDAY,
        "dimensions": ("1.1",),
        "direction": "deteriorating",
        **changes,
    }
    return event_record(country=Country.objects.get(iso2=iso2), data=EventInput(**data), by=member)


def upload(client, event, data: bytes, name: str):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("monitoring:attachment-upload", args=[event.pk]), {"file": file})


def messages_of(client, response):
    return client.get(response["Location"]).content.decode()


def test_a_member_attaches_a_photo_stored_privately_under_a_random_name(
    client, cast, private_folder
):
    event = recorded(cast["member"])
    client.force_login(cast["member"])
    photo = png()
    response = upload(client, event, photo, "../../etc/raid <photo>.png")
    assert response.status_code == 302
    attachment = EventAttachment.objects.get()
    assert attachment.name.startswith("raid")
    assert attachment.name.endswith(".png")
    assert not set("/<>") & set(attachment.name)
    assert attachment.content_type == "image/png"
    stored = private_folder / attachment.stored_name
    assert stored.read_bytes() == photo
    assert "raid" not in attachment.stored_name
    assert len(attachment.stored_name) >= 32
    assert stored.stat().st_mode & 0o077 == 0
    assert attachment.name in messages_of(client, response)


CASES = [
    # role, may upload, may download, may delete
    ("member", True, True, True),
    ("editor", True, True, True),
    ("other-member", False, False, False),
]


@pytest.mark.parametrize(("role", "uploads", "downloads", "deletes"), CASES)
def test_each_role_attaches_opens_and_removes_only_what_it_may(
    client, cast, role, uploads, downloads, deletes
):
    event = recorded(cast["member"])
    held = attachment_add(event=event, name="photo.png", data=png(), by=cast["member"])
    client.force_login(cast[role])
    response = upload(client, event, png("blue"), "second.png")
    assert (response.status_code, EventAttachment.objects.count()) == (
        (302, 2) if uploads else (404, 1)
    )
    response = client.get(reverse("monitoring:attachment", args=[held.pk]))
    assert response.status_code == (200 if downloads else 404)
    response = client.post(reverse("monitoring:attachment-delete", args=[held.pk]))
    assert response.status_code == (302 if deletes else 404)
    assert EventAttachment.objects.filter(pk=held.pk).exists() is not deletes


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, cast):
    event = recorded(cast["member"])
    held = attachment_add(event=event, name="photo.png", data=png(), by=cast["member"])
    for response in (
        client.get(reverse("monitoring:attachment", args=[held.pk])),
        upload(client, event, png(), "x.png"),
        client.post(reverse("monitoring:attachment-delete", args=[held.pk])),
    ):
        assert response.status_code == 302
        assert "/login" in response["Location"]
    assert EventAttachment.objects.count() == 1


def test_a_download_is_always_an_attachment_in_the_type_its_content_is(
    client, cast, private_folder
):
    event = recorded(cast["member"])
    held = attachment_add(event=event, name="court order.docx", data=docx(), by=cast["member"])
    client.force_login(cast["editor"])
    response = client.get(reverse("monitoring:attachment", args=[held.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="court order.docx"' in response["Content-Disposition"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == (private_folder / held.stored_name).read_bytes()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<!doctype html><script>alert(1)</script>", "report.pdf"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "map.svg"),
        (b"#!/bin/sh\nrm -rf /\n", "photo.jpg"),
    ],
)
def test_a_file_whose_content_is_not_an_accepted_type_is_refused_whatever_its_name(
    client, cast, private_folder, data, name
):
    event = recorded(cast["member"])
    client.force_login(cast["member"])
    response = upload(client, event, data, name)
    assert not EventAttachment.objects.exists()
    page = messages_of(client, response)
    assert "is not a photo, PDF or office document" in page
    assert not private_folder.exists() or not any(private_folder.iterdir())


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(client, cast, settings):
    settings.CIVICSPACE_ATTACHMENT_MAX_BYTES = 1024**2
    event = recorded(cast["member"])
    client.force_login(cast["member"])
    response = upload(client, event, b"%PDF-1.4\n" + b"0" * (1024**2), "big.pdf")
    assert not EventAttachment.objects.exists()
    assert "larger than 1 MB" in messages_of(client, response)


def test_an_event_holds_a_bounded_count_and_total_size_of_files(client, cast, settings):
    settings.CIVICSPACE_ATTACHMENT_MAX_COUNT = 2
    event = recorded(cast["member"])
    client.force_login(cast["member"])
    for colour in ("red", "green"):
        upload(client, event, png(colour), f"{colour}.png")
    response = upload(client, event, png("blue"), "blue.png")
    assert EventAttachment.objects.count() == 2
    assert "at most 2 attachments" in messages_of(client, response)

    settings.CIVICSPACE_ATTACHMENT_MAX_COUNT = 10
    settings.CIVICSPACE_ATTACHMENT_MAX_EVENT_BYTES = sum(a.size for a in event.attachments.all())
    response = upload(client, event, png("blue"), "blue.png")
    assert EventAttachment.objects.count() == 2
    assert "would exceed" in messages_of(client, response)


def test_a_restricted_events_files_reach_the_consortium_without_their_names(client, cast):
    event = recorded(cast["member"], sensitivity="restricted")
    held = attachment_add(
        event=event, name="Aigul at the office.png", data=png(), by=cast["member"]
    )
    client.force_login(cast["editor"])
    page = client.get(reverse("monitoring:event", args=[event.pk])).content.decode()
    assert "Aigul at the office" not in page
    assert "may reveal who reported it" in page
    response = client.get(reverse("monitoring:attachment", args=[held.pk]))
    assert response.status_code == 200
    assert f'filename="attachment-{held.pk}.png"' in response["Content-Disposition"]
    client.force_login(cast["member"])
    page = client.get(reverse("monitoring:event", args=[event.pk])).content.decode()
    assert "Aigul at the office.png" in page


def test_removing_a_file_is_audited_and_deletes_its_bytes(
    client, cast, private_folder, django_capture_on_commit_callbacks
):
    event = recorded(cast["member"])
    held = attachment_add(event=event, name="photo.png", data=png(), by=cast["member"])
    stored = private_folder / held.stored_name
    client.force_login(cast["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:attachment-delete", args=[held.pk]))
    assert not stored.exists()
    rows = AuditEvent.objects.filter(action="event", target=str(event.pk)).order_by("pk")
    attach, detach = [r for r in rows if r.after["change"] in ("attach", "detach")]
    assert (attach.actor, detach.actor) == (cast["member"], cast["editor"])
    assert detach.after["sha256"] == held.sha256
    assert detach.after["name"] == "photo.png"
    page = client.get(reverse("monitoring:event", args=[event.pk])).content.decode()
    assert "Attachment removed" in page


def test_merging_a_duplicate_carries_its_files_to_the_event_it_repeats(cast):
    kept = recorded(cast["member"])
    duplicate = recorded(cast["member"], title="DEMO: the same raid, again")
    held = attachment_add(event=duplicate, name="photo.png", data=png(), by=cast["member"])
    event_merge(duplicate=duplicate, into=kept, by=cast["editor"])
    held.refresh_from_db()
    assert held.event_id == kept.pk


def test_no_public_page_file_or_api_answer_reaches_an_attachment(demo, client):
    """Every public event of the demo gets a file with a marked name and content; a crawl from
    the home page finds neither, nor any link to a file."""
    editor = person("attaching-editor", "editor")
    events = Event.objects.filter(public_selectors.public_event_filter())
    assert events.exists(), "the demo has public events"
    content = b"%PDF-1.4\n% " + SECRET.encode() + b"\n%%EOF\n"
    held = [attachment_add(event=e, name=f"{SECRET}.pdf", data=content, by=editor) for e in events]

    def check(url, response):
        body = body_of(response)
        assert SECRET.encode() not in body, url
        assert b"/workspace/monitoring/attachments/" not in body, url

    seen = public_crawl(client, check)
    assert len(seen) > 40
    response = client.get(reverse("monitoring:attachment", args=[held[0].pk]))
    assert response.status_code == 302  # to the sign-in page


def test_the_public_selectors_never_read_the_attachments_table(demo):
    editor = person("attaching-editor", "editor")
    event = Event.objects.filter(public_selectors.public_event_filter()).first()
    assert event is not None
    attachment_add(event=event, name="photo.png", data=png(), by=editor)
    with CaptureQueriesContext(connection) as queries:
        public_selectors.public_events()
        public_selectors.public_event(event.pk)
        public_selectors.public_alerts()
    table = EventAttachment._meta.db_table
    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if table in q["sql"]]

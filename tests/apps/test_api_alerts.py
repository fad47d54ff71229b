"""Early warning in the API and the open-data files: public alerts and verified public events
only, the same rows in both, filters, 404s, ETags that follow early warning, and no secret of a
consortium-only, restricted, unverified, rejected or merged event (or an unpublished alert) in
any answer or file."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from civicspace.countries.models import Country
from civicspace.monitoring.models import Alert, Event
from civicspace.monitoring.public_selectors import public_alerts, public_events
from civicspace.monitoring.services import (
    EventInput,
    SourceInput,
    VerificationInput,
    event_merge,
    event_record,
    event_transition,
)
from civicspace.publishing.early_warning_data import ALERT_COLUMNS, EVENT_COLUMNS

pytestmark = pytest.mark.django_db

ANSWERS = {"scale": 3, "scope": 3, "irreversibility": 2}


def an_event(marker: str, **changes) -> EventInput:
    """An event with `marker` in every text a reporter writes."""
    data = EventInput(
        title=f"DEMO: march dispersed {marker}",
        event_type="assembly-banned",
        starts_on=date.today() - timedelta(days=20),
        dimensions=("1.2",),
        direction="deteriorating",
        description=f"Police dispersed a march {marker}.",
        actors_detail=f"riot police {marker}",
        affected_groups=f"students {marker}",
        region=f"Region {marker}",
        city=f"City {marker}",
        sources=(
            SourceInput(f"Report {marker}", f"https://example.org/{marker}", f"News {marker}"),
        ),
    )
    return dataclasses.replace(data, **changes)


def verify(event, editor, note=""):
    return event_transition(
        event=event,
        action="verify",
        by=editor,
        verification=VerificationInput(ANSWERS, [s.pk for s in event.sources.all()], note),
    )


@pytest.fixture
def seeded(people):
    """Kazakhstan's events in every state and sensitivity, each secret one with its own marker,
    and alerts in every state and audience. Returns (public event, public alert, markers)."""
    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    markers: list[str] = []

    def recorded(marker, **changes):
        markers.append(marker)
        return event_record(country=kz, data=an_event(marker, **changes), by=member)

    for sensitivity in ("consortium", "restricted"):
        verify(recorded(f"SECRET-verified-{sensitivity}", sensitivity=sensitivity), editor)
    for sensitivity in ("public", "consortium", "restricted"):
        recorded(f"SECRET-submitted-{sensitivity}", sensitivity=sensitivity)
        event_transition(
            event=recorded(f"SECRET-verifying-{sensitivity}", sensitivity=sensitivity),
            action="start-verifying",
            by=editor,
        )
        for action in ("reject", "request-information"):
            event_transition(
                event=recorded(f"SECRET-{action}-{sensitivity}", sensitivity=sensitivity),
                action=action,
                by=editor,
                reason=f"reason SECRET-reason-{action}-{sensitivity}",
            )
    markers += [
        f"SECRET-reason-{action}-{sensitivity}"
        for action in ("reject", "request-information")
        for sensitivity in ("public", "consortium", "restricted")
    ]
    public = verify(
        event_record(
            country=kz,
            data=dataclasses.replace(
                an_event("public-one"),
                actors_detail="riot police SECRET-actors-detail",
                dimensions=("1.2", "1.3"),
            ),
            by=member,
        ),
        editor,
        note="checked by SECRET-verification-note",
    )
    markers += ["SECRET-actors-detail", "SECRET-verification-note"]
    # A merged duplicate's sources join the event it repeats; its own words stay unpublished.
    duplicate = event_record(
        country=kz,
        data=dataclasses.replace(
            an_event("merged-duplicate"),
            title="DEMO: SECRET-merged-title",
            description="SECRET-merged-description",
        ),
        by=member,
    )
    event_merge(duplicate=verify(duplicate, editor), into=public, by=editor)
    markers += ["SECRET-merged-title", "SECRET-merged-description"]
    restricted = Event.objects.get(title__contains="SECRET-verified-restricted")

    Alert.objects.all().delete()  # what the rules proposed: the alerts below are the test's own
    first = public.starts_on

    def alert(marker, state, audience):
        made = Alert.objects.create(
            country=kz,
            rule="trend-dimension",
            subject="1.2",
            direction="deteriorating",
            first_on=first,
            last_on=first,
            state=state,
            audience=audience,
            summary=f"Summary {marker}",
            recommended_response=f"Response {marker}",
        )
        made.events.set([public, restricted])
        return made

    for state, audience in (
        ("proposed", "public"),
        ("dismissed", "public"),
        ("confirmed", "consortium"),
        ("confirmed", "donors"),
        ("closed", "donors"),
    ):
        markers.append(f"SECRET-alert-{state}-{audience}")
        alert(markers[-1], state, audience)
    published = alert("public-alert", "confirmed", "public")
    markers.append(member.get_username())  # no reporter is ever named
    return public, published, markers


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def test_the_api_serves_the_public_event_and_alert_as_the_files_do(seeded, client):
    public, published, _ = seeded
    events = get(client, "/api/v1/events")["items"]
    assert [e["event_id"] for e in events] == [public.pk]
    event = events[0]
    assert [k for k in event if k not in ("sources", "url")] == list(EVENT_COLUMNS)
    assert event["dimensions"] == "1.2;1.3"
    assert event["alert_ids"] == str(published.pk)
    assert event["impact"] == public.impact
    # the merged duplicate's source came with it
    assert len(event["sources"]) == event["source_count"] == 2
    assert get(client, event["url"].removeprefix("http://testserver")) == event

    rows = list(csv.DictReader(io.StringIO(client.get("/data/events.csv").content.decode())))
    assert [r["event_id"] for r in rows] == [str(public.pk)]
    assert rows[0]["title"] == event["title"]
    sources = list(
        csv.DictReader(io.StringIO(client.get("/data/event-sources.csv").content.decode()))
    )
    assert [s["url"] for s in sources] == [s["url"] for s in event["sources"]]
    assert rows[0]["source_urls"] == " ".join(s["url"] for s in event["sources"])

    alerts = get(client, "/api/v1/alerts")["items"]
    assert [a["alert_id"] for a in alerts] == [published.pk]
    assert [k for k in alerts[0] if k != "url"] == list(ALERT_COLUMNS)
    detail = get(client, f"/api/v1/alerts/{published.pk}")
    # its restricted event is not shown, nor counted
    assert [e["event_id"] for e in detail["events"]] == [public.pk]
    assert detail["event_ids"] == str(public.pk)
    alert_csv = list(csv.DictReader(io.StringIO(client.get("/data/alerts.csv").content.decode())))
    assert [(r["alert_id"], r["summary"]) for r in alert_csv] == [
        (str(published.pk), published.summary)
    ]


def test_filters_narrow_and_bad_ones_are_refused(seeded, client):
    public, published, _ = seeded
    day = public.starts_on

    def ids(url):
        return [i.get("event_id", i.get("alert_id")) for i in get(client, url)["items"]]

    assert ids("/api/v1/events?country=kz") == [public.pk]
    assert ids("/api/v1/events?country=KE") == []
    assert ids("/api/v1/events?dimension=1.3") == [public.pk]
    assert ids("/api/v1/events?dimension=1.1") == []
    assert ids("/api/v1/events?direction=improving") == []
    assert ids(f"/api/v1/events?from={day}&to={day}") == [public.pk]
    assert ids(f"/api/v1/events?from={day + timedelta(days=1)}") == []
    assert ids(f"/api/v1/events?to={day - timedelta(days=1)}") == []
    assert ids(f"/api/v1/alerts?since={day}&country=KZ") == [published.pk]
    assert ids(f"/api/v1/alerts?since={day + timedelta(days=1)}") == []
    for bad in (
        "events?country=KAZ",
        "events?dimension=P1",
        "events?direction=sideways",
        "events?from=yesterday",
        "alerts?since=2025-13-01",
        "events?to=0",  # a number is not read as seconds since 1970
        "alerts?since=1735689600",
        "events?page=0",
    ):
        assert client.get(f"/api/v1/{bad}").status_code == 422, bad


def test_an_event_or_alert_that_is_not_public_is_not_found(seeded, client):
    public, published, _ = seeded
    for event in Event.objects.exclude(pk=public.pk):
        assert client.get(f"/api/v1/events/{event.pk}").status_code == 404
    for alert in Alert.objects.exclude(pk=published.pk):
        assert client.get(f"/api/v1/alerts/{alert.pk}").status_code == 404
    assert client.get("/api/v1/events/999999").status_code == 404
    assert client.get("/api/v1/events?page=2").status_code == 404


def test_no_answer_or_file_holds_what_is_not_public(seeded, client, monkeypatch):
    from civicspace.publishing import api

    monkeypatch.setattr(api.throttle, "num_requests", 10_000)
    public, published, markers = seeded
    answers = {
        url: client.get(url).content
        for url in (
            "/api/v1/",
            "/api/v1/events",
            "/api/v1/events?country=KZ&dimension=1.2",
            f"/api/v1/events/{public.pk}",
            "/api/v1/alerts",
            f"/api/v1/alerts/{published.pk}",
            "/api/v1/codebook",
            "/data/",
            "/data/codebook.csv",
            *(f"/data/events.{fmt}" for fmt in ("csv", "xlsx", "json")),
            *(f"/data/alerts.{fmt}" for fmt in ("csv", "xlsx", "json")),
            "/data/event-sources.csv",
        )
    }
    for url, content in answers.items():
        if url.endswith(".xlsx"):
            book = load_workbook(io.BytesIO(content))
            content = json.dumps(
                [list(s.iter_rows(values_only=True)) for s in book.worksheets], default=str
            ).encode()
        text = content.decode()
        if "events" in url or "alerts" in url:
            assert "public-one" in text or "public-alert" in text, url  # not an empty answer
        for marker in markers:
            assert marker not in text, (url, marker)


def test_answers_are_revalidated_until_early_warning_changes(seeded, client, people):
    _public, published, _ = seeded
    first = client.get("/api/v1/events")
    etag = first["ETag"]
    assert client.get("/api/v1/events", HTTP_IF_NONE_MATCH=etag).status_code == 304
    member, editor = people
    newer = event_record(
        country=Country.objects.get(iso2="KZ"), data=an_event("newly-verified"), by=member
    )
    verify(newer, editor)
    changed = client.get("/api/v1/events", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert newer.pk in [e["event_id"] for e in changed.json()["items"]]
    Alert.objects.filter(pk=published.pk).update(audience="consortium")
    assert client.get("/api/v1/alerts").json()["items"] == []


def test_the_api_and_files_read_the_public_selectors_only(seeded):
    """The rows are the selectors' public events and alerts, nothing added."""
    from civicspace.publishing.early_warning_data import alert_rows, event_rows

    assert [r["event_id"] for r in event_rows()] == [e.id for e in public_events()]
    assert [r["alert_id"] for r in alert_rows()] == [a.id for a in public_alerts()]


def test_the_data_page_links_every_early_warning_file(seeded, client):
    page = client.get("/data/").content.decode()
    for name in ("events.csv", "events.xlsx", "events.json", "event-sources.csv", "alerts.csv"):
        assert f"/data/{name}" in page
    book = load_workbook(io.BytesIO(client.get("/data/events.xlsx").content))
    assert book.sheetnames == ["events", "event-sources", "codebook", "licence"]
    codebook = list(csv.DictReader(io.StringIO(client.get("/data/codebook.csv").content.decode())))
    assert [r["column"] for r in codebook if r["file"] == "events"] == list(EVENT_COLUMNS)
    assert [r["column"] for r in codebook if r["file"] == "alerts"] == list(ALERT_COLUMNS)
    assert client.get("/data/events.csv?country=KAZ").status_code == 400
    assert client.get("/data/event-sources.json").status_code == 404
    assert client.get("/data/panelists.csv").status_code == 404


def test_demo_rows_say_they_are_demo(demo, client):
    events = get(client, "/api/v1/events?page_size=5000")["items"]
    assert events, "the demo has public events"
    assert all(e["demo"] for e in events)
    document = client.get("/data/events.json").json()
    assert "notice" in document

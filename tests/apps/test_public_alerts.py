"""The public face of early warning: the alerts list, alert and event pages, the Atom feed and
the country pages' timeline show public alerts and public verified events, and nothing else."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import time
from datetime import date, timedelta
from xml.etree import ElementTree as ET

import pytest
from django.utils.formats import date_format

from civicspace.core.framework import load_edition
from civicspace.countries.models import Country
from civicspace.demo.reports import demo_editor
from civicspace.monitoring.alert_services import alert_edit, alert_transition
from civicspace.monitoring.models import Alert, Event
from civicspace.monitoring.public_selectors import public_alerts
from civicspace.monitoring.services import (
    EventInput,
    SourceInput,
    VerificationInput,
    event_merge,
    event_record,
    event_transition,
)
from tests.apps.crawl import public_crawl
from tests.apps.helpers import person

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}
HIGH = {"scale": 5, "scope": 4, "irreversibility": 4}
LOW = {"scale": 2, "scope": 2, "irreversibility": 2}
SECRET = "EARLY-WARNING-SECRET"


def is_public_alert(alert: Alert) -> bool:
    return alert.audience == "public" and alert.state in ("confirmed", "closed")


def is_public_event(event: Event) -> bool:
    return event.state == "verified" and event.sensitivity == "public" and not event.merged_into_id


def an_event(title: str, days_ago: int = 10, **changes) -> EventInput:
    data = EventInput(
        title=title,
        event_type="assembly-banned",
        starts_on=date.today() - timedelta(days=days_ago),
        dimensions=("1.2",),
        direction="deteriorating",
        description="Police *dispersed* a march. <script>alert(1)</script>",
        city="Almaty",
        sources=(SourceInput("Public report", "https://example.org/a", "Example News"),),
    )
    return dataclasses.replace(data, **changes)


def verify(event: Event, editor, answers=LOW) -> Event:
    return event_transition(
        event=event,
        action="verify",
        by=editor,
        verification=VerificationInput(answers, [s.pk for s in event.sources.all()]),
    )


def text(element: ET.Element, tag: str) -> str:
    return element.findtext(f"a:{tag}", default="", namespaces=ATOM)


def entries(client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall("a:entry", ATOM)


def test_the_alerts_list_shows_the_public_alerts_newest_first_with_demo_labels(demo, client):
    public = [a for a in Alert.objects.select_related("country") if is_public_alert(a)]
    hidden = [a for a in Alert.objects.all() if not is_public_alert(a)]
    assert public, "the demo has public alerts"
    assert hidden, "and others"
    assert {a.state for a in public} == {"confirmed", "closed"}
    page = client.get("/alerts/").content.decode()
    positions = [page.index(f'href="/alerts/{a.pk}/"') for a in public]
    newest_first = sorted(public, key=lambda a: (a.last_on, a.pk), reverse=True)
    assert sorted(positions) == [page.index(f'href="/alerts/{a.pk}/"') for a in newest_first]
    for alert in hidden:
        assert f'href="/alerts/{alert.pk}/"' not in page
    assert page.count('class="demo-label"') >= len(public)
    assert '<link rel="alternate" type="application/atom+xml" href="/alerts/feed.atom"' in page
    one = public[0].country
    narrowed = client.get(f"/alerts/?country={one.iso2.lower()}").content.decode()
    shown = re.findall(r'href="/alerts/(\d+)/"', narrowed)
    assert shown == [str(a.pk) for a in newest_first if a.country == one]
    assert 'href="/alerts/GE/feed.atom"' not in narrowed
    assert f'href="/alerts/{one.iso2}/feed.atom"' in narrowed
    everything = re.findall(
        r'href="/alerts/(\d+)/"', client.get("/alerts/?country=XX").content.decode()
    )
    assert len(everything) == len(public)  # an unknown choice is ignored, not an error


def test_an_alert_page_shows_its_wording_safely_and_only_its_public_events(people, client):
    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    shown = verify(
        event_record(country=kz, data=an_event("Rally dispersed"), by=member), editor, HIGH
    )
    alert = Alert.objects.get()
    hidden = event_record(
        country=kz, data=an_event(f"{SECRET} hidden", sensitivity="restricted"), by=member
    )
    verify(hidden, editor, LOW)
    alert.events.add(hidden)
    alert_edit(
        alert=alert,
        by=editor,
        summary="A **serious** setback. <script>alert(1)</script>",
        recommended_response="Call the [delegation](https://example.org/d).",
        audience="public",
    )
    assert client.get(f"/alerts/{alert.pk}/").status_code == 404  # proposed
    alert_transition(alert=alert, action="confirm", by=editor)
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert "<strong>serious</strong>" in page
    assert "<script>alert" not in page
    assert 'href="https://example.org/d" rel="noopener noreferrer nofollow"' in page
    assert f'href="/alerts/events/{shown.pk}/"' in page
    assert "Public report" in page  # its source, with its publisher
    assert "Example News" in page
    assert "1.2 " + load_edition(alert.edition).dimensions["1.2"].name in page
    assert "Kazakhstan" in page
    assert "deteriorating" in page
    assert SECRET not in page
    assert client.get(f"/alerts/events/{hidden.pk}/").status_code == 404
    event_page = client.get(f"/alerts/events/{shown.pk}/").content.decode()
    assert "<em>dispersed</em>" in event_page
    assert "<script>alert" not in event_page
    assert f'href="/alerts/{alert.pk}/"' in event_page  # the alert it is part of
    russian = client.get(f"/ru/alerts/{alert.pk}/").content.decode()  # the address decides
    assert "Казахстан" in russian
    assert "Kazakhstan" not in russian


def test_every_alert_and_event_number_is_a_404_unless_it_is_public(demo, client):
    for alert in Alert.objects.all():
        status = client.get(f"/alerts/{alert.pk}/").status_code
        assert status == (200 if is_public_alert(alert) else 404), alert
    for event in Event.objects.all():
        status = client.get(f"/alerts/events/{event.pk}/").status_code
        assert status == (200 if is_public_event(event) else 404), event
    assert client.get("/alerts/999999/").status_code == 404


def test_the_feed_holds_every_public_alert_with_stable_ids_and_dates(demo, client):
    public = {a.pk: a for a in Alert.objects.select_related("country") if is_public_alert(a)}
    first = entries(client, "/alerts/feed.atom")
    ids = [text(e, "id") for e in first]
    assert ids == [text(e, "id") for e in entries(client, "/alerts/feed.atom")]
    assert sorted(ids) == sorted(f"http://testserver/alerts/{pk}/" for pk in public)
    for entry in first:
        pk = int(text(entry, "id").rstrip("/").rsplit("/", 1)[1])
        alert = public[pk]
        assert entry.find("a:link", ATOM).get("href") == f"http://testserver/alerts/{pk}/"
        assert text(entry, "updated") >= entry.findtext("a:published", namespaces=ATOM)
        assert alert.country.name in text(entry, "title")
        assert text(entry, "title").startswith("DEMO")
        content = text(entry, "content")
        assert alert.summary.removeprefix("DEMO: ")[:30] in content
    feed = ET.fromstring(client.get("/alerts/feed.atom").content)
    assert text(feed, "updated") == max(text(e, "updated") for e in first)
    self_link = feed.find("a:link[@rel='self']", ATOM)
    assert self_link.get("href") == "http://testserver/alerts/feed.atom"


def test_a_country_feed_holds_that_country_only_and_unknown_countries_are_404(demo, client):
    public = [a for a in Alert.objects.select_related("country") if is_public_alert(a)]
    iso2 = public[0].country.iso2
    theirs = sorted(f"http://testserver/alerts/{a.pk}/" for a in public if a.country.iso2 == iso2)
    for url in (f"/alerts/{iso2}/feed.atom", f"/alerts/feed.atom?country={iso2.lower()}"):
        assert sorted(text(e, "id") for e in entries(client, url)) == theirs
    assert entries(client, "/alerts/KG/feed.atom") == []  # a programme country with no alert
    empty = ET.fromstring(client.get("/alerts/KG/feed.atom").content)
    assert Country.objects.get(iso2="KG").name in text(empty, "title")
    assert client.get("/alerts/ZZ/feed.atom").status_code == 404


def test_a_dismissed_or_donors_alert_leaves_the_feed_and_the_confirmation_adds_it(people, client):
    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    verify(event_record(country=kz, data=an_event("First"), by=member), editor, HIGH)
    verify(event_record(country=kz, data=an_event("Second", 40), by=member), editor, HIGH)
    donors, public = Alert.objects.order_by("pk")
    alert_edit(
        alert=donors, by=editor, summary="For donors", recommended_response="", audience="donors"
    )
    alert_transition(alert=donors, action="confirm", by=editor)
    assert entries(client, "/alerts/feed.atom") == []
    alert_edit(
        alert=public, by=editor, summary="For all", recommended_response="", audience="public"
    )
    alert_transition(alert=public, action="confirm", by=editor)
    (entry,) = entries(client, "/alerts/feed.atom")
    assert text(entry, "id") == f"http://testserver/alerts/{public.pk}/"
    before = text(entry, "updated")
    alert_transition(alert=public, action="close", by=editor)
    (closed,) = entries(client, "/alerts/feed.atom")
    assert text(closed, "updated") >= before
    assert "closed" in text(closed, "content")


def test_the_country_page_shows_its_public_alerts_and_events_beside_the_scores(demo, client):
    public_events = [e for e in Event.objects.select_related("country") if is_public_event(e)]
    countries = {e.country.iso2 for e in public_events}
    shown_somewhere = False
    for iso2 in countries:
        response = client.get(f"/countries/{iso2}/")
        if response.status_code == 404:
            continue  # no published report, so no country page
        shown_somewhere = True
        page = response.content.decode()
        assert page.index("early-warning-heading") < page.index("history-heading")
        for event in Event.objects.filter(country__iso2=iso2):
            assert (f'href="/alerts/events/{event.pk}/"' in page) is is_public_event(event)
        for alert in Alert.objects.filter(country__iso2=iso2):
            assert (f'href="/alerts/{alert.pk}/"' in page) is is_public_alert(alert)
        assert f'href="/alerts/{iso2}/feed.atom"' in page
    assert shown_somewhere


def _secrets_seeded(demo) -> tuple[Alert, Event]:
    """Marked text in every kind of event and alert the public must not see, and one public
    alert that holds a restricted event; returns that alert and its public event."""
    kz = Country.objects.get(iso2="KZ")
    member, editor = person("secret-member", "member", "KZ"), demo_editor()

    def recorded(label: str, **changes) -> Event:
        marked = f"{SECRET} {label}"
        data = an_event(
            f"{marked} title",
            description=f"{marked} description",
            region=f"{marked} region",
            city=f"{marked} city",
            actors_detail=f"{marked} actors",
            affected_groups=f"{marked} groups",
            sources=(SourceInput(f"{marked} source", f"https://example.org/{label}"),),
            **changes,
        )
        return event_record(country=kz, data=data, by=member)

    verify(recorded("restricted", sensitivity="restricted"), editor, LOW)
    verify(recorded("consortium", sensitivity="consortium", days_ago=200), editor, LOW)
    recorded("unverified")
    rejected = recorded("rejected")
    event_transition(event=rejected, action="start-verifying", by=editor)
    event_transition(event=rejected, action="reject", by=editor, reason=f"{SECRET} reason")
    kept = verify(event_record(country=kz, data=an_event("Kept", 300), by=member), editor, LOW)
    duplicate = event_record(
        country=kz,
        data=an_event(f"{SECRET} merged title", 300, description=f"{SECRET} merged description"),
        by=member,
    )
    verify(duplicate, editor, LOW)
    event_merge(duplicate=duplicate, into=kept, by=editor)
    # One alert of each hidden kind, each from a high-impact event of its own (in dimensions
    # and years apart, so that no trend joins them).
    hidden_kinds = [
        ("public", []),
        ("public", ["dismiss"]),
        ("consortium", ["confirm"]),
        ("donors", ["confirm"]),
        ("donors", ["confirm", "close"]),
    ]
    for n, (audience, actions) in enumerate(hidden_kinds):
        high = an_event(f"High {n}", 400 + 100 * n, dimensions=(f"{n + 1}.1",))
        verify(event := event_record(country=kz, data=high, by=member), editor, HIGH)
        alert = Alert.objects.get(events=event)
        alert_edit(
            alert=alert,
            by=editor,
            summary=f"{SECRET} summary {n}",
            recommended_response=f"{SECRET} response {n}",
            audience=audience,
        )
        for action in actions:
            alert_transition(alert=alert, action=action, by=editor, reason=f"{SECRET} why")
    # A public alert that also holds the restricted event: the alert is public, that event not.
    public_event = event_record(
        country=kz, data=an_event("Public one", 1000, dimensions=("6.1",)), by=member
    )
    verify(public_event, editor, HIGH)
    alert = Alert.objects.get(events=public_event)
    alert.events.add(*Event.objects.filter(title__contains="restricted"))
    alert_edit(alert=alert, by=editor, summary="Public", recommended_response="", audience="public")
    alert_transition(alert=alert, action="confirm", by=editor)
    return alert, public_event


def test_no_restricted_unverified_or_unpublished_early_warning_text_is_reachable(demo, client):
    """Every page, file, feed and API answer a visitor reaches from the home page: no marked
    text of restricted, consortium-only, unverified, rejected or merged events, or of proposed,
    dismissed, consortium or donors alerts."""
    alert, event = _secrets_seeded(demo)

    def check(url, response):
        assert SECRET not in response.content.decode("utf-8", errors="replace"), url

    seen = public_crawl(client, check)
    assert {
        "/alerts/",
        "/alerts/feed.atom",
        "/alerts/KZ/feed.atom",
        f"/alerts/{alert.pk}/",
        f"/alerts/events/{event.pk}/",
    } <= seen
    for hidden in Event.objects.filter(title__contains=SECRET):
        assert f"/alerts/events/{hidden.pk}/" not in seen
        assert client.get(f"/alerts/events/{hidden.pk}/").status_code == 404


def test_a_public_event_page_names_its_dimensions_beside_their_codes(people, client):
    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    event = verify(
        event_record(country=kz, data=an_event("Named", dimensions=("1.2", "5.1")), by=member),
        editor,
    )
    edition = load_edition(event.edition)
    named = "; ".join(f"{code} {edition.dimensions[code].name}" for code in ("1.2", "5.1"))
    for prefix in ("", "/ru"):
        page = client.get(f"{prefix}/alerts/events/{event.pk}/").content.decode()
        assert f"<dd>{named}</dd>" in page, prefix


# --- A public alert's dates are those of its public events -------------------------------------


def _trend_alert(people, sensitivities: dict[int, str]) -> Alert:
    """A dimension trend (3 low-impact events within 90 days) found by the rule as each event is
    verified, confirmed for the public: events `days_ago` -> sensitivity."""
    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    for days_ago, sensitivity in sensitivities.items():
        data = an_event(f"Trend {days_ago}", days_ago, sensitivity=sensitivity)
        verify(event_record(country=kz, data=data, by=member), editor, LOW)
    alert = Alert.objects.get(rule="dimension-trend")
    alert_edit(
        alert=alert, by=editor, summary="A trend", recommended_response="", audience="public"
    )
    alert_transition(alert=alert, action="confirm", by=editor)
    return alert


def _day_written(days_ago: int) -> list[str]:
    """A day as the public pages, feed, API and files would write it."""
    day = date.today() - timedelta(days=days_ago)
    return [day.isoformat(), date_format(day, "Y-m-d"), date_format(day), date_format(day, "j E")]


def _public_answers(client, alert: Alert) -> dict[str, str]:
    """The alert on every public surface: its page (English and Russian), the list, the feeds,
    the API and the open-data files."""
    urls = [
        f"/alerts/{alert.pk}/",
        f"/ru/alerts/{alert.pk}/",
        "/alerts/",
        "/alerts/feed.atom",
        "/alerts/KZ/feed.atom",
        "/api/v1/alerts",
        "/api/v1/alerts?since=2000-01-01",
        f"/api/v1/alerts/{alert.pk}",
        "/data/alerts.csv",
        "/data/alerts.json",
    ]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = response.content.decode()
    return answers


def test_a_public_alert_shows_the_span_of_its_public_events_only(people, client):
    public, restricted, consortium = 60, 40, 10  # days ago; the hidden ones are the later
    alert = _trend_alert(
        people, {public: "public", restricted: "restricted", consortium: "consortium"}
    )
    assert alert.last_on == date.today() - timedelta(days=consortium)  # the rule saw them all
    answers = _public_answers(client, alert)
    for url, answer in answers.items():
        for hidden in (restricted, consortium):
            for written in _day_written(hidden):
                assert written not in answer, (url, written)
    shown = (date.today() - timedelta(days=public)).isoformat()
    page = answers[f"/alerts/{alert.pk}/"]
    assert f'<time datetime="{shown}">{shown}</time> – <time datetime="{shown}">' in page
    (row,) = json.loads(answers["/data/alerts.json"])["rows"]
    assert (row["first_on"], row["last_on"]) == (shown, shown)
    (listed,) = json.loads(answers["/api/v1/alerts"])["items"]
    assert (listed["first_on"], listed["last_on"]) == (shown, shown)
    since_hidden = (date.today() - timedelta(days=restricted)).isoformat()
    assert json.loads(client.get(f"/api/v1/alerts?since={since_hidden}").content)["items"] == []
    csv_rows = list(csv.DictReader(io.StringIO(answers["/data/alerts.csv"])))
    assert (csv_rows[0]["first_on"], csv_rows[0]["last_on"]) == (shown, shown)


def test_an_alert_without_a_public_event_withholds_its_dates_everywhere(people, client):
    days = {30: "restricted", 20: "consortium", 15: "restricted"}
    alert = _trend_alert(people, days)
    answers = _public_answers(client, alert)
    for url, answer in answers.items():
        for days_ago in days:
            for written in _day_written(days_ago):
                assert written not in answer, (url, written)
    for prefix, words in (("", "dates withheld"), ("/ru", "даты не раскрываются")):
        page = answers[f"{prefix}/alerts/{alert.pk}/"]
        assert words in page, prefix
        assert "<time" not in page.split("Period" if not prefix else "Период")[1].split("</dd>")[0]
    assert "dates withheld" in answers["/alerts/"]
    assert "dates withheld" in answers["/alerts/feed.atom"]
    (row,) = json.loads(answers["/data/alerts.json"])["rows"]
    assert (row["first_on"], row["last_on"]) == (None, None)
    answer = json.loads(answers[f"/api/v1/alerts/{alert.pk}"])
    assert (answer["first_on"], answer["last_on"], answer["events"]) == (None, None, [])
    assert json.loads(answers["/api/v1/alerts"])["items"][0]["last_on"] is None
    assert json.loads(answers["/api/v1/alerts?since=2000-01-01"])["items"] == []
    (csv_row,) = csv.DictReader(io.StringIO(answers["/data/alerts.csv"]))
    assert csv_row["first_on"] == csv_row["last_on"] == ""


def test_the_feed_is_not_updated_when_a_rule_adds_only_a_hidden_event(people, client):
    member, editor = people
    alert = _trend_alert(people, {60: "public", 50: "public", 45: "public"})
    (entry,) = entries(client, "/alerts/feed.atom")
    before = text(entry, "updated")
    kz = Country.objects.get(iso2="KZ")
    time.sleep(0.01)  # a later time, however fine the clock
    hidden = an_event("Later hidden", 30, sensitivity="restricted")
    verify(event_record(country=kz, data=hidden, by=member), editor, LOW)
    assert alert.events.count() == 4  # the rule added it to the open alert
    (entry,) = entries(client, "/alerts/feed.atom")
    assert text(entry, "updated") == before
    verify(event_record(country=kz, data=an_event("Later public", 25), by=member), editor, LOW)
    (entry,) = entries(client, "/alerts/feed.atom")
    assert text(entry, "updated") > before


def test_public_alerts_are_ordered_by_their_public_dates(people, client):
    # Ordered by all its events' dates, alert A (a hidden event 115 days ago) would come before
    # B (160 days ago), and so hint at an event it does not show.
    member, editor = people
    kz = Country.objects.get(iso2="KZ")
    for days_ago, dimension, sensitivity in (
        (200, "1.2", "public"),
        (190, "1.2", "public"),
        (115, "1.2", "restricted"),
        (170, "2.2", "public"),
        (165, "2.2", "public"),
        (160, "2.2", "public"),
    ):
        data = an_event(f"Event {days_ago}", days_ago, dimensions=(dimension,))
        data = dataclasses.replace(data, sensitivity=sensitivity)
        verify(event_record(country=kz, data=data, by=member), editor, LOW)
    trends = Alert.objects.filter(rule="dimension-trend")
    for alert in trends:
        alert_edit(
            alert=alert, by=editor, summary="A trend", recommended_response="", audience="public"
        )
        alert_transition(alert=alert, action="confirm", by=editor)
    a, b = trends.get(subject="1.2"), trends.get(subject="2.2")
    assert a.last_on > b.last_on  # what the rule saw
    assert [found.id for found in public_alerts() if found.id in (a.pk, b.pk)] == [b.pk, a.pk]
    page = client.get("/alerts/").content.decode()
    assert page.index(f"/alerts/{b.pk}/") < page.index(f"/alerts/{a.pk}/")

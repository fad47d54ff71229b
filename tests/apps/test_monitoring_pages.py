"""Early-warning workspace pages: each role sees and does what it may, bad input is never a 500,
and a restricted event's organisation and place reach only its own country's members."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from civicspace.core.framework import load_edition
from civicspace.countries.models import Country
from civicspace.countries.services import network_member_set
from civicspace.monitoring.models import Alert, Event
from civicspace.monitoring.services import EventInput, SourceInput, event_record
from tests.apps.helpers import person

pytestmark = pytest.mark.django_db

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def cast(people):
    member, editor = people
    return {
        "member": member,
        "editor": editor,
        "other-member": person("wanjiru", "member", "KE"),
        "stranger": person("nobody", "member", "TN"),
    }


def signed_in(client, user):
    client.force_login(user)
    return client


def recorded(member, **changes) -> Event:
    data = {
        "title": "DEMO: NGO office raided",
        "event_type": "organisation-suspended",
        "starts_on": YESTERDAY,
        "dimensions": ("1.1",),
        "direction": "deteriorating",
        "region": "Almaty Region",
        "city": "Talgar",
        "sources": (SourceInput("Raid report", "https://example.org/raid", "Example"),),
        **changes,
    }
    return event_record(country=Country.objects.get(iso2="KZ"), data=EventInput(**data), by=member)


def form_post(**fields):
    data = {
        "title": "DEMO: march dispersed",
        "event_type": "assembly-banned",
        "starts_on": YESTERDAY.isoformat(),
        "dimensions": ["1.2"],
        "direction": "deteriorating",
        "actor": "state",
        "sensitivity": "public",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-0-title": "Witness account",
        "sources-0-kind": "first-hand",
    }
    data.update(fields)
    return data


def test_a_member_records_an_event_in_the_browser_and_sees_it_in_the_list(client, cast):
    signed_in(client, cast["member"])
    response = client.post(reverse("monitoring:event-new", args=["KZ"]), form_post())
    event = Event.objects.get()
    assert response.status_code == 302
    assert (event.title, event.sources.get().kind) == ("DEMO: march dispersed", "first-hand")
    assert "DEMO: march dispersed" in client.get(reverse("monitoring:events")).content.decode()


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"starts_on": "yesterday"}, "Enter a valid date"),
        ({"dimensions": ["9.9"]}, "9.9 is not one of the available choices"),
        ({"event_type": "picnic"}, "picnic is not one of the available choices"),
        ({"latitude": "43.2"}, "Give both coordinates, or neither."),
        ({"starts_on": (date.today() + timedelta(days=3)).isoformat()}, "ahead"),
        ({"sources-TOTAL_FORMS": "x"}, "ManagementForm data is missing or has been tampered with"),
    ],
)
def test_bad_event_input_is_shown_on_the_form_and_nothing_is_stored(client, cast, fields, problem):
    signed_in(client, cast["member"])
    response = client.post(reverse("monitoring:event-new", args=["KZ"]), form_post(**fields))
    assert response.status_code == 200
    assert problem in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("member", 200), ("editor", 404), ("other-member", 404), (None, 302)]
)
def test_only_the_countrys_member_opens_the_form_to_record_an_event(client, cast, role, status):
    if role:
        signed_in(client, cast[role])
    assert client.get(reverse("monitoring:event-new", args=["KZ"])).status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("member", 200), ("editor", 200), ("other-member", 404), (None, 302)]
)
def test_an_event_page_is_for_its_country_and_the_consortium(client, cast, role, status):
    event = recorded(cast["member"])
    if role:
        signed_in(client, cast[role])
    assert client.get(reverse("monitoring:event", args=[event.pk])).status_code == status


@pytest.mark.parametrize(
    "url",
    [
        "/workspace/monitoring/events/999999/",
        "/workspace/monitoring/events/999999/edit/",
        "/workspace/monitoring/events/new/XX/",
        "/workspace/monitoring/alerts/999999/",
        "/workspace/monitoring/events/?state=nonsense&country=%00",
    ],
)
def test_unknown_ids_and_filters_are_404_or_ignored_never_500(client, cast, url):
    signed_in(client, cast["editor"])
    assert client.get(url).status_code in (200, 404)


def test_a_malformed_decision_is_a_400_and_changes_nothing(client, cast):
    event = recorded(cast["member"])
    signed_in(client, cast["editor"])
    url = reverse("monitoring:event-decide", args=[event.pk])
    assert client.post(url, {"action": "teleport"}).status_code == 400
    assert client.post(url, {"action": "verify", "rubric_scale": "9"}).status_code == 200
    assert Event.objects.get().state == "submitted"


# Every event and alert transition, for every role: who may, and that others are refused.
EVENT_MATRIX = [
    ("start-verifying", "submitted", {"editor"}),
    ("verify", "verifying", {"editor"}),
    ("reject", "verifying", {"editor"}),
    ("request-information", "submitted", {"editor"}),
    ("resubmit", "more-information", {"member"}),
]


@pytest.mark.parametrize(("action", "state", "allowed"), EVENT_MATRIX)
@pytest.mark.parametrize("role", ["member", "editor", "other-member", "stranger"])
def test_event_transitions_by_role(client, cast, action, state, allowed, role):
    event = recorded(cast["member"])
    Event.objects.filter(pk=event.pk).update(state=state)
    signed_in(client, cast[role])
    response = client.post(
        reverse("monitoring:event-decide", args=[event.pk]),
        {
            "action": action,
            "note": "Checked with two outlets.",
            "rubric_scale": "3",
            "rubric_scope": "3",
            "rubric_irreversibility": "3",
            "sources_checked": [str(event.sources.get().pk)],
        },
    )
    after = Event.objects.get().state
    if role in allowed:
        assert response.status_code == 302
        assert after != state
    else:
        assert response.status_code in (200, 404)
        assert after == state


ALERT_MATRIX = [("confirm", "proposed"), ("dismiss", "proposed"), ("close", "confirmed")]


@pytest.mark.parametrize(("action", "state"), ALERT_MATRIX)
@pytest.mark.parametrize("role", ["member", "editor", "other-member"])
def test_alert_transitions_by_role(client, cast, action, state, role):
    alert = Alert.objects.create(
        country=Country.objects.get(iso2="KZ"),
        rule="single-high-impact",
        direction="deteriorating",
        first_on=YESTERDAY,
        last_on=YESTERDAY,
        state=state,
    )
    signed_in(client, cast[role])
    response = client.post(
        reverse("monitoring:alert-decide", args=[alert.pk]),
        {"action": action, "reason": "Already covered."},
    )
    after = Alert.objects.get().state
    if role == "editor":
        assert (response.status_code, after != state) == (302, True)
    else:
        assert (response.status_code, after) == (404, state)


def test_the_alert_pages_are_the_consortiums_only(client, cast):
    signed_in(client, cast["member"])
    assert client.get(reverse("monitoring:alerts")).status_code == 404
    signed_in(client, cast["editor"])
    assert client.get(reverse("monitoring:alerts")).status_code == 200


def verified_high_in_pages(client, cast) -> None:
    """The member's event, verified by the editor in the page with a high impact: the rule
    proposes an alert."""
    event = recorded(cast["member"])
    signed_in(client, cast["editor"])
    client.post(
        reverse("monitoring:event-decide", args=[event.pk]),
        {
            "action": "verify",
            "rubric_scale": "5",
            "rubric_scope": "4",
            "rubric_irreversibility": "4",
            "sources_checked": [str(event.sources.get().pk)],
        },
    )


def test_the_round_trip_in_pages_reports_verifies_proposes_and_confirms(client, cast):
    verified_high_in_pages(client, cast)
    alert = Alert.objects.get()
    page = client.get(reverse("monitoring:alert", args=[alert.pk])).content.decode()
    assert "DEMO: NGO office raided" in page
    client.post(
        reverse("monitoring:alert", args=[alert.pk]),
        {"summary": "DEMO summary", "recommended_response": "Call", "audience": "public"},
    )
    client.post(reverse("monitoring:alert-decide", args=[alert.pk]), {"action": "confirm"})
    alert.refresh_from_db()
    assert (alert.state, alert.audience, alert.summary) == ("confirmed", "public", "DEMO summary")


def test_a_restricted_events_organisation_and_place_reach_only_its_country(client, cast):
    network_member_set(country=Country.objects.get(iso2="KZ"), name="Steppe Rights Bureau")
    event = recorded(cast["member"], sensitivity="restricted")
    url = reverse("monitoring:event", args=[event.pk])
    own = signed_in(client, cast["member"]).get(url).content.decode()
    assert all(text in own for text in ("Steppe Rights Bureau", "Talgar", "Almaty Region"))
    consortium = signed_in(client, cast["editor"]).get(url).content.decode()
    assert "DEMO: NGO office raided" in consortium
    assert not any(t in consortium for t in ("Steppe Rights Bureau", "Talgar", "Almaty Region"))
    assert cast["member"].get_username() not in consortium


def test_a_description_is_sanitised(client, cast):
    event = recorded(cast["member"], description="*Raid* <script>alert(1)</script>")
    page = signed_in(client, cast["editor"]).get(reverse("monitoring:event", args=[event.pk]))
    assert "<em>Raid</em>" in page.content.decode()
    assert "<script>alert(1)" not in page.content.decode()


def test_the_event_page_reads_in_russian(client, cast):
    event = recorded(cast["member"])
    signed_in(client, cast["editor"])
    page = client.get(reverse("monitoring:event", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="ru")
    text = page.content.decode()
    assert "Деятельность организации приостановлена или она ликвидирована" in text
    assert "Начать проверку" in text


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_event_page_names_its_dimensions_beside_their_codes(client, cast, language):
    event = recorded(cast["member"], dimensions=("2.2", "1.1"))
    signed_in(client, cast["editor"])
    url = reverse("monitoring:event", args=[event.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    with translation.override(language):
        label = translation.gettext("Dimensions")
    facts = re.search(rf"<dt>{label}</dt><dd>([^<]*)</dd>", page)
    edition = load_edition(event.edition)
    # The names are the edition's own words (docs/translation.md), whatever the reader's language.
    assert facts is not None
    assert facts.group(1) == "; ".join(
        f"{code} {edition.dimensions[code].name}" for code in ("1.1", "2.2")
    )


def test_no_early_warning_page_is_served_outside_the_signed_in_workspace(client, cast):
    from django.urls import URLPattern, URLResolver, get_resolver

    from civicspace.workspace import monitoring_views

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p.callback

    routes = [
        route
        for route, view in walk(get_resolver().url_patterns)
        if getattr(view, "__module__", "") == monitoring_views.__name__
    ]
    assert routes
    assert all(route.startswith("workspace/monitoring/") for route in routes)
    event = recorded(cast["member"])
    for url in (reverse("monitoring:events"), reverse("monitoring:event", args=[event.pk])):
        assert client.get(url).status_code == 302  # to sign-in


def test_an_editor_merges_a_duplicate_by_number_and_bad_numbers_are_refused(client, cast):
    kept, duplicate = recorded(cast["member"]), recorded(cast["member"])
    signed_in(client, cast["editor"])
    url = reverse("monitoring:event-merge", args=[duplicate.pk])
    assert client.post(url, {"into": "x1"}).status_code == 400
    assert client.post(url, {"into": "999999"}).status_code == 302
    assert client.post(url, {"into": str(duplicate.pk)}).status_code == 302
    assert Event.objects.get(pk=duplicate.pk).merged_into is None
    response = client.post(url, {"into": str(kept.pk)})
    assert response.url == reverse("monitoring:event", args=[kept.pk])
    assert Event.objects.get(pk=duplicate.pk).merged_into == kept
    signed_in(client, cast["member"])
    assert client.post(url, {"into": str(kept.pk)}).status_code == 302
    page = client.get(reverse("monitoring:event", args=[duplicate.pk])).content.decode()
    assert "Merged into event number" in page


def _seen(page) -> str:
    found = re.search(r'name="seen" value="([^"]*)"', page.content.decode())
    assert found, "the edit form carries the version it was opened at"
    return found[1].replace("&#x2B;", "+")


def test_an_edit_made_over_another_members_is_refused_not_written_over_it(client, cast):
    """Two members of a country open the same event; the first makes it restricted; the second,
    from the page opened before, fixes a typo: the event stays restricted and the second member
    is shown the event as it now is."""
    event = recorded(cast["member"])
    colleague = person("colleague", "member", "KZ")
    edit = reverse("monitoring:event-edit", args=[event.pk])
    other = type(client)()
    seen_first = _seen(signed_in(client, cast["member"]).get(edit))
    seen_second = _seen(signed_in(other, colleague).get(edit))

    fields = {"event_type": event.event_type, "dimensions": ["1.1"]}
    first = client.post(
        edit, form_post(**fields, title=event.title, sensitivity="restricted", seen=seen_first)
    )
    assert first.status_code == 302
    second = other.post(
        edit, form_post(**fields, title="DEMO: NGO office raided!", seen=seen_second)
    )

    event.refresh_from_db()
    assert (event.sensitivity, event.title) == ("restricted", "DEMO: NGO office raided")
    assert second.status_code == 200
    assert "Someone changed this event since you opened it" in second.content.decode()
    assert _seen(second) != seen_second  # the form now holds the event as it is
    again = other.post(
        edit, form_post(**fields, title=event.title, sensitivity="restricted", seen=_seen(second))
    )
    assert again.status_code == 302


def test_an_alert_edit_made_over_another_editors_is_refused_not_written_over_it(client, cast):
    """Two editors open a proposed alert; the first narrows its audience to the consortium; the
    second, from the page opened before, rewords the summary for the public: the audience stays
    narrowed and the second editor is shown the alert as it now is."""
    verified_high_in_pages(client, cast)
    alert = Alert.objects.get()
    page = reverse("monitoring:alert", args=[alert.pk])
    other = signed_in(type(client)(), person("editor2", "editor"))
    seen_first, seen_second = _seen(client.get(page)), _seen(other.get(page))

    words = {"summary": "DEMO: raid", "recommended_response": "Call the office"}
    first = client.post(page, {**words, "audience": "consortium", "seen": seen_first})
    assert first.status_code == 302
    second = other.post(
        page, {**words, "summary": "DEMO: for all", "audience": "public", "seen": seen_second}
    )

    alert.refresh_from_db()
    assert (alert.audience, alert.summary) == ("consortium", "DEMO: raid")
    assert second.status_code == 200
    assert "Someone changed this alert since you opened it" in second.content.decode()
    assert _seen(second) != seen_second  # the form now holds the alert as it is
    again = other.post(page, {**words, "audience": "public", "seen": _seen(second)})
    assert again.status_code == 302
    alert.refresh_from_db()
    assert alert.audience == "public"

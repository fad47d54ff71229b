"""Alert e-mails: who receives a confirmed alert (its audience × the reader's role), at once or
in the daily digest, never twice; the public form's double opt-in, one-click unsubscribe, the
reader's language, and e-mails sent as background jobs."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from civicspace.cli import main
from civicspace.countries.models import Country, Region
from civicspace.monitoring.alert_services import alert_edit, alert_transition
from civicspace.monitoring.models import Alert
from civicspace.monitoring.services import (
    EventInput,
    SourceInput,
    VerificationInput,
    event_record,
    event_transition,
)
from civicspace.notifications.alert_mail import CONFIRM_SALT, alert_title, alerts_digest_send
from civicspace.notifications.alert_services import AlertChoice, alert_subscription_set
from civicspace.notifications.models import AlertMailing, AlertSubscription
from tests.apps.helpers import person

pytestmark = pytest.mark.django_db

YESTERDAY = date.today() - timedelta(days=1)
SUBSCRIBE = "/alerts/subscribe/"  # the address the brief gives the public form


@pytest.fixture
def cast(programme, settings):
    settings.CIVICSPACE_SITE_URL = "https://civicspace.example.org"
    people = {
        "editor": person("editor", "editor"),
        "observer": person("delegation", "observer"),
        "member": person("aigul", "member", "KZ"),
    }
    for name, user in people.items():
        user.email = f"{name}@example.org"
        user.save()
    return people


def subscribe_account(user, *, iso2=("KZ",), regions=(), frequency="immediate"):
    return alert_subscription_set(
        user=user,
        choice=AlertChoice(
            countries=tuple(Country.objects.filter(iso2__in=iso2)),
            regions=tuple(Region.objects.filter(code__in=regions)),
            frequency=frequency,
        ),
    )


def confirmation_link(message) -> str:
    return re.search(r"https://civicspace\.example\.org(/\S+/confirm/\S+/)", message.body)[1]


def subscribe_publicly(
    client, mailoutbox, email, *, countries=("KZ",), frequency="immediate", prefix=""
):
    """The whole double opt-in, as a person without an account goes through it; `prefix`
    is the page's language ("/ru": the Russian page)."""
    before = len(mailoutbox)
    client.post(
        prefix + SUBSCRIBE, {"email": email, "countries": list(countries), "frequency": frequency}
    )
    assert len(mailoutbox) == before + 1
    client.post(confirmation_link(mailoutbox[-1]))
    return AlertSubscription.objects.get(email=email.lower())


def confirmed(editor, capture, *, audience="public", iso2="KZ", summary="DEMO: raids") -> Alert:
    alert = Alert.objects.create(
        country=Country.objects.get(iso2=iso2),
        rule="single-high-impact",
        direction="deteriorating",
        first_on=YESTERDAY,
        last_on=YESTERDAY,
        is_demo=True,
    )
    with capture(execute=True):
        alert_edit(
            alert=alert,
            by=editor,
            summary=summary,
            recommended_response="DEMO: support the groups raided",
            audience=audience,
        )
        alert_transition(alert=alert, action="confirm", by=editor)
    alert.refresh_from_db()
    return alert


def alert_mails(mailoutbox, alert=None):
    return [
        m
        for m in mailoutbox
        if "List-Unsubscribe" in m.extra_headers and (alert is None or f"/{alert.pk}/" in m.body)
    ]


# Who may read an alert of each audience: the brief's rule, as a table.
READERS = {
    "consortium": {"editor"},
    "donors": {"editor", "observer"},
    "public": {"editor", "observer", "member", "anonymous"},
}


@pytest.mark.parametrize("audience", list(READERS))
def test_a_confirmed_alert_reaches_exactly_the_subscribers_its_audience_allows(
    cast, client, mailoutbox, django_capture_on_commit_callbacks, audience
):
    for user in cast.values():
        subscribe_account(user)
    subscribe_publicly(client, mailoutbox, "anonymous@example.org")
    alert = confirmed(cast["editor"], django_capture_on_commit_callbacks, audience=audience)
    reached = {m.to[0].split("@")[0] for m in alert_mails(mailoutbox, alert)}
    assert reached == READERS[audience]


def test_a_proposed_or_dismissed_alert_is_sent_to_nobody(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe_account(cast["editor"])
    alert = Alert.objects.create(
        country=Country.objects.get(iso2="KZ"),
        rule="single-high-impact",
        direction="deteriorating",
        first_on=YESTERDAY,
        last_on=YESTERDAY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        alert_edit(
            alert=alert, by=cast["editor"], summary="s", recommended_response="", audience="public"
        )
        alert_transition(alert=alert, action="dismiss", by=cast["editor"], reason="a rumour")
    assert alert_mails(mailoutbox) == []


def test_widening_the_audience_later_tells_only_the_new_readers(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    for user in cast.values():
        subscribe_account(user)
    alert = confirmed(cast["editor"], django_capture_on_commit_callbacks, audience="consortium")
    assert [m.to for m in alert_mails(mailoutbox)] == [["editor@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        alert_edit(
            alert=alert,
            by=cast["editor"],
            summary="DEMO: now public",
            recommended_response="",
            audience="public",
        )
    addresses = sorted(m.to[0] for m in alert_mails(mailoutbox))
    assert addresses == ["editor@example.org", "member@example.org", "observer@example.org"]


def test_countries_and_regions_decide_which_alerts_reach_a_subscriber(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe_account(cast["member"], iso2=(), regions=("ECA",))  # Kazakhstan's region
    subscribe_account(cast["observer"], iso2=("KE",))
    confirmed(cast["editor"], django_capture_on_commit_callbacks, iso2="KZ")
    assert [m.to for m in alert_mails(mailoutbox)] == [["member@example.org"]]


def test_digest_subscribers_get_their_alerts_once_in_the_daily_run(
    cast, mailoutbox, django_capture_on_commit_callbacks, capsys
):
    subscribe_account(cast["member"], frequency="digest")
    first = confirmed(cast["editor"], django_capture_on_commit_callbacks, summary="DEMO: one")
    second = confirmed(cast["editor"], django_capture_on_commit_callbacks, summary="DEMO: two")
    assert alert_mails(mailoutbox) == []
    assert main(["notify", "digest"]) == 0  # the daily command sends the alerts' digest too
    assert "sent 1 alert digest(s) with 2 alert(s)" in capsys.readouterr().out
    [digest] = alert_mails(mailoutbox)
    assert f"/alerts/{first.pk}/" in digest.body
    assert f"/alerts/{second.pk}/" in digest.body
    assert alerts_digest_send().addresses == 0
    assert len(alert_mails(mailoutbox)) == 1


def test_an_address_subscribed_twice_is_sent_an_alert_once(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe_account(cast["member"])
    subscribe_publicly(client, mailoutbox, "Member@Example.org")  # the same mailbox, no account
    alert = confirmed(cast["editor"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):  # edited again: nobody told twice
        alert_edit(
            alert=alert,
            by=cast["editor"],
            summary="DEMO: more",
            recommended_response="",
            audience="public",
        )
    assert [m.to for m in alert_mails(mailoutbox)] == [["member@example.org"]]
    assert AlertMailing.objects.count() == 1


def test_an_alert_mail_is_text_and_html_with_the_right_link_and_one_click_unsubscribe(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe_account(cast["editor"])
    public = confirmed(cast["editor"], django_capture_on_commit_callbacks, audience="public")
    inner = confirmed(cast["editor"], django_capture_on_commit_callbacks, audience="consortium")
    public_mail, inner_mail = alert_mails(mailoutbox, public)[0], alert_mails(mailoutbox, inner)[0]
    assert f"https://civicspace.example.org/alerts/{public.pk}/" in public_mail.body
    workspace = "https://civicspace.example.org" + reverse("monitoring:alert", args=[inner.pk])
    assert workspace in inner_mail.body
    html, mimetype = public_mail.alternatives[0]
    assert mimetype == "text/html"
    assert "DEMO: raids" in html
    assert public_mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_unsubscribe_stops_the_alerts(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe_publicly(client, mailoutbox, "reader@example.org")
    confirmed(cast["editor"], django_capture_on_commit_callbacks)
    link = alert_mails(mailoutbox)[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("https://civicspace.example.org")
    # A mail client posts without a CSRF token (RFC 8058); a GET alone changes nothing.
    assert Client().get(path).status_code == 200
    assert AlertSubscription.objects.filter(email="reader@example.org").exists()
    assert (
        Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"}).status_code
        == 200
    )
    assert not AlertSubscription.objects.filter(email="reader@example.org").exists()
    confirmed(cast["editor"], django_capture_on_commit_callbacks)
    assert len(alert_mails(mailoutbox)) == 1


def test_nothing_is_stored_before_the_address_confirms_and_a_link_scanner_confirms_nothing(
    cast, client, mailoutbox
):
    client.post(
        SUBSCRIBE, {"email": "new@example.org", "countries": ["KZ", "KE"], "frequency": "digest"}
    )
    assert not AlertSubscription.objects.exists()
    link = confirmation_link(mailoutbox[0])
    assert client.get(link).status_code == 200
    assert not AlertSubscription.objects.exists()
    client.post(link)
    subscription = AlertSubscription.objects.get()
    assert (subscription.email, subscription.frequency) == ("new@example.org", "digest")
    assert sorted(c.iso2 for c in subscription.countries.all()) == ["KE", "KZ"]


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "x:y:z"])
def test_forged_links_subscribe_and_unsubscribe_nobody(cast, client, mailoutbox, token):
    subscribe_publicly(client, mailoutbox, "reader@example.org")
    assert client.post(f"/alerts/subscribe/confirm/{token}/").status_code == 400
    assert client.post(f"/alerts/subscribe/stop/{token}/").status_code == 400
    assert list(AlertSubscription.objects.values_list("email", flat=True)) == ["reader@example.org"]


class EightDaysAgo(signing.TimestampSigner):
    """Signs as if eight days ago: confirmation links last seven."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 8 * 86400)


def test_an_expired_confirmation_link_subscribes_nobody(cast, client, settings):
    payload = {
        "a": "late@example.org",
        "c": [Country.objects.get(iso2="KZ").pk],
        "r": [],
        "f": "immediate",
        "l": "en",
    }
    token = EightDaysAgo(salt=CONFIRM_SALT).sign_object(payload, compress=True)
    assert client.post(f"/alerts/subscribe/confirm/{token}/").status_code == 400
    assert not AlertSubscription.objects.exists()


def test_the_answer_never_tells_whether_an_address_is_subscribed(cast, client, mailoutbox):
    subscribe_publicly(client, mailoutbox, "known@example.org")
    form = {"countries": ["KZ"], "frequency": "immediate"}
    known = client.post(SUBSCRIBE, {**form, "email": "known@example.org"})
    unknown = client.post(SUBSCRIBE, {**form, "email": "stranger@example.org"})
    assert known.status_code == unknown.status_code == 200

    def strip(r):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())

    assert strip(known) == strip(unknown)


def test_one_mailbox_gets_few_confirmation_mails_and_one_client_few_requests(
    cast, client, mailoutbox, settings
):
    form = {"email": "victim@example.org", "countries": ["KZ"], "frequency": "immediate"}
    answers = [client.post(SUBSCRIBE, form).status_code for _ in range(5)]
    assert answers == [200] * 5
    assert len(mailoutbox) == settings.CIVICSPACE_ALERT_SUBSCRIBE_PER_EMAIL
    for n in range(settings.CIVICSPACE_ALERT_SUBSCRIBE_PER_ADDRESS):
        client.post(SUBSCRIBE, {**form, "email": f"other{n}@example.org"})
    assert client.post(SUBSCRIBE, form).status_code == 429


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"email": "not an address", "countries": ["KZ"], "frequency": "immediate"},
        {"email": "a@example.org", "countries": ["ZZ", "<script>"], "frequency": "immediate"},
        {"email": "a@example.org", "countries": ["KZ"], "frequency": "hourly"},
        {"email": "a@example.org", "frequency": "immediate"},
        {"email": "a@example.org", "regions": ["NOPE"], "frequency": "digest"},
        {"email": "a" * 300 + "@example.org", "countries": ["KZ"], "frequency": "immediate"},
        {"email": "a@example.org\x00", "countries": ["KZ"], "frequency": "immediate"},
        {"email": ["a@example.org", "b@example.org"], "countries": "KZ\x00", "frequency": "digest"},
    ],
)
def test_malformed_input_on_the_public_form_is_refused_without_mail_or_error(
    cast, client, mailoutbox, form
):
    response = client.post(SUBSCRIBE, form)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert mailoutbox == []


def test_e_mails_are_in_the_subscriber_s_language(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe_publicly(client, mailoutbox, "reader@example.org", prefix="/ru")
    subscribe_account(cast["editor"])  # the site's language: English
    confirmed(cast["editor"], django_capture_on_commit_callbacks)
    with translation.override("ru"):
        russian = gettext("Confirm your subscription to alerts"), gettext("Unsubscribe")
    with translation.override("en"):
        english = gettext("Confirm your subscription to alerts"), gettext("Unsubscribe")
    assert russian != english
    assert russian[0] in mailoutbox[0].subject
    by_address = {m.to[0]: m for m in alert_mails(mailoutbox)}
    assert russian[1] in by_address["reader@example.org"].body
    assert english[1] in by_address["editor@example.org"].body


def test_arabic_subscribers_get_their_e_mails_in_arabic_written_right_to_left(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe_publicly(client, mailoutbox, "qari@example.org", prefix="/ar")
    subscribe_account(cast["editor"])
    alert = confirmed(cast["editor"], django_capture_on_commit_callbacks)
    words = ("Confirm your subscription to alerts", "Unsubscribe", "Recommended response")
    with translation.override("ar"):
        arabic = [gettext(w) for w in words] + [alert_title(alert)]
        subject = gettext("Alert: %(title)s") % {"title": alert_title(alert)}
    assert all(a != w for a, w in zip(arabic, words, strict=False))
    confirmation = mailoutbox[0]
    assert arabic[0] in confirmation.subject
    assert 'dir="rtl"' in confirmation.alternatives[0][0]
    by_address = {m.to[0]: m for m in alert_mails(mailoutbox)}
    mail = by_address["qari@example.org"]
    assert subject in mail.subject
    assert arabic[1] in mail.body
    assert arabic[2] in mail.body
    html = mail.alternatives[0][0]
    assert 'lang="ar" dir="rtl"' in html
    assert arabic[3] in html
    assert 'dir="ltr"' in by_address["editor@example.org"].alternatives[0][0]


def test_a_signed_in_person_manages_their_alert_subscription_on_the_settings_page(cast, client):
    client.force_login(cast["observer"])
    url = reverse("notifications:alert-settings")
    assert (
        client.post(
            url, {"countries": ["KZ"], "regions": ["AFR"], "frequency": "digest"}
        ).status_code
        == 302
    )
    subscription = AlertSubscription.objects.get(user=cast["observer"])
    assert [r.code for r in subscription.regions.all()] == ["AFR"]
    page = client.get(reverse("notifications:settings")).content.decode()
    assert re.search(r'value="AFR"[^>]*checked', page)
    assert not re.search(r'value="ECA"[^>]*checked', page)
    assert client.post(url, {"frequency": "off"}).status_code == 302
    assert not AlertSubscription.objects.filter(user=cast["observer"]).exists()


def test_an_account_whose_role_was_taken_away_is_no_longer_sent_consortium_alerts(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe_account(cast["editor"], frequency="digest")
    confirmed(cast["editor"], django_capture_on_commit_callbacks, audience="consortium")
    get_user_model().objects.filter(pk=cast["editor"].pk).update(is_active=False)
    assert alerts_digest_send().addresses == 0
    assert alert_mails(mailoutbox) == []


def test_e_mails_wait_for_the_worker(
    cast, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """Queued, not sent in the write: with a queue that only keeps jobs, nothing is mailed
    until the job runs."""
    from django_tasks import task_backends
    from django_tasks.backends.dummy import DummyBackend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    subscribe_account(cast["editor"])
    confirmed(cast["editor"], django_capture_on_commit_callbacks)
    assert alert_mails(mailoutbox) == []
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    [job] = [r for r in backend.results if r.task.name == "alert_emails_send"]
    job.task.call(*job.args, **job.kwargs)
    assert len(alert_mails(mailoutbox)) == 1


def _trend_confirmed(cast, capture, sensitivities: dict[int, str]) -> Alert:
    """A dimension trend found by the rule over real verified events (`days_ago` ->
    sensitivity), confirmed for the public."""
    editor, kz = cast["editor"], Country.objects.get(iso2="KZ")
    for days_ago, sensitivity in sensitivities.items():
        data = EventInput(
            title=f"DEMO: march dispersed {days_ago}",
            event_type="assembly-banned",
            starts_on=date.today() - timedelta(days=days_ago),
            dimensions=("1.2",),
            direction="deteriorating",
            sensitivity=sensitivity,
            sources=(SourceInput("DEMO report", "https://example.org/r"),),
        )
        event = event_record(country=kz, data=data, by=cast["member"])
        event_transition(
            event=event,
            action="verify",
            by=editor,
            verification=VerificationInput(
                {"scale": 2, "scope": 2, "irreversibility": 2}, [s.pk for s in event.sources.all()]
            ),
        )
    alert = Alert.objects.get(rule="dimension-trend")
    with capture(execute=True):
        alert_edit(
            alert=alert,
            by=editor,
            summary="DEMO: a trend",
            recommended_response="",
            audience="public",
        )
        alert_transition(alert=alert, action="confirm", by=editor)
    return alert


def _mail_text(message) -> str:
    return str(message.body) + "".join(str(content) for content, _type in message.alternatives)


def test_a_public_subscriber_is_told_only_the_dates_of_the_alerts_public_events(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe_publicly(client, mailoutbox, "anonymous@example.org")
    subscribe_account(cast["member"])
    subscribe_account(cast["editor"])
    public, restricted, consortium = 60, 40, 10  # days ago: the hidden events are the later
    alert = _trend_confirmed(
        cast,
        django_capture_on_commit_callbacks,
        {public: "public", restricted: "restricted", consortium: "consortium"},
    )
    day = {
        n: (date.today() - timedelta(days=n)).isoformat() for n in (public, restricted, consortium)
    }
    mails = {m.to[0].split("@")[0]: _mail_text(m) for m in alert_mails(mailoutbox, alert)}
    assert set(mails) == {"anonymous", "member", "editor"}
    for reader in ("anonymous", "member"):
        assert f"{day[public]} – {day[public]}" in mails[reader], reader
        assert day[restricted] not in mails[reader], reader
        assert day[consortium] not in mails[reader], reader
    assert f"{day[public]} – {day[consortium]}" in mails["editor"]  # the consortium's own span


def test_a_public_subscriber_is_told_the_dates_are_withheld_when_no_event_is_public(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe_publicly(client, mailoutbox, "anonymous@example.org")
    subscribe_publicly(client, mailoutbox, "russian@example.org", prefix="/ru")
    days = {30: "restricted", 20: "consortium", 15: "restricted"}
    alert = _trend_confirmed(cast, django_capture_on_commit_callbacks, days)
    mails = {m.to[0].split("@")[0]: _mail_text(m) for m in alert_mails(mailoutbox, alert)}
    assert set(mails) == {"anonymous", "russian"}
    for text in mails.values():
        for days_ago in days:
            assert (date.today() - timedelta(days=days_ago)).isoformat() not in text
    assert "dates withheld" in mails["anonymous"]
    assert "даты не раскрываются" in mails["russian"]

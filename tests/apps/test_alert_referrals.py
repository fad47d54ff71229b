"""Referrals to flexible support: only editors refer a confirmed alert and move it on; its
history is kept; observers read alerts meant for them and never a referral."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from civicspace.audit.models import AuditEvent
from civicspace.core.early_warning import EarlyWarningError
from civicspace.countries.models import Country
from civicspace.monitoring.models import Alert, Referral
from civicspace.monitoring.referral_services import referral_open, referral_update
from tests.apps.helpers import person

pytestmark = pytest.mark.django_db

YESTERDAY = date.today() - timedelta(days=1)
NOTE = "DEMO: the partner fund in Almaty is told"


@pytest.fixture
def cast(people):
    member, editor = people
    return {
        "editor": editor,
        "member": member,
        "observer": person("delegation", "observer"),
        "anonymous": None,
    }


def an_alert(*, state="confirmed", audience="donors") -> Alert:
    return Alert.objects.create(
        country=Country.objects.get(iso2="KZ"),
        rule="single-high-impact",
        direction="deteriorating",
        first_on=YESTERDAY,
        last_on=YESTERDAY,
        state=state,
        audience=audience,
        summary="DEMO: offices raided",
    )


@pytest.mark.parametrize("role", ["editor", "member", "observer", "anonymous"])
def test_only_an_editor_refers_an_alert_to_flexible_support(client, cast, role):
    alert = an_alert()
    if cast[role] is not None:
        client.force_login(cast[role])
    url = reverse("monitoring:alert-referral", args=[alert.pk])
    response = client.post(url, {"note": NOTE, "referred_on": YESTERDAY.isoformat()})
    if role == "editor":
        assert response.status_code == 302
        assert Referral.objects.get(alert=alert).referred_on == YESTERDAY
    else:
        assert response.status_code in (302, 404)
        assert response.status_code == 404 or "/accounts/login/" in response["Location"]
        assert not Referral.objects.exists()


@pytest.mark.parametrize("state", ["proposed", "dismissed", "closed"])
def test_only_a_confirmed_alert_can_be_referred(cast, state):
    with pytest.raises(EarlyWarningError):
        referral_open(alert=an_alert(state=state), by=cast["editor"], notes=NOTE)
    assert not Referral.objects.exists()


def test_a_referral_moves_through_its_statuses_with_its_history_and_audit_trail(cast):
    editor = cast["editor"]
    referral = referral_open(alert=an_alert(), by=editor, notes=NOTE)
    referral_update(referral=referral, by=editor, status="in-progress", note="DEMO: grant drafted")
    referral_update(referral=referral, by=editor, status="support-given", note="")
    referral.refresh_from_db()
    assert referral.status == "support-given"
    steps = list(referral.steps.values_list("status", flat=True))
    assert steps == ["open", "in-progress", "support-given"]
    changes = [
        e.after["change"]
        for e in AuditEvent.objects.filter(action="alert", target=str(referral.alert_id))
    ]
    assert changes == ["referral-open", "referral-update", "referral-update"]
    with pytest.raises(EarlyWarningError):  # nothing changes, nothing said
        referral_update(referral=referral, by=editor, status="support-given", note="  ")
    with pytest.raises(EarlyWarningError):
        referral_update(referral=referral, by=editor, status="forgotten", note="x")
    with pytest.raises(EarlyWarningError):
        referral_update(referral=referral, by=cast["observer"], status="closed", note="x")


def test_an_alert_is_referred_once(cast):
    alert = an_alert()
    referral_open(alert=alert, by=cast["editor"], notes=NOTE)
    with pytest.raises(EarlyWarningError):
        referral_open(alert=alert, by=cast["editor"], notes="again")


def test_the_editor_sees_and_moves_the_referral_on_the_alert_page(client, cast):
    alert = an_alert()
    client.force_login(cast["editor"])
    url = reverse("monitoring:alert-referral", args=[alert.pk])
    client.post(url, {"note": NOTE})
    client.post(url, {"status": "declined", "note": "DEMO: outside the scope of the fund"})
    page = client.get(reverse("monitoring:alert", args=[alert.pk])).content.decode()
    assert NOTE in page
    assert "DEMO: outside the scope of the fund" in page
    assert Referral.objects.get().status == "declined"
    assert client.post(url, {"status": "declined", "referred_on": "yesterday"}).status_code == 302
    assert Referral.objects.get().status == "declined"


@pytest.mark.parametrize(
    ("audience", "state", "observer_reads"),
    [
        ("donors", "confirmed", True),
        ("public", "closed", True),
        ("consortium", "confirmed", False),
        ("donors", "proposed", False),
        ("donors", "dismissed", False),
    ],
)
def test_an_observer_reads_the_alerts_for_donors_and_never_a_referral(
    client, cast, audience, state, observer_reads
):
    alert = an_alert(state=state, audience=audience)
    if state == "confirmed":
        referral_open(alert=alert, by=cast["editor"], notes=NOTE)
    client.force_login(cast["observer"])
    listing = client.get(reverse("monitoring:alerts"))
    page = client.get(reverse("monitoring:alert", args=[alert.pk]))
    assert listing.status_code == 200
    assert (page.status_code == 200) is observer_reads
    assert (
        reverse("monitoring:alert", args=[alert.pk]) in listing.content.decode()
    ) is observer_reads
    assert NOTE not in page.content.decode()
    # Reading is all: no edit, no decision, no events' pages.
    assert (
        client.post(reverse("monitoring:alert", args=[alert.pk]), {"summary": "x"}).status_code
        == 404
    )
    decide = reverse("monitoring:alert-decide", args=[alert.pk])
    assert client.post(decide, {"action": "close"}).status_code == 404
    assert client.get(reverse("monitoring:events")).status_code == 404


def test_a_member_does_not_read_alerts_in_the_workspace(client, cast):
    alert = an_alert(audience="public")
    client.force_login(cast["member"])
    assert client.get(reverse("monitoring:alerts")).status_code == 404
    assert client.get(reverse("monitoring:alert", args=[alert.pk])).status_code == 404


def test_an_observer_finds_the_alerts_from_the_workspace_home(client, cast):
    alerts = reverse("monitoring:alerts")
    client.force_login(cast["observer"])
    assert alerts in client.get(reverse("assessments:home")).content.decode()
    client.force_login(cast["member"])
    assert alerts not in client.get(reverse("assessments:home")).content.decode()

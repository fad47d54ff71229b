"""Members' API tokens: issued once and stored as a digest, revocable, audited; the write route
records a submitted event of the token's own country as the member, and refuses everything else
with a status and the field that is wrong."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from civicspace import cli
from civicspace.accounts.models import ApiToken, Role
from civicspace.accounts.tokens import TokenError, token_issue, token_revoke
from civicspace.audit.models import AuditEvent
from civicspace.audit.wording import event_summary
from civicspace.monitoring.models import Event
from tests.apps.helpers import person

pytestmark = pytest.mark.django_db


def body(**changes):
    data = {
        "country": "KZ",
        "title": "DEMO: registration of an NGO refused",
        "event_type": "registration-refused",
        "starts_on": (date.today() - timedelta(days=3)).isoformat(),
        "dimensions": ["1.1", "2.1"],
        "direction": "deteriorating",
        "description": "The ministry refused to register a DEMO association.",
        "city": "Astana",
        "sources": [
            {
                "title": "DEMO ministry notice",
                "url": "https://example.org/notice",
                "kind": "official",
            }
        ],
    }
    return {**data, **changes}


def post(client, secret, payload, **headers):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post("/api/v1/events", text, content_type="application/json", **auth, **headers)


@pytest.fixture
def issued(people):
    member, _ = people
    return token_issue(user=member, name="monitoring script", by=member)


def test_a_token_is_shown_once_and_only_its_digest_is_kept(issued, people):
    member, _ = people
    stored = ApiToken.objects.get()
    assert issued.secret.startswith("cs_")
    assert len(issued.secret) > 40
    assert issued.secret.startswith(stored.prefix)
    every_value = json.dumps(list(ApiToken.objects.values()), default=str)
    assert issued.secret not in every_value
    assert (stored.user, stored.country.iso2, stored.revoked_at) == (member, "KZ", None)
    trail = AuditEvent.objects.get(action="token")
    assert (trail.actor, trail.target, trail.country.iso2) == (member, stored.prefix, "KZ")
    assert issued.secret not in json.dumps(trail.after)
    assert "issued" in event_summary(trail)


def test_tokens_are_for_network_members_only(people):
    _, editor = people
    with pytest.raises(TokenError, match="not an active Network Member"):
        token_issue(user=editor, by=None)
    assert not ApiToken.objects.exists()


def test_a_member_records_a_submitted_event_of_their_country(issued, people, client):
    member, _ = people
    response = post(client, issued.secret, body())
    assert response.status_code == 201, response.content
    event = Event.objects.get(pk=response.json()["event_id"])
    assert (event.state, event.reporter, event.country.iso2) == ("submitted", member, "KZ")
    assert event.dimensions == ("1.1", "2.1")
    assert [s.kind for s in event.sources.all()] == ["official"]
    trail = AuditEvent.objects.get(action="event", target=str(event.pk))
    assert trail.actor == member  # audited as the member, not as "the API"
    assert ApiToken.objects.get().last_used_at is not None
    listed = client.get(
        "/api/v1/member/events", HTTP_AUTHORIZATION=f"Bearer {issued.secret}"
    ).json()["items"]
    assert [(e["event_id"], e["state"]) for e in listed] == [(event.pk, "submitted")]
    # Not public until the consortium verifies it.
    assert client.get(f"/api/v1/events/{event.pk}").status_code == 404


@pytest.mark.parametrize(
    ("who", "country", "status"),
    [
        ("own member", "KZ", 201),
        ("own member", "kz", 201),
        ("own member", "KE", 403),
        ("member of Kenya", "KZ", 403),
        ("member of Kenya", "KE", 201),
        ("former member", "KZ", 403),
    ],
)
def test_write_scope_is_the_token_owners_own_country(people, client, who, country, status):
    member, _ = people
    if who == "member of Kenya":
        member = person("wanjiru", "member", "KE")
    secret = token_issue(user=member, by=None).secret
    if who == "former member":
        Role.objects.filter(user=member).delete()
    response = post(client, secret, body(country=country))
    assert response.status_code == status, response.content
    assert Event.objects.count() == (1 if status == 201 else 0)
    if status == 403:
        assert "only" in response.json()["detail"]


def test_no_token_a_wrong_one_or_a_revoked_one_is_unauthorised(issued, people, client):
    member, editor = people
    assert post(client, "", body()).status_code == 401
    assert post(client, "cs_not-a-token", body()).status_code == 401
    assert post(client, issued.secret + "x", body()).status_code == 401
    client.force_login(member)  # a signed-in session is no token (and would need CSRF)
    assert post(client, "", body()).status_code == 401
    client.logout()
    with pytest.raises(TokenError):
        token_revoke(token=issued.token, by=editor)  # only its owner, or the command line
    token_revoke(token=issued.token, by=member)
    assert post(client, issued.secret, body()).status_code == 401
    assert (
        client.get(
            "/api/v1/member/events", HTTP_AUTHORIZATION=f"Bearer {issued.secret}"
        ).status_code
        == 401
    )
    assert not Event.objects.exists()
    changes = [t.after["change"] for t in AuditEvent.objects.filter(action="token").order_by("pk")]
    assert changes == ["issue", "revoke"]


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ("{not json", 400, None),
        ("[]", 422, None),
        (body(title=""), 422, "title"),
        ({k: v for k, v in body().items() if k != "title"}, 422, "title"),
        (body(event_type="picnic"), 422, "event_type"),
        (body(dimensions=["9.9"]), 422, "dimensions"),
        (body(dimensions=[]), 422, "dimensions"),
        (body(direction="sideways"), 422, "direction"),
        (body(starts_on="2025-02-30"), 422, "starts_on"),
        (body(starts_on=(date.today() + timedelta(days=5)).isoformat()), 422, "starts_on"),
        (body(ends_on="2000-01-01"), 422, "ends_on"),
        (body(latitude=51.1), 422, "latitude"),
        (body(latitude=95, longitude=10), 422, "latitude"),
        (body(sensitivity="secret"), 422, "sensitivity"),
        (body(title="x" * 301), 422, "title"),
        (body(affected_count=-1), 422, "affected_count"),
        (body(sources=[{"title": "A", "url": "javascript:alert(1)"}]), 422, "url"),
        (body(country="Kazakhstan"), 422, "country"),
        # No database keeps a NUL character (PostgreSQL refuses the whole row): a field's error.
        (body(title="DEMO\x00title"), 422, "title"),
        (body(description="DEMO\x00"), 422, "description"),
        (body(dimensions=["1.1\x00"]), 422, "dimensions"),
        (body(sources=[{"title": "DEMO\x00source"}]), 422, "title"),
    ],
)
def test_bad_input_is_refused_with_its_field_never_a_server_error(
    issued, client, payload, status, field
):
    response = post(client, issued.secret, payload)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    if field is not None:
        places = [problem["loc"] for problem in response.json()["detail"]]
        assert any(field in place for place in places), places
    assert not Event.objects.exists()


def test_writes_are_throttled_per_token(issued, people, client, monkeypatch):
    from civicspace.publishing import api_monitoring

    monkeypatch.setattr(api_monitoring.token_throttle, "num_requests", 2)
    assert post(client, issued.secret, body()).status_code == 201
    assert post(client, issued.secret, body()).status_code == 201
    assert post(client, issued.secret, body()).status_code == 429
    other = token_issue(user=people[0], by=None).secret  # another token has its own count
    assert post(client, other, body()).status_code == 201


def test_the_command_line_issues_lists_and_revokes(people, capsys):
    member, editor = people
    assert cli.main(["token", "issue", member.get_username(), "--name", "sync"]) == 0
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert secret.startswith(token.prefix)
    assert cli.main(["token", "list"]) == 0
    listed = capsys.readouterr().out
    assert token.prefix in listed
    assert "live" in listed
    assert secret not in listed
    assert cli.main(["token", "issue", editor.get_username()]) == 1
    assert cli.main(["token", "issue", "nobody"]) == 1
    assert cli.main(["token", "revoke", token.prefix]) == 0
    assert cli.main(["token", "list", member.get_username()]) == 0
    assert "revoked" in capsys.readouterr().out
    assert cli.main(["token", "revoke", "cs_nothing"]) == 1
    trail = AuditEvent.objects.filter(action="token").order_by("pk")
    assert [(t.actor, t.after["change"]) for t in trail] == [(None, "issue"), (None, "revoke")]


def test_a_member_issues_and_revokes_a_token_in_the_workspace(people, client):
    member, editor = people
    client.force_login(member)
    page = client.get("/workspace/monitoring/token/")
    assert page.status_code == 200
    issued = client.post("/workspace/monitoring/token/", {"action": "issue", "name": "script"})
    assert issued.status_code == 200
    assert issued["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    shown = re.search(r"<code>(cs_[^<]+)</code>", issued.content.decode())
    assert shown is not None
    secret = shown.group(1)
    assert secret.startswith(token.prefix)
    assert post(client, secret, body()).status_code == 201
    again = client.get("/workspace/monitoring/token/").content.decode()
    assert secret not in again
    assert token.prefix in again
    revoked = client.post("/workspace/monitoring/token/", {"action": "revoke", "token": token.pk})
    assert revoked.status_code == 302
    assert post(client, secret, body()).status_code == 401
    other = token_issue(user=person("wanjiru", "member", "KE"), by=None).token
    assert (
        client.post(
            "/workspace/monitoring/token/", {"action": "revoke", "token": other.pk}
        ).status_code
        == 404
    )  # another member's token is not found
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None
    client.force_login(editor)
    assert client.get("/workspace/monitoring/token/").status_code == 404

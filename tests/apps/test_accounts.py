"""Sign-in hardening: repeated failures lock the account (from anywhere) and, separately, the
address (for every account); password-reset requests are limited per address and per e-mail."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def attempt(client, password, username="member", **extra):
    data = {"username": username, "password": password}
    return client.post("/accounts/login/", data, **extra)


def test_five_failures_lock_even_the_right_password_out(client):
    get_user_model().objects.create_user("member", password=PASSWORD)
    for _ in range(4):
        assert "password didn't match" in attempt(client, "wrong").content.decode()
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    still = attempt(client, PASSWORD)
    assert still.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client):
    get_user_model().objects.create_user("member", password=PASSWORD)
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("password1")
    with pytest.raises(ValidationError):
        validate_password("short-pw")


def test_one_address_cannot_try_a_password_against_every_account(client):
    for n in range(6):
        get_user_model().objects.create_user(f"member{n}", password=PASSWORD)
    for n in range(4):
        assert attempt(client, "Summer2025!", f"member{n}").status_code == 200
    assert attempt(client, "Summer2025!", "member4").status_code == 429
    assert attempt(client, PASSWORD, "member5").status_code == 429
    elsewhere = attempt(client, PASSWORD, "member5", REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 302


def test_an_account_under_attack_is_locked_from_every_address(client):
    get_user_model().objects.create_user("member", password=PASSWORD)
    for n in range(5):
        attempt(client, "wrong", REMOTE_ADDR=f"198.51.100.{n}")
    assert attempt(client, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_counts_not_what_the_client_claims(
    client, settings
):
    settings.CIVICSPACE_TRUSTED_PROXIES = 1
    for n in range(6):
        get_user_model().objects.create_user(f"member{n}", password=PASSWORD)
    for n in range(5):  # the attacker claims a new address each time; nginx appends the real one
        forged = f"10.0.0.{n}, 203.0.113.5"
        attempt(client, "wrong", f"member{n}", HTTP_X_FORWARDED_FOR=forged)
    locked = attempt(client, PASSWORD, "member5", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    other = attempt(client, PASSWORD, "member5", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 302


def _reset(client, email, address="127.0.0.1"):
    return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=address)


def test_a_password_reset_sends_a_link_by_mail(client, mailoutbox):
    get_user_model().objects.create_user("member", "member@example.org", PASSWORD)
    answer = _reset(client, "member@example.org")
    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/password_reset/done/"
    (message,) = mailoutbox
    assert message.to == ["member@example.org"]
    assert "/accounts/reset/" in message.body


def test_password_reset_requests_are_limited_per_address(client, mailoutbox):
    for n in range(5):
        assert _reset(client, f"nobody{n}@example.org").status_code == 302
    refused = _reset(client, "member@example.org")
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert _reset(client, "member@example.org", "198.51.100.1").status_code == 302


def test_reset_mails_to_one_address_stop_after_two_an_hour_and_the_answer_does_not_change(
    client, mailoutbox
):
    get_user_model().objects.create_user("member", "member@example.org", PASSWORD)
    answers = [_reset(client, "Member@example.org", f"198.51.100.{n}") for n in range(4)]
    assert [a["Location"] for a in answers] == ["/accounts/password_reset/done/"] * 4
    assert len(mailoutbox) == 2

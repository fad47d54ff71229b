"""Sign-in hardening: repeated failures lock the account from that address."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def attempt(client, password):
    return client.post("/accounts/login/", {"username": "member", "password": password})


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

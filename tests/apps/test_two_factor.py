"""Two-factor sign-in: required for the consortium, offered to members, recovery codes once."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicspace.accounts.two_factor import second_factor_enrol_unattended
from civicspace.cli import main
from tests.apps.helpers import PASSWORD

pytestmark = pytest.mark.django_db
VERIFY = "/accounts/two-factor/"


def password_step(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password was refused"


def code(device, drift=0):
    """What the person's authenticator app shows now (or `drift` steps of 30 s later)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:0{device.digits}d}"


def test_an_editor_without_a_second_factor_is_sent_to_set_one_up(client, people):
    password_step(client, "editor")

    response = client.get("/workspace/", follow=True)

    assert response.redirect_chain[0] == (f"{VERIFY}?next=%2Fworkspace%2F", 302)
    assert response.redirect_chain[-1][0].startswith(f"{VERIFY}set-up/")
    page = response.content.decode()
    device = TOTPDevice.objects.get(user__username="editor", confirmed=False)
    assert "otpauth://totp/civicspace%3Aeditor?secret=" in page
    assert "<svg" in page
    assert device.config_url.replace("&", "&amp;") in page
    assert client.get("/workspace/KZ/2025/").status_code == 302


def test_a_superuser_without_a_second_factor_cannot_open_the_admin(client):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    password_step(client, "root")

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_an_editor_enrols_with_the_apps_code_gets_in_and_sees_recovery_codes_once(client, people):
    password_step(client, "editor")
    client.get(f"{VERIFY}set-up/")
    device = TOTPDevice.objects.get(user__username="editor", confirmed=False)

    response = client.post(f"{VERIFY}set-up/", {"token": code(device), "next": "/workspace/"})

    page = response.content.decode()
    shown = page.split('<ul class="recovery-codes">')[1].split("</ul>")[0]
    codes = [part.split("</code>")[0] for part in shown.split("<code>")[1:]]
    assert len(codes) == 10
    assert "no-store" in response["Cache-Control"]
    assert client.get("/workspace/").status_code == 200
    assert client.get("/workspace/KZ/2025/").status_code == 200
    assert "recovery-codes" not in client.get(f"{VERIFY}set-up/").content.decode()
    client.post("/accounts/logout/")
    password_step(client, "editor")
    client.post(VERIFY, {"token": codes[9]})
    assert client.get("/workspace/").status_code == 200


def test_a_wrong_code_is_refused_and_the_workspace_stays_closed(client, people):
    second_factor_enrol_unattended(user=people[1])
    password_step(client, "editor")

    response = client.post(VERIFY, {"token": "000000", "next": "/workspace/"})

    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    assert client.get("/workspace/").status_code == 302


def test_the_authenticator_apps_code_lets_an_enrolled_editor_in(client, people):
    second_factor_enrol_unattended(user=people[1])
    device = TOTPDevice.objects.get(user=people[1])
    password_step(client, "editor")

    response = client.post(VERIFY, {"token": code(device), "next": "/workspace/KZ/2025/"})

    assert response["Location"] == "/workspace/KZ/2025/"
    assert client.get("/workspace/KZ/2025/").status_code == 200


def test_a_recovery_code_works_once(client, people):
    _, codes = second_factor_enrol_unattended(user=people[1])
    password_step(client, "editor")
    assert client.post(VERIFY, {"token": codes[0].upper()}).status_code == 302
    assert client.get("/workspace/").status_code == 200

    client.post("/accounts/logout/")
    password_step(client, "editor")
    again = client.post(VERIFY, {"token": codes[0]})

    assert "That code is not valid (or was already used)" in again.content.decode()
    assert client.get("/workspace/").status_code == 302
    throttled = client.post(VERIFY, {"token": codes[1]})  # at once after a wrong code
    assert "Too many wrong codes: wait a minute" in throttled.content.decode()


def test_a_stolen_password_alone_cannot_replace_the_enrolled_app(client, people):
    second_factor_enrol_unattended(user=people[1])
    password_step(client, "editor")

    response = client.get(f"{VERIFY}set-up/")

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY + "?")
    assert not TOTPDevice.objects.filter(user=people[1], confirmed=False).exists()


def test_a_member_signs_in_without_a_second_factor_and_is_offered_one(client, people):
    password_step(client, "aigul")

    page = client.get("/workspace/")

    assert page.status_code == 200
    assert "Set up two-factor sign-in" in page.content.decode()
    assert client.get("/workspace/KZ/2025/").status_code == 200


def test_a_member_who_turned_it_on_needs_it_from_then_on(client, people):
    member = people[0]
    password_step(client, "aigul")
    client.get(f"{VERIFY}set-up/")
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    client.post(f"{VERIFY}set-up/", {"token": code(device)})
    client.post("/accounts/logout/")

    password_step(client, "aigul")

    assert client.get("/workspace/").status_code == 302
    client.post(VERIFY, {"token": code(device, drift=1)})
    assert client.get("/workspace/").status_code == 200


def test_demo_admin_gets_recovery_codes_that_open_the_admin(client, demo, tmp_path):
    codes_file = tmp_path / "admin-recovery-codes"
    arguments = ["demo", "load", "--admin-password-file", str(tmp_path / "admin-password")]
    assert main([*arguments, "--admin-recovery-codes-file", str(codes_file)]) == 0
    assert codes_file.stat().st_mode & 0o777 == 0o600
    lines = codes_file.read_text().splitlines()
    codes = [line for line in lines if not line.startswith("#")]
    assert len(codes) == 10
    assert "otpauth://totp/civicspace%3Aadmin?secret=" in lines[1]
    password = (tmp_path / "admin-password").read_text().strip()

    client.post("/admin/login/", {"username": "admin", "password": password})
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"token": codes[0]})

    assert client.get("/admin/").status_code == 200

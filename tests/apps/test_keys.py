"""The field key: rotation seals every name with a new key and loses none, however it runs."""

import pytest
from cryptography.fernet import Fernet, InvalidToken

from civicspace.assessments.models import Panelist
from civicspace.assessments.sealing import pending_key_file, readable_keys
from civicspace.cli import main
from civicspace.operations.keys import sealed_names_reseal
from tests.apps.helpers import NAMES, demo_with_names, names_read_back

pytestmark = pytest.mark.django_db


def tokens():
    return [
        bytes(t or b"")
        for t in Panelist.objects.exclude(sealed_name=None).values_list("sealed_name", flat=True)
    ]


def open_with(key, token):
    try:
        Fernet(key).decrypt(token)
        return True
    except InvalidToken:
        return False


def test_rotating_the_key_file_keeps_every_name_and_retires_the_old_key(own_field_key, capsys):
    demo_with_names()
    old = own_field_key.read_bytes()

    assert main(["keys", "rotate"]) == 0

    new = own_field_key.read_bytes()
    assert new != old
    assert own_field_key.stat().st_mode & 0o777 == 0o600
    assert not pending_key_file().exists()
    assert names_read_back() == sorted(NAMES)
    assert all(open_with(new, t) and not open_with(old, t) for t in tokens())
    assert "3 sealed name(s) now sealed with field key" in capsys.readouterr().out


def test_a_rotation_interrupted_after_its_commit_loses_nothing_and_finishes_on_rerun(
    own_field_key,
):
    demo_with_names()
    old = own_field_key.read_bytes()
    # The new key is written, the names sealed with it and committed, then the process dies
    # before the new key replaces the old one.
    pending_key_file().write_bytes(Fernet.generate_key())
    new = pending_key_file().read_bytes()
    sealed_names_reseal(keys=readable_keys())
    assert names_read_back() == sorted(NAMES)
    assert not any(open_with(old, t) for t in tokens())

    assert main(["keys", "rotate"]) == 0

    assert own_field_key.read_bytes() == new
    assert names_read_back() == sorted(NAMES)


def test_rotating_a_key_from_the_environment_takes_two_steps_and_keeps_every_name(
    own_field_key, monkeypatch, capsys
):
    old = Fernet.generate_key().decode()
    monkeypatch.setenv("CIVICSPACE_FIELD_KEY", old)
    demo_with_names()
    before = tokens()

    assert main(["keys", "rotate"]) == 0
    out = capsys.readouterr().out
    new = out.split("New field key: ")[1].split()[0]
    assert tokens() == before  # nothing changes until the new key is in the environment
    assert not own_field_key.exists()

    monkeypatch.setenv("CIVICSPACE_FIELD_KEY", new)
    monkeypatch.setenv("CIVICSPACE_FIELD_KEYS_OLD", old)
    assert names_read_back() == sorted(NAMES)  # both keys open names meanwhile
    assert main(["keys", "rotate"]) == 0
    assert "remove CIVICSPACE_FIELD_KEYS_OLD" in capsys.readouterr().out

    monkeypatch.delenv("CIVICSPACE_FIELD_KEYS_OLD")
    assert names_read_back() == sorted(NAMES)


def test_a_name_no_known_key_opens_stops_the_rotation_before_any_change(own_field_key, capsys):
    demo_with_names()
    stranger = Panelist.objects.exclude(sealed_name=None).first()
    stranger.sealed_name = Fernet(Fernet.generate_key()).encrypt(b"someone")
    stranger.save()
    old = own_field_key.read_bytes()
    before = tokens()

    assert main(["keys", "rotate"]) == 1

    assert tokens() == before
    assert f"panelist #{stranger.pk}'s name opens with none of the known field keys" in (
        capsys.readouterr().err
    )
    assert own_field_key.read_bytes() == old

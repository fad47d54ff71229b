"""Backups: the demo survives backup, destruction and restore; a wrong key is said, not hidden."""

import os
import subprocess
import sys
import tarfile

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from civicspace.cli import main
from civicspace.core.record import checksum
from civicspace.editorial.models import Snapshot
from civicspace.operations.backup import BackupError, backup_create, backup_restore
from civicspace.operations.checks import database_is_empty
from tests.apps.helpers import NAMES, demo_with_names, names_read_back

# The backup reads the database through other connections (pg_dump, SQLite's backup API):
# the test's data must be committed.
committed = pytest.mark.django_db(transaction=True)
pytestmark = pytest.mark.usefixtures("tasks_queued_not_run")


def destroy_database():
    """Every table dropped: what a lost disk or a bad migration leaves."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names():
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


@committed
def test_demo_backed_up_destroyed_and_restored_keeps_every_snapshot_and_name(
    tmp_path, own_field_key
):
    demo_with_names()
    published = dict(Snapshot.objects.values_list("pk", "checksum"))
    archive = tmp_path / "civicspace.tar.gz"

    manifest = backup_create(path=archive)
    destroy_database()
    assert database_is_empty()
    restored = backup_restore(path=archive)

    assert restored.ok, restored.check.lines()
    assert dict(Snapshot.objects.values_list("pk", "checksum")) == published
    assert all(checksum(s.data) == s.checksum for s in Snapshot.objects.all())
    assert restored.check.snapshots == len(published) == 14
    assert names_read_back() == sorted(NAMES)
    assert restored.check.names.total == manifest["counts"]["sealed names"] == 3
    assert sorted(s["sha256"] for s in manifest["snapshots"]) == sorted(published.values())


@committed
def test_backup_holds_the_database_and_manifest_but_no_key(tmp_path, own_field_key, settings):
    demo_with_names()
    archive = tmp_path / "civicspace.tar.gz"
    backup_create(path=archive)

    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        content = b"".join(tar.extractfile(m).read() for m in tar.getmembers())
    assert names[0] == "manifest.json"
    assert len(names) == 2
    assert names[1] in ("database.sqlite3", "database.pgdump")
    assert own_field_key.read_bytes().strip() not in content
    assert settings.SECRET_KEY.encode() not in content


@committed
def test_restore_refuses_to_replace_a_database_in_use_without_force(tmp_path, own_field_key):
    demo_with_names()
    archive = tmp_path / "civicspace.tar.gz"
    backup_create(path=archive)
    with pytest.raises(BackupError, match=r"not empty.*--force"):
        backup_restore(path=archive)
    assert backup_restore(path=archive, force=True).ok


@committed
def test_a_damaged_archive_is_refused_and_the_database_left_as_it_was(tmp_path, own_field_key):
    demo_with_names()
    archive = tmp_path / "civicspace.tar.gz"
    backup_create(path=archive)
    whole = archive.read_bytes()
    archive.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(BackupError, match="damaged"):
        backup_restore(path=archive, force=True)

    assert Snapshot.objects.count() == 14
    assert names_read_back() == sorted(NAMES)


@committed
def test_restore_with_another_key_names_the_unreadable_names_and_fails(
    tmp_path, own_field_key, monkeypatch, capsys
):
    demo_with_names()
    archive = tmp_path / "civicspace.tar.gz"
    backup_create(path=archive)
    monkeypatch.setenv("CIVICSPACE_FIELD_KEY", Fernet.generate_key().decode())

    assert main(["restore", str(archive), "--force"]) == 1

    captured = capsys.readouterr()
    assert "sealed panelist names: 0 of 3 open with the field key in use" in captured.out
    assert "UNREADABLE: 3 sealed name(s) were sealed with another field key" in captured.out
    assert "Install the key kept with this backup" in captured.out
    assert "the restored database does not pass its check" in captured.err
    assert "published snapshots: 14 of 14 match their checksum" in captured.out


def test_cli_round_trip_on_a_real_sqlite_file_while_it_is_open(tmp_path):
    """The operator's drill (docs/backup.md), on a real SQLite file, as separate processes."""
    data = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CIVIC"))}
    env["CIVICSPACE_DATA_DIR"] = str(data)
    civicspace = [sys.executable, "-m", "civicspace.cli"]

    def run(*args, expect=0):
        result = subprocess.run(
            [*civicspace, *args], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == expect, result.stdout + result.stderr
        return result.stdout

    run("manage", "migrate", "--noinput")
    run("demo", "load")
    run("manage", "shell", "-c", ADD_NAMES)
    key = data / "field_key"
    run("keys", "export", str(tmp_path / "field-key.backup"))
    assert (tmp_path / "field-key.backup").read_bytes() == key.read_bytes() + b"\n"
    # A long read transaction held open by another process (a running server) does not stop it.
    reader = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]);"
         " c.execute('BEGIN'); c.execute('SELECT count(*) FROM editorial_snapshot').fetchone();"
         " print('reading', flush=True); time.sleep(30)", str(data / "civicspace.sqlite3")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert reader.stdout.readline() == "reading\n"
        assert "sqlite backup written" in run("backup", str(tmp_path / "b.tar.gz"))
    finally:
        reader.kill()
        reader.wait()

    (data / "civicspace.sqlite3").unlink()
    key.unlink()
    run("restore", str(tmp_path / "b.tar.gz"), expect=1)  # a new key cannot open the names
    key.write_bytes((tmp_path / "field-key.backup").read_bytes())
    out = run("keys", "check")
    assert "sealed panelist names: 3 of 3 open with the field key in use" in out


ADD_NAMES = f"""
from civicspace.assessments.models import Cycle
from civicspace.assessments.panel_services import panel_get_or_create, panelist_add
panel = panel_get_or_create(cycle=Cycle.objects.filter(is_demo=True, snapshots=None).first())
for n, name in enumerate({NAMES!r}):
    panelist_add(panel=panel, code=f"N{{n}}", name=name)
"""


@committed
def test_event_attachments_are_backed_up_and_restored_with_their_bytes(
    tmp_path, own_field_key, settings
):
    import shutil

    from civicspace.monitoring.attachment_services import attachment_add
    from civicspace.monitoring.models import Event, EventAttachment
    from tests.apps.helpers import person

    settings.CIVICSPACE_ATTACHMENT_ROOT = tmp_path / "attachments"
    demo_with_names()
    data = b"%PDF-1.4\n% DEMO court order\n%%EOF\n"
    held = attachment_add(
        event=Event.objects.order_by("pk")[0],
        name="order.pdf",
        data=data,
        by=person("ed", "editor"),
    )
    archive = tmp_path / "civicspace.tar.gz"
    backup_create(path=archive)
    destroy_database()
    shutil.rmtree(settings.CIVICSPACE_ATTACHMENT_ROOT)

    restored = backup_restore(path=archive)

    assert restored.ok, restored.attachments_missing
    back = EventAttachment.objects.get(pk=held.pk)
    assert (settings.CIVICSPACE_ATTACHMENT_ROOT / back.stored_name).read_bytes() == data

    (settings.CIVICSPACE_ATTACHMENT_ROOT / back.stored_name).unlink()
    backup_create(path=archive)  # a row whose file is gone: the restore says so
    restored = backup_restore(path=archive, force=True)
    assert not restored.ok
    assert restored.attachments_missing == [
        f"attachment {held.pk} (order.pdf) of event {back.event_id}"
    ]

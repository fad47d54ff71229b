"""One archive holding a consistent copy of the database and a manifest; its restore and check.

The archive never holds the field key or the secret key: a stolen backup must not open the
sealed names. The key is backed up apart (`civicspace keys export`, docs/backup.md).
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.db import connection

from civicspace.editorial.models import Snapshot
from civicspace.monitoring.attachment_store import attachment_path
from civicspace.monitoring.models import EventAttachment
from civicspace.operations.checks import (
    DatabaseCheck,
    database_check,
    database_counts,
    database_is_empty,
    sealed_names_check,
)

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ATTACHMENTS = "attachments/"  # event attachments' bytes, under their stored names


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    check: DatabaseCheck
    snapshots_missing: list[str]
    attachments_missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.check.ok and not self.snapshots_missing and not self.attachments_missing


def _vendor() -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_tool(name: str) -> str:
    """A PostgreSQL client program: on PATH, else the newest in Debian's versioned folders."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client programs")
    return found


def _pg_arguments() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore, from the connection Django uses."""
    db = connection.settings_dict
    arguments = ["--dbname", str(db["NAME"])]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            arguments += [option, str(db[key])]
    environment = {**os.environ}
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _database_copy(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        # The online backup API: a consistent copy while the server goes on reading and writing.
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        arguments, environment = _pg_arguments()
        _run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             "--file", str(target), *arguments],
            environment,
        )  # fmt: skip


def _manifest(vendor: str, dump: Path) -> dict[str, Any]:
    names = sealed_names_check()
    return {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "civicspace_version": version("civicspace"),
        "counts": database_counts(),
        "snapshots": [
            {
                "country": s.cycle.country.iso2,
                "year": s.cycle.year,
                "revision": s.revision,
                "sha256": s.checksum,
            }
            for s in Snapshot.objects.select_related("cycle__country").order_by("pk")
        ],
        # Which key opens the names (never the key itself), so a restore can say which to use.
        "field_key": {
            "fingerprint": names.key_fingerprint,
            "sealed_names_readable": names.total - names.unreadable,
        },
        "files": {DUMPS[vendor]: _sha256(dump)},
    }


def _private(member: tarfile.TarInfo) -> tarfile.TarInfo:
    member.mode, member.uid, member.gid, member.uname, member.gname = 0o600, 0, 0, "", ""
    return member


def backup_create(*, path: Path) -> dict[str, Any]:
    """Write the archive to `path` (mode 0600, replaced only once complete); return its manifest."""
    vendor = _vendor()
    path = path.resolve()
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".civicspace-backup-") as work:
        dump = Path(work) / DUMPS[vendor]
        _database_copy(vendor, dump)
        manifest = _manifest(vendor, dump)
        attachments = _attachment_files()
        manifest["files"] |= {f"{ATTACHMENTS}{name}": _sha256(p) for name, p in attachments}
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            text = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(text), int(datetime.now(UTC).timestamp()), 0o600
            archive.addfile(info, io.BytesIO(text))
            archive.add(dump, arcname=dump.name, filter=_private)
            for name, file in attachments:
                archive.add(file, arcname=f"{ATTACHMENTS}{name}", filter=_private)
        partial.chmod(0o600)
        os.replace(partial, path)
    return manifest


def _attachment_files() -> list[tuple[str, Path]]:
    """The attachments' files that exist: a row whose file is gone is reported on restore."""
    found = []
    for name in EventAttachment.objects.values_list("stored_name", flat=True).order_by("pk"):
        path = attachment_path(name)
        if path.is_file():
            found.append((name, path))
    return found


def _attachments_restore(path: Path, manifest: dict[str, Any]) -> list[str]:
    """Put the archive's attachment files back (each checked against the manifest); return the
    attachments of the restored database whose file is still missing."""
    listed = {k: v for k, v in manifest["files"].items() if k.startswith(ATTACHMENTS)}
    if listed:
        try:
            with tarfile.open(path, "r:*") as archive:
                for arcname, sha256 in listed.items():
                    member = archive.extractfile(arcname)
                    if member is None:
                        continue
                    data = member.read()
                    if hashlib.sha256(data).hexdigest() != sha256:
                        raise BackupError(f"{path}: {arcname} does not match the manifest")
                    restored = attachment_path(arcname.removeprefix(ATTACHMENTS))
                    restored.write_bytes(data)
                    restored.chmod(0o600)  # as attachment_write leaves a file: owner only
        except (tarfile.TarError, KeyError, EOFError, zlib.error) as exc:
            raise BackupError(
                f"{path} is damaged, its attachments cannot be read ({exc})"
            ) from None
    return [
        f"attachment {pk} ({name}) of event {event}"
        for pk, name, event, stored in EventAttachment.objects.values_list(
            "pk", "name", "event_id", "stored_name"
        ).order_by("pk")
        if not attachment_path(stored).is_file()
    ]


def backup_manifest(*, path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError, EOFError, zlib.error) as exc:
        raise BackupError(f"{path} is not a civicspace backup ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: backup format {manifest.get('format')} is not {FORMAT}")
    return manifest


def _extract_dump(path: Path, manifest: dict[str, Any], work: Path) -> Path:
    """The archive's database file, checked against the manifest's SHA-256."""
    name = DUMPS[manifest["database"]]
    target = work / name
    try:
        with tarfile.open(path, "r:*") as archive:
            member = archive.extractfile(name)
            if member is None:
                raise KeyError(name)
            with target.open("wb") as out:
                shutil.copyfileobj(member, out)
    except (tarfile.TarError, KeyError, EOFError, zlib.error) as exc:
        raise BackupError(f"{path} is damaged, its {name} cannot be read ({exc})") from None
    if _sha256(target) != manifest["files"][name]:
        raise BackupError(f"{path}: {name} does not match the manifest's SHA-256 (damaged copy?)")
    return target


def _database_replace(vendor: str, dump: Path) -> None:
    if vendor == "sqlite":
        source = sqlite3.connect(dump)
        try:
            _sqlite_replace(source)
        except sqlite3.Error as exc:
            raise BackupError(f"the backup's SQLite database cannot be read ({exc})") from None
        finally:
            source.close()
    else:
        connection.close()  # holds no lock while pg_restore drops and recreates the tables
        arguments, environment = _pg_arguments()
        _run(
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", *arguments, str(dump)],
            environment,
        )  # fmt: skip


def _sqlite_replace(source: sqlite3.Connection) -> None:
    # CHECK constraints use Django's own SQL functions: the page structure is what counts.
    source.execute("PRAGMA ignore_check_constraints = ON")
    if source.execute("PRAGMA integrity_check").fetchone() != ("ok",):
        raise BackupError("the backup's SQLite database fails its integrity check")
    connection.ensure_connection()
    source.backup(connection.connection)


def backup_restore(*, path: Path, force: bool = False) -> Restored:
    """Replace the database with the archive's copy, then check snapshots and sealed names."""
    manifest = backup_manifest(path=path)
    vendor = _vendor()
    if manifest["database"] != vendor:
        raise BackupError(
            f"{path} holds a {manifest['database']} database; this site uses {vendor}"
        )
    if not force and not database_is_empty():
        raise BackupError(
            "the database is not empty: restoring would replace it; add --force to replace it"
        )
    with tempfile.TemporaryDirectory(prefix="civicspace-restore-") as work:
        _database_replace(vendor, _extract_dump(path, manifest, Path(work)))
    stored = {
        (s.cycle.country.iso2, s.cycle.year, s.revision): s.checksum
        for s in Snapshot.objects.select_related("cycle__country")
    }
    missing = [
        f"{s['country']} {s['year']} revision {s['revision']}"
        for s in manifest["snapshots"]
        if stored.get((s["country"], s["year"], s["revision"])) != s["sha256"]
    ]
    return Restored(
        manifest=manifest,
        check=database_check(),
        snapshots_missing=missing,
        attachments_missing=_attachments_restore(path, manifest),
    )

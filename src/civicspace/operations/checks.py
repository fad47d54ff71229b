"""What must hold of a restored (or any) database: snapshots verify, sealed names open."""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.fernet import InvalidToken
from django.contrib.auth import get_user_model
from django.db import connection

from civicspace.assessments.models import Cycle, Panelist
from civicspace.assessments.sealing import current_key, key_fingerprint, keyring
from civicspace.audit.models import AuditEvent
from civicspace.countries.models import Country
from civicspace.editorial.models import Snapshot
from civicspace.publishing.verification import snapshots_to_verify, verify_snapshot


@dataclass(frozen=True)
class SealedNames:
    total: int
    unreadable: int
    key_fingerprint: str

    @property
    def ok(self) -> bool:
        return not self.unreadable

    def lines(self) -> list[str]:
        lines = [
            f"sealed panelist names: {self.total - self.unreadable} of {self.total} open with"
            f" the field key in use (fingerprint {self.key_fingerprint})"
        ]
        if self.unreadable:
            lines.append(
                f"  UNREADABLE: {self.unreadable} sealed name(s) were sealed with another field"
                " key. Install the key kept with this backup (docs/backup.md, 'The field key')"
                " as CIVICSPACE_FIELD_KEY or in the data folder's field_key, then run"
                " `civicspace keys check`; do not add names or rotate the key until then."
            )
        return lines


@dataclass(frozen=True)
class DatabaseCheck:
    snapshots: int
    names: SealedNames
    snapshots_failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.snapshots_failed and self.names.ok

    def lines(self) -> list[str]:
        good = self.snapshots - len(self.snapshots_failed)
        lines = [
            f"published snapshots: {good} of {self.snapshots} match their checksum and"
            " recompute to the numbers they show"
        ]
        lines += [f"  FAILED: {failure}" for failure in self.snapshots_failed]
        if self.snapshots_failed:
            lines.append("  (`civicspace verify --all` lists every difference)")
        return lines + self.names.lines()


def sealed_names_check() -> SealedNames:
    """Try to open every sealed name with the keys in use."""
    ring = keyring()
    tokens = list(Panelist.objects.exclude(sealed_name=None).values_list("sealed_name", flat=True))
    unreadable = 0
    for token in tokens:
        try:
            ring.decrypt(bytes(token or b""))
        except InvalidToken:
            unreadable += 1
    return SealedNames(
        total=len(tokens), unreadable=unreadable, key_fingerprint=key_fingerprint(current_key())
    )


def database_check() -> DatabaseCheck:
    """Every published snapshot verified (checksum, numbers recomputed); every name opened."""
    snapshots = snapshots_to_verify()
    failed = []
    for snapshot in snapshots:
        result = verify_snapshot(snapshot)
        if not result.ok:
            name = f"{snapshot.cycle.country.iso2} {snapshot.cycle.year} r{snapshot.revision}"
            why = "checksum differs" if not result.checksum_ok else str(result.mismatches[0])
            failed.append(f"{name}: {why}")
    return DatabaseCheck(
        snapshots=len(snapshots), snapshots_failed=failed, names=sealed_names_check()
    )


def database_counts() -> dict[str, int]:
    return {
        "countries in the programme": Country.objects.filter(in_programme=True).count(),
        "cycles": Cycle.objects.count(),
        "published snapshots": Snapshot.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "panelists": Panelist.objects.count(),
        "sealed names": Panelist.objects.exclude(sealed_name=None).count(),
        "users": get_user_model().objects.count(),
    }


def database_is_empty() -> bool:
    """True for a database without civicspace's tables or without users, cycles and snapshots."""
    tables = set(connection.introspection.table_names())
    models = (get_user_model(), Cycle, Snapshot)
    if not all(model._meta.db_table in tables for model in models):
        return True
    return not any(model.objects.exists() for model in models)

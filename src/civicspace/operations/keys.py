"""The field key that seals panelist names: its export and its rotation, losing no name."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.db import transaction

from civicspace.assessments.models import Panelist
from civicspace.assessments.sealing import (
    current_key,
    key_file,
    key_fingerprint,
    key_from_environment,
    keyring,
    pending_key_file,
    readable_keys,
)


class FieldKeyError(Exception):
    """A key operation refused; the message says what to do."""


@dataclass(frozen=True)
class Rotation:
    resealed: int
    fingerprint: str
    # Set when the key comes from the environment and the operator must install it first.
    new_key: str = ""


def _write_private(path: Path, content: bytes) -> None:
    """Create `path` readable by its owner only, from the first byte; never overwrite."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)


def field_key_export(*, path: Path) -> str:
    """Write the field key in use to `path` (0600, one line); return its fingerprint."""
    key = current_key()
    try:
        _write_private(path, key + b"\n")
    except FileExistsError:
        raise FieldKeyError(f"{path} exists: choose a new file for the key") from None
    return key_fingerprint(key)


@transaction.atomic
def sealed_names_reseal(*, keys: list[bytes]) -> int:
    """Seal every sealed name again with keys[0], opening it with any of `keys`: all or none."""
    ring = keyring(keys)
    count = 0
    panelists = Panelist.objects.select_for_update().exclude(sealed_name=None).order_by("pk")
    for pk, token in panelists.values_list("pk", "sealed_name"):
        try:
            fresh = ring.rotate(bytes(token or b""))
        except InvalidToken:
            raise FieldKeyError(
                f"panelist #{pk}'s name opens with none of the known field keys; nothing was"
                " changed. Install the key it was sealed with (CIVICSPACE_FIELD_KEYS_OLD)."
            ) from None
        Panelist.objects.filter(pk=pk).update(sealed_name=fresh)
        count += 1
    return count


def _all_open_with(key: bytes) -> bool:
    only = Fernet(key)
    for token in Panelist.objects.exclude(sealed_name=None).values_list("sealed_name", flat=True):
        try:
            only.decrypt(bytes(token or b""))
        except InvalidToken:
            return False
    return True


def field_key_rotate() -> Rotation:
    """Move every sealed name to a new field key.

    Key file: the new key is written first (field_key.next, 0600) and read as a key from then
    on, the names are sealed again in one transaction, and only then does the new key replace
    field_key; an interrupted rotation is finished by running it again.

    Environment: the new key is only made and returned; once the operator has set it as
    CIVICSPACE_FIELD_KEY, with the old one in CIVICSPACE_FIELD_KEYS_OLD, the next run seals
    every name with it.
    """
    if key_from_environment():
        if not os.environ.get("CIVICSPACE_FIELD_KEYS_OLD"):
            return Rotation(
                resealed=0,
                fingerprint=key_fingerprint(current_key()),
                new_key=Fernet.generate_key().decode(),
            )
        resealed = sealed_names_reseal(keys=readable_keys())
        return Rotation(resealed=resealed, fingerprint=key_fingerprint(current_key()))
    current_key()  # a site's first key, if it has none yet
    pending = pending_key_file()
    if not pending.exists():
        _write_private(pending, Fernet.generate_key())
    new = pending.read_bytes().strip()
    resealed = sealed_names_reseal(keys=readable_keys())
    # Again for a name sealed with the old key by a request that began before field_key.next
    # existed; the old key is dropped only once the new one alone opens every name.
    for _ in range(3):
        if _all_open_with(new):
            break
        resealed += sealed_names_reseal(keys=readable_keys())
    else:
        raise FieldKeyError(
            "names are still being sealed with the old key: run `civicspace keys rotate` again"
        )
    os.replace(pending, key_file())
    return Rotation(resealed=resealed, fingerprint=key_fingerprint(new))

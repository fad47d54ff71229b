"""Encryption at rest for the few fields that identify people (panelist names, when kept at all)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def key_file() -> Path:
    return Path(settings.DATA_DIR) / "field_key"


def pending_key_file() -> Path:
    """The next key while a rotation runs: read as a key too, so a crash loses no name."""
    return Path(settings.DATA_DIR) / "field_key.next"


def key_from_environment() -> bool:
    return bool(os.environ.get("CIVICSPACE_FIELD_KEY"))


def current_key() -> bytes:
    """From CIVICSPACE_FIELD_KEY in production; otherwise a key kept in the data folder."""
    if key := os.environ.get("CIVICSPACE_FIELD_KEY"):
        return key.strip().encode()
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(Fernet.generate_key())
        path.chmod(0o600)
    return path.read_bytes().strip()


def readable_keys() -> list[bytes]:
    """Every key that may open a sealed value, the one that seals first: a running rotation's
    new key, else the current key; then the retired keys of CIVICSPACE_FIELD_KEYS_OLD."""
    keys = [current_key()]
    pending = pending_key_file()
    if not key_from_environment() and pending.exists():
        keys.insert(0, pending.read_bytes().strip())
    old = os.environ.get("CIVICSPACE_FIELD_KEYS_OLD", "")
    keys += [part.strip().encode() for part in old.split(",") if part.strip()]
    return keys


def keyring(keys: list[bytes] | None = None) -> MultiFernet:
    """Seals with the first key, opens with any of them."""
    return MultiFernet([Fernet(key) for key in keys or readable_keys()])


def key_fingerprint(key: bytes) -> str:
    """Names a key without revealing it (in manifests and messages)."""
    return hashlib.sha256(b"civicspace field key\0" + key).hexdigest()[:16]


def seal(text: str) -> bytes:
    return keyring().encrypt(text.encode("utf-8"))


def unseal(token: bytes) -> str:
    try:
        return keyring().decrypt(bytes(token)).decode("utf-8")
    except InvalidToken:
        raise ValueError("this name was sealed with another key") from None

"""Encryption at rest for the few fields that identify people (panelist names, when kept at all)."""

from __future__ import annotations

import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _key() -> bytes:
    """From CIVICSPACE_FIELD_KEY in production; otherwise a key kept beside the database."""
    if key := os.environ.get("CIVICSPACE_FIELD_KEY"):
        return key.encode()
    path = settings.DATA_DIR / "field_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(Fernet.generate_key())
        path.chmod(0o600)
    return path.read_bytes().strip()


def seal(text: str) -> bytes:
    return Fernet(_key()).encrypt(text.encode("utf-8"))


def unseal(token: bytes) -> str:
    try:
        return Fernet(_key()).decrypt(bytes(token)).decode("utf-8")
    except InvalidToken:
        raise ValueError("this name was sealed with another key") from None

"""Where event attachments' bytes live: a private folder, files named by random keys."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings


def _root() -> Path:
    root = Path(settings.CIVICSPACE_ATTACHMENT_ROOT)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def attachment_path(stored_name: str) -> Path:
    """The file of `stored_name`; the name is ours (hex), never a user's, so it cannot escape."""
    if not stored_name.isalnum():
        raise ValueError(f"not a stored attachment name: {stored_name!r}")
    return _root() / stored_name


def attachment_write(data: bytes) -> str:
    """Store `data` under a new unguessable name (0600) and return the name."""
    stored_name = secrets.token_hex(32)
    path = attachment_path(stored_name)
    with path.open("xb") as out:
        out.write(data)
    path.chmod(0o600)
    return stored_name


def attachment_unlink(stored_name: str) -> None:
    attachment_path(stored_name).unlink(missing_ok=True)

"""Members' API tokens: issue (the token is shown once), revoke, list, and the look-up the write
API authenticates with. A token is random; only its SHA-256 digest is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from civicspace.accounts.models import ApiToken, Role
from civicspace.audit.services import audit_record
from civicspace.countries.models import Country

# Says what the secret is when it turns up in a log or a repository (not itself a secret).
TOKEN_START = "cs_"  # noqa: S105
PREFIX_LENGTH = len(TOKEN_START) + 6
# A use is written at most this often per token: a busy client must not make every request
# a write.
LAST_USED_RESOLUTION_SECONDS = 60


class TokenError(Exception):
    """A token cannot be issued or revoked; the message says why."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _member_country(user: AbstractBaseUser) -> Country | None:
    role = (
        Role.objects.filter(user_id=user.pk, kind=Role.Kind.MEMBER)
        .select_related("country")
        .order_by("country__name")
        .first()
    )
    return None if role is None else role.country


def _audit(token: ApiToken, *, by: AbstractBaseUser | None, change: str) -> None:
    audit_record(
        cycle=None,
        country=token.country,
        by=by,
        action="token",
        target=token.prefix,
        after={"change": change, "owner": token.user.get_username(), "name": token.name},
    )


@transaction.atomic
def token_issue(
    *, user: AbstractBaseUser, name: str = "", by: AbstractBaseUser | None
) -> IssuedToken:
    """A new token for a Network Member (write scope: their own country's events). `by` is the
    member themself in the workspace, or None on the command line."""
    country = _member_country(user)
    if country is None or not user.is_active:
        raise TokenError(
            f"{user.get_username()} is not an active Network Member: tokens write events for a"
            " member's own country, and an editor's work is done in the workspace"
        )
    secret = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user_id=user.pk,
        country=country,
        name=name.strip()[:100],
        prefix=secret[:PREFIX_LENGTH],
        digest=token_digest(secret),
    )
    _audit(token, by=by, change="issue")
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, token: ApiToken, by: AbstractBaseUser | None) -> ApiToken:
    """Revoke a token at once; revoking it again changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("user", "country").get(pk=token.pk)
    if by is not None and by.pk != token.user_id:
        raise TokenError(
            "A member revokes their own tokens (an administrator, on the command line)"
        )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _audit(token, by=by, change="revoke")
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The live token with this secret, its last use noted; None for anything else."""
    if not secret.startswith(TOKEN_START):
        return None
    token = (
        ApiToken.objects.select_related("user", "country")
        .filter(digest=token_digest(secret), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(user: AbstractBaseUser | None = None) -> QuerySet[ApiToken]:
    """Tokens, newest first: one person's, or everyone's (the command line's list)."""
    tokens = ApiToken.objects.select_related("user", "country")
    return tokens if user is None else tokens.filter(user_id=user.pk)


def token_find(*, prefix_or_id: str, user: AbstractBaseUser | None = None) -> ApiToken:
    """One token by its number or by how it begins (as lists show it)."""
    tokens = tokens_of(user)
    found = (
        tokens.filter(pk=int(prefix_or_id))
        if prefix_or_id.isdigit()
        else tokens.filter(prefix__startswith=prefix_or_id[:PREFIX_LENGTH])
    )
    matches = list(found[:2])
    if len(matches) != 1:
        raise TokenError(
            f"no token {prefix_or_id!r}"
            if not matches
            else f"{prefix_or_id!r} names several tokens"
        )
    return matches[0]

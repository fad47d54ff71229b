"""Granting, changing and revoking roles (the admin does), each in the audit trail: whose role,
which kind, for which country, and who changed it."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from civicspace.accounts.models import Role
from civicspace.audit.actions import AuditAction
from civicspace.audit.services import audited_delete, audited_save

ROLE_FIELDS = ("user", "kind", "country")


def role_save(*, role: Role, by: AbstractBaseUser | None) -> Role:
    """A role granted (new) or changed (its person, kind or country). The roles a request has
    read are read again once it is saved (accounts.apps), the next request's afresh."""
    return audited_save(
        record=role,
        by=by,
        action=AuditAction.ROLE,
        target=role.user.get_username(),
        fields=ROLE_FIELDS,
        added="grant",
    )


def role_revoke(*, role: Role, by: AbstractBaseUser | None) -> None:
    audited_delete(
        record=role,
        by=by,
        action=AuditAction.ROLE,
        target=role.user.get_username(),
        fields=ROLE_FIELDS,
        deleted="revoke",
    )

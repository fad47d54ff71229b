"""People's accounts, groups of permissions, second factors and sign-in locks as the admin
changes them, each change in the audit trail (never a password, a key or a backup code)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.db import transaction
from django.db.models import Model
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicspace.accounts.models import Role
from civicspace.accounts.role_services import role_revoke
from civicspace.audit.actions import AuditAction
from civicspace.audit.services import (
    audit_record,
    audited_delete,
    audited_relation_set,
    audited_save,
)

# What the trail keeps of an account: the password only as "set" or "unusable", never its hash.
ACCOUNT_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
    "last_login",
    "date_joined",
)
GROUP_FIELDS = ("name",)
# A device's settings, never its key (TOTP) nor its backup codes (static): those are secrets
# (a replaced key is written as "replaced"). A TOTP device's throttling too: its admin edits it.
THROTTLING_FIELDS = ("throttling_failure_timestamp", "throttling_failure_count")
DEVICE_FIELDS: dict[type[Model], tuple[str, ...]] = {
    TOTPDevice: (
        "user",
        "name",
        "confirmed",
        "step",
        "t0",
        "digits",
        "tolerance",
        "drift",
        *THROTTLING_FIELDS,
    ),
    StaticDevice: ("user", "name", "confirmed"),
}
ATTEMPT_FIELDS = ("username", "ip_address", "failures_since_start", "attempt_time")


def _password(account: AbstractBaseUser) -> str:
    return "set" if account.has_usable_password() else "unusable"


def account_save(*, account: AbstractBaseUser, by: AbstractBaseUser | None) -> AbstractBaseUser:
    """An account added or changed: names, e-mail, whether it is active, staff, superuser."""
    extra = {"password": _password(account)} if account.pk is None else None
    return audited_save(
        record=account,
        by=by,
        action=AuditAction.ACCOUNT,
        target=account.get_username(),
        fields=ACCOUNT_FIELDS,
        extra=extra,
    )


def account_password_set(
    *, account: AbstractBaseUser, by: AbstractBaseUser | None
) -> AbstractBaseUser:
    """A password the admin set (or sign-in by password turned off): the trail says which,
    never the password."""
    return audited_save(
        record=account,
        by=by,
        action=AuditAction.ACCOUNT,
        target=account.get_username(),
        fields=ACCOUNT_FIELDS,
        extra={"change": "password", "password": _password(account)},
    )


def account_access_set(
    *,
    account: AbstractBaseUser,
    groups: Iterable[Group],
    permissions: Iterable[Permission],
    by: AbstractBaseUser | None,
) -> None:
    """The groups an account belongs to and the permissions it holds itself."""
    name = account.get_username()
    with transaction.atomic():
        for relation, related in (("groups", groups), ("user_permissions", permissions)):
            audited_relation_set(
                record=account,
                relation=relation,
                related=related,
                by=by,
                action=AuditAction.ACCOUNT,
                target=name,
            )


def account_delete(*, account: AbstractBaseUser, by: AbstractBaseUser | None) -> None:
    """An account, its roles revoked first (each in the trail); its row counts the second
    factors that go with it. One that made changes in the trail is protected by it, and nothing
    is written (nor is one that holds API tokens, read-only in the admin)."""
    with transaction.atomic():
        for role in Role.objects.filter(user_id=account.pk).select_related("user", "country"):
            role_revoke(role=role, by=by)
        audited_delete(
            record=account,
            by=by,
            action=AuditAction.ACCOUNT,
            target=account.get_username(),
            fields=(*ACCOUNT_FIELDS, "groups", "user_permissions"),
            extra={
                "second_factors": sum(
                    model._default_manager.filter(user_id=account.pk).count()
                    for model in DEVICE_FIELDS
                ),
            },
        )


def group_save(*, group: Group, by: AbstractBaseUser | None) -> Group:
    return audited_save(
        record=group, by=by, action=AuditAction.GROUP, target=group.name, fields=GROUP_FIELDS
    )


def group_permissions_set(
    *, group: Group, permissions: Iterable[Permission], by: AbstractBaseUser | None
) -> None:
    audited_relation_set(
        record=group,
        relation="permissions",
        related=permissions,
        by=by,
        action=AuditAction.GROUP,
        target=group.name,
    )


def group_delete(*, group: Group, by: AbstractBaseUser | None) -> None:
    audited_delete(
        record=group,
        by=by,
        action=AuditAction.GROUP,
        target=group.name,
        fields=(*GROUP_FIELDS, "permissions"),
    )


def _device_fields(device: Device) -> Sequence[str]:
    return DEVICE_FIELDS[type(device)]


def second_factor_save(*, device: Device, by: AbstractBaseUser | None) -> Device:
    """A TOTP or static device added or changed for someone; a TOTP key replaced is written as
    "replaced", never its value."""
    with transaction.atomic():
        extra = None
        if isinstance(device, TOTPDevice) and device.pk is not None:
            stored = TOTPDevice.objects.filter(pk=device.pk).values_list("key", flat=True).first()
            if stored is not None and stored != device.key:
                extra = {"key": "replaced"}
        return audited_save(
            record=device,
            by=by,
            action=AuditAction.SECOND_FACTOR,
            target=device.user.get_username(),
            fields=_device_fields(device),
            extra=extra,
        )


def second_factor_delete(*, device: Device, by: AbstractBaseUser | None) -> None:
    """Deleting someone's devices is how a lost phone is reset (docs/accounts.md)."""
    audited_delete(
        record=device,
        by=by,
        action=AuditAction.SECOND_FACTOR,
        target=device.user.get_username(),
        fields=_device_fields(device),
    )


def backup_codes_set(
    *,
    device: StaticDevice,
    saved: Iterable[StaticToken],
    deleted: Iterable[StaticToken],
    by: AbstractBaseUser | None,
) -> None:
    """Backup codes of a static device added, changed or deleted: the trail counts them."""
    saved, deleted = list(saved), list(deleted)
    if not saved and not deleted:
        return
    with transaction.atomic():
        before = device.token_set.count()
        for token in deleted:
            token.delete()
        for token in saved:
            token.save()
        audit_record(
            cycle=None,
            by=by,
            action=AuditAction.SECOND_FACTOR,
            target=device.user.get_username(),
            before={"name": device.name, "backup codes": before},
            after={
                "name": device.name,
                "backup codes": device.token_set.count(),
                "change": "change",
            },
        )


def sign_in_lock_clear(*, attempt: AccessAttempt, by: AbstractBaseUser | None) -> None:
    """Failed sign-ins forgotten, which lifts a lock-out (axes counts them)."""
    audited_delete(
        record=attempt,
        by=by,
        action=AuditAction.SIGN_IN_LOCK,
        target=attempt.username or attempt.ip_address or "",
        fields=ATTEMPT_FIELDS,
        deleted="clear",
    )

"""People in the admin (accounts, groups, second factors, sign-in locks): Django's, django-otp's
and axes' own pages, each write going through accounts/account_services.py, which audits it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicspace.accounts.account_services import (
    account_access_set,
    account_delete,
    account_password_set,
    account_save,
    backup_codes_set,
    group_delete,
    group_permissions_set,
    group_save,
    second_factor_delete,
    second_factor_save,
    sign_in_lock_clear,
)
from civicspace.accounts.permissions import signed_in_user

User = get_user_model()

# Who is setting a password on the admin's password page: Django builds that page's form
# itself, without the request, so the form reads it from here (set around the page only).
_password_setter: ContextVar[AbstractBaseUser | None] = ContextVar("password_setter", default=None)


@contextmanager
def _setting_passwords(by: AbstractBaseUser) -> Iterator[None]:
    token = _password_setter.set(by)
    try:
        yield
    finally:
        _password_setter.reset(token)


class AuditedPasswordChangeForm(AdminPasswordChangeForm):  # type: ignore[type-arg]
    def save(self, commit: bool = True) -> Any:
        account = super().save(commit=False)
        if commit:
            by = _password_setter.get()
            assert by is not None, "the admin's password page sets who is changing it"
            account_password_set(account=account, by=by)
        return account


class AuditedUserAdmin(UserAdmin):  # type: ignore[type-arg]
    change_password_form = AuditedPasswordChangeForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The form's dates come back to the second: an unchanged one keeps what is stored (else
        # every save would change, and audit, the last sign-in's microseconds).
        for name in ("last_login", "date_joined"):
            stored, posted = form.initial.get(name), getattr(obj, name)
            if change and stored and posted and stored.replace(microsecond=0) == posted:
                setattr(obj, name, stored)
        account_save(account=obj, by=signed_in_user(request))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Instead of the form's own many-to-many save (the add form has neither field).
        data = form.cleaned_data
        if "groups" in data or "user_permissions" in data:
            account_access_set(
                account=form.instance,
                groups=data.get("groups", form.instance.groups.all()),
                permissions=data.get("user_permissions", form.instance.user_permissions.all()),
                by=signed_in_user(request),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        account_delete(account=obj, by=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for account in queryset:
            account_delete(account=account, by=signed_in_user(request))

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with _setting_passwords(signed_in_user(request)):
            return super().user_change_password(request, id, form_url)


class AuditedGroupAdmin(GroupAdmin):
    def save_model(self, request: HttpRequest, obj: Group, form: Any, change: bool) -> None:
        group_save(group=obj, by=signed_in_user(request))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        group_permissions_set(
            group=form.instance,
            permissions=form.cleaned_data.get("permissions", []),
            by=signed_in_user(request),
        )

    def delete_model(self, request: HttpRequest, obj: Group) -> None:
        group_delete(group=obj, by=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Group]) -> None:
        for group in queryset:
            group_delete(group=group, by=signed_in_user(request))


class _AuditedDevices:
    """Second factors added, changed or deleted through the admin, each in the trail."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        second_factor_save(device=obj, by=signed_in_user(request))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        second_factor_delete(device=obj, by=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for device in queryset:
            second_factor_delete(device=device, by=signed_in_user(request))


class AuditedTOTPDeviceAdmin(_AuditedDevices, TOTPDeviceAdmin):  # type: ignore[misc]
    pass


class AuditedStaticDeviceAdmin(_AuditedDevices, StaticDeviceAdmin):  # type: ignore[misc]
    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # The backup codes (shown only where OTP_ADMIN_HIDE_SENSITIVE_DATA allows), counted.
        saved = formset.save(commit=False)
        backup_codes_set(
            device=form.instance,
            saved=saved,
            deleted=formset.deleted_objects,
            by=signed_in_user(request),
        )


class AuditedAccessAttemptAdmin(AccessAttemptAdmin):  # type: ignore[misc]
    """Deleting failed sign-ins lifts a lock-out: audited. Nothing else is written here (axes'
    own clean-up of expired attempts runs as sign-ins come in)."""

    actions: list[Any] = []

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        sign_in_lock_clear(attempt=obj, by=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        for attempt in queryset:
            sign_in_lock_clear(attempt=attempt, by=signed_in_user(request))


class _Record:
    """Axes' logs of sign-ins are the record of who tried what: read, never changed or deleted."""

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SignInLogAdmin(_Record, AccessLogAdmin):  # type: ignore[misc]
    pass


class FailedSignInLogAdmin(_Record, AccessFailureLogAdmin):  # type: ignore[misc]
    pass


AUDITED: dict[type[Model], type[admin.ModelAdmin[Any]]] = {
    User: AuditedUserAdmin,
    Group: AuditedGroupAdmin,
    TOTPDevice: AuditedTOTPDeviceAdmin,
    StaticDevice: AuditedStaticDeviceAdmin,
    AccessAttempt: AuditedAccessAttemptAdmin,
    AccessLog: SignInLogAdmin,
    AccessFailureLog: FailedSignInLogAdmin,
}


def people_admin_register(site: admin.AdminSite) -> None:
    """Put the audited pages in place of the apps' own (registered when their admin modules
    were imported, above)."""
    for model, model_admin in AUDITED.items():
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)

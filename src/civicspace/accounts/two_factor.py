"""Two-factor sign-in: who needs it, an authenticator app's enrolment, and recovery codes."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicspace.accounts.permissions import User, is_editor

RECOVERY_CODES = 10
AUTHENTICATOR = "authenticator app"
RECOVERY = "recovery codes"


def second_factor_required(user: User) -> bool:
    """Consortium roles (editors, staff, superusers) always; anyone else once they enrolled."""
    if not user.is_authenticated:
        return False
    consortium = bool(getattr(user, "is_staff", False)) or is_editor(user)
    return consortium or bool(user_has_device(user, confirmed=True))


def second_factor_enrolled(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists())


@transaction.atomic
def second_factor_enrol_unattended(*, user: Any) -> tuple[str, list[str]]:
    """A confirmed authenticator device and fresh recovery codes, set up without the person
    (the demo admin): returns the app's otpauth:// address and the codes."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=True)
    return device.config_url, recovery_codes_renew(user=user)


def totp_device_pending(*, user: Any) -> TOTPDevice:
    """The authenticator app being set up: one unconfirmed device, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the app with a code it shows; then it replaces any earlier app, and fresh
    recovery codes are returned (to show once). None if the code is wrong."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user=device.user)


@transaction.atomic
def recovery_codes_renew(*, user: Any) -> list[str]:
    """New one-time recovery codes; the earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, user: Any, token: str) -> Device | None:
    """The device that accepts `token` (an app's code, or a recovery code, which then expires)."""
    token = token.strip().replace(" ", "").lower()
    # An app's code is six digits, a recovery code eight characters: only that kind of device is
    # asked, so a recovery code never counts as a wrong app code (which slows the next try).
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, kind) and device.verify_token(token):
                return device
    return None


def second_factor_throttled(*, user: Any) -> bool:
    """After wrong codes each device waits longer (1 s, 2 s, 4 s, ...) before it checks again."""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The app's otpauth:// address as an inline SVG QR code, made here (no outside service)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2))


def totp_secret(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))

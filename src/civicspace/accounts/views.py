"""Two-factor sign-in pages: verify a code, set up an authenticator app, see recovery codes."""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from civicspace.accounts.forms import TokenForm
from civicspace.accounts.two_factor import (
    second_factor_enrolled,
    second_factor_required,
    second_factor_throttled,
    second_factor_verify,
    totp_device_confirm,
    totp_device_pending,
    totp_qr_svg,
    totp_secret,
)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("assessments:home")


def _verified(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in; a first-time consortium user is sent to set up an app."""
    if _verified(request):
        return HttpResponseRedirect(_next(request))
    if not second_factor_enrolled(request.user):
        return redirect(f"{reverse('two_factor:enrol')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if form.is_valid():
        # Asked before this try: each wrong code makes the devices wait longer before the next.
        if second_factor_throttled(user=request.user):
            form.add_error("token", _("Too many wrong codes: wait a minute, then try again."))
        elif device := second_factor_verify(user=request.user, token=form.cleaned_data["token"]):
            django_otp.login(request, device)
            return HttpResponseRedirect(_next(request))
        else:
            form.add_error("token", _("That code is not valid (or was already used). Try again."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


@never_cache  # the page shows the app's secret, then the recovery codes
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app. Replacing an enrolled app needs its code first, so a stolen
    password alone never enrols an attacker's phone."""
    if second_factor_enrolled(request.user) and not _verified(request):
        return redirect(f"{reverse('two_factor:verify')}?{request.GET.urlencode()}")
    device = totp_device_pending(user=request.user)
    form = TokenForm(request.POST or None)
    context: dict[str, Any] = {
        "form": form,
        "next": _next(request),
        "required": second_factor_required(request.user),
        "enrolled": second_factor_enrolled(request.user),
        "otpauth_uri": device.config_url,
        "qr_svg": totp_qr_svg(device),
        "secret": totp_secret(device),
    }
    if form.is_valid():
        codes = totp_device_confirm(device=device, token=form.cleaned_data["token"])
        if codes is not None:
            django_otp.login(request, device)
            context = {"codes": codes, "next": _next(request)}
            return render(request, "accounts/two_factor_recovery_codes.html", context)
        form.add_error("token", _("That code is not valid. Check the app's clock and try again."))
    return render(request, "accounts/two_factor_enrol.html", context)

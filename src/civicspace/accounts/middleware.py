"""Consortium accounts reach the workspace and the admin only with a verified second factor;
a request reads each user's roles once."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from civicspace.accounts.permissions import roles_remembered
from civicspace.accounts.two_factor import second_factor_required

# Public pages are left alone: they never touch the session, so they stay the same for all.
GUARDED = ("/workspace/", "/admin/")
OPEN = ("/admin/login/", "/admin/logout/")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(GUARDED) and not request.path.startswith(OPEN):
            user = request.user
            if (
                user.is_authenticated
                and not user.is_verified()  # type: ignore[attr-defined]  # OTPMiddleware adds it
                and second_factor_required(user)
            ):
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('two_factor:verify')}?{query}")
        return self.get_response(request)


class RolesPerRequestMiddleware:
    """A user's roles are read once a request, not once a predicate (a score page asks a dozen
    times); the next request reads them afresh, so a granted or revoked role counts at once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with roles_remembered():
            return self.get_response(request)

"""Rate limits kept in the shared cache, and the password-reset request they guard."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from civicspace.site.middleware import client_address

HOUR = 3600


def over_limit(*, scope: str, key: str, limit: int, period: int = HOUR) -> bool:
    """Count one more request for `key`; True once there were more than `limit` in `period`."""
    # Hashed: the cache then holds no e-mail or client address.
    cache_key = f"throttle:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
    cache.add(cache_key, 0, period)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, period)
        count = 1
    return count > limit


class ThrottledPasswordResetView(PasswordResetView):
    """Django's reset request, limited per address (429) and per e-mail address (sends nothing
    more, and says so no differently, so the answer never tells whether an account exists)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = settings.CIVICSPACE_RESET_PER_ADDRESS
        if over_limit(scope="reset-address", key=client_address(request), limit=limit):
            return render(request, "registration/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        limit = settings.CIVICSPACE_RESET_PER_EMAIL
        if over_limit(scope="reset-email", key=email, limit=limit):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)

"""A Network Member's API tokens, in the workspace: issue one (shown once), see when each was
last used, revoke. The command line does the same for administrators (`civicspace token`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civicspace.accounts.permissions import signed_in_user
from civicspace.accounts.tokens import TokenError, token_find, token_issue, token_revoke, tokens_of
from civicspace.monitoring.selectors import countries_reporting
from civicspace.posted import posted_int, posted_text


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    countries = countries_reporting(user)
    if not countries:
        raise Http404  # tokens record a member's own country's events; nobody else has one
    secret = ""
    if request.method == "POST":
        action = posted_text(request, "action")
        if action == "issue":
            secret = token_issue(user=user, name=posted_text(request, "name"), by=user).secret
        elif action == "revoke":
            number = posted_int(request, "token")
            if number is None:
                raise BadRequest("no token")
            try:
                token = token_find(prefix_or_id=str(number), user=user)
            except TokenError:
                raise Http404 from None
            token_revoke(token=token, by=user)
            messages.success(request, _("The token is revoked: it no longer opens the API."))
            return redirect("monitoring:tokens")
        else:
            raise Http404
    response = render(
        request,
        "monitoring/tokens.html",
        {"tokens": tokens_of(user), "secret": secret, "country": countries[0]},
    )
    response["Cache-Control"] = "no-store"  # the new token is on this page, once
    return response

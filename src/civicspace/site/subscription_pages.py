"""The public alert subscription: a form (no account needed), the double opt-in's confirmation
and the one-click unsubscribe that every alert e-mail links to."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from civicspace.i18n import localise
from civicspace.notifications.alert_forms import AlertSubscriptionForm
from civicspace.notifications.alert_services import (
    alert_subscription_confirm,
    alert_subscription_request,
    alert_unsubscribe,
)
from civicspace.notifications.services import NotificationError
from civicspace.site.middleware import client_address
from civicspace.site.throttle import over_limit

MESSAGE = "site_pages/alert_subscription_message.html"


def _message(
    request: HttpRequest, title: str, text: str, *, status: int = 200, button: str = ""
) -> HttpResponse:
    context = {"title": title, "text": text, "button": button}
    return render(request, MESSAGE, context, status=status)


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Ask for alerts by e-mail; the answer is the same whatever the address (subscribed
    already, asked too often, or new), so the page tells nobody who subscribes."""
    if request.method != "POST":
        form = AlertSubscriptionForm(public=True)
        return render(request, "site_pages/alert_subscribe.html", {"form": form})
    limit = settings.CIVICSPACE_ALERT_SUBSCRIBE_PER_ADDRESS
    if over_limit(scope="alert-subscribe", key=client_address(request), limit=limit):
        return _message(
            request,
            _("Too many requests"),
            _("Too many subscriptions were asked for from this address. Please wait an hour."),
            status=429,
        )
    form = AlertSubscriptionForm(request.POST, public=True)
    if not form.is_valid():
        return render(request, "site_pages/alert_subscribe.html", {"form": form})
    choice = form.choice()
    email = form.cleaned_data["email"].strip().lower()
    # Per address, too: nobody can have a stranger's mailbox filled with confirmation e-mails.
    per_email = settings.CIVICSPACE_ALERT_SUBSCRIBE_PER_EMAIL
    if choice is not None and not over_limit(scope="alert-email", key=email, limit=per_email):
        alert_subscription_request(email=email, choice=choice, language=get_language() or "")
    return _message(
        request,
        _("Check your inbox"),
        _(
            "If the address is right, an e-mail with a link to confirm your subscription is on its"
            " way. Nothing is sent to you before you confirm."
        ),
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail: a button to press (so that a mail scanner that opens
    links subscribes nobody), which subscribes."""
    if request.method != "POST":
        return _message(
            request,
            _("Confirm your subscription"),
            _("Press the button to start receiving alerts at this address."),
            button=_("Confirm"),
        )
    try:
        alert_subscription_confirm(token=token)
    except NotificationError as exc:
        return _message(request, _("The link does not work"), localise(exc), status=400)
    return _message(
        request,
        _("You are subscribed"),
        _("Alerts will reach you by e-mail. Every e-mail has a link to unsubscribe."),
    )


@csrf_exempt  # the signed link is the authority; mail clients post here (RFC 8058 one-click)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every alert e-mail: a button to press, or a mail client's one-click post."""
    if request.method != "POST":
        return _message(
            request,
            _("Unsubscribe from alerts"),
            _("Press the button to stop receiving alerts at this address."),
            button=_("Unsubscribe"),
        )
    try:
        alert_unsubscribe(token=token)
    except NotificationError as exc:
        return _message(request, _("The link does not work"), localise(exc), status=400)
    return _message(
        request, _("You are unsubscribed"), _("No more alerts will be sent to this address.")
    )

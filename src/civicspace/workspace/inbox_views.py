"""Workspace pages for notifications: the inbox (read, mark read) and one's preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from civicspace.accounts.permissions import signed_in_user
from civicspace.i18n import localise
from civicspace.notifications.alert_forms import AlertSubscriptionForm, alert_subscription_initial
from civicspace.notifications.alert_services import alert_subscription_set
from civicspace.notifications.forms import NotificationSettingsForm, settings_initial
from civicspace.notifications.selectors import alert_subscription_get, notification_settings_get
from civicspace.notifications.selectors import inbox as inbox_get
from civicspace.notifications.services import (
    NotificationError,
    notification_mark_read,
    notification_settings_set,
    notifications_mark_all_read,
)
from civicspace.notifications.wording import detail, headline, link
from civicspace.posted import posted_int

PAGE_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The signed-in person's notifications, newest first, unread ones marked."""
    page = Paginator(inbox_get(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [
        {
            "id": n.pk,
            "headline": headline(n),
            "detail": detail(n),
            "url": link(n),
            "unread": n.read_at is None,
            "at": n.created_at,
        }
        for n in page
    ]
    return render(request, "notifications/inbox.html", {"page": page, "items": items})


@login_required
@require_http_methods(["POST"])
def inbox_mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (`id`), or all of them (`all`)."""
    user = signed_in_user(request)
    if "all" in request.POST:
        count = notifications_mark_all_read(user=user)
        messages.success(
            request,
            ngettext(
                "%(count)s notification marked read.", "%(count)s notifications marked read.", count
            )
            % {"count": count},
        )
        return redirect("notifications:inbox")
    notification_id = posted_int(request, "id")
    if notification_id is None:
        raise BadRequest("id is missing")
    try:
        notification_mark_read(user=user, notification_id=notification_id)
    except NotificationError:
        raise Http404 from None  # someone else's is not confirmed to exist
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Per kind of notification: e-mail at once, daily digest, inbox only, or off."""
    user = signed_in_user(request)
    deliveries, language = notification_settings_get(user=user)
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None,
        initial=settings_initial(deliveries, language),
    )
    if request.method == "POST" and form.is_valid():
        try:
            notification_settings_set(
                user=user, deliveries=form.deliveries(), language=form.cleaned_data["language"]
            )
        except NotificationError as exc:
            messages.error(request, localise(exc))
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    alerts = AlertSubscriptionForm(
        initial=alert_subscription_initial(alert_subscription_get(user=user)), public=False
    )
    return render(request, "notifications/settings.html", {"form": form, "alerts": alerts})


@login_required
@require_http_methods(["POST"])
def alert_subscription_settings(request: HttpRequest) -> HttpResponse:
    """Which countries' and regions' confirmed alerts the signed-in person is e-mailed, and how
    often. What reaches them follows each alert's audience and their role."""
    user = signed_in_user(request)
    alerts = AlertSubscriptionForm(request.POST, public=False)
    if alerts.is_valid():
        try:
            alert_subscription_set(user=user, choice=alerts.choice())
        except NotificationError as exc:
            messages.error(request, localise(exc))
        else:
            messages.success(request, _("Your alert subscription is saved."))
            return redirect("notifications:settings")
    deliveries, language = notification_settings_get(user=user)
    form = NotificationSettingsForm(initial=settings_initial(deliveries, language))
    return render(request, "notifications/settings.html", {"form": form, "alerts": alerts})

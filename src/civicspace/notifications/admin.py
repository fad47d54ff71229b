"""Notifications and alert subscriptions in the admin: to look at, never to change (services make
them). People's settings are theirs, changed on their settings page only; a subscription is
changed by its owner, or ended by the unsubscribe link every alert e-mail carries."""

from django.contrib import admin

from civicspace.audit.admin import ReadOnlyAdmin, ReadOnlyInline
from civicspace.notifications.models import AlertMailing, AlertSubscription, Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin[Notification]):
    list_display = ["created_at", "recipient", "kind", "cycle", "delivery", "read_at", "emailed_at"]
    list_select_related = ["recipient", "cycle__country"]
    list_filter = ["kind", "delivery"]
    search_fields = ["recipient__username", "cycle__country__name"]


class AlertMailingInline(ReadOnlyInline[AlertMailing, AlertSubscription]):
    model = AlertMailing
    fields = ["alert", "address", "frequency", "created_at", "sent_at"]


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(ReadOnlyAdmin[AlertSubscription]):
    list_display = ["__str__", "frequency", "language", "created_at"]
    list_select_related = ["user"]
    list_filter = ["frequency", "language"]
    search_fields = ["email", "user__username", "user__email"]
    inlines = [AlertMailingInline]

"""Notifications in the admin: to look at, never to change (services make them). People's
settings are theirs, changed on their settings page only."""

from django.contrib import admin

from civicspace.audit.admin import ReadOnlyAdmin
from civicspace.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin[Notification]):
    list_display = ["created_at", "recipient", "kind", "cycle", "delivery", "read_at", "emailed_at"]
    list_select_related = ["recipient", "cycle__country"]
    list_filter = ["kind", "delivery"]
    search_fields = ["recipient__username", "cycle__country__name"]

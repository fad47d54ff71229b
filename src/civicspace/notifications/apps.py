"""The notifications app: listens to the audit trail once the app registry is ready."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "civicspace.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from civicspace.notifications import receivers

        receivers.connect()

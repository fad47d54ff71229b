from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "civicspace.publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        from civicspace.publishing.jobs import connect

        connect()

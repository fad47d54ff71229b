from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "civicspace.site"
    label = "civicspace_site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from civicspace.site.bake_jobs import connect

        connect()

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "civicspace.site"
    label = "civicspace_site"
    verbose_name = "Site"

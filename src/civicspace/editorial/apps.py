from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "civicspace.editorial"
    verbose_name = "Editorial review and audit"

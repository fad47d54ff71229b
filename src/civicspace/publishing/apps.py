from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "civicspace.publishing"
    verbose_name = "Publishing"

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "civicspace.indicators"
    verbose_name = "External ratings"

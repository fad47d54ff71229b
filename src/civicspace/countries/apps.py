from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "civicspace.countries"
    verbose_name = "Countries"

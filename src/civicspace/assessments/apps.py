from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "civicspace.assessments"
    verbose_name = "Assessments"

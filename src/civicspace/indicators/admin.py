"""CIVICUS ratings and secondary indicators in the admin: read-only, since P1 scores and the
panels' evidence come from them; they change through the importers (`civicspace import ...`)."""

from django.contrib import admin

from civicspace.audit.admin import ReadOnlyAdmin
from civicspace.indicators.models import CivicusRating, IndicatorSeries, IndicatorValue


@admin.register(CivicusRating)
class CivicusRatingAdmin(ReadOnlyAdmin[CivicusRating]):
    list_display = ["country", "published_on", "score", "category", "is_demo"]
    list_filter = ["category", "is_demo", "country"]
    date_hierarchy = "published_on"


@admin.register(IndicatorSeries)
class IndicatorSeriesAdmin(ReadOnlyAdmin[IndicatorSeries]):
    list_display = ["name", "code", "publisher", "unit"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin[IndicatorValue]):
    list_display = ["series", "country", "year", "value", "is_demo"]
    list_filter = ["series", "year", "is_demo"]
    search_fields = ["country__name"]

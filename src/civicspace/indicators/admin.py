from django.contrib import admin

from civicspace.indicators.models import CivicusRating, IndicatorSeries, IndicatorValue


@admin.register(CivicusRating)
class CivicusRatingAdmin(admin.ModelAdmin[CivicusRating]):
    list_display = ["country", "published_on", "score", "category", "is_demo"]
    list_filter = ["category", "is_demo", "country"]
    date_hierarchy = "published_on"
    readonly_fields = ["category"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        from civicspace.indicators.services import civicus_rating_record

        rating, _ = civicus_rating_record(
            country=obj.country,
            published_on=obj.published_on,
            score=obj.score,
            source_url=obj.source_url,
            is_demo=obj.is_demo,
        )
        obj.pk, obj.category = rating.pk, rating.category


@admin.register(IndicatorSeries)
class IndicatorSeriesAdmin(admin.ModelAdmin[IndicatorSeries]):
    list_display = ["name", "code", "publisher", "unit"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin[IndicatorValue]):
    list_display = ["series", "country", "year", "value", "is_demo"]
    list_filter = ["series", "year", "is_demo"]
    search_fields = ["country__name"]

from django.contrib import admin

from civicspace.assessments.models import Cycle, DimensionScore, Panel, Panelist, Source


class DimensionScoreInline(admin.TabularInline[DimensionScore, Cycle]):
    model = DimensionScore
    extra = 0
    fields = ["dimension", "value", "justification", "version"]
    readonly_fields = ["version"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin[Cycle]):
    list_display = ["country", "year", "edition", "period_start", "period_end", "is_demo"]
    list_filter = ["year", "edition", "is_demo"]
    search_fields = ["country__name", "country__iso2"]
    readonly_fields = ["state"]  # moved only through the review workflow
    inlines = [DimensionScoreInline]


class SourceInline(admin.TabularInline[Source, DimensionScore]):
    model = Source
    extra = 0


@admin.register(DimensionScore)
class DimensionScoreAdmin(admin.ModelAdmin[DimensionScore]):
    list_display = ["cycle", "dimension", "value", "version", "updated_at"]
    list_filter = ["cycle__year", "dimension"]
    search_fields = ["cycle__country__name"]
    readonly_fields = ["version"]
    inlines = [SourceInline]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


class PanelistInline(admin.TabularInline[Panelist, Panel]):
    model = Panelist
    extra = 0
    # Names, where kept at all, stay sealed: the admin never shows or edits them.
    fields = ["code", "sector", "gender", "age_band", "region"]


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin[Panel]):
    list_display = ["cycle", "met_on", "format", "participants"]
    readonly_fields = ["version"]
    inlines = [PanelistInline]

"""Cycles, scores and panels in the admin: read-only, since only the services may write them."""

from django.contrib import admin

from civicspace.assessments.models import Cycle, DimensionScore, Panel, Panelist, Source
from civicspace.audit.admin import ReadOnlyAdmin, ReadOnlyInline


class DimensionScoreInline(ReadOnlyInline[DimensionScore, Cycle]):
    model = DimensionScore
    fields = ["dimension", "value", "justification", "version"]


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin[Cycle]):
    list_display = ["country", "year", "edition", "period_start", "period_end", "is_demo"]
    list_filter = ["year", "edition", "is_demo"]
    search_fields = ["country__name", "country__iso2"]
    inlines = [DimensionScoreInline]


class SourceInline(ReadOnlyInline[Source, DimensionScore]):
    model = Source


@admin.register(DimensionScore)
class DimensionScoreAdmin(ReadOnlyAdmin[DimensionScore]):
    list_display = ["cycle", "dimension", "value", "version", "updated_at"]
    list_filter = ["cycle__year", "dimension"]
    search_fields = ["cycle__country__name"]
    inlines = [SourceInline]


class PanelistInline(ReadOnlyInline[Panelist, Panel]):
    model = Panelist
    # Names, where kept at all, stay sealed: the admin never shows them.
    fields = ["code", "sector", "gender", "age_band", "region"]


@admin.register(Panel)
class PanelAdmin(ReadOnlyAdmin[Panel]):
    list_display = ["cycle", "met_on", "format", "participants"]
    inlines = [PanelistInline]

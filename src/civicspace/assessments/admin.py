"""Cycles, scores and panels in the admin: read-only, since only the services may write them.
The desk's settings (due dates, reviewers) are editable, each save going through its service."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from civicspace.accounts.permissions import editor_users, is_editor, signed_in_user
from civicspace.assessments.models import (
    Cycle,
    CycleDesk,
    DimensionScore,
    Panel,
    Panelist,
    Source,
    YearSchedule,
)
from civicspace.assessments.schedule_services import (
    cycle_reviewers_set,
    cycle_schedule_refusal,
    cycle_schedule_set,
    reviewers_refusal,
    year_schedule_refusal,
    year_schedule_set,
)
from civicspace.audit.admin import ReadOnlyAdmin, ReadOnlyInline
from civicspace.core.deadlines import DueDates
from civicspace.i18n import localise


class DimensionScoreInline(ReadOnlyInline[DimensionScore, Cycle]):
    model = DimensionScore
    fields = ["dimension", "value", "justification", "version"]


DUE_FIELDS = ["submission_due", "review_due", "publication_due"]
# What the admin shows of a cycle and never changes (services and the workflow do).
CYCLE_FIXED = [
    "country",
    "year",
    "edition",
    "period_start",
    "period_end",
    "panel_date",
    "state",
    "is_demo",
]


def _dates(data: dict[str, Any]) -> DueDates:
    return DueDates(*(data.get(name) for name in DUE_FIELDS))


class CycleDeskForm(forms.ModelForm[CycleDesk]):
    """A cycle's own due dates and reviewers; refused as the services would refuse them."""

    class Meta:
        model = CycleDesk
        fields = [*DUE_FIELDS, "reviewers"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reviewers = self.fields["reviewers"]
        assert isinstance(reviewers, forms.ModelMultipleChoiceField)
        reviewers.queryset = editor_users().order_by("username")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problem = cycle_schedule_refusal(cycle=self.instance, dates=_dates(data))
        problem = problem or reviewers_refusal(data.get("reviewers") or [])
        if problem is not None:
            raise forms.ValidationError(localise(problem))
        return data


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin[Cycle]):
    list_display = ["country", "year", "edition", "period_start", "period_end", "is_demo"]
    list_filter = ["year", "edition", "is_demo"]
    search_fields = ["country__name", "country__iso2"]
    inlines = [DimensionScoreInline]


@admin.register(CycleDesk)
class CycleDeskAdmin(admin.ModelAdmin[CycleDesk]):
    """The desk's settings of a cycle; the cycle itself stays read-only (CycleAdmin)."""

    form = CycleDeskForm
    list_display = ["country", "year", "state", *DUE_FIELDS]
    list_filter = ["year", "state"]
    list_select_related = ["country"]
    search_fields = ["country__name", "country__iso2"]
    fields = [*CYCLE_FIXED, *DUE_FIELDS, "reviewers"]
    readonly_fields = CYCLE_FIXED

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # cycles are opened with `civicspace cycle create`

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_editor(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CycleDesk, form: Any, change: bool) -> None:
        data = form.cleaned_data
        cycle_schedule_set(
            cycle=obj, by=signed_in_user(request), **{name: data[name] for name in DUE_FIELDS}
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Instead of the form's own many-to-many save: the service checks and audits.
        cycle_reviewers_set(
            cycle=form.instance,
            reviewers=form.cleaned_data["reviewers"],
            by=signed_in_user(request),
        )


class YearScheduleForm(forms.ModelForm[YearSchedule]):
    class Meta:
        model = YearSchedule
        fields = ["year", *DUE_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year = data.get("year", self.instance.year)  # read-only once the row exists
        if year is not None:
            problem = year_schedule_refusal(year=year, dates=_dates(data))
            if problem is not None:
                raise forms.ValidationError(localise(problem))
        return data


@admin.register(YearSchedule)
class YearScheduleAdmin(admin.ModelAdmin[YearSchedule]):
    """A year's due dates, set by editors through the service (audited on each cycle)."""

    form = YearScheduleForm
    list_display = ["year", *DUE_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return ["year"] if obj is not None else []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_editor(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_editor(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # clearing the dates (through the service) keeps the change audited

    def save_model(self, request: HttpRequest, obj: YearSchedule, form: Any, change: bool) -> None:
        saved = year_schedule_set(
            year=obj.year,
            by=signed_in_user(request),
            **{name: form.cleaned_data[name] for name in DUE_FIELDS},
        )
        obj.pk = saved.pk  # the admin's message and redirect name the stored row


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

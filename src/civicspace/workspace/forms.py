"""Workspace forms: the panel, a panelist, and one principle's dimensions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from civicspace.assessments.models import DimensionScore, Panel, Panelist, Source
from civicspace.core.framework import Edition, Principle

SOURCE_ROWS = 3  # blank evidence rows offered beside the stored ones


def _score_field(required: bool, label: Any, scale_max: float) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(1),
        max_value=Decimal(str(scale_max)),
        max_digits=3,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )


def _plain(value: Decimal) -> Decimal:
    """2.50 -> 2.5 and 3.00 -> 3, as a person would write them."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class PanelForm(forms.ModelForm[Panel]):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Panel
        fields = ["met_on", "format", "participants"]
        widgets = {"met_on": forms.DateInput(attrs={"type": "date"})}


Side = dict[str, Any]


def panel_conflict_labelled(conflict: tuple[Side, Side]) -> tuple[Side, Side]:
    """A panel edit conflict (stored, submitted) keyed by the fields' labels, with choices worded,
    for showing both versions."""

    def labelled(side: Side) -> Side:
        shown = {}
        for name, value in side.items():
            field = Panel._meta.get_field(name)
            assert isinstance(field, models.Field)
            if field.choices and value:
                value = dict(field.flatchoices).get(value, value)
            shown[capfirst(str(field.verbose_name))] = value
        return shown

    stored, mine = conflict
    return labelled(stored), labelled(mine)


class PanelistForm(forms.ModelForm[Panelist]):
    name = forms.CharField(
        label=_("name (optional, stored encrypted, never shown outside this workspace)"),
        required=False,
        max_length=200,
    )

    class Meta:
        model = Panelist
        fields = ["code", "sector", "gender", "age_band", "region"]


class PrincipleForm(forms.Form):
    """All dimensions of one principle: agreed score, justification, evidence, panelists' scores."""

    def __init__(
        self,
        *args: Any,
        edition: Edition,
        principle: Principle,
        stored: dict[str, DimensionScore],
        panelists: list[str],
        panelist_scores: dict[tuple[str, str], Decimal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.principle = principle
        self.panelists = panelists
        top = edition.scale.maximum
        for dim in principle.dimensions:
            score = stored.get(dim.code)
            code = dim.code
            self.fields[f"{code}-agreed"] = _score_field(False, _("agreed score"), top)
            self.fields[f"{code}-justification"] = forms.CharField(
                label=_("justification"), required=False, widget=forms.Textarea(attrs={"rows": 5})
            )
            self.fields[f"{code}-version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial[f"{code}-version"] = score.version if score else 0
            if score:
                self.initial[f"{code}-agreed"] = _plain(score.value)
                self.initial[f"{code}-justification"] = score.justification
            for panelist in panelists:
                name = f"{code}-panelist-{panelist}"
                self.fields[name] = _score_field(False, panelist, top)
                if (panelist, code) in panelist_scores:
                    self.initial[name] = _plain(panelist_scores[(panelist, code)])
            sources = list(score.sources.all()) if score else []
            for i in range(len(sources) + SOURCE_ROWS):
                prefix = f"{code}-source-{i}"
                self.fields[f"{prefix}-title"] = forms.CharField(required=False, max_length=300)
                self.fields[f"{prefix}-url"] = forms.URLField(
                    required=False, max_length=500, assume_scheme="https"
                )
                self.fields[f"{prefix}-date"] = forms.DateField(
                    required=False, widget=forms.DateInput(attrs={"type": "date"})
                )
                self.fields[f"{prefix}-kind"] = forms.ChoiceField(
                    choices=Source.Kind.choices, initial=Source.Kind.OTHER
                )
                if i < len(sources):
                    s = sources[i]
                    self.initial.update(
                        {
                            f"{prefix}-title": s.title,
                            f"{prefix}-url": s.url,
                            f"{prefix}-date": s.published_on,
                            f"{prefix}-kind": s.kind,
                        }
                    )

    def source_rows(self, code: str) -> list[list[forms.BoundField]]:
        rows = []
        i = 0
        while f"{code}-source-{i}-title" in self.fields:
            rows.append(
                [self[f"{code}-source-{i}-{part}"] for part in ("title", "url", "date", "kind")]
            )
            i += 1
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for dim in self.principle.dimensions:
            code = dim.code
            agreed = data.get(f"{code}-agreed")
            text = (data.get(f"{code}-justification") or "").strip()
            if agreed is not None and not text:
                self.add_error(f"{code}-justification", _("A score needs a written justification."))
            for i, _row in enumerate(self.source_rows(code)):
                title = data.get(f"{code}-source-{i}-title")
                if not title and (
                    data.get(f"{code}-source-{i}-url") or data.get(f"{code}-source-{i}-date")
                ):
                    self.add_error(f"{code}-source-{i}-title", _("A source needs a title."))
        return data

"""Workspace forms: the panel, a panelist, one principle's dimensions and the report texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import ErrorList
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from civicspace.assessments.models import DimensionScore, Panel, Panelist, Source
from civicspace.assessments.panel_services import DimensionEntry
from civicspace.assessments.services import SourceInput
from civicspace.core.framework import Dimension, Edition, Principle, Scale
from civicspace.core.scoring import off_scale
from civicspace.editorial.models import ReportText
from civicspace.editorial.text_services import TextEntry
from civicspace.i18n import localise
from civicspace.workspace.form_rendering import FAST_FORMS

SOURCE_ROWS = 3  # blank evidence rows offered beside the stored ones
MAX_VERSION = 2_147_483_647  # the upper bound of a PositiveIntegerField on every database


def _score_field(label: Any, scale: Scale) -> forms.DecimalField:
    """An optional score; off the scale it is refused in the core's words, as every import is."""

    def on_scale(value: Decimal) -> None:
        if (problem := off_scale(value, scale)) is not None:
            raise ValidationError(localise(problem), code="off_scale")

    return forms.DecimalField(
        label=label,
        required=False,
        decimal_places=2,
        validators=[on_scale],
        widget=forms.NumberInput(
            attrs={
                "step": "0.1",
                "inputmode": "decimal",
                "min": f"{scale.minimum:g}",
                "max": f"{scale.maximum:g}",
            }
        ),
    )


def _version_field(attrs: dict[str, str] | None = None) -> forms.IntegerField:
    """The version the page was loaded with: sent back, it turns a stale save into a conflict."""
    return forms.IntegerField(
        min_value=0, max_value=MAX_VERSION, widget=forms.HiddenInput(attrs=attrs)
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


class SourceForm(forms.Form):
    """One row of evidence; a row without a title is no source, so empty rows are ignored."""

    title = forms.CharField(required=False, max_length=300)
    url = forms.URLField(required=False, max_length=500, assume_scheme="https")
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(choices=Source.Kind.choices, initial=Source.Kind.OTHER)
    # The citation key of the stored source this row shows, so saving edits it in place.
    key = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and (data.get("url") or data.get("date")):
            self.add_error("title", _("A source needs a title."))
        return data

    def source(self) -> SourceInput | None:
        """The row as the services take it; None for a row without a title."""
        data = self.cleaned_data
        if not data.get("title"):
            return None
        return SourceInput(
            title=data["title"],
            url=data.get("url") or "",
            published_on=data.get("date"),
            kind=data.get("kind") or Source.Kind.OTHER,
            key=data.get("key") or "",
        )


SourceFormSet = forms.formset_factory(SourceForm, extra=SOURCE_ROWS)
SourceFormSet.renderer = FAST_FORMS  # type: ignore[attr-defined]  # set by formset_factory; no stub


class DimensionForm(forms.Form):
    """One dimension: agreed score, justification, and each panelist's own score. Made with
    prefix=<the dimension's code>, so its fields post as "4.1-agreed", "4.1-panelist-P01"."""

    justification = forms.CharField(
        label=_("justification"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    version = _version_field()

    def __init__(
        self,
        *args: Any,
        scale: Scale,
        stored: DimensionScore | None,
        panelist_scores: Mapping[str, Decimal | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed"] = _score_field(_("agreed score"), scale)
        self.initial["version"] = stored.version if stored else 0
        if stored:
            self.initial["agreed"] = _plain(stored.value)
            self.initial["justification"] = stored.justification
        self.panelists = list(panelist_scores)
        for panelist, value in panelist_scores.items():
            name = self._panelist_field(panelist)
            self.fields[name] = _score_field(panelist, scale)
            if value is not None:
                self.initial[name] = _plain(value)

    @staticmethod
    def _panelist_field(panelist: str) -> str:
        return f"panelist-{panelist}"

    def panelist_fields(self) -> list[forms.BoundField]:
        return [self[self._panelist_field(p)] for p in self.panelists]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agreed") is not None and not (data.get("justification") or "").strip():
            self.add_error("justification", _("A score needs a written justification."))
        return data

    def entry(self, sources: Sequence[SourceInput]) -> DimensionEntry:
        """The cleaned dimension as principle_save takes it; call after is_valid()."""
        data = self.cleaned_data
        return DimensionEntry(
            agreed=data.get("agreed"),
            justification=data.get("justification") or "",
            version=data["version"],
            sources=sources,
            panelist_scores={p: data.get(self._panelist_field(p)) for p in self.panelists},
        )


@dataclass
class DimensionForms:
    dimension: Dimension
    form: DimensionForm
    sources: forms.BaseFormSet[SourceForm]


class _ErrorList(ErrorList):
    """Django's, except that no errors is said without rendering two templates: a principle's
    page shows some seventy fields, most of them without an error (the output is the same)."""

    def render(
        self, template_name: str | None = None, context: Any = None, renderer: Any = None
    ) -> SafeString:
        if not self.data:
            return SafeString("")
        return super().render(template_name, context, renderer)

    __str__ = render  # as Django's own mixin binds them
    __html__ = render


class PrincipleForms:
    """All dimensions of one principle, checked together: per dimension a DimensionForm
    (prefix: its code) and a SourceFormSet (prefix: "<code>-source")."""

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        edition: Edition,
        principle: Principle,
        stored: Mapping[str, DimensionScore],
        panelists: Sequence[str],
        panelist_scores: Mapping[tuple[str, str], Decimal],
    ) -> None:
        self.is_bound = data is not None
        self.dimensions: list[DimensionForms] = []
        for dim in principle.dimensions:
            score = stored.get(dim.code)
            evidence = list(score.sources.all()) if score else []
            self.dimensions.append(
                DimensionForms(
                    dimension=dim,
                    form=DimensionForm(
                        data,
                        prefix=dim.code,
                        error_class=_ErrorList,
                        renderer=FAST_FORMS,
                        scale=edition.scale,
                        stored=score,
                        panelist_scores={p: panelist_scores.get((p, dim.code)) for p in panelists},
                    ),
                    sources=SourceFormSet(
                        data,
                        prefix=f"{dim.code}-source",
                        error_class=_ErrorList,
                        initial=[
                            {
                                "title": s.title,
                                "url": s.url,
                                "date": s.published_on,
                                "kind": s.kind,
                                "key": s.key,
                            }
                            for s in evidence
                        ],
                    ),
                )
            )

    def filled_in_by_the_page(self) -> Iterator[forms.BaseForm]:
        """The forms whose hidden fields the page fills in: versions and the formsets' counts."""
        for d in self.dimensions:
            yield d.form
            yield d.sources.management_form

    def is_valid(self) -> bool:
        # Every part is checked, not only up to the first failure, so the page shows every error.
        checked = [part.is_valid() for d in self.dimensions for part in (d.form, d.sources)]
        return all(checked)

    def entries(self) -> dict[str, DimensionEntry]:
        """The cleaned input by dimension code, as principle_save takes it; after is_valid()."""
        return {
            d.dimension.code: d.form.entry(
                sources=[s for row in d.sources.forms if (s := row.source()) is not None]
            )
            for d in self.dimensions
        }


class TextForm(forms.Form):
    """One report section, made with prefix=<its key>: the Markdown text and its loaded version."""

    # The sections sit among their comment forms, which cannot nest, so the fields name the page's
    # one save form as theirs.
    text = forms.CharField(
        required=False, strip=False, widget=forms.Textarea(attrs={"rows": 5, "form": "texts-form"})
    )
    version = _version_field(attrs={"form": "texts-form"})

    def __init__(self, *args: Any, readonly: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if readonly:
            self.fields["text"].widget.attrs["readonly"] = True

    def entry(self) -> TextEntry:
        """The cleaned section as texts_save takes it; call after is_valid()."""
        return TextEntry(text=self.cleaned_data["text"], version=self.cleaned_data["version"])


def text_forms(
    *,
    keys: Iterable[str],
    stored: Mapping[str, ReportText],
    data: Mapping[str, Any] | None = None,
    drafts: Mapping[str, str] | None = None,
    readonly: bool = False,
) -> dict[str, TextForm]:
    """A TextForm per report section, by key: bound to `data` for the sections it holds (a post
    may carry only some), otherwise showing the stored text, or the draft a conflict sent back
    over the version now stored."""
    built = {}
    for key in keys:
        text = stored.get(key)
        initial = {
            "text": (drafts or {}).get(key, text.text if text else ""),
            "version": text.version if text else 0,
        }
        form = TextForm(prefix=key, initial=initial, readonly=readonly)
        if data is not None and form["text"].html_name in data:
            form = TextForm(data, prefix=key, initial=initial, readonly=readonly)
        built[key] = form
    return built

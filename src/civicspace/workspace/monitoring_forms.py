"""Workspace forms for early warning: an event with its sources, a verification, an alert."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicspace.core.early_warning import EarlyWarningRules
from civicspace.monitoring.models import Alert, Event, EventSource, Referral
from civicspace.monitoring.services import EventInput, SourceInput, event_version
from civicspace.monitoring.vocabulary import vocabulary_word

SOURCE_ROWS = 3  # blank source rows offered beside the stored ones
_DATE = forms.DateInput(attrs={"type": "date"})


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    event_type = forms.ChoiceField(label=_("Event type"))
    starts_on = forms.DateField(label=_("Date (or start)"), widget=_DATE)
    ends_on = forms.DateField(label=_("End (if it lasted)"), required=False, widget=_DATE)
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions it touches"), widget=forms.CheckboxSelectMultiple
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Event.Direction.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Description (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    actor = forms.ChoiceField(label=_("Actors"), choices=Event.Actor.choices)
    actors_detail = forms.CharField(label=_("Who acted"), required=False, max_length=300)
    affected_groups = forms.CharField(label=_("Who was affected"), required=False, max_length=300)
    affected_count = forms.IntegerField(
        label=_("About how many people"), required=False, min_value=0, max_value=2_000_000_000
    )
    region = forms.CharField(label=_("Region"), required=False, max_length=120)
    city = forms.CharField(label=_("City or place"), required=False, max_length=120)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, decimal_places=5
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, decimal_places=5
    )
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"), choices=Event.Sensitivity.choices, widget=forms.RadioSelect
    )
    # The event as the page showed it (monitoring.services.event_version): an edit over another
    # one is refused, not written over it.
    seen = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, rules: EarlyWarningRules, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        type_field = self.fields["event_type"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = [(t.code, vocabulary_word(t.name)) for t in rules.event_types]
        dimension_field = self.fields["dimensions"]
        assert isinstance(dimension_field, forms.ChoiceField)
        dimension_field.choices = [(code, code) for code in rules.principle_of]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both coordinates, or neither."))
        return data

    def event_input(self, sources: tuple[SourceInput, ...]) -> EventInput:
        data = self.cleaned_data
        return EventInput(
            title=data["title"],
            event_type=data["event_type"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            dimensions=tuple(data["dimensions"]),
            direction=data["direction"],
            description=data["description"],
            actor=data["actor"],
            actors_detail=data["actors_detail"],
            affected_groups=data["affected_groups"],
            affected_count=data["affected_count"],
            region=data["region"],
            city=data["city"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            sensitivity=data["sensitivity"],
            sources=sources,
        )


def event_initial(event: Event) -> dict[str, Any]:
    names = [f for f in EventForm.base_fields if f != "seen"]
    return {**{name: getattr(event, name) for name in names}, "seen": event_version(event)}


class EventSourceForm(forms.Form):
    """One source; a row without a title is no source, so empty rows are ignored."""

    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    url = forms.URLField(label=_("URL"), required=False, max_length=500, assume_scheme="https")
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    published_on = forms.DateField(label=_("Date"), required=False, widget=_DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventSource.Kind.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and (data.get("url") or data.get("publisher")):
            self.add_error("title", _("A source needs a title."))
        return data

    def source(self) -> SourceInput | None:
        data = self.cleaned_data
        if not data.get("title"):
            return None
        return SourceInput(
            title=data["title"],
            url=data["url"],
            publisher=data["publisher"],
            published_on=data["published_on"],
            kind=data["kind"],
        )


EventSourceFormSet = forms.formset_factory(
    EventSourceForm, extra=SOURCE_ROWS, max_num=30, validate_max=True, absolute_max=30
)


def source_formset(data: Any = None, event: Event | None = None) -> Any:
    initial = (
        [
            {
                "title": s.title,
                "url": s.url,
                "publisher": s.publisher,
                "published_on": s.published_on,
                "kind": s.kind,
            }
            for s in event.sources.all()
        ]
        if event is not None
        else []
    )
    return EventSourceFormSet(data=data, initial=initial, prefix="sources")


class VerificationForm(forms.Form):
    """The consortium's decision on an event; verifying asks the rubric and the sources checked."""

    sources_checked = forms.MultipleChoiceField(
        label=_("Sources you checked"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("How you verified it, or the reason or request"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, rules: EarlyWarningRules, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        checked = self.fields["sources_checked"]
        assert isinstance(checked, forms.ChoiceField)
        checked.choices = [(str(s.pk), s.title) for s in event.sources.all()]
        for criterion in rules.rubric.criteria:
            self.fields[f"rubric_{criterion.code}"] = forms.TypedChoiceField(
                label=vocabulary_word(criterion.question),
                choices=[("", "—"), *[(str(n), str(n)) for n in range(1, 6)]],
                coerce=int,
                required=False,
            )
        self.criteria = [c.code for c in rules.rubric.criteria]

    def answers(self) -> dict[str, int]:
        return {
            code: self.cleaned_data[f"rubric_{code}"]
            for code in self.criteria
            if self.cleaned_data.get(f"rubric_{code}") not in (None, "")
        }

    def rubric_fields(self) -> list[forms.BoundField]:
        return [self[f"rubric_{code}"] for code in self.criteria]


class AlertForm(forms.ModelForm[Alert]):
    # The alert as the page showed it (monitoring.alert_services.alert_version): an edit over
    # another editor's is refused, not written over it.
    seen = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    class Meta:
        model = Alert
        fields = ["summary", "recommended_response", "audience"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "recommended_response": forms.Textarea(attrs={"rows": 4}),
        }


class ReferralForm(forms.Form):
    """Refer an alert to flexible support (`status` unused), or move its referral on."""

    referred_on = forms.DateField(label=_("Referred on"), required=False, widget=_DATE)
    status = forms.ChoiceField(label=_("Status"), choices=Referral.Status.choices, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

"""The alert subscription form: countries and regions of the programme, and how often; with an
address on the public site, where people subscribe without an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicspace.countries.models import Country, Region
from civicspace.countries.names import country_name
from civicspace.notifications.alert_services import MAX_COUNTRIES, MAX_REGIONS, AlertChoice
from civicspace.notifications.models import AlertSubscription

OFF = "off"


class _Countries(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Countries by name in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return country_name(obj.name)


class AlertSubscriptionForm(forms.Form):
    """Public (with `email`) or an account's (with "no alerts" among the frequencies)."""

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    countries = _Countries(
        label=_("Countries"),
        queryset=Country.objects.filter(in_programme=True),
        to_field_name="iso2",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions (every country of the region)"),
        queryset=Region.objects.filter(countries__in_programme=True).distinct(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=AlertSubscription.Frequency.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, public: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.public = public
        if not public:
            del self.fields["email"]
            frequency = self.fields["frequency"]
            assert isinstance(frequency, forms.ChoiceField)
            frequency.choices = [*AlertSubscription.Frequency.choices, (OFF, _("No alerts"))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        countries, regions = data.get("countries") or [], data.get("regions") or []
        if data.get("frequency") != OFF and not countries and not regions:
            raise forms.ValidationError(_("Choose at least one country or region."))
        if len(countries) > MAX_COUNTRIES or len(regions) > MAX_REGIONS:
            raise forms.ValidationError(_("Choose fewer countries or regions."))
        return data

    def choice(self) -> AlertChoice | None:
        """What was chosen (None: no alerts)."""
        data = self.cleaned_data
        if data["frequency"] == OFF:
            return None
        return AlertChoice(
            countries=tuple(data["countries"]),
            regions=tuple(data["regions"]),
            frequency=data["frequency"],
        )


def alert_subscription_initial(subscription: AlertSubscription | None) -> dict[str, Any]:
    if subscription is None:
        return {"frequency": OFF}
    return {
        "countries": list(subscription.countries.all()),
        "regions": list(subscription.regions.all()),
        "frequency": subscription.frequency,
    }

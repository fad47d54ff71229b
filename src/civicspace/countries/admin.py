from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from civicspace.countries.models import Country, CountryAlias, NetworkMember, Region
from civicspace.countries.services import country_alias_check


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name"]


class CountryAliasForm(forms.ModelForm[CountryAlias]):
    class Meta:
        model = CountryAlias
        fields = ["name", "country"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # In the country's own page the country is the page's, not a field of the form.
        country = data.get("country") or getattr(self.instance, "country", None)
        if data.get("name") and country is not None:
            country_alias_check(name=data["name"], country=country, alias=self.instance)
        return data


class NetworkMemberInline(admin.StackedInline[NetworkMember, Country]):
    model = NetworkMember
    extra = 0


class CountryAliasInline(admin.TabularInline[CountryAlias, Country]):
    model = CountryAlias
    form = CountryAliasForm
    extra = 0


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin[Country]):
    list_display = ["name", "iso2", "iso3", "region", "in_programme", "is_demo"]
    list_filter = ["in_programme", "region", "is_demo"]
    search_fields = ["name", "iso2", "iso3"]
    inlines = [NetworkMemberInline, CountryAliasInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Country | None = None) -> list[str]:
        # Codes are typed once, when a country beyond ISO 3166-1 is added; cycles, files and
        # links refer to them, so they never change afterwards.
        return [] if obj is None else ["iso2", "iso3", "numeric"]


@admin.register(CountryAlias)
class CountryAliasAdmin(admin.ModelAdmin[CountryAlias]):
    """Aliases every import uses from the next file on (docs/imports.md)."""

    form = CountryAliasForm
    list_display = ["name", "country"]
    list_select_related = ["country"]
    search_fields = ["name", "country__name", "country__iso2"]
    autocomplete_fields = ["country"]

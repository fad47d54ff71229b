"""Regions, countries, their Network Members and the names files write for them: administered
here, every save and delete through countries.services, which audits it."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from civicspace.countries.models import Country, CountryAlias, NetworkMember, Region
from civicspace.countries.services import (
    country_alias_check,
    country_alias_delete,
    country_alias_save,
    country_delete,
    country_save,
    network_member_delete,
    network_member_save,
    region_delete,
    region_save,
)


def _by(request: HttpRequest) -> AbstractBaseUser:
    # accounts.permissions.signed_in_user sits a layer above; the admin is for signed-in staff.
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name"]

    def save_model(self, request: HttpRequest, obj: Region, form: Any, change: bool) -> None:
        region_save(region=obj, by=_by(request))

    def delete_model(self, request: HttpRequest, obj: Region) -> None:
        region_delete(region=obj, by=_by(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Region]) -> None:
        for region in queryset:
            region_delete(region=region, by=_by(request))


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

    def save_model(self, request: HttpRequest, obj: Country, form: Any, change: bool) -> None:
        country_save(country=obj, by=_by(request))

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        # People's roles and API tokens for the country would go with it, unrecorded: the admin
        # refuses, naming them, until they are revoked on their own pages (which audit it).
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        held = [held for c in objs for held in (*c.roles.all(), *c.api_tokens.all())]
        return deleted, counts, perms, [*protected, *held]

    def delete_model(self, request: HttpRequest, obj: Country) -> None:
        country_delete(country=obj, by=_by(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Country]) -> None:
        for country in queryset:
            country_delete(country=country, by=_by(request))

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        # Instead of the formset's own saves: the Network Member and the aliases, each audited.
        by = _by(request)
        formset.save(commit=False)
        for gone in formset.deleted_objects:
            if isinstance(gone, NetworkMember):
                network_member_delete(member=gone, by=by)
            else:
                country_alias_delete(alias=gone, by=by)
        for kept in [*formset.new_objects, *(obj for obj, _ in formset.changed_objects)]:
            if isinstance(kept, NetworkMember):
                network_member_save(member=kept, by=by)
            else:
                country_alias_save(alias=kept, by=by)


@admin.register(CountryAlias)
class CountryAliasAdmin(admin.ModelAdmin[CountryAlias]):
    """Aliases every import uses from the next file on (docs/imports.md)."""

    form = CountryAliasForm
    list_display = ["name", "country"]
    list_select_related = ["country"]
    search_fields = ["name", "country__name", "country__iso2"]
    autocomplete_fields = ["country"]

    def save_model(self, request: HttpRequest, obj: CountryAlias, form: Any, change: bool) -> None:
        country_alias_save(alias=obj, by=_by(request))

    def delete_model(self, request: HttpRequest, obj: CountryAlias) -> None:
        country_alias_delete(alias=obj, by=_by(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CountryAlias]) -> None:
        for alias in queryset:
            country_alias_delete(alias=alias, by=_by(request))

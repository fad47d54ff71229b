from django.contrib import admin

from civicspace.countries.models import Country, NetworkMember, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name"]


class NetworkMemberInline(admin.StackedInline[NetworkMember, Country]):
    model = NetworkMember
    extra = 0


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin[Country]):
    list_display = ["name", "iso2", "iso3", "region", "in_programme", "is_demo"]
    list_filter = ["in_programme", "region", "is_demo"]
    search_fields = ["name", "iso2", "iso3"]
    readonly_fields = ["iso2", "iso3", "numeric"]
    inlines = [NetworkMemberInline]

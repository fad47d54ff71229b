"""The roles of people, managed in the admin."""

from django.contrib import admin

from civicspace.accounts.models import Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin[Role]):
    list_display = ["user", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["user__username", "country__name"]
    autocomplete_fields = ["country"]

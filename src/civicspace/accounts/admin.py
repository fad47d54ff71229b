"""The roles of people, managed in the admin; API tokens, listed there (issued and revoked only
through accounts/tokens.py, which audits both)."""

from django.contrib import admin

from civicspace.accounts.models import ApiToken, Role
from civicspace.audit.admin import ReadOnlyAdmin


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin[Role]):
    list_display = ["user", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["user__username", "country__name"]
    autocomplete_fields = ["country"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin[ApiToken]):
    """Who holds which token, for what, and whether it still works. Never the digest: it is the
    token's only trace, and nothing in the admin may show or change it."""

    list_display = ["prefix", "user", "country", "name", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user", "country"]
    list_filter = ["country"]
    search_fields = ["user__username", "prefix", "name"]
    fields = ["prefix", "user", "country", "name", "created_at", "last_used_at", "revoked_at"]

"""The roles of people, managed in the admin through accounts/role_services.py (which audits
each grant, change and revocation); API tokens, listed there (issued and revoked only through
accounts/tokens.py, which audits both); people's pages (admin_people.py)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from civicspace.accounts.admin_people import people_admin_register
from civicspace.accounts.models import ApiToken, Role
from civicspace.accounts.permissions import signed_in_user
from civicspace.accounts.role_services import role_revoke, role_save
from civicspace.audit.admin import ReadOnlyAdmin


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin[Role]):
    list_display = ["user", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["user__username", "country__name"]
    autocomplete_fields = ["country"]

    def save_model(self, request: HttpRequest, obj: Role, form: Any, change: bool) -> None:
        role_save(role=obj, by=signed_in_user(request))

    def delete_model(self, request: HttpRequest, obj: Role) -> None:
        role_revoke(role=obj, by=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Role]) -> None:
        for role in queryset.select_related("user", "country"):
            role_revoke(role=role, by=signed_in_user(request))


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin[ApiToken]):
    """Who holds which token, for what, and whether it still works. Never the digest: it is the
    token's only trace, and nothing in the admin may show or change it."""

    list_display = ["prefix", "user", "country", "name", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user", "country"]
    list_filter = ["country"]
    search_fields = ["user__username", "prefix", "name"]
    fields = ["prefix", "user", "country", "name", "created_at", "last_used_at", "revoked_at"]


people_admin_register(admin.site)

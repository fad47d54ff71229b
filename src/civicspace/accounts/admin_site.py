"""The admin site, open to staff only once their second factor is verified."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SecondFactorAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        verified = getattr(request.user, "is_verified", lambda: False)()
        return super().has_permission(request) and bool(verified)


class SecondFactorAdminConfig(AdminConfig):
    default_site = "civicspace.accounts.admin_site.SecondFactorAdminSite"

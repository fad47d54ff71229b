"""The admin's policy, content is read-only there (for superusers too), and the audit trail."""

from typing import TypeVar

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civicspace.audit.actions import AuditAction
from civicspace.audit.models import AuditEvent

M = TypeVar("M", bound=Model)
P = TypeVar("P", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    """Content that only services write (they check states and the four-eyes rule, and audit):
    viewable in the admin, never added, changed or deleted there, not even by a superuser."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[M, P]):
    """The same policy for content shown inside another record's admin page."""

    extra = 0

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        # Every field shown, stamped ones (auto_now_add) too: a form may not name those.
        return [str(f) for f in self.fields or [f.name for f in self.model._meta.fields]]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ActionFilter(admin.SimpleListFilter):
    """Filter by kind of change, named in the reader's language: the column stores bare codes."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return [(str(action.value), str(action.label)) for action in AuditAction]

    def queryset(self, request: HttpRequest, queryset: QuerySet[M]) -> QuerySet[M]:
        value = self.value()
        return queryset.filter(action=value) if value else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    """The audit trail is append-only."""

    list_display = ["at", "cycle", "actor", "action_name", "target"]
    list_select_related = ["cycle__country", "actor"]
    list_filter = [ActionFilter, "cycle__year"]
    search_fields = ["cycle__country__name", "target"]

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, event: AuditEvent) -> str:
        return event.action_label

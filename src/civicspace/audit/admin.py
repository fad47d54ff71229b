"""The admin's policy, content is read-only there (for superusers too), and the audit trail."""

from collections.abc import Callable
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Case, Model, Q, QuerySet, Value, When
from django.db.models.constants import LOOKUP_SEP
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


def lookup_refused(lookup: str, withheld: tuple[str, ...]) -> bool:
    """Whether a list's URL filter (`?reporter=12`, `?city__icontains=`) starts with a field the
    admin withholds: Django allows filters on a model's own fields, and a filtered list would tell
    what the page does not show."""
    return lookup.split(LOOKUP_SEP, 1)[0] in withheld


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


# Rows whose actor and details the admin withholds, named by the apps above this one (which
# the audit app cannot import): monitoring adds the trail of restricted events, whose reporter
# the consortium never sees (docs/early-warning.md, "Sensitivity").
ACTOR_WITHHELD: list[Callable[[], Q]] = []

WITHHELD_FIELDS = ("actor", "before", "after")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    """The audit trail is append-only."""

    list_display = ["at", "cycle", "actor_shown", "action_name", "target"]
    list_select_related = ["cycle__country", "actor"]
    list_filter = [ActionFilter, "cycle__year"]
    search_fields = ["cycle__country__name", "target"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        rows = super().get_queryset(request)
        if not ACTOR_WITHHELD:
            return rows
        withheld = reduce(or_, (rule() for rule in ACTOR_WITHHELD))
        return rows.annotate(withheld=Case(When(withheld, then=Value(True)), default=Value(False)))

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # Not by who acted, nor by what a change held: for no row (its list filters use neither).
        if lookup_refused(lookup, WITHHELD_FIELDS):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fields(self, request: HttpRequest, obj: AuditEvent | None = None) -> list[Any]:
        fields = list(super().get_fields(request, obj))
        if getattr(obj, "withheld", False):
            return [f for f in fields if f not in WITHHELD_FIELDS]
        return fields

    @admin.display(description=_("who"))
    def actor_shown(self, event: AuditEvent) -> str:
        if getattr(event, "withheld", False):
            return str(_("withheld (restricted event)"))
        return "" if event.actor is None else event.actor.get_username()

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, event: AuditEvent) -> str:
        return event.action_label

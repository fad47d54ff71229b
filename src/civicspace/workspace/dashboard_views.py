"""The consortium's dashboard: every cycle of a year at a glance, and assigning its reviewers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from civicspace.accounts.permissions import editor_users, is_editor, signed_in_user
from civicspace.assessments.models import STATE_LABELS, Cycle
from civicspace.assessments.schedule_services import cycle_reviewers_set
from civicspace.assessments.selectors import (
    cycle_for_reader,
    cycle_years,
    desk_cycles,
    due_dates_of,
    programme_regions,
    user_get,
)
from civicspace.assessments.services import CycleError
from civicspace.core.deadlines import STAGE_WORDS, STAGES, overdue
from civicspace.core.workflow import State
from civicspace.countries.names import country_name
from civicspace.i18n import localise
from civicspace.posted import posted_int, posted_text
from civicspace.workspace.dashboard_checks import check_error_counts


class DeskFilters(forms.Form):
    """The dashboard's filters, read from the address so a filtered view can be shared."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)
    reviewer = forms.TypedChoiceField(
        label=gettext_lazy("Reviewer"), coerce=int, required=False, empty_value=None
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[
            ("country", gettext_lazy("country, A to Z")),
            ("-country", gettext_lazy("country, Z to A")),
        ],
    )

    def __init__(self, data: QueryDict, *, years: list[int], editors: list[Any]) -> None:
        super().__init__(data)
        every: list[tuple[Any, Any]] = [("", gettext_lazy("all"))]
        choices = {
            "year": [(y, str(y)) for y in years],
            "region": every + [(r.code, r.name) for r in programme_regions()],
            "state": every + [(s.value, STATE_LABELS[s]) for s in State],
            "reviewer": every + [(u.pk, u.get_username()) for u in editors],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options


@dataclass
class DueCell:
    stage: str
    due: date | None
    overdue: bool


@dataclass
class DeskRow:
    cycle: Cycle
    country: str
    dues: list[DueCell]
    check_errors: int
    reviewers: list[Any]
    candidates: list[Any]
    overdue: list[str] = field(default_factory=list)
    last_at: datetime | None = None


def _valid(form: DeskFilters, name: str) -> Any:
    """A filter's value when it is valid, else None (the form shows what was wrong)."""
    return form.cleaned_data.get(name) if name not in form.errors else None


@login_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    """Editors and admins only; anyone else is told nothing exists here."""
    if not is_editor(request.user):
        raise Http404
    today = timezone.localdate()
    years, editors = cycle_years() or [today.year], list(editor_users().order_by("username"))
    data = request.GET.copy()
    if not data.get("year"):  # this year's cycles, else the newest year's
        data["year"] = str(today.year if today.year in years else years[0])
    form = DeskFilters(data, years=years, editors=editors)
    form.is_valid()
    year = _valid(form, "year") or years[0]
    cycles = list(
        desk_cycles(
            year=year,
            region=_valid(form, "region") or None,
            state=_valid(form, "state") or None,
            reviewer=_valid(form, "reviewer"),
        )
    )
    dues, errors = due_dates_of(cycles), check_error_counts(cycles)
    rows = []
    for cycle in cycles:
        late = {item.stage for item in overdue(dues[cycle.pk], State(cycle.state), today)}
        reviewers = list(cycle.reviewers.all())
        rows.append(
            DeskRow(
                cycle=cycle,
                country=country_name(cycle.country.name),
                dues=[
                    DueCell(localise(STAGE_WORDS[s]), dues[cycle.pk].of(s), s in late)
                    for s in STAGES
                ],
                check_errors=errors[cycle.pk],
                reviewers=reviewers,
                candidates=[u for u in editors if u not in reviewers],
                overdue=[localise(STAGE_WORDS[s]) for s in STAGES if s in late],
                last_at=getattr(cycle, "last_event_at", None),
            )
        )
    rows.sort(key=lambda r: r.country.casefold(), reverse=_valid(form, "sort") == "-country")
    return render(
        request,
        "desk/dashboard.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "overdue_count": sum(1 for r in rows if r.overdue),
            "filters": request.GET.urlencode(),
            "today": today,
        },
    )


@login_required
@require_POST
def desk_reviewers(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """Add (`add`: a user id) or remove (`remove`) one reviewer of a cycle; back to the view."""
    if not is_editor(request.user):
        raise Http404
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    reviewers = list(cycle.reviewers.all())
    if (added := posted_int(request, "add")) is not None:
        reviewers.append(user_get(pk=added))
    elif (removed := posted_int(request, "remove")) is not None:
        reviewers = [u for u in reviewers if u.pk != removed]
    try:
        cycle_reviewers_set(cycle=cycle, reviewers=reviewers, by=signed_in_user(request))
    except CycleError as exc:
        messages.error(request, localise(exc))
    else:
        names = ", ".join(sorted(u.get_username() for u in reviewers)) or _("nobody")
        messages.success(
            request,
            _("Reviewers of %(cycle)s: %(names)s.")
            % {"cycle": f"{country_name(cycle.country.name)} {cycle.year}", "names": names},
        )
    # Back to the same filtered view: the filters are re-encoded, never used as an address.
    filters = QueryDict(posted_text(request, "filters")).urlencode()
    return redirect(reverse("desk:home") + (f"?{filters}" if filters else ""))

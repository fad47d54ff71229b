"""Workspace pages for the panel's evidence: a dimension's verified events of the reporting
period, and citing one of them as a source of the report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from civicspace.accounts.permissions import may_write_drafts, signed_in_user
from civicspace.assessments.selectors import (
    cycle_for_member,
    cycle_for_reader,
    dimension_scores_get,
)
from civicspace.core.framework import load_edition
from civicspace.core.messages import MessageError
from civicspace.i18n import localise
from civicspace.monitoring.evidence_selectors import (
    EvidenceReader,
    dimension_event_tally,
    dimension_events,
)
from civicspace.monitoring.evidence_services import event_cite
from civicspace.monitoring.models import Event
from civicspace.monitoring.selectors import event_for_reader
from civicspace.posted import posted_int, posted_text

EVENTS_PER_PAGE = 50  # a year can hold thousands: the page shows them fifty at a time


class _CountedPaginator(Paginator[Event]):  # generic at run time: settings' monkeypatch
    """A paginator told how many there are (the tally's total), so it asks no COUNT of its own."""

    def __init__(self, object_list: QuerySet[Event], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@login_required
@require_GET
def dimension_evidence(request: HttpRequest, iso2: str, year: int, code: str) -> HttpResponse:
    """Every verified event of the cycle's period tagged to one panel dimension, newest first."""
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    edition = load_edition(cycle.edition)
    if code not in edition.panel_dimensions:
        raise Http404
    user = signed_in_user(request)
    tally = dimension_event_tally(cycle=cycle, code=code)
    page = _CountedPaginator(
        dimension_events(cycle=cycle, code=code), EVENTS_PER_PAGE, count=tally.total
    ).get_page(request.GET.get("page"))
    can_cite = cycle.editable and may_write_drafts(user, cycle.country_id)
    return render(
        request,
        "assessments/evidence.html",
        {
            "cycle": cycle,
            "dimension": edition.dimensions[code],
            "principle_code": edition.principle_of(code).code,
            "tally": tally,
            "page": page,
            "events": EvidenceReader(user, cycle).shown(page.object_list),
            "can_cite": can_cite,
            "has_score": can_cite and code in dimension_scores_get(cycle=cycle, codes=[code]),
        },
    )


@login_required
@require_POST
def evidence_cite(request: HttpRequest, iso2: str, year: int, code: str) -> HttpResponse:
    """The member adds an event to a dimension's evidence; the page says the key to cite."""
    user = signed_in_user(request)
    cycle = cycle_for_member(user, iso2=iso2, year=year)
    edition = load_edition(cycle.edition)
    if code not in edition.panel_dimensions:
        raise Http404
    number = posted_int(request, "event")
    if number is None:
        raise BadRequest("no event")
    event = event_for_reader(user, number)
    try:
        source, added = event_cite(cycle=cycle, event=event, dimension=code, by=user)
    except MessageError as exc:  # the event's refusal, or the cycle's (no longer editable)
        messages.error(request, _("Not cited: %(reason)s") % {"reason": localise(exc)})
    else:
        done = (
            _("Event %(number)s is now a source of %(code)s: cite it as [^%(key)s].")
            if added
            else _("Event %(number)s is already a source of %(code)s: cite it as [^%(key)s].")
        )
        messages.success(request, done % {"number": event.pk, "code": code, "key": source.key})
    if posted_text(request, "back") == "principle":
        principle = edition.principle_of(code).code
        url = reverse("assessments:principle", args=[cycle.country.iso2, year, principle])
        return redirect(f"{url}#dimension-{code}")
    return redirect("assessments:evidence", iso2=cycle.country.iso2, year=year, code=code)

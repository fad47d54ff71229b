"""Workspace pages for scoring: the cycle overview, principle scores, the panel and the workbook."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civicspace.accounts.permissions import (
    is_editor,
    may_list_events,
    may_read_alerts,
    may_write_drafts,
    signed_in_user,
)
from civicspace.assessments.models import Cycle, Panel
from civicspace.assessments.panel_services import (
    EditConflict,
    panel_get_or_create,
    panel_save,
    panelist_add,
    principle_save,
)
from civicspace.assessments.selectors import (
    cycle_for_member,
    cycle_for_reader,
    cycle_profile_get,
    cycles_workable,
    dimension_scores_get,
    panelist_scores_get,
)
from civicspace.assessments.services import CycleError
from civicspace.assessments.workbook_services import (
    workbook_apply,
    workbook_changes,
    workbook_conflicts,
    workbook_download,
    workbook_read,
)
from civicspace.core.framework import PrincipleSource, load_edition
from civicspace.core.statistics import DimensionSummary, agreed_differs_from_panel
from civicspace.core.workflow import (
    TRANSITIONS,
    Actor,
    State,
    TransitionRefused,
    actions_available,
)
from civicspace.editorial.history import change_requests
from civicspace.editorial.review_selectors import score_comments
from civicspace.editorial.selectors import cycle_checks, cycle_history, cycle_sources
from civicspace.editorial.services import cycle_transition, workflow_actors
from civicspace.i18n import localise
from civicspace.imports.problems import ImportRefused
from civicspace.indicators.selectors import secondary_figures
from civicspace.monitoring.evidence_selectors import dimensions_evidence, period_event_tallies
from civicspace.posted import hidden_fields_intact, posted_text
from civicspace.workspace.forms import (
    PanelForm,
    PanelistForm,
    PrincipleForms,
    panel_conflict_labelled,
)


def _cycle_for_method(request: HttpRequest, *, iso2: str, year: int) -> Cycle:
    """A page every reader of the cycle sees; posting to it is the country's members' (others get
    404 on a post, as on a page they cannot see)."""
    if request.method == "POST":
        return cycle_for_member(request.user, iso2=iso2, year=year)
    return cycle_for_reader(request.user, iso2=iso2, year=year)


def _can_write(request: HttpRequest, cycle: Cycle) -> bool:
    """Whether the page shows its forms: the cycle's member, while the draft is theirs."""
    return cycle.editable and may_write_drafts(request.user, cycle.country_id)


def _panel_score_rows(cycle: Cycle, panel: Panel) -> list[dict[str, Any]]:
    """Per panel dimension: each panelist's score (by pseudonym, in panelist order) and the
    stored statistics, for the panel page."""
    codes = list(load_edition(cycle.edition).panel_dimensions)
    panelists = list(panel.panelists.values_list("code", flat=True))
    scores = panelist_scores_get(panel=panel, codes=codes)
    stats = getattr(cycle, "panel_statistics", None)
    events = period_event_tallies(cycle=cycle)
    return [
        {
            "code": code,
            "scores": [scores.get((p, code)) for p in panelists],
            "figures": stats.summary.dimensions.get(code) if stats else None,
            "events": events.get(code),
        }
        for code in codes
    ]


@login_required
def workspace_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assessments/home.html",
        {
            "cycles": cycles_workable(request.user),
            "is_editor": is_editor(request.user),
            "reads_alerts": may_read_alerts(request.user),
            "reads_events": may_list_events(request.user),
        },
    )


@login_required
def cycle_overview(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """Readable by the country's members and by consortium editors; editing stays with members."""
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    profile = cycle_profile_get(cycle=cycle)
    stats = getattr(cycle, "panel_statistics", None)
    rows = []
    for principle in profile.principles:
        figures = stats.summary.principles.get(principle.code) if stats else None
        rows.append({"principle": principle, "panel": figures})
    actors = workflow_actors(signed_in_user(request), cycle)
    return render(
        request,
        "assessments/overview.html",
        {
            "cycle": cycle,
            "profile": profile,
            "rows": rows,
            "stats": stats,
            "can_edit": Actor.MEMBER in actors and cycle.editable,
            "actions": actions_available(State(cycle.state), actors),
            "checks": cycle_checks(
                cycle=cycle, profile=profile, period_events=period_event_tallies(cycle=cycle)
            ),
            "history": cycle_history(cycle=cycle)[:20],
            "change_requests": change_requests(cycle_id=cycle.pk),
        },
    )


@login_required
@require_http_methods(["POST"])
def cycle_move(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """Submit, start review, request changes, approve: the workflow decides who may."""
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    action = request.POST.get("action", "")
    try:
        note = posted_text(request, "note")
        cycle_transition(cycle=cycle, action=action, by=signed_in_user(request), note=note)
    except TransitionRefused as exc:
        messages.error(request, _("Not done: %(reason)s") % {"reason": localise(exc)})
    else:
        done = localise(TRANSITIONS[action].label)
        messages.success(request, _("Done: %(action)s.") % {"action": done})
    return redirect("assessments:overview", iso2=cycle.country.iso2, year=year)


@login_required
@require_http_methods(["GET", "POST"])
def panel_edit(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """Members edit the panel; editors read it, with the pseudonymous scores and statistics."""
    cycle = _cycle_for_method(request, iso2=iso2, year=year)
    panel = panel_get_or_create(cycle=cycle)
    form = PanelForm(instance=panel, initial={"version": panel.version})
    new_panelist = PanelistForm(prefix="new")
    conflict = None
    if request.method == "POST" and "save-panel" in request.POST:
        form = PanelForm(request.POST, instance=panel)
        if form.is_valid():
            try:
                panel_save(
                    cycle=cycle,
                    met_on=form.cleaned_data["met_on"],
                    format=form.cleaned_data["format"],
                    participants=form.cleaned_data["participants"],
                    version=form.cleaned_data["version"],
                    by=signed_in_user(request),
                )
                messages.success(request, _("Panel saved."))
                return redirect("assessments:panel", iso2=cycle.country.iso2, year=year)
            except EditConflict as exc:
                conflict = panel_conflict_labelled(exc.conflicts["panel"])
            except CycleError as exc:
                messages.error(request, localise(exc))
    elif request.method == "POST":
        new_panelist = PanelistForm(request.POST, prefix="new")
        if new_panelist.is_valid():
            data = new_panelist.cleaned_data
            try:
                added = panelist_add(panel=panel, by=signed_in_user(request), **data)
                messages.success(request, _("Panelist %(code)s added.") % {"code": added.code})
                return redirect("assessments:panel", iso2=cycle.country.iso2, year=year)
            except CycleError as exc:
                new_panelist.add_error("code", localise(exc))
    return render(
        request,
        "assessments/panel.html",
        {
            "cycle": cycle,
            "form": form,
            "new_panelist": new_panelist,
            "panel": panel,
            "panelists": panel.panelists.all(),
            "conflict": conflict,
            "can_write": _can_write(request, cycle),
            "score_rows": _panel_score_rows(cycle, panel),
            "stats": getattr(cycle, "panel_statistics", None),
        },
    )


def _differs(agreed: Decimal | None, figures: DimensionSummary | None) -> float | None:
    """How far the stored agreed score is from the panelists' mean, when that is notable."""
    mean = figures.mean if figures else None
    if agreed is None or mean is None:
        return None
    if not agreed_differs_from_panel(float(agreed), mean):
        return None
    return float(agreed) - float(mean)


@login_required
@require_http_methods(["GET", "POST"])
def principle_edit(request: HttpRequest, iso2: str, year: int, principle: str) -> HttpResponse:
    """Members write a principle's scores; editors read them, and comment on them."""
    cycle = _cycle_for_method(request, iso2=iso2, year=year)
    edition = load_edition(cycle.edition)
    try:
        target = edition.principle(principle.upper())
    except KeyError:
        raise Http404 from None
    if target.source is not PrincipleSource.PANEL:
        raise Http404
    codes = [d.code for d in target.dimensions]
    panel = panel_get_or_create(cycle=cycle)
    panelists = list(panel.panelists.values_list("code", flat=True))

    def build(data: Any = None) -> PrincipleForms:
        stored = dimension_scores_get(cycle=cycle, codes=codes)
        scores = panelist_scores_get(panel=panel, codes=codes)
        return PrincipleForms(
            data,
            edition=edition,
            principle=target,
            stored=stored,
            panelists=panelists,
            panelist_scores=scores,
        )

    form = build()
    conflicts: dict[str, Any] = {}
    if request.method == "POST":
        form = build(request.POST)
        hidden_fields_intact(*form.filled_in_by_the_page())
        if form.is_valid():
            try:
                principle_save(
                    cycle=cycle,
                    principle=target.code,
                    entries=form.entries(),
                    shown_keys=posted_text(request, "citation-keys").split(),
                    by=signed_in_user(request),
                )
                messages.success(request, _("%(principle)s saved.") % {"principle": target.name})
                return redirect(
                    "assessments:principle",
                    iso2=cycle.country.iso2,
                    year=year,
                    principle=target.code,
                )
            except EditConflict as exc:
                conflicts = exc.conflicts
            except CycleError as exc:
                messages.error(request, localise(exc))
    stats = getattr(cycle, "panel_statistics", None)
    on_file = secondary_figures(
        country=cycle.country,
        series={code for dim in target.dimensions for code in dim.secondary_sources},
        up_to_year=cycle.period_end.year,
    )
    summary = stats.summary if stats else None
    evidence = dimensions_evidence(user=request.user, cycle=cycle, codes=codes)
    can_write = _can_write(request, cycle)
    dimensions = [
        {
            "dimension": d.dimension,
            "agreed": d.form["agreed"],
            "justification": d.form["justification"],
            "version": d.form["version"],
            "panelists": d.form.panelist_fields(),
            "sources": d.sources,
            "figures": (figures := summary.dimensions.get(d.dimension.code) if summary else None),
            "differs": _differs(d.form.initial.get("agreed"), figures),
            "conflict": conflicts.get(d.dimension.code),
            "secondary": [on_file[c] for c in d.dimension.secondary_sources if c in on_file],
            "evidence": evidence[d.dimension.code],
            # Events are cited into a scored dimension's evidence (the service says so too).
            "citing": can_write and d.form.initial.get("agreed") is not None,
        }
        for d in form.dimensions
    ]
    return render(
        request,
        "assessments/principle.html",
        {
            "cycle": cycle,
            "principle": target,
            "form": form,
            "dimensions": dimensions,
            "panel_figures": summary.principles.get(target.code) if summary else None,
            "conflicts": conflicts,
            "can_write": can_write,
            "comments": score_comments(cycle=cycle, codes=codes),
            "is_editor": Actor.EDITOR in workflow_actors(signed_in_user(request), cycle),
            "cycle_sources": cycle_sources(cycle=cycle),
        },
    )


MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
SESSION_KEY = "civicspace-workbook-upload"


@login_required
def workbook_get(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    cycle = cycle_for_reader(request.user, iso2=iso2, year=year)
    response = HttpResponse(
        workbook_download(cycle=cycle),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"civicspace-{cycle.country.iso2}-{cycle.year}-panel.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def workbook_upload(request: HttpRequest, iso2: str, year: int) -> HttpResponse:
    """Upload, then a preview of every change; nothing is saved until the member confirms."""
    cycle = _cycle_for_method(request, iso2=iso2, year=year)
    context: dict[str, Any] = {"cycle": cycle, "can_write": _can_write(request, cycle)}
    if request.method == "POST" and "confirm" in request.POST:
        stashed = request.session.get(SESSION_KEY)
        if not stashed or stashed["cycle"] != cycle.pk:
            messages.error(request, _("The upload to confirm has expired; please upload it again."))
            return redirect("assessments:workbook-upload", iso2=cycle.country.iso2, year=year)
        data = bytes.fromhex(stashed["data"])
        try:
            parsed = workbook_read(cycle=cycle, data=data)
            workbook_apply(cycle=cycle, upload=parsed, by=signed_in_user(request))
        except EditConflict as exc:
            context["conflicts"] = sorted(exc.conflicts)
        except CycleError as exc:
            messages.error(request, localise(exc))
        else:
            del request.session[SESSION_KEY]
            messages.success(request, _("The workbook was applied."))
            return redirect("assessments:overview", iso2=cycle.country.iso2, year=year)
    elif request.method == "POST":
        upload = request.FILES.get("workbook")
        if upload is None:
            context["problems"] = [_("Choose a workbook file to upload.")]
        elif upload.size is not None and upload.size > MAX_WORKBOOK_BYTES:
            context["problems"] = [_("The file is larger than 5 MB; is it the right workbook?")]
        else:
            data = upload.read()
            try:
                parsed = workbook_read(cycle=cycle, data=data)
            except ImportRefused as exc:
                context["problems"] = [localise(p) for p in exc.problems]
            else:
                context["changes"] = workbook_changes(cycle=cycle, upload=parsed)
                context["conflicts"] = workbook_conflicts(cycle=cycle, upload=parsed)
                request.session[SESSION_KEY] = {"cycle": cycle.pk, "data": data.hex()}
    return render(request, "assessments/workbook.html", context)

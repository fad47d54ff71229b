"""Workspace pages for early warning: members record events, the consortium verifies them and
manages the alerts the rules propose. Nothing here is public."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicspace.accounts.permissions import (
    may_attach_to_event,
    may_list_events,
    may_manage_alerts,
    may_read_alerts,
    may_refer_alerts,
    may_report_event,
    may_verify_events,
    signed_in_user,
)
from civicspace.core.attachments import ACCEPTED_EXTENSIONS
from civicspace.core.early_warning import EarlyWarningError
from civicspace.core.early_warning_rules import load_rules
from civicspace.core.event_workflow import (
    ALERT_EDITABLE,
    ALERT_TRANSITIONS,
    EVENT_EDITABLE,
    EVENT_TRANSITIONS,
)
from civicspace.core.framework import load_edition
from civicspace.countries.models import Country
from civicspace.i18n import localise
from civicspace.monitoring.alert_services import (
    AlertChangedMeanwhile,
    alert_edit,
    alert_transition,
    alert_version,
)
from civicspace.monitoring.models import Alert, Event
from civicspace.monitoring.referral_services import referral_open, referral_update
from civicspace.monitoring.selectors import (
    alert_for_editor,
    alert_for_reader,
    alert_history,
    alerts_visible,
    countries_reporting,
    countries_with_events,
    country_for_reporter,
    event_attachments,
    event_for_reader,
    event_history,
    event_view,
    events_visible,
    referral_for_editor,
    referral_steps,
)
from civicspace.monitoring.services import (
    EventChangedMeanwhile,
    VerificationInput,
    event_edit,
    event_merge,
    event_record,
    event_transition,
)
from civicspace.monitoring.vocabulary import vocabulary_word
from civicspace.posted import posted_int, posted_text
from civicspace.workspace.monitoring_forms import (
    AlertForm,
    EventForm,
    ReferralForm,
    VerificationForm,
    event_initial,
    source_formset,
)


def _choice(request: HttpRequest, name: str, allowed: list[str]) -> str:
    """A filter from the query string; an unknown value filters nothing rather than failing."""
    value = request.GET.get(name, "")
    return value if value in allowed else ""


@login_required
@require_GET
def events_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not may_list_events(user):
        raise Http404
    editor = may_verify_events(user)
    own = countries_reporting(user)
    countries = countries_with_events(user)
    state = _choice(request, "state", list(Event.State.values))
    country = _choice(request, "country", [c.iso2 for c in countries])
    events = events_visible(user, country=country, state=state)[:500]
    return render(
        request,
        "monitoring/events.html",
        {
            "events": events,
            "editor": editor,
            "own_countries": own,
            "countries": countries,
            "states": Event.State.choices,
            "state": state,
            "country": country,
        },
    )


def _event_form_page(
    request: HttpRequest, *, country: Country, event: Event | None
) -> HttpResponse:
    user = signed_in_user(request)
    rules = load_rules(event.edition if event is not None else _default_edition())
    data = request.POST if request.method == "POST" else None
    initial = event_initial(event) if event is not None else {"sensitivity": "public"}
    form = EventForm(data, rules=rules, initial=initial)
    sources = source_formset(data, event)
    if data is not None and form.is_valid() and sources.is_valid():
        found = tuple(s for f in sources.forms if (s := f.source()) is not None)
        try:
            if event is None:
                event = event_record(country=country, data=form.event_input(found), by=user)
            else:
                event = event_edit(
                    event=event,
                    data=form.event_input(found),
                    by=user,
                    seen=form.cleaned_data["seen"] or None,
                )
        except EventChangedMeanwhile as exc:
            # The form starts again from the event as it now is, the refusal above it.
            assert event is not None
            event.refresh_from_db()
            form = EventForm(None, rules=rules, initial=event_initial(event))
            sources = source_formset(None, event)
            messages.error(request, localise(exc))
        except EarlyWarningError as exc:
            form.add_error(None, localise(exc))
        else:
            messages.success(request, _("Event saved."))
            return redirect("monitoring:event", pk=event.pk)
    return render(
        request,
        "monitoring/event_form.html",
        {"form": form, "sources": sources, "country": country, "event": event},
    )


def _default_edition() -> str:
    return str(settings.CIVICSPACE_DEFAULT_EDITION)


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest, iso2: str) -> HttpResponse:
    country = country_for_reporter(signed_in_user(request), iso2)
    return _event_form_page(request, country=country, event=None)


@login_required
@require_http_methods(["GET", "POST"])
def event_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for_reader(user, pk)
    if not may_report_event(user, event.country_id) or event.state not in EVENT_EDITABLE:
        raise Http404
    return _event_form_page(request, country=event.country, event=event)


def _event_page(
    request: HttpRequest, event: Event, verification: VerificationForm | None = None
) -> HttpResponse:
    user = signed_in_user(request)
    rules = load_rules(event.edition)
    editor = may_verify_events(user)
    member = may_report_event(user, event.country_id)
    actions = [
        t
        for t in EVENT_TRANSITIONS.values()
        if event.merged_into_id is None
        and event.state in t.sources
        and ((t.actor == "editor" and editor) or (t.actor == "member" and member))
    ]
    view = event_view(user, event)
    edition = load_edition(event.edition)
    return render(
        request,
        "monitoring/event.html",
        {
            "view": view,
            "event": event,
            "type_name": _type_name(rules, event.event_type),
            "dimension_names": [edition.subject_name(d) for d in event.dimensions],
            "history": event_history(event, withheld=view.withheld),
            "actions": [(t.action, localise(t.label)) for t in actions],
            "verification": verification
            or (VerificationForm(rules=rules, event=event) if editor else None),
            "can_edit": member and event.state in EVENT_EDITABLE and not event.merged_into_id,
            "can_merge": editor and event.merged_into_id is None,
            "attachments": event_attachments(user, event),
            "can_attach": may_attach_to_event(user, event.country_id)
            and event.merged_into_id is None,
            "accepted": ", ".join(f".{e}" for e in ACCEPTED_EXTENSIONS),
        },
    )


def _type_name(rules: Any, code: str) -> str:
    try:
        return vocabulary_word(rules.event_type(code).name)
    except KeyError:
        return code


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_page(request, event_for_reader(signed_in_user(request), pk))


@login_required
@require_POST
def event_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for_reader(user, pk)
    action = posted_text(request, "action")
    if action not in EVENT_TRANSITIONS:
        raise BadRequest("unknown action")
    form = VerificationForm(request.POST, rules=load_rules(event.edition), event=event)
    if not form.is_valid():
        return _event_page(request, event, form)
    verification = None
    if action == "verify":
        checked = [int(pk) for pk in form.cleaned_data["sources_checked"]]
        verification = VerificationInput(form.answers(), checked, form.cleaned_data["note"])
    try:
        event_transition(
            event=event,
            action=action,
            by=user,
            reason=form.cleaned_data["note"] if action != "verify" else "",
            verification=verification,
        )
    except EarlyWarningError as exc:
        form.add_error(None, localise(exc))
        return _event_page(request, event, form)
    messages.success(
        request, _("Done: %(action)s.") % {"action": localise(EVENT_TRANSITIONS[action].label)}
    )
    return redirect("monitoring:event", pk=event.pk)


@login_required
@require_GET
def alerts_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not may_read_alerts(user):
        raise Http404
    state = _choice(request, "state", list(Alert.State.values))
    return render(
        request,
        "monitoring/alerts.html",
        {
            "editor": may_manage_alerts(user),
            "alerts": alerts_visible(user, state=state)[:500],
            "states": Alert.State.choices,
            "state": state,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    alert = alert_for_reader(user, pk)
    editor = may_manage_alerts(user)
    editable = editor and alert.state in ALERT_EDITABLE
    form = AlertForm(
        request.POST if request.method == "POST" else None,
        instance=alert,
        initial={"seen": alert_version(alert)},
    )
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            words = dict(form.cleaned_data)
            seen = words.pop("seen") or None
            try:
                alert_edit(alert=alert, by=user, seen=seen, **words)
            except AlertChangedMeanwhile as exc:
                # The form starts again from the alert as it now is, the refusal above it.
                alert.refresh_from_db()
                form = AlertForm(None, instance=alert, initial={"seen": alert_version(alert)})
                messages.error(request, localise(exc))
            except EarlyWarningError as exc:
                form.add_error(None, localise(exc))
            else:
                messages.success(request, _("Alert saved."))
                return redirect("monitoring:alert", pk=alert.pk)
        alert.refresh_from_db()
    rules = load_rules(alert.edition)
    rule = next((r for r in rules.rules if r.code == alert.rule), None)
    # Observers read the alert itself: not its events' pages, history or referral.
    events = [event_view(user, e) for e in alert.events.select_related("country")] if editor else []
    referral = referral_for_editor(user, alert)
    return render(
        request,
        "monitoring/alert.html",
        {
            "alert": alert,
            "editor": editor,
            "rule_name": vocabulary_word(rule.name) if rule is not None else alert.rule,
            "form": form if editable else None,
            "events": events,
            "history": alert_history(alert) if editor else [],
            "actions": [
                (t.action, localise(t.label), t.needs_reason)
                for t in ALERT_TRANSITIONS.values()
                if editor and alert.state in t.sources
            ],
            "referral": referral,
            "referral_steps": referral_steps(referral) if referral is not None else [],
            "can_refer": may_refer_alerts(user)
            and referral is None
            and alert.state == Alert.State.CONFIRMED,
            "referral_form": ReferralForm(initial={"status": getattr(referral, "status", "")}),
        },
    )


@login_required
@require_POST
def alert_refer(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer the alert to flexible support, or move its referral on: the consortium's only."""
    user = signed_in_user(request)
    alert = alert_for_editor(user, pk)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the referral's date, status and note."))
        return redirect("monitoring:alert", pk=alert.pk)
    referral = referral_for_editor(user, alert)
    data = form.cleaned_data
    try:
        if referral is None:
            referral_open(alert=alert, by=user, referred_on=data["referred_on"], notes=data["note"])
        else:
            referral_update(referral=referral, by=user, status=data["status"], note=data["note"])
    except EarlyWarningError as exc:
        messages.error(request, localise(exc))
    else:
        messages.success(request, _("Referral saved."))
    return redirect("monitoring:alert", pk=alert.pk)


@login_required
@require_POST
def alert_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    alert = alert_for_editor(user, pk)
    action = posted_text(request, "action")
    if action not in ALERT_TRANSITIONS:
        raise BadRequest("unknown action")
    try:
        alert_transition(alert=alert, action=action, by=user, reason=posted_text(request, "reason"))
    except EarlyWarningError as exc:
        messages.error(request, localise(exc))
    else:
        messages.success(
            request, _("Done: %(action)s.") % {"action": localise(ALERT_TRANSITIONS[action].label)}
        )
    return redirect("monitoring:alert", pk=alert.pk)


@login_required
@require_POST
def event_merge_into(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this event, a duplicate, into the event whose number the editor gives."""
    user = signed_in_user(request)
    duplicate = event_for_reader(user, pk)
    number = posted_int(request, "into")
    if number is None:
        messages.error(request, _("Give the number of the event this one repeats."))
        return redirect("monitoring:event", pk=duplicate.pk)
    try:
        into = event_for_reader(user, number)
        event_merge(duplicate=duplicate, into=into, by=user)
    except (EarlyWarningError, Http404) as exc:
        problem = localise(exc) if isinstance(exc, EarlyWarningError) else _("No such event.")
        messages.error(request, problem)
        return redirect("monitoring:event", pk=duplicate.pk)
    messages.success(request, _("Merged: the sources are combined, both histories kept."))
    return redirect("monitoring:event", pk=into.pk)

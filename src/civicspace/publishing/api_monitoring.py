"""Early warning in the API: public alerts and verified public events (read, open to all), and
a Network Member's token to record events of their own country (write).

The reads come from `publishing.early_warning_data`, the same rows as the open-data files, which
read `monitoring.public_selectors` only. Their ETags follow early warning's own state.
The writes go through `monitoring.services.event_record`, as the workspace's form does.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from civicspace.accounts.models import ApiToken
from civicspace.accounts.permissions import may_report_event
from civicspace.accounts.tokens import token_authenticate
from civicspace.core.early_warning import EarlyWarningError
from civicspace.i18n import localise
from civicspace.monitoring.public_selectors import public_state
from civicspace.monitoring.selectors import events_visible
from civicspace.monitoring.services import (
    EventInput,
    EventInputError,
    SourceInput,
    event_record,
)
from civicspace.publishing.api import Page, revalidating
from civicspace.publishing.api_schemas import (
    AlertDetailOut,
    AlertFilter,
    AlertOut,
    EventCreatedOut,
    EventFilter,
    EventIn,
    EventOut,
    MemberEventOut,
    answers_of,
    write_answers,
)
from civicspace.publishing.early_warning_data import LIST_SEPARATOR, alert_rows, event_rows

router = Router(tags=["early warning"])
revalidated = decorate_view(revalidating(public_state))


class MemberToken(HttpBearer):
    """`Authorization: Bearer <token>`, a live token a member was issued (accounts/tokens.py).
    Session cookies count for nothing here, so these routes need no CSRF token."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return token_authenticate(token)


member_token = MemberToken()
# Per token, not per address: a member's script behind a shared address is limited alone.
token_throttle = AuthRateThrottle(settings.CIVICSPACE_API_TOKEN_RATE)


def _token(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token


def _with_url(request: HttpRequest, row: dict[str, Any], name: str, key: str) -> dict[str, Any]:
    return row | {"url": request.build_absolute_uri(reverse(name, args=[row[key]]))}


# --- Reads -----------------------------------------------------------------------------------


@router.get(
    "/alerts",
    response=answers_of(list[AlertOut], missing=True, parameters=True),
    url_name="alerts",
    summary="Public alerts",
)
@revalidated
@paginate(Page)
def alerts(request: HttpRequest, filters: Query[AlertFilter]) -> list[dict[str, Any]]:
    """Alerts the consortium confirmed for the public (open or closed), latest first, with the
    codebook's columns (see /codebook, "early_warning"). `since` reads the span of its public
    events, as `last_on` gives it: an alert none of whose events is public has no date to match."""
    rows = alert_rows(iso2=filters.country or "")
    if filters.since:
        since = filters.since.isoformat()
        rows = [r for r in rows if r["last_on"] is not None and r["last_on"] >= since]
    return [_with_url(request, r, "api:alert", "alert_id") for r in rows]


@router.get(
    "/alerts/{alert_id}",
    response=answers_of(AlertDetailOut, missing=True, parameters=True),
    url_name="alert",
    summary="One public alert with its events",
)
@revalidated
def alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    found = [r for r in alert_rows() if r["alert_id"] == alert_id]
    if not found:
        raise HttpError(404, "No public alert with this number.")
    row = _with_url(request, found[0], "api:alert", "alert_id")
    wanted = {int(n) for n in row["event_ids"].split(LIST_SEPARATOR) if n}
    events = [
        _with_url(request, e, "api:event", "event_id")
        for e in event_rows(iso2=row["country_iso2"])
        if e["event_id"] in wanted
    ]
    return row | {"events": events}


@router.get(
    "/events",
    response=answers_of(list[EventOut], missing=True, parameters=True),
    url_name="events",
    summary="Public verified events",
)
@revalidated
@paginate(Page)
def events(request: HttpRequest, filters: Query[EventFilter]) -> list[dict[str, Any]]:
    """Verified events their reporters made public, newest first, each with its sources."""
    start = filters.starts_from.isoformat() if filters.starts_from else ""
    end = filters.starts_to.isoformat() if filters.starts_to else "9999"
    return [
        _with_url(request, r, "api:event", "event_id")
        for r in event_rows(iso2=filters.country or "")
        if (filters.dimension is None or filters.dimension in r["dimensions"].split(LIST_SEPARATOR))
        and filters.direction in (None, r["direction"])
        and start <= r["starts_on"] <= end
    ]


@router.get(
    "/events/{event_id}",
    response=answers_of(EventOut, missing=True, parameters=True),
    url_name="event",
    summary="One public event",
)
@revalidated
def event(request: HttpRequest, event_id: int) -> dict[str, Any]:
    found = [r for r in event_rows() if r["event_id"] == event_id]
    if not found:
        raise HttpError(404, "No public event with this number.")
    return _with_url(request, found[0], "api:event", "event_id")


# --- Writes, with a member's token -----------------------------------------------------------


def _event_input(payload: EventIn) -> EventInput:
    def coordinate(value: float | None) -> Decimal | None:
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.00001"))

    return EventInput(
        title=payload.title,
        event_type=payload.event_type,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        dimensions=tuple(payload.dimensions),
        direction=payload.direction,
        description=payload.description,
        actor=payload.actor,
        actors_detail=payload.actors_detail,
        affected_groups=payload.affected_groups,
        affected_count=payload.affected_count,
        region=payload.region,
        city=payload.city,
        latitude=coordinate(payload.latitude),
        longitude=coordinate(payload.longitude),
        sensitivity=payload.sensitivity,
        sources=tuple(
            SourceInput(
                title=s.title,
                url=s.url,
                publisher=s.publisher,
                published_on=s.published_on,
                kind=s.kind,
            )
            for s in payload.sources
        ),
    )


def _scope(token: ApiToken, iso2: str) -> None:
    """A token writes its own country's events, while its owner is a member there."""
    if iso2.upper() != token.country.iso2 or not may_report_event(token.user, token.country_id):
        raise HttpError(403, f"This token records events of {token.country.iso2} only.")


@router.post(
    "/events",
    response=write_answers(EventCreatedOut, 201),
    url_name="event_create",
    summary="Record an event (a member's token)",
    auth=member_token,
    throttle=[token_throttle],
)
def event_create(request: HttpRequest, payload: EventIn) -> Status[dict[str, Any]]:
    """Record an event of the token's own country, as the member: it is submitted for the
    consortium to verify, and public only once verified (and only if its sensitivity is
    "public"). Refused fields are named in `detail` (loc: body, field)."""
    token = _token(request)
    _scope(token, payload.country)
    try:
        created = event_record(country=token.country, data=_event_input(payload), by=token.user)
    except EventInputError as exc:
        return Status(422, {"detail": [{"loc": ["body", exc.field], "msg": localise(exc)}]})
    except EarlyWarningError as exc:
        raise HttpError(403, localise(exc)) from None
    url = request.build_absolute_uri(reverse("monitoring:event", args=[created.pk]))
    return Status(201, {"event_id": created.pk, "state": created.state, "workspace_url": url})


@router.get(
    "/member/events",
    response=write_answers(list[MemberEventOut], 200),
    url_name="member_events",
    summary="Your country's events and their state (a member's token)",
    auth=member_token,
    throttle=[token_throttle],
)
@paginate(Page)
def member_events(request: HttpRequest) -> list[dict[str, Any]]:
    """Every event of the token's country, whatever its state or sensitivity (the member's own
    workspace list), newest first; merged duplicates left out."""
    token = _token(request)
    _scope(token, token.country.iso2)
    return [
        {
            "event_id": e.pk,
            "country_iso2": e.country.iso2,
            "title": e.title,
            "event_type": e.event_type,
            "starts_on": e.starts_on,
            "direction": e.direction,
            "sensitivity": e.sensitivity,
            "state": e.state,
            "state_note": e.state_note,
            "impact": e.impact,
            "workspace_url": request.build_absolute_uri(reverse("monitoring:event", args=[e.pk])),
        }
        for e in events_visible(token.user, country=token.country.iso2)
    ]

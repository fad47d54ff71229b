"""Public early-warning pages: the alerts list, an alert, an event, and the alerts' Atom feed.

Every read goes through `monitoring.public_selectors`, the one definition of what is public; a
number that is not public is a 404 like a number that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from feedgen.feed import FeedGenerator

from civicspace.core.early_warning_rules import load_rules
from civicspace.core.framework import load_edition
from civicspace.countries.names import country_name
from civicspace.countries.selectors import country_regions, programme_countries
from civicspace.monitoring.models import Event
from civicspace.monitoring.public_selectors import (
    AlertTimes,
    PublicAlert,
    PublicEvent,
    public_alert,
    public_alert_times,
    public_alerts,
    public_event,
    public_events,
)
from civicspace.monitoring.rendering import description_html
from civicspace.monitoring.vocabulary import vocabulary_word
from civicspace.site.branding import branding

Regions = dict[str, tuple[str, str]]  # alpha-2 -> (region code, region name)
# The feed's date when nothing gives one (no alert yet): fixed, so a poll sees nothing change.
FEED_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
EVENTS_LISTED = 50  # the list page's newest public events; older ones are on country pages


@dataclass(frozen=True)
class EventView:
    event: PublicEvent
    country: str
    type_name: str
    dimensions: list[str]
    direction: str
    description_html: SafeString


@dataclass(frozen=True)
class AlertView:
    alert: PublicAlert
    country: str
    title: str  # the rule's name and its subject
    direction: str
    closed: bool
    summary_html: SafeString
    response_html: SafeString
    events: list[EventView]


def _type_name(edition: str, code: str) -> str:
    try:
        return vocabulary_word(load_rules(edition).event_type(code).name)
    except KeyError:
        return code


def _subject_name(edition: str, code: str) -> str:
    """A dimension or principle named as the country pages name them: in the edition's words."""
    return load_edition(edition).subject_name(code)


def _direction(code: str) -> str:
    return str(Event.Direction(code).label) if code in Event.Direction.values else code


def _rule_name(edition: str, code: str) -> str:
    rule = next((r for r in load_rules(edition).rules if r.code == code), None)
    return vocabulary_word(rule.name) if rule is not None else code


def _cleaned(markdown: str) -> SafeString:
    return mark_safe(description_html(markdown))  # noqa: S308 - sanitised by nh3


def event_view(event: PublicEvent) -> EventView:
    return EventView(
        event=event,
        country=country_name(event.country),
        type_name=_type_name(event.edition, event.event_type),
        dimensions=[_subject_name(event.edition, d) for d in event.dimensions],
        direction=_direction(event.direction),
        description_html=_cleaned(event.description),
    )


def alert_view(alert: PublicAlert) -> AlertView:
    title = _rule_name(alert.edition, alert.rule)
    if alert.subject:
        title = f"{title}: {_subject_name(alert.edition, alert.subject)}"
    return AlertView(
        alert=alert,
        country=country_name(alert.country),
        title=title,
        direction=_direction(alert.direction),
        closed=alert.state == "closed",
        summary_html=_cleaned(alert.summary),
        response_html=_cleaned(alert.recommended_response),
        events=[event_view(e) for e in alert.events],
    )


@dataclass(frozen=True)
class Choices:
    country: str
    region: str
    countries: list[tuple[str, str]]
    regions: list[tuple[str, str]]

    @property
    def active(self) -> bool:
        return bool(self.country or self.region)

    def keeps(self, iso2: str, regions: Regions) -> bool:
        if self.country and iso2 != self.country:
            return False
        return not self.region or regions.get(iso2, ("", ""))[0] == self.region


def _choices(request: HttpRequest, iso2s: Iterable[str]) -> tuple[Choices, Regions]:
    """The reader's country and region, each ignored unless it is one on offer (a bad address
    shows the whole list, as the country list does)."""
    names = {c.iso2: country_name(c.name) for c in programme_countries()}
    offered = sorted(set(iso2s) & set(names), key=lambda c: names[c])
    regions = country_regions(iso2s=offered)
    region_choices = sorted({r for r in regions.values() if r[0]}, key=lambda r: r[1])
    country = request.GET.get("country", "").strip().upper()
    region = request.GET.get("region", "")
    choices = Choices(
        country=country if country in offered else "",
        region=region if region in dict(region_choices) else "",
        countries=[(c, names[c]) for c in offered],
        regions=region_choices,
    )
    return choices, regions


def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = public_alerts()
    events = public_events()
    choices, regions = _choices(request, {a.iso2 for a in alerts} | {e.iso2 for e in events})
    shown = [alert_view(a) for a in alerts if choices.keeps(a.iso2, regions)]
    listed = [e for e in events if choices.keeps(e.iso2, regions)]
    return render(
        request,
        "site/alert_list.html",
        {
            "alerts": shown,
            "events": [event_view(e) for e in listed[:EVENTS_LISTED]],
            "more_events": max(0, len(listed) - EVENTS_LISTED),
            "choices": choices,
            "feed_url": _feed_path(choices.country),
        },
    )


def alert(request: HttpRequest, pk: int) -> HttpResponse:
    found = public_alert(pk)
    if found is None:
        raise Http404
    return render(
        request,
        "site/alert.html",
        {"view": alert_view(found), "feed_url": _feed_path(found.iso2)},
    )


def event(request: HttpRequest, pk: int) -> HttpResponse:
    found = public_event(pk)
    if found is None:
        raise Http404
    alerts = [a for a in public_alerts(iso2=found.iso2) if any(e.id == pk for e in a.events)]
    return render(
        request,
        "site/alert_event.html",
        {
            "view": event_view(found),
            "alerts": [alert_view(a) for a in alerts],
            "feed_url": _feed_path(found.iso2),
        },
    )


def _feed_path(iso2: str = "") -> str:
    if iso2:
        return reverse("alerts:country_feed", args=[iso2])
    return reverse("alerts:feed")


def _entry_content(view: AlertView, request: HttpRequest) -> str:
    """The entry's HTML: the alert's wording, then its public events with links."""
    origin = request.build_absolute_uri("/").removesuffix("/")
    return render_to_string("site/_alert_feed_entry.html", {"view": view, "origin": origin})


def _absolute(request: HttpRequest, name: str, pk: int) -> str:
    return request.build_absolute_uri(reverse(name, args=[pk]))


def _at_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _feed(request: HttpRequest, iso2: str, country: str) -> HttpResponse:
    alerts = public_alerts(iso2=iso2)
    times = public_alert_times(alerts)
    programme = branding().programme
    feed = FeedGenerator()
    self_url = request.build_absolute_uri(_feed_path(iso2))
    feed.id(self_url)
    if iso2:
        feed.title(
            _("%(programme)s: public alerts, %(country)s")
            % {"programme": programme, "country": country_name(country)}
        )
        page = reverse("alerts:list") + f"?country={iso2}"
    else:
        feed.title(_("%(programme)s: public alerts") % {"programme": programme})
        page = reverse("alerts:list")
    feed.author({"name": programme})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=request.build_absolute_uri(page), rel="alternate", type="text/html")
    feed.language(get_language() or "en")
    newest: datetime | None = None
    for found in reversed(alerts):  # feedgen puts the last added entry first
        view = alert_view(found)
        # No trail (an alert written by hand): its last public event's day, else the fixed date.
        day = _at_midnight(found.last_on) if found.last_on else FEED_EPOCH
        when = times.get(found.id) or AlertTimes(day, day)
        newest = max(newest, when.updated) if newest else when.updated
        url = _absolute(request, "alerts:alert", found.id)
        entry = feed.add_entry()
        entry.id(url)
        prefix = _("DEMO") + ": " if found.is_demo else ""
        entry.title(f"{prefix}{view.country}: {view.title} ({view.direction})")
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(when.published)
        entry.updated(when.updated)
        entry.category(term=found.iso2, label=view.country)
        entry.content(_entry_content(view, request), type="html")
    # With no alert yet the feed is as old as its first possible entry: a fixed date, so a
    # reader polling an empty feed sees nothing change.
    feed.updated(newest or FEED_EPOCH)
    return HttpResponse(
        feed.atom_str(pretty=True), content_type="application/atom+xml; charset=utf-8"
    )


def feed(request: HttpRequest) -> HttpResponse:
    """Every public alert; `?country=GE` narrows it like /alerts/GE/feed.atom."""
    iso2 = request.GET.get("country", "").strip().upper()
    if iso2:
        return country_feed(request, iso2)
    return _feed(request, "", "")


def country_feed(request: HttpRequest, iso2: str) -> HttpResponse:
    country = next((c for c in programme_countries() if c.iso2 == iso2.upper()), None)
    if country is None:
        raise Http404
    return _feed(request, country.iso2, country.name)

"""Writes for the report's evidence: a verified public event cited as a source of a cycle."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from civicspace.accounts.permissions import may_write_drafts
from civicspace.assessments.models import Cycle, Source
from civicspace.assessments.services import SourceInput, source_append
from civicspace.audit.services import audit_record
from civicspace.core.early_warning import EarlyWarningError
from civicspace.core.messages import Message, _
from civicspace.monitoring.evidence_selectors import period_filter
from civicspace.monitoring.models import Event, EventSource

# An event's sources, as the kinds a report's sources have.
_KINDS = {
    EventSource.Kind.MEDIA: Source.Kind.NEWS,
    EventSource.Kind.NGO: Source.Kind.REPORT,
    EventSource.Kind.OFFICIAL: Source.Kind.OTHER,
    EventSource.Kind.FIRST_HAND: Source.Kind.OTHER,
}


_SENSITIVITY_WORDS: dict[str, Message] = {
    Event.Sensitivity.CONSORTIUM: _("for the consortium only"),
    Event.Sensitivity.RESTRICTED: _("restricted"),
}


def event_as_source(event: Event) -> SourceInput:
    """What a report lists for an event: its title with the publisher of its first source, that
    source's address, date and kind (or the event's own date, when it has no source)."""
    first = event.sources.order_by("pk").first()
    if first is None:
        return SourceInput(title=event.title, published_on=event.starts_on)
    title = f"{event.title} — {first.publisher}" if first.publisher else event.title
    return SourceInput(
        title=title[:300],
        url=first.url,
        published_on=first.published_on or event.starts_on,
        kind=_KINDS.get(EventSource.Kind(first.kind), Source.Kind.OTHER),
    )


@transaction.atomic
def event_cite(
    *, cycle: Cycle, event: Event, dimension: str, by: AbstractBaseUser
) -> tuple[Source, bool]:
    """The cycle's member adds a verified event of the reporting period to the evidence of
    `dimension` (one the event is tagged to), with a key made from the event's number
    (`event-42`), which report texts then cite as `[^event-42]`. Returns the source and whether
    it is new (an event already among that dimension's sources is not added twice).

    A published report may cite only what is public: an event the reporter kept for the
    consortium, or restricted, is refused, as is one outside the period or not yet verified."""
    if not may_write_drafts(by, cycle.country_id):
        raise EarlyWarningError(_("Only the country's Network Member adds evidence to its report."))
    event = Event.objects.select_related("country").get(pk=event.pk)
    if event.country_id != cycle.country_id:
        raise EarlyWarningError(_("This event is not of the report's country."))
    if event.sensitivity != Event.Sensitivity.PUBLIC:
        raise EarlyWarningError(
            _(
                "Event %(number)s is %(sensitivity)s: a published report cites public events"
                " only. Cite the sources it rests on directly, if they are public.",
                number=event.pk,
                sensitivity=_SENSITIVITY_WORDS.get(event.sensitivity, event.sensitivity),
            )
        )
    if not Event.objects.filter(period_filter(cycle), pk=event.pk).exists():
        raise EarlyWarningError(
            _(
                "Event %(number)s is not a verified event of the reporting period"
                " (%(start)s to %(end)s).",
                number=event.pk,
                start=cycle.period_start.isoformat(),
                end=cycle.period_end.isoformat(),
            )
        )
    if dimension not in event.dimensions:
        raise EarlyWarningError(
            _(
                "Event %(number)s is not tagged to %(code)s; cite it under %(codes)s.",
                number=event.pk,
                code=dimension,
                codes=", ".join(event.dimensions),
            )
        )
    source, added = source_append(
        cycle=cycle,
        dimension=dimension,
        source=event_as_source(event),
        key_from=f"event {event.pk}",
        by=by,
    )
    if added:
        audit_record(
            cycle=None,
            country=event.country,
            by=by,
            action="event",
            target=str(event.pk),
            after={
                "change": "cited",
                "state": event.state,
                "cycle": cycle.year,
                "dimension": dimension,
                "key": source.key,
            },
        )
    return source, added

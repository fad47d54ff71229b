"""Evidence for the panel and the report: the verified events of a cycle's reporting period by
dimension on the score pages, who sees what of them, citing one as a source of the report, and
the editorial warning when events and scores disagree."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from civicspace.assessments.models import CitationKey, Cycle, Source
from civicspace.assessments.services import SourceInput as ScoreSource
from civicspace.assessments.services import cycle_create, score_record
from civicspace.audit.models import AuditEvent
from civicspace.core.early_warning import EarlyWarningError
from civicspace.countries.models import Country
from civicspace.editorial.selectors import cycle_checks
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.monitoring.evidence_selectors import period_event_tallies
from civicspace.monitoring.evidence_services import event_cite
from civicspace.monitoring.models import Event
from civicspace.monitoring.services import (
    EventInput,
    SourceInput,
    VerificationInput,
    event_merge,
    event_record,
    event_transition,
)
from tests.apps.helpers import kz, person

pytestmark = pytest.mark.django_db

# The `programme` fixture's 2025 cycles report on 2024-08-01 to 2025-08-31.
START, END = date(2024, 8, 1), date(2025, 8, 31)
IN_PERIOD = date(2025, 3, 10)
LOW = {"scale": 2, "scope": 2, "irreversibility": 2}


def an_event(
    title: str,
    *,
    on: date = IN_PERIOD,
    until: date | None = None,
    dimensions: tuple[str, ...] = ("2.2",),
    direction: str = "deteriorating",
    sensitivity: str = "public",
    country: str = "KZ",
    verify: bool = True,
    city: str = "",
) -> Event:
    """An event recorded from the command line and, unless `verify` is False, verified."""
    event = event_record(
        country=Country.objects.get(iso2=country),
        data=EventInput(
            title=title,
            event_type="funding-restriction" if direction == "deteriorating" else "other",
            starts_on=on,
            ends_on=until,
            dimensions=dimensions,
            direction=direction,
            sensitivity=sensitivity,
            city=city,
            sources=(
                SourceInput(f"Report on {title}", f"https://example.org/{abs(hash(title))}", "Ex"),
            ),
        ),
        by=None,
    )
    if verify:
        event_transition(
            event=event,
            action="verify",
            by=None,
            verification=VerificationInput(LOW, [s.pk for s in event.sources.all()]),
        )
    return Event.objects.get(pk=event.pk)


def scored(code: str = "2.2", value: str = "2.5", cycle: Cycle | None = None) -> None:
    score_record(
        cycle=cycle or kz(), dimension=code, value=Decimal(value), justification="Because."
    )


def evidence_page(client, code="2.2", iso2="KZ", page=None):
    url = reverse("assessments:evidence", args=[iso2, 2025, code])
    return client.get(url, {"page": page} if page else {})


def shown_ids(response) -> set[int]:
    return {e.id for e in response.context["events"]}


@pytest.fixture
def cast(people):
    member, editor = people
    return {"member": member, "editor": editor, "other-member": person("wanjiru", "member", "KE")}


def test_the_dimension_shows_the_verified_events_of_the_period_tagged_to_it(cast, client):
    shown = [
        an_event("DEMO inspections", direction="deteriorating"),
        an_event("DEMO ruling", direction="improving", on=date(2024, 9, 2)),
        an_event("DEMO two dimensions", dimensions=("2.1", "2.2")),
    ]
    an_event("DEMO waiting for the consortium", verify=False)
    an_event("DEMO another dimension", dimensions=("2.1",))
    an_event("DEMO another country", country="KE")
    duplicate = an_event("DEMO the same inspections again")
    event_merge(duplicate=duplicate, into=shown[0], by=cast["editor"])

    client.force_login(cast["member"])
    response = evidence_page(client)
    assert response.status_code == 200
    assert shown_ids(response) == {e.pk for e in shown}
    tally = response.context["tally"]
    assert (tally.deteriorating, tally.improving) == (2, 1)
    page = response.content.decode()
    for event in shown:
        assert event.title in page
        assert f'href="{reverse("monitoring:event", args=[event.pk])}"' in page
        assert f"Report on {event.title}" in page  # its sources


@pytest.mark.parametrize(
    ("on", "until", "counts"),
    [
        (START, None, True),
        (END, None, True),
        (START - timedelta(days=1), None, False),
        (END + timedelta(days=1), None, False),
        (date(2024, 7, 1), START - timedelta(days=1), False),  # over before the period began
        (date(2024, 7, 1), START, True),  # lasted into its first day
        (date(2024, 7, 1), date(2025, 9, 30), True),  # spans the whole period
    ],
)
def test_an_event_counts_when_it_happened_at_least_in_part_within_the_period(
    cast, client, on, until, counts
):
    event = an_event("DEMO on the edge", on=on, until=until)
    client.force_login(cast["member"])
    assert (event.pk in shown_ids(evidence_page(client))) is counts
    assert ("2.2" in period_event_tallies(cycle=kz())) is counts


def test_the_score_page_shows_counts_and_the_weightiest_events_collapsed(cast, client):
    events = [an_event(f"DEMO event {n}") for n in range(7)]
    client.force_login(cast["member"])
    response = client.get(reverse("assessments:principle", args=["KZ", 2025, "P2"]))
    page = response.content.decode()
    [evidence] = [
        d["evidence"] for d in response.context["dimensions"] if d["dimension"].code == "2.2"
    ]
    assert evidence.tally.total == len(events)
    assert len(evidence.events) == 5  # a preview; the dimension's own page lists them all
    assert '<details class="panel-evidence" id="events-2.2">' in page  # closed until opened
    assert reverse("assessments:evidence", args=["KZ", 2025, "2.2"]) in page
    assert "No verified events of the reporting period are tagged to this dimension." in page  # 2.1


def test_the_panel_page_counts_each_dimensions_events(cast, client):
    an_event("DEMO one")
    an_event("DEMO two", direction="improving")
    client.force_login(cast["editor"])
    response = client.get(reverse("assessments:panel", args=["KZ", 2025]))
    [row] = [r for r in response.context["score_rows"] if r["code"] == "2.2"]
    assert (row["events"].deteriorating, row["events"].improving) == (1, 1)


def test_a_long_period_is_listed_fifty_events_a_page_newest_first(cast, client):
    for n in range(55):
        an_event(f"DEMO event {n}", on=START + timedelta(days=n))
    client.force_login(cast["member"])
    first, second = evidence_page(client), evidence_page(client, page=2)
    assert len(first.context["events"]) == 50
    assert len(second.context["events"]) == 5
    dates = [e.starts_on for e in first.context["events"]] + [
        e.starts_on for e in second.context["events"]
    ]
    assert dates == sorted(dates, reverse=True)
    assert first.context["tally"].total == 55


def test_the_pages_together_list_every_event_once_and_link_each_other(cast, client):
    made = {
        an_event(f"DEMO event {n}", on=START + timedelta(days=n), direction=direction).pk
        for n, direction in enumerate(["deteriorating", "improving", "deteriorating"] * 17)
    }
    client.force_login(cast["member"])
    first, last, beyond = (evidence_page(client, page=p) for p in (None, 2, 99))
    assert shown_ids(first) | shown_ids(last) == made
    assert not shown_ids(first) & shown_ids(last)
    assert shown_ids(beyond) == shown_ids(last)  # past the end: the last page, not an error
    tally = first.context["tally"]
    assert (tally.deteriorating, tally.improving) == (34, 17)
    first_html, last_html = first.content.decode(), last.content.decode()
    assert 'rel="next"' in first_html
    assert 'rel="prev"' not in first_html
    assert 'rel="prev"' in last_html
    assert 'rel="next"' not in last_html


def test_a_restricted_events_place_reaches_its_own_country_only(cast, client):
    an_event("DEMO questioned", sensitivity="restricted", city="Talgar")
    an_event("DEMO kept for the consortium", sensitivity="consortium")
    client.force_login(cast["member"])
    own = evidence_page(client).content.decode()
    assert "Talgar" in own
    client.force_login(cast["editor"])
    consortium = evidence_page(client)
    page = consortium.content.decode()
    assert "Talgar" not in page
    assert "place withheld (restricted event)" in page
    assert {e.title for e in consortium.context["events"] if not e.citable} == {
        "DEMO questioned",
        "DEMO kept for the consortium",
    }
    assert page.count("not for the report") == 2


@pytest.mark.parametrize("who", ["other-member", "anonymous"])
def test_nobody_outside_the_country_and_the_consortium_reads_or_cites(cast, client, who):
    event = an_event("DEMO inspections")
    scored()
    if who != "anonymous":
        client.force_login(cast[who])
    expected = 404 if who != "anonymous" else 302  # 404: existence is not confirmed either
    assert evidence_page(client).status_code == expected
    cite = reverse("assessments:evidence-cite", args=["KZ", 2025, "2.2"])
    assert client.post(cite, {"event": event.pk}).status_code == expected
    assert not Source.objects.exists()


def test_an_editor_reads_the_evidence_but_cites_nothing(cast, client):
    event = an_event("DEMO inspections")
    scored()
    client.force_login(cast["editor"])
    page = evidence_page(client)
    assert page.status_code == 200
    assert not page.context["can_cite"]
    cite = reverse("assessments:evidence-cite", args=["KZ", 2025, "2.2"])
    assert client.post(cite, {"event": event.pk}).status_code == 404
    assert not Source.objects.exists()


def test_a_member_cites_an_event_and_the_text_cites_its_key(cast, client):
    event = an_event("DEMO inspections")
    scored()
    client.force_login(cast["member"])
    cite = reverse("assessments:evidence-cite", args=["KZ", 2025, "2.2"])
    response = client.post(cite, {"event": event.pk, "back": "principle"}, follow=True)
    key = f"event-{event.pk}"
    assert f"cite it as [^{key}]" in response.content.decode()
    source = Source.objects.get(key=key)
    first = event.sources.get()
    assert (source.score.dimension, source.url) == ("2.2", first.url)
    assert source.title == f"{event.title} — {first.publisher}"
    assert CitationKey.objects.filter(cycle=kz(), key=key).exists()
    assert AuditEvent.objects.filter(action="score", target="2.2", actor=cast["member"]).exists()
    cited = AuditEvent.objects.get(action="event", target=str(event.pk), after__change="cited")
    assert cited.after["key"] == key

    client.post(cite, {"event": event.pk})  # again: nothing added
    assert Source.objects.filter(score__cycle=kz()).count() == 1

    texts_save(
        cycle=kz(), entries={"2.2": TextEntry(f"Inspections rose[^{key}].", 0)}, by=cast["member"]
    )
    unknown = [f for f in cycle_checks(cycle=kz()).findings if f.check == "unknown-citation"]
    assert unknown == []


def test_a_cited_events_key_is_never_reused_after_its_source_is_removed(cast):
    event = an_event("DEMO inspections")
    scored()
    first, _ = event_cite(cycle=kz(), event=event, dimension="2.2", by=cast["member"])
    score_record(
        cycle=kz(),
        dimension="2.2",
        value=Decimal("2.5"),
        justification="Because.",
        sources=[ScoreSource("Another report", "https://example.org/other")],
        by=cast["member"],
    )
    again, added = event_cite(cycle=kz(), event=event, dimension="2.2", by=cast["member"])
    assert added
    assert again.key != first.key
    assert again.key.startswith(first.key)


def test_an_event_kept_for_the_consortium_is_refused_clearly_and_nothing_is_added(cast, client):
    event = an_event("DEMO kept for the consortium", sensitivity="consortium")
    scored()
    client.force_login(cast["member"])
    cite = reverse("assessments:evidence-cite", args=["KZ", 2025, "2.2"])
    page = client.post(cite, {"event": event.pk}, follow=True).content.decode()
    assert "Not cited" in page
    assert "cites public events only" in page
    assert not Source.objects.exists()
    assert not AuditEvent.objects.filter(action="event", after__change="cited").exists()


@pytest.mark.parametrize(
    ("event_kwargs", "dimension", "problem"),
    [
        ({"sensitivity": "restricted"}, "2.2", "public events only"),
        ({"verify": False}, "2.2", "not a verified event of the reporting period"),
        ({"on": START - timedelta(days=3)}, "2.2", "not a verified event of the reporting period"),
        ({"country": "KE"}, "2.2", "not of the report's country"),
        ({}, "2.1", "not tagged to 2.1"),
        ({}, "2.3", "Record the score of 2.3"),
    ],
)
def test_what_a_report_cannot_cite_is_refused_with_the_reason(
    cast, event_kwargs, dimension, problem
):
    event = an_event("DEMO refused", dimensions=("2.2", "2.3"), **event_kwargs)
    scored("2.2")
    scored("2.1")
    with pytest.raises((EarlyWarningError, ValueError), match=problem):
        event_cite(cycle=kz(), event=event, dimension=dimension, by=cast["member"])
    assert not Source.objects.exists()


def events_against_the_score() -> None:
    """2.2 rose from 2.0 to 2.6 since last year while three events of the period point down."""
    previous = cycle_create(
        country=Country.objects.get(iso2="KZ"),
        year=2024,
        period_start=date(2023, 8, 1),
        period_end=date(2024, 7, 31),
    )
    scored("2.2", "2.0", cycle=previous)
    scored("2.2", "2.6")
    for n in range(3):
        an_event(f"DEMO inspection {n}")


def test_the_overview_warns_when_events_and_the_score_move_apart(cast, client):
    events_against_the_score()
    client.force_login(cast["member"])
    checks = client.get(reverse("assessments:overview", args=["KZ", 2025])).context["checks"]
    [finding] = [f for f in checks.findings if f.check == "events-against-score"]
    assert finding.place == "2.2"
    assert "rose from 2.0 to 2.6" in str(finding.message)


def test_the_evidence_page_reads_a_fixed_number_of_queries(
    cast, client, django_assert_max_num_queries
):
    for n in range(30):
        an_event(f"DEMO event {n}", on=START + timedelta(days=n))
    scored()
    client.force_login(cast["member"])
    with django_assert_max_num_queries(25):
        assert evidence_page(client).status_code == 200


def test_the_evidence_reads_in_russian_and_a_refusal_too(cast, client):
    from django.utils import translation

    an_event("DEMO inspections")
    kept = an_event("DEMO kept for the consortium", sensitivity="consortium")
    scored()
    client.force_login(cast["member"])
    url = reverse("assessments:principle", args=["KZ", 2025, "P2"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    with translation.override("ru"):
        summary = translation.ngettext(
            "%(n)s verified event of the reporting period (%(d)s deteriorating, %(i)s improving)",
            "%(n)s verified events of the reporting period (%(d)s deteriorating, %(i)s improving)",
            2,
        ) % {"n": 2, "d": 2, "i": 0}
    assert "проверенных события" in summary
    assert summary in page
    cite = reverse("assessments:evidence-cite", args=["KZ", 2025, "2.2"])
    refused = client.post(cite, {"event": kept.pk}, follow=True, HTTP_ACCEPT_LANGUAGE="ru")
    assert "только для консорциума" in refused.content.decode()

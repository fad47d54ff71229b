"""Load the demo dataset (dataset.yaml, narratives.yaml, report_texts.yaml) through the ordinary
services, and publish every demo cycle but the one left as a working draft."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any

import yaml
from django.db import connection, transaction

from civicspace.assessments.models import Cycle
from civicspace.assessments.services import SourceInput, cycle_create, score_record
from civicspace.audit.models import AuditEvent
from civicspace.countries.models import Country, NetworkMember
from civicspace.countries.services import countries_sync, network_member_set, programme_definition
from civicspace.demo.events import demo_events_load, demo_events_purge
from civicspace.demo.panels import demo_indicators_load, demo_panel_load
from civicspace.demo.reports import demo_publish, demo_texts_save, report_texts
from civicspace.editorial.models import Snapshot
from civicspace.indicators.models import CivicusRating
from civicspace.indicators.services import civicus_rating_record


@dataclass(frozen=True)
class DemoSummary:
    countries: int
    cycles: int
    scores: int
    ratings: int
    published: int


def demo_files() -> tuple[dict[str, Any], dict[str, Any]]:
    folder = resources.files("civicspace.demo")
    dataset = yaml.safe_load(folder.joinpath("dataset.yaml").read_text("utf-8"))
    narratives = yaml.safe_load(folder.joinpath("narratives.yaml").read_text("utf-8"))
    return dataset, narratives


def _purge_demo(on: bool) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('civicspace.purge_demo', %s, true)", ["on" if on else "off"]
            )


def demo_clear() -> None:
    """Remove the demo cycles with their snapshots and audit events (in the caller's
    transaction); data not marked as demo is left alone."""
    # The audit trail and published snapshots are permanent, except that a demo reset removes
    # demo cycles whole (a queryset delete: Snapshot.delete() itself always refuses).
    # On PostgreSQL a trigger refuses such deletes unless this transaction says it purges the
    # demo (editorial migration 0006), and then only for demo cycles' rows.
    _purge_demo(True)
    AuditEvent.objects.filter(cycle__is_demo=True).delete()
    Snapshot.objects.filter(cycle__is_demo=True).delete()
    _purge_demo(False)
    demo_events_purge()
    Cycle.objects.filter(is_demo=True).delete()
    # Either demo (the written one or the synthetic one) brings its own ratings and members.
    CivicusRating.objects.filter(is_demo=True).delete()
    NetworkMember.objects.filter(is_demo=True).delete()


@transaction.atomic
def demo_load() -> DemoSummary:
    """Replace any demo data with a fresh copy; data not marked as demo is left alone."""
    dataset, narratives = demo_files()
    demo_clear()
    programme = programme_definition()
    regions = {
        **programme["regions"],
        **{
            r["code"]: {"name": r["name"], "translations": r.get("translations", {})}
            for r in dataset["regions"]
        },
    }
    demo_countries = {c["code"]: c["region"] for c in dataset["countries"]}
    countries_sync(regions=regions, programme={**programme["countries"], **demo_countries})
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=demo_countries)}
    for entry in dataset["countries"]:
        network_member_set(
            country=countries[entry["code"]], name=entry["network_member"], is_demo=True
        )
    for rating in dataset["civicus_ratings"]:
        civicus_rating_record(
            country=countries[rating["country"]],
            published_on=rating["published_on"],
            score=Decimal(str(rating["score"])),
            source_url="https://monitor.civicus.org/",
            is_demo=True,
        )
    written = report_texts()
    scores = 0
    to_publish = []
    for entry in dataset["cycles"]:
        start, end = entry["reporting_period"]
        cycle = cycle_create(
            country=countries[entry["country"]],
            year=entry["year"],
            period_start=start,
            period_end=end,
            panel_date=entry["panel_date"],
            edition=dataset["edition"],
            is_demo=True,
        )
        texts = narratives[entry["country"]][entry["year"]]["dimensions"]
        for code, value in entry["scores"].items():
            text = texts[code]
            score_record(
                cycle=cycle,
                dimension=code,
                value=Decimal(str(value)),
                justification=text["justification"].strip(),
                sources=[
                    SourceInput(
                        title=s["title"], url=s["url"], published_on=s["date"], kind=s["kind"]
                    )
                    for s in text.get("sources", ())
                ],
            )
            scores += 1
        # Seeded by country and year, so every reload gives the same demo panel.
        seed = zlib.crc32(f"{entry['country']}-{entry['year']}".encode())
        demo_panel_load(cycle=cycle, size=9, seed=seed, contested=entry.get("contested", ()))
        demo_texts_save(
            cycle=cycle,
            narrative=narratives[entry["country"]][entry["year"]],
            written=written.get(entry["country"], {}).get(entry["year"]),
        )
        if entry.get("publish", True):
            to_publish.append(cycle)
    demo_indicators_load()
    # Earlier years first, so each report can show the change since the one before.
    for cycle in sorted(to_publish, key=lambda c: c.year):
        demo_publish(cycle=cycle)
    demo_events_load()  # early warning, issue 15: after the countries exist
    return DemoSummary(
        countries=len(countries),
        cycles=len(dataset["cycles"]),
        scores=scores,
        ratings=len(dataset["civicus_ratings"]),
        published=len(to_publish),
    )

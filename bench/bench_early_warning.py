"""Benchmark: alert rules over 86 countries x 5 years x 2,000 events a country, and the panel
workspace's dimension view with 2,000 verified events in the reporting period. Prints figures."""

from __future__ import annotations

import atexit
import functools
import gc
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from civicspace.core.early_warning import (
    Direction,
    EventFact,
    EventRow,
    EventState,
    alerts_proposed,
    alerts_touched,
    event_columns,
)
from civicspace.core.early_warning_rules import load_rules
from civicspace.core.event_columns import EventColumns

COUNTRIES, YEARS, EVENTS_PER_COUNTRY = 86, 5, 2_000
RULES_TARGET_MS = 1_000  # issue 15: "well under 1 s"
RULES = load_rules("eusee-2025")


Rows = tuple[list[EventRow], list[tuple[int, str]]]


def records(per_country: int) -> Rows:
    """Seeded, as a query returns them: dates over five years, one or two dimensions, mostly
    verified, mostly low impact; the events' rows and their (event, dimension) pairs."""
    generator = random.Random(15)
    dimensions = sorted(RULES.principle_of)
    start = date(2021, 1, 1)
    rows: list[EventRow] = []
    pairs: list[tuple[int, str]] = []
    for country in range(COUNTRIES):
        for _ in range(per_country):
            key = len(rows)
            day = start + timedelta(days=generator.randrange(365 * YEARS))
            tags = generator.sample(dimensions, generator.choice((1, 2)))
            pairs += [(key, code) for code in tags]
            direction = generator.choice((Direction.DETERIORATING, Direction.IMPROVING))
            state = EventState.VERIFIED if generator.random() < 0.8 else EventState.SUBMITTED
            impact = generator.choice((1, 2, 2, 3, 3, 4, 5))
            rows.append((key, f"C{country:02d}", day, direction.value, state.value, impact))
    return rows, pairs


def facts_of(records: Rows) -> list[EventFact]:
    rows, pairs = records
    tags: dict[int, list[str]] = {}
    for key, code in pairs:
        tags.setdefault(key, []).append(code)
    return [
        EventFact(
            key=key,
            country=country,
            start=start,
            dimensions=frozenset(tags[key]),
            direction=Direction(direction),
            state=EventState(state),
            impact=impact,
        )
        for key, country, start, direction, state, impact in rows
    ]


def timed(label: str, events: EventColumns | list[EventFact], repeats: int = 5) -> int:
    # CPU time beside wall time: on a shared machine the wall clock also counts waiting.
    times, cpu, found = [], [], 0
    for _ in range(repeats):
        began, began_cpu = time.perf_counter(), time.process_time()
        found = len(alerts_proposed(rules=RULES, events=events))
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    print(
        f"  {label:<58} median {statistics.median(times) * 1000:8.1f} ms"
        f"  (CPU {statistics.median(cpu) * 1000:.1f} ms, {repeats} runs, {found:,} alerts;"
        f" target < {RULES_TARGET_MS} ms)"
    )
    return found


def timed_columns(label: str, made: Rows, repeats: int = 5) -> None:
    """What the service does after its two queries: the rows into columns, then every rule."""
    times, cpu = [], []
    for _ in range(repeats):
        began, began_cpu = time.perf_counter(), time.process_time()
        event_columns(events=made[0], dimensions=made[1])
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    print(
        f"  {label:<58} median {statistics.median(times) * 1000:8.1f} ms"
        f"  (CPU {statistics.median(cpu) * 1000:.1f} ms, {repeats} runs)"
    )


def rules_over(per_country: int, label: str, repeats: int) -> list[EventFact]:
    """The columns (what the service gives the core) first, while neither the query's rows nor
    any EventFact exists (the service drops its rows once they are columns): the cyclic
    collector then walks only what the pass makes. The facts after, for comparison, made from
    the same seeded rows again."""
    made = records(per_country)
    columns = event_columns(events=made[0], dimensions=made[1])
    print(f" {label}:")
    timed_columns("rows into columns (core.early_warning.event_columns)", made)
    del made
    gc.collect()
    found = timed("every rule over the columns (the service's full pass)", columns, repeats)
    del columns
    made = records(per_country)
    facts = facts_of(made)
    del made
    gc.collect()
    assert timed("every rule over EventFacts (before: objects an event)", facts, repeats) == found
    return facts


def timed_incremental(label: str, facts: list[EventFact], checks: int = 50) -> None:
    """What one verification evaluates: the alerts one event touches, given its country's record
    (the service reads only that country's events of the event's direction and principles)."""
    generator = random.Random(15)
    country = [f for f in facts if f.country == "C00"]
    chosen = generator.sample([f for f in country if f.state is EventState.VERIFIED], checks)
    times, cpu, found = [], [], 0
    for fact in chosen:
        kin = [
            f
            for f in country
            if f.direction is fact.direction
            and {RULES.principle_of[d] for d in f.dimensions}
            & {RULES.principle_of[d] for d in fact.dimensions}
        ]
        began, began_cpu = time.perf_counter(), time.process_time()
        found += len(alerts_touched(rules=RULES, events=kin, key=fact.key))
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    print(
        f"  {label:<58} median {statistics.median(times) * 1000:8.1f} ms"
        f"  (CPU {statistics.median(cpu) * 1000:.1f} ms, {checks} events, {found:,} alerts held;"
        f" target < {RULES_TARGET_MS} ms)"
    )


PERIOD_EVENTS = 2_000
VIEW_TARGET_MS = 100


def _django() -> None:
    """A scratch SQLite database of its own, migrated (like the other page benchmarks)."""
    folder = tempfile.mkdtemp(prefix="civicspace-bench-early-warning-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["CIVICSPACE_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _period_with_events() -> None:
    """Kazakhstan's 2025 cycle, scored, with 2,000 verified events in its reporting period, each
    tagged to 2.2 (and some to a second dimension), each with a source; a thousand more events
    of other states, periods and countries around them. Rows are written in bulk: what is
    measured is reading them."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from civicspace.accounts.models import Role
    from civicspace.assessments.services import cycle_create, score_record
    from civicspace.countries.models import Country
    from civicspace.countries.services import countries_sync
    from civicspace.monitoring.models import Event, EventDimension, EventSource

    countries_sync(regions={"ECA": "Europe and Central Asia"}, programme={"KZ": "ECA", "KG": "ECA"})
    kz, kg = Country.objects.get(iso2="KZ"), Country.objects.get(iso2="KG")
    cycle = cycle_create(
        country=kz, year=2025, period_start=date(2024, 8, 1), period_end=date(2025, 7, 31)
    )
    member = get_user_model().objects.create_user("bench-member")
    Role.objects.create(user=member, kind=Role.Kind.MEMBER, country=kz)
    score_record(
        cycle=cycle, dimension="2.2", value=Decimal("2.5"), justification="DEMO.", by=member
    )
    generator = random.Random(15)
    others = [c for c in sorted(RULES.principle_of) if c != "2.2"]
    rows = []
    for n in range(PERIOD_EVENTS + 1_000):
        in_period = n < PERIOD_EVENTS
        rows.append(
            Event(
                country=kz if in_period or n % 2 else kg,
                title=f"DEMO event {n}",
                event_type="funding-restriction",
                starts_on=date(2024, 8, 1) + timedelta(days=generator.randrange(365))
                if in_period
                else date(2023, 1, 1) + timedelta(days=generator.randrange(365)),
                direction=generator.choice(("deteriorating", "improving")),
                sensitivity=generator.choice(("public", "public", "consortium", "restricted")),
                state="verified" if in_period or n % 3 else "submitted",
                impact=generator.randint(1, 5),
                city="DEMO city",
                is_demo=True,
            )
        )
    events = Event.objects.bulk_create(rows, batch_size=500)
    EventDimension.objects.bulk_create(
        [EventDimension(event=e, code="2.2") for e in events]
        + [EventDimension(event=e, code=generator.choice(others)) for e in events[::3]],
        batch_size=1_000,
    )
    EventSource.objects.bulk_create(
        [
            EventSource(
                event=e,
                title=f"DEMO source of {e.title}",
                url="https://example.org/",
                publisher="DEMO",
            )
            for e in events
        ],
        batch_size=1_000,
    )


def _timed_page(label: str, get: Callable[[], int], repeats: int = 7) -> float:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get()  # warm: templates compiled, caches filled
    times, cpu = [], []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            began, began_cpu = time.perf_counter(), time.process_time()
            status = get()
            times.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        assert status == 200, status
    median = statistics.median(times) * 1000
    # CPU time beside wall time: on a shared machine the wall clock also counts waiting.
    print(
        f"  {label:<58} median {median:8.1f} ms  (CPU {statistics.median(cpu) * 1000:.1f} ms,"
        f" {len(queries)} queries; target < {VIEW_TARGET_MS} ms)"
    )
    return median


def _status(client: Any, url: str) -> int:
    return int(client.get(url).status_code)


def bench_dimension_view() -> None:
    _django()
    _period_with_events()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="bench-member"))
    print(f"Panel workspace, {PERIOD_EVENTS:,} verified events of the period tagged to 2.2:")
    for label, url in (
        ("the dimension's events page (first 50, counts)", "/workspace/KZ/2025/evidence/2.2/"),
        ("the P2 score page (counts, 5 weightiest a dimension)", "/workspace/KZ/2025/P2/"),
        ("the P3 score page (beside it: few events)", "/workspace/KZ/2025/P3/"),
        ("the panel page (counts by dimension)", "/workspace/KZ/2025/panel/"),
    ):
        _timed_page(label, functools.partial(_status, client, url))


def main() -> None:
    # The load beside the figures: on a busy machine the wall clock also counts waiting.
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"Load average (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
    print("Alert rules (core.early_warning.alerts_proposed), every rule of eusee-2025:")
    rules_over(
        EVENTS_PER_COUNTRY, f"{COUNTRIES} countries x {EVENTS_PER_COUNTRY:,} events (5 years)", 5
    )
    years = rules_over(
        EVENTS_PER_COUNTRY * YEARS,
        f"{COUNTRIES} countries x {EVENTS_PER_COUNTRY:,} events a year x {YEARS} years",
        3,
    )
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"Load average (1, 5, 15 min) after the full passes: {load}")
    timed_incremental(
        f"one verification, a country of {EVENTS_PER_COUNTRY * YEARS:,} events", years
    )
    bench_dimension_view()


if __name__ == "__main__":
    main()

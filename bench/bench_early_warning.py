"""Benchmark: alert rules over 86 countries x 5 years x 2,000 events a country. Prints figures."""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

from civicspace.core.early_warning import Direction, EventFact, EventState, alerts_proposed
from civicspace.core.early_warning_rules import load_rules

COUNTRIES, YEARS, EVENTS_PER_COUNTRY = 86, 5, 2_000
RULES = load_rules("eusee-2025")


def events(per_country: int) -> list[EventFact]:
    """Seeded: dates over five years, one or two dimensions, mostly verified, mostly low impact."""
    generator = random.Random(15)
    dimensions = sorted(RULES.principle_of)
    start = date(2021, 1, 1)
    made: list[EventFact] = []
    for country in range(COUNTRIES):
        for _ in range(per_country):
            made.append(
                EventFact(
                    key=len(made),
                    country=f"C{country:02d}",
                    start=start + timedelta(days=generator.randrange(365 * YEARS)),
                    dimensions=frozenset(generator.sample(dimensions, generator.choice((1, 2)))),
                    direction=generator.choice((Direction.DETERIORATING, Direction.IMPROVING)),
                    state=EventState.VERIFIED if generator.random() < 0.8 else EventState.SUBMITTED,
                    impact=generator.choice((1, 2, 2, 3, 3, 4, 5)),
                )
            )
    return made


def timed(label: str, facts: list[EventFact], repeats: int = 5) -> None:
    # CPU time beside wall time: on a shared machine the wall clock also counts waiting.
    times, cpu, found = [], [], 0
    for _ in range(repeats):
        began, began_cpu = time.perf_counter(), time.process_time()
        found = len(alerts_proposed(rules=RULES, events=facts))
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    print(
        f"  {label:<58} median {statistics.median(times) * 1000:8.1f} ms"
        f"  (CPU {statistics.median(cpu) * 1000:.1f} ms, {repeats} runs, {found:,} alerts)"
    )


def main() -> None:
    print("Alert rules (core.early_warning.alerts_proposed), every rule of eusee-2025:")
    timed(f"{COUNTRIES} countries x {EVENTS_PER_COUNTRY:,} events (5 years)", events(2_000))
    timed(
        f"{COUNTRIES} countries x {EVENTS_PER_COUNTRY:,} events a year x {YEARS} years",
        events(EVENTS_PER_COUNTRY * YEARS),
        repeats=3,
    )


if __name__ == "__main__":
    main()

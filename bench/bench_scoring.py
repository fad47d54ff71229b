"""Benchmark: recompute every principle score for 86 countries x 10 years. Prints figures."""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import numpy as np

from civicspace.core.framework import PrincipleSource, load_edition
from civicspace.core.profile import CivicusInput, cycle_profile
from civicspace.core.scoring import aggregate_principles

COUNTRIES, YEARS = 86, 10
EDITION = load_edition("eusee-2025")


def timed(label: str, run: Callable[[], object], repeats: int = 5) -> None:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    print(
        f"  {label:<58} median {statistics.median(times) * 1000:8.1f} ms"
        f"  (best {min(times) * 1000:.1f} ms, {repeats} runs)"
    )


def core_vectorised(matrix: np.ndarray) -> None:
    for principle in EDITION.principles:
        if principle.source is PrincipleSource.PANEL:
            columns = [list(EDITION.panel_dimensions).index(d.code) for d in principle.dimensions]
            aggregate_principles(
                matrix[:, columns], list(principle.weights.values()), EDITION.missing_dimensions
            )


def core_per_cycle(scores: list[dict[str, float]]) -> None:
    rating = CivicusInput(30, "repressed", date(2024, 12, 4))
    for cycle_scores in scores:
        cycle_profile(EDITION, cycle_scores, rating)


def database_path() -> None:
    """Every cycle's profile through the selectors, from a SQLite database of 860 cycles."""
    folder = tempfile.mkdtemp(prefix="civicspace-bench-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["CIVICSPACE_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import pycountry
    from django.db import transaction

    from civicspace.assessments.models import Cycle, DimensionScore
    from civicspace.assessments.selectors import cycle_profile_get, cycle_profiles_get
    from civicspace.countries.models import Country
    from civicspace.countries.services import countries_sync
    from civicspace.indicators.services import civicus_rating_record

    codes = [c.alpha_2 for c in list(pycountry.countries)[:COUNTRIES]]
    countries_sync(regions={"X": "bench"}, programme={c: "X" for c in codes})
    rng = np.random.default_rng(0)
    with transaction.atomic():
        for country in Country.objects.filter(in_programme=True):
            for year in range(2016, 2016 + YEARS):
                civicus_rating_record(
                    country=country,
                    published_on=date(year - 1, 12, 1),
                    score=Decimal(int(rng.integers(0, 101))),
                )
                cycle = Cycle.objects.create(
                    country=country,
                    year=year,
                    period_start=date(year - 1, 8, 1),
                    period_end=date(year, 7, 31),
                )
                DimensionScore.objects.bulk_create(
                    DimensionScore(
                        cycle=cycle, dimension=code, value=Decimal(str(round(rng.uniform(1, 5), 1)))
                    )
                    for code in EDITION.panel_dimensions
                )
    cycles = list(Cycle.objects.select_related("country").prefetch_related("scores"))
    print(
        f"  database: {len(cycles)} cycles,"
        f" {DimensionScore.objects.count()} dimension scores (SQLite)"
    )
    timed(
        "all cycles, cycle_profiles_get (its queries included)",
        lambda: cycle_profiles_get(
            cycles=list(Cycle.objects.select_related("country").prefetch_related("scores"))
        ),
    )
    timed(
        "one cycle, cycle_profile_get (what a cycle page does)",
        lambda: cycle_profile_get(cycle=cycles[0]),
    )


def main() -> int:
    print(
        f"civicspace scoring benchmark: {COUNTRIES} countries x {YEARS} years"
        f" = {COUNTRIES * YEARS} cycles, {len(EDITION.panel_dimensions)} panel dimensions,"
        f" Python {sys.version.split()[0]}, NumPy {np.__version__}"
    )
    rng = np.random.default_rng(0)
    matrix = np.round(rng.uniform(1, 5, size=(COUNTRIES * YEARS, len(EDITION.panel_dimensions))), 1)
    scores = [dict(zip(EDITION.panel_dimensions, row.tolist(), strict=True)) for row in matrix]
    timed("core, vectorised (one NumPy pass per principle)", lambda: core_vectorised(matrix))
    timed(
        "core, cycle by cycle (cycle_profile, six principles each)", lambda: core_per_cycle(scores)
    )
    database_path()
    print("  target: well under 1 s for all of it")
    return 0


if __name__ == "__main__":
    sys.exit(main())

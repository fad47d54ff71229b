"""Benchmark: panel statistics for 86 countries x 15 dimensions x 15 panelists, 2,000 resamples."""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

from civicspace.core.framework import PrincipleSource, load_edition
from civicspace.core.statistics import DEFAULT_RESAMPLES, panel_statistics

COUNTRIES, PANELISTS = 86, 15
EDITION = load_edition("eusee-2025")
CODES = list(EDITION.panel_dimensions)
WEIGHTS = {p.code: p.weights for p in EDITION.principles if p.source is PrincipleSource.PANEL}


def run(panels: list[np.ndarray]) -> None:
    for scores in panels:
        panel_statistics(scores, CODES, WEIGHTS, resamples=DEFAULT_RESAMPLES)


def main() -> int:
    rng = np.random.default_rng(0)
    panels = [
        rng.integers(1, 6, size=(PANELISTS, len(CODES))).astype(float) for _ in range(COUNTRIES)
    ]
    print(
        f"civicspace panel statistics benchmark: {COUNTRIES} countries x {len(CODES)} dimensions"
        f" x {PANELISTS} panelists, {DEFAULT_RESAMPLES} bootstrap resamples each"
    )
    times = []
    for _ in range(5):
        start = time.perf_counter()
        run(panels)
        times.append(time.perf_counter() - start)
    print(
        f"  all countries: median {statistics.median(times) * 1000:.0f} ms,"
        f" best {min(times) * 1000:.0f} ms (5 runs); per country"
        f" {statistics.median(times) / COUNTRIES * 1000:.1f} ms"
    )
    print("  target: under 1 s for all countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())

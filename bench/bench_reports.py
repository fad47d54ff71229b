"""Benchmark: render Country Focus Reports as HTML and PDF from the demo data. Prints figures."""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor


def timed(label: str, run: Callable[[], object], repeats: int) -> float:
    run()  # warm: templates compiled, fonts loaded, caches filled
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"  {label:<56} median {median * 1000:8.1f} ms"
        f"  (best {min(times) * 1000:.1f} ms, {repeats} runs)"
    )
    return median


def _setup() -> None:
    folder = tempfile.mkdtemp(prefix="civicspace-bench-reports-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["CIVICSPACE_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from civicspace.demo.loader import demo_load

    demo_load()


def _render_pdf(cycle_id: int) -> int:
    """One report as a worker process makes it: read, build, HTML, PDF."""
    from civicspace.assessments.models import Cycle
    from civicspace.publishing.rendering import (
        report_html,
        report_of_draft,
        report_of_snapshot,
        report_pdf,
    )

    cycle = Cycle.objects.select_related("country").get(pk=cycle_id)
    snapshot = cycle.snapshots.order_by("-revision").first()
    report = report_of_snapshot(snapshot) if snapshot else report_of_draft(cycle)
    return len(report_pdf(report_html(report)))


def main() -> int:
    _setup()
    from django.db import connections

    from civicspace.assessments.models import Cycle
    from civicspace.editorial.models import Snapshot
    from civicspace.publishing.rendering import report_html, report_of_snapshot, report_pdf

    snapshot = Snapshot.objects.select_related("cycle__country").get(
        cycle__country__iso2="TN", cycle__year=2025
    )
    cycles = list(Cycle.objects.values_list("pk", flat=True))
    cores = os.cpu_count() or 1
    print(
        f"civicspace report benchmark: demo data ({len(cycles)} reports), Python"
        f" {sys.version.split()[0]}, {cores} cores"
    )
    timed(
        "HTML, one report (snapshot read, charts, template)",
        lambda: report_html(report_of_snapshot(snapshot)),
        repeats=30,
    )
    html = report_html(report_of_snapshot(snapshot))
    timed("PDF, one report (WeasyPrint, from its HTML)", lambda: report_pdf(html), repeats=5)
    from weasyprint import HTML

    pages = len(HTML(string=html).render().pages)
    print(f"  (Tunisia 2025: {len(html) // 1024} KB of HTML, {pages} A4 pages)")

    start = time.perf_counter()
    for cycle_id in cycles:
        _render_pdf(cycle_id)
    one_core = time.perf_counter() - start
    connections.close_all()  # each worker opens its own connection
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=cores) as pool:
        sizes = list(pool.map(_render_pdf, cycles))
    all_cores = time.perf_counter() - start
    print(
        f"  all {len(sizes)} demo reports to PDF: {one_core:.1f} s on one core,"
        f" {all_cores:.1f} s on {cores} ({one_core / all_cores:.1f}x),"
        f" {sum(sizes) / len(sizes) / 1024:.0f} KB per PDF"
    )
    print("  targets: HTML < 50 ms warm, PDF < 2 s per report")
    return 0


if __name__ == "__main__":
    sys.exit(main())

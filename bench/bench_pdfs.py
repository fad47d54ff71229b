"""Benchmark: a whole year's report PDFs made in parallel, in one language, as `civicspace pdf
render --year Y` does it for each language in turn. Prints figures.

On the synthetic DEMO dataset at the programme's scale for one year (86 countries,
`civicspace demo load --countries 86 --years 1`; CIVICSPACE_BENCH_PDF_COUNTRIES changes the
count), every published report of that year is typeset by `snapshots_pdf_store_parallel`, the
function the command runs, with as many processes as there are cores (CIVICSPACE_BENCH_PDF_JOBS
changes it). Printed: each PDF's typesetting time (min, median, max and the slowest few) and
its CPU time, the wall time, PDFs per minute, and the serial estimate (the sum of the
typesetting times, plus the documents' HTML, which the parent builds one after the other before
typesetting starts).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time

COUNTRIES = int(os.environ.get("CIVICSPACE_BENCH_PDF_COUNTRIES", "86"))
JOBS = int(os.environ.get("CIVICSPACE_BENCH_PDF_JOBS", str(os.cpu_count() or 1)))
SLOWEST = 5  # how many of the slowest PDFs are named


def _setup(folder: str) -> float:
    """A scratch database with one year of the synthetic DEMO data: seconds the load took."""
    os.environ["CIVICSPACE_DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicspace.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from civicspace.demo.synthetic import synthetic_load

    started = time.perf_counter()
    synthetic_load(countries=COUNTRIES, years=1)
    return time.perf_counter() - started


def main() -> int:
    folder = tempfile.mkdtemp(prefix="civicspace-bench-pdfs-")
    try:
        loaded = _setup(folder)
        from django.db.models import Max

        from civicspace.editorial.models import Snapshot
        from civicspace.publishing.models import ReportPdf
        from civicspace.publishing.pdfs import snapshots_pdf_store_parallel, snapshots_published
        from civicspace.publishing.rendering import report_html, report_of_snapshot

        year = Snapshot.objects.aggregate(latest=Max("cycle__year"))["latest"]
        if ReportPdf.objects.exists():
            sys.exit("PDFs were stored by the demo load: nothing would be typeset")
        cores = os.cpu_count() or 1
        load = os.getloadavg()[0]
        print(
            f"civicspace PDF benchmark: synthetic DEMO data, {COUNTRIES} countries, {year}"
            f" (loaded in {loaded:.0f} s), Python {sys.version.split()[0]}, {cores} cores,"
            f" load average {load:.1f} before"
        )
        # The documents the parent builds before any typesetting, timed on their own (the
        # parallel run builds them again, inside its wall time).
        started = time.perf_counter()
        documents = [report_html(report_of_snapshot(s)) for s in snapshots_published(year=year)]
        html = time.perf_counter() - started

        started = time.perf_counter()
        done = list(snapshots_pdf_store_parallel(snapshots_published(year=year), jobs=JOBS))
        wall = time.perf_counter() - started
        timed = [(d.seconds, d) for d in done if d.seconds is not None]
        if len(done) != len(documents) or len(timed) != len(documents):
            sys.exit(
                f"{len(documents)} reports, {len(done)} PDFs stored, {len(timed)} typeset:"
                " each report of the year should be typeset once"
            )
        seconds = sorted(s for s, _d in timed)
        typesetting = sum(seconds)
        serial = typesetting + html
        print(
            f"  {len(timed)} PDFs of {year}, in English, with {JOBS} process(es) (one language of"
            f" `civicspace pdf render --year {year} --jobs {JOBS}`): {wall:.1f} s wall,"
            f" {len(timed) / wall * 60:.0f}"
            f" PDFs per minute, {sum(d.size for d in done) / len(done) / 1024:.0f} KB per PDF"
        )
        print(
            f"  per PDF (typesetting, in its process): min {seconds[0]:.2f} s,"
            f" median {statistics.median(seconds):.2f} s, max {seconds[-1]:.2f} s"
            f" (aim: under 2 s each)"
        )
        cpu = sorted(d.cpu_seconds for _s, d in timed if d.cpu_seconds is not None)
        print(
            f"  per PDF, CPU seconds of its process (what it costs, whatever the load):"
            f" min {cpu[0]:.2f} s, median {statistics.median(cpu):.2f} s, max {cpu[-1]:.2f} s"
            f" (the first in each process includes loading WeasyPrint)"
        )
        slowest = sorted(timed, key=lambda pair: pair[0], reverse=True)[:SLOWEST]
        print(
            "  slowest: "
            + ", ".join(f"{d.snapshot.cycle.country.iso2} {s:.2f} s" for s, d in slowest)
        )
        print(
            f"  serial estimate: {serial:.1f} s ({typesetting:.1f} s typesetting summed +"
            f" {html:.1f} s of HTML built in the parent, {html / len(documents) * 1000:.0f} ms"
            f" each); parallel is {serial / wall:.1f}x faster on {cores} cores"
        )
        print(f"  (load average {os.getloadavg()[0]:.1f} after: other work shares the cores)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Published reports' PDFs: rendered once per document, stored, and served from storage."""

from __future__ import annotations

import fcntl
import hashlib
import multiprocessing
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from civicspace.editorial.models import Snapshot
from civicspace.publishing.models import ReportPdf
from civicspace.publishing.rendering import report_html, report_of_snapshot, report_pdf


@dataclass(frozen=True)
class PdfStored:
    """What `snapshot_pdf_store` did: `seconds` is None when the PDF was already stored.
    `cpu_seconds`, the typesetting process's CPU time, is given by the parallel store: on a
    shared machine it says what a PDF costs, `seconds` (wall) what the load made of it."""

    snapshot: Snapshot
    size: int
    seconds: float | None
    cpu_seconds: float | None = None


def _stored(key: str) -> bytes | None:
    pdf = ReportPdf.objects.filter(html_sha256=key).values_list("pdf", flat=True).first()
    return None if pdf is None else bytes(pdf)


@contextmanager
def _render_lock(key: str) -> Iterator[None]:
    """Held while one document is rendered, so two processes asked for it at once (a worker
    and a reader, or two readers) render it once: the second waits, then finds it stored.

    PostgreSQL: an advisory lock, which holds across servers. SQLite (one server): a file lock
    in the data folder, one of 256 by the key's first byte.
    """
    if connection.vendor == "postgresql":
        number = int(key[:15], 16)  # fits a signed 64-bit lock id
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [number])
            try:
                yield
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
        return
    folder = settings.DATA_DIR / "locks"
    folder.mkdir(exist_ok=True)
    with (folder / f"report-pdf-{key[:2]}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pdf_of(snapshot: Snapshot) -> tuple[bytes, float | None]:
    html = report_html(report_of_snapshot(snapshot))
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()
    pdf = _stored(key)
    if pdf is not None:
        return pdf, None
    with _render_lock(key):
        pdf = _stored(key)
        if pdf is not None:
            return pdf, None
        started = time.perf_counter()
        pdf = report_pdf(html)
        seconds = time.perf_counter() - started
        # A derived file, made again identically from the snapshot: no audit event. A
        # concurrent insert of the same key (no lock shared) is the same bytes, so it is kept.
        ReportPdf.objects.bulk_create(
            [ReportPdf(html_sha256=key, snapshot=snapshot, pdf=pdf, seconds=seconds)],
            ignore_conflicts=True,
        )
        return pdf, seconds


def snapshot_pdf(snapshot: Snapshot) -> bytes:
    """The PDF of a published revision: the stored one, or rendered now (once) and stored."""
    return _pdf_of(snapshot)[0]


def snapshot_pdf_store(snapshot: Snapshot) -> PdfStored:
    """Make sure the revision's PDF is stored, rendering it if it is not."""
    pdf, seconds = _pdf_of(snapshot)
    return PdfStored(snapshot=snapshot, size=len(pdf), seconds=seconds)


def snapshots_changed_by(snapshot: Snapshot) -> list[Snapshot]:
    """The published documents a new revision changes: its own, and the country's next
    published year's current one, whose change chart compares with it."""
    cycle = snapshot.cycle
    later = (
        Snapshot.objects.select_related("cycle__country")
        .filter(cycle__country_id=cycle.country_id, cycle__year__gt=cycle.year)
        .order_by("cycle__year", "-revision")
        .first()
    )
    return [snapshot] if later is None else [snapshot, later]


def snapshots_published(*, year: int | None = None) -> Iterator[Snapshot]:
    """Every published revision (of one year, if given), by country, oldest year first."""
    snapshots = Snapshot.objects.select_related("cycle__country")
    if year is not None:
        snapshots = snapshots.filter(cycle__year=year)
    return snapshots.order_by("cycle__country__iso2", "cycle__year", "revision").iterator(
        chunk_size=100
    )


def _typeset(html: str) -> tuple[bytes, float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    pdf = report_pdf(html)
    return pdf, time.perf_counter() - started, time.process_time() - cpu


def snapshots_pdf_store_parallel(
    snapshots: Iterable[Snapshot], *, jobs: int
) -> Iterator[PdfStored]:
    """Store every revision's PDF, typesetting those not stored yet in `jobs` processes; each
    result is yielded as soon as it is stored, with its own typesetting time.

    Only typesetting (WeasyPrint, the slow part, pure given the HTML) runs in the processes; the
    documents are read and the PDFs stored here, so the processes need no database connection
    and this works the same on PostgreSQL, SQLite (one writer) and a test's in-memory database.
    """
    pending: dict[str, list[Snapshot]] = {}
    documents: dict[str, str] = {}
    for snapshot in snapshots:
        html = report_html(report_of_snapshot(snapshot))
        key = hashlib.sha256(html.encode("utf-8")).hexdigest()
        stored = _stored(key)
        if stored is not None:
            yield PdfStored(snapshot=snapshot, size=len(stored), seconds=None)
            continue
        pending.setdefault(key, []).append(snapshot)
        documents[key] = html
    if not pending:
        return
    # fork: the children inherit the loaded code and never touch the parent's connection.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context) as pool:
        futures = {pool.submit(_typeset, documents[key]): key for key in pending}
        for future in as_completed(futures):
            key = futures[future]
            pdf, seconds, cpu_seconds = future.result()
            first, *same = pending[key]
            ReportPdf.objects.bulk_create(
                [ReportPdf(html_sha256=key, snapshot=first, pdf=pdf, seconds=seconds)],
                ignore_conflicts=True,
            )
            yield PdfStored(snapshot=first, size=len(pdf), seconds=seconds, cpu_seconds=cpu_seconds)
            for snapshot in same:
                yield PdfStored(snapshot=snapshot, size=len(pdf), seconds=None)

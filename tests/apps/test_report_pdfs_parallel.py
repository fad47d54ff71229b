"""Published PDFs typeset in parallel processes: the same documents as one by one."""

import subprocess

import pytest

from civicspace.editorial.models import Snapshot
from civicspace.publishing.models import ReportPdf
from civicspace.publishing.pdfs import (
    snapshot_pdf_store,
    snapshots_pdf_store_parallel,
    snapshots_published,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _text(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def test_parallel_rendering_stores_the_same_pdfs_as_one_by_one(committed_demo):
    year = Snapshot.objects.order_by("-cycle__year").values_list("cycle__year", flat=True)[0]
    snapshots = list(snapshots_published(year=year))
    assert len(snapshots) >= 2
    assert {s.cycle.year for s in snapshots} == {year}
    ReportPdf.objects.all().delete()  # publication stored them; start from none

    done = list(snapshots_pdf_store_parallel(snapshots_published(year=year), jobs=2))
    assert sorted(d.snapshot.pk for d in done) == sorted(s.pk for s in snapshots)
    assert all(d.seconds is not None and d.seconds > 0 for d in done)
    # The typesetting process's own CPU time, what a PDF costs whatever the machine's load.
    assert all(d.cpu_seconds is not None and d.cpu_seconds > 0 for d in done)
    parallel = {p.snapshot_id: bytes(p.pdf) for p in ReportPdf.objects.all()}
    assert set(parallel) == {s.pk for s in snapshots}

    ReportPdf.objects.all().delete()
    for snapshot in snapshots:
        snapshot_pdf_store(snapshot)
    serial = {p.snapshot_id: bytes(p.pdf) for p in ReportPdf.objects.all()}
    assert set(serial) == set(parallel)
    for pk, pdf in serial.items():
        assert pdf[:5] == b"%PDF-"
        assert _text(parallel[pk]) == _text(pdf)

    # A second run finds everything stored and typesets nothing.
    again = list(snapshots_pdf_store_parallel(snapshots_published(year=year), jobs=2))
    assert [d.seconds for d in again] == [None] * len(snapshots)

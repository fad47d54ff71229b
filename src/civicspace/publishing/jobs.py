"""Publishing's background jobs on the task framework (django-tasks): PDFs at publication."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django_tasks import task

from civicspace.editorial.models import Snapshot
from civicspace.jobs import snapshot_published
from civicspace.publishing.pdfs import snapshot_pdf_store, snapshots_changed_by


@task()
def report_pdfs_render(snapshot_id: int) -> list[str]:
    """Render and store the PDFs a publication changes, in every language the site serves them
    in (headings, captions and notes are translated), so that no reader waits for one.
    Returns what it did, one line a document (kept by the task's result)."""
    snapshot = Snapshot.objects.select_related("cycle__country").filter(pk=snapshot_id).first()
    if snapshot is None:  # a demo reload removed it before the job ran
        return []
    done = []
    for each in snapshots_changed_by(snapshot):
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                stored = snapshot_pdf_store(each)
            name = f"{each.cycle.country.iso2} {each.cycle.year} r{each.revision} {code}"
            if stored.seconds is None:
                done.append(f"{name}: stored already")
            else:
                done.append(f"{name}: rendered in {stored.seconds:.1f} s")
    return done


def report_pdfs_enqueue(*, snapshot_id: int, **_: Any) -> None:
    """Queue the PDF job of a committed publication (a receiver of `snapshot_published`)."""
    report_pdfs_render.enqueue(snapshot_id)


def connect() -> None:
    snapshot_published.connect(report_pdfs_enqueue, dispatch_uid="publishing.report_pdfs")

"""The baked site's background job: after a publication or a correction, rebuild what it
changes, when the site is baked (`CIVICSPACE_STATIC_SITE_DIR`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django_tasks import task

from civicspace.jobs import snapshot_published
from civicspace.publishing.selectors import snapshot_country_iso2
from civicspace.site.bake import site_build


@task()
def static_site_rebuild(snapshot_id: int) -> str:
    """Rebuild the baked pages, files, API answers and PDFs a published revision changes.
    Returns what it did (kept by the task's result)."""
    directory = settings.CIVICSPACE_STATIC_SITE_DIR
    iso2 = snapshot_country_iso2(snapshot_id=snapshot_id)
    if not directory or iso2 is None:  # no baked site, or a demo reload removed the revision
        return "nothing to rebuild"
    done = site_build(
        directory=Path(directory), base_url=settings.CIVICSPACE_SITE_URL, country=iso2
    )
    return (
        f"{iso2}: {done.written} files written, {done.unchanged} unchanged, in {done.seconds:.1f} s"
    )


def static_site_enqueue(*, snapshot_id: int, **_: Any) -> None:
    """Queue the rebuild of a committed publication (a receiver of `snapshot_published`)."""
    if settings.CIVICSPACE_STATIC_SITE_DIR:
        static_site_rebuild.enqueue(snapshot_id)


def connect() -> None:
    snapshot_published.connect(static_site_enqueue, dispatch_uid="site.static_site")

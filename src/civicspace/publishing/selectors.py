"""Reads for the public: published snapshots only, never drafts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from civicspace.editorial.models import Snapshot


def snapshots_latest() -> list[Snapshot]:
    """The newest revision of every published report."""
    latest: dict[int, Snapshot] = {}
    for snapshot in Snapshot.objects.select_related("cycle__country").order_by("-revision"):
        latest.setdefault(snapshot.cycle_id, snapshot)
    return sorted(latest.values(), key=lambda s: (s.cycle.country.name, -s.cycle.year))


def snapshot_get(*, iso2: str, year: int, revision: int | None = None) -> Snapshot:
    revisions = snapshot_revisions(iso2=iso2, year=year)
    snapshot = (
        revisions.filter(revision=revision).first()
        if revision is not None
        else revisions.order_by("-revision").first()
    )
    if snapshot is None:
        raise Http404
    return snapshot


def snapshot_revisions(*, iso2: str, year: int) -> QuerySet[Snapshot]:
    return Snapshot.objects.filter(cycle__country__iso2=iso2.upper(), cycle__year=year).order_by(
        "revision"
    )


def snapshot_previous(*, country_id: int, year: int) -> Snapshot | None:
    """The newest revision of the country's latest published report before `year`."""
    return (
        Snapshot.objects.filter(cycle__country_id=country_id, cycle__year__lt=year)
        .order_by("-cycle__year", "-revision")
        .first()
    )

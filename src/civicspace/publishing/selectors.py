"""Reads for the public: published snapshots only, never drafts."""

from __future__ import annotations

from collections.abc import Collection

from django.db import connection
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.http import Http404

from civicspace.editorial.models import Snapshot


def snapshots_latest(*, iso2: str | None = None, unread: bool = False) -> list[Snapshot]:
    """The newest revision of every published report (of one country if asked), by country
    name and then newest year first; `unread`: without their records (`snapshots_read`)."""
    newest = (
        Snapshot.objects.filter(cycle_id=OuterRef("cycle_id"))
        .order_by("-revision")
        .values("revision")[:1]
    )
    latest = Snapshot.objects.select_related("cycle__country").filter(revision=Subquery(newest))
    if iso2:
        latest = latest.filter(cycle__country__iso2=iso2.upper())
    if unread:
        latest = latest.defer("data")
    return sorted(latest, key=lambda s: (s.cycle.country.name, -s.cycle.year))


def snapshots_read(*, ids: Collection[int]) -> dict[int, Snapshot]:
    """Published revisions with their records, by id, in one query."""
    return {s.pk: s for s in Snapshot.objects.select_related("cycle__country").filter(pk__in=ids)}


def publication_state() -> str:
    """A key that changes whenever anything is published (snapshots are immutable and only
    ever added, except by the demo loader, which replaces them with newer ones). One cheap
    query: the public read path caches everything derived from snapshots under this key."""
    state = Snapshot.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("published_at"))
    at = state["at"].isoformat() if state["at"] else "-"
    return (
        f"{connection.alias}:{connection.settings_dict['NAME']}:{state['n']}:{state['last']}:{at}"
    )


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


def snapshot_revisions_listed(*, iso2: str, year: int) -> list[Snapshot]:
    """Every revision of a published report, oldest first, with its cycle and country; their
    records are left unread until asked for (a kept report page needs none of them)."""
    return list(
        snapshot_revisions(iso2=iso2, year=year).select_related("cycle__country").defer("data")
    )


def snapshot_previous_checksum(*, country_id: int, year: int) -> tuple[int, str] | None:
    """The id and checksum of what `snapshot_previous` returns, without reading its record."""
    found = (
        Snapshot.objects.filter(cycle__country_id=country_id, cycle__year__lt=year)
        .order_by("-cycle__year", "-revision")
        .values_list("pk", "checksum")
        .first()
    )
    return (found[0], found[1]) if found else None


def snapshot_country_iso2(*, snapshot_id: int) -> str | None:
    """The ISO code of a published revision's country; None if it is gone (a demo reload)."""
    return (
        Snapshot.objects.filter(pk=snapshot_id)
        .values_list("cycle__country__iso2", flat=True)
        .first()
    )

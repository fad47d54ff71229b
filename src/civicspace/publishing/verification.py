"""Re-checking what was published: every number of a snapshot recomputed from its inputs."""

from __future__ import annotations

from civicspace.core.recompute import Verification, snapshot_verify
from civicspace.core.record import RecordError, record_from_json
from civicspace.editorial.models import Snapshot
from civicspace.editorial.snapshots import section_renderer


def snapshots_to_verify(*, iso2: str | None = None, year: int | None = None) -> list[Snapshot]:
    """Every published revision (of one country and year if asked), oldest first."""
    found = Snapshot.objects.select_related("cycle__country").order_by(
        "cycle__country__iso2", "cycle__year", "revision"
    )
    if iso2 is not None:
        found = found.filter(cycle__country__iso2=iso2.upper())
    if year is not None:
        found = found.filter(cycle__year=year)
    return list(found)


def verify_snapshot(snapshot: Snapshot) -> Verification:
    data = snapshot.data
    try:
        sources = record_from_json(data).sources
    except RecordError:
        sources = ()  # snapshot_verify reports what is wrong with the record
    return snapshot_verify(data, snapshot.checksum, render=section_renderer(sources))

"""The dashboard's count of editorial check errors per cycle, kept between changes.

Running the checks over 86 complete drafts took 1.1 s and 602 queries (bench/bench_desk.py), too
slow for each view of the dashboard. Each count is stored in Django's cache under a key made from
everything the checks read that can change: the cycle's newest audit event (every change to
scores, texts and panels writes one), its own last change, its panel figures' and its country's
newest CIVICUS rating's last change, and the code and framework editions the checks run (an
upgrade). A cycle is checked again only when one of them moves, so a stored count is never stale
and needs no invalidation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache as once
from pathlib import Path

from django.core.cache import cache

import civicspace
from civicspace.assessments.models import Cycle
from civicspace.editorial.selectors import cycle_checks

# Kept until the key moves on; the cap only lets entries of old keys expire.
TIMEOUT = 60 * 60 * 24 * 90


@once
def _checks_fingerprint() -> str:
    """What the checks are made of: the core's code and word lists, the framework editions."""
    root = Path(civicspace.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(
        [*root.glob("core/*.py"), *root.glob("core/data/*.yaml"), *root.glob("frameworks/*.yaml")]
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _key(cycle: Cycle) -> str:
    stats = getattr(cycle, "panel_statistics", None)
    basis = "|".join(
        str(part)
        for part in (
            _checks_fingerprint(),
            cycle.updated_at,
            getattr(cycle, "last_event_id", None),
            stats.computed_at if stats is not None else None,
            getattr(cycle, "rating_changed", None),
        )
    )
    return f"desk-check-errors:{cycle.pk}:{hashlib.sha256(basis.encode()).hexdigest()[:24]}"


def check_error_counts(cycles: Sequence[Cycle]) -> dict[int, int]:
    """Editorial errors per cycle id, for cycles from `assessments.selectors.desk_cycles`."""
    keys = {cycle.pk: _key(cycle) for cycle in cycles}
    stored = cache.get_many(keys.values())
    counts, fresh = {}, {}
    for cycle in cycles:
        key = keys[cycle.pk]
        if key in stored:
            counts[cycle.pk] = int(stored[key])
        else:
            counts[cycle.pk] = fresh[key] = len(cycle_checks(cycle=cycle).errors)
    if fresh:
        cache.set_many(fresh, timeout=TIMEOUT)
    return counts

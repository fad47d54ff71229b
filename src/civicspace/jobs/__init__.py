"""Background jobs: events lower layers announce, for the jobs of higher layers to act on.

Publication happens in `editorial`, but what it sets off (rendering the report's PDF, later
rebuilding baked pages) lives in `publishing` above it, which `editorial` may not import. So
`editorial` announces here, once its transaction has committed, and `publishing` listens
(`publishing/jobs.py`) and queues its jobs on the task framework (django-tasks).
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.dispatch import Signal

# A published revision was committed; receivers get `snapshot_id`.
snapshot_published = Signal()


def publication_announce(*, snapshot_id: int) -> None:
    """Tell the jobs that the snapshot `snapshot_id` is published, once it is committed.

    `robust`: a job that cannot be queued is logged and never undoes or fails the publication,
    which stands; the download renders a missing PDF itself.
    """
    send = partial(snapshot_published.send_robust, sender=None, snapshot_id=snapshot_id)
    transaction.on_commit(send, robust=True)

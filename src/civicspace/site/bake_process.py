"""One process of a full site build in several (`site_build(jobs=...)`): Django set up afresh
from the environment, then a share of the addresses baked.

A spawned process unpickles its work before anything has set Django up, so this module, and the
arguments it is given (plain tuples, not `BakePath`s), import nothing of the site's at load.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from civicspace.site.bake import _Part


def process_setup() -> None:
    """Set Django up as the command did: the settings its environment names."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.settings")
    import django

    django.setup()


def share_baked(root: Path, base_url: str, share: list[tuple[object, ...]]) -> _Part:
    """Bake `share` (each a `BakePath`'s fields, in order) into `root`; returns what it wrote."""
    from civicspace.site.bake import _bake_share
    from civicspace.site.bake_paths import BakePath

    return _bake_share(root, base_url, [BakePath(*fields) for fields in share])  # type: ignore[arg-type]

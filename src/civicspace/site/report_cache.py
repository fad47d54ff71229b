"""Published reports' rendered bodies, kept: a revision is immutable (a snapshot with a
checksum), so its report is rendered once, then read back by the live site and the baked copy
alike (they share the cache, so their bytes stay the same).

What is not the revision's own is rendered around the kept body on every request: the
navigation (a newer revision's notice, links to the others), the language links and hreflang.
The key names everything the body shows: the snapshot and its checksum, the language of its
headings and notes, the earlier year's report its change chart compares with, the programme's
branding and the code and templates that render it. When any of them changes the key does, and
the body is rendered afresh; stale entries are never read again and age out of the cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.utils import translation

import civicspace
from civicspace.editorial.models import Snapshot
from civicspace.publishing.rendering import ReportPage
from civicspace.site.branding import branding

CACHE_ALIAS = "report-pages"
# How many pages are kept between two counts of the kept pages (see `ReportPagesCache`).
CULL_EVERY = 200
# What renders a page: the package's code, templates, editions (YAML), logos and catalogues.
_RENDERING_FILES = (".py", ".html", ".css", ".yaml", ".yml", ".svg", ".mo")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the files that render a report page: a new release or an edited template
    makes new keys, so no page made by the old code is served again."""
    package = Path(civicspace.__file__).parent
    digest = hashlib.sha256(civicspace.__version__.encode())
    for file in sorted(package.rglob("*")):
        if file.suffix in _RENDERING_FILES and "migrations" not in file.parts and file.is_file():
            digest.update(file.relative_to(package).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return str(value)


def report_page_key(*, snapshot: Snapshot, previous: tuple[int, str] | None) -> str:
    """The cache key of a revision's report body: a hash of everything it shows (`previous`:
    the id and checksum of the earlier report its change chart compares with)."""
    parts = {
        # The record's checksum, and what the cover and notes show beside it: a database made
        # anew (a fresh demo, a restore) may reuse ids and checksums, never these times.
        "snapshot": [snapshot.pk, snapshot.checksum, snapshot.published_at.isoformat()],
        "notes": [snapshot.correction_note, snapshot.archive_published_on],
        "database": str(settings.DATABASES["default"]["NAME"]),
        "language": translation.get_language(),  # the body's headings and notes are translated
        "previous": previous,
        "branding": branding(),
        "code": code_version(),
    }
    text = json.dumps(parts, default=_plain, sort_keys=True, ensure_ascii=False)
    return "report-page:" + hashlib.sha256(text.encode()).hexdigest()


def report_page_cached(*, key: str, render: Callable[[], ReportPage]) -> ReportPage:
    """The report body under `key`, rendered by `render` and kept if it is not kept yet."""
    cache = caches[CACHE_ALIAS]
    page: ReportPage | None = cache.get(key)
    if page is None:
        page = render()
        cache.set(key, page, timeout=None)
    return page


class ReportPagesCache(FileBasedCache):
    """Django's file cache, its entries counted every `CULL_EVERY` writes rather than at each:
    its count lists every file, so a cold full build's 2,580 report bodies (86 countries x 10
    years x 3 languages) cost it 3.3 million file names, a third of the build's CPU. The cache
    may then hold up to `CULL_EVERY` entries beyond its MAX_ENTRIES before it is culled."""

    _writes = 0

    def _cull(self) -> None:
        self._writes += 1
        if self._writes % CULL_EVERY == 1:
            super()._cull()  # type: ignore[misc]  # not in django-stubs

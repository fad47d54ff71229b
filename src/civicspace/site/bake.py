"""Baking the public site into static files: every page, data file, API answer and PDF, made by
the site's own views, so the baked file and the live page are the same bytes. A full build may
share the addresses out to several processes (`jobs`), each of which sets Django up afresh.

Files are written atomically (a temporary file, then a rename) and only when their content
changed: a manifest of hashes in the directory keeps unchanged files, and their mtimes (so the
ETags a static server derives from them), as they were.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import multiprocessing
import os
import re
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import astuple, dataclass, field
from math import ceil
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.management.commands.collectstatic import Command as Collect
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.http import HttpResponseBase
from django.http.request import split_domain_port, validate_host
from django.test import Client
from django.utils import translation

from civicspace.editorial.models import Snapshot
from civicspace.publishing.api import IN_PROCESS, PAGE_SIZE
from civicspace.publishing.open_data import published_record
from civicspace.publishing.selectors import snapshot_previous_checksum, snapshot_revisions_listed
from civicspace.site.bake_paths import BakePath, bake_paths
from civicspace.site.bake_process import process_setup, share_baked
from civicspace.site.report_cache import code_version, report_page_key

MANIFEST = ".bake-manifest.json"
# What each API list page was made from (`_Baker.bake_pages`): a page made from the same is kept.
INPUTS = ".bake-inputs.json"
NOT_FOUND = "404.html"
# Held for a build's whole run: a rebuild job started during a full build (or another rebuild)
# waits, instead of each writing back the manifest it read at its start.
LOCK = ".bake-lock"
# Each process is a Django and a database connection of its own: more than this is a mistake.
MOST_JOBS = 16
# An address no route matches, asked for to bake the "not found" page the static server shows.
NOT_FOUND_PROBE = "/static-site-not-found/"
# The one query string baked: an API list's further pages, as its `next` links name them.
PAGE_QUERY = re.compile(r"page=([0-9]+)")
EXTENSIONS = {
    "text/html": ".html",
    "application/json": ".json",
    "text/csv": ".csv",
    "application/pdf": ".pdf",
    "application/atom+xml": ".atom",
}


class BakeError(Exception):
    """The site cannot be baked as asked; the message says what to change."""


@dataclass
class BakeReport:
    """What a build did: files written (new or changed), kept unchanged and removed."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0

    @property
    def files(self) -> int:
        return self.written + self.unchanged


def baked_name(path: str, content_type: str) -> str:
    """The file, relative to the baked directory, that holds the answer at `path`: clean
    addresses become `index.html` (or `index.json`) in their folder, an API list's page N
    `indexN.json` (nginx finds it as `index$arg_page.json`), and addresses with a file name
    keep it."""
    address, _, query = path.partition("?")
    relative = address.lstrip("/")
    last = relative.rsplit("/", 1)[-1]
    if query:
        page = PAGE_QUERY.fullmatch(query)
        if page is None:
            raise BakeError(f"{path}: only page=N query strings are baked")
        suffix = page.group(1)
    else:
        suffix = ""
    if last and "." in last and not suffix:
        return relative
    extension = EXTENSIONS.get(content_type.split(";")[0].strip())
    if extension is None:
        raise BakeError(f"{path}: no file name for an answer of type {content_type!r}")
    folder = relative if relative.endswith("/") or not relative else relative + "/"
    return f"{folder}index{suffix}{extension}"


def _origin(base_url: str) -> tuple[str, bool]:
    """The host of `base_url` and whether it is https; refused unless the site would serve it."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BakeError(f"{base_url!r}: give the site's address, e.g. https://civicspace.example")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise BakeError(f"{base_url!r}: the site must be served at the root of its address")
    domain, _port = split_domain_port(parts.netloc)
    if not validate_host(domain, settings.ALLOWED_HOSTS):
        raise BakeError(
            f"{parts.netloc} is not among the site's hosts (CIVICSPACE_ALLOWED_HOSTS): add it,"
            " so that the baked pages are the ones the live site serves there"
        )
    return parts.netloc, parts.scheme == "https"


def _folder_made(folder: Path) -> None:
    if folder.is_dir():
        return
    _folder_made(folder.parent)
    folder.mkdir(exist_ok=True)  # another process of the build may have made it meanwhile
    folder.chmod(0o755)  # the static server's account reads it (the settings' umask is 077)


class _Directory:
    """Writes files into the baked directory, atomically and only when changed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        _folder_made(root)
        try:
            self.before: dict[str, str] = json.loads((root / MANIFEST).read_text())
        except (FileNotFoundError, ValueError):
            self.before = {}
        try:
            self.inputs_before: dict[str, str] = json.loads((root / INPUTS).read_text())
        except (FileNotFoundError, ValueError):
            self.inputs_before = {}
        self.after: dict[str, str] = {}
        self.inputs_after: dict[str, str] = {}
        self.report = BakeReport()

    def _replace(self, relative: str, content: bytes) -> None:
        target = self.root / relative
        _folder_made(target.parent)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".bake-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def kept(self, relative: str, inputs: str) -> bool:
        """Whether the file made from `inputs` at the last build is there: then it is kept."""
        digest = self.before.get(relative)
        if self.inputs_before.get(relative) != inputs or digest is None:
            return False
        if not (self.root / relative).is_file():
            return False
        self.after[relative], self.inputs_after[relative] = digest, inputs
        self.report.unchanged += 1
        return True

    def put(self, relative: str, content: bytes, *, inputs: str = "") -> None:
        digest = hashlib.sha256(content).hexdigest()
        self.after[relative] = digest
        if inputs:
            self.inputs_after[relative] = inputs
        if self.before.get(relative) == digest and (self.root / relative).is_file():
            self.report.unchanged += 1
            return
        self._replace(relative, content)
        self.report.written += 1

    def finish(self, *, complete: bool) -> None:
        """Write the manifest; a complete build also removes what it no longer holds (a report
        withdrawn by a demo reload, a renamed static file)."""
        manifest = self.after if complete else {**self.before, **self.after}
        inputs = self.inputs_after if complete else {**self.inputs_before, **self.inputs_after}
        if complete:
            for relative in set(self.before) - set(self.after):
                (self.root / relative).unlink(missing_ok=True)
                self.report.removed += 1
        self._replace(MANIFEST, json.dumps(manifest, indent=0, sort_keys=True).encode())
        self._replace(INPUTS, json.dumps(inputs, indent=0, sort_keys=True).encode())


def _body(response: HttpResponseBase) -> bytes:
    return response.getvalue()


class _Baker:
    def __init__(self, directory: _Directory, base_url: str) -> None:
        host, secure = _origin(base_url)
        self.base_url = base_url
        self.directory = directory
        self.client = Client(HTTP_HOST=host)
        self.client.defaults[IN_PROCESS] = "1"  # a request of ours: not rate limited
        self.secure = secure
        self.types: dict[str, str] = {}  # content type and file of each address baked
        self.names: dict[str, str] = {}
        self.revisions: dict[tuple[str, int], list[Snapshot]] = {}
        self.previous: dict[tuple[str, int], tuple[int, str] | None] = {}

    def get(self, path: str, *, status: int = 200) -> HttpResponseBase:
        self.client.cookies.clear()  # every page as a first-time visitor sees it
        response = self.client.get(path, secure=self.secure)
        if response.status_code != status:
            raise BakeError(f"{path}: the site answered {response.status_code}, not {status}")
        return response

    def document_inputs(self, each: BakePath) -> str:
        """What a report's page or document is made from: its revision's report (the key of its
        kept body names everything it shows, in its language), its address, the site's
        addresses and languages (a page's hreflang) and, for a page, the revisions it links to."""
        assert each.document_of is not None
        iso2, year, number = each.document_of
        if (iso2, year) not in self.revisions:
            self.revisions[iso2, year] = snapshot_revisions_listed(iso2=iso2, year=year)
        revisions = self.revisions[iso2, year]
        [snapshot] = [r for r in revisions if r.revision == number]
        if (iso2, year) not in self.previous:
            self.previous[iso2, year] = snapshot_previous_checksum(
                country_id=snapshot.cycle.country_id, year=year
            )
        with translation.override(each.language):
            key = report_page_key(snapshot=snapshot, previous=self.previous[iso2, year])
        links = [] if each.pdf else [r.revision for r in revisions]
        made_of = (
            self.base_url,
            settings.CIVICSPACE_SITE_URL,
            settings.LANGUAGES,
            each.path,
            key,
            links,
        )
        return hashlib.sha256(repr(made_of).encode()).hexdigest()

    def bake(self, each: BakePath) -> None:
        if each.pages_of:
            self.bake_pages(each)
            return
        inputs = self.document_inputs(each) if each.document_of else ""
        if inputs:
            kind = "application/octet-stream" if each.pdf else "text/html"
            name = baked_name(each.path, kind)  # a document is named by its extension
            if self.directory.kept(name, inputs):
                self.names[each.path], self.types[each.path] = name, kind
                return
        if each.same_as:
            original = self.names[each.same_as]
            content = (self.directory.root / original).read_bytes()
            name = baked_name(each.path, self.types[each.same_as])
            self.directory.put(name, content, inputs=inputs)
            return
        path: str | None = each.path
        while path:
            response = self.get(path)
            content = _body(response)
            self.types[path] = response["Content-Type"]
            self.names[path] = baked_name(path, self.types[path])
            self.directory.put(self.names[path], content, inputs=inputs)
            path = self._next_page(content) if each.paginated else None

    def bake_pages(self, each: BakePath) -> None:
        """An API list, page by page, as its `next` links name them; a page is asked for only
        if what it lists (its slice of the published record, the count of all, the code that
        renders it, the site's address) differs from what it listed at the last build. After
        one publication most pages of the 18,060 scores list nothing new."""
        record = published_record()
        items: Sequence[object] = record.rows if each.pages_of == "rows" else record.cycles
        pages = max(1, ceil(len(items) / PAGE_SIZE))
        for number in range(1, pages + 1):
            path = each.path if number == 1 else f"{each.path}?page={number}"
            name = baked_name(path, "application/json")
            listed = items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            made_of = repr((code_version(), self.base_url, path, len(items), listed))
            inputs = hashlib.sha256(made_of.encode()).hexdigest()
            if self.directory.kept(name, inputs):
                continue
            response = self.get(path)
            self.directory.put(
                baked_name(path, response["Content-Type"]), _body(response), inputs=inputs
            )

    @staticmethod
    def _next_page(content: bytes) -> str | None:
        following = json.loads(content).get("next")
        if not following:
            return None
        parts = urlsplit(following)
        return f"{parts.path}?{parts.query}"

    def bake_not_found(self) -> None:
        self.directory.put(NOT_FOUND, _body(self.get(NOT_FOUND_PROBE, status=404)))


def _static_files(directory: _Directory) -> None:
    """The static assets as `collectstatic` makes them for production, with hashed copies
    (`site.0123456789ab.css`) a static server may cache for good."""
    prefix = urlsplit(settings.STATIC_URL).path.strip("/")
    with tempfile.TemporaryDirectory(prefix="civicspace-static-") as folder:
        collect = Collect()
        collect.storage = ManifestStaticFilesStorage(location=folder)
        collect.set_options(
            interactive=False,
            verbosity=0,
            link=False,
            clear=False,
            dry_run=False,
            ignore_patterns=[],
            use_default_ignore_patterns=True,
            post_process=True,
        )
        collect.collect()
        for file in sorted(Path(folder).rglob("*")):
            if file.is_file():
                directory.put(f"{prefix}/{file.relative_to(folder).as_posix()}", file.read_bytes())


@dataclass
class _Part:
    """What one process of a build baked: the manifest's and the inputs' entries, and counts."""

    after: dict[str, str] = field(default_factory=dict)
    inputs_after: dict[str, str] = field(default_factory=dict)
    written: int = 0
    unchanged: int = 0


def _shares(paths: Sequence[BakePath], jobs: int) -> list[list[BakePath]]:
    """`paths` dealt out to `jobs` processes, round-robin by country (each country's pages in
    every language together, so a `same_as` copy is made where its original was) and address
    by address for the rest; each share keeps the list's order."""
    units: dict[str, list[BakePath]] = {}
    for each in paths:
        units.setdefault(each.country or each.path, []).append(each)
    shares: list[list[BakePath]] = [[] for _ in range(jobs)]
    for number, unit in enumerate(units.values()):
        shares[number % jobs].extend(unit)
    return [share for share in shares if share]


def _bake_share(root: Path, base_url: str, share: list[BakePath]) -> _Part:
    """Bake one share of the addresses (in a process of its own); any failure is returned to
    the build as a BakeError naming the address."""
    directory = _Directory(root)
    baker = _Baker(directory, base_url)
    for each in share:
        try:
            baker.bake(each)
        except BakeError:
            raise
        except Exception as exc:  # it may not pickle: the build gets its message instead
            raise BakeError(f"{each.path}: {type(exc).__name__}: {exc}") from None
    report = directory.report
    return _Part(directory.after, directory.inputs_after, report.written, report.unchanged)


def _bake_in_processes(target: _Directory, base_url: str, shares: list[list[BakePath]]) -> None:
    """Each share baked by a spawned process (not forked: a fork would share the parent's
    database connection and whatever state Django's set-up left), their parts merged into
    `target`. The first failure fails the build with its message."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=len(shares), mp_context=context, initializer=process_setup
    ) as pool:
        futures = [
            pool.submit(share_baked, target.root, base_url, [astuple(each) for each in share])
            for share in shares
        ]
        try:
            for future in as_completed(futures):
                part = future.result()
                target.after.update(part.after)
                target.inputs_after.update(part.inputs_after)
                target.report.written += part.written
                target.report.unchanged += part.unchanged
        except BakeError as exc:
            pool.shutdown(cancel_futures=True)
            raise BakeError(f"a baking process failed: {exc}") from None
        except BrokenProcessPool as exc:
            raise BakeError(f"a baking process ended unexpectedly ({exc})") from None


def site_build(
    *,
    directory: Path,
    base_url: str,
    pdfs: bool = True,
    country: str | None = None,
    jobs: int = 1,
) -> BakeReport:
    """Bake the public site into `directory` as it is served at `base_url`: everything, or,
    with `country`, what a publication of that country's changes (without static files and the
    "not found" page). `pdfs=False` leaves the report PDFs out. A full build with `jobs` > 1
    bakes the pages in that many processes (a rebuild after a publication is small: it stays
    in this one); they read the database the settings name, so what they bake must be
    committed."""
    if not 1 <= jobs <= MOST_JOBS:
        raise BakeError(f"{jobs} processes: bake with 1 to {MOST_JOBS}")
    _folder_made(directory)
    with open(directory / LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build(directory, base_url, pdfs=pdfs, country=country, jobs=jobs)


def _build(
    directory: Path, base_url: str, *, pdfs: bool, country: str | None, jobs: int
) -> BakeReport:
    started = time.perf_counter()
    target = _Directory(directory)
    baker = _Baker(target, base_url)
    paths = [each for each in bake_paths(country=country) if pdfs or not each.pdf]
    complete = country is None
    if complete and jobs > 1:
        _bake_in_processes(target, base_url, _shares(paths, jobs))
    else:
        # Country by country, as a process of several bakes them (a report's languages one
        # after another share their sections' HTML: `section_renderer`).
        for share in _shares(paths, 1):
            for each in share:
                baker.bake(each)
    if complete:
        baker.bake_not_found()
        _static_files(target)
    target.finish(complete=complete and pdfs)
    target.report.seconds = time.perf_counter() - started
    return target.report

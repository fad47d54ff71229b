"""Published scores as open data: one row per country x year x principle or dimension.

Read from published snapshots only (the newest revision of each cycle), so nothing unpublished
can reach a download, a country page or the API. The codebook is the single description of
every column; the CSV, XLSX and JSON downloads and the data page all use it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from civicspace.core.record import SCHEMA_VERSION, PanelSummary
from civicspace.editorial.models import Snapshot
from civicspace.publishing.selectors import (
    publication_state,
    snapshots_latest,
    snapshots_read,
)

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# The interface shows the codebook and licence translated; the files always carry this English.
LICENCE_TEXT = gettext_noop(
    "Published scores are open data under the Creative Commons Attribution 4.0 International"
    " licence (CC BY 4.0): share and adapt them for any purpose, citing civicspace and the"
    " report (country, year, revision) they come from."
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # string, integer, number, date, boolean
    meaning: str


CODEBOOK = (
    Column("country_iso2", "string", gettext_noop("ISO 3166-1 alpha-2 code of the country")),
    Column("country", "string", gettext_noop("Country name (ISO 3166)")),
    Column("year", "integer", gettext_noop("Assessment year of the report")),
    Column(
        "period_start", "date", gettext_noop("First day of the reporting period the scores cover")
    ),
    Column("period_end", "date", gettext_noop("Last day of the reporting period")),
    Column("level", "string", gettext_noop("'principle' or 'dimension'")),
    Column(
        "code",
        "string",
        gettext_noop("Principle (P1-P6) or dimension (e.g. 2.1) code of the edition"),
    ),
    Column("name", "string", gettext_noop("Principle or dimension name in the edition")),
    Column(
        "principle",
        "string",
        gettext_noop("The principle a row belongs to (its own code for principles)"),
    ),
    Column(
        "score",
        "number",
        gettext_noop(
            "Score on the 1-5 scale as published: one decimal, rounded half up; empty when the"
            " report gives no score",
        ),
    ),
    Column(
        "score_unrounded",
        "number",
        gettext_noop(
            "Score at full precision before rounding: a principle's weighted average of its"
            " dimensions or its rebased CIVICUS rating; a dimension's agreed score as recorded",
        ),
    ),
    Column("label", "string", gettext_noop("Band of the scale the published score falls in")),
    Column(
        "interval_low",
        "number",
        gettext_noop(
            "Lower end of the 90% bootstrap interval of the panelists' individual scores, one"
            " decimal, rounded half up (panel principles and dimensions with individual scores"
            " only)",
        ),
    ),
    Column("interval_high", "number", gettext_noop("Upper end of that interval")),
    Column(
        "weight",
        "number",
        gettext_noop(
            "Dimension's weight within its principle in the edition (weights of a principle sum"
            " to 1); empty for principles",
        ),
    ),
    Column(
        "source",
        "string",
        gettext_noop(
            "Where the score comes from: 'panel' (the national expert panel) or 'civicus' (the"
            " CIVICUS Monitor rating, rebased)",
        ),
    ),
    Column(
        "civicus_score",
        "number",
        gettext_noop("CIVICUS Monitor score (0-100) rebased into Principle 1"),
    ),
    Column("civicus_category", "string", gettext_noop("CIVICUS Monitor category of that rating")),
    Column(
        "civicus_published", "date", gettext_noop("Publication date of that CIVICUS Monitor rating")
    ),
    Column("edition", "string", gettext_noop("Framework edition the scores were made with")),
    Column(
        "revision",
        "integer",
        gettext_noop("Published revision of the report (corrections add revisions)"),
    ),
    Column("published", "date", gettext_noop("Date this revision was published")),
    Column("report_url", "string", gettext_noop("Address of the report on this site (path)")),
    Column(
        "demo",
        "boolean",
        gettext_noop("True for demonstration data, which are not assessment findings"),
    ),
    Column(
        "schema_version",
        "integer",
        gettext_noop(
            "Version of civicspace's published-data schema the values are written in (the"
            " published record's JSON Schema is at /data/schema.json)"
        ),
    ),
)
COLUMNS = tuple(c.name for c in CODEBOOK)


def snapshot_rows(snapshot: Snapshot) -> list[dict[str, Any]]:
    """The rows of one published report, principles first, each followed by its dimensions:
    every value as the record publishes it, nothing rounded here."""
    record = snapshot.record
    common = {
        "country_iso2": record.country.iso2,
        "country": record.country.name,
        "year": record.year,
        "period_start": record.reporting_period.start.isoformat(),
        "period_end": record.reporting_period.end.isoformat(),
        "edition": record.edition,
        "revision": snapshot.revision,
        "published": snapshot.published_at.date().isoformat(),
        "report_url": reverse("publishing:report", args=[record.country.iso2, record.year]),
        "demo": record.demo,
        "schema_version": SCHEMA_VERSION,
    }
    rows = []
    for p in record.principles:
        rating = p.civicus
        low, high = _interval(p.panel)
        rows.append(
            {
                **common,
                "level": "principle",
                "code": p.code,
                "name": p.name,
                "principle": p.code,
                "score": p.score,
                "score_unrounded": p.score_unrounded,
                "label": p.label,
                "interval_low": low,
                "interval_high": high,
                "weight": None,
                "source": p.source,
                "civicus_score": rating.score if rating else None,
                "civicus_category": rating.category if rating else None,
                "civicus_published": rating.published_on.isoformat() if rating else None,
            }
        )
        if p.is_civicus:
            continue  # Principle 1's dimensions are not scored separately
        for d in p.dimensions:
            low, high = _interval(d.panel)
            rows.append(
                {
                    **common,
                    "level": "dimension",
                    "code": d.code,
                    "name": d.name,
                    "principle": p.code,
                    "score": d.score,
                    "score_unrounded": d.score_unrounded,
                    "label": d.label,
                    "interval_low": low,
                    "interval_high": high,
                    "weight": round(d.weight, 6),
                    "source": "panel",
                    "civicus_score": None,
                    "civicus_category": None,
                    "civicus_published": None,
                }
            )
    return [{column: row[column] for column in COLUMNS} for row in rows]


def _interval(panel: PanelSummary | None) -> tuple[float | None, float | None]:
    if panel is None or panel.interval is None:
        return None, None
    return panel.interval.low, panel.interval.high


@dataclass(frozen=True)
class Revision:
    number: int
    published: str  # ISO date
    correction_note: str


@dataclass(frozen=True)
class PublishedCycle:
    """One published report: its newest revision and the revisions before it."""

    iso2: str
    country: str
    year: int
    period_start: str
    period_end: str
    edition: str
    revision: int
    published: str
    revisions: tuple[Revision, ...]
    demo: bool

    @property
    def report_url(self) -> str:
        return reverse("publishing:report", args=[self.iso2, self.year])

    @property
    def pdf_url(self) -> str:
        return reverse("report_files:pdf", args=[self.iso2, self.year])


@dataclass(frozen=True)
class Record:
    """Everything the public read path needs, built from published snapshots once per
    publication state. Rows are shared between callers: treat them as read-only."""

    state: str
    cycles: tuple[PublishedCycle, ...]  # by country name, then newest year first
    rows: tuple[dict[str, Any], ...]  # in the same order, principles then their dimensions
    # Texts written from the rows, by writer (`rows_text`)
    _written: dict[Callable[..., list[str]], dict[int, str]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @cached_property
    def by_report(self) -> dict[tuple[str, int], list[dict[str, Any]]]:
        """The rows of each report, by (country, year), in the record's order: one report's
        rows without a pass over all of them (the baked site asks for each of 860 in turn)."""
        found: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for row in self.rows:
            found.setdefault((row["country_iso2"], row["year"]), []).append(row)
        return found

    def rows_text(
        self, rows: Sequence[dict[str, Any]], write: Callable[[Sequence[dict[str, Any]]], list[str]]
    ) -> list[str]:
        """`write(rows)` (one text per row: a CSV line, a JSON object), taken from the texts
        written for every row of this record, once per record and `write`: the whole list's
        answers and files join texts instead of writing 18,060 rows (86 x 10) again each
        time. Rows are found by id(): the record holds its own for as long as it lives, so no
        other row can have the id of one of them meanwhile; a row of no record (none today) is
        written on the spot."""
        written = self._written.get(write)
        if written is None:
            with _written_lock:
                written = self._written.get(write)
                if written is None:
                    texts = write(self.rows)
                    written = dict(zip(map(id, self.rows), texts, strict=True))
                    self._written[write] = written
        texts = [text for text in map(written.get, map(id, rows)) if text is not None]
        return texts if len(texts) == len(rows) else write(rows)


_record: Record | None = None
_written_lock = threading.Lock()
_record_lock = threading.Lock()


# Each published revision's cycle and rows, made once per process: a revision never changes, so
# after a publication only the new one is read (its record parsed, its rows made), not all 860.
# Keyed by its publication time too: a database made anew (a demo reload) may reuse ids and
# checksums, never those times.
_Made = tuple[PublishedCycle, list[dict[str, Any]]]
_made: dict[tuple[int, str, str], _Made] = {}


def _snapshot_made(snapshot: Snapshot, revisions: tuple[Revision, ...]) -> _Made:
    record = snapshot.record
    cycle = PublishedCycle(
        iso2=record.country.iso2,
        country=record.country.name,
        year=record.year,
        period_start=record.reporting_period.start.isoformat(),
        period_end=record.reporting_period.end.isoformat(),
        edition=record.edition,
        revision=snapshot.revision,
        published=snapshot.published_at.date().isoformat(),
        revisions=revisions,
        demo=record.demo,
    )
    return cycle, snapshot_rows(snapshot)


def _record_build(state: str) -> Record:
    revisions: dict[int, list[Revision]] = {}
    for cycle_id, number, at, note in Snapshot.objects.order_by("revision").values_list(
        "cycle_id", "revision", "published_at", "correction_note"
    ):
        revisions.setdefault(cycle_id, []).append(Revision(number, at.date().isoformat(), note))
    latest = snapshots_latest(unread=True)
    keys = {s.pk: (s.pk, s.checksum, s.published_at.isoformat()) for s in latest}
    unread = snapshots_read(ids=[s.pk for s in latest if keys[s.pk] not in _made])
    made: dict[tuple[int, str, str], _Made] = {}
    cycles, rows = [], []
    for snapshot in latest:
        key = keys[snapshot.pk]
        found = _made.get(key) or _snapshot_made(unread[snapshot.pk], ())
        # Revisions are listed afresh: a correction adds one to its cycle's older ones.
        cycle = replace(found[0], revisions=tuple(revisions[snapshot.cycle_id]))
        made[key] = (cycle, found[1])
        cycles.append(cycle)
        rows += found[1]
    _made.clear()  # only the revisions published now are kept
    _made.update(made)
    return Record(state=state, cycles=tuple(cycles), rows=tuple(rows))


def published_record(state: str | None = None) -> Record:
    """The published record, rebuilt only when something has been published since (one cheap
    query per call otherwise; none if the caller has just read `state`). Kept per process: every
    server worker builds its own once."""
    global _record
    state = publication_state() if state is None else state
    record = _record
    if record is None or record.state != state:
        with _record_lock:
            if _record is None or _record.state != state:
                # Rows hold addresses (report_url): those of the default language, whichever
                # language the request that happens to build the record is in.
                with translation.override(settings.LANGUAGE_CODE):
                    _record = _record_build(state)
            record = _record
    return record


def published_rows(
    *,
    countries: Collection[str] | None = None,
    years: Collection[int] | None = None,
    level: str | None = None,
    principle: str | None = None,
    record: Record | None = None,
) -> list[dict[str, Any]]:
    """Every published row, newest revision of each report, filtered if asked (countries by
    ISO alpha-2 code, any case); from `record` if the caller already holds it."""
    wanted = {c.upper() for c in countries} if countries else None
    record = record or published_record()
    if wanted is not None and len(wanted) == 1 and years and len(set(years)) == 1:
        (iso2,), (year,) = wanted, set(years)
        rows = record.by_report.get((iso2, year), [])
        return [
            r for r in rows if level in (None, r["level"]) and principle in (None, r["principle"])
        ]
    if wanted is None and not years and level is None and principle is None:
        return list(record.rows)  # every row: the API's and the files' whole lists, often asked
    return [
        r
        for r in record.rows
        if (wanted is None or r["country_iso2"] in wanted)
        and (not years or r["year"] in years)
        and level in (None, r["level"])
        and principle in (None, r["principle"])
    ]

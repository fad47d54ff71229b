"""A folder of past reports read into cycles: each file a draft import, or (an archive) a
published revision dated as the document was, through the same snapshot as any publication.

Each file is one transaction: a file that fails writes nothing and does not stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from civicspace.accounts.permissions import is_editor
from civicspace.assessments.models import Cycle
from civicspace.assessments.panel_services import EditConflict
from civicspace.assessments.services import CycleError, cycle_create
from civicspace.audit.services import audit_record
from civicspace.core.evidence import EventTally
from civicspace.core.framework import load_edition
from civicspace.core.messages import MessageError, _
from civicspace.core.record import PublishedRecord, checksum, record_to_json
from civicspace.core.research import long_date
from civicspace.core.workflow import STATE_WORDS, State
from civicspace.countries.models import Country
from civicspace.editorial.import_services import ReportImportOutcome, report_import
from civicspace.editorial.models import Snapshot
from civicspace.editorial.snapshots import cycle_record
from civicspace.imports.problems import ImportRefused
from civicspace.imports.report_archive import (
    country_of_file,
    country_of_title,
    publication_date_of,
)
from civicspace.imports.report_document import ReportDocument, report_document_read
from civicspace.imports.values import CountryResolver
from civicspace.jobs import publication_announce


class ArchiveRefused(MessageError):
    """A file of the folder that cannot be imported as asked; nothing of it is written."""


@dataclass
class ArchiveFileResult:
    """One line of the folder's summary."""

    file: str
    country: str = ""  # ISO alpha-2, "" when not found
    country_from: str = ""  # "name" or "title"
    sections: int = 0
    found: int = 0
    suggested: int = 0
    missing: int = 0
    sources: int = 0
    problems: list[str] = field(default_factory=list)
    result: str = ""
    failed: bool = False
    revision: int | None = None
    published_on: date | None = None
    outcome: ReportImportOutcome | None = None


@dataclass(frozen=True)
class ArchiveOptions:
    year: int
    by: AbstractBaseUser | None = None
    dry_run: bool = False
    publish: bool = False  # --publish-as-archive
    published_on: date | None = None  # for every file, instead of the date each states
    add_revision: bool = False  # publish beside an existing published revision
    # A cycle's verified events of its period by dimension, for the editorial checks as the
    # workspace runs them (monitoring.evidence_selectors.period_event_tallies: editorial, its
    # sibling, cannot read them itself); None, the checks go without them.
    period_events: Callable[[Cycle], Mapping[str, EventTally]] | None = None


def archive_publish_note(published_on: date) -> str:
    """What a revision imported from an archive says of itself (the report's language)."""
    return f"Imported from the published document of {long_date(published_on)}."


def reports_import(
    *,
    files: Iterable[tuple[str, bytes]],
    options: ArchiveOptions,
    resolver: CountryResolver,
) -> list[ArchiveFileResult]:
    """Import every (name, content) file into its country's cycle of `options.year`; one result
    per file, in the order given."""
    results = []
    for name, data in files:
        result = ArchiveFileResult(file=name)
        try:
            _one_file(result, name, data, options, resolver)
        except ImportRefused as exc:
            result.problems.extend(str(p) for p in exc.problems)
            result.failed, result.result = True, "failed"
        except (ArchiveRefused, CycleError, EditConflict) as exc:
            result.problems.append(str(exc))
            result.failed, result.result = True, "failed"
        results.append(result)
    return results


def _one_file(
    result: ArchiveFileResult,
    name: str,
    data: bytes,
    options: ArchiveOptions,
    resolver: CountryResolver,
) -> None:
    code = country_of_file(name, resolver)
    if code is not None:
        result.country, result.country_from = code, "name"
    default_edition = load_edition(_default_edition())
    document = report_document_read(data=data, name=name, edition=default_edition)
    if code is None and (code := country_of_title(document, resolver)):
        result.country, result.country_from = code, "title"
    if code is None:
        raise ArchiveRefused(
            _(
                "No programme country in the file name or the document's title: name the file"
                " after the country (Kazakhstan_2024.docx, KZ-2024.md)."
            )
        )
    country = Country.objects.get(iso2=code)
    with transaction.atomic():
        cycle, created = _cycle_for(country, options.year, document)
        edition = load_edition(cycle.edition)
        if edition.code != default_edition.code:
            document = report_document_read(data=data, name=name, edition=edition)
        _counts(result, document)
        events = options.period_events(cycle) if options.period_events is not None else None
        if options.publish:
            snapshot, outcome = archive_publish(
                cycle=cycle,
                document=document,
                published_on=options.published_on or publication_date_of(document),
                by=options.by,
                add_revision=options.add_revision,
                period_events=events,
            )
            result.revision = snapshot.revision
            result.published_on = snapshot.archive_published_on
            verb = "would publish" if options.dry_run else "published"
            result.result = f"{verb} revision {snapshot.revision} of {result.published_on}"
        else:
            outcome = report_import(
                cycle=cycle, document=document, by=options.by, period_events=events
            )
            verb = "would write" if options.dry_run else "imported"
            result.result = f"{verb} {len(outcome.changes)} section(s)"
        result.outcome = outcome
        if created:
            result.problems.append(
                f"cycle {options.year} created with the document's reporting period"
                f" {cycle.period_start} to {cycle.period_end}"
            )
        result.problems.extend(str(n) for n in document.notices)
        result.problems.extend(_principle_problems(outcome, options.publish))
        if options.dry_run:
            transaction.set_rollback(True)


def _default_edition() -> str:
    return str(settings.CIVICSPACE_DEFAULT_EDITION)


def _counts(result: ArchiveFileResult, document: ReportDocument) -> None:
    result.sections = len(document.sections)
    result.found = len(document.scores)
    result.suggested = len(document.suggestions)
    result.missing = len(document.missing)
    result.sources = len(document.sources)


def _principle_problems(outcome: ReportImportOutcome, published: bool) -> list[str]:
    if published:
        return []  # an archive refuses a principle score it cannot publish (archive_publish)
    return [
        f"{code}: the document says {stated}, the cycle gives"
        f" {'no score' if computed is None else f'{computed:.1f}'}"
        for code, stated, computed in outcome.principles
        if computed is None or abs(float(stated) - computed) >= 0.05
    ]


def _cycle_for(country: Country, year: int, document: ReportDocument) -> tuple[Cycle, bool]:
    """The country's cycle of `year`, and whether it was created here: with the document's
    reporting period if there is none yet (an archive often predates civicspace)."""
    cycle = Cycle.objects.select_for_update().filter(country=country, year=year).first()
    if cycle is not None:
        return cycle, False
    if document.period is None:
        raise ArchiveRefused(
            _(
                "%(country)s has no %(year)s cycle and the document states no reporting period:"
                " create the cycle first (civicspace cycle create).",
                country=country.name,
                year=year,
            )
        )
    start, end = document.period
    return cycle_create(country=country, year=year, period_start=start, period_end=end), True


def archive_publish(
    *,
    cycle: Cycle,
    document: ReportDocument,
    published_on: date | None,
    by: AbstractBaseUser | None,
    add_revision: bool = False,
    period_events: Mapping[str, EventTally] | None = None,
) -> tuple[Snapshot, ReportImportOutcome]:
    """Publish `document` as a revision of `cycle` dated `published_on`: its texts, sources and
    the scores it states after `Score:` (never a suggestion), then the same snapshot any
    publication freezes, marked as imported from an archive. Audited; one transaction.

    Refused: no publication date; a date in the future or before the reporting period starts;
    a cycle already published (unless `add_revision`) or in review; anyone but an editor; a
    principle score the document states that the cycle would not publish (the one published
    value: a report and its files never disagree with the archive they come from).
    `period_events` go to the editorial checks, as in `report_import`.
    """
    if by is None or not is_editor(by):
        raise ArchiveRefused(_("Only an editor publishes an archived report (--by USERNAME)."))
    if published_on is None:
        raise ArchiveRefused(
            _(
                "The document states no publication date (a line such as 'Published: March"
                " 2025'): give it with --published-on DATE."
            )
        )
    if published_on > timezone.localdate() or published_on < cycle.period_start:
        raise ArchiveRefused(
            _(
                "The publication date %(date)s is not between the start of the reporting period"
                " (%(start)s) and today.",
                date=published_on.isoformat(),
                start=cycle.period_start.isoformat(),
            )
        )
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        before = State(locked.state)
        previous = locked.snapshots.order_by("-revision").first()
        if previous is not None and not add_revision:
            raise ArchiveRefused(
                _(
                    "%(cycle)s already has a published revision (%(revision)s, published"
                    " %(date)s): add --add-revision to publish the archive as a further one.",
                    cycle=str(locked),
                    revision=previous.revision,
                    date=previous.published_at.date().isoformat(),
                )
            )
        if before not in (State.DRAFT, State.PUBLISHED):
            raise ArchiveRefused(
                _(
                    "%(cycle)s is in review (%(state)s): an archive is published only over a"
                    " draft or a published report.",
                    cycle=str(locked),
                    state=STATE_WORDS[before],
                )
            )
        # The document replaces the draft's content, as a reopened report's correction does.
        locked.state = State.DRAFT
        locked.save(update_fields=["state", "updated_at"])
        outcome = report_import(cycle=locked, document=document, by=by, period_events=period_events)
        locked.state = State.PUBLISHED
        locked.save(update_fields=["state", "updated_at"])
        record = cycle_record(cycle=locked, published_on=published_on)
        _stated_scores_published(document, record)
        data = record_to_json(record)
        note = archive_publish_note(published_on)
        audit_record(
            cycle=locked,
            by=by,
            action="state",
            target="publish",
            before={"state": before},
            after={"state": State.PUBLISHED, "note": note, "archive": published_on.isoformat()},
        )
        snapshot = Snapshot.objects.create(
            cycle=locked,
            revision=previous.revision + 1 if previous else 1,
            published_by_id=by.pk,
            published_at=datetime.combine(published_on, time(12), tzinfo=UTC),
            data=data,
            checksum=checksum(data),
            correction_note=note if previous else "",
            archive_published_on=published_on,
        )
        publication_announce(snapshot_id=snapshot.pk)
    return snapshot, outcome


def _stated_scores_published(document: ReportDocument, record: PublishedRecord) -> None:
    """Refuse a principle score the document states that the record does not publish."""
    published = {p.code: p.score for p in record.principles}
    for entry in document.scores:
        if entry.code not in published:
            continue
        stated = entry.value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        value = published[entry.code]
        if value is None or Decimal(str(value)) != stated:
            raise ArchiveRefused(
                _(
                    "%(code)s: the document states %(stated)s but the cycle would publish"
                    " %(published)s (principle scores are computed: from the dimension scores"
                    " the document states, Principle 1 from the CIVICUS rating on file).",
                    code=entry.code,
                    stated=str(stated),
                    published="no score" if value is None else f"{value:.1f}",
                )
            )

"""Writes for assessment cycles and their dimension scores."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from civicspace.assessments.models import CitationKey, Cycle, DimensionScore, Source
from civicspace.audit.services import audit_record
from civicspace.core.citations import Citable, citations_bind, source_identity, source_key
from civicspace.core.framework import FrameworkError, load_edition
from civicspace.core.messages import Message, MessageError, _
from civicspace.core.scoring import off_scale
from civicspace.core.workflow import STATE_WORDS, State
from civicspace.countries.models import Country
from civicspace.countries.selectors import programme_countries, programme_resolver
from civicspace.imports.problems import ImportReport
from civicspace.imports.scores import SCORE_COLUMNS, validate_scores
from civicspace.imports.tabular import read_table


class CycleError(MessageError, ValueError):
    """A change the cycle refuses; the message says why (worded by the web layer)."""


def cycle_ensure_editable(cycle: Cycle) -> None:
    """Content changes only while the Network Member holds the draft."""
    if not cycle.editable:
        raise CycleError(
            _(
                "%(cycle)s is %(state)s: its content can change again only if the consortium"
                " requests changes.",
                cycle=str(cycle),
                state=STATE_WORDS[State(cycle.state)],
            )
        )


@dataclass(frozen=True)
class SourceInput:
    title: str
    url: str = ""
    published_on: date | None = None
    kind: str = Source.Kind.OTHER
    key: str = ""  # the citation key of the stored source this row edits; "" for a new source


def cycle_create(
    *,
    country: Country,
    year: int,
    period_start: date,
    period_end: date,
    panel_date: date | None = None,
    edition: str | None = None,
    is_demo: bool = False,
) -> Cycle:
    edition_code = edition or settings.CIVICSPACE_DEFAULT_EDITION
    try:
        load_edition(edition_code)
    except FrameworkError as exc:
        raise CycleError(str(exc)) from None
    if not country.in_programme:
        raise CycleError(
            _("%(country)s is not one of the programme's countries.", country=country.name)
        )
    if period_start >= period_end:
        raise CycleError(
            _(
                "The reporting period must end after it starts (%(start)s).",
                start=period_start.isoformat(),
            )
        )
    if Cycle.objects.filter(country=country, year=year).exists():
        raise CycleError(
            _("%(country)s already has a %(year)s cycle.", country=country.name, year=year)
        )
    return Cycle.objects.create(
        country=country,
        year=year,
        edition=edition_code,
        period_start=period_start,
        period_end=period_end,
        panel_date=panel_date,
        is_demo=is_demo,
    )


@transaction.atomic
def cycles_open_year(
    *,
    year: int,
    period_start: date,
    period_end: date,
    panel_date: date | None = None,
    edition: str | None = None,
) -> tuple[list[Cycle], list[Country]]:
    """Open `year` for every programme country in one transaction: the cycles created, and the
    countries skipped because they already have that year's cycle. Any refusal (an unknown
    edition, a period that ends before it starts) creates none."""
    created, skipped = [], []
    for country in programme_countries():
        if Cycle.objects.filter(country=country, year=year).exists():
            skipped.append(country)
            continue
        created.append(
            cycle_create(
                country=country,
                year=year,
                period_start=period_start,
                period_end=period_end,
                panel_date=panel_date,
                edition=edition,
            )
        )
    return created, skipped


@transaction.atomic  # the source keys are locked while new ones are issued (PostgreSQL)
def score_record(
    *,
    cycle: Cycle,
    dimension: str,
    value: Decimal,
    justification: str,
    sources: Iterable[SourceInput] | None = None,
    shown_keys: Sequence[str] = (),
    by: AbstractBaseUser | None = None,
) -> tuple[DimensionScore, str]:
    """Store a dimension's agreed score; returns it and "created", "updated" or "unchanged".

    `sources`, when given, replaces the score's evidence list: a row with the key of one of the
    score's sources edits it, and a row without one that has a stored source's title and URL is
    that source (both keep their key); any other row is a new source with a new key.
    A citation `[^n]` in the justification is bound to the n-th of `shown_keys`, the list the
    author saw. Every change is audited as made `by` that user (None: the command line or the
    demo loader).
    """
    cycle_ensure_editable(cycle)
    justification = citations_bind(justification, shown_keys)
    edition = load_edition(cycle.edition)
    if dimension not in edition.panel_dimensions:
        raise CycleError(
            _(
                "%(code)s is not a panel-scored dimension of %(edition)s.",
                code=dimension,
                edition=edition.code,
            )
        )
    if (problem := off_scale(value, edition.scale)) is not None:
        raise CycleError(problem)
    score = DimensionScore.objects.filter(cycle=cycle, dimension=dimension).first()
    before = _score_state(score)
    if score is None:
        score = DimensionScore.objects.create(
            cycle=cycle, dimension=dimension, value=value, justification=justification
        )
        outcome = "created"
    elif score.value == value and score.justification == justification:
        outcome = "unchanged"
    else:
        score.value, score.justification = value, justification
        score.version += 1
        score.save()
        outcome = "updated"
    if sources is not None:
        _sources_replace(cycle, score, sources)
    after = _score_state(score)
    if after != before:
        if outcome == "unchanged":  # only the evidence changed: still a new version
            score.version += 1
            score.save(update_fields=["version", "updated_at"])
            outcome = "updated"
        audit_record(
            cycle=cycle, by=by, action="score", target=dimension, before=before, after=after
        )
    return score, outcome


def _sources_replace(cycle: Cycle, score: DimensionScore, sources: Iterable[SourceInput]) -> None:
    """Make `score`'s evidence `sources`: edit kept sources in place, issue keys to new ones."""
    stored = {s.key: s for s in score.sources.all()}
    # Every key ever issued, locked, so two saves cannot issue the same new key.
    taken = set(
        CitationKey.objects.select_for_update().filter(cycle=cycle).values_list("key", flat=True)
    )
    for row in sources:
        fields = {"title": row.title, "url": row.url, "published_on": row.published_on}
        source = stored.pop(row.key, None) if row.key else None
        if source is None:  # a row without the key (a workbook re-uploaded) keeps a twin's key
            twin = source_identity(Citable(row.key, row.title, row.url))
            source = next((stored.pop(k) for k, s in stored.items() if _identity(s) == twin), None)
        if source is None:
            year = row.published_on.year if row.published_on else None
            key = source_key(row.title, year, taken)
            taken.add(key)
            Source.objects.create(score=score, key=key, kind=row.kind, **fields)
            CitationKey.objects.create(
                cycle=cycle, key=key, title=row.title, dimension=score.dimension
            )
            continue
        if any(getattr(source, f) != v for f, v in fields.items()) or source.kind != row.kind:
            for name, value in fields.items():
                setattr(source, name, value)
            source.kind = row.kind
            source.save()
            CitationKey.objects.filter(cycle=cycle, key=source.key).update(title=row.title)
    # What remains was removed; a citation of it becomes an error the editorial checks show.
    Source.objects.filter(pk__in=[s.pk for s in stored.values()]).delete()


@transaction.atomic  # the source keys are locked while the new one is issued (PostgreSQL)
def source_append(
    *,
    cycle: Cycle,
    dimension: str,
    source: SourceInput,
    key_from: str,
    by: AbstractBaseUser | None,
) -> tuple[Source, bool]:
    """Add one source to the evidence of `dimension`'s score, its key made from `key_from` (a
    stable name, such as "event 42" for an early-warning event: `event-42`); returns it and True,
    or the score's source with the same title and address and False (nothing added). Audited as
    a change of the score, as `score_record` would have made it."""
    cycle_ensure_editable(cycle)
    score = (
        DimensionScore.objects.select_for_update().filter(cycle=cycle, dimension=dimension).first()
    )
    if score is None:
        raise CycleError(
            _("Record the score of %(code)s before adding evidence to it.", code=dimension)
        )
    twin = source_identity(Citable("", source.title, source.url))
    held = next((s for s in score.sources.all() if _identity(s) == twin), None)
    if held is not None:
        return held, False
    before = _score_state(score)
    taken = set(
        CitationKey.objects.select_for_update().filter(cycle=cycle).values_list("key", flat=True)
    )
    key = source_key(key_from, None, taken)
    added = Source.objects.create(
        score=score,
        key=key,
        title=source.title,
        url=source.url,
        published_on=source.published_on,
        kind=source.kind,
    )
    CitationKey.objects.create(cycle=cycle, key=key, title=source.title, dimension=dimension)
    score.version += 1
    score.save(update_fields=["version", "updated_at"])
    audit_record(
        cycle=cycle,
        by=by,
        action="score",
        target=dimension,
        before=before,
        after=_score_state(score),
    )
    return added, True


def _identity(source: Source) -> tuple[str, str]:
    return source_identity(Citable(source.key, source.title, source.url))


def _score_state(score: DimensionScore | None) -> dict[str, object] | None:
    """What the audit trail keeps of a score: value, text and evidence."""
    if score is None:
        return None
    sources = [[s.title, s.url, str(s.published_on or ""), s.kind] for s in score.sources.all()]
    value = f"{Decimal(score.value):.2f}"  # the stored precision, before and after a save alike
    return {"value": value, "justification": score.justification, "sources": sources}


def _cycle_hint(country: str, year: int) -> Message:
    command = f"civicspace cycle create {country} {year} --period {year - 1}-08-01:{year}-07-31"
    return _(
        "%(country)s has no %(year)s assessment cycle; create it first, e.g. `%(command)s`",
        country=country,
        year=year,
        command=command,
    )


def scores_import(*, path: Path, by: AbstractBaseUser | None = None) -> ImportReport:
    """Import a CSV/XLSX of dimension scores, all or nothing; raises ImportRefused if refused."""
    table = read_table(path, SCORE_COLUMNS)
    cycles = {(c.country.iso2, c.year): c for c in Cycle.objects.select_related("country")}
    batch = validate_scores(
        table,
        resolver=programme_resolver(),
        editions={key: load_edition(c.edition) for key, c in cycles.items()},
        cycle_hint=_cycle_hint,
    )
    report = ImportReport(notices=batch.notices)
    with transaction.atomic():
        for row in batch.rows:
            _, outcome = score_record(
                cycle=cycles[(row.country, row.year)],
                dimension=row.dimension,
                value=row.value,
                justification=row.justification,
                by=by,
            )
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report

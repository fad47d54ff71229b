"""Applying an imported report document to a cycle: texts, dimension scores and sources in one
transaction, through the services that lock, check and audit each of them."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from civicspace.accounts.permissions import is_editor, member_country_ids
from civicspace.assessments.models import Cycle, DimensionScore
from civicspace.assessments.selectors import cycle_profile_get
from civicspace.assessments.services import (
    CycleError,
    SourceInput,
    cycle_ensure_editable,
    score_record,
)
from civicspace.core.checks import CheckReport
from civicspace.core.citations import Citable, source_identity
from civicspace.core.evidence import EventTally
from civicspace.core.framework import load_edition
from civicspace.core.messages import _
from civicspace.editorial.models import ReportText
from civicspace.editorial.selectors import cycle_checks, cycle_sources, text_keys
from civicspace.editorial.text_services import TextEntry, texts_save
from civicspace.imports.report_document import DocumentSource, ReportDocument, ScoreEntry

_CITATION = re.compile(r"\[\^(\d+)\]|\[([^\]\n^][^\]\n]*)\]\(\^(\d+)\)")  # [^n], [phrase](^n)


@dataclass(frozen=True)
class SectionChange:
    key: str
    heading: str
    before: str
    after: str

    def diff(self) -> list[str]:
        """A unified diff of the stored text against the document's, line by line."""
        return list(
            difflib.unified_diff(
                self.before.splitlines(),
                self.after.splitlines(),
                fromfile=f"{self.key} (current)",
                tofile=f"{self.key} (document)",
                lineterm="",
            )
        )


@dataclass
class ReportImportOutcome:
    changes: list[SectionChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    scores: list[tuple[str, Decimal, str]] = field(default_factory=list)  # code, value, outcome
    principles: list[tuple[str, Decimal, float | None]] = field(default_factory=list)
    pending: list[ScoreEntry] = field(default_factory=list)  # suggestions left for the user
    not_scored_here: list[ScoreEntry] = field(default_factory=list)  # not panel dimensions
    attached: dict[int, str] = field(default_factory=dict)  # document source -> dimension
    unattached: list[int] = field(default_factory=list)  # sources no dimension score can hold
    checks: CheckReport = field(default_factory=CheckReport)
    applied: bool = False


def draft_versions(*, cycle: Cycle) -> dict[str, dict[str, int]]:
    """The versions of the cycle's texts and dimension scores, as a preview saw them."""
    texts = ReportText.objects.filter(cycle=cycle).values_list("key", "version")
    scores = DimensionScore.objects.filter(cycle=cycle).values_list("dimension", "version")
    return {"texts": dict(texts), "scores": dict(scores)}


def report_import_token(*, cycle: Cycle, data: bytes) -> str:
    """The document and the state of the draft it is previewed against, in one hash: applying
    with the token of an older preview is refused."""
    state = [cycle.pk, cycle.state, draft_versions(cycle=cycle)]
    return hashlib.sha256(data + b"\0" + json.dumps(state, sort_keys=True).encode()).hexdigest()


def report_import_permitted(*, cycle: Cycle, by: AbstractBaseUser | None) -> None:
    """Editors import into any cycle, members only into their own country's; None is the
    command line's operator."""
    if by is not None and not (is_editor(by) or cycle.country_id in member_country_ids(by)):
        raise CycleError(
            _(
                "You may import a report only into your own country's draft (%(cycle)s).",
                cycle=str(cycle),
            )
        )


def report_import(
    *,
    cycle: Cycle,
    document: ReportDocument,
    by: AbstractBaseUser | None = None,
    accept_suggestions: bool = False,
    dry_run: bool = False,
    versions: dict[str, int] | None = None,
    period_events: Mapping[str, EventTally] | None = None,
) -> ReportImportOutcome:
    """Write the document into `cycle`, all or nothing, or (`dry_run`) only say what it would do.

    `versions` are the section versions the preview was made from: a section changed since
    then refuses the import (EditConflict). A dry run makes the same writes and rolls them
    back, so its checks are the checks of the resulting draft. `period_events` are what the
    workspace's checks are given (monitoring.evidence_selectors.period_event_tallies, which
    editorial cannot read itself): pass them, and the preview warns as the workspace will.
    """
    report_import_permitted(cycle=cycle, by=by)
    cycle_ensure_editable(cycle)
    with transaction.atomic():
        outcome = _apply(cycle, document, by, accept_suggestions, versions)
        outcome.checks = cycle_checks(cycle=cycle, period_events=period_events)
        outcome.applied = not dry_run
        if dry_run:
            transaction.set_rollback(True)
    return outcome


def _apply(
    cycle: Cycle,
    document: ReportDocument,
    by: AbstractBaseUser | None,
    accept_suggestions: bool,
    versions: dict[str, int] | None,
) -> ReportImportOutcome:
    edition = load_edition(cycle.edition)
    outcome = ReportImportOutcome()
    proposed = list(document.scores)
    for entry in document.suggestions:
        (proposed if accept_suggestions else outcome.pending).append(entry)
    values = {e.code: e.value for e in proposed}
    homes = _source_homes(cycle, document, set(values) | _scored(cycle))
    for code in sorted(set(values) | set(homes.values()), key=_code_order):
        if code not in edition.dimensions:
            continue
        if code not in edition.panel_dimensions:
            outcome.not_scored_here.extend(e for e in proposed if e.code == code)
            continue
        score = DimensionScore.objects.filter(cycle=cycle, dimension=code).first()
        value = values.get(code, score.value if score else None)
        if value is None:
            continue
        new = [document.sources[n - 1] for n, home in homes.items() if home == code]
        kept = list(score.sources.all()) if score else []
        known = {_same(s.title, s.url) for s in kept}
        sources = [SourceInput(s.title, s.url, s.published_on, s.kind) for s in kept] + [
            SourceInput(s.title[:300], s.url) for s in new if _same(s.title, s.url) not in known
        ]
        _, result = score_record(
            cycle=cycle,
            dimension=code,
            value=value,
            justification=score.justification if score else "",
            sources=sources,
            by=by,
        )
        if code in values:
            outcome.scores.append((code, values[code], result))
        outcome.attached.update({n: code for n, home in homes.items() if home == code})
    outcome.unattached = [s.number for s in document.sources if s.number not in outcome.attached]
    _texts_write(cycle, document, outcome, by, versions)
    profile = {p.code: p.value for p in cycle_profile_get(cycle=cycle).principles}
    outcome.principles = [
        (e.code, e.value, profile.get(e.code)) for e in proposed if e.code in profile
    ]
    return outcome


def _texts_write(
    cycle: Cycle,
    document: ReportDocument,
    outcome: ReportImportOutcome,
    by: AbstractBaseUser | None,
    versions: dict[str, int] | None,
) -> None:
    """Imported sections cite the document's sources by the stable key each got in the cycle
    (texts already stored keep theirs: keys never move)."""
    keys: dict[tuple[str, str], list[tuple[str, str]]] = {}  # identity -> (dimension, key)
    for held in cycle_sources(cycle=cycle):
        keys.setdefault(_same(held.title, held.url), []).append((held.score.dimension, held.key))
    headings = text_keys(cycle=cycle)
    stored = {t.key: t for t in ReportText.objects.filter(cycle=cycle)}
    entries: dict[str, TextEntry] = {}
    for key, text in document.sections.items():
        if key not in headings:
            continue
        by_document = {s.number: _key_for(keys, s, key) for s in document.sources}
        for source in document.sources:  # a linked phrase no score holds: the link again
            if source.url and by_document.get(source.number) is None:
                text = text.replace(
                    f"{source.title}[^{source.number}]", f"[{source.title}]({source.url})"
                )
        new = _CITATION.sub(_citing(document, by_document), text).strip()
        current = stored.get(key)
        version = (versions or {}).get(key, current.version if current else 0)
        if current is not None and current.text == new:
            outcome.unchanged.append(key)
            continue
        outcome.changes.append(
            SectionChange(key, headings[key], current.text if current else "", new)
        )
        entries[key] = TextEntry(new, version)
    if entries:
        texts_save(cycle=cycle, entries=entries, by=by)


def _citing(
    document: ReportDocument, keys: dict[int, str | None]
) -> Callable[[re.Match[str]], str]:
    def cite(match: re.Match[str]) -> str:
        if match[1] is not None:
            return _cite(document, keys, int(match[1]))
        key = keys.get(int(match[3]))
        if key is not None:
            return f"[{match[2]}](^{key})"
        return match[2] + _cite(document, keys, int(match[3]))

    return cite


def _key_for(
    keys: dict[tuple[str, str], list[tuple[str, str]]], source: DocumentSource, section: str
) -> str | None:
    """The key a section cites a document source by: a source the cycle has (added by this
    import or before) keeps its key whichever section cites it; of several sources that are
    one (the same address and title under two dimensions), the citing dimension's own."""
    found = keys.get(_same(source.title[:300], source.url), [])
    own = next((k for dimension, k in found if dimension == section), None)
    return own or (found[0][1] if found else None)


def _cite(document: ReportDocument, keys: dict[int, str | None], n: int) -> str:
    """A document citation as the cycle's source key; a source no score holds stays a link."""
    if (key := keys.get(n)) is not None:
        return f"[^{key}]"
    source = document.sources[n - 1] if 0 < n <= len(document.sources) else None
    if source is None:
        return ""
    return f" ([{source.title}]({source.url}))" if source.url else f" ({source.title})"


def _source_homes(cycle: Cycle, document: ReportDocument, scored: set[str]) -> dict[int, str]:
    """Each document source's dimension: the first panel dimension citing it that has (or
    gets) a score, since sources belong to dimension scores. A source the cycle already has
    stays where it is (a citing dimension's own copy first) and is not added to another."""
    panel = load_edition(cycle.edition).panel_dimensions
    have: dict[tuple[str, str], list[str]] = {}
    for held in cycle_sources(cycle=cycle):
        have.setdefault(_same(held.title, held.url), []).append(held.score.dimension)
    homes = {}
    for number, keys in document.cited_in.items():
        source = document.sources[number - 1]
        dims = have.get(_same(source.title[:300], source.url), [])
        home = next((k for k in keys if k in dims), dims[0] if dims else None)
        if home is None:
            home = next((k for k in keys if k in panel and k in scored), None)
        if home is not None:
            homes[number] = home
    return homes


def _scored(cycle: Cycle) -> set[str]:
    return set(DimensionScore.objects.filter(cycle=cycle).values_list("dimension", flat=True))


def _same(title: str, url: str) -> tuple[str, str]:
    """What makes two sources one: the same address and title, as the report numbers them."""
    return source_identity(Citable("", title, url))


def _code_order(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", code))

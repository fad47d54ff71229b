"""What an imported report document gives a cycle, as lines for the command line (English, like
every other command's output): where each part goes, what is not imported and why, scores,
sources, the differences from the stored texts and the editorial checks."""

from __future__ import annotations

import calendar
import itertools

from civicspace.assessments.models import Cycle
from civicspace.editorial.import_services import ReportImportOutcome
from civicspace.editorial.selectors import text_keys
from civicspace.imports.report_document import DocumentPart, ReportDocument

_ROLE_WORDS = {
    "contents": "table of contents, skipped",
    "sources": "list of sources, read as sources",
}


def _first_words(text: str, count: int = 8) -> str:
    words = " ".join(text.split()).split(" ")
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _paragraphs(parts: list[DocumentPart]) -> str:
    first, last = parts[0].paragraph, parts[-1].paragraph
    return f"paragraph {first}" if first == last else f"paragraphs {first}-{last}"


def preview_lines(
    *, cycle: Cycle, document: ReportDocument, outcome: ReportImportOutcome
) -> list[str]:
    headings = text_keys(cycle=cycle, language="en")
    lines = ["Sections:"]
    for key, heading in headings.items():
        if key in document.sections:
            text = document.sections[key]
            lines.append(f"  {key:8} {heading[:40]:40} {len(text):6} chars  {_first_words(text)!r}")
    lines.append("Not imported:")
    left_out = [p for p in document.parts if p.key is None and p.role != "heading"]
    for _, group in itertools.groupby(left_out, key=lambda p: (p.role, str(p.reason))):
        parts = list(group)
        why = _ROLE_WORDS.get(parts[0].role) or str(parts[0].reason)
        lines.append(f"  {_paragraphs(parts)}: {why}: {_first_words(parts[0].text)!r}")
    if not left_out:
        lines.append("  nothing: every paragraph has a place")
    lines.extend(_score_lines(document, outcome))
    lines.extend(_source_lines(document, outcome))
    lines.extend(_cycle_lines(cycle, document))
    return lines


def _score_lines(document: ReportDocument, outcome: ReportImportOutcome) -> list[str]:
    lines = ["Scores found:"]
    lines += [f"  {s.code}: {s.value}  ({s.evidence!r})" for s in document.scores] or ["  none"]
    if document.suggestions:
        lines.append("Scores suggested by a sentence (applied only with --accept-suggestions):")
        lines += [f"  {s.code}: {s.value}  ({s.evidence!r})" for s in document.suggestions]
    if document.missing:
        lines.append(f"Scores missing: {', '.join(document.missing)}")
    for code, value, outcome_word in outcome.scores:
        lines.append(f"  dimension {code} ← {value}: {outcome_word}")
    for entry in outcome.not_scored_here:
        lines.append(f"  {entry.code}: {entry.value} not stored (not a panel-scored dimension)")
    for code, stated, computed in outcome.principles:
        said = "no score yet" if computed is None else f"{computed:.2f}"
        verdict = (
            "agrees"
            if computed is not None and abs(float(stated) - computed) < 0.05
            else ("differs: principle scores are computed from the dimensions, never typed")
        )
        lines.append(f"  {code}: the document says {stated}, the cycle gives {said} ({verdict})")
    for note in document.notices:
        lines.append(f"  note: {note}")
    return lines


def _source_lines(document: ReportDocument, outcome: ReportImportOutcome) -> list[str]:
    lines = [f"Sources: {len(document.sources)}"]
    for source in document.sources:
        where = outcome.attached.get(source.number)
        place = (
            f"evidence of dimension {where}"
            if where
            else "no dimension score holds it: kept in the text as a link"
        )
        lines.append(f"  [{source.number}] {source.title[:60]} {source.url}  → {place}")
    return lines


def _cycle_lines(cycle: Cycle, document: ReportDocument) -> list[str]:
    lines = []
    if document.period is not None:
        start, end = document.period
        same = (start, end) == (cycle.period_start, cycle.period_end)
        lines.append(
            f"Reporting period: the document says {start} to {end}; the cycle has"
            f" {cycle.period_start} to {cycle.period_end}"
            + ("" if same else " (differs: the cycle's period is not changed by an import)")
        )
    if document.panel_month is not None:
        year, month = document.panel_month
        stored = cycle.panel_date.isoformat() if cycle.panel_date else "no date"
        lines.append(
            f"Panel: the document says {calendar.month_name[month]} {year}; the cycle has {stored}"
        )
    return lines


def outcome_lines(outcome: ReportImportOutcome) -> list[str]:
    lines = []
    for change in outcome.changes:
        if change.before:
            lines.append(f"Changes to {change.key} ({change.heading}):")
            lines += [f"  {line}" for line in change.diff()]
    if outcome.renumbered:
        lines.append(f"Citations renumbered in: {', '.join(outcome.renumbered)}")
    errors = len(outcome.checks.errors)
    lines.append(
        f"Editorial checks on the resulting draft: {errors} error(s),"
        f" {len(outcome.checks.findings) - errors} other finding(s)"
    )
    for finding in outcome.checks.findings:
        lines.append(f"  {finding.severity}: {finding.place}: {finding.message}")
    return lines

"""Editorial checks on a draft report: small functions whose findings name their place.

A finding's message (and a place that is a word rather than a key) is a translatable `Message`:
`str()` gives the English sentence, the web layer words it in the reader's language.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from civicspace.core.citations import cited_keys
from civicspace.core.date_mentions import date_mentions
from civicspace.core.early_warning import Direction
from civicspace.core.evidence import EventTally, evidence_disagrees
from civicspace.core.explanations import explaining_sentence
from civicspace.core.framework import Edition, Principle
from civicspace.core.heading_names import misnamed_headings
from civicspace.core.law_mentions import law_years
from civicspace.core.messages import Message, _
from civicspace.core.scoring import round_half_up, scale_band
from civicspace.core.statistics import AGREED_TOLERANCE, agreed_outside_panel


class Severity(StrEnum):
    ERROR = "error"  # must be fixed before approval
    WARNING = "warning"  # worth a look; may be legitimate


@dataclass(frozen=True)
class Section:
    """A piece of report text; `key` places it: "context", "P4", "4.1", "recommendations/..."."""

    key: str
    heading: str
    text: str


@dataclass(frozen=True)
class DimensionEvidence:
    code: str
    agreed: float | None
    justification: str
    source_urls: tuple[str, ...] = ()
    panel_mean: float | None = None
    panel_low: float | None = None  # the lowest and highest of the panelists' own scores
    panel_high: float | None = None


@dataclass(frozen=True)
class Draft:
    edition: Edition
    period_start: date
    period_end: date
    principle_scores: Mapping[str, float | None]  # stored values, full precision
    dimensions: Sequence[DimensionEvidence]
    sections: Sequence[Section]
    recommendations: Mapping[str, str]  # audience -> text
    publication_date: date | None = None
    source_keys: frozenset[str] = frozenset()  # what a citation [^key] may name
    removed_sources: Mapping[str, str] = field(default_factory=dict)  # deleted: key -> title
    # The previous cycle's agreed scores (dimension code -> value), and the verified events of
    # this cycle's reporting period by dimension: what `events_against_score` compares.
    previous_scores: Mapping[str, float] = field(default_factory=dict)
    period_events: Mapping[str, EventTally] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    place: str | Message  # a section or dimension key, or a Message such as "recommendations"
    message: Message


def _place(section: Section) -> str:
    return f"{section.key} ({section.heading})" if section.heading else section.key


def _excerpt(text: str, start: int, end: int, margin: int = 30) -> str:
    left, right = max(0, start - margin), min(len(text), end + margin)
    return (
        ("…" if left else "")
        + " ".join(text[left:right].split())
        + ("…" if right < len(text) else "")
    )


def _shortened(words: str, limit: int = 160) -> str:
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def missing_principle_scores(draft: Draft) -> list[Finding]:
    return [
        Finding(
            "missing-score",
            Severity.ERROR,
            p.code,
            _("%(code)s %(name)s has no score", code=p.code, name=p.name),
        )
        for p in draft.edition.principles
        if draft.principle_scores.get(p.code) is None
    ]


_PRINCIPLE_CLAIM = re.compile(
    r"\b(?:Principle\s+|P)(?P<n>[1-9])\b[^.\n]{0,60}?"
    r"\b(?:score[sd]?|scored|rated|rating|stands at)\s+(?:of\s+|at\s+)?(?P<v>[1-5][.,]\d)\b",
    re.IGNORECASE,
)
_DIMENSION_CLAIM = re.compile(
    r"\bdimension\s+(?P<code>\d\.\d)\b[^.\n]{0,60}?"
    r"\b(?:score[sd]?|scored|rated|rating|stands at)\s+(?:of\s+|at\s+)?(?P<v>[1-5][.,]\d)\b",
    re.IGNORECASE,
)


def score_claims(draft: Draft) -> list[Finding]:
    """A number the text presents as a principle or dimension score must match the stored one."""
    by_number = {p.number: p.code for p in draft.edition.principles}
    dimension_values = {d.code: d.agreed for d in draft.dimensions}
    findings = []
    for section in draft.sections:
        for pattern, kind in ((_PRINCIPLE_CLAIM, "principle"), (_DIMENSION_CLAIM, "dimension")):
            for match in pattern.finditer(section.text):
                claimed = float(match["v"].replace(",", "."))
                if kind == "principle":
                    code = by_number.get(int(match["n"]))
                    stored = draft.principle_scores.get(code) if code else None
                else:
                    code, stored = match["code"], dimension_values.get(match["code"])
                if code is None or stored is None or round_half_up(stored) == claimed:
                    continue
                findings.append(
                    Finding(
                        "score-mismatch",
                        Severity.ERROR,
                        _place(section),
                        _(
                            "the text gives %(code)s as %(claimed)s but the stored score is"
                            " %(stored)s: “%(excerpt)s”",
                            code=code,
                            claimed=claimed,
                            stored=round_half_up(stored),
                            excerpt=_excerpt(section.text, *match.span()),
                        ),
                    )
                )
    return findings


# A band named as what something *is* now: "remained disabling", "is partially enabling". Past
# tenses are left alone (they describe earlier years), and so is "enabling environment".
_BAND_VERB = (
    r"\b(?:is|are|remains?|remained|stays?|stayed|becomes?|became|rated|rated as|assessed as"
    r"|scored as|stands as|now)\s+(?:only\s+|still\s+|now\s+|thus\s+)?[“\"«']?"
)
_OTHER_PLACE = re.compile(
    r"\b(?:Principle\s+|P)(?P<n>[1-9])\b|\bdimensions?\s+(?P<code>[1-9]\.[1-9])\b", re.IGNORECASE
)
# A sentence ends at . ! or ? before a space or the end (not inside "4.2" or "2.5").
# "…driven by access, which became enabling": the band is said of something else.
RELATIVE = (["which"], ["that"], ["who"], ["where"])
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=\S))+[.!?]?")


def _band_claim(edition: Edition) -> re.Pattern[str]:
    labels = sorted((b.label for b in edition.scale.bands), key=len, reverse=True)
    alternatives = "|".join(re.escape(label) for label in labels)
    # Not "enabling environment", and not a band given with its own number ("enabling at 3.6",
    # which score_claims and the reader can weigh): only a band said of the score itself.
    return re.compile(
        rf"{_BAND_VERB}(?P<label>{alternatives})\b"
        r"(?!\s+environment)(?!\s*(?:at|of|with|\(|,)\s*[1-5][.,]\d)",
        re.IGNORECASE,
    )


def _about_the_principle(principle: Principle) -> re.Pattern[str]:
    """A sentence in a principle's summary that speaks of the principle as a whole (its own
    sentences about single dimensions are judged by their own numbers)."""
    return re.compile(
        rf"\b(?:Principle\s+{principle.number}|P{principle.number}|this principle|the principle"
        rf"|overall|{re.escape(principle.name)})\b",
        re.IGNORECASE,
    )


def band_claims(draft: Draft) -> list[Finding]:
    """A section that calls its principle or dimension by a band ("remained disabling") must name
    the band of the score it explains. In a principle's summary only sentences about the whole
    principle count; sentences about another principle or dimension are left alone."""
    scale = draft.edition.scale
    principles = {p.code: p for p in draft.edition.principles}
    scores = dict(draft.principle_scores) | {d.code: d.agreed for d in draft.dimensions}
    claim = _band_claim(draft.edition)
    findings = []
    for section in draft.sections:
        score = scores.get(section.key)
        if score is None:
            continue
        actual = scale_band(score, scale).label
        principle = principles.get(section.key)
        about = _about_the_principle(principle) if principle else None
        for sentence in _SENTENCE.finditer(section.text):
            text = sentence[0]
            if about is not None and not about.search(text):
                continue
            if _names_another_place(text, section.key, principle.number if principle else None):
                continue
            for match in claim.finditer(text):
                before = text[: match.start()].split()
                if match["label"].lower() == actual.lower() or before[-1:] in RELATIVE:
                    continue
                start = sentence.start() + match.start()
                findings.append(
                    Finding(
                        "band-mismatch",
                        Severity.ERROR,
                        _place(section),
                        _(
                            "the text calls %(code)s “%(claimed)s” but its score %(score)s is"
                            " “%(label)s”: “%(excerpt)s”",
                            code=section.key,
                            claimed=match["label"],
                            score=round_half_up(score),
                            label=actual,
                            excerpt=_excerpt(section.text, start, start + len(match[0])),
                        ),
                    )
                )
    return findings


def _names_another_place(sentence: str, key: str, number: int | None) -> bool:
    for match in _OTHER_PLACE.finditer(sentence):
        if match["n"] is not None and int(match["n"]) != number:
            return True
        if match["code"] is not None and match["code"] != key:
            return True
    return False


def mentioned_dates(text: str) -> Iterator[tuple[date, int, int, str]]:
    """Dates a text mentions (`core.date_mentions`), as the earliest day each could mean, with
    their span and wording."""
    for mention in date_mentions(text):
        yield mention.first, mention.start, mention.end, mention.wording


def dates_out_of_period(draft: Draft) -> list[Finding]:
    """Dates after the reporting period (or the publication date): a warning, as later context can
    be legitimate. A date that is not one day ("2026", "Q4 2025", "late 2025", "осенью 2025")
    counts from its first day, so only what lies wholly after the period is flagged."""
    limit, published_early = draft.period_end, False
    if draft.publication_date is not None and draft.publication_date < limit:
        limit, published_early = draft.publication_date, True
    findings = []
    for section in draft.sections:
        for when, start, end, wording in mentioned_dates(section.text):
            if when <= limit:
                continue
            excerpt = _excerpt(section.text, start, end)
            message = (
                _(
                    "mentions %(date)s, after the publication date: “%(excerpt)s”",
                    date=wording,
                    excerpt=excerpt,
                )
                if published_early
                else _(
                    "mentions %(date)s, after the reporting period (ends %(end)s): “%(excerpt)s”",
                    date=wording,
                    end=draft.period_end.isoformat(),  # ISO: no month names to translate
                    excerpt=excerpt,
                )
            )
            findings.append(
                Finding("date-after-period", Severity.WARNING, _place(section), message)
            )
    return findings


def inconsistent_years(draft: Draft) -> list[Finding]:
    """The same named law given different adoption years anywhere in the report
    (`core.law_mentions`), naming each place and the words that say so."""
    texts = [(s.key, s.text) for s in draft.sections]
    texts += list(draft.recommendations.items())
    texts += [(d.code, d.justification) for d in draft.dimensions]
    names: dict[str, str] = {}
    seen: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for place, text in texts:
        for law in law_years(text):
            names.setdefault(law.key, law.name)
            said = f"{place}: “{_shortened(_excerpt(text, law.start, law.end, margin=0))}”"
            if said not in seen[law.key][law.year]:
                seen[law.key][law.year].append(said)
    findings = []
    for key, years in seen.items():
        if len(years) > 1:
            # Years, places and the author's own words, nothing to translate:
            # "2024 (context: “…”); 2025 (2.1: “…”)".
            where = "; ".join(f"{y} ({'; '.join(said)})" for y, said in sorted(years.items()))
            findings.append(
                Finding(
                    "inconsistent-year",
                    Severity.ERROR,
                    names[key],
                    _("“%(name)s” is dated differently: %(years)s", name=names[key], years=where),
                )
            )
    return findings


_LINK = re.compile(r"\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]*)\)")
_PLACEHOLDER = re.compile(
    r"^(?:|#|https?://|https?://(?:www\.)?example\.(?:com|org|net)\b.*"
    r"|.*\b(?:todo|tbd|xxx|placeholder|insert|link here)\b.*|\.\.\.|…|url|link)$",
    re.IGNORECASE,
)


def placeholder_links(draft: Draft) -> list[Finding]:
    findings = []
    for section in draft.sections:
        for m in _LINK.finditer(section.text):
            if _PLACEHOLDER.match(m["url"].strip()):
                findings.append(
                    Finding(
                        "placeholder-link",
                        Severity.ERROR,
                        _place(section),
                        _(
                            "link “%(label)s” points to %(url)s, not a real address",
                            label=m["label"],
                            url=repr(m["url"]),
                        ),
                    )
                )
    for dim in draft.dimensions:
        for url in dim.source_urls:
            if url and _PLACEHOLDER.match(url.strip()):
                findings.append(
                    Finding(
                        "placeholder-link",
                        Severity.ERROR,
                        dim.code,
                        _("a source points to %(url)s, not a real address", url=repr(url)),
                    )
                )
    return findings


def unknown_citations(draft: Draft) -> list[Finding]:
    """A citation, [^key] or [phrase](^key), must name one of the cycle's sources."""
    texts: list[tuple[str | Message, str]] = [(_place(s), s.text) for s in draft.sections]
    texts += [
        (_("recommendations (%(audience)s)", audience=a), t)
        for a, t in draft.recommendations.items()
    ]
    texts += [
        (_("justification of %(code)s", code=d.code), d.justification) for d in draft.dimensions
    ]
    return [
        Finding("unknown-citation", Severity.ERROR, place, _unknown_source(key, draft))
        for place, text in texts
        for key in dict.fromkeys(cited_keys(text))
        if key not in draft.source_keys
    ]


def _unknown_source(key: str, draft: Draft) -> Message:
    if key in draft.removed_sources:
        return _(
            "cites [^%(key)s], the source “%(title)s”, which was deleted: cite another"
            " source or add it again (it gets a new key)",
            key=key,
            title=draft.removed_sources[key],
        )
    if key.isdigit():
        return _(
            "cites [^%(key)s], a number: cite a source by its key, as listed with the sources",
            key=key,
        )
    return _("cites [^%(key)s], but the cycle has no source with that key", key=key)


def missing_evidence(draft: Draft) -> list[Finding]:
    findings = []
    for dim in draft.dimensions:
        if dim.agreed is None:
            continue
        if not dim.justification.strip():
            findings.append(
                Finding(
                    "no-justification",
                    Severity.ERROR,
                    dim.code,
                    _("a score but no justification"),
                )
            )
        if not dim.source_urls:
            findings.append(
                Finding(
                    "no-evidence",
                    Severity.ERROR,
                    dim.code,
                    _("a score but no cited source"),
                )
            )
    return findings


def unexplained_divergence(draft: Draft, tolerance: float = AGREED_TOLERANCE) -> list[Finding]:
    """An agreed score far from the panelists' mean must be explained in that dimension's own text
    (justification or analysis) by a sentence that refers to the panel and gives a reason."""
    analyses = {s.key: s.text for s in draft.sections}
    findings = []
    for dim in draft.dimensions:
        if dim.agreed is None or dim.panel_mean is None:
            continue
        gap = abs(dim.agreed - dim.panel_mean)
        if gap <= tolerance:
            continue
        if explaining_sentence((dim.justification, analyses.get(dim.code, ""))) is None:
            findings.append(
                Finding(
                    "unexplained-divergence",
                    Severity.ERROR,
                    dim.code,
                    _(
                        "the agreed score %(agreed)s is %(gap)s from the panelists' mean"
                        " %(mean)s; neither the justification nor the analysis of %(code)s has a"
                        " sentence that refers to the panel (“panel”, “mean”, “majority”…) and"
                        " gives a reason (“because”, “given”, “due to”…)",
                        agreed=round_half_up(dim.agreed),
                        gap=round_half_up(gap, 2),
                        mean=round_half_up(dim.panel_mean, 2),
                        code=dim.code,
                    ),
                )
            )
    return findings


def events_against_score(draft: Draft) -> list[Finding]:
    """A dimension whose verified events in the period point clearly one way (core.evidence says
    what "clearly" is) while its score moved the other way since the previous cycle: perhaps
    right (the events may be minor, the panel may know more), so a warning, to look at."""
    findings = []
    for dim in draft.dimensions:
        found = evidence_disagrees(
            dim.code,
            draft.period_events.get(dim.code, EventTally()),
            before=draft.previous_scores.get(dim.code),
            now=dim.agreed,
        )
        if found is None:
            continue
        values = {
            "count": found.tally.count(found.events),
            "total": found.tally.total,
            "before": found.before,
            "now": found.now,
        }
        if found.events is Direction.DETERIORATING:
            message = _(
                "%(count)s of the period's %(total)s verified events point to a deterioration,"
                " yet the score rose from %(before)s to %(now)s since the previous cycle: check the"
                " score, and that its justification explains the difference",
                **values,
            )
        else:
            message = _(
                "%(count)s of the period's %(total)s verified events point to an improvement,"
                " yet the score fell from %(before)s to %(now)s since the previous cycle: check the"
                " score, and that its justification explains the difference",
                **values,
            )
        findings.append(Finding("events-against-score", Severity.WARNING, dim.code, message))
    return findings


def empty_sections(draft: Draft) -> list[Finding]:
    """Every section of the report's structure has text: the country context, each principle's
    summary and each dimension's analysis (recommendations: `empty_audiences`)."""
    written = {s.key for s in draft.sections if s.text.strip()}
    edition = draft.edition
    places: dict[str, str | Message] = {"context": _("Country context")}
    for principle in edition.principles:
        heading = edition.principle_heading.format(number=principle.number, name=principle.name)
        places[principle.code] = f"{principle.code} ({heading})"
        for dim in principle.dimensions:
            heading = edition.dimension_heading.format(code=dim.code, name=dim.name)
            places[dim.code] = f"{dim.code} ({heading})"
    return [
        Finding("empty-section", Severity.ERROR, place, _("the section is empty"))
        for key, place in places.items()
        if key not in written
    ]


def empty_audiences(draft: Draft) -> list[Finding]:
    return [
        Finding(
            "empty-audience",
            Severity.ERROR,
            _("recommendations"),
            _("no recommendations for “%(audience)s”", audience=audience),
        )
        for audience in draft.edition.recommendation_audiences
        if not draft.recommendations.get(audience, "").strip()
    ]


def heading_style(draft: Draft) -> list[Finding]:
    """Principle and dimension headings follow the edition's templates, names and numbers."""
    expected = {
        p.code: draft.edition.principle_heading.format(number=p.number, name=p.name)
        for p in draft.edition.principles
    } | {
        d.code: draft.edition.dimension_heading.format(code=d.code, name=d.name)
        for d in draft.edition.dimensions.values()
    }
    return [
        Finding(
            "heading-style",
            Severity.WARNING,
            section.key,
            _(
                "heading “%(heading)s” should read “%(expected)s”",
                heading=section.heading,
                expected=expected[section.key],
            ),
        )
        for section in draft.sections
        if section.key in expected and " ".join(section.heading.split()) != expected[section.key]
    ]


def heading_names(draft: Draft) -> list[Finding]:
    """Principle and dimension names written in a text's own headings or table of contents
    (`core.heading_names`) must be the edition's, give or take case, punctuation and "and"."""
    return [
        Finding(
            "heading-name",
            Severity.WARNING,
            _place(section),
            _(
                "“%(heading)s” names %(code)s differently from the edition, which calls it"
                " “%(expected)s”",
                heading=_shortened(" ".join(section.text[found.start : found.end].split())),
                code=found.code,
                expected=found.expected,
            ),
        )
        for section in draft.sections
        for found in misnamed_headings(section.text, draft.edition)
    ]


def outside_panel_range(draft: Draft) -> list[Finding]:
    """An agreed score outside the interval of the panelists' own scores is a score nobody on
    the panel gave: its justification must say why, in a sentence that refers to the panel and
    gives a reason (the words of `unexplained_divergence`)."""
    findings = []
    for dim in draft.dimensions:
        if dim.agreed is None or not agreed_outside_panel(
            dim.agreed, dim.panel_low, dim.panel_high
        ):
            continue
        if explaining_sentence((dim.justification,)) is not None:
            continue
        findings.append(
            Finding(
                "outside-panel-range",
                Severity.ERROR,
                dim.code,
                _(
                    "the agreed score %(agreed)s lies outside the panelists' own scores"
                    " (%(low)s to %(high)s) and the justification of %(code)s does not say why:"
                    " it needs a sentence that refers to the panel (“panel”, “panelists”…) and"
                    " gives a reason (“because”, “given”…)",
                    agreed=round_half_up(dim.agreed),
                    low=round_half_up(dim.panel_low or 0.0),
                    high=round_half_up(dim.panel_high or 0.0),
                    code=dim.code,
                ),
            )
        )
    return findings


CHECKS: tuple[Callable[[Draft], list[Finding]], ...] = (
    missing_principle_scores,
    score_claims,
    band_claims,
    dates_out_of_period,
    inconsistent_years,
    placeholder_links,
    unknown_citations,
    missing_evidence,
    unexplained_divergence,
    events_against_score,
    empty_sections,
    empty_audiences,
    heading_style,
    heading_names,
    outside_panel_range,
)


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def draft_check(draft: Draft) -> CheckReport:
    """Every editorial check on a draft, errors first."""
    findings = [finding for check in CHECKS for finding in check(draft)]
    findings.sort(key=lambda f: f.severity is not Severity.ERROR)
    return CheckReport(findings)

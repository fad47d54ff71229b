"""A folder of published reports: which country a file is about (from its name, else from the
document's title page) and the date the document says it was published. No Django."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from civicspace.imports import report_patterns as rp
from civicspace.imports.report_document import ReportDocument
from civicspace.imports.values import CountryResolver, ValueProblem

ARCHIVE_SUFFIXES = (".docx", ".md", ".markdown", ".txt")

# Words of report file names and titles that never name a country.
_NOISE = {
    "cfr", "country", "focus", "report", "reports", "eusee", "eu", "see", "final", "draft",
    "published", "publication", "version", "en", "eng", "english", "web", "print", "copy",
    "enabling", "environment", "for", "civil", "society", "on", "the", "of", "in", "and",
}  # fmt: skip
_YEARISH = re.compile(r"^(?:19|20)\d\d$|^v\d+$|^\d{1,2}$")
_PUBLISHED = re.compile(
    r"^\W*(?:first\s+)?(?:published(?:\s+(?:on|in))?|publication\s+date|date\s+of\s+publication)"
    r"\s*[:：-]?\s*(?P<rest>.+)$",
    re.I,
)


def _words(text: str) -> list[str]:
    words = re.split(r"[\s_\-.,:;()\[\]|/]+", rp.plain(text))
    return [w for w in words if w and w.lower() not in _NOISE and not _YEARISH.match(w)]


def country_in_text(text: str, resolver: CountryResolver) -> str | None:
    """The one programme country a name or title names (its ISO alpha-2 code): the longest run
    of its words that resolves, if exactly one country does at that length; else None."""
    words = _words(text)
    for length in range(len(words), 0, -1):
        found = set()
        for start in range(len(words) - length + 1):
            run = " ".join(words[start : start + length])
            if length == 1 and len(run) < 2:
                continue
            try:
                found.add(resolver.resolve(run))
            except ValueProblem:
                continue
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None  # two countries named as plainly: not guessed
    return None


def country_of_file(name: str, resolver: CountryResolver) -> str | None:
    """The country a file name names: `Kazakhstan_2024.docx`, `KZ-CFR-2024.md`,
    `country-focus-report-georgia.docx`."""
    return country_in_text(PurePath(name).stem, resolver)


def country_of_title(document: ReportDocument, resolver: CountryResolver) -> str | None:
    """The country the document's title page names (the paragraphs before its first part or
    principle), else its first heading."""
    title = [p.text for p in document.parts if p.key is None and p.role == "skipped"][:5]
    for text in title or [p.text for p in document.parts[:1]]:
        if len(text) <= 200 and (code := country_in_text(text, resolver)):
            return code
    return None


def publication_date_of(document: ReportDocument) -> date | None:
    """The date a document says it was published ("Published: March 2025", "Publication date:
    12 March 2025"); a month alone is its first day."""
    for part in document.parts:
        match = _PUBLISHED.match(rp.plain(part.text))
        if match and (when := rp.date_of(match["rest"])):
            return when
    return None

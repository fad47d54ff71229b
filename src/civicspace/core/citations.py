"""Citations in report texts: the author's syntax, binding to stable source keys, render numbers.

An author cites a source by its key, as a footnote `[^freedom-house-2025]` or inline, as a linked
phrase `[the 2024 NGO law](^ngo-law-2024)`. A key never changes and is never reused within a
cycle, so editing, re-ordering, adding or deleting sources cannot re-point a citation. Numbers
exist only in a rendered report: sources are numbered 1..n in order of first citation, one number
for all sources with the same URL and title.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

# The key part is lenient on purpose: a mistyped key must still be found, to be reported.
FOOTNOTE = re.compile(r"\[\^(?P<key>[^\]\s]+)\]")
# A phrase never starts with "^", so "[^a](^b)" is the footnote [^a] followed by text.
INLINE = re.compile(r"\[(?P<phrase>[^\]\n^][^\]\n]*)\]\(\^(?P<key>[^)\s]+)\)")
_ANY = re.compile(f"{FOOTNOTE.pattern}|{INLINE.pattern.replace('?P<key>', '?P<inline_key>')}")
KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_KEY_WORDS = 4
_KEY_LENGTH = 40
# Filler words make keys longer without making them easier to recognise.
_FILLER = frozenset({"the", "a", "an", "of", "on", "in", "and", "for", "to"})


def cited_keys(text: str) -> list[str]:
    """The keys `text` cites, in order of appearance, repeats included."""
    return [m["key"] or m["inline_key"] for m in _ANY.finditer(text)]


def citations_bind(text: str, shown: Sequence[str]) -> str:
    """`text` with every numeric citation `[^n]` (or `(^n)`) replaced by the key of the n-th
    source in `shown`, the list the author was looking at; other citations are left as written
    (an unknown one is for the checks to report)."""

    def bind(match: re.Match[str]) -> str:
        key = match["key"] or match["inline_key"]
        if not key.isdigit() or not 1 <= int(key) <= len(shown):
            return match[0]
        bound = shown[int(key) - 1]
        if match["key"]:
            return f"[^{bound}]"
        return f"[{match['phrase']}](^{bound})"

    return _ANY.sub(bind, text)


def citations_rekey(text: str, keys: Mapping[str, str]) -> str:
    """`text` with each cited key found in `keys` replaced by its value (a data migration's
    numbers to keys)."""

    def swap(match: re.Match[str]) -> str:
        key = match["key"] or match["inline_key"]
        if key not in keys:
            return match[0]
        if match["key"]:
            return f"[^{keys[key]}]"
        return f"[{match['phrase']}](^{keys[key]})"

    return _ANY.sub(swap, text)


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", folded)


def source_key(title: str, year: int | None, taken: Container[str]) -> str:
    """A short readable key for a new source (`freedom-house-2025`) that is not in `taken`
    (every key the cycle ever issued, deleted sources' included, so none is reused)."""
    words = [w for w in _ascii_words(title) if w not in _FILLER][:_KEY_WORDS]
    if year is not None and str(year) not in words:
        words.append(str(year))
    if not words or not words[0][0].isalpha():
        words.insert(0, "source")  # a key is never a plain number, which reads as a position
    base = "-".join(words)[:_KEY_LENGTH].rstrip("-")
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


@dataclass(frozen=True)
class Citable:
    key: str
    title: str
    url: str


def source_identity(source: Citable) -> tuple[str, str]:
    """What makes two sources one: the same address and title, written loosely alike."""
    title = " ".join(source.title.casefold().split()).rstrip(" .;,")
    url = source.url.strip()
    if url:
        parts = urlsplit(url)
        host = parts.netloc.lower().removeprefix("www.")
        url = f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"
    return url, title


@dataclass(frozen=True)
class Numbered:
    """One entry of a report's source list: its number and every key citing it."""

    number: int
    source: Citable  # the first of `keys` as the cycle lists its sources
    keys: tuple[str, ...]
    cited: bool


def sources_numbered(texts: Iterable[str], sources: Sequence[Citable]) -> list[Numbered]:
    """The report's source list: numbered 1..n in order of first citation through `texts`
    (in report order), then the sources never cited, in the cycle's order. Sources with the
    same identity share one entry."""
    groups: dict[tuple[str, str], list[Citable]] = {}
    by_key: dict[str, tuple[str, str]] = {}
    for source in sources:
        identity = source_identity(source)
        groups.setdefault(identity, []).append(source)
        by_key[source.key] = identity
    order: list[tuple[str, str]] = []
    for text in texts:
        for key in cited_keys(text):
            found = by_key.get(key)
            if found is not None and found not in order:
                order.append(found)
    cited = len(order)
    order += [identity for identity in groups if identity not in order]
    return [
        Numbered(n, groups[i][0], tuple(s.key for s in groups[i]), n <= cited)
        for n, i in enumerate(order, start=1)
    ]


@dataclass(frozen=True)
class Cite:
    """What a rendered citation shows: the source's number and links to its address."""

    number: int
    url: str


def citation_index(numbered: Iterable[Numbered]) -> dict[str, Cite]:
    return {key: Cite(n.number, n.source.url) for n in numbered for key in n.keys}


# A run of footnotes separated by nothing but spaces renders as one group: "¹,²", never "12".
FOOTNOTE_RUN = re.compile(
    rf"{FOOTNOTE.pattern}(?:[ \t]*{FOOTNOTE.pattern.replace('?P<key>', '')})*"
)


def footnote_run_keys(run: str) -> list[str]:
    return [m["key"] for m in FOOTNOTE.finditer(run)]


def citations_substitute(
    text: str,
    index: Mapping[str, Cite],
    *,
    footnotes: Callable[[list[Cite]], str],
    inline: Callable[[str, Cite], str],
) -> str:
    """`text` with every known citation replaced by what `footnotes` (for a run of footnotes)
    or `inline` (for a linked phrase) make of it; unknown ones stay as written, visible."""

    def run(match: re.Match[str]) -> str:
        keys = footnote_run_keys(match[0])
        known: list[Cite] = []
        for key in keys:
            cite = index.get(key)
            if cite is not None and cite not in known:
                known.append(cite)
        shown = [footnotes(known)] if known else []
        return " ".join(shown + [f"[^{k}]" for k in keys if k not in index])

    def phrase(match: re.Match[str]) -> str:
        cite = index.get(match["key"])
        return match[0] if cite is None else inline(match["phrase"], cite)

    return FOOTNOTE_RUN.sub(run, INLINE.sub(phrase, text))

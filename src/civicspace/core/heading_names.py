"""Principle and dimension names as a text's own headings or table of contents write them.

A line counts as a heading when it looks like one: a Markdown heading, a line in bold or
italics, a table-of-contents entry (a page number at its end, or one of several lines in a row
that begin with codes), or a short line standing alone. It must begin with a code of the edition
("1.2", "Principle 4:", "4.") and share words with that code's name, so "2.1 million people" or a
numbered list of recommendations is not taken for a heading. Names are compared without case,
punctuation, "and" or "&"; names in another script than the edition's (a Russian text) are left
alone, as the edition names its principles in one language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicspace.core.framework import Edition

_MARKED = re.compile(r"^\s*(?:#{1,6}\s+|\*{1,3}(?=\S)|_{1,3}(?=\S))")
_PAGE = re.compile(r"(?:\s*(?:\.{2,}|…+|\t|\s{2,}|\s)\s*\d{1,3})\s*$")
_CODE_START = re.compile(r"^(?:principle\s+[1-9]|[1-9]\.[1-9]|[1-9]\.)", re.IGNORECASE)
_PRINCIPLE_WORD = re.compile(r"^principle\s+(?P<n>[1-9])\s*[|:.–—-]?\s*(?P<name>.+)$", re.I)
_DIMENSION = re.compile(r"^(?P<code>[1-9]\.[1-9])\.?\s*[|:.–—-]?\s*(?P<name>.+)$")
_NUMBERED = re.compile(r"^(?P<n>[1-9])\.\s*[|:–—-]?\s*(?P<name>.+)$")
_STOP = {"and", "of", "the", "on", "for", "to", "in", "a", "an"}


@dataclass(frozen=True)
class MisnamedHeading:
    """A heading that names `code` as `written` where the edition says `expected`."""

    code: str
    written: str
    expected: str
    start: int
    end: int


def comparable(name: str) -> str:
    """A name without case, punctuation, "and" or "&": what two spellings must share."""
    words = re.findall(r"[^\W_]+", name.lower().replace("&", " and "))
    return " ".join(w for w in words if w != "and")


def _content(name: str) -> set[str]:
    return {w for w in comparable(name).split() if w not in _STOP}


def _heading_lines(text: str) -> list[tuple[str, int, int]]:
    """The lines of `text` that look like headings, without their marks, with their spans."""
    lines = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        lines.append((raw.rstrip("\r\n"), offset))
        offset += len(raw)
    found = []
    for i, (line, start) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        bare = re.sub(r"[*_#`]+", "", stripped).strip()
        near = [lines[j][0].strip() for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        in_run = any(_CODE_START.match(re.sub(r"[*_#`]+", "", n).strip()) for n in near)
        alone = not any(near) and len(bare.split()) <= 12 and not bare.endswith((".", ":", ";"))
        toc = bool(_PAGE.search(bare)) and bool(_CODE_START.match(bare))
        if _MARKED.match(stripped) or toc or in_run or alone:
            bare = _PAGE.sub("", bare) if toc else bare
            found.append((bare.rstrip(" .:"), start, start + len(line)))
    return found


def misnamed_headings(text: str, edition: Edition) -> list[MisnamedHeading]:
    """Headings in `text` whose principle or dimension name differs from the edition's."""
    principles = {p.number: p for p in edition.principles}
    dimensions = edition.dimensions
    found = []
    for line, start, end in _heading_lines(text):
        code, name, strict = None, "", False
        if m := _PRINCIPLE_WORD.match(line):
            principle = principles.get(int(m["n"]))
            code, name = (principle.code, m["name"]) if principle else (None, "")
        elif m := _DIMENSION.match(line):
            code, name = (m["code"], m["name"]) if m["code"] in dimensions else (None, "")
        elif m := _NUMBERED.match(line):
            principle = principles.get(int(m["n"]))
            code, name, strict = (
                (principle.code, m["name"], True) if principle else (None, "", False)
            )
        if code is None:
            continue
        expected = dimensions[code].name if code in dimensions else edition.principle(code).name
        if not _same_script(name, expected) or comparable(name) == comparable(expected):
            continue
        shared = _content(name) & _content(expected)
        if not shared or (strict and 2 * len(shared) < len(_content(expected))):
            continue
        found.append(MisnamedHeading(code, name.strip(), expected, start, end))
    return found


def _same_script(name: str, expected: str) -> bool:
    def latin(text: str) -> bool:
        return any("a" <= c.lower() <= "z" for c in text if c.isalpha())

    return latin(name) == latin(expected)

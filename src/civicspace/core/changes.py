"""What changed between two published years, in plain sentences (for country pages and alerts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from civicspace.core.scoring import published_text, round_half_up


@dataclass(frozen=True)
class Scored:
    """A principle's published score in one year (None when the report gave no score)."""

    number: int
    name: str
    score: float | None
    label: str | None


@dataclass(frozen=True)
class ChangeWords:
    """The sentence patterns, so the web layer can pass them translated (str.format fields)."""

    subject: str = "Principle {number} ({name})"
    not_comparable: str = "{subject} cannot be compared: it was not scored in both years."
    rose: str = "{subject} rose from {before} to {after}{band}."
    fell: str = "{subject} fell from {before} to {after}{band}."
    same_band: str = ", still {label}"
    new_band: str = ", moving from {before} to {after}"
    unchanged_one: str = "Principle {which} did not change."
    unchanged_many: str = "Principles {which} did not change."
    decimal_mark: str = "."


def describe_changes(
    before: Sequence[Scored], after: Sequence[Scored], words: ChangeWords = ChangeWords()
) -> list[str]:
    """One sentence per principle, comparing the published (one-decimal) scores of two years,
    largest moves first; unchanged principles are summed up in one sentence at the end."""
    earlier = {p.number: p for p in before}
    moves: list[tuple[float, str]] = []
    unchanged: list[str] = []
    for p in after:
        old = earlier.get(p.number)
        subject = words.subject.format(number=p.number, name=p.name)
        if old is None or old.score is None or p.score is None:
            moves.append((0.0, words.not_comparable.format(subject=subject)))
            continue
        a, b = round_half_up(old.score), round_half_up(p.score)
        delta = round_half_up(b - a)
        if delta == 0:
            unchanged.append(f"{p.number} ({published_text(b, words.decimal_mark)})")
            continue
        band = (
            words.same_band.format(label=p.label)
            if old.label == p.label
            else words.new_band.format(before=old.label, after=p.label)
        )
        pattern = words.rose if delta > 0 else words.fell
        moves.append(
            (
                abs(delta),
                pattern.format(
                    subject=subject,
                    before=published_text(a, words.decimal_mark),
                    after=published_text(b, words.decimal_mark),
                    band=band,
                ),
            )
        )
    sentences = [text for _, text in sorted(moves, key=lambda m: -m[0])]
    if unchanged:
        pattern = words.unchanged_one if len(unchanged) == 1 else words.unchanged_many
        sentences.append(pattern.format(which=", ".join(unchanged)))
    return sentences

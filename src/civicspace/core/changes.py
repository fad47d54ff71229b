"""What changed between two published years, in plain sentences (for country pages and alerts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from civicspace.core.scoring import round_half_up


@dataclass(frozen=True)
class Scored:
    """A principle's published score in one year (None when the report gave no score)."""

    number: int
    name: str
    score: float | None
    label: str | None


def describe_changes(before: Sequence[Scored], after: Sequence[Scored]) -> list[str]:
    """One sentence per principle, comparing the published (one-decimal) scores of two years,
    largest moves first; unchanged principles are summed up in one sentence at the end."""
    earlier = {p.number: p for p in before}
    moves: list[tuple[float, str]] = []
    unchanged: list[str] = []
    for p in after:
        old = earlier.get(p.number)
        subject = f"Principle {p.number} ({p.name})"
        if old is None or old.score is None or p.score is None:
            moves.append((0.0, f"{subject} cannot be compared: it was not scored in both years."))
            continue
        a, b = round_half_up(old.score), round_half_up(p.score)
        delta = round_half_up(b - a)
        if delta == 0:
            unchanged.append(f"{p.number} ({b:.1f})")
            continue
        verb = "rose" if delta > 0 else "fell"
        band = (
            f", still {p.label}"
            if old.label == p.label
            else f", moving from {old.label} to {p.label}"
        )
        moves.append((abs(delta), f"{subject} {verb} from {a:.1f} to {b:.1f}{band}."))
    sentences = [text for _, text in sorted(moves, key=lambda m: -m[0])]
    if unchanged:
        which = ", ".join(unchanged)
        noun = "Principle" if len(unchanged) == 1 else "Principles"
        sentences.append(f"{noun} {which} did not change.")
    return sentences

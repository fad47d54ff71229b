"""What changed between two published years, in plain sentences (for country pages and alerts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from civicspace.core.messages import ENGLISH, Message, Wording, _, _n
from civicspace.core.scoring import published_text, round_half_up


@dataclass(frozen=True)
class Scored:
    """A principle's published score in one year (None when the report gave no score)."""

    number: int
    name: str
    score: float | None
    label: str | None


def describe_changes(
    before: Sequence[Scored], after: Sequence[Scored], wording: Wording = ENGLISH
) -> list[str]:
    """One sentence per principle, comparing the published (one-decimal) scores of two years,
    largest moves first; unchanged principles are summed up in one sentence at the end."""
    earlier = {p.number: p for p in before}
    moves: list[tuple[float, Message]] = []
    unchanged: list[str] = []
    for p in after:
        old = earlier.get(p.number)
        subject = _("Principle %(number)s (%(name)s)", number=p.number, name=p.name)
        if old is None or old.score is None or p.score is None:
            moves.append(
                (
                    0.0,
                    _(
                        "%(subject)s cannot be compared: it was not scored in both years.",
                        subject=subject,
                    ),
                )
            )
            continue
        a, b = round_half_up(old.score), round_half_up(p.score)
        delta = round_half_up(b - a)
        if delta == 0:
            unchanged.append(f"{p.number} ({published_text(b, wording.decimal_mark)})")
            continue
        band = (
            _(", still %(label)s", label=p.label)
            if old.label == p.label
            else _(", moving from %(before)s to %(after)s", before=old.label, after=p.label)
        )
        values = {
            "subject": subject,
            "before": published_text(a, wording.decimal_mark),
            "after": published_text(b, wording.decimal_mark),
            "band": band,
        }
        sentence = (
            _("%(subject)s rose from %(before)s to %(after)s%(band)s.", **values)
            if delta > 0
            else _("%(subject)s fell from %(before)s to %(after)s%(band)s.", **values)
        )
        moves.append((abs(delta), sentence))
    sentences = [wording(m) for _delta, m in sorted(moves, key=lambda m: -m[0])]
    if unchanged:
        sentences.append(
            wording(
                _n(
                    "Principle %(which)s did not change.",
                    "Principles %(which)s did not change.",
                    len(unchanged),
                    which=", ".join(unchanged),
                )
            )
        )
    return sentences

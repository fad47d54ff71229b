"""Report charts as static SVG: made on the server, so PDFs and pages without JavaScript have them.

Every chart is drawn on the edition's scale and coloured by its bands. The palette is five
steps of viridis: lightness rises with the band, so the order survives grayscale printing and
the common colour-vision deficiencies. Numbers are always written next to the marks, so colour
never carries meaning alone, and every chart has a text alternative (`Chart.text`) that is also
embedded as the SVG's <title> and <desc>.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from civicspace.core.framework import Scale
from civicspace.core.scoring import round_half_up, scale_band

# Low (disabling) to high (enabling); one colour per band of a five-band scale.
BAND_COLOURS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
INK = "#1a1a1a"
GRID = "#c8c8c8"
MUTED = "#5a5a5a"

WIDTH = 640
_LEFT, _RIGHT = 16, 150  # room for the value text after the longest bar
_FONT = 'font-family="Noto Sans, DejaVu Sans, sans-serif"'


@dataclass(frozen=True)
class Chart:
    svg: str  # a complete <svg> element, safe to embed in HTML
    text: str  # the same information in words, for screen readers and text-only output


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a score on the scale, with its uncertainty interval if known."""

    label: str
    value: float | None
    interval: tuple[float, float] | None = None


@dataclass(frozen=True)
class Change:
    """A score in two years; either may be missing."""

    label: str
    before: float | None
    after: float | None


def band_colour(value: float, scale: Scale) -> str:
    """The palette colour of the band a score falls in (scales with other than five bands are
    spread over the same palette, lowest band darkest)."""
    band = scale_band(value, scale)
    index = scale.bands.index(band)
    steps = len(scale.bands) - 1
    return BAND_COLOURS[round(index * (len(BAND_COLOURS) - 1) / steps) if steps else 0]


def _fmt(value: float) -> str:
    return f"{round_half_up(value):.1f}"


def _scored(value: float, scale: Scale) -> str:
    return f"{_fmt(value)} ({scale_band(value, scale).label})"


class _Axis:
    """Maps scale values to x positions across the plotting width."""

    def __init__(self, scale: Scale, left: float = _LEFT, right: float = WIDTH - _RIGHT):
        self.scale, self.left, self.right = scale, left, right

    def x(self, value: float) -> float:
        span = self.scale.maximum - self.scale.minimum
        clamped = min(max(value, self.scale.minimum), self.scale.maximum)
        return round(
            self.left + (clamped - self.scale.minimum) / span * (self.right - self.left), 2
        )

    def ticks(self) -> list[float]:
        lo, hi = int(self.scale.minimum), int(self.scale.maximum)
        return [float(v) for v in range(lo, hi + 1)]


def _svg(key: str, height: float, title: str, text: str, body: list[str]) -> Chart:
    n = re.sub(r"[^A-Za-z0-9_-]", "-", key)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height:g}"'
        f' width="{WIDTH}" height="{height:g}" role="img"'
        f' aria-labelledby="chart-{n}-title chart-{n}-desc" {_FONT} font-size="12">'
        f'<title id="chart-{n}-title">{escape(title)}</title>'
        f'<desc id="chart-{n}-desc">{escape(text)}</desc>' + "".join(body) + "</svg>"
    )
    return Chart(svg=svg, text=text)


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in attrs.items())
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(content)}</text>'


def _grid(axis: _Axis, top: float, bottom: float) -> list[str]:
    parts = []
    for tick in axis.ticks():
        x = axis.x(tick)
        parts.append(
            f'<line x1="{x:g}" y1="{top:g}" x2="{x:g}" y2="{bottom:g}" stroke="{GRID}"'
            ' stroke-width="1"/>'
        )
        parts.append(_text(x, bottom + 14, f"{tick:g}", text_anchor="middle", fill=MUTED))
    return parts


def _interval(axis: _Axis, interval: tuple[float, float], y: float) -> list[str]:
    """A whisker from one end of the interval to the other, drawn over a white halo so it
    stays visible on dark and light band colours alike."""
    lo, hi = axis.x(interval[0]), axis.x(interval[1])
    path = f"M{lo:g},{y - 5:g} V{y + 5:g} M{lo:g},{y:g} H{hi:g} M{hi:g},{y - 5:g} V{y + 5:g}"
    return [
        f'<path d="{path}" fill="none" stroke="#ffffff" stroke-width="4.5"/>',
        f'<path d="{path}" fill="none" stroke="{INK}" stroke-width="1.5"/>',
    ]


def _interval_words(interval: tuple[float, float] | None) -> str:
    if interval is None:
        return ""
    return f", panel 90% interval {_fmt(interval[0])} to {_fmt(interval[1])}"


def bar_chart(bars: Sequence[Bar], scale: Scale, *, key: str, title: str, missing: str) -> Chart:
    """Horizontal bars from the scale's minimum to each score, coloured by band, with the
    panel's interval as a whisker; `missing` is written where a score is absent."""
    axis = _Axis(scale)
    row, top = 40, 8
    height = top + row * len(bars) + 24
    body = _grid(axis, top, top + row * len(bars))
    words = []
    for i, bar in enumerate(bars):
        y = top + i * row
        body.append(_text(axis.left, y + 12, bar.label, fill=INK))
        bar_y = y + 17
        if bar.value is None:
            body.append(_text(axis.left + 4, bar_y + 12, missing, fill=MUTED, font_style="italic"))
            words.append(f"{bar.label}: {missing}")
            continue
        end = axis.x(bar.value)
        body.append(
            f'<rect x="{axis.left:g}" y="{bar_y:g}" width="{max(end - axis.left, 1):g}"'
            f' height="16" fill="{band_colour(bar.value, scale)}" stroke="{INK}"'
            ' stroke-width="0.75"/>'
        )
        label_x = end
        if bar.interval is not None:
            body += _interval(axis, bar.interval, bar_y + 8)
            label_x = max(end, axis.x(bar.interval[1]))
        body.append(_text(label_x + 6, bar_y + 12, _scored(bar.value, scale), fill=INK))
        words.append(f"{bar.label}: {_scored(bar.value, scale)}{_interval_words(bar.interval)}")
    return _svg(key, height, title, f"{title}. " + "; ".join(words) + ".", body)


def scale_strip(
    value: float | None,
    scale: Scale,
    *,
    key: str,
    title: str,
    missing: str,
    interval: tuple[float, float] | None = None,
) -> Chart:
    """The whole scale in its coloured bands, with the score marked: where it stands at a glance."""
    axis = _Axis(scale, right=WIDTH - _LEFT)
    top, band_h = 22, 14
    body = []
    uppers = [b.lower for b in scale.bands[1:]] + [scale.maximum]
    for band, upper in zip(scale.bands, uppers, strict=True):
        x0, x1 = axis.x(band.lower), axis.x(upper)
        body.append(
            f'<rect x="{x0:g}" y="{top:g}" width="{x1 - x0:g}" height="{band_h}"'
            f' fill="{band_colour(band.lower, scale)}"/>'
        )
        body.append(
            _text((x0 + x1) / 2, top + band_h + 14, band.label, text_anchor="middle", fill=MUTED)
        )
    body.append(
        f'<rect x="{axis.left:g}" y="{top:g}" width="{axis.right - axis.left:g}"'
        f' height="{band_h}" fill="none" stroke="{INK}" stroke-width="0.75"/>'
    )
    if value is None:
        body.append(_text(axis.left, 14, missing, fill=MUTED, font_style="italic"))
        words = f"{title}: {missing}."
    else:
        x = axis.x(value)
        if interval is not None:
            body += _interval(axis, interval, top + band_h / 2)
        body.append(
            f'<path d="M{x - 6:g},{top - 10:g} L{x + 6:g},{top - 10:g} L{x:g},{top:g} Z"'
            f' fill="{INK}"/>'
            f'<line x1="{x:g}" y1="{top:g}" x2="{x:g}" y2="{top + band_h:g}" stroke="{INK}"'
            ' stroke-width="2.5"/>'
        )
        anchor = "start" if x < WIDTH * 0.5 else "end"
        offset = 10 if anchor == "start" else -10
        body.append(
            _text(x + offset, 12, _fmt(value), text_anchor=anchor, fill=INK, font_weight="bold")
        )
        words = (
            f"{title}: {_scored(value, scale)} on a scale from {scale.minimum:g} to"
            f" {scale.maximum:g}{_interval_words(interval)}."
        )
    return _svg(key, top + band_h + 22, title, words, body)


def change_chart(
    changes: Sequence[Change],
    scale: Scale,
    *,
    key: str,
    title: str,
    before_label: str,
    after_label: str,
    missing: str,
) -> Chart:
    """Each row's score in two years: a hollow dot for the earlier, a filled one for the later,
    joined by a line, with the difference written out."""
    axis = _Axis(scale)
    row, top = 34, 26
    height = top + row * len(changes) + 24
    body = _grid(axis, top, top + row * len(changes))
    body.append(
        f'<circle cx="{axis.left + 6:g}" cy="9" r="5" fill="#ffffff" stroke="{INK}"'
        ' stroke-width="1.5"/>'
        + _text(axis.left + 16, 13, before_label, fill=INK)
        + f'<circle cx="{axis.left + 96:g}" cy="9" r="5" fill="{INK}"/>'
        + _text(axis.left + 106, 13, after_label, fill=INK)
    )
    words = []
    for i, change in enumerate(changes):
        y = top + i * row
        body.append(_text(axis.left, y + 11, change.label, fill=INK))
        dot_y = y + 24
        if change.before is None or change.after is None:
            body.append(_text(axis.left + 4, dot_y + 4, missing, fill=MUTED, font_style="italic"))
            words.append(f"{change.label}: {missing}")
            continue
        x0, x1 = axis.x(change.before), axis.x(change.after)
        body.append(
            f'<line x1="{x0:g}" y1="{dot_y:g}" x2="{x1:g}" y2="{dot_y:g}" stroke="{INK}"'
            ' stroke-width="2"/>'
            f'<circle cx="{x0:g}" cy="{dot_y:g}" r="5" fill="#ffffff" stroke="{INK}"'
            ' stroke-width="1.5"/>'
            f'<circle cx="{x1:g}" cy="{dot_y:g}" r="5" fill="{band_colour(change.after, scale)}"'
            f' stroke="{INK}" stroke-width="1.5"/>'
        )
        delta = round_half_up(change.after) - round_half_up(change.before)
        difference = "no change" if abs(delta) < 0.05 else f"{delta:+.1f}"
        body.append(
            _text(
                max(x0, x1) + 10,
                dot_y + 4,
                f"{_fmt(change.before)} → {_fmt(change.after)} ({difference})",
                fill=INK,
            )
        )
        words.append(
            f"{change.label}: {_fmt(change.before)} in {before_label},"
            f" {_scored(change.after, scale)} in {after_label} ({difference})"
        )
    return _svg(key, height, title, f"{title}. " + "; ".join(words) + ".", body)

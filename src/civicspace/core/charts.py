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
from civicspace.core.messages import ENGLISH, Wording, _
from civicspace.core.scoring import published_text, round_half_up, scale_band

# Low (disabling) to high (enabling); one colour per band of a five-band scale. Viridis: dark to
# light in order, so the bands read in order in greyscale and for colour-blind readers
# (tests/site/test_design_tokens.py); the site and report CSS read them from here.
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


def _fmt(value: float, wording: Wording = ENGLISH) -> str:
    return published_text(value, wording.decimal_mark)


def _scored(value: float, scale: Scale, wording: Wording = ENGLISH) -> str:
    label = scale_band(value, scale).label
    return wording(_("%(score)s (%(label)s)", score=_fmt(value, wording), label=label))


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


def _interval_words(interval: tuple[float, float] | None, wording: Wording) -> str:
    if interval is None:
        return ""
    low, high = _fmt(interval[0], wording), _fmt(interval[1], wording)
    return wording(_(", panel 90%% interval %(low)s to %(high)s", low=low, high=high))


def bar_chart(
    bars: Sequence[Bar],
    scale: Scale,
    *,
    key: str,
    title: str,
    missing: str,
    wording: Wording = ENGLISH,
) -> Chart:
    """Horizontal bars from the scale's minimum to each score, coloured by band, with the
    panel's interval as a whisker; `missing` is written where a score is absent."""
    said = []
    axis = _Axis(scale)
    row, top = 40, 8
    height = top + row * len(bars) + 24
    body = _grid(axis, top, top + row * len(bars))
    for i, bar in enumerate(bars):
        y = top + i * row
        body.append(_text(axis.left, y + 12, bar.label, fill=INK))
        bar_y = y + 17
        if bar.value is None:
            body.append(_text(axis.left + 4, bar_y + 12, missing, fill=MUTED, font_style="italic"))
            said.append(f"{bar.label}: {missing}")
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
        scored = _scored(bar.value, scale, wording)
        body.append(_text(label_x + 6, bar_y + 12, scored, fill=INK))
        said.append(f"{bar.label}: {scored}{_interval_words(bar.interval, wording)}")
    return _svg(key, height, title, f"{title}. " + "; ".join(said) + ".", body)


def scale_strip(
    value: float | None,
    scale: Scale,
    *,
    key: str,
    title: str,
    missing: str,
    interval: tuple[float, float] | None = None,
    wording: Wording = ENGLISH,
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
        said = f"{title}: {missing}."
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
            _text(
                x + offset,
                12,
                _fmt(value, wording),
                text_anchor=anchor,
                fill=INK,
                font_weight="bold",
            )
        )
        said = wording(
            _(
                "%(title)s: %(score)s on a scale from %(minimum)s to %(maximum)s%(interval)s.",
                title=title,
                score=_scored(value, scale, wording),
                minimum=f"{scale.minimum:g}",
                maximum=f"{scale.maximum:g}",
                interval=_interval_words(interval, wording),
            )
        )
    return _svg(key, top + band_h + 22, title, said, body)


def change_chart(
    changes: Sequence[Change],
    scale: Scale,
    *,
    key: str,
    title: str,
    before_label: str,
    after_label: str,
    missing: str,
    unchanged: str = "no change",
    wording: Wording = ENGLISH,
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
    said = []
    for i, change in enumerate(changes):
        y = top + i * row
        body.append(_text(axis.left, y + 11, change.label, fill=INK))
        dot_y = y + 24
        if change.before is None or change.after is None:
            body.append(_text(axis.left + 4, dot_y + 4, missing, fill=MUTED, font_style="italic"))
            said.append(f"{change.label}: {missing}")
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
        signed = published_text(delta, wording.decimal_mark, signed=True)
        difference = unchanged if abs(delta) < 0.05 else signed
        before, after = _fmt(change.before, wording), _fmt(change.after, wording)
        body.append(
            _text(max(x0, x1) + 10, dot_y + 4, f"{before} → {after} ({difference})", fill=INK)
        )
        said.append(
            wording(
                _(
                    "%(label)s: %(before)s in %(before_year)s, %(after)s in %(after_year)s"
                    " (%(difference)s)",
                    label=change.label,
                    before=before,
                    before_year=before_label,
                    after=_scored(change.after, scale, wording),
                    after_year=after_label,
                    difference=difference,
                )
            )
        )
    return _svg(key, height, title, f"{title}. " + "; ".join(said) + ".", body)


# Series (countries) are told apart by shape as well as colour: Okabe-Ito's colour-blind-safe
# categorical palette, never the band colours, which mean bands.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
SERIES_SHAPES = ("circle", "square", "triangle", "diamond", "cross", "star")


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: a value per year (None where nothing was published)."""

    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Panel:
    title: str
    series: Sequence[Series]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 4.5
    stroke = f'fill="{colour}" stroke="{INK}" stroke-width="0.75"'
    if shape == "circle":
        return f'<circle cx="{x:g}" cy="{y:g}" r="{r:g}" {stroke}/>'
    if shape == "square":
        return f'<rect x="{x - r:g}" y="{y - r:g}" width="{2 * r:g}" height="{2 * r:g}" {stroke}/>'
    points = {
        "triangle": [(0, -1.2), (1.1, 0.9), (-1.1, 0.9)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "cross": [
            (-0.4, -1.2),
            (0.4, -1.2),
            (0.4, -0.4),
            (1.2, -0.4),
            (1.2, 0.4),
            (0.4, 0.4),
            (0.4, 1.2),
            (-0.4, 1.2),
            (-0.4, 0.4),
            (-1.2, 0.4),
            (-1.2, -0.4),
            (-0.4, -0.4),
        ],
        "star": [
            (0, -1.3),
            (0.35, -0.4),
            (1.25, -0.4),
            (0.55, 0.15),
            (0.8, 1.1),
            (0, 0.55),
            (-0.8, 1.1),
            (-0.55, 0.15),
            (-1.25, -0.4),
            (-0.35, -0.4),
        ],
    }[shape]
    d = " ".join(f"{x + px * r:.2f},{y + py * r:.2f}" for px, py in points)
    return f'<polygon points="{d}" {stroke}/>'


def trend_chart(
    panels: Sequence[Panel],
    years: Sequence[int],
    scale: Scale,
    *,
    key: str,
    title: str,
    missing: str,
    wording: Wording = ENGLISH,
) -> Chart:
    """Small multiples, two per row: in each panel (a principle), every series' score over the
    years on the scale, with the band colours along the axis and the latest value written at
    the end of each line. Gaps stay gaps: a missing year is never interpolated across."""
    names = [s.label for s in panels[0].series] if panels else []
    legend_h = 22 if len(names) > 1 else 0
    cols, gap, panel_h = 2, 24, 150
    panel_w = (WIDTH - gap) / cols
    plot_top, plot_bottom = 26, panel_h - 26
    rows_n = -(-len(panels) // cols)
    height = legend_h + rows_n * (panel_h + 10)
    body: list[str] = []
    for i, name in enumerate(names if legend_h else []):
        x = 8 + i * (WIDTH / max(len(names), 1))
        body.append(_marker(SERIES_SHAPES[i], x + 5, 10, SERIES_COLOURS[i]))
        body.append(_text(x + 14, 14, name, fill=INK))
    span = scale.maximum - scale.minimum

    def y_of(value: float, top: float) -> float:
        clamped = min(max(value, scale.minimum), scale.maximum)
        bottom = top + plot_bottom
        return round(bottom - (clamped - scale.minimum) / span * (plot_bottom - plot_top), 2)

    described = []
    for n, panel in enumerate(panels):
        left = (n % cols) * (panel_w + gap)
        top = legend_h + (n // cols) * (panel_h + 10)
        x0, x1 = left + 34, left + panel_w - 44
        step = (x1 - x0) / max(len(years) - 1, 1)
        xs = [round(x0 + j * step, 2) for j in range(len(years))]
        if len(years) == 1:
            xs = [round((x0 + x1) / 2, 2)]

        fits = int(panel_w / 7)  # about 7 px per bold character at this size
        heading = panel.title if len(panel.title) <= fits else panel.title[: fits - 1] + "…"
        body.append(_text(left, top + 14, heading, fill=INK, font_weight="bold"))
        uppers = [b.lower for b in scale.bands[1:]] + [scale.maximum]
        for band, upper in zip(scale.bands, uppers, strict=True):
            ya, yb = y_of(upper, top), y_of(band.lower, top)
            body.append(
                f'<rect x="{x0 - 30:g}" y="{ya:g}" width="5" height="{yb - ya:g}"'
                f' fill="{band_colour(band.lower, scale)}"/>'
            )
        for tick in range(int(scale.minimum), int(scale.maximum) + 1):
            yt = y_of(tick, top)
            body.append(
                f'<line x1="{x0 - 8:g}" y1="{yt:g}" x2="{x1:g}" y2="{yt:g}" stroke="{GRID}"'
                ' stroke-width="1"/>'
            )
            body.append(_text(x0 - 12, yt + 4, f"{tick}", text_anchor="end", fill=MUTED))
        for j, year in enumerate(years):
            body.append(
                _text(xs[j], top + plot_bottom + 16, str(year), text_anchor="middle", fill=MUTED)
            )
        ends: list[tuple[float, str, str]] = []
        panel_words = []
        for i, series in enumerate(panel.series):
            colour, shape = SERIES_COLOURS[i], SERIES_SHAPES[i]
            points = [
                (xs[j], y_of(v, top), v) for j, v in enumerate(series.values) if v is not None
            ]
            segment: list[str] = []
            for j, v in enumerate([*series.values, None]):
                if v is not None:
                    segment.append(f"{xs[j]:g},{y_of(v, top):g}")
                    continue
                if len(segment) > 1:
                    body.append(
                        f'<polyline points="{" ".join(segment)}" fill="none"'
                        f' stroke="{colour}" stroke-width="2"/>'
                    )
                segment = []
            body += [_marker(shape, x, y, colour) for x, y, _ in points]
            if points:
                x, y, v = points[-1]
                ends.append((y, _fmt(v, wording), colour))
            said = ", ".join(
                f"{year} {_fmt(v, wording) if v is not None else missing}"
                for year, v in zip(years, series.values, strict=True)
            )
            panel_words.append(f"{series.label}: {said}" if len(panel.series) > 1 else said)
        # Latest values at the right edge, nudged apart so they never overlap.
        last_y = -1e9
        for y, label, colour in sorted(ends):
            y = max(y, last_y + 12)
            last_y = y
            body.append(_text(x1 + 10, y + 4, label, fill=colour, font_weight="bold"))
        described.append(f"{panel.title}: " + "; ".join(panel_words))
    return _svg(key, height, title, f"{title}. " + ". ".join(described) + ".", body)

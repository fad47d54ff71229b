"""A world choropleth map as static SVG: Natural Earth outlines in the Equal Earth projection.

The outlines ship with the package (`core/data/countries-110m.json`, see NOTICE.md there), so
the map is drawn offline, on the server, like the other charts: pages without JavaScript and
PDFs get it too. At 1:110m some small states have no outline; the map names them in words
instead of losing them (`areas_not_drawn`, and a note under the legend).
"""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import numpy.typing as npt
import pycountry
import yaml

from civicspace.core.charts import (
    _FONT,
    INK,
    MUTED,
    Chart,
    _fmt,
    _scored,
    _text,
    band_colour,
)
from civicspace.core.framework import Scale
from civicspace.core.messages import ENGLISH, Wording
from civicspace.core.scoring import FloatArray

MAP_WIDTH = 960
_MARGIN = 4
_SWATCH_GAP = 20  # from a legend swatch to its words
_LINE = 14  # legend line height at font-size 12
# A generous average glyph width at font-size 12 (Latin and Cyrillic), for wrapping legend words
# to their column without measuring text.
_GLYPH_WIDTH = 7.2
LAND = "#e6e6e6"  # countries the map has no area for
# Features without an ISO 3166 numeric code are keyed by this prefix and their name; they are
# drawn as plain land (so the map has no holes) and can never be coloured.
UNCODED = "-"
# User-assigned codes, as in our country table, for features that have no ISO numeric code.
_CODE_BY_NAME = {"Kosovo": "XK"}
_LEFT_OUT = frozenset({"AQ"})  # Antarctica: a wide white band that carries no information

# Equal Earth constants (Šavrič, Patterson & Jenny 2018, equations 2-3).
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = np.sqrt(3) / 2


@dataclass(frozen=True)
class MapArea:
    """A country on the map: its name for readers, its score (None: no published score) and the
    page it links to."""

    name: str
    value: float | None
    href: str | None = None


def decode_topojson(
    topology: Mapping[str, Any], layer: str = "countries"
) -> dict[str, list[FloatArray]]:
    """Each feature's rings as (n, 2) arrays of longitude and latitude in degrees, keyed by ISO
    alpha-2 code (or UNCODED + name). Reads quantized TopoJSON with Polygon and MultiPolygon
    geometries, which is what world-atlas publishes; other geometry types are skipped."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    # Quantized arcs hold a first position and then deltas from the previous one.
    arcs = [
        np.cumsum(np.asarray(arc, dtype=np.float64), axis=0) * scale + translate
        for arc in topology["arcs"]
    ]

    def ring(indices: Sequence[int]) -> FloatArray:
        parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indices]
        # Consecutive arcs share their joining position; keep it once.
        return np.concatenate([parts[0], *(part[1:] for part in parts[1:])])

    rings: dict[str, list[FloatArray]] = {}
    for geometry in topology["objects"][layer]["geometries"]:
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        rings.setdefault(_feature_code(geometry), []).extend(
            ring(indices) for polygon in polygons for indices in polygon
        )
    return rings


def _feature_code(geometry: Mapping[str, Any]) -> str:
    name = str(geometry.get("properties", {}).get("name", ""))
    if name in _CODE_BY_NAME:
        return _CODE_BY_NAME[name]
    country = pycountry.countries.get(numeric=geometry["id"]) if "id" in geometry else None
    return str(country.alpha_2) if country is not None else UNCODED + name


@cache
def country_outlines() -> Mapping[str, list[FloatArray]]:
    """The shipped Natural Earth 1:110m outlines, decoded once per process."""
    data = resources.files("civicspace.core").joinpath("data", "countries-110m.json")
    return decode_topojson(json.loads(data.read_text(encoding="utf-8")))


def equal_earth(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Equal Earth coordinates on the unit sphere, y pointing north. The projection is
    equal-area, so a large country's colour does not weigh more than its size, and keeps
    continents' shapes familiar."""
    lam = np.radians(np.asarray(lon, dtype=np.float64))
    theta = np.arcsin(_M * np.sin(np.radians(np.asarray(lat, dtype=np.float64))))
    t2 = theta**2
    t6 = t2**3
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    # Dividing by dy/dθ is what makes the projection equal-area.
    dy = _A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)
    x = 2 * np.sqrt(3) * lam * np.cos(theta) / (3 * dy)
    return x, y


def _clip(ring: FloatArray, limit: float, side: float) -> FloatArray:
    """The part of a ring where side * (lon - limit) <= 0 (Sutherland-Hodgman, one meridian)."""
    inside = side * (ring[:, 0] - limit) <= 0
    kept = []
    for i in range(len(ring)):
        j = (i + 1) % len(ring)
        if inside[i]:
            kept.append(ring[i])
        if inside[i] != inside[j]:
            p, q = ring[i], ring[j]
            kept.append(p + (q - p) * (limit - p[0]) / (q[0] - p[0]))
    return np.array(kept).reshape(-1, 2)


def _split_at_antimeridian(ring: FloatArray) -> list[FloatArray]:
    """A ring that crosses 180° (Chukotka, Fiji) as one ring on each side, so no edge runs
    across the whole map."""
    if np.abs(np.diff(ring[:, 0])).max(initial=0) <= 180:
        return [ring]
    unwrapped = np.column_stack((np.unwrap(ring[:, 0], period=360), ring[:, 1]))
    edge = 180.0 if unwrapped[:, 0].max() > 180 else -180.0
    beyond = _clip(unwrapped, edge, -np.sign(edge))
    beyond[:, 0] -= 2 * edge
    return [_clip(unwrapped, edge, np.sign(edge)), beyond]


def _ring_path(points: FloatArray) -> str:
    """`M..L..Z` for one ring at 0.1 units, without the repeats that rounding creates."""
    rounded = np.round(points, 1)
    keep = np.r_[True, np.any(np.diff(rounded, axis=0) != 0, axis=1)]
    rounded = rounded[keep]
    if len(rounded) > 1 and np.array_equal(rounded[0], rounded[-1]):
        rounded = rounded[:-1]
    if len(rounded) < 3:
        return ""
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in rounded.tolist()) + "Z"


@dataclass(frozen=True)
class _Frame:
    """The projected outlines in a MAP_WIDTH-wide frame (y pointing down) and how to put a
    longitude and latitude into it."""

    rings: Mapping[str, list[FloatArray]]
    height: float
    origin: FloatArray
    k: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = equal_earth(lon, lat)
        framed = (np.array([float(x), float(y)]) - self.origin) * [self.k, -self.k] + _MARGIN
        return float(framed[0]), float(framed[1])


@cache
def _frame() -> _Frame:
    """Projecting is the slow part, so it happens once per process."""
    projected = {
        code: [
            np.column_stack(equal_earth(part[:, 0], part[:, 1]))
            for ring in rings
            for part in _split_at_antimeridian(ring)
        ]
        for code, rings in country_outlines().items()
        if code not in _LEFT_OUT
    }
    x_edge = float(equal_earth(180.0, 0.0)[0])
    k = (MAP_WIDTH - 2 * _MARGIN) / (2 * x_edge)
    ys = np.concatenate([r[:, 1] for rings in projected.values() for r in rings])
    north, south = float(ys.max()), float(ys.min())
    origin = np.array([-x_edge, north])
    framed = {
        code: [(r - origin) * [k, -k] + _MARGIN for r in rings if len(r) >= 3]
        for code, rings in projected.items()
    }
    return _Frame(framed, round((north - south) * k + 2 * _MARGIN, 1), origin, k)


@cache
def _map_paths() -> tuple[Mapping[str, str], float]:
    """Path data per feature, and the frame's height."""
    frame = _frame()
    paths = {}
    for code, rings in frame.rings.items():
        d = "".join(_ring_path(r) for r in rings)
        if d:
            paths[code] = d
    return paths, frame.height


@cache
def country_codes_drawn() -> frozenset[str]:
    """ISO alpha-2 codes (and "XK") of the countries the map has an outline for."""
    return frozenset(code for code in _map_paths()[0] if not code.startswith(UNCODED))


# Below this size (square units of the MAP_WIDTH-wide frame, about 6 × 6) an outline is too
# small to see or click, so the country gets a marker too.
MARKER_BELOW = 36.0
MARKER_RADIUS = 4.5
_ZOOM_PADDING = 0.15  # of the region's larger side, on each side
_ZOOM_MIN_WIDTH = 160.0  # one small state alone still shows its neighbours


def _ring_area(ring: FloatArray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def _ring_centroid(ring: FloatArray) -> tuple[float, float]:
    x, y = ring[:, 0], ring[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    twice_area = float(cross.sum())
    if abs(twice_area) < 1e-9:
        return float(x.mean()), float(y.mean())
    cx = float(((x + np.roll(x, -1)) * cross).sum()) / (3 * twice_area)
    cy = float(((y + np.roll(y, -1)) * cross).sum()) / (3 * twice_area)
    return cx, cy


@cache
def _listed_points() -> Mapping[str, tuple[float, float]]:
    """Longitude and latitude of countries without an outline (core/data/map-points.yaml)."""
    data = resources.files("civicspace.core").joinpath("data", "map-points.yaml")
    raw = yaml.safe_load(data.read_text(encoding="utf-8"))
    return {str(code): (float(lon), float(lat)) for code, (lon, lat) in raw.items()}


@cache
def map_area_sizes() -> Mapping[str, float]:
    """Each outlined country's area in square units of the frame."""
    return {
        code: sum(_ring_area(r) for r in rings)
        for code, rings in _frame().rings.items()
        if not code.startswith(UNCODED)
    }


@cache
def map_points() -> Mapping[str, tuple[float, float]]:
    """Where a country's marker goes in the frame: the centroid of its largest outline ring,
    or, without an outline, its listed capital or main island."""
    frame = _frame()
    points = {code: frame.point(lon, lat) for code, (lon, lat) in _listed_points().items()}
    for code, rings in frame.rings.items():
        if rings and not code.startswith(UNCODED):
            points[code] = _ring_centroid(max(rings, key=_ring_area))
    return points


def marked_codes(codes: Iterable[str]) -> frozenset[str]:
    """The codes that get a marker: drawn smaller than MARKER_BELOW, or not drawn at all but
    with a listed point."""
    sizes, points = map_area_sizes(), map_points()
    return frozenset(c for c in codes if c in points and sizes.get(c, 0.0) < MARKER_BELOW)


Box = tuple[float, float, float, float]  # x, y, width, height in the frame


def _country_box(code: str) -> Box | None:
    rings = _frame().rings.get(code)
    if rings:
        stacked = np.concatenate(rings)
        if np.ptp(stacked[:, 0]) > MAP_WIDTH / 2:  # split at 180°: fit its largest part
            stacked = max(rings, key=_ring_area)
        (x0, y0), (x1, y1) = stacked.min(axis=0), stacked.max(axis=0)
        return float(x0), float(y0), float(x1 - x0), float(y1 - y0)
    point = map_points().get(code)
    return None if point is None else (point[0], point[1], 0.0, 0.0)


def fitted_view(boxes: Iterable[Box], *, bounds: Box) -> Box:
    """A view of `bounds`' shape around every box, padded, at least _ZOOM_MIN_WIDTH wide and
    kept inside `bounds`; all of `bounds` when there is no box."""
    listed = list(boxes)
    if not listed:
        return bounds
    bx, by, bw, bh = bounds
    x0 = min(b[0] for b in listed)
    y0 = min(b[1] for b in listed)
    x1 = max(b[0] + b[2] for b in listed)
    y1 = max(b[1] + b[3] for b in listed)
    pad = _ZOOM_PADDING * max(x1 - x0, y1 - y0, _ZOOM_MIN_WIDTH / 2)
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    aspect = bw / bh
    width = max(x1 - x0, (y1 - y0) * aspect, _ZOOM_MIN_WIDTH)
    width = min(width, bw, bh * aspect)
    height = width / aspect
    x = min(max((x0 + x1 - width) / 2, bx), bx + bw - width)
    y = min(max((y0 + y1 - height) / 2, by), by + bh - height)
    return x, y, width, height


def region_view(codes: Iterable[str]) -> Box:
    """The view of the world map fitted to these countries (a region's), markers included."""
    height = _map_paths()[1]
    boxes = [box for box in map(_country_box, codes) if box is not None]
    return fitted_view(boxes, bounds=(0.0, 0.0, float(MAP_WIDTH), height))


def _by_name(item: tuple[str, MapArea]) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFKD", item[1].name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold(), item[0]


def areas_not_drawn(areas: Mapping[str, MapArea]) -> list[str]:
    """Codes of the areas with neither an outline at this scale nor a listed point for a marker,
    ordered by name, so callers can list them next to the map."""
    drawn, points = country_codes_drawn(), map_points()
    return [
        code
        for code, _ in sorted(areas.items(), key=_by_name)
        if code not in drawn and code not in points
    ]


def _words(area: MapArea, scale: Scale, no_data: str, wording: Wording) -> str:
    value = no_data if area.value is None else _scored(area.value, scale, wording)
    return f"{area.name}: {value}"


def _linked(code: str, area: MapArea, inner: str, words: str, css: str) -> str:
    """A country's shape as a link to its page, or, without one, a focusable image, so that
    every country can be reached from the keyboard and is named with its score and band."""
    attrs = f" class={quoteattr(css)} data-iso2={quoteattr(code)} aria-label={quoteattr(words)}"
    inner = f"<title>{escape(words)}</title>{inner}"
    if area.href is None:
        return f'<g{attrs} role="img" tabindex="0">{inner}</g>'
    return f"<a href={quoteattr(area.href)}{attrs}>{inner}</a>"


def _fill(area: MapArea, scale: Scale, hatch: str) -> str:
    return f"url(#{hatch})" if area.value is None else band_colour(area.value, scale)


def _area(
    code: str, area: MapArea, d: str, scale: Scale, no_data: str, hatch: str, wording: Wording
) -> str:
    words = _words(area, scale, no_data, wording)
    return _linked(code, area, f'<path d="{d}" fill="{_fill(area, scale, hatch)}"/>', words, "area")


def _marker(
    code: str, area: MapArea, radius: float, scale: Scale, no_data: str, hatch: str, w: Wording
) -> str:
    x, y = map_points()[code]
    circle = (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.2f}" fill="{_fill(area, scale, hatch)}"/>'
    )
    return _linked(code, area, circle, _words(area, scale, no_data, w), "area marker")


def _legend(
    scale: Scale, top: float, legend_title: str, no_data: str, hatch: str, wording: Wording
) -> tuple[list[str], float]:
    """One swatch per band with its range of published (one-decimal) scores, then no score; and
    the legend's height. Labels wrap to their column, since a translation may be longer."""
    uppers = [band.lower - 0.1 for band in scale.bands[1:]] + [scale.maximum]
    items = [
        (
            band_colour(band.lower, scale),
            band.label,
            f"{_fmt(band.lower, wording)}–{_fmt(upper, wording)}",
        )
        for band, upper in zip(scale.bands, uppers, strict=True)
    ] + [(f"url(#{hatch})", no_data, "")]
    width = (MAP_WIDTH - 2 * _MARGIN) / len(items)
    columns = max(8, int((width - _SWATCH_GAP - 4) / _GLYPH_WIDTH))
    wrapped = [textwrap.wrap(label, columns) or [""] for _, label, _ in items]
    parts = [_text(_MARGIN, top + 12, legend_title, fill=INK, font_weight="bold")]
    for i, ((fill, _, span), lines) in enumerate(zip(items, wrapped, strict=True)):
        x = _MARGIN + i * width
        parts.append(
            f'<rect class="swatch" x="{x:g}" y="{top + 22:g}" width="14" height="14"'
            f' fill="{fill}" stroke="{INK}" stroke-width="0.6"/>'
        )
        for j, line in enumerate(lines):
            parts.append(_text(x + _SWATCH_GAP, top + 33 + _LINE * j, line, fill=INK))
        if span:
            parts.append(
                _text(x + _SWATCH_GAP, top + 48 + _LINE * (len(lines) - 1), span, fill=MUTED)
            )
    extra_lines = max(len(lines) for lines in wrapped) - 1
    return parts, 56 + _LINE * extra_lines


def world_map(
    areas: Mapping[str, MapArea],
    scale: Scale,
    *,
    key: str,
    title: str,
    legend_title: str,
    no_data: str,
    not_drawn_intro: str,
    wording: Wording = ENGLISH,
    view: Iterable[str] = (),
) -> Chart:
    """The world with each area (keyed by ISO alpha-2) filled in its band's colour, hatched if it
    has no published score, and linked to its page; other countries are plain land. Areas with
    neither an outline nor a listed point are named after `not_drawn_intro` under the legend.
    Areas drawn too small to see or click, and those with only a listed point, also get a
    circle marker in their colour. `view` fits the map to these countries (a region's).
    The text names every area in alphabetical order: the method publishes no league tables."""
    paths, map_height = _map_paths()
    vx, vy, vw, vh = region_view(view)
    zoom = MAP_WIDTH / vw
    n = re.sub(r"[^A-Za-z0-9_-]", "-", key)
    hatch = f"map-{n}-no-data"
    body = [
        f'<defs><pattern id="{hatch}" patternUnits="userSpaceOnUse" width="4" height="4"'
        ' patternTransform="rotate(45)"><rect width="4" height="4" fill="#f5f5f5"/>'
        f'<line x1="0" y1="0" x2="0" y2="4" stroke="{MUTED}" stroke-width="1.5"/></pattern></defs>',
        f'<clipPath id="map-{n}-frame"><rect width="{MAP_WIDTH}" height="{map_height:g}"/>'
        f'</clipPath><g clip-path="url(#map-{n}-frame)"><g class="map-view"'
        f' data-view="{vx:.1f} {vy:.1f} {vw:.1f} {vh:.1f}"'
        f' transform="scale({zoom:.4f}) translate({-vx:.1f} {-vy:.1f})">',
        f'<g fill="{LAND}" fill-rule="evenodd" stroke="#ffffff" stroke-width="{0.5 / zoom:.3f}">',
    ]
    body += [f'<path d="{d}"/>' for code, d in paths.items() if code not in areas]
    body.append(
        f'</g><g fill-rule="evenodd" stroke="{INK}" stroke-width="{0.6 / zoom:.3f}"'
        ' stroke-linejoin="round">'
    )
    ordered = sorted(areas.items(), key=_by_name)
    body += [
        _area(code, area, paths[code], scale, no_data, hatch, wording)
        for code, area in ordered
        if code in paths
    ]
    body.append(f'</g><g stroke="{INK}" stroke-width="{1 / zoom:.3f}">')
    marked = marked_codes(areas)
    body += [
        _marker(code, area, MARKER_RADIUS / zoom, scale, no_data, hatch, wording)
        for code, area in ordered
        if code in marked
    ]
    body.append("</g></g></g>")
    legend, legend_height = _legend(scale, map_height + 8, legend_title, no_data, hatch, wording)
    body += legend
    height = map_height + 8 + legend_height

    missing = areas_not_drawn(areas)
    said = "; ".join(_words(area, scale, no_data, wording) for _, area in ordered)
    text = f"{title}. {said}." if said else f"{title}."
    if missing:
        listed = "; ".join(_words(areas[code], scale, no_data, wording) for code in missing)
        for line in textwrap.wrap(f"{not_drawn_intro} {listed}", 150):
            height += 16
            body.append(_text(_MARGIN, height - 4, line, fill=MUTED))
        text += f" {not_drawn_intro} " + ", ".join(areas[code].name for code in missing) + "."
    height += 4

    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart map"'
        f' viewBox="0 0 {MAP_WIDTH} {height:g}" width="{MAP_WIDTH}" height="{height:g}"'
        f' role="group" aria-labelledby="chart-{n}-title" aria-describedby="chart-{n}-desc"'
        f' {_FONT} font-size="12">'
        f'<title id="chart-{n}-title">{escape(title)}</title>'
        f'<desc id="chart-{n}-desc">{escape(text)}</desc>' + "".join(body) + "</svg>"
    )
    return Chart(svg=svg, text=text)

"""Report charts: geometry read back from the SVG, palette legibility, text alternatives."""

import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicspace.core.charts import (
    BAND_COLOURS,
    Bar,
    Change,
    band_colour,
    bar_chart,
    change_chart,
    scale_strip,
)
from civicspace.core.framework import load_edition
from civicspace.core.messages import Wording
from civicspace.core.scoring import round_half_up, scale_band

SCALE = load_edition("eusee-2025").scale
SVG = "{http://www.w3.org/2000/svg}"

scores = st.floats(min_value=1.0, max_value=5.0, allow_nan=False)
maybe_scores = st.one_of(st.none(), scores)


def parse(svg):
    return ET.fromstring(svg)


def linear(channel):
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def rgb(hex_colour):
    return [linear(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5)]


def luminance(lin):
    r, g, b = lin
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
DEFICIENCIES = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def simulate(lin, matrix):
    return [min(1.0, max(0.0, sum(m * c for m, c in zip(row, lin, strict=True)))) for row in matrix]


def test_the_palette_gets_lighter_band_by_band_so_grayscale_keeps_the_order():
    lums = [luminance(rgb(c)) for c in BAND_COLOURS]
    steps = [b - a for a, b in itertools.pairwise(lums)]
    assert min(steps) > 0.05, steps


@pytest.mark.parametrize("deficiency", sorted(DEFICIENCIES))
def test_the_palette_stays_ordered_and_distinct_for_colour_blind_readers(deficiency):
    seen = [simulate(rgb(c), DEFICIENCIES[deficiency]) for c in BAND_COLOURS]
    lums = [luminance(s) for s in seen]
    assert all(b - a > 0.03 for a, b in itertools.pairwise(lums)), lums


@given(scores)
def test_a_score_is_coloured_by_the_band_of_its_published_value(value):
    band = scale_band(value, SCALE)
    assert band_colour(value, SCALE) == BAND_COLOURS[SCALE.bands.index(band)]


def test_band_edges_follow_the_published_one_decimal_value():
    assert band_colour(2.45, SCALE) == band_colour(2.5, SCALE) == BAND_COLOURS[2]
    assert band_colour(2.44, SCALE) == BAND_COLOURS[1]


def axis_of(root):
    """The x positions of the 1 and 5 gridlines, read from the drawing."""
    xs = {
        float(line.get("x1")) for line in root.iter(f"{SVG}line") if line.get("stroke") == "#c8c8c8"
    }
    return min(xs), max(xs)


@given(st.lists(maybe_scores, min_size=1, max_size=8))
def test_bars_are_as_long_as_their_scores_and_absent_scores_are_said(values):
    bars = [Bar(f"Dimension {i}", v) for i, v in enumerate(values)]
    chart = bar_chart(bars, SCALE, key="k", title="Scores", missing="not scored")
    root = parse(chart.svg)
    left, right = axis_of(root)
    rects = [r for r in root.iter(f"{SVG}rect")]
    scored = [v for v in values if v is not None]
    assert len(rects) == len(scored)
    for rect, value in zip(rects, scored, strict=True):
        expected = (value - SCALE.minimum) / (SCALE.maximum - SCALE.minimum) * (right - left)
        assert float(rect.get("width")) == pytest.approx(max(expected, 1), abs=0.02)
        assert rect.get("fill") == band_colour(value, SCALE)
        assert float(rect.get("x")) + float(rect.get("width")) <= right + 0.01
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts.count("not scored") == len(values) - len(scored)
    for value in scored:
        assert f"{round_half_up(value):.1f}" in chart.text


def test_every_chart_carries_its_text_alternative_inside_the_svg():
    chart = bar_chart(
        [Bar("P2 Legal framework", 2.14, (1.9, 2.4)), Bar("P3 Resources", None)],
        SCALE,
        key="profile",
        title="Kazakhstan 2025",
        missing="not scored",
    )
    root = parse(chart.svg)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Kazakhstan 2025"
    assert desc.text == chart.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "P2 Legal framework: 2.1 (disabling), panel 90% interval 1.9 to 2.4" in chart.text
    assert "P3 Resources: not scored" in chart.text


def test_labels_are_escaped_so_the_svg_stays_well_formed():
    label = 'Law "on <script>alert(1)</script>" & co'
    chart = bar_chart([Bar(label, 3.0)], SCALE, key='x"><svg', title=label, missing="-")
    root = parse(chart.svg)  # raises if anything broke out of its element or attribute
    assert root.find(f"{SVG}title").text == label
    assert "<script>" not in chart.svg
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", e.get("id")) for e in root.iter() if e.get("id"))


@given(scores, st.tuples(scores, scores).map(sorted))
def test_the_scale_strip_marks_the_score_and_draws_the_interval(value, interval):
    chart = scale_strip(
        value, SCALE, key="s", title="Principle 2", missing="-", interval=tuple(interval)
    )
    root = parse(chart.svg)
    bands = [r for r in root.iter(f"{SVG}rect") if r.get("fill") != "none"]
    assert [b.get("fill") for b in bands] == list(BAND_COLOURS)
    left = float(bands[0].get("x"))
    right = float(bands[-1].get("x")) + float(bands[-1].get("width"))
    marker = next(line for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "2.5")
    expected = left + (value - 1) / 4 * (right - left)
    assert float(marker.get("x1")) == pytest.approx(expected, abs=0.02)
    assert f"{round_half_up(value):.1f}" in [t.text for t in root.iter(f"{SVG}text")]
    assert f"interval {round_half_up(interval[0]):.1f} to" in chart.text


def test_a_missing_score_on_the_strip_is_written_not_marked():
    chart = scale_strip(None, SCALE, key="s", title="Principle 3", missing="not scored")
    root = parse(chart.svg)
    assert "not scored" in [t.text for t in root.iter(f"{SVG}text")]
    assert not [line for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "2.5"]
    assert chart.text == "Principle 3: not scored."


def test_the_change_chart_writes_each_difference_out():
    chart = change_chart(
        [Change("P2", 2.1, 2.44), Change("P3", 3.0, 3.04), Change("P4", None, 2.0)],
        SCALE,
        key="c",
        title="Change",
        before_label="2024",
        after_label="2025",
        missing="not scored in both years",
    )
    texts = [t.text for t in parse(chart.svg).iter(f"{SVG}text")]
    assert "2.1 → 2.4 (+0.3)" in texts
    assert "3.0 → 3.0 (no change)" in texts
    assert "not scored in both years" in texts
    assert "P2: 2.1 in 2024, 2.4 (disabling) in 2025 (+0.3)" in chart.text


# A made-up language: its catalogue rewords every chart sentence, and it writes decimal commas.
CATALOGUE = {
    "%(score)s (%(label)s)": "%(score)s [%(label)s]",
    ", panel 90%% interval %(low)s to %(high)s": "; interval %(low)s..%(high)s",
    "%(title)s: %(score)s on a scale from %(minimum)s to %(maximum)s%(interval)s.": (
        "%(title)s = %(score)s of %(minimum)s..%(maximum)s%(interval)s"
    ),
    "%(label)s: %(before)s in %(before_year)s, %(after)s in %(after_year)s (%(difference)s)": (
        "%(label)s: %(after_year)s %(after)s, %(before_year)s %(before)s, %(difference)s"
    ),
}
COMMA = Wording(
    gettext=lambda text: CATALOGUE[text],
    ngettext=lambda one, many, n: one if n == 1 else many,
    decimal_mark=",",
)


@given(st.lists(st.tuples(maybe_scores, maybe_scores), min_size=1, max_size=6))
def test_chart_words_reword_the_text_and_mark_decimals_the_readers_way(pairs):
    changes = [Change(f"P{i}", a, b) for i, (a, b) in enumerate(pairs, start=1)]
    args: dict[str, Any] = {"key": "c", "title": "T", "before_label": "2024", "after_label": "2025"}
    english = change_chart(changes, SCALE, missing="-", **args)
    local = change_chart(changes, SCALE, missing="-", wording=COMMA, **args)
    marks = [t.text for t in parse(local.svg).iter(f"{SVG}text")]
    assert not any(re.search(r"\d\.\d", m or "") for m in marks)
    assert [re.sub(r"(\d),(\d)", r"\1.\2", m or "") for m in marks] == [
        t.text or "" for t in parse(english.svg).iter(f"{SVG}text")
    ]
    for change in changes:
        if change.before is not None and change.after is not None:
            after = f"{round_half_up(change.after):.1f}".replace(".", ",")
            label = scale_band(change.after, SCALE).label
            assert f"{change.label}: 2025 {after} [{label}], 2024 " in local.text


def test_the_scale_strip_and_bars_take_the_words_too():
    strip = scale_strip(
        2.44, SCALE, key="s", title="T", missing="-", interval=(2.0, 2.9), wording=COMMA
    )
    band = scale_band(2.44, SCALE).label
    assert strip.text == f"T = 2,4 [{band}] of 1..5; interval 2,0..2,9"
    bars = bar_chart(
        [Bar("P1", 3.0, (2.5, 3.5))], SCALE, key="b", title="T", missing="-", wording=COMMA
    )
    assert f"P1: 3,0 [{scale_band(3.0, SCALE).label}]; interval 2,5..3,5" in bars.text

"""Trend charts (small multiples over years): marks read back from the SVG."""

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from civicspace.core.charts import SERIES_COLOURS, Panel, Series, trend_chart
from civicspace.core.framework import load_edition
from civicspace.core.scoring import round_half_up

SCALE = load_edition("eusee-2025").scale
SVG = "{http://www.w3.org/2000/svg}"
YEARS = [2021, 2022, 2023, 2024]

values = st.one_of(st.none(), st.floats(min_value=1.0, max_value=5.0, allow_nan=False))
series = st.lists(st.lists(values, min_size=4, max_size=4), min_size=1, max_size=5)


def draw(rows, title="Trend", panel_title="P2 Supportive Legal and Regulatory Framework"):
    panels = [Panel(panel_title, [Series(f"Country {i}", v) for i, v in enumerate(rows)])]
    return trend_chart(panels, YEARS, SCALE, key="t", title=title, missing="none")


def circles(root, colour):
    """The first series is drawn with circles: their centres, in document order."""
    return [
        (float(e.get("cx")), float(e.get("cy")))
        for e in root.iter(f"{SVG}circle")
        if e.get("fill") == colour
    ]


@settings(max_examples=60)
@given(series)
def test_marks_sit_at_their_years_higher_scores_higher(rows):
    root = ET.fromstring(draw(rows).svg)
    scored = [v for v in rows[0] if v is not None]
    found = circles(root, SERIES_COLOURS[0])
    plotted = found[1:] if len(rows) > 1 else found  # the legend's marker comes first
    assert len(plotted) == len(scored)
    xs = [x for x, _ in plotted]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)
    for (_, ya), a in zip(plotted, scored, strict=True):
        for (_, yb), b in zip(plotted, scored, strict=True):
            if a - b > 0.01:
                assert ya < yb  # SVG y grows downwards


@given(series)
def test_the_text_alternative_gives_every_value_and_gaps_are_not_joined(rows):
    chart = draw(rows)
    root = ET.fromstring(chart.svg)
    for v in (v for row in rows for v in row):
        assert (f"{round_half_up(v):.1f}" if v is not None else "none") in chart.text
    lines = [e for e in root.iter(f"{SVG}polyline") if e.get("stroke") == SERIES_COLOURS[0]]
    runs, run = [], 0
    for v in [*rows[0], None]:
        if v is None:
            if run > 1:
                runs.append(run)
            run = 0
        else:
            run += 1
    assert sorted(len(e.get("points").split()) for e in lines) == sorted(runs)


def test_a_legend_only_for_several_countries_and_long_titles_are_shortened():
    one = ET.fromstring(draw([[2.0, 2.5, None, 3.0]]).svg)
    texts = [t.text for t in one.iter(f"{SVG}text")]
    assert "Country 0" not in texts
    two = ET.fromstring(draw([[2.0, 2.5, None, 3.0], [1.0, None, 4.0, 4.5]]).svg)
    texts = [t.text for t in two.iter(f"{SVG}text")]
    assert {"Country 0", "Country 1"} <= set(texts)
    long = ET.fromstring(draw([[2.0] * 4], panel_title="P5 " + "Very long name " * 6).svg)
    heading = next(t.text or "" for t in long.iter(f"{SVG}text") if (t.text or "").startswith("P5"))
    assert heading.endswith("…")
    assert len(heading) < 50

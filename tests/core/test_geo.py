"""The world map: outlines decoded from TopoJSON, the Equal Earth projection, the SVG read back."""

import json
import math
import re
import xml.etree.ElementTree as ET
from importlib import resources

import numpy as np
import pycountry
import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from civicspace.core.charts import band_colour
from civicspace.core.framework import load_edition
from civicspace.core.geo import (
    LAND,
    MAP_WIDTH,
    MARKER_BELOW,
    MARKER_RADIUS,
    UNCODED,
    MapArea,
    areas_not_drawn,
    country_codes_drawn,
    country_outlines,
    decode_topojson,
    equal_earth,
    fitted_view,
    map_area_sizes,
    map_points,
    marked_codes,
    region_view,
    world_map,
)
from civicspace.core.scoring import round_half_up

SCALE = load_edition("eusee-2025").scale
SVG = "{http://www.w3.org/2000/svg}"

lons = st.floats(min_value=-180, max_value=180, allow_nan=False)
lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
scores = st.floats(min_value=1.0, max_value=5.0, allow_nan=False)
maybe_scores = st.one_of(st.none(), scores)


def bounds(code):
    points = np.concatenate(country_outlines()[code])
    return (*points.min(axis=0), *points.max(axis=0))


def draw(areas, **overrides):
    texts = {
        "key": "world",
        "title": "Enabling environment 2025",
        "legend_title": "Score",
        "no_data": "no published score",
        "not_drawn_intro": "Too small to show:",
    }
    return world_map(areas, SCALE, **(texts | overrides))


def number(element, attribute):
    return float(element.get(attribute, "missing"))


def area_elements(root):
    return {e.get("data-iso2"): e for e in root.iter() if e.get("class") == "area"}


def points_of(d):
    return [
        np.array([[float(x), float(y)] for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", ring)])
        for ring in re.findall(r"M([^Z]*)Z", d)
    ]


# Decoding, against facts about the file and the world.


def test_every_feature_of_the_file_is_decoded_under_its_own_key():
    path = resources.files("civicspace.core").joinpath("data", "countries-110m.json")
    geometries = json.loads(path.read_text(encoding="utf-8"))["objects"]["countries"]["geometries"]
    outlines = country_outlines()
    assert len(geometries) == 177
    assert len(outlines) == len(geometries)  # no two features merged under one code
    for code in outlines:
        assert code.startswith(UNCODED) or code == "XK" or pycountry.countries.get(alpha_2=code)


def test_every_ring_closes_so_reversed_arcs_were_joined_the_right_way_round():
    for code, rings in country_outlines().items():
        for ring in rings:
            assert np.array_equal(ring[0], ring[-1]), code


@pytest.mark.parametrize(
    ("code", "west", "south", "east", "north"),
    [
        ("KZ", 46, 40, 88, 56),  # Kazakhstan: Caspian to Altai
        ("TN", 7, 30, 12, 38),  # Tunisia
        ("GE", 39.5, 41, 47, 44),  # Georgia (generalised coast a little west of 40°E)
        ("CL", -76, -56, -66, -17),  # Chile
    ],
)
def test_countries_sit_where_an_atlas_puts_them(code, west, south, east, north):
    x0, y0, x1, y1 = bounds(code)
    assert west <= x0 < x1 <= east
    assert south <= y0 < y1 <= north
    assert (x1 - x0) > (east - west) * 0.6  # roughly filling the box, not a sliver of it


def test_a_multipolygon_keeps_all_its_parts():
    rings = country_outlines()["US"]
    assert len(rings) > 3
    assert any(r[:, 1].min() > 51 for r in rings)  # Alaska
    assert any(r[:, 1].max() < 23 for r in rings)  # Hawaii


def test_a_hole_is_a_ring_of_its_own_lesotho_inside_south_africa():
    (lesotho,) = country_outlines()["LS"]
    hole = [r for r in country_outlines()["ZA"] if r.shape == lesotho.shape]
    assert len(hole) == 1
    assert np.allclose(np.sort(hole[0], axis=0), np.sort(lesotho, axis=0))


def test_the_decoder_applies_the_transform_deltas_and_reversed_arcs():
    # Two unit squares sharing the edge x=1; the second walks the shared arc backwards (~0).
    topology = {
        "transform": {"scale": [0.5, 2.0], "translate": [10, -20]},
        "arcs": [
            [[2, 0], [0, 1]],  # (11, -20) -> (11, -18)
            [[2, 1], [-2, 0], [0, -1], [2, 0]],  # (11, -18) -> (10, -18) -> (10, -20) -> (11, -20)
            [[2, 0], [2, 0], [0, 1], [-2, 0]],  # (11, -20) -> (12, -20) -> (12, -18) -> (11, -18)
        ],
        "objects": {
            "countries": {
                "geometries": [
                    {"type": "Polygon", "id": "398", "properties": {"name": "A"}, "arcs": [[0, 1]]},
                    {
                        "type": "MultiPolygon",
                        "properties": {"name": "Kosovo"},
                        "arcs": [[[2, ~0]]],
                    },
                    {"type": None, "id": "788", "properties": {"name": "No shape"}},
                ]
            }
        },
    }
    rings = decode_topojson(topology)
    assert set(rings) == {"KZ", "XK"}
    assert rings["KZ"][0].tolist() == [[11, -20], [11, -18], [10, -18], [10, -20], [11, -20]]
    assert rings["XK"][0].tolist() == [[11, -20], [12, -20], [12, -18], [11, -18], [11, -20]]


def test_features_without_a_code_are_land_but_never_a_country():
    codes = country_codes_drawn()
    assert "XK" in codes  # Kosovo: our user-assigned code
    assert {UNCODED + "N. Cyprus", UNCODED + "Somaliland"} <= set(country_outlines())
    assert not any(code.startswith(UNCODED) for code in codes)
    assert "AQ" in country_outlines()
    assert "AQ" not in codes  # Antarctica is left off the map
    assert {"AD", "MT", "BH", "SG"}.isdisjoint(codes)


# The projection.


@given(lats, lons, lons)
def test_x_grows_with_longitude_along_a_parallel(lat, a, b):
    assume(abs(a - b) > 1e-9)  # closer than that, floating point may round them together
    (xa, xb), _ = equal_earth([a, b], [lat, lat])
    assert (xa < xb) == (a < b)


@given(lons, lats, lats)
def test_distance_from_the_equator_grows_with_latitude(lon, a, b):
    assume(abs(abs(a) - abs(b)) > 1e-9)
    _, (ya, yb) = equal_earth([lon, lon], [a, b])
    assert (abs(ya) < abs(yb)) == (abs(a) < abs(b))
    assert ya * a >= 0  # north stays north


@given(lons, lats)
def test_the_map_is_symmetric_about_the_equator_and_the_central_meridian(lon, lat):
    x, y = equal_earth(lon, lat)
    assert np.isfinite(x)
    assert np.isfinite(y)
    assert equal_earth(-lon, lat) == pytest.approx((-x, y), abs=1e-12)
    assert equal_earth(lon, -lat) == pytest.approx((x, -y), abs=1e-12)


def test_the_equator_is_about_twice_as_long_as_the_central_meridian():
    # Šavrič, Patterson & Jenny (2018): "the ratio ... is about 2.05:1".
    (x,), _ = equal_earth([180], [0])
    _, (y,) = equal_earth([0], [90])
    assert x / y == pytest.approx(2.05, abs=0.01)


def projected_area(lon0, lat0, lon1, lat1, steps=200):
    """Shoelace area of a lon/lat cell's projected outline, its edges densely sampled."""
    t = np.linspace(0, 1, steps)
    lon = np.concatenate([lon0 + (lon1 - lon0) * t, np.full(steps, lon1)])
    lat = np.concatenate([np.full(steps, lat0), lat0 + (lat1 - lat0) * t])
    lon = np.concatenate([lon, lon1 - (lon1 - lon0) * t, np.full(steps, lon0)])
    lat = np.concatenate([lat, np.full(steps, lat1), lat1 - (lat1 - lat0) * t])
    x, y = equal_earth(lon, lat)
    return abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2


def spherical_area(lon0, lat0, lon1, lat1):
    return math.radians(lon1 - lon0) * (math.sin(math.radians(lat1)) - math.sin(math.radians(lat0)))


cells = st.tuples(
    st.floats(min_value=-180, max_value=170), st.floats(min_value=-90, max_value=80)
).map(lambda c: (c[0], c[1], c[0] + 10, c[1] + 10))


@given(cells, st.floats(min_value=-180, max_value=170))
def test_equal_cells_on_one_parallel_have_equal_areas(cell, other_lon):
    _, lat0, _, lat1 = cell
    moved = projected_area(other_lon, lat0, other_lon + 10, lat1)
    assert moved / projected_area(*cell) == pytest.approx(1, abs=1e-6)


@given(cells, cells)
def test_areas_on_the_map_are_in_proportion_to_areas_on_the_globe(a, b):
    on_map = projected_area(*a) / projected_area(*b)
    assert on_map == pytest.approx(spherical_area(*a) / spherical_area(*b), rel=0.01)


def test_the_whole_globe_keeps_its_area():
    assert projected_area(-180, -90, 180, 90, steps=2000) == pytest.approx(4 * math.pi, rel=1e-4)


# The SVG.

drawable = sorted(country_codes_drawn())


@given(st.dictionaries(st.sampled_from(drawable), maybe_scores, max_size=12))
def test_each_area_is_filled_in_its_band_colour_or_hatched_without_a_score(values):
    areas = {
        code: MapArea(f"Country {code}", value, f"/c/{code}/") for code, value in values.items()
    }
    root = ET.fromstring(draw(areas).svg)
    found = area_elements(root)
    assert set(found) == set(values)
    (pattern,) = root.iter(f"{SVG}pattern")
    for code, value in values.items():
        fill = found[code].find(f"{SVG}path").get("fill")
        if value is None:
            assert fill == f"url(#{pattern.get('id')})"
            assert found[code].find(f"{SVG}title").text == f"Country {code}: no published score"
        else:
            assert fill == band_colour(value, SCALE)
            published = f"{round_half_up(value):.1f}"
            assert found[code].find(f"{SVG}title").text.startswith(f"Country {code}: {published} (")


def test_other_countries_are_plain_land_with_no_link_or_colour():
    root = ET.fromstring(draw({"KZ": MapArea("Kazakhstan", 2.4, "/kz/")}).svg)
    land = next(g for g in root.iter(f"{SVG}g") if g.get("fill") == LAND)
    assert land.get("stroke") == "#ffffff"
    paths = land.findall(f"{SVG}path")
    assert len(paths) == len(country_codes_drawn()) - 1 + 2  # N. Cyprus, Somaliland
    assert all(p.get("fill") is None for p in paths)  # so they take the land colour
    assert len(list(root.iter(f"{SVG}a"))) == 1


def test_links_and_titles_are_escaped_and_name_the_score_and_band():
    name = 'Georgia <&"> test'
    href = '/countries/ge/?a=1&b="2"'
    root = ET.fromstring(
        draw({"GE": MapArea(name, 3.14, href), "TN": MapArea("Tunisia", 2.2, None)}).svg
    )
    found = area_elements(root)
    assert found["GE"].tag == f"{SVG}a"
    assert found["GE"].get("href") == href
    assert found["GE"].find(f"{SVG}title").text == f"{name}: 3.1 (partially enabling)"
    assert found["TN"].tag == f"{SVG}g"  # no page to link to
    assert found["TN"].find(f"{SVG}title").text == "Tunisia: 2.2 (disabling)"


def test_the_legend_has_a_swatch_and_range_per_band_and_one_for_no_score():
    root = ET.fromstring(draw({}).svg)
    swatches = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "swatch"]
    assert len(swatches) == len(SCALE.bands) + 1
    assert [s.get("fill") for s in swatches[:-1]] == [
        band_colour(b.lower, SCALE) for b in SCALE.bands
    ]
    assert swatches[-1].get("fill").startswith("url(#")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[0] == "Score"
    for label, span in [
        ("fully disabling", "1.0–1.4"),
        ("disabling", "1.5–2.4"),
        ("partially enabling", "2.5–3.4"),
        ("enabling", "3.5–4.4"),
        ("fully enabling", "4.5–5.0"),
        ("no published score", None),
    ]:
        assert label in texts
        assert span is None or span in texts


@given(
    st.lists(st.sampled_from(["нет", "опубликованной", "оценки", "за", "этот", "год"]), max_size=12)
)
def test_a_long_legend_label_wraps_in_its_column_and_the_map_grows_to_hold_it(words):
    label = " ".join(words)
    short = ET.fromstring(draw({}).svg)
    root = ET.fromstring(draw({}, no_data=label).svg)
    swatches = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "swatch"]
    column = number(swatches[1], "x") - number(swatches[0], "x")
    start = number(swatches[-1], "x")
    lines = [t for t in root.iter(f"{SVG}text") if number(t, "x") > start]
    assert " ".join(t.text or "" for t in lines).split() == label.split()
    for line in lines:  # at most 7.2 px a glyph at font-size 12, inside the column
        assert number(line, "x") + 7.2 * len(line.text or "") <= start + column
    grown = number(root, "height") - number(short, "height")
    assert grown == pytest.approx(14 * (max(len(lines), 1) - 1))


def test_the_text_lists_areas_by_name_never_by_score():
    areas = {
        "ZA": MapArea("Albania", 1.2, None),
        "CI": MapArea("Côte d'Ivoire", 4.9, None),
        "CU": MapArea("Cuba", 2.0, None),
        "AL": MapArea("Zambia", None, None),
        "AD": MapArea("Bhutan", 3.0, None),
    }
    chart = draw(areas)
    desc = ET.fromstring(chart.svg).find(f"{SVG}desc").text
    assert desc == chart.text
    positions = [chart.text.index(f"{a.name}: ") for a in areas.values()]
    order = [a.name for _, a in sorted(zip(positions, areas.values(), strict=True))]
    assert order == ["Albania", "Bhutan", "Côte d'Ivoire", "Cuba", "Zambia"]
    assert "Zambia: no published score" in chart.text


def marker_elements(root):
    return {e.get("data-iso2"): e for e in root.iter() if e.get("class") == "area marker"}


def test_a_small_state_without_an_outline_gets_a_marker_and_only_the_unknown_is_listed():
    areas = {
        "MT": MapArea("Malta", None, "/mt/"),
        "AD": MapArea("Andorra", 3.04, "/ad/"),
        "RS": MapArea("Serbia", 2.9, "/rs/"),
        "QZ": MapArea("Nowhere", 3.04, None),  # neither an outline nor a listed point
    }
    assert areas_not_drawn(areas) == ["QZ"]
    chart = draw(areas)
    root = ET.fromstring(chart.svg)
    assert set(area_elements(root)) == {"RS"}
    assert set(marker_elements(root)) == {"AD", "MT"}
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    note = " ".join(t for t in texts if t.startswith("Too small"))
    assert note == "Too small to show: Nowhere: 3.0 (partially enabling)"
    assert chart.text.endswith(" Too small to show: Nowhere.")


def test_the_outlines_fit_the_frame_and_no_edge_crosses_the_whole_map():
    root = ET.fromstring(draw({"RU": MapArea("Russia", 1.1, None)}).svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    assert width == MAP_WIDTH
    rings = [ring for p in root.iter(f"{SVG}path") for ring in points_of(p.get("d"))]
    assert len(rings) > 200
    for ring in rings:
        assert ring.min() >= 0
        assert ring[:, 0].max() <= width
        assert ring[:, 1].max() <= height
        assert np.abs(np.diff(ring[:, 0])).max() < width / 4
    russia = points_of(area_elements(root)["RU"].find(f"{SVG}path").get("d"))
    assert any(r[:, 0].max() < width / 2 for r in russia)  # Chukotka, beyond 180°, on the left


def test_the_map_puts_countries_in_their_places():
    root = ET.fromstring(draw({c: MapArea(c, 3.0, None) for c in ("KZ", "TN", "BR", "AU")}).svg)
    found = area_elements(root)
    centre = {
        c: np.concatenate(points_of(e.find(f"{SVG}path").get("d"))).mean(axis=0)
        for c, e in found.items()
    }
    assert centre["TN"][0] < centre["KZ"][0] < centre["AU"][0]  # west to east
    assert centre["BR"][0] < centre["TN"][0]
    assert centre["KZ"][1] < centre["TN"][1] < centre["BR"][1] < centre["AU"][1]  # north to south


def test_keys_become_safe_ids():
    root = ET.fromstring(draw({"UA": MapArea("Ukraine", None, None)}, key='x"><svg').svg)
    assert all(
        re.fullmatch(r"[A-Za-z0-9_-]+", e.get("id") or "") for e in root.iter() if e.get("id")
    )
    (pattern,) = root.iter(f"{SVG}pattern")
    assert area_elements(root)["UA"].find(f"{SVG}path").get("fill") == f"url(#{pattern.get('id')})"


# Small states and region zoom.

MAP_HEIGHT = number(next(ET.fromstring(draw({}).svg).iter(f"{SVG}clipPath"))[0], "height")
everywhere = [*sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 != "AQ"), "XK"]


def inner_view(root):
    """The part of the frame shown, read back from the view group's transform."""
    view = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "map-view")
    zoom, dx, dy = (
        float(v)
        for v in re.fullmatch(
            r"scale\(([\d.]+)\) translate\((\S+) (\S+)\)", view.get("transform")
        ).groups()
    )
    return [-dx, -dy, MAP_WIDTH / zoom, MAP_HEIGHT / zoom]


def test_every_country_has_an_outline_or_a_listed_point_for_its_marker():
    assert set(everywhere) - set(map_points()) == set()


def test_listed_points_are_only_for_countries_without_an_outline():
    listed = yaml.safe_load(
        resources.files("civicspace.core").joinpath("data", "map-points.yaml").read_text()
    )
    assert set(listed) & country_codes_drawn() == set()


@given(st.dictionaries(st.sampled_from(everywhere), maybe_scores, min_size=1, max_size=20))
def test_every_country_is_an_area_big_enough_to_see_or_a_marker_inside_the_map(values):
    areas = {code: MapArea(f"C {code}", v, None) for code, v in values.items()}
    root = ET.fromstring(draw(areas).svg)
    drawn, markers = area_elements(root), marker_elements(root)
    sizes = map_area_sizes()
    for code in values:
        assert code in markers or sizes[code] >= MARKER_BELOW
        assert (code in drawn) == (code in sizes)
    for marker in markers.values():
        circle = marker.find(f"{SVG}circle")
        x, y = number(circle, "cx"), number(circle, "cy")
        assert 0 <= x <= MAP_WIDTH
        assert 0 <= y <= MAP_HEIGHT
        assert number(circle, "r") == pytest.approx(MARKER_RADIUS)


def test_markers_are_named_and_reachable_from_the_keyboard_with_or_without_a_page():
    root = ET.fromstring(
        draw({"LI": MapArea("Liechtenstein", 4.2, "/li/"), "TV": MapArea("Tuvalu", None, None)}).svg
    )
    markers = marker_elements(root)
    assert markers["LI"].tag == f"{SVG}a"
    assert markers["LI"].get("href") == "/li/"
    assert markers["TV"].get("tabindex") == "0"
    assert markers["TV"].get("role") == "img"
    assert markers["LI"].get("aria-label").startswith("Liechtenstein: 4.2 (")
    assert markers["TV"].get("aria-label") == "Tuvalu: no published score"
    circle = markers["LI"].find(f"{SVG}circle")
    assert circle.get("fill") == band_colour(4.2, SCALE)


def test_a_tiny_drawn_country_gets_a_marker_on_its_outline():
    smallest = min(map_area_sizes(), key=lambda code: map_area_sizes()[code])
    assert marked_codes([smallest, "KZ"]) == {smallest}
    root = ET.fromstring(draw({smallest: MapArea("Small", 2.0)}).svg)
    path = area_elements(root)[smallest].find(f"{SVG}path").get("d")
    points = np.concatenate(points_of(path))
    circle = marker_elements(root)[smallest].find(f"{SVG}circle")
    centre = np.array([number(circle, "cx"), number(circle, "cy")])
    assert np.all(centre >= points.min(axis=0) - 1)
    assert np.all(centre <= points.max(axis=0) + 1)


coords = st.floats(min_value=0, max_value=900, allow_nan=False)
boxes = st.tuples(coords, coords, st.floats(0, 60), st.floats(0, 60))
WORLD = (0.0, 0.0, float(MAP_WIDTH), 480.0)


@given(st.lists(boxes, min_size=1, max_size=8))
def test_a_fitted_view_keeps_the_maps_shape_stays_inside_it_and_holds_what_fits(listed):
    x, y, w, h = fitted_view(listed, bounds=WORLD)
    assert w / h == pytest.approx(WORLD[2] / WORLD[3])
    assert x >= -1e-9
    assert y >= -1e-9
    assert x + w <= WORLD[2] + 1e-6
    assert y + h <= WORLD[3] + 1e-6
    for bx, by, bw, bh in listed:
        if by + bh <= WORLD[3]:
            assert x - 1e-6 <= bx
            assert bx + bw <= x + w + 1e-6
            assert y - 1e-6 <= by
            assert by + bh <= y + h + 1e-6


def test_no_countries_means_the_whole_world():
    assert fitted_view([], bounds=WORLD) == WORLD


def test_a_region_zoom_fits_its_countries_and_keeps_markers_their_size_on_screen():
    region = ["AL", "ME", "MK", "BA", "RS", "MT"]
    chart = draw({c: MapArea(c, 3.0, None) for c in region}, view=region)
    root = ET.fromstring(chart.svg)
    x, y, w, h = inner_view(root)
    assert inner_view(root) == pytest.approx(list(region_view(region)), abs=0.2)
    assert w < MAP_WIDTH / 4  # a real zoom
    for code in region:
        px, py = map_points()[code]
        assert x <= px <= x + w
        assert y <= py <= y + h
    circle = marker_elements(root)["MT"].find(f"{SVG}circle")
    assert number(circle, "r") * MAP_WIDTH / w == pytest.approx(MARKER_RADIUS, rel=0.01)
    assert inner_view(ET.fromstring(draw({}).svg)) == pytest.approx([0, 0, MAP_WIDTH, MAP_HEIGHT])

"""The band colours read in order in greyscale, and the site's tokens take them from the charts."""

from itertools import pairwise

import pytest

from civicspace.core.charts import BAND_COLOURS


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def test_bands_get_lighter_band_by_band_and_neighbours_stay_apart_in_greyscale():
    levels = [luminance(c) for c in BAND_COLOURS]
    assert len(levels) == 5
    assert levels == sorted(levels)
    # Neighbouring bands differ clearly in lightness alone (greyscale print, any colour vision).
    assert min(contrast(a, b) for a, b in pairwise(levels)) >= 1.4


@pytest.mark.django_db
def test_every_page_carries_the_band_colours_of_the_charts(client):
    page = client.get("/methodology/").content.decode()
    for number, colour in enumerate(BAND_COLOURS, 1):
        assert f"--band-{number}: {colour};" in page

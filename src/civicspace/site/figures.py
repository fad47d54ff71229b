"""A chart as the public site shows it: chart and table views of the same data, a download of
that data (the open-data CSV, filtered to it) and a citation line.

Without JavaScript the table sits under the chart in a disclosure; `figures.js` turns the two
into switchable views.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from civicspace.core.charts import Chart
from civicspace.core.scoring import round_half_up


@dataclass(frozen=True)
class Figure:
    key: str  # unique on the page: element ids derive from it
    title: str
    chart: Chart
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    csv_url: str
    citation: str
    note: str = ""


def score_text(value: float | None) -> str:
    """A published score as the tables write it: one decimal (with the reader's decimal mark),
    or a dash when there is none."""
    return "—" if value is None else number_format(round_half_up(value), 1)


def scores_csv_url(
    *,
    countries: Iterable[str] = (),
    years: Iterable[int] = (),
    level: str = "",
    principle: str = "",
) -> str:
    """The open-data CSV restricted to one figure's data."""
    query = {
        "country": ",".join(countries),
        "year": ",".join(str(y) for y in years),
        "level": level,
        "principle": principle,
    }
    filled = {k: v for k, v in query.items() if v}
    return reverse("open_data:scores", args=["csv"]) + ("?" + urlencode(filled) if filled else "")


def citation(request: HttpRequest, what: str, published: Iterable[str]) -> str:
    """How to cite a figure: what it shows, the newest publication date of its data, the
    licence and the address it was read at."""
    dates = sorted(published)
    return _(
        "civicspace: %(what)s. Published scores (latest publication %(date)s), CC BY 4.0."
        " %(url)s (accessed %(today)s)."
    ) % {
        "what": what,
        "date": dates[-1] if dates else "—",
        "url": request.build_absolute_uri(),
        "today": date.today().isoformat(),
    }

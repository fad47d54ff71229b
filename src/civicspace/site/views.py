"""The home page: a world map of one principle in one year, from published reports only."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from civicspace.core.framework import Edition, load_edition
from civicspace.core.geo import MapArea, world_map
from civicspace.countries.names import country_name, name_sort_key
from civicspace.countries.selectors import programme_countries, programme_regions
from civicspace.i18n import wording
from civicspace.monitoring.public_selectors import public_alerts
from civicspace.publishing.open_data import Record, published_record, published_rows
from civicspace.site.alert_pages import alert_view
from civicspace.site.figures import (
    Figure,
    citation,
    score_text,
    scores_csv_url,
)

LATEST_ALERTS = 3  # the home page's strip; the rest are on /alerts/


def home(request: HttpRequest) -> HttpResponse:
    edition = load_edition(settings.CIVICSPACE_DEFAULT_EDITION)
    record = published_record()
    years = sorted({c.year for c in record.cycles}, reverse=True)
    codes = [p.code for p in edition.principles]
    asked_year, asked_principle = request.GET.get("year", ""), request.GET.get("principle", "")
    year = int(asked_year) if asked_year.isdigit() and int(asked_year) in years else None
    if year is None and years:
        year = years[0]
    code = asked_principle.upper() if asked_principle.upper() in codes else codes[0]
    principle = edition.principle(code)
    regions = sorted(programme_regions(), key=lambda r: name_sort_key(r[1]))
    region = next((r for r in regions if r[0] == request.GET.get("region", "")), None)
    context = {
        "edition": edition,
        "years": years,
        "year": year,
        "principle": principle,
        "countries": len({c.iso2 for c in record.cycles}),
        "reports": len(record.cycles),
        "regions": [{"code": c, "name": name} for c, name, _ in regions],
        "region": region[0] if region else "",
        "map": _map_figure(request, record, edition, year, code, region) if year else None,
        "latest_alerts": [alert_view(a) for a in public_alerts()[:LATEST_ALERTS]],
    }
    return render(request, "site/home.html", context)


def _map_figure(
    request: HttpRequest,
    record: Record,
    edition: Edition,
    year: int,
    code: str,
    region: tuple[str, str, list[str]] | None,
) -> Figure:
    principle = edition.principle(code)
    rows = published_rows(years=[year], level="principle", principle=code, record=record)
    published = {c.iso2 for c in record.cycles}
    areas = {
        c.iso2: MapArea(
            country_name(c.name),
            None,
            reverse("countries:country", args=[c.iso2]) if c.iso2 in published else None,
        )
        for c in programme_countries()
    }
    for row in rows:
        areas[row["country_iso2"]] = MapArea(
            country_name(row["country"]),
            row["score"],
            reverse("countries:country", args=[row["country_iso2"]]),
        )
    title = _("Principle %(number)s, %(name)s: published scores for %(year)s") % {
        "number": principle.number,
        "name": principle.name,
        "year": year,
    }
    if region is not None:
        title = _("%(title)s (region: %(region)s)") % {"title": title, "region": region[1]}
    by_country = {r["country_iso2"]: r for r in rows}
    return Figure(
        key="world-map",
        title=title,
        chart=world_map(
            areas,
            edition.scale,
            key="world-map",
            title=title,
            legend_title=_("Score bands (1-5 scale)"),
            no_data=_("no published score"),
            not_drawn_intro=_("Too small to show at this scale:"),
            wording=wording(),
            view=region[2] if region else (),
        ),
        columns=[_("Country"), _("Score"), _("Label"), _("Report")],
        rows=[
            [
                area.name,
                score_text(area.value),
                (by_country[iso2]["label"] or "") if iso2 in by_country else "",
                str(year) if iso2 in by_country else _("none published"),
            ]
            for iso2, area in sorted(areas.items(), key=lambda item: name_sort_key(item[1].name))
        ],
        csv_url=scores_csv_url(years=[year], level="principle", principle=code),
        citation=citation(request, title, [r["published"] for r in rows]),
        note=_(
            "Programme countries coloured by the band of their published score; hatched where"
            " none is published for this year. Choose a country to open its page. Countries"
            " are not ranked."
        ),
    )

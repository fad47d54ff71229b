"""Public pages beyond the reports: country pages, open data and the methodology.

Everything here reads published snapshots through `open_data` and `selectors`; drafts never.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from civicspace.core.changes import Scored, describe_changes
from civicspace.core.framework import FrameworkError, load_edition
from civicspace.editorial.models import Snapshot
from civicspace.publishing.exports import codebook_csv, rows_csv, rows_json, rows_xlsx
from civicspace.publishing.open_data import (
    CODEBOOK,
    LICENCE,
    LICENCE_TEXT,
    LICENCE_URL,
    published_rows,
)
from civicspace.publishing.report import change_since, panel_interval, profile_chart
from civicspace.publishing.selectors import snapshots_latest

LEVELS = ("principle", "dimension")


def _country_snapshots(iso2: str) -> list[Snapshot]:
    found = [s for s in snapshots_latest() if s.cycle.country.iso2 == iso2.upper()]
    if not found:
        raise Http404
    return sorted(found, key=lambda s: s.cycle.year)


def _scored(data: dict[str, Any]) -> list[Scored]:
    return [Scored(p["number"], p["name"], p["score"], p["label"]) for p in data["principles"]]


def country_list(request: HttpRequest) -> HttpResponse:
    latest: dict[str, Snapshot] = {}
    for snapshot in snapshots_latest():
        iso2 = snapshot.cycle.country.iso2
        if iso2 not in latest or snapshot.cycle.year > latest[iso2].cycle.year:
            latest[iso2] = snapshot
    countries = sorted(latest.values(), key=lambda s: s.cycle.country.name)
    return render(request, "site_pages/country_list.html", {"latest": countries})


def country(request: HttpRequest, iso2: str) -> HttpResponse:
    snapshots = _country_snapshots(iso2)
    latest = snapshots[-1]
    data = latest.data
    name = data["country"]["name"]
    principles = [
        {**p, "interval": panel_interval(data, "principles", p["code"])} for p in data["principles"]
    ]
    previous = snapshots[-2] if len(snapshots) > 1 else None
    change = changes = None
    if previous is not None:
        change = change_since(
            previous.data,
            data,
            key="country-change",
            title=f"{name}: change from {previous.cycle.year} to {latest.cycle.year}",
        )
        changes = describe_changes(_scored(previous.data), _scored(data))
    years = [s.cycle.year for s in snapshots]
    history = [
        {
            "number": p["number"],
            "name": p["name"],
            "scores": [
                next(q["score"] for q in s.data["principles"] if q["code"] == p["code"])
                for s in snapshots
            ],
        }
        for p in data["principles"]
    ]
    civicus = next(
        (p["source"] for p in data["principles"] if p["source"]["kind"] == "civicus"), None
    )
    csv_url = reverse("open_data:scores", args=["csv"]) + f"?country={latest.cycle.country.iso2}"
    return render(
        request,
        "site_pages/country.html",
        {
            "latest": latest,
            "data": data,
            "principles": principles,
            "profile": profile_chart(data, key="country-profile"),
            "change": change,
            "changes": changes,
            "previous": previous,
            "years": years,
            "history": history,
            "civicus": civicus,
            "snapshots": list(reversed(snapshots)),
            "csv_url": csv_url,
            "citation": _(
                "civicspace, %(country)s: enabling environment for civil society, published"
                " scores %(first)s-%(last)s (revision of %(date)s). %(url)s"
            )
            % {
                "country": name,
                "first": years[0],
                "last": years[-1],
                "date": latest.published_at.date().isoformat(),
                "url": request.build_absolute_uri(),
            },
        },
    )


def data_page(request: HttpRequest) -> HttpResponse:
    rows = published_rows()
    return render(
        request,
        "site_pages/data.html",
        {
            "codebook": CODEBOOK,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "licence_text": LICENCE_TEXT,
            "count": len(rows),
            "reports": len({(r["country_iso2"], r["year"]) for r in rows}),
            "demo": any(r["demo"] for r in rows),
        },
    )


def scores_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """All published scores, optionally filtered: ?country=KZ&year=2025&level=principle."""
    level = request.GET.get("level") or None
    if level not in (None, *LEVELS):
        return HttpResponse(
            _("level must be 'principle' or 'dimension'"), status=400, content_type="text/plain"
        )
    year_text = request.GET.get("year") or ""
    if year_text and not year_text.isdigit():
        return HttpResponse(_("year must be a number"), status=400, content_type="text/plain")
    rows = published_rows(
        iso2=request.GET.get("country") or None,
        year=int(year_text) if year_text else None,
        level=level,
    )
    name = "civicspace-scores"
    if fmt == "csv":
        response = HttpResponse(rows_csv(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            rows_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "json":
        response = JsonResponse(rows_json(rows), json_dumps_params={"ensure_ascii": False})
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may fetch it
    return response


def codebook_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(codebook_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="civicspace-codebook.csv"'
    return response


def methodology(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("edition") or settings.CIVICSPACE_DEFAULT_EDITION
    try:
        edition = load_edition(code)
    except (FrameworkError, FileNotFoundError, KeyError):
        raise Http404 from None
    points = json.dumps([list(p) for p in edition.civicus.rebasing_points])
    return render(
        request, "site_pages/methodology.html", {"edition": edition, "rebasing_points": points}
    )

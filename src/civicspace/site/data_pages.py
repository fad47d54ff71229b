"""Public pages about the data rather than a country: open-data downloads and their codebook
and schema, the API's documentation and the methodology.

Everything here reads published snapshots through `publishing.open_data`; drafts never.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from civicspace.core.framework import FrameworkError, load_edition
from civicspace.core.ratings import rating_rule_words
from civicspace.core.record import record_json_schema
from civicspace.i18n import localise
from civicspace.publishing.api import api
from civicspace.publishing.early_warning_data import (
    EARLY_WARNING_CODEBOOKS,
    SOURCE_CODEBOOK,
    alert_rows,
    event_rows,
)
from civicspace.publishing.exports import (
    codebook_csv,
    published_rows_csv,
    rows_csv,
    rows_json,
    rows_xlsx,
)
from civicspace.publishing.open_data import (
    CODEBOOK,
    LICENCE,
    LICENCE_TEXT,
    LICENCE_URL,
    Column,
    published_record,
    published_rows,
)


def data_page(request: HttpRequest) -> HttpResponse:
    record = published_record()
    return render(
        request,
        "site_pages/data.html",
        {
            "codebook": [Column(c.name, c.kind, _(c.meaning)) for c in CODEBOOK],
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "licence_text": _(LICENCE_TEXT),
            "count": len(record.rows),
            "reports": len(record.cycles),
            "demo": any(c.demo for c in record.cycles),
            "early_warning": [
                (name, [Column(c.name, c.kind, _(c.meaning)) for c in codebook])
                for name, codebook in EARLY_WARNING_FILES
            ],
        },
    )


_FILTERS = {
    "country": re.compile(r"[A-Za-z]{2}(,[A-Za-z]{2})*"),
    "year": re.compile(r"[0-9]{4}(,[0-9]{4})*"),
    "level": re.compile("principle|dimension"),
    "principle": re.compile(r"[Pp][0-9]{1,2}"),
}


def _filter_problem(request: HttpRequest) -> str:
    for name, pattern in _FILTERS.items():
        value = request.GET.get(name) or ""
        if value and not pattern.fullmatch(value):
            return _(
                "%(name)s=%(value)s is not understood: use country=KZ or KZ,GE; year=2025 or"
                " 2024,2025; level=principle or dimension; principle=P2."
            ) % {"name": name, "value": value[:40]}
    return ""


def scores_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Published scores, optionally filtered, e.g. ?country=KZ,GE&year=2025&principle=P2."""
    if fmt not in ("csv", "xlsx", "json"):
        raise Http404
    problem = _filter_problem(request)
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    query = request.GET
    record = published_record()
    rows = published_rows(
        countries=query["country"].split(",") if query.get("country") else None,
        years={int(y) for y in query["year"].split(",")} if query.get("year") else None,
        level=query.get("level") or None,
        principle=query["principle"].upper() if query.get("principle") else None,
        record=record,
    )
    name = "civicspace-scores"
    if fmt == "csv":
        response = HttpResponse(
            published_rows_csv(rows, record), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            rows_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = JsonResponse(rows_json(rows), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may fetch it
    return response


def api_page(request: HttpRequest) -> HttpResponse:
    """The API's documentation as a plain page, generated from its OpenAPI schema (the
    interactive Swagger UI is linked from here)."""
    schema = api.get_openapi_schema(path_prefix=reverse("api:index"))
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "token": bool(operation.get("security")),
                    "parameters": [
                        {
                            "name": prm["name"],
                            "where": prm["in"],
                            "required": prm.get("required", False),
                            "description": prm.get("description")
                            or prm.get("schema", {}).get("description", ""),
                        }
                        for prm in operation.get("parameters", [])
                    ],
                }
            )
    return render(
        request,
        "site_pages/api.html",
        {
            "operations": operations,
            "throttle": settings.CIVICSPACE_API_ANON_RATE,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        },
    )


# Early warning's files beside the scores: public verified events, their sources, public alerts.
EARLY_WARNING_FILES = EARLY_WARNING_CODEBOOKS


def early_warning_download(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """Public events (with their sources: a sheet of the XLSX, nested in the JSON, a file of
    their own beside the CSV) or public alerts, of one country with ?country=KZ."""
    country = request.GET.get("country") or ""
    if country and not re.fullmatch("[A-Za-z]{2}", country):
        problem = _("country=%(value)s is not understood: use country=KZ.") % {
            "value": country[:40]
        }
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    codebooks = dict(EARLY_WARNING_FILES)
    if table not in codebooks or fmt not in ("csv", "xlsx", "json"):
        raise Http404
    if table == "event-sources" and fmt != "csv":
        raise Http404  # the XLSX and JSON of events hold their sources
    codebook = codebooks[table]
    rows = alert_rows(iso2=country) if table == "alerts" else event_rows(iso2=country)
    if table == "event-sources":
        rows = [source for event in rows for source in event["sources"]]
    if fmt == "csv":
        response = HttpResponse(rows_csv(rows, codebook), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        more = (
            [("event-sources", SOURCE_CODEBOOK, [s for e in rows for s in e["sources"]])]
            if table == "events"
            else []
        )
        response = HttpResponse(
            rows_xlsx(rows, codebook, sheet=table, more=more),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = JsonResponse(
            rows_json(rows, codebook), json_dumps_params={"ensure_ascii": False}
        )
    response["Content-Disposition"] = f'attachment; filename="civicspace-{table}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may fetch it
    return response


def codebook_download(request: HttpRequest) -> HttpResponse:
    files = (("scores", CODEBOOK), *EARLY_WARNING_FILES)
    response = HttpResponse(codebook_csv(files), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="civicspace-codebook.csv"'
    return response


def schema_download(request: HttpRequest) -> HttpResponse:
    """The JSON Schema of the published record: what every snapshot stores and every output
    is read from."""
    schema = {"$id": request.build_absolute_uri(), **record_json_schema()}
    response = JsonResponse(schema, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def methodology(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("edition") or settings.CIVICSPACE_DEFAULT_EDITION
    try:
        edition = load_edition(code)
    except (FrameworkError, FileNotFoundError, KeyError):
        raise Http404 from None
    return render(
        request,
        "site_pages/methodology.html",
        {
            "edition": edition,
            "rebasing_points": edition.civicus.rebasing_points,
            "rating_rule": localise(rating_rule_words(edition.civicus.rating_rule)),
        },
    )

"""The read-only public API: published countries, cycles, scores and reports.

Everything comes from `open_data.published_record()`, the same published rows as the
downloads, so the API can never show a draft, and each score carries the codebook's columns.
Responses carry an ETag derived from the publication state and the request, so clients
revalidate cheaply; anonymous clients are rate limited per address.
"""

import hashlib
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from functools import partial, wraps
from math import ceil
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import translation
from django.utils.http import parse_etags, quote_etag
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.pagination import PaginationBase, paginate
from ninja.throttling import AnonRateThrottle

from civicspace.core.record import SCHEMA_VERSION
from civicspace.publishing.api_rows import answered_from_rows
from civicspace.publishing.api_schemas import (
    SCHEMA_VERSION_MEANING,
    CodebookOut,
    CountryDetailOut,
    CountryOut,
    CycleDetailOut,
    CycleFilter,
    CycleOut,
    IndexOut,
    ReportOut,
    Score,
    ScoreFilter,
    answers_of,
)
from civicspace.publishing.early_warning_data import EARLY_WARNING_CODEBOOKS
from civicspace.publishing.open_data import (
    CODEBOOK,
    LICENCE,
    LICENCE_TEXT,
    LICENCE_URL,
    PublishedCycle,
    Record,
    published_record,
    published_rows,
)
from civicspace.publishing.selectors import publication_state

PAGE_SIZE = 100
ANSWERS_CACHE = "api-answers"  # settings.CACHES alias, in memory per process
MAX_PAGE_SIZE = 5000  # the whole published record of 86 countries' latest year fits one page
# Answers kept by ETag are at most this big, so the cache's 200 entries stay within about 50 MB
# a process, however many addresses are asked for; a bigger one (a page of thousands of score
# rows, ~3 MB) is joined again from the rows written once per record (publishing/api_rows.py).
KEPT_ANSWER_BYTES = 256 * 1024


# A WSGI environ key that callers inside the process set (the site's baker, site/bake.py): no
# HTTP request can carry it, since request headers arrive as HTTP_* keys.
IN_PROCESS = "civicspace.in_process"


class _AnonymousThrottle(AnonRateThrottle):
    """Limits clients that are not signed in, per address (ninja's NUM_PROXIES decides
    whether X-Forwarded-For is believed; it is not by default). Requests made inside the
    process, not over the network, are not limited."""

    def allow_request(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.META.get(IN_PROCESS):
            return True
        return super().allow_request(request)


throttle = _AnonymousThrottle(settings.CIVICSPACE_API_ANON_RATE)

api = NinjaAPI(
    title="civicspace API",
    version="1",
    description=(
        "Read-only access to the published scores of the enabling environment for civil"
        " society: countries, assessment cycles, principle and dimension scores and reports."
        " Only published reports are served (the newest revision of each). " + LICENCE_TEXT
    ),
    urls_namespace="api",
    throttle=[throttle],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


View = Callable[..., HttpResponse]


def revalidating(state_of: Callable[[], str]) -> Callable[[View], View]:
    """ETag from a state (`state_of()`: the publication's, or early warning's) and the full
    request address: a client holding the current answer gets 304 Not Modified without the
    answer being built again, and any client asking again gets the answer this process already
    built for that ETag."""
    return lambda run: _revalidated(run, state_of)


def _revalidated(run: View, state_of: Callable[[], str]) -> View:
    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        state = state_of()
        etag = quote_etag(
            hashlib.sha256(f"{state}|{request.build_absolute_uri()}".encode()).hexdigest()[:32]
        )
        revalidating = etag in parse_etags(request.headers.get("If-None-Match", ""))
        answer = None if revalidating else answers().get(etag)
        # An answer not built now passed no throttle in ninja: it counts like any other.
        if (revalidating or answer is not None) and not throttle.allow_request(request):
            limited = api.create_response(request, {"detail": "Too many requests."}, status=429)
            limited["Retry-After"] = str(int(throttle.wait() or 1))
            return limited
        if revalidating:
            response: HttpResponse = HttpResponseNotModified()
        elif answer is not None:
            content, content_type = answer
            response = HttpResponse(content, content_type=content_type)
        else:
            token = _state.set(state)  # the answer is built from the state the ETag names
            try:
                # In one language, whatever the client's: the ETag does not name one, and the
                # answers' addresses (report_url) are the default language's.
                with translation.override(settings.LANGUAGE_CODE):
                    response = run(request, *args, **kwargs)
            finally:
                _state.reset(token)
            if response.status_code != 200:
                return response
            if len(response.content) <= KEPT_ANSWER_BYTES:
                answers().set(etag, (response.content, response["Content-Type"]))
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=60"
        response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
        return response

    return wrapper


def answers() -> BaseCache:
    """Built answers by ETag, per process: the ETag names the publication state, so an answer
    is never served after something new is published, and old ones age out of the cache."""
    return caches[ANSWERS_CACHE]


revalidated = decorate_view(revalidating(publication_state))
_state: ContextVar[str | None] = ContextVar("publication_state", default=None)


def _record() -> Record:
    """The published record at the state this request's ETag was made from."""
    return published_record(_state.get())


class Page(PaginationBase):
    """Page-numbered results with the total and links to the neighbouring pages."""

    class Input(Schema):
        page: int = Field(1, ge=1, description="Page number, from 1")
        page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page")

    class Output(Schema):
        schema_version: int = Field(description=SCHEMA_VERSION_MEANING)
        count: int = Field(description="Results over all pages")
        page: int
        pages: int
        next: str | None = Field(description="Address of the next page, if any")
        previous: str | None = Field(description="Address of the previous page, if any")
        items: list[Any]

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        # A `_Lazy` list is only converted for the page asked for, not for every page.
        items = queryset if isinstance(queryset, Sequence) else list(queryset)
        size = pagination.page_size
        pages = max(1, ceil(len(items) / size))

        def link(number: int) -> str | None:
            if not 1 <= number <= pages:
                return None
            query = request.GET.copy()
            query["page"] = str(number)
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        if pagination.page > pages:
            raise HttpError(404, f"There are {pages} page(s).")
        start = (pagination.page - 1) * size
        return {
            "schema_version": SCHEMA_VERSION,
            "count": len(items),
            "page": pagination.page,
            "pages": pages,
            "next": link(pagination.page + 1),
            "previous": link(pagination.page - 1),
            "items": items[start : start + size],
        }


# --- Helpers ---------------------------------------------------------------------------------


class _Lazy(Sequence[dict[str, Any]]):
    """Results converted only when read: a list page converts its hundred, not all of them
    (every page of 860 cycles made 2,580 absolute addresses, for the baked site 9 times)."""

    def __init__(self, items: Sequence[Any], convert: Callable[[Any], dict[str, Any]]) -> None:
        self._items, self._convert = items, convert

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._convert(item) for item in self._items[index]]
        return self._convert(self._items[index])


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _cycle_out(request: HttpRequest, c: PublishedCycle) -> dict[str, Any]:
    return {
        "country_iso2": c.iso2,
        "country": c.country,
        "year": c.year,
        "period_start": c.period_start,
        "period_end": c.period_end,
        "edition": c.edition,
        "revision": c.revision,
        "published": c.published,
        "demo": c.demo,
        "report_url": _absolute(request, c.report_url),
        "pdf_url": _absolute(request, c.pdf_url),
        "url": _absolute(request, reverse("api:cycle", args=[c.iso2, c.year])),
    }


def _cycles(country: str | None = None, year: int | None = None) -> list[PublishedCycle]:
    iso2 = country.upper() if country else None
    return [c for c in _record().cycles if iso2 in (None, c.iso2) and year in (None, c.year)]


def _countries(request: HttpRequest, iso2: str | None = None) -> list[dict[str, Any]]:
    """Countries with published cycles (only `iso2` if given), without the cycles themselves."""
    years: dict[str, list[PublishedCycle]] = {}
    for c in _cycles(iso2):
        years.setdefault(c.iso2, []).append(c)
    return [
        {
            "iso2": code,
            "name": cycles[0].country,
            "years": sorted(c.year for c in cycles),
            "latest_year": max(c.year for c in cycles),
            "page_url": _absolute(request, reverse("countries:country", args=[code])),
            "url": _absolute(request, reverse("api:country", args=[code])),
        }
        for code, cycles in years.items()
    ]


# --- Routes ----------------------------------------------------------------------------------


@api.get("/", response=answers_of(IndexOut), url_name="index", summary="Where everything is")
@revalidated
def index(request: HttpRequest) -> dict[str, Any]:
    def at(name: str) -> str:
        return _absolute(request, reverse(name))

    return {
        "schema_version": SCHEMA_VERSION,
        "schema_url": at("open_data:schema"),
        "countries": at("api:countries"),
        "cycles": at("api:cycles"),
        "scores": at("api:scores"),
        "reports": at("api:reports"),
        "codebook": at("api:codebook"),
        "alerts": at("api:alerts"),
        "events": at("api:events"),
        "openapi": at("api:openapi-json"),
        "docs": at("api:openapi-view"),
        "licence": LICENCE_URL,
    }


@api.get(
    "/countries",
    response=answers_of(list[CountryOut], missing=True, parameters=True),
    url_name="countries",
    summary="Countries",
)
@revalidated
@paginate(Page)
def countries(request: HttpRequest) -> list[dict[str, Any]]:
    """Countries with at least one published report, by name."""
    return _countries(request)


@api.get(
    "/countries/{iso2}",
    response=answers_of(CountryDetailOut, missing=True),
    url_name="country",
    summary="One country",
)
@revalidated
def country(request: HttpRequest, iso2: str) -> dict[str, Any]:
    """A country and its published cycles, oldest first."""
    found = _countries(request, iso2)
    if not found:
        raise HttpError(404, "No published report for this country.")
    cycles = sorted(_cycles(iso2), key=lambda c: c.year)
    return found[0] | {
        "schema_version": SCHEMA_VERSION,
        "cycles": [_cycle_out(request, c) for c in cycles],
    }


@api.get(
    "/cycles",
    response=answers_of(list[CycleOut], missing=True, parameters=True),
    url_name="cycles",
    summary="Published cycles",
)
@revalidated
@paginate(Page)
def cycles(request: HttpRequest, filters: Query[CycleFilter]) -> Sequence[dict[str, Any]]:
    """Published assessment cycles (one report each), by country name and newest year first."""
    return _Lazy(_cycles(filters.country, filters.year), partial(_cycle_out, request))


@api.get(
    "/cycles/{iso2}/{year}",
    response=answers_of(CycleDetailOut, missing=True, parameters=True),
    url_name="cycle",
    summary="One cycle with its scores",
)
@revalidated
def cycle(request: HttpRequest, iso2: str, year: int) -> dict[str, Any]:
    """A published cycle with its six principles, each with its dimensions."""
    found = _cycles(iso2, year)
    if not found:
        raise HttpError(404, "No published report for this country and year.")
    principles: list[dict[str, Any]] = []
    for row in published_rows(countries=[iso2], years=[year], record=_record()):
        if row["level"] == "principle":
            principles.append({**row, "dimensions": []})
        else:
            principles[-1]["dimensions"].append(row)
    return {
        **_cycle_out(request, found[0]),
        "schema_version": SCHEMA_VERSION,
        "principles": principles,
    }


@api.get(
    "/scores",
    response=answers_of(list[Score], missing=True, parameters=True),
    url_name="scores",
    summary="Scores",
)
@revalidated
@answered_from_rows(_record)
@paginate(Page)
def scores(request: HttpRequest, filters: Query[ScoreFilter]) -> list[dict[str, Any]]:
    """Published scores, one row per country, year and principle or dimension, with the
    codebook's columns (see /codebook). The same rows as the open-data downloads."""
    # Answered as the rows' JSON text written once per publication (publishing/api_rows.py).
    return published_rows(
        countries=[filters.country] if filters.country else None,
        years=[filters.year] if filters.year else None,
        level=filters.level,
        principle=filters.principle.upper() if filters.principle else None,
        record=_record(),
    )


@api.get(
    "/reports",
    response=answers_of(list[ReportOut], missing=True, parameters=True),
    url_name="reports",
    summary="Reports",
)
@revalidated
@paginate(Page)
def reports(request: HttpRequest, filters: Query[CycleFilter]) -> Sequence[dict[str, Any]]:
    """Published reports with the web page and PDF of every revision."""
    return _Lazy(_cycles(filters.country, filters.year), partial(_report_out, request))


def _report_out(request: HttpRequest, c: PublishedCycle) -> dict[str, Any]:
    return {
        "country_iso2": c.iso2,
        "country": c.country,
        "year": c.year,
        "revision": c.revision,
        "report_url": _absolute(request, c.report_url),
        "pdf_url": _absolute(request, c.pdf_url),
        "revisions": [
            {
                "number": r.number,
                "published": r.published,
                "correction_note": r.correction_note,
                "report_url": _absolute(
                    request, reverse("publishing:revision", args=[c.iso2, c.year, r.number])
                ),
                "pdf_url": _absolute(
                    request,
                    reverse("report_files:revision_pdf", args=[c.iso2, c.year, r.number]),
                ),
            }
            for r in c.revisions
        ],
    }


@api.get(
    "/codebook",
    response=answers_of(CodebookOut),
    url_name="codebook",
    summary="Codebook and licence",
)
@revalidated
def codebook(request: HttpRequest) -> dict[str, Any]:
    """What every column of the scores means, and the licence of the data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "schema_url": _absolute(request, reverse("open_data:schema")),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "licence_text": LICENCE_TEXT,
        "columns": [{"name": c.name, "kind": c.kind, "meaning": c.meaning} for c in CODEBOOK],
        "early_warning": {
            name: [{"name": c.name, "kind": c.kind, "meaning": c.meaning} for c in codebook]
            for name, codebook in EARLY_WARNING_CODEBOOKS
        },
    }


# Early warning's routes (publishing/api_monitoring.py) use this module's pagination, throttle
# and revalidation, so they are registered once those exist.
from civicspace.publishing.api_monitoring import router as _early_warning  # noqa: E402

api.add_router("/", _early_warning)

"""The API's typed answers: filters, answer schemas (score rows from the codebook) and the
statuses each route documents."""

import re
from datetime import date
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator, create_model, field_validator

from civicspace.publishing.early_warning_data import (
    ALERT_CODEBOOK,
    EVENT_CODEBOOK,
    SOURCE_CODEBOOK,
)
from civicspace.publishing.open_data import CODEBOOK, Column

SCHEMA_VERSION_MEANING = (
    "Version of civicspace's published-data schema this answer is written in (the published"
    " record's JSON Schema is at /data/schema.json)"
)


# --- Filters ---------------------------------------------------------------------------------


def _calendar_date_only(value: object) -> object:
    """A filter's date is written YYYY-MM-DD, as its schema says; pydantic alone would also read
    a number ("0") as seconds since 1970 and answer for a date nobody asked about."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


CalendarDate = Annotated[date, BeforeValidator(_calendar_date_only)]


class CycleFilter(Schema):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. KZ"
    )
    year: int | None = Field(None, ge=1900, le=2200, description="Assessment year")


class ScoreFilter(CycleFilter):
    principle: str | None = Field(
        None, pattern=r"^[Pp][0-9]{1,2}$", description="Principle code, e.g. P2"
    )
    level: Literal["principle", "dimension"] | None = Field(
        None, description="Only principle rows or only dimension rows"
    )


class AlertFilter(Schema):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. KZ"
    )
    since: CalendarDate | None = Field(
        None,
        description="Only alerts whose last public event is on or after this date (YYYY-MM-DD)",
    )


class EventFilter(Schema):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. KZ"
    )
    dimension: str | None = Field(
        None, pattern=r"^[0-9]{1,2}\.[0-9]{1,2}$", description="Dimension code, e.g. 1.2"
    )
    direction: Literal["deteriorating", "improving"] | None = None
    starts_from: CalendarDate | None = Field(
        None, alias="from", description="Only events on or after this date (YYYY-MM-DD)"
    )
    starts_to: CalendarDate | None = Field(
        None, alias="to", description="Only events that began on or before this date"
    )


# --- Schemas ---------------------------------------------------------------------------------

_TYPES: dict[str, Any] = {
    "string": str | None,
    "integer": int | None,
    "number": float | None,
    "date": date | None,
    "boolean": bool,
}

# One score row, its fields and their descriptions taken from the codebook. A plain pydantic
# model, not ninja's Schema: the rows are dicts already, and Schema's wrapping validator (which
# reads Django objects' attributes) ran in Python for each row, 3/4 of the full scores list's
# time (18,060 rows at 86 x 10); pydantic alone validates them in its compiled core.
Score = create_model(  # type: ignore[call-overload]
    "Score",
    __base__=BaseModel,
    **{c.name: (_TYPES[c.kind], Field(description=c.meaning)) for c in CODEBOOK},
)


def _rows_of(name: str, codebook: tuple[Column, ...], **more: Any) -> Any:
    """A row schema from a codebook: its fields and their descriptions, plus `more`."""
    return create_model(  # type: ignore[call-overload]
        name,
        __base__=Schema,
        **{c.name: (_TYPES[c.kind], Field(description=c.meaning)) for c in codebook},
        **more,
    )


EventSourceOut = _rows_of("EventSource", SOURCE_CODEBOOK)
EventOut = _rows_of(
    "Event",
    EVENT_CODEBOOK,
    sources=(list[EventSourceOut], Field(description="Its sources, oldest first")),  # type: ignore[valid-type]
    url=(str, Field(description="This event in the API")),
)
AlertOut = _rows_of("Alert", ALERT_CODEBOOK, url=(str, Field(description="This alert in the API")))


class AlertDetailOut(AlertOut):  # type: ignore[misc, valid-type]
    events: list[EventOut] = Field(  # type: ignore[valid-type]
        description="Its public events, newest first"
    )


class RevisionOut(Schema):
    number: int
    published: date
    correction_note: str = Field(description="The public note of a correction; empty for 1")
    report_url: str
    pdf_url: str


class CycleOut(Schema):
    country_iso2: str
    country: str
    year: int
    period_start: date
    period_end: date
    edition: str
    revision: int = Field(description="Newest published revision")
    published: date = Field(description="Date the newest revision was published")
    demo: bool = Field(description="Demonstration data, not assessment findings")
    report_url: str
    pdf_url: str
    url: str = Field(description="This cycle in the API, with its scores")


class ReportOut(Schema):
    country_iso2: str
    country: str
    year: int
    revision: int
    report_url: str
    pdf_url: str
    revisions: list[RevisionOut]


class DimensionOut(Schema):
    code: str
    name: str
    score: float | None
    label: str | None
    interval_low: float | None
    interval_high: float | None
    weight: float | None


class PrincipleOut(Schema):
    code: str
    name: str
    score: float | None
    score_unrounded: float | None
    label: str | None
    interval_low: float | None
    interval_high: float | None
    source: str
    civicus_score: float | None
    civicus_category: str | None
    civicus_published: date | None
    dimensions: list[DimensionOut]


class CycleDetailOut(CycleOut):
    schema_version: int = Field(description=SCHEMA_VERSION_MEANING)
    principles: list[PrincipleOut]


class CountryOut(Schema):
    iso2: str
    name: str
    years: list[int] = Field(description="Years with a published report, oldest first")
    latest_year: int
    page_url: str = Field(description="The country's page on the site")
    url: str = Field(description="The country in the API")


class CountryDetailOut(CountryOut):
    schema_version: int = Field(description=SCHEMA_VERSION_MEANING)
    cycles: list[CycleOut]


class ColumnOut(Schema):
    name: str
    kind: str
    meaning: str


class CodebookOut(Schema):
    schema_version: int = Field(description=SCHEMA_VERSION_MEANING)
    schema_url: str = Field(description="Address of the published record's JSON Schema")
    licence: str
    licence_url: str
    licence_text: str
    columns: list[ColumnOut]
    early_warning: dict[str, list[ColumnOut]] = Field(
        description="The columns of early warning's files and answers: events, event-sources,"
        " alerts"
    )


class IndexOut(Schema):
    schema_version: int = Field(description=SCHEMA_VERSION_MEANING)
    schema_url: str = Field(description="Address of the published record's JSON Schema")
    countries: str
    cycles: str
    scores: str
    reports: str
    codebook: str
    alerts: str
    events: str
    openapi: str
    docs: str
    licence: str


class Problem(Schema):
    detail: str = Field(description="What is wrong, in words")


class Invalid(Schema):
    detail: list[dict[str, Any]] = Field(description="Each parameter that is not understood")


def answers_of(ok: Any, *, missing: bool = False, parameters: bool = False) -> dict[int, Any]:
    """Every status a route answers, for its OpenAPI schema: the answer, 304 to a client holding
    it (If-None-Match), 429 past the anonymous rate limit, and where they can happen 404 (no such
    published report, or page) and 422 (a parameter not understood)."""
    answers: dict[int, Any] = {200: ok, 304: None, 429: Problem}
    if missing:
        answers[404] = Problem
    if parameters:
        answers[422] = Invalid
    return answers


# --- The write API (a Network Member's token) -------------------------------------------------


class _Typed(Schema):
    """Text as a person could type it: no NUL character, which no database keeps (PostgreSQL
    refuses the whole row), so it is the field's error (422), as the workspace's forms say."""

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Text may not hold a NUL character.")
        return value


class SourceIn(_Typed):
    title: str = Field(min_length=1, max_length=300)
    url: str = Field("", max_length=500, pattern=r"^(https?://\S+)?$", description="http(s) only")
    publisher: str = Field("", max_length=200)
    published_on: date | None = None
    kind: Literal["media", "official", "ngo", "first-hand"] = "media"


class EventIn(_Typed):
    """An event as the workspace's form records it (docs/early-warning.md); it starts as
    submitted, for the consortium to verify."""

    country: str = Field(
        pattern=r"^[A-Za-z]{2}$", description="ISO alpha-2 code of the token's own country"
    )
    title: str = Field(min_length=1, max_length=300)
    event_type: str = Field(max_length=60, description="A code of the edition's event types")
    starts_on: date = Field(description="Date of the event, or the day it began")
    ends_on: date | None = None
    dimensions: list[str] = Field(min_length=1, max_length=18, description="Codes, e.g. 1.2")
    direction: Literal["deteriorating", "improving"]
    description: str = Field("", max_length=20000, description="Markdown")
    actor: Literal["state", "non-state", "unknown"] = "unknown"
    actors_detail: str = Field("", max_length=300)
    affected_groups: str = Field("", max_length=300)
    affected_count: int | None = Field(None, ge=0, le=2_000_000_000)
    region: str = Field("", max_length=120)
    city: str = Field("", max_length=120)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    sensitivity: Literal["public", "consortium", "restricted"] = "public"
    sources: list[SourceIn] = Field(default_factory=list, max_length=50)


class EventCreatedOut(Schema):
    event_id: int
    state: str = Field(description="'submitted': the consortium verifies it next")
    workspace_url: str = Field(description="The event in the member's workspace")


class MemberEventOut(Schema):
    event_id: int
    country_iso2: str
    title: str
    event_type: str
    starts_on: date
    direction: str
    sensitivity: str
    state: str = Field(description="submitted, verifying, verified, rejected or more-information")
    state_note: str = Field(description="The consortium's reason or request, if any")
    impact: int | None
    workspace_url: str


class FieldProblem(Schema):
    loc: list[str | int] = Field(description="Where: body, then the field's name")
    msg: str


class Refused(Schema):
    detail: list[FieldProblem] = Field(description="Each field that is refused, and why")


def write_answers(ok: Any, status: int) -> dict[int, Any]:
    """The write routes' statuses: 401 without a live token, 403 outside its country, 400/422
    for a body that cannot be read or is refused (with field names), 429 past the rate."""
    return {status: ok, 400: Problem, 401: Problem, 403: Problem, 422: Refused, 429: Problem}

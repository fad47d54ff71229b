"""The API's typed answers: filters, answer schemas (score rows from the codebook) and the
statuses each route documents."""

from datetime import date
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import create_model

from civicspace.publishing.open_data import CODEBOOK

SCHEMA_VERSION_MEANING = (
    "Version of civicspace's published-data schema this answer is written in (the published"
    " record's JSON Schema is at /data/schema.json)"
)


# --- Filters ---------------------------------------------------------------------------------


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


# --- Schemas ---------------------------------------------------------------------------------

_TYPES: dict[str, Any] = {
    "string": str | None,
    "integer": int | None,
    "number": float | None,
    "date": date | None,
    "boolean": bool,
}

# One score row, its fields and their descriptions taken from the codebook.
Score = create_model(  # type: ignore[call-overload]
    "Score",
    __base__=Schema,
    **{c.name: (_TYPES[c.kind], Field(description=c.meaning)) for c in CODEBOOK},
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


class IndexOut(Schema):
    schema_version: int = Field(description=SCHEMA_VERSION_MEANING)
    schema_url: str = Field(description="Address of the published record's JSON Schema")
    countries: str
    cycles: str
    scores: str
    reports: str
    codebook: str
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

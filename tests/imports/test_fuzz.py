"""Fuzzing every importer: arbitrary bytes and mutated valid files give a clean refusal
(ImportRefused) or a clean result, never another exception.

Brief in the test suite (profile "fuzz-quick"); `make fuzz` runs the long profile
(CIVICSPACE_FUZZ=fuzz-long).
"""

import contextlib
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicspace.core.messages import _
from civicspace.imports.civicus import CIVICUS_COLUMNS, validate_ratings
from civicspace.imports.indicators import INDICATOR_COLUMNS, validate_indicators
from civicspace.imports.problems import ImportRefused
from civicspace.imports.scores import SCORE_COLUMNS, validate_scores
from civicspace.imports.tabular import Columns, Table, read_table
from civicspace.imports.values import (
    CountryResolver,
    ValueProblem,
    parse_date,
    parse_decimal,
    parse_year,
)
from civicspace.imports.workbook import (
    DimensionRow,
    PanelistRow,
    SourceRow,
    WorkbookContent,
    workbook_build,
)
from civicspace.imports.workbook_upload import workbook_parse
from tests.imports.xlsx_files import EDITION

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("fuzz-quick", max_examples=15, deadline=None, suppress_health_check=_SLOW)
settings.register_profile(
    "fuzz-long", max_examples=3_000, deadline=None, suppress_health_check=_SLOW
)
FUZZ = settings.get_profile(os.environ.get("CIVICSPACE_FUZZ", "fuzz-quick"))

RESOLVER = CountryResolver({"KZ": "Kazakhstan", "KE": "Kenya"})

# Bytes a mutation inserts: arbitrary ones, and pieces of XML and values that reach deeper.
PIECES = st.binary(max_size=12) | st.sampled_from(
    [
        b"<",
        b">",
        b'"',
        b"</c>",
        b"<row>",
        b'<c r="XFD9" t="s"><v>99999</v></c>',
        b'<c t="d"><v>x</v></c>',
        b'<c t="e"><v>#REF!</v></c>',
        b"<v>1e400</v>",
        b"<v>nan</v>",
        b"<f>1/0</f>",
        b"_x0000_",
        b"_xD800_",
        b"&#0;",
        b'ref="A1:XFD1048576"',
        b'<dimension ref="B2:A1"/>',
        b"=HYPERLINK(A1)",
        b"\xff\xfe",
    ]
)


def mutate(draw: Callable[[Any], Any], body: bytes) -> bytes:
    for _n in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(body)))
        cut = draw(st.integers(0, 24))
        body = body[:at] + draw(PIECES) + body[at + cut :]
    return body


@st.composite
def mutated_zip(draw: Callable[[Any], Any], base: bytes) -> bytes:
    """`base` with one member's content mutated, zipped again: reaches the XML parsers."""
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    name = draw(st.sampled_from(sorted(members)))
    members[name] = mutate(draw, members[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, body in members.items():
            archive.writestr(member, body)
    return out.getvalue()


@st.composite
def mutated_bytes(draw: Callable[[Any], Any], base: bytes) -> bytes:
    return mutate(draw, base)


@cache
def filled_workbook() -> bytes:
    row = DimensionRow(
        Decimal("3"),
        "=Reasons\tand\nmore",
        (SourceRow("Law", "https://example.org/law", date(2025, 1, 15), "law"),),
        {"P01": Decimal("2.5")},
    )
    content = WorkbookContent(
        "KZ",
        "Kazakhstan",
        2025,
        EDITION.code,
        {"4.1": 2},
        [PanelistRow("P01", "media", "f", "30-44", "north")],
        dict.fromkeys(EDITION.panel_dimensions, row),
    )
    return workbook_build(content, EDITION)


def workbook_import(data: bytes) -> None:
    with contextlib.suppress(ImportRefused):
        workbook_parse(data, iso2="KZ", year=2025, edition=EDITION)


@FUZZ
@given(st.binary(max_size=4_000))
def test_workbook_upload_of_arbitrary_bytes(data):
    workbook_import(data)


@FUZZ
@given(st.one_of(mutated_zip(filled_workbook()), mutated_bytes(filled_workbook())))
def test_workbook_upload_of_a_mutated_workbook(data):
    workbook_import(data)


CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.dates(),
    st.datetimes(),
    st.text(),
    st.from_regex(r"[+-]?\d{1,3}([.,]\d{1,3})?([eE][+-]?\d{1,4})?", fullmatch=True),
)


@FUZZ
@given(CELLS)
def test_every_cell_value_parses_or_is_explained(value):
    for parse in (
        lambda v: parse_decimal(v, places=2),
        parse_year,
        parse_date,
        RESOLVER.resolve,
    ):
        with contextlib.suppress(ValueProblem):
            parse(value)


def scores(table: Table) -> object:
    return validate_scores(
        table,
        resolver=RESOLVER,
        editions={("KZ", 2025): EDITION},
        cycle_hint=lambda country, year: _("no cycle %(c)s %(y)s", c=country, y=year),
    )


def ratings(table: Table) -> object:
    return validate_ratings(
        table, resolver=RESOLVER, method=EDITION.civicus, today=date(2026, 1, 1)
    )


def indicators(table: Table) -> object:
    return validate_indicators(table, resolver=RESOLVER, series={"vdem-civil-society"})


IMPORTERS: dict[str, tuple[Columns, Callable[[Table], object], list[list[Any]]]] = {
    "scores": (
        SCORE_COLUMNS,
        scores,
        [
            ["country", "year", "dimension", "score", "justification"],
            ["KZ", 2025, "4.1", 2.5, "ok"],
        ],
    ),
    "civicus": (
        CIVICUS_COLUMNS,
        ratings,
        [["country", "date", "score", "category"], ["KZ", "2025-03-01", 30, "repressed"]],
    ),
    "indicators": (
        INDICATOR_COLUMNS,
        indicators,
        [["series", "country", "year", "value"], ["vdem-civil-society", "KZ", 2024, 0.31]],
    ),
}


def table_import(kind: str, name: str, data: bytes) -> None:
    columns, validate, _rows = IMPORTERS[kind]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, name)
        path.write_bytes(data)
        with contextlib.suppress(ImportRefused):
            validate(read_table(path, columns))


@cache
def valid_csv(kind: str) -> bytes:
    rows = IMPORTERS[kind][2]
    return "".join(",".join(str(v) for v in row) + "\n" for row in rows).encode()


@cache
def valid_xlsx(kind: str) -> bytes:
    book = openpyxl.Workbook()
    for row in IMPORTERS[kind][2]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


KINDS = st.sampled_from(sorted(IMPORTERS))


@FUZZ
@given(KINDS, st.sampled_from(["upload.csv", "upload.xlsx"]), st.binary(max_size=2_000))
def test_table_imports_of_arbitrary_bytes(kind, name, data):
    table_import(kind, name, data)


@FUZZ
@given(KINDS, st.text(max_size=300))
def test_table_imports_of_arbitrary_csv_text(kind, text):
    table_import(kind, "upload.csv", valid_csv(kind).split(b"\n")[0] + b"\n" + text.encode())


@FUZZ
@given(st.data(), KINDS)
def test_table_imports_of_mutated_files(data, kind):
    csv_data = data.draw(mutated_bytes(valid_csv(kind)))
    table_import(kind, "upload.csv", csv_data)
    xlsx_data = data.draw(st.one_of(mutated_zip(valid_xlsx(kind)), mutated_bytes(valid_xlsx(kind))))
    table_import(kind, "upload.xlsx", xlsx_data)

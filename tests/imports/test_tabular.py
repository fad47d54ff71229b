"""Reading messy CSV and XLSX files into records that remember their place."""

from datetime import date

import openpyxl
import pytest

from civicspace.imports.problems import ImportRefused
from civicspace.imports.scores import SCORE_COLUMNS
from civicspace.imports.tabular import read_table


def write(tmp_path, text, name="scores.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_bom_semicolons_and_blank_lines(tmp_path):
    path = write(
        tmp_path,
        "\ufeffCountry;Year;Dimension code;Score;Justification\n\nKZ;2025;4.1;2,5;ok\n\n",
    )
    table = read_table(path, SCORE_COLUMNS)
    [record] = table.records
    assert record.row == 3
    assert record.values == {
        "country": "KZ",
        "year": "2025",
        "dimension": "4.1",
        "score": "2,5",
        "justification": "ok",
    }


def test_tab_separated(tmp_path):
    path = write(tmp_path, "country\tyear\tdimension\tscore\nKZ\t2025\t4.1\t2.5\n")
    assert read_table(path, SCORE_COLUMNS).records[0].values["score"] == "2.5"


def test_unquoted_decimal_comma_in_a_comma_file_is_explained(tmp_path):
    path = write(tmp_path, "country,year,dimension,score\nKZ,2025,4.1,2,5\n")
    with pytest.raises(ImportRefused, match="row 2: 5 values but the header names 4 columns"):
        read_table(path, SCORE_COLUMNS)


def test_missing_columns_are_named(tmp_path):
    path = write(tmp_path, "country,year,value_x\nKZ,2025,3\n")
    with pytest.raises(ImportRefused, match=r"row 1: missing columns dimension, score; the header"):
        read_table(path, SCORE_COLUMNS)


def test_one_missing_column_is_named_in_the_singular(tmp_path):
    path = write(tmp_path, "country,year,dimension\nKZ,2025,4.1\n")
    with pytest.raises(ImportRefused, match=r"row 1: missing column score; the header has"):
        read_table(path, SCORE_COLUMNS)


def test_unrecognised_columns_are_ignored_with_a_notice(tmp_path):
    path = write(tmp_path, "country,year,dimension,score,notes\nKZ,2025,4.1,3,x\n")
    table = read_table(path, SCORE_COLUMNS)
    assert 'column "notes": column not recognised; ignored' in str(table.notices[0])


def test_row_numbers_count_multiline_quoted_cells(tmp_path):
    path = write(
        tmp_path,
        'country,year,dimension,score,justification\nKZ,2025,4.1,3,"two\nlines"\nKZ,2025,4.2,3,x\n',
    )
    assert [r.row for r in read_table(path, SCORE_COLUMNS).records] == [2, 4]


def test_not_utf8_is_refused_with_advice(tmp_path):
    path = write(tmp_path, "country,year,dimension,score\nKöln,2025,4.1,3\n", encoding="latin-1")
    with pytest.raises(
        ImportRefused, match='row 2: the file is not UTF-8 text; save it as "CSV UTF-8"'
    ):
        read_table(path, SCORE_COLUMNS)


def test_empty_file(tmp_path):
    with pytest.raises(ImportRefused, match="the file is empty"):
        read_table(write(tmp_path, "\n\n"), SCORE_COLUMNS)


@pytest.mark.parametrize(
    ("name", "message"), [("a.xls", "old Excel"), ("a.ods", "expected a .csv")]
)
def test_other_formats_are_refused(tmp_path, name, message):
    with pytest.raises(ImportRefused, match=message):
        read_table(write(tmp_path, "x", name=name), SCORE_COLUMNS)


def test_xlsx_skips_instruction_sheets_and_names_the_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Read me"
    workbook.active.append(["Fill in the Scores sheet."])
    sheet = workbook.create_sheet("Scores")
    sheet.append([])
    sheet.append(["Country", "Year", "Dimension", "Score"])
    sheet.append(["Kazakhstan", 2025, 4.1, 2.5])
    sheet.append(["KZ", 2025, "4.2", date(2025, 1, 1)])
    path = tmp_path / "scores.xlsx"
    workbook.save(path)
    table = read_table(path, SCORE_COLUMNS)
    assert [(r.sheet, r.row) for r in table.records] == [("Scores", 3), ("Scores", 4)]
    assert table.records[0].values["dimension"] == 4.1
    assert 'sheet "Read me": no recognised header row' in str(table.notices[0])


def test_xlsx_without_any_data_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["nothing here"])
    path = tmp_path / "x.xlsx"
    workbook.save(path)
    with pytest.raises(ImportRefused, match="no sheet has a header row"):
        read_table(path, SCORE_COLUMNS)


def test_damaged_xlsx(tmp_path):
    with pytest.raises(ImportRefused, match="could not be opened as an Excel workbook"):
        read_table(write(tmp_path, "not a zip", name="x.xlsx"), SCORE_COLUMNS)

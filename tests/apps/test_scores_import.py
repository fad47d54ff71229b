"""`scores_import`: all or nothing, every problem with its row and column."""

from decimal import Decimal

import openpyxl
import pytest

from civicspace.assessments.models import DimensionScore
from civicspace.assessments.services import scores_import
from civicspace.imports.problems import ImportRefused

pytestmark = pytest.mark.django_db

HEADER = "country,year,dimension,score,justification\n"


def stored():
    return {
        (s.cycle.country.iso2, s.dimension): (s.value, s.justification, s.version)
        for s in DimensionScore.objects.select_related("cycle__country")
    }


def refused(path) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        scores_import(path=path)
    return [str(p) for p in caught.value.problems]


def test_a_clean_file_is_imported(programme, write_csv):
    path = write_csv(HEADER + "KZ,2025,4.1,2.5,Slow answers to requests.\nKZ,2025,4.2,2.6,x\n")
    report = scores_import(path=path)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert stored()[("KZ", "4.1")] == (Decimal("2.5"), "Slow answers to requests.", 1)


def test_the_example_error_message_and_nothing_written(programme, write_csv):
    good = "".join(
        f"KE,2025,{d},3,ok\n"
        for d in [
            "2.1",
            "2.2",
            "2.3",
            "3.1",
            "3.2",
            "3.3",
            "4.1",
            "4.2",
            "4.3",
            "5.1",
            "5.2",
            "5.3",
        ]
    )
    path = write_csv(HEADER + good + "KE,2025,6.1,6.5,too high\n")  # header is row 1: bad row is 14
    assert refused(path) == ['row 14, column "score": 6.5 is outside the scale 1-5']
    assert DimensionScore.objects.count() == 0


def test_a_refused_file_leaves_existing_scores_untouched(programme, write_csv):
    scores_import(path=write_csv(HEADER + "KZ,2025,4.1,2.5,first\n"))
    before = stored()
    path = write_csv(HEADER + "KZ,2025,4.1,3.5,changed\nKZ,2025,9.9,3,bad\n")
    assert refused(path) == [
        'row 3, column "dimension": "9.9" is not a dimension of eusee-2025'
        " (the panel scores 2.1 to 6.3)"
    ]
    assert stored() == before


def test_every_problem_is_reported_at_once(programme, write_csv):
    path = write_csv(
        HEADER
        + "Atlantis,2025,4.1,3,x\n"
        + "KZ,2024,4.1,3,x\n"
        + "KZ,2025,1.2,3,x\n"
        + "KZ,2025,4.1,abc,x\n"
        + "KZ,twenty,4.1,3,x\n"
    )
    problems = refused(path)
    assert len(problems) == 5
    assert problems[0].startswith("row 2, column \"country\": 'Atlantis' is not a country")
    assert problems[1].startswith('row 3, column "year": KZ has no 2024 assessment cycle')
    assert "civicspace cycle create KZ 2024" in problems[1]
    assert problems[2].startswith(
        'row 4, column "dimension": dimension 1.2 is rebased from the CIVICUS Monitor rating'
    )
    assert problems[3] == "row 5, column \"score\": 'abc' is not a number"
    assert problems[4] == "row 6, column \"year\": 'twenty' is not a year"


def test_realistic_mess_is_understood(programme, write_csv):
    text = (
        "\ufeffCountry;Year;Dimension code;Score;Justification\n"
        "\n"
        "Kazakhstan;2025;4.1;2,5;Decimal comma and a country name\n"
        "kaz;2025;4.2;n/a;\n"
        "KZ;2025;4.1;2,5;Decimal comma and a country name\n"
        ";;;;\n"
        "Kenya;2025.0;6.3;4;\n"
    )
    report = scores_import(path=write_csv(text))
    assert report.created == 2
    notices = [str(n) for n in report.notices]
    assert 'row 4, column "score": not assessed; dimension 4.2 left as it is' in notices
    assert "row 5: repeats row 3; imported once" in notices
    assert 'row 7, column "justification": no justification given' in notices
    assert stored()[("KZ", "4.1")][0] == Decimal("2.5")
    assert ("KZ", "4.2") not in stored()


def test_conflicting_duplicates_are_refused(programme, write_csv):
    path = write_csv(HEADER + "KZ,2025,4.1,2.5,a\nKZ,2025,4.1,3.0,a\n")
    assert refused(path) == ["row 3: gives 3 for KZ 2025 dimension 4.1, but row 2 gives 2.5"]


def test_reimport_updates_and_bumps_the_version(programme, write_csv):
    scores_import(path=write_csv(HEADER + "KZ,2025,4.1,2.5,a\n"))
    report = scores_import(path=write_csv(HEADER + "KZ,2025,4.1,2.8,b\nKZ,2025,4.2,2.6,c\n"))
    assert (report.created, report.updated) == (1, 1)
    assert stored()[("KZ", "4.1")] == (Decimal("2.8"), "b", 2)
    again = scores_import(path=write_csv(HEADER + "KZ,2025,4.1,2.8,b\n"))
    assert again.unchanged == 1


def test_a_country_outside_the_programme_is_refused(programme, write_csv):
    problems = refused(write_csv(HEADER + "NO,2025,4.1,3,x\n"))
    assert problems == [
        'row 2, column "country": Norway (NO) is not one of the programme\'s countries'
    ]


def test_xlsx_problems_name_the_sheet(programme, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Panel scores"
    sheet.append(["country", "year", "dimension", "score", "justification"])
    sheet.append(["KZ", 2025, 4.1, 2.5, "fine"])
    sheet.append(["KZ", 2025, 4.2, 0.5, "too low"])
    path = tmp_path / "scores.xlsx"
    workbook.save(path)
    assert refused(path) == [
        'sheet "Panel scores", row 3, column "score": 0.5 is outside the scale 1-5'
    ]
    sheet["D3"] = 2.6
    workbook.save(path)
    assert scores_import(path=path).created == 2

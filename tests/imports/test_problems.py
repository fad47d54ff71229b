"""Import problems: English lines as before, and translatable Messages with literal patterns."""

import ast
import io
from pathlib import Path

import openpyxl
import pytest

import civicspace.imports
from civicspace.core.framework import load_edition
from civicspace.core.messages import Message, _
from civicspace.imports.problems import ImportRefused, ImportReport, Place, Problem
from civicspace.imports.scores import SCORE_COLUMNS, validate_scores
from civicspace.imports.tabular import read_table
from civicspace.imports.values import CountryResolver
from civicspace.imports.workbook import WorkbookContent, workbook_build
from civicspace.imports.workbook_upload import workbook_parse

EDITION = load_edition("eusee-2025")


def former_place(place: Place) -> str:
    """How a place was written before problems became Messages (the command line's wording)."""
    parts = []
    if place.sheet is not None:
        parts.append(f'sheet "{place.sheet}"')
    if place.cell is not None:
        parts.append(f"cell {place.cell}")
    elif place.row is not None:
        parts.append(f"row {place.row}")
    if place.column is not None:
        parts.append(f'column "{place.column}"')
    return ", ".join(parts)


PLACES = [
    Place(sheet=sheet, row=row, column=column, cell=cell)
    for sheet in (None, "Panel scores")
    for row in (None, 7)
    for column in (None, "score")
    for cell in (None, "D7")
]


def marked_patterns() -> set[str]:
    """Every literal first argument of `_(...)` and both of `_n(...)` in the import readers and
    the core rules they apply: what `make messages` collects (adjacent literals are one string,
    as for xgettext)."""
    found = set()
    readers = Path(civicspace.imports.__file__).parent
    for path in [*readers.glob("*.py"), *(readers.parent / "core").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                count = {"_": 1, "_n": 2}.get(node.func.id, 0)
                for arg in node.args[:count]:
                    assert isinstance(arg, ast.Constant), f"{path.name}:{node.lineno}"
                    found.add(str(arg.value))
    return found


def patterns(message: Message) -> list[str]:
    """The patterns a message is worded from, its nested messages' included."""
    own = [message.text] + ([message.plural] if message.plural else [])
    nested = [p for v in message.values.values() if isinstance(v, Message) for p in patterns(v)]
    return own + nested


@pytest.mark.parametrize("place", PLACES, ids=former_place)
def test_a_problem_reads_as_before_and_its_message_reads_the_same(place):
    problem = Problem(place, _("%(value)s is not a number", value="'abc'"))
    where = former_place(place)
    expected = f"{where}: 'abc' is not a number" if where else "'abc' is not a number"
    assert str(problem) == expected
    assert str(problem.as_message()) == expected
    assert str(place) == where
    assert set(patterns(problem.as_message())) <= marked_patterns()


def test_the_place_is_translated_as_a_whole():
    catalogue = {
        "%(place)s: %(problem)s": "%(place)s — %(problem)s",
        'sheet "%(sheet)s", cell %(cell)s': "лист «%(sheet)s», ячейка %(cell)s",
        "%(value)s is not a number": "%(value)s — не число",
    }
    problem = Problem(
        Place(sheet="P4", row=4, cell="D4"), _("%(value)s is not a number", value="'x'")
    )
    worded = problem.as_message().render(lambda t: catalogue.get(t, t), lambda s, p, n: s)
    assert worded == "лист «P4», ячейка D4 — 'x' — не число"


def test_a_refusal_is_english_one_problem_a_line():
    refused = ImportRefused(
        [
            Problem(Place(row=3, column="year"), _("no country given")),
            Problem(Place(), _("the file is empty")),
        ]
    )
    assert str(refused) == 'the file is empty\nrow 3, column "year": no country given'


def test_the_report_summary_is_one_message_with_three_counts():
    summary = ImportReport(created=3, updated=1, unchanged=0).summary()
    assert str(summary) == "3 created, 1 updated, 0 unchanged"
    assert f"{summary}" == "3 created, 1 updated, 0 unchanged"  # as the command line prints it
    assert summary.text in marked_patterns()


# Values only a cell holds: they must reach the English line but never the pattern.
DISTINCTIVE = ["Atlantis", "Kazahkstan", "twenty", "1890", "abc", "2.555", "7.25", "9.9", "2.75"]


def messy_scores(tmp_path, *, last: str = ""):
    path = tmp_path / "scores.csv"
    path.write_text(
        "country,year,dimension,score,justification,notes\n"
        "Atlantis,2025,4.1,3,x,\n"
        "Kazahkstan,2025,4.1,3,x,\n"
        "KZ,twenty,4.1,3,x,\n"
        "KZ,1890,4.1,3,x,\n"
        "KZ,2025,4.1,abc,x,\n"
        "KZ,2025,4.2,2.555,x,\n"
        "KZ,2025,4.3,7.25,x,\n"
        "KZ,2025,9.9,3,x,\n"
        "KZ,2025,1.2,3,x,\n"
        "KE,2024,4.1,3,x,\n"
        "KZ,2025,5.1,2.5,one,\n"
        "KZ,2025,5.1,2.75,other,\n"
        "KZ,2025,5.2,3,,\n" + last,
        encoding="utf-8",
    )
    return path


def test_every_problem_of_a_refused_import_is_a_message_with_a_literal_pattern(tmp_path):
    with pytest.raises(ImportRefused) as caught:
        read_table(messy_scores(tmp_path, last="KZ,2025,5.3,3,x,3,4\n"), SCORE_COLUMNS)
    tabular = caught.value.problems  # a row with too many values refuses the table at once
    assert [str(p) for p in tabular] == [
        "row 15: 7 values but the header names 6 columns (a decimal comma in a comma-separated"
        " file? quote the number or use ; as the separator)"
    ]
    table = read_table(messy_scores(tmp_path), SCORE_COLUMNS)
    with pytest.raises(ImportRefused) as caught:
        validate_scores(
            table,
            resolver=CountryResolver({"KZ": "Kazakhstan", "KE": "Kenya"}),
            editions={("KZ", 2025): EDITION},
            cycle_hint=lambda country, year: _(
                "%(country)s has no %(year)s cycle", country=country, year=year
            ),
        )
    problems = tabular + caught.value.problems
    assert len(problems) == 12
    english = "\n".join(str(p) for p in problems)
    for value in DISTINCTIVE:
        assert value in english
    known = marked_patterns() | {"%(country)s has no %(year)s cycle"}
    for problem in problems + table.notices:
        message = problem.as_message()
        assert isinstance(problem.message, Message)
        assert str(message) == str(problem)
        for pattern in patterns(message):
            assert pattern in known
            assert not any(value in pattern for value in DISTINCTIVE), pattern


def test_a_refused_workbook_names_sheets_and_cells_with_literal_patterns():
    content = WorkbookContent(
        iso2="KZ",
        country="Kazakhstan",
        year=2025,
        edition=EDITION.code,
        versions={},
        panelists=[],
        dimensions={},
    )
    book = openpyxl.load_workbook(io.BytesIO(workbook_build(content, EDITION)))
    book["Panel"].append(["P01"])
    book["Panel"].append(["p01"])
    book["P4"]["D4"] = "lots"
    book["P4"]["F4"] = (
        "Law on NGOs | ftp://x | | law\nGazette | | | scroll\nDecree | https://x.kz | 2024-13-45"
    )
    book["P5"]["D5"] = 3.75
    book["P3"]["A5"] = "3.9"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportRefused) as caught:
        workbook_parse(buffer.getvalue(), iso2="KZ", year=2025, edition=EDITION)
    problems = caught.value.problems
    assert [str(p) for p in problems] == [
        'sheet "P3": dimension 3.2 is missing',
        "sheet \"P3\", cell A5: '3.9' is not a dimension of P3",
        "sheet \"P4\", cell D4: 'lots' is not a number",
        "sheet \"P4\", cell F4: source 'Law on NGOs': 'ftp://x' is not a web address",
        "sheet \"P4\", cell F4: source 'Gazette': kind 'scroll' is not one of law, index, report,"
        " news, other",
        "sheet \"P4\", cell F4: source 'Decree': '2024-13-45' is not a real date",
        'sheet "P5", cell E5: dimension 5.2 has a score but no justification',
        'sheet "Panel", cell A5: code P01 is used twice (rows 4 and 5)',
    ]
    known = marked_patterns()
    for problem in problems:
        for pattern in patterns(problem.as_message()):
            assert pattern in known
            assert not any(
                v in pattern for v in ("lots", "Gazette", "scroll", "Decree", "13-45", "3.9", "P01")
            )

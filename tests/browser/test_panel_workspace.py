"""A Network Member's session in a real browser: panel, scores, interval, workbook round trip."""

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from civicspace.accounts.models import Role
from civicspace.assessments.models import DimensionScore
from civicspace.countries.models import Country

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"


@pytest.fixture
def member_page(programme, live_server, page):
    user = get_user_model().objects.create_user("kz-member", password=PASSWORD)
    Role.objects.create(user=user, kind="member", country=Country.objects.get(iso2="KZ"))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("kz-member")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Kazakhstan 2025").click()
    return page


def test_member_records_panel_scores_a_principle_and_sees_the_interval(member_page, tmp_path):
    page = member_page
    page.get_by_role("link", name="Panel and panelists").click()
    page.get_by_label("Date the panel met").fill("2025-09-17")
    page.get_by_label("Format").select_option("hybrid")
    page.get_by_label("Number of participants").fill("3")
    page.get_by_role("button", name="Save panel").click()
    expect(page.get_by_text("Panel saved.")).to_be_visible()
    for code in ("P01", "P02", "P03"):
        page.get_by_label("Pseudonym").fill(code)
        page.get_by_role("button", name="Add panelist").click()
        expect(page.get_by_text(f"Panelist {code} added.")).to_be_visible()

    page.goto(page.url.replace("/panel/", "/P4/"))
    rows = {"4.1": ("2.5", [2, 3, 2]), "4.2": ("2.6", [3, 2, 3]), "4.3": ("3", [1, 4, 4])}
    for code, (agreed, individual) in rows.items():
        box = page.locator(f'[id="dimension-{code}"]')
        for panelist, value in zip(("P01", "P02", "P03"), individual, strict=True):
            box.get_by_label(panelist).fill(str(value))
        box.get_by_label("Agreed score").fill(agreed)
        box.get_by_label("Justification").fill(f"The panel's reasons for {code}.")
    page.get_by_role("button", name="Save P4").click()
    expect(page.get_by_text("Open and Responsive State saved.")).to_be_visible()
    figures = page.locator(".principle-figures").inner_text()
    assert "Panel mean" in figures
    assert "90%:" in figures
    expect(page.locator(".dissent")).to_have_count(1)  # only 4.3: panelists 3 points apart

    page.get_by_role("link", name="Kazakhstan 2025").click()
    p4 = page.get_by_role("row").filter(has_text="P4 Open and Responsive State")
    assert "2.7" in p4.inner_text()
    assert "90%:" in p4.inner_text()

    page.get_by_role("link", name="Offline workbook").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the workbook").click()
    path = tmp_path / "workbook.xlsx"
    info.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert book["P4"]["D4"].value == 2.5
    book["P2"]["D4"] = 2
    book["P2"]["E4"] = "Written offline in the panel room."
    buffer = io.BytesIO()
    book.save(buffer)
    page.set_input_files(
        "input[name=workbook]",
        files=[
            {
                "name": "filled.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": buffer.getvalue(),
            }
        ],
    )
    page.get_by_role("button", name="Check the workbook").click()
    expect(page.get_by_role("cell", name="2.1 agreed score")).to_be_visible()
    assert not DimensionScore.objects.filter(dimension="2.1").exists()
    page.get_by_role("button", name="Apply these changes").click()
    expect(page.get_by_text("The workbook was applied.")).to_be_visible()
    assert DimensionScore.objects.get(dimension="2.1").justification.startswith("Written offline")


def test_unsaved_typing_survives_a_reload(member_page):
    page = member_page
    page.goto(page.url + "P3/")
    box = page.locator('[id="dimension-3.1"]')
    box.get_by_label("Justification").fill("Half-written when the connection dropped.")
    page.reload()
    expect(page.get_by_role("status").filter(has_text="Unsaved changes")).to_be_visible()
    restored = page.locator('[id="dimension-3.1"]').get_by_label("Justification").input_value()
    assert restored == "Half-written when the connection dropped."

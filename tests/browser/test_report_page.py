"""A Country Focus Report in the browser: charts without JavaScript, PDF download, drafts."""

import io
import subprocess

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.apps.helpers import PASSWORD, person

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_published_report_reads_without_javascript(demo, live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/reports/TN/2025/")
    expect(page.get_by_role("heading", name="Tunisia 2025", exact=True)).to_be_visible()
    charts = page.locator("svg.chart")
    # The profile, the change, a scale per principle, and dimensions of the five panel ones.
    expect(charts).to_have_count(1 + 1 + 6 + 5)
    profile = page.get_by_role("img", name="Tunisia 2025: the six principles")
    expect(profile).to_be_visible()
    box = profile.bounding_box()
    assert box["width"] > 300
    assert box["height"] > 100
    page.get_by_role("link", name="C. Recommendations").click()
    assert page.url.endswith("#part-c")
    arabic = page.locator("text=المرسوم عدد 88").first
    expect(arabic).to_be_visible()
    shot = Image.open(io.BytesIO(page.screenshot())).convert("L")
    low, high = shot.getextrema()
    assert high - low > 100
    context.close()


def test_the_download_button_gives_the_reports_pdf(demo, live_server, page, tmp_path):
    page.goto(f"{live_server.url}/reports/KZ/2024/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kazakhstan 2024" in text
    assert "DRAFT" not in text


def test_a_member_previews_the_draft_report_with_its_watermark(demo, live_server, page):
    person("aigul", "member", "KZ")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("aigul")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/workspace/KZ/2025/")
    page.get_by_role("link", name="read the draft report").click()
    expect(page.locator(".watermark")).to_have_text("DRAFT")
    expect(page.locator(".watermark")).to_be_visible()
    expect(page.get_by_text("Not approved or published: draft.")).to_be_visible()

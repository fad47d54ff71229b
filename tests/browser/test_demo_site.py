"""A person's first minutes with the demo: the home page, signing in, browsing cycles."""

import io

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_is_labelled_demo_and_not_blank(demo, live_server, page):
    page.goto(live_server.url)
    banner = page.get_by_role("note")
    assert "DEMO DATA" in banner.inner_text()
    expect(page.get_by_role("cell", name="4. Open and Responsive State")).to_be_visible()
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("L")
    low, high = shot.getextrema()
    assert high - low > 100  # text on a background, not an empty page


def test_editor_signs_in_and_opens_a_cycle_with_its_scores(demo, live_server, page):
    get_user_model().objects.create_superuser("editor", password="a-long-test-password")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    # First sign-in: the admin stays closed until an authenticator app is set up.
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator("figure.qr svg")).to_be_visible()
    device = TOTPDevice.objects.get(user__username="editor", confirmed=False)
    now = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code", exact=True).fill(f"{now:06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".recovery-codes code")).to_have_count(10)
    page.get_by_role("link", name="Continue").click()
    page.get_by_role("link", name="Assessment cycles").click()
    expect(page.get_by_text("DEMO DATA", exact=True)).to_be_visible()
    page.get_by_role("link", name="Kazakhstan").first.click()
    # Shown, not editable: scores change only through the workspace, audited.
    expect(page.locator("td.field-dimension", has_text="4.1")).to_have_count(1)
    expect(page.locator("input[name$='-value']")).to_have_count(0)
    values = page.locator("td.field-value").all_inner_texts()
    assert len(values) == 15
    assert all(1 <= float(v) <= 5 for v in values)


def test_wrong_password_is_refused(live_server, page):
    get_user_model().objects.create_superuser("editor", password="a-long-test-password")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter the correct username and password")).to_be_visible()

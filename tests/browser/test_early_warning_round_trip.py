"""Early warning in a real browser, in English and Russian: a member records an event, an editor
verifies it, the rule proposes an alert, the editor confirms it for the public, and the public
alert page and the Atom feed show it. (axe-core over the alert pages, in every language:
test_public_languages.py.)"""

from datetime import date, timedelta
from xml.etree import ElementTree as ET

import pytest
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from civicspace.accounts.two_factor import second_factor_enrol_unattended
from civicspace.countries.names import country_name
from civicspace.monitoring.models import Alert, Event
from civicspace.monitoring.vocabulary import vocabulary_word
from tests.apps.helpers import PASSWORD, person
from tests.browser.public import public

pytestmark = pytest.mark.django_db(transaction=True)
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def text(element: ET.Element, tag: str) -> str:
    return element.findtext(f"a:{tag}", default="", namespaces=ATOM)


def in_language(browser: Browser, live_server, language: str) -> Page:
    context = browser.new_context(locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def signed_in(browser: Browser, live_server, language: str, username: str, codes=None) -> Page:
    """Signed in by the form's fields, not their labels, which are in the page's language."""
    page = in_language(browser, live_server, language)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    if codes:  # the consortium's second factor
        page.locator("#id_token").fill(codes.pop())
        page.locator("main form button[type=submit]").click()
    expect(page.locator("nav.account form.inline button")).to_be_visible()  # signed in
    return page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_member_reports_editor_verifies_confirms_and_the_public_reads_it(
    programme, live_server, browser, language
):
    person("aigul", "member", "KZ")
    _, codes = second_factor_enrol_unattended(user=person("editor", "editor"))
    title = f"Peaceful rally dispersed in Karaganda ({language})"

    member = signed_in(browser, live_server, language, "aigul")
    member.goto(f"{live_server.url}/workspace/monitoring/events/new/KZ/")
    assert member.locator("html").get_attribute("lang") == language
    member.locator("#id_title").fill(title)
    member.locator("#id_event_type").select_option("assembly-banned")
    member.locator("#id_starts_on").fill((date.today() - timedelta(days=3)).isoformat())
    member.locator("input[name=dimensions][value='1.2']").check()
    member.locator("input[name=direction][value=deteriorating]").check()
    member.locator("#id_description").fill("Police dispersed a *permitted* march.")
    member.locator("#id_city").fill("Karaganda")
    member.locator("input[name=sensitivity][value=public]").check()
    member.locator("#id_sources-0-title").fill("Regional news item")
    member.locator("#id_sources-0-url").fill("https://example.org/rally")
    member.locator("form.event-form button[type=submit]").click()
    expect(member.get_by_role("heading", name=title)).to_be_visible()
    event = Event.objects.get(title=title)

    editor = signed_in(browser, live_server, language, "editor", codes)
    editor.goto(f"{live_server.url}/workspace/monitoring/events/{event.pk}/")
    editor.locator("input[name=sources_checked]").first.check()
    for criterion, answer in (("scale", "5"), ("scope", "4"), ("irreversibility", "4")):
        editor.locator(f"#id_rubric_{criterion}").select_option(answer)
    editor.locator("#id_note").fill("Checked against the regional news item.")
    editor.locator("button[name=action][value=verify]").click()
    expect(editor.locator(".messages")).to_be_visible()
    alert = Alert.objects.get(events=event)  # proposed by the rule on verification
    assert alert.state == "proposed"

    editor.goto(f"{live_server.url}/workspace/monitoring/alerts/")
    editor.locator(f"a[href='/workspace/monitoring/alerts/{alert.pk}/']").click()
    editor.locator("#id_summary").fill(f"A **rally** was dispersed ({language}).")
    editor.locator("#id_recommended_response").fill("Ask the delegation to raise it.")
    editor.locator("#id_audience").select_option("public")
    editor.locator("form.alert-form button[type=submit]").click()
    editor.locator("button[name=action][value=confirm]").click()
    expect(editor.locator(".messages")).to_be_visible()

    reader = in_language(browser, live_server, language)
    reader.goto(live_server.url + public(language, "/alerts/"))
    with translation.override(language):
        kazakhstan = country_name("Kazakhstan")
        rule = vocabulary_word("One high-impact event")
    reader.get_by_role("link", name=f"{kazakhstan}: {rule}").click()
    expect(reader.locator("main strong", has_text="rally")).to_be_visible()
    expect(reader.get_by_role("link", name=title)).to_be_visible()
    expect(reader.get_by_role("link", name="Regional news item")).to_be_visible()
    assert reader.locator("html").get_attribute("lang") == language
    feed_href = reader.locator("link[rel=alternate][type='application/atom+xml']").get_attribute(
        "href"
    )
    feed = reader.request.get(live_server.url + feed_href)
    assert feed.headers["content-type"].startswith("application/atom+xml")
    (entry,) = ET.fromstring(feed.body()).findall("a:entry", ATOM)
    assert text(entry, "id") == reader.url
    assert kazakhstan in text(entry, "title")
    assert "<strong>rally</strong>" in text(entry, "content")
    reader.get_by_role("link", name=title).click()
    expect(reader.get_by_role("heading", name=title, level=1)).to_be_visible()

"""The panel workspace: roles on every URL, optimistic locking, stored panel statistics."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from civicspace.accounts.models import Role
from civicspace.assessments.models import Cycle, DimensionScore, Panelist, PanelStatistics
from civicspace.assessments.panel_services import (
    DimensionEntry,
    EditConflict,
    panel_get_or_create,
    panelist_add,
    principle_save,
)
from civicspace.assessments.sealing import unseal
from civicspace.countries.models import Country
from tests.apps.helpers import form_data, kz

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def user_with(kind, iso2=None, username=None):
    user = get_user_model().objects.create_user(username or f"{kind}-{iso2}", password=PASSWORD)
    country = Country.objects.get(iso2=iso2) if iso2 else None
    Role.objects.create(user=user, kind=kind, country=country)
    return user


def entry(agreed, text="Because.", version=0, **panelists):
    return DimensionEntry(
        agreed=None if agreed is None else Decimal(str(agreed)),
        justification=text,
        version=version,
        panelist_scores={k: Decimal(str(v)) for k, v in panelists.items()},
    )


def p4_form(client, agreed_41, justification_41):
    """The Principle 4 form as a browser posts it, loaded now and with 4.1 filled in."""
    data = form_data(client, "/workspace/KZ/2025/P4/", "principle-form")
    return data | {"4.1-agreed": agreed_41, "4.1-justification": justification_41}


WORKSPACE_URLS = [
    "/workspace/{iso2}/2025/",
    "/workspace/{iso2}/2025/panel/",
    "/workspace/{iso2}/2025/P4/",
]


@pytest.mark.parametrize("url", WORKSPACE_URLS)
def test_a_member_reaches_their_own_cycle(programme, client, url):
    client.force_login(user_with("member", "KZ"))
    assert client.get(url.format(iso2="KZ")).status_code == 200
    assert client.get(url.format(iso2="kz")).status_code == 200


@pytest.mark.parametrize("url", WORKSPACE_URLS)
def test_a_member_gets_404_for_another_countrys_cycle(programme, client, url):
    client.force_login(user_with("member", "KZ"))
    assert client.get(url.format(iso2="KE")).status_code == 404
    assert client.post(url.format(iso2="KE"), {"anything": "1"}).status_code == 404


@pytest.mark.parametrize("url", WORKSPACE_URLS)
def test_signed_out_visitors_are_sent_to_sign_in(programme, client, url):
    response = client.get(url.format(iso2="KZ"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_user_without_role_sees_no_cycles_and_gets_404(programme, client):
    client.force_login(get_user_model().objects.create_user("nobody", password=PASSWORD))
    assert "No cycle is open" in client.get("/workspace/").content.decode()
    assert client.get("/workspace/KZ/2025/").status_code == 404


def test_the_workspace_lists_only_own_cycles(programme, client):
    client.force_login(user_with("member", "KZ"))
    page = client.get("/workspace/").content.decode()
    assert "Kazakhstan 2025" in page
    assert "Kenya" not in page


def test_principle_one_and_unknown_principles_are_not_editable(programme, client):
    client.force_login(user_with("member", "KZ"))
    assert client.get("/workspace/KZ/2025/P1/").status_code == 404
    assert client.get("/workspace/KZ/2025/P9/").status_code == 404


def test_saving_a_principle_through_the_page(programme, client):
    client.force_login(user_with("member", "KZ"))
    data = form_data(client, "/workspace/KZ/2025/P4/", "principle-form")
    for code, value in (("4.1", "2.5"), ("4.2", "2.6"), ("4.3", "3")):
        data |= {f"{code}-agreed": value, f"{code}-justification": f"Why {code}."}
    data["4.1-source-0-title"] = "Access to information law"
    data["4.1-source-0-url"] = "https://example.org/law"
    response = client.post("/workspace/KZ/2025/P4/", data, follow=True)
    assert "saved" in response.content.decode()
    stored = {s.dimension: s for s in DimensionScore.objects.filter(cycle=kz())}
    assert stored["4.1"].value == Decimal("2.5")
    assert stored["4.1"].sources.get().title == "Access to information law"
    overview = client.get("/workspace/KZ/2025/").content.decode()
    assert "2.7" in overview  # (2.5 + 2.6 + 3.0) / 3, computed by the core


def test_a_score_without_justification_is_refused_by_the_page(programme, client):
    client.force_login(user_with("member", "KZ"))
    page = client.post("/workspace/KZ/2025/P4/", p4_form(client, "2.5", "")).content.decode()
    assert "A score needs a written justification." in page
    assert not DimensionScore.objects.exists()


def test_the_second_of_two_concurrent_saves_is_refused_with_both_versions(programme, client):
    principle_save(cycle=kz(), principle="P4", entries={"4.1": entry(2.5, "First editor.")})
    with pytest.raises(EditConflict) as conflict:
        principle_save(cycle=kz(), principle="P4", entries={"4.1": entry(3.5, "Second editor.")})
    stored, mine = conflict.value.conflicts["4.1"]
    assert (stored["agreed"], stored["justification"], stored["version"]) == (
        Decimal("2.5"),
        "First editor.",
        1,
    )
    assert (mine["agreed"], mine["justification"]) == (Decimal("3.5"), "Second editor.")
    assert DimensionScore.objects.get(dimension="4.1").justification == "First editor."


def test_a_conflict_on_the_page_shows_both_versions(programme, client):
    client.force_login(user_with("member", "KZ"))
    stale = p4_form(client, "3.5", "My stale edit.")
    principle_save(cycle=kz(), principle="P4", entries={"4.1": entry(2.5, "Saved by a colleague.")})
    page = client.post("/workspace/KZ/2025/P4/", stale).content.decode()
    assert "Someone else saved this principle" in page
    assert "Saved by a colleague." in page
    assert "My stale edit." in page
    assert DimensionScore.objects.get(dimension="4.1").justification == "Saved by a colleague."


def test_panelist_scores_produce_stored_statistics(programme):
    panel = panel_get_or_create(cycle=kz())
    for code in ("P01", "P02", "P03", "P04"):
        panelist_add(panel=panel, code=code)
    entries = {
        "4.1": entry(2.5, P01=2, P02=3, P03=2, P04=3),
        "4.2": entry(2.6, P01=2, P02=3, P03=3, P04=2),
        "4.3": entry(3.0, P01=1, P02=4, P03=3, P04=3),
    }
    principle_save(cycle=kz(), principle="P4", entries=entries)
    stats = PanelStatistics.objects.get(cycle=kz())
    d43 = stats.figures["dimensions"]["4.3"]
    assert (d43["n"], d43["mean"], d43["min"], d43["max"]) == (4, 2.75, 1.0, 4.0)
    assert d43["dissent"] is True
    assert stats.figures["dimensions"]["4.1"]["dissent"] is False
    low, high = stats.figures["principles"]["P4"]["interval"]
    assert 1.0 <= low <= stats.figures["principles"]["P4"]["mean"] <= high <= 4.0
    assert stats.figures["principles"]["P2"]["mean"] is None  # nobody scored principle 2


def test_panelist_names_are_sealed_at_rest(programme):
    panel = panel_get_or_create(cycle=kz())
    panelist = panelist_add(panel=panel, code="p07", name="Aigerim Example")
    stored = Panelist.objects.get(pk=panelist.pk)
    assert stored.code == "P07"
    sealed = bytes(stored.sealed_name or b"")
    assert b"Aigerim" not in sealed
    assert unseal(sealed) == "Aigerim Example"


def test_the_panel_page_never_shows_names(programme, client):
    client.force_login(user_with("member", "KZ"))
    panelist_add(panel=panel_get_or_create(cycle=kz()), code="P01", name="Secret Person")
    page = client.get("/workspace/KZ/2025/panel/").content.decode()
    assert "P01" in page
    assert "Secret Person" not in page


def test_saving_the_panel_is_locked_too(programme, client):
    client.force_login(user_with("member", "KZ"))
    form = {
        "met_on": "2025-09-17",
        "format": "hybrid",
        "participants": "12",
        "version": "1",
        "save-panel": "",
    }
    assert client.post("/workspace/KZ/2025/panel/", form).status_code == 302
    assert kz().panel.participants == 12
    assert kz().panel_date == date(2025, 9, 17)
    stale = client.post("/workspace/KZ/2025/panel/", form | {"participants": "9"})
    page = stale.content.decode()
    assert "Someone else saved the panel" in page
    assert "<li>Number of participants: 12</li>" in page  # labelled, not "participants"
    assert "<li>Format: hybrid</li>" in page  # the choice as it reads, not its code
    assert kz().panel.participants == 12


def test_adding_a_panelist_confirms_the_code_as_stored(programme, client):
    client.force_login(user_with("member", "KZ"))
    response = client.post("/workspace/KZ/2025/panel/", {"new-code": " p03 "}, follow=True)
    assert kz().panel.panelists.get().code == "P03"
    assert "Panelist P03 added." in response.content.decode()


def test_a_panelist_added_twice_is_refused_in_words(programme, client):
    # The database's unique constraint is the only check, so this is also what the second of
    # two people adding P01 at once sees.
    panelist_add(panel=panel_get_or_create(cycle=kz()), code="P01")
    client.force_login(user_with("member", "KZ"))
    page = client.post("/workspace/KZ/2025/panel/", {"new-code": "p01"}).content.decode()
    assert "The panel already has a panelist P01." in page
    assert "UNIQUE" not in page


def test_editors_read_any_overview_with_its_figures_but_cannot_edit(programme, client):
    ke = Cycle.objects.get(country__iso2="KE", year=2025)
    panel = panel_get_or_create(cycle=ke)
    for code in ("P01", "P02"):
        panelist_add(panel=panel, code=code)
    principle_save(cycle=ke, principle="P4", entries={"4.1": entry(3, P01=2, P02=4)})
    client.force_login(user_with("editor"))
    page = client.get("/workspace/KE/2025/").content.decode()
    assert "Read-only" in page
    assert "Panel figures from 2 panelists" in page
    principle = client.get("/workspace/KE/2025/P4/").content.decode()
    assert 'name="4.1-agreed"' not in principle  # the scores read, never a field to change them
    assert "P01: 2" in principle
    panel_page = client.get("/workspace/KE/2025/panel/").content.decode()
    assert "Save panel" not in panel_page
    assert client.post("/workspace/KE/2025/P4/", {"4.1-agreed": "5"}).status_code == 404


def test_an_agreed_score_far_from_the_panel_mean_is_pointed_out(programme, client):
    client.force_login(user_with("member", "KZ"))
    panel = panel_get_or_create(cycle=kz())
    for code in ("P01", "P02"):
        panelist_add(panel=panel, code=code)
    entries = {"4.1": entry(3.5, P01=2, P02=3), "4.2": entry(2.5, P01=2, P02=3)}
    principle_save(cycle=kz(), principle="P4", entries=entries)
    page = client.get("/workspace/KZ/2025/P4/").content.decode()
    assert page.count("differs from the panelists' mean") == 1
    assert "by 1.00" in page


def test_the_principle_page_shows_secondary_figures_on_file(programme, client):
    from civicspace.indicators.models import IndicatorSeries, IndicatorValue
    from civicspace.indicators.services import indicator_series_sync

    indicator_series_sync()
    rti = IndicatorSeries.objects.get(code="rti-rating")
    kazakhstan = Country.objects.get(iso2="KZ")
    for year, value in ((2023, 80), (2024, 85), (2026, 99)):
        IndicatorValue.objects.create(series=rti, country=kazakhstan, year=year, value=value)
    client.force_login(user_with("member", "KZ"))
    page = client.get("/workspace/KZ/2025/P4/").content.decode()
    assert "Global Right to Information Rating" in page
    assert "<td>85 <small>(0-150)</small></td><td>2024</td>" in page  # newest within the period
    assert ">99 <" not in page  # a value after the reporting period is not shown
    assert "V-Dem" not in page  # 4.2 lists V-Dem, but with no value on file nothing is shown


def test_a_post_without_the_pages_hidden_fields_is_a_bad_request(programme, client):
    client.force_login(user_with("member", "KZ"))
    data = {"4.1-agreed": "2.5", "4.1-justification": "Hand-made, no versions or row counts."}
    assert client.post("/workspace/KZ/2025/P4/", data).status_code == 400
    assert not DimensionScore.objects.exists()

"""The programme's country list (with Kosovo, beyond ISO 3166-1) and the consortium's aliases,
as the importers, the command line and the admin use them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from civicspace.assessments.models import DimensionScore
from civicspace.assessments.services import scores_import
from civicspace.cli import main
from civicspace.countries.models import Country, CountryAlias
from civicspace.countries.selectors import CountryNotFound, country_get, programme_resolver
from civicspace.countries.services import (
    countries_sync,
    country_alias_add,
    country_alias_check,
)
from civicspace.imports.values import ValueProblem
from civicspace.indicators.models import CivicusRating, IndicatorValue
from civicspace.indicators.services import civicus_import, indicators_import

pytestmark = pytest.mark.django_db

REAL_LIST = """\
regions:
  ECA: Europe and Central Asia
  AFR: Sub-Saharan Africa
countries:
  KZ: ECA
  XK: ECA
  cd: AFR
"""


def test_kosovo_is_held_with_its_codes_and_no_numeric_one(programme):
    kosovo = Country.objects.get(iso2="XK")
    assert (kosovo.iso3, kosovo.numeric, kosovo.in_programme) == ("XKX", None, False)


def test_kosovo_is_named_in_russian(programme):
    kosovo = Country.objects.get(iso2="XK")
    assert str(kosovo) == "Kosovo"
    with translation.override("ru"):
        assert str(kosovo) == "Косово"
        assert str(Country.objects.get(iso2="KZ")) == "Казахстан"


def test_loading_a_programme_file_adds_kosovo_and_names_what_it_leaves(programme, tmp_path, capsys):
    path = tmp_path / "programme-2027.yaml"
    path.write_text(REAL_LIST, encoding="utf-8")
    assert main(["countries", "load", str(path)]) == 0
    out = capsys.readouterr().out
    assert "5 countries in the programme" in out
    assert "does not list them: KE, TN" in out
    kosovo = Country.objects.get(iso2="XK")
    assert kosovo.in_programme
    assert kosovo.region.code == "ECA"
    assert Country.objects.get(iso2="CD").region.name == "Sub-Saharan Africa"
    assert country_get(query="Kosovo*").iso2 == "XK"
    assert country_get(query="XKX").iso2 == "XK"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("regions: [ECA]\ncountries: {KZ: ECA}\n", "'regions' must be a mapping"),
        ("regions: {ECA: x}\ncountries: {ZZ: ECA}\n", "not ISO 3166-1 alpha-2 codes"),
        ("regions: {ECA: x}\ncountries: {KZ: ASP}\n", "region 'ASP' is not defined"),
        ("regions: {ECA: x\n", "is not valid YAML"),
        ("\udc80", "cannot be read"),
        ("regions: {ECA: x}\ncountries: {XS: ECA}\nbeyond_iso: {XS: {iso3: XSX}}\n", "give iso3"),
    ],
)
def test_a_bad_programme_file_is_refused_and_changes_nothing(
    programme, tmp_path, capsys, text, message
):
    before = list(Country.objects.filter(in_programme=True).values_list("iso2", "region"))
    path = tmp_path / "programme.yaml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))  # "\udc80": a byte not UTF-8
    assert main(["countries", "load", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "nothing was changed" in err
    assert before == list(Country.objects.filter(in_programme=True).values_list("iso2", "region"))


def test_a_programme_file_can_describe_a_country_beyond_iso(programme, tmp_path):
    path = tmp_path / "programme.yaml"
    path.write_text(
        "regions: {AFR: Africa}\ncountries: {XS: AFR}\n"
        "beyond_iso: {XS: {iso3: XSX, numeric: null, name: Example Land (DEMO)}}\n",
        encoding="utf-8",
    )
    assert main(["countries", "load", str(path)]) == 0
    assert country_get(query="Example Land (DEMO)").iso2 == "XS"


def test_an_unknown_code_is_refused_by_the_sync():
    with pytest.raises(ValueError, match="ZZ"):
        countries_sync(regions={"ECA": "x"}, programme={"ZZ": "ECA"})


def test_an_alias_added_without_a_release_is_used_by_the_next_import(programme, write_csv):
    path = write_csv("country,date,score\nQazaqstan,2024-12-04,30\n")
    with pytest.raises(Exception, match="'Qazaqstan' is not a country name or ISO code"):
        civicus_import(path=path)
    country_alias_add(name="Qazaqstan", country=Country.objects.get(iso2="KZ"))
    civicus_import(path=path)
    assert CivicusRating.objects.get().country.iso2 == "KZ"


def test_publishers_spellings_reach_every_importer(programme, write_csv):
    civicus_import(path=write_csv("country,date,score\nRepublic of Kenya,2024-12-04,44\n"))
    assert CivicusRating.objects.get().country.iso2 == "KE"
    scores_import(
        path=write_csv(
            "country,year,dimension,score,justification\n"
            '"Kazakhstan, Rep.",2025,4.1,3,DEMO\nTUN,2025,4.1,2,DEMO\n'
        )
    )
    assert set(DimensionScore.objects.values_list("cycle__country__iso2", flat=True)) == {
        "KZ",
        "TN",
    }
    indicators_import(
        path=write_csv("series,country,year,value\nrti-rating,Tunisian Republic,2024,85\n")
    )
    assert IndicatorValue.objects.get().country.iso2 == "TN"


def test_an_ambiguous_name_in_a_file_is_refused_with_its_candidates(programme, write_csv):
    with pytest.raises(Exception, match=r"'Congo' could be more than one country") as refused:
        civicus_import(path=write_csv("country,date,score\nCongo,2024-12-04,30\n"))
    assert "(CG)" in str(refused.value)
    assert "(CD)" in str(refused.value)
    assert not CivicusRating.objects.exists()


def test_an_alias_cannot_shadow_another_countrys_code_or_repeat_one(programme):
    kz = Country.objects.get(iso2="KZ")
    with pytest.raises(ValidationError, match="ISO code of another country"):
        country_alias_check(name="ken", country=kz)
    country_alias_add(name="Qazaqstan", country=kz)
    with pytest.raises(ValidationError, match="already an alias"):
        country_alias_add(name=" qazaqstan ", country=Country.objects.get(iso2="KE"))


def test_the_admins_alias_overrides_a_packaged_ambiguity(programme):
    CountryAlias.objects.create(name="Korea", country=Country.objects.get(iso2="KZ"))
    assert programme_resolver().resolve("Korea") == "KZ"


def test_a_country_outside_the_programme_is_refused_by_name(programme):
    with pytest.raises(CountryNotFound, match=r"Brunei Darussalam \(BN\) is not one of"):
        country_get(query="Brunei")
    with pytest.raises(ValueProblem):
        programme_resolver().resolve("Narnia")


@pytest.fixture
def admin_client(programme, client):
    client.force_login(get_user_model().objects.create_superuser("root", password="x" * 16))
    return client


def test_the_admin_adds_an_alias_and_refuses_a_clash(admin_client):
    kz = Country.objects.get(iso2="KZ")
    url = reverse("admin:countries_countryalias_add")
    assert admin_client.post(url, {"name": "Qazaqstan", "country": kz.pk}).status_code == 302
    assert programme_resolver().resolve("QAZAQSTAN") == "KZ"
    answer = admin_client.post(url, {"name": "KEN", "country": kz.pk})
    assert answer.status_code == 200
    assert "ISO code of another country" in answer.content.decode()
    assert CountryAlias.objects.count() == 1


def test_the_admin_adds_a_country_beyond_iso_and_then_keeps_its_codes(admin_client):
    url = reverse("admin:countries_country_add")
    form = {
        "iso2": "XS",
        "iso3": "XSX",
        "numeric": "",
        "name": "Example Land (DEMO)",
        "in_programme": "on",
        "network_member-TOTAL_FORMS": "0",
        "network_member-INITIAL_FORMS": "0",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    bad = admin_client.post(url, {**form, "iso2": "xs"})
    assert bad.status_code == 200
    assert "two capital letters" in bad.content.decode()
    assert admin_client.post(url, form).status_code == 302
    added = Country.objects.get(iso2="XS")
    assert added.numeric is None
    assert programme_resolver().resolve("example land (demo)") == "XS"
    change = admin_client.get(reverse("admin:countries_country_change", args=[added.pk]))
    assert 'name="iso2"' not in change.content.decode()

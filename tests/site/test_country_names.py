"""Stored (English) country names worded in the active language."""

from django.utils import translation

from civicspace.countries.names import country_name


def test_a_name_is_worded_in_the_active_language():
    with translation.override("ru"):
        assert country_name("Kazakhstan") == "Казахстан"
        assert country_name("Moldova") == "Молдавия"  # ISO 3166 common name, not the official one
    with translation.override("en"):
        assert country_name("Kazakhstan") == "Kazakhstan"


def test_a_name_outside_the_catalogue_stays_as_stored():
    with translation.override("ru"):
        assert country_name("Kosovo") == "Косово"  # not in ISO 3166: the programme's own table
        assert country_name("Atlantis") == "Atlantis"  # in no table at all
    with translation.override("tlh"):  # no catalogue for this language
        assert country_name("Kazakhstan") == "Kazakhstan"

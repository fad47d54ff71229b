"""The Russian catalogue covers every string the code and templates mark, and says them right.

The catalogue is regenerated from a copy of the sources (the real one is never touched): a
string marked in code but missing from the committed catalogue comes out untranslated, one
whose English changed comes out fuzzy. Both fail here, so "Russian is complete" stays true.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

import civicspace
from civicspace.core.messages import _, _n
from civicspace.core.workflow import TRANSITIONS
from civicspace.i18n import localise

SOURCES = Path(civicspace.__file__).parent
CATALOGUE = SOURCES / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def _gettext_tool(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("sources") / "civicspace"
    shutil.copytree(
        SOURCES, copy, ignore=shutil.ignore_patterns("__pycache__", "var", "*.mo", "migrations")
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        from django.conf import settings

        patch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
        call_command("makemessages", locale=["ru"], no_obsolete=True, verbosity=0)
    return Path(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po")


def test_the_committed_catalogue_compiles_with_every_message_translated():
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        check=True,
        capture_output=True,
        text=True,
    ).stderr
    assert "fuzzy" not in stats
    assert "untranslated" not in stats


def test_every_marked_string_is_in_the_catalogue_and_translated(regenerated):
    assert regenerated.read_text() != ""
    untranslated = _gettext_tool("msgattrib", "--untranslated", "--no-wrap", str(regenerated))
    assert untranslated == "", "new strings to translate (make messages):\n" + untranslated
    fuzzy = _gettext_tool("msgattrib", "--only-fuzzy", "--no-wrap", str(regenerated))
    assert fuzzy == "", "strings whose English changed (make messages):\n" + fuzzy


def test_the_core_plural_mark_is_collected(regenerated):
    text = regenerated.read_text()
    assert 'msgid "%(count)s editorial error must be fixed first."' in text
    assert 'msgid_plural "%(count)s editorial errors must be fixed first."' in text


@pytest.mark.parametrize("count", [1, 3, 5, 21])
def test_core_messages_are_worded_in_russian_with_its_plural_forms(count):
    message = _n(
        "%(count)s editorial error must be fixed first.",
        "%(count)s editorial errors must be fixed first.",
        count,
    )
    with translation.override("ru"):
        worded = localise(message)
        expected = translation.ngettext(message.text, message.plural or "", count) % {
            "count": count
        }
    assert worded == expected
    assert worded != str(message)  # translated, not the English
    assert str(count) in worded


def test_values_are_worded_in_the_active_language_and_decimals_use_its_mark():
    message = _("Done: %(action)s.", action=TRANSITIONS["approve"].label)
    with translation.override("ru"):
        worded = localise(message)
        assert translation.gettext("Approve") in worded
        assert translation.gettext("Approve") != "Approve"
        assert localise(_("%(score)s", score=2.5)) == "2,5"
    with translation.override("en"):
        assert localise(_("%(score)s", score=2.5)) == "2.5"

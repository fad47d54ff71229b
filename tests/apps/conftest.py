"""Fixtures for the database tests of the apps."""

import pytest

from tests.apps.helpers import person


@pytest.fixture
def people(programme):
    """Kazakhstan's Network Member and a consortium editor."""
    return person("aigul", "member", "KZ"), person("editor", "editor")


@pytest.fixture
def own_field_key(settings, tmp_path, monkeypatch):
    """A field key of this test's own, in a data folder of its own."""
    settings.DATA_DIR = tmp_path / "data"
    monkeypatch.delenv("CIVICSPACE_FIELD_KEY", raising=False)
    monkeypatch.delenv("CIVICSPACE_FIELD_KEYS_OLD", raising=False)
    return settings.DATA_DIR / "field_key"

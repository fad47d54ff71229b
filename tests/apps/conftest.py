"""Fixtures for the database tests of the apps."""

import pytest

from tests.apps.helpers import person


@pytest.fixture
def people(programme):
    """Kazakhstan's Network Member and a consortium editor."""
    return person("aigul", "member", "KZ"), person("editor", "editor")

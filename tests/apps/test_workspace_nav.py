"""The workspace's links: each role is shown only the pages it may open."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.apps.helpers import person

pytestmark = pytest.mark.django_db

HOME = "/workspace/"
# Every link of the page a person sees: the site's header and the workspace's own list.
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#]*)"')


def links(page: str) -> list[str]:
    return sorted({href.replace("&amp;", "&") for href in LINK.findall(page)})


@pytest.fixture
def roles(people):
    member, editor = people
    return {"member": member, "editor": editor, "observer": person("delegation", "observer")}


@pytest.mark.parametrize("role", ["member", "editor", "observer"])
def test_every_link_of_the_workspace_opens_for_the_role_it_is_shown_to(roles, client, role):
    client.force_login(roles[role])
    home = client.get(HOME)
    assert home.status_code == 200
    shown = links(home.content.decode())
    assert len(shown) > 5, "the page lost its links: the walk would prove nothing"
    answers = {href: client.get(href).status_code for href in shown}
    assert {href: code for href, code in answers.items() if code != 200} == {}


def test_observers_see_the_alerts_and_not_the_events_they_may_not_open(roles, client):
    client.force_login(roles["observer"])
    shown = links(client.get(HOME).content.decode())
    assert reverse("monitoring:alerts") in shown
    assert reverse("monitoring:events") not in shown
    assert client.get(reverse("monitoring:events")).status_code == 404
    client.force_login(roles["member"])
    assert reverse("monitoring:events") in links(client.get(HOME).content.decode())

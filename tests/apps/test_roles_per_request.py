"""A user's roles are read once a request (accounts.permissions.roles_remembered) and afresh on
the next: a revoked or granted role counts at once, and one user's roles are never another's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicspace.accounts.models import Role
from civicspace.accounts.permissions import (
    is_editor,
    may_read_drafts,
    member_country_ids,
    roles_remembered,
)
from tests.apps.helpers import kz, person

pytestmark = pytest.mark.django_db

SCORES = "/workspace/KZ/2025/P2/"


def role_reads(queries):
    return [q["sql"] for q in queries.captured_queries if '"accounts_role"' in q["sql"]]


def test_a_revoked_member_role_closes_the_page_on_the_next_request(client, programme):
    member = person("aigul", "member", "KZ")
    client.force_login(member)
    assert client.get(SCORES).status_code == 200
    Role.objects.filter(user=member).delete()
    assert client.get(SCORES).status_code == 404


def test_a_granted_role_opens_the_page_on_the_next_request(client, programme):
    member = person("aigul", "member", "KE")
    client.force_login(member)
    assert client.get(SCORES).status_code == 404
    Role.objects.create(user=member, kind=Role.Kind.MEMBER, country=kz().country)
    assert client.get(SCORES).status_code == 200


def test_a_revoked_editor_role_closes_the_desk_on_the_next_request(client, programme):
    editor = person("editor", "editor")
    client.force_login(editor)
    assert client.get("/workspace/desk/").status_code == 200
    Role.objects.filter(user=editor).delete()
    assert client.get("/workspace/desk/").status_code == 404


def test_a_score_page_reads_its_readers_roles_once(client, programme):
    client.force_login(person("aigul", "member", "KZ"))
    client.get(SCORES)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SCORES).status_code == 200
    assert len(role_reads(queries)) == 1


def test_one_request_keeps_each_users_roles_apart(programme):
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    country = kz().country_id
    with roles_remembered():
        assert may_read_drafts(member, country)
        assert not is_editor(member)
        assert is_editor(editor)
        assert member_country_ids(editor) == set()
        assert may_read_drafts(editor, country)
        assert member_country_ids(member) == {country}


def test_a_role_revoked_within_a_request_counts_for_the_rest_of_it(programme):
    member = person("aigul", "member", "KZ")
    with roles_remembered():
        assert member_country_ids(member) == {kz().country_id}
        Role.objects.filter(user=member).delete()
        assert member_country_ids(member) == set()
        Role.objects.create(user=member, kind=Role.Kind.EDITOR)
        assert is_editor(member)


def test_a_role_moved_to_another_person_within_a_request_leaves_the_first(programme):
    """As the admin can: the role's person changed, so both people's roles change."""
    first, second = person("aigul", "member", "KZ"), person("bolat", "member", "KE")
    with roles_remembered():
        assert member_country_ids(first) == {kz().country_id}
        role = Role.objects.get(user=first)
        role.user = second
        role.save()
        assert member_country_ids(first) == set()
        assert kz().country_id in member_country_ids(second)


def test_outside_a_request_every_question_reads_the_roles(programme):
    member = person("aigul", "member", "KZ")
    with CaptureQueriesContext(connection) as queries:
        member_country_ids(member)
        member_country_ids(member)
    assert len(role_reads(queries)) == 2

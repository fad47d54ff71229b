"""Every workflow action posted by every kind of user, from the state where it is possible."""

import pytest
from django.contrib.auth import get_user_model

from civicspace.assessments.models import Cycle
from civicspace.core.workflow import TRANSITIONS
from tests.apps.helpers import complete, kz, person

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no role", "member of KE", "member of KZ", "editor"]
ALLOWED = {
    "submit": "member of KZ",
    "start_review": "editor",
    "request_changes": "editor",
    "approve": "editor",
    "publish": "editor",
    "reopen": "editor",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_role_by_action(programme, client, role, action):
    complete(kz(), person("writer", "member", "KZ"))  # a finished draft, written by someone else
    source = sorted(TRANSITIONS[action].sources)[0]
    Cycle.objects.filter(pk=kz().pk).update(state=source)
    users = {
        "no role": lambda: get_user_model().objects.create_user("nobody", password="x" * 16),
        "member of KE": lambda: person("wanjiru", "member", "KE"),
        "member of KZ": lambda: person("aigul", "member", "KZ"),
        "editor": lambda: person("editor", "editor"),
    }
    if role != "anonymous":
        client.force_login(users[role]())
    response = client.post("/workspace/KZ/2025/move/", {"action": action, "note": "Why."})
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif role in ("no role", "member of KE"):
        assert response.status_code == 404
    state = kz().state
    if ALLOWED[action] == role:
        assert state == TRANSITIONS[action].target
    else:
        assert state == source

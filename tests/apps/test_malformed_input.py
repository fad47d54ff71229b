"""Malformed form input is the sender's mistake: a 4xx answer or the form again, never a 500."""

import re

import pytest
from django.urls import reverse

from civicspace.editorial.comment_services import comment_add
from tests.apps.helpers import kz

pytestmark = pytest.mark.django_db

GARBAGE = ["abc", "", "-1", "1e999", "NaN", "9" * 40, "\x00", "1.5", "😀" * 3, "' OR 1=1 --"]
# Fields a crafted post may carry beyond those the pages show.
EXTRA_FIELDS = ["action", "note", "resolve", "parent", "key", "body", "confirm", "save-panel"]


def _field_names(page):
    return set(re.findall(r'name="([^"]+)"', page)) - {"csrfmiddlewaretoken"}


def _endpoints():
    args = {"iso2": "KZ", "year": 2025}
    return [
        (reverse("assessments:move", kwargs=args), None),
        (reverse("assessments:panel", kwargs=args), reverse("assessments:panel", kwargs=args)),
        *(
            (url, url)
            for url in [reverse("assessments:principle", kwargs={**args, "principle": "P2"})]
        ),
        (reverse("assessments:workbook-upload", kwargs=args), None),
        (reverse("editorial:texts", kwargs=args), reverse("editorial:texts", kwargs=args)),
        (reverse("editorial:comment", kwargs=args), reverse("editorial:texts", kwargs=args)),
    ]


@pytest.mark.parametrize("who", ["member", "editor"])
def test_garbage_posted_to_every_workspace_form_never_gives_a_server_error(people, client, who):
    member, editor = people
    comment_add(cycle=kz(), key="context", body="Which law?", by=editor)
    client.raise_request_exception = False
    client.force_login(member if who == "member" else editor)
    answers = {}
    for url, form_page in _endpoints():
        names = set(EXTRA_FIELDS)
        if form_page:
            names |= _field_names(client.get(form_page).content.decode())
        for value in GARBAGE:
            answers[(url, "every field", value)] = client.post(
                url, dict.fromkeys(names, value)
            ).status_code
        for name in names:  # one bad field, the others absent
            answers[(url, name, "abc")] = client.post(url, {name: "abc"}).status_code
    failing = sorted(k for k, status in answers.items() if status >= 500)
    assert not failing, "\n".join(map(repr, failing))


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/workspace/KZ/2025/P2/", "2.1-version"),
        ("/workspace/KZ/2025/texts/", "context-version"),
        ("/workspace/KZ/2025/panel/", "version"),
        ("/workspace/KZ/2025/comments/", "resolve"),
        ("/workspace/KZ/2025/comments/", "parent"),
    ],
)
def test_a_version_or_id_that_is_not_a_number_is_a_bad_request_or_the_form_again(
    people, client, url, field
):
    member, _editor = people
    client.raise_request_exception = False
    client.force_login(member)
    data = {field: "abc", "context-text": "Text", "save-panel": "1", "body": "Hm"}
    assert client.post(url, data).status_code in (200, 400)

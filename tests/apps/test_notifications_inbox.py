"""The inbox and the notification settings pages: one's own notifications only, no 500s."""

import pytest

from civicspace.editorial.comment_services import comment_add
from civicspace.notifications.kinds import Delivery, Kind
from civicspace.notifications.models import Notification, NotificationSettings
from tests.apps.helpers import form_data, kz, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(programme, django_capture_on_commit_callbacks):
    """Aigul (KZ) has two notifications from the editor's comments; Wanjiru (KE) has none."""
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    wanjiru = person("wanjiru", "member", "KE")
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(cycle=kz(), key="context", body="Which law?", by=editor)
        comment_add(cycle=kz(), key="context", body="And <b>2024</b>?", by=editor)
    return member, editor, wanjiru


def test_the_inbox_lists_ones_notifications_newest_first(client, told):
    member, _editor, _wanjiru = told
    client.force_login(member)
    page = client.get("/workspace/inbox/").content.decode()
    assert page.index("And &lt;b&gt;2024&lt;/b&gt;?") < page.index("Which law?")
    assert "Inbox (2 unread)" in page  # the header's count
    assert page.count('class="unread"') == 2
    assert 'href="/workspace/KZ/2025/texts/#text-context"' in page


def test_marking_read_one_and_all(client, told):
    member, _editor, _wanjiru = told
    client.force_login(member)
    newest = Notification.objects.filter(recipient=member).first()
    response = client.post("/workspace/inbox/read/", {"id": newest.pk})
    assert response.status_code == 302
    newest.refresh_from_db()
    assert newest.read_at is not None
    assert "Inbox (1 unread)" in client.get("/workspace/inbox/").content.decode()
    client.post("/workspace/inbox/read/", {"all": "1"})
    assert not Notification.objects.filter(recipient=member, read_at=None).exists()
    page = client.get("/workspace/inbox/").content.decode()
    assert "unread)" not in page
    assert 'class="unread"' not in page


def test_nobody_reads_or_marks_anothers_notification(client, told):
    member, _editor, wanjiru = told
    theirs = Notification.objects.filter(recipient=member).first()
    client.force_login(wanjiru)
    assert "Which law?" not in client.get("/workspace/inbox/").content.decode()
    assert client.post("/workspace/inbox/read/", {"id": theirs.pk}).status_code == 404
    client.post("/workspace/inbox/read/", {"all": "1"})
    assert Notification.objects.filter(recipient=member, read_at=None).count() == 2


@pytest.mark.parametrize(
    ("posted", "status"),
    [({"id": "abc"}, 400), ({"id": "-1"}, 400), ({}, 400), ({"id": "99999999"}, 404)],
)
def test_bad_ids_are_refused_without_a_server_error(client, told, posted, status):
    member, _editor, _wanjiru = told
    client.force_login(member)
    assert client.post("/workspace/inbox/read/", posted).status_code == status
    assert client.get("/workspace/inbox/?page=banana").status_code == 200


def test_a_role_taken_away_takes_its_notifications_out_of_the_inbox(client, told):
    member, _editor, _wanjiru = told
    member.roles.all().delete()
    client.force_login(member)
    page = client.get("/workspace/inbox/").content.decode()
    assert "Which law?" not in page
    assert "unread)" not in page


def test_signed_out_people_are_sent_to_sign_in(client, told):
    for url in ("/workspace/inbox/", "/workspace/inbox/settings/"):
        assert client.get(url)["Location"].startswith("/accounts/login/")
    assert client.post("/workspace/inbox/read/", {"all": "1"})["Location"].startswith(
        "/accounts/login/"
    )


def test_settings_are_saved_per_kind_and_wrong_choices_shown(client, told):
    member, _editor, _wanjiru = told
    client.force_login(member)
    url = "/workspace/inbox/settings/"
    form = form_data(client, url, "notification-settings")
    assert form == {f"kind_{kind}": Delivery.IMMEDIATE for kind in Kind.values} | {"language": ""}
    form |= {f"kind_{Kind.COMMENT}": Delivery.DIGEST, "language": "ru"}
    assert client.post(url, form).status_code == 302
    chosen = NotificationSettings.objects.get(user=member)
    assert chosen.delivery_for(Kind.COMMENT) == Delivery.DIGEST
    assert chosen.language == "ru"
    assert form_data(client, url, "notification-settings") == form  # shown as saved

    wrong = form | {f"kind_{Kind.APPROVED}": "sometimes", "language": "xx"}
    response = client.post(url, wrong)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert NotificationSettings.objects.get(user=member).language == "ru"


def test_the_inbox_speaks_russian(client, told):
    member, _editor, _wanjiru = told
    client.force_login(member)
    page = client.get("/workspace/inbox/", headers={"accept-language": "ru"}).content.decode()
    assert "Входящие (2 непрочитанных)" in page
    assert "editor: комментарий к разделу «Страновой контекст» доклада «Казахстан 2025»." in page

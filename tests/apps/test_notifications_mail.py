"""Notification e-mails: what they say, in whose language, per preference; the daily digest."""

import logging
import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from civicspace.cli import main
from civicspace.editorial.comment_services import comment_add
from civicspace.editorial.services import cycle_transition
from civicspace.notifications.kinds import Delivery, Kind
from civicspace.notifications.mail import digest_send
from civicspace.notifications.models import Notification, NotificationSettings
from civicspace.notifications.services import NotificationError, notification_settings_set
from tests.apps.helpers import kz, person, sections_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(programme, settings):
    settings.CIVICSPACE_SITE_URL = "https://civicspace.example.org"
    member, editor = person("aigul", "member", "KZ"), person("editor", "editor")
    member.email, editor.email = "aigul@example.org", "editor@example.org"
    member.save()
    editor.save()
    sections_written(kz(), member)  # a whole report, so it can be submitted
    return member, editor


def in_review(member, editor):
    cycle_transition(cycle=kz(), action="submit", by=member)
    cycle_transition(cycle=kz(), action="start_review", by=editor)


def test_a_request_for_changes_is_mailed_with_its_reason_and_a_link(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    member, editor = pair
    in_review(member, editor)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cycle_transition(
            cycle=kz(), action="request_changes", by=editor, note="Cite the <2025> law."
        )
    [mail] = mailoutbox
    assert mail.to == ["aigul@example.org"]
    assert mail.subject == "[civicspace] editor asked for changes to the Kazakhstan 2025 report."
    assert "Cite the <2025> law." in mail.body
    assert "https://civicspace.example.org/workspace/KZ/2025/" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert "Cite the &lt;2025&gt; law." in html  # what people wrote is escaped in HTML
    assert 'href="https://civicspace.example.org/workspace/KZ/2025/"' in html
    assert Notification.objects.get(recipient=member).emailed_at is not None


def test_a_comment_links_to_its_section(pair, mailoutbox, django_capture_on_commit_callbacks):
    _member, editor = pair
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(cycle=kz(), key="context", body="Which law?", by=editor)
    [mail] = mailoutbox
    assert mail.to == ["aigul@example.org"]
    assert "Which law?" in mail.body
    assert "https://civicspace.example.org/workspace/KZ/2025/texts/#text-context" in mail.body


def test_the_recipients_language_is_used(pair, mailoutbox, django_capture_on_commit_callbacks):
    member, editor = pair
    notification_settings_set(user=member, deliveries={}, language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(cycle=kz(), key="context", body="Which law?", by=editor)
    [mail] = mailoutbox
    assert "Казахстан 2025" in mail.subject
    assert "комментарий к разделу «Страновой контекст»" in mail.subject
    assert "Здравствуйте" in mail.body


def test_inbox_only_and_off_send_no_mail(pair, mailoutbox, django_capture_on_commit_callbacks):
    member, editor = pair
    notification_settings_set(user=member, deliveries={Kind.COMMENT: Delivery.INBOX}, language="")
    notification_settings_set(user=editor, deliveries={Kind.SUBMITTED: Delivery.OFF}, language="")
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(cycle=kz(), key="context", body="Which law?", by=editor)
        cycle_transition(cycle=kz(), action="submit", by=member)
    assert mailoutbox == []
    assert [n.kind for n in Notification.objects.filter(recipient=member)] == [Kind.COMMENT]
    assert not Notification.objects.filter(recipient=editor).exists()


@pytest.mark.parametrize(
    ("deliveries", "language"),
    [({"gossip": Delivery.IMMEDIATE}, ""), ({Kind.COMMENT: "sometimes"}, ""), ({}, "xx")],
)
def test_wrong_preferences_are_refused_and_nothing_changes(pair, deliveries, language):
    member, _editor = pair
    with pytest.raises(NotificationError):
        notification_settings_set(user=member, deliveries=deliveries, language=language)
    assert not NotificationSettings.objects.filter(user=member).exists()


def test_the_digest_sends_each_notification_once(
    pair, mailoutbox, django_capture_on_commit_callbacks, capsys
):
    member, editor = pair
    notification_settings_set(
        user=member,
        deliveries={Kind.COMMENT: Delivery.DIGEST, Kind.REVIEW_STARTED: Delivery.DIGEST},
        language="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        cycle_transition(cycle=kz(), action="submit", by=member)
        cycle_transition(cycle=kz(), action="start_review", by=editor)
        comment_add(cycle=kz(), key="context", body="Which law?", by=editor)
    mailoutbox.clear()  # the editor's immediate mail about the submission

    assert main(["notify", "digest"]) == 0
    [mail] = mailoutbox
    assert mail.to == ["aigul@example.org"]
    assert mail.subject == "[civicspace] Your daily digest: 2 notifications"
    assert "started the review" in mail.body
    assert "Which law?" in mail.body
    assert "sent 1 digest(s) with 2 notification(s)" in capsys.readouterr().out

    assert main(["notify", "digest"]) == 0  # again: nothing new, nothing sent
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        comment_add(cycle=kz(), key="context", body="And 2024?", by=editor)
    assert digest_send().notifications == 1
    assert "And 2024?" in mailoutbox[-1].body
    assert "Which law?" not in mailoutbox[-1].body


def test_a_digest_leaves_out_cycles_the_person_may_no_longer_read(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    member, editor = pair
    notification_settings_set(user=member, deliveries={Kind.COMMENT: Delivery.DIGEST}, language="")
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(cycle=kz(), key="context", body="Which law?", by=editor)
    member.roles.all().delete()
    assert digest_send().people == 0
    assert mailoutbox == []


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_mail_server_that_is_down_never_breaks_the_write(
    pair, settings, caplog, django_capture_on_commit_callbacks
):
    member, editor = pair
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        _closed_port(),
        2,
    )
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        comment = comment_add(cycle=kz(), key="context", body="Which law?", by=editor)
    assert comment.pk is not None
    notification = Notification.objects.get(recipient=member)
    assert notification.emailed_at is None  # still in the inbox, not marked as mailed
    assert "e-mail to user" in caplog.text


def test_an_immediate_mail_that_failed_goes_with_the_next_digest_run(
    pair, settings, mailoutbox, django_capture_on_commit_callbacks
):
    _member, editor = pair
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        _closed_port(),
        2,
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(cycle=kz(), key="context", body="Which law?", by=editor)
    settings.EMAIL_BACKEND = backend  # the server is back
    assert digest_send().notifications == 0  # its own attempt may still be under way
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=20))
    assert digest_send().notifications == 1
    [mail] = mailoutbox
    assert "Which law?" in mail.body
    assert digest_send().notifications == 0
    Notification.objects.update(emailed_at=None, created_at=timezone.now() - timedelta(days=2))
    assert digest_send().notifications == 0  # older than a day: left in the inbox

"""The admin: content is read-only there for everyone, superusers included; only the people, their
roles and the programme's countries are administered through it."""

import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.urls import reverse
from PIL import Image

from civicspace.accounts.models import ApiToken, Role
from civicspace.accounts.tokens import token_issue
from civicspace.assessments.models import CycleDesk, DimensionScore, YearSchedule
from civicspace.audit.models import AuditEvent
from civicspace.countries.models import Country, CountryAlias, NetworkMember, Region
from civicspace.demo.loader import demo_load
from civicspace.monitoring.attachment_services import attachment_add
from civicspace.monitoring.models import Alert, Event, EventAttachment
from civicspace.monitoring.referral_services import referral_open
from civicspace.notifications.alert_services import AlertChoice, alert_subscription_set
from tests.module_load import loaded_for_the_module

pytestmark = pytest.mark.django_db

# Not content: nothing here is a score, a text, a panel or evidence, so the admin is where it is
# kept, each write through a service that audits it (tests/apps/test_admin_audit.py); axes'
# sign-in records: deleting an attempt unlocks an account, the logs stay read-only. Any other
# model registered as editable fails the walk below. Second factors too: deleting a person's
# devices is how a lost phone is reset (docs/accounts.md).
ADMINISTRATION = (
    {get_user_model(), Group, Role, Region, Country, CountryAlias, NetworkMember}
    | {apps.get_model("axes", name) for name in ("AccessAttempt", "AccessFailureLog", "AccessLog")}
    | {
        apps.get_model(app, name)
        for app, name in (
            ("otp_totp", "TOTPDevice"),
            ("otp_static", "StaticDevice"),
            ("otp_static", "StaticToken"),
            # The background jobs' queue: the operators' record, read-only in django-tasks' admin.
            ("django_tasks_database", "DBTaskResult"),
        )
    }
)


@pytest.fixture(scope="module")
def _demo_as_make_demo_leaves_it_for_the_module(request):
    """The demo as `make demo` leaves it, once for this module: what follows its commit
    (notifications, the PDFs) has run too."""

    def load() -> None:
        demo_load()
        _early_warning_records()

    yield from loaded_for_the_module(request, load, on_commit=True)


@pytest.fixture
def superuser_client(_demo_as_make_demo_leaves_it_for_the_module, db, client):
    client.force_login(get_user_model().objects.create_superuser("root", password="x" * 16))
    return client


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


def _early_warning_records():
    """What the demo leaves out, made through the services: a token, a referral, a file and an
    alert subscription, so that the walk below has one of each to try."""
    member = get_user_model().objects.get(pk=Role.objects.filter(kind="member").values("user")[:1])
    editor = get_user_model().objects.get(pk=Role.objects.filter(kind="editor").values("user")[:1])
    token_issue(user=member, name="DEMO uploader", by=member)
    referral_open(alert=Alert.objects.filter(state="confirmed")[0], by=editor)
    event = Event.objects.filter(country__in=member_countries(member))[0]
    attachment_add(event=event, name="DEMO photo.png", data=_png(), by=member)
    alert_subscription_set(
        user=editor,
        choice=AlertChoice(countries=(event.country,), regions=(), frequency="digest"),
    )


def member_countries(user):
    return Country.objects.filter(pk__in=Role.objects.filter(user=user).values("country"))


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _as_stored(model):
    return serializers.serialize("json", model._default_manager.order_by("pk"))


def _form_data(obj):
    """The record's own field values, as a form would post them (valid had the save been let in)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        value = field.value_from_object(obj)
        data[field.name] = "" if value is None else str(value)
    return data


# The consortium desk's settings (due dates, reviewers): editable by editors, each save going
# through its service, which checks and audits (tests/apps/test_desk_admin.py).
DESK = {YearSchedule, CycleDesk}


def _content_admins():
    return [(m, a) for m, a in admin.site._registry.items() if m not in ADMINISTRATION | DESK]


def test_the_walk_covers_every_content_model_the_admin_shows():
    names = {m._meta.label for m, _ in _content_admins()}
    assert {
        "assessments.Cycle",
        "assessments.DimensionScore",
        "assessments.Panel",
        "audit.AuditEvent",
        "notifications.Notification",
        "editorial.Snapshot",
        "indicators.CivicusRating",
        "indicators.IndicatorValue",
        "notifications.AlertSubscription",
        "monitoring.Referral",
        "monitoring.EventAttachment",
        "accounts.ApiToken",
    } <= names


def _refusals(client, model, model_admin):
    """What the admin let a superuser do to `model`'s content (nothing, if all is well)."""
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        return [f"the demo has no {model.__name__}: the walk would prove nothing"]
    before, events = _as_stored(model), AuditEvent.objects.count()
    answers = {
        "view list": client.get(_url(model, "changelist")).status_code == 200,
        "view one": client.get(_url(model, "change", obj.pk)).status_code == 200,
        "refuse add form": client.get(_url(model, "add")).status_code == 403,
        "refuse add": client.post(_url(model, "add"), _form_data(obj)).status_code == 403,
        "refuse change": client.post(_url(model, "change", obj.pk), _form_data(obj)).status_code
        == 403,
        "refuse delete": client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code
        == 403,
    }
    bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    client.post(_url(model, "changelist"), bulk)
    answers["nothing stored changed"] = _as_stored(model) == before
    answers["no audit event written"] = AuditEvent.objects.count() == events
    request = client.get(_url(model, "change", obj.pk)).wsgi_request
    for inline in model_admin.inlines:
        child = inline(model, admin.site)
        answers[f"{inline.__name__} read-only"] = not any(
            (
                child.has_add_permission(request, obj),
                child.has_change_permission(request, obj),
                child.has_delete_permission(request, obj),
            )
        )
    return [f"{model.__name__}: did not {what}" for what, held in answers.items() if not held]


def test_a_superuser_can_view_but_never_add_change_or_delete_any_content(superuser_client):
    problems = []
    for model, model_admin in _content_admins():
        problems += _refusals(superuser_client, model, model_admin)
    assert problems == []


def test_a_superuser_cannot_change_a_published_score_in_the_admin(superuser_client):
    score = DimensionScore.objects.filter(cycle__state="published").first()
    data = _form_data(score) | {"value": "4.9", "justification": "Changed behind the panel's back."}
    answer = superuser_client.post(_url(DimensionScore, "change", score.pk), data)
    assert answer.status_code == 403
    score.refresh_from_db()
    assert score.value != Decimal("4.9")


def test_administration_shows_no_content_inside_its_pages(superuser_client):
    for model, model_admin in admin.site._registry.items():
        if model in ADMINISTRATION:
            assert superuser_client.get(_url(model, "changelist")).status_code == 200
            for inline in model_admin.inlines:
                assert inline.model in ADMINISTRATION, f"{inline.__name__} edits content in {model}"


def test_a_superuser_still_administers_roles(superuser_client):
    user = get_user_model().objects.create_user("new-member", password="y" * 16)
    kz = Country.objects.get(iso2="KZ")
    answer = superuser_client.post(
        _url(Role, "add"), {"user": user.pk, "kind": "member", "country": kz.pk}
    )
    assert answer.status_code == 302
    assert Role.objects.filter(user=user, kind="member", country=kz).exists()


def test_an_api_token_s_digest_is_never_shown_in_the_admin(superuser_client):
    token = ApiToken.objects.get()
    for page in (_url(ApiToken, "changelist"), _url(ApiToken, "change", token.pk)):
        body = superuser_client.get(page).content.decode()
        assert token.prefix in body
        assert token.digest not in body


def test_the_admin_never_links_to_an_attachment_nor_says_where_it_is_kept(superuser_client):
    held = EventAttachment.objects.get()
    download = reverse("monitoring:attachment", args=[held.pk])
    for page in (_url(EventAttachment, "changelist"), _url(EventAttachment, "change", held.pk)):
        body = superuser_client.get(page).content.decode()
        assert held.name in body
        assert held.stored_name not in body
        assert download not in body


def test_the_audit_trail_filters_by_action_named_in_words(superuser_client):
    page = superuser_client.get(_url(AuditEvent, "changelist"), {"action": "token"})
    shown = list(page.context["cl"].result_list)
    assert shown == list(AuditEvent.objects.filter(action="token"))
    assert shown, "the token issued above is in the trail"
    assert str(AuditEvent.Action.TOKEN.label) in page.content.decode()

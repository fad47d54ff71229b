"""Every write the admin allows is in the audit trail, naming who made it and what changed: roles,
people (their flags, groups, permissions, passwords), groups, second factors, sign-in locks,
regions, countries with their Network Member and aliases. Bulk deletion too."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicspace.accounts.models import Role
from civicspace.audit.models import AuditEvent
from civicspace.countries.models import Country, CountryAlias, NetworkMember, Region
from tests.apps.helpers import PASSWORD, person

pytestmark = pytest.mark.django_db

SCORES = "/workspace/KZ/2025/P2/"


@pytest.fixture
def root(programme):
    return get_user_model().objects.create_superuser("root", password=PASSWORD)


@pytest.fixture
def admin_client(root, client):
    client.force_login(root)
    return client


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _value(field, value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [getattr(v, "pk", v) for v in value]
    return getattr(value, "pk", value)


def _bound(data, bound_field):
    field, name = bound_field.field, bound_field.html_name
    if field.disabled:
        return
    value = bound_field.value()
    if isinstance(field.widget, MultiWidget):
        for i, part in enumerate(field.widget.decompress(value) or []):
            data[f"{name}_{i}"] = _value(field, part)
    elif getattr(field.widget, "input_type", None) == "checkbox":
        if value:
            data[name] = "on"
    else:
        data[name] = _value(field, value)


def page_form(client, url, **changes):
    """The admin page's form as a browser would post it unchanged, with `changes` applied;
    its inline formsets too (management forms included)."""
    page = client.get(url)
    assert page.status_code == 200, url
    data: dict[str, object] = {}
    for bound_field in page.context["adminform"].form:
        _bound(data, bound_field)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound_field in formset.management_form:
            data[bound_field.html_name] = bound_field.value()
        for form in formset.forms:
            for bound_field in form:
                _bound(data, bound_field)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def trail(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def said(event):
    """The trail's row as a reader sees it: who, and what."""
    return event.actor.username, event.summary


# Roles: the most sensitive change of all.


def test_a_role_granted_in_the_admin_is_audited_and_opens_the_page_on_the_next_request(
    admin_client,
):
    user = get_user_model().objects.create_user("aigul", password=PASSWORD)
    member = Client()
    member.force_login(user)
    assert member.get(SCORES).status_code == 404
    kz = Country.objects.get(iso2="KZ")
    answer = admin_client.post(
        _url(Role, "add"), {"user": user.pk, "kind": "member", "country": kz.pk}
    )
    assert answer.status_code == 302
    [event] = trail("role")
    assert said(event) == ("root", "Role of aigul: granted")
    assert event.after | {"change": None} == {
        "user": "aigul",
        "kind": "member",
        "country": str(kz),
        "change": None,
    }
    assert event.before is None
    assert member.get(SCORES).status_code == 200


def test_a_role_changed_and_revoked_in_the_admin_is_audited_and_closes_the_page(admin_client):
    user = person("aigul", "member", "KZ")
    member = Client()
    member.force_login(user)
    assert member.get(SCORES).status_code == 200
    role = Role.objects.get(user=user)
    kenya = Country.objects.get(iso2="KE")
    url = _url(Role, "change", role.pk)
    assert admin_client.post(url, page_form(admin_client, url, country=kenya.pk)).status_code == 302
    [changed] = trail("role")
    assert said(changed) == ("root", "Role of aigul: changed")
    assert (changed.before["country"], changed.after["country"]) == ("Kazakhstan", str(kenya))
    assert member.get(SCORES).status_code == 404
    answer = admin_client.post(_url(Role, "delete", role.pk), {"post": "yes"})
    assert answer.status_code == 302
    assert not Role.objects.filter(user=user).exists()
    revoked = trail("role")[-1]
    assert said(revoked) == ("root", "Role of aigul: revoked")
    assert revoked.before == {"user": "aigul", "kind": "member", "country": str(kenya)}


def test_roles_deleted_in_bulk_are_each_audited(admin_client):
    people = [person("aigul", "member", "KZ"), person("editor", "editor")]
    roles = Role.objects.filter(user__in=people)
    bulk = {"action": "delete_selected", "_selected_action": [r.pk for r in roles], "post": "yes"}
    assert admin_client.post(_url(Role, "changelist"), bulk).status_code == 302
    assert not Role.objects.filter(user__in=people).exists()
    assert sorted(said(e) for e in trail("role")) == [
        ("root", "Role of aigul: revoked"),
        ("root", "Role of editor: revoked"),
    ]


# People, groups, second factors, sign-in locks.


def test_an_account_added_in_the_admin_is_audited_without_its_password(admin_client):
    data = {
        "username": "bolat",
        "usable_password": "true",
        "password1": "a-new-password-of-bolat",
        "password2": "a-new-password-of-bolat",
    }
    assert admin_client.post(_url(get_user_model(), "add"), data).status_code == 302
    [event] = trail("account")
    assert said(event) == ("root", "Account bolat: added")
    assert event.after["password"] == "set"
    assert event.after["is_superuser"] is False
    stored = get_user_model().objects.get(username="bolat").password
    assert stored not in str(event.after)
    assert "a-new-password-of-bolat" not in str(event.after)


def test_making_someone_a_superuser_with_a_group_and_a_permission_is_audited(admin_client):
    user = get_user_model().objects.create_user("bolat", password=PASSWORD)
    group = Group.objects.create(name="DEMO clerks")
    permission = Permission.objects.get(codename="view_role")
    url = _url(get_user_model(), "change", user.pk)
    data = page_form(
        admin_client,
        url,
        is_superuser="on",
        is_staff="on",
        groups=[group.pk],
        user_permissions=[permission.pk],
    )
    assert admin_client.post(url, data).status_code == 302
    events = trail("account")
    assert {said(e) for e in events} == {("root", "Account bolat: changed")}
    flags = next(e for e in events if "is_superuser" in e.after)
    assert (flags.before["is_superuser"], flags.after["is_superuser"]) == (False, True)
    assert (flags.before["is_staff"], flags.after["is_staff"]) == (False, True)
    groups = next(e for e in events if "groups" in e.after)
    assert (groups.before["groups"], groups.after["groups"]) == ([], ["DEMO clerks"])
    permissions = next(e for e in events if "user_permissions" in e.after)
    assert permissions.after["user_permissions"] == [str(permission)]
    assert user.password not in str([e.before for e in events] + [e.after for e in events])


def test_a_password_set_in_the_admin_is_audited_never_written_there(admin_client):
    user = get_user_model().objects.create_user("bolat", password=PASSWORD)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    new = "another-long-password-1"
    data = {"password1": new, "password2": new, "usable_password": "true", "set-password": "1"}
    assert admin_client.post(url, data).status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    [event] = trail("account")
    assert said(event) == ("root", "Account bolat: password changed")
    written = str(event.before) + str(event.after)
    assert new not in written
    assert user.password not in written


def test_an_account_deleted_in_the_admin_takes_its_roles_with_it_audited(admin_client):
    user = person("aigul", "member", "KZ")
    assert (
        admin_client.post(_url(get_user_model(), "delete", user.pk), {"post": "yes"}).status_code
        == 302
    )
    assert not get_user_model().objects.filter(username="aigul").exists()
    assert [said(e) for e in trail("role")] == [("root", "Role of aigul: revoked")]
    assert [said(e) for e in trail("account")] == [("root", "Account aigul: deleted")]


def test_accounts_deleted_in_bulk_are_each_audited(admin_client):
    users = [get_user_model().objects.create_user(name) for name in ("bolat", "wanjiru")]
    bulk = {"action": "delete_selected", "_selected_action": [u.pk for u in users], "post": "yes"}
    assert admin_client.post(_url(get_user_model(), "changelist"), bulk).status_code == 302
    assert sorted(said(e) for e in trail("account")) == [
        ("root", "Account bolat: deleted"),
        ("root", "Account wanjiru: deleted"),
    ]


def test_someone_who_made_changes_cannot_be_deleted_and_nothing_is_written(admin_client, root):
    editor = person("editor", "editor")
    AuditEvent.objects.create(actor=editor, action="role", target="x")  # a change of theirs
    before = AuditEvent.objects.count()
    answer = admin_client.post(_url(get_user_model(), "delete", editor.pk), {"post": "yes"})
    assert answer.status_code == 200  # the admin's "cannot delete" page
    assert get_user_model().objects.filter(pk=editor.pk).exists()
    assert Role.objects.filter(user=editor).exists()
    assert AuditEvent.objects.count() == before


def test_a_group_added_changed_and_deleted_in_the_admin_is_audited(admin_client):
    permission = Permission.objects.get(codename="change_role")
    answer = admin_client.post(
        _url(Group, "add"), {"name": "DEMO role keepers", "permissions": [permission.pk]}
    )
    assert answer.status_code == 302
    group = Group.objects.get(name="DEMO role keepers")
    url = _url(Group, "change", group.pk)
    assert admin_client.post(url, page_form(admin_client, url, permissions=[])).status_code == 302
    assert admin_client.post(_url(Group, "delete", group.pk), {"post": "yes"}).status_code == 302
    events = trail("group")
    assert [said(e) for e in events] == [
        ("root", "Group DEMO role keepers: added"),
        ("root", "Group DEMO role keepers: changed"),  # its permission given
        ("root", "Group DEMO role keepers: changed"),  # and taken away
        ("root", "Group DEMO role keepers: deleted"),
    ]
    assert events[1].after["permissions"] == [str(permission)]
    assert events[2].after["permissions"] == []


def test_a_second_factor_added_and_deleted_in_the_admin_is_audited_without_its_key(
    admin_client,
):
    user = get_user_model().objects.create_user("bolat", password=PASSWORD)
    data = page_form(admin_client, _url(TOTPDevice, "add"), user=user.pk, name="DEMO phone")
    assert admin_client.post(_url(TOTPDevice, "add"), data).status_code == 302
    device = TOTPDevice.objects.get(user=user)
    answer = admin_client.post(_url(TOTPDevice, "delete", device.pk), {"post": "yes"})
    assert answer.status_code == 302
    events = trail("second-factor")
    assert [said(e) for e in events] == [
        ("root", "Second factor of bolat: added"),
        ("root", "Second factor of bolat: deleted"),
    ]
    assert events[0].after["name"] == "DEMO phone"
    assert device.key not in str(events[0].after) + str(events[1].before)


def test_backup_codes_changed_in_the_admin_are_counted_in_the_trail_never_shown(
    admin_client, settings
):
    settings.OTP_ADMIN_HIDE_SENSITIVE_DATA = False  # else the admin shows no codes at all
    user = get_user_model().objects.create_user("bolat", password=PASSWORD)
    device = StaticDevice.objects.create(user=user, name="DEMO backup codes")
    url = _url(StaticDevice, "change", device.pk)
    data = page_form(admin_client, url)
    data |= {
        "token_set-TOTAL_FORMS": "1",
        "token_set-0-token": "demo1234",
        "token_set-0-device": device.pk,
    }
    assert admin_client.post(url, data).status_code == 302
    assert StaticToken.objects.filter(device=device).count() == 1
    [event] = trail("second-factor")
    assert said(event) == ("root", "Second factor of bolat: changed")
    assert (event.before["backup codes"], event.after["backup codes"]) == (0, 1)
    assert "demo1234" not in str(event.after)


def test_clearing_failed_sign_ins_is_audited_and_the_sign_in_record_stays(admin_client):
    attempt = AccessAttempt.objects.create(
        username="aigul",
        ip_address="203.0.113.7",
        failures_since_start=5,
        attempt_time=timezone.now(),
    )
    log = AccessLog.objects.create(
        username="aigul", ip_address="203.0.113.7", attempt_time=timezone.now()
    )
    bulk = {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    assert admin_client.post(_url(AccessAttempt, "changelist"), bulk).status_code == 302
    assert not AccessAttempt.objects.exists()
    [event] = trail("sign-in-lock")
    assert said(event) == ("root", "Failed sign-ins of aigul: cleared")
    assert event.before["failures_since_start"] == 5
    assert admin_client.post(_url(AccessLog, "delete", log.pk), {"post": "yes"}).status_code == 403
    assert AccessLog.objects.filter(pk=log.pk).exists()


# The programme's countries.


def test_a_region_added_changed_and_deleted_in_the_admin_is_audited(admin_client):
    answer = admin_client.post(
        _url(Region, "add"), {"code": "DEMO", "name": "DEMO region", "translations": "{}"}
    )
    assert answer.status_code == 302
    region = Region.objects.get(code="DEMO")
    url = _url(Region, "change", region.pk)
    data = page_form(admin_client, url, name="DEMO region, renamed")
    assert admin_client.post(url, data).status_code == 302
    bulk = {"action": "delete_selected", "_selected_action": [region.pk], "post": "yes"}
    assert admin_client.post(_url(Region, "changelist"), bulk).status_code == 302
    events = trail("region")
    assert [said(e) for e in events] == [
        ("root", "Region DEMO: added"),
        ("root", "Region DEMO: changed"),
        ("root", "Region DEMO: deleted"),
    ]
    assert (events[1].before["name"], events[1].after["name"]) == (
        "DEMO region",
        "DEMO region, renamed",
    )


def test_a_country_its_network_member_and_aliases_changed_in_the_admin_are_audited(admin_client):
    kz = Country.objects.get(iso2="KZ")
    url = _url(Country, "change", kz.pk)
    data = page_form(
        admin_client,
        url,
        in_programme="",
        **{
            "network_member-TOTAL_FORMS": "1",
            "network_member-0-name": "DEMO Civic Union",
            "network_member-0-website": "",
            "network_member-0-country": kz.pk,
            "aliases-TOTAL_FORMS": "1",
            "aliases-0-name": "Qazaqstan",
            "aliases-0-country": kz.pk,
        },
    )
    assert admin_client.post(url, data).status_code == 302
    assert not Country.objects.get(pk=kz.pk).in_programme
    assert [said(e) for e in trail("country")] == [("root", "Country KZ: changed")]
    assert [said(e) for e in trail("network-member")] == [("root", "Network Member of KZ: added")]
    assert [said(e) for e in trail("country-alias")] == [
        ("root", "Country name “Qazaqstan”: added")
    ]
    alias = CountryAlias.objects.get(name="Qazaqstan")
    data = page_form(
        admin_client, url, **{"aliases-0-DELETE": "on", "network_member-0-name": "DEMO Union"}
    )
    assert admin_client.post(url, data).status_code == 302
    assert not CountryAlias.objects.filter(pk=alias.pk).exists()
    assert NetworkMember.objects.get(country=kz).name == "DEMO Union"
    assert said(trail("country-alias")[-1]) == ("root", "Country name “Qazaqstan”: deleted")
    renamed = trail("network-member")[-1]
    assert (renamed.before["name"], renamed.after["name"]) == ("DEMO Civic Union", "DEMO Union")


def test_a_country_added_and_deleted_in_the_admin_is_audited(admin_client):
    region = Region.objects.get(code="ECA")
    data = {
        "iso2": "QZ",
        "iso3": "QZZ",
        "numeric": "",
        "name": "DEMO Qazland (user-assigned codes)",
        "region": region.pk,
        "in_programme": "on",
        "network_member-TOTAL_FORMS": "0",
        "network_member-INITIAL_FORMS": "0",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-name": "DEMO Qazlandia",
    }
    assert admin_client.post(_url(Country, "add"), data).status_code == 302
    country = Country.objects.get(iso2="QZ")
    answer = admin_client.post(_url(Country, "delete", country.pk), {"post": "yes"})
    assert answer.status_code == 302
    assert [said(e) for e in trail("country")] == [
        ("root", "Country QZ: added"),
        ("root", "Country QZ: deleted"),
    ]
    assert [said(e) for e in trail("country-alias")] == [
        ("root", "Country name “DEMO Qazlandia”: added"),
        ("root", "Country name “DEMO Qazlandia”: deleted"),
    ]


def test_an_alias_added_changed_and_deleted_on_its_own_page_is_audited(admin_client):
    kz = Country.objects.get(iso2="KZ")
    assert (
        admin_client.post(
            _url(CountryAlias, "add"), {"name": "Qazaqstan", "country": kz.pk}
        ).status_code
        == 302
    )
    alias = CountryAlias.objects.get(name="Qazaqstan")
    url = _url(CountryAlias, "change", alias.pk)
    assert admin_client.post(url, {"name": "Kazakstan", "country": kz.pk}).status_code == 302
    assert (
        admin_client.post(_url(CountryAlias, "delete", alias.pk), {"post": "yes"}).status_code
        == 302
    )
    events = trail("country-alias")
    assert [said(e) for e in events] == [
        ("root", "Country name “Qazaqstan”: added"),
        ("root", "Country name “Kazakstan”: changed"),
        ("root", "Country name “Kazakstan”: deleted"),
    ]
    assert events[1].before["name"] == "Qazaqstan"


def test_a_save_that_changes_nothing_adds_nothing_to_the_trail(admin_client):
    region = Region.objects.get(code="ECA")
    url = _url(Region, "change", region.pk)
    assert admin_client.post(url, page_form(admin_client, url)).status_code == 302
    assert not AuditEvent.objects.exists()


def test_the_administrations_trail_reads_in_russian(admin_client):
    user = get_user_model().objects.create_user("aigul", password=PASSWORD)
    admin_client.post(_url(Role, "add"), {"user": user.pk, "kind": "editor"})
    [event] = trail("role")
    with translation.override("ru"):
        summary = event.summary
    assert "aigul" in summary
    assert summary != "Role of aigul: granted"


# Any admin page that can write: its writes are ours (through a service), not Django's own.


def _ours(model_admin, hook):
    owner = next(k for k in type(model_admin).__mro__ if hook in vars(k))
    return owner.__module__.startswith("civicspace.")


def test_every_admin_that_can_write_writes_through_our_services(admin_client):
    request = admin_client.get(reverse("admin:index")).wsgi_request
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        saves = model_admin.has_add_permission(request) or model_admin.has_change_permission(
            request
        )
        hooks = ["save_model"] if saves else []
        if saves and model._meta.many_to_many:
            hooks.append("save_related")
        if model_admin.has_delete_permission(request):
            hooks += ["delete_model", "delete_queryset"]
        if saves and any(
            inline.has_add_permission(request, None)
            or inline.has_change_permission(request, None)
            or inline.has_delete_permission(request, None)
            for inline in model_admin.get_inline_instances(request)
        ):
            hooks.append("save_formset")
        unaudited += [f"{label}.{hook}" for hook in hooks if not _ours(model_admin, hook)]
        # An action of its own would write past the services; deletion is delete_queryset.
        actions = set(model_admin.get_actions(request)) - {"delete_selected"}
        unaudited += [f"{label} action {name}" for name in actions]
    assert unaudited == []


def test_a_deleted_accounts_row_counts_its_second_factors_and_tokens_keep_it(admin_client):
    from civicspace.accounts.tokens import token_issue

    user, holder = person("aigul", "member", "KZ"), person("bolat", "member", "KZ")
    TOTPDevice.objects.create(user=user, name="DEMO phone")
    answer = admin_client.post(_url(get_user_model(), "delete", user.pk), {"post": "yes"})
    assert answer.status_code == 302
    [deleted] = [e for e in trail("account") if e.after["change"] == "delete"]
    assert deleted.before["second_factors"] == 1
    token_issue(user=holder, name="DEMO uploader", by=None)  # from the command line
    answer = admin_client.post(_url(get_user_model(), "delete", holder.pk), {"post": "yes"})
    assert answer.status_code == 403  # its tokens are read-only in the admin: kept, and it
    assert get_user_model().objects.filter(pk=holder.pk).exists()


def test_a_country_whose_people_hold_roles_there_is_not_deleted_behind_their_backs(
    admin_client,
):
    region = Region.objects.get(code="ECA")
    country = Country.objects.create(iso2="QZ", iso3="QZZ", name="DEMO Qazland", region=region)
    user = get_user_model().objects.create_user("aigul")
    Role.objects.create(user=user, kind="member", country=country)
    answer = admin_client.post(_url(Country, "delete", country.pk), {"post": "yes"})
    assert answer.status_code == 200  # the admin's page saying what protects it
    assert "aigul" in answer.content.decode()
    assert Country.objects.filter(pk=country.pk).exists()
    assert Role.objects.filter(user=user).exists()
    assert not AuditEvent.objects.exists()


def test_a_role_granted_and_revoked_through_the_service_counts_within_the_request(root):
    from civicspace.accounts.permissions import member_country_ids, roles_remembered
    from civicspace.accounts.role_services import role_revoke, role_save

    user = get_user_model().objects.create_user("aigul")
    kz = Country.objects.get(iso2="KZ")
    with roles_remembered():
        assert member_country_ids(user) == set()
        role = role_save(role=Role(user=user, kind="member", country=kz), by=root)
        assert member_country_ids(user) == {kz.pk}
        role_revoke(role=role, by=root)
        assert member_country_ids(user) == set()
    assert [said(e) for e in trail("role")] == [
        ("root", "Role of aigul: granted"),
        ("root", "Role of aigul: revoked"),
    ]


# Second factors' keys: never shown once set, and a replaced key is in the trail as "replaced".


def test_the_admin_neither_shows_nor_edits_an_existing_second_factors_key(admin_client):
    device = TOTPDevice.objects.create(user=person("bolat", "member", "KZ"), name="DEMO phone")
    page = admin_client.get(_url(TOTPDevice, "change", device.pk))
    assert page.status_code == 200
    assert "key" not in page.context["adminform"].form.fields
    assert device.key not in page.content.decode()


def test_a_second_factors_key_replaced_in_the_admin_is_audited_never_written_there(
    admin_client, settings
):
    settings.OTP_ADMIN_HIDE_SENSITIVE_DATA = False  # a site that lets the admin edit keys
    device = TOTPDevice.objects.create(user=person("bolat", "member", "KZ"), name="DEMO phone")
    old_key, new_key = device.key, TOTPDevice(user=device.user).key
    url = _url(TOTPDevice, "change", device.pk)
    assert admin_client.post(url, page_form(admin_client, url, key=new_key)).status_code == 302
    device.refresh_from_db()
    assert device.key == new_key != old_key
    [event] = trail("second-factor")
    assert said(event) == ("root", "Second factor of bolat: changed")
    assert event.after["key"] == "replaced"
    written = str(event.before) + str(event.after)
    assert old_key not in written
    assert new_key not in written


def test_a_second_factors_throttling_reset_in_the_admin_is_audited(admin_client):
    device = TOTPDevice.objects.create(
        user=person("bolat", "member", "KZ"), name="DEMO phone", throttling_failure_count=7
    )
    url = _url(TOTPDevice, "change", device.pk)
    data = page_form(admin_client, url, throttling_failure_count=0)
    assert admin_client.post(url, data).status_code == 302
    [event] = trail("second-factor")
    assert (event.before["throttling_failure_count"], event.after["throttling_failure_count"]) == (
        7,
        0,
    )


def test_an_accounts_dates_changed_in_the_admin_are_audited_an_unchanged_save_is_not(
    admin_client,
):
    user = person("aigul", "member", "KZ")
    Client().force_login(user)  # signs in: a last sign-in to the microsecond
    user.refresh_from_db()
    url = _url(get_user_model(), "change", user.pk)
    assert admin_client.post(url, page_form(admin_client, url)).status_code == 302
    assert trail("account") == []
    data = page_form(admin_client, url, date_joined_0="2001-02-03", last_login_0="2001-02-04")
    assert admin_client.post(url, data).status_code == 302
    [event] = trail("account")
    assert event.after["date_joined"].startswith("2001-02-03")
    assert event.after["last_login"].startswith("2001-02-04")
    assert event.before["date_joined"].startswith(user.date_joined.date().isoformat())

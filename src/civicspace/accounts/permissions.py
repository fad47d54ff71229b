"""The one place that says who may read or change what: roles as predicates, asked by views,
API, admin and the cycle look-ups (`assessments.selectors.cycle_for_member` and friends)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from civicspace.accounts.models import Role

User = AbstractBaseUser | AnonymousUser


def signed_in_user(request: HttpRequest) -> AbstractBaseUser:
    """The request's user, for views behind login_required (an anonymous user here is a bug)."""
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user


@dataclass(frozen=True)
class Roles:
    """Every role one user holds, read in one query."""

    editor: bool = False
    observer: bool = False
    member_of: frozenset[int] = frozenset()


# A page asks the predicates below many times (the cycle look-up, the workflow, the evidence,
# the navigation): within one request a user's roles are read once. The memo is opened and
# closed around each request (RolesPerRequestMiddleware), keyed by user, and a role saved or
# deleted meanwhile is forgotten (accounts.apps); outside a request nothing is remembered.
_remembered: ContextVar[dict[int, Roles] | None] = ContextVar("roles_remembered", default=None)


@contextmanager
def roles_remembered() -> Iterator[None]:
    """Within the block, each user's roles are read at most once (a fresh memo each time)."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def roles_forget() -> None:
    """A role changed: the open memo, if any, reads everyone's roles again (a role moved from
    one person to another changes both; a change rolled back afterwards is read again too)."""
    memo = _remembered.get()
    if memo is not None:
        memo.clear()


def roles_of(user: User) -> Roles:
    if not user.is_authenticated:
        return Roles()
    memo = _remembered.get()
    if memo is not None and (known := memo.get(user.pk)) is not None:
        return known
    rows = list(Role.objects.filter(user_id=user.pk).values_list("kind", "country_id"))
    roles = Roles(
        editor=any(kind == Role.Kind.EDITOR for kind, _ in rows),
        observer=any(kind == Role.Kind.OBSERVER for kind, _ in rows),
        member_of=frozenset(c for kind, c in rows if kind == Role.Kind.MEMBER and c is not None),
    )
    if memo is not None:
        memo[user.pk] = roles
    return roles


def is_editor(user: User) -> bool:
    if not user.is_authenticated:
        return False
    return bool(getattr(user, "is_superuser", False)) or roles_of(user).editor


def member_country_ids(user: User) -> set[int]:
    return set(roles_of(user).member_of)


def editor_users() -> QuerySet[AbstractBaseUser]:
    """Everyone `is_editor` holds true for who can sign in (consortium editors, superusers)."""
    users: QuerySet[AbstractBaseUser] = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(is_superuser=True) | Q(roles__kind=Role.Kind.EDITOR)).distinct()


def may_read_drafts(user: User, country_id: int) -> bool:
    """A cycle's drafts, scores, panel and workbook: its country's members and every editor."""
    return country_id in member_country_ids(user) or is_editor(user)


def may_write_drafts(user: User, country_id: int) -> bool:
    """Scores, the panel, sources and texts are the Network Member's to write (the method keeps
    editors out of them: editors comment, suggest edits and move the review)."""
    return country_id in member_country_ids(user)


def may_suggest_edits(user: User) -> bool:
    """Copy-editing is the consortium's: a suggestion the member accepts or discusses."""
    return is_editor(user)


# Early warning (civicspace.monitoring): a member records and follows the events of their own
# country; the consortium (editors) verifies events and manages alerts.


def may_report_event(user: User, country_id: int) -> bool:
    return country_id in member_country_ids(user)


def may_verify_events(user: User) -> bool:
    return is_editor(user)


def may_list_events(user: User) -> bool:
    """The workspace's event list (and its import): members, for their own countries, and the
    consortium; observers read alerts only."""
    return may_verify_events(user) or bool(member_country_ids(user))


def may_manage_alerts(user: User) -> bool:
    return is_editor(user)


def is_observer(user: User) -> bool:
    """An EU delegation's or donor's account: it reads alerts meant for them, nothing else."""
    return roles_of(user).observer


def may_read_alerts(user: User) -> bool:
    """The workspace's alert list: the consortium (every alert) and observers (theirs)."""
    return is_editor(user) or is_observer(user)


def may_read_donor_alerts(user: User) -> bool:
    """Alerts for "EU delegations and donors": editors and observers; the public never."""
    return may_read_alerts(user)


def may_refer_alerts(user: User) -> bool:
    """Referrals to flexible support are the consortium's alone (never observers, never public)."""
    return is_editor(user)


def may_see_event_details(user: User, country_id: int) -> bool:
    """A restricted event's organisation and place below the country: its own country only."""
    return country_id in member_country_ids(user)


def may_attach_to_event(user: User, country_id: int) -> bool:
    """Attach, download and remove an event's files: its country's member, or the consortium."""
    return may_report_event(user, country_id) or may_verify_events(user)

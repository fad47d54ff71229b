"""The one place that says who may read or change a cycle; views, API and admin all ask here."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from civicspace.accounts.models import Role
from civicspace.assessments.models import Cycle

User = AbstractBaseUser | AnonymousUser


def signed_in_user(request: HttpRequest) -> AbstractBaseUser:
    """The request's user, for views behind login_required (an anonymous user here is a bug)."""
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user


def is_editor(user: User) -> bool:
    if not user.is_authenticated:
        return False
    return (
        bool(getattr(user, "is_superuser", False))
        or Role.objects.filter(user_id=user.pk, kind=Role.Kind.EDITOR).exists()
    )


def member_country_ids(user: User) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Role.objects.filter(user_id=user.pk, kind=Role.Kind.MEMBER).values_list(
            "country_id", flat=True
        )
    )


def cycles_workable(user: User) -> QuerySet[Cycle]:
    """Cycles whose drafts `user` may read: their own countries', or all for editors."""
    cycles = Cycle.objects.select_related("country")
    if is_editor(user):
        return cycles
    return cycles.filter(country_id__in=member_country_ids(user))


def cycle_for_member(user: User, *, iso2: str, year: int) -> Cycle:
    """The cycle a Network Member may edit, else 404: others' drafts are not confirmed to exist."""
    try:
        return Cycle.objects.select_related("country").get(
            country__iso2=iso2.upper(), year=year, country_id__in=member_country_ids(user)
        )
    except Cycle.DoesNotExist:
        raise Http404 from None


def cycle_for_reader(user: User, *, iso2: str, year: int) -> Cycle:
    try:
        return cycles_workable(user).get(country__iso2=iso2.upper(), year=year)
    except Cycle.DoesNotExist:
        raise Http404 from None

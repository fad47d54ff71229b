"""Writes for alert subscriptions: an account's own, an address's through double opt-in (a
signed link, so nothing is stored before its owner confirms), unsubscribing, and queueing an
alert's e-mails."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.db import transaction

from civicspace.core.messages import _
from civicspace.countries.models import Country, Region
from civicspace.notifications.alert_mail import (
    CONFIRM_DAYS,
    CONFIRM_SALT,
    UNSUBSCRIBE_SALT,
    subscription_address,
)
from civicspace.notifications.jobs import alert_emails_send, subscription_confirmation_send
from civicspace.notifications.models import AlertSubscription
from civicspace.notifications.services import NotificationError

Frequency = AlertSubscription.Frequency
# Bounds of one subscription: the programme has under a hundred countries and a few regions.
MAX_COUNTRIES, MAX_REGIONS = 100, 20


def alert_emails_enqueue(*, alert_id: int) -> None:
    """Queue the e-mails of an alert that was confirmed or whose audience changed."""
    alert_emails_send.enqueue(alert_id)


@dataclass(frozen=True)
class AlertChoice:
    """What a subscription asks for: programme countries and regions, and how often."""

    countries: tuple[Country, ...]
    regions: tuple[Region, ...]
    frequency: str


def _checked(choice: AlertChoice) -> AlertChoice:
    if not choice.countries and not choice.regions:
        raise NotificationError(_("Choose at least one country or region."))
    if len(choice.countries) > MAX_COUNTRIES or len(choice.regions) > MAX_REGIONS:
        raise NotificationError(_("Choose fewer countries or regions."))
    if choice.frequency not in Frequency.values:
        raise NotificationError(_("Choose how often you want to be e-mailed."))
    return choice


def _store(subscription: AlertSubscription, choice: AlertChoice) -> AlertSubscription:
    subscription.frequency = choice.frequency
    subscription.save()
    subscription.countries.set(choice.countries)
    subscription.regions.set(choice.regions)
    return subscription


@transaction.atomic
def alert_subscription_set(
    *, user: AbstractBaseUser, choice: AlertChoice | None
) -> AlertSubscription | None:
    """Save a signed-in person's alert subscription (None: they want no alerts). Which alerts
    reach them follows their role at each alert's sending."""
    if choice is None:
        AlertSubscription.objects.filter(user_id=user.pk).delete()
        return None
    _checked(choice)
    subscription = AlertSubscription.objects.filter(user_id=user.pk).first()
    return _store(subscription or AlertSubscription(user_id=user.pk), choice)


def alert_subscription_request(*, email: str, choice: AlertChoice, language: str) -> None:
    """Someone without an account asks for alerts: e-mail them a signed link that subscribes
    them once followed. Stores nothing, and answers the same whether or not the address is
    subscribed already (the page never tells who is)."""
    _checked(choice)
    address = email.strip().lower()
    known = {code for code, _name in settings.LANGUAGES}
    language = language if language in known else settings.LANGUAGE_CODE
    payload = {
        "a": address,
        "c": sorted(c.pk for c in choice.countries),
        "r": sorted(r.pk for r in choice.regions),
        "f": choice.frequency,
        "l": language,
    }
    token = signing.dumps(payload, salt=CONFIRM_SALT, compress=True)
    subscription_confirmation_send.enqueue(address, token, language)


def _payload(token: str, *, salt: str, max_age: int | None = None) -> dict[str, object]:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        raise NotificationError(_("This link is not valid, or it has expired.")) from None
    if not isinstance(value, dict):
        raise NotificationError(_("This link is not valid, or it has expired."))
    return value


def _ids(value: object) -> list[int]:
    return [i for i in value if isinstance(i, int)] if isinstance(value, list) else []


@transaction.atomic
def alert_subscription_confirm(*, token: str) -> AlertSubscription:
    """Follow a confirmation link: subscribe the address (or replace its earlier choice)."""
    data = _payload(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    address = str(data.get("a", ""))
    choice = _checked(
        AlertChoice(
            countries=tuple(Country.objects.filter(pk__in=_ids(data.get("c")), in_programme=True)),
            regions=tuple(Region.objects.filter(pk__in=_ids(data.get("r")))),
            frequency=str(data.get("f", "")),
        )
    )
    subscription, _created = AlertSubscription.objects.select_for_update().get_or_create(
        user=None, email=address
    )
    subscription.language = str(data.get("l", ""))
    return _store(subscription, choice)


@transaction.atomic
def alert_unsubscribe(*, token: str) -> bool:
    """Follow an unsubscribe link: end that subscription. True if there was one to end (once
    ended, the link does nothing more, and says so no differently)."""
    data = _payload(token, salt=UNSUBSCRIBE_SALT)
    pk = data.get("s")
    if not isinstance(pk, int):
        return False
    subscription = AlertSubscription.objects.select_related("user").filter(pk=pk).first()
    # The address in the link must still be the subscription's: an account's new address is
    # not unsubscribed by a link sent to its old one.
    if subscription is None or subscription_address(subscription) != data.get("a"):
        return False
    subscription.delete()
    return True

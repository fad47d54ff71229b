"""Alert e-mails: which subscriptions a confirmed alert reaches, one e-mail per alert at once or a
daily digest, and the double opt-in's confirmation e-mail.

What an address may receive follows the alert's audience (`alert_readable_by`), asked again at
sending time: an audience narrowed since, or a role taken away, stops what still waits. Every
e-mail carries a one-click unsubscribe link (List-Unsubscribe, RFC 8058).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from civicspace.core.early_warning_rules import load_rules
from civicspace.countries.names import country_name
from civicspace.monitoring.models import Alert
from civicspace.monitoring.selectors import alert_readable_by, alert_span_for
from civicspace.monitoring.vocabulary import vocabulary_word
from civicspace.notifications.mail import recipient_language
from civicspace.notifications.models import AlertMailing, AlertSubscription

log = logging.getLogger(__name__)

Frequency = AlertSubscription.Frequency
UNSUBSCRIBE_SALT = "civicspace.alerts.unsubscribe"
CONFIRM_SALT = "civicspace.alerts.subscribe"
# An immediate e-mail that failed is tried again by the next digest run after this long; one
# older than a day is left (as for notifications: no flood of old news).
RETRY_AFTER, RETRY_WITHIN = timedelta(minutes=15), timedelta(days=1)


def subscription_address(subscription: AlertSubscription) -> str:
    if subscription.user is not None:
        return str(getattr(subscription.user, "email", "") or "").strip().lower()
    return subscription.email


def subscription_language(subscription: AlertSubscription) -> str:
    if subscription.user is not None:
        return recipient_language(subscription.user)
    known = {code for code, _name in settings.LANGUAGES}
    return subscription.language if subscription.language in known else settings.LANGUAGE_CODE


def subscription_may_read(subscription: AlertSubscription, alert: Alert) -> bool:
    user = subscription.user
    if user is not None and not getattr(user, "is_active", False):
        return False
    return alert_readable_by(alert, user)


def subscriptions_for(alert: Alert) -> QuerySet[AlertSubscription]:
    """The subscriptions naming the alert's country, or its region."""
    where = Q(countries=alert.country_id)
    if alert.country.region_id is not None:
        where |= Q(regions=alert.country.region_id)
    ids = AlertSubscription.objects.filter(where).values("pk")
    return AlertSubscription.objects.filter(pk__in=ids).select_related("user").order_by("pk")


def alert_mailings_make(*, alert_id: int) -> list[AlertMailing]:
    """Note the alert for every address it now reaches and has not reached before; run when an
    alert is confirmed and again when its audience widens (the new readers only are added)."""
    alert = Alert.objects.select_related("country").filter(pk=alert_id).first()
    if alert is None or alert.state != Alert.State.CONFIRMED:
        return []
    made = []
    for subscription in subscriptions_for(alert):
        address = subscription_address(subscription)
        if not address or not subscription_may_read(subscription, alert):
            continue
        try:
            with transaction.atomic():
                made.append(
                    AlertMailing.objects.create(
                        alert=alert,
                        subscription=subscription,
                        address=address,
                        frequency=subscription.frequency,
                    )
                )
        except IntegrityError:  # this address had it (perhaps by another subscription): once
            continue
    return made


def unsubscribe_token(subscription: AlertSubscription) -> str:
    return signing.dumps(
        {"s": subscription.pk, "a": subscription_address(subscription)}, salt=UNSUBSCRIBE_SALT
    )


def _absolute(path: str) -> str:
    return settings.CIVICSPACE_SITE_URL.rstrip("/") + path


def alert_link(alert: Alert) -> str:
    """The alert's page: the public one for a public alert, else the workspace's."""
    if alert.audience == Alert.Audience.PUBLIC:
        try:
            return _absolute(reverse("alerts:alert", args=[alert.pk]))
        except NoReverseMatch:  # the public alert pages are not installed in this build
            return _absolute(f"/alerts/{alert.pk}/")
    return _absolute(reverse("monitoring:alert", args=[alert.pk]))


def alert_title(alert: Alert) -> str:
    """ "Kazakhstan: a trend of deteriorating events (D3)", in the active language."""
    rule = next((r for r in load_rules(alert.edition).rules if r.code == alert.rule), None)
    name = vocabulary_word(rule.name) if rule is not None else alert.rule
    subject = f" ({alert.subject})" if alert.subject else ""
    return f"{country_name(alert.country.name)}: {name}{subject}"


def alert_dates(alert: Alert, subscription: AlertSubscription) -> str:
    """The alert's span as this subscriber may read it (`alert_span_for`): a public subscriber
    is told the span of its public events only, in the active language."""
    span = alert_span_for(alert, subscription.user)
    if span is None:
        return gettext("dates withheld: none of its events is public")
    return f"{span[0]:%Y-%m-%d} – {span[1]:%Y-%m-%d}"


def _item(alert: Alert, subscription: AlertSubscription) -> dict[str, str]:
    return {
        "title": alert_title(alert),
        "direction": str(alert.get_direction_display()),
        "dates": alert_dates(alert, subscription),
        "summary": alert.summary,
        "response": alert.recommended_response,
        "url": alert_link(alert),
        "demo": "DEMO" if alert.is_demo else "",
    }


def _message(
    subscription: AlertSubscription, address: str, subject: str, alerts: Sequence[Alert]
) -> EmailMultiAlternatives:
    unsubscribe = _absolute(
        reverse("alert_subscriptions:unsubscribe", args=[unsubscribe_token(subscription)])
    )
    context = {"items": [_item(a, subscription) for a in alerts], "unsubscribe_url": unsubscribe}
    message = EmailMultiAlternatives(
        subject=f"[civicspace] {subject}",
        body=render_to_string("notifications/email/alerts.txt", context),
        to=[address],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("notifications/email/alerts.html", context), "text/html"
    )
    return message


def _pending() -> QuerySet[AlertMailing]:
    return AlertMailing.objects.filter(sent_at=None, subscription__isnull=False).select_related(
        "alert__country", "subscription__user"
    )


def _send(rows: list[AlertMailing]) -> int:
    """E-mail these rows (one address's) as one e-mail; those no longer readable are dropped.
    Returns how many alerts the e-mail held (0: none was sent)."""
    readable = [
        r
        for r in rows
        if r.subscription is not None and subscription_may_read(r.subscription, r.alert)
    ]
    dropped = [r.pk for r in rows if r not in readable]
    if dropped:  # never sent, so a later widening may note them again
        AlertMailing.objects.filter(pk__in=dropped).delete()
    if not readable:
        return 0
    alerts = [r.alert for r in readable]
    subscription = readable[0].subscription
    assert subscription is not None
    with translation.override(subscription_language(subscription)):
        if len(alerts) == 1 and readable[0].frequency == Frequency.IMMEDIATE:
            subject = gettext("Alert: %(title)s") % {"title": alert_title(alerts[0])}
        else:
            subject = ngettext(
                "Your daily alerts: %(count)s alert",
                "Your daily alerts: %(count)s alerts",
                len(alerts),
            ) % {"count": len(alerts)}
        message = _message(subscription, readable[0].address, subject, alerts)
    message.send()
    AlertMailing.objects.filter(pk__in=[r.pk for r in readable]).update(sent_at=timezone.now())
    return len(readable)


def alert_mailings_send(*, alert_id: int) -> int:
    """E-mail the alert now to the addresses that want each alert at once; how many went.
    Each row is locked while it is sent (two workers never send one twice)."""
    sent = 0
    ids = list(
        _pending()
        .filter(alert_id=alert_id, frequency=Frequency.IMMEDIATE)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            row = _pending().filter(pk=pk).select_for_update(skip_locked=True, of=("self",)).first()
            if row is None:
                continue
            try:
                sent += _send([row])
            except Exception:
                log.exception("alert e-mail %s failed; the digest run tries it again", pk)
    return sent


@dataclass(frozen=True)
class AlertDigestReport:
    addresses: int
    alerts: int
    failed: int


def alerts_digest_send() -> AlertDigestReport:
    """Send each digest subscriber the alerts noted for them since the last run, one e-mail
    each (with immediate ones whose own e-mail failed). Safe to run again: never twice."""
    now = timezone.now()
    due = Q(frequency=Frequency.DIGEST) | Q(
        frequency=Frequency.IMMEDIATE,
        created_at__lt=now - RETRY_AFTER,
        created_at__gte=now - RETRY_WITHIN,
    )
    addresses = sorted(set(_pending().filter(due).values_list("address", flat=True)))
    sent = count = failed = 0
    for address in addresses:
        with transaction.atomic():
            rows = list(
                _pending()
                .filter(due, address=address)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("created_at", "pk")
            )
            if not rows:
                continue
            try:
                went = _send(rows)
            except Exception:
                log.exception("alert digest to one address failed; it stays pending")
                failed += 1
                continue
            if went:
                sent, count = sent + 1, count + went
    return AlertDigestReport(addresses=sent, alerts=count, failed=failed)


def subscription_confirmation_email(*, address: str, token: str, language: str) -> None:
    """The double opt-in: a signed link that creates the subscription once followed."""
    link = _absolute(reverse("alert_subscriptions:confirm", args=[token]))
    with translation.override(language):
        context = {"confirm_url": link, "days": CONFIRM_DAYS}
        message = EmailMultiAlternatives(
            subject="[civicspace] " + gettext("Confirm your subscription to alerts"),
            body=render_to_string("notifications/email/alert_confirm.txt", context),
            to=[address],
        )
        message.attach_alternative(
            render_to_string("notifications/email/alert_confirm.html", context), "text/html"
        )
    message.send()


# How long a confirmation link stays valid.
CONFIRM_DAYS = 7

"""Early-warning events, their sources and verification, and the alerts rules propose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicspace.core.early_warning import Direction, EventState, Sensitivity
from civicspace.core.event_workflow import AlertState
from civicspace.countries.models import Country


def _default_edition() -> str:
    return str(settings.CIVICSPACE_DEFAULT_EDITION)


class Event(models.Model):
    """A dated event that changes, or may change, a country's enabling environment."""

    class State(models.TextChoices):
        SUBMITTED = EventState.SUBMITTED, _("submitted")
        VERIFYING = EventState.VERIFYING, _("being verified")
        VERIFIED = EventState.VERIFIED, _("verified")
        REJECTED = EventState.REJECTED, _("rejected")
        MORE_INFORMATION = EventState.MORE_INFORMATION, _("more information requested")

    class Direction(models.TextChoices):
        DETERIORATING = Direction.DETERIORATING, _("deteriorating")
        IMPROVING = Direction.IMPROVING, _("improving")

    class Sensitivity(models.TextChoices):
        PUBLIC = Sensitivity.PUBLIC, _("public once verified")
        CONSORTIUM = Sensitivity.CONSORTIUM, _("consortium only")
        RESTRICTED = (
            Sensitivity.RESTRICTED,
            _("restricted (no organisation, no place below the country)"),
        )

    class Actor(models.TextChoices):
        STATE = "state", _("state actors")
        NON_STATE = "non-state", _("non-state actors")
        UNKNOWN = "unknown", _("unknown")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="events", verbose_name=_("country")
    )
    edition = models.CharField(_("framework edition"), max_length=40, default=_default_edition)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_events",
        verbose_name=_("reported by"),
    )  # None: imported from the command line
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)  # Markdown
    event_type = models.CharField(_("event type"), max_length=60)  # a code of the vocabulary
    starts_on = models.DateField(_("date (or start)"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    actor = models.CharField(
        _("actors"), max_length=20, choices=Actor.choices, default=Actor.UNKNOWN
    )
    actors_detail = models.CharField(_("who acted"), max_length=300, blank=True)
    affected_groups = models.CharField(_("who was affected"), max_length=300, blank=True)
    affected_count = models.PositiveIntegerField(_("about how many"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city or place"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    sensitivity = models.CharField(
        _("sensitivity"), max_length=20, choices=Sensitivity.choices, default=Sensitivity.PUBLIC
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SUBMITTED
    )
    state_note = models.TextField(_("reason or request"), blank=True)  # of the last decision
    impact = models.PositiveSmallIntegerField(_("impact"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["country", "state", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(impact__isnull=True) | models.Q(impact__gte=1, impact__lte=5),
                name="event_impact_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} {self.title}"

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The codes of the dimensions the event touches, in order (prefetch `dimension_tags`
        when reading many events)."""
        return tuple(sorted(tag.code for tag in self.dimension_tags.all()))


class EventDimension(models.Model):
    """One dimension an event touches: a row each, so that "the verified events of a country in
    a period tagged to 2.1" is an indexed query rather than a scan of every event's list."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="dimension_tags", verbose_name=_("event")
    )
    code = models.CharField(_("dimension"), max_length=10)  # a code of the event's edition

    class Meta:
        ordering = ["event", "code"]
        verbose_name = _("event dimension")
        verbose_name_plural = _("event dimensions")
        indexes = [models.Index(fields=["code", "event"], name="event_dimension_code")]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="event_dimension_once"),
        ]

    def __str__(self) -> str:
        return self.code


class EventSource(models.Model):
    class Kind(models.TextChoices):
        MEDIA = "media", _("media")
        OFFICIAL = "official", _("official")
        NGO = "ngo", _("NGO")
        FIRST_HAND = "first-hand", _("first-hand account")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sources", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), blank=True, max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEDIA)

    class Meta:
        ordering = ["event", "published_on", "pk"]
        verbose_name = _("event source")
        verbose_name_plural = _("event sources")

    def __str__(self) -> str:
        return self.title


class Verification(models.Model):
    """How the consortium verified an event: the sources it checked and the rubric's answers."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="verification", verbose_name=_("event")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("verified by"),
    )  # None: the demo loader
    at = models.DateTimeField(_("when"), auto_now_add=True)
    sources_checked = models.ManyToManyField(
        EventSource, related_name="verifications", verbose_name=_("sources checked")
    )
    answers = models.JSONField(_("impact rubric answers"), default=dict)
    note = models.TextField(_("how it was verified"), blank=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self) -> str:
        return str(self.event)


class Alert(models.Model):
    """What a rule found in verified events; an editor confirms or dismisses it."""

    class State(models.TextChoices):
        PROPOSED = AlertState.PROPOSED, _("proposed")
        CONFIRMED = AlertState.CONFIRMED, _("confirmed")
        DISMISSED = AlertState.DISMISSED, _("dismissed")
        CLOSED = AlertState.CLOSED, _("closed")

    class Audience(models.TextChoices):
        CONSORTIUM = "consortium", _("the consortium")
        DONORS = "donors", _("EU delegations and donors")
        PUBLIC = "public", _("the public")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("country")
    )
    edition = models.CharField(_("framework edition"), max_length=40, default=_default_edition)
    rule = models.CharField(_("rule"), max_length=60)
    subject = models.CharField(_("dimension or principle"), max_length=20, blank=True)
    direction = models.CharField(_("direction"), max_length=20, choices=Event.Direction.choices)
    events = models.ManyToManyField(Event, related_name="alerts", verbose_name=_("events"))
    first_on = models.DateField(_("first event"))
    last_on = models.DateField(_("last event"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PROPOSED
    )
    summary = models.TextField(_("summary"), blank=True)
    recommended_response = models.TextField(_("recommended response"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.CONSORTIUM
    )
    dismissal_reason = models.TextField(_("reason for dismissal"), blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-last_on", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return f"{self.country} {self.rule} {self.subject} {self.last_on}"


class Referral(models.Model):
    """An alert referred to flexible support, and where that stands. The consortium's only: never
    on a public page, file, feed or API answer, and never shown to observers."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in-progress", _("in progress")
        SUPPORT_GIVEN = "support-given", _("support given")
        DECLINED = "declined", _("declined")
        CLOSED = "closed", _("closed")

    alert = models.OneToOneField(
        Alert, on_delete=models.CASCADE, related_name="referral", verbose_name=_("alert")
    )
    referred_on = models.DateField(_("referred on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    notes = models.TextField(_("notes"), blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred by"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("referral to flexible support")
        verbose_name_plural = _("referrals to flexible support")

    def __str__(self) -> str:
        return f"{self.alert}: {self.status}"


class ReferralStep(models.Model):
    """One step of a referral's history: its status from then on, and the note that came with it."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="steps", verbose_name=_("referral")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Referral.Status.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")

    def __str__(self) -> str:
        return f"{self.referral_id} {self.at:%Y-%m-%d} {self.status}"


class EventAttachment(models.Model):
    """A file a member or the consortium attached to an event: never public. The bytes live in
    the private attachments folder under `stored_name`, a random name nothing links to."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("event")
    )
    name = models.CharField(_("file name"), max_length=120)  # sanitised, for the download
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    content_type = models.CharField(_("type"), max_length=100)  # from the content, not the name
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_attachments",
        verbose_name=_("attached by"),
    )
    uploaded_at = models.DateTimeField(_("attached"), auto_now_add=True)

    class Meta:
        ordering = ["event", "uploaded_at", "pk"]
        verbose_name = _("event attachment")
        verbose_name_plural = _("event attachments")

    def __str__(self) -> str:
        # As the admin titles it: a restricted event's file keeps its name to its country.
        if self.event.sensitivity == Event.Sensitivity.RESTRICTED:
            return f"attachment-{self.pk}"
        return self.name

"""Who may do what: a Network Member's role is tied to one country; consortium roles span all."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicspace.countries.models import Country


class Role(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("Network Member (one country)")
        EDITOR = "editor", _("Consortium editor (all countries)")
        # Reads the alerts confirmed for them (and public ones) in the workspace; nothing else.
        OBSERVER = "observer", _("EU delegation or donor (reads alerts)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("role"), max_length=10, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("country"),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "country"], name="role_once"),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="member", country__isnull=False)
                    | models.Q(kind__in=["editor", "observer"], country__isnull=True)
                ),
                name="role_member_has_country_editor_has_none",
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.country})" if self.country else ""
        return f"{self.user}: {self.get_kind_display()}{where}"


class ApiToken(models.Model):
    """A Network Member's key to the write API (POST /api/v1/events). Only its SHA-256 digest is
    kept: the token itself is shown once, when it is issued (accounts/tokens.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    # The one country whose events it may write; still only while its user is a member there.
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("country")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)  # what the member uses it for
    prefix = models.CharField(_("begins with"), max_length=12)  # to tell tokens apart in lists
    digest = models.CharField(_("SHA-256 digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

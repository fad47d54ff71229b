"""Countries of the programme (ISO 3166), their regions and Network Members."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicspace.countries.names import country_name


class Region(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    """A country as ISO 3166-1 defines it; `in_programme` marks the programme's configurable set."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="countries",
        verbose_name=_("region"),
    )
    in_programme = models.BooleanField(_("in the programme"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_upper"
            ),
        ]

    def __str__(self) -> str:
        return country_name(self.name)


class NetworkMember(models.Model):
    """The national civil-society organisation that runs a country's panel and drafts its report."""

    country = models.OneToOneField(
        Country, on_delete=models.CASCADE, related_name="network_member", verbose_name=_("country")
    )
    name = models.CharField(_("organisation"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    # Where naming the organisation would endanger it: reports, pages and files say "the
    # national Network Member" instead.
    unnamed = models.BooleanField(
        _("do not name the drafting organisation"),
        default=False,
        help_text=_(
            "Published reports, pages and files then say “the national Network Member” instead"
            " of the organisation's name."
        ),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("Network Member")
        verbose_name_plural = _("Network Members")

    def __str__(self) -> str:
        return self.name

    @property
    def published_name(self) -> str:
        """The name reports may print: empty when the organisation must not be named."""
        return "" if self.unnamed else self.name

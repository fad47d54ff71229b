"""Countries of the programme (ISO 3166), their regions and Network Members."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from civicspace.countries.names import country_name, localised


class Region(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Its name in the site's other languages ({"ru": "...", "ar": "..."}), from the programme file.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        """The region's name in the active language (as stored where it has none)."""
        return localised(self.name, self.translations)


class Country(models.Model):
    """A country as ISO 3166-1 defines it, or one it does not list that the programme covers
    (Kosovo, XK: imports/countries_beyond_iso.yaml); `in_programme` marks the programme's set."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    # None where no official number exists (Kosovo); unique among those that have one.
    numeric = models.CharField(_("ISO numeric"), max_length=3, unique=True, null=True, blank=True)
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
                condition=models.Q(iso2__regex=r"^[A-Z]{2}$"),
                name="country_iso2_upper",
                violation_error_message=_("The alpha-2 code is two capital letters (XK)."),
            ),
            models.CheckConstraint(
                condition=models.Q(iso3__regex=r"^[A-Z]{3}$"),
                name="country_iso3_upper",
                violation_error_message=_("The alpha-3 code is three capital letters (XKX)."),
            ),
            models.CheckConstraint(
                condition=models.Q(numeric__isnull=True) | models.Q(numeric__regex=r"^[0-9]{3}$"),
                name="country_numeric_digits",
                violation_error_message=_(
                    "The numeric code is three digits (008), or empty where none exists."
                ),
            ),
        ]

    def __str__(self) -> str:
        return country_name(self.name)


class CountryAlias(models.Model):
    """A name the consortium's files write for a country ("Kosova"), beside the packaged ones
    (imports/country_aliases.yaml); every import resolves it, no release needed."""

    name = models.CharField(
        _("name as written"),
        max_length=100,
        unique=True,
        help_text=_("Exactly as the files write it; case, accents and spacing do not matter."),
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("country")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country alias")
        verbose_name_plural = _("country aliases")

    def __str__(self) -> str:
        return f"{self.name} → {self.country.iso2}"


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

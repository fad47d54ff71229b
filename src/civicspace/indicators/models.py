"""External ratings the assessment draws on; for now the CIVICUS Monitor that makes Principle 1."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicspace.countries.models import Country


class CivicusRating(models.Model):
    """One published CIVICUS Monitor rating: a 0-100 score and its category, dated."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="civicus_ratings", verbose_name=_("country")
    )
    published_on = models.DateField(_("publication date"))
    score = models.DecimalField(_("CIVICUS score (0-100)"), max_digits=4, decimal_places=1)
    category = models.CharField(_("category"), max_length=20)
    source_url = models.URLField(_("source"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["country__name", "-published_on"]
        verbose_name = _("CIVICUS Monitor rating")
        verbose_name_plural = _("CIVICUS Monitor ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "published_on"], name="civicus_one_rating_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="civicus_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.published_on:%Y-%m-%d}: {self.score} ({self.category})"


class IndicatorSeries(models.Model):
    """A secondary source (V-Dem, BTI, RTI Rating, ...) the panels consult."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200)
    url = models.URLField(_("source"))
    unit = models.CharField(_("unit or range"), max_length=40)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator series")
        # English "series" is also its plural; Russian is not.
        verbose_name_plural = pgettext_lazy("plural", "indicator series")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    series = models.ForeignKey(
        IndicatorSeries,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("indicator series"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="indicator_values",
        verbose_name=_("country"),
    )
    year = models.PositiveSmallIntegerField(_("year the value refers to"))
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=3)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["series", "country", "-year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "country", "year"], name="indicator_value_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series.code} {self.country.iso2} {self.year}: {self.value}"

"""Yearly assessment cycles and their dimension scores, justifications and sources."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicspace.core.framework import FrameworkError, load_edition
from civicspace.countries.models import Country


def _default_edition() -> str:
    return str(settings.CIVICSPACE_DEFAULT_EDITION)


class Cycle(models.Model):
    """A country's assessment for one year, tied to the framework edition it was made with."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cycles")
    year = models.PositiveSmallIntegerField(_("year"))
    edition = models.CharField(_("framework edition"), max_length=40, default=_default_edition)
    period_start = models.DateField(_("reporting period from"))
    period_end = models.DateField(_("reporting period to"))
    panel_date = models.DateField(_("panel date"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country__name", "-year"]
        verbose_name = _("assessment cycle")
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="cycle_one_per_country_year"),
            models.CheckConstraint(
                condition=models.Q(period_start__lt=models.F("period_end")),
                name="cycle_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.year}"

    def clean(self) -> None:
        try:
            load_edition(self.edition)
        except FrameworkError as exc:
            raise ValidationError({"edition": str(exc)}) from None
        if self.period_start and self.period_end and self.period_start >= self.period_end:
            raise ValidationError({"period_end": _("The period must end after it starts.")})


class DimensionScore(models.Model):
    """The panel's agreed score for one dimension of a cycle, with its written justification."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="scores")
    dimension = models.CharField(_("dimension code"), max_length=10)
    value = models.DecimalField(_("score"), max_digits=3, decimal_places=2)
    justification = models.TextField(_("justification"), blank=True)
    # Bumped on every save; later edits compare it to refuse silent overwrites.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "dimension"]
        verbose_name = _("dimension score")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "dimension"], name="score_one_per_cycle_dimension"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="score_on_scale_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.dimension}: {self.value}"

    def clean(self) -> None:
        """The same rules as imports: a panel dimension of the cycle's edition, on its scale."""
        if self.cycle_id is None:
            return
        edition = load_edition(self.cycle.edition)
        if self.dimension not in edition.panel_dimensions:
            raise ValidationError(
                {
                    "dimension": _("%(code)s is not a panel-scored dimension of %(edition)s.")
                    % {"code": self.dimension, "edition": edition.code}
                }
            )
        if self.value is not None and not edition.scale.contains(float(self.value)):
            raise ValidationError(
                {
                    "value": _("%(value)s is outside the scale %(low)g-%(high)g.")
                    % {
                        "value": self.value,
                        "low": edition.scale.minimum,
                        "high": edition.scale.maximum,
                    }
                }
            )


class Source(models.Model):
    """Evidence cited for a dimension score."""

    class Kind(models.TextChoices):
        LAW = "law", _("law or regulation")
        INDEX = "index", _("index or dataset")
        REPORT = "report", _("report")
        NEWS = "news", _("news article")
        OTHER = "other", _("other")

    score = models.ForeignKey(DimensionScore, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), blank=True, max_length=500)
    published_on = models.DateField(_("date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["score", "published_on", "title"]
        verbose_name = _("source")

    def __str__(self) -> str:
        return self.title

"""Facilities: the sites whose chemicals, threats and protection are assessed."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import OwnedModel


class FacilityType(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Chemical manufacturing")
    STORAGE = "storage", _("Storage or terminal")
    DISTRIBUTION = "distribution", _("Distribution")
    LABORATORY = "laboratory", _("Laboratory")
    WATER = "water", _("Water or wastewater treatment")
    OTHER = "other", _("Other")


class PopulationDensity(models.TextChoices):
    RURAL = "rural", _("Rural")
    SUBURBAN = "suburban", _("Suburban")
    URBAN = "urban", _("Urban")


class Facility(OwnedModel):
    """A site operated by an organisation, restricted to those who need to know."""

    name = models.CharField(_("name"), max_length=200)
    facility_type = models.CharField(_("type"), max_length=20, choices=FacilityType.choices)
    country = models.CharField(_("country"), max_length=2)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    operating_hours = models.CharField(_("operating hours"), max_length=100, blank=True)
    nearby_population = models.PositiveIntegerField(_("nearby population"), null=True, blank=True)
    population_density = models.CharField(
        _("population density"), max_length=10, choices=PopulationDensity.choices, blank=True
    )
    emergency_contact = models.CharField(_("emergency contact"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name

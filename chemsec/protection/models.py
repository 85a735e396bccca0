"""Protection-system evaluations, toxic-release consequence estimates and site plan exports."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import AuditedModel, Organisation, OwnedModel, User
from chemsec.science.labels import DENSE_GAS_LABEL

PROBABILITY = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Phase(models.TextChoices):
    GAS = "gas", _("Gas")
    LIQUID = "liquid", _("Liquid")
    LIQUEFIED_GAS = "liquefied_gas", _("Liquefied gas")


class ReleaseScenario(models.TextChoices):
    WORST = "worst", _("Worst case (F, 1.5 m/s)")
    ALTERNATIVE = "alternative", _("Alternative (D, 3 m/s)")


class Terrain(models.TextChoices):
    RURAL = "rural", _("Rural")
    URBAN = "urban", _("Urban")


class ProtectionDiagram(OwnedModel):
    """An adversary sequence diagram of a facility's physical protection system."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.CASCADE,
        related_name="protection_diagrams",
        verbose_name=_("facility"),
    )
    name = models.CharField(_("name"), max_length=200)
    # The same JSON document `chemsec easi FILE.json` reads (see science/inputs.py).
    document = models.JSONField(_("diagram"))
    p_neutralisation = models.FloatField(
        _("P(N), probability of neutralisation"), default=1.0, validators=PROBABILITY
    )
    # A loose link: the facilities app's scenarios may change shape without breaking this one.
    scenario_id = models.UUIDField(_("scenario"), null=True, blank=True)
    p_interruption = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["facility__name", "name"]

    def __str__(self) -> str:
        return self.name


class ProtectionDiagramVersion(AuditedModel):
    """One saved state of a protection diagram, kept so that changes can be traced."""

    diagram = models.ForeignKey(
        ProtectionDiagram, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    document = models.JSONField()
    p_neutralisation = models.FloatField(validators=PROBABILITY)
    p_interruption = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["diagram", "number"], name="one_diagram_version")
        ]

    def __str__(self) -> str:
        return f"{self.diagram} v{self.number}"

    @property
    def organisation(self) -> Organisation:
        return self.diagram.organisation


class ConsequenceEstimate(OwnedModel):
    """An RMP-style estimate of how far a toxic release from a facility could harm people."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.CASCADE,
        related_name="consequence_estimates",
        verbose_name=_("facility"),
    )
    scenario_id = models.UUIDField(_("scenario"), null=True, blank=True)
    chemical_name = models.CharField(_("chemical"), max_length=200, blank=True)
    cas = models.CharField(_("CAS number"), max_length=20)
    quantity_kg = models.FloatField(_("quantity (kg)"), validators=[MinValueValidator(0.001)])
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    diked_area_m2 = models.FloatField(_("diked area (m²)"), null=True, blank=True)
    release_scenario = models.CharField(
        _("scenario"), max_length=16, choices=ReleaseScenario.choices
    )
    terrain = models.CharField(_("terrain"), max_length=8, choices=Terrain.choices)
    population_density_per_km2 = models.FloatField(
        _("population density (people/km²)"), null=True, blank=True
    )
    inputs = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.chemical_name or self.cas}, {self.get_release_scenario_display()}"

    @property
    def dense_gas(self) -> bool:
        return DENSE_GAS_LABEL in self.result.get("labels", [])


class SitePlanExport(OwnedModel):
    """A generated site security plan (PDF) for a facility, kept as issued."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.CASCADE,
        related_name="site_plan_exports",
        verbose_name=_("facility"),
    )
    marking = models.CharField(max_length=300)
    pdf = models.BinaryField()
    sections = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Site security plan, {self.created_at:%Y-%m-%d %H:%M}"

"""Facilities: the sites whose chemicals, threats and protection are assessed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import AuditedModel, Job, Organisation, OwnedModel, User


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


class Area(AuditedModel):
    """A named part of a site (a tank farm, a warehouse, a laboratory wing)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="one_area_name_per_facility")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        """The site's operator: the organisation its audit entries belong to."""
        return self.facility.organisation


class EmergencyContact(AuditedModel):
    """A person or service to call about the site in an emergency."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="emergency_contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        """The site's operator: the organisation its audit entries belong to."""
        return self.facility.organisation


class SnapshotStatus(models.TextChoices):
    PENDING = "pending", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class InventorySnapshot(AuditedModel):
    """The site's chemical inventory as imported from one file on one date."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="snapshots")
    label = models.CharField(_("label"), max_length=200, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        max_length=16, choices=SnapshotStatus.choices, default=SnapshotStatus.PENDING
    )
    error = models.TextField(blank=True)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # Chemicals of interest, aggregated at import time (see thresholds.aggregate).
    chemicals = models.JSONField(default=list, blank=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label or self.filename or str(self.created_at.date())

    @property
    def organisation(self) -> Organisation:
        """The site's operator: the organisation its audit entries belong to."""
        return self.facility.organisation


class ItemStatus(models.TextChoices):
    OK = "ok", _("Valid")
    ERROR = "error", _("Error")


class InventoryItem(AuditedModel):
    """One row of an imported inventory file, valid or not, with its line number."""

    snapshot = models.ForeignKey(InventorySnapshot, on_delete=models.CASCADE, related_name="items")
    line = models.PositiveIntegerField()
    identifier = models.CharField(max_length=500, blank=True)
    name = models.CharField(max_length=300, blank=True)
    cas = models.CharField(max_length=20, blank=True)
    inchikey = models.CharField(max_length=27, blank=True)
    quantity_text = models.CharField(max_length=50, blank=True)
    unit_text = models.CharField(max_length=20, blank=True)
    quantity_kg = models.FloatField(null=True, blank=True)
    concentration_percent = models.FloatField(null=True, blank=True)
    container = models.CharField(max_length=200, blank=True)
    area_name = models.CharField(max_length=120, blank=True)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=8, choices=ItemStatus.choices, default=ItemStatus.OK)
    reason = models.TextField(blank=True)
    # The reasons as codes with parameters, shown in the reader's language (texts.py).
    reason_codes = models.JSONField(default=list, blank=True)
    screening_status = models.CharField(max_length=16, blank=True)
    matches = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["snapshot", "line"]

    def __str__(self) -> str:
        return f"{self.line}: {self.identifier}"

    @property
    def reason_html(self) -> SafeString:
        """The row's reasons in the reader's language (texts.py)."""
        from chemsec.facilities.texts import reasons_html

        return reasons_html(self.reason_codes, self.reason)

    @property
    def organisation(self) -> Organisation:
        return self.snapshot.facility.organisation

    @property
    def key(self) -> str:
        return self.cas or self.inchikey or self.identifier.lower()


class AdversaryType(models.TextChoices):
    OUTSIDER = "outsider", _("Outsider")
    INSIDER = "insider", _("Insider")
    COLLUSION = "collusion", _("Outsider in collusion with an insider")


class Goal(models.TextChoices):
    THEFT_DIVERSION = "theft_diversion", _("Theft or diversion")
    RELEASE_SABOTAGE = "release_sabotage", _("Release or sabotage")
    CONTAMINATION = "contamination", _("Contamination")
    CYBER_ATTACK = "cyber_attack", _("Cyber attack")


RATING = [MinValueValidator(1), MaxValueValidator(5)]


class ThreatProfile(OwnedModel):
    """A design-basis threat: who might act, with what means and intent, and how likely."""

    name = models.CharField(_("name"), max_length=200)
    facility = models.ForeignKey(
        Facility,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="threat_profiles",
        help_text=_("Empty for a national threat assessment owned by an authority."),
    )
    adversary_type = models.CharField(
        _("adversary type"), max_length=16, choices=AdversaryType.choices
    )
    actors = models.TextField(_("actors"), blank=True)
    capabilities = models.TextField(_("capabilities"), blank=True)
    capability_level = models.PositiveSmallIntegerField(
        _("capability (1-5)"), validators=RATING, default=3
    )
    intent_level = models.PositiveSmallIntegerField(_("intent (1-5)"), validators=RATING, default=3)
    goals = models.JSONField(_("goals"), default=list)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1-5)"), validators=RATING)
    likelihood_rationale = models.TextField(_("rationale for the likelihood"))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = set(self.goals or []) - set(Goal.values)
        if unknown or not self.goals:
            raise ValidationError({"goals": _("Choose one or more known goals.")})

    def goal_labels(self) -> list[str]:
        return [str(Goal(code).label) for code in self.goals if code in Goal.values]


# What a threat profile's owner writes and changes: the form, the API and the update service.
THREAT_FIELDS = (
    "name",
    "adversary_type",
    "actors",
    "capabilities",
    "capability_level",
    "intent_level",
    "goals",
    "likelihood",
    "likelihood_rationale",
)


class Scenario(AuditedModel):
    """An asset of a site, a threat and a goal: one thing that could go wrong."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("name"), max_length=200)
    threat = models.ForeignKey(
        ThreatProfile, on_delete=models.PROTECT, related_name="scenarios", verbose_name=_("threat")
    )
    goal = models.CharField(_("goal"), max_length=20, choices=Goal.choices)
    # The asset is a chemical of interest (by its aggregation key), an area, or both.
    chemical_key = models.CharField(_("chemical"), max_length=40, blank=True)
    chemical_name = models.CharField(max_length=300, blank=True)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("area")
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        """The site's operator: the organisation its audit entries belong to."""
        return self.facility.organisation

    def clean(self) -> None:
        if not self.chemical_key and self.area_id is None:
            raise ValidationError(
                _("A scenario needs an asset: a chemical of interest or an area.")
            )
        if self.area is not None and self.area.facility_id != self.facility_id:
            raise ValidationError({"area": _("The area belongs to another facility.")})

    @property
    def asset(self) -> str:
        parts = [self.chemical_name or self.chemical_key, self.area.name if self.area else ""]
        return " @ ".join(p for p in parts if p)

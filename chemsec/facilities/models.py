"""Facilities: the sites whose chemicals, threats and protection are assessed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import BaseModel, Job, Organisation, OwnedModel, User


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


class Area(BaseModel):
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


class EmergencyContact(BaseModel):
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


class SnapshotStatus(models.TextChoices):
    PENDING = "pending", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class InventorySnapshot(BaseModel):
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


class ItemStatus(models.TextChoices):
    OK = "ok", _("Valid")
    ERROR = "error", _("Error")


class InventoryItem(BaseModel):
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
    screening_status = models.CharField(max_length=16, blank=True)
    matches = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["snapshot", "line"]

    def __str__(self) -> str:
        return f"{self.line}: {self.identifier}"

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
PRACTICE_URN = "urn:chemsec:practice:"


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


class Scenario(BaseModel):
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

    def clean(self) -> None:
        if not self.chemical_key and self.area_id is None:
            raise ValidationError(
                _("A scenario needs an asset: a chemical of interest or an area.")
            )
        if self.area_id and self.area.facility_id != self.facility_id:
            raise ValidationError({"area": _("The area belongs to another facility.")})

    @property
    def asset(self) -> str:
        parts = [self.chemical_name or self.chemical_key, self.area.name if self.area else ""]
        return " @ ".join(p for p in parts if p)


class RiskMethod(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantitative: R = P_A x (1 - P_E) x C")
    QUALITATIVE = "qualitative", _("Qualitative: likelihood x consequence matrix")


class RiskAssessment(BaseModel):
    """One risk assessment of a site, by one method, holding its risk register."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="risk_assessments"
    )
    name = models.CharField(_("name"), max_length=200)
    method = models.CharField(_("method"), max_length=16, choices=RiskMethod.choices)
    # The matrix as it was when the assessment began, so later edits do not re-rate it.
    matrix = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


PROBABILITY = [MinValueValidator(0), MaxValueValidator(1)]
SCORE = [MinValueValidator(0), MaxValueValidator(100)]


class RiskEntry(BaseModel):
    """One scenario's line in a risk register: its ratings today and without protection."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="entries")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="risk_entries")
    # Quantitative inputs; P_I = 0 gives the inherent risk.
    p_attack = models.FloatField(_("P_A"), null=True, blank=True, validators=PROBABILITY)
    p_interruption = models.FloatField(_("P_I"), null=True, blank=True, validators=PROBABILITY)
    p_neutralisation = models.FloatField(_("P_N"), null=True, blank=True, validators=PROBABILITY)
    consequence = models.FloatField(_("C (0-100)"), null=True, blank=True, validators=SCORE)
    # Qualitative ratings (1-5), inherent (no measures) and current (today's measures).
    inherent_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)
    inherent_consequence = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING
    )
    current_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)
    current_consequence = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)
    rationale = models.TextField(_("rationale"), blank=True)
    # When linked, P_I is the EASI P(I) of the diagram's most vulnerable path, kept with the
    # version it came from so the register stays reproducible after the diagram changes.
    protection_diagram = models.ForeignKey(
        "protection.ProtectionDiagram",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risk_entries",
        verbose_name=_("protection diagram"),
    )
    diagram_version = models.ForeignKey(
        "protection.ProtectionDiagramVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The path, critical detection point and diagram name behind a computed P_I.
    p_interruption_basis = models.JSONField(default=dict, blank=True, editable=False)
    # P_I with every measure's protection changes applied together, worked out when a
    # measure or the link is saved (see diagram_what_if.py); the residual risk reads it.
    residual_basis = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["scenario__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "scenario"], name="one_entry_per_scenario"
            )
        ]

    def __str__(self) -> str:
        return str(self.scenario)

    def clean(self) -> None:
        diagram = self.protection_diagram
        if diagram is not None and diagram.facility_id != self.assessment.facility_id:
            raise ValidationError(
                {"protection_diagram": _("The protection diagram belongs to another facility.")}
            )

    @property
    def diagram_changed_since(self) -> bool:
        """The linked diagram has a newer version than the one P_I was computed from."""
        if self.protection_diagram is None:
            return False
        used = self.diagram_version.number if self.diagram_version else None
        return used != self.protection_diagram.version


class MeasureStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Measure(BaseModel):
    """A proposed or planned security measure against one risk, with what it would change."""

    entry = models.ForeignKey(RiskEntry, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("title"), max_length=200)
    practice_urns = models.JSONField(_("compendium practices"), default=list, blank=True)
    rbps_topics = models.JSONField(_("performance-standard topics"), default=list, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, default=0)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.PROPOSED
    )
    proposed_p_interruption = models.FloatField(
        _("P_I with the measure"), null=True, blank=True, validators=PROBABILITY
    )
    proposed_likelihood = models.PositiveSmallIntegerField(
        _("likelihood with the measure"), null=True, blank=True, validators=RATING
    )
    proposed_consequence = models.PositiveSmallIntegerField(
        _("consequence with the measure"), null=True, blank=True, validators=RATING
    )
    # Element changes to the risk's protection diagram (see diagram_changes.py); when set,
    # the what-if re-runs EASI on the changed diagram instead of taking a typed P_I.
    protection_changes = models.JSONField(_("protection changes"), default=list, blank=True)
    # The what-if of those changes (P_I, path, element values before and after), kept with
    # the diagram version and changes it was worked out for (see diagram_what_if.py).
    protection_basis = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["due_date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        bad = [t for t in self.rbps_topics or [] if not (isinstance(t, int) and 1 <= t <= 18)]
        if bad:
            raise ValidationError({"rbps_topics": _("Performance-standard topics are 1 to 18.")})
        if any(not str(u).startswith(PRACTICE_URN) for u in self.practice_urns or []):
            raise ValidationError({"practice_urns": _("Link compendium practices by their URN.")})
        # Imported here: the EASI science loads scipy, which models should not pull in.
        from chemsec.science.diagram_changes import parse_changes
        from chemsec.science.inputs import InputError

        try:
            parse_changes(self.protection_changes)
        except InputError as exc:
            raise ValidationError({"protection_changes": str(exc)}) from exc


# What a measure's forms, services and audit trail carry (one list for all three).
MEASURE_FIELDS = (
    "entry",
    "title",
    "practice_urns",
    "rbps_topics",
    "owner",
    "cost",
    "due_date",
    "status",
    "proposed_p_interruption",
    "proposed_likelihood",
    "proposed_consequence",
    "protection_changes",
)


class OrganisationMatrix(BaseModel):
    """An organisation's own copy of the risk matrix, edited to its scales."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="risk_matrix"
    )
    based_on = models.CharField(max_length=255)
    data = models.JSONField()

    def __str__(self) -> str:
        return f"{self.organisation} ({self.based_on})"

"""Risk registers: assessments of a site, their lines (one per scenario), the measures
proposed against each risk, and an organisation's own risk matrix.

The tables were created by the facilities app and keep their names (``db_table``): the
models moved here by a state-only migration, so no row moved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core import limits
from chemsec.core.models import AuditedModel, Organisation, User
from chemsec.facilities.models import RATING, Facility, Scenario

PRACTICE_URN = "urn:chemsec:practice:"


class RiskMethod(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantitative: R = P_A x (1 - P_E) x C")
    QUALITATIVE = "qualitative", _("Qualitative: likelihood x consequence matrix")


class RiskAssessment(AuditedModel):
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
        db_table = "facilities_riskassessment"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        """The site's operator: the organisation its audit entries belong to."""
        return self.facility.organisation


PROBABILITY: limits.Validators = [limits.finite, MinValueValidator(0), MaxValueValidator(1)]
SCORE: limits.Validators = [limits.finite, MinValueValidator(0), MaxValueValidator(100)]


class RiskEntry(AuditedModel):
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
    rationale = models.TextField(
        _("rationale"), blank=True, validators=limits.text(limits.TEXT_NOTE)
    )
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
        db_table = "facilities_riskentry"
        ordering = ["scenario__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "scenario"], name="one_entry_per_scenario"
            )
        ]

    def __str__(self) -> str:
        return str(self.scenario)

    @property
    def organisation(self) -> Organisation:
        return self.assessment.facility.organisation

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


class Measure(AuditedModel):
    """A proposed or planned security measure against one risk, with what it would change."""

    entry = models.ForeignKey(RiskEntry, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("title"), max_length=200)
    practice_urns = models.JSONField(_("compendium practices"), default=list, blank=True)
    rbps_topics = models.JSONField(_("performance-standard topics"), default=list, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    cost = models.DecimalField(
        _("cost"),
        max_digits=limits.MONEY_DIGITS,
        decimal_places=limits.MONEY_PLACES,
        default=0,
        validators=limits.MONEY,
    )
    due_date = models.DateField(
        _("due date"), null=True, blank=True, validators=limits.PLANNING_DATE
    )
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
        db_table = "facilities_measure"
        ordering = ["due_date", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation:
        return self.entry.assessment.facility.organisation

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


class OrganisationMatrix(AuditedModel):
    """An organisation's own copy of the risk matrix, edited to its scales."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="risk_matrix"
    )
    based_on = models.CharField(max_length=255)
    data = models.JSONField()

    class Meta:
        db_table = "facilities_organisationmatrix"

    def __str__(self) -> str:
        return f"{self.organisation} ({self.based_on})"

"""Stock reconciliation: movements of chemicals of interest, the precision of each kind of
record, and balances (opening + in - out - closing = unaccounted for) with their sigma."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import AuditedModel, Job, Organisation, User
from chemsec.facilities.models import Facility, InventorySnapshot
from chemsec.stock.engine.muf import DEFAULT_K


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    CONSUMPTION = "consumption", _("Consumption")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    WASTE_OUT = "waste_out", _("Waste sent out")
    ADJUSTMENT = "adjustment", _("Adjustment (signed)")


class PrecisionKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    CONSUMPTION = "consumption", _("Consumption")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    WASTE_OUT = "waste_out", _("Waste sent out")
    ADJUSTMENT = "adjustment", _("Adjustment (signed)")
    INVENTORY = "inventory", _("Physical inventory (per item counted)")


class _FacilityPart(AuditedModel):
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    @property
    def organisation(self) -> Organisation:
        """The site's operator: the organisation its audit entries belong to."""
        return self.facility.organisation


class Precision(_FacilityPart):
    """The precision a facility states for one kind of record: one standard deviation of
    one measurement, absolute (kg) and/or relative (percent of the quantity)."""

    kind = models.CharField(_("kind of record"), max_length=16, choices=PrecisionKind.choices)
    absolute_kg = models.FloatField(
        _("absolute precision (kg, 1 sigma)"), default=0.0, validators=[MinValueValidator(0)]
    )
    relative_percent = models.FloatField(
        # xgettext:no-python-format
        _("relative precision (% of the quantity, 1 sigma)"),
        default=0.0,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "kind"], name="one_precision_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.absolute_kg} kg, {self.relative_percent} %"


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class MovementBatch(_FacilityPart):
    """One file of movements (a stock system's export), imported as a background job."""

    filename = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        max_length=16, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    error = models.TextField(blank=True)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename or str(self.created_at.date())


class Movement(_FacilityPart):
    """One movement of a chemical of interest in or out of the site's stock."""

    chemical_key = models.CharField(_("chemical (CAS number or key)"), max_length=40)
    chemical_name = models.CharField(_("chemical name"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=MovementKind.choices)
    # Positive, except adjustments, which carry their sign.
    quantity_kg = models.FloatField(_("quantity (kg)"))
    occurred_on = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    batch = models.ForeignKey(
        MovementBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="movements"
    )
    line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["occurred_on", "created_at"]
        indexes = [
            models.Index(
                fields=["facility", "chemical_key", "occurred_on"], name="movement_balance"
            ),
            models.Index(fields=["facility", "occurred_on"], name="movement_period"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.kind} {self.chemical_key} {self.quantity_kg} kg"


class RejectedRow(AuditedModel):
    """A row of a movement file that could not be used, kept with its line and reason."""

    batch = models.ForeignKey(MovementBatch, on_delete=models.CASCADE, related_name="rejected")
    line = models.PositiveIntegerField()
    cells = models.JSONField(default=dict)
    reason = models.TextField()

    class Meta:
        ordering = ["batch", "line"]

    @property
    def organisation(self) -> Organisation:
        return self.batch.facility.organisation


class StockSettings(AuditedModel):
    """An organisation's alert rule: |MUF| beyond k sigma, or beyond a threshold in kg."""

    owner = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="stock_settings"
    )
    k = models.FloatField(
        _("k (alert beyond k sigma)"), default=DEFAULT_K, validators=[MinValueValidator(0.5)]
    )
    threshold_kg = models.FloatField(
        _("threshold (kg)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )

    @property
    def organisation(self) -> Organisation:
        return self.owner


class OpeningSource(models.TextChoices):
    SNAPSHOT = "snapshot", _("Inventory snapshot")
    STATED = "stated", _("Stated")


class Reconciliation(_FacilityPart):
    """One reconciliation of a site over a period (audited once; its balances are its rows)."""

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    k = models.FloatField()
    threshold_kg = models.FloatField(null=True, blank=True)
    chemical_count = models.PositiveIntegerField(default=0)
    alert_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.period_start}..{self.period_end}"


class Balance(_FacilityPart):
    """The balance of one chemical over a period: what is unaccounted for, and its sigma."""

    run = models.ForeignKey(Reconciliation, on_delete=models.CASCADE, related_name="balances")
    chemical_key = models.CharField(max_length=40)
    chemical_name = models.CharField(max_length=300, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    opening_kg = models.FloatField()
    opening_sigma_kg = models.FloatField(default=0.0)
    opening_source = models.CharField(max_length=10, choices=OpeningSource.choices)
    opening_snapshot = models.ForeignKey(
        InventorySnapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closing_kg = models.FloatField()
    closing_sigma_kg = models.FloatField(default=0.0)
    closing_source = models.CharField(max_length=10, choices=OpeningSource.choices)
    closing_snapshot = models.ForeignKey(
        InventorySnapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    in_kg = models.FloatField()
    out_kg = models.FloatField()
    adjustments_kg = models.FloatField(default=0.0)
    muf_kg = models.FloatField()
    sigma_kg = models.FloatField()
    k = models.FloatField()
    threshold_kg = models.FloatField(null=True, blank=True)
    alert = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)  # codes: "sigma", "threshold"
    # Per kind: count, kg and variance, as reconciled (the explanation of sigma).
    components = models.JSONField(default=dict)
    # An incident opened from this alert (chemsec.incidents), by id: stock does not
    # depend on the incidents app's tables.
    incident_ref = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "chemical_key"]
        indexes = [models.Index(fields=["facility", "chemical_key"], name="balance_chemical")]

    def __str__(self) -> str:
        return f"{self.chemical_key} {self.period_start}..{self.period_end}"

    @property
    def ratio(self) -> float | None:
        return abs(self.muf_kg) / self.sigma_kg if self.sigma_kg > 0 else None

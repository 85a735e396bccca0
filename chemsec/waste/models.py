"""Waste: a facility's waste streams (which chemicals of interest end up in them) and
consignments with a manifest that each party confirms in its turn, then receipt and a
certificate of disposal (the US e-Manifest pattern; Basel's movement document)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chemsec.core.models import AuditedModel, Organisation, OwnedModel, User
from chemsec.facilities.models import Facility
from chemsec.waste.codes import (
    container_label,
    validate_dot_id_number,
    validate_epa_id,
    validate_federal_waste_codes,
    validate_notification_number,
)


class WasteStream(AuditedModel):
    """A waste a site produces again and again (spent solvent, neutralised acid sludge)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Codes as the systems of record use them (kept as data, not checked against lists).
    ewc_code = models.CharField(_("European List of Waste code"), max_length=12, blank=True)
    us_waste_codes = models.CharField(
        _("US EPA waste codes"),
        max_length=200,
        blank=True,
        validators=[validate_federal_waste_codes],
    )
    basel_code = models.CharField(_("Basel Annex VIII/IX code"), max_length=12, blank=True)
    # The US DOT shipping description, the default of each manifest line (e-Manifest's
    # dotInformation): empty when the waste is not hazardous for transport.
    dot_id_number = models.CharField(
        _("DOT identification number"),
        max_length=6,
        blank=True,
        validators=[validate_dot_id_number],
    )
    dot_description = models.CharField(_("DOT shipping description"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        return self.facility.organisation


class StreamChemical(AuditedModel):
    """A chemical of interest that ends up in a stream, with its estimated amount per year."""

    stream = models.ForeignKey(WasteStream, on_delete=models.CASCADE, related_name="chemicals")
    chemical_key = models.CharField(_("chemical (CAS number)"), max_length=40)
    chemical_name = models.CharField(_("name"), max_length=300, blank=True)
    estimated_kg_per_year = models.FloatField(
        _("estimated kg per year"), validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["chemical_name", "chemical_key"]

    @property
    def organisation(self) -> Organisation:
        return self.stream.facility.organisation


class ConsignmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_PROGRESS = "in_progress", _("Signed by the generator, in transit")
    RECEIVED = "received", _("Received")
    DISPOSED = "disposed", _("Disposal certified")


class Consignment(OwnedModel):
    """One shipment of waste with its manifest, owned by the generator and shared with the
    transporters and the receiving facility's operator (restricted to the parties)."""

    stream = models.ForeignKey(
        WasteStream, on_delete=models.PROTECT, related_name="consignments", verbose_name=_("stream")
    )
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    manifest_number = models.CharField(_("manifest number"), max_length=40, unique=True)
    receiving_site = models.CharField(_("receiving facility (name and address)"), max_length=300)
    expected_by = models.DateField(_("expected to be received by"))
    status = models.CharField(
        max_length=16, choices=ConsignmentStatus.choices, default=ConsignmentStatus.DRAFT
    )
    disposal_code = models.CharField(_("disposal or recovery operation"), max_length=8, blank=True)
    disposed_on = models.DateField(_("disposed on"), null=True, blank=True)
    certificate_reference = models.CharField(_("certificate reference"), max_length=120, blank=True)
    # The number of the notification this shipment moves under (a transboundary movement's
    # prior informed consent: the movement document's block 1), as the authority gave it.
    notification_number = models.CharField(
        _("notification number"),
        max_length=40,
        blank=True,
        validators=[validate_notification_number],
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.manifest_number

    @property
    def next_party(self) -> ConsignmentParty | None:
        """The party whose turn it is to sign (None when all have signed)."""
        return self.parties.filter(signed_at__isnull=True).order_by("order").first()

    @property
    def turn_organisation(self) -> Organisation | None:
        """The organisation whose turn it is (read by the policy's "consignment.sign")."""
        party = self.next_party
        return party.party if party is not None else None

    @property
    def receiver(self) -> ConsignmentParty:
        return self.parties.get(role=PartyRole.RECEIVER)

    @property
    def receiver_organisation(self) -> Organisation:
        """Read by the policy: the receiver certifies disposal."""
        return self.receiver.party


class PartyRole(models.TextChoices):
    GENERATOR = "generator", _("Generator")
    TRANSPORTER = "transporter", _("Transporter")
    RECEIVER = "receiver", _("Receiving facility")


class ConsignmentParty(AuditedModel):
    """A party of the manifest, in signing order: the generator, each transporter, the
    receiving facility."""

    consignment = models.ForeignKey(Consignment, on_delete=models.CASCADE, related_name="parties")
    order = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=12, choices=PartyRole.choices)
    party = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The site's US EPA ID number (RCRA handler id) on this manifest: per manifest because an
    # organisation has one per site, and ChemSec holds no US site register.
    epa_site_id = models.CharField(
        _("EPA ID number"), max_length=12, blank=True, validators=[validate_epa_id]
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["consignment", "order"]
        constraints = [
            models.UniqueConstraint(fields=["consignment", "order"], name="one_party_per_turn")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.role}: {self.party}"

    @property
    def organisation(self) -> Organisation:
        """The generator's: a manifest's audit entries belong to its owner."""
        return self.consignment.organisation


class ConsignmentLine(AuditedModel):
    """One line of the manifest: what, how much, in which containers under which seals."""

    consignment = models.ForeignKey(Consignment, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(_("description"), max_length=300)
    chemical_key = models.CharField(_("chemical (CAS number)"), max_length=40, blank=True)
    container_type = models.CharField(_("container type"), max_length=60)
    container_count = models.PositiveIntegerField(_("containers"), default=1)
    seal_numbers = models.CharField(_("seal numbers"), max_length=500, blank=True)
    quantity_kg = models.FloatField(_("quantity shipped (kg)"), validators=[MinValueValidator(0)])
    received_kg = models.FloatField(_("quantity received (kg)"), null=True, blank=True)
    seals_intact = models.BooleanField(null=True, blank=True)
    # The stream's DOT shipping description unless the line gives its own.
    dot_id_number = models.CharField(
        _("DOT identification number"),
        max_length=6,
        blank=True,
        validators=[validate_dot_id_number],
    )
    dot_description = models.CharField(_("DOT shipping description"), max_length=500, blank=True)

    class Meta:
        ordering = ["consignment", "created_at"]

    @property
    def organisation(self) -> Organisation:
        return self.consignment.organisation

    @property
    def container_label(self) -> str:
        """The container type in the reader's language (an e-Manifest code by its name)."""
        return container_label(self.container_type)


class AlertCode(models.TextChoices):
    DIFFERENCE = "difference", _("What arrived differs from what left")
    SEALS = "seals", _("Seals not intact on arrival")
    OVERDUE = "overdue", _("Not confirmed within the expected time")


class WasteAlert(AuditedModel):
    """An alert on a consignment, stored as a code and parameters (rendered per reader)."""

    consignment = models.ForeignKey(Consignment, on_delete=models.CASCADE, related_name="alerts")
    code = models.CharField(max_length=16, choices=AlertCode.choices)
    params = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    @property
    def organisation(self) -> Organisation:
        return self.consignment.organisation

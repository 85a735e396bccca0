"""Demo waste: Riverside Plant's spent chlorinated solvent, and a consignment signed by the
generator and the transporter, awaiting the receiving facility's confirmation of receipt,
with the DOT shipping description and EPA ID numbers its e-Manifest export needs (a
domestic shipment: no notification number).
The receiving facility is a disposal company added here, with one contributor
(clearwater-officer, the demo password). Safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.demo import DEMO_PASSWORD
from chemsec.core.models import Organisation, User
from chemsec.core.policy import SYSTEM
from chemsec.core.services import membership_set, organisation_create
from chemsec.facilities.demo import PLANT
from chemsec.facilities.models import Facility
from chemsec.waste.models import Consignment, WasteStream
from chemsec.waste.services import (
    LineIn,
    consignment_create,
    consignment_sign,
    stream_chemical_add,
    stream_create,
)

RECEIVER = "Clearwater Disposal"
CARRIER = "Northgate Chemical Distribution"
STREAM = "Spent chlorinated solvent"
DOT_DESCRIPTION = (
    "UN2922, Waste Corrosive liquid, toxic, n.o.s. (thionyl chloride, dichloromethane), "
    "8 (6.1), PG II"
)


def populate() -> list[str]:
    plant = Facility.objects.filter(name=PLANT).first()
    admin = User.objects.filter(username="meridian-admin").first()
    carrier = Organisation.objects.filter(name=CARRIER).first()
    carrier_admin = User.objects.filter(username="northgate-admin").first()
    if plant is None or admin is None or carrier is None or carrier_admin is None:
        return ["Waste demo skipped: the Meridian facility or Northgate is missing."]
    if WasteStream.objects.filter(facility=plant, name=STREAM).exists():
        return []
    receiver = _receiver()
    stream = stream_create(
        facility=plant, actor=admin, name=STREAM, description="Washings of the reactor train.",
        ewc_code="07 01 03*", us_waste_codes="F002", basel_code="A3150",
        dot_id_number="UN2922", dot_description=DOT_DESCRIPTION,
    )  # fmt: skip
    stream_chemical_add(
        stream=stream, actor=admin, chemical_key="7719-09-7", chemical_name="Thionyl chloride",
        estimated_kg_per_year=48,
    )  # fmt: skip
    consignment = consignment_create(
        stream=stream, actor=admin, receiver=receiver,
        receiving_site="Clearwater high-temperature incinerator, Port Arcadia",
        transporters=[carrier], expected_by=timezone.localdate() + timedelta(days=5),
        lines=[LineIn(description="Spent chlorinated solvent, with thionyl chloride residues",
                      container_type="DM", container_count=4,
                      seal_numbers="MC-2026-0311, MC-2026-0312, MC-2026-0313, MC-2026-0314",
                      quantity_kg=760, chemical_key="7719-09-7")],
        # EPA ID numbers in the shape of EPA's test sites (VATEST...): no real site's.
        generator_epa_id="VATESTGEN001", transporter_epa_ids=["VATESTTRN001"],
        receiver_epa_id="VATESTTSD001",
    )  # fmt: skip
    consignment_sign(consignment=consignment, actor=admin, organisation=plant.organisation)
    consignment_sign(consignment=consignment, actor=carrier_admin, organisation=carrier)
    assert Consignment.objects.get(pk=consignment.pk).turn_organisation == receiver
    return [
        f"{PLANT}: waste consignment {consignment.manifest_number} signed by the generator "
        f"and {CARRIER}, awaiting {RECEIVER}'s confirmation (clearwater-officer)"
    ]


def _receiver() -> Organisation:
    receiver = Organisation.objects.filter(name=RECEIVER).first() or organisation_create(
        name=RECEIVER,
        kind=OrganisationKind.FACILITY_OPERATOR,
        country="XA",
        region="africa",
        actor=SYSTEM,
    )
    user, created = User.objects.get_or_create(
        username="clearwater-officer", defaults={"email": "clearwater-officer@example.org"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    membership_set(user=user, organisation=receiver, role=Role.CONTRIBUTOR, actor=SYSTEM)
    return receiver

"""A consignment in the fields of three systems of record, as JSON, so that the data can be
entered there. ChemSec does not replace them. See docs/waste.md for the mapping.

- `e_manifest`: a US EPA e-Manifest manifest for the Save Manifest service, submission type
  FullElectronic (EPA assigns the tracking number), valid against EPA's manifest JSON schema
  v1.3 (vendored in schemas/, checked by the tests).
- `diwass`: the EU movement document's numbered blocks (Regulation (EU) 2024/1157, Annex IB).
  DIWASS's own XML schemas are not public (see docs/waste.md): not checked against them.
- `e_basel`: the Basel movement document and the UN/CEFACT e-Basel message stages
  (movement, transport statement, certificate of receipt, certificate of disposal), as JSON:
  the UN/CEFACT XML schemas could not be obtained (see docs/waste.md).
"""

from __future__ import annotations

import math
from typing import Any

from chemsec.waste.codes import EPA_CONTAINER_TYPES, split_waste_codes
from chemsec.waste.models import Consignment, ConsignmentLine, ConsignmentParty, PartyRole
from chemsec.waste.services import ABSOLUTE_TOLERANCE_KG, RELATIVE_TOLERANCE


def _party(p: ConsignmentParty) -> dict[str, Any]:
    return {
        "name": p.party.name,
        "country": p.party.country,
        "signed_at": p.signed_at.isoformat() if p.signed_at else None,
    }


def _parties(c: Consignment) -> tuple[ConsignmentParty, list[ConsignmentParty], ConsignmentParty]:
    parties = list(c.parties.select_related("party").order_by("order"))
    generator = next(p for p in parties if p.role == PartyRole.GENERATOR)
    transporters = [p for p in parties if p.role == PartyRole.TRANSPORTER]
    receiver = next(p for p in parties if p.role == PartyRole.RECEIVER)
    return generator, transporters, receiver


def e_manifest(c: Consignment) -> dict[str, Any]:
    """The manifest as e-Manifest's Save service takes it. Sites are given by their EPA ID
    number (e-Manifest fills a registered site's name and addresses from RCRAInfo): ChemSec
    holds no US street addresses, so none is sent."""
    generator, transporters, receiver = _parties(c)
    manifest: dict[str, Any] = {
        "submissionType": "FullElectronic",
        "generator": _handler(generator, "Generator"),
        "transporters": [
            {**_handler(t, "Transporter"), "order": i} for i, t in enumerate(transporters, 1)
        ],
        "designatedFacility": _handler(receiver, "Tsdf"),
        "wastes": [_waste(c, line, n) for n, line in enumerate(c.lines.all(), start=1)],
        # EPA assigns the manifest tracking number; ChemSec's number travels as a reference.
        "additionalInfo": {
            "comments": [{"label": "ChemSec manifest number", "description": c.manifest_number}]
        },
    }
    if generator.signed_at:
        manifest["shippedDate"] = generator.signed_at.isoformat()
    if receiver.signed_at:
        manifest["receivedDate"] = receiver.signed_at.isoformat()
    return manifest


def _handler(p: ConsignmentParty, site_type: str) -> dict[str, Any]:
    site: dict[str, Any] = {"siteType": site_type, "name": p.party.name[:80]}
    if p.epa_site_id:
        site["epaSiteId"] = p.epa_site_id
    return site


def _waste(c: Consignment, line: ConsignmentLine, number: int) -> dict[str, Any]:
    codes = split_waste_codes(c.stream.us_waste_codes)
    quantity: dict[str, Any] = {
        "containerNumber": line.container_count,
        # The schema takes whole units. Kilograms are rounded up, never down: a shipped
        # quantity is never declared smaller than it is, nor a small line as 0 kg.
        "quantity": math.ceil(line.quantity_kg),
        "unitOfMeasurement": {"code": "K", "description": "Kilograms"},
    }
    container = line.container_type.strip().upper()
    if container in EPA_CONTAINER_TYPES:
        quantity["containerType"] = {
            "code": container,
            "description": EPA_CONTAINER_TYPES[container],
        }
    waste: dict[str, Any] = {
        "lineNumber": number,
        "epaWaste": bool(codes),
        "dotHazardous": bool(line.dot_id_number),
        "br": False,  # Biennial Report data: not held
        "pcb": False,
        "quantity": quantity,
    }
    if line.dot_id_number:
        waste["dotInformation"] = {
            "idNumber": {"code": line.dot_id_number},
            "printedDotInformation": (line.dot_description or line.dot_id_number)[:500],
        }
    else:  # e-Manifest asks for a description of a waste not hazardous for transport
        waste["wasteDescription"] = line.description[:500]
    if codes:
        waste["hazardousWaste"] = {"federalWasteCodes": [{"code": code} for code in codes]}
    if line.received_kg is not None:
        waste["discrepancyResidueInfo"] = _discrepancy(line, line.received_kg)
    return waste


def _discrepancy(line: ConsignmentLine, received_kg: float) -> dict[str, Any]:
    """A quantity discrepancy when the difference is beyond the weighing tolerance that
    raises ChemSec's own alert."""
    tolerance = max(ABSOLUTE_TOLERANCE_KG, RELATIVE_TOLERANCE * line.quantity_kg)
    differs = abs(received_kg - line.quantity_kg) > tolerance
    info: dict[str, Any] = {"wasteQuantity": differs, "wasteType": False, "residue": False}
    if differs:
        info["discrepancyComments"] = (
            f"Shipped {line.quantity_kg:g} kg, received {received_kg:g} kg."
        )[:255]
    return info


def diwass(c: Consignment) -> dict[str, Any]:
    generator, transporters, receiver = _parties(c)
    lines = list(c.lines.all())
    total = sum(line.quantity_kg for line in lines)
    received = [line.received_kg for line in lines]
    return {
        "document": "movement document",
        "1_correspondence_to_notification": c.notification_number or None,
        "2_serial_number_of_shipment": c.manifest_number,
        "3_exporter_notifier": _party(generator),
        "4_importer_consignee": _party(receiver),
        "5_actual_quantity": {"tonnes": total / 1000},
        "6_actual_date_of_shipment": (
            generator.signed_at.date().isoformat() if generator.signed_at else None
        ),
        "7_packagings": [
            {"type": line.container_type, "number": line.container_count} for line in lines
        ],
        "8_carriers": [_party(t) for t in transporters],
        "9_waste_generator": {**_party(generator), "site": c.facility.name},
        "10_disposal_recovery_facility": {**_party(receiver), "site": c.receiving_site},
        "11_disposal_recovery_operation": c.disposal_code or None,
        "12_designation_and_composition": [line.description for line in lines],
        "14_waste_identification": {
            "basel": c.stream.basel_code or None,
            "ewc_list_of_waste": c.stream.ewc_code or None,
        },
        "18_shipment_received": {
            "date": receiver.signed_at.date().isoformat() if receiver.signed_at else None,
            "quantity_tonnes": (
                sum(r for r in received if r is not None) / 1000 if None not in received else None
            ),
        },
        "19_disposal_recovery_completed": {
            "date": c.disposed_on.isoformat() if c.disposed_on else None,
            "operation": c.disposal_code or None,
            "certificate": c.certificate_reference or None,
        },
    }


def e_basel(c: Consignment) -> dict[str, Any]:
    generator, transporters, receiver = _parties(c)
    lines = [
        {
            "description": line.description,
            "packaging": line.container_type,
            "packages": line.container_count,
            "seals": line.seal_numbers,
            "quantity_kg": line.quantity_kg,
            "received_kg": line.received_kg,
        }
        for line in c.lines.all()
    ]
    messages: list[dict[str, Any]] = [
        {"message": "movement announcement", "signed_at": _party(generator)["signed_at"]},
        *[
            {
                "message": "transport statement",
                "carrier": _party(t)["name"],
                "signed_at": _party(t)["signed_at"],
            }
            for t in transporters
        ],
        {"message": "certificate of receipt", "signed_at": _party(receiver)["signed_at"]},
        {
            "message": "certificate of recovery or disposal",
            "operation": c.disposal_code or None,
            "date": c.disposed_on.isoformat() if c.disposed_on else None,
        },
    ]
    return {
        "movement_document": c.manifest_number,
        "notification_number": c.notification_number or None,
        "basel_code": c.stream.basel_code or None,
        "generator": _party(generator),
        "carriers": [_party(t) for t in transporters],
        "consignee": {**_party(receiver), "site": c.receiving_site},
        "lines": lines,
        "messages": messages,
    }


FORMATS = {"e-manifest": e_manifest, "diwass": diwass, "e-basel": e_basel}

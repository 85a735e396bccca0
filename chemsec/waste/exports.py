"""A consignment in the fields of three systems of record, as JSON, so that the data can be
entered there. ChemSec does not replace them, and these are not validated instances of
their schemas: see docs/waste.md for the mapping and what was not checked.

- `e_manifest`: the US EPA e-Manifest manifest JSON (field names of its API's manifest
  object: manifestTrackingNumber, generator, transporters, designatedFacility, wastes).
- `diwass`: the EU movement document's numbered blocks (Regulation (EU) 2024/1157, Annex IB;
  the format DIWASS takes under Implementing Regulation (EU) 2025/1290 was not checked).
- `e_basel`: the Basel movement document and the UN/CEFACT e-Basel message stages
  (movement, transport statement, certificate of receipt, certificate of disposal).
"""

from __future__ import annotations

from typing import Any

from chemsec.waste.models import Consignment, ConsignmentParty, PartyRole


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
    generator, transporters, receiver = _parties(c)
    wastes = []
    for number, line in enumerate(c.lines.all(), start=1):
        waste: dict[str, Any] = {
            "lineNumber": number,
            "wasteDescription": line.description,
            "quantity": {
                "containerNumber": line.container_count,
                "containerType": {"code": line.container_type},
                "quantity": line.quantity_kg,
                "unitOfMeasurement": {"code": "K"},  # kilograms
            },
            "hazardousWaste": {
                "federalWasteCodes": [
                    {"code": code.strip()}
                    for code in c.stream.us_waste_codes.split(",")
                    if code.strip()
                ]
            },
        }
        if line.received_kg is not None:
            differs = abs(line.received_kg - line.quantity_kg) > 0
            waste["discrepancyResidueInfo"] = {
                "wasteQuantity": differs,
                "discrepancyComments": f"received {line.received_kg} kg" if differs else "",
            }
        wastes.append(waste)
    return {
        "manifestTrackingNumber": c.manifest_number,
        "status": c.status,
        "generator": {**_site(generator), "siteAddress": {"name": c.facility.name}},
        "transporters": [{**_site(t), "order": i} for i, t in enumerate(transporters, 1)],
        "designatedFacility": {**_site(receiver), "siteAddress": {"name": c.receiving_site}},
        "wastes": wastes,
        "receivedDate": receiver.signed_at.isoformat() if receiver.signed_at else None,
        "shippedDate": generator.signed_at.isoformat() if generator.signed_at else None,
    }


def _site(p: ConsignmentParty) -> dict[str, Any]:
    # The EPA site identifier is not held in ChemSec: left empty for the preparer to fill.
    return {"epaSiteId": "", "name": p.party.name, "signed": p.signed_at is not None}


def diwass(c: Consignment) -> dict[str, Any]:
    generator, transporters, receiver = _parties(c)
    lines = list(c.lines.all())
    total = sum(line.quantity_kg for line in lines)
    received = [line.received_kg for line in lines]
    return {
        "document": "movement document",
        "1_correspondence_to_notification": None,  # the notification number: not held
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
        "basel_code": c.stream.basel_code or None,
        "generator": _party(generator),
        "carriers": [_party(t) for t in transporters],
        "consignee": {**_party(receiver), "site": c.receiving_site},
        "lines": lines,
        "messages": messages,
    }


FORMATS = {"e-manifest": e_manifest, "diwass": diwass, "e-basel": e_basel}

"""Waste API: one Router mounted at /api/v1/. The same services and fetches as the pages;
the organisation a party signs for is the acting one (X-ChemSec-Organisation)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.models import Organisation
from chemsec.core.policy import NotVisible, acting_organisation, get_object
from chemsec.core.writes import write_export
from chemsec.facilities import selectors as facility_selectors
from chemsec.waste import services
from chemsec.waste.exports import FORMATS
from chemsec.waste.models import Consignment, WasteStream

router = Router(tags=["waste"])


class PartyOut(Schema):
    order: int
    role: str
    organisation: str
    epa_site_id: str
    signed_at: datetime | None


class LineFields(Schema):
    description: str
    container_type: str
    quantity_kg: float
    container_count: int = 1
    seal_numbers: str = ""
    chemical_key: str = ""
    dot_id_number: str = ""  # empty with dot_description: the stream's
    dot_description: str = ""


class LineSchema(InSchema, LineFields):
    """A manifest line as a request gives it: a misspelt field ("dot_id" for
    "dot_id_number") is refused, not dropped, and a quantity must be a finite number."""


class LineOut(LineFields):
    id: UUID
    received_kg: float | None
    seals_intact: bool | None


class AlertOut(Schema):
    code: str
    params: dict[str, Any]
    text: str
    created_at: datetime


class ConsignmentOut(Schema):
    id: UUID
    manifest_number: str
    status: str
    stream: str
    receiving_site: str
    expected_by: date
    notification_number: str
    turn: str | None
    parties: list[PartyOut]
    lines: list[LineOut]
    alerts: list[AlertOut]


class StreamIn(InSchema):
    name: str
    description: str = ""
    ewc_code: str = ""
    us_waste_codes: str = ""  # comma-separated, D001-D043, F001-F039, K/P/U and three digits
    basel_code: str = ""
    dot_id_number: str = ""  # UN or NA and four digits
    dot_description: str = ""  # as printed on the manifest


class StreamOut(StreamIn):
    model_config = ConfigDict(extra="ignore")  # an answer, read from the model

    id: UUID


class ConsignmentIn(InSchema):
    receiver: str  # organisation slug
    receiving_site: str
    transporters: list[str]  # organisation slugs, in order
    expected_by: date
    lines: list[LineSchema]
    notification_number: str = ""  # of a transboundary movement, as the authority gave it
    generator_epa_id: str = ""  # US EPA ID numbers (RCRA handler ids) of the sites
    transporter_epa_ids: list[str] = []  # in the transporters' order
    receiver_epa_id: str = ""


class ReceivedIn(InSchema):
    line_id: UUID
    received_kg: float
    seals_intact: bool


class SignIn(InSchema):
    note: str = ""
    received: list[ReceivedIn] = []


class CertifyIn(InSchema):
    disposal_code: str
    disposed_on: date
    certificate_reference: str


def _out(c: Consignment) -> dict[str, Any]:
    """One consignment; reads its parties, lines and alerts as prefetched (see `_fetch`)."""
    parties = sorted(c.parties.all(), key=lambda p: p.order)
    turn = next((p.party for p in parties if p.signed_at is None), None)
    return {
        "id": c.pk,
        "manifest_number": c.manifest_number,
        "status": c.status,
        "stream": c.stream.name,
        "receiving_site": c.receiving_site,
        "expected_by": c.expected_by,
        "notification_number": c.notification_number,
        "turn": turn.slug if turn else None,
        "parties": [
            {
                "order": p.order,
                "role": p.role,
                "organisation": p.party.slug,
                "epa_site_id": p.epa_site_id,
                "signed_at": p.signed_at,
            }
            for p in parties
        ],
        "lines": list(c.lines.all()),
        "alerts": [
            {
                "code": a.code,
                "params": a.params,
                "text": services.alert_text(a),
                "created_at": a.created_at,
            }
            for a in c.alerts.all()
        ],
    }


def _fetch() -> QuerySet[Consignment]:
    return Consignment.objects.select_related("stream").prefetch_related(
        "parties__party", "lines", "alerts"
    )


def _consignment(request: HttpRequest, consignment_id: UUID, action: str) -> Consignment:
    return get_object(request.user, action, _fetch(), pk=consignment_id)


@router.get("/waste/consignments", response=list[ConsignmentOut], auth=MEMBERS)
def waste_consignments(request: HttpRequest) -> list[dict[str, Any]]:
    """Consignments of the caller's sites and those their organisation is a party to."""
    found = _fetch().filter(pk__in=Consignment.objects.visible_to(request.user).values("pk"))
    found = found.order_by("-created_at")[:200]
    return [_out(c) for c in found]


@router.get("/waste/consignments/{consignment_id}", response=ConsignmentOut, auth=MEMBERS)
def waste_consignment(request: HttpRequest, consignment_id: UUID) -> dict[str, Any]:
    return _out(_consignment(request, consignment_id, "consignment.view"))


@router.post("/facilities/{facility_id}/waste/streams", response={201: StreamOut}, auth=MEMBERS)
def waste_stream_add(
    request: HttpRequest, facility_id: UUID, payload: StreamIn
) -> Status[WasteStream]:
    facility = get_object(
        request.user, "waste.record", facility_selectors.facilities(), pk=facility_id
    )
    stream = services.stream_create(facility=facility, actor=request.user, **payload.dict())
    return Status(201, stream)


@router.post(
    "/facilities/{facility_id}/waste/streams/{stream_id}/consignments",
    response={201: ConsignmentOut},
    auth=MEMBERS,
)
def waste_consignment_add(
    request: HttpRequest, facility_id: UUID, stream_id: UUID, payload: ConsignmentIn
) -> Status[dict[str, Any]]:
    facility = get_object(
        request.user, "waste.record", facility_selectors.facilities(), pk=facility_id
    )
    stream = WasteStream.objects.filter(facility=facility, pk=stream_id).first()
    if stream is None:
        raise NotVisible
    slugs = {payload.receiver, *payload.transporters}
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    missing = sorted(slugs - set(orgs))
    if missing:
        raise ValidationError({"organisations": f"unknown organisations: {', '.join(missing)}"})
    consignment = services.consignment_create(
        stream=stream,
        actor=request.user,
        receiver=orgs[payload.receiver],
        receiving_site=payload.receiving_site,
        transporters=[orgs[s] for s in payload.transporters],
        expected_by=payload.expected_by,
        lines=[services.LineIn(**line.dict()) for line in payload.lines],
        notification_number=payload.notification_number,
        generator_epa_id=payload.generator_epa_id,
        transporter_epa_ids=payload.transporter_epa_ids,
        receiver_epa_id=payload.receiver_epa_id,
    )
    return Status(201, _out(_fetch().get(pk=consignment.pk)))


@router.post("/waste/consignments/{consignment_id}/sign", response=ConsignmentOut, auth=MEMBERS)
def waste_consignment_sign(
    request: HttpRequest, consignment_id: UUID, payload: SignIn
) -> dict[str, Any]:
    """Sign for the acting organisation when it is its turn; the receiving facility gives
    the quantity received and the state of the seals for every line."""
    consignment = _consignment(request, consignment_id, "consignment.sign")
    consignment = services.consignment_sign(
        consignment=consignment,
        actor=request.user,
        organisation=acting_organisation(request),
        received=[
            services.Received(r.line_id, r.received_kg, r.seals_intact) for r in payload.received
        ],
        note=payload.note,
    )
    return _out(_fetch().get(pk=consignment.pk))  # read again: signing changed its parts


@router.post("/waste/consignments/{consignment_id}/certify", response=ConsignmentOut, auth=MEMBERS)
def waste_consignment_certify(
    request: HttpRequest, consignment_id: UUID, payload: CertifyIn
) -> dict[str, Any]:
    consignment = _consignment(request, consignment_id, "consignment.certify")
    consignment = services.consignment_certify(
        consignment=consignment,
        actor=request.user,
        organisation=acting_organisation(request),
        **payload.dict(),
    )
    return _out(_fetch().get(pk=consignment.pk))  # read again: signing changed its parts


_STRING, _OBJECT, _ARRAY = {"type": "string"}, {"type": "object"}, {"type": "array"}
# Each format by the fields only it requires, so that exactly one branch of oneOf matches.
EXPORT_SCHEMA = {
    "oneOf": [
        {  # e-manifest: valid against EPA's manifest JSON schema v1.3 (chemsec/waste/schemas/)
            "type": "object",
            "required": ["submissionType", "generator", "transporters", "wastes"],
            "properties": {
                "submissionType": _STRING,
                "generator": _OBJECT,
                "transporters": _ARRAY,
                "designatedFacility": _OBJECT,
                "wastes": _ARRAY,
            },
        },
        {  # diwass: the EU movement document's numbered boxes
            "type": "object",
            "required": ["document", "2_serial_number_of_shipment"],
            "properties": {"document": _STRING, "2_serial_number_of_shipment": _STRING},
        },
        {  # e-basel: the Basel movement document and the e-Basel message stages
            "type": "object",
            "required": ["movement_document", "messages"],
            "properties": {
                "movement_document": _STRING,
                "notification_number": {"type": ["string", "null"]},
                "basel_code": {"type": ["string", "null"]},
                "generator": _OBJECT,
                "carriers": _ARRAY,
                "messages": _ARRAY,
            },
        },
    ]
}


@router.get(
    "/waste/consignments/{consignment_id}/export/{fmt}",
    auth=MEMBERS,
    openapi_extra={
        "responses": {
            200: {
                "description": "The consignment as a US e-Manifest manifest (valid against "
                "EPA's manifest JSON schema v1.3), or in the fields of the EU movement document "
                "(DIWASS) or of UN/CEFACT e-Basel, whose schemas are not public and were not "
                "checked (docs/waste.md maps each field).",
                "content": {"application/json": {"schema": EXPORT_SCHEMA}},
            }
        }
    },
)
def waste_consignment_export(
    request: HttpRequest, consignment_id: UUID, fmt: str
) -> dict[str, Any]:
    """The consignment in the fields of `e-manifest`, `diwass` or `e-basel` (see docs/waste.md)."""
    consignment = _consignment(request, consignment_id, "consignment.export")
    if fmt not in FORMATS:
        raise NotVisible
    write_export(consignment, actor=request.user, fmt=fmt)
    return FORMATS[fmt](consignment)

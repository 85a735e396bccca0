"""Protection API: diagrams and their evaluation, consequence estimates, the plan PDF.

The evaluation endpoints return the JSON `chemsec easi` prints for a diagram, plus
p_neutralisation and p_effectiveness (P_E = P_I x P_N), as a declared schema. Objects are
fetched with `policy.get_object`; the services ask the policy again and audit.
"""

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.models import User
from chemsec.core.policy import get_object
from chemsec.facilities import selectors as facility_sel
from chemsec.facilities.models import Facility
from chemsec.protection import services
from chemsec.protection.evaluation import evaluate
from chemsec.protection.models import ConsequenceEstimate, ProtectionDiagram
from chemsec.protection.selectors import (
    diagrams,
    diagrams_visible_to,
    estimates,
    estimates_visible_to,
)
from chemsec.science.inputs import InputError

router = Router(tags=["protection"])


class DiagramIn(InSchema):
    facility_id: UUID
    name: str = Field(min_length=1, max_length=200)
    document: dict[str, Any]
    p_neutralisation: float = Field(1.0, ge=0, le=1)
    scenario_id: UUID | None = None


class DiagramUpdateIn(InSchema):
    name: str = Field(min_length=1, max_length=200)
    document: dict[str, Any]
    p_neutralisation: float = Field(1.0, ge=0, le=1)
    scenario_id: UUID | None = None


class DiagramOut(Schema):
    id: UUID
    facility_id: UUID
    name: str
    document: dict[str, Any]
    p_neutralisation: float
    p_interruption: float | None
    version: int
    confidentiality: str
    scenario_id: UUID | None
    created_at: dt.datetime
    updated_at: dt.datetime


class EvaluateIn(InSchema):
    document: dict[str, Any]
    p_neutralisation: float = Field(1.0, ge=0, le=1)


class EstimateIn(InSchema):
    facility_id: UUID
    cas: str = Field(pattern=r"^\d{2,7}-\d{2}-\d$")
    quantity_kg: float = Field(gt=0)
    phase: Literal["gas", "liquid", "liquefied_gas"]
    release_scenario: Literal["worst", "alternative"] = "worst"
    terrain: Literal["rural", "urban"] = "rural"
    chemical_name: str = ""
    diked_area_m2: float | None = Field(None, gt=0)
    population_density_per_km2: float | None = Field(None, ge=0)
    endpoint_purpose: Literal["rmp", "aegl2", "erpg2"] = "rmp"
    endpoint_value: float | None = Field(None, gt=0)
    endpoint_unit: Literal["mg/m3", "ppm", "mg/L"] = "mg/m3"
    scenario_id: UUID | None = None


class EstimateOut(Schema):
    id: UUID
    facility_id: UUID
    chemical_name: str
    cas: str
    quantity_kg: float
    phase: str
    release_scenario: str
    terrain: str
    population_density_per_km2: float | None
    confidentiality: str
    scenario_id: UUID | None
    inputs: dict[str, Any]
    result: dict[str, Any]
    created_at: dt.datetime


class CriticalPointOut(Schema):
    layer: str
    element: str


class TaskResultOut(Schema):
    """One task of the most vulnerable path, as EASI worked it out."""

    name: str
    p_first_detection: float
    time_remaining_mean: float
    time_remaining_sd: float
    p_response_in_time: float
    contribution: float


class PathStepOut(Schema):
    layer: str
    element: str
    p_detection: float
    location: str
    delay_mean: float
    delay_sd: float | None


class SensitivityOut(Schema):
    layer: str
    element: str
    p_detection: float
    delay_mean: float
    delta_p_i_detection: float
    delta_p_i_delay: float


class EvaluationOut(Schema):
    """What `chemsec easi` prints for a diagram, with P(N) and P(E) = P(I) x P(N)."""

    p_interruption: float
    critical_detection_point: CriticalPointOut | None
    tasks: list[TaskResultOut]
    method: str
    source: str
    assumptions: list[str]
    most_vulnerable_path: list[PathStepOut]
    sensitivity: list[SensitivityOut]
    search: str
    proven_minimum: bool
    paths_evaluated: int
    p_neutralisation: float
    p_effectiveness: float


def _invalid(exc: InputError) -> HttpError:
    return HttpError(422, str(exc))


def _facility(request: HttpRequest, facility_id: UUID, action: str) -> Facility:
    return get_object(request.user, f"facility.{action}", facility_sel.facilities(), pk=facility_id)


def _diagram(request: HttpRequest, diagram_id: UUID, action: str = "view") -> ProtectionDiagram:
    return get_object(request.user, f"diagram.{action}", diagrams(), pk=diagram_id)


def _estimate(request: HttpRequest, estimate_id: UUID, action: str = "view") -> ConsequenceEstimate:
    return get_object(request.user, f"estimate.{action}", estimates(), pk=estimate_id)


@router.get("/protection/diagrams", response=list[DiagramOut], auth=MEMBERS)
def diagram_list(
    request: HttpRequest, facility_id: UUID | None = None
) -> QuerySet[ProtectionDiagram]:
    diagrams = diagrams_visible_to(request.user)
    return diagrams.filter(facility_id=facility_id) if facility_id else diagrams


@router.post("/protection/diagrams", response={201: DiagramOut}, auth=MEMBERS)
def diagram_create(request: HttpRequest, payload: DiagramIn) -> Status[ProtectionDiagram]:
    site = _facility(request, payload.facility_id, "change")
    try:
        diagram = services.diagram_create(
            facility=site,
            actor=request.user,
            name=payload.name,
            document=payload.document,
            p_neutralisation=payload.p_neutralisation,
            scenario_id=payload.scenario_id,
        )
    except InputError as exc:
        raise _invalid(exc) from exc
    return Status(201, diagram)


@router.get("/protection/diagrams/{diagram_id}", response=DiagramOut, auth=MEMBERS)
def diagram_get(request: HttpRequest, diagram_id: UUID) -> ProtectionDiagram:
    return _diagram(request, diagram_id)


@router.put("/protection/diagrams/{diagram_id}", response=DiagramOut, auth=MEMBERS)
def diagram_update(
    request: HttpRequest, diagram_id: UUID, payload: DiagramUpdateIn
) -> ProtectionDiagram:
    diagram = _diagram(request, diagram_id, "change")
    try:
        return services.diagram_update(
            diagram=diagram,
            actor=request.user,
            name=payload.name,
            document=payload.document,
            p_neutralisation=payload.p_neutralisation,
            scenario_id=payload.scenario_id,
        )
    except InputError as exc:
        raise _invalid(exc) from exc


@router.delete("/protection/diagrams/{diagram_id}", response={204: None}, auth=MEMBERS)
def diagram_delete(request: HttpRequest, diagram_id: UUID) -> Status[None]:
    services.diagram_delete(diagram=_diagram(request, diagram_id, "delete"), actor=request.user)
    return Status(204, None)


@router.get("/protection/diagrams/{diagram_id}/evaluation", response=EvaluationOut, auth=MEMBERS)
def diagram_evaluation(request: HttpRequest, diagram_id: UUID) -> dict[str, Any]:
    diagram = _diagram(request, diagram_id)
    return evaluate(diagram.document, diagram.p_neutralisation).payload


@router.post("/protection/evaluate", response=EvaluationOut, auth=MEMBERS)
def evaluate_document(request: HttpRequest, payload: EvaluateIn) -> dict[str, Any]:
    """Evaluate a diagram document without storing it."""
    try:
        return evaluate(payload.document, payload.p_neutralisation).payload
    except InputError as exc:
        raise _invalid(exc) from exc


@router.get("/protection/consequences", response=list[EstimateOut], auth=MEMBERS)
def estimate_list(
    request: HttpRequest, facility_id: UUID | None = None
) -> QuerySet[ConsequenceEstimate]:
    estimates = estimates_visible_to(request.user)
    return estimates.filter(facility_id=facility_id) if facility_id else estimates


@router.post("/protection/consequences", response={201: EstimateOut}, auth=MEMBERS)
def estimate_create(request: HttpRequest, payload: EstimateIn) -> Status[ConsequenceEstimate]:
    data = payload.dict()
    site = _facility(request, data.pop("facility_id"), "change")
    try:
        estimate = services.consequence_estimate_create(facility=site, actor=request.user, **data)
    except InputError as exc:
        raise _invalid(exc) from exc
    return Status(201, estimate)


@router.get("/protection/consequences/{estimate_id}", response=EstimateOut, auth=MEMBERS)
def estimate_get(request: HttpRequest, estimate_id: UUID) -> ConsequenceEstimate:
    return _estimate(request, estimate_id)


@router.delete("/protection/consequences/{estimate_id}", response={204: None}, auth=MEMBERS)
def estimate_delete(request: HttpRequest, estimate_id: UUID) -> Status[None]:
    estimate = _estimate(request, estimate_id, "delete")
    services.consequence_estimate_delete(estimate=estimate, actor=request.user)
    return Status(204, None)


PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The site security plan, marked on every page.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/protection/facilities/{facility_id}/plan.pdf", auth=MEMBERS, openapi_extra=PDF_RESPONSE
)
def plan_pdf(request: HttpRequest, facility_id: UUID) -> HttpResponse:
    """The site security plan as the caller may see it, made now and not stored (a GET
    writes nothing but the audit entry of the export); keep one with the plan page."""
    site = _facility(request, facility_id, "export")
    assert isinstance(request.user, User)
    body = services.site_plan_render(facility=site, actor=request.user)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(site.name) or "facility"
    response["Content-Disposition"] = f'attachment; filename="site-security-plan-{name}.pdf"'
    return response


MAP_RESPONSE = {
    "responses": {
        200: {
            "description": "The estimate's site and threat zones, for a GIS (QGIS, Google "
            "Earth): GeoJSON (RFC 7946) or KML 2.2. 404 when the facility has no coordinates.",
            "content": {
                "application/geo+json": {
                    "schema": {
                        "type": "object",
                        "required": ["type", "features"],
                        "properties": {
                            "type": {"type": "string", "enum": ["FeatureCollection"]},
                            "features": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "type": {"type": "string"},
                                        "geometry": {"type": "object"},
                                        "properties": {"type": "object"},
                                    },
                                },
                            },
                        },
                    }
                },
                "application/vnd.google-earth.kml+xml": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    }
}


@router.get("/protection/consequences/{estimate_id}/map", auth=MEMBERS, openapi_extra=MAP_RESPONSE)
def estimate_map(
    request: HttpRequest, estimate_id: UUID, format: Literal["geojson", "kml"] = "geojson"
) -> HttpResponse:
    """The estimate's site and zones around the facility's coordinates; each export audited."""
    estimate = _estimate(request, estimate_id, "export")
    try:
        body = services.consequence_estimate_map_export(
            estimate=estimate, actor=request.user, fmt=format
        )
    except InputError as exc:
        raise _invalid(exc) from exc
    if body is None:
        raise HttpError(404, "This facility has no coordinates: there is no map to export.")
    kind = "application/geo+json" if format == "geojson" else "application/vnd.google-earth.kml+xml"
    response = HttpResponse(body, content_type=f"{kind}; charset=utf-8")
    name = slugify(f"{estimate.facility.name} {estimate.chemical_name}") or "estimate"
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response

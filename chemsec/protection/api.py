"""Protection API: diagrams and their evaluation, consequence estimates, the plan PDF.

The evaluation endpoint returns the JSON `chemsec easi` prints for a diagram, plus
p_neutralisation and p_effectiveness (P_E = P_I x P_N).
"""

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.choices import AuditAction
from chemsec.core.querysets import Action
from chemsec.protection import services
from chemsec.protection.evaluation import evaluate
from chemsec.protection.selectors import (
    diagrams_visible_to,
    estimates_visible_to,
    facilities_visible_to,
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


def _invalid(exc: InputError) -> HttpError:
    return HttpError(422, str(exc))


def _facility(request: HttpRequest, facility_id: UUID, action: Action = "change") -> Any:
    site = facilities_visible_to(request.user, action).filter(pk=facility_id).first()
    if site is None:
        raise HttpError(404, "Not found.")
    return site


def _diagram(request: HttpRequest, diagram_id: UUID, action: Action = "view") -> Any:
    diagram = diagrams_visible_to(request.user, action).filter(pk=diagram_id).first()
    if diagram is None:
        raise HttpError(404, "Not found.")
    return diagram


def _estimate(request: HttpRequest, estimate_id: UUID, action: Action = "view") -> Any:
    estimate = estimates_visible_to(request.user, action).filter(pk=estimate_id).first()
    if estimate is None:
        raise HttpError(404, "Not found.")
    return estimate


@router.get("/protection/diagrams", response=list[DiagramOut], auth=MEMBERS)
def diagram_list(request: HttpRequest, facility_id: UUID | None = None) -> Any:
    diagrams = diagrams_visible_to(request.user)
    return diagrams.filter(facility_id=facility_id) if facility_id else diagrams


@router.post("/protection/diagrams", response={201: DiagramOut}, auth=MEMBERS)
def diagram_create(request: HttpRequest, payload: DiagramIn) -> Any:
    site = _facility(request, payload.facility_id)
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
def diagram_get(request: HttpRequest, diagram_id: UUID) -> Any:
    return _diagram(request, diagram_id)


@router.put("/protection/diagrams/{diagram_id}", response=DiagramOut, auth=MEMBERS)
def diagram_update(request: HttpRequest, diagram_id: UUID, payload: DiagramUpdateIn) -> Any:
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
def diagram_delete(request: HttpRequest, diagram_id: UUID) -> Any:
    services.diagram_delete(diagram=_diagram(request, diagram_id, "delete"), actor=request.user)
    return Status(204, None)


@router.get("/protection/diagrams/{diagram_id}/evaluation", response=dict[str, Any], auth=MEMBERS)
def diagram_evaluation(request: HttpRequest, diagram_id: UUID) -> Any:
    diagram = _diagram(request, diagram_id)
    return evaluate(diagram.document, diagram.p_neutralisation).payload


@router.post("/protection/evaluate", response=dict[str, Any], auth=MEMBERS)
def evaluate_document(request: HttpRequest, payload: EvaluateIn) -> Any:
    """Evaluate a diagram document without storing it."""
    try:
        return evaluate(payload.document, payload.p_neutralisation).payload
    except InputError as exc:
        raise _invalid(exc) from exc


@router.get("/protection/consequences", response=list[EstimateOut], auth=MEMBERS)
def estimate_list(request: HttpRequest, facility_id: UUID | None = None) -> Any:
    estimates = estimates_visible_to(request.user)
    return estimates.filter(facility_id=facility_id) if facility_id else estimates


@router.post("/protection/consequences", response={201: EstimateOut}, auth=MEMBERS)
def estimate_create(request: HttpRequest, payload: EstimateIn) -> Any:
    data = payload.dict()
    site = _facility(request, data.pop("facility_id"))
    try:
        estimate = services.consequence_estimate_create(facility=site, actor=request.user, **data)
    except InputError as exc:
        raise _invalid(exc) from exc
    return Status(201, estimate)


@router.get("/protection/consequences/{estimate_id}", response=EstimateOut, auth=MEMBERS)
def estimate_get(request: HttpRequest, estimate_id: UUID) -> Any:
    return _estimate(request, estimate_id)


@router.delete("/protection/consequences/{estimate_id}", response={204: None}, auth=MEMBERS)
def estimate_delete(request: HttpRequest, estimate_id: UUID) -> Any:
    estimate = _estimate(request, estimate_id, "delete")
    services.consequence_estimate_delete(estimate=estimate, actor=request.user)
    return Status(204, None)


@router.get("/protection/facilities/{facility_id}/plan.pdf", auth=MEMBERS)
def plan_pdf(request: HttpRequest, facility_id: UUID) -> HttpResponse:
    """Generate the site security plan as the caller may see it; audit-logged."""
    site = _facility(request, facility_id, "view")
    export = services.site_plan_export_create(facility=site, actor=request.user)
    services.access_record(obj=export, actor=request.user, action=AuditAction.EXPORT, fmt="pdf")
    response = HttpResponse(bytes(export.pdf), content_type="application/pdf")
    name = slugify(site.name) or "facility"
    response["Content-Disposition"] = f'attachment; filename="site-security-plan-{name}.pdf"'
    return response

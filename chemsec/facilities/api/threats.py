"""Threat profiles and scenarios: list, create, change and delete; the same services as the
pages (`services`, `threat_services`)."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from ninja.errors import HttpError

from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.querysets import Action
from chemsec.facilities import selectors as sel
from chemsec.facilities import threat_services as ts
from chemsec.facilities.api.common import FacilitiesRouter, get_facility, threat_out
from chemsec.facilities.models import Facility, Goal
from chemsec.facilities.services import scenario_create, threat_create

router = FacilitiesRouter()


class ThreatChangeIn(InSchema):
    name: str
    adversary_type: str
    actors: str = ""
    capabilities: str = ""
    capability_level: int = 3
    intent_level: int = 3
    goals: list[Goal]
    likelihood: int
    likelihood_rationale: str


class ThreatIn(ThreatChangeIn):
    facility_id: UUID | None = None


class ThreatOut(Schema):
    id: UUID
    name: str
    organisation: str
    facility_id: UUID | None
    adversary_type: str
    actors: str
    capabilities: str
    capability_level: int
    intent_level: int
    goals: list[str]
    likelihood: int
    likelihood_rationale: str


class ScenarioIn(InSchema):
    name: str
    threat_id: UUID
    goal: Goal
    chemical_key: str = ""
    area_id: UUID | None = None
    description: str = ""


class ScenarioOut(Schema):
    id: UUID
    name: str
    threat_id: UUID
    goal: str
    chemical_key: str
    chemical_name: str
    area_id: UUID | None
    description: str


class ScenarioDeletedOut(Schema):
    id: UUID
    risk_entries_removed: int
    measures_removed: int


def _goals(payload: ThreatChangeIn) -> list[str]:
    return [str(g.value if hasattr(g, "value") else g) for g in payload.goals]


@router.get("/threats", response=list[ThreatOut], auth=MEMBERS)
def threat_index(request: HttpRequest) -> Any:
    return [threat_out(t) for t in sel.threats_visible_to(request.user)]


@router.post("/threats", response={201: ThreatOut}, auth=MEMBERS)
def threat_new(request: HttpRequest, payload: ThreatIn) -> Any:
    """A threat profile owned by your organisation (or by one of its facilities)."""
    organisation = request.organisation if request.organisation else None  # type: ignore[attr-defined]
    editors = sel.editor_organisations(request.user)
    organisation = editors.filter(pk=getattr(organisation, "pk", None)).first() or editors.first()
    if organisation is None:
        raise HttpError(403, "Only contributors of an organisation can write threat profiles.")
    facility = None
    if payload.facility_id:
        facility = get_facility(request, payload.facility_id, "change")
        organisation = facility.organisation
    data = payload.dict(exclude={"facility_id"}) | {"goals": _goals(payload)}
    threat = threat_create(organisation=organisation, actor=request.user, facility=facility, **data)  # type: ignore[arg-type]
    return Status(201, threat_out(threat))


def _threat(request: HttpRequest, threat_id: UUID, action: Action) -> Any:
    threat = get_object_or_404(sel.threats_visible_to(request.user), pk=threat_id)
    if not sel.may_threat(request.user, threat, action):
        raise HttpError(403, f"You may read this threat profile but not {action} it.")
    return threat


@router.put("/threats/{threat_id}", response=ThreatOut, auth=MEMBERS)
def threat_change(request: HttpRequest, threat_id: UUID, payload: ThreatChangeIn) -> Any:
    """Replace a threat profile's fields (its owner and facility stay)."""
    threat = _threat(request, threat_id, "change")
    data = payload.dict() | {"goals": _goals(payload)}
    return threat_out(ts.threat_update(threat=threat, actor=request.user, **data))  # type: ignore[arg-type]


@router.delete("/threats/{threat_id}", response={204: None}, auth=MEMBERS)
def threat_remove(request: HttpRequest, threat_id: UUID) -> Any:
    """Delete a threat profile; 409 while scenarios use it."""
    threat = _threat(request, threat_id, "delete")
    try:
        ts.threat_delete(threat=threat, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    return Status(204, None)


def _scenario_out(s: Any) -> dict[str, Any]:
    fields = ("name", "goal", "chemical_key", "chemical_name", "description")
    return {
        "id": s.pk,
        "threat_id": s.threat_id,
        "area_id": s.area_id,
        **{k: getattr(s, k) for k in fields},
    }


@router.get("/facilities/{facility_id}/scenarios", response=list[ScenarioOut], auth=MEMBERS)
def scenario_index(request: HttpRequest, facility_id: UUID) -> Any:
    return [_scenario_out(s) for s in get_facility(request, facility_id).scenarios.all()]


@router.post("/facilities/{facility_id}/scenarios", response={201: ScenarioOut}, auth=MEMBERS)
def scenario_new(request: HttpRequest, facility_id: UUID, payload: ScenarioIn) -> Any:
    facility = get_facility(request, facility_id, "change")
    threat = sel.threats_for_facility(request.user, facility).filter(pk=payload.threat_id).first()
    if threat is None:
        raise HttpError(404, "Threat profile not found.")
    fields = _scenario_fields(request, facility, payload, threat)
    scenario = scenario_create(facility=facility, actor=request.user, **fields)  # type: ignore[arg-type]
    return Status(201, _scenario_out(scenario))


def _scenario_fields(
    request: HttpRequest, facility: Facility, payload: ScenarioIn, threat: Any
) -> dict[str, Any]:
    """The scenario's fields from the payload, with its area and chemical checked."""
    area = get_object_or_404(facility.areas, pk=payload.area_id) if payload.area_id else None
    names = {c["key"]: c["name"] for c in sel.chemicals_of_interest(facility)}
    if payload.chemical_key and payload.chemical_key not in names:
        raise HttpError(422, "The chemical is not one of the facility's chemicals of interest.")
    return {
        "name": payload.name,
        "threat": threat,
        "goal": str(payload.goal.value),
        "chemical_key": payload.chemical_key,
        "chemical_name": names.get(payload.chemical_key, ""),
        "area": area,
        "description": payload.description,
    }


@router.put("/facilities/{facility_id}/scenarios/{scenario_id}", response=ScenarioOut, auth=MEMBERS)
def scenario_change(
    request: HttpRequest, facility_id: UUID, scenario_id: UUID, payload: ScenarioIn
) -> Any:
    """Replace a scenario's fields; its current threat stays allowed even if no longer shared."""
    facility = get_facility(request, facility_id, "change")
    scenario = get_object_or_404(facility.scenarios, pk=scenario_id)
    usable = sel.threats_for_facility(request.user, facility).filter(pk=payload.threat_id).first()
    threat = scenario.threat if payload.threat_id == scenario.threat_id else usable
    if threat is None:
        raise HttpError(404, "Threat profile not found.")
    fields = _scenario_fields(request, facility, payload, threat)
    return _scenario_out(ts.scenario_update(scenario=scenario, actor=request.user, **fields))  # type: ignore[arg-type]


@router.delete(
    "/facilities/{facility_id}/scenarios/{scenario_id}", response=ScenarioDeletedOut, auth=MEMBERS
)
def scenario_remove(request: HttpRequest, facility_id: UUID, scenario_id: UUID) -> Any:
    """Delete a scenario with its risk-register lines and their measures (each audit-logged)."""
    facility = get_facility(request, facility_id, "change")
    scenario = get_object_or_404(facility.scenarios, pk=scenario_id)
    effects = ts.scenario_delete(scenario=scenario, actor=request.user)  # type: ignore[arg-type]
    return {
        "id": scenario_id,
        "risk_entries_removed": len(effects["entries"]),
        "measures_removed": len(effects["measures"]),
    }

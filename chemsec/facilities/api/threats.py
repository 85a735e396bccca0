"""Threat profiles and scenarios: list, create, change and delete; the same services as the
pages (`services`, `threat_services`), fetched with `policy.get_object`."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Schema, Status
from ninja.errors import HttpError

from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_schemas import InSchema
from chemsec.core.policy import acting_organisation, get_object, require
from chemsec.facilities import selectors as sel
from chemsec.facilities import threat_services as ts
from chemsec.facilities.api.common import FacilitiesRouter, get_facility
from chemsec.facilities.models import Facility, Goal, Scenario, ThreatProfile
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

    @staticmethod
    def resolve_organisation(obj: ThreatProfile) -> str:
        return obj.organisation.name


class ScenarioIn(InSchema):
    name: str
    threat_id: UUID
    goal: Goal
    chemical_key: str = ""
    area_id: UUID | None = None
    description: str = ""


class ScenarioOut(Schema):
    """A scenario; `threat_id` is null for a reader who may not see its threat profile."""

    id: UUID
    name: str
    threat_id: UUID | None
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
def threat_index(request: HttpRequest) -> list[ThreatProfile]:
    return list(sel.threats_visible_to(request.user))


@router.post("/threats", response={201: ThreatOut}, auth=MEMBERS)
def threat_new(request: HttpRequest, payload: ThreatIn) -> Status[ThreatProfile]:
    """A threat profile owned by the organisation you act for (the X-ChemSec-Organisation
    header; else your first), or by one of its facilities (`facility_id`)."""
    organisation = acting_organisation(request)
    facility = None
    if payload.facility_id:
        facility = get_facility(request, payload.facility_id, "change")
        organisation = facility.organisation
    require(request.user, "threat.create", organisation)
    assert organisation is not None
    data = payload.dict(exclude={"facility_id"}) | {"goals": _goals(payload)}
    threat = threat_create(organisation=organisation, actor=request.user, facility=facility, **data)
    return Status(201, threat)


def _threat(request: HttpRequest, threat_id: UUID, action: str) -> ThreatProfile:
    return get_object(request.user, f"threat.{action}", sel.threats(), pk=threat_id)


@router.put("/threats/{threat_id}", response=ThreatOut, auth=MEMBERS)
def threat_change(request: HttpRequest, threat_id: UUID, payload: ThreatChangeIn) -> ThreatProfile:
    """Replace a threat profile's fields (its owner and facility stay)."""
    threat = _threat(request, threat_id, "change")
    data = payload.dict() | {"goals": _goals(payload)}
    return ts.threat_update(threat=threat, actor=request.user, **data)


@router.delete("/threats/{threat_id}", response={204: None}, auth=MEMBERS)
def threat_remove(request: HttpRequest, threat_id: UUID) -> Status[None]:
    """Delete a threat profile; 409 while scenarios use it."""
    threat = _threat(request, threat_id, "delete")
    try:
        ts.threat_delete(threat=threat, actor=request.user)
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    return Status(204, None)


def _scenario_out(scenario: Scenario, seen: set[Any]) -> dict[str, Any]:
    fields = ("id", "name", "goal", "chemical_key", "chemical_name", "area_id", "description")
    threat = scenario.threat_id if scenario.threat_id in seen else None
    return {name: getattr(scenario, name) for name in fields} | {"threat_id": threat}


def _scenarios_out(request: HttpRequest, scenarios: list[Scenario]) -> list[dict[str, Any]]:
    seen = sel.threats_seen(request.user, {s.threat_id for s in scenarios})
    return [_scenario_out(s, seen) for s in scenarios]


@router.get("/facilities/{facility_id}/scenarios", response=list[ScenarioOut], auth=MEMBERS)
def scenario_index(request: HttpRequest, facility_id: UUID) -> list[dict[str, Any]]:
    return _scenarios_out(request, list(get_facility(request, facility_id).scenarios.all()))


@router.post("/facilities/{facility_id}/scenarios", response={201: ScenarioOut}, auth=MEMBERS)
def scenario_new(
    request: HttpRequest, facility_id: UUID, payload: ScenarioIn
) -> Status[dict[str, Any]]:
    facility = get_facility(request, facility_id, "change")
    threat = sel.threats_for_facility(request.user, facility).filter(pk=payload.threat_id).first()
    if threat is None:
        raise HttpError(404, "Threat profile not found.")
    fields = _scenario_fields(request, facility, payload, threat)
    scenario = scenario_create(facility=facility, actor=request.user, **fields)
    return Status(201, _scenarios_out(request, [scenario])[0])


def _scenario_fields(
    request: HttpRequest, facility: Facility, payload: ScenarioIn, threat: ThreatProfile
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
) -> dict[str, Any]:
    """Replace a scenario's fields; its current threat stays allowed even if no longer shared."""
    facility = get_facility(request, facility_id, "change")
    scenario = get_object_or_404(facility.scenarios, pk=scenario_id)
    usable = sel.threats_for_facility(request.user, facility).filter(pk=payload.threat_id).first()
    threat = scenario.threat if payload.threat_id == scenario.threat_id else usable
    if threat is None:
        raise HttpError(404, "Threat profile not found.")
    fields = _scenario_fields(request, facility, payload, threat)
    scenario = ts.scenario_update(scenario=scenario, actor=request.user, **fields)
    return _scenarios_out(request, [scenario])[0]


@router.delete(
    "/facilities/{facility_id}/scenarios/{scenario_id}", response=ScenarioDeletedOut, auth=MEMBERS
)
def scenario_remove(request: HttpRequest, facility_id: UUID, scenario_id: UUID) -> dict[str, Any]:
    """Delete a scenario with its risk-register lines and their measures (each audit-logged)."""
    facility = get_facility(request, facility_id, "change")
    scenario = get_object_or_404(facility.scenarios, pk=scenario_id)
    effects = ts.scenario_delete(scenario=scenario, actor=request.user)
    return {
        "id": scenario_id,
        "risk_entries_removed": len(effects["entries"]),
        "measures_removed": len(effects["measures"]),
    }

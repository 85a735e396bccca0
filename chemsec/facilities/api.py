"""Facilities API: facilities, inventories (upload -> job), chemicals of interest, threats,
scenarios, risk registers and the national roll-up. Same services and selectors as the pages."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from chemsec.core.api_auth import MEMBERS
from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction
from chemsec.core.models import Organisation, upload_limit_bytes
from chemsec.core.querysets import Action
from chemsec.facilities import selectors as sel
from chemsec.facilities.inventory import inventory_import_start
from chemsec.facilities.models import Facility, FacilityType, Goal, Measure, RiskMethod
from chemsec.facilities.register import register, rollup
from chemsec.facilities.services import (
    assessment_create,
    entry_delete,
    entry_recompute,
    entry_set,
    entry_update,
    facility_create,
    facility_share,
    measure_create,
    measure_delete,
    measure_update,
    scenario_create,
    threat_create,
)
from chemsec.facilities.thresholds import tier

router = Router(tags=["facilities"])


class FacilityIn(Schema):
    organisation_id: UUID
    name: str
    facility_type: FacilityType
    country: str
    latitude: float | None = None
    longitude: float | None = None
    operating_hours: str = ""
    nearby_population: int | None = None
    population_density: str = ""
    emergency_contact: str = ""


class FacilityOut(Schema):
    id: UUID
    name: str
    organisation: str
    facility_type: str
    country: str
    confidentiality: str
    latitude: float | None
    longitude: float | None
    areas: list[str]


class ShareIn(Schema):
    organisation_ids: list[UUID] = []
    usernames: list[str] = []


class SnapshotOut(Schema):
    id: UUID
    created_at: dt.datetime
    label: str
    filename: str
    status: str
    error: str
    row_count: int
    error_count: int
    job_id: UUID | None


class ItemOut(Schema):
    line: int
    identifier: str
    name: str
    cas: str
    quantity_text: str
    unit_text: str
    quantity_kg: float | None
    concentration_percent: float | None
    container: str
    area_name: str
    status: str
    reason: str
    matches: list[dict[str, Any]]


class SnapshotDetailOut(SnapshotOut):
    items: list[ItemOut]


class ChemicalsOut(Schema):
    snapshot_id: UUID | None
    tier: int | None
    chemicals: list[dict[str, Any]]


class ThreatIn(Schema):
    name: str
    adversary_type: str
    actors: str = ""
    capabilities: str = ""
    capability_level: int = 3
    intent_level: int = 3
    goals: list[Goal]
    likelihood: int
    likelihood_rationale: str
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


class ScenarioIn(Schema):
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


class AssessmentIn(Schema):
    name: str
    method: RiskMethod


class EntryIn(Schema):
    scenario_id: UUID
    p_attack: float | None = None
    # When given, P_I is the EASI P(I) of this diagram's latest version (typed P_I ignored).
    protection_diagram_id: UUID | None = None
    p_interruption: float | None = None
    p_neutralisation: float | None = None
    consequence: float | None = None
    inherent_likelihood: int | None = None
    inherent_consequence: int | None = None
    current_likelihood: int | None = None
    current_consequence: int | None = None
    rationale: str = ""


class EntryChangeIn(Schema):
    """A register line's ratings and diagram link; its scenario stays."""

    p_attack: float | None = None
    protection_diagram_id: UUID | None = None
    p_interruption: float | None = None
    p_neutralisation: float | None = None
    consequence: float | None = None
    inherent_likelihood: int | None = None
    inherent_consequence: int | None = None
    current_likelihood: int | None = None
    current_consequence: int | None = None
    rationale: str = ""


class ProtectionChangeIn(Schema):
    """New values for one path element of the risk's protection diagram."""

    layer: str = ""
    element: str
    p_detection: float | None = None
    delay_mean: float | None = None
    delay_sd: float | None = None


class MeasureChangeIn(Schema):
    title: str
    practice_urns: list[str] = []
    rbps_topics: list[int] = []
    owner: str = ""
    cost: float = 0
    due_date: dt.date | None = None
    status: str = "proposed"
    proposed_p_interruption: float | None = None
    proposed_likelihood: int | None = None
    proposed_consequence: int | None = None
    protection_changes: list[ProtectionChangeIn] = []


class MeasureIn(Schema):
    scenario_id: UUID
    title: str
    practice_urns: list[str] = []
    rbps_topics: list[int] = []
    owner: str = ""
    cost: float = 0
    due_date: dt.date | None = None
    status: str = "proposed"
    proposed_p_interruption: float | None = None
    proposed_likelihood: int | None = None
    proposed_consequence: int | None = None
    protection_changes: list[ProtectionChangeIn] = []


def _facility(request: HttpRequest, facility_id: UUID, action: Action = "view") -> Facility:
    facility = get_object_or_404(sel.facilities_visible_to(request.user), pk=facility_id)
    if action != "view" and not sel.may(request.user, facility, action):
        raise HttpError(403, "You may read this facility but not change it.")
    return facility


def _facility_out(f: Facility) -> dict[str, Any]:
    return {
        "id": f.pk,
        "name": f.name,
        "organisation": f.organisation.name,
        "facility_type": f.facility_type,
        "country": f.country,
        "confidentiality": f.confidentiality,
        "latitude": f.latitude,
        "longitude": f.longitude,
        "areas": [a.name for a in f.areas.all()],
    }


@router.get("/facilities", response=list[FacilityOut], auth=MEMBERS)
def facility_index(request: HttpRequest) -> Any:
    return [
        _facility_out(f) for f in sel.facilities_visible_to(request.user).prefetch_related("areas")
    ]


@router.post("/facilities", response={201: FacilityOut}, auth=MEMBERS)
def facility_new(request: HttpRequest, payload: FacilityIn) -> Any:
    organisation = sel.editor_organisations(request.user).filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise HttpError(403, "Only contributors of the organisation can register its facilities.")
    data = payload.dict(exclude={"organisation_id"})
    facility = facility_create(organisation=organisation, actor=request.user, **data)  # type: ignore[arg-type]
    return Status(201, _facility_out(facility))


@router.get("/facilities/{facility_id}", response=FacilityOut, auth=MEMBERS)
def facility_get(request: HttpRequest, facility_id: UUID) -> Any:
    return _facility_out(_facility(request, facility_id))


@router.post("/facilities/{facility_id}/share", response=FacilityOut, auth=MEMBERS)
def facility_share_api(request: HttpRequest, facility_id: UUID, payload: ShareIn) -> Any:
    facility = _facility(request, facility_id, "share")
    from chemsec.core.models import User

    organisations = list(Organisation.objects.filter(pk__in=payload.organisation_ids))
    users = list(User.objects.filter(username__in=payload.usernames, is_active=True))
    if len(organisations) != len(set(payload.organisation_ids)) or len(users) != len(
        set(payload.usernames)
    ):
        raise HttpError(422, "Unknown organisation or user.")
    facility_share(facility=facility, actor=request.user, organisations=organisations, users=users)  # type: ignore[arg-type]
    return _facility_out(facility)


def _snapshot_out(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "created_at": s.created_at,
        "label": s.label,
        "filename": s.filename,
        "status": s.status,
        "error": s.error,
        "row_count": s.row_count,
        "error_count": s.error_count,
        "job_id": s.job_id,
    }


@router.get("/facilities/{facility_id}/inventories", response=list[SnapshotOut], auth=MEMBERS)
def inventory_index(request: HttpRequest, facility_id: UUID) -> Any:
    return [_snapshot_out(s) for s in _facility(request, facility_id).snapshots.all()]


@router.post("/facilities/{facility_id}/inventories", response={202: SnapshotOut}, auth=MEMBERS)
def inventory_upload(
    request: HttpRequest, facility_id: UUID, file: File[UploadedFile], label: Form[str] = ""
) -> Any:
    """Upload a CSV, TSV or XLSX inventory; it is imported and screened as a background job."""
    facility = _facility(request, facility_id, "change")
    if file.size == 0 or file.size > upload_limit_bytes():
        raise HttpError(413 if file.size else 422, "The file is empty or over the size limit.")
    snapshot, _job = inventory_import_start(
        facility=facility, actor=request.user, upload=file, label=label
    )  # type: ignore[arg-type]
    snapshot.refresh_from_db()
    return Status(202, _snapshot_out(snapshot))


@router.get(
    "/facilities/{facility_id}/inventories/{snapshot_id}", response=SnapshotDetailOut, auth=MEMBERS
)
def inventory_get(request: HttpRequest, facility_id: UUID, snapshot_id: UUID) -> Any:
    snapshot = get_object_or_404(_facility(request, facility_id).snapshots, pk=snapshot_id)
    return _snapshot_out(snapshot) | {"items": list(snapshot.items.all())}


@router.get("/facilities/{facility_id}/chemicals", response=ChemicalsOut, auth=MEMBERS)
def chemicals_get(request: HttpRequest, facility_id: UUID) -> Any:
    facility = _facility(request, facility_id)
    snapshot = sel.latest_snapshot(facility)
    found = list(snapshot.chemicals) if snapshot else []
    return {
        "snapshot_id": snapshot.pk if snapshot else None,
        "tier": tier(found),
        "chemicals": found,
    }


def _threat_out(t: Any) -> dict[str, Any]:
    fields = (
        "name",
        "adversary_type",
        "actors",
        "capabilities",
        "capability_level",
        "intent_level",
        "goals",
        "likelihood",
        "likelihood_rationale",
    )
    return {
        "id": t.pk,
        "organisation": t.organisation.name,
        "facility_id": t.facility_id,
        **{k: getattr(t, k) for k in fields},
    }


@router.get("/threats", response=list[ThreatOut], auth=MEMBERS)
def threat_index(request: HttpRequest) -> Any:
    return [_threat_out(t) for t in sel.threats_visible_to(request.user)]


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
        facility = _facility(request, payload.facility_id, "change")
        organisation = facility.organisation
    data = payload.dict(exclude={"facility_id"})
    data["goals"] = [str(g.value if hasattr(g, "value") else g) for g in payload.goals]
    threat = threat_create(organisation=organisation, actor=request.user, facility=facility, **data)  # type: ignore[arg-type]
    return Status(201, _threat_out(threat))


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
    return [_scenario_out(s) for s in _facility(request, facility_id).scenarios.all()]


@router.post("/facilities/{facility_id}/scenarios", response={201: ScenarioOut}, auth=MEMBERS)
def scenario_new(request: HttpRequest, facility_id: UUID, payload: ScenarioIn) -> Any:
    facility = _facility(request, facility_id, "change")
    threat = sel.threats_for_facility(request.user, facility).filter(pk=payload.threat_id).first()
    if threat is None:
        raise HttpError(404, "Threat profile not found.")
    area = get_object_or_404(facility.areas, pk=payload.area_id) if payload.area_id else None
    names = {c["key"]: c["name"] for c in sel.chemicals_of_interest(facility)}
    if payload.chemical_key and payload.chemical_key not in names:
        raise HttpError(422, "The chemical is not one of the facility's chemicals of interest.")
    scenario = scenario_create(
        facility=facility,
        actor=request.user,
        name=payload.name,
        threat=threat,
        goal=str(payload.goal.value),  # type: ignore[arg-type]
        chemical_key=payload.chemical_key,
        chemical_name=names.get(payload.chemical_key, ""),
        area=area,
        description=payload.description,
    )
    return Status(201, _scenario_out(scenario))


def _what_if_out(what_if: dict[str, Any]) -> dict[str, Any]:
    """Ratings as plain dicts; P_I, P_E and their source as they are."""
    return {
        key: value.__dict__ if key in ("before", "after") else value
        for key, value in what_if.items()
    }


def _measure_out(item: dict[str, Any]) -> dict[str, Any]:
    m = item["measure"]
    return {
        "id": str(m.pk),
        "title": m.title,
        "status": m.status,
        "cost": float(m.cost),
        "practice_urns": m.practice_urns,
        "rbps_topics": m.rbps_topics,
        "proposed_p_interruption": m.proposed_p_interruption,
        "protection_changes": m.protection_changes if _details(item["protection"]) else [],
        "what_if": _what_if_out(item["what_if"]),
        "protection": _shown(item["protection"]),
    }


def _details(block: dict[str, Any] | None) -> bool:
    return bool(block and block.get("details"))


def _shown(block: dict[str, Any] | None) -> dict[str, Any] | None:
    """Diagram names, paths and element changes only for those who may see the diagram."""
    if block is None or block.get("details"):
        return block
    keep = ("kind", "version", "current_version", "linked", "stale", "details", "p_interruption")
    return {k: v for k, v in block.items() if k in keep or k == "error"}


def _entry_out(row: dict[str, Any]) -> dict[str, Any]:
    entry = row["entry"]
    return {
        "id": str(entry.pk),
        "scenario_id": str(entry.scenario_id),
        "scenario": entry.scenario.name,
        "p_attack": entry.p_attack,
        "p_interruption": entry.p_interruption,
        "p_neutralisation": entry.p_neutralisation,
        "consequence": entry.consequence,
        "protection_diagram_id": str(entry.protection_diagram_id)
        if entry.protection_diagram_id and _details(row["p_i_source"])
        else None,
        "p_interruption_source": _shown(row["p_i_source"]),
        **{stage: rating.__dict__ for stage, rating in row["ratings"].items()},
        "measures": [_measure_out(m) for m in row["measures"]],
    }


def _register_out(assessment: Any, user: Any = None) -> dict[str, Any]:
    data = register(assessment, user)
    rows = [_entry_out(row) for row in data["rows"]]
    return {
        "id": str(assessment.pk),
        "name": assessment.name,
        "method": assessment.method,
        "entries": rows,
        "heat_map": data["heat_map"],
    }


@router.get("/facilities/{facility_id}/risk-registers", response=list[dict[str, Any]], auth=MEMBERS)
def register_index(request: HttpRequest, facility_id: UUID) -> Any:
    facility = _facility(request, facility_id)
    return [_register_out(a, request.user) for a in sel.assessments_of(facility)]


@router.post(
    "/facilities/{facility_id}/risk-registers", response={201: dict[str, Any]}, auth=MEMBERS
)
def register_new(request: HttpRequest, facility_id: UUID, payload: AssessmentIn) -> Any:
    facility = _facility(request, facility_id, "change")
    assessment = assessment_create(
        facility=facility,
        actor=request.user,
        name=payload.name,  # type: ignore[arg-type]
        method=str(payload.method.value),
        matrix=sel.matrix_for(facility.organisation),
    )
    return Status(201, _register_out(assessment, request.user))


def _assessment(request: HttpRequest, facility_id: UUID, assessment_id: UUID) -> Any:
    facility = _facility(request, facility_id, "change")
    return get_object_or_404(facility.risk_assessments, pk=assessment_id)


@router.post(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries",
    response=dict[str, Any],
    auth=MEMBERS,
)
def register_entry(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, payload: EntryIn
) -> Any:
    assessment = _assessment(request, facility_id, assessment_id)
    scenario = get_object_or_404(assessment.facility.scenarios, pk=payload.scenario_id)
    entry_set(
        assessment=assessment,
        scenario=scenario,
        actor=request.user,  # type: ignore[arg-type]
        **_entry_fields(request, assessment, payload),
    )
    return _register_out(assessment, request.user)


def _entry_fields(request: HttpRequest, assessment: Any, payload: Any) -> dict[str, Any]:
    """The payload's ratings, with its diagram id as one of the facility's visible diagrams."""
    data = payload.dict(exclude={"scenario_id", "protection_diagram_id"})
    diagram = None
    if payload.protection_diagram_id is not None:
        diagram = get_object_or_404(
            sel.diagrams_of(request.user, assessment.facility), pk=payload.protection_diagram_id
        )
    return data | {"protection_diagram": diagram}


def _measure_fields(payload: Any) -> dict[str, Any]:
    data = payload.dict(exclude={"scenario_id"})
    data["protection_changes"] = [
        {k: v for k, v in change.items() if v is not None} for change in data["protection_changes"]
    ]
    return data


def _entry(request: HttpRequest, facility_id: UUID, assessment_id: UUID, entry_id: UUID) -> Any:
    assessment = _assessment(request, facility_id, assessment_id)
    return get_object_or_404(assessment.entries, pk=entry_id)


@router.put(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries/{entry_id}",
    response=dict[str, Any],
    auth=MEMBERS,
)
def register_entry_change(
    request: HttpRequest,
    facility_id: UUID,
    assessment_id: UUID,
    entry_id: UUID,
    payload: EntryChangeIn,
) -> Any:
    """Replace a line's ratings and diagram link; with a diagram, P_I is recomputed from it."""
    entry = _entry(request, facility_id, assessment_id, entry_id)
    fields = _entry_fields(request, entry.assessment, payload)
    entry_update(entry=entry, actor=request.user, **fields)  # type: ignore[arg-type]
    return _register_out(entry.assessment, request.user)


@router.post(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries/{entry_id}/recompute",
    response=dict[str, Any],
    auth=MEMBERS,
)
def register_entry_recompute(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, entry_id: UUID
) -> Any:
    """Take P_I again from the linked diagram's latest version."""
    entry = _entry(request, facility_id, assessment_id, entry_id)
    entry_recompute(entry=entry, actor=request.user)  # type: ignore[arg-type]
    return _register_out(entry.assessment, request.user)


@router.delete(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/entries/{entry_id}",
    response={204: None},
    auth=MEMBERS,
)
def register_entry_delete(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, entry_id: UUID
) -> Any:
    entry = _entry(request, facility_id, assessment_id, entry_id)
    entry_delete(entry=entry, actor=request.user)  # type: ignore[arg-type]
    return Status(204, None)


@router.post(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/measures",
    response={201: dict[str, Any]},
    auth=MEMBERS,
)
def register_measure(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, payload: MeasureIn
) -> Any:
    assessment = _assessment(request, facility_id, assessment_id)
    entry = get_object_or_404(assessment.entries, scenario_id=payload.scenario_id)
    measure_create(entry=entry, actor=request.user, **_measure_fields(payload))  # type: ignore[arg-type]
    return Status(201, _register_out(assessment, request.user))


def _measure(request: HttpRequest, facility_id: UUID, assessment_id: UUID, measure_id: UUID) -> Any:
    assessment = _assessment(request, facility_id, assessment_id)
    return get_object_or_404(Measure.objects.filter(entry__assessment=assessment), pk=measure_id)


@router.put(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/measures/{measure_id}",
    response=dict[str, Any],
    auth=MEMBERS,
)
def register_measure_change(
    request: HttpRequest,
    facility_id: UUID,
    assessment_id: UUID,
    measure_id: UUID,
    payload: MeasureChangeIn,
) -> Any:
    """Replace a measure's fields and protection changes (its risk stays)."""
    measure = _measure(request, facility_id, assessment_id, measure_id)
    measure_update(measure=measure, actor=request.user, **_measure_fields(payload))  # type: ignore[arg-type]
    return _register_out(measure.entry.assessment, request.user)


@router.delete(
    "/facilities/{facility_id}/risk-registers/{assessment_id}/measures/{measure_id}",
    response={204: None},
    auth=MEMBERS,
)
def register_measure_delete(
    request: HttpRequest, facility_id: UUID, assessment_id: UUID, measure_id: UUID
) -> Any:
    measure = _measure(request, facility_id, assessment_id, measure_id)
    measure_delete(measure=measure, actor=request.user)  # type: ignore[arg-type]
    return Status(204, None)


@router.get("/facilities-rollup", response=dict[str, Any], auth=MEMBERS)
def rollup_get(request: HttpRequest) -> Any:
    """The national roll-up of the caller's authority; 404 for anyone not in one."""
    authority = sel.authorities_of(request.user).first()
    if authority is None:
        raise HttpError(404, "Not found.")
    data = rollup(authority)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=authority,  # type: ignore[arg-type]
        changes={"what": "facility roll-up (API)"},
    )
    return {
        "authority": authority.name,
        "facilities": [
            {
                "id": str(r["facility"].pk),
                "name": r["facility"].name,
                "country": r["facility"].country,
                "tier": r["tier"],
                "chemicals": r["chemicals"],
                "crossed": r["crossed"],
            }
            for r in data["facilities"]
        ],
        "tiers": dict(data["tiers"]),
        "chemicals": data["chemicals"],
        "top_risks": data["top_risks"],
        "heat_map": data["heat_map"],
        "threats": [
            _threat_out(t) | {"id": str(t.pk), "facility_id": None} for t in data["threats"]
        ],
        "capacity": data["capacity"],
    }


# Changing and deleting threat profiles and scenarios, and revoking facility shares:
# the same services as the pages (`threat_services`, `object_unshare`).


class ThreatChangeIn(Schema):
    name: str
    adversary_type: str
    actors: str = ""
    capabilities: str = ""
    capability_level: int = 3
    intent_level: int = 3
    goals: list[Goal]
    likelihood: int
    likelihood_rationale: str


class ScenarioDeletedOut(Schema):
    id: UUID
    risk_entries_removed: int
    measures_removed: int


def _threat(request: HttpRequest, threat_id: UUID, action: Action) -> Any:
    threat = get_object_or_404(sel.threats_visible_to(request.user), pk=threat_id)
    if not sel.threats_visible_to(request.user, action).filter(pk=threat.pk).exists():
        raise HttpError(403, f"You may read this threat profile but not {action} it.")
    return threat


@router.put("/threats/{threat_id}", response=ThreatOut, auth=MEMBERS)
def threat_change(request: HttpRequest, threat_id: UUID, payload: ThreatChangeIn) -> Any:
    """Replace a threat profile's fields (its owner and facility stay)."""
    from chemsec.facilities.threat_services import threat_update

    threat = _threat(request, threat_id, "change")
    data = payload.dict()
    data["goals"] = [str(g.value if hasattr(g, "value") else g) for g in payload.goals]
    return _threat_out(threat_update(threat=threat, actor=request.user, **data))  # type: ignore[arg-type]


@router.delete("/threats/{threat_id}", response={204: None}, auth=MEMBERS)
def threat_remove(request: HttpRequest, threat_id: UUID) -> Any:
    """Delete a threat profile; 409 while scenarios use it."""
    from django.core.exceptions import ValidationError

    from chemsec.facilities.threat_services import threat_delete

    threat = _threat(request, threat_id, "delete")
    try:
        threat_delete(threat=threat, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    return Status(204, None)


def _scenario_fields(
    request: HttpRequest, facility: Facility, scenario: Any, payload: ScenarioIn
) -> dict[str, Any]:
    """The scenario's new fields; its current threat stays allowed even if no longer shared."""
    usable = sel.threats_for_facility(request.user, facility).filter(pk=payload.threat_id).first()
    threat = scenario.threat if payload.threat_id == scenario.threat_id else usable
    if threat is None:
        raise HttpError(404, "Threat profile not found.")
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
    from chemsec.facilities.threat_services import scenario_update

    facility = _facility(request, facility_id, "change")
    scenario = get_object_or_404(facility.scenarios, pk=scenario_id)
    fields = _scenario_fields(request, facility, scenario, payload)
    return _scenario_out(scenario_update(scenario=scenario, actor=request.user, **fields))  # type: ignore[arg-type]


@router.delete(
    "/facilities/{facility_id}/scenarios/{scenario_id}", response=ScenarioDeletedOut, auth=MEMBERS
)
def scenario_remove(request: HttpRequest, facility_id: UUID, scenario_id: UUID) -> Any:
    """Delete a scenario with its risk-register lines and their measures (each audit-logged)."""
    from chemsec.facilities.threat_services import scenario_delete

    facility = _facility(request, facility_id, "change")
    scenario = get_object_or_404(facility.scenarios, pk=scenario_id)
    effects = scenario_delete(scenario=scenario, actor=request.user)  # type: ignore[arg-type]
    return {
        "id": scenario_id,
        "risk_entries_removed": len(effects["entries"]),
        "measures_removed": len(effects["measures"]),
    }


@router.post("/facilities/{facility_id}/unshare", response=FacilityOut, auth=MEMBERS)
def facility_unshare_api(request: HttpRequest, facility_id: UUID, payload: ShareIn) -> Any:
    """Revoke shares with the named organisations and people; 422 if one is not shared."""
    from chemsec.core.services import object_unshare

    facility = _facility(request, facility_id, "share")
    organisations = list(facility.shared_with_organisations.filter(pk__in=payload.organisation_ids))
    users = list(facility.shared_with_users.filter(username__in=payload.usernames))
    if len(organisations) != len(set(payload.organisation_ids)) or len(users) != len(
        set(payload.usernames)
    ):
        raise HttpError(422, "The facility is not shared with one of those.")
    object_unshare(obj=facility, actor=request.user, organisations=organisations, users=users)  # type: ignore[arg-type]
    return _facility_out(facility)

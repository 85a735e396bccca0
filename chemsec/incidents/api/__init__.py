"""Incidents API: the log, chemicals, timeline, reporting, tasks, lessons and exports; one
Router mounted at /api/v1/. Every object is fetched with `policy.get_object`; every write
is the service the pages call."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from chemsec.core.api_auth import MEMBERS
from chemsec.core.models import Organisation, User
from chemsec.core.policy import acting_organisation, get_object
from chemsec.core.writes import write_export
from chemsec.facilities.models import Facility
from chemsec.incidents import exports, selectors, services
from chemsec.incidents.api.schemas import (
    ChemicalIn,
    CreatedOut,
    FindingIn,
    IncidentDetailOut,
    IncidentIn,
    IncidentOut,
    LessonIn,
    ReportIn,
    TaskIn,
    TextIn,
)
from chemsec.incidents.models import Incident

router = Router(tags=["incidents"])
LIMIT = 500


def _out(item: Incident) -> dict[str, Any]:
    left = item.clock()
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "status": item.status,
        "exercise": item.exercise,
        "facility": item.facility.name if item.facility else None,
        "detected_at": item.detected_at,
        "reportable_rule": item.rule_urn or None,
        "report_due_at": item.report_due_at,
        "seconds_left": int(left.total_seconds()) if left is not None else None,
        "overdue": item.overdue,
        "reported_at": item.reported_at,
        "report_id": item.report_id,
    }


def _detail(item: Incident) -> IncidentDetailOut:
    return IncidentDetailOut(**_out(item), record=exports.incident_json(item))


def _incident(request: HttpRequest, incident_id: UUID, action: str = "view") -> Incident:
    return get_object(
        request.user, f"incident.{action}", selectors.incident_joined(), pk=incident_id
    )


@router.get("/incidents", response=list[IncidentOut], auth=MEMBERS)
def incident_list(request: HttpRequest) -> list[IncidentOut]:
    """Incidents of the acting organisation you may see, with each one's reporting clock."""
    found = selectors.incidents(request.user, acting_organisation(request))[:LIMIT]
    return [IncidentOut(**_out(item)) for item in found]


@router.post("/incidents", response={201: IncidentDetailOut}, auth=MEMBERS)
def incident_create(request: HttpRequest, payload: IncidentIn) -> Status[IncidentDetailOut]:
    data = payload.model_dump(exclude={"facility_id"})
    facility = None
    if payload.facility_id is not None:
        facility = get_object(request.user, "facility.view", Facility.objects,
                              pk=payload.facility_id)  # fmt: skip
    item = services.incident_record(
        actor=request.user, organisation=acting_organisation(request), facility=facility, **data
    )
    return Status(201, _detail(item))


@router.get("/incidents/{incident_id}", response=IncidentDetailOut, auth=MEMBERS)
def incident_get(request: HttpRequest, incident_id: UUID) -> IncidentDetailOut:
    return _detail(_incident(request, incident_id))


@router.post("/incidents/{incident_id}/chemicals", response={201: CreatedOut}, auth=MEMBERS)
def incident_chemical_add(
    request: HttpRequest, incident_id: UUID, payload: ChemicalIn
) -> Status[CreatedOut]:
    """A chemical involved; the incident may become reportable (its clock starts)."""
    item = _incident(request, incident_id, "change")
    chemical = services.chemical_add(actor=request.user, incident=item, **payload.model_dump())
    return Status(201, CreatedOut(id=chemical.pk))


@router.post("/incidents/{incident_id}/timeline", response={201: CreatedOut}, auth=MEMBERS)
def incident_timeline_add(
    request: HttpRequest, incident_id: UUID, payload: TextIn
) -> Status[CreatedOut]:
    item = _incident(request, incident_id, "change")
    entry = services.timeline_add(actor=request.user, incident=item, text=payload.text)
    return Status(201, CreatedOut(id=entry.pk))


@router.post("/incidents/{incident_id}/report", response={201: IncidentDetailOut}, auth=MEMBERS)
def incident_report(
    request: HttpRequest, incident_id: UUID, payload: ReportIn
) -> Status[IncidentDetailOut]:
    """Report to a national authority (a supply-chain report: theft or disappearance)."""
    item = _incident(request, incident_id, "report")
    authority = Organisation.objects.filter(slug=payload.authority).first()
    if authority is None:
        raise HttpError(422, "No national authority with this slug.")
    services.incident_report(actor=request.user, incident=item, authority=authority,
                             note=payload.note)  # fmt: skip
    return Status(201, _detail(item))


@router.post("/incidents/{incident_id}/tasks", response={201: CreatedOut}, auth=MEMBERS)
def incident_task_add(
    request: HttpRequest, incident_id: UUID, payload: TaskIn
) -> Status[CreatedOut]:
    item = _incident(request, incident_id, "change")
    owner = None
    if payload.owner:
        owner = selectors.people(item.organisation).filter(username=payload.owner).first()
        if owner is None:
            raise HttpError(422, "The owner must be a member of the organisation.")
    assert owner is None or isinstance(owner, User)
    task = services.task_add(actor=request.user, incident=item, title=payload.title,
                             owner=owner, due_on=payload.due_on,
                             corrective=payload.corrective)  # fmt: skip
    return Status(201, CreatedOut(id=task.pk))


@router.post("/incidents/{incident_id}/tasks/{task_id}/done", response=IncidentDetailOut,
             auth=MEMBERS)  # fmt: skip
def incident_task_done(
    request: HttpRequest, incident_id: UUID, task_id: UUID, payload: FindingIn
) -> IncidentDetailOut:
    item = _incident(request, incident_id, "change")
    task = item.tasks.filter(pk=task_id).first()
    if task is None:
        raise HttpError(404, "No such task.")
    services.task_complete(actor=request.user, task=task, finding=payload.finding)
    return _detail(item)


@router.post("/incidents/{incident_id}/lessons", response={201: CreatedOut}, auth=MEMBERS)
def incident_lesson_add(
    request: HttpRequest, incident_id: UUID, payload: LessonIn
) -> Status[CreatedOut]:
    item = _incident(request, incident_id, "change")
    lesson = services.lesson_add(actor=request.user, incident=item, title=payload.title,
                                 text=payload.text)  # fmt: skip
    return Status(201, CreatedOut(id=lesson.pk))


@router.post("/incidents/{incident_id}/lessons/{lesson_id}/propose", response={201: CreatedOut},
             auth=MEMBERS)  # fmt: skip
def incident_lesson_propose(
    request: HttpRequest, incident_id: UUID, lesson_id: UUID
) -> Status[CreatedOut]:
    """The lesson as a draft compendium practice (the proposal's id)."""
    item = _incident(request, incident_id, "propose")
    lesson = item.lessons.filter(pk=lesson_id).first()
    if lesson is None:
        raise HttpError(404, "No such lesson.")
    proposal = services.lesson_propose(actor=request.user, lesson=lesson)
    return Status(201, CreatedOut(id=proposal.pk))


@router.post("/incidents/{incident_id}/close", response=IncidentDetailOut, auth=MEMBERS)
def incident_close(request: HttpRequest, incident_id: UUID) -> IncidentDetailOut:
    item = _incident(request, incident_id, "change")
    services.incident_close(actor=request.user, incident=item)
    return _detail(item)


@router.get(
    "/incidents/{incident_id}/stix",
    auth=MEMBERS,
    openapi_extra={
        "responses": {
            200: {
                "description": "A STIX 2.1 bundle (OASIS) of the shareable parts, under the "
                "incident's TLP marking.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "type": {"type": "string"},
                                "id": {"type": "string"},
                                "objects": {"type": "array"},
                            },
                        }
                    }
                },
            }
        }
    },
)
def incident_stix(request: HttpRequest, incident_id: UUID) -> Any:
    """The shareable parts as a STIX 2.1 bundle, under the incident's TLP marking."""
    item = _incident(request, incident_id, "export")
    write_export(item, actor=request.user, fmt="stix.json")
    return json.loads(exports.incident_stix_bytes(item))


@router.get(
    "/incidents/{incident_id}/misp",
    auth=MEMBERS,
    openapi_extra={
        "responses": {
            200: {
                "description": "A MISP event (MISP JSON import format) of the shareable parts, "
                "with the incident's TLP tag and the matching distribution level.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"Event": {"type": "object"}},
                            "required": ["Event"],
                        }
                    }
                },
            }
        }
    },
)
def incident_misp(request: HttpRequest, incident_id: UUID) -> Any:
    """The shareable parts as a MISP event, under the incident's TLP tag."""
    item = _incident(request, incident_id, "export")
    write_export(item, actor=request.user, fmt="misp.json")
    return exports.incident_misp_json(item)

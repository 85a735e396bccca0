"""Assistance API: file and follow requests, preview matches, triage, experts (members only).

Every request is fetched through `AssistanceRequest.objects.visible_to` (via selectors);
what a caller may not see answers 404, and every write goes through services.
"""

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from chemsec.assistance import services
from chemsec.assistance.matching import match_practices
from chemsec.assistance.models import AssistanceRequest, ExpertProfile
from chemsec.assistance.querysets import is_secretariat_staff
from chemsec.assistance.selectors import expert_directory, requests_visible_to
from chemsec.core.api_auth import MEMBERS
from chemsec.core.choices import Role
from chemsec.core.models import Organisation

router = Router(tags=["assistance"])


class NeedIn(Schema):
    need: str = Field(min_length=1, max_length=10_000)
    title: str = Field("", max_length=200)
    framework_section: str = ""
    stage: str = ""
    measure_type: str = ""


class RequestIn(NeedIn):
    title: str = Field(min_length=1, max_length=200)
    priority: str = "normal"
    organisation: str = Field("", description="Slug of the organisation filing; default: yours")


class MatchOut(Schema):
    urn: str
    title: str
    summary: str
    stages: list[str]
    score: float
    reasons: list[str]


class NoteOut(Schema):
    id: UUID
    text: str
    author: str
    created_at: dt.datetime


class AssignmentOut(Schema):
    id: UUID
    expert: str
    role: str
    created_at: dt.datetime


class OutcomeOut(Schema):
    id: UUID
    text: str
    draft_proposal: str
    created_at: dt.datetime
    message: str = ""


class RequestOut(Schema):
    id: UUID
    title: str
    need: str
    organisation: str
    status: str
    priority: str
    stage: str
    measure_type: str
    framework_section: str
    confidentiality: str
    created_at: dt.datetime
    matches: list[MatchOut]


class RequestDetailOut(RequestOut):
    notes: list[NoteOut]
    assignments: list[AssignmentOut]
    outcomes: list[OutcomeOut]


class NoteIn(Schema):
    text: str = Field(min_length=1, max_length=10_000)


class TriageIn(Schema):
    status: str | None = None
    priority: str | None = None
    note: str = ""


class AssignIn(Schema):
    expert: str = Field(description="The expert's username")
    role: str = ""


class OutcomeIn(Schema):
    text: str = Field(min_length=1, max_length=20_000)
    make_draft: bool = False


class ExpertOut(Schema):
    id: UUID
    username: str
    name: str
    competencies: list[str]
    languages: list[str]
    region: str
    availability: str


def _request_out(item: AssistanceRequest) -> dict[str, Any]:
    fields = [
        "id",
        "title",
        "need",
        "status",
        "priority",
        "stage",
        "measure_type",
        "framework_section",
        "confidentiality",
        "created_at",
        "matches",
    ]
    return {name: getattr(item, name) for name in fields} | {"organisation": item.organisation.name}


def _detail_out(item: AssistanceRequest) -> dict[str, Any]:
    notes = [
        {"id": n.pk, "text": n.text, "author": _name(n.author), "created_at": n.created_at}
        for n in item.notes.select_related("author")
    ]
    assignments = [
        {"id": a.pk, "expert": str(a.expert), "role": a.role, "created_at": a.created_at}
        for a in item.assignments.select_related("expert__user")
    ]
    outcomes = [_outcome_out(o) for o in item.outcomes.all()]
    return _request_out(item) | {"notes": notes, "assignments": assignments, "outcomes": outcomes}


def _outcome_out(outcome: Any, message: str = "") -> dict[str, Any]:
    return {
        "id": outcome.pk,
        "text": outcome.text,
        "draft_proposal": outcome.draft_proposal,
        "created_at": outcome.created_at,
        "message": message,
    }


def _name(user: Any) -> str:
    return user.get_username() if user is not None else ""


def _get(request: HttpRequest, request_id: UUID, action: str = "view") -> AssistanceRequest:
    item = requests_visible_to(request.user, action).filter(pk=request_id).first()
    if item is None:
        raise HttpError(404, "Not found.")
    return item


def _filing_organisation(request: HttpRequest, slug: str) -> Organisation:
    memberships = request.user.memberships.select_related("organisation").filter(
        role__in=Role.at_least(Role.CONTRIBUTOR)
    )
    if slug:
        memberships = memberships.filter(organisation__slug=slug)
    membership = memberships.first()
    if membership is None:
        raise HttpError(403, "Contributors and above of an organisation can file requests.")
    return membership.organisation


@router.post("/assistance/match", response=list[MatchOut], auth=MEMBERS)
def match(request: HttpRequest, payload: NeedIn) -> Any:
    """Ranked practices for a need, each with its reasons; nothing is stored."""
    found = match_practices(user=request.user, **payload.dict())
    return [m.as_dict() for m in found]


@router.get("/assistance/requests", response=list[RequestOut], auth=MEMBERS)
def request_list(request: HttpRequest, status: str = "") -> Any:
    """Requests you may see: your own, those shared with you, or all for the secretariat."""
    items = requests_visible_to(request.user)
    if status:
        items = items.filter(status=status)
    return [_request_out(item) for item in items[:500]]


@router.post("/assistance/requests", response={201: RequestDetailOut}, auth=MEMBERS)
def request_create(request: HttpRequest, payload: RequestIn) -> Any:
    data = payload.dict()
    organisation = _filing_organisation(request, data.pop("organisation"))
    item = services.request_file(user=request.user, organisation=organisation, **data)
    return Status(201, _detail_out(item))


@router.get("/assistance/requests/{request_id}", response=RequestDetailOut, auth=MEMBERS)
def request_get(request: HttpRequest, request_id: UUID) -> Any:
    return _detail_out(_get(request, request_id))


@router.post("/assistance/requests/{request_id}/notes", response={201: NoteOut}, auth=MEMBERS)
def note_create(request: HttpRequest, request_id: UUID, payload: NoteIn) -> Any:
    item = _get(request, request_id)
    note = services.note_add(user=request.user, request=item, text=payload.text)
    out = {"id": note.pk, "text": note.text, "author": _name(request.user)}
    return Status(201, out | {"created_at": note.created_at})


@router.post("/assistance/requests/{request_id}/triage", response=RequestDetailOut, auth=MEMBERS)
def triage(request: HttpRequest, request_id: UUID, payload: TriageIn) -> Any:
    """Secretariat reviewers: change status (received, in_progress, delivered, closed),
    priority, and add a note."""
    item = _get(request, request_id)
    services.request_triage(user=request.user, request=item, **payload.dict())
    return _detail_out(item)


@router.post(
    "/assistance/requests/{request_id}/assignments",
    response={201: AssignmentOut},
    auth=MEMBERS,
)
def assignment_create(request: HttpRequest, request_id: UUID, payload: AssignIn) -> Any:
    item = _get(request, request_id)
    if not is_secretariat_staff(request.user, "change"):
        raise HttpError(403, "Only secretariat reviewers can assign experts.")
    expert = ExpertProfile.objects.filter(user__username=payload.expert).first()
    if expert is None:
        raise HttpError(404, "No expert with this username.")
    assignment = services.expert_assign(
        user=request.user, request=item, expert=expert, role=payload.role
    )
    out = {"id": assignment.pk, "expert": str(expert), "role": assignment.role}
    return Status(201, out | {"created_at": assignment.created_at})


@router.post("/assistance/requests/{request_id}/outcomes", response={201: OutcomeOut}, auth=MEMBERS)
def outcome_create(request: HttpRequest, request_id: UUID, payload: OutcomeIn) -> Any:
    item = _get(request, request_id)
    outcome, message = services.outcome_record(
        user=request.user, request=item, text=payload.text, make_draft=payload.make_draft
    )
    return Status(201, _outcome_out(outcome, message))


@router.get("/assistance/experts", response=list[ExpertOut], auth=MEMBERS)
def expert_list(request: HttpRequest) -> Any:
    """The expert directory, for the secretariat only."""
    directory = expert_directory(request.user)
    if directory is None:
        raise HttpError(404, "Not found.")
    return [
        {
            "id": e.pk,
            "username": e.user.get_username(),
            "name": str(e),
            "competencies": e.competencies,
            "languages": e.languages,
            "region": e.region,
            "availability": e.availability,
        }
        for e in directory
    ]

"""Assistance API: file and follow requests, preview matches, triage, experts (members only).

Every request is fetched with `policy.get_object` (404 to whoever may not see it, 403 to
whoever sees it but may not act), every write is the same service the pages call, acting
for `policy.acting_organisation(request)`, and every operation returns a declared schema.
"""

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import translation
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from chemsec.assistance import services
from chemsec.assistance.matching import match_practices
from chemsec.assistance.models import (
    Assignment,
    AssistanceRequest,
    ExpertProfile,
    Outcome,
    RequestNote,
)
from chemsec.assistance.reasons import shown_matches
from chemsec.assistance.selectors import expert_directory, requests_joined, requests_visible_to
from chemsec.compendium.translations import api_language
from chemsec.core.api_auth import MEMBERS
from chemsec.core.api_language import ApiLanguage
from chemsec.core.api_schemas import InSchema
from chemsec.core.models import Organisation, User
from chemsec.core.policy import acting_organisation, get_object, require

router = Router(tags=["assistance"])

#: ``?lang=``: the language of the texts written for the answer (reasons, practice titles
#: where translated); default: Accept-Language, else English.


class NeedIn(InSchema):
    need: str = Field(min_length=1, max_length=10_000)
    title: str = Field("", max_length=200)
    framework_section: str = ""
    stage: str = ""
    measure_type: str = ""


class RequestIn(NeedIn):
    title: str = Field(min_length=1, max_length=200)
    priority: str = "normal"
    organisation: str = Field(
        "",
        description="Slug of the organisation filing (one of yours); default: the one you act "
        "for (the X-ChemSec-Organisation header, else your first)",
    )


class ReasonOut(Schema):
    """Why a practice was proposed: the code and parameters kept, and the text written out."""

    code: str | None = Field(
        description="need_terms, framework_section, same_stage, same_measure_type, "
        "search_terms, search_similarity or search_facet; null for a reason kept as it was "
        "written before the codes (its text then as stored, in `language`)"
    )
    params: dict[str, Any]
    text: str = Field(description="the reason in the language asked (?lang=, Accept-Language)")
    language: str = Field(
        description="the language of `text` when it is not the one asked (a reason with no "
        "translation yet: en; one kept as written: its language, or empty if not known)"
    )


class MatchOut(Schema):
    urn: str
    title: str
    summary: str
    language: str = Field(description="the language of the title and summary")
    stages: list[str]
    score: float
    reasons: list[str] = Field(description="the reasons' texts, as in `reason_codes`")
    reason_codes: list[ReasonOut]


def _matches_out(matches: list[dict[str, Any]]) -> list[MatchOut]:
    """Matches with their reasons and texts in the active language."""
    out = []
    for m in shown_matches(matches):
        reasons = m["shown_reasons"]
        out.append(
            MatchOut(
                urn=m.get("urn", ""),
                title=m.get("title", ""),
                summary=m.get("summary", ""),
                language=m["language"],
                stages=list(m.get("stages", [])),
                score=float(m.get("score", 0.0)),
                reasons=[r.text for r in reasons],
                reason_codes=[ReasonOut(**r.as_dict(), language=r.language) for r in reasons],
            )
        )
    return out


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


class NoteIn(InSchema):
    text: str = Field(min_length=1, max_length=10_000)


class TriageIn(InSchema):
    status: str | None = None
    priority: str | None = None
    note: str = ""


class AssignIn(InSchema):
    expert: str = Field(description="The expert's username")
    role: str = ""


class OutcomeIn(InSchema):
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


def _request_out(item: AssistanceRequest) -> RequestOut:
    return RequestOut(
        id=item.pk,
        title=item.title,
        need=item.need,
        organisation=item.organisation.name,
        status=item.status,
        priority=item.priority,
        stage=item.stage,
        measure_type=item.measure_type,
        framework_section=item.framework_section,
        confidentiality=item.confidentiality,
        created_at=item.created_at,
        matches=_matches_out(item.matches),
    )


def _note_out(note: RequestNote) -> NoteOut:
    return NoteOut(
        id=note.pk, text=note.text, author=_name(note.author), created_at=note.created_at
    )


def _assignment_out(assignment: Assignment) -> AssignmentOut:
    return AssignmentOut(
        id=assignment.pk,
        expert=str(assignment.expert),
        role=assignment.role,
        created_at=assignment.created_at,
    )


def _detail_out(item: AssistanceRequest) -> RequestDetailOut:
    return RequestDetailOut(
        **_request_out(item).model_dump(),
        notes=[_note_out(n) for n in item.notes.select_related("author")],
        assignments=[_assignment_out(a) for a in item.assignments.select_related("expert__user")],
        outcomes=[_outcome_out(o) for o in item.outcomes.all()],
    )


def _outcome_out(outcome: Outcome, message: str = "") -> OutcomeOut:
    return OutcomeOut(
        id=outcome.pk,
        text=outcome.text,
        draft_proposal=outcome.draft_proposal,
        created_at=outcome.created_at,
        message=message,
    )


def _name(user: User | None) -> str:
    return user.get_username() if user is not None else ""


def _get(request: HttpRequest, request_id: UUID, action: str = "view") -> AssistanceRequest:
    return get_object(
        request.user, f"assistance_request.{action}", requests_joined(), pk=request_id
    )


def _filing_organisation(request: HttpRequest, slug: str) -> Organisation | None:
    """The organisation named in the body, else the one the caller acts for; the service
    asks the policy whether they may file for it."""
    if slug:
        return Organisation.objects.filter(slug=slug).first()
    return acting_organisation(request)


@router.post("/assistance/match", response=list[MatchOut], auth=MEMBERS)
def match(request: HttpRequest, payload: NeedIn, lang: ApiLanguage | None = None) -> list[MatchOut]:
    """Ranked practices for a need, each with its reasons; nothing is stored."""
    require(request.user, "assistance.match", None)
    found = match_practices(user=request.user, **payload.dict())
    with translation.override(api_language(lang)):
        return _matches_out([m.as_dict() for m in found])


@router.get("/assistance/requests", response=list[RequestOut], auth=MEMBERS)
def request_list(
    request: HttpRequest, status: str = "", lang: ApiLanguage | None = None
) -> list[RequestOut]:
    """Requests you may see: your own, those shared with you, or all for the secretariat."""
    items = requests_visible_to(request.user)
    if status:
        items = items.filter(status=status)
    with translation.override(api_language(lang)):
        return [_request_out(item) for item in items[:500]]


@router.post("/assistance/requests", response={201: RequestDetailOut}, auth=MEMBERS)
def request_create(
    request: HttpRequest, payload: RequestIn, lang: ApiLanguage | None = None
) -> Status[RequestDetailOut]:
    data = payload.dict()
    organisation = _filing_organisation(request, data.pop("organisation"))
    item = services.request_file(user=request.user, organisation=organisation, **data)
    with translation.override(api_language(lang)):
        return Status(201, _detail_out(item))


@router.get("/assistance/requests/{request_id}", response=RequestDetailOut, auth=MEMBERS)
def request_get(
    request: HttpRequest, request_id: UUID, lang: ApiLanguage | None = None
) -> RequestDetailOut:
    """A request; its matches' reasons in the language of ``?lang=`` (else Accept-Language)."""
    item = _get(request, request_id)
    with translation.override(api_language(lang)):
        return _detail_out(item)


@router.post("/assistance/requests/{request_id}/notes", response={201: NoteOut}, auth=MEMBERS)
def note_create(request: HttpRequest, request_id: UUID, payload: NoteIn) -> Status[NoteOut]:
    item = _get(request, request_id, "change")
    note = services.note_add(user=request.user, request=item, text=payload.text)
    return Status(201, _note_out(note))


@router.post("/assistance/requests/{request_id}/triage", response=RequestDetailOut, auth=MEMBERS)
def triage(request: HttpRequest, request_id: UUID, payload: TriageIn) -> RequestDetailOut:
    """Secretariat reviewers: change status (received, in_progress, delivered, closed),
    priority, and add a note."""
    item = _get(request, request_id, "triage")
    services.request_triage(user=request.user, request=item, **payload.dict())
    return _detail_out(item)


@router.post(
    "/assistance/requests/{request_id}/assignments",
    response={201: AssignmentOut},
    auth=MEMBERS,
)
def assignment_create(
    request: HttpRequest, request_id: UUID, payload: AssignIn
) -> Status[AssignmentOut]:
    item = _get(request, request_id, "triage")
    expert = ExpertProfile.objects.filter(user__username=payload.expert).first()
    if expert is None:
        raise HttpError(404, "No expert with this username.")
    assignment = services.expert_assign(
        user=request.user, request=item, expert=expert, role=payload.role
    )
    return Status(201, _assignment_out(assignment))


@router.post("/assistance/requests/{request_id}/outcomes", response={201: OutcomeOut}, auth=MEMBERS)
def outcome_create(
    request: HttpRequest, request_id: UUID, payload: OutcomeIn
) -> Status[OutcomeOut]:
    item = _get(request, request_id, "triage")
    outcome, message = services.outcome_record(
        user=request.user, request=item, text=payload.text, make_draft=payload.make_draft
    )
    return Status(201, _outcome_out(outcome, message))


@router.get("/assistance/experts", response=list[ExpertOut], auth=MEMBERS)
def expert_list(request: HttpRequest) -> list[ExpertOut]:
    """The expert directory, for the secretariat only."""
    require(request.user, "expert.view", None)
    return [
        ExpertOut(
            id=e.pk,
            username=e.user.get_username(),
            name=str(e),
            competencies=e.competencies,
            languages=e.languages,
            region=e.region,
            availability=e.availability,
        )
        for e in expert_directory()
    ]

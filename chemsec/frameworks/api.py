"""API of the frameworks app: framework library, campaigns, assessments, road maps."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from chemsec.core.api_auth import EVERYONE
from chemsec.core.models import Organisation
from chemsec.frameworks import services
from chemsec.frameworks.analysis import assessment_gaps, assessment_scores, campaign_dashboard
from chemsec.frameworks.models import Assessment, RoadMap
from chemsec.frameworks.roadmaps import (
    roadmap_action_delete,
    roadmap_action_save,
    roadmap_generate,
)
from chemsec.frameworks.selectors import (
    answers_of,
    assessments_visible_to,
    campaigns_managed_by,
    campaigns_visible_to,
    can_reopen,
    can_see_confidential,
    framework_with_questions,
    frameworks_public,
    roadmaps_visible_to,
    secretariat_orgs,
)

router = Router(tags=["frameworks"])


class FrameworkOut(Schema):
    id: UUID
    urn: str
    content_version: int
    title: str
    audience: str


class QuestionOut(Schema):
    urn: str
    code: str
    text: str
    answer_type: str
    guidance: str
    weight: int
    practices: list[str]


class SectionOut(Schema):
    urn: str
    code: str
    title: str
    description: str
    questions: list[QuestionOut]


class FrameworkDetailOut(FrameworkOut):
    description: str
    sections: list[SectionOut]


@router.get("/frameworks", response=list[FrameworkOut], auth=EVERYONE)
def framework_list(request: HttpRequest) -> Any:
    return frameworks_public()


@router.get("/frameworks/{framework_id}", response=FrameworkDetailOut, auth=EVERYONE)
def framework_get(request: HttpRequest, framework_id: UUID) -> Any:
    framework = get_object_or_404(frameworks_public(), pk=framework_id)
    sections = [
        {
            "urn": s.urn,
            "code": s.code,
            "title": s.title,
            "description": s.description,
            "questions": list(s.questions.all()),
        }
        for s in framework_with_questions(framework)
    ]
    return {
        "id": framework.pk,
        "urn": framework.urn,
        "content_version": framework.content_version,
        "title": framework.title,
        "audience": framework.audience,
        "description": framework.description,
        "sections": sections,
    }


class CampaignIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    framework_id: UUID
    invited: list[UUID] = Field(min_length=1)
    deadline: dt.date
    reminder_days: list[int] = []


class CampaignOut(Schema):
    id: UUID
    title: str
    framework_id: UUID
    deadline: dt.date
    reminder_days: list[int]
    invited: list[str]


class CampaignDashboardOut(Schema):
    campaign: CampaignOut
    statuses: dict[str, str]
    sections: list[str]
    heat: list[dict[str, Any]]
    by_section: dict[str, float | None]


def _campaign_out(campaign: Any) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "framework_id": campaign.framework_id,
        "deadline": campaign.deadline,
        "reminder_days": campaign.reminder_days,
        "invited": [org.name for org in campaign.invited.order_by("name")],
    }


@router.get("/campaigns", response=list[CampaignOut])
def campaign_list(request: HttpRequest) -> Any:
    """Campaigns the secretariat runs, and those the caller's organisation is invited to."""
    return [_campaign_out(c) for c in campaigns_visible_to(request.user)]


@router.post("/campaigns", response={201: CampaignOut})
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Any:
    organisation = secretariat_orgs(request.user).first()
    if organisation is None:
        raise HttpError(403, "Only secretariat reviewers and admins launch campaigns.")
    framework = get_object_or_404(frameworks_public(), pk=payload.framework_id)
    invited = list(Organisation.objects.filter(pk__in=payload.invited))
    campaign = services.campaign_create(
        actor=request.user,
        organisation=organisation,
        title=payload.title,
        framework=framework,
        invited=invited,
        deadline=payload.deadline,
        reminder_days=payload.reminder_days,
    )
    return Status(201, _campaign_out(campaign))


@router.get("/campaigns/{campaign_id}/dashboard", response=CampaignDashboardOut)
def campaign_dashboard_get(request: HttpRequest, campaign_id: UUID) -> Any:
    """Status per invitee and section scores per State; never single answers."""
    campaign = get_object_or_404(campaigns_managed_by(request.user), pk=campaign_id)
    board = campaign_dashboard(request.user, campaign)
    return {
        "campaign": _campaign_out(campaign),
        "statuses": {org.name: status for org, status in board.statuses},
        "sections": [s.code for s in board.sections],
        "heat": [
            {
                "organisation": row["organisation"].name,
                "region": row["region"],
                "scores": {c["code"]: (None if c["masked"] else c["score"]) for c in row["cells"]},
            }
            for row in board.heat
        ],
        "by_section": {item["section"].code: item["mean"] for item in board.by_section},
    }


class AssessmentIn(Schema):
    framework_id: UUID | None = None
    campaign_id: UUID | None = None
    title: str = ""


class AssessmentOut(Schema):
    id: UUID
    title: str
    organisation: str
    framework_urn: str
    campaign_id: UUID | None
    status: str
    confidentiality: str
    submitted_at: dt.datetime | None


class AnswerIn(Schema):
    code: str
    value: str = ""
    comment: str = ""
    confidential: bool = False


class AnswerOut(Schema):
    code: str
    value: str | None
    comment: str | None
    confidential: bool


class AnswersIn(Schema):
    answers: list[AnswerIn] = Field(min_length=1, max_length=500)


class ReopenIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class SectionScoreOut(Schema):
    code: str
    title: str
    score: float | None
    scored: int


class SuggestionOut(Schema):
    urn: str
    title: str
    reasons: list[str]


class GapOut(Schema):
    code: str
    section: str
    score: float
    weight: int
    size: float
    suggestions: list[SuggestionOut]


class GapsOut(Schema):
    semantic: bool
    gaps: list[GapOut]


def _assessment_out(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "title": a.title,
        "organisation": a.organisation.name,
        "framework_urn": a.framework.urn,
        "campaign_id": a.campaign_id,
        "status": a.status,
        "confidentiality": a.confidentiality,
        "submitted_at": a.submitted_at,
    }


def _visible(request: HttpRequest, assessment_id: UUID, action: str = "view") -> Assessment:
    return get_object_or_404(assessments_visible_to(request.user, action), pk=assessment_id)


def _organisation(request: HttpRequest) -> Organisation:
    membership = request.user.memberships.select_related("organisation").first()
    if membership is None or membership.role == "viewer":
        raise HttpError(403, "Contributors of an organisation start assessments.")
    return membership.organisation


@router.get("/assessments", response=list[AssessmentOut])
def assessment_list(request: HttpRequest) -> Any:
    return [_assessment_out(a) for a in assessments_visible_to(request.user)]


@router.post("/assessments", response={201: AssessmentOut})
def assessment_create(request: HttpRequest, payload: AssessmentIn) -> Any:
    organisation = _organisation(request)
    campaign = None
    if payload.campaign_id:
        campaign = get_object_or_404(campaigns_visible_to(request.user), pk=payload.campaign_id)
        framework = campaign.framework
    elif payload.framework_id:
        framework = get_object_or_404(frameworks_public(), pk=payload.framework_id)
    else:
        raise HttpError(422, "Give a framework_id or a campaign_id.")
    try:
        assessment = services.assessment_start(
            actor=request.user,
            organisation=organisation,
            framework=framework,
            campaign=campaign,
            title=payload.title,
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    return Status(201, _assessment_out(assessment))


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def assessment_get(request: HttpRequest, assessment_id: UUID) -> Any:
    return _assessment_out(_visible(request, assessment_id))


@router.get("/assessments/{assessment_id}/answers", response=list[AnswerOut])
def answers_get(request: HttpRequest, assessment_id: UUID) -> Any:
    """Answers; confidential ones show their values only to the owning organisation."""
    assessment = _visible(request, assessment_id)
    secret_ok = can_see_confidential(request.user, assessment)
    return [
        {
            "code": code,
            "value": answer.value if secret_ok or not answer.confidential else None,
            "comment": answer.comment if secret_ok or not answer.confidential else None,
            "confidential": answer.confidential,
        }
        for code, answer in answers_of(assessment).items()
    ]


@router.put("/assessments/{assessment_id}/answers", response=AssessmentOut)
def answers_put(request: HttpRequest, assessment_id: UUID, payload: AnswersIn) -> Any:
    assessment = _visible(request, assessment_id, "change")
    inputs = [services.AnswerInput(**answer.dict()) for answer in payload.answers]
    services.answers_save(actor=request.user, assessment=assessment, answers=inputs)
    return _assessment_out(assessment)


@router.post("/assessments/{assessment_id}/submit", response=AssessmentOut)
def assessment_submit(request: HttpRequest, assessment_id: UUID) -> Any:
    assessment = _visible(request, assessment_id, "change")
    return _assessment_out(services.assessment_submit(actor=request.user, assessment=assessment))


@router.post("/assessments/{assessment_id}/reopen-request", response=AssessmentOut)
def assessment_reopen_request(request: HttpRequest, assessment_id: UUID, payload: ReopenIn) -> Any:
    assessment = _visible(request, assessment_id, "change")
    services.assessment_reopen_request(
        actor=request.user, assessment=assessment, reason=payload.reason
    )
    return _assessment_out(assessment)


@router.post("/assessments/{assessment_id}/reopen", response=AssessmentOut)
def assessment_reopen(request: HttpRequest, assessment_id: UUID) -> Any:
    assessment = _visible(request, assessment_id)
    if not can_reopen(request.user, assessment):
        raise HttpError(403, "Only the secretariat running the campaign reopens it.")
    return _assessment_out(services.assessment_reopen(actor=request.user, assessment=assessment))


@router.get("/assessments/{assessment_id}/scores", response=list[SectionScoreOut])
def assessment_scores_get(request: HttpRequest, assessment_id: UUID) -> Any:
    scores = assessment_scores(_visible(request, assessment_id))
    return [
        {"code": s.code, "title": s.title, "score": score.score, "scored": score.scored}
        for s, score in scores
    ]


@router.get("/assessments/{assessment_id}/gaps", response=GapsOut)
def assessment_gaps_get(request: HttpRequest, assessment_id: UUID) -> Any:
    assessment = _visible(request, assessment_id)
    gaps, semantic = assessment_gaps(assessment, limit=30)
    if not can_see_confidential(request.user, assessment):
        secret = set(
            assessment.answers.filter(confidential=True).values_list("question__code", flat=True)
        )
        gaps = [g for g in gaps if g.question.code not in secret]
    return {
        "semantic": semantic,
        "gaps": [
            {**g.gap.__dict__, "suggestions": [s.__dict__ for s in g.suggestions]} for g in gaps
        ],
    }


class ActionIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = ""
    owner: str = ""
    priority: str = "medium"
    due_date: dt.date | None = None
    status: str = "planned"
    progress: int = Field(0, ge=0, le=100)
    practices: list[str] = []


class ActionPatch(Schema):
    title: str | None = None
    description: str | None = None
    owner: str | None = None
    priority: str | None = None
    due_date: dt.date | None = None
    status: str | None = None
    progress: int | None = Field(None, ge=0, le=100)
    practices: list[str] | None = None


class ActionOut(Schema):
    id: UUID
    title: str
    description: str
    owner: str
    priority: str
    due_date: dt.date | None
    status: str
    progress: int
    practices: list[str]


class RoadMapOut(Schema):
    id: UUID
    title: str
    assessment_id: UUID
    confidentiality: str
    actions: list[ActionOut]


def _roadmap_out(roadmap: RoadMap) -> dict[str, Any]:
    return {
        "id": roadmap.pk,
        "title": roadmap.title,
        "assessment_id": roadmap.assessment_id,
        "confidentiality": roadmap.confidentiality,
        "actions": list(roadmap.actions.all()),
    }


def _roadmap(request: HttpRequest, assessment_id: UUID, change: bool = False) -> RoadMap:
    roadmap = get_object_or_404(roadmaps_visible_to(request.user), assessment_id=assessment_id)
    if change:
        _visible(request, assessment_id, "change")
    return roadmap


@router.post("/assessments/{assessment_id}/roadmap", response={201: RoadMapOut})
def roadmap_create(request: HttpRequest, assessment_id: UUID) -> Any:
    """Draw (or extend) the road map from the assessment's gaps."""
    assessment = _visible(request, assessment_id, "change")
    return Status(201, _roadmap_out(roadmap_generate(actor=request.user, assessment=assessment)))


@router.get("/assessments/{assessment_id}/roadmap", response=RoadMapOut)
def roadmap_get(request: HttpRequest, assessment_id: UUID) -> Any:
    return _roadmap_out(_roadmap(request, assessment_id))


@router.post("/assessments/{assessment_id}/roadmap/actions", response={201: ActionOut})
def action_create(request: HttpRequest, assessment_id: UUID, payload: ActionIn) -> Any:
    roadmap = _roadmap(request, assessment_id, change=True)
    action = roadmap_action_save(actor=request.user, roadmap=roadmap, fields=payload.dict())
    return Status(201, action)


@router.patch("/assessments/{assessment_id}/roadmap/actions/{action_id}", response=ActionOut)
def action_update(
    request: HttpRequest, assessment_id: UUID, action_id: UUID, payload: ActionPatch
) -> Any:
    roadmap = _roadmap(request, assessment_id, change=True)
    action = get_object_or_404(roadmap.actions, pk=action_id)
    fields = payload.dict(exclude_unset=True)
    return roadmap_action_save(actor=request.user, roadmap=roadmap, action=action, fields=fields)


@router.delete("/assessments/{assessment_id}/roadmap/actions/{action_id}", response={204: None})
def action_remove(request: HttpRequest, assessment_id: UUID, action_id: UUID) -> Any:
    roadmap = _roadmap(request, assessment_id, change=True)
    action = get_object_or_404(roadmap.actions, pk=action_id)
    roadmap_action_delete(actor=request.user, action=action)
    return Status(204, None)

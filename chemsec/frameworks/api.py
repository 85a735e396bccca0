"""API of the frameworks app: framework library, campaigns, assessments, road maps.

Every operation fetches its object with `policy.get_object` and calls the same services as
the pages, acting for `policy.acting_organisation(request)`; each returns a declared schema.
"""

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from chemsec.compendium.api import TranslationOut, translation_out
from chemsec.compendium.translations import Shown, api_language, translations_for
from chemsec.core import limits
from chemsec.core.api_auth import EVERYONE
from chemsec.core.api_language import ApiLanguage
from chemsec.core.api_schemas import InSchema
from chemsec.core.models import Organisation
from chemsec.core.policy import acting_organisation, can, get_object
from chemsec.frameworks import services
from chemsec.frameworks.analysis import (
    GapView,
    assessment_gaps,
    assessment_scores,
    campaign_dashboard,
)
from chemsec.frameworks.models import Assessment, Campaign, Framework, RoadMap, RoadMapAction
from chemsec.frameworks.roadmaps import (
    roadmap_action_delete,
    roadmap_action_save,
    roadmap_generate,
)
from chemsec.frameworks.selectors import (
    answers_of,
    assessments_joined,
    assessments_visible_to,
    campaigns_joined,
    campaigns_visible_to,
    confidential_questions,
    framework_with_questions,
    frameworks_public,
)

router = Router(tags=["frameworks"])


class Translated(Schema):
    """The language of an object's texts, and the translation they come from (if any)."""

    language: str = Field(description="the language of the texts returned")
    translation: TranslationOut | None = Field(
        description="the translation whose texts these are; null: the English"
    )


class FrameworkOut(Translated):
    id: UUID
    urn: str
    content_version: int
    title: str
    audience: str


class QuestionOut(Translated):
    urn: str
    code: str
    text: str
    answer_type: str
    guidance: str
    weight: int
    practices: list[str]


class SectionOut(Translated):
    urn: str
    code: str
    title: str
    description: str
    questions: list[QuestionOut]


def _texts(obj: object, shown: Shown | None, *names: str) -> dict[str, object]:
    """An object's texts in the language asked for where translated, with ``language`` and
    ``translation``; the English otherwise."""
    found: dict[str, object] = {name: getattr(obj, name) for name in names}
    if shown is not None:
        found.update({name: shown.get(name, found[name]) for name in names})
    found["language"] = shown.language if shown is not None else "en"
    found["translation"] = translation_out(shown)
    return found


class FrameworkDetailOut(FrameworkOut):
    description: str
    sections: list[SectionOut]


@router.get("/frameworks", response=list[FrameworkOut], auth=EVERYONE)
def framework_list(request: HttpRequest, lang: ApiLanguage | None = None) -> list[FrameworkOut]:
    """The frameworks, titled in the language asked for (``?lang=`` or Accept-Language)."""
    frameworks = list(frameworks_public())
    shown = translations_for([f.urn for f in frameworks], api_language(lang))
    return [_framework_out(f, shown.get(f.urn)) for f in frameworks]


def _framework_out(framework: Framework, shown: Shown | None) -> FrameworkOut:
    return FrameworkOut(
        id=framework.pk,
        urn=framework.urn,
        content_version=framework.content_version,
        audience=framework.audience,
        **_texts(framework, shown, "title"),  # type: ignore[arg-type]
    )


def _question_out(question: Any, shown: Shown | None) -> QuestionOut:
    return QuestionOut(
        urn=question.urn,
        code=question.code,
        answer_type=question.answer_type,
        weight=question.weight,
        practices=question.practices,
        **_texts(question, shown, "text", "guidance"),  # type: ignore[arg-type]
    )


@router.get("/frameworks/{framework_id}", response=FrameworkDetailOut, auth=EVERYONE)
def framework_get(
    request: HttpRequest, framework_id: UUID, lang: ApiLanguage | None = None
) -> FrameworkDetailOut:
    """A framework with its sections and questions; with ``?lang=`` (or Accept-Language)
    their texts in that language where translated, each with its translation's status.
    Answers are given against the question URNs, whatever the language."""
    framework = get_object_or_404(frameworks_public(), pk=framework_id)
    sections = list(framework_with_questions(framework))
    urns = [
        framework.urn,
        *(u for s in sections for u in (s.urn, *(q.urn for q in s.questions.all()))),
    ]
    shown = translations_for(urns, api_language(lang))
    out = [
        SectionOut(
            urn=s.urn,
            code=s.code,
            questions=[_question_out(q, shown.get(q.urn)) for q in s.questions.all()],
            **_texts(s, shown.get(s.urn), "title", "description"),  # type: ignore[arg-type]
        )
        for s in sections
    ]
    head = _framework_out(framework, shown.get(framework.urn)).model_dump()
    head["description"] = _texts(framework, shown.get(framework.urn), "description")["description"]
    return FrameworkDetailOut(**head, sections=out)


class CampaignIn(InSchema):
    title: str = Field(min_length=1, max_length=200)
    framework_id: UUID
    invited: list[UUID] = Field(min_length=1)
    deadline: limits.PlanningDate
    reminder_days: list[int] = []


class CampaignOut(Schema):
    id: UUID
    title: str
    framework_id: UUID
    deadline: dt.date
    reminder_days: list[int]
    invited: list[str]


class HeatRowOut(Schema):
    organisation: str
    region: str
    scores: dict[str, float | None] = Field(
        description="Section code -> score; null where only confidential answers count"
    )


class CampaignDashboardOut(Schema):
    campaign: CampaignOut
    statuses: dict[str, str]
    sections: list[str]
    heat: list[HeatRowOut]
    by_section: dict[str, float | None]


def _campaign_out(campaign: Campaign) -> CampaignOut:
    return CampaignOut(
        id=campaign.pk,
        title=campaign.title,
        framework_id=campaign.framework_id,
        deadline=campaign.deadline,
        reminder_days=campaign.reminder_days,
        invited=sorted(org.name for org in campaign.invited.all()),
    )


@router.get("/campaigns", response=list[CampaignOut])
def campaign_list(request: HttpRequest) -> list[CampaignOut]:
    """Campaigns the secretariat runs, and those the caller's organisation is invited to."""
    campaigns = campaigns_visible_to(request.user).prefetch_related("invited")
    return [_campaign_out(c) for c in campaigns]


@router.post("/campaigns", response={201: CampaignOut})
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Status[CampaignOut]:
    """Launch a campaign for the organisation the caller acts for (a secretariat)."""
    framework = get_object_or_404(frameworks_public(), pk=payload.framework_id)
    invited = list(Organisation.objects.filter(pk__in=payload.invited))
    campaign = services.campaign_create(
        actor=request.user,
        organisation=acting_organisation(request),
        title=payload.title,
        framework=framework,
        invited=invited,
        deadline=payload.deadline,
        reminder_days=payload.reminder_days,
    )
    return Status(201, _campaign_out(campaign))


@router.get("/campaigns/{campaign_id}/dashboard", response=CampaignDashboardOut)
def campaign_dashboard_get(request: HttpRequest, campaign_id: UUID) -> CampaignDashboardOut:
    """Status per invitee and section scores per State; never single answers."""
    campaign = get_object(request.user, "campaign.manage", campaigns_joined(), pk=campaign_id)
    board = campaign_dashboard(request.user, campaign)
    return CampaignDashboardOut(
        campaign=_campaign_out(campaign),
        statuses={org.name: status for org, status in board.statuses},
        sections=[s.code for s in board.sections],
        heat=[
            HeatRowOut(
                organisation=row["organisation"].name,
                region=row["region"],
                scores={c["code"]: (None if c["masked"] else c["score"]) for c in row["cells"]},
            )
            for row in board.heat
        ],
        by_section={item["section"].code: item["mean"] for item in board.by_section},
    )


class AssessmentStartIn(InSchema):
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


class AnswerIn(InSchema):
    code: str = Field(max_length=32)
    value: limits.AnswerText = ""
    comment: limits.Note = ""
    confidential: bool = False


class AnswerOut(Schema):
    code: str
    value: str | None
    comment: str | None
    confidential: bool


class AnswersIn(InSchema):
    answers: list[AnswerIn] = Field(min_length=1, max_length=500)


class ReopenIn(InSchema):
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


def _assessment_out(a: Assessment) -> AssessmentOut:
    return AssessmentOut(
        id=a.pk,
        title=a.shown_title,
        organisation=a.organisation.name,
        framework_urn=a.framework.urn,
        campaign_id=a.campaign_id,
        status=a.status,
        confidentiality=a.confidentiality,
        submitted_at=a.submitted_at,
    )


def _gap_out(view: GapView) -> GapOut:
    gap = view.gap
    return GapOut(
        code=gap.code,
        section=gap.section,
        score=gap.score,
        weight=gap.weight,
        size=gap.size,
        suggestions=[
            SuggestionOut(urn=s.urn, title=s.title, reasons=s.reasons) for s in view.suggestions
        ],
    )


def _assessment(request: HttpRequest, assessment_id: UUID, action: str = "view") -> Assessment:
    return get_object(request.user, f"assessment.{action}", assessments_joined(), pk=assessment_id)


@router.get("/assessments", response=list[AssessmentOut])
def assessment_list(request: HttpRequest) -> list[AssessmentOut]:
    return [_assessment_out(a) for a in assessments_visible_to(request.user)]


@router.post("/assessments", response={201: AssessmentOut})
def assessment_create(request: HttpRequest, payload: AssessmentStartIn) -> Status[AssessmentOut]:
    """Start an assessment for the organisation the caller acts for (the session's choice,
    or the X-ChemSec-Organisation header): the same service, and answer, as the page."""
    campaign = None
    if payload.campaign_id:
        campaign = get_object(
            request.user, "campaign.view", campaigns_joined(), pk=payload.campaign_id
        )
        framework = campaign.framework
    elif payload.framework_id:
        framework = get_object_or_404(frameworks_public(), pk=payload.framework_id)
    else:
        raise HttpError(422, "Give a framework_id or a campaign_id.")
    assessment = services.assessment_start(
        actor=request.user,
        organisation=acting_organisation(request),
        framework=framework,
        campaign=campaign,
        title=payload.title,
    )
    return Status(201, _assessment_out(assessment))


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def assessment_get(request: HttpRequest, assessment_id: UUID) -> AssessmentOut:
    return _assessment_out(_assessment(request, assessment_id))


@router.get("/assessments/{assessment_id}/answers", response=list[AnswerOut])
def answers_get(request: HttpRequest, assessment_id: UUID) -> list[AnswerOut]:
    """Answers; confidential ones show their values only to the owning organisation."""
    assessment = _assessment(request, assessment_id)
    secret_ok = can(request.user, "assessment.see_confidential", assessment)
    return [
        AnswerOut(
            code=code,
            value=answer.value if secret_ok or not answer.confidential else None,
            comment=answer.comment if secret_ok or not answer.confidential else None,
            confidential=answer.confidential,
        )
        for code, answer in answers_of(assessment).items()
    ]


@router.put("/assessments/{assessment_id}/answers", response=AssessmentOut)
def answers_put(request: HttpRequest, assessment_id: UUID, payload: AnswersIn) -> AssessmentOut:
    assessment = _assessment(request, assessment_id, "change")
    inputs = [services.AnswerInput(**answer.dict()) for answer in payload.answers]
    services.answers_save(actor=request.user, assessment=assessment, answers=inputs)
    return _assessment_out(assessment)


@router.post("/assessments/{assessment_id}/submit", response=AssessmentOut)
def assessment_submit(request: HttpRequest, assessment_id: UUID) -> AssessmentOut:
    assessment = _assessment(request, assessment_id, "change")
    return _assessment_out(services.assessment_submit(actor=request.user, assessment=assessment))


@router.post("/assessments/{assessment_id}/reopen-request", response=AssessmentOut)
def assessment_reopen_request(
    request: HttpRequest, assessment_id: UUID, payload: ReopenIn
) -> AssessmentOut:
    assessment = _assessment(request, assessment_id, "change")
    services.assessment_reopen_request(
        actor=request.user, assessment=assessment, reason=payload.reason
    )
    return _assessment_out(assessment)


@router.post("/assessments/{assessment_id}/reopen", response=AssessmentOut)
def assessment_reopen(request: HttpRequest, assessment_id: UUID) -> AssessmentOut:
    assessment = _assessment(request, assessment_id, "reopen")
    return _assessment_out(services.assessment_reopen(actor=request.user, assessment=assessment))


@router.get("/assessments/{assessment_id}/scores", response=list[SectionScoreOut])
def assessment_scores_get(request: HttpRequest, assessment_id: UUID) -> list[SectionScoreOut]:
    scores = assessment_scores(_assessment(request, assessment_id))
    return [
        SectionScoreOut(code=s.code, title=s.title, score=score.score, scored=score.scored)
        for s, score in scores
    ]


@router.get("/assessments/{assessment_id}/gaps", response=GapsOut)
def assessment_gaps_get(request: HttpRequest, assessment_id: UUID) -> GapsOut:
    assessment = _assessment(request, assessment_id)
    gaps, semantic = assessment_gaps(assessment, limit=30)
    if not can(request.user, "assessment.see_confidential", assessment):
        secret = confidential_questions(assessment)
        gaps = [g for g in gaps if g.question.pk not in secret]
    return GapsOut(semantic=semantic, gaps=[_gap_out(g) for g in gaps])


class ActionIn(InSchema):
    title: str = Field(min_length=1, max_length=300)
    description: str = ""
    owner: str = ""
    priority: str = "medium"
    due_date: dt.date | None = None
    status: str = "planned"
    progress: int = Field(0, ge=0, le=100)
    practices: list[str] = []


class ActionPatch(InSchema):
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


def _action_out(action: RoadMapAction, shown: dict[str, Shown] | None = None) -> ActionOut:
    """An action with its title in the answer's language; an action drawn from a gap has no
    description of its own: the question it closes stands in (translated where it is)."""
    out = ActionOut.model_validate(action, from_attributes=True)
    description = action.own_description
    if not description and action.question is not None:
        found = (shown or translations_for([action.question.urn])).get(action.question.urn)
        description = (found.fields.get("text") if found else None) or action.question.text
    return out.model_copy(update={"title": action.shown_title, "description": description})


def _roadmap_out(roadmap: RoadMap) -> RoadMapOut:
    actions = list(roadmap.actions.select_related("question"))
    shown = translations_for([a.question.urn for a in actions if a.question is not None])
    return RoadMapOut(
        id=roadmap.pk,
        title=roadmap.shown_title,
        assessment_id=roadmap.assessment_id,
        confidentiality=roadmap.confidentiality,
        actions=[_action_out(a, shown) for a in actions],
    )


def _roadmap(request: HttpRequest, assessment_id: UUID, action: str = "view") -> RoadMap:
    """The road map of an assessment the caller may `action` (a road map is part of it)."""
    assessment = _assessment(request, assessment_id, action)
    roadmap = get_object_or_404(RoadMap, assessment=assessment)
    roadmap.assessment = assessment
    return roadmap


@router.post("/assessments/{assessment_id}/roadmap", response={201: RoadMapOut})
def roadmap_create(request: HttpRequest, assessment_id: UUID) -> Status[RoadMapOut]:
    """Draw (or extend) the road map from the assessment's gaps."""
    assessment = _assessment(request, assessment_id, "change")
    return Status(201, _roadmap_out(roadmap_generate(actor=request.user, assessment=assessment)))


@router.get("/assessments/{assessment_id}/roadmap", response=RoadMapOut)
def roadmap_get(request: HttpRequest, assessment_id: UUID) -> RoadMapOut:
    return _roadmap_out(_roadmap(request, assessment_id))


@router.post("/assessments/{assessment_id}/roadmap/actions", response={201: ActionOut})
def action_create(
    request: HttpRequest, assessment_id: UUID, payload: ActionIn
) -> Status[ActionOut]:
    roadmap = _roadmap(request, assessment_id, "change")
    action = roadmap_action_save(actor=request.user, roadmap=roadmap, fields=payload.dict())
    return Status(201, _action_out(action))


@router.patch("/assessments/{assessment_id}/roadmap/actions/{action_id}", response=ActionOut)
def action_update(
    request: HttpRequest, assessment_id: UUID, action_id: UUID, payload: ActionPatch
) -> ActionOut:
    roadmap = _roadmap(request, assessment_id, "change")
    action = get_object_or_404(roadmap.actions, pk=action_id)
    fields = payload.dict(exclude_unset=True)
    saved = roadmap_action_save(actor=request.user, roadmap=roadmap, action=action, fields=fields)
    return _action_out(saved)


@router.delete("/assessments/{assessment_id}/roadmap/actions/{action_id}", response={204: None})
def action_remove(request: HttpRequest, assessment_id: UUID, action_id: UUID) -> Status[None]:
    roadmap = _roadmap(request, assessment_id, "change")
    action = get_object_or_404(roadmap.actions, pk=action_id)
    roadmap_action_delete(actor=request.user, action=action)
    return Status(204, None)

"""Demo records: a needs-assessment campaign with Arcadia's answers and road map (rerunnable)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chemsec.core.models import Organisation, User
from chemsec.frameworks.models import AnswerType, Assessment, AssessmentStatus, Campaign, Framework
from chemsec.frameworks.roadmaps import roadmap_generate
from chemsec.frameworks.selectors import framework_questions
from chemsec.frameworks.services import (
    AnswerInput,
    answers_save,
    assessment_start,
    assessment_submit,
    campaign_create,
)

FRAMEWORK_URN = "urn:chemsec:framework:national-capacity:v1"
CAMPAIGN_TITLE = "Global needs assessment 2026"
MATURITY_PATTERN = "2310421320"
CHOICE_PATTERN = ["yes", "partial", "no", "partial", "na"]


def _framework() -> Framework | None:
    framework = Framework.objects.filter(urn=FRAMEWORK_URN).first()
    if framework is None:
        from chemsec.core.content_sync import content_load

        content_load()
        framework = Framework.objects.filter(urn=FRAMEWORK_URN).first()
    return framework


def _answer(index: int, answer_type: str) -> str:
    if answer_type == AnswerType.MATURITY:
        return MATURITY_PATTERN[index % len(MATURITY_PATTERN)]
    if answer_type == AnswerType.YES_PARTIAL_NO_NA:
        return CHOICE_PATTERN[index % len(CHOICE_PATTERN)]
    if answer_type == AnswerType.NUMBER:
        return str(3 + index % 5)
    return "Described in the national action plan annex (demo text)."


def _answers(framework: Framework, every: int = 1) -> list[AnswerInput]:
    questions = framework_questions(framework)
    return [
        AnswerInput(
            code=q.code,
            value=_answer(i, q.answer_type),
            comment="Demo evidence note." if i % 4 == 0 else "",
            # Every seventh answer is marked confidential: it counts only in aggregates.
            confidential=i % 7 == 3,
        )
        for i, q in enumerate(questions)
        if i % every == 0
    ]


def populate() -> list[str]:
    framework = _framework()
    secretariat = Organisation.objects.filter(name="Global Chemical Security Secretariat").first()
    arcadia = Organisation.objects.filter(name="National Authority of Arcadia").first()
    borealia = Organisation.objects.filter(name="National Authority of Borealia").first()
    if None in (framework, secretariat, arcadia, borealia):
        return ["Frameworks demo skipped: run chemsec load-content and the core demo first."]
    assert framework and secretariat and arcadia and borealia  # for the type checker
    staff = User.objects.get(username="secretariat-admin")
    campaign = Campaign.objects.filter(title=CAMPAIGN_TITLE, organisation=secretariat).first()
    if campaign is None:
        campaign = campaign_create(
            actor=staff,
            organisation=secretariat,
            title=CAMPAIGN_TITLE,
            framework=framework,
            invited=[arcadia, borealia],
            deadline=timezone.localdate() + dt.timedelta(days=60),
            reminder_days=[14, 7, 1],
        )
    _arcadia(campaign, arcadia, User.objects.get(username="arcadia-admin"))
    _borealia(campaign, borealia, User.objects.get(username="borealia-admin"))
    return [
        "",
        f"Needs-assessment campaign '{campaign.title}' ({framework.title}): "
        "Arcadia submitted with a road map, Borealia in draft.",
    ]


def _arcadia(campaign: Campaign, arcadia: Organisation, admin: User) -> None:
    assessment = assessment_start(
        actor=admin, organisation=arcadia, framework=campaign.framework, campaign=campaign
    )
    if assessment.status == AssessmentStatus.DRAFT and not assessment.answers.exists():
        answers_save(actor=admin, assessment=assessment, answers=_answers(campaign.framework))
        assessment_submit(actor=admin, assessment=assessment)
    if not hasattr(assessment, "roadmap"):
        roadmap_generate(actor=admin, assessment=assessment)


def _borealia(campaign: Campaign, borealia: Organisation, admin: User) -> Assessment:
    assessment = assessment_start(
        actor=admin, organisation=borealia, framework=campaign.framework, campaign=campaign
    )
    if not assessment.answers.exists():
        answers_save(actor=admin, assessment=assessment, answers=_answers(campaign.framework, 3))
    return assessment

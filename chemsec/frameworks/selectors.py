"""Permission-scoped reads: frameworks, campaigns, assessments, road maps, dashboards."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.models import Membership, Organisation, User
from chemsec.core.querysets import Action
from chemsec.frameworks.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Campaign,
    Framework,
    Question,
    Section,
)

AnyUser = User | AnonymousUser


def frameworks_public() -> QuerySet[Framework]:
    """The framework library is public reference content."""
    return Framework.objects.all()


def framework_with_questions(framework: Framework) -> list[Section]:
    questions = Prefetch("questions", queryset=Question.objects.order_by("position"))
    return list(framework.sections.order_by("position").prefetch_related(questions))


def framework_questions(framework: Framework) -> list[Question]:
    return list(
        Question.objects.filter(section__framework=framework)
        .select_related("section")
        .order_by("section__position", "position")
    )


def secretariat_orgs(user: AnyUser) -> QuerySet[Organisation]:
    """Secretariat organisations where this person is a reviewer or admin."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    ids = Membership.objects.filter(
        user=user,
        organisation__kind=OrganisationKind.SECRETARIAT,
        role__in=Role.at_least(Role.REVIEWER),
    ).values("organisation_id")
    return Organisation.objects.filter(pk__in=ids)


def campaigns_visible_to(user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns the secretariat runs are seen by its staff and by invited organisations."""
    return Campaign.objects.visible_to(user).select_related("framework", "organisation")


def campaigns_managed_by(user: AnyUser) -> QuerySet[Campaign]:
    """The list behind the "campaign.manage" action: campaigns of the secretariats where the
    person is a reviewer or admin."""
    return campaigns_visible_to(user).filter(organisation__in=secretariat_orgs(user))


def campaigns_joined() -> QuerySet[Campaign]:
    """Campaigns with what their pages show, for `policy.get_object`."""
    return Campaign.objects.select_related("framework", "organisation")


def assessments_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(user, action).select_related(
        "framework", "campaign", "organisation", "created_by"
    )


def assessments_joined() -> QuerySet[Assessment]:
    """Assessments with what their pages show, for `policy.get_object`."""
    return Assessment.objects.select_related("framework", "campaign", "organisation", "created_by")


def confidential_questions(assessment: Assessment) -> set[Any]:
    """Ids of the questions whose answer is confidential: for those who may not see such
    answers one by one, a gap on one of them would give the answer away."""
    return set(assessment.answers.filter(confidential=True).values_list("question_id", flat=True))


def answers_of(assessment: Assessment) -> dict[str, Answer]:
    answers = assessment.answers.select_related("question").prefetch_related("evidence")
    return {answer.question.code: answer for answer in answers}


def campaign_statuses(campaign: Campaign) -> dict[Any, str]:
    """Each invited organisation's response status, and nothing else about its answers.

    The secretariat sees whether a draft exists before it is shared (so it can follow
    up), but never its content: only the status column is read here.
    """
    rows = Assessment.objects.filter(campaign=campaign).values_list("organisation_id", "status")
    return dict(rows)


def campaign_submissions(user: AnyUser, campaign: Campaign) -> QuerySet[Assessment]:
    """Submitted assessments of a campaign, as far as this person may see them."""
    return (
        assessments_visible_to(user)
        .filter(campaign=campaign)
        .exclude(status=AssessmentStatus.DRAFT)
    )

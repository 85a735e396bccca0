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
    RoadMap,
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


def is_secretariat_staff(user: AnyUser) -> bool:
    return secretariat_orgs(user).exists()


def campaigns_visible_to(user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns the secretariat runs are seen by its staff and by invited organisations."""
    return Campaign.objects.visible_to(user).select_related("framework", "organisation")


def campaigns_managed_by(user: AnyUser) -> QuerySet[Campaign]:
    return campaigns_visible_to(user).filter(organisation__in=secretariat_orgs(user))


def assessments_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(user, action).select_related(
        "framework", "campaign", "organisation", "created_by"
    )


def can_see_confidential(user: AnyUser, assessment: Assessment) -> bool:
    """Confidential answers are shown one by one only to the owning organisation's members."""
    return (
        user.is_authenticated
        and user.memberships.filter(organisation_id=assessment.organisation_id).exists()
    )


def can_reopen(user: AnyUser, assessment: Assessment) -> bool:
    """The secretariat running the campaign reopens; without a campaign the owner's admins do."""
    if assessment.status == AssessmentStatus.DRAFT or not user.is_authenticated:
        return False
    if assessment.campaign_id is None:
        return user.has_role(assessment.organisation, Role.ADMIN)
    return secretariat_orgs(user).filter(pk=assessment.campaign.organisation_id).exists()


def answers_of(assessment: Assessment) -> dict[str, Answer]:
    answers = assessment.answers.select_related("question").prefetch_related("evidence")
    return {answer.question.code: answer for answer in answers}


def roadmaps_visible_to(user: AnyUser) -> QuerySet[RoadMap]:
    """A road map is seen by whoever sees its assessment."""
    return RoadMap.objects.filter(
        assessment__in=Assessment.objects.visible_to(user).values("pk")
    ).select_related("assessment", "assessment__organisation")


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

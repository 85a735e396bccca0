"""Permission-scoped reads for the core records."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from chemsec.core.choices import JobStatus, OrganisationKind, Role
from chemsec.core.models import ApiToken, AuditEntry, Job, Membership, Organisation, User
from chemsec.core.policy import can
from chemsec.core.querysets import Action

AnyUser = User | AnonymousUser


def organisations_visible_to(user: AnyUser) -> QuerySet[Organisation]:
    """The member directory is for current members of the network only."""
    if not can(user, "organisation.directory", None):
        return Organisation.objects.none()
    return Organisation.objects.all()


def memberships_of(user: AnyUser) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def members_visible_to(user: AnyUser, organisation: Organisation) -> QuerySet[Membership]:
    """Who belongs to an organisation is seen by that organisation's own members."""
    if (
        not user.is_authenticated
        or not memberships_of(user).filter(organisation=organisation).exists()
    ):
        return Membership.objects.none()
    return organisation.memberships.select_related("user").order_by("user__username")


def has_secretariat_role(user: AnyUser, roles: list[str]) -> bool:
    """Whether an active user holds one of these roles in a secretariat organisation."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return False
    return (
        memberships_of(user)
        .filter(organisation__kind=OrganisationKind.SECRETARIAT, role__in=roles)
        .exists()
    )


def audit_entries_visible_to(user: AnyUser) -> QuerySet[AuditEntry]:
    """Secretariat admins see the whole trail; an organisation admin sees their organisation's."""
    if not user.is_authenticated:
        return AuditEntry.objects.none()
    if has_secretariat_role(user, [Role.ADMIN]):
        return AuditEntry.objects.select_related("organisation")
    admin_of = memberships_of(user).filter(role=Role.ADMIN).values("organisation_id")
    return AuditEntry.objects.filter(organisation__in=admin_of).select_related("organisation")


def jobs_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[Job]:
    return Job.objects.visible_to(user, action).select_related(
        "organisation", "created_by", "cancelled_by"
    )


def jobs_running_count(user: AnyUser) -> int:
    if not user.is_authenticated:
        return 0
    return jobs_visible_to(user).filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).count()


def tokens_of(user: AnyUser) -> QuerySet[ApiToken]:
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)

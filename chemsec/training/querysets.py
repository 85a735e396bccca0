"""Who sees what in training: the one place these rules live (the policy's `course.*`,
`module.*` and `enrolment.*` actions ask these querysets through `policy.listed`).

- The catalogue of published courses is public; drafts are the secretariat's.
- Courses are authored by the secretariat's contributors.
- An enrolment (its progress, attempts, certificate) is seen by its learner, by the admins
  of the organisation the learner acted for, and by the secretariat; only the learner
  studies in it ("learn"), while it is in progress.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from chemsec.core.choices import Role
from chemsec.core.selectors import has_secretariat_role, memberships_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chemsec.core.models import User

    AnyUser = User | AnonymousUser


def is_secretariat(user: AnyUser, role: str = Role.VIEWER) -> bool:
    return has_secretariat_role(user, Role.at_least(role))


def admin_of(user: AnyUser) -> list[Any]:
    """The organisations whose admin the user is."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return []
    return list(
        memberships_of(user).filter(role=Role.ADMIN).values_list("organisation_id", flat=True)
    )


class CourseQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: AnyUser, action: str = "view") -> CourseQuerySet:
        if action == "view":
            return self.all() if is_secretariat(user) else self.filter(published=True)
        if action == "change":
            return self.all() if is_secretariat(user, Role.CONTRIBUTOR) else self.none()
        if action == "enrol":
            if not user.is_authenticated or not getattr(user, "is_active", False):
                return self.none()
            return self.filter(published=True)
        return self.none()

    def published(self) -> CourseQuerySet:
        return self.filter(published=True)


class ModuleQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: AnyUser, action: str = "view") -> ModuleQuerySet:
        from chemsec.training.models import Course

        if action in ("view", "change"):
            return self.filter(course__in=Course.objects.visible_to(user, action).values("pk"))
        return self.none()


class EnrolmentQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: AnyUser, action: str = "view") -> EnrolmentQuerySet:
        if not user.is_authenticated or not getattr(user, "is_active", False):
            return self.none()
        if action == "view":
            if is_secretariat(user):
                return self.all()
            return self.filter(Q(learner=user) | Q(organisation_id__in=admin_of(user)))
        if action == "learn":
            return self.filter(learner=user, status="active")
        if action == "withdraw":
            return self.filter(learner=user, status="active")
        return self.none()

"""Who may see compendium entries and drafts: the one place these rules live."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from chemsec.compendium.choices import PracticeStatus
from chemsec.core.choices import Role
from chemsec.core.selectors import has_secretariat_role


def is_reviewer(user: Any) -> bool:
    """Reviewers and admins of the secretariat approve, withdraw and supersede entries."""
    return has_secretariat_role(user, Role.at_least(Role.REVIEWER))


class PracticeQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = "view") -> PracticeQuerySet:
        """Entries are public: published, superseded and withdrawn ones alike (with a notice).

        Changing one (withdraw, supersede) belongs to reviewers; members propose changes instead.
        """
        if action == "view":
            return self.all()
        return self.all() if is_reviewer(user) else self.none()

    def searchable(self) -> PracticeQuerySet:
        return self.filter(status=PracticeStatus.PUBLISHED)


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = "view") -> ProposalQuerySet:
        """Drafts are seen by their author and by reviewers; only reviewers decide them."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if is_reviewer(user):
            return self.all()
        if action in {"view", "change", "comment"}:
            return self.filter(Q(created_by=user))
        return self.none()

"""Who may see compendium entries and drafts: the one place these rules live.

The policy's compendium actions (`practice.*`, `proposal.*` in chemsec/core/policy.py) ask
these querysets through `policy.listed`, so a list and a check cannot disagree; who is a
reviewer is the policy's "compendium.review".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from chemsec.compendium.choices import PracticeStatus
from chemsec.core.policy import AnyUser, can

if TYPE_CHECKING:
    from chemsec.compendium.models import Practice, Proposal  # noqa: F401 (quoted in bases)


class PracticeQuerySet(models.QuerySet["Practice"]):
    def visible_to(self, user: AnyUser, action: str = "view") -> PracticeQuerySet:
        """Entries are public: published, superseded and withdrawn ones alike (with a notice).

        Changing one (withdraw, supersede) belongs to reviewers; members propose changes instead.
        """
        if action == "view":
            return self.all()
        return self.all() if can(user, "compendium.review", None) else self.none()

    def searchable(self) -> PracticeQuerySet:
        return self.filter(status=PracticeStatus.PUBLISHED)


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def visible_to(self, user: AnyUser, action: str = "view") -> ProposalQuerySet:
        """Drafts are seen by their author and by reviewers; only reviewers decide them."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if can(user, "compendium.review", None):
            return self.all()
        if action in {"view", "change", "comment"}:
            return self.filter(Q(created_by=user))
        return self.none()

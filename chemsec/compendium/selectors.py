"""Permission-scoped reads for entries, versions, drafts and the review queue."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from chemsec.compendium.choices import ProposalStatus
from chemsec.compendium.diffing import DiffRow, diff_rows, version_text
from chemsec.compendium.models import Practice, PracticeVersion, Proposal
from chemsec.compendium.querysets import is_reviewer


def practice_for(user: Any, urn: str) -> Practice | None:
    return Practice.objects.visible_to(user).filter(urn=urn).first()


def practice_to_change(user: Any, urn: str) -> Practice | None:
    return Practice.objects.visible_to(user, "change").filter(urn=urn).first()


def proposals_visible_to(user: Any, action: str = "view") -> QuerySet[Proposal]:
    return Proposal.objects.visible_to(user, action).select_related("practice", "created_by")


def proposal_for(user: Any, proposal_id: Any, action: str = "view") -> Proposal | None:
    return proposals_visible_to(user, action).filter(pk=proposal_id).first()


def review_queue(user: Any) -> QuerySet[Proposal]:
    if not is_reviewer(user):
        return Proposal.objects.none()
    return proposals_visible_to(user).filter(status=ProposalStatus.OPEN).order_by("created_at")


def my_proposals(user: Any) -> QuerySet[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return proposals_visible_to(user).filter(created_by=user)


def versions_of(practice: Practice) -> list[PracticeVersion]:
    return list(practice.versions.defer("embedding").select_related("author", "approved_by"))


def version_diff(practice: Practice, number: int) -> list[DiffRow] | None:
    """The change from version number-1 to number; None if either is missing."""
    pair = {v.number: v for v in practice.versions.filter(number__in=[number - 1, number])}
    if len(pair) != 2:
        return None
    old, new = pair[number - 1], pair[number]
    return diff_rows(
        version_text(old.title, old.summary, old.body),
        version_text(new.title, new.summary, new.body),
    )


def proposal_diff(proposal: Proposal) -> list[DiffRow] | None:
    """What a change proposal would change in the current version."""
    current = proposal.practice
    if current is None:
        return None
    return diff_rows(
        version_text(current.title, current.summary, current.body),
        version_text(proposal.title, proposal.summary, proposal.body),
    )

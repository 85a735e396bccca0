"""Permission-scoped reads for entries, versions, drafts and the review queue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet

from chemsec.compendium.choices import PracticeStatus, ProposalStatus
from chemsec.compendium.diffing import DiffRow, diff_rows, version_text
from chemsec.compendium.models import Practice, PracticeVersion, Proposal
from chemsec.core.policy import AnyUser, can


def practices() -> QuerySet[Practice]:
    """Entries with what their pages and API show beside them, for `policy.get_object`."""
    return Practice.objects.select_related("translation_of", "superseded_by")


# The one source of reference practices for other apps (frameworks, assistance): the
# compendium's published entries, never the raw content files. An entry approved through
# review counts as soon as it is published; a withdrawn or superseded one never does.
PRACTICE_FIELDS = ("urn", "title", "summary", "stages", "measure_types")


def published_practices(urns: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Title, summary and taxonomy (PRACTICE_FIELDS) of those of `urns` published now, by URN."""
    published = Practice.objects.searchable().filter(urn__in=list(urns))
    return {row["urn"]: row for row in published.values(*PRACTICE_FIELDS)}


def replacements(urns: Iterable[str], hops: int = 5) -> dict[str, str]:
    """Links (framework questions and sections) name the entry they were written against; an
    entry superseded since stands for the one that replaced it: {linked URN: current URN} for
    the links that moved. Whether the current one is published is for `published_practices`."""
    moved = {urn: urn for urn in urns}
    for _hop in range(hops):  # a replacement can itself have been superseded
        superseded = Practice.objects.filter(
            urn__in=set(moved.values()), status=PracticeStatus.SUPERSEDED
        )
        step = {old: new for old, new in superseded.values_list("urn", "superseded_by__urn") if new}
        if not step:
            break
        moved = {link: step.get(now, now) for link, now in moved.items()}
    return {link: now for link, now in moved.items() if link != now}


def current_urns(urns: list[str], hops: int = 5) -> list[str]:
    """`urns` with superseded entries replaced (see `replacements`); order kept, no repeats."""
    moved = replacements(urns, hops)
    return list(dict.fromkeys(moved.get(urn, urn) for urn in urns))


def link_resolver(urns: Iterable[str]) -> Callable[[Iterable[str]], list[dict[str, Any]]]:
    """Resolve many lists of links (every gap's, every question's) with one look-up: the
    function returned gives, for links among `urns`, the published entries they stand for now
    (PRACTICE_FIELDS), in link order; withdrawn and unpublished ones are left out."""
    urns = list(urns)
    moved = replacements(urns)
    published = published_practices({moved.get(urn, urn) for urn in urns})

    def resolve(links: Iterable[str]) -> list[dict[str, Any]]:
        current = dict.fromkeys(moved.get(urn, urn) for urn in links)
        return [published[urn] for urn in current if urn in published]

    return resolve


def proposals_visible_to(user: AnyUser, action: str = "view") -> QuerySet[Proposal]:
    return Proposal.objects.visible_to(user, action).select_related("practice", "created_by")


def proposals() -> QuerySet[Proposal]:
    """Drafts with their entry and author, for `policy.get_object`."""
    return Proposal.objects.select_related("practice", "created_by")


def review_queue(user: AnyUser) -> QuerySet[Proposal]:
    if not can(user, "compendium.review", None):
        return Proposal.objects.none()
    return proposals_visible_to(user).filter(status=ProposalStatus.OPEN).order_by("created_at")


def my_proposals(user: AnyUser) -> QuerySet[Proposal]:
    if not user.is_authenticated:
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

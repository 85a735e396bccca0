"""Reads of the network: the directory with its filters, the map's counts, coverage, the
committee's visible records."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from chemsec.core.choices import OrganisationKind, Region
from chemsec.core.models import Membership
from chemsec.core.policy import AnyUser
from chemsec.network.choices import COVERAGE_KINDS, OPEN_ACTION_STATUSES, MeasureType, Stage
from chemsec.network.models import ActionItem, NetworkMember


@dataclass
class DirectoryFilters:
    q: str = ""
    kind: str = ""
    region: str = ""
    country: str = ""
    stage: str = ""
    topic: str = ""


def directory(filters: DirectoryFilters) -> list[NetworkMember]:
    """Current members matching the filters (public: the directory shows no applications).

    Steps and topics are JSON lists, filtered here so SQLite and PostgreSQL agree."""
    rows: QuerySet[NetworkMember] = NetworkMember.objects.public().select_related("organisation")
    if filters.q.strip():
        term = filters.q.strip()
        rows = rows.filter(
            Q(organisation__name__icontains=term)
            | Q(organisation__description__icontains=term)
            | Q(focal_point_name__icontains=term)
        )
    if filters.kind:
        rows = rows.filter(organisation__kind=filters.kind)
    if filters.region:
        rows = rows.filter(organisation__region=filters.region)
    if filters.country:
        rows = rows.filter(organisation__country=filters.country.upper())
    members = list(rows)
    if filters.stage:
        members = [m for m in members if filters.stage in m.stages]
    if filters.topic:
        members = [m for m in members if filters.topic in m.topics]
    return members


def country_counts(members: list[NetworkMember]) -> dict[str, int]:
    return dict(Counter(m.organisation.country for m in members if m.organisation.country))


def applications(user: AnyUser) -> QuerySet[NetworkMember]:
    return (
        NetworkMember.objects.visible_to(user, "decide")
        .filter(status="applied")
        .select_related("organisation")
        .order_by("created_at")
    )


@dataclass
class Coverage:
    """Active members per life-cycle step by kind and by region; zero cells are the gaps."""

    kinds: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    by_kind: list[tuple[str, str, list[int]]] = field(default_factory=list)
    by_region: list[tuple[str, str, list[int]]] = field(default_factory=list)
    gaps: int = 0


def coverage() -> Coverage:
    members = list(NetworkMember.objects.public().select_related("organisation"))
    kinds = [(str(k), str(OrganisationKind(k).label)) for k in COVERAGE_KINDS]
    regions = [(r, str(label)) for r, label in Region.choices]
    result = Coverage(kinds=kinds, regions=regions)
    for stage, label in Stage.choices:
        working = [m for m in members if stage in m.stages]
        per_kind = [sum(1 for m in working if m.organisation.kind == k) for k, _ in kinds]
        per_region = [sum(1 for m in working if m.organisation.region == r) for r, _ in regions]
        result.by_kind.append((stage, str(label), per_kind))
        result.by_region.append((stage, str(label), per_region))
        result.gaps += per_kind.count(0) + per_region.count(0)
    return result


def working_group_members(stage: str) -> list[NetworkMember]:
    return [
        m
        for m in NetworkMember.objects.public().select_related("organisation")
        if stage in m.stages
    ]


def contributed_practices(member: NetworkMember) -> list[Any]:
    """Compendium practices first written by people of the member organisation (the
    compendium links a practice to its author, a person, not to an organisation)."""
    from chemsec.compendium.models import Practice

    people = Membership.objects.filter(organisation=member.organisation).values("user_id")
    return list(Practice.objects.filter(created_by__in=people).order_by("title"))


def open_actions(user: AnyUser, committee: Any) -> list[ActionItem]:
    """Open actions, by their target's state when they point at one (a request delivered
    closes its action without anyone ticking it)."""
    from chemsec.network.progress import effective_status

    rows = (
        ActionItem.objects.visible_to(user, "view")
        .filter(meeting__committee=committee, status__in=OPEN_ACTION_STATUSES)
        .select_related("organisation", "meeting")
    )
    return [a for a in rows if effective_status(a) in OPEN_ACTION_STATUSES]


TOPIC_CHOICES = MeasureType.choices

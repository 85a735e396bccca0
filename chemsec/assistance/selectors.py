"""Reads for assistance requests and the expert directory.

Lists are built on `AssistanceRequest.objects.visible_to`; who may open the board or the
directory at all is the policy's question ("assistance.board", "expert.view"), asked by
the pages and the API before they call these.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from chemsec.assistance.choices import Availability, RequestStatus
from chemsec.assistance.models import AssistanceRequest, ExpertProfile
from chemsec.core.models import Organisation, User
from chemsec.core.querysets import Action

AnyUser = User | AnonymousUser


def requests_joined() -> QuerySet[AssistanceRequest]:
    """Requests with what their pages show, for `policy.get_object`."""
    queryset: QuerySet[AssistanceRequest] = AssistanceRequest.objects.select_related(
        "organisation", "created_by"
    )
    return queryset


def requests_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[AssistanceRequest]:
    queryset: QuerySet[AssistanceRequest] = (
        AssistanceRequest.objects.visible_to(user, action)
        .select_related("organisation", "created_by")
        .annotate(expert_count=Count("assignments", distinct=True))
        .order_by("-created_at")
    )
    return queryset


def organisation_requests(
    user: AnyUser, organisation: Organisation | None
) -> QuerySet[AssistanceRequest]:
    """My organisation's requests that I may see (restricted ones need named access)."""
    if organisation is None:
        return AssistanceRequest.objects.none()
    return requests_visible_to(user).filter(organisation=organisation)


def triage_board(user: AnyUser, status: str = "") -> QuerySet[AssistanceRequest]:
    """Every request the person sees (all of them, for the secretariat), by status."""
    requests = requests_visible_to(user).order_by("status", "-created_at")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    return requests


def status_counts(user: AnyUser) -> dict[str, int]:
    rows = AssistanceRequest.objects.visible_to(user).values_list("status").annotate(n=Count("pk"))
    return dict(rows.order_by())


def expert_directory() -> QuerySet[ExpertProfile]:
    """Every expert with their current load (for those the policy lets see the directory)."""
    return (
        ExpertProfile.objects.select_related("user")
        .annotate(load=Count("assignments", distinct=True))
        .order_by("user__username")
    )


def suggested_experts(
    request: AssistanceRequest, experts: list[ExpertProfile]
) -> list[ExpertProfile]:
    """Experts ordered by fit: shared competencies first, then availability, then load."""
    wanted = {c for c in (request.stage, request.measure_type) if c}
    for match in request.matches[:3]:
        wanted.update(match.get("stages", [])[:1])
    order = list(Availability.values)

    def fit(expert: ExpertProfile) -> tuple[int, int, int, str]:
        shared = len(wanted.intersection(expert.competencies))
        load = getattr(expert, "load", 0)
        return (-shared, order.index(expert.availability), load, str(expert))

    available = [e for e in experts if e.availability != Availability.UNAVAILABLE]
    return sorted(available, key=fit)

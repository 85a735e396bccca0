"""Permission-scoped reads for assistance requests and the expert directory."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from chemsec.assistance.choices import Availability, RequestStatus
from chemsec.assistance.models import AssistanceRequest, ExpertProfile
from chemsec.assistance.querysets import is_secretariat_staff
from chemsec.core.models import Organisation, User


def requests_visible_to(user: User | AnonymousUser, action: Any = "view") -> QuerySet:
    return (
        AssistanceRequest.objects.visible_to(user, action)
        .select_related("organisation", "created_by")
        .annotate(expert_count=Count("assignments", distinct=True))
        .order_by("-created_at")
    )


def organisation_requests(
    user: User | AnonymousUser, organisation: Organisation | None
) -> QuerySet:
    """My organisation's requests that I may see (restricted ones need named access)."""
    if organisation is None:
        return AssistanceRequest.objects.none()
    return requests_visible_to(user).filter(organisation=organisation)


def triage_board(user: User | AnonymousUser, status: str = "") -> QuerySet | None:
    """Every request, for the secretariat; None for anyone else."""
    if not is_secretariat_staff(user):
        return None
    requests = requests_visible_to(user).order_by("status", "-created_at")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    return requests


def status_counts(user: User | AnonymousUser) -> dict[str, int]:
    rows = AssistanceRequest.objects.visible_to(user).values_list("status").annotate(n=Count("pk"))
    return dict(rows.order_by())


def expert_directory(user: User | AnonymousUser) -> QuerySet | None:
    if not is_secretariat_staff(user):
        return None
    return (
        ExpertProfile.objects.select_related("user")
        .annotate(load=Count("assignments", distinct=True))
        .order_by("user__username")
    )


def suggested_experts(request: AssistanceRequest, experts: list[ExpertProfile]) -> list[Any]:
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

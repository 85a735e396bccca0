"""Permission-scoped reads: every page, endpoint and export fetches through these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from chemsec.core.models import User
from chemsec.core.querysets import Action
from chemsec.facilities.models import Facility, Scenario

# One rule for who sees and changes a facility: the facilities app's.
from chemsec.facilities.selectors import facilities_visible_to as facilities_visible_to
from chemsec.protection.models import ConsequenceEstimate, ProtectionDiagram, SitePlanExport

AnyUser = User | AnonymousUser


def diagrams_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[ProtectionDiagram]:
    return ProtectionDiagram.objects.visible_to(user, action).select_related(
        "facility", "organisation"
    )


def estimates_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[ConsequenceEstimate]:
    return ConsequenceEstimate.objects.visible_to(user, action).select_related(
        "facility", "organisation"
    )


def plan_exports_visible_to(user: AnyUser) -> QuerySet[SitePlanExport]:
    return (
        SitePlanExport.objects.visible_to(user)
        .select_related("facility", "created_by")
        .defer("pdf")
    )


def _scenarios_of(facility: Facility) -> QuerySet[Scenario]:
    # Seen by whoever sees the facility (the facilities app's rule).
    return Scenario.objects.filter(facility=facility)


def scenario_choices(user: AnyUser, facility: Facility) -> list[tuple[str, str]]:
    """The facility's scenarios, for a diagram or an estimate to name."""
    return [(str(row.pk), str(row)) for row in _scenarios_of(facility)[:200]]


def scenario_label(facility: Facility, scenario_id: Any) -> str:
    """The scenario's name, looked up only among the facility's own scenarios."""
    if scenario_id is None:
        return ""
    row = _scenarios_of(facility).filter(pk=scenario_id).first()
    return str(row) if row else ""


def scenario_is_known(facility: Facility, scenario_id: Any) -> bool:
    """Whether the id is empty or names one of the facility's scenarios."""
    return scenario_id is None or _scenarios_of(facility).filter(pk=scenario_id).exists()

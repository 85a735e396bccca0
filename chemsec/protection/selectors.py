"""Permission-scoped reads: lists through `visible_to`, one object through
`policy.get_object(user, "diagram.<action>", diagrams(), pk=...)` (and the like)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from chemsec.core.policy import AnyUser
from chemsec.core.querysets import Action
from chemsec.facilities.models import Facility, Scenario

# One rule for who sees and changes a facility: the facilities app's.
from chemsec.facilities.selectors import facilities_visible_to as facilities_visible_to
from chemsec.protection.models import ConsequenceEstimate, ProtectionDiagram, SitePlanExport


def diagrams() -> QuerySet[ProtectionDiagram]:
    return ProtectionDiagram.objects.select_related("facility", "organisation")


def estimates() -> QuerySet[ConsequenceEstimate]:
    return ConsequenceEstimate.objects.select_related("facility", "organisation")


def plan_exports() -> QuerySet[SitePlanExport]:
    return SitePlanExport.objects.select_related("facility", "created_by")


def diagrams_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[ProtectionDiagram]:
    return ProtectionDiagram.objects.visible_to(user, action).select_related(
        "facility", "organisation"
    )


def estimates_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[ConsequenceEstimate]:
    return ConsequenceEstimate.objects.visible_to(user, action).select_related(
        "facility", "organisation"
    )


def plan_exports_for(user: AnyUser, facility: Facility) -> QuerySet[SitePlanExport]:
    """A facility's stored plans the person may download ("plan_export.download", asked
    again on each download): those they see, and those they made, while they see the site."""
    seen = SitePlanExport.objects.visible_to(user).values("pk")
    made = Q(created_by=user) if user.is_authenticated else Q(pk__in=[])
    return plan_exports().filter(Q(pk__in=seen) | made, facility=facility).defer("pdf")


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

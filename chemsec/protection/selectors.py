"""Permission-scoped reads: every page, endpoint and export fetches through these."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from chemsec.core.models import User
from chemsec.core.querysets import Action
from chemsec.facilities.models import Facility

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


def facility_model(name: str) -> Any:
    """A model of the facilities app, or None while it does not exist yet."""
    try:
        return apps.get_model("facilities", name)
    except LookupError:
        return None


def scenario_choices(user: AnyUser, facility: Facility) -> list[tuple[str, str]]:
    """The facility's scenarios the user may see, when the facilities app has them."""
    rows = _scenarios_of(facility)
    if rows is None:
        return []
    if hasattr(rows, "visible_to"):
        rows = rows.visible_to(user)
    return [(str(row.pk), str(row)) for row in rows[:200]]


def _scenarios_of(facility: Facility) -> Any:
    model = facility_model("Scenario")
    if model is None or not any(f.name == "facility" for f in model._meta.get_fields()):
        return None
    return model.objects.filter(facility=facility)


def scenario_label(facility: Facility, scenario_id: Any) -> str:
    """The scenario's name, looked up only among the facility's own scenarios."""
    rows = _scenarios_of(facility)
    if rows is None or scenario_id is None:
        return ""
    row = rows.filter(pk=scenario_id).first()
    return str(row) if row else ""


def scenario_is_known(facility: Facility, scenario_id: Any) -> bool:
    """Whether the id names one of the facility's scenarios (any id, while none exist)."""
    rows = _scenarios_of(facility)
    return scenario_id is None or rows is None or rows.filter(pk=scenario_id).exists()

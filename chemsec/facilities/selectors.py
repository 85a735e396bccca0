"""Permission-scoped reads for facilities and everything that hangs off them.

A facility's areas, inventories and scenarios (and the risk app's registers) are seen
by whoever may see the facility, and changed by whoever may change it: one rule, in
`Facility.objects.visible_to`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.models import Organisation, User
from chemsec.core.querysets import Action
from chemsec.facilities.models import Facility, InventorySnapshot, SnapshotStatus, ThreatProfile

AnyUser = User | AnonymousUser


def facilities_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[Facility]:
    return Facility.objects.visible_to(user, action).select_related("organisation")


def may(user: AnyUser, facility: Facility, action: Action) -> bool:
    return facilities_visible_to(user, action).filter(pk=facility.pk).exists()


def can_change(user: AnyUser, facility: Facility) -> bool:
    return may(user, facility, "change")


def can_share(user: AnyUser, facility: Facility) -> bool:
    return may(user, facility, "share")


def editor_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations in which the person may register facilities (contributor and up)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=Role.at_least(Role.CONTRIBUTOR)
    )


def latest_snapshot(facility: Facility) -> InventorySnapshot | None:
    return facility.snapshots.filter(status=SnapshotStatus.DONE).first()


def chemicals_of_interest(facility: Facility) -> list[dict[str, Any]]:
    snapshot = latest_snapshot(facility)
    return list(snapshot.chemicals) if snapshot else []


def threats_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[ThreatProfile]:
    return ThreatProfile.objects.visible_to(user, action).select_related("organisation", "facility")


def threats_for_facility(user: AnyUser, facility: Facility) -> QuerySet[ThreatProfile]:
    """Threats usable in a facility's scenarios: its own, and those shared with its operator."""
    return (
        threats_visible_to(user)
        .filter(
            Q(facility=facility)
            | Q(facility__isnull=True, organisation=facility.organisation)
            | Q(facility__isnull=True, shared_with_organisations=facility.organisation)
        )
        .distinct()
    )


def may_threat(user: AnyUser, threat: ThreatProfile, action: Action) -> bool:
    return threats_visible_to(user, action).filter(pk=threat.pk).exists()


def national_authorities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.NATIONAL_AUTHORITY)


def facilities_shared_with(authority: Organisation) -> QuerySet[Facility]:
    return (
        Facility.objects.filter(shared_with_organisations=authority)
        .select_related("organisation")
        .distinct()
    )

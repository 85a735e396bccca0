"""Permission-scoped reads for facilities and everything that hangs off them.

A facility's areas, inventories and scenarios (and the risk app's registers) are seen
by whoever may see the facility, and changed by whoever may change it: one rule, in
`Facility.objects.visible_to`, which the policy's "facility.*" actions are. One object is
fetched with `policy.get_object(user, "facility.<action>", facilities(), pk=...)`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from chemsec.core.choices import OrganisationKind
from chemsec.core.models import Organisation
from chemsec.core.policy import AnyUser, can
from chemsec.core.querysets import Action
from chemsec.facilities.models import Facility, InventorySnapshot, SnapshotStatus, ThreatProfile


def facilities() -> QuerySet[Facility]:
    """Every facility, with what its pages show: fetch one through `policy.get_object`."""
    return Facility.objects.select_related("organisation")


def facilities_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[Facility]:
    return Facility.objects.visible_to(user, action).select_related("organisation")


def organisations_for(user: AnyUser, action: str) -> QuerySet[Organisation]:
    """The user's organisations in which the policy lets them do `action` (a "create in"
    action, such as "facility.create"): the choices a create form offers."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    mine = Organisation.objects.filter(memberships__user=user).distinct()
    return Organisation.objects.filter(pk__in=[o.pk for o in mine if can(user, action, o)])


def latest_snapshot(facility: Facility) -> InventorySnapshot | None:
    return facility.snapshots.filter(status=SnapshotStatus.DONE).first()


def chemicals_of_interest(facility: Facility) -> list[dict[str, Any]]:
    snapshot = latest_snapshot(facility)
    return list(snapshot.chemicals) if snapshot else []


def threats() -> QuerySet[ThreatProfile]:
    """Every threat profile, with its owner: fetch one through `policy.get_object`."""
    return ThreatProfile.objects.select_related("organisation", "facility")


def threats_visible_to(user: AnyUser, action: Action = "view") -> QuerySet[ThreatProfile]:
    return ThreatProfile.objects.visible_to(user, action).select_related("organisation", "facility")


def threats_usable_at(facility: Facility) -> QuerySet[ThreatProfile]:
    """Threats a facility's scenarios may use, whoever asks: its own, and the national ones
    of its operator or shared with its operator."""
    return ThreatProfile.objects.filter(
        Q(facility=facility)
        | Q(facility__isnull=True, organisation=facility.organisation)
        | Q(facility__isnull=True, shared_with_organisations=facility.organisation)
    ).distinct()


def threats_for_facility(user: AnyUser, facility: Facility) -> QuerySet[ThreatProfile]:
    """Threats usable in a facility's scenarios that the person may see."""
    usable = threats_usable_at(facility).values("pk")
    return threats_visible_to(user).filter(pk__in=usable)


def threats_seen(user: AnyUser, ids: set[Any]) -> set[Any]:
    """Which of these threat profiles the person may see: a scenario names (and rates) its
    threat only to them; others see the facility's scenario, not a restricted threat."""
    return set(threats_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def threat_ids(user: AnyUser, action: Action) -> set[Any]:
    """Ids of the threat profiles the person may `action`: which rows get Edit or Delete."""
    return set(threats_visible_to(user, action).values_list("pk", flat=True))


def national_authorities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.NATIONAL_AUTHORITY)


def facilities_shared_with(user: AnyUser, authority: Organisation) -> QuerySet[Facility]:
    """The facilities shared with an authority, as far as the person may see them."""
    return facilities_visible_to(user).filter(shared_with_organisations=authority).distinct()

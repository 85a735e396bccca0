"""Permission-scoped reads for facilities and everything that hangs off them.

A facility's areas, inventories, scenarios and risk registers are seen by whoever
may see the facility, and changed by whoever may change it: one rule, in
`Facility.objects.visible_to`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.models import ContentItem, Organisation, User
from chemsec.core.querysets import Action
from chemsec.facilities.models import (
    Facility,
    InventorySnapshot,
    Measure,
    OrganisationMatrix,
    RiskAssessment,
    RiskEntry,
    SnapshotStatus,
    ThreatProfile,
)
from chemsec.science.matrices import DEFAULT_MATRIX_URN, MATRIX_FILE

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


def assessments_of(facility: Facility) -> QuerySet[RiskAssessment]:
    return facility.risk_assessments.all()


def diagrams_of(user: AnyUser, facility: Facility) -> QuerySet[Any]:
    """The facility's protection diagrams the person may see: those a risk may link to."""
    from chemsec.protection.selectors import diagrams_visible_to

    return diagrams_visible_to(user).filter(facility=facility)


def sees_diagram(user: AnyUser, entry: RiskEntry) -> bool:
    """The person may see the risk's linked protection diagram (trivially, if none is)."""
    from chemsec.protection.selectors import diagrams_visible_to

    linked = entry.protection_diagram_id
    return linked is None or diagrams_visible_to(user).filter(pk=linked).exists()


def changes_shown(entry: RiskEntry, measure: Measure, shown: set[Any]) -> bool:
    """May a measure's protection changes be shown to who sees the diagrams ``shown`` (ids)?

    They name elements of the risk's diagram and, after the risk was linked to another, of
    the diagram they were written for: both must be seen. With no diagram linked (it was
    deleted) nobody sees them any more.
    """
    from chemsec.science.diagram_what_if import written_for

    if entry.protection_diagram_id is None:
        return not measure.protection_changes
    needed = {str(entry.protection_diagram_id), written_for(measure.protection_basis or {})}
    return needed - {None} <= {str(pk) for pk in shown}


def sees_measure_changes(user: AnyUser, measure: Measure) -> bool:
    """`changes_shown` for one person: the page, the API and the services ask this."""
    from chemsec.protection.selectors import diagrams_visible_to
    from chemsec.science.diagram_what_if import written_for

    entry = measure.entry
    needed = {entry.protection_diagram_id, written_for(measure.protection_basis or {})} - {None}
    shown = diagrams_visible_to(user).filter(pk__in=needed).values_list("pk", flat=True)
    return changes_shown(entry, measure, set(shown))


def default_matrix() -> dict[str, Any]:
    """The shipped 5 x 5 matrix: from the loaded content, else straight from its file."""
    item = ContentItem.objects.filter(urn=DEFAULT_MATRIX_URN).first()
    if item is not None:
        return dict(item.data) | {"urn": item.urn}
    from chemsec.content.reader import read_content_file

    obj = read_content_file(MATRIX_FILE).objects[0]
    return dict(obj.data) | {"urn": obj.urn}


def matrix_for(organisation: Organisation) -> dict[str, Any]:
    own = OrganisationMatrix.objects.filter(organisation=organisation).first()
    return dict(own.data) if own is not None else default_matrix()


def practices() -> list[tuple[str, str]]:
    """Compendium practices (URN, title) from the loaded content."""
    rows = ContentItem.objects.filter(kind="practice").order_by("urn")
    return [(item.urn, str(item.data.get("title", item.urn))) for item in rows]


def authorities_of(user: AnyUser) -> QuerySet[Organisation]:
    """National authorities the person belongs to."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=OrganisationKind.NATIONAL_AUTHORITY, memberships__user=user
    )


def national_authorities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.NATIONAL_AUTHORITY)


def facilities_shared_with(authority: Organisation) -> QuerySet[Facility]:
    return (
        Facility.objects.filter(shared_with_organisations=authority)
        .select_related("organisation")
        .distinct()
    )

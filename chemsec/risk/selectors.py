"""Permission-scoped reads for risk registers, measures, matrices and the national roll-up.

A register is seen by whoever may see its facility, and changed by whoever may change it
(the policy's "facility.view" and "facility.change"); diagram names, paths and element
changes only by those who may see the diagram ("diagram.view").
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from chemsec.core.choices import OrganisationKind
from chemsec.core.models import ContentItem, Organisation
from chemsec.core.policy import Actor, AnyUser, can
from chemsec.facilities.models import Facility
from chemsec.protection.models import ProtectionDiagram
from chemsec.protection.selectors import diagrams_visible_to
from chemsec.risk.models import Measure, OrganisationMatrix, RiskAssessment, RiskEntry
from chemsec.science.matrices import DEFAULT_MATRIX_URN, MATRIX_FILE


def assessments_of(facility: Facility) -> QuerySet[RiskAssessment]:
    return RiskAssessment.objects.filter(facility=facility)


def diagrams_of(user: AnyUser, facility: Facility) -> QuerySet[ProtectionDiagram]:
    """The facility's protection diagrams the person may see: those a risk may link to."""
    return diagrams_visible_to(user).filter(facility=facility)


def changes_shown(entry: RiskEntry, measure: Measure, shown: set[Any]) -> bool:
    """May a measure's protection changes be shown to who sees the diagrams ``shown`` (ids)?

    They name elements of the risk's diagram and, after the risk was linked to another, of
    the diagram they were written for: both must be seen. With no diagram linked (it was
    deleted) nobody sees them any more.
    """
    from chemsec.science.diagram_what_if import written_for  # loads scipy: not at start-up

    if entry.protection_diagram_id is None:
        return not measure.protection_changes
    needed = {str(entry.protection_diagram_id), written_for(measure.protection_basis or {})}
    return needed - {None} <= {str(pk) for pk in shown}


def measure_changes_shown(user: Actor, measure: Measure) -> bool:
    """`changes_shown` for one person, each diagram asked of the policy ("diagram.view"):
    the page, the API and the services ask this."""
    from chemsec.science.diagram_what_if import written_for

    entry = measure.entry
    needed = {entry.protection_diagram_id, written_for(measure.protection_basis or {})} - {None}
    diagrams = ProtectionDiagram.objects.filter(pk__in=needed)
    return changes_shown(entry, measure, {d.pk for d in diagrams if can(user, "diagram.view", d)})


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
    """Practices a measure may be linked to, (URN, title): the compendium's published
    entries (reviewed proposals included; withdrawn and superseded ones left out)."""
    from chemsec.compendium.models import Practice

    rows = Practice.objects.searchable().order_by("urn").values_list("urn", "title")
    return [(urn, title) for urn, title in rows]


def practice_titles(urns: list[str]) -> dict[str, str]:
    """Titles of linked practices, whatever their status now: a measure keeps its links."""
    from chemsec.compendium.models import Practice

    return dict(Practice.objects.filter(urn__in=urns).values_list("urn", "title"))


def rollup_authority(user: AnyUser, acting: Organisation | None) -> Organisation | None:
    """The national authority whose roll-up the person reads: the one they act for, else
    the first they may read one for (None: they are in no authority). Pages and API alike."""
    if acting is not None and can(user, "rollup.view", acting):
        return acting
    if not user.is_authenticated:
        return None
    authorities = Organisation.objects.filter(
        kind=OrganisationKind.NATIONAL_AUTHORITY, memberships__user=user
    ).order_by("name")
    return next((a for a in authorities if can(user, "rollup.view", a)), None)

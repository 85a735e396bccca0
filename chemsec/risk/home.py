"""What the risk registers hold for a facility officer on the home page: registers whose
protection diagram changed since P(I) was computed from it (Recompute waits)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from chemsec.core.home import Waiting, register
from chemsec.core.policy import acting_organisation
from chemsec.facilities.models import Facility

SHOWN = 5  # facilities listed at most; the rest are on the facilities page


def diagrams_changed(request: HttpRequest) -> Iterable[Waiting]:
    organisation = acting_organisation(request)
    if organisation is None:
        return []
    # An entry is stale when its diagram has a newer version than the one P(I) came from
    # (RiskEntry.diagram_changed_since, as a query).
    stale = Q(risk_assessments__entries__protection_diagram__isnull=False) & ~Q(
        risk_assessments__entries__diagram_version__number=F(
            "risk_assessments__entries__protection_diagram__version"
        )
    )
    facilities = (
        Facility.objects.visible_to(request.user, "change")
        .filter(organisation=organisation)
        .annotate(stale=Count("risk_assessments__entries", filter=stale, distinct=True))
        .filter(stale__gt=0)
        .order_by("name")[:SHOWN]
    )
    return [
        Waiting(
            gettext("Risk register of %(facility)s: its diagram changed, recompute P(I)")
            % {"facility": facility.name},
            facility.stale,
            reverse("risk:risk", args=[facility.pk]),
            urgent=True,
        )
        for facility in facilities
    ]


register(diagrams_changed)

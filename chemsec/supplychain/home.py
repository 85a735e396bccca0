"""What the supply chain holds on the home page: a supplier's open cases (with the 24-hour
clock running on those deemed suspicious) and a national contact point's new reports."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext

from chemsec.core.home import Waiting, register
from chemsec.core.policy import acting_organisation, can
from chemsec.supplychain import selectors
from chemsec.supplychain.choices import CaseStatus, ReportStatus


def open_cases(request: HttpRequest) -> Iterable[Waiting]:
    organisation = acting_organisation(request)
    if organisation is None:
        return []
    cases = selectors.cases(request.user, organisation)
    to_review = cases.filter(status__in=[CaseStatus.NEW, CaseStatus.IN_REVIEW]).count()
    clock = cases.filter(status=CaseStatus.SUSPICIOUS).count()
    url = reverse("supplychain:cases")
    return [
        Waiting(
            ngettext(
                "%(n)d suspicious case to report within 24 hours",
                "%(n)d suspicious cases to report within 24 hours",
                clock,
            )
            % {"n": clock},
            clock,
            url,
            urgent=True,
        ),
        Waiting(
            ngettext("%(n)d case to review", "%(n)d cases to review", to_review) % {"n": to_review},
            to_review,
            url,
        ),
    ]


def reports_received(request: HttpRequest) -> Iterable[Waiting]:
    organisation = acting_organisation(request)
    if organisation is None or not can(request.user, "supplychain.inbox", organisation):
        return []
    new = selectors.reports_received(request.user, organisation).filter(status=ReportStatus.SENT)
    count = new.count()
    text = ngettext(
        "%(n)d report received, not yet acknowledged",
        "%(n)d reports received, not yet acknowledged",
        count,
    ) % {"n": count}
    return [Waiting(text, count, reverse("supplychain:inbox"), urgent=True)]


register(open_cases)
register(reports_received)

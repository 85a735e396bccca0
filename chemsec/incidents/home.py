"""What the incident log holds on the home page: incidents whose report to the national
authority is due (the clock running), overdue ones first."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from chemsec.core.home import Waiting, register
from chemsec.core.policy import acting_organisation
from chemsec.incidents import selectors


def reports_due(request: HttpRequest) -> Iterable[Waiting]:
    organisation = acting_organisation(request)
    if organisation is None:
        return []
    running = selectors.incidents(request.user, organisation).filter(
        report_due_at__isnull=False, reported_at__isnull=True, exercise=""
    )
    overdue = running.filter(report_due_at__lt=timezone.now()).count()
    due = running.count() - overdue
    url = reverse("incidents:index")
    return [
        Waiting(
            ngettext("%(n)d incident report overdue", "%(n)d incident reports overdue", overdue)
            % {"n": overdue},
            overdue,
            url,
            urgent=True,
        ),
        Waiting(
            ngettext(
                "%(n)d incident to report to the national authority",
                "%(n)d incidents to report to the national authority",
                due,
            )
            % {"n": due},
            due,
            url,
            urgent=True,
        ),
    ]


register(reports_due)

"""What the network holds for the person on the home page: applications to decide (the
secretariat), minutes open for their comments, and their organisation's committee actions
falling due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from chemsec.core.home import Waiting, register
from chemsec.core.policy import acting_organisation, can
from chemsec.network.choices import OPEN_ACTION_STATUSES
from chemsec.network.models import ActionItem, Minutes
from chemsec.network.progress import effective_status
from chemsec.network.selectors import applications


def network_waiting(request: HttpRequest) -> Iterable[Waiting]:
    user = request.user
    items: list[Waiting] = []
    if can(user, "network.manage", None):
        count = applications(user).count()
        text = ngettext(
            "%(n)d application to the network to decide",
            "%(n)d applications to the network to decide",
            count,
        ) % {"n": count}
        items.append(Waiting(text, count, reverse("network:applications")))
    open_minutes = list(Minutes.objects.visible_to(user, "comment").select_related("meeting"))
    if open_minutes:
        count = len(open_minutes)
        text = ngettext(
            "%(n)d set of minutes open for your comments",
            "%(n)d sets of minutes open for your comments",
            count,
        ) % {"n": count}
        url = reverse("network:meeting", args=[open_minutes[0].meeting_id])
        items.append(Waiting(text, count, url))
    organisation = acting_organisation(request)
    if organisation is not None:
        soon = timezone.localdate() + dt.timedelta(days=7)
        due = list(
            ActionItem.objects.visible_to(user, "view")
            .filter(organisation=organisation, status__in=OPEN_ACTION_STATUSES, due__lte=soon)
            .select_related("meeting")
        )
        due = [a for a in due if effective_status(a) in OPEN_ACTION_STATUSES]  # by its target
        if due:
            text = ngettext(
                "%(n)d committee action due within a week",
                "%(n)d committee actions due within a week",
                len(due),
            ) % {"n": len(due)}
            url = reverse("network:committee", args=[due[0].meeting.committee_id])
            items.append(Waiting(text, len(due), url, urgent=True))
    return items


register(network_waiting)

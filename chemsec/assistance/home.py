"""What assistance holds for the secretariat on the home page: requests to triage."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext

from chemsec.assistance.choices import RequestStatus
from chemsec.assistance.selectors import triage_board
from chemsec.core.home import Waiting, register
from chemsec.core.policy import can


def to_triage(request: HttpRequest) -> Iterable[Waiting]:
    if not can(request.user, "assistance_request.triage", None):
        return []
    count = triage_board(request.user, RequestStatus.RECEIVED).count()
    text = ngettext(
        "%(n)d assistance request to triage", "%(n)d assistance requests to triage", count
    ) % {"n": count}
    url = reverse("assistance:board") + "?" + urlencode({"status": RequestStatus.RECEIVED})
    return [Waiting(text, count, url)]


register(to_triage)

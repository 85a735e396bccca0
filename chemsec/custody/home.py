"""What the chain of custody holds on the home page: handovers waiting for the acting
organisation's confirmation."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext

from chemsec.core.choices import Role
from chemsec.core.home import Waiting, register
from chemsec.core.models import Membership, User
from chemsec.core.policy import acting_organisation
from chemsec.custody.choices import HandoverStatus
from chemsec.custody.models import Handover


def to_confirm(request: HttpRequest) -> Iterable[Waiting]:
    organisation = acting_organisation(request)
    user = request.user
    if organisation is None or not isinstance(user, User):
        return []
    handlers = Role.at_least(Role.CONTRIBUTOR)
    member = Membership.objects.filter(user=user, organisation=organisation, role__in=handlers)
    if not member.exists():
        return []
    count = Handover.objects.filter(
        to_organisation=organisation, status=HandoverStatus.PENDING
    ).count()
    text = ngettext(
        "%(n)d custody handover to confirm", "%(n)d custody handovers to confirm", count
    ) % {"n": count}
    return [Waiting(text, count, reverse("custody:index"))]


register(to_confirm)

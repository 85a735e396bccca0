"""Who sees a report: its sender and the national authority it is addressed to, nobody else.

Reports are need-to-know by law and by design: the generic sharing of owned objects does
not apply to them (a report shared further would leak a suspicion). This queryset rule is
also the policy's object rule for "report.<action>" (`policy.object_may`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from chemsec.core.choices import Role
from chemsec.core.models import Membership
from chemsec.core.querysets import Action, OwnedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chemsec.core.models import User


def _organisations(user: User, roles: list[str] | None = None) -> Any:
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("organisation_id")


def sender_side(user: User) -> Q:
    """The sending organisation's admins and the (current) member who sent it."""
    admin_of = _organisations(user, [Role.ADMIN])
    mine = _organisations(user)
    return Q(organisation__in=admin_of) | Q(created_by=user, organisation__in=mine)


class ReportQuerySet(OwnedQuerySet[Any]):
    def visible_to(self, user: User | AnonymousUser, action: Action = "view") -> ReportQuerySet:
        """view: the sender's side and the addressed authority's members; change: the
        sender's side (answers to questions); delete and share: nobody, a sent report stays
        as sent and goes nowhere else."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if action == "view":
            return self.filter(sender_side(user) | Q(authority__in=_organisations(user)))
        if action == "change":
            return self.filter(sender_side(user))
        return self.none()

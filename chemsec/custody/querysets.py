"""Who sees a sample and its custody log: the owner's side (as any restricted object) and
the contributors and admins of every organisation that is a party of its chain (gave or
received it, or holds it now), nobody else. Splits are samples of their own: a laboratory
sees its portion only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from chemsec.core.choices import Role
from chemsec.core.models import Membership
from chemsec.core.querysets import Action, OwnedQuerySet, view_filter

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chemsec.core.models import User


def _mine(user: Any) -> Any:
    """Organisations where the user handles items: contributors and above (not viewers)."""
    handlers = Role.at_least(Role.CONTRIBUTOR)
    return Membership.objects.filter(user=user, role__in=handlers).values("organisation_id")


def party_filter(user: User) -> Q:
    mine = _mine(user)
    return (
        Q(holder__in=mine)
        | Q(handovers__from_organisation__in=mine)
        | Q(handovers__to_organisation__in=mine)
    )


class SampleQuerySet(OwnedQuerySet[Any]):
    def visible_to(self, user: User | AnonymousUser, action: Action = "view") -> SampleQuerySet:
        """view: the owner's side and the parties of the chain; change, delete, share: the
        owner's side only (parties act through the handover rules of the policy)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if action != "view":
            return super().visible_to(user, action)
        seen = self.model._default_manager.filter(view_filter(user) | party_filter(user))
        return self.filter(pk__in=seen.values("pk"))

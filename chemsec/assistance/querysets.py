"""Who sees assistance requests: the owner's usual rules, plus the secretariat for triage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.querysets import Action, OwnedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chemsec.core.models import User

# Any secretariat member may read requests; only its reviewers and admins triage them.
SECRETARIAT_ROLES: dict[str, list[str]] = {
    "view": list(Role.values),
    "change": Role.at_least(Role.REVIEWER),
}


def is_secretariat_staff(user: User | AnonymousUser, action: Action = "view") -> bool:
    roles = SECRETARIAT_ROLES.get(action)
    if roles is None or not user.is_authenticated or not getattr(user, "is_active", False):
        return False
    return user.memberships.filter(  # type: ignore[union-attr]
        organisation__kind=OrganisationKind.SECRETARIAT, role__in=roles
    ).exists()


class AssistanceRequestQuerySet(OwnedQuerySet):
    def visible_to(
        self, user: User | AnonymousUser, action: Action = "view"
    ) -> AssistanceRequestQuerySet:
        """Restricted requests stay need-to-know, but the secretariat must see every one to
        triage it; deleting and sharing stay with the requesting organisation."""
        if is_secretariat_staff(user, action):
            return self.all()
        return super().visible_to(user, action)  # type: ignore[return-value]

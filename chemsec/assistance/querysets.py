"""Who sees assistance requests: the owner's usual rules, plus the secretariat for triage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chemsec.core.choices import Role
from chemsec.core.querysets import Action, OwnedQuerySet
from chemsec.core.selectors import has_secretariat_role

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
    return roles is not None and has_secretariat_role(user, roles)


class AssistanceRequestQuerySet(OwnedQuerySet):
    def visible_to(
        self, user: User | AnonymousUser, action: Action = "view"
    ) -> AssistanceRequestQuerySet:
        """Restricted requests stay need-to-know, but the secretariat must see every one to
        triage it; deleting and sharing stay with the requesting organisation."""
        if is_secretariat_staff(user, action):
            return self.all()
        return super().visible_to(user, action)  # type: ignore[return-value]

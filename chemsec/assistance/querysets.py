"""Who sees assistance requests: the owner's usual rules, plus the secretariat for triage.

This queryset rule is also the policy's object rule for "assistance_request.<action>"
(`policy.object_may`), so the lists and the checks cannot disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


class AssistanceRequestQuerySet(OwnedQuerySet[Any]):
    def visible_to(
        self, user: User | AnonymousUser, action: Action = "view"
    ) -> AssistanceRequestQuerySet:
        """Restricted requests stay need-to-know, but the secretariat must see every one to
        triage it; deleting and sharing stay with the requesting organisation."""
        roles = SECRETARIAT_ROLES.get(action)
        if roles is not None and has_secretariat_role(user, roles):
            return self.all()
        return super().visible_to(user, action)

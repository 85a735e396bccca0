"""The one place that decides who may see or change an owned object.

Pages, API endpoints, exports and jobs all fetch through `visible_to`, so a rule
changed here changes everywhere at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar

from django.db import models
from django.db.models import Exists, Q

from chemsec.core.choices import Confidentiality, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chemsec.core.models import User

Action = Literal["view", "change", "delete", "share"]


def _member_orgs(
    user: User, roles: list[str] | None = None
) -> models.QuerySet[Any, Any] | list[Any]:
    """The ids of the user's organisations (where they hold one of `roles`): the request's
    kept memberships (chemsec/core/policy.py, `kept_memberships`) when there are, else a
    subquery."""
    from chemsec.core.models import Membership
    from chemsec.core.policy import kept_memberships

    kept = kept_memberships(user)
    if kept is not None:
        return [h.organisation_id for h in kept if roles is None or h.role in roles]
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("organisation_id")


def _in_network(user: User) -> Q:
    """A current member of at least one organisation. Someone removed from every one has
    left the network: they keep public content only, whatever they were given before."""
    from chemsec.core.models import Membership
    from chemsec.core.policy import kept_memberships

    kept = kept_memberships(user)
    if kept is not None:
        return Q() if kept else Q(pk__in=[])  # Q() & other is other
    return Q(Exists(Membership.objects.filter(user=user)))


def _creator(user: User) -> Q:
    """The creator rule needs current membership in the object's organisation: having made
    something gives nothing to a person who has since left (or moved to another one)."""
    return Q(created_by=user, organisation__in=_member_orgs(user))


def view_filter(user: User | AnonymousUser) -> Q:
    public = Q(confidentiality=Confidentiality.PUBLIC)
    if not user.is_authenticated:
        return public
    mine = _member_orgs(user)
    admin_of = _member_orgs(user, [Role.ADMIN])
    # Named shares need a current membership somewhere too (a share reaches a member of the
    # network, not a former one still holding a session or a token).
    shared = (Q(shared_with_users=user) & _in_network(user)) | Q(shared_with_organisations__in=mine)
    network = Q(confidentiality=Confidentiality.NETWORK) & _in_network(user)
    own_org = Q(confidentiality=Confidentiality.ORGANISATION, organisation__in=mine)
    # Restricted: only the named people, the (current) creator and the owner's admins.
    restricted_own = Q(confidentiality=Confidentiality.RESTRICTED) & (
        _creator(user) | Q(organisation__in=admin_of)
    )
    return public | network | own_org | restricted_own | shared


def change_filter(user: User | AnonymousUser, action: Action) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    if action == "change":
        editors = _member_orgs(user, Role.at_least(Role.CONTRIBUTOR))
        return Q(organisation__in=editors) | _creator(user)
    # Deleting and sharing belong to the owner's admins and the (current) creator.
    return Q(organisation__in=_member_orgs(user, [Role.ADMIN])) | _creator(user)


_M = TypeVar("_M", bound=models.Model)


class OwnedQuerySet(models.QuerySet[_M]):
    def visible_to(self, user: User | AnonymousUser, action: Action = "view") -> Self:
        if not getattr(user, "is_active", False) and user.is_authenticated:
            return self.none()
        allowed = self.filter(view_filter(user))
        if action != "view":
            allowed = allowed.filter(change_filter(user, action))
        # Sharing joins can repeat a row; ids keep the result one row per object.
        return self.filter(pk__in=allowed.values("pk"))

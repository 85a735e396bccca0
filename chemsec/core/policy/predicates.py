"""Predicates about people: small functions of (user, target) on memberships, roles and
organisation kinds; combine them with `any_of` / `all_of`. Those that ask an object's own
visibility rule are in chemsec/core/policy/visibility.py."""

from __future__ import annotations

from typing import Any

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.models import ApiToken, Membership, Organisation
from chemsec.core.policy.actors import AnyUser, Predicate
from chemsec.core.policy.memberships import holds
from chemsec.core.two_factor import second_factor_missing


def _organisation_of(target: Any) -> Organisation | None:
    if isinstance(target, Organisation):
        return target
    organisation = getattr(target, "organisation", None)
    return organisation if isinstance(organisation, Organisation) else None


def member(role: str = Role.VIEWER) -> Predicate:
    """A current member of the target organisation (or the object's owner) with at least `role`."""

    def predicate(user: AnyUser, target: Any) -> bool:
        organisation = _organisation_of(target)
        if not user.is_authenticated or organisation is None:
            return False
        kept = holds(user, organisation=organisation, roles=Role.at_least(role))
        if kept is not None:
            return kept
        return Membership.objects.filter(
            user=user, organisation=organisation, role__in=Role.at_least(role)
        ).exists()

    return predicate


def admin_anywhere(user: AnyUser, target: Any) -> bool:
    """An admin of at least one organisation."""
    if not user.is_authenticated:
        return False
    kept = holds(user, roles=[Role.ADMIN])
    if kept is not None:
        return kept
    return Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def secretariat(role: str = Role.VIEWER) -> Predicate:
    """A member of a secretariat organisation with at least `role`, whatever the target."""

    def predicate(user: AnyUser, target: Any) -> bool:
        if not user.is_authenticated:
            return False
        roles = Role.at_least(role)
        kept = holds(user, roles=roles, kind=OrganisationKind.SECRETARIAT)
        if kept is not None:
            return kept
        return Membership.objects.filter(
            user=user, organisation__kind=OrganisationKind.SECRETARIAT, role__in=roles
        ).exists()

    return predicate


def member_anywhere(user: AnyUser, target: Any) -> bool:
    """A current member of at least one organisation (the network), whatever the target."""
    if not user.is_authenticated:
        return False
    kept = holds(user)
    if kept is not None:
        return kept
    return Membership.objects.filter(user=user).exists()


def organisation_kind(*kinds: str) -> Predicate:
    """The target organisation (or the object's owner) is of one of `kinds`."""

    def predicate(user: AnyUser, target: Any) -> bool:
        organisation = _organisation_of(target)
        return organisation is not None and organisation.kind in kinds

    return predicate


def related_member(attribute: str, role: str = Role.VIEWER) -> Predicate:
    """A current member (with at least `role`) of the organisation at `target.<attribute>`:
    for a record addressed to another organisation than its owner (a report to an authority)."""

    def predicate(user: AnyUser, target: Any) -> bool:
        return member(role)(user, getattr(target, attribute, None))

    return predicate


def nobody(user: AnyUser, target: Any) -> bool:
    """No one: for an action a kind of object never allows (sharing a sent report)."""
    return False


def reopens_submitted(user: AnyUser, target: Any) -> bool:
    """A submitted assessment is reopened by the reviewers of the secretariat running its
    campaign, or, outside a campaign, by its own organisation's admins; a draft is open."""
    if getattr(target, "status", "draft") == "draft":
        return False
    campaign = getattr(target, "campaign", None)
    if campaign is not None:
        return member(Role.REVIEWER)(user, campaign)
    return member(Role.ADMIN)(user, target)


def creator(user: AnyUser, target: Any) -> bool:
    """The user made the target (whatever their membership now: combine it with a rule that
    asks for what they may still see, as `related_may` does)."""
    return bool(user.is_authenticated) and getattr(target, "created_by_id", None) == user.pk


def signed_in(user: AnyUser, target: Any) -> bool:
    return bool(user.is_authenticated)


def second_factor_proved(user: AnyUser, target: Any) -> bool:
    """Not a privileged person who has yet to verify a second factor (see core/two_factor.py)."""
    return not second_factor_missing(user)


def own_token(user: AnyUser, target: Any) -> bool:
    return isinstance(target, ApiToken) and user.is_authenticated and target.user_id == user.pk


def any_of(*predicates: Predicate) -> Predicate:
    def predicate(user: AnyUser, target: Any) -> bool:
        return any(p(user, target) for p in predicates)

    return predicate


def all_of(*predicates: Predicate) -> Predicate:
    def predicate(user: AnyUser, target: Any) -> bool:
        return all(p(user, target) for p in predicates)

    return predicate

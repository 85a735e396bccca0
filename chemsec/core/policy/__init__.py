"""Who may do what: one table of actions, asked by every page, endpoint, command, job and service.

    can(user, "facility.change", facility)        -> bool
    require(user, "facility.change", facility)    -> None, or raises NotVisible / Denied
    require(user, "facility.create", organisation)
    require(user, "audit.verify", None)

`require` raises `NotVisible` (a 404: the user may not even know the object exists) or
`Denied` (a 403: they see it, or the organisation, but may not act). Django turns both into
its 404 and 403 pages, and chemsec/api.py into the API's one error shape, so views and
endpoints never map them by hand.

Reads of many objects still go through `Model.objects.visible_to(user, action)`
(chemsec/core/querysets.py); the object rules here reuse exactly that, so a list and a
`require` cannot disagree. To add an action, add a line to the table module of its part
(`table_core`, `table_supplychain`, `table_sites`, `table_network`; see
docs/architecture.md); an action missing from the table raises `UnknownAction`, never a
silent yes or no.

The acting organisation (whose member the user is acting as) is resolved once per request
by `set_acting_organisation`: the session's choice for pages, the X-ChemSec-Organisation
header for the API; code reads it with `acting_organisation(request)`.

The package's parts: `actors` (who asks, the refusals), `memberships` (kept per request),
`predicates` and `visibility` (the rules' building blocks), `rule` (one line of the table)
and the four `table_*` modules. The questions themselves (`can`, `require`, `get_object`)
and the acting organisation stay here, so that they call this package's names:
benchmarks/supplychain.py swaps `policy.object_sees_and_may` and `policy.keep_memberships`
to measure the requests without them.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from chemsec.core.models import Membership, Organisation, OwnedModel
from chemsec.core.policy.actors import (
    SYSTEM,
    Actor,
    AnyUser,
    Denied,
    NotVisible,
    Predicate,
    SystemActor,
    UnknownAction,
)
from chemsec.core.policy.memberships import Held, keep_memberships, kept_memberships
from chemsec.core.policy.predicates import (
    admin_anywhere,
    all_of,
    any_of,
    creator,
    member,
    member_anywhere,
    nobody,
    organisation_kind,
    own_token,
    related_member,
    reopens_submitted,
    second_factor_proved,
    secretariat,
    signed_in,
)
from chemsec.core.policy.rule import NOT_ALLOWED, Rule, object_rules
from chemsec.core.policy.table_core import CORE_RULES
from chemsec.core.policy.table_network import NETWORK_RULES
from chemsec.core.policy.table_sites import SITE_RULES
from chemsec.core.policy.table_supplychain import SUPPLYCHAIN_RULES
from chemsec.core.policy.visibility import (
    ObjectMay,
    listed,
    object_may,
    object_sees_and_may,
    related_may,
    sees,
)

__all__ = [
    "NOT_ALLOWED",
    "ORGANISATION_HEADER",
    "RULES",
    "SYSTEM",
    "ActingRequest",
    "Actor",
    "AnyUser",
    "Denied",
    "Held",
    "NotVisible",
    "ObjectMay",
    "Predicate",
    "Rule",
    "SystemActor",
    "UnknownAction",
    "acting_organisation",
    "admin_anywhere",
    "all_of",
    "any_of",
    "can",
    "creator",
    "get_object",
    "keep_memberships",
    "kept_memberships",
    "listed",
    "member",
    "member_anywhere",
    "nobody",
    "object_may",
    "object_rules",
    "object_sees_and_may",
    "organisation_kind",
    "own_token",
    "related_may",
    "related_member",
    "reopens_submitted",
    "require",
    "second_factor_proved",
    "secretariat",
    "sees",
    "set_acting_organisation",
    "signed_in",
]

# The table: every action, each part's lines in its own module (no action is in two parts).
RULES: dict[str, Rule] = {**CORE_RULES, **SUPPLYCHAIN_RULES, **SITE_RULES, **NETWORK_RULES}


def _rule(action: str) -> Rule:
    try:
        return RULES[action]
    except KeyError:
        raise UnknownAction(f"No policy for the action {action!r}: add it to RULES.") from None


def _usable(user: Actor) -> bool:
    return not (user.is_authenticated and not user.is_active)


def _answers(rule: Rule, user: AnyUser, target: models.Model | None) -> tuple[bool, bool]:
    """(sees, allows), `allows` asked only of a user who sees the target. A rule that is
    `object_may(action)` with the usual `sees` (the object's "view" rule), on an owned
    object, is answered in one query (`object_sees_and_may`): the same answers."""
    if rule.sees is sees and isinstance(rule.allows, ObjectMay) and isinstance(target, OwnedModel):
        return object_sees_and_may(user, target, rule.allows.action)
    seen = rule.sees(user, target)
    return seen, seen and rule.allows(user, target)


def can(user: Actor, action: str, target: models.Model | None) -> bool:
    """Whether the user may do `action` to (or in) `target`."""
    rule = _rule(action)
    if isinstance(user, SystemActor):
        return True
    return _usable(user) and all(_answers(rule, user, target))


def require(user: Actor, action: str, target: models.Model | None) -> None:
    """Return if the user may do `action`; raise NotVisible (404) or Denied (403) otherwise."""
    rule = _rule(action)
    if isinstance(user, SystemActor):
        return
    seen, allowed = _answers(rule, user, target) if _usable(user) else (False, False)
    if not seen:
        raise NotVisible
    if not allowed:
        raise Denied(str(rule.message))


M = TypeVar("M", bound=models.Model)


def get_object(
    user: Actor, action: str, queryset: QuerySet[M] | models.Manager[M], **lookup: Any
) -> M:
    """The one fetch of an object for pages and API alike: the object if the user may do
    `action` to it; NotVisible (404) if it does not exist or they may not see it; Denied
    (403) if they see it but may not act. Pass `Model.objects` or a queryset with joins."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise NotVisible
    require(user, action, obj)
    return obj


# --- The acting organisation, resolved once per request. ---

ORGANISATION_HEADER = "X-ChemSec-Organisation"


class ActingRequest(HttpRequest):
    """A request after `set_acting_organisation`: the attributes it sets, for the type checker."""

    memberships: list[Membership]
    membership: Membership | None
    organisation: Organisation | None


def set_acting_organisation(
    request: HttpRequest, *, slug: str | None = None, use_session: bool = True
) -> Organisation | None:
    """Resolve whose member the user is acting as and store it on the request.

    Sets `request.memberships`, `request.membership` and `request.organisation`. A `slug`
    (the API's X-ChemSec-Organisation header) must name one of the user's organisations,
    else Denied; without one, the organisation chosen in the session's switcher, else the
    user's first.
    """
    user = request.user
    memberships: list[Membership] = []
    if user.is_authenticated:
        memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    membership = memberships[0] if memberships else None
    if slug:
        membership = next((m for m in memberships if m.organisation.slug == slug), None)
        if membership is None:
            raise Denied(_("You are not a member of the organisation named in the request."))
    elif use_session and hasattr(request, "session"):
        chosen = request.session.get("organisation_id")
        membership = next((m for m in memberships if str(m.organisation_id) == chosen), membership)
    keep_memberships(user, memberships)  # for the rest of this request's checks
    acting = cast(ActingRequest, request)
    acting.memberships = memberships
    acting.membership = membership
    acting.organisation = membership.organisation if membership else None
    return acting.organisation


def acting_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation the user acts for in this request (resolved by the middleware or the
    API authentication); None for a visitor or a person with no membership."""
    organisation = getattr(request, "organisation", None)
    return organisation if isinstance(organisation, Organisation) else None

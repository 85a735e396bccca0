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
`require` cannot disagree. To add an action, add a line to `RULES` below (see
docs/architecture.md); an action missing from the table raises `UnknownAction`, never a
silent yes or no.

The acting organisation (whose member the user is acting as) is resolved once per request
by `set_acting_organisation`: the session's choice for pages, the X-ChemSec-Organisation
header for the API; code reads it with `acting_organisation(request)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.models import ApiToken, Membership, Organisation, OwnedModel, User
from chemsec.core.querysets import Action, OwnedQuerySet, change_filter, view_filter
from chemsec.core.two_factor import second_factor_missing


class NotVisible(Http404):
    """The user may not see the object at all: answered as 404, like an object that is not there."""


class Denied(PermissionDenied):
    """The user sees the object or organisation but may not do this: answered as 403."""


class UnknownAction(LookupError):
    """An action with no line in the policy table (a typo, or a missing entry)."""


class SystemActor:
    """The portal itself acting (CLI commands, the scheduler, the worker): trusted, audited
    as "system". Only code that no request reaches may pass it."""

    is_authenticated = False
    is_active = True
    pk = None

    def get_username(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor()

AnyUser = User | AnonymousUser
Actor = User | AnonymousUser | SystemActor
Predicate = Callable[[AnyUser, Any], bool]


# --- The acting user's memberships, read once per request. ---
#
# `set_acting_organisation` reads the user's memberships at the start of every request (the
# middleware for pages, the API's authentication); it keeps them on that request's user
# object, and the rules below (and the visibility filters, chemsec/core/querysets.py) read
# them from there instead of asking the database again for every check. Any membership or
# organisation written in this process since makes the kept ones stale (signals below), and
# they are read again. A user object that did not come through `set_acting_organisation`
# (a service called directly, a job, a test's fixture) keeps nothing: its rules ask the
# database each time, as before.


@dataclass(frozen=True)
class Held:
    """One of the user's memberships, as the rules read it."""

    organisation_id: Any
    role: str
    kind: str  # the organisation's kind


_KEPT = "_chemsec_memberships"
_WRITES = [0]  # membership and organisation writes in this process, as a generation


def _memberships_changed(**_kwargs: Any) -> None:
    _WRITES[0] += 1


for _name, _signal in (("saved", post_save), ("deleted", post_delete)):
    for _model in (Membership, Organisation):
        _signal.connect(
            _memberships_changed,
            sender=_model,
            weak=False,
            dispatch_uid=f"chemsec.policy.kept-memberships.{_model.__name__}.{_name}",
        )


def keep_memberships(user: Any, memberships: list[Membership]) -> None:
    """Keep `memberships` (all of the user's, just read, with their organisations) on this
    user object for the rest of the request."""
    if getattr(user, "is_authenticated", False):
        held = tuple(Held(m.organisation_id, m.role, m.organisation.kind) for m in memberships)
        setattr(user, _KEPT, (_WRITES[0], held))


def kept_memberships(user: Any) -> tuple[Held, ...] | None:
    """The memberships kept on this user object, or None: none kept, or a membership or
    organisation was written since (read them from the database)."""
    kept = getattr(user, _KEPT, None) if getattr(user, "is_authenticated", False) else None
    if kept is None or kept[0] != _WRITES[0]:
        return None
    held: tuple[Held, ...] = kept[1]
    return held


def _holds(
    user: AnyUser,
    *,
    organisation: Organisation | None = None,
    roles: list[str] | None = None,
    kind: str | None = None,
) -> bool | None:
    """Whether the user's kept memberships include one (in `organisation`, with a role of
    `roles`, in an organisation of `kind`); None when none are kept."""
    kept = kept_memberships(user)
    if kept is None:
        return None
    return any(
        (organisation is None or h.organisation_id == organisation.pk)
        and (roles is None or h.role in roles)
        and (kind is None or h.kind == kind)
        for h in kept
    )


# --- Predicates: small functions of (user, target); combine them with any_of / all_of. ---


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
        kept = _holds(user, organisation=organisation, roles=Role.at_least(role))
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
    kept = _holds(user, roles=[Role.ADMIN])
    if kept is not None:
        return kept
    return Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def secretariat(role: str = Role.VIEWER) -> Predicate:
    """A member of a secretariat organisation with at least `role`, whatever the target."""

    def predicate(user: AnyUser, target: Any) -> bool:
        if not user.is_authenticated:
            return False
        roles = Role.at_least(role)
        kept = _holds(user, roles=roles, kind=OrganisationKind.SECRETARIAT)
        if kept is not None:
            return kept
        return Membership.objects.filter(
            user=user, organisation__kind=OrganisationKind.SECRETARIAT, role__in=roles
        ).exists()

    return predicate


@dataclass(frozen=True)
class ObjectMay:
    """The predicate `object_may(action)` returns; `require` and `can` recognise it to
    answer "sees it" and "may do it" to one object in one query (`object_sees_and_may`)."""

    action: Action

    def __call__(self, user: AnyUser, target: Any) -> bool:
        if not isinstance(target, OwnedModel):
            return False
        return bool(_one(target).visible_to(user, self.action).exists())


def _one(target: OwnedModel) -> OwnedQuerySet[Any]:
    # The object first, then the rule: the same answer, but the rule's subquery is asked
    # about one row (by its primary key) instead of every visible row of the table, which
    # SQLite materialises (hundreds of ms per check with 10,000 customers).
    return cast("OwnedQuerySet[Any]", type(target)._default_manager.filter(pk=target.pk))


def object_may(action: Action) -> Predicate:
    """The owned object is in `visible_to(user, action)`: the same rule as every list."""
    return ObjectMay(action)


def object_sees_and_may(user: AnyUser, target: OwnedModel, action: Action) -> tuple[bool, bool]:
    """(`object_may("view")`, `object_may(action)`) for one owned object, in one query.

    `visible_to(user, action)` is the objects that pass the view rule and then the action's
    (`view_filter`, then `change_filter`, chemsec/core/querysets.py), wrapped in `pk IN
    (...)` so that a list has one row per object. For one object no wrapping is needed: its
    rows that pass the view rule (several when it is shared several ways), each with the
    action's rule beside it, a rule on the object's own columns (its organisation, its
    creator), the same on every row. No row: not seen. One query for Django to build
    instead of two, each with a nested subquery: the building, not the database, was most
    of a check's time (chemsec/core/tests/test_policy_one_query.py holds the answers
    equal). A model whose queryset has a `visible_to` of its own (a report, a custody
    sample) is asked the two questions, as before."""
    one = _one(target)
    if (
        not getattr(user, "is_authenticated", False)
        or action == "view"
        or type(one).visible_to is not OwnedQuerySet.visible_to  # its own rule (reports)
    ):
        seen = ObjectMay("view")(user, target)
        return seen, seen and (action == "view" or ObjectMay(action)(user, target))
    if not user.is_active:
        return False, False
    rows = (
        one.filter(view_filter(user))
        .annotate(_may=ExpressionWrapper(change_filter(user, action), output_field=BooleanField()))
        .order_by()
        .values_list("_may", flat=True)[:1]
    )
    found = list(rows)
    return bool(found), bool(found) and bool(found[0])


def listed(action: str) -> Predicate:
    """The target is in its model's own `visible_to(user, action)` queryset: for records that
    are not owned objects but keep their visibility rule in their queryset (compendium drafts),
    so a list and a check cannot disagree."""

    def predicate(user: AnyUser, target: Any) -> bool:
        if not isinstance(target, models.Model):
            return False
        queryset = type(target)._default_manager.all()
        visible_to = getattr(queryset, "visible_to", None)
        if visible_to is None:
            return False
        return bool(visible_to(user, action).filter(pk=target.pk).exists())

    return predicate


def member_anywhere(user: AnyUser, target: Any) -> bool:
    """A current member of at least one organisation (the network), whatever the target."""
    if not user.is_authenticated:
        return False
    kept = _holds(user)
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


def related_may(attribute: str, action: Action) -> Predicate:
    """The owned object at `target.<attribute>` is in `visible_to(user, action)` now: for a
    record judged by the object it comes from (an export by the site it was made of)."""

    def predicate(user: AnyUser, target: Any) -> bool:
        return object_may(action)(user, getattr(target, attribute, None))

    return predicate


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


def sees(user: AnyUser, target: Any) -> bool:
    """Whether the user may know the target exists (else `require` answers NotVisible)."""
    if isinstance(target, OwnedModel):
        return object_may("view")(user, target)
    if isinstance(target, ApiToken):
        return own_token(user, target)
    return True  # organisations (a member directory) and global actions (target None)


NOT_ALLOWED = gettext_lazy("You do not have permission to do this.")
_REVIEWERS_ONLY = gettext_lazy("Only secretariat reviewers can do this.")


@dataclass(frozen=True)
class Rule:
    """One action: who may do it (`allows`), who may see its target (`sees`), and what a
    refused user is told."""

    allows: Predicate
    sees: Predicate = sees
    message: str | Promise = NOT_ALLOWED


def object_rules(model: str) -> dict[str, Rule]:
    """The usual per-object actions of an owned model, each the queryset rule of the same name."""
    return {
        f"{model}.view": Rule(object_may("view")),
        f"{model}.change": Rule(object_may("change")),
        f"{model}.delete": Rule(object_may("delete")),
        f"{model}.share": Rule(object_may("share")),
        f"{model}.unshare": Rule(object_may("share")),
        f"{model}.export": Rule(object_may("view")),
    }


# --- The table. Targets: an owned object, an Organisation ("create in"), or None (global). ---

RULES: dict[str, Rule] = {
    # Any owned object, for code that works on every kind (sharing, exports, the audit view).
    **object_rules("object"),
    # Organisations and their people.
    "organisation.create": Rule(secretariat(Role.ADMIN)),
    # The member directory is the network's: current members only (not former ones).
    "organisation.directory": Rule(
        member_anywhere, message=gettext_lazy("The directory is for members of the network.")
    ),
    "organisation.members": Rule(member(Role.VIEWER)),
    "membership.set": Rule(any_of(member(Role.ADMIN), secretariat(Role.ADMIN))),
    # The audit trail: organisation admins read their organisation's; the secretariat verifies.
    "audit.view": Rule(admin_anywhere),
    "audit.verify": Rule(secretariat(Role.ADMIN)),
    # Jobs: any member may queue work for their organisation; retrying is changing.
    **object_rules("job"),
    "job.create": Rule(member(Role.VIEWER)),
    "job.retry": Rule(object_may("change")),
    # Cancelling: the person who queued it (while they still see it), or an organisation admin.
    "job.cancel": Rule(any_of(all_of(creator, object_may("view")), member(Role.ADMIN))),
    # A person's own API tokens.
    "token.create": Rule(
        all_of(signed_in, second_factor_proved),
        message=gettext_lazy("Verify a second factor before creating a token."),
    ),
    "token.revoke": Rule(own_token, sees=own_token),
    # Screening: anyone screens one identifier; several, and keeping them, need an account.
    **object_rules("screening"),
    "screening.create": Rule(member(Role.VIEWER)),
    "screening.check_several": Rule(
        signed_in, message=gettext_lazy("Sign in to screen several identifiers at once.")
    ),
    # The compendium: entries are public, drafts their author's and the reviewers'; the
    # rules themselves live in the compendium's querysets (`listed`), shared with its lists.
    "compendium.review": Rule(secretariat(Role.REVIEWER)),
    "practice.view": Rule(listed("view")),
    "practice.change": Rule(listed("change"), message=_REVIEWERS_ONLY),
    "proposal.create": Rule(
        member_anywhere, message=gettext_lazy("Only members of the network can propose entries.")
    ),
    "proposal.view": Rule(listed("view"), sees=listed("view")),
    "proposal.change": Rule(listed("change"), sees=listed("view")),
    "proposal.comment": Rule(listed("comment"), sees=listed("view")),
    "proposal.decide": Rule(listed("decide"), sees=listed("view"), message=_REVIEWERS_ONLY),
    # Supply chain: a supplier's customers, products, orders and cases (customers, orders and
    # cases restricted by default); cases are decided and reported by its reviewers. A report
    # is read by its sender and the national authority it is addressed to, and by nobody
    # else (chemsec/supplychain/querysets.py): it is never shared further or deleted.
    **object_rules("customer"),
    "customer.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of the organisation record its customers."),
    ),
    **object_rules("product"),
    "product.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of the organisation keep its product catalogue."),
    ),
    **object_rules("order"),
    "order.create": Rule(  # target: the customer
        object_may("change"),
        message=gettext_lazy("Contributors of the supplier record orders for its customers."),
    ),
    "order.review": Rule(all_of(object_may("view"), member(Role.REVIEWER))),
    **object_rules("case"),
    "case.decide": Rule(
        all_of(object_may("view"), member(Role.REVIEWER)),
        message=gettext_lazy("Only the supplier's reviewers and admins decide cases."),
    ),
    **object_rules("report"),
    "report.share": Rule(nobody),
    "report.unshare": Rule(nobody),
    "report.delete": Rule(nobody),
    "report.create": Rule(  # target: the case, or the organisation for a theft or loss
        member(Role.REVIEWER),
        message=gettext_lazy("Only the supplier's reviewers and admins send reports."),
    ),
    "report.respond": Rule(object_may("change")),
    "report.acknowledge": Rule(
        related_member("authority", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the addressed authority's contributors handle a report."),
    ),
    "report.ask": Rule(
        related_member("authority", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the addressed authority's contributors handle a report."),
    ),
    "report.close": Rule(
        related_member("authority", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the addressed authority's contributors handle a report."),
    ),
    # The secretariat's de-identified counts of reports across every State (global).
    "supplychain.overview": Rule(secretariat(Role.VIEWER)),
    "supplychain.inbox": Rule(  # target: the acting organisation
        all_of(member(Role.VIEWER), organisation_kind(OrganisationKind.NATIONAL_AUTHORITY)),
        message=gettext_lazy("The inbox is for national authorities."),
    ),
    # Order imports (ERP exports): restricted to who uploaded them and the supplier's admins.
    **object_rules("orderimport"),
    "order.import": Rule(  # target: the organisation
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of the supplier import its orders."),
    ),
    "customer.snooze": Rule(
        all_of(object_may("view"), member(Role.REVIEWER)),
        message=gettext_lazy("Only the supplier's reviewers and admins snooze a rule."),
    ),
    **object_rules("rulesnooze"),
    # Frameworks: the secretariat runs campaigns; organisations answer assessments.
    **object_rules("campaign"),
    "campaign.create": Rule(
        all_of(member(Role.REVIEWER), organisation_kind(OrganisationKind.SECRETARIAT)),
        message=gettext_lazy("Only secretariat reviewers and admins launch campaigns."),
    ),
    "campaign.run": Rule(secretariat(Role.REVIEWER)),  # the campaigns pages, global
    "campaign.manage": Rule(member(Role.REVIEWER)),  # dashboard, its exports, reminders
    **object_rules("assessment"),
    "assessment.start": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of an organisation start assessments."),
    ),
    "assessment.see_confidential": Rule(member(Role.VIEWER)),  # answers marked confidential
    "assessment.reopen": Rule(
        reopens_submitted,
        message=gettext_lazy("Only the secretariat running the campaign reopens it."),
    ),
    # Assistance: members file requests; the secretariat reads them all and triages.
    **object_rules("assistance_request"),
    "assistance_request.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors and above can file requests."),
    ),
    "assistance_request.triage": Rule(
        secretariat(Role.REVIEWER),
        message=gettext_lazy("Only secretariat reviewers can triage requests."),
    ),
    "assistance.match": Rule(signed_in),  # a preview of matching practices, nothing stored
    "assistance.board": Rule(secretariat(Role.VIEWER)),
    "expert.view": Rule(secretariat(Role.VIEWER)),
    "expert.change": Rule(
        secretariat(Role.REVIEWER),
        message=gettext_lazy("Only secretariat reviewers keep the expert directory."),
    ),
    # Facilities: sites and threat profiles. A site's parts (areas, contacts, inventories,
    # scenarios, risk registers) are read with "facility.view" and written with
    # "facility.change" on the site.
    **object_rules("facility"),
    "facility.change": Rule(
        object_may("change"),
        message=gettext_lazy("You may read this facility but not change it."),
    ),
    "facility.share": Rule(
        object_may("share"), message=gettext_lazy("You may read this facility but not share it.")
    ),
    "facility.unshare": Rule(
        object_may("share"), message=gettext_lazy("You may read this facility but not share it.")
    ),
    "facility.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Only contributors of the organisation can register its facilities."),
    ),
    **object_rules("threat"),
    "threat.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Only contributors of an organisation can write threat profiles."),
    ),
    # Protection: diagrams and estimates are made for a site its editors change (target: the
    # facility). A stored site plan is downloaded by those who see it or made it, and only
    # while they may still export the site: a revoked share takes its exports with it.
    **object_rules("diagram"),
    "diagram.create": Rule(object_may("change")),
    **object_rules("estimate"),
    "estimate.create": Rule(object_may("change")),
    "plan_export.download": Rule(
        all_of(any_of(object_may("view"), creator), related_may("facility", "view")),
        sees=all_of(any_of(object_may("view"), creator), related_may("facility", "view")),
    ),
    # Risk: an organisation's own matrix (its admins change it); the national roll-up, read
    # and exported by members of a national authority (target: the authority).
    "matrix.view": Rule(member(Role.VIEWER)),
    "matrix.change": Rule(
        member(Role.ADMIN),
        message=gettext_lazy("Only your organisation's admins change its risk matrix."),
    ),
    "rollup.view": Rule(
        all_of(member(Role.VIEWER), organisation_kind(OrganisationKind.NATIONAL_AUTHORITY))
    ),
    "rollup.export": Rule(
        all_of(member(Role.VIEWER), organisation_kind(OrganisationKind.NATIONAL_AUTHORITY))
    ),
    # Incidents: the log, reportable incidents, investigations, exercises.
    **object_rules("incident"),
    "incident.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of the organisation record its incidents."),
    ),
    "incident.report": Rule(  # to a national authority, through the supply-chain reports
        all_of(object_may("view"), member(Role.REVIEWER)),
        message=gettext_lazy("Only the organisation's reviewers and admins send reports."),
    ),
    "incident.propose": Rule(  # a lesson learned as a draft compendium practice
        all_of(object_may("change"), member_anywhere),
    ),
    # (end of incidents)
    # Custody: samples and their custody log (the parties of the chain only).
    # A sample is seen by its owner's side and the parties of its chain (querysets.py); the
    # holder's contributors record a step, the receiver's confirm it.
    **object_rules("sample"),
    "sample.create": Rule(
        member(Role.CONTRIBUTOR),
        message=gettext_lazy("Contributors of the organisation register samples."),
    ),
    "sample.handover": Rule(
        related_member("holder", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the holder of the item records its next step."),
    ),
    "sample.split": Rule(
        related_member("holder", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the holder of the item splits it."),
    ),
    "sample.attach": Rule(
        related_member("holder", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the holder of the item adds files to its chain."),
    ),
    "handover.confirm": Rule(  # target: the handover
        related_member("to_organisation", Role.CONTRIBUTOR),
        sees=related_may("sample", "view"),
        message=gettext_lazy("Only the receiving party confirms a handover."),
    ),
    "sample.timestamp": Rule(  # an RFC 3161 token on the head of its custody log
        related_member("holder", Role.CONTRIBUTOR),
        message=gettext_lazy("Only the holder of the item has its chain timestamped."),
    ),
    # (end of custody)
    # Stock: movements, balances and what is unaccounted for.
    # Target: the facility (movements, precisions, imports and balances are its parts), or
    # the organisation for its alert rule (k sigma, threshold).
    "stock.view": Rule(object_may("view")),
    "stock.record": Rule(
        object_may("change"),
        message=gettext_lazy("You may read this facility's stock but not record or reconcile it."),
    ),
    "stock.settings": Rule(
        member(Role.ADMIN),
        message=gettext_lazy("Only your organisation's admins set its reconciliation alerts."),
    ),
    # (end of stock)
    # Waste: streams and consignments (each party in its turn, for its own sites).
    # Target: the generator's facility (streams, new consignments), or the consignment: a
    # party signs only when it is its turn, and only a member of that party (the service
    # also asks that the person acts for it); the receiving facility certifies disposal.
    "waste.view": Rule(object_may("view")),
    "waste.record": Rule(
        object_may("change"),
        message=gettext_lazy("You may read this facility's waste but not record it."),
    ),
    **object_rules("consignment"),
    "consignment.create": Rule(
        object_may("change"),
        message=gettext_lazy("Contributors of the generator's facility prepare manifests."),
    ),
    "consignment.sign": Rule(
        all_of(object_may("view"), related_member("turn_organisation", Role.CONTRIBUTOR)),
        message=gettext_lazy("It is not your organisation's turn to sign this manifest."),
    ),
    "consignment.certify": Rule(
        all_of(object_may("view"), related_member("receiver_organisation", Role.CONTRIBUTOR)),
        message=gettext_lazy("Only the receiving facility certifies disposal."),
    ),
    # (end of waste)
    # Network: members, working groups, the coordinating committee. The directory is
    # public; applications and committee records follow chemsec/network/querysets.py
    # (`listed`): network-level items for members, State-only ones for governments.
    "network.apply": Rule(  # target: the applying organisation
        member(Role.ADMIN),
        message=gettext_lazy("Only your organisation's admins apply to join the network."),
    ),
    "network.manage": Rule(secretariat(Role.REVIEWER), message=_REVIEWERS_ONLY),
    "network.coverage": Rule(
        member_anywhere, message=gettext_lazy("The coverage view is for members of the network.")
    ),
    "network_member.view": Rule(listed("view"), sees=listed("view")),
    "network_member.change": Rule(listed("change"), sees=listed("view")),
    "network_member.decide": Rule(listed("decide"), sees=listed("view"), message=_REVIEWERS_ONLY),
    "committee.view": Rule(listed("view"), sees=listed("view")),
    "committee.manage": Rule(listed("change"), sees=listed("view"), message=_REVIEWERS_ONLY),
    "meeting.view": Rule(listed("view"), sees=listed("view")),
    "meeting.change": Rule(listed("change"), sees=listed("view"), message=_REVIEWERS_ONLY),
    "agenda_item.view": Rule(listed("view"), sees=listed("view")),
    "minutes.view": Rule(listed("view"), sees=listed("view")),
    "minutes.comment": Rule(
        listed("comment"),
        sees=listed("view"),
        message=gettext_lazy("Only attendees comment, while the minutes are circulated."),
    ),
    "minutes.advance": Rule(listed("change"), sees=listed("view"), message=_REVIEWERS_ONLY),
    "decision.view": Rule(listed("view"), sees=listed("view")),
    "committee_action.view": Rule(listed("view"), sees=listed("view")),
    "committee_action.update": Rule(  # its owner organisation's contributors, the secretariat
        any_of(listed("change"), all_of(listed("view"), member(Role.CONTRIBUTOR))),
        sees=listed("view"),
    ),
    # (end of network)
    # Sanctions: lists imported as dated versions by a supplier's reviewers; parties screened
    # by its contributors; a match cleared as a false positive by a reviewer who sees it.
    **object_rules("listversion"),
    **object_rules("sanctionsscreening"),
    "sanctions.import": Rule(
        member(Role.REVIEWER),
        message=gettext_lazy("Only reviewers and admins import sanctions lists."),
    ),
    "sanctions.screen": Rule(member(Role.CONTRIBUTOR)),
    "sanctions.clear": Rule(
        all_of(object_may("view"), member(Role.REVIEWER)),
        message=gettext_lazy("Only reviewers and admins clear a match."),
    ),
    # (end of sanctions)
    # Events: workshops per life-cycle step, nominations, host requests and feedback. Who
    # sees what follows chemsec/events/querysets.py (`listed`); the secretariat manages.
    "events.manage": Rule(secretariat(Role.REVIEWER), message=_REVIEWERS_ONLY),
    "events.nominate": Rule(  # target: the nominating organisation
        all_of(member(Role.CONTRIBUTOR), organisation_kind(OrganisationKind.NATIONAL_AUTHORITY)),
        message=gettext_lazy("A national authority's contributors nominate its participants."),
    ),
    "host_request.create": Rule(  # target: the requesting organisation
        all_of(
            member(Role.CONTRIBUTOR),
            any_of(
                organisation_kind(OrganisationKind.NATIONAL_AUTHORITY),
                lambda user, target: (
                    getattr(getattr(target, "network_member", None), "status", "") == "active"
                ),
            ),
        ),
        message=gettext_lazy("Member States and network members request to host an event."),
    ),
    "event.view": Rule(listed("view"), sees=listed("view")),
    "event.change": Rule(listed("change"), sees=listed("view"), message=_REVIEWERS_ONLY),
    "registration.view": Rule(listed("view"), sees=listed("view")),
    "registration.decide": Rule(listed("decide"), sees=listed("view"), message=_REVIEWERS_ONLY),
    "registration.withdraw": Rule(listed("withdraw"), sees=listed("view")),
    "registration.certificate": Rule(
        listed("certificate"),
        sees=listed("view"),
        message=gettext_lazy("A certificate is issued for attendance only."),
    ),
    "registration.feedback": Rule(
        listed("feedback"),
        sees=listed("view"),
        message=gettext_lazy("Participants who attended give feedback after the event."),
    ),
    "host_request.view": Rule(listed("view"), sees=listed("view")),
    "host_request.review": Rule(listed("review"), sees=listed("view"), message=_REVIEWERS_ONLY),
    # (end of events)
    # Training credentials: a certificate is seen with its enrolment (its learner, the admins
    # of the organisation they trained for, the secretariat); its PDF is its holder's; the
    # secretariat's reviewers revoke; the secretariat reads the experts-trained counts and
    # exports everyone's xAPI statements (each learner exports their own). Verification,
    # the issuer's keys and the revocation list are public pages that need no rule.
    "certificate.view": Rule(
        lambda user, target: listed("view")(user, getattr(target, "enrolment", None)),
        sees=lambda user, target: listed("view")(user, getattr(target, "enrolment", None)),
    ),
    "certificate.download": Rule(
        lambda user, target: (
            user.is_authenticated and getattr(target.enrolment, "learner_id", None) == user.pk
        ),
        sees=lambda user, target: listed("view")(user, getattr(target, "enrolment", None)),
        message=gettext_lazy("Only the holder downloads their certificate."),
    ),
    "certificate.revoke": Rule(
        secretariat(Role.REVIEWER),
        sees=lambda user, target: listed("view")(user, getattr(target, "enrolment", None)),
        message=_REVIEWERS_ONLY,
    ),
    "certificate.remind": Rule(secretariat(Role.ADMIN)),
    "training.experts": Rule(
        secretariat(Role.VIEWER),
        message=gettext_lazy("Only the secretariat reads the counts of experts trained."),
    ),
    "training.xapi_all": Rule(secretariat(Role.REVIEWER), message=_REVIEWERS_ONLY),
    # (end of training credentials)
    # Events, second part: rapporteurs draft compendium practices from an event they report
    # on; the participant list is exported by the secretariat and the host (chemsec/events).
    "event.draft_practice": Rule(
        listed("draft"),
        sees=listed("view"),
        message=gettext_lazy("The event's rapporteurs draft practices once it has begun."),
    ),
    "event.export": Rule(
        listed("export"),
        sees=listed("view"),
        message=gettext_lazy("The secretariat and the host export the participant list."),
    ),
    # (end of events: rapporteurs and exports)
    # Training: the catalogue of published courses is public; signed-in people enrol and
    # study; the secretariat authors courses and sees all progress; an organisation's admins
    # see the progress of the people who enrolled for it. Who sees what follows
    # chemsec/training/querysets.py (`listed`).
    "training.author": Rule(
        secretariat(Role.CONTRIBUTOR),
        message=gettext_lazy("Only the secretariat's contributors author courses."),
    ),
    "training.progress": Rule(  # the progress overview; its rows follow enrolment.view
        any_of(secretariat(), admin_anywhere),
        message=gettext_lazy("Learners' progress is for the secretariat and organisation admins."),
    ),
    "training.profile": Rule(signed_in),  # one's own learner profile
    # Course translations are reviewed (approved or corrected) by the secretariat's
    # reviewers, like the compendium's translations (`compendium.review`).
    "training.translation_review": Rule(secretariat(Role.REVIEWER), message=_REVIEWERS_ONLY),
    "course.view": Rule(listed("view"), sees=listed("view")),
    "course.change": Rule(
        listed("change"),
        sees=listed("view"),
        message=gettext_lazy("Only the secretariat's contributors author courses."),
    ),
    "course.enrol": Rule(
        listed("enrol"),
        sees=listed("view"),
        message=gettext_lazy("Sign in to enrol in a published course."),
    ),
    "module.view": Rule(listed("view"), sees=listed("view")),
    "enrolment.view": Rule(listed("view"), sees=listed("view")),
    "enrolment.learn": Rule(
        listed("learn"),
        sees=listed("view"),
        message=gettext_lazy("Only the learner studies, while the course is in progress."),
    ),
    "enrolment.withdraw": Rule(listed("withdraw"), sees=listed("view")),
    # (end of training)
}


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

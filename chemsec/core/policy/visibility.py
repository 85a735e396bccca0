"""Predicates that ask the querysets' `visible_to(user, action)` (chemsec/core/querysets.py
and the apps' own querysets), so a list and a check cannot disagree; and `sees`, whether the
user may know a target exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper

from chemsec.core.models import ApiToken, OwnedModel
from chemsec.core.policy.actors import AnyUser, Predicate
from chemsec.core.policy.predicates import own_token
from chemsec.core.querysets import Action, OwnedQuerySet, change_filter, view_filter


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


def related_may(attribute: str, action: Action) -> Predicate:
    """The owned object at `target.<attribute>` is in `visible_to(user, action)` now: for a
    record judged by the object it comes from (an export by the site it was made of)."""

    def predicate(user: AnyUser, target: Any) -> bool:
        return object_may(action)(user, getattr(target, attribute, None))

    return predicate


def sees(user: AnyUser, target: Any) -> bool:
    """Whether the user may know the target exists (else `require` answers NotVisible)."""
    if isinstance(target, OwnedModel):
        return object_may("view")(user, target)
    if isinstance(target, ApiToken):
        return own_token(user, target)
    return True  # organisations (a member directory) and global actions (target None)

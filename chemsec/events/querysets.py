"""Who sees what among events, registrations, host requests and feedback: the one place
these rules live (the policy's `event.*`, `registration.*`, `host_request.*` actions ask
these querysets through `policy.listed`, so a list and a check cannot disagree).

- Public events are listed for everyone; network events for any signed-in member of an
  organisation; restricted events for the host, the organisations that nominated someone
  and the secretariat. Changing events is the secretariat's reviewers'.
- An event's rapporteurs (and the secretariat's reviewers) draft practices from it, once it
  has begun; its participant list is exported by the secretariat and by the host's
  contributors (who get only the approved participants who agreed to be listed).
- A registration is seen by its participant, the nominating organisation and the secretariat.
- A host request is seen by its organisation and the secretariat; reviewed by its reviewers.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from chemsec.core.choices import Role
from chemsec.core.selectors import has_secretariat_role, memberships_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chemsec.core.models import User

    AnyUser = User | AnonymousUser


def is_secretariat(user: AnyUser, role: str = Role.VIEWER) -> bool:
    return has_secretariat_role(user, Role.at_least(role))


def organisation_ids(user: AnyUser, role: str = Role.VIEWER) -> list[Any]:
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return []
    return list(
        memberships_of(user)
        .filter(role__in=Role.at_least(role))
        .values_list("organisation_id", flat=True)
    )


class EventQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: AnyUser, action: str = "view") -> EventQuerySet:
        if action == "view":
            if is_secretariat(user):
                return self.all()
            rule = Q(confidentiality="public")
            own = organisation_ids(user)
            if own:
                nominated = self.filter(registrations__nominated_by_id__in=own).values("pk")
                rule |= Q(confidentiality="network") | Q(host_id__in=own) | Q(pk__in=nominated)
            return self.filter(rule)
        if action == "change":
            return self.all() if is_secretariat(user, Role.REVIEWER) else self.none()
        if action == "draft":
            begun = self.filter(starts_on__lte=dt.date.today())
            if is_secretariat(user, Role.REVIEWER):
                return begun
            if not user.is_authenticated:
                return self.none()
            mine = Q(roles__person=user, roles__role="rapporteur")
            return begun.filter(pk__in=self.filter(mine).values("pk"))
        if action == "export":
            if is_secretariat(user, Role.REVIEWER):
                return self.all()
            return self.filter(host_id__in=organisation_ids(user, Role.CONTRIBUTOR))
        return self.none()

    def public(self) -> EventQuerySet:
        return self.filter(confidentiality="public")


class RegistrationQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: AnyUser, action: str = "view") -> RegistrationQuerySet:
        reviewer = is_secretariat(user, Role.REVIEWER)
        if action == "view":
            if is_secretariat(user):
                return self.all()
            if not user.is_authenticated:
                return self.none()
            return self.filter(Q(participant=user) | Q(nominated_by_id__in=organisation_ids(user)))
        if action == "decide":
            return self.all() if reviewer else self.none()
        if action == "withdraw":
            rows = self.filter(status__in=("nominated", "approved", "waitlisted"))
            if reviewer:
                return rows
            if not user.is_authenticated:
                return self.none()
            nominators = organisation_ids(user, Role.CONTRIBUTOR)
            return rows.filter(Q(participant=user) | Q(nominated_by_id__in=nominators))
        if action == "certificate":
            return self.visible_to(user, "view").filter(attended=True)
        if action == "feedback":  # the participant, once the event is over and attended
            if not user.is_authenticated:
                return self.none()
            return self.filter(participant=user, attended=True, event__ends_on__lte=dt.date.today())
        return self.none()


class HostRequestQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: AnyUser, action: str = "view") -> HostRequestQuerySet:
        if action == "view":
            if is_secretariat(user):
                return self.all()
            return self.filter(organisation_id__in=organisation_ids(user))
        if action == "review":
            return self.all() if is_secretariat(user, Role.REVIEWER) else self.none()
        return self.none()

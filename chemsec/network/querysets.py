"""Who sees what in the network: the one place these rules live.

The policy's network actions (`network_member.*`, `committee.*`, `meeting.*`, ... in
chemsec/core/policy.py) ask these querysets through `policy.listed`, so a list and a check
cannot disagree.

- The directory is public: active members, and those who left (with their periods).
  An application (or a declined one) is seen by its organisation and the secretariat.
- Committee records are the network's: every person of an active member organisation sees
  network-level items; State-only items are seen by government members (national
  authorities) and the secretariat only; draft minutes by the secretariat, circulated
  minutes also by the attendees, approved and published minutes by every participant.
- Changing anything of the committee is the secretariat's (reviewers and admins).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.selectors import has_secretariat_role, memberships_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chemsec.core.models import User

    AnyUser = User | AnonymousUser

ACTIVE = "active"
PUBLIC_STATUSES = ("active", "left")
NETWORK = "network"
GOVERNMENT = (OrganisationKind.NATIONAL_AUTHORITY,)


def is_secretariat(user: AnyUser, role: str = Role.VIEWER) -> bool:
    return has_secretariat_role(user, Role.at_least(role))


def participant_organisations(user: AnyUser) -> list[Any]:
    """The ids of the user's organisations that are active members of the network."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return []
    return list(
        memberships_of(user)
        .filter(organisation__network_member__status=ACTIVE)
        .values_list("organisation_id", flat=True)
    )


def is_government(user: AnyUser) -> bool:
    """A person of an active member that speaks for a State (a national authority)."""
    if not user.is_authenticated:
        return False
    return (
        memberships_of(user)
        .filter(organisation__network_member__status=ACTIVE, organisation__kind__in=GOVERNMENT)
        .exists()
    )


class NetworkMemberQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: AnyUser, action: str = "view") -> NetworkMemberQuerySet:
        if action == "view":
            if is_secretariat(user):
                return self.all()
            own = [m.organisation_id for m in memberships_of(user)] if user.is_authenticated else []
            return self.filter(Q(status__in=PUBLIC_STATUSES) | Q(organisation_id__in=own))
        if action == "change":  # focal point, steps and topics: its own admins, the secretariat
            if is_secretariat(user, Role.REVIEWER):
                return self.all()
            if not user.is_authenticated:
                return self.none()
            admins = memberships_of(user).filter(role=Role.ADMIN).values("organisation_id")
            return self.filter(organisation_id__in=admins).exclude(status="declined")
        if action == "decide":
            return self.all() if is_secretariat(user, Role.REVIEWER) else self.none()
        return self.none()

    def public(self) -> NetworkMemberQuerySet:
        return self.filter(status=ACTIVE)


class CommitteeRecordQuerySet(models.QuerySet[Any]):
    """Committees, seats, meetings, agenda items, minutes, decisions and actions."""

    def visible_to(self, user: AnyUser, action: str = "view") -> CommitteeRecordQuerySet:
        if is_secretariat(user, Role.REVIEWER if action != "view" else Role.VIEWER):
            return self.all()
        organisations = participant_organisations(user)
        if not organisations:
            return self.none()
        if action == "comment":
            return self._commentable(organisations)
        if action != "view":
            return self.none()
        rows = self.all()
        names = {f.name for f in self.model._meta.get_fields()}
        if "sensitivity" in names and not is_government(user):
            rows = rows.filter(sensitivity=NETWORK)
        if "phase" in names:  # minutes
            rows = _minutes_fallback(rows, organisations)
        return rows

    def _commentable(self, organisations: list[Any]) -> CommitteeRecordQuerySet:
        if "phase" not in {f.name for f in self.model._meta.get_fields()}:
            return self.none()
        open_now = self.filter(phase="comments", comments_until__gte=dt.date.today())
        return _minutes_fallback(open_now, organisations, circulated_only=True)


def _minutes_fallback(
    rows: CommitteeRecordQuerySet, organisations: list[Any], *, circulated_only: bool = False
) -> CommitteeRecordQuerySet:
    """Minutes the attendees see while circulated, besides approved and published ones
    (attendance is a JSON list, checked here so that SQLite and PostgreSQL agree)."""
    wanted = {str(o) for o in organisations}
    ids = [
        pk
        for pk, phase, attendees in rows.values_list("pk", "phase", "meeting__attendees")
        if (phase == "comments" and wanted & set(attendees or []))
        or (not circulated_only and phase in ("approved", "published"))
    ]
    return rows.filter(pk__in=ids)

"""The acting user's memberships, read once per request and kept on its user object.

`set_acting_organisation` (chemsec/core/policy/__init__.py) reads the user's memberships at
the start of every request (the middleware for pages, the API's authentication); it keeps
them on that request's user object, and the rules (chemsec/core/policy/predicates.py) and the
visibility filters (chemsec/core/querysets.py) read them from there instead of asking the
database again for every check. Any membership or organisation written in this process since
makes the kept ones stale (signals below), and they are read again. A user object that did
not come through `set_acting_organisation` (a service called directly, a job, a test's
fixture) keeps nothing: its rules ask the database each time, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models.signals import post_delete, post_save

from chemsec.core.models import Membership, Organisation
from chemsec.core.policy.actors import AnyUser


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


def holds(
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

"""Who asks the policy: people, visitors and the portal itself; and its two refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from chemsec.core.models import User


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

"""An action's progress when it points at a ChemSec object: read from that object's state,
never ticked by hand. Returns None when the object is gone (shown as such, never guessed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chemsec.network.choices import ActionStatus, TargetKind

if TYPE_CHECKING:
    from chemsec.network.models import ActionItem


@dataclass(frozen=True)
class Progress:
    status: str  # an ActionStatus code
    percent: int
    reason: str | Promise  # why, in words the reader can check on the object itself


# An assistance request's workflow, as the progress of an action to answer it.
REQUEST_PROGRESS = {
    "received": (ActionStatus.OPEN, 0),
    "in_progress": (ActionStatus.IN_PROGRESS, 50),
    "delivered": (ActionStatus.DONE, 100),
    "closed": (ActionStatus.DONE, 100),
}


def target_object(action: ActionItem) -> object | None:
    if action.target_kind == TargetKind.ASSISTANCE_REQUEST:
        from chemsec.assistance.models import AssistanceRequest

        return AssistanceRequest.objects.filter(pk=action.target_id).first()
    if action.target_kind == TargetKind.PRACTICE:
        from chemsec.compendium.models import Practice

        return Practice.objects.filter(pk=action.target_id).first()
    return None


def progress_of(action: ActionItem) -> Progress | None:
    """The progress of a targeted action, or None for one without a target or a gone one."""
    if not action.target_kind:
        return None
    obj = target_object(action)
    if obj is None:
        return None
    if action.target_kind == TargetKind.ASSISTANCE_REQUEST:
        status = str(getattr(obj, "status", ""))
        code, percent = REQUEST_PROGRESS.get(status, (ActionStatus.OPEN, 0))
        return Progress(
            code,
            percent,
            _("The assistance request is: %(status)s")
            % {
                "status": obj.get_status_display()  # type: ignore[attr-defined]
            },
        )
    # A practice to update: done once a version newer than the one at assignment is
    # published; in progress while a proposal to change it awaits review.
    version = int(getattr(obj, "version", 0))
    baseline = int(action.target_baseline or 0)
    if version > baseline:
        return Progress(
            ActionStatus.DONE,
            100,
            _("Version %(n)s of the practice is published.") % {"n": version},
        )
    if obj.proposals.filter(status="open").exists():  # type: ignore[attr-defined]
        return Progress(ActionStatus.IN_PROGRESS, 50, _("A proposed change awaits review."))
    return Progress(ActionStatus.OPEN, 0, _("No change proposed yet."))


def effective_status(action: ActionItem) -> str:
    """The status to show and count: the target's progress if any, else the one recorded."""
    progress = progress_of(action)
    if progress is None or action.status == ActionStatus.DROPPED:
        return action.status
    return progress.status

"""Road-map writes: generate actions from an assessment's gaps, then edit them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction
from chemsec.core.models import User
from chemsec.frameworks import scoring
from chemsec.frameworks.analysis import assessment_gaps
from chemsec.frameworks.models import Assessment, RoadMap, RoadMapAction

# How long each priority gets before it is due, in days.
DUE_IN_DAYS = {"high": 90, "medium": 180, "low": 365}
ACTION_FIELDS = ("title", "description", "owner", "priority", "due_date", "status", "progress")


@transaction.atomic
def roadmap_generate(
    *, actor: User, assessment: Assessment, today: dt.date | None = None
) -> RoadMap:
    """Make (or add to) the road map: one action per gap not already covered by an action."""
    today = today or timezone.localdate()
    roadmap, created = RoadMap.objects.get_or_create(
        assessment=assessment,
        defaults={
            "title": _("Road map: %(title)s") % {"title": assessment.title},
            "created_by": actor,
        },
    )
    covered = set(roadmap.actions.exclude(question=None).values_list("question_id", flat=True))
    gaps, _semantic = assessment_gaps(assessment, semantic=False)
    start = roadmap.actions.count()
    added = 0
    for view in gaps:
        if view.question.pk in covered:
            continue
        practices = [s.urn for s in view.suggestions]  # the published entries it links to
        _action_from_gap(roadmap, view.question, view.gap, today, start + added, practices)
        added += 1
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=assessment,
        changes={"roadmap_actions_added": added},
    )
    return roadmap


def _action_from_gap(
    roadmap: RoadMap,
    question: Any,
    gap: scoring.Gap,
    today: dt.date,
    position: int,
    practices: list[str],
) -> RoadMapAction:
    priority = scoring.priority_for(gap.size)
    action = RoadMapAction(
        roadmap=roadmap,
        question=question,
        title=_("Close the gap on %(code)s") % {"code": question.code},
        description=question.text,
        priority=priority,
        due_date=today + dt.timedelta(days=DUE_IN_DAYS[priority]),
        practices=practices,
        position=position,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def roadmap_action_save(
    *,
    actor: User,
    roadmap: RoadMap,
    fields: dict[str, Any],
    action: RoadMapAction | None = None,
) -> RoadMapAction:
    """Add an action, or change one; only the named fields are touched."""
    created = action is None
    if action is None:
        action = RoadMapAction(roadmap=roadmap, position=roadmap.actions.count())
    changes = {}
    for name in ACTION_FIELDS:
        if name in fields and getattr(action, name) != fields[name]:
            setattr(action, name, fields[name])
            changes[name] = str(fields[name])
    if "practices" in fields:
        action.practices = [str(urn) for urn in fields["practices"]]
    action.full_clean()
    action.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=roadmap.assessment,
        changes={"roadmap_action": action.title[:100], **changes},
    )
    return action


@transaction.atomic
def roadmap_action_delete(*, actor: User, action: RoadMapAction) -> None:
    assessment = action.roadmap.assessment
    title = action.title
    action.delete()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=assessment,
        changes={"roadmap_action": title[:100]},
    )

"""Road-map writes: generate actions from an assessment's gaps, then edit and export them.

A road map is part of its assessment: whoever may change the assessment may change its
road map ("assessment.change"), and whoever sees it may export it ("assessment.export").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from chemsec.core.models import User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_delete, write_export, write_update
from chemsec.frameworks import exports, scoring
from chemsec.frameworks.analysis import assessment_gaps
from chemsec.frameworks.models import (
    ROADMAP_TITLE,
    Assessment,
    Question,
    RoadMap,
    RoadMapAction,
    action_title,
)

# How long each priority gets before it is due, in days.
DUE_IN_DAYS = {"high": 90, "medium": 180, "low": 365}
ACTION_FIELDS = ("title", "description", "owner", "priority", "due_date", "status", "progress")


@transaction.atomic
def roadmap_generate(
    *, actor: Actor, assessment: Assessment, today: dt.date | None = None
) -> RoadMap:
    """Make (or add to) the road map: one action per gap not already covered by an action."""
    require(actor, "assessment.change", assessment)
    today = today or timezone.localdate()
    roadmap = RoadMap.objects.filter(assessment=assessment).first()
    if roadmap is None:
        with override("en"):  # the English kept as written; shown as `shown_title`
            english = assessment.shown_title
        roadmap = RoadMap(
            assessment=assessment,
            title=ROADMAP_TITLE % {"title": english},
            created_by=actor if isinstance(actor, User) else None,
        )
        write_create(roadmap, actor=actor)
    covered = set(roadmap.actions.exclude(question=None).values_list("question_id", flat=True))
    gaps, _semantic = assessment_gaps(assessment, semantic=False)
    position = roadmap.actions.count()
    for view in gaps:
        if view.question.pk in covered:
            continue
        practices = [s.urn for s in view.suggestions]  # the published entries it links to
        _action_from_gap(actor, roadmap, view.question, view.gap, today, position, practices)
        position += 1
    return roadmap


def _action_from_gap(
    actor: Actor,
    roadmap: RoadMap,
    question: Question,
    gap: scoring.Gap,
    today: dt.date,
    position: int,
    practices: list[str],
) -> RoadMapAction:
    priority = scoring.priority_for(gap.size)
    # The title as a code with its parameters (rendered in each reader's language, the
    # English kept as written); no description: the page shows the question, translated.
    params = {"code": question.code}
    action = RoadMapAction(
        roadmap=roadmap,
        question=question,
        title=action_title("close_gap", params, "en"),
        title_code="close_gap",
        title_params=params,
        description="",
        priority=priority,
        due_date=today + dt.timedelta(days=DUE_IN_DAYS[priority]),
        practices=practices,
        position=position,
    )
    return write_create(action, actor=actor)


@transaction.atomic
def roadmap_action_save(
    *,
    actor: Actor,
    roadmap: RoadMap,
    fields: dict[str, Any],
    action: RoadMapAction | None = None,
) -> RoadMapAction:
    """Add an action, or change one; only the named fields are touched."""
    require(actor, "assessment.change", roadmap.assessment)
    values = {name: fields[name] for name in ACTION_FIELDS if name in fields}
    if "practices" in fields:
        values["practices"] = [str(urn) for urn in fields["practices"]]
    if (
        action is not None
        and action.title_code
        and values.get("title", action.title)
        not in (
            action.title,
            action.shown_title,
        )
    ):
        values["title_code"], values["title_params"] = "", {}  # retitled: kept as typed
    elif action is not None and action.title_code:
        values.pop("title", None)  # the platform's title, unchanged: still a code
    if action is None:
        action = RoadMapAction(roadmap=roadmap, position=roadmap.actions.count(), **values)
        return write_create(action, actor=actor)
    return write_update(action, actor=actor, values=values)


@transaction.atomic
def roadmap_action_delete(*, actor: Actor, action: RoadMapAction) -> None:
    require(actor, "assessment.change", action.roadmap.assessment)
    write_delete(action, actor=actor)


def roadmap_export(*, actor: Actor, roadmap: RoadMap, fmt: str) -> bytes:
    """The road map as a file carrying its confidentiality marking, audited as an export."""
    require(actor, "assessment.export", roadmap.assessment)
    body = exports.ROADMAP_WRITERS[fmt](roadmap)
    write_export(roadmap, actor=actor, fmt=fmt)
    return body

"""The secretariat's planning aids: open host requests ranked against the gaps of the
requesting State's own needs assessment, and the life-cycle coverage planner.

Ranking: the request's topic and life-cycle step name sections of the needs assessment
(choices.TOPIC_SECTIONS, STAGE_SECTIONS); the lowest score among those sections in the
State's latest submitted assessment is the request's gap. A lower score ranks higher; a
request whose State has no submitted assessment, or no scored matching section, comes after
every scored one (it is not a gap we can show). Each row says why, as codes and values.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from chemsec.compendium.models import Practice
from chemsec.compendium.translations import translations_for
from chemsec.core.choices import Region
from chemsec.events.choices import OPEN_REQUEST, STAGE_SECTIONS, TOPIC_SECTIONS, Stage
from chemsec.events.models import Event, HostRequest
from chemsec.frameworks.analysis import assessment_scores
from chemsec.frameworks.models import Assessment, AssessmentStatus, Section

RECENT_YEARS = 3


@dataclass(frozen=True)
class Ranked:
    request: HostRequest
    score: float | None  # the gap: lowest matching section score (0-4), None if unknown
    section: str  # the section's code and title, "" if none
    assessment: str  # the assessment's title, "" if none
    reason: str  # "gap" | "no_assessment" | "no_section"


def _latest_assessment(organisation_id: Any) -> Assessment | None:
    return (
        Assessment.objects.filter(
            organisation_id=organisation_id, status=AssessmentStatus.SUBMITTED
        )
        .select_related("framework")
        .order_by("-submitted_at")
        .first()
    )


def rank_one(request: HostRequest) -> Ranked:
    assessment = _latest_assessment(request.organisation_id)
    if assessment is None:
        return Ranked(request, None, "", "", "no_assessment")
    wanted = TOPIC_SECTIONS.get(request.topic, ()) + STAGE_SECTIONS.get(request.stage, ())
    scored = [
        (score.score, section.code, section)
        for section, score in assessment_scores(assessment)
        if section.code in wanted and score.score is not None
    ]
    if not scored:
        return Ranked(request, None, "", assessment.shown_title, "no_section")
    value, _code, section = min(scored, key=lambda s: s[:2])
    return Ranked(request, value, _section_label(section), assessment.shown_title, "gap")


def _section_label(section: Section) -> str:
    """The section's code and title, the title from the framework's translation into the
    reader's language where there is one."""
    shown = translations_for([section.urn]).get(section.urn)
    title = (shown.fields.get("title") if shown is not None else None) or section.title
    return f"{section.code} {title}"


def rank_requests(requests: QuerySet[HostRequest]) -> list[Ranked]:
    """Open requests, the biggest gap first; ties by the earliest submitted."""
    rows = [rank_one(r) for r in requests.filter(status__in=OPEN_REQUEST)]
    return sorted(
        rows,
        key=lambda r: (r.score is None, r.score or 0.0, r.request.created_at),
    )


@dataclass(frozen=True)
class Cell:
    events: int
    requests: int


def coverage(today: dt.date | None = None) -> dict[str, Any]:
    """Life-cycle steps by region: events of the last RECENT_YEARS years and upcoming ones,
    open host requests; published practices per step (practices carry no region)."""
    today = today or dt.date.today()
    since = today.replace(year=today.year - RECENT_YEARS)
    events = Counter(Event.objects.filter(ends_on__gte=since).values_list("stage", "region"))
    requests = Counter(
        HostRequest.objects.filter(status__in=OPEN_REQUEST).values_list("stage", "region")
    )
    practices: Counter[str] = Counter()
    for stages in Practice.objects.filter(status="published").values_list("stages", flat=True):
        practices.update(s for s in stages or [] if s in Stage.values)
    rows = []
    for stage in Stage:
        cells = [Cell(events[(stage.value, r.value)], requests[(stage.value, r.value)])
                 for r in Region]  # fmt: skip
        rows.append({"stage": stage, "cells": cells, "practices": practices[stage.value]})
    return {"regions": list(Region), "rows": rows, "since": since}


def heat(cell: Cell) -> str:
    """The cell's shade: no event yet with a request waiting is the hottest gap."""
    if cell.events == 0 and cell.requests:
        return "heat-0"
    if cell.events == 0:
        return "heat-1"
    return "heat-3" if cell.events > 1 else "heat-2"


def feedback_summary(event: Event) -> dict[str, Any]:
    """Averages (1-5) of each rating and the comments, for one event."""
    from django.db.models import Avg, Count

    from chemsec.events.models import Feedback

    rows = Feedback.objects.filter(registration__event=event)
    agg = rows.aggregate(
        n=Count("pk"), content=Avg("content"), speakers=Avg("speakers"),
        organisation=Avg("organisation_rating"),
    )  # fmt: skip
    averages = {
        k: (round(float(v), 2) if v is not None else None) for k, v in agg.items() if k != "n"
    }
    comments = [c for c in rows.order_by("created_at").values_list("comment", flat=True) if c]
    return {"count": agg["n"], "averages": averages, "comments": comments}

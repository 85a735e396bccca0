"""Reads of events across apps: the practices an event produced, and what an organisation
contributed through events (registered with chemsec.network.contributions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from chemsec.core.models import Organisation
from chemsec.core.policy import AnyUser
from chemsec.events.models import Event, EventPractice, Registration
from chemsec.network.contributions import Hosted


@dataclass(frozen=True)
class Produced:
    """A draft from the event and, once reviewers published it, the practice it became."""

    draft: EventPractice
    practice: Any  # chemsec.compendium.models.Practice | None


def practices_from(event: Event) -> list[Produced]:
    """The event's drafts with the practice each became: the published version whose note
    carries the draft's provenance reference (the compendium keeps the draft's note)."""
    from chemsec.compendium.models import PracticeVersion

    drafts = list(event.practices.select_related("proposal", "session"))
    if not drafts:
        return []
    versions = PracticeVersion.objects.filter(note__contains=f"urn:chemsec:event:{event.pk}:")
    by_reference: dict[str, Any] = {}
    for version in versions.select_related("practice").order_by("number"):
        for draft in drafts:
            if draft.reference in version.note and draft.reference not in by_reference:
                by_reference[draft.reference] = version.practice
    return [Produced(d, by_reference.get(d.reference)) for d in drafts]


def hosted_by(organisation: Organisation, user: AnyUser) -> list[Hosted]:
    events = Event.objects.visible_to(user).filter(host=organisation).exclude(status="cancelled")
    return [
        Hosted(e.title, e.starts_on, e.ends_on, str(e.get_kind_display()),
               reverse("events:event", kwargs={"event_id": e.pk}))
        for e in events
    ]  # fmt: skip


def attended_from(organisation: Organisation) -> set[int]:
    """The people the organisation nominated who attended an event (any kind)."""
    rows = Registration.objects.filter(nominated_by=organisation, attended=True)
    return set(rows.values_list("participant_id", flat=True))

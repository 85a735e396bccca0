"""Writes for assistance: file a request, triage it, assign experts, notes and outcomes.

Every service asks the policy first (`require`), whoever calls it: pages and the API fetch
the request with `policy.get_object` and the same action, so they give the same answers.
Every write goes through chemsec.core.writes and is audited with {field: [old, new]}.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chemsec.assistance.choices import TRANSITIONS, Priority, RequestStatus
from chemsec.assistance.drafts import draft_from_outcome
from chemsec.assistance.matching import Match, match_practices, section_by_urn
from chemsec.assistance.models import (
    Assignment,
    AssistanceRequest,
    ExpertProfile,
    Outcome,
    RequestNote,
)
from chemsec.core.models import Organisation, User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_update


def _person(actor: Actor) -> User | None:
    """The actor as recorded on a note, an assignment or an outcome (none for the system)."""
    return actor if isinstance(actor, User) else None


@transaction.atomic
def request_file(
    *,
    user: Actor,
    organisation: Organisation | None,
    title: str,
    need: str,
    framework_section: str = "",
    stage: str = "",
    measure_type: str = "",
    priority: str = Priority.NORMAL,
) -> AssistanceRequest:
    """A member files a need for the organisation they act for; matching practices are
    proposed and kept at once."""
    require(user, "assistance_request.create", organisation)
    if organisation is None:  # only the system actor gets past `require` without one
        raise ValueError("An organisation is required.")
    if framework_section and section_by_urn(framework_section) is None:
        raise ValidationError({"framework_section": _("Unknown framework section.")})
    request = AssistanceRequest(
        organisation=organisation,
        title=title.strip(),
        need=need.strip(),
        framework_section=framework_section,
        stage=stage,
        measure_type=measure_type,
        priority=priority,
    )
    request.full_clean()  # before matching: a need that is not valid is not searched
    request.matches = [m.as_dict() for m in _matches(request, user)]
    return write_create(request, actor=user)


def _matches(request: AssistanceRequest, user: Actor) -> list[Match]:
    return match_practices(
        need=request.need,
        title=request.title,
        stage=request.stage,
        measure_type=request.measure_type,
        framework_section=request.framework_section,
        user=_person(user),
    )


@transaction.atomic
def request_triage(
    *,
    user: Actor,
    request: AssistanceRequest,
    status: str | None = None,
    priority: str | None = None,
    note: str = "",
) -> AssistanceRequest:
    """The secretariat moves a request along its workflow and sets its priority."""
    require(user, "assistance_request.triage", request)
    values: dict[str, Any] = {}
    if status and status != request.status:
        if status not in TRANSITIONS.get(request.status, ()):
            raise ValidationError(
                {"status": _("A request cannot go from %(old)s to %(new)s.")
                 % {"old": request.get_status_display(), "new": RequestStatus(status).label}}
            )  # fmt: skip
        values["status"] = status
    if priority:
        values["priority"] = priority
    write_update(request, actor=user, values=values)
    if note.strip():
        note_add(user=user, request=request, text=note)
    return request


@transaction.atomic
def note_add(*, user: Actor, request: AssistanceRequest, text: str) -> RequestNote:
    """A remark by the requester or the secretariat (whoever may change the request)."""
    require(user, "assistance_request.change", request)
    note = RequestNote(request=request, author=_person(user), text=text.strip())
    return write_create(note, actor=user)


@transaction.atomic
def expert_assign(
    *, user: Actor, request: AssistanceRequest, expert: ExpertProfile, role: str = ""
) -> Assignment:
    require(user, "assistance_request.triage", request)
    if request.assignments.filter(expert=expert).exists():
        raise ValidationError({"expert": _("This expert is already assigned.")})
    assignment = Assignment(
        request=request, expert=expert, assigned_by=_person(user), role=role.strip()
    )
    return write_create(assignment, actor=user)


@transaction.atomic
def outcome_record(
    *, user: Actor, request: AssistanceRequest, text: str, make_draft: bool = False
) -> tuple[Outcome, str]:
    """Record what the assistance achieved; optionally draft a new compendium entry from it.

    Returns the outcome and a message saying whether a draft was made."""
    require(user, "assistance_request.triage", request)
    outcome = Outcome(request=request, author=_person(user), text=text.strip())
    outcome.full_clean()
    message = _("Outcome recorded.")
    if make_draft:
        outcome.draft_proposal, message = draft_from_outcome(user=user, outcome=outcome)
    return write_create(outcome, actor=user), message


@transaction.atomic
def expert_profile_save(
    *,
    user: Actor,
    expert: User,
    competencies: list[str],
    languages: list[str],
    region: str = "",
    availability: str = "",
    notes: str = "",
) -> ExpertProfile:
    """Create or update a person's expert profile; the secretariat keeps the directory."""
    require(user, "expert.change", None)
    values: dict[str, Any] = {
        "competencies": list(dict.fromkeys(competencies)),
        "languages": [code.strip().lower() for code in languages if code.strip()],
        "region": region,
        "notes": notes.strip(),
    }
    if availability:
        values["availability"] = availability
    profile = ExpertProfile.objects.filter(user=expert).first()
    if profile is None:
        return write_create(ExpertProfile(user=expert, **values), actor=user)
    return write_update(profile, actor=user, values=values)

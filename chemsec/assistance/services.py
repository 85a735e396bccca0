"""Writes for assistance: file a request, triage it, assign experts, notes and outcomes.

Everything a requester or the secretariat changes goes through here and is audited.
Callers fetch the request through `AssistanceRequest.objects.visible_to` first; these
functions add the role checks that visibility alone does not decide.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chemsec.assistance.choices import TRANSITIONS, Priority, RequestStatus
from chemsec.assistance.drafts import draft_from_outcome
from chemsec.assistance.matching import match_practices, section_by_urn
from chemsec.assistance.models import (
    Assignment,
    AssistanceRequest,
    ExpertProfile,
    Outcome,
    RequestNote,
)
from chemsec.assistance.querysets import is_secretariat_staff
from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction, Role
from chemsec.core.models import Organisation, User


def _require_triage(user: User) -> None:
    if not is_secretariat_staff(user, "change"):
        raise PermissionDenied(_("Only secretariat reviewers can triage requests."))


def _require_can_change(user: User, request: AssistanceRequest) -> None:
    if not AssistanceRequest.objects.visible_to(user, "change").filter(pk=request.pk).exists():
        raise PermissionDenied(_("You cannot add to this request."))


@transaction.atomic
def request_file(
    *,
    user: User,
    organisation: Organisation,
    title: str,
    need: str,
    framework_section: str = "",
    stage: str = "",
    measure_type: str = "",
    priority: str = Priority.NORMAL,
) -> AssistanceRequest:
    """A member files a need; matching practices are proposed and kept at once."""
    if not user.has_role(organisation, Role.CONTRIBUTOR):
        raise PermissionDenied(_("Contributors and above can file requests."))
    if framework_section and section_by_urn(framework_section) is None:
        raise ValidationError({"framework_section": _("Unknown framework section.")})
    request = AssistanceRequest(
        organisation=organisation,
        created_by=user,
        title=title.strip(),
        need=need.strip(),
        framework_section=framework_section,
        stage=stage,
        measure_type=measure_type,
        priority=priority,
    )
    request.full_clean()
    request.matches = [m.as_dict() for m in _matches(request, user)]
    request.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=request,
        changes={"matches": [m["urn"] for m in request.matches]},
    )
    return request


def _matches(request: AssistanceRequest, user: User) -> list[Any]:
    return match_practices(
        need=request.need,
        title=request.title,
        stage=request.stage,
        measure_type=request.measure_type,
        framework_section=request.framework_section,
        user=user,
    )


@transaction.atomic
def request_triage(
    *,
    user: User,
    request: AssistanceRequest,
    status: str | None = None,
    priority: str | None = None,
    note: str = "",
) -> AssistanceRequest:
    """The secretariat moves a request along its workflow and sets its priority."""
    _require_triage(user)
    changes: dict[str, Any] = {}
    if status and status != request.status:
        if status not in TRANSITIONS.get(request.status, ()):
            raise ValidationError(
                {"status": _("A request cannot go from %(old)s to %(new)s.")
                 % {"old": request.get_status_display(), "new": RequestStatus(status).label}}
            )  # fmt: skip
        changes["status"] = [request.status, status]
        request.status = status
    if priority and priority != request.priority:
        changes["priority"] = [request.priority, priority]
        request.priority = priority
    if changes:
        request.full_clean()
        request.save(update_fields=["status", "priority", "updated_at"])
        audit_record(actor=user, action=AuditAction.UPDATE, obj=request, changes=changes)
    if note.strip():
        note_add(user=user, request=request, text=note)
    return request


@transaction.atomic
def note_add(*, user: User, request: AssistanceRequest, text: str) -> RequestNote:
    _require_can_change(user, request)
    note = RequestNote(request=request, author=user, text=text.strip())
    note.full_clean()
    note.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=note,
        organisation=request.organisation,
        changes={"request": str(request.pk)},
    )
    return note


@transaction.atomic
def expert_assign(
    *, user: User, request: AssistanceRequest, expert: ExpertProfile, role: str = ""
) -> Assignment:
    _require_triage(user)
    if request.assignments.filter(expert=expert).exists():
        raise ValidationError({"expert": _("This expert is already assigned.")})
    assignment = Assignment(request=request, expert=expert, assigned_by=user, role=role.strip())
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=request,
        changes={"assigned": expert.user.get_username(), "role": assignment.role},
    )
    return assignment


@transaction.atomic
def outcome_record(
    *, user: User, request: AssistanceRequest, text: str, make_draft: bool = False
) -> tuple[Outcome, str]:
    """Record what the assistance achieved; optionally draft a new compendium entry from it.

    Returns the outcome and a message saying whether a draft was made."""
    _require_triage(user)
    outcome = Outcome(request=request, author=user, text=text.strip())
    outcome.full_clean()
    message = _("Outcome recorded.")
    if make_draft:
        outcome.draft_proposal, message = draft_from_outcome(user=user, outcome=outcome)
    outcome.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=outcome,
        organisation=request.organisation,
        changes={"request": str(request.pk), "draft": outcome.draft_proposal},
    )
    return outcome, message


@transaction.atomic
def expert_profile_save(
    *,
    user: User,
    expert: User,
    competencies: list[str],
    languages: list[str],
    region: str = "",
    availability: str = "",
    notes: str = "",
) -> ExpertProfile:
    """Create or update a person's expert profile; the secretariat keeps the directory."""
    _require_triage(user)
    profile = ExpertProfile.objects.filter(user=expert).first() or ExpertProfile(user=expert)
    created = profile._state.adding
    profile.competencies = list(dict.fromkeys(competencies))
    profile.languages = [code.strip().lower() for code in languages if code.strip()]
    profile.region, profile.notes = region, notes.strip()
    profile.availability = availability or profile.availability
    profile.full_clean()
    profile.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=profile,
        changes={"competencies": profile.competencies, "availability": profile.availability},
    )
    return profile

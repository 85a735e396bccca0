"""Writes to the compendium: propose, comment, approve, reject, withdraw, supersede, sync content.

Every write keeps the search structures in step (chemsec.compendium.index) and approvals,
withdrawals and supersessions are audited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chemsec.compendium.choices import PracticeStatus, ProposalStatus
from chemsec.compendium.index import embed_versions, index_practices
from chemsec.compendium.models import Comment, Practice, PracticeVersion, Proposal
from chemsec.compendium.querysets import is_reviewer
from chemsec.core.audit import audit_record
from chemsec.core.choices import AuditAction
from chemsec.core.models import User

CONTENT_FIELDS = (
    "title", "summary", "body", "keywords", "stages", "audiences", "measure_types",
    "threats", "facility_scale", "references", "language",
)  # fmt: skip
TAXONOMY_FIELDS = ("stages", "audiences", "measure_types", "threats", "facility_scale")


def _require_member(user: Any) -> None:
    if not getattr(user, "is_authenticated", False) or not user.memberships.exists():
        raise ValidationError(_("Only members of the network can propose entries."))


def _require_reviewer(user: Any) -> None:
    if not is_reviewer(user):
        raise ValidationError(_("Only secretariat reviewers can do this."))


@transaction.atomic
def proposal_create(
    *, user: User, data: dict[str, Any], practice: Practice | None = None, note: str = ""
) -> Proposal:
    """A draft of a new entry (practice None) or of a change to a published one."""
    _require_member(user)
    if practice is not None and practice.status != PracticeStatus.PUBLISHED:
        raise ValidationError(_("Only published entries can be changed."))
    proposal = Proposal(practice=practice, created_by=user, note=note)
    _assign(proposal, data)
    proposal.full_clean()
    proposal.save()
    audit_record(actor=user, action=AuditAction.CREATE, obj=proposal)
    return proposal


def _assign(proposal: Proposal, data: dict[str, Any]) -> None:
    for name in (*CONTENT_FIELDS, "related_urns", "translation_of"):
        if name in data:
            setattr(proposal, name, data[name])
    for name in TAXONOMY_FIELDS:
        if not getattr(proposal, name):
            raise ValidationError({name: _("Choose at least one.")})


@transaction.atomic
def proposal_update(*, user: User, proposal: Proposal, data: dict[str, Any]) -> Proposal:
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal has already been decided."))
    _assign(proposal, data)
    proposal.full_clean()
    proposal.save()
    audit_record(actor=user, action=AuditAction.UPDATE, obj=proposal)
    return proposal


@transaction.atomic
def comment_add(*, user: User, proposal: Proposal, text: str) -> Comment:
    comment = Comment(proposal=proposal, author=user, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def proposal_approve(*, user: User, proposal: Proposal, note: str = "") -> Practice:
    """Publish a draft: a new entry at version 1, or the next version of the entry it changes."""
    _require_reviewer(user)
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal has already been decided."))
    practice = proposal.practice or Practice(urn=_new_urn(proposal.title), version=0)
    values = {name: getattr(proposal, name) for name in CONTENT_FIELDS}
    _publish(practice, values, author=proposal.created_by, approver=user, note=proposal.note)
    _link(practice, proposal.related_urns, proposal.translation_of)
    proposal.status, proposal.reviewed_by = ProposalStatus.APPROVED, user
    proposal.reviewed_at, proposal.review_note = timezone.now(), note
    proposal.save()
    audit_record(
        actor=user,
        action=AuditAction.APPROVE,
        obj=practice,
        changes={"proposal": str(proposal.pk), "version": practice.version},
    )
    return practice


def _new_urn(title: str) -> str:
    base = "urn:chemsec:practice:" + (slugify(title)[:80].strip("-") or "entry")
    urn, n = base, 2
    while Practice.objects.filter(urn=urn).exists():
        urn, n = f"{base}-{n}", n + 1
    return urn


def _publish(
    practice: Practice, values: dict[str, Any], *, author: Any, approver: Any, note: str
) -> PracticeVersion:
    for name, value in values.items():
        setattr(practice, name, value)
    practice.version += 1
    practice.status = PracticeStatus.PUBLISHED
    practice.published_at = timezone.now()
    practice.created_by = practice.created_by or author
    practice.full_clean(exclude=["related"])
    practice.save()
    version = _snapshot(practice, author=author, approver=approver, note=note)
    embed_versions([version], [practice.keywords])
    version.save()
    index_practices([practice])
    return version


def _snapshot(practice: Practice, *, author: Any, approver: Any, note: str) -> PracticeVersion:
    return PracticeVersion(
        practice=practice,
        number=practice.version,
        title=practice.title,
        summary=practice.summary,
        body=practice.body,
        taxonomy={name: getattr(practice, name) for name in TAXONOMY_FIELDS},
        note=note,
        author=author,
        approved_by=approver,
    )


def _link(practice: Practice, related_urns: list[str], translation_of: Any) -> None:
    if related_urns:
        practice.related.set(Practice.objects.filter(urn__in=related_urns).exclude(pk=practice.pk))
    if translation_of is not None and translation_of.pk != practice.pk:
        practice.translation_of = translation_of
        practice.save(update_fields=["translation_of", "updated_at"])


@transaction.atomic
def proposal_reject(*, user: User, proposal: Proposal, note: str) -> Proposal:
    _require_reviewer(user)
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal has already been decided."))
    proposal.status, proposal.reviewed_by = ProposalStatus.REJECTED, user
    proposal.reviewed_at, proposal.review_note = timezone.now(), note
    proposal.save()
    audit_record(actor=user, action=AuditAction.UPDATE, obj=proposal, changes={"rejected": note})
    return proposal


@transaction.atomic
def practice_withdraw(*, user: User, practice: Practice, reason: str) -> Practice:
    _require_reviewer(user)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for withdrawal.")})
    practice.status, practice.withdrawn_reason = PracticeStatus.WITHDRAWN, reason.strip()
    practice.save()
    audit_record(
        actor=user, action=AuditAction.APPROVE, obj=practice, changes={"withdrawn": reason}
    )
    return practice


@transaction.atomic
def practice_supersede(*, user: User, practice: Practice, replacement: Practice) -> Practice:
    _require_reviewer(user)
    if replacement.pk == practice.pk or replacement.status != PracticeStatus.PUBLISHED:
        raise ValidationError(_("Choose another published entry as the replacement."))
    practice.status, practice.superseded_by = PracticeStatus.SUPERSEDED, replacement
    practice.save()
    audit_record(
        actor=user,
        action=AuditAction.APPROVE,
        obj=practice,
        changes={"superseded_by": replacement.urn},
    )
    return practice

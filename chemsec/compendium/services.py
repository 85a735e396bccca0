"""Writes to the compendium: propose, comment, approve, reject, withdraw, supersede.

Every service asks the policy first (`require`: the `proposal.*` and `practice.*` actions),
then writes through chemsec.core.writes, so every write is audited in one format; and each
keeps the search structures in step (chemsec.compendium.index). Loading the shipped
practices is chemsec.compendium.content.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chemsec.compendium.choices import PracticeStatus, ProposalStatus
from chemsec.compendium.index import embed_multilingual, embed_versions, index_practices
from chemsec.compendium.models import Comment, Practice, PracticeVersion, Proposal, Translation
from chemsec.compendium.translations import translation_correct
from chemsec.core.choices import AuditAction
from chemsec.core.models import User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_update

CONTENT_FIELDS = (
    "title", "summary", "body", "keywords", "stages", "audiences", "measure_types",
    "threats", "facility_scale", "references", "language",
)  # fmt: skip
TAXONOMY_FIELDS = ("stages", "audiences", "measure_types", "threats", "facility_scale")
PROPOSAL_FIELDS = (*CONTENT_FIELDS, "related_urns", "translation_of")


def _person(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _open(proposal: Proposal) -> None:
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(_("This proposal has already been decided."))


def _draft_values(proposal: Proposal, data: dict[str, Any]) -> dict[str, Any]:
    """The proposal fields `data` sets; every taxonomy must keep at least one code."""
    values = {name: data[name] for name in PROPOSAL_FIELDS if name in data}
    for name in TAXONOMY_FIELDS:
        if not values.get(name, getattr(proposal, name)):
            raise ValidationError({name: _("Choose at least one.")})
    return values


@transaction.atomic
def proposal_create(
    *, user: Actor, data: dict[str, Any], practice: Practice | None = None, note: str = ""
) -> Proposal:
    """A draft of a new entry (practice None) or of a change to a published one."""
    require(user, "proposal.create", None)
    if practice is not None:
        require(user, "practice.view", practice)
        if practice.status != PracticeStatus.PUBLISHED:
            raise ValidationError(_("Only published entries can be changed."))
    proposal = Proposal(practice=practice, created_by=_person(user), note=note)
    for name, value in _draft_values(proposal, data).items():
        setattr(proposal, name, value)
    return write_create(proposal, actor=user)


@transaction.atomic
def proposal_update(*, user: Actor, proposal: Proposal, data: dict[str, Any]) -> Proposal:
    require(user, "proposal.change", proposal)
    _open(proposal)
    return write_update(proposal, actor=user, values=_draft_values(proposal, data))


@transaction.atomic
def comment_add(*, user: Actor, proposal: Proposal, text: str) -> Comment:
    require(user, "proposal.comment", proposal)
    comment = Comment(proposal=proposal, author=_person(user), text=text.strip())
    return write_create(comment, actor=user)


@transaction.atomic
def proposal_approve(*, user: Actor, proposal: Proposal, note: str = "") -> Practice:
    """Publish a draft: a new entry at version 1, or the next version of the entry it changes.

    Audited as the practice's creation (or "approve" with [old, new] of what the new
    version changed), the frozen version's creation, and the proposal's "approve".
    """
    require(user, "proposal.decide", proposal)
    _open(proposal)
    overlay = _overlay_corrected(proposal)
    if overlay is not None:
        translation_correct(user=user, translation=overlay, fields=_texts_of(proposal))
        _decide(proposal, user, note)
        return proposal.translation_of or Practice.objects.get(urn=overlay.urn)
    values: dict[str, Any] = {name: getattr(proposal, name) for name in CONTENT_FIELDS}
    values.update(status=PracticeStatus.PUBLISHED, published_at=timezone.now())
    practice = proposal.practice
    if practice is None:
        practice = Practice(
            urn=_new_urn(proposal.title), version=1, created_by=proposal.created_by, **values
        )
        write_create(practice, actor=user)
    else:
        values["version"] = practice.version + 1
        if practice.created_by_id is None:  # a shipped entry: its first member author
            values["created_by"] = proposal.created_by
        write_update(practice, actor=user, values=values, action=AuditAction.APPROVE)
    _freeze(practice, author=proposal.created_by, actor=user, note=proposal.note)
    _link(practice, proposal.related_urns, proposal.translation_of, actor=user)
    index_practices([practice])
    embed_multilingual([practice.urn])
    _decide(proposal, user, note)
    return practice


def _decide(proposal: Proposal, user: Actor, note: str) -> None:
    decision = {
        "status": ProposalStatus.APPROVED,
        "reviewed_by": _person(user),
        "reviewed_at": timezone.now(),
        "review_note": note,
    }
    write_update(proposal, actor=user, values=decision, action=AuditAction.APPROVE)


def _overlay_corrected(proposal: Proposal) -> Translation | None:
    """A proposal that corrects a shipped translation (docs/translations.md): it names the
    English entry it translates, in another language, and that translation exists."""
    original = proposal.translation_of
    if proposal.practice is not None or original is None or proposal.language == "en":
        return None
    return Translation.objects.filter(urn=original.urn, language=proposal.language).first()


def _texts_of(proposal: Proposal) -> dict[str, Any]:
    return {
        "title": proposal.title,
        "summary": proposal.summary,
        "body": proposal.body,
        "keywords": proposal.keywords,
    }


def _new_urn(title: str) -> str:
    base = "urn:chemsec:practice:" + (slugify(title)[:80].strip("-") or "entry")
    urn, n = base, 2
    while Practice.objects.filter(urn=urn).exists():
        urn, n = f"{base}-{n}", n + 1
    return urn


def _freeze(practice: Practice, *, author: User | None, actor: Actor, note: str) -> PracticeVersion:
    """Keep the version just published, with its embedding, as its own audited record."""
    version = PracticeVersion(
        practice=practice,
        number=practice.version,
        title=practice.title,
        summary=practice.summary,
        body=practice.body,
        taxonomy={name: getattr(practice, name) for name in TAXONOMY_FIELDS},
        note=note,
        author=author,
        approved_by=_person(actor),
    )
    embed_versions([version], [practice.keywords])
    return write_create(version, actor=actor)


def _link(
    practice: Practice, related_urns: list[str], translation_of: Practice | None, *, actor: Actor
) -> None:
    if related_urns:
        practice.related.set(Practice.objects.filter(urn__in=related_urns).exclude(pk=practice.pk))
    if translation_of is not None and translation_of.pk != practice.pk:
        write_update(practice, actor=actor, values={"translation_of": translation_of})


@transaction.atomic
def proposal_reject(*, user: Actor, proposal: Proposal, note: str) -> Proposal:
    require(user, "proposal.decide", proposal)
    _open(proposal)
    decision = {
        "status": ProposalStatus.REJECTED,
        "reviewed_by": _person(user),
        "reviewed_at": timezone.now(),
        "review_note": note,
    }
    return write_update(proposal, actor=user, values=decision)


@transaction.atomic
def practice_withdraw(*, user: Actor, practice: Practice, reason: str) -> Practice:
    require(user, "practice.change", practice)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for withdrawal.")})
    values = {"status": PracticeStatus.WITHDRAWN, "withdrawn_reason": reason.strip()}
    return write_update(practice, actor=user, values=values, action=AuditAction.APPROVE)


@transaction.atomic
def practice_supersede(*, user: Actor, practice: Practice, replacement: Practice) -> Practice:
    require(user, "practice.change", practice)
    if replacement.pk == practice.pk or replacement.status != PracticeStatus.PUBLISHED:
        raise ValidationError(_("Choose another published entry as the replacement."))
    values = {"status": PracticeStatus.SUPERSEDED, "superseded_by": replacement}
    return write_update(practice, actor=user, values=values, action=AuditAction.APPROVE)

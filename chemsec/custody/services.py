"""Writes to the chain of custody: register a sample, record and confirm handovers, split
to laboratories, attach hashed files; each appends a link to the sample's custody log.

Every service asks the policy first, then writes through chemsec.core.writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chemsec.core.models import Organisation, User
from chemsec.core.policy import Actor, require
from chemsec.core.writes import write_create, write_update
from chemsec.custody import chain, timestamps
from chemsec.custody.choices import TRANSFERS, HandoverStatus, Step
from chemsec.custody.models import Attachment, ChainTimestamp, CustodyEntry, Handover, Sample
from chemsec.incidents.models import Incident
from chemsec.lib.hashing import GENESIS_HASH, sha256_hex


def _person(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _append(sample: Sample, actor: Actor, organisation: Organisation, kind: str,
            data: dict[str, Any]) -> CustodyEntry:  # fmt: skip
    """The next link of the sample's log (the sample row is locked while appending)."""
    Sample.objects.select_for_update().filter(pk=sample.pk).first()
    last = sample.entries.order_by("-sequence").first()
    entry = CustodyEntry(
        sample=sample,
        sequence=(last.sequence + 1) if last else 1,
        at=timezone.now().astimezone(dt.UTC),
        kind=kind,
        actor=actor.get_username(),
        actor_organisation=organisation.name,
        data=data,
        previous_hash=last.entry_hash if last else GENESIS_HASH,
    )
    content = chain.entry_content(entry.as_dict() | {"entry_hash": ""})
    entry.entry_hash = chain.link(content, entry.previous_hash)
    return write_create(entry, actor=actor)


def _described(sample: Sample) -> dict[str, Any]:
    return {
        "identifier": sample.identifier,
        "seal_number": sample.seal_number,
        "description": sample.description,
        "taken_at": sample.taken_at.isoformat(),
        "taken_by": sample.taken_by,
        "taken_place": sample.taken_place,
    }


@transaction.atomic
def sample_register(
    *,
    actor: Actor,
    organisation: Organisation | None,
    identifier: str,
    description: str,
    taken_by: str,
    taken_place: str,
    seal_number: str = "",
    taken_at: dt.datetime | None = None,
    incident: Incident | None = None,
) -> Sample:
    """A sample or item taken, held by the organisation; the first link of its log."""
    require(actor, "sample.create", organisation)
    if organisation is None:
        raise ValueError("An organisation is required.")
    if incident is not None:
        require(actor, "incident.view", incident)
    if Sample.objects.filter(organisation=organisation, identifier=identifier.strip()).exists():
        raise ValidationError({"identifier": _("This identifier is already used.")})
    sample = Sample(
        organisation=organisation, holder=organisation, identifier=identifier.strip(),
        seal_number=seal_number.strip(), description=description.strip(),
        taken_at=taken_at or timezone.now(), taken_by=taken_by.strip(),
        taken_place=taken_place.strip(), incident=incident,
    )  # fmt: skip
    write_create(sample, actor=actor)
    _append(sample, actor, organisation, "taken", _described(sample))
    return sample


def _idle(sample: Sample) -> None:
    if sample.handovers.filter(status=HandoverStatus.PENDING).exists():
        raise ValidationError(_("A handover of this item awaits confirmation."))


@transaction.atomic
def handover_record(
    *,
    actor: Actor,
    sample: Sample,
    step: str,
    to_organisation: Organisation | None = None,
    seal_number: str = "",
    note: str = "",
) -> Handover:
    """The holder records a step; a transfer names the receiving organisation, a step done
    where the item is (sealing, a seal check, opening, resealing) stays with the holder."""
    require(actor, "sample.handover", sample)
    _idle(sample)
    step = Step(step)
    if step == Step.SPLIT:
        raise ValidationError({"step": _("Split the item with the split form.")})
    holder = sample.holder
    if step in TRANSFERS:
        if to_organisation is None or to_organisation.pk == holder.pk:
            raise ValidationError({"to_organisation": _("Name the receiving organisation.")})
    else:
        to_organisation = holder
    handover = Handover(
        sample=sample, step=step, from_organisation=holder, to_organisation=to_organisation,
        seal_number=seal_number.strip(), note=note.strip(), recorded_by=_person(actor),
    )  # fmt: skip
    write_create(handover, actor=actor)
    _append(sample, actor, holder, "recorded", {
        "handover": str(handover.pk), "step": step.value, "from": holder.name,
        "to": to_organisation.name, "seal_number": handover.seal_number, "note": handover.note,
    })  # fmt: skip
    return handover


@transaction.atomic
def handover_confirm(
    *,
    actor: Actor,
    handover: Handover,
    seal_intact: bool,
    seal_number_seen: str = "",
    note: str = "",
) -> Handover:
    """The receiving party (or, where the item stays, a second person) confirms the step,
    saying whether the seal was intact and which seal number they saw."""
    require(actor, "handover.confirm", handover)
    if handover.status != HandoverStatus.PENDING:
        raise ValidationError(_("This handover is already confirmed."))
    person = _person(actor)
    if person is not None and handover.recorded_by_id == person.pk:
        raise ValidationError(_("A second person confirms: not the one who recorded it."))
    seen = seal_number_seen.strip()
    mismatch = bool(seen and handover.seal_number and seen != handover.seal_number)
    write_update(handover, actor=actor, values={
        "status": HandoverStatus.CONFIRMED, "confirmed_by": person,
        "confirmed_at": timezone.now(), "seal_intact": seal_intact and not mismatch,
        "confirm_note": note.strip(),
    })  # fmt: skip
    sample = handover.sample
    if handover.to_organisation_id != sample.holder_id:
        write_update(sample, actor=actor, values={"holder": handover.to_organisation})
    _append(sample, actor, handover.to_organisation, "confirmed", {
        "handover": str(handover.pk), "step": handover.step, "seal_intact": seal_intact,
        "seal_number_seen": seen, "seal_mismatch": mismatch, "note": note.strip(),
    })  # fmt: skip
    return handover


@dataclass(frozen=True)
class Portion:
    identifier: str
    seal_number: str
    laboratory: Organisation


@transaction.atomic
def sample_split(*, actor: Actor, sample: Sample, portions: list[Portion]) -> list[Sample]:
    """Divide the item into portions, each sealed and sent to a laboratory: at least two
    laboratories (Chemical Weapons Convention, Verification Annex Part II, paragraph 57 [verify]
    : authentic samples analysed in at least two designated laboratories)."""
    require(actor, "sample.split", sample)
    _idle(sample)
    labs = {p.laboratory.pk for p in portions}
    if len(portions) < 2 or len(labs) < 2:
        raise ValidationError(_("Split into portions for at least two laboratories."))
    if sample.holder_id in labs:
        raise ValidationError(_("Send the portions to laboratories other than the holder."))
    holder = sample.holder
    head = sample.entries.order_by("-sequence").first()
    children = []
    for portion in portions:
        child = Sample(
            organisation=sample.organisation, holder=holder, parent=sample,
            identifier=portion.identifier.strip(), seal_number=portion.seal_number.strip(),
            # The material's own description (typed data); "Portion of" is shown from
            # `parent` in the reader's language, never stored in the writer's.
            description=sample.description,
            taken_at=timezone.now(), taken_by=actor.get_username(),
            taken_place=sample.taken_place, incident=sample.incident,
        )  # fmt: skip
        if Sample.objects.filter(organisation=sample.organisation,
                                 identifier=child.identifier).exists():  # fmt: skip
            raise ValidationError({"identifier": _("This identifier is already used.")})
        write_create(child, actor=actor)
        _append(child, actor, holder, "taken", _described(child) | {
            "split_from": sample.identifier,
            "parent_head": head.entry_hash if head else GENESIS_HASH,
        })  # fmt: skip
        children.append(child)
    pairs = list(zip(children, portions, strict=True))
    _append(sample, actor, holder, "split", {
        "portions": [{"identifier": c.identifier, "seal_number": c.seal_number,
                      "laboratory": p.laboratory.name} for c, p in pairs],
    })  # fmt: skip
    for child, portion in pairs:
        handover_record(actor=actor, sample=child, step=Step.SENT_TO_LAB,
                        to_organisation=portion.laboratory,
                        seal_number=portion.seal_number)  # fmt: skip
    return children


@transaction.atomic
def attachment_add(
    *, actor: Actor, sample: Sample, upload: Any, handover: Handover | None = None
) -> Attachment:
    """A photo or document, hashed (SHA-256) into the custody log as it is added."""
    require(actor, "sample.attach", sample)
    content = upload.read()
    upload.seek(0)
    digest = sha256_hex(content)
    attachment = Attachment(
        sample=sample, handover=handover, file=upload, filename=str(upload.name)[:255],
        sha256=digest, size=len(content),
    )  # fmt: skip
    write_create(attachment, actor=actor)
    organisation = sample.holder
    _append(sample, actor, organisation, "attached", {
        "filename": attachment.filename, "sha256": digest, "size": len(content),
        "handover": str(handover.pk) if handover else None,
    })  # fmt: skip
    return attachment


def custody_report(sample: Sample) -> dict[str, Any]:
    """The custody report: the sample, its whole log and its files' hashes; re-verifiable
    from this document alone (chain.verify_report)."""
    entries = [e.as_dict() for e in sample.entries.order_by("sequence")]
    return {
        "schema": chain.SCHEMA,
        "generated_at": timezone.now().isoformat(),
        "sample": _described(sample) | {
            "owner": sample.organisation.name, "holder": sample.holder.name,
            "parent": sample.parent.identifier if sample.parent else None,
        },
        "files": [{"filename": a.filename, "sha256": a.sha256, "size": a.size}
                  for a in sample.attachments.all()],
        "entries": entries,
        "head": entries[-1]["entry_hash"] if entries else None,
        "timestamps": [_exported(t) for t in sample.timestamps.all()],
        "algorithm": "sha256(previous_hash + canonical_json(content)); "
        "content = sequence, at, kind, actor, organisation, data",
    }  # fmt: skip


def verify_sample(sample: Sample) -> list[str]:
    """Recompute the stored log of one sample (and that each file still hashes as logged,
    and that each timestamp token dates the entry it was asked for)."""
    entries = [e.as_dict() for e in sample.entries.order_by("sequence")]
    problems = chain.verify_entries(entries)
    problems += [f"timestamp: {p}" for p in verify_timestamps(sample, entries)]
    for attachment in sample.attachments.all():
        try:
            with attachment.file.open("rb") as handle:
                if sha256_hex(handle.read()) != attachment.sha256:
                    problems.append(f"file {attachment.filename!r}: changed since it was added")
        except OSError:
            problems.append(f"file {attachment.filename!r}: missing")
    return problems


def _exported(stamp: ChainTimestamp) -> dict[str, Any]:
    return timestamps.as_export(
        stamp.sequence, stamp.entry_hash,
        timestamps.Stamp(token=bytes(stamp.token), gen_time=stamp.gen_time, serial=stamp.serial,
                         authority=stamp.authority),
        stamp.tsa_url,
    )  # fmt: skip


def tsa_roots() -> list[Any]:
    """The certificates trusted to sign timestamp tokens (CHEMSEC_TSA_CERTIFICATES, PEM)."""
    path = settings.CHEMSEC_TSA_CERTIFICATES
    if not path:
        return []
    with open(path, "rb") as handle:
        return timestamps.load_roots(handle.read())


def verify_timestamps(sample: Sample, entries: list[dict[str, Any]] | None = None) -> list[str]:
    """Each stored token, offline: on the entry hash it names, dating that hash, signed by a
    trusted TSA when trusted certificates are configured."""
    report = {"entries": entries if entries is not None
              else [e.as_dict() for e in sample.entries.order_by("sequence")],
              "timestamps": [_exported(t) for t in sample.timestamps.all()]}  # fmt: skip
    return timestamps.verify_exported(report, tsa_roots())


def chain_timestamp(*, actor: Actor, sample: Sample, url: str = "") -> ChainTimestamp:
    """Ask the configured Time-Stamping Authority (RFC 3161) to date the head of the sample's
    log, and keep its token. Off unless CHEMSEC_TSA_URL is set; the call to the TSA is made
    outside any transaction, and an answer that is refused, not for this request or (with
    trusted certificates configured) not signed by a trusted TSA is not kept."""
    require(actor, "sample.timestamp", sample)
    url = url or settings.CHEMSEC_TSA_URL
    if not url:
        raise ValidationError(_("No timestamp authority is configured."))
    head = sample.entries.order_by("-sequence").first()
    if head is None:
        raise ValidationError(_("The item has no custody log to timestamp."))
    done = sample.timestamps.filter(entry_hash=head.entry_hash).first()
    if done is not None:
        return done
    request = timestamps.request_for(head.entry_hash)
    try:
        stamp = timestamps.accept(timestamps.fetch(url, request), request)
        problem = timestamps.check(stamp.token, head.entry_hash, tsa_roots())
    except timestamps.TimestampError as error:
        raise ValidationError(_("The timestamp authority's answer was not used: %(problem)s")
                              % {"problem": error}) from error  # fmt: skip
    if problem:
        raise ValidationError(_("The timestamp authority's answer was not used: %(problem)s")
                              % {"problem": problem})  # fmt: skip
    with transaction.atomic():
        return write_create(ChainTimestamp(
            sample=sample, sequence=head.sequence, entry_hash=head.entry_hash, tsa_url=url,
            authority=stamp.authority[:500], gen_time=stamp.gen_time, serial=stamp.serial,
            token=stamp.token,
        ), actor=actor)  # fmt: skip

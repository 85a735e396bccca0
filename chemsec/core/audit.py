"""The append-only, hash-chained audit trail: recording, verifying and anchoring.

Each entry's hash is an HMAC, under a key kept outside the database (settings.AUDIT_KEY),
of its content and the hash before it. Entries written before the chain was keyed carry
plain SHA-256 hashes; they verify only before the first keyed entry, and the newest entry
must be under the current key, so recomputing hashes without the key is always caught.
See docs/security.md.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from chemsec.core.audit_erasure import (
    ERASED_BY,
    ERASED_LIST,
    ERASED_REASON,
    ERASURE_TYPE,
    erased_as_listed,
    erased_hashes,
    is_blanked,
)
from chemsec.core.choices import AuditAction
from chemsec.core.models import AuditChainHead, AuditEntry, Organisation, User
from chemsec.lib.hashing import (
    GENESIS_HASH,
    anchor_signature,
    chain_hash,
    key_id,
    keyed_chain_hash,
)

# The scheme of entries hashed with plain SHA-256; keys are generations 1, 2, ... (oldest
# first), the current key last. Along the chain a generation never goes back.
LEGACY = 0
CHAIN_OBJECT_TYPE = "core.auditchain"


def audit_keys() -> list[bytes]:
    """Every key the chain may be under, by generation: the old ones, then the current."""
    return [key.encode("utf-8") for key in [*settings.AUDIT_OLD_KEYS, settings.AUDIT_KEY]]


def entry_content(entry: AuditEntry) -> dict[str, Any]:
    """The fields an entry's hash covers; any edit to one of them breaks the chain."""
    return {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "organisation_id": str(entry.organisation_id or ""),
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
    }


def _describe(obj: models.Model | None) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}", str(obj.pk), str(obj)[:200]


@transaction.atomic
def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    organisation: Organisation | None = None,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one entry, chained to the last. The head row serialises concurrent appends."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS_HASH}
    )
    entry = _entry(actor, action, obj, organisation, changes, object_type, object_repr)
    entry.previous_hash = head.last_hash
    entry.entry_hash = keyed_chain_hash(entry_content(entry), head.last_hash, audit_keys()[-1])
    entry.save()
    head.last_hash = entry.entry_hash
    head.save(update_fields=["last_hash"])
    return entry


@transaction.atomic
def audit_record_many(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    items: Sequence[tuple[models.Model, Any]],
) -> list[AuditEntry]:
    """Append one entry per (object, changes), in order, under one lock of the head: the
    same entries, chained the same way, as that many `audit_record` calls, in three queries
    (read the head, insert the entries, move the head) instead of three per entry."""
    if not items:
        return []
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS_HASH}
    )
    key, last, entries = audit_keys()[-1], head.last_hash, []
    for obj, changes in items:
        entry = _entry(actor, action, obj, None, changes, "", "")
        entry.previous_hash = last
        entry.entry_hash = last = keyed_chain_hash(entry_content(entry), last, key)
        entries.append(entry)
    AuditEntry.objects.bulk_create(entries)  # in order: the sequence follows the chain
    head.last_hash = last
    head.save(update_fields=["last_hash"])
    return entries


def _entry(
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model | None,
    organisation: Organisation | None,
    changes: dict[str, Any] | None,
    object_type: str,
    object_repr: str,
) -> AuditEntry:
    """An entry, not yet chained."""
    described_type, object_id, described_repr = _describe(obj)
    if organisation is None and isinstance(obj, Organisation):
        organisation = obj
    elif organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None)
    return AuditEntry(
        created_at=timezone.now(),
        actor=actor if actor and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor and actor.is_authenticated else "system",
        organisation=organisation,
        action=action,
        object_type=object_type or described_type,
        object_id=object_id,
        object_repr=object_repr or described_repr,
        changes=changes or {},
    )


def audit_seal(actor: User | None = None) -> AuditEntry:
    """Record that the chain is now under the current key. Its keyed hash covers everything
    before it: run after upgrading a plain chain (migration 0005 does) or rotating the key."""
    return audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=CHAIN_OBJECT_TYPE,
        object_repr="audit chain",
        changes={"sealed_under": [None, key_id(audit_keys()[-1])]},
    )


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


# --- Erasure: the values recorded about purged records (chemsec/core/audit_erasure.py) ---

_ERASE_CHUNK = 500


def _chunks(items: Sequence[Any], size: int = _ERASE_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _not_yet_erased(object_type: str, object_ids: Sequence[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for ids in _chunks(object_ids):
        rows = AuditEntry.objects.filter(object_type=object_type, object_id__in=list(ids))
        found += [
            (sequence, entry_hash)
            for sequence, entry_hash, changes in rows.values_list(
                "sequence", "entry_hash", "changes"
            )
            if not is_blanked(changes)
        ]
    return sorted(found)


@transaction.atomic
def audit_erase(
    object_type: str,
    object_ids: Iterable[Any],
    *,
    reason: str,
    actor: User | AnonymousUser | None = None,
) -> int:
    """Erase the values the trail holds about these objects ("app.model" and their ids, as
    entries name them): each entry about them keeps who, when, what action and which
    object, and loses its snapshot and the object's description. One listing entry per
    500 says which entries and why. Returns how many entries were blanked."""
    targets = _not_yet_erased(object_type, sorted({str(i) for i in object_ids}))
    for chunk in _chunks(targets):
        listing = audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type=ERASURE_TYPE,
            object_repr=f"{len(chunk)} entries about {object_type} erased",
            changes={ERASED_REASON: reason, ERASED_LIST: [list(pair) for pair in chunk]},
        )
        # A queryset update: the model's save() refuses to change an entry, and rightly so
        # everywhere else.
        AuditEntry.objects.filter(sequence__in=[seq for seq, _ in chunk]).update(
            changes={ERASED_BY: listing.sequence}, object_repr=""
        )
    return len(targets)


def entry_generation(entry: AuditEntry, keys: list[bytes]) -> int | None:
    """Which scheme the entry's hash was made with, or None if it matches none (altered)."""
    content = entry_content(entry)
    for generation in range(len(keys), 0, -1):  # the current key first: most entries
        expected = keyed_chain_hash(content, entry.previous_hash, keys[generation - 1])
        if hmac.compare_digest(entry.entry_hash, expected):
            return generation
    if entry.entry_hash == chain_hash(content, entry.previous_hash):
        return LEGACY
    return None


def _check_entry(
    entry: AuditEntry,
    expected_previous: str,
    floor: int,
    keys: list[bytes],
    erased: dict[int, tuple[int, str]],
) -> tuple[str, int]:
    """A reason the entry breaks the chain ("" if none), and its generation."""
    if entry.previous_hash != expected_previous:
        return "its previous-hash does not match the entry before it (an entry was removed)", floor
    generation = entry_generation(entry, keys)
    if generation is None and erased_as_listed(entry, erased):
        return "", floor  # its values were erased, as a keyed listing entry says
    if generation is None:
        return "its content does not match its hash (the entry was altered)", floor
    if generation < floor:
        # A plain or old-key hash after a newer one: recomputed by someone without the key.
        return "it is hashed under an older scheme than the entry before it (rewritten)", floor
    return "", generation


NOT_SEALED = (
    "the newest entry is not under the current audit key (the chain was rewritten without "
    "the key, or the key was changed without running `chemsec audit anchor`)"
)


def audit_verify(
    entries: Iterable[AuditEntry] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ChainReport:
    """Recompute the whole chain in order and name the first broken entry."""
    queryset = AuditEntry.objects.order_by("sequence")
    total = queryset.count() if entries is None else 0
    keys = audit_keys()
    erased = erased_hashes()
    previous, floor = GENESIS_HASH, LEGACY
    checked = 0
    last_sequence = 0
    for entry in entries if entries is not None else queryset.iterator(chunk_size=2000):
        reason, floor = _check_entry(entry, previous, floor, keys, erased)
        if reason:
            return ChainReport(checked, entry.sequence, reason)
        previous = entry.entry_hash
        last_sequence = entry.sequence
        checked += 1
        if on_progress and checked % 500 == 0:
            on_progress(checked, total)
    if checked and floor != len(keys):
        return ChainReport(checked - 1, last_sequence, NOT_SEALED)
    head = AuditChainHead.objects.filter(id=1).first()
    if entries is None and head and head.last_hash != previous:
        return ChainReport(checked, last_sequence + 1, "entries after the last one were removed")
    return ChainReport(checked, None, "")


# --- Anchors: the head of the chain, signed and kept outside the database -----------------


def audit_anchor(actor: User | None = None) -> dict[str, Any]:
    """Record the export (under the current key) and return the signed head it ends on.

    Kept outside the database (mailed, printed, committed elsewhere), an anchor shows later
    that the chain still holds that head: entries removed from the end cannot go unnoticed.
    """
    entry = audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=CHAIN_OBJECT_TYPE,
        object_repr="audit chain head",
    )
    key = audit_keys()[-1]
    payload = {
        "sequence": entry.sequence,
        "entry_hash": entry.entry_hash,
        "created_at": entry.created_at.isoformat(),
        "key_id": key_id(key),
    }
    return {**payload, "signature": anchor_signature(payload, key)}


def _anchor_problem(anchor: dict[str, Any]) -> str:
    """Why the anchor itself cannot be trusted ("" if it can)."""
    fields = ("sequence", "entry_hash", "created_at", "key_id")
    if not isinstance(anchor, dict) or any(field not in anchor for field in fields):
        return "the anchor file is not a ChemSec audit anchor"
    keys = [key for key in audit_keys() if key_id(key) == anchor["key_id"]]
    if not keys:
        return "the anchor was signed with a key this deployment does not hold"
    payload = {field: anchor[field] for field in fields}
    if not hmac.compare_digest(anchor_signature(payload, keys[0]), str(anchor.get("signature"))):
        return "the anchor's signature does not match (the file was altered)"
    return ""


def audit_verify_anchor(anchor: dict[str, Any]) -> ChainReport:
    """Check that the chain still contains the anchored head, unchanged."""
    problem = _anchor_problem(anchor)
    if problem:
        return ChainReport(0, 0, problem)
    sequence = int(anchor["sequence"])
    entry = AuditEntry.objects.filter(sequence=sequence).first()
    if entry is None:
        return ChainReport(0, sequence, "the anchored entry is gone (the chain was truncated)")
    if not hmac.compare_digest(entry.entry_hash, str(anchor["entry_hash"])):
        return ChainReport(0, sequence, "the anchored entry's hash changed (it was rewritten)")
    return ChainReport(AuditEntry.objects.filter(sequence__lte=sequence).count(), None, "")

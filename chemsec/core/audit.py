"""The append-only, hash-chained audit trail: recording and verifying."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from chemsec.core.models import AuditChainHead, AuditEntry, Organisation, User
from chemsec.lib.hashing import GENESIS_HASH, chain_hash


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
    actor: User | None,
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
    described_type, object_id, described_repr = _describe(obj)
    if organisation is None and isinstance(obj, Organisation):
        organisation = obj
    elif organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None)
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor if actor and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor and actor.is_authenticated else "system",
        organisation=organisation,
        action=action,
        object_type=object_type or described_type,
        object_id=object_id,
        object_repr=object_repr or described_repr,
        changes=changes or {},
        previous_hash=head.last_hash,
    )
    entry.entry_hash = chain_hash(entry_content(entry), head.last_hash)
    entry.save()
    head.last_hash = entry.entry_hash
    head.save(update_fields=["last_hash"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _check_entry(entry: AuditEntry, expected_previous: str) -> str:
    if entry.previous_hash != expected_previous:
        return "its previous-hash does not match the entry before it (an entry was removed)"
    if entry.entry_hash != chain_hash(entry_content(entry), entry.previous_hash):
        return "its content does not match its hash (the entry was altered)"
    return ""


def audit_verify(
    entries: Iterable[AuditEntry] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ChainReport:
    """Recompute the whole chain in order and name the first broken entry."""
    queryset = AuditEntry.objects.order_by("sequence")
    total = queryset.count() if entries is None else 0
    previous = GENESIS_HASH
    checked = 0
    last_sequence = 0
    for entry in entries if entries is not None else queryset.iterator(chunk_size=2000):
        reason = _check_entry(entry, previous)
        if reason:
            return ChainReport(checked, entry.sequence, reason)
        previous = entry.entry_hash
        last_sequence = entry.sequence
        checked += 1
        if on_progress and checked % 500 == 0:
            on_progress(checked, total)
    head = AuditChainHead.objects.filter(id=1).first()
    if entries is None and head and head.last_hash != previous:
        return ChainReport(checked, last_sequence + 1, "entries after the last one were removed")
    return ChainReport(checked, None, "")

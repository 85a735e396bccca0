"""Erasing what the audit trail recorded about records that have been purged.

A retention purge (Reg. (EU) 2019/1148 Art. 8(4): 18 months) must not leave the purged
records' values in the trail: every create and update entry keeps a snapshot of them.
Entries are append-only and hash-chained, so their content cannot simply be edited. The
erasure works like this, and keeps the chain verifiable:

1. one new entry (keyed and chained like any other) lists the entries to erase by
   sequence and hash, and why (`ERASED_LIST`, `ERASED_REASON`; written by
   `chemsec.core.audit.audit_erase`);
2. those entries' values (`changes`, `object_repr`) are replaced by a pointer to it;
3. `audit_verify` accepts an entry whose content no longer matches its hash only when
   it is blanked in exactly that way and a listing entry names its sequence and its hash.

A listing entry forged without the audit key breaks the chain where it stands, so no one
can hide an entry's content this way without the key; removing or reordering entries is
still detected, as their hashes and links are kept. Who did what, when, to which object
(type and id) stays; the values go.
"""

from __future__ import annotations

from typing import Any

from chemsec.core.choices import AuditAction
from chemsec.core.models import AuditEntry

ERASED_BY = "_erased_by"  # the blanked entry's only change: the listing entry's sequence
ERASED_LIST = "erased_entries"  # the listing entry's [[sequence, entry_hash], ...]
ERASED_REASON = "reason"
ERASURE_TYPE = "core.auditentry"


def is_blanked(changes: Any) -> bool:
    return isinstance(changes, dict) and set(changes) == {ERASED_BY}


def erased_by(changes: Any) -> int | None:
    """The sequence of the listing that erased an entry with these changes, if it was."""
    return int(changes[ERASED_BY]) if is_blanked(changes) else None


def erased_hashes() -> dict[int, tuple[int, str]]:
    """Every entry an erasure listed: its sequence -> (the listing's sequence, its hash)."""
    listed: dict[int, tuple[int, str]] = {}
    listings = AuditEntry.objects.filter(object_type=ERASURE_TYPE, action=AuditAction.DELETE)
    for sequence, changes in listings.values_list("sequence", "changes").iterator():
        for pair in (changes or {}).get(ERASED_LIST, []):
            listed[int(pair[0])] = (sequence, str(pair[1]))
    return listed


def erased_as_listed(entry: AuditEntry, listed: dict[int, tuple[int, str]]) -> bool:
    """Is this entry blanked exactly as an erasure listing says (same hash, its pointer)?"""
    if not is_blanked(entry.changes) or entry.object_repr:
        return False
    listing = listed.get(entry.sequence)
    return (
        listing is not None
        and listing[1] == entry.entry_hash
        and entry.changes[ERASED_BY] == listing[0]
    )

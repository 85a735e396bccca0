"""Turn one input (CAS, name, SMILES, InChI, InChIKey, MOL record) into an identity.

Order matters: the lists' own names and codes come first (so "VX" or "HN1" never reach
a general index), then SMILES for strings that parse as SMILES, then the offline name
index, and OPSIN last (its answers are marked as derived from the name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from chemsec.screening.engine import structure as st
from chemsec.screening.engine.cas import looks_like_cas, normalise_cas
from chemsec.screening.engine.lists import ListEntry
from chemsec.screening.engine.matcher import Matcher
from chemsec.screening.engine.names import NameIndex, Record
from chemsec.screening.engine.results import Identity, InputRow

INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")
SMILES_CHARS = re.compile(r"^[A-Za-z0-9@+\-\[\]()\\/=#%$.:*~]+$")
KINDS = ("smiles", "cas", "name", "inchi", "inchikey", "mol")


@dataclass(slots=True)
class Resolution:
    """An identity plus what the matcher needs, or why there is none."""

    identity: Identity = field(default_factory=Identity)
    cas: str | None = None
    mol: Any = None
    status: str | None = None  # "invalid" or "unresolved" when resolution failed
    reason: str | None = None
    pending_name: str | None = None  # to be tried with OPSIN in a batch


def detect_kind(text: str) -> str:
    """Best guess of what an identifier is, when the input does not say."""
    if "M  END" in text or "V2000" in text or "V3000" in text:
        return "mol"
    if text.startswith("InChI="):
        return "inchi"
    if INCHIKEY.match(text):
        return "inchikey"
    if looks_like_cas(text):
        return "cas"
    return "name_or_smiles"


class Resolver:
    """Resolves rows against the list data, the offline index and RDKit."""

    def __init__(self, matcher: Matcher, names: NameIndex) -> None:
        self.matcher = matcher
        self.names = names

    def prefetch(self, rows: list[InputRow]) -> None:
        """Batch the offline-index look-ups a chunk of rows will need."""
        cas_numbers, names = [], []
        for row in rows:
            if row.kind in ("smiles", "mol", "inchi", "inchikey"):
                continue
            text = row.identifier.strip()
            kind = row.kind or detect_kind(text)
            if kind == "cas":
                cas = normalise_cas(text)
                if cas and not self.matcher.entries_for_cas(cas):
                    cas_numbers.append(cas)
            elif kind in ("name", "name_or_smiles") and not self.matcher.entries_for_name(text):
                names.append(text)
        if cas_numbers or names:
            self.names.prefetch(cas_numbers, names)

    def resolve(self, row: InputRow) -> Resolution:
        if row.kind == "smiles":  # the bulk path (.smi files): keep it short
            return self._by_smiles(row.identifier.strip())
        text = row.identifier.strip() if row.kind != "mol" else row.identifier
        if not text.strip():
            return Resolution(status="invalid", reason="empty identifier")
        kind = (row.kind or "").lower() or detect_kind(text)
        if kind not in KINDS and kind != "name_or_smiles":
            return Resolution(status="invalid", reason=f"unknown identifier type {kind!r}")
        handler = getattr(self, f"_by_{kind}")
        result: Resolution = handler(text)
        return result

    def _by_cas(self, text: str) -> Resolution:
        cas = normalise_cas(text)
        if cas is None:
            return Resolution(status="invalid", reason="invalid CAS")
        listed = self.matcher.entries_for_cas(cas)
        if listed:
            return _from_entry(listed[0], "cas (list data)")
        record = self.names.by_cas(cas)
        if record is None:
            return Resolution(
                Identity(cas=cas, resolved_by="cas"),
                cas=cas,
                status="unresolved",
                reason=_missing("CAS not found in the list data or the offline index", self.names),
            )
        return self._from_record(record, "cas (offline index)")

    def _from_record(self, record: Record, how: str) -> Resolution:
        # The list files carry curated identities (the offline data has a few wrong
        # structures, e.g. 753-59-3): a listed CAS takes its identity from the list.
        listed = self.matcher.entries_for_cas(record.cas)
        if listed:
            return _from_entry(listed[0], f"{how}, identity from list data")
        return _from_record(record, how)

    def _by_inchikey(self, text: str) -> Resolution:
        listed = self.matcher.entries_for_inchikey(text)
        if listed:
            return _from_entry(listed[0], "inchikey (list data)")
        record = self.names.by_inchikey(text)
        if record is None:
            reason = "InChIKey not found in the list data or the offline index"
            return Resolution(Identity(inchikey=text), status="unresolved", reason=reason)
        return self._from_record(record, "inchikey (offline index)")

    def _by_inchi(self, text: str) -> Resolution:
        return _from_mol(st.parse_inchi(text), "inchi", "unreadable InChI")

    def _by_mol(self, text: str) -> Resolution:
        return _from_mol(st.parse_molblock(text), "molfile", "unreadable MOL record")

    def _by_smiles(self, text: str) -> Resolution:
        if not text:
            return Resolution(status="invalid", reason="empty identifier")
        mol = st.parse_smiles(text)
        if mol is None:
            return Resolution(status="invalid", reason="unreadable SMILES")
        return Resolution(Identity(smiles=text, resolved_by="smiles"), mol=mol)

    def _by_name(self, text: str) -> Resolution:
        listed = self.matcher.entries_for_name(text)
        if listed:
            return _from_entry(listed[0], "name (list data)")
        record = self.names.by_name(text)
        if record is not None:
            return self._from_record(record, "name (offline index)")
        return Resolution(Identity(name=text), pending_name=text)

    def _by_name_or_smiles(self, text: str) -> Resolution:
        listed = self.matcher.entries_for_name(text)
        if listed:
            return _from_entry(listed[0], "name (list data)")
        if SMILES_CHARS.match(text):
            mol = st.parse_smiles(text)
            if mol is not None:
                return Resolution(Identity(smiles=text, resolved_by="smiles"), mol=mol)
        return self._by_name(text)


def _missing(reason: str, names: NameIndex) -> str:
    return reason if names.available else reason + " (offline index not built)"


def _from_entry(entry: ListEntry, how: str) -> Resolution:
    identity = Identity(
        name=entry.names[0] if entry.names else entry.text,
        cas=entry.cas or None,
        smiles=entry.smiles or None,
        inchikey=entry.inchikey or None,
        resolved_by=how,
    )
    mol = _parse_cached(entry.smiles) if entry.smiles else None
    return Resolution(identity, cas=entry.cas or None, mol=mol)


def _from_record(record: Record, how: str) -> Resolution:
    identity = Identity(record.name, record.cas, record.smiles, record.inchikey, how)
    mol = _parse_cached(record.smiles) if record.smiles else None
    return Resolution(identity, cas=record.cas, mol=mol)


@lru_cache(maxsize=4096)
def _parse_cached(smiles: str) -> Any:
    # Stored identities repeat (inventories list the same chemicals); molecules are
    # only read downstream, never modified, so sharing them is safe.
    return st.parse_smiles(smiles)


def _from_mol(mol: Any, how: str, failure: str) -> Resolution:
    if mol is None:
        return Resolution(status="invalid", reason=failure)
    return Resolution(Identity(resolved_by=how), mol=mol)

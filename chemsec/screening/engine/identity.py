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

from chemsec.screening.engine import plain
from chemsec.screening.engine import structure as st
from chemsec.screening.engine.cas import (
    cas_from_digits,
    cas_problem,
    digits_problem,
    looks_like_cas,
    looks_like_cas_digits,
    looks_like_hyphenated_digits,
    normalise_cas,
)
from chemsec.screening.engine.explanations import note
from chemsec.screening.engine.lists import ListEntry
from chemsec.screening.engine.matcher import Matcher
from chemsec.screening.engine.names import NameIndex, Record, other_language_name
from chemsec.screening.engine.reasons import Reason
from chemsec.screening.engine.results import Identity, InputRow

INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")
KINDS = ("smiles", "cas", "name", "inchi", "inchikey", "mol")
# Cells that stand for "no identifier" in inventories and exports.
PLACEHOLDERS = frozenset(
    {"n/a", "na", "n.a.", "none", "null", "nil", "-", "--", "?", "unknown", "tbd", "#n/a"}
)
_LETTERS = re.compile(r"[^\W\d_]")


@dataclass(slots=True)
class Resolution:
    """An identity plus what the matcher needs, or why there is none."""

    identity: Identity = field(default_factory=Identity)
    cas: str | None = None
    mol: Any = None
    reason: Reason | None = None  # why resolution failed (unresolved or invalid)
    pending_name: str | None = None  # to be tried with OPSIN in a batch
    smiles_problem: str | None = None  # looked like SMILES but RDKit refused it
    notes: list[str] = field(default_factory=list)
    # A structure from the offline index, parsed only when needed (`Resolver.load`): a
    # repeated identity reuses its outcome and never needs it.
    stored: str | None = None
    stored_formula: str | None = None


def failed(code: str, identity: Identity | None = None, **params: Any) -> Resolution:
    return Resolution(identity or Identity(), reason=Reason(code, params))


def opsin_worthy(text: str) -> bool:
    """Could OPSIN read this as a systematic name? Placeholders, digit runs and broken
    SMILES are never sent (each costs a round trip and can only fail)."""
    if len(text) > 1000 or text.lower() in PLACEHOLDERS:
        return False
    if st.clearly_smiles(text) or looks_like_cas_digits(text) or looks_like_cas(text):
        return False
    return len(_LETTERS.findall(text)) >= 3


def detect_kind(text: str) -> str:
    """Best guess of what an identifier is, when the input does not say."""
    if "M  END" in text or "V2000" in text or "V3000" in text:
        return "mol"
    if text.startswith("InChI="):
        return "inchi"
    if INCHIKEY.match(text):
        return "inchikey"
    if looks_like_cas(text) or looks_like_hyphenated_digits(text):
        return "cas"  # digits and hyphens alone: a CAS number or a malformed one
    if looks_like_cas_digits(text):
        return "cas_digits"
    return "name_or_smiles"


def _kind_of(given: str | None, text: str) -> str:
    """The kind a row is read as: the one its column gives, or the detected one.

    A CAS number is read as one wherever it is written: a bare digit run in a `cas`
    column, and anything CAS-shaped (hyphenated, spaced or a digit run) in a `name`
    column, exactly as when the input does not say (inventories put CAS numbers in their
    name columns; no chemical's name is a run of digits). The digit run's note says it
    was read as a CAS number; a failing check digit says so (never an unknown name).
    A `name` cell in SMILES-only syntax (branches, brackets, bonds, ring closures) is
    `smiles_in_name`: a name first, then a SMILES (`Resolver._by_smiles_in_name`).
    """
    kind = (given or "").lower()
    if not kind:
        return detect_kind(text)
    if kind == "cas" and looks_like_cas_digits(text):
        return "cas_digits"
    if kind == "name":
        if (detected := detect_kind(text)) in ("cas", "cas_digits"):
            return detected
        if st.clearly_smiles(text):
            return "smiles_in_name"
    return kind


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
            kind = _kind_of(row.kind, text)
            if kind in ("cas", "cas_digits"):
                cas = normalise_cas(text) or cas_from_digits(text)
                if cas and not self.matcher.entries_for_cas(cas):
                    cas_numbers.append(cas)
            elif (
                kind in ("name", "name_or_smiles", "smiles_in_name")
                and not self.matcher.entries_for_name(text)
                and (text.isascii() or other_language_name(text) is None)
            ):
                names.append(text)  # not answered by the list data (English or other)
        if cas_numbers or names:
            self.names.prefetch(cas_numbers, names)

    def resolve(self, row: InputRow) -> Resolution:
        if row.kind == "smiles":  # the bulk path (.smi files): keep it short
            return self._by_smiles(row.identifier.strip())
        text = row.identifier.strip() if row.kind != "mol" else row.identifier
        if not text.strip():
            return failed("empty")
        if text.lower() in PLACEHOLDERS:
            return failed("placeholder", text=text)
        kind = _kind_of(row.kind, text)
        if kind not in KINDS and kind not in ("name_or_smiles", "smiles_in_name", "cas_digits"):
            return failed("unknown_kind", kind=kind)
        handler = getattr(self, f"_by_{kind}")
        result: Resolution = handler(text)
        if (result.reason is None and result.pending_name is None) or kind not in _PLAIN_KINDS:
            return result
        return self._plainly(row.kind, text, result)

    def _plainly(self, given: str | None, text: str, first: Resolution) -> Resolution:
        """The identifier written plainly (`plain`), tried when the text as written did not
        resolve, in this order: without quotes or a trailing separator; a SMILES file's
        line (the SMILES, then its title); an InChI without its prefix; an InChIKey in
        lower case; a number after a "CAS" label; full-width and typographic characters
        written plainly; a name before a qualifier (taken only when it is a listed
        chemical's: a cut name never clears, and is never sent to OPSIN). The note says
        what was read; when nothing resolves, the first answer stands."""
        written = plain.plain_text(text)
        base = written or text
        bare = plain.trimmed(base)
        if bare is not None:  # the same identifier without quotes or a trailing separator
            return _noted(self.resolve(InputRow(bare, kind=given)), text, bare)
        head = plain.head_and_title(base)
        if head is not None and st.clearly_smiles(head) and st.valid_smiles(head):
            # A SMILES file's line (the SMILES, then its title) pasted into a list; only
            # SMILES-only syntax: "CO gas" is carbon monoxide, not methanol.
            return _noted(self.resolve(InputRow(head, kind="smiles")), text, head)
        inchi = plain.inchi_with_prefix(base)
        if inchi is not None:
            return _noted(self.resolve(InputRow(inchi, kind="inchi")), text, inchi)
        if base != base.upper() and INCHIKEY.match(base.strip().upper()):
            key = base.strip().upper()  # an InChIKey is written in capitals
            return _noted(self.resolve(InputRow(key, kind="inchikey")), text, key)
        number = plain.cas_after_label(base)
        if number is not None:
            return _noted(self.resolve(InputRow(number, kind="cas")), text, number)
        if written is not None:
            again = self.resolve(InputRow(written, kind=given))
            if (again.reason is None and again.pending_name is None) or first.pending_name:
                return _noted(again, text, written)
        name = plain.name_without_qualifier(base)
        if name is not None:
            again = self.resolve(InputRow(name, kind="name"))
            # Only a listed chemical's name is taken: what is cut away may have been part
            # of the identity ("Phosphorus (oxychloride)"), so a cut name never clears.
            if again.identity.cas and self.matcher.entries_for_cas(again.identity.cas):
                return _noted(again, text, name)
        return first

    def _by_cas(self, text: str) -> Resolution:
        cas = normalise_cas(text)
        if cas is None:  # what is wrong, truthfully: the shape or the check digit
            return failed(cas_problem(text) or "invalid_cas", cas=text)
        listed = self.matcher.entries_for_cas(cas)
        if listed:
            return _from_entry(listed[0], "cas (list data)")
        record = self.names.by_cas(cas)
        if record is None:
            res = failed("cas_not_found", Identity(cas=cas, resolved_by="cas"), cas=cas)
            res.cas = cas
            return res
        return self._from_record(record, "cas (offline index)")

    def _by_cas_digits(self, text: str) -> Resolution:
        cas = cas_from_digits(text)
        if cas is None:
            return failed(digits_problem(text) or "cas_digits_check_digit", digits=text)
        res = self._by_cas(cas)
        res.identity.resolved_by = f"{res.identity.resolved_by or 'cas'}; digits read as CAS"
        res.notes.append(note("cas_from_digits", digits=text, cas=cas))
        return res

    def _from_record(self, record: Record, how: str) -> Resolution:
        # The list files carry curated identities (the offline data has a few wrong
        # structures, e.g. 753-59-3): a listed CAS takes its identity from the list.
        listed = self.matcher.entries_for_cas(record.cas)
        if listed:
            return _from_entry(listed[0], f"{how}, identity from list data")
        if (
            record.single
            and record.formula is not None
            and record.heavy is not None
            and self.matcher.cannot_match(
                record.formula, record.heavy, st.positive_beyond_nitro(record.smiles)
            )
        ):
            # Settled from the formula stored in the index: no entry can cover it, so
            # the structure is not parsed (inventories are mostly such records).
            identity = Identity(record.name, record.cas, record.smiles, record.inchikey, how)
            return Resolution(identity, cas=record.cas)
        identity = Identity(record.name, record.cas, record.smiles, record.inchikey, how)
        return Resolution(
            identity, cas=record.cas, stored=record.smiles or None, stored_formula=record.formula
        )

    def load(self, res: Resolution) -> None:
        """Parse the stored structure of a resolution, if it has one."""
        if res.stored is None:
            return
        smiles, formula, res.stored = res.stored, res.stored_formula, None
        mol = _parse_cached(smiles)
        if (
            mol is not None
            and formula is not None
            and "." in smiles
            and self.matcher.salt_cannot_match(mol, formula, smiles)
        ):
            # A salt or mixture none of whose components any entry can cover (the check
            # a .smi file's salts get): settled without splitting it into components.
            return
        res.mol = mol

    def _by_inchikey(self, text: str) -> Resolution:
        listed = self.matcher.entries_for_inchikey(text)
        if listed:
            return _from_entry(listed[0], "inchikey (list data)")
        record = self.names.by_inchikey(text)
        if record is None:
            return failed("inchikey_not_found", Identity(inchikey=text))
        return self._from_record(record, "inchikey (offline index)")

    def _by_inchi(self, text: str) -> Resolution:
        return _from_mol(st.parse_inchi(text), "inchi", "invalid_inchi")

    def _by_mol(self, text: str) -> Resolution:
        return _from_mol(st.parse_molblock(text), "molfile", "invalid_molfile")

    def _by_smiles(self, text: str) -> Resolution:
        if not text:
            return failed("empty")
        mol = st.parse_smiles(text)
        if mol is None:
            return failed("invalid_smiles", detail=st.smiles_problem(text))
        return Resolution(Identity(smiles=text, resolved_by="smiles"), mol=mol)

    def _by_name(self, text: str) -> Resolution:
        listed = self.matcher.entries_for_name(text)
        if listed:
            return _from_entry(listed[0], "name (list data)")
        foreign = _by_other_language_name(text)
        if foreign is not None:
            return foreign
        record = self.names.by_name(text)
        if record is not None:
            return self._from_record(record, "name (offline index)")
        from chemsec.screening.engine import convention  # names only: not at start-up

        smiles = convention.parse(text) if len(text) <= 300 else None
        if smiles is not None:
            # Before OPSIN, which misreads some of these names ("aminoethanol").
            res = _from_mol(st.parse_smiles(smiles), "name (Annex naming grammar)", "read_error")
            if res.mol is not None:
                canonical = st.canonical_smiles(res.mol)
                res.identity.name, res.identity.smiles = text, canonical
                family = convention.family_of(text)
                res.notes.append(note("annex_grammar", family=family, smiles=canonical))
                return res
        return Resolution(Identity(name=text), pending_name=text)

    def _by_smiles_in_name(self, text: str) -> Resolution:
        """A `name` cell written in SMILES-only syntax ("CC(C)OP(C)(=O)F" pasted into an
        inventory's name column): read as a name first (the column says so: lists, other
        languages, the offline index, the Annex grammar), else screened as the SMILES it
        is, with a note saying it was read so. Refused as a SMILES too, it stays
        unresolved with RDKit's reason (`not_smiles_nor_name`); it never goes to OPSIN."""
        res = self._by_name(text)
        if not res.pending_name:
            return res
        mol = st.parse_smiles(text)
        if mol is None:
            res.smiles_problem = st.smiles_problem(text)
            return res
        read = Resolution(Identity(smiles=text, resolved_by="smiles"), mol=mol)
        read.notes.append(note("smiles_in_name_column"))
        return read

    def _by_name_or_smiles(self, text: str) -> Resolution:
        listed = self.matcher.entries_for_name(text)
        if listed:
            return _from_entry(listed[0], "name (list data)")
        if not text.isascii() and (foreign := _by_other_language_name(text)) is not None:
            return foreign  # before SMILES, which is ASCII only
        if not st.looks_like_smiles(text):
            return self._by_name(text)
        mol = st.parse_smiles(text)
        if mol is not None:
            return Resolution(Identity(smiles=text, resolved_by="smiles"), mol=mol)
        # Refused as SMILES: a name can still look like one ("SOCl2"); say what happened.
        res = self._by_name(text)
        if res.pending_name or res.reason:
            res.smiles_problem = st.smiles_problem(text)
            if st.clearly_smiles(text):  # brackets, bonds, branches: not a name
                return failed("invalid_smiles", detail=res.smiles_problem)
        return res


# Kinds whose text may carry more than the identifier (`Resolver._plainly`).
_PLAIN_KINDS = frozenset({"cas", "cas_digits", "name", "name_or_smiles", "smiles_in_name"})


def _noted(res: Resolution, written: str, read: str) -> Resolution:
    res.notes.insert(0, note("read_plainly", written=written, text=read))
    return res


def _by_other_language_name(text: str) -> Resolution | None:
    """An entry's name in another UN language (the lists' names files) resolves to the
    entry's chemical, with a note saying which entry's name in which language it is and
    the standing of that text; families never resolve from a name."""
    found = other_language_name(text)
    if found is None:
        return None
    res = _from_entry(found.entry, "name (list data)")
    res.notes.append(
        note(
            "list_name_other_language",
            lang=found.lang,
            language=LANGUAGE_NAMES[found.lang],
            list=found.entry.list,
            entry=found.entry.code,
            name=found.name,
            status=found.status,
        )
    )
    return res


#: The other UN languages' English names (notes are written in English; pages translate).
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "es": "Spanish",
    "fr": "French",
    "ru": "Russian",
    "zh": "Chinese",
}


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


@lru_cache(maxsize=4096)
def _parse_cached(smiles: str) -> Any:
    # Stored identities repeat (inventories list the same chemicals); molecules are
    # only read downstream, never modified, so sharing them is safe.
    return st.parse_smiles(smiles)


def _from_mol(mol: Any, how: str, failure: str) -> Resolution:
    if mol is None:
        return failed(failure)
    return Resolution(Identity(resolved_by=how), mol=mol)

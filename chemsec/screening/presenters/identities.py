"""What identified a row whose input names no chemical (a SMILES, an InChI): the matched
list entries' own names and CAS numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chemsec.screening.engine.results import IDENTIFYING_BASES
from chemsec.screening.presenters.names import ShownName, entry_name
from chemsec.screening.presenters.shared import _entries_by_urn, _field

# The engine's rule for the entries a match names as the input's chemical (the files' and
# the API's listed_name and listed_cas follow it too).
_IDENTIFYING_BASES = IDENTIFYING_BASES


@dataclass(frozen=True, slots=True)
class ListedIdentity:
    """A list entry's own name and CAS number for a row the user identified only by its
    structure: what the list calls the chemical that matched, never what the user wrote;
    `entries` are the entries that list it ("AG AG01", "CWC 2B13")."""

    name: ShownName
    cas: str
    entries: tuple[str, ...]


def listed_identities(result: Any) -> list[ListedIdentity]:
    """The matched entries' names and CAS numbers (one per chemical, by CAS number) for a
    ScreenResult or its stored dict whose identity has neither a name nor a CAS number
    (a SMILES, an InChI, a MOL record); empty otherwise. An entry missing from the list
    data in force (a result stored with older data) is left out."""
    identity = _field(result, "identity")
    if identity is not None and (_field(identity, "name") or _field(identity, "cas")):
        return []
    entries = _entries_by_urn()
    found: dict[str, ListedIdentity] = {}
    for match in _field(result, "matches") or ():
        entry = entries.get(str(_field(match, "urn") or ""))
        if entry is None or _field(match, "basis") not in _IDENTIFYING_BASES:
            continue
        if not entry.is_chemical or not (entry.cas or entry.names or entry.text):
            continue
        key = entry.cas or entry.urn
        code = f"{entry.list} {entry.code}"
        known = found.get(key)
        if known is None:
            found[key] = ListedIdentity(entry_name(entry), entry.cas, (code,))
        elif code not in known.entries:
            found[key] = ListedIdentity(known.name, known.cas, (*known.entries, code))
    return list(found.values())

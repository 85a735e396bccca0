"""Why a row is unresolved or invalid: a stable code, its values and the English text.

Every `unresolved` and `invalid` result carries `reason_code` and `reason_params`; pages
render the code in the reader's language (`chemsec.screening.presenters`), while the API,
the CLI, exports and stored results also carry the English `reason` made from the same
template. Codes are part of the output contract: add new ones, never rename them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# code -> English template (str.format with the reason's params)
REASONS: dict[str, str] = {
    # invalid: the input cannot be what it claims to be
    "empty": "empty identifier",
    "placeholder": "a placeholder ({text}), not an identifier",
    "invalid_cas": "invalid CAS: {cas} fails the check digit",
    "invalid_smiles": "not a valid SMILES ({detail})",
    "invalid_inchi": "not a valid InChI",
    "invalid_molfile": "unreadable MOL record",
    "invalid_concentration": "{detail}",
    "unknown_kind": "unknown identifier type {kind!r}",
    "formula_without_value": (
        "spreadsheet formula without a saved value in column {column}: open and save the "
        "file in a spreadsheet program, or paste the values"
    ),
    "ragged_row": (
        "the row has {found} cells where the header has {expected}; the identifier "
        "cannot be told apart (quote cells that contain the delimiter)"
    ),
    "split_name": (
        "a chemical name seems to have been cut at its commas ({cells}); quote cells that "
        "contain the delimiter"
    ),
    "read_error": "could not be read: {detail}",
    "screen_error": "could not be screened: {detail}",
    # unresolved: the input may be fine, but it could not be identified or decided
    "cas_digits_check_digit": "the digits {digits}, read as a CAS number, fail the check digit",
    "cas_not_found": "CAS {cas} not found in the list data or the offline index",
    "inchikey_not_found": "InChIKey not found in the list data or the offline index",
    "name_not_found": (
        "name not found in the list data or the offline index; OPSIN could not read it "
        "as a systematic name"
    ),
    "name_not_found_no_opsin": (
        "name not found in the list data or the offline index; OPSIN not used, "
        "systematic names not read"
    ),
    "name_not_found_not_systematic": (
        "name not found in the list data or the offline index; not read as a systematic "
        "name (it has fewer than three letters, is longer than 1,000 characters or is "
        "written like a SMILES)"
    ),
    "several_identifiers_on_one_line": (
        "not found as one name; it seems to hold several identifiers ({pieces}), each "
        "known on its own: write one identifier per line (or cell)"
    ),
    "name_not_found_opsin_unavailable": (
        "name not found in the list data or the offline index; OPSIN unavailable "
        "({why}), systematic names not read"
    ),
    "not_smiles_nor_name": "not a valid SMILES ({detail}) and not a known name",
    "took_too_long": (
        "took too long: reading this identifier went past its time budget of {seconds} s "
        "(CHEMSEC_IDENTIFIER_SECONDS)"
    ),
    "listed_parent_salt": (
        "the parent is listed under {entries}; the entry names no salts: check with your "
        "national authority"
    ),
    "family_wording_missing": (
        "may fall under {entries}, whose full wording is not in ChemSec's data: check with "
        "your national authority"
    ),
    "internal": "internal error: the engine gave no valid result for this row ({detail})",
}

INVALID = frozenset(
    {
        "empty",
        "placeholder",
        "invalid_cas",
        "invalid_smiles",
        "invalid_inchi",
        "invalid_molfile",
        "invalid_concentration",
        "unknown_kind",
        "formula_without_value",
        "ragged_row",
        "split_name",
        "read_error",
        "screen_error",
        "internal",
    }
)
UNRESOLVED = frozenset(REASONS) - INVALID


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason code with its values; `text` is the English wording."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return english(self.code, self.params)

    @property
    def status(self) -> str:
        return "invalid" if self.code in INVALID else "unresolved"


def english(code: str, params: dict[str, Any]) -> str:
    template = REASONS.get(code)
    if template is None:
        return code
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template

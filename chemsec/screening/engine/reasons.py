"""Why a row is unresolved or invalid: a stable code, its values and the English text.

Every `unresolved` and `invalid` result carries `reason_code` and `reason_params`; pages
render the code in the reader's language (`chemsec.screening.presenters`), while the API,
the CLI, exports and stored results also carry the English `reason` made from the same
template. Codes are part of the output contract: add new ones, never rename them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# code -> English template (str.format with the reason's params)
REASONS: dict[str, str] = {
    # invalid: the input cannot be what it claims to be
    "empty": "empty identifier",
    "placeholder": "a placeholder ({text}), not an identifier",
    "invalid_cas": "invalid CAS: {cas} fails the check digit",
    "cas_shape": (
        "not a valid CAS number: {cas} is not written as one (2 to 7 digits, 2 digits and a "
        "check digit, joined by hyphens: 7782-50-5)"
    ),
    "cas_too_short": (
        "not a valid CAS number: {cas} has fewer than 5 digits once the leading zeros are "
        "dropped (the first group has 2 to 7 digits, not starting with 0)"
    ),
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
    "cas_digits_too_short": (
        "the digits {digits} are not a CAS number: fewer than 5 digits once the leading "
        "zeros are dropped"
    ),
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

# Why RDKit refused a SMILES (the `detail` of `invalid_smiles` and `not_smiles_nor_name`,
# as structure.smiles_problem words it) -> a stable code in the reason's params
# (`problem`, with its own values), so pages say it in the reader's language; `detail`
# keeps the words as written. `smiles_other`: wording not known here (shown as written).
SMILES_PROBLEMS: dict[str, str] = {
    "smiles_parentheses": "unbalanced parentheses",
    "smiles_brackets": "unbalanced brackets",
    "smiles_unclosed_ring": "unclosed ring {rings}",
    "smiles_syntax": "syntax error",
    "smiles_unreadable": "RDKit could not read it",
    "smiles_valence": "too many bonds on atom {atom} ({element}, valence {valence})",
    "smiles_kekulize": "aromatic atoms {atoms} do not form an aromatic ring",
    "smiles_aromatic_outside_ring": "atom {atom} is marked aromatic outside a ring",
    "smiles_other": "{detail}",
}
_FIXED_PROBLEMS = {
    "unbalanced parentheses": "smiles_parentheses",
    "unbalanced brackets": "smiles_brackets",
    "syntax error": "smiles_syntax",
    "RDKit could not read it": "smiles_unreadable",
}
# RDKit numbers atoms from 0; the reason counts them from 1, as a reader does.
_RDKIT_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^unclosed ring (?P<rings>.+)$"), "smiles_unclosed_ring"),
    (
        re.compile(
            r"^Explicit valence for atom #\s*(?P<atom>\d+) (?P<element>[A-Za-z*]+),\s*"
            r"(?P<valence>\d+), is greater than permitted"
        ),
        "smiles_valence",
    ),
    (
        re.compile(r"^Can't kekulize mol\.\s+Unkekulized atoms:\s*(?P<atoms>[\d ]+)"),
        "smiles_kekulize",
    ),
    (re.compile(r"^non-ring atom (?P<atom>\d+) marked aromatic"), "smiles_aromatic_outside_ring"),
)
SMILES_REASONS = frozenset({"invalid_smiles", "not_smiles_nor_name"})


def smiles_problem_code(detail: str) -> tuple[str, dict[str, Any]]:
    """The code and values of RDKit's refusal as `smiles_problem` words it."""
    text = detail.strip()
    if text in _FIXED_PROBLEMS:
        return _FIXED_PROBLEMS[text], {}
    for pattern, code in _RDKIT_PROBLEMS:
        m = pattern.match(text)
        if m is None:
            continue
        values = m.groupdict()
        if "atom" in values:
            values["atom"] = str(int(values["atom"]) + 1)
        if "atoms" in values:
            values["atoms"] = ", ".join(str(int(a) + 1) for a in values["atoms"].split())
        return code, values
    return "smiles_other", {"detail": text}


def smiles_problem_english(code: str, params: dict[str, Any]) -> str:
    template = SMILES_PROBLEMS.get(code, "{detail}")
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return str(params.get("detail", ""))


INVALID = frozenset(
    {
        "empty",
        "placeholder",
        "invalid_cas",
        "cas_shape",
        "cas_too_short",
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

    def __post_init__(self) -> None:
        # A refused SMILES carries the code of RDKit's problem beside its words.
        if self.code in SMILES_REASONS and "problem" not in self.params:
            detail = self.params.get("detail")
            if isinstance(detail, str):
                problem, values = smiles_problem_code(detail)
                values.pop("detail", None)
                object.__setattr__(self, "params", {**self.params, "problem": problem, **values})

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

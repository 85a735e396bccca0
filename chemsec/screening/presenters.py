"""What pages show for a screening result: reason codes in the reader's language.

The engine (`chemsec.screening.engine.reasons`) gives every unresolved or invalid row a
stable `reason_code`, its `reason_params` and the English `reason`. Pages translate the
code here; results stored before codes existed keep their English text.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def _reason_texts() -> dict[str, str]:
    """Every engine reason code, in the active language (same placeholders as the engine)."""
    return {
        "empty": _("empty identifier"),
        "placeholder": _("a placeholder (%(text)s), not an identifier"),
        "invalid_cas": _("invalid CAS: %(cas)s fails the check digit"),
        "invalid_smiles": _("not a valid SMILES (%(detail)s)"),
        "invalid_inchi": _("not a valid InChI"),
        "invalid_molfile": _("unreadable MOL record"),
        "invalid_concentration": "%(detail)s",
        "unknown_kind": _("unknown identifier type %(kind)s"),
        "formula_without_value": _(
            "spreadsheet formula without a saved value in column %(column)s: open and save "
            "the file in a spreadsheet program, or paste the values"
        ),
        "ragged_row": _(
            "the row has %(found)s cells where the header has %(expected)s; the identifier "
            "cannot be told apart (quote cells that contain the delimiter)"
        ),
        "split_name": _(
            "a chemical name seems to have been cut at its commas (%(cells)s); quote cells "
            "that contain the delimiter"
        ),
        "read_error": _("could not be read: %(detail)s"),
        "screen_error": _("could not be screened: %(detail)s"),
        "cas_digits_check_digit": _(
            "the digits %(digits)s, read as a CAS number, fail the check digit"
        ),
        "cas_not_found": _("CAS %(cas)s not found in the list data or the offline index"),
        "inchikey_not_found": _("InChIKey not found in the list data or the offline index"),
        "name_not_found": _(
            "name not found in the list data or the offline index; OPSIN could not read it "
            "as a systematic name"
        ),
        "name_not_found_no_opsin": _(
            "name not found in the list data or the offline index; OPSIN not used, "
            "systematic names not read"
        ),
        "name_not_found_opsin_unavailable": _(
            "name not found in the list data or the offline index; OPSIN unavailable "
            "(%(why)s), systematic names not read"
        ),
        "not_smiles_nor_name": _("not a valid SMILES (%(detail)s) and not a known name"),
        "took_too_long": _(
            "took too long: reading this identifier went past its time budget of "
            "%(seconds)s s (CHEMSEC_IDENTIFIER_SECONDS)"
        ),
        "listed_parent_salt": _(
            "the parent is listed under %(entries)s; the entry names no salts: check with "
            "your national authority"
        ),
        "family_wording_missing": _(
            "may fall under %(entries)s, whose full wording is not in ChemSec's data: check "
            "with your national authority"
        ),
        "internal": _("internal error: the engine gave no valid result for this row (%(detail)s)"),
    }


def reason_text(code: str | None, params: dict[str, Any] | None, english: str | None) -> str:
    """A row's reason in the active language; the stored English when the code is unknown."""
    template = _reason_texts().get(code or "")
    if template is None:
        return english or ""
    try:
        return template % (params or {})
    except (KeyError, TypeError, ValueError):  # a stored result missing a value
        return english or ""


def result_reason(result: Any) -> str:
    """`reason_text` for a ScreenResult or its stored dict."""
    if isinstance(result, dict):
        return reason_text(
            result.get("reason_code"), result.get("reason_params"), result.get("reason")
        )
    return reason_text(
        getattr(result, "reason_code", None),
        getattr(result, "reason_params", None),
        getattr(result, "reason", None),
    )

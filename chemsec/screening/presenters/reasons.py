"""A row's outcome in the reader's language: its reason (from the engine's reason code),
its status, how its identifier was resolved and why a list entry matched."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import (
    pgettext,
)

from chemsec.screening.presenters.shared import _untranslated


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
        "name_not_found_not_systematic": _(
            "name not found in the list data or the offline index; not read as a "
            "systematic name (it has fewer than three letters, is longer than 1,000 "
            "characters or is written like a SMILES)"
        ),
        "several_identifiers_on_one_line": _(
            "not found as one name; it seems to hold several identifiers (%(pieces)s), "
            "each known on its own: write one identifier per line (or cell)"
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


def _reason_fields(result: Any) -> tuple[Any, Any, Any]:
    """(code, params, English) of a ScreenResult's or its stored dict's reason."""
    if isinstance(result, Mapping):
        return result.get("reason_code"), result.get("reason_params"), result.get("reason")
    return (
        getattr(result, "reason_code", None),
        getattr(result, "reason_params", None),
        getattr(result, "reason", None),
    )


def result_reason(result: Any) -> str:
    """`reason_text` for a ScreenResult or its stored dict."""
    return reason_text(*_reason_fields(result))


@dataclass(frozen=True, slots=True)
class ReasonShown:
    """A row's reason as a page builds it: the sentence in the reader's language with its
    named placeholders and their values (the page isolates each value: a CAS number inside
    an Arabic sentence must not be reordered), or the stored English (`template` empty:
    a code this page does not know, a result missing a value, a sentence not yet
    translated), which the page marks English."""

    template: str
    params: Mapping[str, Any]
    english: str


def reason_shown(result: Any) -> ReasonShown:
    """A ScreenResult's (or its stored dict's) reason, for `reason_html`."""
    code, params, english = _reason_fields(result)
    template = _reason_texts().get(code or "")
    values = dict(params or {})
    if template is None or _untranslated(_reason_texts, str(code), template):
        return ReasonShown("", {}, english or reason_text(code, values, english))
    try:
        template % values
    except (KeyError, TypeError, ValueError):  # a stored result missing a value
        return ReasonShown("", {}, english or "")
    return ReasonShown(template, values, english or "")


def status_label(status: str) -> str:
    """A row's outcome in the reader's language; the page keeps the code for its styling."""
    labels = {
        "matched": pgettext("screening outcome", "matched"),
        "clear": pgettext("screening outcome", "clear"),
        "unresolved": pgettext("screening outcome", "unresolved"),
        "invalid": pgettext("screening outcome", "invalid"),
    }
    return labels.get(status, status)


def _resolution_parts() -> dict[str, str]:
    """The pieces the engine writes in `resolved_by` (identity.py, core.py), translated."""
    return {
        "smiles": pgettext("screening: how an identifier was resolved", "SMILES"),
        "inchi": pgettext("screening: how an identifier was resolved", "InChI"),
        "molfile": pgettext("screening: how an identifier was resolved", "MOL record"),
        "cas": pgettext("screening: how an identifier was resolved", "CAS number"),
        "cas (list data)": pgettext(
            "screening: how an identifier was resolved", "CAS number (list data)"
        ),
        "cas (offline index)": pgettext(
            "screening: how an identifier was resolved", "CAS number (offline index)"
        ),
        "inchikey (list data)": pgettext(
            "screening: how an identifier was resolved", "InChIKey (list data)"
        ),
        "inchikey (offline index)": pgettext(
            "screening: how an identifier was resolved", "InChIKey (offline index)"
        ),
        "name (list data)": pgettext(
            "screening: how an identifier was resolved", "name (list data)"
        ),
        "name (offline index)": pgettext(
            "screening: how an identifier was resolved", "name (offline index)"
        ),
        "name (Annex naming grammar)": pgettext(
            "screening: how an identifier was resolved", "name (Annex naming grammar)"
        ),
        "name via OPSIN (derived from name)": pgettext(
            "screening: how an identifier was resolved", "name read by OPSIN"
        ),
        "identity from list data": pgettext(
            "screening: how an identifier was resolved", "identity from the list data"
        ),
        "digits read as CAS": pgettext(
            "screening: how an identifier was resolved", "digits read as a CAS number"
        ),
    }


def resolution_label(resolved_by: str) -> list[tuple[str, bool]]:
    """How an identifier was resolved, as (text, translated) pieces: the engine writes
    English phrases joined by ", " and "; "; a piece it may write that is not known here
    stays English and is marked so by the template."""
    known = _resolution_parts()
    pieces: list[tuple[str, bool]] = []
    for group in resolved_by.split("; "):
        for piece in group.split(", "):
            text = known.get(piece)
            pieces.append((text, True) if text is not None else (piece, False))
    return pieces


def basis_label(basis: str) -> str:
    """Why a list entry matched (results.Basis), in the reader's language."""
    labels = {
        "exact": pgettext("screening: why a list entry matched", "exact"),
        "family": pgettext("screening: why a list entry matched", "family"),
        "salt": pgettext("screening: why a list entry matched", "salt"),
        "mixture": pgettext("screening: why a list entry matched", "mixture"),
        "component": pgettext("screening: why a list entry matched", "component"),
        "parent": pgettext("screening: why a list entry matched", "parent"),
        "review": pgettext("screening: why a list entry matched", "review"),
    }
    return labels.get(basis, basis)


def row_type_label(row_type: str) -> str:
    """What a list row is (the lists' row_type column), in the reader's language."""
    labels = {
        "individual": pgettext("screening: kind of list entry", "individual chemical"),
        "family": pgettext("screening: kind of list entry", "family"),
        "member": pgettext("screening: kind of list entry", "family member"),
        "example": pgettext("screening: kind of list entry", "example"),
        "heading": pgettext("screening: kind of list entry", "heading"),
        "general_note": pgettext("screening: kind of list entry", "general note"),
        "exemption": pgettext("screening: kind of list entry", "exemption"),
    }
    return labels.get(row_type, row_type)

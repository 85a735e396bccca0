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

from chemsec.screening.engine.reasons import SMILES_REASONS, smiles_problem_code
from chemsec.screening.presenters.shared import _untranslated


def _reason_texts() -> dict[str, str]:
    """Every engine reason code, in the active language (same placeholders as the engine)."""
    return {
        "empty": _("empty identifier"),
        "placeholder": _("a placeholder (%(text)s), not an identifier"),
        "invalid_cas": _("invalid CAS: %(cas)s fails the check digit"),
        "cas_shape": _(
            "not a valid CAS number: %(cas)s is not written as one (2 to 7 digits, 2 digits "
            "and a check digit, joined by hyphens: 7782-50-5)"
        ),
        "cas_too_short": _(
            "not a valid CAS number: %(cas)s has fewer than 5 digits once the leading zeros "
            "are dropped (the first group has 2 to 7 digits, not starting with 0)"
        ),
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
        "cas_digits_too_short": _(
            "the digits %(digits)s are not a CAS number: fewer than 5 digits once the "
            "leading zeros are dropped"
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


def _smiles_problem_texts() -> dict[str, str]:
    """Why RDKit refused a SMILES (engine.reasons.SMILES_PROBLEMS), in the active language."""
    return {
        "smiles_parentheses": pgettext("why a SMILES was refused", "unbalanced parentheses"),
        "smiles_brackets": pgettext("why a SMILES was refused", "unbalanced brackets"),
        "smiles_unclosed_ring": pgettext("why a SMILES was refused", "unclosed ring %(rings)s"),
        "smiles_syntax": pgettext("why a SMILES was refused", "syntax error"),
        "smiles_unreadable": pgettext("why a SMILES was refused", "RDKit could not read it"),
        "smiles_valence": pgettext(
            "why a SMILES was refused",
            "too many bonds on atom %(atom)s (%(element)s, valence %(valence)s)",
        ),
        "smiles_kekulize": pgettext(
            "why a SMILES was refused", "aromatic atoms %(atoms)s do not form an aromatic ring"
        ),
        "smiles_aromatic_outside_ring": pgettext(
            "why a SMILES was refused", "atom %(atom)s is marked aromatic outside a ring"
        ),
    }


@dataclass(frozen=True, slots=True)
class ProblemShown:
    """RDKit's refusal of a SMILES in the reader's language (its template and values), or
    its words as written (`template` empty: wording not known here, or not translated)."""

    template: str
    params: Mapping[str, Any]
    english: str


def smiles_problem_shown(params: Mapping[str, Any]) -> ProblemShown:
    """The `detail` of a refused SMILES's reason, from its problem code (a result stored
    before the codes: read from the words)."""
    detail = str(params.get("detail", ""))
    code = params.get("problem")
    values: dict[str, Any] = dict(params)
    if not isinstance(code, str):
        code, found = smiles_problem_code(detail)
        values.update(found)
    template = _smiles_problem_texts().get(code)
    if template is None or _untranslated(_smiles_problem_texts, code, template):
        return ProblemShown("", {}, detail)
    try:
        template % values
    except (KeyError, TypeError, ValueError):
        return ProblemShown("", {}, detail)
    return ProblemShown(template, values, detail)


def _problem_text(problem: ProblemShown) -> str:
    return problem.template % dict(problem.params) if problem.template else problem.english


def reason_text(code: str | None, params: dict[str, Any] | None, english: str | None) -> str:
    """A row's reason in the active language; the stored English when the code is unknown."""
    template = _reason_texts().get(code or "")
    if template is None:
        return english or ""
    values = dict(params or {})
    if code in SMILES_REASONS and "detail" in values:
        values["detail"] = _problem_text(smiles_problem_shown(values))
    try:
        return template % values
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
    # `detail` of a refused SMILES: RDKit's problem, in the reader's language or as written
    problem: ProblemShown | None = None


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
    problem = (
        smiles_problem_shown(values) if code in SMILES_REASONS and "detail" in values else None
    )
    return ReasonShown(template, values, english or "", problem)


# Unresolved rows whose identity is known and whose entries are named, only not decided:
# "unresolved" alone (Arabic "its identity was not determined") beside "resolved by SMILES"
# contradicted itself (QA, December 2026). These say what is known and what is left to do.
def _identified_but_undecided() -> dict[str, str]:
    return {
        "listed_parent_salt": pgettext("screening outcome", "parent listed: salt to check"),
        "family_wording_missing": pgettext("screening outcome", "may be listed: wording to check"),
    }


def status_label(status: str, reason_code: str | None = None) -> str:
    """A row's outcome in the reader's language; the page keeps the code for its styling.
    An unresolved row with a reason that names its entries (`listed_parent_salt`,
    `family_wording_missing`) says so instead of the bare "unresolved"."""
    if status == "unresolved" and reason_code:
        named = _identified_but_undecided().get(reason_code)
        if named is not None:
            return named
    labels = {
        "matched": pgettext("screening outcome", "matched"),
        "clear": pgettext("screening outcome", "clear"),
        "unresolved": pgettext("screening outcome", "unresolved"),
        "invalid": pgettext("screening outcome", "invalid"),
    }
    return labels.get(status, status)


def result_status_label(result: Any) -> str:
    """`status_label` for a ScreenResult or its stored dict (its status and reason code)."""
    if isinstance(result, Mapping):
        status = result.get("status")
    else:
        status = getattr(result, "status", None)
    code = _reason_fields(result)[0]
    return status_label(str(status or ""), str(code) if code else None)


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

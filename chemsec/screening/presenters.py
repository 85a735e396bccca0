"""What pages show for a screening result: reason codes in the reader's language.

The engine (`chemsec.screening.engine.reasons`) gives every unresolved or invalid row a
stable `reason_code`, its `reason_params` and the English `reason`. Pages translate the
code here; results stored before codes existed keep their English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language_info, pgettext
from django.utils.translation import gettext as _

from chemsec.screening.list_names import NAME_LANGUAGES, EntryName, name_for, title_for


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


# --- list-entry names in the reader's language (chemsec/screening/list_names.py) ---


@dataclass(frozen=True, slots=True)
class ShownName:
    """An entry's text as a page shows it: in the reader's language where ChemSec has it,
    else the list's English (`lang` "en", no status)."""

    text: str
    names: tuple[str, ...]
    lang: str
    status: str | None
    source: str
    verification: str

    @property
    def english(self) -> bool:
        return self.status is None


def _field(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)


def _shown(found: EntryName | None, english: str, names: Any) -> ShownName:
    if found is None:
        return ShownName(english, tuple(names or ()), "en", None, "", "")
    return ShownName(
        found.title, found.names, found.lang, found.status, found.source, found.verification
    )


def reader_name_language(language: str | None = None) -> str | None:
    """The names language for a Django language (the active one by default); None: English."""
    from chemsec.compendium.translations import content_language

    return content_language(language)


def entry_name(entry: Any, language: str | None = None) -> ShownName:
    """A list row (catalogue dict or ListEntry) as written, in the reader's language."""
    urn = str(_field(entry, "urn") or "")
    english = str(_field(entry, "text") or _field(entry, "title") or "")
    return _shown(name_for(urn, reader_name_language(language)), english, _field(entry, "names"))


def match_title(match: Any, language: str | None = None) -> ShownName:
    """A match's title (its entry's, or for an example or member its family's) in the
    reader's language; the engine's English title otherwise."""
    urn = str(_field(match, "urn") or "")
    english = str(_field(match, "title") or "")
    return _shown(title_for(urn, reader_name_language(language)), english, ())


def name_status_label(status: str | None) -> str:
    """What a shown name is, in the reader's language (the badge)."""
    labels = {
        "official": pgettext("list entry name", "official text"),
        "official-national": pgettext("list entry name", "official national text"),
        "translated-unreviewed": pgettext("list entry name", "translated here, not yet reviewed"),
    }
    return labels.get(status or "", pgettext("list entry name", "English original"))


def entry_names_by_language(urn: str) -> list[dict[str, Any]]:
    """The entry's names in each of the five other languages ChemSec has (for its page)."""
    django_codes = {"zh": "zh-hans"}
    return [
        {
            "lang": lang,
            "html_lang": "zh-Hans" if lang == "zh" else lang,
            "language_name": get_language_info(django_codes.get(lang, lang))["name_translated"],
            "name": found,
            "status_label": name_status_label(found.status),
        }
        for lang in NAME_LANGUAGES
        if (found := name_for(urn, lang)) is not None
    ]

"""What pages show for a screening result: reason codes in the reader's language.

The engine (`chemsec.screening.engine.reasons`) gives every unresolved or invalid row a
stable `reason_code`, its `reason_params` and the English `reason`. Pages translate the
code here; results stored before codes existed keep their English text.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import (
    get_language,
    get_language_info,
    ngettext,
    override,
    pgettext,
)
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


# --- a list row's verification status and a list's status, from their codes ---


def _verification_words() -> dict[str, str]:
    """The statuses and phrases the list files write in `verification`, translated."""
    return {
        "verified": pgettext("list data verification", "verified"),
        "verified-secondary": pgettext("list data verification", "verified in a secondary source"),
        "partial": pgettext("list data verification", "partly verified"),
        "unverified": pgettext("list data verification", "not verified"),
        "not seen": pgettext("list data verification", "not seen in the sources read"),
        "structure curated": pgettext("list data verification", "structure curated for ChemSec"),
        "name/cas only": pgettext("list data verification", "name and CAS number only"),
        "cas verified": pgettext("list data verification", "CAS number verified"),
        "name unverified": pgettext("list data verification", "name not verified"),
        "structure unverified": pgettext("list data verification", "structure not verified"),
        "sub-family wording unverified": pgettext(
            "list data verification", "sub-family wording not verified"
        ),
        "names verified": pgettext("list data verification", "names verified"),
    }


def _verification_keys() -> dict[str, str]:
    """What a part of a verification status is about (the CFATS columns), translated."""
    return {
        "name": pgettext("list data verification: what was checked", "name"),
        "cas": pgettext("list data verification: what was checked", "CAS number"),
        "release": pgettext("list data verification: what was checked", "release"),
        "release_stq": pgettext(
            "list data verification: what was checked", "release threshold quantity"
        ),
        "release_issue": pgettext(
            "list data verification: what was checked", "release security issue"
        ),
        "release_min_conc": pgettext(
            "list data verification: what was checked", "release minimum concentration"
        ),
        "theft": pgettext("list data verification: what was checked", "theft or diversion"),
        "theft_stq": pgettext(
            "list data verification: what was checked", "theft threshold quantity"
        ),
        "theft_issue": pgettext("list data verification: what was checked", "theft security issue"),
        "theft_min_conc": pgettext(
            "list data verification: what was checked", "theft minimum concentration"
        ),
        "sabotage": pgettext("list data verification: what was checked", "sabotage"),
        "security_issue": pgettext("list data verification: what was checked", "security issue"),
    }


@dataclass(frozen=True, slots=True)
class Phrase:
    """A piece of list data as shown: `text` translated, or the list's English
    (`english` True: the page marks it lang="en"); `detail` the English left in brackets."""

    text: str
    english: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class VerificationPart:
    """One `what=status` part of a verification status; `what` None for a bare phrase."""

    what: Phrase | None
    status: Phrase


def _top_level_split(text: str, separator: str = ";") -> list[str]:
    """`text` split at `separator` outside brackets (a detail may hold separators)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _bracketed(text: str) -> tuple[str, str]:
    """'head (detail)' as (head, detail); (text, '') when it does not end in one bracket."""
    text = text.strip()
    if text.endswith(")") and " (" in text:
        head, _sep, rest = text.partition(" (")
        if _top_level_split(rest[:-1], ")") == [rest[:-1].strip()]:
            return head.strip(), rest[:-1].strip()
    return text, ""


def _phrase(text: str, known: Mapping[str, str]) -> Phrase:
    head, detail = _bracketed(text)
    label = known.get(head.lower())
    if label is not None:
        return Phrase(label, False, detail)
    return Phrase(text, True)


def verification_parts(verification: str) -> tuple[Phrase, list[VerificationPart]]:
    """A list row's `verification` (data as the list file writes it: 'verified-secondary
    (name=verified-secondary;cas=unverified (compiler recall);theft=not seen)', 'CAS
    verified; NAME UNVERIFIED') as its overall status and its parts, each translated where
    it is one of the files' fixed words, else the English, marked so by the page."""
    words, keys = _verification_words(), _verification_keys()
    segments = _top_level_split(verification)
    if not segments:
        return Phrase("", True), []
    head, detail = _bracketed(segments[0])
    inner = _top_level_split(detail) if "=" in detail else []
    if inner:  # 'status (what=status;...)': the parts are the bracket's
        overall = _phrase(head, words)
        raw_parts = inner + segments[1:]
    else:
        overall = _phrase(segments[0], words)
        raw_parts = segments[1:]
    parts = []
    for raw in raw_parts:
        what, sep, status = raw.partition("=")
        if sep and what.strip().lower() in keys:
            parts.append(
                VerificationPart(Phrase(keys[what.strip().lower()], False), _phrase(status, words))
            )
        elif sep:
            parts.append(VerificationPart(Phrase(what.strip(), True), _phrase(status, words)))
        else:
            parts.append(VerificationPart(None, _phrase(raw, words)))
    return overall, parts


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_DATE = rf"(\d{{1,2}} (?:{_MONTHS}) \d{{4}})"


def list_status_phrase(status: str | None) -> Phrase:
    """A list's status (the engine's LIST_INFO: 'in force', 'in force from 1 February 2021',
    'statutory authority lapsed 28 July 2023') in the reader's language, its date in the
    locale's format; another wording stays English (marked by the page)."""
    import datetime as dt

    from django.utils import formats

    text = (status or "").strip()

    def labels() -> dict[str, str]:
        return {
            "in force": pgettext("control list status", "in force"),
            rf"in force from {_MONTH_DATE}": pgettext(
                "control list status", "in force from %(date)s"
            ),
            rf"statutory authority lapsed {_MONTH_DATE}": pgettext(
                "control list status", "statutory authority lapsed on %(date)s"
            ),
        }

    patterns = labels()
    if not (get_language() or "en").startswith("en"):
        with override("en"):
            english = labels()
        if any(patterns[k] == english[k] for k in patterns if re.fullmatch(k, text)):
            return Phrase(text, True)  # not translated yet: the English as the data has it
    for pattern, template in patterns.items():
        found = re.fullmatch(pattern, text)
        if found and not found.groups():
            return Phrase(template, False)
        if found:
            day = dt.datetime.strptime(found.group(1), "%d %B %Y").date()
            when = formats.date_format(day, "DATE_FORMAT", use_l10n=True)
            return Phrase(template % {"date": when}, False)
    return Phrase(text, True)


# --- a match's explanation and a row's notes in the reader's language ---


@dataclass(frozen=True, slots=True)
class Explanation:
    """A match's explanation as a sentence template in the reader's language (named
    placeholders) and its values: 'entry' (the row quoted), 'family', 'cas', 'kind',
    'salts'. The page builds the HTML (codes left to right, names isolated).

    `row` is the list row the sentence names (urn, list, code, row_type, text; title for a
    member or example), for its name in the reader's language."""

    template: str
    values: dict[str, Any]
    where: dict[str, Any] | None  # 'Component i of n (SMILES): ' when the input has several
    untranslated: bool = False  # the reader's language has no translation of the sentence yet
    row: Mapping[str, Any] | None = None


@lru_cache(maxsize=1)
def _entries_by_urn() -> dict[str, Any]:
    from chemsec.screening.engine.lists import LIST_FILES, load_list

    return {e.urn: e for code in LIST_FILES for e in load_list(code)}


def _explanation_texts() -> dict[str, str]:
    """Every engine explanation code (engine/explanations.py), in the active language."""
    return {
        "cas_listed": _("CAS %(cas)s is listed: %(entry)s."),
        "structure_identical": _("Structure identical to the listed chemical: %(entry)s."),
        "structure_identical_p_cation": _(
            "Structure identical to the listed chemical: %(entry)s (written as a "
            "P-cation without its P-H hydrogen)."
        ),
        "structure_identical_charged": _(
            "Structure identical to the listed chemical: %(entry)s (written in a charged form)."
        ),
        "hydrate": _("Hydrate of the listed chemical: %(entry)s."),
        "tautomer": _("A tautomer of the listed chemical: %(entry)s."),
        "component_listed": _("it is the listed chemical %(entry)s."),
        "protonated_salt_covered": _(
            "A protonated salt covered by the entry: %(entry)s (%(salts)s)."
        ),
        "alkylated_salt_covered": _(
            "An alkylated salt covered by the entry: %(entry)s (%(salts)s)."
        ),
        "salt_form_not_named": _(
            "%(kind)s form of the listed chemical %(entry)s; the entry names no such salts."
        ),
        "in_family": _("Structure falls within %(family)s."),
        "protonated_salt_in_family": _(
            "A protonated salt of a chemical that falls within %(family)s."
        ),
        "alkylated_salt_in_family": _(
            "An alkylated salt of a chemical that falls within %(family)s."
        ),
        "family_salt_form_not_named": _(
            "%(kind)s form of a chemical that falls within %(family)s; the entry names no "
            "such salts."
        ),
        "family_review": _(
            "Carries the structural features shared by the named examples of %(family)s; "
            "the entry's full wording is not in ChemSec's data, so membership is not "
            "decided here."
        ),
    }


def _salt_forms() -> dict[str, str]:
    """An explanation's `salt_form`, in the active language."""
    return {
        "protonated": pgettext("screening: salt form", "A protonated salt"),
        "alkylated": pgettext("screening: salt form", "An alkylated (quaternary) salt"),
        "deprotonated": pgettext("screening: salt form", "A salt (deprotonated)"),
        "other": pgettext("screening: salt form", "A salt or ion"),
    }


def _salt_wordings() -> dict[str, str]:
    """An entry's `salts` column, in the active language."""
    return {
        "protonated": pgettext("list entry salts", "and corresponding protonated salts"),
        "alkylated_or_protonated": pgettext(
            "list entry salts", "and corresponding alkylated or protonated salts"
        ),
    }


def _untranslated(table: Any, code: str, template: str) -> bool:
    """The reader's language (not English) has no translation of the code's template yet."""
    if (get_language() or "en").startswith("en"):
        return False
    with override("en"):
        return bool(template == table()[code])


def match_explanation(match: Any) -> Explanation | None:
    """Why the entry matched, in the reader's language: from the match's `explanation_code`
    and `explanation_params`; for a result stored before codes existed (no code), from the
    engine's English sentence, recognised by the row it names. None for a code or a sentence
    the page does not know (a newer engine): the page then shows the English, marked so."""
    code = _field(match, "explanation_code")
    if not code:
        return _recognised(match)
    template = _explanation_texts().get(str(code))
    if template is None:
        return None
    params = _field(match, "explanation_params") or {}
    values: dict[str, Any] = {"cas": params.get("cas", "")}
    values["kind"] = _salt_forms().get(str(params.get("salt_form")), "")
    values["salts"] = _salt_wordings().get(str(params.get("salts")), "")
    where = None
    if "component_index" in params:
        where = {
            "index": params.get("component_index"),
            "count": params.get("component_count"),
            "smiles": params.get("component_smiles", ""),
        }
    row = {
        "urn": str(_field(match, "urn") or ""),
        "list": params.get("list", _field(match, "list")),
        "code": params.get("entry", _field(match, "entry")),
        "row_type": params.get("entry_kind", ""),
        "text": params.get("entry_text", ""),
        "title": params.get("entry_title", _field(match, "title")),
    }
    untranslated = _untranslated(_explanation_texts, str(code), template)
    return Explanation(template, values, where, untranslated, row)


def _sentences(quote: str, within: str, entry: Any) -> list[tuple[str, str]]:
    """(English pattern, code) for every sentence the engine wrote before it gave codes."""
    q, f = re.escape(quote), re.escape(within)
    kinds = "|".join(re.escape(k) for k in _FORMS_BY_ENGLISH)
    w = re.escape(_SALTS_ENGLISH.get(entry.salts, ""))
    family_review = re.escape(f'{entry.list} {entry.code} ("{entry.text}")')
    return [
        (rf"CAS (?P<cas>\S+) is listed: {q}\.", "cas_listed"),
        (rf"Structure identical to the listed chemical: {q}\.", "structure_identical"),
        (
            rf"Structure identical to the listed chemical: {q} "
            r"\(written as a P-cation without its P-H hydrogen\)\.",
            "structure_identical_p_cation",
        ),
        (
            rf"Structure identical to the listed chemical: {q} \(written in a charged form\)\.",
            "structure_identical_charged",
        ),
        (rf"Hydrate of the listed chemical: {q}\.", "hydrate"),
        (rf"A tautomer of the listed chemical: {q}\.", "tautomer"),
        (rf"it is the listed chemical {q}\.", "component_listed"),
        (rf"Protonated salt covered by the entry: {q} \({w}\)\.", "protonated_salt_covered"),
        (rf"Alkylated salt covered by the entry: {q} \({w}\)\.", "alkylated_salt_covered"),
        (
            rf"(?P<kind>{kinds}) form of the listed chemical {q}; the entry names no such salts\.",
            "salt_form_not_named",
        ),
        (
            rf"(?P<kind>{kinds}) form of a chemical that falls within {f}; the entry names no "
            r"such salts\.",
            "family_salt_form_not_named",
        ),
        (
            rf"Carries the structural features shared by the named examples of {family_review}"
            r"; the entry's full wording is not in ChemSec's data, so membership is not "
            r"decided here\.",
            "family_review",
        ),
        (rf"Protonated salt of a chemical that falls within {f}\.", "protonated_salt_in_family"),
        (rf"Alkylated salt of a chemical that falls within {f}\.", "alkylated_salt_in_family"),
        (rf"Structure falls within {f}\.", "in_family"),
    ]


def _english_tables() -> tuple[dict[str, str], dict[str, str]]:
    from chemsec.screening.engine.explanations import SALT_FORMS, SALTS

    return {english: form for form, english in SALT_FORMS.items()}, dict(SALTS)


_FORMS_BY_ENGLISH, _SALTS_ENGLISH = _english_tables()


def _recognised(match: Any) -> Explanation | None:
    """The explanation of a result stored before codes existed: the engine's English
    sentence recognised from the row it names (the list data in force must hold the row)."""
    entry = _entries_by_urn().get(str(_field(match, "urn") or ""))
    text = str(_field(match, "explanation") or "")
    if entry is None or not text:
        return None
    if _field(match, "concentration") or _field(match, "concentration_assessment"):
        # The page shows the stated concentration on its own line.
        text = re.sub(r" Stated concentration: .*\.$", "", text)
    where = None
    found_where = re.match(
        r"Component (?P<index>\d+) of (?P<count>\d+) \((?P<smiles>\S+)\): ", text
    )
    if found_where:
        where = found_where.groupdict()
        text = text[found_where.end() :]
    from chemsec.screening.engine.explanations import quote_entry

    within = f'{entry.list} {entry.code}: "{entry.text}"'
    for pattern, code in _sentences(quote_entry(entry), within, entry):
        found = re.fullmatch(pattern, text)
        if found:
            template = _explanation_texts()[code]
            values: dict[str, Any] = {"cas": found.groupdict().get("cas", "")}
            form = _FORMS_BY_ENGLISH.get(found.groupdict().get("kind") or "", "")
            values["kind"] = _salt_forms().get(form, "")
            values["salts"] = _salt_wordings().get(entry.salts, "")
            row = {
                "urn": entry.urn,
                "list": entry.list,
                "code": entry.code,
                "row_type": entry.row_type,
                "text": entry.text,
                "title": entry.title,
            }
            untranslated = _untranslated(_explanation_texts, code, template)
            return Explanation(template, values, where, untranslated, row)
    return None


def _note_texts(count: int = 0) -> dict[str, str]:
    """Every engine note code (engine/explanations.py NOTES), in the active language."""
    return {
        "cas_from_digits": _("“%(digits)s” was read as the CAS number %(cas)s"),
        "smiles_in_name_column": _(
            "written in SMILES syntax in a name column: screened as a SMILES"
        ),
        "annex_grammar": _(
            "name read by ChemSec's grammar of the Annex naming style (pattern of CWC "
            "%(family)s) as %(smiles)s"
        ),
        "list_name_other_language": _(
            "read as the %(language)s name of %(list)s %(entry)s (“%(name)s”; %(status)s)"
        ),
        "annex_style_for_opsin": _("name written in the Annex's style, read as “%(name)s”"),
        "structure_from_opsin": _("structure derived from the name by OPSIN; check it"),
        "charged_as_neutral": _("a charged writing was screened as its neutral form"),
        "p_cation_as_h_phosphonate": _(
            "a P-cation without its P-H hydrogen was read as the neutral H-phosphonate"
        ),
        "components_screened": ngettext(
            "%(count)s component: each was screened as written and as its neutral parent",
            "%(count)s components: each was screened as written and as its neutral parent",
            count,
        ),
        "entries_not_verified": _(
            "some matched entries are not fully verified: see their verification status"
        ),
    }


@dataclass(frozen=True, slots=True)
class NoteText:
    """A row's note as shown: in the reader's language, or the engine's English (`english`
    True: a note without a code, from a result stored before codes existed, or a code
    the reader's language has no translation of yet; the page marks it lang="en").
    A translated note also keeps its sentence and values (`template`, `params`), so the
    page can isolate each value (a CAS number, a SMILES) inside the sentence."""

    text: str
    english: bool
    template: str = ""
    params: Mapping[str, Any] | None = None


def note_text(text: str, code: Mapping[str, Any] | None) -> NoteText:
    """One note in the reader's language, from its code (`note_codes`)."""
    name = str((code or {}).get("code") or "")
    params = dict((code or {}).get("params") or {})
    count = params.get("count")
    template = _note_texts(count if isinstance(count, int) else 0).get(name)
    if template is None:
        return NoteText(text, True)
    if name == "list_name_other_language":  # the language and the name's standing, too
        django_code = {"zh": "zh-hans"}.get(str(params.get("lang")), str(params.get("lang")))
        with contextlib.suppress(KeyError):  # a language Django does not know: the English
            params["language"] = get_language_info(django_code)["name_translated"]
        params["status"] = name_status_label(params.get("status"))
    try:
        shown = template % params
    except (KeyError, TypeError, ValueError):  # a stored note missing a value
        return NoteText(text, True)
    if _untranslated(lambda: _note_texts(count if isinstance(count, int) else 0), name, template):
        return NoteText(text, True)  # the engine's own English until it is translated
    return NoteText(shown, False, template, params)


def result_notes(result: Any) -> list[NoteText]:
    """A result's (ScreenResult or stored dict) notes in the reader's language."""
    from chemsec.screening.engine.explanations import note_code

    notes = list(_field(result, "notes") or [])
    codes = result.get("note_codes") if isinstance(result, Mapping) else None
    if codes is None:  # a ScreenResult's own; kept before codes: a fixed note by its text
        codes = [note_code(n) for n in notes]
    if len(codes) != len(notes):
        codes = [None] * len(notes)
    return [note_text(str(n), c) for n, c in zip(notes, codes, strict=True)]


def _concentration_texts() -> dict[str, str]:
    """Every assessment code of a stated concentration (engine/explanations.py
    CONCENTRATIONS), in the active language; the numbers are the locale's."""
    return {
        "above_limit": _("%(percent)s %% w/w is above the limit value of %(limit)s %% w/w"),
        "at_or_below_limit": _(
            "%(percent)s %% w/w is at or below the limit value of %(limit)s %% w/w"
        ),
        "above_limit_and_licence_limit": _(
            "%(percent)s %% w/w is above the limit value of %(limit)s %% w/w and above the "
            "upper limit for licensing (%(upper)s %% w/w)"
        ),
        "above_limit_licence_wording": _(
            "%(percent)s %% w/w is above the limit value of %(limit)s %% w/w; upper limit "
            "for licensing: %(licence_limit)s"
        ),
        "nitrogen_above_limit": _(
            "%(percent)s %% w/w ammonium nitrate gives %(nitrogen)s %% w/w nitrogen from "
            "ammonium nitrate, above the limit value of %(limit)s %% w/w nitrogen"
        ),
        "nitrogen_at_or_below_limit": _(
            "%(percent)s %% w/w ammonium nitrate gives %(nitrogen)s %% w/w nitrogen from "
            "ammonium nitrate, at or below the limit value of %(limit)s %% w/w nitrogen"
        ),
        "at_or_above_minimum": _(
            "%(percent)s %% w/w is at or above the minimum concentration of %(limit)s %% w/w"
        ),
        "below_minimum": _(
            "%(percent)s %% w/w is below the minimum concentration of %(limit)s %% w/w"
        ),
    }


def _number(value: Any, spec: str) -> str:
    """A number as the English writes it (`spec`), in the locale's digits and separators."""
    from decimal import Decimal, InvalidOperation

    from django.utils import formats

    try:
        written = format(float(value), spec)
        return str(formats.number_format(Decimal(written), use_l10n=True))
    except (TypeError, ValueError, InvalidOperation):
        return str(value)


def concentration_assessment(match: Any) -> Any:
    """A match's assessment of a stated concentration (ScreenResult's Match or its stored
    dict), or None."""
    found = _field(match, "concentration")
    if found is None and isinstance(match, Mapping):
        found = match.get("concentration_assessment")
    return found or None


def concentration_text(assessment: Any) -> NoteText:
    """A stated concentration's assessment in the reader's language, from its code; one
    kept before codes (or a code not known here) stays English (`english` True)."""
    text = str(_field(assessment, "text") or "")
    code = str(_field(assessment, "code") or "")
    template = _concentration_texts().get(code)
    if template is None:
        return NoteText(text, True)
    params = dict(_field(assessment, "params") or {})
    values = {k: _number(v, ".1f" if k == "nitrogen" else "g") for k, v in params.items()}
    licence = str(params.get("licence_limit", ""))
    values["licence_limit"] = (
        pgettext("list entry licence limit", "licensing not permitted")
        if licence == "licensing not permitted"
        else licence
    )
    try:
        shown = template % values
    except (KeyError, TypeError, ValueError):  # a stored assessment missing a value
        return NoteText(text, True)
    if _untranslated(_concentration_texts, code, template):
        return NoteText(text, True)  # the engine's own English until it is translated
    return NoteText(shown, False)


# --- what identified a row whose input names no chemical (a SMILES, an InChI) ---

# Bases whose entry is the input's own chemical, or the listed chemical the input holds or
# is a salt of; a family or a review names no single chemical.
_IDENTIFYING_BASES = frozenset({"exact", "salt", "component", "mixture", "parent"})


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

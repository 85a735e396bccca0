"""A match's explanation in the reader's language: from its code, or for a result stored
before codes existed, from the engine's English sentence recognised by the row it names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import (
    pgettext,
)

from chemsec.screening.presenters.shared import _entries_by_urn, _field, _untranslated


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

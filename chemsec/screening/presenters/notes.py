"""A row's notes and a stated concentration's assessment, in the reader's language."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import (
    get_language_info,
    ngettext,
    pgettext,
)
from django.utils.translation import gettext as _

from chemsec.screening.presenters.names import name_status_label
from chemsec.screening.presenters.shared import _field, _untranslated


def _note_texts(count: int = 0) -> dict[str, str]:
    """Every engine note code (engine/explanations.py NOTES), in the active language."""
    return {
        "cas_from_digits": _("“%(digits)s” was read as the CAS number %(cas)s"),
        "read_plainly": _("“%(written)s” was read as “%(text)s”"),
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

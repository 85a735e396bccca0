"""Why a list entry matched, and what a row's notes say: stable codes, their values and
the English text made from them.

Every match carries `explanation_code` and `explanation_params`, and every note of a row a
code and params in `note_codes` (same order as `notes`); pages render the codes in the
reader's language (`chemsec.screening.presenters`), while the API, the CLI, exports and
stored results also carry the English `explanation` and `notes` made from the templates
below (the same text, byte for byte, as before codes existed). Codes are part of the output
contract (docs/screening.md): add new ones, never rename them.

Values common to the match codes (each template may use them):

- `list`, `entry`: the list and the entry's code (CWC, 1A01); `entry_kind`: the row's
  type (individual, family, member, example); `entry_text`: the row's text as the list
  writes it; `entry_title`: the family's title, for a listed member or a named example;
- `component_index`, `component_count`, `component_smiles`: only when the input has
  several components, the one the sentence is about (the English then starts with
  COMPONENT_PREFIX).

Placeholders made from those values (not params themselves): `quoted` (the row quoted
by its kind, QUOTES), `salt_form_text` (SALT_FORMS, from `salt_form`) and `salts_text`
(SALTS, from `salts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chemsec.screening.engine.lists import ListEntry

# code -> English template (str.format with the params and the made placeholders)
EXPLANATIONS: dict[str, str] = {
    # the whole input is the listed chemical (basis exact, salt for a hydrate)
    "cas_listed": "CAS {cas} is listed: {quoted}.",
    "structure_identical": "Structure identical to the listed chemical: {quoted}.",
    "structure_identical_p_cation": (
        "Structure identical to the listed chemical: {quoted} (written as a P-cation "
        "without its P-H hydrogen)."
    ),
    "structure_identical_charged": (
        "Structure identical to the listed chemical: {quoted} (written in a charged form)."
    ),
    "hydrate": "Hydrate of the listed chemical: {quoted}.",
    "tautomer": "A tautomer of the listed chemical: {quoted}.",
    # a component, or the neutral parent of a salt (basis component, salt, parent)
    "component_listed": "it is the listed chemical {quoted}.",
    "protonated_salt_covered": "Protonated salt covered by the entry: {quoted} ({salts_text}).",
    "alkylated_salt_covered": "Alkylated salt covered by the entry: {quoted} ({salts_text}).",
    "salt_form_not_named": (
        "{salt_form_text} form of the listed chemical {quoted}; the entry names no such salts."
    ),
    # family rules (basis family, salt, parent, review)
    "in_family": 'Structure falls within {list} {entry}: "{entry_text}".',
    "protonated_salt_in_family": (
        'Protonated salt of a chemical that falls within {list} {entry}: "{entry_text}".'
    ),
    "alkylated_salt_in_family": (
        'Alkylated salt of a chemical that falls within {list} {entry}: "{entry_text}".'
    ),
    "family_salt_form_not_named": (
        "{salt_form_text} form of a chemical that falls within {list} {entry}: "
        '"{entry_text}"; the entry names no such salts.'
    ),
    "family_review": (
        "Carries the structural features shared by the named examples of {list} {entry} "
        "(\"{entry_text}\"); the entry's full wording is not in ChemSec's data, so "
        "membership is not decided here."
    ),
}

COMPONENT_PREFIX = "Component {component_index} of {component_count} ({component_smiles}): "

# entry_kind -> how the English quotes the row (any other kind: "default")
QUOTES: dict[str, str] = {
    "example": '{list} {entry}, named example "{entry_text}" of "{entry_title}"',
    "member": '{list} {entry} ("{entry_title}"), listed member "{entry_text}"',
    "default": '{list} {entry} "{entry_text}"',
}

# salt_form -> English (protonated, alkylated, deprotonated, other)
SALT_FORMS: dict[str, str] = {
    "protonated": "Protonated salt",
    "alkylated": "Alkylated (quaternary) salt",
    "deprotonated": "Salt (deprotonated)",
    "other": "Salt or ion",
}

# salts (the entry's `salts` column) -> English
SALTS: dict[str, str] = {
    "protonated": "and corresponding protonated salts",
    "alkylated_or_protonated": "and corresponding alkylated or protonated salts",
}

# code -> English template of a row's note
NOTES: dict[str, str] = {
    "cas_from_digits": "{digits!r} was read as the CAS number {cas}",
    "read_plainly": "{written!r} was read as {text!r}",
    "smiles_in_name_column": "written in SMILES syntax in a name column: screened as a SMILES",
    "annex_grammar": (
        "name read by ChemSec's grammar of the Annex naming style (pattern of CWC {family}) "
        "as {smiles}"
    ),
    "list_name_other_language": (
        'read as the {language} name of {list} {entry} ("{name}"; status: {status})'
    ),
    "annex_style_for_opsin": 'name written in the Annex\'s style, read as "{name}"',
    "structure_from_opsin": "structure derived from the name by OPSIN; check it",
    "charged_as_neutral": "a charged writing was screened as its neutral form",
    "p_cation_as_h_phosphonate": (
        "a P-cation without its P-H hydrogen was read as the neutral H-phosphonate"
    ),
    "components_screened": (
        "{count} components: each was screened as written and as its neutral parent"
    ),
    "entries_not_verified": "some matched entries are not fully verified: see `verification`",
}


# code -> English template of a stated concentration's assessment (a `mixture` match's
# `concentration_assessment`); numbers are params, formatted here
CONCENTRATIONS: dict[str, str] = {
    "above_limit": "{percent:g} % w/w is above the limit value of {limit:g} % w/w",
    "at_or_below_limit": "{percent:g} % w/w is at or below the limit value of {limit:g} % w/w",
    "above_limit_and_licence_limit": (
        "{percent:g} % w/w is above the limit value of {limit:g} % w/w and above the upper "
        "limit for licensing ({upper:g} % w/w)"
    ),
    "above_limit_licence_wording": (
        "{percent:g} % w/w is above the limit value of {limit:g} % w/w; upper limit for "
        "licensing: {licence_limit}"
    ),
    "nitrogen_above_limit": (
        "{percent:g} % w/w ammonium nitrate gives {nitrogen:.1f} % w/w nitrogen from "
        "ammonium nitrate, above the limit value of {limit:g} % w/w nitrogen"
    ),
    "nitrogen_at_or_below_limit": (
        "{percent:g} % w/w ammonium nitrate gives {nitrogen:.1f} % w/w nitrogen from "
        "ammonium nitrate, at or below the limit value of {limit:g} % w/w nitrogen"
    ),
    "at_or_above_minimum": (
        "{percent:g} % w/w is at or above the minimum concentration of {limit:g} % w/w"
    ),
    "below_minimum": "{percent:g} % w/w is below the minimum concentration of {limit:g} % w/w",
}


def concentration_english(code: str, params: dict[str, Any]) -> str:
    """The English assessment of a stated concentration (the code itself when unknown)."""
    template = CONCENTRATIONS.get(code)
    return _format(template, params) if template is not None else code


@dataclass(frozen=True, slots=True)
class Explained:
    """An explanation code with its values; `text` is the English sentence."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return english(self.code, self.params)


def entry_params(entry: ListEntry) -> dict[str, Any]:
    """The values that name a list row in an explanation."""
    params: dict[str, Any] = {
        "list": entry.list,
        "entry": entry.code,
        "entry_kind": entry.row_type,
        "entry_text": entry.text,
    }
    if entry.row_type in ("example", "member"):
        params["entry_title"] = entry.title
    return params


def explain(code: str, entry: ListEntry, **params: Any) -> Explained:
    """The explanation `code` for a match of `entry`, with the code's own values."""
    return Explained(code, {**entry_params(entry), **params})


def salt_form(kind: str) -> str:
    """A component's kind as an explanation's `salt_form`."""
    return kind if kind in SALT_FORMS else "other"


def english(code: str, params: dict[str, Any]) -> str:
    """The English explanation of `code` with `params` (the code itself when unknown)."""
    template = EXPLANATIONS.get(code)
    if template is None:
        return code
    values = dict(params)
    values["quoted"] = _format(QUOTES.get(str(params.get("entry_kind")), QUOTES["default"]), params)
    values["salt_form_text"] = SALT_FORMS.get(str(params.get("salt_form")), SALT_FORMS["other"])
    values["salts_text"] = SALTS.get(str(params.get("salts")), "")
    text = _format(template, values)
    if "component_index" in params:
        return _format(COMPONENT_PREFIX, params) + text
    return text


def _format(template: str, values: dict[str, Any]) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


class Note(str):
    """A row's note: the English text (a `str`, as `notes` always held) with its code and
    values, kept through the engine's copies, pickling and the writers."""

    code: str
    params: dict[str, Any]

    def __new__(
        cls, code: str, params: dict[str, Any] | None = None, text: str | None = None
    ) -> Note:
        """The note `code` with `params`; `text` (a stored note's English) instead of the
        template's."""
        values = dict(params or {})
        if text is None:
            template = NOTES.get(code)
            text = _format(template, values) if template else code
        note = super().__new__(cls, text)
        note.code, note.params = code, values
        return note

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Note, (self.code, self.params, str(self)))


def note(code: str, **params: Any) -> Note:
    """The note `code` with its values (a note without values is made once: notes are
    never changed)."""
    if params:
        return Note(code, params)
    found = _PLAIN_NOTES.get(code)
    if found is None:
        found = _PLAIN_NOTES[code] = Note(code)
    return found


_PLAIN_NOTES: dict[str, Note] = {}


# Notes kept as fixed English text (results stored before every note was a Note),
# known by their text.
_FIXED_NOTES = {template: code for code, template in NOTES.items() if "{" not in template}


def note_code(text: str) -> dict[str, Any]:
    """A note's code and values for the JSON (`note_codes`): a Note's own; a note written
    as fixed text its code; another text, code null."""
    if isinstance(text, Note):
        return {"code": text.code, "params": dict(text.params)}
    return {"code": _FIXED_NOTES.get(text), "params": {}}


def quote_entry(entry: ListEntry) -> str:
    """How an English explanation quotes a list row (`quoted`)."""
    return _format(QUOTES.get(entry.row_type, QUOTES["default"]), entry_params(entry))

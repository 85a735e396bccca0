"""Template filters for screening results (reasons in the reader's language)."""

from __future__ import annotations

import re
from typing import Any
from unicodedata import bidirectional

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from chemsec.core.templatetags.list_join import clause_separator, list_join
from chemsec.screening.presenters import (
    NoteText,
    Phrase,
    ShownName,
    basis_label,
    concentration_assessment,
    concentration_text,
    entry_name,
    list_status_phrase,
    listed_identities,
    match_explanation,
    match_title,
    name_status_label,
    reason_shown,
    resolution_label,
    result_notes,
    result_status_label,
    row_type_label,
    verification_parts,
)

register = template.Library()


@register.filter
def reason(result: Any) -> SafeString:
    """`{{ r|reason }}`: the row's reason, translated from its code, each of its values
    isolated in its own direction (`reason_html`)."""
    return reason_html(result)


def reason_html(result: Any) -> SafeString:
    """A row's reason (ScreenResult or stored dict) in the reader's language, each value
    isolated (`value_html`): in an Arabic sentence a CAS number, a SMILES or an entry code
    keeps its order ("111-48-9", not "9-48-111"). A reason the page cannot translate is the
    engine's English, marked so."""
    shown = reason_shown(result)
    if not shown.template:
        return format_html('<span lang="en" dir="ltr">{}</span>', shown.english)
    values = {k: value_html(k, v) for k, v in shown.params.items()}
    if shown.problem is not None and shown.problem.template:
        # RDKit's refusal in the reader's language, its ring numbers and atoms as codes
        problem = shown.problem
        values["detail"] = format_html(
            "<bdi>{}</bdi>",
            _sentence(problem.template, {k: value_html(k, v) for k, v in problem.params.items()}),
        )
    return _sentence(shown.template, values)


# How the values of a reason or a note are shown inside a translated sentence. Codes (CAS
# numbers, digits, SMILES, list entries) whole and left to right; what the user typed in
# its own direction; the engine's English details marked English; numbers and translated
# words as they are. Every value is isolated, so none takes the sentence's direction.
_CODE_VALUES = frozenset(
    {
        "cas",
        "digits",
        "smiles",
        "family",
        "list",
        "entry",
        "kind",
        "seconds",
        "rings",
        "atom",
        "atoms",
        "element",
        "valence",
    }
)
_TYPED_VALUES = frozenset({"text", "written", "column", "cells", "pieces", "name"})
_ENGLISH_VALUES = frozenset({"detail", "why"})


def value_html(key: str, value: Any) -> SafeString:
    """One value of a reason or a note as HTML, isolated (see above)."""
    if key == "entries":  # "CWC 2B11, AG AG27": each entry whole, as the language lists
        parts = [p for p in str(value).split(", ") if p]
        return list_join(_code(p) for p in parts)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_html("{}", value)  # a count, a number of cells: as it is
    if key in _CODE_VALUES:
        return _code(value)
    if key in _TYPED_VALUES:
        return format_html("<bdi>{}</bdi>", value)
    if key in _ENGLISH_VALUES:
        return format_html('<bdi lang="en" dir="ltr">{}</bdi>', value)
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def row_status_text(result: Any) -> str:
    """`{{ r|row_status_text }}`: a row's outcome, saying what is known when an unresolved
    row names its entries ("parent listed: salt to check")."""
    return result_status_label(result)


@register.filter
def resolved_text(resolved_by: str) -> SafeString:
    """`{{ r.identity.resolved_by|resolved_text }}`: how the identifier was resolved, in the
    reader's language; a piece with no translation is marked English (lang="en")."""
    return format_html_join(
        clause_separator(),
        "{}",
        (
            (text if translated else format_html('<span lang="en" dir="ltr">{}</span>', text),)
            for text, translated in resolution_label(resolved_by)
        ),
    )


@register.filter(is_safe=True)
def clause_join(values: Any) -> SafeString:
    """`{{ names|clause_join }}`: parts that hold commas of their own (chemical names),
    joined as the reader's language separates clauses (the Arabic semicolon in Arabic)."""
    return mark_safe(clause_separator().join(str(conditional_escape(v)) for v in values or ()))  # noqa: S308


@register.filter(is_safe=True)
def chem_name(name: Any) -> SafeString:
    """`{{ r.identity.name|chem_name }}`: a chemical name as written (Latin letters),
    isolated left to right: in an Arabic page "N,N-Diisopropylethanolamine" and
    "2,2-Diphenyl-..." keep their order, and the line does not break after a locant's
    hyphen (`locants_kept`). A name in a right-to-left script (an unresolved row keeps
    what was typed) takes its own direction."""
    text = "" if name is None else str(name)
    direction = "auto" if any(bidirectional(ch) in ("R", "AL") for ch in text) else "ltr"
    return format_html('<bdi class="chem-name" dir="{}">{}</bdi>', direction, locants_kept(text))


# A run of locants and their hyphens ("N,N-", "2,2-", "O-Ethyl S-2-"'s "S-2-") at the
# start of a word or after a hyphen, bracket or space, with the part of the name it
# qualifies up to the next hyphen or space: kept on one line.
_LOCANT = r"(?:\d+[a-z]?'*|[A-Za-z]'*)"
_LOCANTS_AND_PART = re.compile(rf"(?:(?<=^)|(?<=[\s(\[{{-]))(?:{_LOCANT}(?:,{_LOCANT})*-)+[^\s-]+")


@register.filter(is_safe=True)
def locants_kept(text: Any) -> SafeString:
    """`{{ r.input|locants_kept }}`: the text, escaped, each locant run kept with the word
    it qualifies (`<span class="nobr">`): a line may break after "Diisopropyl-", never
    after "N,N-". The characters are those of the text (copying gives it back as written)."""
    text = "" if text is None else str(text)
    pieces, last = [], 0
    for m in _LOCANTS_AND_PART.finditer(text):
        pieces.append(conditional_escape(text[last : m.start()]))
        pieces.append(format_html('<span class="nobr">{}</span>', m.group()))
        last = m.end()
    pieces.append(conditional_escape(text[last:]))
    return mark_safe("".join(str(p) for p in pieces))  # noqa: S308 - each piece escaped


@register.filter
def basis_text(basis: str) -> str:
    """`{{ m.basis|basis_text }}`: exact, family, salt... translated."""
    return basis_label(basis)


@register.filter
def row_type_text(row_type: str) -> str:
    """`{{ e.row_type|row_type_text }}`: individual chemical, family, example... translated."""
    return row_type_label(row_type)


def _name_html(shown: ShownName, length: int | None = None, *, badge: bool = True) -> SafeString:
    """A shown name: the reader's language with its status badge, or the English marked so."""
    text = Truncator(shown.text).chars(length) if length else shown.text
    if shown.english:
        return format_html(
            '<bdi class="chem-name" lang="en" dir="ltr">{}</bdi>', locants_kept(text)
        )
    if not badge:  # inside a sentence: the match's title above carries the badge
        return format_html(
            '<span class="entry-name" lang="{}" dir="auto">{}</span>',
            "zh-Hans" if shown.lang == "zh" else shown.lang,
            text,
        )
    return format_html(
        '<span class="entry-name" lang="{}" dir="auto">{}</span> '
        '<span class="badge name-status name-status-{}">{}</span>',
        "zh-Hans" if shown.lang == "zh" else shown.lang,
        text,
        shown.status,
        name_status_label(shown.status),
    )


@register.simple_tag
def entry_text(entry: Any) -> SafeString:
    """`{% entry_text e %}`: a list row as written, in the reader's language where ChemSec
    has it (with what the text is: official, official national, translated here), else the
    list's English marked lang="en"."""
    return _name_html(entry_name(entry))


@register.simple_tag
def match_title_text(match: Any, length: int = 60) -> SafeString:
    """`{% match_title_text m %}`: a match's title, as `entry_text` does for a row."""
    return _name_html(match_title(match), length)


@register.simple_tag
def entry_name_source(entry: Any) -> SafeString:
    """`{% entry_name_source e %}`: where the shown name was read (nothing for the English)."""
    shown = entry_name(entry)
    if shown.english:
        return SafeString("")
    return format_html(
        '<div class="small name-source">{}: <span lang="en" dir="ltr">{}</span></div>',
        pgettext("list entry name", "Name's source"),
        shown.source,
    )


def _code(text: Any) -> SafeString:
    """A code (CAS number, entry code, SMILES, date, URN): unbroken, left to right, isolated."""
    return format_html('<span class="code-id" dir="ltr">{}</span>', text)


def _phrase_html(phrase: Phrase) -> SafeString:
    """A piece of list data: translated, or its English marked lang="en"; a bracketed English
    detail after a translated word is marked so too."""
    if phrase.english:
        return format_html('<span lang="en" dir="ltr">{}</span>', phrase.text)
    if phrase.detail:
        return format_html('{} (<span lang="en" dir="ltr">{}</span>)', phrase.text, phrase.detail)
    return format_html("{}", phrase.text)


@register.filter
def code_id(text: Any) -> SafeString:
    """`{{ e.cas|code_id }}`: a code kept whole and left to right in any page direction."""
    return _code(text)


@register.filter
def verification_text(verification: str) -> SafeString:
    """`{{ m.verification|verification_text }}`: a list row's verification status as a label
    in the reader's language, with its parts ('name: verified in a secondary source') as a
    short list; words the page does not know stay English, marked so. Each part takes the
    direction of its first words (dir=auto): a label not yet translated reads left to right."""
    overall, parts = verification_parts(verification or "")
    if not parts:
        return format_html('<span class="verification" dir="auto">{}</span>', _phrase_html(overall))
    items = format_html_join(
        "",
        '<li dir="auto">{}</li>',
        (
            (
                format_html("{}: {}", _phrase_html(p.what), _phrase_html(p.status))
                if p.what is not None
                else _phrase_html(p.status),
            )
            for p in parts
        ),
    )
    return format_html(
        '<span class="verification" dir="auto">{}</span><ul class="verification-parts">{}</ul>',
        _phrase_html(overall),
        items,
    )


@register.filter
def list_status_text(status: str | None) -> SafeString:
    """`{{ l.status|list_status_text }}`: a list's status (in force, lapsed on a date) in the
    reader's language; another wording stays English, marked so."""
    return _phrase_html(list_status_phrase(status))


def _sentence(template: str, values: dict[str, Any]) -> SafeString:
    """A translated sentence with named placeholders whose values are already HTML."""
    return mark_safe(conditional_escape(template) % values)  # noqa: S308 - both escaped


@register.simple_tag
def explanation_text(match: Any) -> SafeString:
    """`{% explanation_text m %}`: why the entry matched, in the reader's language, made
    from the match's explanation code (a result stored before codes: rebuilt from the row
    its sentence names), the row's code left to right, its name in the reader's language
    where ChemSec has it, else the list's English marked so; a code or sentence the page
    does not know is shown as the engine wrote it, marked English."""
    found = match_explanation(match)
    if found is None or found.row is None:
        return format_html('<p lang="en" dir="ltr">{}</p>', _field_of(match, "explanation"))
    row = found.row
    entry_id = _code(f"{row.get('list')} {row.get('code')}")
    name = _name_html(entry_name(row), badge=False)
    values = dict(found.values)
    html: dict[str, Any] = {
        "entry": _sentence(
            pgettext("screening: a quoted list entry", "%(entry)s “%(name)s”"),
            {"entry": entry_id, "name": name},
        ),
        "family": _sentence(
            pgettext("screening: a quoted list entry", "%(entry)s: “%(name)s”"),
            {"entry": entry_id, "name": name},
        ),
        "cas": _code(values.get("cas", "")),
        "kind": conditional_escape(values.get("kind", "")),
        "salts": conditional_escape(values.get("salts", "")),
    }
    if row.get("row_type") in ("example", "member"):
        family = _name_html(match_title(match), badge=False)
        template = (
            pgettext(
                "screening: a quoted list entry",
                "%(entry)s, named example “%(name)s” of “%(family)s”",
            )
            if row.get("row_type") == "example"
            else pgettext(
                "screening: a quoted list entry",
                "%(entry)s (“%(family)s”), listed member “%(name)s”",
            )
        )
        html["entry"] = _sentence(template, {"entry": entry_id, "name": name, "family": family})
    sentence = _sentence(found.template, html)
    if found.where:
        where = _sentence(
            _("Component %(index)s of %(count)s (%(smiles)s): "),
            {
                "index": conditional_escape(found.where["index"]),
                "count": conditional_escape(found.where["count"]),
                "smiles": _code(found.where["smiles"]),
            },
        )
        sentence = format_html("{}{}", where, sentence)
    if found.untranslated:  # the English wording until the sentence is translated
        return format_html('<p class="explanation" lang="en" dir="ltr">{}</p>', sentence)
    return format_html('<p class="explanation">{}</p>', sentence)


def _field_of(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


@register.simple_tag
def notes_text(result: Any) -> SafeString:
    """`{% notes_text r %}`: the row's notes (how it was read, what to check) in the
    reader's language, from their codes; a note without one (a result stored before codes)
    or not yet translated is shown as the engine wrote it, marked English."""
    notes = result_notes(result)
    if not notes:
        return SafeString("")
    return format_html(
        '<ul class="small notes">{}</ul>',
        format_html_join(
            "",
            "{}",
            (
                (
                    format_html('<li lang="en" dir="ltr">{}</li>', n.text)
                    if n.english
                    else format_html('<li dir="auto">{}</li>', _note_html(n)),
                )
                for n in notes
            ),
        ),
    )


def _note_html(note: NoteText) -> SafeString:
    """A translated note with each of its values isolated (as in a reason)."""
    if not note.template:
        return format_html("{}", note.text)
    values = {k: value_html(k, v) for k, v in (note.params or {}).items()}
    if "language" in values:  # a language's name, already in the reader's language
        values["language"] = conditional_escape((note.params or {})["language"])
    if "status" in values:  # what the name is (official text...), translated
        values["status"] = conditional_escape((note.params or {})["status"])
    return _sentence(note.template, values)


@register.simple_tag
def concentration_html(match: Any) -> SafeString:
    """`{% concentration_html m %}`: the match's stated concentration against its entry's
    limit, in the reader's language from its code (one kept before codes: the engine's
    English, marked so); nothing when no concentration was stated."""
    assessment = concentration_assessment(match)
    if assessment is None:
        return SafeString("")
    shown = concentration_text(assessment)
    text = (
        format_html('<span lang="en" dir="ltr">{}</span>', shown.text)
        if shown.english
        else format_html('<span dir="auto">{}</span>', shown.text)
    )
    return format_html(
        '<p class="concentration"><strong>{}:</strong> {}</p>', _("Concentration"), text
    )


def _listed_label(entries: tuple[str, ...], colon: str = "") -> SafeString:
    """'as listed in AG AG01, CWC 2B13': whose name and CAS number these are; marked
    English until the reader's language has it (with its `colon`, which then belongs to
    the English: in an Arabic line it must not stand on the English's other side)."""
    # The context is written out: makemessages reads only literal contexts.
    wording = pgettext(
        "screening: the name and CAS number of the list entry a row identified by its "
        "structure matched (not what the user wrote)",
        "as listed in %(entries)s",
    )
    label = _sentence(wording, {"entries": list_join(_code(e) for e in entries)})
    untranslated = wording == "as listed in %(entries)s"
    if untranslated and not (get_language() or "en").startswith("en"):
        return format_html('<span lang="en" dir="ltr">{}{}</span>', label, colon)
    return format_html("{}{}", label, colon)


@register.simple_tag
def listed_identity_html(result: Any) -> SafeString:
    """`{% listed_identity_html r %}`: for a row identified by its structure alone (a
    SMILES: no name or CAS number of its own), the matched entries' own name and CAS
    number, labelled as the list's; nothing for other rows."""
    return format_html_join(
        "",
        '<div class="listed-identity" data-testid="listed-identity">'
        '<span class="small">{}</span> {}{}</div>',
        (
            (
                _listed_label(found.entries, ":"),
                _name_html(found.name, 80, badge=False),
                format_html(' <span class="small">CAS\u00a0{}</span>', _code(found.cas))
                if found.cas
                else "",
            )
            for found in listed_identities(result)
        ),
    )


def listed_cells(result: Any) -> tuple[SafeString, SafeString] | None:
    """The Name and CAS cells of a job's result row identified by its structure alone: the
    matched entries' own name and CAS number, each labelled as the list's; None for other
    rows (their own name and CAS number are shown)."""
    found = listed_identities(result)
    if not found:
        return None
    names = format_html_join(
        clause_separator(),
        '{} <span class="small">({})</span>',
        ((_name_html(f.name, 60, badge=False), _listed_label(f.entries)) for f in found),
    )
    cas = format_html_join(
        clause_separator(),
        '{} <span class="small">({})</span>',
        ((_code(f.cas), _listed_label(f.entries)) for f in found if f.cas),
    )
    return names, cas

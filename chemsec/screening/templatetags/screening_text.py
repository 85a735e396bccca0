"""Template filters for screening results (reasons in the reader's language)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import pgettext

from chemsec.screening.presenters import (
    ShownName,
    basis_label,
    entry_name,
    match_title,
    name_status_label,
    resolution_label,
    result_reason,
    row_type_label,
    status_label,
)

register = template.Library()


@register.filter
def reason(result: Any) -> str:
    """`{{ r|reason }}`: the row's reason, translated from its code."""
    return result_reason(result)


@register.filter
def status_text(status: str) -> str:
    """`{{ r.status|status_text }}`: matched, clear, unresolved or invalid, translated."""
    return status_label(status)


@register.filter
def resolved_text(resolved_by: str) -> SafeString:
    """`{{ r.identity.resolved_by|resolved_text }}`: how the identifier was resolved, in the
    reader's language; a piece with no translation is marked English (lang="en")."""
    return format_html_join(
        "; ",
        "{}",
        (
            (text if translated else format_html('<span lang="en" dir="ltr">{}</span>', text),)
            for text, translated in resolution_label(resolved_by)
        ),
    )


@register.filter
def basis_text(basis: str) -> str:
    """`{{ m.basis|basis_text }}`: exact, family, salt... translated."""
    return basis_label(basis)


@register.filter
def row_type_text(row_type: str) -> str:
    """`{{ e.row_type|row_type_text }}`: individual chemical, family, example... translated."""
    return row_type_label(row_type)


def _name_html(shown: ShownName, length: int | None = None) -> SafeString:
    """A shown name: the reader's language with its status badge, or the English marked so."""
    text = Truncator(shown.text).chars(length) if length else shown.text
    if shown.english:
        return format_html('<span lang="en" dir="ltr">{}</span>', text)
    return format_html(
        '<span class="entry-name">{}</span> '
        '<span class="badge name-status name-status-{}">{}</span>',
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

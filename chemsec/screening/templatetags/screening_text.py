"""Template filters for screening results (reasons in the reader's language)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from chemsec.screening.presenters import (
    basis_label,
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

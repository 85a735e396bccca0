"""Template filters that show taxonomy codes with their translated labels."""

from __future__ import annotations

from django import template

from chemsec.compendium.choices import TAXONOMY
from chemsec.core.templatetags.list_join import list_separator

register = template.Library()


@register.filter
def label(code: str, facet: str) -> str:
    """`{{ "end_use"|label:"stage" }}` -> "End use" (unknown codes are shown as they are)."""
    vocabulary = TAXONOMY[facet][1]
    return str(vocabulary(code).label) if code in vocabulary.values else code


@register.filter
def labels(codes: list[str], facet: str) -> str:
    return list_separator().join(label(code, facet) for code in codes)

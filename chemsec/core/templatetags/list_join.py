"""``{{ items|list_join }}``: a list joined as the reader's language writes lists.

Arabic separates list items with the Arabic comma (U+060C), Chinese with the enumeration
comma (U+3001, no space after it); the other UN languages with ", ". Each item is escaped
unless it is already safe (a ``Text.html`` span, for instance).

Parts that are clauses of their own (the reasons of one row, each a sentence with its own
commas) are separated one level up, with a semicolon: the Arabic semicolon (U+061B) in
Arabic, the full-width semicolon (U+FF1B, no space after it) in Chinese, "; " otherwise
(`clause_separator`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

SEPARATORS = {"ar": "\u060c ", "zh": "\u3001", "ja": "\u3001"}
CLAUSE_SEPARATORS = {"ar": "\u061b ", "zh": "\uff1b", "ja": "\uff1b"}


def _language(language: str | None) -> str:
    return (language or get_language() or "en").lower().split("-")[0].split("_")[0]


def list_separator(language: str | None = None) -> str:
    """The separator between list items in ``language`` (the active one by default)."""
    return SEPARATORS.get(_language(language), ", ")


def clause_separator(language: str | None = None) -> str:
    """The separator between clauses (parts that may hold commas of their own)."""
    return CLAUSE_SEPARATORS.get(_language(language), "; ")


@register.simple_tag(name="list_separator")
def list_separator_tag() -> str:
    """``{% list_separator %}`` between items a loop writes with markup of their own (links,
    labels): the same separator as ``list_join``."""
    return list_separator()


@register.filter(name="list_join", is_safe=True)
def list_join(values: Iterable[Any] | None) -> SafeString:
    """The items, escaped, joined with the active language's list separator."""
    separator = list_separator()
    return mark_safe(separator.join(str(conditional_escape(v)) for v in values or ()))  # noqa: S308


_CODE_SEPARATORS = re.compile(r"\s*[,;\n\u060c\u061b\u3001\uff0c\uff1b]\s*")


@register.filter(name="code_list", is_safe=True)
def code_list(text: str | None) -> SafeString:
    """Codes typed as one list ("S-101, S-102": seal numbers) as separate codes, each kept
    whole and left to right (``<span class="code-id">``), joined as the language writes
    lists: the line may break between codes, never inside one."""
    codes = [c for c in _CODE_SEPARATORS.split(text or "") if c]
    return list_join(format_html('<span class="code-id">{}</span>', c) for c in codes)

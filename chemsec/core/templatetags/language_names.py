"""``{{ codes|language_names|list_join }}``: language codes typed or stored ("en", "pt",
"zh") as the languages' names in the reader's language; a code no table knows stays as
typed."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.translation import get_language_info

register = template.Library()

# Codes written for a language whose Django locale carries a script ("zh" is Chinese).
ALIASES = {"zh": "zh-hans"}


def language_name(code: str) -> str:
    """A language's name in the active language (Django's table), else the code itself."""
    key = code.strip().lower()
    try:
        return str(get_language_info(ALIASES.get(key, key))["name_translated"])
    except KeyError:
        return code


@register.filter
def language_names(codes: Iterable[str] | None) -> list[str]:
    return [language_name(str(c)) for c in codes or ()]

"""Helpers every presenter uses: a field of a result or its stored dict, whether the
reader's language has a translation yet, and the list rows by URN."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.utils.translation import (
    get_language,
    override,
)


def _field(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)


@lru_cache(maxsize=1)
def _entries_by_urn() -> dict[str, Any]:
    from chemsec.screening.engine.lists import LIST_FILES, load_list

    return {e.urn: e for code in LIST_FILES for e in load_list(code)}


def _untranslated(table: Any, code: str, template: str) -> bool:
    """The reader's language (not English) has no translation of the code's template yet."""
    if (get_language() or "en").startswith("en"):
        return False
    with override("en"):
        return bool(template == table()[code])

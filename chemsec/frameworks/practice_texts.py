"""Linked practices' titles and summaries in the reader's language.

`compendium.selectors.link_resolver` gives the published entries' English fields; a page in
another language shows the entry's translation where the compendium has one (one query for
the page), and says which language each text is in so the English left is marked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chemsec.compendium.translations import translations_for


def in_reader_language(practices: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of the entries with `title`, `summary` and `language` as the reader sees them."""
    entries = list(practices)
    shown = translations_for({p["urn"] for p in entries})
    out = []
    for practice in entries:
        own = shown.get(practice["urn"])
        fields = own.fields if own is not None else {}
        title = fields.get("title")
        out.append(
            practice
            | {
                "title": title or practice["title"],
                "summary": (fields.get("summary") or practice.get("summary", ""))
                if title
                else practice.get("summary", ""),
                "language": own.language if title and own is not None else "en",
            }
        )
    return out

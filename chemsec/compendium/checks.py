"""Start-up checks: semantic search (English and multilingual) must never be off without
saying so."""

from __future__ import annotations

import logging
from typing import Any

from django.core.checks import CheckMessage, Warning, register

from chemsec.compendium import embedding, multilingual_embedding

log = logging.getLogger("chemsec.compendium")


@register()
def semantic_search_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Shown by `chemsec migrate`, `chemsec doctor` and `chemsec manage check`."""
    state = embedding.status()
    if state.available:
        return []
    return [
        Warning(
            "Semantic search is unavailable: the compendium, gap matching and assistance "
            "match words only.",
            hint=state.reason,
            id="compendium.W001",
        )
    ]


@register()
def multilingual_search_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The multilingual model: without it, queries in other languages match words only."""
    state = multilingual_embedding.status()
    if state.available:
        return []
    return [
        Warning(
            "Multilingual semantic search is unavailable: queries in other languages than "
            "English match words only.",
            hint=state.reason,
            id="compendium.W002",
        )
    ]


def log_semantic_search() -> None:
    """One line in every process's start-up log (portal, worker) when semantic search, or its
    multilingual part, is off."""
    state = embedding.status()
    if not state.available:
        log.warning("Semantic search is unavailable (words only): %s", state.reason)
    across = multilingual_embedding.status()
    if not across.available:
        log.warning("Multilingual semantic search is unavailable: %s", across.reason)

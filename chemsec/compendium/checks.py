"""Start-up checks: semantic search must never be off without saying so."""

from __future__ import annotations

import logging
from typing import Any

from django.core.checks import CheckMessage, Warning, register

from chemsec.compendium import embedding

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


def log_semantic_search() -> None:
    """One line in every process's start-up log (portal, worker) when semantic search is off."""
    state = embedding.status()
    if not state.available:
        log.warning("Semantic search is unavailable (words only): %s", state.reason)

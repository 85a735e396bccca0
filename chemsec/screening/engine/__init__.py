"""The pure screening engine: lists, identity, rules and the streaming pipeline.

Nothing here imports Django. RDKit is imported only when a screen runs, so the
catalogue and CLI start-up stay cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chemsec.screening.engine.lists import catalogue, parse_lists
from chemsec.screening.engine.results import (
    NOT_LISTED,
    ConcentrationAssessment,
    Identity,
    InputRow,
    Match,
    ScreenResult,
)

if TYPE_CHECKING:
    from chemsec.screening.engine.core import Screener, screen, screen_rows

__all__ = [
    "NOT_LISTED",
    "ConcentrationAssessment",
    "Identity",
    "InputRow",
    "Match",
    "ScreenResult",
    "Screener",
    "catalogue",
    "parse_lists",
    "screen",
    "screen_rows",
]


def __getattr__(name: str) -> Any:
    if name in ("screen", "screen_rows", "Screener"):
        from chemsec.screening.engine import core

        return getattr(core, name)
    raise AttributeError(name)

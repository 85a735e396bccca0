"""A risk matrix as people read it: its grid as a table (likelihood rows from the highest
down, consequence columns), its scales and levels with their descriptions, the names
translated as the register's heat map shows them (chemsec.risk.labels)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chemsec.science.matrices import heat_map


def _steps(data: Mapping[str, Any], scale: str) -> list[dict[str, Any]]:
    steps = [s for s in data.get(scale) or [] if isinstance(s, Mapping)]
    return [
        {
            "value": s.get("value", i + 1),
            "code": str(s.get("code", "")),
            "label": str(s.get("label", s.get("code", ""))),
            "description": str(s.get("description") or ""),
            "colour": str(s.get("colour") or ""),
        }
        for i, s in enumerate(steps)
    ]


def matrix_view(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The grid, scales and levels of a matrix, or None when it cannot be read as one (a
    malformed copy is then shown as stored)."""
    try:
        rows = heat_map(data, [])
        consequence = _steps(data, "consequence")
        likelihood = _steps(data, "likelihood")
        levels = _steps(data, "levels")
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if not rows or len(rows[0]["cells"]) != len(consequence):
        return None
    return {
        "rows": rows,
        "consequence": consequence,
        "likelihood": likelihood[::-1],  # as the grid's rows: highest first
        "levels": levels,
    }

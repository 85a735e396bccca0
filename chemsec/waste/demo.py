"""Demo waste. Safe to run twice."""

from __future__ import annotations


def populate() -> list[str]:
    return []

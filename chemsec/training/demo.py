"""Demo data for training."""

from __future__ import annotations


def populate() -> list[str]:
    return []

"""Retrieval measures for the labelled needs: recall@k, hit rate@k and mean reciprocal rank.

Pure Python: no Django imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Judged:
    """One labelled need: what the matcher ranked and what an expert marked relevant."""

    ranked: Sequence[str]
    relevant: frozenset[str]


def recall_at(judged: Judged, k: int) -> float:
    """The share of the relevant practices found in the first k."""
    if not judged.relevant:
        return 0.0
    return len(judged.relevant.intersection(judged.ranked[:k])) / len(judged.relevant)


def hit_at(judged: Judged, k: int) -> float:
    return 1.0 if judged.relevant.intersection(judged.ranked[:k]) else 0.0


def reciprocal_rank(judged: Judged) -> float:
    for rank, key in enumerate(judged.ranked, start=1):
        if key in judged.relevant:
            return 1.0 / rank
    return 0.0


@dataclass(frozen=True)
class Report:
    count: int
    recall_at_5: float
    hit_at_5: float
    mrr: float


def evaluate(judged: Sequence[Judged], k: int = 5) -> Report:
    n = len(judged) or 1
    return Report(
        count=len(judged),
        recall_at_5=sum(recall_at(j, k) for j in judged) / n,
        hit_at_5=sum(hit_at(j, k) for j in judged) / n,
        mrr=sum(reciprocal_rank(j) for j in judged) / n,
    )

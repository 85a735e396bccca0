"""Semantic ranking: cosine similarity between the query and each entry's current embedding."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from chemsec.compendium import embedding
from chemsec.compendium.catalogue import Catalogue

MIN_SIMILARITY = 0.3  # below this all-MiniLM-L6-v2 pairs are rarely on the same topic


@lru_cache(maxsize=512)
def query_vector(text: str) -> Any:
    vectors = embedding.embed([text])
    return None if vectors is None else vectors[0]


def ranked(catalogue: Catalogue, allowed: Any, text: str, depth: int) -> list[tuple[int, float]]:
    """(catalogue row, similarity) best first, above MIN_SIMILARITY; [] without a model
    (embedding.status() says why, and search results carry that)."""
    if not text.strip() or not len(catalogue.ids) or not embedding.available():
        return []
    vector = query_vector(text.strip()[:2000])
    if vector is None:
        return []
    sims = np.where(allowed, catalogue.vectors @ vector, -1.0)
    top = np.argpartition(-sims, min(depth, len(sims) - 1))[:depth]
    order = top[np.argsort(-sims[top])]
    return [(int(i), float(sims[i])) for i in order if sims[i] >= MIN_SIMILARITY]

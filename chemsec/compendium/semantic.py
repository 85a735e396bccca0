"""Semantic ranking: cosine similarity between the query and each entry's current embedding,
by the English model (`ranked`) and by the multilingual one (`ranked_multilingual`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from chemsec.compendium import embedding, multilingual_embedding
from chemsec.compendium.catalogue import Catalogue

MIN_SIMILARITY = 0.3  # below this all-MiniLM-L6-v2 pairs are rarely on the same topic
# The multilingual model's floor, read from the labelled needs (22 needs in six languages
# against 93 practices and their translations; docs/translations.md): the right practice
# scored 0.16 to 0.82 (median 0.49), the others 0.12 at the median, 0.25 at the 90th and
# 0.38 at the 99th percentile. At 0.3, 93% of the right pairs pass with 4 others per query
# (0.35: 86% and 1.5; 0.25: 96% and 10). Fused recall@5 is the same from 0.25 to 0.4 (the
# fusion ranks every candidate by the model's full order), so the floor decides what
# counts as a match by meaning alone, and ranking by meaning alone loses less at 0.3.
MULTILINGUAL_MIN_SIMILARITY = 0.3


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


@lru_cache(maxsize=512)
def multilingual_query_vector(text: str) -> Any:
    vectors = multilingual_embedding.embed([text])
    return None if vectors is None else vectors[0]


def ranked_multilingual(
    catalogue: Catalogue, allowed: Any, text: str, depth: int, *, floor: float | None = None
) -> list[tuple[int, float]]:
    """(catalogue row, similarity) best first by the multilingual model: each entry scores
    the best of its texts (the English and each translation), above the floor; [] without
    the package (multilingual_embedding.status() says why)."""
    if not text.strip() or not len(catalogue.ids) or catalogue.meaning is None:
        return []
    if not len(catalogue.meaning) or not multilingual_embedding.available():
        return []
    vector = multilingual_query_vector(text.strip()[: multilingual_embedding.MAX_CHARS])
    if vector is None:
        return []
    best = np.full(len(catalogue.ids), -1.0, dtype=np.float32)
    np.maximum.at(best, catalogue.meaning_rows, catalogue.meaning @ vector)
    sims = np.where(allowed, best, -1.0)
    top = np.argpartition(-sims, min(depth, len(sims) - 1))[:depth]
    order = top[np.argsort(-sims[top])]
    least = MULTILINGUAL_MIN_SIMILARITY if floor is None else floor
    return [(int(i), float(sims[i])) for i in order if allowed[i] and sims[i] >= least]

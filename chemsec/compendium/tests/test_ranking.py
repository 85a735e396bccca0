"""The full-text ranking sorts only what can reach the top, with the same result as a full sort;
the query embedding stays in float32 (a float64 step would copy every weight matrix)."""

import numpy as np
import pytest

from chemsec.compendium import embedding, search
from chemsec.compendium.catalogue import Catalogue

ENTRIES = 1500


def _catalogue() -> Catalogue:
    rows = range(ENTRIES)
    return Catalogue(
        ids=list(rows),
        position={row: row for row in rows},
        tags=np.zeros((ENTRIES, 1), dtype=bool),
        vectors=np.zeros((ENTRIES, 4), dtype=np.float32),
    )


@pytest.mark.parametrize("seed", range(10))
def test_the_partial_sort_equals_a_full_sort_with_ties_in_title_order(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    keys = rng.choice(ENTRIES + 50, size=900, replace=False)  # some keys are not in the snapshot
    scores = rng.integers(0, 8, size=900).astype(float)  # few distinct scores: many ties
    found = list(zip(keys.tolist(), scores.tolist(), strict=True))
    monkeypatch.setattr(search.fulltext, "scores", lambda terms: found)
    allowed = rng.random(ENTRIES) > 0.2
    matching, best = search._text_ranked(_catalogue(), allowed, ["x"])
    expected = sorted((-s, k) for k, s in found if k < ENTRIES and allowed[k])
    assert list(best) == [row for _score, row in expected[: search.DEPTH]]
    assert int(matching.sum()) == len(expected)


@pytest.mark.skipif(not embedding.available(), reason="model package not installed")
def test_the_query_embedding_runs_in_float32(monkeypatch):
    seen = []
    linear = embedding._linear

    def watched(x, w, name):
        out = linear(x, w, name)
        seen.append((x.dtype, out.dtype))
        return out

    monkeypatch.setattr(embedding, "_linear", watched)
    embedding.embed(["chlorine cylinder store access control"])
    assert seen and set(seen) == {(np.dtype(np.float32), np.dtype(np.float32))}

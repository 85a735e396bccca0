"""An in-process snapshot of every searchable entry: ids, taxonomy bitsets and embeddings.

Filters, facet counts and semantic scores are numpy operations on this snapshot, so a search
costs one full-text query plus one fetch of the page's entries, whatever the corpus size.
The snapshot is rebuilt when any entry changes (count or last update).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Max

from chemsec.compendium import embedding, fulltext, multilingual_embedding
from chemsec.compendium.choices import TAXONOMY
from chemsec.compendium.models import MeaningVector, Practice, PracticeVersion

_lock = threading.Lock()
_cache: dict[str, Any] = {}
COLUMNS = [(facet, code) for facet, (_f, vocab) in TAXONOMY.items() for code in vocab.values]
COLUMN = {key: i for i, key in enumerate(COLUMNS)}


@dataclass
class Catalogue:
    ids: list[Any]  # practice primary keys, in title order
    position: dict[Any, int]  # the full-text engine's key (fulltext.key) -> row
    tags: Any  # bool matrix, one row per entry, one column per (facet, code)
    vectors: Any  # float32 matrix of unit embeddings (zero rows where none)
    # The multilingual vectors: one per text of an entry (its English and each translation),
    # and the entry's row for each; an entry scores the best of its texts (`semantic`).
    meaning: Any = None  # float32 matrix, 512 columns
    meaning_rows: Any = None  # int array, one per row of `meaning`

    def mask(self, filters: dict[str, list[str]]) -> Any:
        """Rows passing the filters: any chosen code within a facet, every chosen facet."""
        keep = np.ones(len(self.ids), dtype=bool)
        for facet, codes in filters.items():
            columns = [COLUMN[(facet, code)] for code in codes]
            keep &= self.tags[:, columns].any(axis=1)
        return keep

    def rows(self, keys: list[Any]) -> Any:
        """The row of each full-text key, -1 for entries not in the snapshot."""
        get = self.position.get
        return np.fromiter((get(k, -1) for k in keys), dtype=np.intp, count=len(keys))

    def counts(self, rows: Any) -> dict[tuple[str, str], int]:
        totals = self.tags[rows].sum(axis=0)
        return {key: int(totals[i]) for i, key in enumerate(COLUMNS)}


def searchable() -> Any:
    # Entries are public (see PracticeQuerySet.visible_to), so one snapshot serves everyone.
    return Practice.objects.visible_to(AnonymousUser()).searchable()


def _token() -> Any:
    """The newest change to any entry, and how many there are.

    Taken over every entry, not only published ones: a withdrawal or supersession saves the
    entry as it leaves the published set, so only the whole table's newest change moves.
    Two queries, because each alone is answered from an index (MAX from the end of the
    `updated_at` index, COUNT(*) from the smallest one); together they scanned the table.
    The multilingual vectors likewise: each change deletes rows or adds new ones (with a
    higher key), so their newest key and their count move with every change.
    """
    last = Practice.objects.aggregate(last=Max("updated_at"))["last"]
    newest = MeaningVector.objects.aggregate(last=Max("pk"))["last"]
    return (last, Practice.objects.count(), newest, MeaningVector.objects.count())


def current() -> Catalogue:
    token = _token()
    with _lock:
        if _cache.get("token") != token:
            _cache.update(token=token, catalogue=_build())
        catalogue: Catalogue = _cache["catalogue"]
        return catalogue


def _build() -> Catalogue:
    fields = [field for field, _vocabulary in TAXONOMY.values()]
    rows = list(searchable().order_by("title").values_list("pk", *fields))
    ids = [row[0] for row in rows]
    position = {fulltext.key(pk): i for i, pk in enumerate(ids)}
    tags = np.zeros((len(ids), len(COLUMNS)), dtype=bool)
    for i, row in enumerate(rows):
        for facet, value in zip(TAXONOMY, row[1:], strict=True):
            for code in value if isinstance(value, list) else [value]:
                if (facet, code) in COLUMN:
                    tags[i, COLUMN[(facet, code)]] = True
    meaning, meaning_rows = _meaning_vectors(position)
    return Catalogue(ids, position, tags, _vectors(position), meaning, meaning_rows)


def _vectors(position: dict[Any, int]) -> Any:
    vectors = np.zeros((len(position), embedding.DIMENSIONS), dtype=np.float32)
    current_versions = PracticeVersion.objects.filter(
        practice__status="published", number=F("practice__version"), embedding__isnull=False
    ).values_list("practice_id", "embedding")
    for pk, raw in current_versions.iterator(chunk_size=2000):
        row = position.get(fulltext.key(pk))
        if row is not None and raw is not None:  # never None here (filtered), for the types
            vectors[row] = np.frombuffer(bytes(raw), dtype=np.float32)
    return vectors


def _meaning_vectors(position: dict[Any, int]) -> tuple[Any, Any]:
    stored = MeaningVector.objects.values_list("practice_id", "vector")
    rows, vectors = [], []
    for pk, raw in stored.iterator(chunk_size=2000):
        row = position.get(fulltext.key(pk))
        if row is not None:  # not published (withdrawn, superseded) entries are left out
            rows.append(row)
            vectors.append(np.frombuffer(bytes(raw), dtype=np.float32))
    if not vectors:
        return np.zeros((0, multilingual_embedding.DIMENSIONS), np.float32), np.zeros(0, np.intp)
    return np.vstack(vectors), np.array(rows, dtype=np.intp)

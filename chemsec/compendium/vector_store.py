"""Sentence vectors kept on disk between processes, by model and text.

A sentence model computes the same vector for the same text every time, and the texts it
reads most (the shipped practices and their translations) are the same in every process:
`chemsec load-content` after an upgrade, each web and job worker, each test process. Each
of them used to spend 10 to 20 seconds recomputing about 560 vectors. They are kept in the
data directory's cache (`chemsec.lib.kv_store`: concurrent processes, a bound, a file that
cannot be used skipped), keyed by the model's identity and the SHA-256 of the text, so a
vector is computed once per machine. A vector read back is exactly the bytes computed
(float32, checked for length). `CHEMSEC_VECTOR_CACHE=off` turns the store off.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from chemsec.lib.kv_store import KeyValueStore

FILE = "cache/sentence-vectors.sqlite"
SIZE = 50_000  # vectors of 1.5-2 KB: at most about 100 MB
_stores: dict[tuple[Path, str], VectorStore] = {}


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorStore:
    """One model's vectors: `model_id` names the model, its weights and the encoder code's
    revision, so a changed model never reads another's vectors; `width` is the bytes of
    one vector."""

    def __init__(self, path: Path, model_id: str, width: int, size: int = SIZE) -> None:
        self.values = KeyValueStore(path, model_id, size, table="vector")
        self.width = width

    def get_many(self, texts: Iterable[str]) -> dict[str, bytes]:
        """The stored vectors of those texts that have one, by text."""
        by_key = {text_key(t): t for t in texts}
        stored = self.values.get(list(by_key))
        return {
            by_key[key]: raw
            for key, raw in stored.items()
            if isinstance(raw, bytes) and len(raw) == self.width
        }

    def put_many(self, pairs: Sequence[tuple[str, bytes]]) -> None:
        self.values.put([(text_key(t), raw) for t, raw in pairs if len(raw) == self.width])


def store_for(model_id: str, width: int) -> VectorStore | None:
    """The process's store of this model's vectors in the data directory; None when turned
    off. Made once per model and kept (one connection per process)."""
    from chemsec.lib.env import data_dir

    if os.environ.get("CHEMSEC_VECTOR_CACHE", "").strip().lower() == "off":
        return None
    key = (data_dir() / FILE, model_id)
    if key not in _stores:
        _stores[key] = VectorStore(key[0], model_id, width)
    return _stores[key]

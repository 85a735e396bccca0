"""Sentence vectors kept on disk between processes, by model and text.

A sentence model computes the same vector for the same text every time, and the texts it
reads most (the shipped practices and their translations) are the same in every process:
`chemsec load-content` after an upgrade, each web and job worker, each test process. Each
of them used to spend 10 to 20 seconds recomputing about 560 vectors. This store keeps
them in a small SQLite file in the data directory, keyed by the model's identity and the
SHA-256 of the text, so a vector is computed once per machine.

A vector read back is exactly the bytes that were computed (float32, checked for length).
The store is an optimisation only: a file that cannot be opened, read or written is logged
once and the vectors are computed as before, never guessed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

log = logging.getLogger(__name__)
_TIMEOUT_S = 10.0  # concurrent writers (test or web workers) wait for each other this long
_CHUNK = 500  # SQLite's limit on the parameters of one statement is 999 in old builds


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorStore:
    """One model's vectors: `model_id` names the model and its weights' version, so a
    changed model never reads another's vectors; `width` is the bytes of one vector."""

    def __init__(self, folder: Path, model_id: str, width: int) -> None:
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", model_id).strip("-")
        self.path = folder / f"vectors-{slug}.sqlite"
        self.width = width
        self._broken = False

    def get_many(self, texts: Iterable[str]) -> dict[str, bytes]:
        """The stored vectors of those texts that have one, by text."""
        by_key = {text_key(t): t for t in texts}
        if not by_key or self._broken or not self.path.exists():
            return {}
        found: dict[str, bytes] = {}
        try:
            with self._connect() as con:
                keys = list(by_key)
                for start in range(0, len(keys), _CHUNK):
                    chunk = keys[start : start + _CHUNK]
                    marks = ",".join("?" for _ in chunk)
                    rows = con.execute(
                        f"SELECT key, vector FROM vectors WHERE key IN ({marks})",  # noqa: S608
                        chunk,
                    )
                    found.update(
                        (by_key[key], bytes(raw)) for key, raw in rows if len(raw) == self.width
                    )
        except sqlite3.Error as exc:
            self._give_up("read", exc)
            return {}
        return found

    def put_many(self, pairs: Sequence[tuple[str, bytes]]) -> None:
        rows = [(text_key(t), raw) for t, raw in pairs if len(raw) == self.width]
        if not rows or self._broken:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.execute(
                    "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)"
                )
                con.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)", rows)
        except (sqlite3.Error, OSError) as exc:
            self._give_up("write", exc)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=_TIMEOUT_S)) as con:
            con.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
            with con:  # one transaction, committed on leaving
                yield con

    def _give_up(self, what: str, exc: Exception) -> None:
        log.warning("Sentence vectors are computed without %s (%s: %s)", self.path, what, exc)
        self._broken = True

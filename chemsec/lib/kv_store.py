"""A small on-disk cache of computed values, shared by processes: (version, key) -> value.

Used where a value is expensive to compute and the same for every process of a machine:
OPSIN's answers to names (`screening.engine.opsin`) and sentence vectors
(`compendium.vector_store`). `version` names what computed the value (OPSIN's jar, a
model and its encoder), so a new version never reads an older one's values.

Safe for concurrent runs and workers: SQLite's own locking (write-ahead log, a busy
timeout), one connection per process (a forked worker opens its own), and a store that
cannot be read or written (a read-only or full disc, a locked or damaged file) is skipped,
never an error: the caller then computes as if the store were empty. Bounded: beyond
`size` entries the oldest written are dropped.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

_BATCH = 500  # bound parameters per statement stay under SQLite's old limit of 999


class KeyValueStore:
    def __init__(self, path: Path, version: str, size: int, table: str = "entry") -> None:
        if not table.isidentifier():
            raise ValueError(f"not a table name: {table!r}")
        self.path = path
        self.version = version
        self.size = size
        self.table = table
        self.pid = os.getpid()
        self._con: sqlite3.Connection | None = None
        self._broken = False

    def _connection(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._con is None or self.pid != os.getpid():
            self.pid = os.getpid()  # a forked worker opens its own connection
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # Used by one thread at a time (callers hold their own lock).
                con = sqlite3.connect(
                    self.path, timeout=2.0, isolation_level=None, check_same_thread=False
                )
                con.execute("PRAGMA journal_mode=WAL")
                con.execute(
                    f"CREATE TABLE IF NOT EXISTS {self.table} (version TEXT NOT NULL, "
                    "key TEXT NOT NULL, value, stamp REAL NOT NULL, "
                    "PRIMARY KEY (version, key)) WITHOUT ROWID"
                )
                con.execute(
                    f"CREATE INDEX IF NOT EXISTS {self.table}_stamp ON {self.table} (stamp)"
                )
            except (OSError, sqlite3.Error):
                self._broken = True
                return None
            self._con = con
        return self._con

    def get(self, keys: list[str]) -> dict[str, str | bytes]:
        """The stored values among `keys` (a key not stored is absent)."""
        con = self._connection()
        if con is None:
            return {}
        found: dict[str, str | bytes] = {}
        try:
            for start in range(0, len(keys), _BATCH):
                batch = keys[start : start + _BATCH]
                marks = ",".join("?" * len(batch))  # placeholders only: values are bound
                sql = (
                    f"SELECT key, value FROM {self.table} "  # noqa: S608
                    f"WHERE version = ? AND key IN ({marks})"
                )
                for key, value in con.execute(sql, [self.version, *batch]):
                    found[key] = value
        except sqlite3.Error:
            return found
        return found

    def put(self, entries: list[tuple[str, str | bytes]]) -> None:
        con = self._connection()
        if con is None or not entries:
            return
        now = time.time()
        try:
            with con:
                con.execute("BEGIN IMMEDIATE")
                con.executemany(
                    f"INSERT OR REPLACE INTO {self.table} (version, key, value, stamp) "  # noqa: S608
                    "VALUES (?, ?, ?, ?)",
                    [(self.version, key, value, now) for key, value in entries],
                )
                (count,) = con.execute(f"SELECT count(*) FROM {self.table}").fetchone()  # noqa: S608
                if count > self.size:
                    con.execute(
                        f"DELETE FROM {self.table} WHERE (version, key) IN "  # noqa: S608
                        f"(SELECT version, key FROM {self.table} ORDER BY stamp LIMIT ?)",
                        (count - self.size,),
                    )
        except sqlite3.Error:
            pass  # locked for longer than the timeout, or not writable: keep the run going

    def close(self) -> None:
        if self._con is not None and self.pid == os.getpid():
            self._con.close()
        self._con = None

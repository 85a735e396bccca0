"""`chemsec backup` and `chemsec restore`: the whole database, taken while the portal runs.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database page by page
into a new file, giving a consistent copy even while the portal and its workers write (a
write during the copy makes SQLite restart the pages it changed). Restoring copies the file
back the same way, so a reader never sees half a database.

PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, no lock on writers) and
`pg_restore --clean --if-exists --single-transaction`.

Uploaded and result files live in the data directory's `media` folder; back it up with the
database (any file copy will do, files are written once). After a restore run
`chemsec audit verify`: the chain must verify, as it did when the backup was taken.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, connections


class BackupError(RuntimeError):
    """A backup or restore that could not be done (the message says why)."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    engine: str
    tables: int
    rows: int


def _settings() -> dict[str, Any]:
    return dict(connection.settings_dict)


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def table_counts() -> dict[str, int]:
    """Rows per table of the database, by table name (a restore must give the same)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            # The names come from the database's own catalogue, quoted: not user input.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def backup(destination: str | Path) -> BackupReport:
    """Write a consistent copy of the database to `destination` (a new file)."""
    target = Path(destination)
    if target.exists():
        raise BackupError(f"{target} exists already; give a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    if _engine() == "sqlite":
        _sqlite_copy(Path(_settings()["NAME"]), target)
    elif _engine() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)])
    else:
        raise BackupError(f"no backup method for the {connection.vendor} database")
    counts = table_counts()
    return BackupReport(target, _engine(), len(counts), sum(counts.values()))


def restore(source: str | Path) -> None:
    """Replace the database's content with the backup at `source`. Stop the portal and its
    workers first: their open connections would keep writing to what is being replaced."""
    origin = Path(source)
    if not origin.is_file():
        raise BackupError(f"{origin} is not a file")
    if _engine() == "sqlite":
        _check_sqlite(origin)
        connections.close_all()
        _sqlite_copy(origin, Path(_settings()["NAME"]))
    elif _engine() == "postgresql":
        connections.close_all()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                str(origin),
            ],
            database_flag=True,
        )
    else:
        raise BackupError(f"no restore method for the {connection.vendor} database")


def _check_sqlite(path: Path) -> None:
    with path.open("rb") as head:
        if head.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path} is not a SQLite backup (no SQLite header)")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as probe:
            result = probe.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite backup ({exc})") from exc
    if not result or result[0] != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {result}")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Page-by-page copy with SQLite's online backup API (consistent under writes)."""
    src = sqlite3.connect(str(source), timeout=30)
    dst = sqlite3.connect(str(target), timeout=30)
    try:
        src.backup(dst, pages=1024, sleep=0.005)  # in steps: writers are not held up long
    finally:
        dst.close()
        src.close()


def _run(command: list[str], *, database_flag: bool = False) -> None:
    db = _settings()
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (the PostgreSQL client tools)")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = [*command[:1]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    args += ["--dbname", str(db["NAME"])] if database_flag else []
    args += command[1:]
    if not database_flag:
        args.append(str(db["NAME"]))
    completed = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()[:2000]}")

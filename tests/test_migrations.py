"""The test databases are built from the models (`--no-migrations`, see conftest.py); this
applies the real migrations to an empty database of the same vendor, in a process of its
own, and checks that they give the same tables with the same columns, null-ness, keys and
indexes.

`make check-migrations` proves that the models need no new migration; this proves that the
migrations, run in order on this vendor, build what the models describe (and what the rest
of the suite was tested against), the hand-written full-text structures included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def schema_of(conn) -> dict[str, dict[str, object]]:
    """Every table (views left out) with its columns and whether each may be null, and its
    keys and indexes (primary, unique, foreign, plain) by the columns they cover: their
    names are left out, since SQLite names the indexes of unique columns by position."""
    with conn.cursor() as cursor:
        tables = [t.name for t in conn.introspection.get_table_list(cursor) if t.type == "t"]
        return {
            table: {
                "columns": {
                    column.name: bool(column.null_ok)
                    for column in conn.introspection.get_table_description(cursor, table)
                },
                "keys": _keys(conn, cursor, table),
            }
            for table in sorted(tables)
        }


def _keys(conn, cursor, table: str) -> list[str]:
    found = set()
    for info in conn.introspection.get_constraints(cursor, table).values():
        if info.get("check") and not info.get("unique"):
            continue  # SQLite does not report check constraints' columns reliably
        kind = (
            "primary"
            if info.get("primary_key")
            else "unique"
            if info.get("unique")
            else "foreign"
            if info.get("foreign_key")
            else "index"
        )
        target = info.get("foreign_key") or ()
        found.add(f"{kind}({','.join(info.get('columns') or ())})->{'.'.join(target)}")
    return sorted(found)


def _child_program() -> str:
    return (
        "import json, django\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "from django.db import connection\n"
        "call_command('migrate', verbosity=0, interactive=False)\n"
        "from tests.test_migrations import schema_of\n"
        "print(json.dumps(schema_of(connection)))\n"
    )


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment variables naming an empty database of the test database's vendor."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CHEMSEC_SQLITE_PATH"}}
    env["CHEMSEC_DATA_DIR"] = str(tmp_path)
    if connection.vendor == "sqlite":
        env["CHEMSEC_SQLITE_PATH"] = str(tmp_path / "migrated.sqlite3")
        yield env
        return
    assert connection.vendor == "postgresql", connection.vendor
    import psycopg

    settings = connection.settings_dict
    name = f"chemsec_migrations_{uuid.uuid4().hex[:12]}"
    admin = dict(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    env["DATABASE_URL"] = (
        f"postgres://{settings['USER']}{password}@{admin['host']}:{admin['port']}/{name}"
    )
    try:
        yield env
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_migrations_build_the_schema_the_tests_ran_against(
    empty_database: dict[str, str],
) -> None:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", _child_program()],
        cwd=root,
        env=empty_database,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    migrated = json.loads(done.stdout.strip().splitlines()[-1])
    # The one table only `migrate` makes: its record of the migrations applied.
    assert migrated.pop("django_migrations")
    built = schema_of(connection)
    assert sorted(migrated) == sorted(built)
    different = {t: (migrated[t], built[t]) for t in built if migrated[t] != built[t]}
    assert not different
    if connection.vendor == "sqlite":
        assert "compendium_practice_fts" in built


def test_the_full_text_index_is_there_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'compendium_practice_search_gin'"
        )
        assert cursor.fetchone() is not None

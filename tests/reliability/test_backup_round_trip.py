"""`chemsec backup` then `chemsec restore`, on the database the suite runs on.

SQLite copies with its online backup API, PostgreSQL with `pg_dump` / `pg_restore`: after a
restore every table has the row count it had when the backup was taken (work done after
the backup is gone), the audit chain verifies, and the portal takes new writes that chain
on. Each engine's test is skipped on the other (CI runs the suite on both).
"""

from __future__ import annotations

import pytest
from django.db import connection

from chemsec.cli import main
from chemsec.core.audit import audit_verify
from chemsec.core.backup import BackupError, backup, table_counts
from chemsec.core.choices import TokenScope
from chemsec.core.jobs import job_enqueue
from chemsec.core.models import AuditEntry
from chemsec.core.services import token_create
from chemsec.core.tests.test_job_cancel import quick_task  # noqa: F401  (registers tests.quick)

pytestmark = pytest.mark.django_db(transaction=True)

on_sqlite = pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="SQLite's online backup (DATABASE_URL not SQLite)"
)
on_postgresql = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="pg_dump / pg_restore: DATABASE_URL=postgres://"
)


def _work(user, organisation, rounds: int) -> None:
    """Writes of several kinds, each with its audit entries: jobs run to their end, tokens."""
    for n in range(rounds):
        job_enqueue(kind="tests.quick", user=user, organisation=organisation)
        token_create(user=user, name=f"backup drill {n}", scope=TokenScope.READ)


def _chain_head() -> tuple[int, str]:
    last = AuditEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
    assert last is not None
    return int(last[0]), str(last[1])


def _round_trip(alice, meridian, tmp_path, capsys) -> None:
    _work(alice, meridian, 4)
    before, head = table_counts(), _chain_head()
    assert audit_verify().ok and before["core_auditentry"] > 0
    path = tmp_path / "portal.backup"
    assert main(["backup", str(path)]) == 0
    assert path.stat().st_size > 0
    _work(alice, meridian, 3)  # after the backup: gone once it is restored
    assert table_counts() != before
    assert main(["restore", str(path), "--yes"]) == 0
    assert "Audit chain intact" in capsys.readouterr().out
    assert table_counts() == before  # every table, row for row
    assert _chain_head() == head
    assert audit_verify().ok
    _work(alice, meridian, 1)  # the restored portal writes on, and the chain holds
    assert audit_verify().ok


@on_sqlite
def test_it_restores_every_table_and_the_audit_chain_on_sqlite(alice, meridian, tmp_path, capsys):
    _round_trip(alice, meridian, tmp_path, capsys)


@on_postgresql
def test_it_restores_every_table_and_the_audit_chain_on_postgresql(
    alice, meridian, tmp_path, capsys
):
    _round_trip(alice, meridian, tmp_path, capsys)
    assert (tmp_path / "portal.backup").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format


@on_postgresql
def test_it_says_so_when_the_postgresql_client_tools_are_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump on it
    with pytest.raises(BackupError, match="pg_dump is not installed"):
        backup(tmp_path / "portal.backup")
    assert connection.vendor == "postgresql"

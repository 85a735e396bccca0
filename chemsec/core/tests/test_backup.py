"""`chemsec backup` / `chemsec restore`: a round trip gives every table its row count back
and an audit chain that verifies; a backup taken while the portal writes is consistent."""

import sqlite3
import threading
import time

import pytest
from django.db import connection

from chemsec.cli import main
from chemsec.core.audit import audit_verify
from chemsec.core.backup import BackupError, backup, restore, table_counts
from chemsec.core.jobs import job_enqueue
from chemsec.core.tests.test_job_cancel import quick_task  # noqa: F401  (registers tests.quick)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'sqlite'", reason="PostgreSQL: pg_dump in CI"),
]


def _work(alice, meridian, n):
    for _ in range(n):
        job_enqueue(kind="tests.quick", user=alice, organisation=meridian)


def test_a_round_trip_restores_every_table_and_the_audit_chain(alice, meridian, tmp_path):
    _work(alice, meridian, 5)
    before = table_counts()
    assert audit_verify().ok and before["core_auditentry"] > 0
    path = tmp_path / "portal.backup"
    assert main(["backup", str(path)]) == 0
    _work(alice, meridian, 3)  # written after the backup: gone after the restore
    assert table_counts() != before
    assert main(["restore", str(path)]) == 2  # asks first
    assert main(["restore", str(path), "--yes"]) == 0
    assert table_counts() == before
    assert audit_verify().ok


def test_a_backup_taken_while_the_portal_writes_is_consistent(alice, meridian, tmp_path):
    stop = threading.Event()
    errors = []

    def writer():
        try:
            while not stop.is_set():
                _work(alice, meridian, 1)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.5)
    report = backup(tmp_path / "live.backup")
    time.sleep(0.3)
    stop.set()
    thread.join(timeout=60)
    assert not errors, errors  # the portal's writes kept succeeding
    copy = sqlite3.connect(tmp_path / "live.backup")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    jobs = copy.execute("SELECT COUNT(*) FROM core_job").fetchone()[0]
    created = copy.execute(
        "SELECT COUNT(*) FROM core_auditentry WHERE object_type LIKE '%job' AND action='create'"
    ).fetchone()[0]
    assert jobs == created > 0  # every job with its audit entry: one moment, not a blend
    copy.close()
    restore(report.path)
    assert audit_verify().ok


def test_refuses_to_overwrite_or_to_restore_a_non_backup(tmp_path):
    existing = tmp_path / "there.backup"
    existing.write_text("x")
    with pytest.raises(BackupError, match="exists already"):
        backup(existing)
    with pytest.raises(BackupError, match="not a SQLite backup"):
        restore(existing)

"""Bounded imports: oversized spreadsheets refused before they are read, rows written in
short transactions (another write succeeds while an import runs), and no snapshot left
"pending" for ever."""

import threading
import time
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from chemsec.core.choices import JobStatus
from chemsec.core.jobs import job_claim_next, job_requeue_stale, job_run
from chemsec.core.models import Job
from chemsec.core.write_guard import unaudited
from chemsec.facilities import selectors as sel
from chemsec.facilities.inventory import (
    inventory_import,
    inventory_import_start,
    snapshots_fail_stale,
)
from chemsec.facilities.models import InventoryItem, InventorySnapshot, SnapshotStatus
from chemsec.lib.tabular import TabularError

from .conftest import upload

pytestmark = pytest.mark.django_db

OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OOXML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OOXML}.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:C{rows}"/><sheetData>'
)


def _xlsx(path, rows, *, cell=None):
    """A workbook as spreadsheet programs write it: `rows` rows of CAS, quantity, unit (an
    inline-string sheet, streamed into the archive), or one cell of `cell` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD.format(rows=rows if cell is None else 1).encode())
            if cell is not None:
                sheet.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
                block = b"A" * (1 << 20)
                for _ in range(cell // len(block)):
                    sheet.write(block)
                sheet.write(b"</t></is></c></row>")
            else:  # rows without references, as some writers save them: tiny once packed
                block = b"<row><c><v>7782505</v></c><c><v>1</v></c></row>" * 10_000
                for _ in range(rows // 10_000):
                    sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")


def _snapshot(plant, name, **fields):
    with unaudited("a pending snapshot as the import service leaves it before its job"):
        return InventorySnapshot.objects.create(facility=plant, filename=name, **fields)


def _refused_quickly(plant, alice, path, *words):
    snapshot = _snapshot(plant, path.name)
    started = time.monotonic()
    with pytest.raises(TabularError) as refused:
        inventory_import(snapshot=snapshot, path=str(path), actor=alice)
    assert time.monotonic() - started < 2
    for word in words:
        assert word in str(refused.value)
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.FAILED and not snapshot.items.exists()


def test_a_three_million_row_workbook_is_refused_before_it_is_read(plant, alice, tmp_path):
    path = tmp_path / "huge.xlsx"
    _xlsx(path, 3_000_000)
    assert path.stat().st_size < 2 * 1024 * 1024  # a small file, as in the report
    _refused_quickly(plant, alice, path, "3,000,000 rows", "MAX_ROWS")


def test_a_one_cell_bomb_is_refused_before_it_is_unpacked(plant, alice, tmp_path):
    path = tmp_path / "bomb.xlsx"
    _xlsx(path, 1, cell=300 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024  # 300 MB of one cell, in under 1 MB
    _refused_quickly(plant, alice, path, "unpacks to 300 MB", "MAX_DECOMPRESSED_MB")


def test_rows_beyond_the_limit_are_refused_as_they_are_read(settings, plant, alice, tmp_path):
    settings.MAX_ROWS = 5
    path = tmp_path / "rows.csv"
    path.write_text("identifier,quantity,unit\n" + "7782-50-5,1,kg\n" * 6)
    _refused_quickly(plant, alice, path, "more than 5 rows")


def test_a_long_cell_or_identifier_makes_its_row_an_error_not_the_import(plant, alice):
    text = (
        "identifier,quantity,unit,name\n"
        "7782-50-5,1,kg,chlorine\n"
        f"{'C' * 2000},1,kg,long smiles\n"
        f"7664-93-9,1,kg,{'x' * 20_000}\n"
    )
    snapshot, _job = inventory_import_start(facility=plant, actor=alice, upload=upload(text))
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.DONE and snapshot.error_count == 2
    reasons = dict(snapshot.items.values_list("line", "reason"))
    assert "MAX_IDENTIFIER_CHARS" in reasons[3] and "MAX_CELL_CHARS" in reasons[4]


def test_a_200_kb_cell_makes_its_row_an_error_not_the_import_pending(plant, alice):
    """Past the csv module's 128 KB field limit the whole file failed ("too long to read");
    the row is now an error with its reason and the other rows are kept."""
    text = (
        f"identifier,quantity,unit,name\n7782-50-5,1,kg,chlorine\n7664-93-9,1,kg,{'x' * 200_000}\n"
    )
    snapshot, job = inventory_import_start(facility=plant, actor=alice, upload=upload(text))
    snapshot.refresh_from_db()
    job.refresh_from_db()
    assert snapshot.status == SnapshotStatus.DONE and snapshot.error_count == 1
    assert job.status == JobStatus.SUCCEEDED
    reasons = dict(snapshot.items.values_list("line", "reason"))
    assert "MAX_CELL_CHARS" in reasons[3] and not reasons[2]


@pytest.mark.django_db(transaction=True)
def test_another_write_succeeds_while_an_import_runs(settings, plant, alice, tmp_path):
    """SQLite takes one writer at a time: a single long import transaction made every other
    write wait (and fail with "database is locked"). Rows now go in short chunks."""
    settings.IMPORT_CHUNK_ROWS = 20
    path = tmp_path / "many.csv"
    path.write_text("identifier,quantity,unit\n" + "7782-50-5,1,kg\n7664-93-9,2,kg\n" * 150)
    snapshot = _snapshot(plant, "many.csv")
    stored = threading.Event()

    def report(percent, message):
        if "rows stored" in message:
            stored.set()
            time.sleep(0.2)  # a slow disk: the import lasts a while between its chunks

    def run():
        try:
            inventory_import(snapshot=snapshot, path=str(path), actor=alice, progress=report)
        finally:
            connection.close()

    importer = threading.Thread(target=run)
    importer.start()
    assert stored.wait(timeout=120)
    from chemsec.facilities.services import area_get_or_create

    started = time.monotonic()
    area_get_or_create(facility=plant, name="Tank farm", actor=alice)  # audited write
    assert time.monotonic() - started < 1.0
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.PENDING  # the import was still going
    importer.join(timeout=120)
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.DONE and snapshot.row_count == 300
    assert snapshot.items.count() == 300


def test_a_killed_workers_partial_import_is_redone_once(settings, plant, alice):
    """A worker killed mid-import leaves some chunks; the retried job imports every row once."""
    settings.JOBS_EAGER = False
    text = "identifier,quantity,unit\n7782-50-5,1,kg\n7664-93-9,2,kg\n"
    snapshot, _job = inventory_import_start(facility=plant, actor=alice, upload=upload(text))
    claimed = job_claim_next("dead-worker")
    with unaudited("the first chunk a killed worker had written"):
        InventoryItem.objects.create(snapshot=snapshot, line=2, identifier="7782-50-5")
    stale = timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS + 5)
    Job.objects.filter(pk=claimed.pk).update(heartbeat_at=stale)
    assert job_requeue_stale() == 1
    job_run(job_claim_next("second-worker"))
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.DONE
    assert sorted(snapshot.items.values_list("line", flat=True)) == [2, 3]


def test_a_snapshot_whose_job_died_for_good_is_marked_failed(settings, plant, alice):
    settings.JOBS_EAGER = False
    text = "identifier,quantity,unit\n7782-50-5,1,kg\n"
    snapshot, job = inventory_import_start(facility=plant, actor=alice, upload=upload(text))
    assert snapshots_fail_stale() == 0  # queued: left to its job
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error="The worker running this job stopped responding."
    )
    assert snapshots_fail_stale() == 1
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.FAILED and "stopped responding" in snapshot.error
    assert sel.latest_snapshot(plant) is None


def test_a_snapshot_without_a_job_fails_after_the_stale_period(plant):
    fresh, old = _snapshot(plant, "a.csv"), _snapshot(plant, "b.csv")
    InventorySnapshot.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    assert snapshots_fail_stale() == 1
    assert InventorySnapshot.objects.get(pk=fresh.pk).status == SnapshotStatus.PENDING
    assert InventorySnapshot.objects.get(pk=old.pk).status == SnapshotStatus.FAILED


def test_a_cancelled_import_leaves_a_failed_snapshot(settings, plant, alice):
    from chemsec.core.jobs import job_cancel

    settings.JOBS_EAGER = False
    text = "identifier,quantity,unit\n7782-50-5,1,kg\n"
    snapshot, _job = inventory_import_start(facility=plant, actor=alice, upload=upload(text))
    claimed = job_claim_next("w1")
    job_cancel(job=claimed, actor=alice)
    job_run(claimed)
    snapshot.refresh_from_db()
    claimed.refresh_from_db()
    assert claimed.status == JobStatus.CANCELLED and not snapshot.items.exists()
    snapshots_fail_stale()
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.FAILED and "cancelled" in snapshot.error

"""Inventory import: a file becomes a dated snapshot, every input row an item.

Rows are read with `chemsec.lib.tabular`, screened with the screening engine, their
amounts converted to kilograms (`quantities`), and the chemicals of interest
aggregated against thresholds (`thresholds`). Nothing is dropped: a row that cannot
be used is kept with its line and the reason. Nothing is silently replaced either: a file
with no usable row is kept as a failed snapshot, and the facility's current snapshot (the
latest imported one) stays as it was.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from chemsec.core.jobs import job_enqueue
from chemsec.core.limits import (
    FileTooLarge,
    check_file_bounds,
    check_row_count,
    identifier_problem,
    import_chunk_rows,
    max_cell_chars,
)
from chemsec.core.models import Job, User
from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.uploads import TABULAR, check_upload
from chemsec.core.writes import write_create, write_update
from chemsec.facilities.models import (
    Facility,
    InventoryItem,
    InventorySnapshot,
    ItemStatus,
    SnapshotStatus,
)
from chemsec.facilities.texts import reason_codes
from chemsec.lib.tabular import TabularError, open_table, upload_limit_bytes
from chemsec.science.quantities import (
    liquid_density_kg_l,
    parse_concentration,
    parse_number,
    to_kg,
)
from chemsec.science.thresholds import Row, aggregate

COLUMNS: dict[str, tuple[str, ...]] = {
    "identifier": ("identifier", "cas", "cas number", "cas no", "chemical", "smiles", "inchikey"),
    "name": ("name", "chemical name", "description"),
    "quantity": ("quantity", "amount", "qty"),
    "unit": ("unit", "units", "uom"),
    "concentration": ("concentration", "concentration %", "conc", "percent", "%"),
    "container": ("container", "container type", "package"),
    "area": ("area", "location", "storage area"),
    "density": ("density", "density kg/l", "density g/ml"),
}
HEADER_HINTS = tuple(name for names in COLUMNS.values() for name in names)
ProgressFn = Callable[[float, str], None]
KEPT = "the facility's previous inventory stays current"


class NothingUsable(TabularError):
    """The file was read, but none of its rows can be used: the snapshot is kept as failed
    (its rows with their reasons) and never becomes the facility's current one."""


@transaction.atomic
def inventory_import_start(
    *, facility: Facility, actor: Actor, upload: UploadedFile, label: str = ""
) -> tuple[InventorySnapshot, Job]:
    """Keep the file as a new dated snapshot and import it as a background job.

    The file must hold what its name says (a CSV, TSV or text file, or an XLSX workbook):
    refused here, not left to fail inside the job."""
    require(actor, "facility.change", facility)
    check_upload(upload, TABULAR)
    snapshot = InventorySnapshot(
        facility=facility,
        label=label,
        filename=upload.name or "",
        created_by=actor if isinstance(actor, User) else None,
    )
    write_create(snapshot, actor=actor)
    job = job_enqueue(
        kind="facilities.inventory_import",
        user=actor,
        organisation=facility.organisation,
        params={"snapshot": str(snapshot.pk), "facility": str(facility.pk)},
        input_file=upload,
        input_name=upload.name or "inventory",
    )
    # The job may have run already (eager mode): link it to what it wrote, not over it.
    snapshot.refresh_from_db()
    write_update(snapshot, actor=actor, values={"job": job})
    return snapshot, job


@transaction.atomic
def inventory_import_local(
    *, facility: Facility, actor: Actor, path: str, label: str = ""
) -> InventorySnapshot:
    """Import a file on this machine at once, without a job (the demo, commands)."""
    require(actor, "facility.change", facility)
    snapshot = InventorySnapshot(
        facility=facility,
        label=label,
        filename=os.path.basename(path),
        created_by=actor if isinstance(actor, User) else None,
    )
    write_create(snapshot, actor=actor)
    return inventory_import(snapshot=snapshot, path=path, actor=actor)


@dataclass
class Parsed:
    """One input row as read from the file, before screening."""

    line: int
    cells: dict[str, str]
    errors: list[str] = field(default_factory=list)


def read_rows(path: str) -> list[Parsed]:
    """The file's rows, bounded: a file that unpacks or declares beyond the limits is refused
    before it is read, one with more rows than MAX_ROWS as soon as the reader gets there, and
    a cell longer than MAX_CELL_CHARS makes its row an error (the cell is not kept)."""
    try:
        check_file_bounds(path)
    except FileTooLarge as exc:
        raise TabularError(str(exc)) from None
    table = open_table(
        path, max_bytes=upload_limit_bytes(), header_hints=HEADER_HINTS, has_header=True
    )
    try:
        index = {key: table.column(*names) for key, names in COLUMNS.items()}
        if index["identifier"] is None:
            raise TabularError(
                "no identifier column (identifier, CAS, chemical, SMILES or InChIKey)"
            )
        if index["quantity"] is None or index["unit"] is None:
            raise TabularError("the file needs quantity and unit columns")
        rows = []
        longest = max_cell_chars()
        for count, row in enumerate(table.rows, start=1):
            try:
                check_row_count(count)
            except FileTooLarge as exc:
                raise TabularError(str(exc)) from None
            parsed = Parsed(row.line, {k: row.get(i) for k, i in index.items()})
            too_long = [k for k, v in parsed.cells.items() if len(v) > longest]
            if too_long:
                parsed.errors.append(
                    f"a cell over {longest:,} characters ({', '.join(too_long)}, MAX_CELL_CHARS)"
                )
                parsed.cells = {k: "" if k in too_long else v for k, v in parsed.cells.items()}
            problem = identifier_problem(parsed.cells["identifier"])
            if problem:  # not parsed at all: parsing time grows faster than length
                parsed.errors.append(problem)
                parsed.cells["identifier"] = ""
            rows.append(parsed)
        return rows
    except csv.Error as exc:  # a cell beyond what the CSV reader takes at all (128 KB)
        raise TabularError(
            f"a cell is too long to read ({exc}); cells may hold {max_cell_chars():,} "
            "characters (MAX_CELL_CHARS)"
        ) from None
    finally:
        table.close()


def inventory_import(
    *,
    snapshot: InventorySnapshot,
    path: str,
    actor: Actor = SYSTEM,
    progress: ProgressFn | None = None,
) -> InventorySnapshot:
    """Read, screen, convert and aggregate one file into its snapshot.

    The import job runs it as the system (the person who queued it was asked then); a
    direct caller acts as themselves and needs to be able to change the facility.
    """
    require(actor, "facility.change", snapshot.facility)
    if snapshot.status == SnapshotStatus.DONE:
        return snapshot  # a retried job whose import had finished: the file has not changed
    if snapshot.status == SnapshotStatus.FAILED and snapshot.items.exists():
        raise NothingUsable(snapshot.error)
    _clear_partial(snapshot)  # a worker that died mid-import left some chunks: start again
    report = progress or (lambda percent, message: None)
    try:
        rows = read_rows(path)
    except TabularError as exc:
        values = {"status": SnapshotStatus.FAILED, "error": str(exc)}
        write_update(snapshot, actor=actor, values=values)
        raise
    report(10, f"{len(rows)} rows read; screening")
    results = _screen(rows, report)
    report(80, "Converting quantities")
    snapshot = _store(snapshot, rows, results, actor, report)
    if snapshot.status == SnapshotStatus.FAILED:
        raise NothingUsable(snapshot.error)
    return snapshot


def _screen(rows: list[Parsed], report: ProgressFn) -> dict[int | None, Any]:
    from chemsec.screening.engine import InputRow, screen_rows

    inputs = [
        InputRow(
            identifier=r.cells["identifier"],
            line=r.line,
            concentration=r.cells["concentration"] or None,
        )
        for r in rows
        if r.cells["identifier"]
    ]
    results: dict[int | None, Any] = {}
    for done, result in enumerate(screen_rows(inputs), start=1):
        results[result.line] = result
        report(10 + 70 * done / max(len(inputs), 1), f"{done} of {len(inputs)} rows screened")
    return results


def _clear_partial(snapshot: InventorySnapshot) -> None:
    """Delete the rows an interrupted import wrote, one short transaction per chunk."""
    chunk = import_chunk_rows()
    while True:
        ids = list(snapshot.items.values_list("pk", flat=True)[:chunk])
        if not ids:
            return
        with transaction.atomic():
            InventoryItem.objects.filter(pk__in=ids).delete()


def _store(
    snapshot: InventorySnapshot,
    rows: list[Parsed],
    results: dict[int | None, Any],
    actor: Actor,
    report: ProgressFn | None = None,
) -> InventorySnapshot:
    """Write the rows in chunks of IMPORT_CHUNK_ROWS, each its own short transaction, so
    the portal's other writes never wait behind a long import (SQLite holds one writer at a
    time); the snapshot only becomes DONE, and current, with the last write. Inside an outer
    transaction (a local import) the chunks simply join it."""
    from chemsec.facilities.services import area_get_or_create

    facility = snapshot.facility
    areas: dict[str, Any] = {}
    for row in rows:
        area_name = row.cells["area"]
        if area_name and area_name.lower() not in areas:
            with transaction.atomic():
                areas[area_name.lower()] = area_get_or_create(
                    facility=facility, name=area_name, actor=actor
                )
    chunk = import_chunk_rows()
    errors = 0
    valid: list[Row] = []
    for start in range(0, len(rows), chunk):
        items = [
            _item(snapshot, row, results.get(row.line), areas.get(row.cells["area"].lower()))
            for row in rows[start : start + chunk]
        ]
        # The file's rows, unaudited one by one: one audit entry per row would bury the trail
        # under thousands for one file. The import is audited as one entry on the snapshot
        # below (row, error and chemical counts, [old, new]); the rows never change after it.
        with transaction.atomic():
            InventoryItem.objects.bulk_create(items)
        errors += sum(1 for item in items if item.status == ItemStatus.ERROR)
        valid += [_agg_row(item) for item in items if item.status == ItemStatus.OK]
        if report is not None:  # also where a cancelled job stops
            done = min(start + chunk, len(rows))
            report(80 + 19 * done / max(len(rows), 1), f"{done} of {len(rows)} rows stored")
    items_count = len(rows)
    chemicals = aggregate(valid)
    values: dict[str, Any] = {
        "chemicals": chemicals,
        "row_count": items_count,
        "error_count": errors,
        "status": SnapshotStatus.DONE,
    }
    if errors == items_count:
        # Nothing usable: failed, so the current snapshot stays the one before.
        values["status"] = SnapshotStatus.FAILED
        values["error"] = (
            f"none of the {items_count} rows could be used (each row's reason is in the "
            f"snapshot); {KEPT}"
            if items_count
            else f"the file has no rows; {KEPT}"
        )
    with transaction.atomic():
        return write_update(snapshot, actor=actor, values=values)


def _item(snapshot: InventorySnapshot, row: Parsed, result: Any, area: Any) -> InventoryItem:
    cells = row.cells
    errors: list[str] = []
    item = InventoryItem(
        snapshot=snapshot,
        line=row.line,
        identifier=cells["identifier"][:500],
        quantity_text=cells["quantity"][:50],
        unit_text=cells["unit"][:20],
        container=cells["container"][:200],
        area_name=cells["area"][:120],
        area=area,
        name=cells["name"][:300],
    )
    errors += row.errors
    if result is not None:
        _identity(item, result, errors)
    elif not row.errors:
        errors.append("identifier missing")
    concentration, conc_error = parse_concentration(cells["concentration"])
    item.concentration_percent = concentration
    errors += [conc_error] if conc_error else []
    amount = to_kg(
        cells["quantity"],
        cells["unit"],
        item.cas,
        _density(cells, errors),
        density_lookup=liquid_density_kg_l,
    )
    item.quantity_kg = amount.kg
    errors += [amount.error] if amount.error else []
    item.status = ItemStatus.ERROR if errors else ItemStatus.OK
    messages = errors or ([amount.note] if amount.note else [])
    item.reason = "; ".join(messages)
    item.reason_codes = reason_codes(messages)
    return item


def _identity(item: InventoryItem, result: Any, errors: list[str]) -> None:
    identity = result.identity
    item.screening_status = result.status
    item.cas = identity.cas or ""
    item.inchikey = identity.inchikey or ""
    item.name = item.name or (identity.name or "")[:300]
    item.matches = [m.to_dict() for m in result.matches]
    if result.status in ("invalid", "unresolved"):
        errors.append(f"identifier not recognised ({result.reason or result.status})")


def _density(cells: dict[str, str], errors: list[str]) -> float | None:
    text = cells["density"]
    if not text:
        return None
    value = parse_number(text)
    if value is None or value <= 0:
        errors.append(f"density {text!r} is not a positive number (kg/L)")
        return None
    return value


def _agg_row(item: InventoryItem) -> Row:
    return Row(
        key=item.key,
        name=item.name,
        cas=item.cas,
        inchikey=item.inchikey,
        quantity_kg=item.quantity_kg or 0.0,
        concentration=item.concentration_percent,
        area=item.area_name,
        matches=item.matches,
    )


def totals(snapshot: InventorySnapshot) -> dict[str, tuple[str, float]]:
    """Total kilograms of substance per chemical in a snapshot's valid rows."""
    from chemsec.science.thresholds import substance_kg

    out: dict[str, tuple[str, float]] = {}
    for item in snapshot.items.filter(status=ItemStatus.OK):
        name, kg = out.get(item.key, (item.name or item.identifier, 0.0))
        out[item.key] = (name, kg + substance_kg(_agg_row(item)))
    return out


def diff_totals(
    old: dict[str, tuple[str, float]], new: dict[str, tuple[str, float]], tolerance: float = 1e-6
) -> dict[str, list[dict[str, Any]]]:
    """Chemicals added, removed and with a changed total between two snapshots."""
    added = [{"key": k, "name": new[k][0], "after_kg": new[k][1]} for k in new.keys() - old.keys()]
    removed = [
        {"key": k, "name": old[k][0], "before_kg": old[k][1]} for k in old.keys() - new.keys()
    ]
    changed = [
        {
            "key": k,
            "name": new[k][0],
            "before_kg": old[k][1],
            "after_kg": new[k][1],
            "change_kg": new[k][1] - old[k][1],
        }
        for k in old.keys() & new.keys()
        if abs(new[k][1] - old[k][1]) > tolerance
    ]
    return {"added": _by_name(added), "removed": _by_name(removed), "changed": _by_name(changed)}


def _by_name(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: str(r["name"]).lower())


def snapshot_fail(snapshot: InventorySnapshot, *, reason: str) -> bool:
    """Mark a still-pending snapshot failed with `reason` (audited, as the system); the
    facility's current snapshot stays the one before. False if it was no longer pending."""
    with transaction.atomic():
        current = InventorySnapshot.objects.select_for_update().filter(pk=snapshot.pk).first()
        if current is None or current.status != SnapshotStatus.PENDING:
            return False
        values = {"status": SnapshotStatus.FAILED, "error": f"{reason[:2000]}; {KEPT}"}
        write_update(current, actor=SYSTEM, values=values)
    snapshot.refresh_from_db()
    return True


def snapshots_fail_stale() -> int:
    """Fail the snapshots left pending: their job failed or was cancelled (a killed worker's
    job after its last attempt), or they have no job and are older than
    STALE_IMPORT_MINUTES (chemsec.core.jobs.unfinished_reason). A snapshot whose job is
    queued or running is left to it."""
    from chemsec.core.jobs import unfinished_reason

    pending = InventorySnapshot.objects.filter(status=SnapshotStatus.PENDING).select_related("job")
    failed = 0
    for snapshot in pending:
        reason = unfinished_reason(snapshot.job, snapshot.created_at, "the snapshot")
        if reason is not None:
            failed += snapshot_fail(snapshot, reason=reason)
    return failed

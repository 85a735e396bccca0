"""Stock services: every write of the app, `policy.require` first, then `writes.write_*`.

Movements typed one at a time are audited one by one. A file of movements is audited as one
entry on its batch (rows, errors, [old, new]) and its rows are written in chunks with
`bulk_create`, like the facility's inventory import: one audit entry per row would bury the
trail under a million. A reconciliation is likewise one audited run, its balances its rows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.utils.translation import gettext as _

from chemsec.core.jobs import job_enqueue
from chemsec.core.models import Job, Organisation, User
from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.uploads import TABULAR, check_upload
from chemsec.core.writes import write_create, write_update
from chemsec.facilities.models import Facility, InventorySnapshot, ItemStatus
from chemsec.lib.tabular import TabularError, open_table, upload_limit_bytes
from chemsec.science.quantities import liquid_density_kg_l, to_kg
from chemsec.stock.engine import muf
from chemsec.stock.models import (
    Balance,
    BatchStatus,
    Movement,
    MovementBatch,
    MovementKind,
    OpeningSource,
    Precision,
    Reconciliation,
    RejectedRow,
    StockSettings,
)

ProgressFn = Callable[[float, str], None]
CHUNK = 5000  # rows per transaction of a file import (setting CHEMSEC_STOCK_CHUNK)

# --- Settings and precisions ----------------------------------------------------------------


def settings_for(organisation: Organisation) -> StockSettings:
    """The organisation's alert rule, or the default (k = 3, no threshold), unsaved."""
    found = StockSettings.objects.filter(owner=organisation).first()
    return found or StockSettings(owner=organisation)


@transaction.atomic
def settings_set(
    *, organisation: Organisation, actor: Actor, k: float, threshold_kg: float | None
) -> StockSettings:
    require(actor, "stock.settings", organisation)
    found = StockSettings.objects.filter(owner=organisation).first()
    if found is None:
        return write_create(
            StockSettings(owner=organisation, k=k, threshold_kg=threshold_kg), actor=actor
        )
    return write_update(found, actor=actor, values={"k": k, "threshold_kg": threshold_kg})


def precisions_of(facility: Facility) -> dict[str, muf.Precision]:
    return {
        p.kind: muf.Precision(p.absolute_kg, p.relative_percent / 100)
        for p in Precision.objects.filter(facility=facility)
    }


@transaction.atomic
def precision_set(
    *,
    facility: Facility,
    actor: Actor,
    kind: str,
    absolute_kg: float = 0.0,
    relative_percent: float = 0.0,
) -> Precision:
    """State the precision of one kind of record (one standard deviation per measurement)."""
    require(actor, "stock.record", facility)
    found = Precision.objects.filter(facility=facility, kind=kind).first()
    values = {"absolute_kg": absolute_kg, "relative_percent": relative_percent}
    if found is None:
        return write_create(Precision(facility=facility, kind=kind, **values), actor=actor)
    return write_update(found, actor=actor, values=values)


# --- Movements ------------------------------------------------------------------------------


def check_quantity(kind: str, quantity_kg: float) -> str:
    """Why a quantity does not fit its kind ("" if it does)."""
    if kind not in MovementKind.values:
        return "unknown kind"
    if kind == MovementKind.ADJUSTMENT:
        return "" if quantity_kg != 0 else "an adjustment needs a quantity other than zero"
    return "" if quantity_kg > 0 else "the quantity must be positive (only adjustments are signed)"


@transaction.atomic
def movement_record(
    *,
    facility: Facility,
    actor: Actor,
    chemical_key: str,
    kind: str,
    quantity_kg: float,
    occurred_on: date,
    chemical_name: str = "",
    reference: str = "",
) -> Movement:
    require(actor, "stock.record", facility)
    problem = check_quantity(kind, quantity_kg)
    if problem:
        raise ValidationError({"quantity_kg": problem})
    movement = Movement(
        facility=facility,
        chemical_key=normalise_key(chemical_key),
        chemical_name=chemical_name,
        kind=kind,
        quantity_kg=quantity_kg,
        occurred_on=occurred_on,
        reference=reference,
    )
    return write_create(movement, actor=actor)


def normalise_key(text: str) -> str:
    """The aggregation key of the inventory: a CAS number as written, anything else lower."""
    text = text.strip()
    return text if muf_cas(text) else text.lower()


def muf_cas(text: str) -> bool:
    parts = text.split("-")
    return len(parts) == 3 and all(p.isdigit() for p in parts)


# --- Files of movements (a background job) --------------------------------------------------

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "movement date", "posting date"),
    "identifier": ("identifier", "cas", "cas number", "cas no", "chemical", "key"),
    "name": ("name", "chemical name", "description"),
    "kind": ("kind", "type", "movement", "movement type"),
    "quantity": ("quantity", "amount", "qty"),
    "unit": ("unit", "units", "uom"),
    "reference": ("reference", "ref", "document", "document number"),
}
HEADER_HINTS = tuple(name for names in COLUMNS.values() for name in names)
KIND_WORDS: dict[str, str] = {
    **{k: k for k in MovementKind.values},
    **{str(label).lower(): code for code, label in MovementKind.choices},
    "in": MovementKind.RECEIPT,
    "purchase": MovementKind.RECEIPT,
    "use": MovementKind.CONSUMPTION,
    "issue": MovementKind.CONSUMPTION,
    "transfer in": MovementKind.TRANSFER_IN,
    "transfer out": MovementKind.TRANSFER_OUT,
    "waste": MovementKind.WASTE_OUT,
    "waste out": MovementKind.WASTE_OUT,
    "disposal": MovementKind.WASTE_OUT,
    "adjustment": MovementKind.ADJUSTMENT,
    "correction": MovementKind.ADJUSTMENT,
}


@transaction.atomic
def movements_import_start(
    *, facility: Facility, actor: Actor, upload: UploadedFile
) -> tuple[MovementBatch, Job]:
    """Keep the file as a batch and import it as a background job (progress, per-row errors)."""
    require(actor, "stock.record", facility)
    check_upload(upload, TABULAR)
    batch = MovementBatch(
        facility=facility,
        filename=upload.name or "",
        created_by=actor if isinstance(actor, User) else None,
    )
    write_create(batch, actor=actor)
    job = job_enqueue(
        kind="stock.movements_import",
        user=actor,
        organisation=facility.organisation,
        params={"batch": str(batch.pk), "facility": str(facility.pk)},
        input_file=upload,
        input_name=upload.name or "movements",
    )
    batch.refresh_from_db()
    write_update(batch, actor=actor, values={"job": job})
    return batch, job


def movements_import_local(*, facility: Facility, actor: Actor, path: str) -> MovementBatch:
    """Import a file on this machine at once, without a job (the demo, commands)."""
    require(actor, "stock.record", facility)
    batch = MovementBatch(facility=facility, filename=os.path.basename(path))
    write_create(batch, actor=actor)
    return movements_import(batch=batch, path=path, actor=actor)


def parse_row(cells: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
    """One row's movement fields, or why it cannot be used."""
    errors: list[str] = []
    key = cells["identifier"].strip()
    if not key:
        errors.append("chemical missing")
    kind = KIND_WORDS.get(cells["kind"].strip().lower().replace("_", " "))
    kind = kind or KIND_WORDS.get(cells["kind"].strip().lower())
    if kind is None:
        errors.append(f"unknown kind {cells['kind']!r} (use {', '.join(MovementKind.values)})")
    day = parse_day(cells["date"])
    if day is None:
        errors.append(f"date {cells['date']!r} is not YYYY-MM-DD")
    text = cells["quantity"].strip()
    sign = -1.0 if text.startswith("-") else 1.0
    amount = to_kg(text.lstrip("-"), cells["unit"], key, density_lookup=liquid_density_kg_l)
    if amount.error:
        errors.append(amount.error)
    quantity = sign * amount.kg if amount.kg is not None else None
    if kind is not None and quantity is not None:
        problem = check_quantity(kind, quantity)
        errors += [problem] if problem else []
    if errors:
        return None, "; ".join(errors)
    return {
        "chemical_key": normalise_key(key)[:40],
        "chemical_name": cells["name"][:300],
        "kind": kind,
        "quantity_kg": quantity,
        "occurred_on": day,
        "reference": cells["reference"][:200],
    }, ""


def parse_day(text: str) -> date | None:
    """ISO dates only (2026-03-31; a time after it, as spreadsheets write, is ignored):
    03/04/2026 is the 3rd of April or the 4th of March depending on the country."""
    head = text.strip()[:10]
    try:
        return date.fromisoformat(head) if len(head) == 10 else None
    except ValueError:
        return None


def movements_import(
    *, batch: MovementBatch, path: str, actor: Actor = SYSTEM, progress: ProgressFn | None = None
) -> MovementBatch:
    """Read a file of movements in chunks of CHUNK rows, each chunk one transaction.

    Nothing is dropped: a row that cannot be used is kept as a rejected row with its line
    and reason. A retried job resumes after the last line stored.
    """
    require(actor, "stock.record", batch.facility)
    if batch.status == BatchStatus.DONE:
        return batch
    report = progress or (lambda percent, message: None)
    done = max(
        batch.movements.aggregate(m=Max("line"))["m"] or 0,
        batch.rejected.aggregate(m=Max("line"))["m"] or 0,
    )
    total = _estimate_lines(path)
    try:
        table = open_table(
            path, max_bytes=upload_limit_bytes(), header_hints=HEADER_HINTS, has_header=True
        )
    except TabularError as exc:
        return write_update(
            batch, actor=actor, values={"status": BatchStatus.FAILED, "error": str(exc)}
        )
    try:
        index = {key: table.column(*names) for key, names in COLUMNS.items()}
        missing = [
            k for k in ("date", "identifier", "kind", "quantity", "unit") if index[k] is None
        ]
        if missing:
            message = f"the file needs the columns {', '.join(missing)}"
            return write_update(
                batch, actor=actor, values={"status": BatchStatus.FAILED, "error": message}
            )
        rows = ((row.line, {k: row.get(i) for k, i in index.items()}) for row in table.rows)
        size = int(getattr(settings, "CHEMSEC_STOCK_CHUNK", CHUNK))
        for chunk in _chunks(rows, size):
            fresh = [(line, cells) for line, cells in chunk if line > done]
            _store_chunk(batch, fresh)
            last = chunk[-1][0]
            percent = 100 * last / total if total else 50
            report(min(99, percent), f"{last} lines read")
    finally:
        table.close()
    counts = {
        "row_count": batch.movements.count() + batch.rejected.count(),
        "error_count": batch.rejected.count(),
    }
    status = BatchStatus.DONE
    error = ""
    if counts["row_count"] == counts["error_count"]:
        status = BatchStatus.FAILED
        error = (
            "no row could be used (each row's reason is kept)"
            if counts["row_count"]
            else ("the file has no rows")
        )
    return write_update(batch, actor=actor, values={**counts, "status": status, "error": error})


def _estimate_lines(path: str) -> int:
    """Lines in a text file (for the progress bar); 0 for a workbook (unknown)."""
    if path.lower().endswith((".xlsx", ".xlsm")):
        return 0
    count = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return count


def _chunks(
    rows: Iterator[tuple[int, dict[str, str]]], size: int
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    chunk: list[tuple[int, dict[str, str]]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@transaction.atomic
def _store_chunk(batch: MovementBatch, rows: list[tuple[int, dict[str, str]]]) -> None:
    movements: list[Movement] = []
    rejected: list[RejectedRow] = []
    for line, cells in rows:
        fields, reason = parse_row(cells)
        if fields is None:
            rejected.append(RejectedRow(batch=batch, line=line, cells=cells, reason=reason))
        else:
            movements.append(Movement(facility=batch.facility, batch=batch, line=line, **fields))
    # The rows of one audited batch (see the module's docstring).
    Movement.objects.bulk_create(movements)
    RejectedRow.objects.bulk_create(rejected)


# --- Reconciliation -------------------------------------------------------------------------


def flows(
    facility: Facility, start: date, end: date, chemical_key: str | None = None
) -> dict[str, dict[str, muf.Totals]]:
    """Per chemical and kind: COUNT, SUM(q), SUM(q*q) of the movements in [start, end],
    aggregated by the database (one GROUP BY, nothing looped over row by row)."""
    movements = Movement.objects.filter(
        facility=facility, occurred_on__gte=start, occurred_on__lte=end
    )
    if chemical_key is not None:
        movements = movements.filter(chemical_key=chemical_key)
    grouped = (
        movements.order_by()
        .values("chemical_key", "kind")
        .annotate(n=Count("id"), s=Sum("quantity_kg"), ss=Sum(F("quantity_kg") * F("quantity_kg")))
    )
    out: dict[str, dict[str, muf.Totals]] = {}
    for row in grouped:
        out.setdefault(row["chemical_key"], {})[row["kind"]] = muf.Totals(
            row["n"], float(row["s"] or 0), float(row["ss"] or 0)
        )
    return out


def names_of(facility: Facility, keys: set[str]) -> dict[str, str]:
    found = (
        Movement.objects.filter(facility=facility)
        .exclude(chemical_name="")
        .order_by()
        .values("chemical_key")
        .annotate(name=Max("chemical_name"))
    )
    return {r["chemical_key"]: r["name"] for r in found if r["chemical_key"] in keys}


def snapshot_totals(snapshot: InventorySnapshot) -> dict[str, muf.Totals]:
    """Per chemical of interest: items counted, kg of substance and the sum of squares."""
    from chemsec.facilities.inventory import _agg_row
    from chemsec.science.thresholds import substance_kg

    interest = {c["key"] for c in snapshot.chemicals}
    quantities: dict[str, list[float]] = {}
    for item in snapshot.items.filter(status=ItemStatus.OK).iterator():
        if item.key in interest:
            quantities.setdefault(item.key, []).append(substance_kg(_agg_row(item)))
    return {key: muf.Totals.of(values) for key, values in quantities.items()}


@transaction.atomic
def reconcile(
    *,
    facility: Facility,
    actor: Actor,
    start: date,
    end: date,
    opening_snapshot: InventorySnapshot | None = None,
    closing_snapshot: InventorySnapshot | None = None,
    stated: dict[str, tuple[float, float]] | None = None,
) -> Reconciliation:
    """Balance every chemical of interest of the site over [start, end].

    Opening and closing come from inventory snapshots (the chemicals of interest they
    hold, with the inventory precision per item counted) or are stated per chemical
    (`stated`: key -> (opening kg, closing kg), one measurement each). A chemical absent
    from a snapshot counts as 0 kg there.
    """
    require(actor, "stock.record", facility)
    if end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    for snapshot in (opening_snapshot, closing_snapshot):
        if snapshot is not None and snapshot.facility_id != facility.pk:
            raise ValidationError(_("The inventory snapshot belongs to another facility."))
    if stated is None and (opening_snapshot is None or closing_snapshot is None):
        raise ValidationError(_("Give an opening and a closing inventory (snapshots or stated)."))
    rule = settings_for(facility.organisation)
    precisions = precisions_of(facility)
    inventory = precisions.get(muf.INVENTORY, muf.Precision())
    movements = flows(facility, start, end)
    opening = snapshot_totals(opening_snapshot) if opening_snapshot else {}
    closing = snapshot_totals(closing_snapshot) if closing_snapshot else {}
    stated = stated or {}
    keys = set(movements) | set(opening) | set(closing) | set(stated)
    if stated and opening_snapshot is None:
        keys = set(stated)
    names = names_of(facility, keys)
    for snapshot in (opening_snapshot, closing_snapshot):
        for c in snapshot.chemicals if snapshot else []:
            names.setdefault(c["key"], c["name"])
    run = write_create(
        Reconciliation(
            facility=facility,
            period_start=start,
            period_end=end,
            k=rule.k,
            threshold_kg=rule.threshold_kg,
            created_by=actor if isinstance(actor, User) else None,
        ),
        actor=actor,
    )
    balances = []
    for key in sorted(keys):
        if key in stated:
            opening_kg, closing_kg = stated[key]
            first = muf.Stock.measured(muf.Totals.of([opening_kg]), inventory)
            last = muf.Stock.measured(muf.Totals.of([closing_kg]), inventory)
            sources = (OpeningSource.STATED, OpeningSource.STATED)
        else:
            first = muf.Stock.measured(opening.get(key, muf.Totals()), inventory)
            last = muf.Stock.measured(closing.get(key, muf.Totals()), inventory)
            sources = (OpeningSource.SNAPSHOT, OpeningSource.SNAPSHOT)
        result = muf.balance(
            opening=first,
            closing=last,
            flows=movements.get(key, {}),
            precisions=precisions,
            k=rule.k,
            threshold_kg=rule.threshold_kg,
        )
        components = {
            kind: {"count": t.count, "kg": t.total_kg, "variance": result.variances[kind]}
            for kind, t in movements.get(key, {}).items()
        }
        components["opening"] = {"variance": result.variances["opening"]}
        components["closing"] = {"variance": result.variances["closing"]}
        balances.append(
            Balance(
                run=run,
                facility=facility,
                chemical_key=key,
                chemical_name=names.get(key, "")[:300],
                period_start=start,
                period_end=end,
                opening_kg=first.kg,
                opening_sigma_kg=first.sigma_kg,
                opening_source=sources[0],
                opening_snapshot=opening_snapshot if key not in stated else None,
                closing_kg=last.kg,
                closing_sigma_kg=last.sigma_kg,
                closing_source=sources[1],
                closing_snapshot=closing_snapshot if key not in stated else None,
                in_kg=result.in_kg,
                out_kg=result.out_kg,
                adjustments_kg=result.adjustments_kg,
                muf_kg=result.muf_kg,
                sigma_kg=result.sigma_kg,
                k=rule.k,
                threshold_kg=rule.threshold_kg,
                alert=result.alert,
                reasons=list(result.reasons),
                components=components,
                created_by=actor if isinstance(actor, User) else None,
            )
        )
    # The run's rows (see the module's docstring): audited as the run's counts below.
    Balance.objects.bulk_create(balances, batch_size=2000)
    alerts = sum(1 for b in balances if b.alert)
    return write_update(
        run, actor=actor, values={"chemical_count": len(balances), "alert_count": alerts}
    )


def series(balance: Balance) -> list[muf.Point]:
    """The book inventory of a balance's chemical per day over its period (for the chart)."""
    grouped = (
        Movement.objects.filter(
            facility_id=balance.facility_id,
            chemical_key=balance.chemical_key,
            occurred_on__gte=balance.period_start,
            occurred_on__lte=balance.period_end,
        )
        .order_by()
        .values("occurred_on", "kind")
        .annotate(n=Count("id"), s=Sum("quantity_kg"), ss=Sum(F("quantity_kg") * F("quantity_kg")))
        .order_by("occurred_on", "kind")
    )
    days = [
        (r["occurred_on"], r["kind"], muf.Totals(r["n"], float(r["s"] or 0), float(r["ss"] or 0)))
        for r in grouped
    ]
    return muf.book_series(
        start=balance.period_start,
        opening=muf.Stock(balance.opening_kg, balance.opening_sigma_kg),
        days=days,
        precisions=precisions_of(balance.facility),
    )


# --- An alert opened as an incident ---------------------------------------------------------


class IncidentsUnavailable(ValidationError):
    """The incident log (chemsec.incidents) offers no way to open an incident from an alert."""


@transaction.atomic
def balance_open_incident(*, balance: Balance, actor: Actor) -> Balance:
    """Open an incident for a balance beyond its uncertainty, through the incidents app's
    `incident_open_from_alert` service when it exists, and keep its id on the balance."""
    require(actor, "stock.record", balance.facility)
    if not balance.alert:
        raise ValidationError(_("Only a balance beyond its uncertainty raises an alert."))
    if balance.incident_ref:
        return balance
    opener = _incident_opener()
    if opener is None:
        raise IncidentsUnavailable(_("The incident log is not available on this installation."))
    incident = opener(
        facility=balance.facility,
        actor=actor,
        source="stock.balance",
        source_id=str(balance.pk),
        code="stock.unaccounted",
        params={
            "chemical": balance.chemical_name or balance.chemical_key,
            "key": balance.chemical_key,
            "muf_kg": balance.muf_kg,
            "sigma_kg": balance.sigma_kg,
            "k": balance.k,
            "period_start": balance.period_start.isoformat(),
            "period_end": balance.period_end.isoformat(),
        },
    )
    return write_update(balance, actor=actor, values={"incident_ref": str(incident.pk)})


def _incident_opener() -> Callable[..., Any] | None:
    """The incident log's way in (chemsec.incidents), or None where it is not installed."""
    try:
        from chemsec.incidents.services import chemical_add, incident_record
    except ImportError:
        return None

    def open_incident(
        *, facility: Facility, actor: Actor, source: str, source_id: str, code: str,
        params: dict[str, Any],
    ) -> Any:  # fmt: skip
        p = params
        incident = incident_record(
            actor=actor,
            organisation=facility.organisation,
            facility=facility,
            kind="disappearance",
            title=_("Unaccounted for: %(chemical)s") % {"chemical": p["chemical"]},
            description=_(
                "Stock reconciliation from %(start)s to %(end)s: %(muf).2f kg unaccounted for "
                "(sigma %(sigma).2f kg, alert beyond %(k)g sigma). Source: %(source)s %(id)s."
            )
            % {
                "start": p["period_start"],
                "end": p["period_end"],
                "muf": p["muf_kg"],
                "sigma": p["sigma_kg"],
                "k": p["k"],
                "source": source,
                "id": source_id,
            },
        )
        if p["muf_kg"] > 0:  # a loss: the chemical and the quantity missing
            chemical_add(
                actor=actor,
                incident=incident,
                quantity=Decimal(f"{p['muf_kg']:.3f}"),
                name=p["chemical"],
                cas=p["key"] if muf_cas(p["key"]) else "",
            )
        return incident

    return open_incident

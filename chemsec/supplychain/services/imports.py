"""Orders from an ERP export (CSV, TSV or XLSX), read as a background job.

Every row of the file is kept (`OrderImportRow`) with its line number: it either became (a
line of) an order, or says why not, as error codes with parameters (rendered in the
reader's language by `presenters.import_error_text`). Rows that share an order reference
are one order; if any of them is wrong, none of them is recorded (no partial orders), and
the others say so. Customers are found by registration number or legal name among those
the uploading person may record orders for; products by code in the supplier's catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from chemsec.core.choices import Confidentiality
from chemsec.core.models import Organisation, User
from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.uploads import TABULAR, check_upload
from chemsec.core.writes import write_create, write_update
from chemsec.lib.tabular import TabularError, TabularRow, open_table
from chemsec.supplychain.choices import Channel, OrderOutcome, PaymentMethod
from chemsec.supplychain.models import Customer, OrderImport, OrderImportRow, Product
from chemsec.supplychain.services.orders import LineInput, order_record

IMPORT_KIND = "supplychain.order_import"
COLUMNS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "order", "order reference", "order number", "order no", "po"),
    "customer": ("customer", "customer name", "registration number", "vat", "customer id"),
    "product": ("product", "product code", "sku", "item", "article"),
    "quantity": ("quantity", "qty", "amount"),
    "unit": ("unit", "uom"),
    "ordered_at": ("ordered at", "date", "order date"),
    "delivery_country": ("delivery country", "ship to country", "country"),
    "payment_method": ("payment", "payment method"),
    "payer": ("payer", "paid by"),
    "outcome": ("outcome", "status"),
}
REQUIRED = ("customer", "product", "quantity")
HEADER_HINTS = tuple(name for names in COLUMNS.values() for name in names)
ProgressFn = Callable[[float, str], None]


def order_import_start(*, actor: Actor, organisation: Organisation, upload: Any) -> OrderImport:
    """Check the file and queue its import (audited as the import's creation)."""
    from chemsec.core.jobs import job_enqueue

    require(actor, "order.import", organisation)
    check_upload(upload, TABULAR)
    upload.seek(0)
    record = write_create(
        OrderImport(
            organisation=organisation,
            file_name=(upload.name or "orders")[:255],
            confidentiality=Confidentiality.RESTRICTED,
        ),
        actor=actor,
    )
    job_enqueue(
        kind=IMPORT_KIND,
        user=actor,
        organisation=organisation,
        params={"import": str(record.pk)},
        input_file=upload,
        input_name=upload.name or "orders.csv",
    )
    record.refresh_from_db()
    return record


def _error(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


def _quantity(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


def _when(text: str) -> dt.datetime | None:
    if not text:
        return timezone.now()
    moment = parse_datetime(text)
    if moment is None:
        day = parse_date(text[:10])
        if day is None:
            return None
        moment = dt.datetime.combine(day, dt.time(12, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _choice(text: str, values: list[str], default: str) -> str | None:
    cleaned = text.strip().lower().replace(" ", "_")
    if not cleaned:
        return default
    return cleaned if cleaned in values else None


class _Lookup:
    def __init__(self, user: Actor, organisation: Organisation) -> None:
        customers = Customer.objects.filter(organisation=organisation)
        if isinstance(user, User):
            customers = customers.filter(
                pk__in=Customer.objects.visible_to(user, "change").values("pk")
            )
        self.customers = customers
        self.products = {
            p.code.lower(): p for p in Product.objects.filter(organisation=organisation)
        }
        self._cache: dict[str, Customer | None] = {}

    def customer(self, text: str) -> Customer | None:
        key = text.strip().lower()
        if key not in self._cache:
            self._cache[key] = self.customers.filter(
                Q(registration_number__iexact=key) | Q(legal_name__iexact=key)
            ).first()
        return self._cache[key]


def _check(row: TabularRow, cells: dict[str, str], lookup: _Lookup) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    if row.problem:
        errors.append(_error("unreadable_row", problem=row.problem))
    for name in REQUIRED:
        if not cells[name]:
            errors.append(_error("missing_value", column=name))
    if cells["customer"] and lookup.customer(cells["customer"]) is None:
        errors.append(_error("unknown_customer", value=cells["customer"][:80]))
    if cells["product"] and cells["product"].lower() not in lookup.products:
        errors.append(_error("unknown_product", value=cells["product"][:80]))
    if cells["quantity"] and _quantity(cells["quantity"]) is None:
        errors.append(_error("bad_quantity", value=cells["quantity"][:40]))
    if _when(cells["ordered_at"]) is None:
        errors.append(_error("bad_date", value=cells["ordered_at"][:40]))
    if _choice(cells["payment_method"], PaymentMethod.values, PaymentMethod.ACCOUNT) is None:
        errors.append(_error("bad_payment", value=cells["payment_method"][:40]))
    if _choice(cells["outcome"], OrderOutcome.values, OrderOutcome.PENDING) is None:
        errors.append(_error("bad_outcome", value=cells["outcome"][:40]))
    country = cells["delivery_country"].strip()
    if country and (len(country) != 2 or not country.isalpha()):
        errors.append(_error("bad_country", value=country[:40]))
    return errors


def order_import_run(
    *, order_import: OrderImport, path: str, user: Actor, progress: ProgressFn | None = None
) -> OrderImport:
    """Read the file, record each order, keep every row with its outcome."""
    try:
        table = open_table(path, header_hints=HEADER_HINTS, has_header=True)
    except TabularError as exc:
        return _fail(order_import, _error("unreadable_file", detail=str(exc)[:200]))
    try:
        index = {key: table.column(*names) for key, names in COLUMNS.items()}
        missing = [name for name in REQUIRED if index[name] is None]
        if missing:
            return _fail(order_import, _error("missing_columns", columns=missing))
        rows = [(row, {k: row.get(i).strip() for k, i in index.items()}) for row in table.rows]
    finally:
        table.close()
    lookup = _Lookup(user, order_import.organisation)
    groups: dict[str, list[tuple[TabularRow, dict[str, str], list[dict[str, Any]]]]] = {}
    for row, cells in rows:
        key = cells["reference"] or f"line:{row.line}"
        groups.setdefault(key, []).append((row, cells, _check(row, cells, lookup)))
    kept: list[OrderImportRow] = []
    orders = 0
    for number, members in enumerate(groups.values(), start=1):
        if progress is not None:
            progress(100.0 * (number - 1) / max(1, len(groups)), f"{number}/{len(groups)}")
        order = None
        if not any(errors for _, _, errors in members):
            order = _record(members, lookup, user)
            if isinstance(order, dict):
                members = [(r, c, [order]) for r, c, _ in members]
                order = None
            else:
                orders += 1
        elif len(members) > 1:
            members = [(r, c, errors or [_error("order_has_errors")]) for r, c, errors in members]
        for row, cells, errors in members:
            kept.append(
                OrderImportRow(
                    order_import=order_import,
                    line=row.line,
                    cells=cells,
                    errors=errors,
                    order=order,
                )
            )
    # The file's rows at once: the import is audited as one update of its counts below.
    OrderImportRow.objects.bulk_create(kept, batch_size=500)
    values = {
        "status": "done",
        "row_count": len(kept),
        "order_count": orders,
        "error_count": sum(1 for row in kept if row.errors),
    }
    return write_update(order_import, actor=SYSTEM, values=values)


def _record(
    members: list[tuple[TabularRow, dict[str, str], list[dict[str, Any]]]],
    lookup: _Lookup,
    user: Actor,
) -> Any:
    first = members[0][1]
    customer = lookup.customer(first["customer"])
    assert customer is not None  # checked
    lines = [
        LineInput(
            product=lookup.products[cells["product"].lower()],
            quantity=_quantity(cells["quantity"]) or Decimal(0),
            unit=cells["unit"][:16] or "pack",
        )
        for _, cells, _ in members
    ]
    try:
        order, _evaluation = order_record(
            actor=user,
            customer=customer,
            lines=lines,
            delivery_country=first["delivery_country"].upper(),
            payment_method=_choice(first["payment_method"], PaymentMethod.values, "account")
            or "account",
            channel=Channel.API,
            payer_name=first["payer"][:200],
            outcome=_choice(first["outcome"], OrderOutcome.values, "pending") or "pending",
            reference=first["reference"][:80],
            ordered_at=_when(first["ordered_at"]),
        )
    except ValidationError as error:
        return _error("refused", detail=" ".join(error.messages)[:200])
    return order


def _fail(order_import: OrderImport, problem: dict[str, Any]) -> OrderImport:
    return write_update(order_import, actor=SYSTEM, values={"status": "failed", "problem": problem})

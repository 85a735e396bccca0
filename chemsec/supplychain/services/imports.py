"""Orders from an ERP export (CSV, TSV or XLSX), read as a background job.

Every row of the file is kept (`OrderImportRow`) with its line number: it either became (a
line of) an order, or says why not, as error codes with parameters (rendered in the
reader's language by `presenters.import_error_text`). Rows that share an order reference
are one order; if any of them is wrong, none of them is recorded (no partial orders), and
the others say so. Customers are found by registration number or legal name among those
the uploading person may record orders for; products by code in the supplier's catalogue.

The file is streamed, never held in memory, so an import of a million rows runs in the same
memory as one of ten (chemsec/supplychain/services/import_stream.py): a first pass counts
the rows of each reference (in a temporary SQLite file beside the job, not in memory), the
second records the orders in chunks, each chunk one short transaction that writes its
orders, its rows and the import's counts together (one audit entry per chunk). Between
chunks the job reports its progress and stops there if someone cancelled it (the import is
then "cancelled", with what was done kept). A job run again (a worker that died, a retry)
resumes: the rows already written are skipped, each row has exactly one outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from chemsec.core.choices import Confidentiality
from chemsec.core.limits import DATE_MAX, DATE_MIN, number_problem
from chemsec.core.models import Organisation, User
from chemsec.core.policy import SYSTEM, Actor, require
from chemsec.core.uploads import TABULAR, check_upload
from chemsec.core.writes import write_create, write_update
from chemsec.lib.tabular import TabularError, TabularRow
from chemsec.supplychain.choices import Channel, OrderOutcome, PaymentMethod
from chemsec.supplychain.countries import Countries
from chemsec.supplychain.models import (
    Customer,
    OrderImport,
    OrderImportRow,
    OrderLine,
    Product,
    folded,
)
from chemsec.supplychain.order_batch import Links, OrderInput, Windows, orders_record
from chemsec.supplychain.payment_links import LAST, account_valid, normalise
from chemsec.supplychain.services.import_stream import (
    FileChanged,
    Group,
    GroupedRows,
    MissingColumns,
    groups_of,
)
from chemsec.supplychain.services.orders import LineInput, order_record
from chemsec.supplychain.units import PACK, line_unit

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
    # An IBAN, card number or card fingerprint: kept only as a keyed digest and its last
    # characters (payment_links.py), to link customers paying from the same account.
    "payment_account": ("payment account", "iban", "account number", "card fingerprint"),
    "payer": ("payer", "paid by"),
    "outcome": ("outcome", "status"),
    # Who receives the goods and who declares the end use, when not the customer: screened
    # against the denied-party lists as the order is recorded, like the customer.
    "consignee_name": ("consignee", "consignee name", "ship to name"),
    "consignee_country": ("consignee country",),
    "end_user_name": ("end user", "end user name", "declared end user"),
    "end_user_country": ("end user country",),
}
PARTY_NAME_MAX = 200  # Order.consignee_name, Order.end_user_name, Order.payer_name
# Cells longer than the order keeps are refused (as the API refuses them), never cut.
LONGEST = {
    "reference": 80,
    "payer": PARTY_NAME_MAX,
    "consignee_name": PARTY_NAME_MAX,
    "end_user_name": PARTY_NAME_MAX,
    "unit": 12,  # OrderLine.unit
}
# The cells of the order itself, not of one line: every row of an order must say the same
# (a later row naming another consignee would otherwise never be screened).
ORDER_CELLS = (
    "customer",
    "ordered_at",
    "delivery_country",
    "payment_method",
    "payment_account",
    "payer",
    "outcome",
    "consignee_name",
    "consignee_country",
    "end_user_name",
    "end_user_country",
)
# Keys per customer query: the keys are sent twice (number, name), and twice again when the
# visibility rule wraps the keyed rows, with the rule's own few: under 900 parameters.
LOOKUP_KEYS = 200
# Rows per transaction: orders, rows and counts written together. The batch path asks the
# policy and reads the facts once per customer of a chunk: 2,000 rows of an ERP export of
# 2,000 customers name about 1,260 of them, 500 rows about 440 (0.63 checks an order
# against 0.88; docs/benchmarks.md, import throughput, 2026-12-07 afternoon).
CHUNK_ROWS = 2000
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
    """The cell as a quantity an order line keeps, else None: a finite number above zero,
    not a denormal (5e-324), within the digits and decimals of `OrderLine.quantity` (1e309
    is finite as a Decimal but no line holds it)."""
    try:
        value = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or number_problem(value) is not None:
        return None
    try:
        for validator in OrderLine._meta.get_field("quantity").validators:
            validator(value)
    except ValidationError:
        return None
    return value


def _date_problem(text: str) -> dict[str, Any] | None:
    """Why the order date cell is refused (a row error), else None: not a date at all
    (`bad_date`, 2026-13-45 too), or a date outside the domain's limits
    (`implausible_date`: chemsec.core.limits.DATE_MIN to DATE_MAX, so neither 0001, 1900
    nor 9999-12-31, whose time zone conversion overflows)."""
    value = text[:40]
    try:
        moment = _parsed(text)
    except (ValueError, OverflowError):
        return _error("bad_date", value=value)
    if moment is None:
        return _error("bad_date", value=value) if text else None
    if not DATE_MIN <= moment.date() <= DATE_MAX:
        return _error(
            "implausible_date", value=value, first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat()
        )
    return None


def _parsed(text: str) -> dt.datetime | None:
    """The cell as written (naive or with its offset); ValueError for an impossible one."""
    if not text:
        return None
    moment = parse_datetime(text)
    if moment is None:
        day = parse_date(text[:10])
        if day is None:
            return None
        moment = dt.datetime.combine(day, dt.time(12, 0))
    return moment


def _when(text: str) -> dt.datetime | None:
    """The order's moment (now when the cell is empty); None when `_date_problem` refuses
    the cell."""
    if not text:
        return timezone.now()
    if _date_problem(text) is not None:
        return None
    moment = _parsed(text)
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _choice(text: str, values: list[str], default: str) -> str | None:
    cleaned = text.strip().lower().replace(" ", "_")
    if not cleaned:
        return default
    return cleaned if cleaned in values else None


class _Lookup:
    """Customers (among those the user may record orders for) and products (the supplier's
    catalogue), found by the file's cells. Customers are read for a batch of rows at once:
    one query for every name or number not yet seen."""

    def __init__(self, user: Actor, organisation: Organisation) -> None:
        self.user = user
        self.organisation = organisation
        self.products = {
            p.code.lower(): p for p in Product.objects.filter(organisation=organisation)
        }
        self._cache: dict[str, Customer | None] = {}
        self.links = Links()  # the customers' linked customers, kept from chunk to chunk
        self.windows = Windows()  # and their orders within the rules' look-back
        self.countries = Countries()  # the installation's own codes, read once

    def load(self, texts: list[str]) -> None:
        """Look up every key not yet seen, `LOOKUP_KEYS` at a time (each query under 900
        parameters, SQLite's smallest limit), by the folded name or number that
        the model keeps (`Customer.name_key`, `number_key`): found in any case and script
        on SQLite too, whose LOWER() folds ASCII only."""
        wanted = sorted({folded(text) for text in texts if text.strip()} - set(self._cache))
        for start in range(0, len(wanted), LOOKUP_KEYS):
            keys = wanted[start : start + LOOKUP_KEYS]
            found = Customer.objects.filter(organisation=self.organisation).filter(
                Q(number_key__in=keys) | Q(name_key__in=keys)
            )
            if isinstance(self.user, User):  # the keyed rows first, then the visibility rule
                found = found.visible_to(self.user, "change")
            for customer in found:  # in the default order: the first match wins, as .first()
                customer.organisation = self.organisation  # the filter's: not read again
                for key in (customer.number_key, customer.name_key):
                    if key in keys:
                        self._cache.setdefault(key, customer)
            for key in keys:
                self._cache.setdefault(key, None)

    def customer(self, text: str) -> Customer | None:
        key = folded(text)
        if key not in self._cache:
            self.load([text])
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
    if date_problem := _date_problem(cells["ordered_at"]):
        errors.append(date_problem)
    if _choice(cells["payment_method"], PaymentMethod.values, PaymentMethod.ACCOUNT) is None:
        errors.append(_error("bad_payment", value=cells["payment_method"][:40]))
    if _choice(cells["outcome"], OrderOutcome.values, OrderOutcome.PENDING) is None:
        errors.append(_error("bad_outcome", value=cells["outcome"][:40]))
    if not account_valid(cells["payment_account"]):
        errors.append(_error("bad_payment_account"))  # the number itself is never echoed
    for name in ("delivery_country", "consignee_country", "end_user_country"):
        # Not only two letters: a code that names no country ("YY") would be taken for a
        # State Party by the CWC rules (countries.py).
        country = cells[name].strip()
        if country and not lookup.countries.known(country):
            errors.append(_error("bad_country", column=name, value=country[:40]))
    if line_unit(cells["unit"]) is None:  # a quantity counts packs (units.py)
        errors.append(_error("bad_unit", column="unit", value=cells["unit"][:40]))
    for name, longest in LONGEST.items():
        if len(cells[name]) > longest:
            errors.append(_error("too_long", column=name, max=longest, length=len(cells[name])))
    return errors


def _kept_cells(cells: dict[str, str]) -> dict[str, str]:
    """A row's cells as the import keeps them: a payment account only by its last
    characters, as the order keeps it (payment_links.py), never the whole number."""
    account = cells.get("payment_account", "")
    if not account:
        return cells
    return {**cells, "payment_account": "…" + normalise(account)[-LAST:]}


def _order_cell(name: str, text: str, lookup: _Lookup) -> str:
    """An order-level cell as compared between the rows of one order: a customer as the one
    it names (its number or its name), names in any case, codes in any case."""
    if name == "customer" and (customer := lookup.customer(text)) is not None:
        return str(customer.pk)
    if name in ("customer", "payer") or name.endswith("_name"):
        return folded(text)
    if name == "payment_account":
        return normalise(text)
    return text.strip().upper() if name.endswith("country") else text.strip().lower()


def _disagreeing(members: Group, lookup: _Lookup) -> list[str]:
    """The order-level cells on which the rows of one order differ."""
    return [
        name
        for name in ORDER_CELLS
        if len({_order_cell(name, cells[name], lookup) for _, cells in members}) > 1
    ]


def order_import_run(
    *,
    order_import: OrderImport,
    path: str,
    user: Actor,
    progress: ProgressFn | None = None,
    batch: bool = True,
) -> OrderImport:
    """Read the file, record each order, keep every row with its outcome, a chunk at a time
    (resuming after the rows an earlier run of this import wrote). A chunk's orders are
    recorded together (chemsec/supplychain/order_batch.py), or with `batch=False` one by
    one through `order_record` (the same decisions, alerts, cases and audit entries: the
    reference the batch is tested against, and the benchmark's baseline)."""
    from chemsec.core.jobs import JobCancelled

    try:
        groups = groups_of(path, header_hints=HEADER_HINTS, columns=COLUMNS, required=REQUIRED)
    except TabularError as exc:
        return _fail(order_import, _error("unreadable_file", detail=str(exc)[:200]))
    except MissingColumns as exc:
        return _fail(order_import, _error("missing_columns", columns=exc.columns))
    except Exception as exc:  # a file gone, a limit (FileTooLarge): failed, and why
        _fail(order_import, _error("import_failed", detail=f"{type(exc).__name__}: {exc}"[:200]))
        raise
    try:
        with groups:
            if groups.total == 0:  # a header and no rows: nothing to import, and said so
                return _fail(order_import, _error("no_rows"))
            lookup = _Lookup(user, order_import.organisation)
            order_import = _run_chunks(order_import, groups, lookup, user, progress, batch)
    except JobCancelled:
        order_import.refresh_from_db()
        write_update(order_import, actor=SYSTEM, values={"status": "cancelled"})
        raise
    except TabularError as exc:  # the file changed or broke between the two passes
        return _fail(order_import, _error("unreadable_file", detail=str(exc)[:200]))
    except FileChanged as exc:  # rows the first pass did not count: the file was rewritten
        return _fail(order_import, _error("file_changed", line=exc.line))
    except Exception as exc:  # never "queued" or "running" for ever: failed, and why
        order_import.refresh_from_db()
        detail = f"{type(exc).__name__}: {exc}"[:200]
        _fail(order_import, _error("import_failed", detail=detail))
        raise  # the job fails too, with the same reason
    values: dict[str, Any] = {"status": "done", "problem": {}}  # a rerun's earlier failure
    if groups.encoding == "cp1252":  # not UTF-8: read as Windows-1252, and said so
        values["problem"] = _error("encoding_assumed", encoding="Windows-1252")
    return write_update(order_import, actor=SYSTEM, values=values)


def _run_chunks(
    order_import: OrderImport,
    groups: GroupedRows,
    lookup: _Lookup,
    user: Actor,
    progress: ProgressFn | None,
    batch: bool,
) -> OrderImport:
    resuming = order_import.row_count > 0  # rows are written with the counts

    def done(lines: list[int]) -> set[int]:
        return set(order_import.rows.filter(line__in=lines).values_list("line", flat=True))

    chunk: list[Group] = []
    for group in groups.read(
        done=done if resuming else None,
        before_batch=lambda cells: lookup.load([c["customer"] for c in cells]),
    ):
        chunk.append(group)
        if sum(len(members) for members in chunk) >= CHUNK_ROWS:
            order_import = _write_chunk(order_import, chunk, lookup, user, batch)
            chunk = []
            if progress is not None:  # between transactions: a cancel stops here
                progress(groups.percent(), f"{order_import.row_count}/{groups.total}")
    return _write_chunk(order_import, chunk, lookup, user, batch)


Checked = list[tuple[TabularRow, dict[str, str], list[dict[str, Any]]]]


@transaction.atomic
def _write_chunk(
    order_import: OrderImport, chunk: list[Group], lookup: _Lookup, user: Actor, batch: bool
) -> OrderImport:
    """Record the chunk's orders and keep its rows, with the import's counts, in one
    transaction: all of it is written, or none (and a rerun does it again)."""
    groups: list[Checked] = []
    for members in chunk:
        checked = [(row, cells, _check(row, cells, lookup)) for row, cells in members]
        if differ := _disagreeing(members, lookup):  # refused: neither row's values are chosen
            refusal = _error("order_cells_differ", columns=differ)
            checked = [(r, c, [*errors, refusal]) for r, c, errors in checked]
        groups.append(checked)
    ready = [checked for checked in groups if not any(errors for _, _, errors in checked)]
    if batch:
        outcomes = iter(_record_batch(ready, lookup, user))
    else:
        outcomes = iter([_record(checked, lookup, user) for checked in ready])
    kept: list[OrderImportRow] = []
    orders = 0
    for checked in groups:
        order = None
        if not any(errors for _, _, errors in checked):
            order = next(outcomes)
            if isinstance(order, dict):
                checked = [(r, c, [order]) for r, c, _ in checked]
                order = None
            else:
                orders += 1
        elif len(checked) > 1:
            checked = [(r, c, errors or [_error("order_has_errors")]) for r, c, errors in checked]
        kept += [
            OrderImportRow(
                order_import=order_import,
                line=row.line,
                cells=_kept_cells(cells),
                errors=errors,
                order=order,
            )
            for row, cells, errors in checked
        ]
    # The chunk's rows at once: the import is audited as one update of its counts below.
    OrderImportRow.objects.bulk_create(kept, batch_size=500)
    values = {
        "status": "running",
        "row_count": order_import.row_count + len(kept),
        "order_count": order_import.order_count + orders,
        "error_count": order_import.error_count + sum(1 for row in kept if row.errors),
    }
    return write_update(order_import, actor=SYSTEM, values=values)


def _input(members: Checked, lookup: _Lookup) -> OrderInput:
    """The order the rows make, as `order_record`'s arguments."""
    first = members[0][1]
    customer = lookup.customer(first["customer"])
    assert customer is not None  # checked
    lines = [
        LineInput(
            product=lookup.products[cells["product"].lower()],
            quantity=_quantity(cells["quantity"]) or Decimal(0),
            unit=line_unit(cells["unit"]) or PACK,  # checked: pack or none
        )
        for _, cells, _ in members
    ]
    return OrderInput(
        customer=customer,
        lines=lines,
        delivery_country=first["delivery_country"].strip().upper(),
        payment_method=_choice(first["payment_method"], PaymentMethod.values, "account")
        or "account",
        channel=Channel.API,
        payment_account=first["payment_account"],
        payer_name=first["payer"],  # every row says the same (_disagreeing), none too long
        consignee_name=first["consignee_name"],
        consignee_country=first["consignee_country"].strip().upper(),
        end_user_name=first["end_user_name"],
        end_user_country=first["end_user_country"].strip().upper(),
        outcome=_choice(first["outcome"], OrderOutcome.values, "pending") or "pending",
        reference=first["reference"],
        ordered_at=_when(first["ordered_at"]),
    )


def _refusal(error: Exception) -> dict[str, Any]:
    """Why an order was refused, as its rows say it."""
    if isinstance(error, ValidationError):
        return _error("refused", detail=" ".join(error.messages)[:200])
    return _error("refused", detail=f"{type(error).__name__}: {error}"[:200])


def _record(members: Checked, lookup: _Lookup, user: Actor) -> Any:
    """One order through `order_record`: the order, or the error its rows keep."""
    try:
        item = _input(members, lookup)
        with transaction.atomic():  # a database refusal undoes this order, not the chunk
            order, _evaluation = order_record(
                actor=user,
                customer=item.customer,
                lines=item.lines,
                delivery_country=item.delivery_country,
                payment_method=item.payment_method,
                payment_account=item.payment_account,
                channel=item.channel,
                payer_name=item.payer_name,
                consignee_name=item.consignee_name,
                consignee_country=item.consignee_country,
                end_user_name=item.end_user_name,
                end_user_country=item.end_user_country,
                outcome=item.outcome,
                reference=item.reference,
                ordered_at=item.ordered_at,
            )
    except (ValidationError, DatabaseError, ValueError, OverflowError) as error:
        return _refusal(error)  # this order only, with why
    return order


def _record_batch(ready: list[Checked], lookup: _Lookup, user: Actor) -> list[Any]:
    """The chunk's orders recorded together (chemsec/supplychain/order_batch.py): for each,
    the order or the error its rows keep. When the database refuses the chunk's writes,
    they are undone and the chunk is recorded order by order, so that the refusal stops
    its order only, as it would have."""
    items: list[OrderInput | dict[str, Any]] = []
    for members in ready:
        try:
            items.append(_input(members, lookup))
        except (ValueError, OverflowError) as error:
            items.append(_refusal(error))
    wanted = [item for item in items if isinstance(item, OrderInput)]
    try:
        with transaction.atomic():
            recorded = iter(
                orders_record(actor=user, items=wanted, links=lookup.links, windows=lookup.windows)
            )
    except (ValidationError, DatabaseError, ValueError, OverflowError):
        return [_record(members, lookup, user) for members in ready]
    outcomes: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            outcomes.append(item)
            continue
        result = next(recorded)
        outcomes.append(_refusal(result) if isinstance(result, Exception) else result[0])
    return outcomes


def _fail(order_import: OrderImport, problem: dict[str, Any]) -> OrderImport:
    return write_update(order_import, actor=SYSTEM, values={"status": "failed", "problem": problem})


def order_imports_fail_stale() -> int:
    """Fail the imports left "queued" or "running" whose job will not finish them: the job
    failed or was cancelled before the import could say so (a job cancelled before it
    started, a worker killed after its last attempt), or ended without finishing it; or no
    job at all, older than STALE_IMPORT_MINUTES. An import whose job is queued or running is
    left to it. Returns how many were failed."""
    from chemsec.core.jobs import unfinished_reason
    from chemsec.core.models import Job

    pending = list(OrderImport.objects.filter(status__in=("queued", "running")))
    jobs = {
        str(job.params.get("import")): job
        for job in Job.objects.filter(
            kind=IMPORT_KIND, params__import__in=[str(item.pk) for item in pending]
        )
    }
    failed = 0
    for item in pending:
        detail = unfinished_reason(jobs.get(str(item.pk)), item.created_at, "the import")
        if detail is None:
            continue
        _fail(item, _error("import_failed", detail=detail[:200]))
        failed += 1
    return failed

"""Stock reconciliation: a facility's movements, precisions, files and balances follow the
facility (read with "stock.view" = who sees the site, written with "stock.record" = who
changes it); the alert rule is the acting organisation's admins'."""

from __future__ import annotations

from typing import Any

from tests.contract.expectations import (
    ADMIN,
    FACILITY_SEEN,
    NOT_A_LIST,
    ONLY_OWNER,
    obj,
    op,
    page,
)

SITE = ONLY_OWNER | {"view": FACILITY_SEEN}
ACCESS = {"stock_run": SITE, "stock_batch": SITE, "stock_balance": SITE}
OBJECT_PARAMS = {"run_id": "stock_run", "batch_id": "stock_batch", "balance_id": "stock_balance"}

SEE = obj("facility_id")
RECORD = obj("facility_id", "change")
PAGES = {
    "stock:settings": page(ADMIN, ADMIN),
    # The site's stock page (its recent movements are capped at 50, no query per row).
    "stock:index": page(SEE, list_rows=NOT_A_LIST),
    "stock:movement_add": page(post=RECORD),
    "stock:precision": page(post=RECORD),
    "stock:import": page(post=RECORD),
    "stock:reconcile": page(post=RECORD),
    "stock:run": page(SEE),
    "stock:batch": page(SEE),
    "stock:balance": page(SEE),
    "stock:chart": page(SEE),
    "stock:incident": page(post=RECORD),
}
OPERATIONS = {
    "stock_movements": op(SEE),
    "stock_movement_add": op(RECORD),
    "stock_precisions": op(SEE),
    "stock_precision_set": op(RECORD),
    "stock_import": op(RECORD),
    "stock_reconcile": op(RECORD),
    "stock_run": op(SEE),
    "stock_balance": op(SEE),
    "stock_balance_incident": op(RECORD),
}


def build(world: Any) -> None:
    """A file of movements and a reconciliation with an alert on Alpha's restricted site."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from chemsec.stock.services import movement_record, movements_import_start, reconcile

    facility, owner = world.objects["facility"], world.users["owner"]
    body = b"date,cas,kind,quantity,unit\n2026-01-05,7782-50-5,receipt,100,kg\nbad,,,,\n"
    world.objects["stock_batch"], _job = movements_import_start(
        facility=facility, actor=owner,
        upload=SimpleUploadedFile("movements.csv", body, content_type="text/csv"),
    )  # fmt: skip
    movement_record(
        facility=facility, actor=owner, chemical_key="7782-50-5", kind="consumption",
        quantity_kg=40, occurred_on=date(2026, 1, 9),
    )  # fmt: skip
    run = reconcile(
        facility=facility, actor=owner, start=date(2026, 1, 1), end=date(2026, 1, 31),
        stated={"7782-50-5": (500, 520)},
    )  # fmt: skip
    world.objects["stock_run"] = run
    world.objects["stock_balance"] = run.balances.get()

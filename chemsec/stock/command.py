"""``chemsec stock``: movements from a stock system's export, and a reconciliation run, from
the command line (a nightly job of a site's own scheduler, say).

    chemsec stock import --facility ID FILE
    chemsec stock reconcile --facility ID --from 2025-01-01 --to 2025-12-31 \
        --opening SNAPSHOT_ID --closing SNAPSHOT_ID [--format table|json]

Both act as the system (recorded so in the audit trail), through the same services as the
pages. `import` exits 0 when every row was read, 1 when some rows were rejected (kept, with
their reasons, on the batch's page), 2 when the file was refused. `reconcile` exits 0 when
no chemical is unaccounted for beyond the organisation's rule, 1 when one is (an alert), 2
when the input is refused.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any


def register(subparsers: Any) -> None:
    stock = subparsers.add_parser("stock", help="stock movements and reconciliation (MUF)")
    actions = stock.add_subparsers(dest="stock_command", metavar="ACTION", required=True)
    load = actions.add_parser("import", help="import a CSV/XLSX file of movements")
    load.add_argument("--facility", required=True, help="the facility's id")
    load.add_argument("file")
    load.set_defaults(handler=run_import)
    run = actions.add_parser("reconcile", help="balance every chemical of interest over a period")
    run.add_argument("--facility", required=True, help="the facility's id")
    run.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    run.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
    run.add_argument("--opening", required=True, help="the opening inventory snapshot's id")
    run.add_argument("--closing", required=True, help="the closing inventory snapshot's id")
    run.add_argument("--format", choices=["table", "json"], default="table")
    run.set_defaults(handler=run_reconcile)


def _facility(identifier: str) -> Any:
    from chemsec.facilities.models import Facility

    return Facility.objects.get(pk=identifier)


def run_import(args: argparse.Namespace) -> int:
    from chemsec.core.commands import django_setup

    django_setup()
    from django.core.exceptions import ValidationError

    from chemsec.core.policy import SYSTEM
    from chemsec.stock.services import movements_import_local

    try:
        batch = movements_import_local(facility=_facility(args.facility), actor=SYSTEM,
                                       path=args.file)  # fmt: skip
    except ValidationError as error:
        print(" ".join(error.messages))
        return 2
    print(f"{batch.row_count} row(s) read, {batch.error_count} with errors ({batch.status})")
    if batch.status != "done":
        return 2
    return 1 if batch.error_count else 0  # rejected rows are kept: see them on the page


def _row(balance: Any) -> dict[str, Any]:
    return {
        "chemical": balance.chemical_key,
        "name": balance.chemical_name,
        "opening_kg": balance.opening_kg,
        "in_kg": balance.in_kg,
        "out_kg": balance.out_kg,
        "closing_kg": balance.closing_kg,
        "muf_kg": balance.muf_kg,
        "sigma_kg": balance.sigma_kg,
        "alert": balance.alert,
        "reasons": balance.reasons,
    }


def run_reconcile(args: argparse.Namespace) -> int:
    from chemsec.core.commands import django_setup

    django_setup()
    from django.core.exceptions import ValidationError

    from chemsec.core.policy import SYSTEM
    from chemsec.facilities.models import InventorySnapshot
    from chemsec.stock.services import reconcile

    facility = _facility(args.facility)
    try:
        run = reconcile(
            facility=facility, actor=SYSTEM, start=args.start, end=args.end,
            opening_snapshot=InventorySnapshot.objects.get(pk=args.opening),
            closing_snapshot=InventorySnapshot.objects.get(pk=args.closing),
        )  # fmt: skip
    except (ValidationError, InventorySnapshot.DoesNotExist) as error:
        print(" ".join(getattr(error, "messages", [str(error)])))
        return 2
    rows = [_row(b) for b in run.balances.order_by("chemical_key")]
    if args.format == "json":
        period = {"from": str(args.start), "to": str(args.end)}
        body = {"facility": facility.name, **period, "k": run.k, "balances": rows}
        print(json.dumps(body, indent=2))
    else:
        for row in rows:
            flag = "ALERT" if row["alert"] else "ok"
            print(f"{row['chemical']:>14}  MUF {row['muf_kg']:10.3f} kg  "
                  f"sigma {row['sigma_kg']:8.3f} kg  {flag}")  # fmt: skip
        print(f"{run.chemical_count} chemical(s), {run.alert_count} alert(s)")
    return 1 if run.alert_count else 0

"""Stock reconciliation of one facility: 5,000 chemicals and 1,000,000 movements.

    .venv/bin/python benchmarks/reconciliation.py                       # SQLite and PostgreSQL
    .venv/bin/python benchmarks/reconciliation.py --db sqlite --chemicals 500 --movements 100000

What is timed is `chemsec.stock.services.reconcile` over one year: opening and closing from
two inventory snapshots of 5,000 chemicals of interest each (5,000 items per snapshot), the
movements aggregated by the database (one GROUP BY chemical and kind: COUNT, SUM(q),
SUM(q*q)), a balance per chemical with its sigma, the balances written (bulk) and the run
audited once. The data are generated in one process; the reconciliation runs in a second
process on the same database, whose peak resident memory (ru_maxrss) is reported, so that
the generation does not count. 1 % of the chemicals lose 5 % of their closing stock; the
script checks that exactly those raise an alert.

SQLite uses a file in a temporary folder; PostgreSQL a database `bench_reconciliation` on
127.0.0.1:5432 (user postgres, trust authentication), created and dropped by this script.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_NAME = "bench_reconciliation"
PG_BENCH = f"postgresql://postgres@127.0.0.1:5432/{PG_NAME}"
START, END = date(2025, 1, 1), date(2025, 12, 31)
KINDS = ["receipt", "receipt", "transfer_in", "consumption", "transfer_out", "waste_out"]
SIGN = {"receipt": 1, "transfer_in": 1, "consumption": -1, "transfer_out": -1, "waste_out": -1}


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemsec.settings")
    django.setup()


def key(i: int) -> str:
    return f"{1000 + i}-{i % 90 + 10:02d}-{i % 10}"  # CAS-shaped, distinct


def generate(chemicals: int, movements: int) -> dict:
    _setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from chemsec.core.choices import OrganisationKind
    from chemsec.core.policy import SYSTEM
    from chemsec.core.services import organisation_create
    from chemsec.core.writes import write_create
    from chemsec.facilities.models import InventoryItem, InventorySnapshot, SnapshotStatus
    from chemsec.facilities.services import facility_create
    from chemsec.stock.models import Movement
    from chemsec.stock.services import precision_set

    call_command("migrate", verbosity=0, skip_checks=True)
    started = time.perf_counter()
    rng = random.Random(14)
    org = organisation_create(name="Bench", kind=OrganisationKind.FACILITY_OPERATOR, actor=SYSTEM)
    facility = facility_create(
        organisation=org, name="Bench site", actor=SYSTEM, facility_type="storage", country="XA"
    )
    for kind, absolute, relative in [
        ("receipt", 0, 0.5), ("consumption", 0.1, 1), ("transfer_in", 0, 0.5),
        ("transfer_out", 0, 0.5), ("waste_out", 0.5, 2), ("inventory", 1, 0.5),
    ]:  # fmt: skip
        precision_set(
            facility=facility, actor=SYSTEM, kind=kind, absolute_kg=absolute,
            relative_percent=relative,
        )  # fmt: skip
    opening = [rng.uniform(2000, 10000) for _ in range(chemicals)]
    net = [0.0] * chemicals
    days = (END - START).days
    batch: list[Movement] = []
    with transaction.atomic():
        for n in range(movements):
            i = n % chemicals
            kind = rng.choice(KINDS)
            q = rng.uniform(1, 50)
            net[i] += SIGN[kind] * q
            batch.append(
                Movement(
                    facility=facility,
                    chemical_key=key(i),
                    kind=kind,
                    quantity_kg=q,
                    occurred_on=START + timedelta(days=rng.randrange(days + 1)),
                )
            )
            if len(batch) == 20_000:
                Movement.objects.bulk_create(batch)
                batch = []
        Movement.objects.bulk_create(batch)
    lost = set(rng.sample(range(chemicals), max(1, chemicals // 100)))
    closing = [(opening[i] + net[i]) * (0.95 if i in lost else 1.0) for i in range(chemicals)]
    snapshots = []
    for label, values in (("opening", opening), ("closing", closing)):
        with transaction.atomic():
            snapshot = write_create(
                InventorySnapshot(
                    facility=facility, label=label, status=SnapshotStatus.DONE,
                    row_count=chemicals,
                    chemicals=[{"key": key(i), "name": f"Chemical {i}"} for i in range(chemicals)],
                ),
                actor=SYSTEM,
            )  # fmt: skip
            InventoryItem.objects.bulk_create(
                [
                    InventoryItem(
                        snapshot=snapshot,
                        line=i + 2,
                        identifier=key(i),
                        cas=key(i),
                        name=f"Chemical {i}",
                        quantity_kg=max(values[i], 0.0),
                        concentration_percent=None,
                    )
                    for i in range(chemicals)
                ],
                batch_size=5000,
            )
        snapshots.append(str(snapshot.pk))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    # Closings below zero were clipped to 0 kg: those chemicals show a gain, not a loss.
    clipped = sum(1 for i in range(chemicals) if opening[i] + net[i] < 0)
    return {
        "facility": str(facility.pk),
        "snapshots": snapshots,
        "lost": sorted(key(i) for i in lost),
        "clipped": clipped,
        "generate_s": time.perf_counter() - started,
    }


def reconcile(facility_id: str, snapshots: list[str]) -> dict:
    _setup()
    from django.db import connection

    from chemsec.core.policy import SYSTEM
    from chemsec.facilities.models import Facility, InventorySnapshot
    from chemsec.stock.services import reconcile as run_reconcile

    facility = Facility.objects.get(pk=facility_id)
    opening, closing = (InventorySnapshot.objects.get(pk=pk) for pk in snapshots)
    started = time.perf_counter()
    cpu = time.process_time()
    run = run_reconcile(
        facility=facility, actor=SYSTEM, start=START, end=END,
        opening_snapshot=opening, closing_snapshot=closing,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    alerts = sorted(run.balances.filter(alert=True).values_list("chemical_key", flat=True))
    return {
        "database": connection.vendor,
        "chemicals": run.chemical_count,
        "movements": facility_movements(facility),
        "reconcile_s": seconds,
        "reconcile_cpu_s": cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "alerts": alerts,
    }


def facility_movements(facility: object) -> int:
    from chemsec.stock.models import Movement

    return Movement.objects.filter(facility=facility).count()


def child(args: argparse.Namespace) -> None:
    if args.child == "generate":
        result = generate(args.chemicals, args.movements)
    else:
        result = reconcile(args.facility, args.snapshots.split(","))
    print("RESULT " + json.dumps(result))


def run_child(env: dict[str, str], extra: list[str]) -> dict:
    command = [sys.executable, __file__, *extra]
    done = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(lines[-1][7:])


def run_both(env: dict[str, str], args: argparse.Namespace) -> dict:
    size = ["--chemicals", str(args.chemicals), "--movements", str(args.movements)]
    made = run_child(env, ["--child", "generate", *size])
    result = run_child(env, [
        "--child", "reconcile", "--facility", made["facility"],
        "--snapshots", ",".join(made["snapshots"]),
    ])  # fmt: skip
    expected = set(made["lost"])
    found = set(result.pop("alerts"))
    result["generate_s"] = made["generate_s"]
    result["alerts"] = len(found)
    result["losses_found"] = f"{len(expected & found)} of {len(expected)}"
    result["other_alerts"] = len(found - expected)
    result["clipped"] = made["clipped"]
    return result


def run_sqlite(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = {"CHEMSEC_DATA_DIR": folder, "CHEMSEC_SQLITE_PATH": f"{folder}/bench.sqlite3"}
        env["DATABASE_URL"] = ""
        return run_both(env, args)


def run_postgres(args: argparse.Namespace) -> dict:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        admin.execute(f"CREATE DATABASE {PG_NAME}")
    try:
        with tempfile.TemporaryDirectory() as folder:
            return run_both({"CHEMSEC_DATA_DIR": folder, "DATABASE_URL": PG_BENCH}, args)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")


def report(results: list[dict]) -> str:
    rows = [
        "| database | chemicals | movements | reconcile, wall (s) | this process's CPU (s) | "
        "peak memory (MB) | alerts | losses found | other alerts |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows.append(
            f"| {r['database']} | {r['chemicals']:,} | {r['movements']:,} | "
            f"{r['reconcile_s']:.1f} | {r['reconcile_cpu_s']:.1f} | "
            f"{r['peak_rss_mb']:.0f} | {r['alerts']} | "
            f"{r['losses_found']} | {r['other_alerts']} |"
        )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    machine = (
        f"load average {load} at the end, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )
    return "\n".join([f"Machine: {machine}.", "", *rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--chemicals", type=int, default=5_000)
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--child", choices=["generate", "reconcile"], help=argparse.SUPPRESS)
    parser.add_argument("--facility", help=argparse.SUPPRESS)
    parser.add_argument("--snapshots", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    results = []
    if args.db in {"sqlite", "both"}:
        results.append(run_sqlite(args))
    if args.db in {"postgres", "both"}:
        results.append(run_postgres(args))
    print(report(results))
    for r in results:
        print(f"{r['database']}: generation {r['generate_s']:.0f} s; "
              f"{r['clipped']} closings clipped at 0 kg")  # fmt: skip


if __name__ == "__main__":
    main()

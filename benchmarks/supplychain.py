"""Supply chain: the order decision through the API, and the order import's throughput.

    .venv/bin/python benchmarks/supplychain.py decision      # 10,000 customers, 100,000 orders
    .venv/bin/python benchmarks/supplychain.py decision --customers 1000 --orders 10000
    .venv/bin/python benchmarks/supplychain.py import --orders 10000
    .venv/bin/python benchmarks/supplychain.py import --orders 10000 --compare  # both paths
    .venv/bin/python benchmarks/supplychain.py decision --db postgres
    .venv/bin/python benchmarks/supplychain.py decision --compare-memberships   # kept or not
    .venv/bin/python benchmarks/supplychain.py decision --compare-checks   # one query or two
    .venv/bin/python benchmarks/supplychain.py decision --compare-peers    # peers read, new/old

`decision`: `POST /api/v1/orders` with a bearer token, through Django's whole request stack
(middleware, authentication, the policy, the schema, the service with every rule evaluated,
the audited writes, the JSON answer) by Django's test client, with N customers and M orders
already in the database (bulk-written: customers with an identity record, one line per
order, spread over the last year). Each POST is paired with a `GET /api/v1/me` (the trivial
baseline: authentication and one small answer) measured in the same loop, so that the load
of the machine weighs on both alike; the ratio is the steadier figure. The database queries
of one POST are counted too. With `--compare-memberships`, each round times a POST with the
request's memberships kept (chemsec/core/policy.py) and one without, each after its own
`GET /me`: the code before and after, in the same loop. `--compare-checks` does the same
for the customer's policy check in one query and the audited write's known objects
(`POST /orders` as shipped, and with both replaced by what they replaced).
`--compare-peers` does the same for the declared trade's peers read (trade_peers.py: the
lines' own copies of their order's time and customer, one index range per product) and
the read it replaced (the lines joined to their orders), and times that read alone both
ways for random customers and one or two listed products, checking they give the same rows.

`import`: an ERP export of N orders (CSV, one line per order, a few with errors) read by
`order_import_start` as the portal's upload does, with the job run in the same process
(eager jobs): the file checked, stored, parsed, every order recorded and evaluated, every
row kept. It runs in a child process whose peak resident memory (ru_maxrss) is reported,
so that the data's generation does not count. The job records a chunk's orders together
(chemsec/supplychain/order_batch.py); `--path per-order` records them one by one through
`order_record` as it did before, and `--compare` runs both, each in a fresh database.

SQLite uses a fresh file in a temporary folder (the tables made from the models, as
`chemsec supplychain evaluate` does); PostgreSQL a database `bench_supplychain` on
127.0.0.1:5432 (user postgres, trust authentication), created and dropped by this script.
Results are printed as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
# Another name in CHEMSEC_BENCH_PG_DATABASE lets two runs share the server without one
# dropping the other's database.
PG_NAME = os.environ.get("CHEMSEC_BENCH_PG_DATABASE", "bench_supplychain")
PG_BENCH = f"postgresql://postgres@127.0.0.1:5432/{PG_NAME}"
ORG_SLUG = "bench-supplier"
USERNAME = "bench-officer"
PAYMENTS = ["account", "account", "account", "card", "bank_transfer"]


@contextmanager
def database(kind: str) -> Iterator[None]:
    """A fresh, empty database with the tables made from the models; Django set up on it."""
    if kind == "sqlite":
        from chemsec.supplychain.evaluation import temporary_database

        with temporary_database():
            yield
        return
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        admin.execute(f"CREATE DATABASE {PG_NAME}")
    folder = tempfile.mkdtemp(prefix="chemsec-bench-")
    os.environ["CHEMSEC_DATA_DIR"] = folder
    # The settings read DATABASE_URL (chemsec/settings.py); until 2026-12-07 this set only
    # CHEMSEC_DATABASE_URL, so a "--db postgres" run without DATABASE_URL in the
    # environment ran on SQLite.
    os.environ["DATABASE_URL"] = PG_BENCH
    from chemsec.core.commands import django_setup

    django_setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", interactive=False, verbosity=0, run_syncdb=True)
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")


def build(customers: int, orders: int, seed: int) -> dict[str, Any]:
    """The supplier, its officer (with a token), the lists, the catalogue, then customers
    and orders bulk-written (the history the rules read; not what is measured)."""
    from django.db import transaction
    from django.utils import timezone

    from chemsec.core.choices import OrganisationKind, Role, TokenScope
    from chemsec.core.models import ApiToken, Membership, Organisation, User
    from chemsec.core.policy import SYSTEM
    from chemsec.core.writes import write_create
    from chemsec.lib.hashing import sha256_hex
    from chemsec.sanctions.services import list_import
    from chemsec.supplychain import generator
    from chemsec.supplychain.evaluation import SANCTIONS_FIXTURES
    from chemsec.supplychain.models import Customer, Order, OrderLine, VerificationRecord
    from chemsec.supplychain.services import product_create

    started = time.perf_counter()
    rng = random.Random(seed)
    organisation = write_create(
        Organisation(
            name="Bench supplier", slug=ORG_SLUG, kind=OrganisationKind.DISTRIBUTOR, country="DE"
        ),
        actor=SYSTEM,
    )
    officer = User.objects.create_user(username=USERNAME, password=None)
    Membership.objects.create(user=officer, organisation=organisation, role=Role.ADMIN)
    secret = "cs_benchtok_" + "x" * 40
    ApiToken.objects.create(
        user=officer, name="bench", prefix="benchtok", key_hash=sha256_hex(secret),
        scope=TokenScope.WRITE,
    )  # fmt: skip
    fixtures = ROOT / "chemsec" / "sanctions" / "fixtures"
    for name in SANCTIONS_FIXTURES:
        list_import(
            actor=SYSTEM, organisation=organisation, data=(fixtures / name).read_bytes(),
            file_name=name, rescreen=False,
        )  # fmt: skip
    specs = generator.generate(seed, 500).products
    products = [
        product_create(
            actor=officer,
            organisation=organisation,
            code=spec.code,
            name=spec.name,
            pack_size=spec.pack_size,
            components=[{"cas": c, "concentration": p, "name": n} for c, p, n in spec.components],
        )
        for spec in specs
    ]
    now = timezone.now()
    seen = (now - dt.timedelta(days=200)).date()
    kinds = ["professional"] * 7 + ["economic_operator"] * 2 + ["general_public"]
    with transaction.atomic():
        rows = [
            Customer(
                organisation=organisation,
                created_by=officer,
                legal_name=f"Customer {i} GmbH",
                registration_number=f"HRB{100000 + i}",
                country="DE",
                billing_address=f"{i} Industriestrasse, Berlin",
                delivery_address=f"{i} Industriestrasse, Berlin",
                customer_type=kinds[i % len(kinds)],
                declared_trade="cleaning",
                phone=f"+49 30 {1000000 + i}",
                confidentiality="restricted",
            )
            for i in range(customers)
        ]
        Customer.objects.bulk_create(rows, batch_size=2000)
        VerificationRecord.objects.bulk_create(
            [
                VerificationRecord(
                    customer=c,
                    kind="identity",
                    document_kind="identity_card",
                    number_last=f"{i % 10000:04d}",
                    checked_on=seen,
                    checked_by=officer,
                )
                for i, c in enumerate(rows)
            ],
            batch_size=2000,
        )
    for start in range(0, orders, 10_000):
        with transaction.atomic():
            batch = [
                Order(
                    organisation=organisation,
                    created_by=officer,
                    customer=rng.choice(rows),
                    reference=f"H{start + i}",
                    channel="api",
                    ordered_at=now - dt.timedelta(seconds=rng.randrange(365 * 86400)),
                    delivery_country="DE",
                    payment_method=rng.choice(PAYMENTS),
                    outcome="sold",
                    decision="allow",
                    confidentiality="restricted",
                )
                for i in range(min(10_000, orders - start))
            ]
            Order.objects.bulk_create(batch, batch_size=2000)
            OrderLine.objects.bulk_create(
                [
                    OrderLine(
                        order=o,
                        product=rng.choice(products),
                        quantity=Decimal(rng.choice([1, 1, 2, 2, 3, 5, 10])),
                    )
                    for o in batch
                ],
                batch_size=2000,
            )
    _analyze()
    return {
        "secret": secret,
        "customers": [str(c.pk) for c in rows],
        "products": [p.code for p in products],
        "build_seconds": round(time.perf_counter() - started, 1),
    }


def _vendor() -> str:
    from django.db import connection

    return str(connection.vendor)


def _analyze() -> None:
    """PostgreSQL: table statistics for the planner after the bulk writes, as autovacuum
    gives a production database (this server's may be off: without statistics the peers'
    query was planned at 3.6-11 s). SQLite is left as an installation leaves it (no
    ANALYZE is run there)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50_ms": round(cut[49] * 1000, 2),
        "p95_ms": round(cut[94] * 1000, 2),
        "p99_ms": round(cut[98] * 1000, 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def run_decision(args: argparse.Namespace) -> dict[str, Any]:
    with database(args.db):
        world = build(args.customers, args.orders, args.seed)
        from django.conf import settings
        from django.db import connection

        settings.DEBUG = False  # as served: no query log kept per request
        from django.test import Client

        rng = random.Random(args.seed + 1)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {world['secret']}", SERVER_NAME="localhost")

        def body() -> dict[str, Any]:
            count = rng.choice([1, 1, 1, 2])
            return {
                "customer_id": rng.choice(world["customers"]),
                "lines": [
                    {"product_code": code, "quantity": rng.choice([1, 2, 3, 5])}
                    for code in rng.sample(world["products"], count)
                ],
                "payment_method": rng.choice(PAYMENTS),
                "reference": f"B{rng.randrange(10**9)}",
            }

        def post() -> Any:
            return client.post("/api/v1/orders", body(), content_type="application/json")

        for _ in range(args.warmup):
            assert client.get("/api/v1/me").status_code == 200
            response = post()
            assert response.status_code == 201, response.content
        queries: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            post()
        if args.queries:
            for sql in queries:
                print(sql[:300], file=sys.stderr)
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.profile):
                post()
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(
                "chemsec|sqlite3|json|hashing", 70
            )
        if args.compare_checks:
            return {"benchmark": "decision-checks", "database": args.db,
                    "customers": args.customers, "orders_before": args.orders,
                    "requests": args.requests, "build_seconds": world["build_seconds"],
                    **_without_one_query_checks(client, body, args.requests),
                    **_machine()}  # fmt: skip
        if args.compare_peers:
            return {"benchmark": "decision-peers", "database": args.db, "vendor": _vendor(),
                    "customers": args.customers, "orders_before": args.orders,
                    "requests": args.requests, "build_seconds": world["build_seconds"],
                    **_peers_before_and_after(client, body, args.requests, rng),
                    **_machine()}  # fmt: skip
        if args.compare_memberships:
            return {"benchmark": "decision-memberships", "database": args.db,
                    "customers": args.customers, "orders_before": args.orders,
                    "requests": args.requests, "build_seconds": world["build_seconds"],
                    **_without_kept_memberships(client, body, args.requests),
                    **_machine()}  # fmt: skip
        baseline: list[float] = []
        decision: list[float] = []
        decisions: Counter[str] = Counter()
        load_before = os.getloadavg()
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get("/api/v1/me")
            baseline.append(time.perf_counter() - started)
            assert response.status_code == 200
            payload = body()
            started = time.perf_counter()
            response = client.post("/api/v1/orders", payload, content_type="application/json")
            decision.append(time.perf_counter() - started)
            assert response.status_code == 201, response.content
            decisions[response.json()["decision"]] += 1
        base, post_stats = _percentiles(baseline), _percentiles(decision)
        return {
            "benchmark": "decision",
            "database": args.db,
            "vendor": _vendor(),  # what actually ran, not what was asked
            "customers": args.customers,
            "orders_before": args.orders,
            "requests": args.requests,
            "build_seconds": world["build_seconds"],
            "queries_per_post": len(queries),
            "baseline_get_me": base,
            "post_orders": post_stats,
            "ratio_p50": round(post_stats["p50_ms"] / base["p50_ms"], 1),
            "ratio_p95": round(post_stats["p95_ms"] / base["p95_ms"], 1),
            "decisions": dict(decisions),
            "target_p95_ms": 50,
            "met": post_stats["p95_ms"] < 50,
            "load_average": [round(x, 1) for x in (*load_before, *os.getloadavg())],
            **_machine(),
        }


def _counter(seen: list[str]) -> Any:
    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    return count


def _without_kept_memberships(client: Any, body: Any, requests: int) -> dict[str, Any]:
    """POST /orders with the acting user's memberships kept for the request (as shipped)
    and without (every rule reads them from the database, as before they were kept), in
    the same loop, alternating which goes first, each with a GET /me before it: the
    machine's load weighs on both alike. Queries of one allowed POST each way are counted."""
    from django.db import connection

    from chemsec.core import policy

    kept = policy.keep_memberships

    def discard(user: Any, memberships: Any) -> None:
        return None

    times: dict[str, list[float]] = {"kept": [], "not_kept": [], "get_me": []}
    queries: dict[str, int] = {}
    load_before = os.getloadavg()
    for i in range(requests):
        for way in ("kept", "not_kept") if i % 2 == 0 else ("not_kept", "kept"):
            policy.keep_memberships = kept if way == "kept" else discard
            try:
                started = time.perf_counter()
                assert client.get("/api/v1/me").status_code == 200
                times["get_me"].append(time.perf_counter() - started)
                payload = body()
                seen: list[str] = []
                with connection.execute_wrapper(_counter(seen)):
                    started = time.perf_counter()
                    response = client.post(
                        "/api/v1/orders", payload, content_type="application/json"
                    )
                    times[way].append(time.perf_counter() - started)
                assert response.status_code == 201, response.content
                if response.json()["decision"] == "allow":  # a held order writes its case too
                    queries.setdefault(way, len(seen))
            finally:
                policy.keep_memberships = kept
    stats = {way: _percentiles(samples) for way, samples in times.items()}
    return {
        "post_orders_memberships_kept": stats["kept"],
        "post_orders_memberships_not_kept": stats["not_kept"],
        "baseline_get_me": stats["get_me"],
        "ratio_p50_kept": round(stats["kept"]["p50_ms"] / stats["get_me"]["p50_ms"], 1),
        "ratio_p50_not_kept": round(stats["not_kept"]["p50_ms"] / stats["get_me"]["p50_ms"], 1),
        "kept_over_not_kept_p50": round(stats["kept"]["p50_ms"] / stats["not_kept"]["p50_ms"], 3),
        "kept_over_not_kept_p95": round(stats["kept"]["p95_ms"] / stats["not_kept"]["p95_ms"], 3),
        "queries_per_post": queries,
        "load_average": [round(x, 1) for x in (*load_before, *os.getloadavg())],
    }


def _without_one_query_checks(client: Any, body: Any, requests: int) -> dict[str, Any]:
    """POST /orders as shipped ("new": the customer's two policy checks in one query,
    chemsec/core/policy.py `object_sees_and_may`; the audited write not asking again about
    the objects read for the order, chemsec/core/writes.py `known`, `new_keys`) and as
    before ("old": the two checks one after the other, and `full_clean` asking everything),
    in the same loop, alternating which goes first, each after its own GET /me. Queries of
    one allowed POST each way are counted."""
    from django.db import connection

    from chemsec.core import policy, writes

    shipped = (policy.object_sees_and_may, writes._clean)

    def two_checks(user: Any, target: Any, action: Any) -> tuple[bool, bool]:
        seen = policy.ObjectMay("view")(user, target)
        return seen, seen and policy.ObjectMay(action)(user, target)

    def ask_everything(obj: Any, known: Any, *, new_key: bool) -> None:
        obj.full_clean()

    times: dict[str, list[float]] = {"new": [], "old": [], "get_me": []}
    queries: dict[str, int] = {}
    load_before = os.getloadavg()
    for i in range(requests):
        for way in ("new", "old") if i % 2 == 0 else ("old", "new"):
            check, clean = shipped if way == "new" else (two_checks, ask_everything)
            policy.object_sees_and_may, writes._clean = check, clean
            try:
                started = time.perf_counter()
                assert client.get("/api/v1/me").status_code == 200
                times["get_me"].append(time.perf_counter() - started)
                payload = body()
                seen: list[str] = []
                with connection.execute_wrapper(_counter(seen)):
                    started = time.perf_counter()
                    response = client.post(
                        "/api/v1/orders", payload, content_type="application/json"
                    )
                    times[way].append(time.perf_counter() - started)
                assert response.status_code == 201, response.content
                # Counted on an allowed order of one line (a held one writes its case too).
                if response.json()["decision"] == "allow" and len(payload["lines"]) == 1:
                    queries.setdefault(way, len(seen))
            finally:
                policy.object_sees_and_may, writes._clean = shipped
    stats = {way: _percentiles(samples) for way, samples in times.items()}
    base = stats["get_me"]
    return {
        "post_orders_new": stats["new"],
        "post_orders_old": stats["old"],
        "baseline_get_me": base,
        "ratio_p50_new": round(stats["new"]["p50_ms"] / base["p50_ms"], 1),
        "ratio_p95_new": round(stats["new"]["p95_ms"] / base["p95_ms"], 1),
        "ratio_p50_old": round(stats["old"]["p50_ms"] / base["p50_ms"], 1),
        "ratio_p95_old": round(stats["old"]["p95_ms"] / base["p95_ms"], 1),
        "new_over_old_p50": round(stats["new"]["p50_ms"] / stats["old"]["p50_ms"], 3),
        "new_over_old_p95": round(stats["new"]["p95_ms"] / stats["old"]["p95_ms"], 3),
        "queries_per_post": queries,
        "load_average": [round(x, 1) for x in (*load_before, *os.getloadavg())],
    }


def _peer_rows_before(customer: Any, when: dt.datetime, codes: list[str]) -> list[Any]:
    """trade_peers.peer_rows as it was before the lines kept their order's time and customer
    (commit 0c265ab): the lines joined to their orders on PostgreSQL; on SQLite the
    products' ids first, then the supplier's orders of the window newest first."""
    from django.db import connection

    from chemsec.supplychain.history import HISTORY_DAYS
    from chemsec.supplychain.models import Order, OrderLine, Product
    from chemsec.supplychain.trade_peers import MAX_LINES

    since = when - dt.timedelta(days=HISTORY_DAYS)
    if connection.vendor != "sqlite":
        return list(
            OrderLine.objects.filter(
                order__organisation_id=customer.organisation_id,
                order__customer__organisation_id=customer.organisation_id,
                order__customer__trade_key=customer.trade_key,
                order__ordered_at__gte=since,
                order__ordered_at__lt=when,
                product__code__in=codes,
            )
            .exclude(order__customer_id=customer.pk)
            .order_by("-order__ordered_at")
            .values_list("product__code", "quantity", "order__customer_id")[:MAX_LINES]
        )
    products = dict(Product.objects.filter(code__in=codes).values_list("id", "code"))
    if not products:
        return []
    ids = list(products)
    rows = (
        Order.objects.filter(
            organisation_id=customer.organisation_id,
            ordered_at__gte=since,
            ordered_at__lt=when,
            id__in=OrderLine.objects.filter(product_id__in=ids).values("order_id"),
            customer__organisation_id=customer.organisation_id,
            customer__trade_key=customer.trade_key,
            lines__product_id__in=ids,
        )
        .exclude(customer_id=customer.pk)
        .order_by("-ordered_at")
        .values_list("lines__product_id", "lines__quantity", "customer_id")[:MAX_LINES]
    )
    return [(products[product], quantity, owner) for product, quantity, owner in rows]


def _peers_before_and_after(
    client: Any, body: Any, requests: int, rng: random.Random
) -> dict[str, Any]:
    """POST /orders with the trade peers' read as shipped ("new") and as before ("old",
    `_peer_rows_before`), in the same loop, alternating which goes first, each after its
    own GET /me; then the read alone, `requests` times each way, alternating, for a random
    customer, now, and one or two listed products (two one time in four, as the POSTs),
    counting the reads whose rows differ (as multisets: the old read did not order lines of
    one time, which do not occur here: one line per order, times in whole seconds over a
    year)."""
    from django.utils import timezone

    from chemsec.supplychain import trade_peers
    from chemsec.supplychain.models import Customer, Product

    shipped = trade_peers.peer_rows
    times: dict[str, list[float]] = {"new": [], "old": [], "get_me": []}
    load_before = os.getloadavg()
    for i in range(requests):
        for way in ("new", "old") if i % 2 == 0 else ("old", "new"):
            trade_peers.peer_rows = shipped if way == "new" else _peer_rows_before
            try:
                started = time.perf_counter()
                assert client.get("/api/v1/me").status_code == 200
                times["get_me"].append(time.perf_counter() - started)
                payload = body()
                started = time.perf_counter()
                response = client.post("/api/v1/orders", payload, content_type="application/json")
                times[way].append(time.perf_counter() - started)
                assert response.status_code == 201, response.content
            finally:
                trade_peers.peer_rows = shipped
    load_after_posts = os.getloadavg()
    customers = list(Customer.objects.all())
    listed = list(Product.objects.filter(listed=True).values_list("code", flat=True))
    reads: dict[str, list[float]] = {"new": [], "old": []}
    differ = rows_read = 0
    for i in range(requests):
        customer, now = rng.choice(customers), timezone.now()
        codes = rng.sample(listed, rng.choice([1, 1, 1, 2]))
        found = {}
        for way in ("new", "old") if i % 2 == 0 else ("old", "new"):
            read = shipped if way == "new" else _peer_rows_before
            started = time.perf_counter()
            found[way] = read(customer, now, codes)
            reads[way].append(time.perf_counter() - started)
        differ += Counter(found["new"]) != Counter(found["old"])
        rows_read += len(found["new"])
    stats = {way: _percentiles(samples) for way, samples in times.items()}
    read_stats = {way: _percentiles(samples) for way, samples in reads.items()}
    return {
        "post_orders_new": stats["new"],
        "post_orders_old": stats["old"],
        "baseline_get_me": stats["get_me"],
        "new_over_old_p50": round(stats["new"]["p50_ms"] / stats["old"]["p50_ms"], 3),
        "new_over_old_p95": round(stats["new"]["p95_ms"] / stats["old"]["p95_ms"], 3),
        "target_p95_ms": 50,
        "met_new": stats["new"]["p95_ms"] < 50,
        "peer_rows_new": read_stats["new"],
        "peer_rows_old": read_stats["old"],
        "peer_rows_mean_rows": round(rows_read / requests, 1),
        "peer_rows_differing": differ,
        "load_average": [round(x, 1) for x in (*load_before, *load_after_posts, *os.getloadavg())],
    }


def _write_csv(path: Path, orders: int, customers: list[str], products: list[str]) -> int:
    """An ERP export: one line per order; one row in 200 names an unknown product."""
    rng = random.Random(7)
    bad = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Order number,Customer,Product code,Qty,Order date,Payment\n")
        today = dt.date.today()
        for i in range(orders):
            product = rng.choice(products)
            if i % 200 == 199:
                product, bad = "NO-SUCH-ITEM", bad + 1
            day = today - dt.timedelta(days=rng.randrange(180))
            handle.write(
                f"E{i},{rng.choice(customers)},{product},{rng.choice([1, 2, 3, 5])},"
                f"{day.isoformat()},{rng.choice(PAYMENTS)}\n"
            )
    return bad


def run_import(args: argparse.Namespace) -> dict[str, Any]:
    """One import, or with `--compare` one per path (each in a fresh database built the
    same way), the order-by-order path first."""
    if not args.compare:
        return _run_import(args, args.path)
    runs = {}
    for path in ("per-order", "batch"):  # each in a process of its own (Django set up once)
        options = ["--orders", str(args.orders), "--customers", str(args.customers)]
        options += ["--history", str(args.history), "--db", args.db, "--seed", str(args.seed)]
        options += ["--debug"] if args.debug else []
        if args.progress_file:
            options += ["--progress-file", f"{args.progress_file}.{path}"]
        run = subprocess.run(
            [sys.executable, __file__, "import", "--path", path, *options],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            raise SystemExit(run.stderr[-4000:])
        runs[path] = json.loads(run.stdout)
        print(run.stdout, file=sys.stderr)  # kept if the other path is stopped
    per_order, batch = runs["per-order"], runs["batch"]
    return {
        "benchmark": "import --compare",
        "runs": runs,
        "batch_over_per_order_cpu": round(batch["cpu_seconds"] / per_order["cpu_seconds"], 3)
        if per_order["cpu_seconds"]
        else None,
        "batch_over_per_order_wall": round(batch["seconds"] / per_order["seconds"], 3)
        if per_order["seconds"]
        else None,
    }


def _run_import(args: argparse.Namespace, path_kind: str) -> dict[str, Any]:
    with database(args.db):
        world = build(args.customers, args.history, args.seed)
        from chemsec.supplychain.models import Customer

        registrations = list(
            Customer.objects.filter(pk__in=world["customers"][:2000]).values_list(
                "registration_number", flat=True
            )
        )
        with tempfile.TemporaryDirectory(prefix="chemsec-bench-import-") as folder:
            path = Path(folder) / "orders.csv"
            bad = _write_csv(path, args.orders, registrations, world["products"])
            from django.db import connections

            connections.close_all()
            child = subprocess.run(
                [sys.executable, __file__, "_import-child", str(path)],
                env={
                    **os.environ,
                    "CHEMSEC_JOBS_EAGER": "1",
                    "CHEMSEC_BENCH_PROFILE": "1" if args.profile or args.profile_out else "",
                    "CHEMSEC_BENCH_PROFILE_OUT": os.path.abspath(args.profile_out)
                    if args.profile_out
                    else "",
                    "CHEMSEC_BENCH_IMPORT_PATH": path_kind,
                    "CHEMSEC_BENCH_PROGRESS": args.progress_file or "",
                    "CHEMSEC_BENCH_DEBUG": "1" if args.debug else "",
                },
                capture_output=True,
                text=True,
                check=False,
            )
        if child.returncode != 0:
            raise SystemExit(child.stderr[-4000:])
        if args.profile:
            print(child.stderr, file=sys.stderr)
        measured = json.loads(child.stdout.strip().splitlines()[-1])
        rate = measured["orders"] / measured["seconds"] if measured["seconds"] else 0.0
        return {
            "benchmark": "import",
            "path": path_kind,
            "database": args.db,
            "customers": args.customers,
            "orders_before": args.history,
            "rows": args.orders,
            "rows_with_errors_written": bad,
            **measured,
            "orders_per_second": round(rate, 1),
            "extrapolated_1m_hours": round(1_000_000 / rate / 3600, 1) if rate else None,
            "cpu_ms_per_order": round(1000 * measured["cpu_seconds"] / measured["orders"], 2)
            if measured["orders"]
            else None,
            **_machine(),
        }


def _import_child(path: str) -> None:
    from chemsec.core.commands import django_setup

    django_setup()
    from django.conf import settings
    from django.core.files import File

    # As a worker runs in production. With DEBUG (the default outside production) Django
    # keeps the last 9,000 queries' SQL, the chunks' bulk inserts and IN lists among them:
    # memory that grew with the run up to that many queries, and CPU to format them
    # (until 2026-12-07 night the import ran so).
    if not os.environ.get("CHEMSEC_BENCH_DEBUG"):
        settings.DEBUG = False

    from chemsec.core.models import Organisation, User
    from chemsec.supplychain.services.imports import order_import_start

    if os.environ.get("CHEMSEC_BENCH_IMPORT_PATH") == "per-order":  # the job's baseline
        import functools

        from chemsec.supplychain.services import imports

        imports.order_import_run = functools.partial(imports.order_import_run, batch=False)  # type: ignore[assignment]
    organisation = Organisation.objects.get(slug=ORG_SLUG)
    officer = User.objects.get(username=USERNAME)
    load_before = os.getloadavg()
    started, cpu = time.perf_counter(), time.process_time()
    if progress_file := os.environ.get("CHEMSEC_BENCH_PROGRESS"):
        _report_progress(progress_file, started, cpu)
    profiler = None
    if os.environ.get("CHEMSEC_BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    # The file as an upload on disk (as Django keeps a large one), not read into memory.
    with Path(path).open("rb") as handle:
        record = order_import_start(
            actor=officer, organisation=organisation, upload=File(handle, name="orders.csv")
        )
    if profiler is not None:
        import pstats

        profiler.disable()
        if out := os.environ.get("CHEMSEC_BENCH_PROFILE_OUT"):
            profiler.dump_stats(out)  # the whole profile, for pstats or snakeviz
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(
            "chemsec", 40
        )
    record.refresh_from_db()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "status": record.status,
                "row_count": record.row_count,
                "orders": record.order_count,
                "errors": record.error_count,
                "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu, 1),
                "peak_memory_mb": round(peak, 1),
                "load_average": [round(x, 1) for x in (*load_before, *os.getloadavg())],
            }
        )
    )


def _report_progress(path: str, started: float, cpu: float, every: float = 30.0) -> None:
    """Every `every` seconds, a line on `path`: the rows the import wrote so far (committed
    chunks), wall and CPU seconds, peak memory and load: what a run stopped before its end
    still tells."""
    import threading

    def report() -> None:
        from django.db import connection

        from chemsec.supplychain.models import OrderImport

        while True:
            time.sleep(every)
            try:
                rows, orders = OrderImport.objects.values_list("row_count", "order_count")[0]
            except Exception:
                rows = orders = -1
            finally:
                connection.close()
            line = {
                "rows": rows,
                "orders": orders,
                "seconds": round(time.perf_counter() - started, 1),
                "cpu_seconds": round(time.process_time() - cpu, 1),
                "peak_memory_mb": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                ),
                "load_average": [round(x, 1) for x in os.getloadavg()],
            }
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(line) + "\n")

    threading.Thread(target=report, daemon=True).start()


def run_read(args: argparse.Namespace) -> dict[str, Any]:
    """The import's reading alone (no database): the file's rows grouped into orders,
    streamed as the import reads them now, or held in memory as it read them before."""
    results: dict[str, Any] = {"benchmark": "read", "rows": args.orders}
    with tempfile.TemporaryDirectory(prefix="chemsec-bench-read-") as folder:
        path = Path(folder) / "orders.csv"
        customers = [f"HRB{100000 + i}" for i in range(2000)]
        _write_csv(path, args.orders, customers, [f"P{i}" for i in range(50)])
        results["file_mb"] = round(path.stat().st_size / 1024 / 1024, 1)
        for mode in ("streamed", "held"):
            child = subprocess.run(
                [sys.executable, __file__, "_read-child", mode, str(path)],
                env={**os.environ, "CHEMSEC_MAX_UPLOAD_MB": "2000"},
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode != 0:
                raise SystemExit(child.stderr[-4000:])
            results[mode] = json.loads(child.stdout.strip().splitlines()[-1])
    return {**results, **_machine()}


def _read_child(mode: str, path: str) -> None:
    from chemsec.core.commands import django_setup

    django_setup()  # both ways alike: the import's modules need Django
    from chemsec.lib.tabular import open_table
    from chemsec.supplychain.services.imports import COLUMNS, HEADER_HINTS, REQUIRED

    started, groups, rows = time.perf_counter(), 0, 0
    if mode == "streamed":
        from chemsec.supplychain.services.import_stream import groups_of

        with groups_of(
            path, header_hints=HEADER_HINTS, columns=COLUMNS, required=REQUIRED
        ) as found:
            for group in found.read():
                groups, rows = groups + 1, rows + len(group)
    else:  # as services/imports.py read the file before: every row's cells, then grouped
        table = open_table(path, header_hints=HEADER_HINTS, has_header=True)
        index = {key: table.column(*names) for key, names in COLUMNS.items()}
        held = [(row, {k: row.get(i).strip() for k, i in index.items()}) for row in table.rows]
        table.close()
        grouped: dict[str, list[Any]] = {}
        for row, cells in held:
            grouped.setdefault(cells["reference"] or f"line:{row.line}", []).append((row, cells))
        groups, rows = len(grouped), len(held)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = round(time.perf_counter() - started, 1)
    print(
        json.dumps(
            {"orders": groups, "rows": rows, "seconds": seconds, "peak_memory_mb": round(peak, 1)}
        )
    )


def _machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_import-child"]:
        _import_child(argv[1])
        return 0
    if argv[:1] == ["_read-child"]:
        _read_child(argv[1], argv[2])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="benchmark", required=True)
    decision = commands.add_parser("decision", help="POST /api/v1/orders latency")
    decision.add_argument("--customers", type=int, default=10_000)
    decision.add_argument("--orders", type=int, default=100_000)
    decision.add_argument("--requests", type=int, default=500)
    decision.add_argument("--warmup", type=int, default=20)
    decision.add_argument("--profile", type=int, default=0, help="profile N more POSTs")
    decision.add_argument("--queries", action="store_true", help="print one POST's SQL")
    decision.add_argument(
        "--compare-memberships",
        action="store_true",
        help="POSTs with the request's memberships kept and not kept, in the same loop",
    )
    decision.add_argument(
        "--compare-peers",
        action="store_true",
        help="POSTs with the trade peers' read as shipped and as before, in the same loop, "
        "and that read alone both ways",
    )
    decision.add_argument(
        "--compare-checks",
        action="store_true",
        help="POSTs with the one-query customer check and the write's known objects, and "
        "without (as before), in the same loop",
    )
    importer = commands.add_parser("import", help="order import throughput and memory")
    importer.add_argument("--orders", type=int, default=10_000, help="rows in the file")
    importer.add_argument("--customers", type=int, default=10_000)
    importer.add_argument("--history", type=int, default=0, help="orders already there")
    importer.add_argument("--profile", action="store_true", help="cProfile the import (stderr)")
    importer.add_argument(
        "--profile-out", default="", help="cProfile the import and write its stats to this file"
    )
    importer.add_argument(
        "--path",
        choices=["batch", "per-order"],
        default="batch",
        help="how the job records orders: a chunk at a time (the job's) or one by one",
    )
    importer.add_argument(
        "--compare", action="store_true", help="both paths, each in a fresh database and process"
    )
    importer.add_argument(
        "--debug",
        action="store_true",
        help="run the import with DEBUG on (Django's query log kept), as before 2026-12-07 night",
    )
    importer.add_argument(
        "--progress-file",
        default="",
        help="append the import's progress (rows, CPU, memory) every 30 s to this file",
    )
    reader = commands.add_parser("read", help="the import's reading alone: time and memory")
    reader.add_argument("--orders", type=int, default=1_000_000, help="rows in the file")
    for sub in (decision, importer):
        sub.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
        sub.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    runs = {"decision": run_decision, "import": run_import, "read": run_read}
    result = runs[args.benchmark](args)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Compendium search latency over 10,000 generated entries, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/compendium.py                  # both databases, 10,000 entries
    .venv/bin/python benchmarks/compendium.py --db sqlite --entries 2000 --queries 40
    .venv/bin/python benchmarks/compendium.py --code ../old     # another checkout's search code

Each database runs in its own process (Django settings are fixed per process). SQLite uses a
file in a temporary folder; PostgreSQL a database `bench_compendium` on 127.0.0.1:5432 (user
postgres, trust authentication), created and dropped by this script, then vacuumed and
analysed as autovacuum would leave a settled table. `--code` runs the measuring process from
another checkout (for example the previous commit, exported with `git archive`), so that two
versions of the search can be compared on the same machine in the same hour.

The 93 shipped practices are loaded through the content handler (real embeddings). The other
entries are generated from them: a title from words of two real titles, the summary and body
paragraphs of three, random taxonomy, and as embedding the normalised mean of the sources'
vectors plus noise (embedding 10,000 texts in numpy would take many minutes and measure the
model, not the search). Queries are distinct, so each hybrid query pays its own embedding.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_NAME = "bench_compendium"
PG_BENCH = f"postgresql://postgres@127.0.0.1:5432/{PG_NAME}"

QUERIES = [
    "key control", "suspicious orders", "insider threat screening", "cyber security for OT",
    "transport route planning", "waste disposal chain of custody", "inventory reconciliation",
    "background checks for staff", "visitor access", "emergency response plan", "security culture",
    "perimeter fence lighting", "tamper seals", "customer verification before sale",
    "laboratory chemical store", "remote access vendors", "backup and recovery",
    "training for drivers", "reporting lost or stolen chemicals", "national inspection programme",
    "customs detection of precursors", "outreach to academia", "security vulnerability assessment",
    "alarm monitoring and response", "access badges", "cylinder storage", "decommissioning a site",
    "information security of inventory records", "hazardous materials shipment tracking",
    "drills and exercises with emergency services", "what to do when a buyer behaves oddly",
    "protect computers that run the plant", "people who might steal materials",
    "small company with few staff", "theft during distribution", "release sabotage of tanks",
    "management commitment and governance", "incident investigation", "procurement controls",
    "records retention", "security plan review", "contractor supervision",
]  # fmt: skip
FACETS = {
    "stage": [
        "research",
        "manufacture",
        "storage",
        "transport",
        "distribution",
        "end_use",
        "waste",
    ],
    "threat": ["theft_diversion", "release_sabotage", "insider", "cyber"],
    "audience": ["facility_operator", "distributor", "academia", "national_authority"],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def generate(total: int, seed: int = 7) -> None:
    """Fill the database up to `total` published entries (see the module docstring)."""
    import numpy as np

    from chemsec.compendium.choices import TAXONOMY
    from chemsec.compendium.index import index_practices
    from chemsec.compendium.models import Practice, PracticeVersion

    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    real = list(Practice.objects.prefetch_related("versions"))
    vectors = {p.pk: np.frombuffer(bytes(p.versions.all()[0].embedding), np.float32) for p in real}
    for start in range(len(real), total, 1000):
        batch, versions = [], []
        for i in range(start, min(total, start + 1000)):
            sources = rng.sample(real, 3)
            practice = _generated(rng, sources, i, TAXONOMY)
            vector = sum(vectors[s.pk] for s in sources) / 3 + noise.normal(0, 0.02, 384)
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
            batch.append(practice)
            versions.append(
                PracticeVersion(
                    practice=practice, number=1, title=practice.title, summary=practice.summary,
                    body=practice.body, embedding=vector.tobytes(),
                )
            )  # fmt: skip
        Practice.objects.bulk_create(batch)
        PracticeVersion.objects.bulk_create(versions)
        index_practices(batch)


def _generated(rng: random.Random, sources: list, i: int, taxonomy: dict) -> object:
    from chemsec.compendium.models import Practice

    words = sources[0].title.split()[:3] + sources[1].title.split()[-3:]
    paragraphs = [p for s in sources for p in s.body.split("\n\n")]
    values = {}
    for facet, (field, vocabulary) in taxonomy.items():
        if facet != "language":
            codes = list(vocabulary.values)
            values[field] = rng.sample(codes, rng.randint(1, min(3, len(codes))))
    return Practice(
        urn=f"urn:chemsec:practice:generated-{i}",
        title=f"{' '.join(words)} ({i})",
        summary=sources[2].summary,
        body="\n\n".join(rng.sample(paragraphs, min(6, len(paragraphs)))),
        keywords=sources[0].keywords[:2] + sources[1].keywords[:2],
        **values,
    )


def measure(queries: int, seed: int = 11) -> dict[str, object]:
    from chemsec.compendium import semantic
    from chemsec.compendium.search import search

    rng = random.Random(seed)
    cases = []
    for n in range(queries):
        text = QUERIES[n % len(QUERIES)] + ("" if n < len(QUERIES) else f" {n}")
        facet = rng.choice(list(FACETS)) if rng.random() < 0.3 else None
        cases.append((text, {facet: [rng.choice(FACETS[facet])]} if facet else None))
    search("warm up", semantic_search=True)  # loads the model and the embedding matrix
    out: dict[str, object] = {}
    for mode, semantic_on in (("fts", False), ("hybrid", True)):
        times = []
        for text, filters in cases:
            semantic.query_vector.cache_clear()
            start = time.perf_counter()
            search(text, filters=filters, limit=10, semantic_search=semantic_on)
            times.append((time.perf_counter() - start) * 1000)
        out[mode] = {
            "p50": statistics.median(times),
            "p95": percentile(times, 0.95),
            "mean": statistics.fmean(times),
        }
    return out


def child(entries: int, queries: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemsec.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from chemsec.compendium.content import practices_sync
    from chemsec.compendium.models import Practice
    from chemsec.content.reader import iter_objects, read_content_tree

    call_command("migrate", verbosity=0, skip_checks=True)
    start = time.perf_counter()
    practices_sync([o for o in iter_objects(read_content_tree()) if o.kind == "practice"])
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    generate(entries)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    result = {
        "database": connection.vendor,
        "entries": Practice.objects.count(),
        "content_load_s": loaded,
        "generate_s": time.perf_counter() - start,
        **measure(queries),
    }
    print("RESULT " + json.dumps(result))


def run_child(env: dict[str, str], args: argparse.Namespace) -> dict:
    script = Path(args.code).resolve() / "benchmarks" / "compendium.py" if args.code else __file__
    command = [sys.executable, str(script), "--child", "--entries", str(args.entries)]
    command += ["--queries", str(args.queries)]
    done = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(lines[-1][7:])


def run_sqlite(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = {"CHEMSEC_DATA_DIR": folder, "CHEMSEC_SQLITE_PATH": f"{folder}/bench.sqlite3"}
        env["DATABASE_URL"] = ""
        return run_child(env, args)


def run_postgres(args: argparse.Namespace) -> dict:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        admin.execute(f"CREATE DATABASE {PG_NAME}")
    try:
        with tempfile.TemporaryDirectory() as folder:
            return run_child({"CHEMSEC_DATA_DIR": folder, "DATABASE_URL": PG_BENCH}, args)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")


def report(results: list[dict]) -> str:
    rows = [
        "| database | entries | mode | p50 (ms) | p95 (ms) | mean (ms) | target p95 | status |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for mode in ("fts", "hybrid"):
            m = r[mode]
            status = "met" if m["p95"] < 100 else "**missed**"
            rows.append(
                f"| {r['database']} | {r['entries']:,} | {mode} | {m['p50']:.1f} | "
                f"{m['p95']:.1f} | {m['mean']:.1f} | < 100 | {status} |"
            )
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    return "\n".join([f"Machine: {machine}.", "", *rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--code", help="a checkout whose search code to measure instead")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.entries, args.queries)
        return
    results = []
    if args.db in {"sqlite", "both"}:
        results.append(run_sqlite(args))
    if args.db in {"postgres", "both"}:
        results.append(run_postgres(args))
    print(report(results))
    for r in results:
        print(f"{r['database']}: content load {r['content_load_s']:.1f} s, "
              f"generation {r['generate_s']:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()

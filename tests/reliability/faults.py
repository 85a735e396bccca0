"""Fault drills against real processes (too slow for CI; figures in docs/reliability.md).

    .venv/bin/python tests/reliability/faults.py worker-kill   # kill -9 a job worker mid-job
    .venv/bin/python tests/reliability/faults.py server-kill   # kill -9 the web server mid-write
    .venv/bin/python tests/reliability/faults.py db-stop \\
        --stop "pg_ctlcluster 16 main stop -m fast" --start "pg_ctlcluster 16 main start"

Each drill prepares a fresh portal in a temporary data directory (migrate, demo): on SQLite,
or, with DATABASE_URL=postgres://..., in a new database of that server made for the drill
and dropped after it (db-stop needs PostgreSQL), then:

- worker-kill: queues a file screening of --rows rows, starts `chemsec worker`, kills it with
  SIGKILL once the job has made progress, starts another worker and waits: the job must be
  taken again (its heartbeat went stale) and succeed with exactly one result row per input
  row (each file line once).
- server-kill: `chemsec serve` takes signed-in screening checks (each one a write: a
  screening record and its audit entry) from several clients; the whole server is killed
  with SIGKILL in the middle. Then the database must pass its integrity check,
  `chemsec audit verify` must pass, and a restarted server must take writes again.
- db-stop: while clients read pages and write through the API, the database is stopped for
  --outage seconds with the --stop command and started again with --start (a server of
  your own: the drill stops it). During the outage every request must answer at once,
  either normally or 503 (the API's JSON error, a page for pages), never a 500 or a hang;
  afterwards every request must succeed and the job worker must still run jobs, with no
  restart.

Exit status 0 when the drill passed; what was seen is printed either way.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHEMSEC = [sys.executable, "-m", "chemsec"]


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "CHEMSEC_DATA_DIR": str(data_dir), **extra}


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def drill_database(data_dir: Path) -> dict[str, str]:
    """On PostgreSQL, a new database for this drill (dropped by `drop_drill_database`)."""
    if not on_postgresql():
        return {}
    import psycopg

    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = f"chemsec_drill_{data_dir.name.rsplit('-', 1)[-1].lower()}"
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    return {"DATABASE_URL": url._replace(path=f"/{name}").geturl()}


def drop_drill_database(env: dict[str, str]) -> None:
    if "DATABASE_URL" not in env or not on_postgresql():
        return
    import psycopg

    url = urllib.parse.urlsplit(env["DATABASE_URL"])
    from django.db import connections

    connections.close_all()
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{url.path[1:]}" WITH (FORCE)')


def prepare(data_dir: Path, env: dict[str, str]) -> None:
    for step in (["migrate"], ["demo"]):
        done = subprocess.run([*CHEMSEC, *step], env=env, capture_output=True, cwd=ROOT)
        if done.returncode:
            raise RuntimeError(f"chemsec {step[0]} failed: {done.stderr.decode()[-2000:]}")


def django_in(data_dir: Path, env: dict[str, str]) -> None:
    """This process uses the drill's database too (to queue jobs and read outcomes)."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemsec.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(
    env: dict[str, str], port: int, log: Path, job_workers: int = 0
) -> subprocess.Popen[bytes]:
    command = [*CHEMSEC, "serve", "--no-migrate", "--port", str(port)]
    command += ["--job-workers", str(job_workers)] if job_workers else ["--no-worker"]
    server = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: SIGKILL reaches every worker
    )
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2).close()
            return server
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the portal did not start: see {log}")


def write_token(username: str = "meridian-officer") -> str:
    from chemsec.core.choices import TokenScope
    from chemsec.core.models import User
    from chemsec.core.services import token_create

    user = User.objects.get(username=username)
    return token_create(user=user, name="fault drill", scope=TokenScope.WRITE)[1]


def call(port: int, token: str, identifiers: list[str], timeout: float = 10) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/screening/check",
        data=json.dumps({"identifiers": identifiers}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", "")
    except OSError as exc:
        return 0, type(exc).__name__


# -- kill -9 a job worker mid-job ------------------------------------------------------
def worker_kill(args: argparse.Namespace, data_dir: Path) -> bool:
    env = environment(data_dir, CHEMSEC_JOBS_STALE_SECONDS="10")
    prepare(data_dir, env)
    django_in(data_dir, env)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chemsec.core.models import Job, Organisation, User
    from chemsec.screening.services import job_folder, screening_batch_start

    cas = ["107-44-8", "7782-50-5", "64-17-5", "75-44-5", "N/A", "7664-41-7", "67-64-1"]
    rows = [cas[i % len(cas)] for i in range(args.rows)]
    upload = SimpleUploadedFile("drill.csv", ("cas\n" + "\n".join(rows) + "\n").encode())
    officer = User.objects.get(username="meridian-officer")
    meridian = Organisation.objects.get(memberships__user=officer)
    job = screening_batch_start(
        user=officer, organisation=meridian, upload=upload, lists=None, as_of=None
    )
    log = (data_dir / "worker.log").open("ab")
    first = subprocess.Popen(
        [*CHEMSEC, "worker", "--poll", "0.5"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status != "queued" and job.status != "running":
            break  # ended before it could be killed: the drill says so below
        if job.status == "running" and job.progress > 0:
            break  # rows screened and written: mid-job
        time.sleep(0.2)
    job.refresh_from_db()
    print(f"killing worker {first.pid}: job {job.status}, progress {job.progress}")
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_at = time.monotonic()
    second = subprocess.Popen(
        [*CHEMSEC, "worker", "--poll", "0.5"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        while time.monotonic() < deadline:
            job = Job.objects.get(pk=job.pk)
            if job.status in {"succeeded", "failed", "cancelled"}:
                break
            time.sleep(1)
    finally:
        second.terminate()
        second.wait(timeout=30)
    print(
        f"job {job.status} after {time.monotonic() - killed_at:.0f} s more, "
        f"attempts {job.attempts}, error {job.error!r}"
    )
    result = job_folder(job) / "screening.csv"
    if job.status != "succeeded" or not result.exists():
        return False
    import csv

    with result.open(encoding="utf-8") as handle:
        lines = [int(r["line"]) for r in csv.DictReader(handle)]
    counts = Counter(lines)
    once = sorted(counts) == list(range(2, args.rows + 2)) and set(counts.values()) == {1}
    print(f"{len(lines)} result rows for {args.rows} input rows; each line once: {once}")
    return once and job.attempts >= 2


# -- kill -9 the web server mid-write --------------------------------------------------
def server_kill(args: argparse.Namespace, data_dir: Path) -> bool:
    env = environment(data_dir)
    prepare(data_dir, env)
    django_in(data_dir, env)
    token = write_token()
    port = free_port()
    log = data_dir / "serve.log"
    server = serve(env, port, log)
    statuses: Counter[int] = Counter()
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            statuses[call(port, token, ["107-44-8", "64-17-5"])[0]] += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    os.killpg(server.pid, signal.SIGKILL)
    server.wait()
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    print(f"answers before and during the kill: {dict(statuses)}")
    ok = True
    database = data_dir / "chemsec.sqlite3"
    if not on_postgresql() and database.exists():
        with sqlite3.connect(database) as db:
            check = db.execute("PRAGMA integrity_check").fetchone()[0]
        print(f"SQLite integrity_check: {check}")
        ok = check == "ok"
    verify = subprocess.run(
        [*CHEMSEC, "audit", "verify"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    print(f"chemsec audit verify: exit {verify.returncode}: {verify.stdout.strip()[-300:]}")
    server = serve(env, port, log)
    try:
        again = call(port, token, ["107-44-8"])[0]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    print(f"a write after the restart answered {again}")
    return ok and verify.returncode == 0 and again == 200 and statuses[200] > 0


# -- stop the database for a few seconds ------------------------------------------------
def page(port: int, path: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as answer:
            return answer.status, answer.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", "")
    except OSError as exc:
        return 0, type(exc).__name__


def clean_answer(kind: str, status: int, content_type: str) -> bool:
    """Answered at once, and either normally or with a 503 of the right shape."""
    if status == 200:
        return True
    wanted = "application/json" if kind == "api" else "text/html"
    return status == 503 and content_type.startswith(wanted)


def db_stop(args: argparse.Namespace, data_dir: Path) -> bool:
    if not on_postgresql() or not args.stop or not args.start:
        print("db-stop needs DATABASE_URL=postgres://... and --stop/--start commands")
        return False
    env = environment(data_dir, CHEMSEC_JOBS_STALE_SECONDS="10")
    prepare(data_dir, env)
    django_in(data_dir, env)
    token = write_token()
    port = free_port()
    server = serve(env, port, data_dir / "serve.log", job_workers=1)
    seen: list[tuple[str, str, int, str, float]] = []
    phase = ["before"]
    stop = threading.Event()

    def client(number: int) -> None:
        kind = "api" if number % 2 else "page"
        while not stop.is_set():
            start = time.perf_counter()
            if kind == "api":
                status, content_type = call(port, token, ["107-44-8"], args.client_timeout)
            else:
                status, content_type = page(port, "/", args.client_timeout)
            seen.append((phase[0], kind, status, content_type, time.perf_counter() - start))
            time.sleep(0.1)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(3)
        phase[0] = "outage"
        subprocess.run(shlex.split(args.stop), check=True)
        time.sleep(args.outage)
        subprocess.run(shlex.split(args.start), check=True)
        phase[0] = "recovering"
        time.sleep(5)
        phase[0] = "after"
        time.sleep(5)
        stop.set()
        for thread in threads:
            thread.join(timeout=args.client_timeout + 5)
        job_ok = job_after_outage(args)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    for name in ("before", "outage", "recovering", "after"):
        for kind in ("api", "page"):
            part = [s for s in seen if s[0] == name and s[1] == kind]
            print(
                f"{name:>10} {kind:>4}: {dict(Counter(s[2] for s in part))}, "
                f"slowest {max((s[4] for s in part), default=0):.1f} s"
            )
    during = [s for s in seen if s[0] in ("outage", "recovering")]
    clean = all(clean_answer(s[1], s[2], s[3]) for s in during)
    failed_cleanly = sum(s[2] == 503 for s in during)
    after = [s for s in seen if s[0] == "after"]
    print(f"503 answers during the outage: {failed_cleanly}; every answer clean: {clean}")
    return (
        clean and failed_cleanly > 0 and bool(after) and all(s[2] == 200 for s in after) and job_ok
    )


def job_after_outage(args: argparse.Namespace) -> bool:
    """The job worker started with the portal outlived the outage: it runs a new job."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connections

    from chemsec.core.models import Job, Organisation, User
    from chemsec.screening.services import screening_batch_start

    connections.close_all()  # this process's connection died with the server too
    officer = User.objects.get(username="meridian-officer")
    upload = SimpleUploadedFile("after.csv", b"cas\n64-17-5\n107-44-8\n")
    job = screening_batch_start(
        user=officer,
        organisation=Organisation.objects.get(memberships__user=officer),
        upload=upload,
        lists=None,
        as_of=None,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job.pk)
        if job.status in {"succeeded", "failed", "cancelled"}:
            break
        time.sleep(1)
    print(f"a job queued after the outage: {job.status} (attempts {job.attempts})")
    return job.status == "succeeded"


DRILLS = {"worker-kill": worker_kill, "server-kill": server_kill, "db-stop": db_stop}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("drill", choices=sorted(DRILLS))
    parser.add_argument("--rows", type=int, default=20000, help="worker-kill: rows screened")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0, help="server-kill: load first")
    parser.add_argument("--stop", default="", help="db-stop: command that stops the database")
    parser.add_argument("--start", default="", help="db-stop: command that starts it again")
    parser.add_argument("--outage", type=float, default=5.0)
    parser.add_argument("--client-timeout", type=float, default=30.0)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix=f"chemsec-{args.drill}-"))
    database = drill_database(data_dir)
    os.environ.update(database)
    try:
        passed = DRILLS[args.drill](args, data_dir)
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
            drop_drill_database(database)
    print(f"{args.drill}: {'PASSED' if passed else 'FAILED'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

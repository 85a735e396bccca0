"""Load: signed-in users with a realistic mix against `chemsec serve` on the loopback.

    .venv/bin/python benchmarks/load.py --start                    # its own portal, 3 minutes
    .venv/bin/python benchmarks/load.py --start --duration 30      # a short run
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8000  # a running demo portal

A bounded client (standard library only): one thread per user, each signed in with its own
session, one request at a time, a short think time between requests. The mix is what
people do most: home page, screening a few identifiers through the API, the screening page,
the assessment library, the compendium, the list catalogue, the organisations API. Once the
load is running, one user uploads a batch file (--batch-rows rows, with junk rows) to
POST /api/v1/screening/jobs and follows the job: it must finish with one result per row.

With --start, a fresh portal is prepared in a temporary data directory (migrate,
load-content, demo) and served with `chemsec serve` on a free port, then stopped. Prints a
Markdown summary: requests, errors (any 5xx, any refused connection, any unexpected status),
p50/p95/max latency per kind of request, and the batch job's outcome. Exit status 1 when there
was an error or the batch lost rows.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Demo members without a second factor (chemsec/core/demo.py): `chemsec demo` prints the password.
DEMO_USERS = (
    "meridian-officer",
    "meridian-viewer",
    "arcadia-analyst",
    "northgate-reviewer",
    "university-contributor",
    "university-viewer",
    "secretariat-reviewer",
)
DEMO_PASSWORD = "chemsec-demo-2026"
IDENTIFIERS = (
    "107-44-8",
    "7782-50-5",
    "64-17-5",
    "Sarin",
    "phosgene",
    "CCO",
    "O=C(Cl)Cl",
    "7664-41-7",
    "thiodiglycol",
    "N/A",
)


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


class User:
    """One signed-in person: a cookie jar, the CSRF token, one request at a time."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.username = username

    def csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def request(
        self,
        path: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.base + path, data=data, headers=headers or {}, method=method
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def sign_in(self) -> None:
        self.request("/login/")
        form = urllib.parse.urlencode(
            {
                "username": self.username,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": self.csrf(),
            }
        ).encode()
        status, _ = self.request(
            "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 200 or not any(c.name == "sessionid" for c in self.jar):
            raise RuntimeError(f"{self.username} could not sign in ({status})")

    def api_json(self, path: str, body: object) -> tuple[int, bytes]:
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": self.csrf(),
            "Referer": self.base + "/",
        }
        return self.request(path, json.dumps(body).encode(), headers)


def _page(path: str) -> Callable[[User], tuple[int, bytes]]:
    return lambda user: user.request(path)


def _check(user: User) -> tuple[int, bytes]:
    chosen = random.sample(IDENTIFIERS, k=random.randint(1, 4))
    return user.api_json("/api/v1/screening/check", {"identifiers": chosen})


# (kind, weight, action): weights roughly as a working day's pages are used.
MIX: tuple[tuple[str, int, Callable[[User], tuple[int, bytes]]], ...] = (
    ("home page", 20, _page("/")),
    ("API screening check", 25, _check),
    ("screening page", 10, _page("/screening/")),
    ("list catalogue", 5, _page("/screening/lists/")),
    ("assessment library", 10, _page("/assessments/")),
    ("compendium", 10, _page("/compendium/")),
    ("API frameworks", 10, _page("/api/v1/frameworks")),
    ("API organisations", 10, _page("/api/v1/organisations")),
)


def run_user(user: User, deadline: float, stats: Stats, think: float) -> None:
    kinds = [m for m in MIX]
    weights = [m[1] for m in MIX]
    while time.monotonic() < deadline:
        kind, _, action = random.choices(kinds, weights)[0]
        start = time.perf_counter()
        try:
            status, _ = action(user)
            error = None if status < 400 else f"HTTP {status}"
        except OSError as exc:
            error = f"{type(exc).__name__}: {exc}"
        stats.add(kind, time.perf_counter() - start, error)
        time.sleep(random.uniform(0, 2 * think))


def batch_file(rows: int) -> bytes:
    lines = ["cas"]
    for i in range(rows):
        lines.append("N/A" if i % 97 == 0 else random.choice(IDENTIFIERS[:3] + IDENTIFIERS[7:8]))
    return ("\n".join(lines) + "\n").encode()


def run_batch(user: User, rows: int, deadline: float) -> dict[str, object]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="batch.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + batch_file(rows)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "X-CSRFToken": user.csrf(),
        "Referer": user.base + "/",
    }
    started = time.perf_counter()
    status, answer = user.request("/api/v1/screening/jobs", body, headers)
    if status != 202:
        return {"ok": False, "why": f"upload answered {status}: {answer[:200]!r}"}
    job = json.loads(answer)
    while time.monotonic() < deadline + 600:
        status, answer = user.request(f"/api/v1/screening/jobs/{job['job_id']}")
        job = json.loads(answer)
        if job["status"] in {"succeeded", "failed", "cancelled"}:
            break
        time.sleep(1)
    result = job.get("result") or {}
    return {
        "ok": job["status"] == "succeeded" and result.get("rows") == rows,
        "status": job["status"],
        "rows": result.get("rows"),
        "expected": rows,
        "seconds": round(time.perf_counter() - started, 1),
        "error": job.get("error") or "",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_portal(data_dir: Path, port: int, web: int | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CHEMSEC_DATA_DIR": str(data_dir)}
    chemsec = [sys.executable, "-m", "chemsec"]
    for step in (["migrate"], ["load-content"], ["demo"]):
        done = subprocess.run(chemsec + step, env=env, capture_output=True, cwd=ROOT)
        if done.returncode:
            raise RuntimeError(f"chemsec {step[0]} failed: {done.stderr.decode()[-3000:]}")
    command = [*chemsec, "serve", "--no-migrate", "--port", str(port)]
    if web is not None:
        command += ["--workers", str(web)]
    log = (data_dir / "serve.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2).close()
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError(f"the portal did not start: see {data_dir / 'serve.log'}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(stats: Stats, args: argparse.Namespace, batch: dict[str, object]) -> str:
    everything = [x for v in stats.latencies.values() for x in v]
    errors = sum(len(v) for v in stats.errors.values())
    lines = [
        f"{args.users} signed-in users, {args.duration:.0f} s, think time about "
        f"{args.think:.1f} s; {len(everything)} requests "
        f"({len(everything) / args.duration:.0f} a second), {errors} errors.",
        "",
        "| request | count | errors | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, values in sorted(stats.latencies.items()):
        lines.append(
            f"| {kind} | {len(values)} | {len(stats.errors.get(kind, []))} | "
            f"{statistics.median(values) * 1000:.0f} | {percentile(values, 0.95) * 1000:.0f} | "
            f"{max(values) * 1000:.0f} |"
        )
    if everything:
        lines.append(
            f"| **all** | {len(everything)} | {errors} | "
            f"{statistics.median(everything) * 1000:.0f} | "
            f"{percentile(everything, 0.95) * 1000:.0f} | {max(everything) * 1000:.0f} |"
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines += ["", f"Batch job during the load: {json.dumps(batch)}"]
    lines += [f"Load average (1 min) at the end: {load:.1f}, {os.cpu_count()} CPUs."]
    for kind, messages in stats.errors.items():
        lines.append(f"- {kind}: {len(messages)} errors, e.g. {messages[0]}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=None, help="a running portal (default: --start one)")
    parser.add_argument("--start", action="store_true", help="prepare and serve a demo portal")
    parser.add_argument("--web-workers", type=int, default=None)
    parser.add_argument("--port", type=int, default=None, help="with --start (default: a free one)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of load")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between requests")
    parser.add_argument("--batch-rows", type=int, default=2000)
    args = parser.parse_args()
    if not args.url and not args.start:
        parser.error("give --url of a running demo portal, or --start")
    server, data_dir = None, None
    if args.start:
        data_dir = Path(tempfile.mkdtemp(prefix="chemsec-load-"))
        port = args.port or free_port()
        server = start_portal(data_dir, port, args.web_workers)
        args.url = f"http://127.0.0.1:{port}"
    try:
        users = [User(args.url, DEMO_USERS[i % len(DEMO_USERS)]) for i in range(args.users)]
        for user in users:
            user.sign_in()
        stats = Stats()
        deadline = time.monotonic() + args.duration
        threads = [
            threading.Thread(target=run_user, args=(u, deadline, stats, args.think), daemon=True)
            for u in users
        ]
        for thread in threads:
            thread.start()
        time.sleep(min(10.0, args.duration / 4))
        batch_user = User(args.url, "meridian-officer")
        batch_user.sign_in()
        batch = run_batch(batch_user, args.batch_rows, deadline)
        for thread in threads:
            thread.join()
        print(report(stats, args, batch))
        failed = sum(len(v) for v in stats.errors.values()) or not batch.get("ok")
        return 1 if failed else 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        if data_dir is not None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

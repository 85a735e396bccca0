"""Portal job against command line: the same screening file, end to end, in the same run.

    .venv/bin/python benchmarks/jobs.py                 # 20,000 rows
    .venv/bin/python benchmarks/jobs.py --rows 100000
    .venv/bin/python benchmarks/jobs.py --write docs/benchmarks.md

The file is shaped like the one in issue 15: CAS numbers (valid check digits, some on the
lists), with an "N/A" and a broken SMILES now and then. Both sides start a fresh process:

- command line: ``chemsec screen FILE --format csv -o OUT --workers 1``, from start to exit;
- portal: with a ``chemsec worker`` running (as under ``chemsec serve``) on a fresh SQLite
  portal, the file submitted as a screening (through the screening service, as an upload
  is), from the submission until the job has finished (progress, audit, CSV and JSON
  results; its XLSX is made on first download).

The two alternate, best of `--runs` each, so a busy machine slows both alike. The goal
(issue 15) is a portal at least 0.8 times as fast as the command line.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SECTION = "## Portal jobs"


def cas_number(rng: random.Random) -> str:
    body = str(rng.randint(50, 9_999_999))
    digits = body[::-1]
    check = sum((i + 1) * int(d) for i, d in enumerate(digits)) % 10
    return f"{body[:-2]}-{body[-2:]}-{check}"


LISTED = ["7782-50-5", "7664-93-9", "75-44-5", "74-90-8", "10025-87-3", "7719-12-2"]


def write_input(path: Path, rows: int, seed: int = 15) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("identifier,site code\n")
        for i in range(rows):
            roll = rng.random()
            if roll < 0.01:
                value = "N/A"
            elif roll < 0.02:
                value = "C1CC(=O"  # broken SMILES
            elif roll < 0.10:
                value = rng.choice(LISTED)
            else:
                value = cas_number(rng)
            out.write(f"{value},S{i % 97}\n")


def run_cli(source: Path, work: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "chemsec",
            "screen",
            str(source),
            "--format",
            "csv",
            "-o",
            str(work / "cli.csv"),
            "--workers",
            "1",
            "--progress",
            "off",
        ],
        env=env,
        check=False,
        capture_output=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1, 2):  # clear, matched, some rows invalid
        raise SystemExit(f"chemsec screen failed: {done.stderr.decode()[-2000:]}")
    return elapsed


def portal_env(work: Path, database: Path | None = None) -> dict[str, str]:
    """One data directory for both sides (the offline name index is built there once, before
    any timing); each portal run has a fresh database of its own."""
    env = dict(os.environ)
    env.update(
        CHEMSEC_DATA_DIR=str(work / "data"),
        CHEMSEC_SQLITE_PATH=str(database or work / "data" / "bench.sqlite3"),
        CHEMSEC_JOBS_EAGER="0",
        DJANGO_SETTINGS_MODULE="chemsec.settings",
    )
    env.pop("DATABASE_URL", None)
    return env


QUEUE = """
import sys
from chemsec.core.commands import django_setup
django_setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from chemsec.core.choices import OrganisationKind, Role
from chemsec.core.models import Membership, Organisation, User
from chemsec.core.write_guard import unaudited
from chemsec.screening.services import screening_batch_start
with unaudited("benchmark fixture"):
    org, _ = Organisation.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "kind": OrganisationKind.FACILITY_OPERATOR}
    )
    user, _ = User.objects.get_or_create(username="bench")
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": Role.ADMIN})
data = open(sys.argv[1], "rb").read()
import time
started = time.perf_counter()
job = screening_batch_start(
    user=user, organisation=org, upload=SimpleUploadedFile("input.csv", data, "text/csv"),
    lists=None, as_of=None,
)
while not job.is_finished:
    time.sleep(0.05)
    job.refresh_from_db()
print(job.pk, time.perf_counter() - started)
"""

CHECK = """
import sys
from chemsec.core.commands import django_setup
django_setup()
from chemsec.core.models import Job
job = Job.objects.get(pk=sys.argv[1])
print(job.status, job.result.get("rows"), job.error[:200])
"""


def run_portal(source: Path, work: Path, run: int) -> float:
    env = portal_env(work, work / f"portal-{run}.sqlite3")
    subprocess.run(
        [sys.executable, "-m", "chemsec", "migrate"], env=env, check=True, capture_output=True
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "chemsec", "worker", "--poll", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert worker.stdout is not None
        while "waiting for jobs" not in worker.stdout.readline():  # the worker is up
            if worker.poll() is not None:
                raise SystemExit("the worker did not start")
        queued = subprocess.run(
            [sys.executable, "-c", QUEUE, str(source)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        job_id, elapsed = queued.stdout.strip().splitlines()[-1].split()
        outcome = subprocess.run(
            [sys.executable, "-c", CHECK, job_id],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    if not outcome or outcome[0] != "succeeded":
        raise SystemExit(f"the portal job did not succeed: {' '.join(outcome)}")
    return float(elapsed)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores available, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--write", metavar="FILE", help="append the results to this Markdown file")
    args = parser.parse_args()
    cli_times, portal_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "input.csv"
        write_input(source, args.rows)
        env = portal_env(work)
        (work / "data").mkdir()
        # Untimed: the offline name index both sides read (built once per data directory).
        subprocess.run(
            [sys.executable, "-m", "chemsec", "screen", "--build-index"],
            env=env,
            check=True,
            capture_output=True,
        )
        for run in range(args.runs):
            cli_times.append(run_cli(source, work, env))
            portal_times.append(run_portal(source, work, run))
    cli, portal = min(cli_times), min(portal_times)
    ratio = cli / portal
    lines = [
        f"- {time.strftime('%Y-%m-%d')}, {machine()}: {args.rows:,} rows, best of {args.runs}: "
        f"`chemsec screen --workers 1` {cli:.1f} s ({args.rows / cli:,.0f} rows/s), "
        f"portal job {portal:.1f} s ({args.rows / portal:,.0f} rows/s): "
        f"**{ratio:.2f}x** the command line's speed (goal: at least 0.8x)."
    ]
    print("\n".join(lines))
    if args.write:
        path = Path(args.write)
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if SECTION not in text:
            text = text.rstrip("\n") + (
                f"\n\n{SECTION}\n\nA screening file run as a portal job against `chemsec screen`"
                " on the same file, end to end, in the same run (`benchmarks/jobs.py`).\n\n"
            )
        path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return 0 if ratio >= 0.8 else 1


if __name__ == "__main__":
    sys.exit(main())

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

The two alternate, `--runs` times each, so a busy machine slows both alike; the figures are
medians, with the range. Besides the wall time, the CPU time of the command (its process) and
of the portal's worker (from the submission to the end of the job) is measured: on a shared
machine it is the steadier figure. With `--baseline DIR` (another copy of ChemSec, such as
`git archive <commit> | tar -x -C DIR`), that code is measured too, in the same run,
alternating with this one. The goal (issue 15) is a portal at least 0.8 times as fast as
the command line.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
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


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(source: Path, work: Path, env: dict[str, str]) -> tuple[float, float]:
    cpu = children_cpu()
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
        cwd=env["PYTHONPATH"],  # `-m` puts the working directory first on the path
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1, 2):  # clear, matched, some rows invalid
        raise SystemExit(f"chemsec screen failed: {done.stderr.decode()[-2000:]}")
    return elapsed, children_cpu() - cpu


def portal_env(work: Path, database: Path | None = None, code: Path = ROOT) -> dict[str, str]:
    """One data directory for both sides (the offline name index is built there once, before
    any timing); each portal run has a fresh database of its own. `code` is the copy of
    ChemSec that runs."""
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(code),
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
import os, time
def worker_cpu():
    fields = open(f"/proc/{sys.argv[2]}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
cpu = worker_cpu()  # the worker's idle polling before the submission is not the job's
started = time.perf_counter()
job = screening_batch_start(
    user=user, organisation=org, upload=SimpleUploadedFile("input.csv", data, "text/csv"),
    lists=None, as_of=None,
)
while not job.is_finished:
    time.sleep(0.05)
    job.refresh_from_db()
print(job.pk, time.perf_counter() - started, worker_cpu() - cpu)
"""

CHECK = """
import sys
from chemsec.core.commands import django_setup
django_setup()
from chemsec.core.models import Job
job = Job.objects.get(pk=sys.argv[1])
print(job.status, job.result.get("rows"), job.error[:200])
"""


def run_portal(source: Path, work: Path, run: str, code: Path = ROOT) -> tuple[float, float]:
    env = portal_env(work, work / f"portal-{run}.sqlite3", code)
    subprocess.run(
        [sys.executable, "-m", "chemsec", "migrate"],
        env=env,
        check=True,
        capture_output=True,
        cwd=code,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "chemsec", "worker", "--poll", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=code,
    )
    try:
        assert worker.stdout is not None
        while "waiting for jobs" not in worker.stdout.readline():  # the worker is up
            if worker.poll() is not None:
                raise SystemExit("the worker did not start")
        queued = subprocess.run(
            [sys.executable, "-c", QUEUE, str(source), str(worker.pid)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=code,
        )
        job_id, elapsed, cpu = queued.stdout.strip().splitlines()[-1].split()
        outcome = subprocess.run(
            [sys.executable, "-c", CHECK, job_id],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=code,
        ).stdout.split()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    if not outcome or outcome[0] != "succeeded":
        raise SystemExit(f"the portal job did not succeed: {' '.join(outcome)}")
    return float(elapsed), float(cpu)


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


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def measure(
    source: Path, work: Path, codes: dict[str, Path], runs: int
) -> dict[str, dict[str, list[float]]]:
    """Each code's command line and portal, alternating, `runs` times."""
    out: dict[str, dict[str, list[float]]] = {
        name: {"cli": [], "cli_cpu": [], "portal": [], "portal_cpu": []} for name in codes
    }
    for run in range(runs):
        for name, code in codes.items():
            env = portal_env(work, code=code)
            wall, cpu = run_cli(source, work, env)
            out[name]["cli"].append(wall)
            out[name]["cli_cpu"].append(cpu)
            wall, cpu = run_portal(source, work, f"{name}-{run}", code)
            out[name]["portal"].append(wall)
            out[name]["portal_cpu"].append(cpu)
            print(
                f"run {run + 1} {name}: command {out[name]['cli'][-1]:.2f} s "
                f"(CPU {out[name]['cli_cpu'][-1]:.2f} s), portal {wall:.2f} s (CPU {cpu:.2f} s)",
                file=sys.stderr,
                flush=True,
            )
    return out


def summary_line(name: str, rows: int, runs: int, times: dict[str, list[float]]) -> str:
    ratios = [c / p for c, p in zip(times["cli"], times["portal"], strict=True)]
    cpu_ratios = [c / p for c, p in zip(times["cli_cpu"], times["portal_cpu"], strict=True)]
    cli, portal = statistics.median(times["cli"]), statistics.median(times["portal"])
    return (
        f"- {name}: {rows:,} rows, median of {runs} (range): `chemsec screen --workers 1` "
        f"{_spread(times['cli'])} s ({rows / cli:,.0f} rows/s), portal job "
        f"{_spread(times['portal'])} s ({rows / portal:,.0f} rows/s): "
        f"**{_spread(ratios)}x** the command line's speed in wall time; in CPU time "
        f"(command {_spread(times['cli_cpu'])} s, worker {_spread(times['portal_cpu'])} s) "
        f"{_spread(cpu_ratios)}x (goal: at least 0.8x)."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--baseline", type=Path, help="another copy of ChemSec, measured in the same run"
    )
    parser.add_argument("--write", metavar="FILE", help="append the results to this Markdown file")
    args = parser.parse_args()
    codes = {"this code": ROOT}
    if args.baseline:
        codes = {"baseline": args.baseline.resolve(), **codes}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "input.csv"
        write_input(source, args.rows)
        (work / "data").mkdir()
        # Untimed: the offline name index both sides read (built once per data directory).
        subprocess.run(
            [sys.executable, "-m", "chemsec", "screen", "--build-index"],
            env=portal_env(work),
            check=True,
            capture_output=True,
        )
        times = measure(source, work, codes, args.runs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [f"- {time.strftime('%Y-%m-%d %H:%M')}, {machine()}, load average {load:.1f}:"]
    lines += ["  " + summary_line(name, args.rows, args.runs, t) for name, t in times.items()]
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
    ours = times["this code"]
    ratio = statistics.median(c / p for c, p in zip(ours["cli"], ours["portal"], strict=True))
    return 0 if ratio >= 0.8 else 1


if __name__ == "__main__":
    sys.exit(main())

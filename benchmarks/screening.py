"""Screening benchmarks: ratios to RDKit parsing, inventories, look-ups, cold start.

    .venv/bin/python benchmarks/screening.py            # full run (1,000,000 SMILES)
    .venv/bin/python benchmarks/screening.py --quick    # reduced sizes, about 2 minutes
    .venv/bin/python benchmarks/screening.py --write docs/benchmarks.md
    .venv/bin/python -m benchmarks screening --quick --before REV   # before/after, one run

With --before REV the command-line measures also run the screening code of commit REV
(chemsec/screening and the file readers taken from REV, everything else from HEAD, so
that other apps' changes do not count), alternating with the current code.

Inputs: RDKit's bundled NCI sample (Data/NCI/first_5K.smi, repeated), its WEHI
screening-library sample (Data/Pains/test_data/wehi_mols.csv, drug-like), and an
inventory-like file of CAS numbers and names from the offline index with junk rows.
Every ratio is measured in the same run against its baseline (RDKit parsing the same
SMILES, end to end: start-up, reading, parsing), alternating the two sides and keeping
the best CPU time of each, so a busy machine slows both alike. Results are printed as
Markdown; --write replaces the "Screening" section of the given file.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def nci_smiles() -> list[str]:
    from rdkit import RDConfig

    path = Path(RDConfig.RDDataDir) / "NCI" / "first_5K.smi"
    return [line.split()[0] for line in path.read_text().splitlines() if line.strip()]


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def interleaved(
    rounds: int, a: Callable[[], object], b: Callable[[], object]
) -> tuple[float, float]:
    """Best CPU time of each, alternating runs: the machine is shared, so the other
    engineers' load hits both sides alike and the minimum is the least disturbed run."""
    best_a = best_b = float("inf")
    for _ in range(rounds):
        for fn, side in ((a, "a"), (b, "b")):
            start = time.process_time()
            fn()
            took = time.process_time() - start
            if side == "a":
                best_a = min(best_a, took)
            else:
                best_b = min(best_b, took)
    return best_a, best_b


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return (
        f"{os.cpu_count()} cores ({model}), {mem_kb / 1048576:.0f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


PARSER = """
import sys
from rdkit import Chem, RDLogger
RDLogger.DisableLog("rdApp.*")
with open(sys.argv[1]) as handle:
    for line in handle:
        parts = line.split()
        if parts:
            Chem.MolFromSmiles(parts[0])
"""


# Child processes keep their compiled bytecode (in a folder of the run's own, not in the
# checkout), as an installed program does: with PYTHONDONTWRITEBYTECODE set, every
# `chemsec screen` would compile ChemSec's sources again (about 0.1 s of CPU) while the
# RDKit script runs from compiled files.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _child_cpu(
    cmd: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """CPU time (user + system of the process and its children) and wall time."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        cmd,
        cwd=cwd,
        env=env or CHILD_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return cpu, wall


def _screen_cmd(path: Path, workers: int, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "chemsec", "screen", str(path), "--workers", str(workers),
        "--format", "csv", "--output", os.devnull, "--progress", "off", *extra,
    ]  # fmt: skip


SCREENING_PATHS = (
    "chemsec/screening",
    "chemsec/lib/tabular.py",
    "chemsec/lib/sniff.py",
    "chemsec/cli.py",  # the command's start-up
)


def export_before(rev: str, folder: Path) -> Path:
    """HEAD's code with the screening engine, command and readers of `rev`."""

    def archive(ref: str, *paths: str) -> None:
        data = subprocess.run(
            ["git", "archive", ref, *paths], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=data, check=True)

    folder.mkdir(parents=True, exist_ok=True)
    archive("HEAD")
    shutil.rmtree(folder / "chemsec" / "screening")
    archive(rev, *SCREENING_PATHS)
    return folder


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _smi_file(folder: Path, n: int) -> Path:
    base = nci_smiles()
    path = folder / f"nci-{n}.smi"
    with path.open("w") as handle:
        for i in range(n):
            handle.write(base[i % len(base)] + "\n")
    return path


def bench_end_to_end(n: int, rounds: int = 3, before: Path | None = None) -> dict[str, Any]:
    """`chemsec screen file.smi --workers 1` vs a script that reads the same file and
    parses every line with RDKit: both end to end, CPU time. Each round runs the parser
    and the screen (and the code before, if given) back to back; the ratio of each round
    is taken, and the best CPU time of each side."""
    out: dict[str, Any] = {"n": n, "rounds": rounds}
    with tempfile.TemporaryDirectory() as tmp:
        path = _smi_file(Path(tmp), n)
        parser = Path(tmp) / "parse.py"
        parser.write_text(PARSER)
        sides: dict[str, list[float]] = {"parse": [], "after": [], "before": []}
        walls: dict[str, list[float]] = {"parse": [], "after": [], "before": []}
        for _ in range(rounds):
            for side, cmd, code in (
                ("parse", [sys.executable, str(parser), str(path)], ROOT),
                ("after", _screen_cmd(path, 1, "--no-opsin"), ROOT),
                ("before", _screen_cmd(path, 1, "--no-opsin"), before),
            ):
                if code is None:
                    continue
                cpu, wall = _child_cpu(cmd, code)
                sides[side].append(cpu)
                walls[side].append(wall)
    parse = sides["parse"]
    out["parse_per_s"] = n / min(parse)
    for side in ("after", "before"):
        if sides[side]:
            out[side] = {
                "per_s": n / min(sides[side]),
                "ratio": min(sides[side]) / min(parse),
                "median_ratio": _median([s / p for s, p in zip(sides[side], parse, strict=True)]),
                "wall_ratio": _median(
                    [s / p for s, p in zip(walls[side], walls["parse"], strict=True)]
                ),
            }
    return out


def bench_two_workers(n: int, rounds: int = 1, before: Path | None = None) -> dict[str, Any]:
    """n SMILES with two workers vs two RDKit parsers on the two halves at once (wall),
    back to back in each round."""
    out: dict[str, Any] = {"n": n, "rounds": rounds}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _smi_file(folder, n)
        lines = path.read_text().splitlines(keepends=True)
        halves = [folder / "a.smi", folder / "b.smi"]
        halves[0].write_text("".join(lines[: n // 2]))
        halves[1].write_text("".join(lines[n // 2 :]))
        del lines
        parser = folder / "parse.py"
        parser.write_text(PARSER)
        sides: dict[str, list[float]] = {"parse": [], "after": [], "before": []}
        cpus: dict[str, list[float]] = {"parse": [], "after": [], "before": []}
        peaks: dict[str, float] = {}
        for _ in range(rounds):
            start, cpu = time.perf_counter(), _children_cpu()
            procs = [
                subprocess.Popen([sys.executable, str(parser), str(h)], env=CHILD_ENV)
                for h in halves
            ]
            for proc in procs:
                proc.wait()
            sides["parse"].append(time.perf_counter() - start)
            cpus["parse"].append(_children_cpu() - cpu)
            for side, code in (("after", ROOT), ("before", before)):
                if code is None:
                    continue
                cpu = _children_cpu()
                run = bench_file(path, 2, code)
                cpus[side].append(_children_cpu() - cpu)
                sides[side].append(run["wall_s"])
                peaks[side] = max(peaks.get(side, 0.0), run["peak_mb"])
    parse = sides["parse"]
    out["parse_wall"] = min(parse)
    out["parse_cpu"] = min(cpus["parse"])
    for side in ("after", "before"):
        if sides[side]:
            out[side] = {
                "wall": min(sides[side]),
                "ratio": min(sides[side]) / min(parse),
                "median_ratio": _median([s / p for s, p in zip(sides[side], parse, strict=True)]),
                "cpu": min(cpus[side]),
                "cpu_ratio": min(cpus[side]) / min(cpus["parse"]),
                "peak_mb": peaks[side],
            }
    return out


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def inventory_file(folder: Path, n: int) -> Path:
    """CAS numbers (90 %) and names (5 %) from the offline index, 'N/A' (3 %), broken
    SMILES (1 %) and systematic names the index lacks (1 %, read by OPSIN)."""
    import csv
    import random

    from chemsec.screening.engine.cas import int_to_cas
    from chemsec.screening.engine.names import _connection

    con = _connection(True)
    assert con is not None
    cas = [
        int_to_cas(r[0]) for r in con.execute("SELECT cas FROM cas WHERE cas % 3 = 0 LIMIT 20000")
    ]
    names = [r[0] for r in con.execute("SELECT name FROM name LIMIT 5000 OFFSET 200000")]
    rnd = random.Random(16)
    path = folder / "inventory.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "CAS"])
        for i in range(n):
            x = rnd.random()
            if x < 0.90:
                writer.writerow([f"item {i}", rnd.choice(cas)])
            elif x < 0.95:
                writer.writerow([rnd.choice(names), ""])
            elif x < 0.98:
                writer.writerow(["N/A", "N/A"])
            elif x < 0.99:
                writer.writerow([rnd.choice(["C1CC(", "CC(C)(C)(C)(C)C", "c1cccc1"]), ""])
            else:
                chain = rnd.choice(["hexyl", "heptyl", "octyl", "nonyl"])
                acid = rnd.choice(["acetate", "benzoate", "propanoate"])
                writer.writerow([f"{rnd.randint(2, 5)}-methyl{chain} {acid}", ""])
    return path


def _opsin_store_env(store: Path) -> dict[str, str]:
    """The children's environment with OPSIN's answers kept in `store` (engine/opsin.py);
    code from before the store ignores it."""
    return {**CHILD_ENV, "CHEMSEC_OPSIN_CACHE": str(store)}


def bench_inventory(n: int, rounds: int = 2, before: Path | None = None) -> dict[str, Any]:
    """Rows per second of CPU (best of `rounds`, alternating with the code before).

    Each side is measured cold (no OPSIN answers kept from an earlier run: the JVM starts,
    as on a first run), warm (the same command again, its names answered from the store
    of the cold run: no JVM; code from before the store is cold again) and with
    `--no-opsin` (no name goes to OPSIN: the ceiling a warm run can reach). Each side has
    a store of its own, new in each round: the code before must not read the answers the
    current code kept, nor the other way round."""
    out: dict[str, Any] = {"n": n}
    with tempfile.TemporaryDirectory() as tmp:
        path = inventory_file(Path(tmp), n)
        for round_ in range(rounds):
            for prefix, code in (("", ROOT), ("before_", before)):
                if code is None:
                    continue
                env = _opsin_store_env(Path(tmp) / f"opsin-answers-{prefix}{round_}.sqlite")
                for side, extra in (("cold", ()), ("warm", ()), ("no_opsin", ("--no-opsin",))):
                    cpu, wall = _child_cpu(_screen_cmd(path, 1, *extra), code, env)
                    name = prefix + ("after" if side == "cold" else side)
                    best = out.setdefault(name, {"cpu_per_s": 0.0, "wall_per_s": 0.0, "runs": []})
                    best["runs"].append(n / cpu)
                    best["cpu_per_s"] = max(best["cpu_per_s"], n / cpu)
                    best["wall_per_s"] = max(best["wall_per_s"], n / wall)
    out["before"] = out.get("before_after")
    return out


def settled_fraction(smiles: list[str]) -> float:
    """Share of rows the formula pre-filter settles as clear right after the parse,
    without building components, keys or substructure searches."""
    from chemsec.screening.engine import structure as st
    from chemsec.screening.engine.core import Screener

    matcher = Screener(use_opsin=False).matcher
    settled = 0
    for text in smiles:
        mol = st.parse_smiles(text)
        if mol is None:
            continue
        formula = st.formula_of(mol)
        if "." in text:
            settled += matcher.salt_cannot_match(mol, formula, text)
        else:
            settled += matcher.cannot_match(formula, mol.GetNumHeavyAtoms())
    return settled / len(smiles)


def text_settled_fraction(smiles: list[str]) -> float:
    """Share of rows settled on the SMILES text alone (the exact text pre-filter plus
    the cheap validity check), before any full parse."""
    from chemsec.screening.engine import structure as st
    from chemsec.screening.engine.core import Screener

    matcher = Screener(use_opsin=False).matcher
    settled = sum(matcher.text_settles(t) and st.valid_smiles(t) for t in smiles)
    return settled / len(smiles)


def wehi_smiles() -> list[str]:
    import csv

    from rdkit import RDConfig

    path = Path(RDConfig.RDDataDir) / "Pains" / "test_data" / "wehi_mols.csv"
    with path.open() as handle:
        return [row[0] for row in csv.reader(handle) if row]


def bench_ratio(reps: int, sample: list[str] | None = None) -> dict[str, float]:
    """Screening SMILES against all lists vs RDKit only parsing the same SMILES."""
    from rdkit import Chem

    from chemsec.screening.engine.core import Screener
    from chemsec.screening.engine.results import InputRow

    smiles = (sample or nci_smiles()) * reps
    rows = [InputRow(s, line=i, kind="smiles") for i, s in enumerate(smiles, 1)]
    screener = Screener(use_opsin=False)

    def parse() -> None:
        for s in smiles:
            Chem.MolFromSmiles(s)

    def screen() -> None:
        for i in range(0, len(rows), 500):
            screener.screen_chunk(rows[i : i + 500])

    parse_s, screen_s = interleaved(5, parse, screen)
    return {
        "n": len(smiles),
        "parse_per_s": len(smiles) / parse_s,
        "screen_per_s": len(smiles) / screen_s,
        "ratio": screen_s / parse_s,
    }


def bench_lookups() -> dict[str, float]:
    """Identifier look-ups after start: list data (in memory) and the offline index."""
    from chemsec.screening.engine.cas import int_to_cas
    from chemsec.screening.engine.core import Screener
    from chemsec.screening.engine.lists import entries
    from chemsec.screening.engine.names import NameIndex, _connection
    from chemsec.screening.engine.results import InputRow

    screener = Screener(use_opsin=False)
    listed = [e for e in entries(["CWC", "AG", "EU", "CFATS"]) if e.is_chemical]
    cas_rows = [InputRow(e.cas) for e in listed if e.cas] * 400
    name_rows = [InputRow(n) for e in listed for n in e.names] * 200
    resolve = screener.resolver.resolve
    out = {
        "list_cas_per_s": len(cas_rows) / best_of(3, lambda: [resolve(r) for r in cas_rows]),
        "list_name_per_s": len(name_rows) / best_of(3, lambda: [resolve(r) for r in name_rows]),
    }
    index = NameIndex()
    con = _connection(True)
    assert con is not None
    cas = [int_to_cas(r[0]) for r in con.execute("SELECT cas FROM cas LIMIT 50000")]
    names = [r[0] for r in con.execute("SELECT name FROM name LIMIT 50000 OFFSET 100000")]
    out["index_cas_per_s"] = len(cas) / best_of(3, lambda: _batched(index, cas, []))
    out["index_name_per_s"] = len(names) / best_of(3, lambda: _batched(index, [], names))
    return out


def _batched(index: object, cas: list[str], names: list[str]) -> None:
    from chemsec.screening.engine.names import NameIndex

    assert isinstance(index, NameIndex)
    for i in range(0, max(len(cas), len(names)), 500):
        index.prefetch(cas[i : i + 500], names[i : i + 500])
        for c in cas[i : i + 500]:
            index.by_cas(c)
        for n in names[i : i + 500]:
            index.by_name(n)
        index.clear()


def bench_cold(runs: int = 5, code: Path = ROOT) -> float:
    """Wall time of a fresh `chemsec screen 7782-50-5` process (median)."""
    cmd = [sys.executable, "-m", "chemsec", "screen", "7782-50-5"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=code, env=CHILD_ENV, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_file(path: Path, workers: int, code: Path = ROOT) -> dict[str, float]:
    """A .smi file through the CLI with `workers` processes: wall time and peak memory."""
    import psutil

    start = time.perf_counter()
    proc = psutil.Popen(
        _screen_cmd(path, workers, "--no-opsin"),
        cwd=code,
        env=CHILD_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0
    while proc.poll() is None:  # poll() reaps the process: its CPU time is counted
        peak = max(peak, _tree_rss(proc))
        time.sleep(0.2)
    return {"wall_s": time.perf_counter() - start, "peak_mb": peak / 1048576}


def _tree_rss(proc: object) -> int:
    import psutil

    assert isinstance(proc, psutil.Process)
    try:
        members = [proc, *proc.children(recursive=True)]
        return sum(p.memory_info().rss for p in members)
    except psutil.Error:
        return 0


def _load() -> str:
    one, five, _ = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return f"{one:.1f} (1 min) / {five:.1f} (5 min)"


def _e2e_cell(side: dict[str, float]) -> str:
    return (
        f"{side['ratio']:.2f}x best, {side['median_ratio']:.2f}x median of rounds "
        f"({side['per_s']:,.0f}/s); wall {side['wall_ratio']:.2f}x (median)"
    )


MEASURES = ("identical", "e2e", "inventory", "two", "engine", "lookups", "cold")


def outputs_identical(before: Path) -> list[tuple[str, bool]]:
    """Whether the code before and after write the same bytes (and exit status) for the
    NCI sample, the WEHI drug-like sample and an inventory-like file, in CSV, JSON and
    table form, with one and two workers."""
    out: list[tuple[str, bool]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        nci = _smi_file(folder, 5_000)
        wehi = folder / "wehi.smi"
        wehi.write_text("".join(f"{s}\n" for s in wehi_smiles()))
        inventory = inventory_file(folder, 5_000)
        cases = [
            ("NCI sample, CSV, 1 worker", nci, "csv", 1, ("--no-opsin",)),
            ("NCI sample, JSON, 1 worker", nci, "json", 1, ("--no-opsin",)),
            ("NCI sample, CSV, 2 workers", nci, "csv", 2, ("--no-opsin",)),
            ("WEHI sample, CSV, 1 worker", wehi, "csv", 1, ("--no-opsin",)),
            ("WEHI sample, table, 1 worker", wehi, "table", 1, ("--no-opsin",)),
            ("inventory-like file (5,000 rows, OPSIN), CSV, 1 worker", inventory, "csv", 1, ()),
            ("the same, OPSIN's answers from the store (warm)", inventory, "csv", 1, ()),
            ("inventory-like file, JSON, 2 workers", inventory, "json", 2, ("--no-opsin",)),
        ]
        store = folder / "opsin-answers.sqlite"  # empty at the first OPSIN case: cold
        for label, path, fmt, workers, extra in cases:
            texts = []
            for code in (ROOT, before):
                target = folder / "out.txt"
                cmd = _screen_cmd(path, workers, *extra)
                cmd[cmd.index("--format") + 1] = fmt
                cmd[cmd.index("--output") + 1] = str(target)
                done = subprocess.run(
                    cmd, cwd=code, env=_opsin_store_env(store), capture_output=True, check=False
                )
                texts.append((done.returncode, target.read_bytes()))
            out.append((label, texts[0] == texts[1]))
    return out


def report(
    quick: bool,
    before: Path | None = None,
    rev: str = "",
    two_n: int = 0,
    only: tuple[str, ...] = MEASURES,
    rounds: int = 3,
) -> str:
    for code in (ROOT, before):  # compile each side's bytecode once, before measuring
        if code is not None:
            bench_cold(1, code)
    loads = [_load()]
    ok = {True: "met", False: "**missed**"}
    no = "-"
    rows: list[str] = []
    identical = outputs_identical(before) if before is not None and "identical" in only else []
    if "e2e" in only:
        e2e = bench_end_to_end(50_000 if quick else 200_000, rounds, before)
        loads.append(_load())
        e2e_after, e2e_before = e2e["after"], e2e.get("before")
        rows.append(
            f"| `chemsec screen` a .smi file, 1 worker, CSV out, vs RDKit reading and parsing "
            f"the same file ({e2e['n']:,} NCI SMILES, end to end, CPU time, {e2e['rounds']} "
            f"rounds; RDKit {e2e['parse_per_s']:,.0f}/s) | "
            f"{_e2e_cell(e2e_before) if e2e_before else no} | {_e2e_cell(e2e_after)} "
            f"| <= 1.2x, then < 1.0x | {ok[e2e_after['ratio'] <= 1.2]}, "
            f"{ok[e2e_after['ratio'] < 1.0]} |"
        )
    if "inventory" in only:
        inventory = bench_inventory(50_000 if quick else 281_854, 2, before)
        loads.append(_load())
        inv_after, inv_before = inventory["after"], inventory.get("before")
        inv_warm = inventory["warm"]

        def inv_cell(side: dict[str, Any]) -> str:
            runs = ", ".join(f"{r:,.0f}" for r in side["runs"])
            return (
                f"{side['cpu_per_s']:,.0f}/s CPU (runs: {runs}; {side['wall_per_s']:,.0f}/s wall)"
            )

        rows.append(
            f"| inventory-like file: {inventory['n']:,} rows of CAS numbers and names with junk "
            f"(N/A, broken SMILES, names for OPSIN), 1 worker, cold (first run: OPSIN's JVM "
            f"starts) | {inv_cell(inv_before) if inv_before else no} | {inv_cell(inv_after)} "
            f"| >= 20,000/s | {ok[inv_after['cpu_per_s'] >= 2e4]} |"
        )
        warm_before, ceiling_before = inventory.get("before_warm"), inventory.get("before_no_opsin")
        rows.append(
            f"| the same file again, warm (OPSIN's answers from the cold run's store: no JVM) | "
            f"{inv_cell(warm_before) if warm_before else no} | {inv_cell(inv_warm)} "
            f"| >= 20,000/s | {ok[inv_warm['cpu_per_s'] >= 2e4]} |"
        )
        rows.append(
            f"| the same file with `--no-opsin` (no name goes to OPSIN: the ceiling) | "
            f"{inv_cell(ceiling_before) if ceiling_before else no} | "
            f"{inv_cell(inventory['no_opsin'])} | >= 20,000/s | "
            f"{ok[inventory['no_opsin']['cpu_per_s'] >= 2e4]} |"
        )
    if "two" in only:
        two = bench_two_workers(two_n or (100_000 if quick else 1_000_000), 1, before)
        loads.append(_load())
        two_after, two_before = two["after"], two.get("before")

        def two_cell(side: dict[str, float]) -> str:
            return (
                f"{side['ratio']:.2f}x wall ({side['wall']:.0f} s vs {two['parse_wall']:.0f} s); "
                f"{side['cpu_ratio']:.2f}x CPU ({side['cpu']:.0f} s vs {two['parse_cpu']:.0f} s)"
            )

        peak_before = f"{two_before['peak_mb']:,.0f} MB" if two_before else no
        rows += [
            f"| {two['n']:,} SMILES, 2 workers, vs two RDKit parsers on the two halves at once "
            f"| {two_cell(two_before) if two_before else no} | {two_cell(two_after)} "
            f"| <= 1.0x | {ok[two_after['ratio'] <= 1.0]} |",
            f"| peak memory of the 2-worker run (all processes) | "
            f"{peak_before} | "
            f"{two_after['peak_mb']:,.0f} MB | < 1,500 MB | {ok[two_after['peak_mb'] < 1500]} |",
        ]
    if "cold" in only:
        cold = bench_cold()
        cold_then = f"{bench_cold(code=before):.2f} s" if before is not None else no
        rows.append(
            f"| cold `chemsec screen 7782-50-5` (median of 5) | "
            f"{cold_then} | {cold:.2f} s | < 1.0 s | {ok[cold < 1.0]} |"
        )
    if "engine" in only:
        engine = bench_ratio(1 if quick else 4)
        engine_wehi = bench_ratio(1, wehi_smiles())
        text_nci = text_settled_fraction(nci_smiles())
        text_wehi = text_settled_fraction(wehi_smiles())
        nci, wehi = settled_fraction(nci_smiles()), settled_fraction(wehi_smiles())
        rows += [
            f"| the engine alone (Screener.screen_chunk) vs RDKit parsing, in one process "
            f"({engine['n']:,} NCI SMILES) | - | {engine['ratio']:.2f}x | - | - |",
            f"| the engine alone vs RDKit parsing, drug-like WEHI sample ({engine_wehi['n']:,} "
            f"SMILES) | - | {engine_wehi['ratio']:.2f}x | < 1.0x | "
            f"{ok[engine_wehi['ratio'] < 1.0]} |",
            f"| rows settled on the SMILES text, before any full parse (exact text pre-filter "
            f"and cheap validity check): NCI sample / WEHI drug-like sample | - | "
            f"{text_nci:.0%} / {text_wehi:.0%} | - | - |",
            f"| rows settled by the formula pre-filter right after parsing: NCI sample / "
            f"WEHI drug-like sample | - | {nci:.0%} / {wehi:.0%} | - | - |",
        ]
    if "lookups" in only:
        lookups = bench_lookups()
        lc, ln = lookups["list_cas_per_s"], lookups["list_name_per_s"]
        ic, iname = lookups["index_cas_per_s"], lookups["index_name_per_s"]
        rows += [
            f"| list CAS look-ups (identity resolved from list data) | - | "
            f"{lc:,.0f}/s | >= 100,000/s | {ok[lc >= 1e5]} |",
            f"| list name and code look-ups | - | {ln:,.0f}/s | >= 100,000/s | {ok[ln >= 1e5]} |",
            f"| offline index CAS look-ups (76k records, batched per chunk) | - | "
            f"{ic:,.0f}/s | >= 100,000/s | {ok[ic >= 1e5]} |",
            f"| offline index name look-ups (950k names, batched per chunk) | - | "
            f"{iname:,.0f}/s | >= 100,000/s | {ok[iname >= 1e5]} |",
        ]
    loads.append(_load())
    command = ".venv/bin/python -m benchmarks screening" + (" --quick" if quick else "")
    command += f" --before {rev}" if rev else ""
    command += f" --two-workers-rows {two_n}" if two_n else ""
    command += f" --only {','.join(only)}" if only != MEASURES else ""
    command += f" --rounds {rounds}" if rounds != 3 else ""
    lines = [
        "## Screening",
        "",
        f"Machine: {machine()}. Command: `{command}`. Load average at the start and after "
        f"each group of measures: {'; '.join(loads)}.",
        "",
    ]
    if identical:
        same = all(same for _, same in identical)
        lines += [
            "Outputs of the code before and after, byte for byte (and exit status): "
            + "; ".join(f"{label}: {'identical' if same else '**different**'}"
                        for label, same in identical)
            + ("." if same else ". **Outputs differ.**"),
            "",
        ]  # fmt: skip
    lines += [
        f"| measure | before ({rev or 'not run'}, same run) | after | target | status |",
        "|---|---|---|---|---|",
        *rows,
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    start = text.find("## Screening")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("" if end == -1 else text[end + 1 :])
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes")
    parser.add_argument("--write", type=Path, help="replace the Screening section of this file")
    parser.add_argument("--before", metavar="REV", help="also run the screening code of REV")
    parser.add_argument(
        "--two-workers-rows", type=int, default=0, help="SMILES for the 2-worker measure"
    )
    parser.add_argument(
        "--only", default=",".join(MEASURES), help=f"comma-separated, of: {', '.join(MEASURES)}"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the end-to-end measure")
    args = parser.parse_args()
    only = tuple(m for m in MEASURES if m in args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        code = Path(tmp) / "before"
        before = export_before(args.before, code) if args.before else None
        section = report(
            args.quick, before, args.before or "", args.two_workers_rows, only, args.rounds
        )
    print(section)
    if args.write:
        write_section(args.write, section)


if __name__ == "__main__":
    main()

"""Screening benchmarks: cost over parsing, look-ups, cold start, a large file.

    .venv/bin/python benchmarks/screening.py            # full run (1,000,000 SMILES)
    .venv/bin/python benchmarks/screening.py --quick    # reduced sizes, ~1 minute
    .venv/bin/python benchmarks/screening.py --write docs/benchmarks.md

Input is RDKit's bundled NCI sample (Data/NCI/first_5K.smi), repeated. Ratios are
measured in the same run against a baseline in the same process, so a busy machine
slows both sides. Results are printed as Markdown; --write replaces the "Screening"
section of the given file.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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


def bench_ratio(reps: int) -> dict[str, float]:
    """Screening SMILES against all lists vs RDKit only parsing the same SMILES."""
    from rdkit import Chem

    from chemsec.screening.engine.core import Screener
    from chemsec.screening.engine.results import InputRow

    smiles = nci_smiles() * reps
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


def bench_cold(runs: int = 5) -> float:
    """Wall time of a fresh `chemsec screen 7782-50-5` process (median)."""
    cmd = [sys.executable, "-m", "chemsec", "screen", "7782-50-5"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_file(n: int, workers: int) -> dict[str, float]:
    """n SMILES from a .smi file through the CLI with `workers` processes."""
    import psutil

    base = nci_smiles()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.smi"
        with path.open("w") as handle:
            for i in range(n):
                handle.write(base[i % len(base)] + "\n")
        cmd = [
            sys.executable,
            "-m",
            "chemsec",
            "screen",
            str(path),
            "--workers",
            str(workers),
            "--format",
            "csv",
            "--output",
            os.devnull,
            "--no-opsin",
            "--progress",
            "off",
        ]
        start = time.perf_counter()
        proc = psutil.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc))
            time.sleep(0.2)
        wall = time.perf_counter() - start
    return {
        "n": n,
        "workers": workers,
        "wall_s": wall,
        "per_s": n / wall,
        "peak_mb": peak / 1048576,
        "exit": float(proc.returncode),
    }


def _tree_rss(proc: object) -> int:
    import psutil

    assert isinstance(proc, psutil.Process)
    try:
        members = [proc, *proc.children(recursive=True)]
        return sum(p.memory_info().rss for p in members)
    except psutil.Error:
        return 0


def report(quick: bool) -> str:
    ratio = bench_ratio(1 if quick else 4)
    lookups = bench_lookups()
    cold = bench_cold()
    big = bench_file(100_000 if quick else 1_000_000, 2)
    ok = {True: "met", False: "**missed**"}
    lc, ln = lookups["list_cas_per_s"], lookups["list_name_per_s"]
    ic, iname = lookups["index_cas_per_s"], lookups["index_name_per_s"]
    lines = [
        "## Screening",
        "",
        f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/screening.py"
        f"{' --quick' if quick else ''}`.",
        "",
        "| measure | result | target | status |",
        "|---|---|---|---|",
        f"| screening vs RDKit parsing only ({ratio['n']:,} NCI SMILES, CPU time, best of 5) | "
        f"{ratio['ratio']:.2f}x ({ratio['screen_per_s']:,.0f}/s vs {ratio['parse_per_s']:,.0f}/s) "
        f"| <= 1.5x | {ok[ratio['ratio'] <= 1.5]} |",
        f"| list CAS look-ups (identity resolved from list data) | "
        f"{lc:,.0f}/s | >= 100,000/s | {ok[lc >= 1e5]} |",
        f"| list name and code look-ups | {ln:,.0f}/s | >= 100,000/s | {ok[ln >= 1e5]} |",
        f"| offline index CAS look-ups (76k records, batched per chunk) | "
        f"{ic:,.0f}/s | >= 100,000/s | {ok[ic >= 1e5]} |",
        f"| offline index name look-ups (950k names, batched per chunk) | "
        f"{iname:,.0f}/s | >= 100,000/s | {ok[iname >= 1e5]} |",
        f"| cold `chemsec screen 7782-50-5` (median of 5) | {cold:.2f} s | < 1.0 s "
        f"| {ok[cold < 1.0]} |",
        f"| {big['n']:,} SMILES from a file, {big['workers']} workers, CSV out | "
        f"{big['per_s']:,.0f}/s ({big['wall_s']:.0f} s) | >= 20,000/s "
        f"| {ok[big['per_s'] >= 2e4]} |",
        f"| peak memory of that run (all processes) | {big['peak_mb']:,.0f} MB | < 1,500 MB | "
        f"{ok[big['peak_mb'] < 1500]} |",
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
    args = parser.parse_args()
    section = report(args.quick)
    print(section)
    if args.write:
        write_section(args.write, section)


if __name__ == "__main__":
    main()

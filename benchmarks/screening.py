"""Screening benchmarks: ratios to RDKit parsing, inventories, look-ups, cold start.

    .venv/bin/python benchmarks/screening.py            # full run (1,000,000 SMILES)
    .venv/bin/python benchmarks/screening.py --quick    # reduced sizes, about 2 minutes
    .venv/bin/python benchmarks/screening.py --write docs/benchmarks.md

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


def _child_cpu(cmd: list[str]) -> tuple[float, float]:
    """CPU time (user + system of the process and its children) and wall time."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return cpu, wall


def _screen_cmd(path: Path, workers: int, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "chemsec", "screen", str(path), "--workers", str(workers),
        "--format", "csv", "--output", os.devnull, "--progress", "off", *extra,
    ]  # fmt: skip


def _smi_file(folder: Path, n: int) -> Path:
    base = nci_smiles()
    path = folder / f"nci-{n}.smi"
    with path.open("w") as handle:
        for i in range(n):
            handle.write(base[i % len(base)] + "\n")
    return path


def bench_end_to_end(n: int, rounds: int = 3) -> dict[str, float]:
    """`chemsec screen file.smi --workers 1` vs a script that reads the same file and
    parses every line with RDKit: both end to end, CPU time, best of `rounds`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _smi_file(Path(tmp), n)
        parser = Path(tmp) / "parse.py"
        parser.write_text(PARSER)
        best_parse = best_screen = float("inf")
        for _ in range(rounds):
            best_parse = min(best_parse, _child_cpu([sys.executable, str(parser), str(path)])[0])
            best_screen = min(best_screen, _child_cpu(_screen_cmd(path, 1, "--no-opsin"))[0])
    return {
        "n": n,
        "parse_per_s": n / best_parse,
        "screen_per_s": n / best_screen,
        "ratio": best_screen / best_parse,
    }


def bench_two_workers(n: int) -> dict[str, float]:
    """n SMILES with two workers vs two RDKit parsers on the two halves at once (wall)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _smi_file(folder, n)
        lines = path.read_text().splitlines(keepends=True)
        halves = [folder / "a.smi", folder / "b.smi"]
        halves[0].write_text("".join(lines[: n // 2]))
        halves[1].write_text("".join(lines[n // 2 :]))
        parser = folder / "parse.py"
        parser.write_text(PARSER)
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, str(parser), str(h)]) for h in halves]
        for proc in procs:
            proc.wait()
        parse_wall = time.perf_counter() - start
        screen = bench_file(path, 2)
    return {
        "n": n,
        "parse_wall": parse_wall,
        "screen_wall": screen["wall_s"],
        "peak_mb": screen["peak_mb"],
    }


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


def bench_inventory(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = inventory_file(Path(tmp), n)
        cpu, wall = _child_cpu(_screen_cmd(path, 1))
    return {"n": n, "cpu_per_s": n / cpu, "wall_per_s": n / wall}


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


def bench_cold(runs: int = 5) -> float:
    """Wall time of a fresh `chemsec screen 7782-50-5` process (median)."""
    cmd = [sys.executable, "-m", "chemsec", "screen", "7782-50-5"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_file(path: Path, workers: int) -> dict[str, float]:
    """A .smi file through the CLI with `workers` processes: wall time and peak memory."""
    import psutil

    start = time.perf_counter()
    proc = psutil.Popen(
        _screen_cmd(path, workers, "--no-opsin"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0
    while proc.poll() is None:
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


def report(quick: bool) -> str:
    e2e = bench_end_to_end(50_000 if quick else 200_000)
    engine = bench_ratio(1 if quick else 4)
    engine_wehi = bench_ratio(1, wehi_smiles())
    text_nci, text_wehi = text_settled_fraction(nci_smiles()), text_settled_fraction(wehi_smiles())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    inventory = bench_inventory(50_000 if quick else 281_854)
    two = bench_two_workers(100_000 if quick else 1_000_000)
    nci, wehi = settled_fraction(nci_smiles()), settled_fraction(wehi_smiles())
    lookups = bench_lookups()
    cold = bench_cold()
    ok = {True: "met", False: "**missed**"}
    lc, ln = lookups["list_cas_per_s"], lookups["list_name_per_s"]
    ic, iname = lookups["index_cas_per_s"], lookups["index_name_per_s"]
    two_ratio = two["screen_wall"] / two["parse_wall"]
    lines = [
        "## Screening",
        "",
        f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/screening.py"
        f"{' --quick' if quick else ''}`. Load average (1 min) after the first measures: "
        f"{load:.1f}.",
        "",
        "| measure | result | target | status |",
        "|---|---|---|---|",
        f"| `chemsec screen` a .smi file, 1 worker, CSV out, vs RDKit reading and parsing "
        f"the same file ({e2e['n']:,} NCI SMILES, end to end, CPU time, best of 3) | "
        f"{e2e['ratio']:.2f}x ({e2e['screen_per_s']:,.0f}/s vs {e2e['parse_per_s']:,.0f}/s) "
        f"| <= 1.2x | {ok[e2e['ratio'] <= 1.2]} |",
        f"| the engine alone (Screener.screen_chunk) vs RDKit parsing, in one process "
        f"({engine['n']:,} NCI SMILES) | {engine['ratio']:.2f}x | - | - |",
        f"| the engine alone vs RDKit parsing, drug-like WEHI sample ({engine_wehi['n']:,} "
        f"SMILES) | {engine_wehi['ratio']:.2f}x | < 1.0x | {ok[engine_wehi['ratio'] < 1.0]} |",
        f"| rows settled on the SMILES text, before any full parse (exact text pre-filter "
        f"and cheap validity check): NCI sample / WEHI drug-like sample | "
        f"{text_nci:.0%} / {text_wehi:.0%} | - | - |",
        f"| inventory-like file: {inventory['n']:,} rows of CAS numbers and names with junk "
        f"(N/A, broken SMILES, names for OPSIN), 1 worker | "
        f"{inventory['cpu_per_s']:,.0f}/s CPU ({inventory['wall_per_s']:,.0f}/s wall) "
        f"| >= 20,000/s | {ok[inventory['cpu_per_s'] >= 2e4]} |",
        f"| {two['n']:,} SMILES, 2 workers, vs two RDKit parsers on the two halves at once "
        f"(wall) | {two_ratio:.2f}x ({two['screen_wall']:.0f} s vs {two['parse_wall']:.0f} s) "
        f"| <= 1.0x | {ok[two_ratio <= 1.0]} |",
        f"| rows settled by the formula pre-filter right after parsing: NCI sample / "
        f"WEHI drug-like sample | {nci:.0%} / {wehi:.0%} | - | - |",
        f"| list CAS look-ups (identity resolved from list data) | "
        f"{lc:,.0f}/s | >= 100,000/s | {ok[lc >= 1e5]} |",
        f"| list name and code look-ups | {ln:,.0f}/s | >= 100,000/s | {ok[ln >= 1e5]} |",
        f"| offline index CAS look-ups (76k records, batched per chunk) | "
        f"{ic:,.0f}/s | >= 100,000/s | {ok[ic >= 1e5]} |",
        f"| offline index name look-ups (950k names, batched per chunk) | "
        f"{iname:,.0f}/s | >= 100,000/s | {ok[iname >= 1e5]} |",
        f"| cold `chemsec screen 7782-50-5` (median of 5) | {cold:.2f} s | < 1.0 s "
        f"| {ok[cold < 1.0]} |",
        f"| peak memory of the 2-worker run (all processes) | {two['peak_mb']:,.0f} MB "
        f"| < 1,500 MB | {ok[two['peak_mb'] < 1500]} |",
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

"""Process pool and Dask give the same results, in the same order, as one process."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from rdkit import RDConfig

from chemsec.screening.engine import screen_rows
from chemsec.screening.engine.inputs import read_file, smi_range_rows, smi_ranges
from chemsec.screening.engine.parallel import screen_dask, screen_local
from chemsec.screening.engine.results import InputRow

NCI = f"{RDConfig.RDDataDir}/NCI/first_5K.smi"
EXTRA = ["CC(C)OP(C)(=O)F", "Cl.CN(C)CCCl", "50-00-1", "C1CC(", "7782-50-5", "sarin"]


def _rows() -> list[InputRow]:
    rows = list(islice(read_file(NCI), 300))
    return rows + [InputRow(text, line=1000 + i) for i, text in enumerate(EXTRA)]


def _dicts(results: Any) -> list[dict[str, Any]]:
    return [r.to_dict() for r in results]


@pytest.fixture(scope="module")
def expected() -> list[dict[str, Any]]:
    return _dicts(screen_rows(_rows(), use_opsin=False))


def test_it_gives_identical_results_with_worker_processes(expected: Any) -> None:
    got = _dicts(screen_local(_rows(), workers=2, chunk_size=40, use_opsin=False))
    assert got == expected
    assert sum(r["status"] == "matched" for r in got) >= 4


def test_it_gives_identical_results_on_a_dask_cluster(expected: Any) -> None:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        got = _dicts(screen_dask(_rows(), client=client, chunk_size=40, use_opsin=False))
    assert got == expected


# -- worker processes that read their own byte ranges and render their own rows ----------
def _cli_output(tmp_path: Path, name: str, argv: list[str]) -> tuple[int, bytes]:
    from chemsec.cli import main

    out = tmp_path / name
    code = main(["screen", *argv, "--no-opsin", "--progress", "off", "-o", str(out)])
    return code, out.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_it_writes_the_same_file_with_worker_processes(tmp_path: Path, fmt: str) -> None:
    # Line endings of every kind, blank lines, a header line, a broken SMILES, salts,
    # a listed chemical, non-UTF-8 bytes and no final newline: the workers read ranges
    # of the file themselves and must give the same rows, numbers and text.
    lines = [line.split()[0] for line in Path(NCI).read_text().splitlines()[:700]]
    body = "smiles\r\n" + "\r\n".join(lines[:300]) + "\n\nC1CC(\rCl.CN(C)CCCl\r"
    data = body.encode() + b"CC\xff\xfeO\n" + "\n".join([*lines[300:], EXTRA[0]]).encode()
    source = tmp_path / "mixed.smi"
    source.write_bytes(data)
    argv = [str(source), "--format", fmt]
    one = _cli_output(tmp_path, f"one.{fmt}", argv)
    two = _cli_output(tmp_path, f"two.{fmt}", [*argv, "--workers", "2"])
    assert two == one
    assert one[0] == 1  # the listed chemical was matched (exit status of a match)


def test_it_renders_table_files_and_identifiers_with_worker_processes(tmp_path: Path) -> None:
    table = tmp_path / "inventory.csv"
    table.write_text("Name,CAS\nitem,7782-50-5\nN/A,N/A\nethanol,\n,64-17-5\n")
    argv = [str(table), "CCO", str(table), "--format", "json"]
    one = _cli_output(tmp_path, "one.json", argv)
    two = _cli_output(tmp_path, "two.json", [*argv, "--workers", "2"])
    assert two == one
    assert [r["line"] for r in json.loads(two[1])] == [2, 3, 4, 5, None, 2, 3, 4, 5]


@pytest.mark.parametrize("block", [1, 7, 64, 4096])
def test_byte_ranges_give_the_rows_of_the_whole_file(tmp_path: Path, block: int) -> None:
    source = tmp_path / "ends.smi"
    source.write_bytes(b"CCO x\r\n\r\nsmiles\nC1CC(\rc1ccccc1\r\nCl.CCN\n\nO=C=O")
    whole = [(r.identifier, r.line) for r in read_file(str(source))]
    pieces = [
        (r.identifier, r.line) for piece in smi_ranges(str(source), block)
        for r in smi_range_rows(*piece)
    ]  # fmt: skip
    assert pieces == whole
    assert whole == [("CCO", 1), ("C1CC(", 4), ("c1ccccc1", 5), ("Cl.CCN", 6), ("O=C=O", 8)]

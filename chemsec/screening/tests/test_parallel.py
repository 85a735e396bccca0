"""Process pool and Dask give the same results, in the same order, as one process."""

from __future__ import annotations

from itertools import islice
from typing import Any

import pytest
from rdkit import RDConfig

from chemsec.screening.engine import screen_rows
from chemsec.screening.engine.inputs import read_file
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

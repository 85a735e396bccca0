"""QA item 11 (issue 16): an unquoted chemical name under a ``name,cas`` header is never
screened by its pieces ("invalid CAS: N-Diisopropylethanolamine"). Its commas are kept
when that makes the row fit the header; a name cut into exactly the header's width, or a
row that still has more cells than the header, is kept and reported with its reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chemsec.lib.tabular import cut_at_name_comma, split_line
from chemsec.screening import screen_rows
from chemsec.screening.engine.inputs import read_file


def _screen(tmp_file: Any, content: str) -> list[Any]:
    path: Path = tmp_file("inventory.csv", content)
    return list(screen_rows(read_file(str(path)), use_opsin=False))


@pytest.mark.parametrize(
    "row",
    [
        "N,N-Diisopropylethanolamine,",  # the CAS cell left empty
        "N,N-Diisopropylethanolamine,96-80-0",
    ],
)
def test_a_name_whose_commas_make_the_row_fit_is_read_whole(tmp_file: Any, row: str) -> None:
    (result,) = _screen(tmp_file, f"name,cas\n{row}\n")
    assert result.status == "matched" and result.identity.cas == "96-80-0"


def test_a_cas_number_before_the_name_is_not_swallowed(tmp_file: Any) -> None:
    (result,) = _screen(tmp_file, "cas,name\n96-80-0,N,N-Diisopropylethanolamine\n")
    assert result.input == "96-80-0" and result.status == "matched"
    assert split_line("96-80-0,N,N-dimethylformamide", ",", keep_names=True) == [
        "96-80-0",
        "N,N-dimethylformamide",
    ]


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("N,N-Diisopropylethanolamine", "N, N-Diisopropylethanolamine"),
        ("1,2-dichloroethane", "1, 2-dichloroethane"),
    ],
)
def test_a_name_cut_into_the_headers_width_is_reported(tmp_file: Any, row: str, cells: str) -> None:
    cut, sarin = _screen(tmp_file, f"name,cas\n{row}\nSarin,107-44-8\n")
    assert (cut.line, cut.status, cut.reason_code) == (2, "invalid", "split_name")
    assert cut.reason_params == {"cells": cells}
    assert cut.input == row  # the row as written, not the cell in the CAS column
    assert "invalid CAS" not in (cut.reason or "")
    assert sarin.status == "matched"


def test_a_row_with_more_cells_than_the_header_is_reported(tmp_file: Any) -> None:
    (row,) = _screen(tmp_file, "name,cas\nN,N-Diisopropylethanolamine,96-80-0,drum 4\n")
    assert (row.status, row.reason_code) == ("invalid", "ragged_row")
    assert row.reason_params == {"found": 4, "expected": 2}
    assert row.input == "N,N-Diisopropylethanolamine,96-80-0,drum 4"


def test_a_quantity_before_a_name_is_not_taken_for_a_cut_name(tmp_file: Any) -> None:
    (row,) = _screen(tmp_file, "quantity,name\n10,2-propanol\n")
    assert (row.input, row.status) == ("2-propanol", "clear")
    assert not cut_at_name_comma("Sarin", "107-44-8")
    assert cut_at_name_comma("O", "O-diethyl phosphorochloridothioate")

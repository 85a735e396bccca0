"""Screening files: one result per data row, in order, with line numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from rdkit import Chem

from chemsec.screening.engine import screen_rows
from chemsec.screening.engine.inputs import InputError, read_file


def _screen_file(path: Path, **kwargs: Any) -> list[Any]:
    return list(screen_rows(read_file(str(path), **kwargs), use_opsin=False))


def test_it_keeps_one_row_per_input_row_with_line_numbers(tmp_file: Any) -> None:
    content = (
        "\ufeffName;CAS;Concentration\n"
        "Chlorine;7782-50-5;\n"
        "\n"
        "Bad;50-00-1;\n"
        ";;\n"
        "Peroxide;7722-84-1;30 %\n"
        "Nothing;;\n"
        "Water;7732-18-5;\n"
    )
    results = _screen_file(tmp_file("inventory.csv", content.encode("utf-8")))
    assert [r.line for r in results] == [2, 4, 6, 7, 8]
    assert [r.status for r in results] == ["matched", "invalid", "matched", "unresolved", "clear"]
    assert results[1].reason_code == "invalid_cas"
    peroxide = [m for m in results[2].matches if m.list == "EU"]
    assert peroxide[0].basis == "mixture"


def test_it_finds_amount_columns_with_units_in_the_header(tmp_file: Any) -> None:
    path = tmp_file("inv.csv", "CAS No.,Concentration (% w/w),Quantity (kg)\n7722-84-1,30,5\n")
    (result,) = _screen_file(path)
    eu = next(m for m in result.matches if m.list == "EU")
    assert eu.basis == "mixture" and eu.concentration is not None and eu.concentration.crossed


def test_it_detects_tabs_and_windows_encoding(tmp_file: Any) -> None:
    content = "substance\tcas\nPhosgène\t75-44-5\nÉthanol\t64-17-5\n".encode("cp1252")
    results = _screen_file(tmp_file("list.tsv", content))
    assert [r.status for r in results] == ["matched", "clear"]
    assert results[0].input == "75-44-5"


def test_it_reads_a_headerless_single_column(tmp_file: Any) -> None:
    results = _screen_file(tmp_file("ids.csv", "VX\nCCO\n7782-50-5\n"))
    assert [r.status for r in results] == ["matched", "clear", "matched"]
    assert [r.line for r in results] == [1, 2, 3]


def test_it_uses_the_given_column(tmp_file: Any) -> None:
    path = tmp_file("two.csv", "label,structure\nsarin,CC(C)OP(C)(=O)F\nethanol,CCO\n")
    results = _screen_file(path, column="structure")
    assert [r.input for r in results] == ["CC(C)OP(C)(=O)F", "CCO"]
    with pytest.raises(InputError):
        read_file(str(path), column="missing")


def test_it_reads_xlsx_files(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["CAS", "Quantity", "Unit"],
        ["7782-50-5", 100, "kg"],
        [None, None, None],
        ["64-17-5", 5, "L"],
    ):
        sheet.append(row)
    path = tmp_path / "inventory.xlsx"
    book.save(path)
    results = _screen_file(path)
    assert [(r.line, r.status) for r in results] == [(2, "matched"), (4, "clear")]


def test_it_reads_smi_and_sdf_files(tmp_file: Any) -> None:
    smi = _screen_file(tmp_file("mols.smi", "CC(C)OP(C)(=O)F sarin\nC1CC( broken\nCCO\n"))
    assert [(r.line, r.status) for r in smi] == [(1, "matched"), (2, "invalid"), (3, "clear")]
    records = []
    for smiles, title in (("CCO", "ethanol"), ("CN(C)CCCl", "2B10 member")):
        mol = Chem.MolFromSmiles(smiles)
        mol.SetProp("_Name", title)
        records.append(Chem.MolToMolBlock(mol) + "$$$$\n")
    records.insert(1, "garbage\n\n\nM  END\n$$$$\n")
    sdf = _screen_file(tmp_file("mols.sdf", "".join(records)))
    assert [r.status for r in sdf] == ["clear", "invalid", "matched"]
    assert [r.input for r in sdf][::2] == ["ethanol", "2B10 member"]


def test_it_refuses_empty_and_oversized_files(tmp_file: Any) -> None:
    with pytest.raises(InputError, match="empty"):
        read_file(str(tmp_file("empty.csv", "")))
    with pytest.raises(InputError, match="empty"):
        read_file(str(tmp_file("empty.smi", "")))
    big = tmp_file("big.csv", "CCO\n" * 1000)
    with pytest.raises(InputError, match="over the limit"):
        read_file(str(big), max_bytes=100)


def test_it_streams_without_reading_the_whole_file(tmp_file: Any) -> None:
    path = tmp_file("many.smi", "CCO\n" * 5000)
    seen: list[int] = []
    stream = screen_rows(read_file(str(path)), chunk_size=100, on_progress=seen.append)
    first = next(iter(stream))
    assert first.line == 1
    assert seen == []  # progress reported per chunk, after the first chunk is yielded


def test_it_reports_progress_per_chunk_up_to_the_row_count(tmp_file: Any) -> None:
    path = tmp_file("many.smi", "CCO\nCCN\n" * 260)
    seen: list[int] = []
    results = list(screen_rows(read_file(str(path)), chunk_size=100, on_progress=seen.append))
    assert len(results) == 520
    assert seen == sorted(seen) and seen[-1] == 520
    assert [r.line for r in results] == list(range(1, 521))


def test_a_byte_order_mark_does_not_hide_the_first_molecule(tmp_file: Any) -> None:
    """Windows tools start UTF-8 files with a byte-order mark: the first SMILES (sarin, a
    Schedule 1 chemical) is still matched, read whole or by byte ranges (the worker path),
    and an SDF's first title keeps its name."""
    from chemsec.screening.engine.inputs import smi_range_rows, smi_ranges

    text = "CC(C)OP(C)(=O)F sarin\nCCO\n"
    path = tmp_file("bom.smi", b"\xef\xbb\xbf" + text.encode("utf-8"))
    smi = _screen_file(path)
    assert [(r.line, r.status, r.input) for r in smi] == [
        (1, "matched", "CC(C)OP(C)(=O)F"),
        (2, "clear", "CCO"),
    ]
    ranged = [row for piece in smi_ranges(str(path), block=8) for row in smi_range_rows(*piece)]
    assert [(r.line, r.identifier) for r in ranged] == [(1, "CC(C)OP(C)(=O)F"), (2, "CCO")]
    mol = Chem.MolFromSmiles("CN(C)CCCl")
    mol.SetProp("_Name", "2B10 member")
    sdf = tmp_file("bom.sdf", b"\xef\xbb\xbf" + (Chem.MolToMolBlock(mol) + "$$$$\n").encode())
    (record,) = _screen_file(sdf)
    assert (record.status, record.input) == ("matched", "2B10 member")

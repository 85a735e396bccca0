"""Issue 16: the file's shape from its content (names keep their commas), rows the reader
cannot read reliably are kept and marked, and files with nothing to screen are errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chemsec.cli import main
from chemsec.lib.tabular import detect_shape, split_line
from chemsec.screening import screen_rows
from chemsec.screening.engine.inputs import InputError, read_file
from chemsec.screening.tests.writings import listed


def _comma_names() -> list[tuple[str, str, str]]:
    return sorted({(e.list, e.code, n) for e in listed() for n in e.names if "," in n})


def _screen_file(path: Path, **options: Any) -> list[Any]:
    return list(screen_rows(read_file(str(path)), use_opsin=False, **options))


@pytest.mark.parametrize("suffix", [".txt", ".csv"])
def test_every_listed_name_with_commas_survives_a_plain_list(tmp_file: Any, suffix: str) -> None:
    names = _comma_names()
    assert len(names) >= 20
    lines = ["sarin", *(n for _, _, n in names), "water"]
    results = _screen_file(tmp_file(f"names{suffix}", "\n".join(lines) + "\n"))
    assert [r.input for r in results] == lines
    for (list_code, code, name), result in zip(names, results[1:-1], strict=True):
        assert result.status == "matched", (name, result.reason)
        assert (list_code, code) in {(m.list, m.entry) for m in result.matches}, name


def test_a_headerless_two_column_file_keeps_names_whole(tmp_file: Any) -> None:
    names = [n for _, _, n in _comma_names()]
    content = "".join(f"{n},{i}\n" for i, n in enumerate(names))
    rows = list(read_file(str(tmp_file("pairs.csv", content))))
    assert [r.identifier for r in rows] == names


def test_a_header_file_with_unquoted_names_is_refit_or_marked(tmp_file: Any) -> None:
    content = (
        "name,cas\n"
        "N,N-Diisopropylethanolamine,96-80-0\n"
        "1,1,1-trichloroethane,71-55-6\n"
        "chlorine,7782-50-5,cylinder 2\n"
        "Phosphonic acid, methyl-, dimethyl ester\n"
    )
    results = _screen_file(tmp_file("inv.csv", content))
    assert [r.line for r in results] == [2, 3, 4, 5]
    assert results[0].status == "matched" and results[0].identity.cas == "96-80-0"
    assert results[1].identity.cas == "71-55-6"
    assert (results[2].status, results[2].reason_code) == ("invalid", "ragged_row")
    assert (results[3].status, results[3].reason_code) == ("invalid", "ragged_row")


def test_an_inverted_name_cut_into_exactly_the_header_width_is_marked(tmp_file: Any) -> None:
    content = "name,note,quantity\nPhosphonic acid, methyl-, dimethyl ester\nethanol,x,5\n"
    split, ethanol = _screen_file(tmp_file("inv.csv", content))
    assert (split.status, split.reason_code) == ("invalid", "split_name")
    assert ethanol.status == "clear"


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("N,N-Diisopropylethanolamine\nsarin\n", (None, 1)),
        ("N,N-dimethylformamide\n1,2-dichloroethane\n", (None, 1)),  # same count: ambiguous
        ("Phosphonic acid, methyl-, dimethyl ester\nEthanol, 2-chloro-, x\n", (None, 1)),
        ("sarin,107-44-8\nN,N-dimethylformamide,68-12-2\n", (",", 2)),
        ("GB,107-44-8\nVX,50782-69-9\n", (",", 2)),
        ("a;b\nc;d\n", (";", 2)),
        ("CCO\tx\nCCN\ty\n", ("\t", 2)),
        ('"N,N-dimethyl, odd",1\n"b",2\n', (",", 2)),
    ],
)
def test_the_shape_is_decided_from_the_content(text: str, shape: tuple[Any, int]) -> None:
    found = detect_shape(text)
    assert (found.delimiter, found.width) == shape


def test_commas_inside_names_are_kept_and_cas_numbers_are_not_swallowed() -> None:
    assert split_line("2,2'-thiodiethanol,111-48-8", ",", keep_names=True) == [
        "2,2'-thiodiethanol",
        "111-48-8",
    ]
    assert split_line("HD,505-60-2", ",", keep_names=True) == ["HD", "505-60-2"]
    assert split_line("N,N,N',N'-tetramethylethylenediamine", ",", keep_names=True) == [
        "N,N,N',N'-tetramethylethylenediamine"
    ]


def test_a_formula_without_a_saved_value_is_a_row_with_a_reason(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "CAS", "Note"])
    sheet.append(["chlorine", "7782-50-5", "=1+1"])  # a formula in a column not screened
    sheet.append([None, "=B2", None])  # the CAS is a formula openpyxl saved without value
    sheet.append(["water", "7732-18-5", None])
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    results = _screen_file(path)
    assert [(r.line, r.status) for r in results] == [(2, "matched"), (3, "invalid"), (4, "clear")]
    assert results[1].reason_code == "formula_without_value"
    assert "column B (CAS)" in (results[1].reason or "")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("header.csv", "name;cas\n"),
        ("header.tsv", "smiles\n\n"),
        ("header.smi", "smiles\n"),
        ("blank.sdf", "\n\n"),
    ],
)
def test_a_file_with_nothing_to_screen_is_an_error(
    tmp_file: Any, capsys: Any, name: str, content: str
) -> None:
    path = tmp_file(name, content)
    with pytest.raises(InputError):
        read_file(str(path))
    assert main(["screen", str(path)]) == 2
    assert "chemsec screen: error:" in capsys.readouterr().err


def test_a_header_only_spreadsheet_is_an_error(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["CAS", "Quantity"])
    path = tmp_path / "empty.xlsx"
    book.save(path)
    with pytest.raises(InputError, match="a header and no rows"):
        read_file(str(path))


@pytest.mark.parametrize(
    "given", ["missing.csv", "./inventory", "data/missing.xlsx", "/no/such/file"]
)
def test_a_path_that_does_not_exist_is_an_error_not_a_name(capsys: Any, given: str) -> None:
    assert main(["screen", given]) == 2
    assert "no such file" in capsys.readouterr().err


def test_smiles_with_slashes_are_still_identifiers(capsys: Any) -> None:
    assert main(["screen", "--no-opsin", "F/C=C/F"]) == 0

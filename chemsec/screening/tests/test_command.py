"""`chemsec screen`: exit codes, JSON shape and file handling."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from chemsec.cli import main
from chemsec.screening.engine.writers import FLAT_COLUMNS


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, Any]:
    code = main(["screen", "--format", "json", "--no-opsin", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_it_exits_1_on_a_match_with_the_documented_json_shape(capsys: Any) -> None:
    code, rows = _json(capsys, ["7782-50-5", "water"])
    assert code == 1
    assert [r["input"] for r in rows] == ["7782-50-5", "water"]
    for row in rows:
        assert {"input", "status", "reason", "identity", "matches"} <= set(row)
        assert set(row["identity"]) >= {"name", "cas", "smiles", "inchikey", "resolved_by"}
    match = rows[0]["matches"][0]
    assert {"list", "entry", "title", "basis", "explanation", "source"} <= set(match)
    assert match["list"] == "CFATS"
    assert rows[1]["status"] == "clear" and rows[1]["matches"] == []


def test_it_exits_0_when_everything_is_clear(capsys: Any) -> None:
    code, rows = _json(capsys, ["water", "CCO", "--lists", "cwc,ag"])
    assert code == 0
    assert [r["status"] for r in rows] == ["clear", "clear"]


def test_it_exits_2_on_usage_and_input_errors(capsys: Any, tmp_path: Path) -> None:
    assert main(["screen", "water", "--lists", "nope"]) == 2
    assert main(["screen", "water", "--as-of", "yesterday"]) == 2
    assert main(["screen"]) == 2
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert main(["screen", str(empty)]) == 2
    code, rows = _json(capsys, ["50-00-1"])
    assert code == 2 and rows[0]["reason_code"] == "invalid_cas"


def test_it_screens_files_into_an_output_file(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("cas,concentration\n7722-84-1,40 %\n64-17-5,\n")
    out = tmp_path / "out.json"
    assert main(["screen", str(source), "--format", "json", "-o", str(out)]) == 1
    rows = json.loads(out.read_text())
    assert [r["line"] for r in rows] == [2, 3]
    eu = next(m for m in rows[0]["matches"] if m["list"] == "EU")
    assert eu["basis"] == "mixture" and eu["concentration_assessment"]["crossed"] is True
    csv_out = tmp_path / "out.csv"
    assert main(["screen", str(source), "--format", "csv", "-o", str(csv_out)]) == 1
    assert len(csv_out.read_text().splitlines()) == 3
    xlsx_out = tmp_path / "out.xlsx"
    assert main(["screen", str(source), "--format", "xlsx", "-o", str(xlsx_out)]) == 1
    sheet = load_workbook(xlsx_out, read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == FLAT_COLUMNS
    assert [row[:3] for row in values[1:]] == [(2, "7722-84-1", "matched"), (3, "64-17-5", "clear")]


def test_it_prints_a_table_by_default(capsys: Any) -> None:
    assert main(["screen", "sarin", "water", "--lists", "cwc"]) == 1
    out = capsys.readouterr().out
    assert "CWC 1A01" in out and "not on the selected lists" in out


def test_it_quotes_spreadsheet_formulas_in_csv_output(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('name\n"=HYPERLINK(""http://example.org"")"\n')
    out = tmp_path / "out.csv"
    assert main(["screen", str(source), "--format", "csv", "--no-opsin", "-o", str(out)]) == 2
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[1][1].startswith("'=HYPERLINK")
    assert not any(cell.startswith("=") for cell in rows[1])


def test_it_writes_valid_json_for_every_input_kind(capsys: Any) -> None:
    code, rows = _json(
        capsys,
        [
            "InChI=1S/C4H10FO2P/c1-4(2)7-8(3,5)6/h4H,1-3H3",
            "DYAHQFWOVKZOOW-UHFFFAOYSA-N",
            "CC(C)OP(C)(=O)F",
            "107-44-8",
            "Sarin",
        ],
    )
    assert code == 1
    assert {tuple((m["list"], m["entry"]) for m in r["matches"]) for r in rows} == {
        (("CWC", "1A01"),)
    }

"""A file screening job writes, in one pass over the file, exactly what the row-by-row way
wrote: one row per input row, in order, with the user's own columns beside the results, every
cell a spreadsheet could run neutralised, and each row's status and reason as the command
line gives them (N/A, broken SMILES, names with commas, digit runs, bad CAS numbers, stray
control characters, formula-like cells)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from chemsec.lib.spreadsheet import spreadsheet_safe
from chemsec.lib.tabular import open_table
from chemsec.screening.engine import screen_rows
from chemsec.screening.engine.inputs import KeptCells, _hints, read_file
from chemsec.screening.engine.writers import FLAT_COLUMNS, flat_values, write_csv
from chemsec.screening.exports import REPORT_EVERY, export_all, own_columns, safe_cells

# (identifier cell as written in the CSV, the user's own cell)
MIXED = [
    ("7782-50-5", "S1"),  # chlorine, listed
    ("N/A", "S2"),  # a placeholder: invalid, with its reason
    ("C1CC(=O", "S3"),  # a broken SMILES: invalid, never sent to OPSIN
    ('"N,N-Diisopropylethanolamine"', "S4"),  # a name with commas, quoted
    ("7782505", "=SUM(A1:A3)"),  # a CAS number without hyphens; a formula in the user's cell
    ("7782-50-4", "@risk"),  # a CAS number whose check digit fails
    ("64-17-5", "-5"),  # ethanol, not listed
    ("sar\x0bin", "+1"),  # a control character in the identifier
    ("", "blank identifier"),
    ("75-44-5", '"with ""quotes"", and a comma"'),  # phosgene
]


def _write_mixed(path: Path, repeats: int) -> None:
    lines = ["identifier,site code"]
    for _ in range(repeats):
        lines += [f"{ident},{own}" for ident, own in MIXED]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _reference(path: Path) -> tuple[list[list[Any]], list[dict[str, Any]]]:
    """The rows and JSON records written the row-by-row way: the file read a second time
    for the user's columns (by line, as the reader reads them), each result a dict, each
    cell neutralised on its own."""
    table = open_table(str(path), header_hints=_hints())
    header = [f"input: {name}" for name in table.header]
    own_by_line: dict[int | None, tuple[str, ...]] = {row.line: row.values for row in table.rows}
    table.close()
    rows, records = [], []
    for result in screen_rows(read_file(str(path)), use_opsin=False):
        own = dict(zip(header, own_by_line[result.line], strict=True))
        rows.append([spreadsheet_safe(v) for v in [*own.values(), *flat_values(result)]])
        records.append({**result.to_dict(), "input_columns": own})
    return rows, records


def _as_written(value: Any) -> str:
    return "" if value is None else str(value)


def test_one_pass_writes_what_the_row_by_row_way_wrote(tmp_path: Path) -> None:
    source = tmp_path / "stock.csv"
    repeats = 130  # 1,300 rows: several screening chunks and progress reports
    _write_mixed(source, repeats)
    kept = KeptCells()
    results = screen_rows(read_file(str(source), keep=kept), use_opsin=False)
    reported: list[int] = []
    paths, counter = export_all(
        results, tmp_path / "out", on_row=reported.append, own_columns=own_columns(kept)
    )
    expected_rows, expected_records = _reference(source)
    with paths["csv"].open(encoding="utf-8", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == ["input: identifier", "input: site code", *FLAT_COLUMNS]
    assert written[1:] == [[_as_written(v) for v in row] for row in expected_rows]
    assert json.loads(paths["json"].read_text(encoding="utf-8")) == expected_records
    assert kept.by_line == {}  # every row's cells were written, and let go
    total = len(MIXED) * repeats
    assert reported == [*range(REPORT_EVERY, total + 1, REPORT_EVERY), total]
    assert sum(n for key, n in counter.items() if key.startswith("status:")) == total
    # What each kind of row became (the same as the command line gives: see below).
    first = {row[3]: row for row in written[1 : len(MIXED) + 1]}  # by the input column
    status = FLAT_COLUMNS.index("status") + 2
    assert first["7782-50-5"][status] == "matched"
    assert first["N/A"][status] == "invalid" and first["N/A"][status + 1]  # with its reason
    assert first["C1CC(=O"][status] == "invalid"
    assert first["N,N-Diisopropylethanolamine"][status] == "matched"
    assert first["7782505"][status] == "matched" and first["7782505"][1] == "'=SUM(A1:A3)"
    assert first["7782-50-4"][status] == "invalid"
    assert first["64-17-5"][status] == "clear"
    assert [r[1] for r in written[6:8]] == ["'@risk", "'-5"]


def test_the_job_export_agrees_with_the_command_lines_csv(tmp_path: Path) -> None:
    source = tmp_path / "stock.csv"
    _write_mixed(source, 3)
    kept = KeptCells()
    results = screen_rows(read_file(str(source), keep=kept), use_opsin=False)
    paths, _counter = export_all(results, tmp_path / "out", own_columns=own_columns(kept))
    command = tmp_path / "command.csv"
    with command.open("w", encoding="utf-8", newline="") as stream:
        write_csv(screen_rows(read_file(str(source)), use_opsin=False), stream)
    with command.open(encoding="utf-8", newline="") as a, paths["csv"].open(newline="") as b:
        by_command, by_job = list(csv.reader(a)), list(csv.reader(b))
    assert [row[2:] for row in by_job] == [[spreadsheet_safe(v) for v in r] for r in by_command]


def test_a_file_without_a_header_keeps_no_columns(tmp_path: Path) -> None:
    source = tmp_path / "names.txt"
    source.write_text("N,N-Diisopropylethanolamine\n7782-50-5\nN/A\n", encoding="utf-8")
    kept = KeptCells()
    results = screen_rows(read_file(str(source), keep=kept), use_opsin=False)
    paths, _counter = export_all(results, tmp_path / "out", own_columns=own_columns(kept))
    with paths["csv"].open(encoding="utf-8", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == list(FLAT_COLUMNS)
    assert [(r[1], r[2]) for r in written[1:]] == [
        ("N,N-Diisopropylethanolamine", "matched"),
        ("7782-50-5", "matched"),
        ("N/A", "invalid"),
    ]


CELL = st.one_of(
    st.none(),
    st.integers(),
    st.text(alphabet=st.sampled_from("=+-@\t\r\n\x00\x0b\x1f\ufffe a1'\"")),
    st.text(),
)


@given(st.lists(CELL, max_size=8))
def test_the_fast_row_check_neutralises_exactly_like_each_cell_on_its_own(
    values: list[Any],
) -> None:
    assert safe_cells(list(values)) == [spreadsheet_safe(v) for v in values]

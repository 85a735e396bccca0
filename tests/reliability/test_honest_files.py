"""Issue 15: one control character in one cell does not lose a screening batch: the CSV,
JSON and XLSX results are all written, one row per input row, the cell sanitised."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from chemsec.screening import screen_rows
from chemsec.screening.engine.inputs import read_file
from chemsec.screening.exports import export_all


@pytest.fixture(autouse=True)
def _fast_and_eager() -> None:
    """Overrides the project's Django settings fixture: no database here."""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le"])
def test_a_control_character_in_one_cell_keeps_the_whole_batch(
    tmp_path: Path, encoding: str
) -> None:
    rows = ["107-44-8", "64-17-5", "sar\x00in", "N/A", "\x0bsarin", "75-44-5"] + ["67-64-1"] * 200
    source = tmp_path / "batch.csv"
    source.write_bytes(("cas\n" + "\n".join(rows) + "\n").encode(encoding))
    results = screen_rows(read_file(str(source)), use_opsin=False)
    paths, counter = export_all(results, tmp_path / "out")
    assert sum(counter[k] for k in counter if k.startswith("status:")) == len(rows)
    with paths["csv"].open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [r["input"] for r in written] == [
        r.replace("\x00", "\ufffd").replace("\x0b", "\ufffd") for r in rows
    ]
    assert len(json.loads(paths["json"].read_text(encoding="utf-8"))) == len(rows)
    from openpyxl import load_workbook

    sheet = load_workbook(paths["xlsx"], read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == len(rows) + 1
    assert written[0]["status"] == "matched"  # sarin and phosgene, around the bad cells
    assert written[5]["status"] == "matched"

"""The portal's one-pass export: every format written, formulas quoted, JSON round-trips."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from chemsec.screening.engine.results import Identity, Match, ScreenResult
from chemsec.screening.engine.writers import FLAT_COLUMNS
from chemsec.screening.exports import export_all, result_from_dict, summary_dict

_MATCH = Match("CWC", "1A01", "Sarin", "exact", "on CWC 1A01", "CWC", "v1", "verified", "urn:x")
RESULTS = [
    ScreenResult("sarin", "matched", 1, identity=Identity(cas="107-44-8"), matches=[_MATCH]),
    ScreenResult('=HYPERLINK("http://example.org")', "unresolved", 2, reason="unknown name"),
]


def test_it_writes_every_format_once_and_quotes_formulas(tmp_path: Path) -> None:
    seen: list[int] = []
    paths, counter = export_all(iter(RESULTS), tmp_path, on_row=seen.append)
    assert seen == [2]  # every REPORT_EVERY rows and at the end
    assert summary_dict(counter) == {
        "status": {"matched": 1, "unresolved": 1},
        "lists": {"CWC": 1},
    }
    with paths["csv"].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == FLAT_COLUMNS
    assert rows[2][1] == "'" + RESULTS[1].input
    sheet = load_workbook(paths["xlsx"], read_only=True).worksheets[0]
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0] == FLAT_COLUMNS
    assert cells[2][1] == "'" + RESULTS[1].input
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data[1]["input"] == RESULTS[1].input  # JSON keeps the text as it was
    assert [result_from_dict(d) for d in data] == RESULTS

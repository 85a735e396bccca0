"""A cell longer than the csv module's default field limit (128 KB) is read like any other:
the reader raised `_csv.Error: field larger than field limit` and every row of the file was
lost (`chemsec screen` crashed with exit status 1, "a match"; an order import stayed
"queued" with its job failed). Each caller bounds a row's cells itself."""

from __future__ import annotations

import io

import pytest

from chemsec.lib.tabular import read_delimited

LONG = 200_000


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted-multiline"])
def test_every_row_survives_a_cell_over_128_kb(quoted):
    cell = '"' + "x" * LONG + "\n" + "y" * 10 + '"' if quoted else "x" * LONG
    text = f"identifier,name\n7782-50-5,chlorine\n64-17-5,{cell}\n75-44-5,phosgene\n"
    table = read_delimited(io.BytesIO(text.encode()), has_header=True)
    try:
        rows = list(table.rows)
    finally:
        table.close()
    assert [row.values[0] for row in rows] == ["7782-50-5", "64-17-5", "75-44-5"]
    assert len(rows[1].values[1]) == LONG + (11 if quoted else 0)
    assert rows[2].values == ("75-44-5", "phosgene") and rows[2].line == (5 if quoted else 4)

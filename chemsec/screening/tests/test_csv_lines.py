"""CSV lines written without the csv module (engine/writers.py, `csv_line`) are the
csv module's lines: rows without matches, with or without notes, whatever their cells
hold (commas in index names such as "2,4-dichlorophenol", quotes, line breaks, text that
starts like a spreadsheet formula, NULs)."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as hs

from chemsec.screening.engine import writers
from chemsec.screening.engine.explanations import note
from chemsec.screening.engine.results import Identity, ScreenResult

_CELL = hs.one_of(hs.none(), hs.text(alphabet=list('a1,"\n\r\x00 =+-@\t;()'), max_size=5))
_NOTES = hs.lists(
    hs.one_of(
        hs.text(alphabet=list('a,"\n=; '), max_size=4), hs.just(note("entries_not_verified"))
    ),
    max_size=2,
)


def _by_csv_module(result: ScreenResult) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(writers.csv_values(result))
    return buffer.getvalue()


@given(
    text=hs.text(alphabet=list('a1,"\n=-'), max_size=5),
    line=hs.one_of(hs.none(), hs.integers(-3, 10**6)),
    cells=hs.lists(_CELL, min_size=7, max_size=7),
    notes=_NOTES,
)
@settings(max_examples=300, deadline=None)
def test_a_row_without_matches_is_the_csv_modules_line(
    text: str, line: int | None, cells: list[str | None], notes: list[str]
) -> None:
    reason, code, name, cas, smiles, key, how = cells
    identity = Identity(name, cas, smiles, key, how)
    result = ScreenResult(text, "clear", line, reason, identity, [], notes, code)
    assert writers.csv_line(result) == _by_csv_module(result)


def test_an_inventory_row_with_a_comma_in_its_name_is_quoted_as_the_csv_module_does() -> None:
    identity = Identity("2,4-dichlorophenol", "120-83-2", "C1=CC(=C(C=C1Cl)Cl)O", None, "cas")
    result = ScreenResult("item 7", "clear", 9, None, identity, [], [])
    line = writers.csv_line(result)
    assert line == _by_csv_module(result)
    assert line.startswith('9,item 7,clear,,,"2,4-dichlorophenol",120-83-2,')
    assert next(csv.reader([line]))[5] == "2,4-dichlorophenol"

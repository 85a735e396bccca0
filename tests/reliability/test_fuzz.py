"""Issue 15: every parser and importer, fuzzed. Whatever the input, each answers with its
result or with its documented error type (never another exception), and within 2 seconds.

Documented error types: the table reader raises TabularError; the screening file reader
InputError; screening itself never raises (one result per input, an invalid input a row
with its reason); diagram documents raise chemsec.science.inputs.InputError; assessment
answers raise django.core.exceptions.ValidationError.

CI runs a few dozen examples per parser (CHEMSEC_FUZZ_EXAMPLES, 30 by default); a longer
run: `CHEMSEC_FUZZ_EXAMPLES=2000 pytest tests/reliability/test_fuzz.py`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chemsec.lib.tabular import TabularError, open_table, read_delimited
from chemsec.science.inputs import InputError as DiagramError

# Does not depend on the database: CI runs it once, on SQLite.
pytestmark = pytest.mark.once

EXAMPLES = int(os.environ.get("CHEMSEC_FUZZ_EXAMPLES", "30"))
BUDGET = 2.0  # seconds per input
T = TypeVar("T")
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,  # timed below, against the budget, after the first (warm-up) call
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(autouse=True)
def _fast_and_eager() -> None:
    """Overrides the project's Django settings fixture: no database here."""


def timed(call: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET, f"{elapsed:.2f} s"
    return result


# -- identifiers: CAS numbers, names, SMILES, InChI -------------------------------------
SMILES_ALPHABET = "CNOPSFIBrcnops()[]=#@+-/\\.%0123456789H"
cas_like = st.builds(
    lambda a, b, c: f"{a}-{b:02d}-{c}",
    st.integers(0, 99_999_999),
    st.integers(0, 99),
    st.integers(0, 9),
)
smiles_like = st.text(alphabet=SMILES_ALPHABET, min_size=1, max_size=120)
inchi_like = st.builds(
    lambda body: "InChI=1S/" + body, st.text(alphabet="CHNOPS0123456789/()-,+chq", max_size=120)
)
identifiers = st.one_of(
    cas_like, smiles_like, inchi_like, st.text(max_size=200), st.sampled_from(["N/A", "", " "])
)


@pytest.fixture(scope="module")
def warm() -> None:
    from chemsec.screening import screen

    screen(["107-44-8", "CCO", "InChI=1S/CH4/h1H4"], use_opsin=False)  # loads the lists once


@fuzz
@given(text=identifiers)
def test_screening_any_identifier_gives_one_result(warm: None, text: str) -> None:
    from chemsec.screening import screen

    results = timed(lambda: screen([text], use_opsin=False))
    assert len(results) == 1 and results[0].status


@fuzz
@given(text=st.one_of(smiles_like, inchi_like, st.text(max_size=200)))
def test_structure_parsers_answer_a_molecule_or_none(text: str) -> None:
    from chemsec.screening.engine.structure import parse_inchi, parse_molblock, parse_smiles

    for parse in (parse_smiles, parse_inchi, parse_molblock):
        timed(lambda parse=parse: parse(text))  # type: ignore[misc]


# -- MOL and SDF text ---------------------------------------------------------------------
MOLBLOCK = """ethanol
  RDKit          2D

  3  2  0  0  0  0  0  0  0  0999 V2000
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    2.5981   -0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
  1  2  1  0
  2  3  1  0
M  END
"""


@st.composite
def sdf_texts(draw: Any) -> str:
    records = []
    for _ in range(draw(st.integers(0, 4))):
        record = MOLBLOCK
        if draw(st.booleans()):  # damage a line: counts, coordinates, bonds or the end
            lines = record.splitlines()
            at = draw(st.integers(0, len(lines) - 1))
            lines[at] = draw(st.text(max_size=60))
            record = "\n".join(lines) + "\n"
        records.append(record)
    tail = draw(st.text(max_size=80))
    return "$$$$\n".join(records) + tail


@fuzz
@given(text=sdf_texts(), suffix=st.sampled_from([".sdf", ".mol"]))
def test_sdf_and_mol_files_give_rows_with_results_or_input_error(
    tmp_path_factory: Any, warm: None, text: str, suffix: str
) -> None:
    from chemsec.screening import screen_rows
    from chemsec.screening.engine.inputs import InputError, read_file

    path = tmp_path_factory.mktemp("sdf") / f"f{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        rows = list(timed(lambda: read_file(str(path))))
    except InputError:
        return
    results = timed(lambda: list(screen_rows(rows, use_opsin=False)))
    assert len(results) == len(rows)


# -- CSV, TSV and XLSX ----------------------------------------------------------------------
cells = st.one_of(cas_like, smiles_like, st.text(max_size=40), st.sampled_from(["", "N/A"]))


@st.composite
def delimited_files(draw: Any) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(st.sampled_from([[], ["cas"], ["name", "cas", "quantity"]]))
    rows = draw(st.lists(st.lists(cells, min_size=1, max_size=4), max_size=20))
    text = "\n".join(delimiter.join(r) for r in ([header] if header else []) + rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]))
    return text.encode(encoding, errors="replace")


def _read_all(data: bytes) -> None:
    table = read_delimited(io.BytesIO(data), header_hints=["cas", "name"])
    try:
        for row in table.rows:
            assert all(isinstance(v, str) for v in row.values)
    finally:
        table.close()


@fuzz
@given(data=st.one_of(delimited_files(), st.binary(max_size=2000)))
def test_delimited_text_gives_rows_or_tabular_error(data: bytes) -> None:
    with contextlib.suppress(TabularError):
        timed(lambda: _read_all(data))


xlsx_values = st.one_of(
    cells,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
    st.sampled_from(["=1+1", "=A1*2", "=SUM(B:B)"]),
)


def _as_xlsx(path: Path, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)


def _open_all(path: Path) -> None:
    table = open_table(path, header_hints=["cas"])
    try:
        for row in table.rows:
            assert all(isinstance(v, str) for v in row.values)
    finally:
        table.close()


@fuzz
@given(rows=st.lists(st.lists(xlsx_values, min_size=1, max_size=4), min_size=1, max_size=15))
def test_xlsx_gives_rows_or_tabular_error(tmp_path_factory: Any, rows: list[list[Any]]) -> None:
    from openpyxl.utils.exceptions import IllegalCharacterError

    path = tmp_path_factory.mktemp("xlsx") / "f.xlsx"
    try:
        _as_xlsx(path, rows)
    except IllegalCharacterError:
        return  # openpyxl will not write it; no spreadsheet program would either
    with contextlib.suppress(TabularError):
        timed(lambda: _open_all(path))


@fuzz
@given(data=st.binary(max_size=3000))
def test_bytes_named_xlsx_give_tabular_error(tmp_path_factory: Any, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bad") / "f.xlsx"
    path.write_bytes(b"PK\x03\x04" + data)
    with pytest.raises(TabularError):
        timed(lambda: _open_all(path))


# -- diagram JSON ---------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=30,
)
numbers = st.one_of(
    st.floats(min_value=-10, max_value=10_000), st.integers(-5, 10_000), st.text(max_size=4)
)


@st.composite
def diagrams(draw: Any) -> dict[str, Any]:
    element = st.fixed_dictionaries(
        {"name": st.text(max_size=10), "p_detection": numbers, "delay_mean": numbers},
        optional={"location": st.sampled_from(["B", "M", "E", "X"]), "delay_sd": numbers},
    )
    layer = st.fixed_dictionaries(
        {"name": st.text(max_size=10), "elements": st.lists(element, max_size=4)}
    )
    return {
        "p_communication": draw(numbers),
        "response": {"mean": draw(numbers), "sd": draw(numbers)},
        "layers": draw(st.lists(layer, max_size=5)),
    }


@fuzz
@given(
    text=st.one_of(
        st.text(max_size=300),
        json_values.map(json.dumps),
        diagrams().map(json.dumps),
    )
)
def test_diagram_documents_evaluate_or_raise_input_error(text: str) -> None:
    from chemsec.protection.evaluation import evaluate, load_document

    with contextlib.suppress(DiagramError):
        timed(lambda: evaluate(load_document(text)))


# -- assessment answers ---------------------------------------------------------------------
@fuzz
@given(
    answer_type=st.sampled_from(["yes_partial_no_na", "maturity", "number", "text"]),
    value=st.one_of(
        st.text(max_size=60),
        st.sampled_from(["-5", "1e309", "NaN", "Infinity", "5e-324", "1" * 400, " yes ", "4"]),
        st.decimals(allow_nan=True).map(str),
    ),
)
def test_assessment_answers_are_kept_or_refused_by_validation(answer_type: str, value: str) -> None:
    from chemsec.frameworks.models import Question
    from chemsec.frameworks.scoring import answer_points
    from chemsec.frameworks.services import _check_value

    question = Question(code="Q1", answer_type=answer_type)
    try:
        kept = timed(lambda: _check_value(question, value))
    except ValidationError:
        return
    assert kept == kept.strip()
    points = answer_points(answer_type, kept)
    assert points is None or 0 <= points <= 4


def test_the_documented_refusals_happen() -> None:
    """The fuzzing above accepts the documented errors; each really occurs for its input."""
    from chemsec.frameworks.models import Question
    from chemsec.frameworks.services import _check_value
    from chemsec.protection.evaluation import evaluate, load_document

    with pytest.raises(TabularError):
        read_delimited(io.BytesIO(b"   \n"))
    with pytest.raises(DiagramError):
        evaluate(load_document('{"layers": 3}'))
    for bad in ("-5", "1e309", "NaN"):
        with pytest.raises(ValidationError):
            _check_value(Question(code="Q", answer_type="number"), bad)

"""A job writes each result's JSON record from its values (json_record) instead of building
its dict and encoding that: the text must be exactly what json.dumps writes for
`result.to_dict()` (with the user's own columns under "input_columns"), for every shape a
result takes (text in any script, lone surrogates, control characters, quotes, no
identity, matches with and without a concentration, notes, reason values that are not
text), so the JSON download is the same file it was."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from chemsec.screening.engine.results import (
    STATUSES,
    ConcentrationAssessment,
    Identity,
    Match,
    ScreenResult,
)
from chemsec.screening.exports import _own_json, json_record

TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from('"\\/\x00\x1f\x7f\ud800\udfff\u2028é中ع =+-@\t\r\n')),
)
OPTIONAL = st.none() | TEXT
VALUE = st.none() | st.booleans() | st.integers() | st.floats() | TEXT | st.lists(TEXT)

MATCH = st.builds(
    Match,
    list=TEXT,
    entry=TEXT,
    title=TEXT,
    basis=st.sampled_from(["exact", "family", "salt", "component", "review"]),
    explanation=TEXT,
    source=TEXT,
    data_version=TEXT,
    verification=TEXT,
    urn=TEXT,
    list_status=OPTIONAL,
    concentration=st.none()
    | st.builds(
        ConcentrationAssessment,
        value_percent=st.floats(allow_nan=False),
        limit_percent=st.floats(allow_nan=False),
        limit_kind=TEXT,
        crossed=st.booleans(),
        text=TEXT,
    ),
)

RESULT = st.builds(
    ScreenResult,
    input=TEXT,
    status=st.sampled_from(STATUSES),
    line=st.none() | st.integers(min_value=0),
    reason=OPTIONAL,
    identity=st.builds(
        Identity,
        name=OPTIONAL,
        cas=OPTIONAL,
        smiles=OPTIONAL,
        inchikey=OPTIONAL,
        resolved_by=OPTIONAL,
    ),
    matches=st.lists(MATCH, max_size=3),
    notes=st.lists(TEXT, max_size=3),
    reason_code=OPTIONAL,
    reason_params=st.dictionaries(TEXT, VALUE, max_size=3),
)


@given(RESULT)
def test_a_record_is_what_json_dumps_writes_for_the_results_dict(result: ScreenResult) -> None:
    assert json_record(result) == json.dumps(result.to_dict())


@given(RESULT, st.lists(TEXT, min_size=1, max_size=4), st.data())
def test_the_users_own_columns_come_last_as_json_dumps_writes_them(
    result: ScreenResult, names: list[str], data: st.DataObject
) -> None:
    header = [f"input: {name}" for name in names]  # two columns may share a name
    cells = data.draw(st.lists(TEXT, min_size=len(header), max_size=len(header)))
    own = dict(zip(header, cells, strict=True))
    members = _own_json(header)
    text = members(cells) if members else json.dumps(own)[1:-1]
    expected = json.dumps({**result.to_dict(), "input_columns": own})
    assert json_record(result, text) == expected


@given(st.sampled_from([True, 2.0, "7"]), st.integers() | st.lists(TEXT, min_size=1))
def test_values_of_other_types_are_left_to_json_dumps(line: Any, name: Any) -> None:
    """A line that is not an int, a name that is not text: never written as something else."""
    result = ScreenResult("x", "clear", line, identity=Identity(name=name))
    assert json_record(result) == json.dumps(result.to_dict())
    read = json.loads(json_record(result))
    assert read["line"] == line and type(read["line"]) is type(line)
    # (the name is compared as json.dumps writes it, above: reading it back joins a lone high
    # and low surrogate into one character, JSON's own behaviour)

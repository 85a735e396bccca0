"""The per-row shortcuts of a SMILES file's path (issue 16) give what the general code
gives: rows built by the slots' own setters, settled SMILES rows decided in the chunk's
loop, and the output contract checked for a whole chunk at once."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from chemsec.screening.engine.core import Screener, _checked, enforce_contract
from chemsec.screening.engine.reasons import Reason
from chemsec.screening.engine.results import InputRow, Match, ScreenResult
from chemsec.screening.tests.test_text_prefilter import _samples
from chemsec.screening.tests.writings import all_writings


def test_a_row_holds_each_value_in_its_own_field() -> None:
    names = [f.name for f in dataclasses.fields(InputRow)]
    values: list[Any] = ["CCO", 7, "smiles", "5 %", "2", "kg", "label", Reason("empty")]
    row = InputRow(*values)
    assert [getattr(row, name) for name in names] == values
    assert row == InputRow(**dict(zip(names, values, strict=True)))
    assert copy.copy(row) == row  # through __reduce__, as rows cross processes
    assert dataclasses.replace(row, line=8).line == 8
    assert InputRow("CCO") == InputRow("CCO", None, None, None, None, None, None, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.line = 9  # type: ignore[misc]


def _as_dicts(results: list[ScreenResult]) -> list[dict[str, Any]]:
    return [r.to_dict() for r in results]


def test_settled_smiles_rows_are_those_of_the_full_smiles_path() -> None:
    screener = Screener(use_opsin=False, build_index=False)
    # Real-world shapes: NCI and WEHI molecules (most settle on their text), the ways
    # the listed chemicals are written (most do not), and edge cases.
    texts = list(_samples()[::150]) + [w.text for w in all_writings()][::12]
    texts += ["", "  CCO  ", "C1CC", "c1ccccc1O", "CC(=O)Oc1ccccc1C(=O)O", "[Na+].[Cl-]"]
    rows = [InputRow(t, i + 1, "smiles") for i, t in enumerate(texts)]
    rows.append(InputRow("CCCCCCCCO", 999, "smiles", concentration="5"))
    chunk = screener._start_chunk(rows).results
    one_by_one = [screener._screen_smiles_safely(row) for row in rows]
    assert _as_dicts([r for r in chunk if r is not None]) == _as_dicts(one_by_one)
    statuses = {r.status for r in one_by_one}
    assert {"clear", "matched", "invalid"} <= statuses, statuses


def test_a_text_check_that_fails_gives_the_rows_read_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screener = Screener(use_opsin=False, build_index=False)

    def fails(text: str) -> bool:
        if text == "CCCCCCCCCCO":
            raise RuntimeError("check failed")
        return False

    monkeypatch.setattr(screener, "_text_settles", fails)
    rows = [InputRow("CCCCCCCCCCO", 1, "smiles"), InputRow("CCCCCCCCCCCO", 2, "smiles")]
    first, second = screener._start_chunk(rows).results
    assert first is not None and first.status == "invalid"
    assert first.reason_code == "read_error" and "check failed" in (first.reason or "")
    assert second is not None and second.status == "clear"


_MATCH = Match("CWC", "1A01", "t", "exact", "e", "s", "v", "verified", "urn")
_REVIEW = Match("CWC", "1A01", "t", "review", "e", "s", "v", "verified", "urn")


@given(
    states=hs.lists(
        hs.tuples(
            hs.sampled_from(["clear", "matched", "unresolved", "invalid", "odd"]),
            hs.sampled_from([(), (_MATCH,), (_REVIEW,)]),
            hs.sampled_from([None, "", "empty", "no_such_code"]),
        ),
        max_size=12,
    )
)
@settings(max_examples=60, deadline=None)
def test_a_chunk_checked_at_once_is_each_row_checked(
    states: list[tuple[Any, tuple[Match, ...], str | None]],
) -> None:
    rows = [InputRow(f"row{i}", i + 1) for i in range(len(states))]
    results = [
        ScreenResult(f"row{i}", status, i + 1, code and "why", matches=list(ms), reason_code=code)
        for i, (status, ms, code) in enumerate(states)
    ]
    expected = [_checked(row, r) for row, r in zip(rows, copy.deepcopy(results), strict=True)]
    assert _as_dicts(enforce_contract(rows, results)) == _as_dicts(expected)


def test_the_cores_bound_on_remembered_identifiers_is_the_budgets() -> None:
    from chemsec.screening.engine import budget, core

    assert core._INLINE_CHARS == budget.INLINE_CHARS < budget.INLINE_MOL_CHARS

"""The output contract, enforced in `Screener.screen_chunk` (the one door every surface
goes through): one result per input row, in order, with a valid status, and a reason
code on every unresolved or invalid row."""

from __future__ import annotations

import re
from typing import Any

import pytest

from chemsec.screening.engine.core import Screener, enforce_contract
from chemsec.screening.engine.reasons import INVALID, REASONS, Reason
from chemsec.screening.engine.results import InputRow, Match, ScreenResult


def _rows(n: int) -> list[InputRow]:
    return [InputRow(f"row{i}", line=i + 1) for i in range(n)]


def _match(basis: Any = "exact") -> Match:
    return Match("CWC", "1A01", "t", basis, "e", "s", "v", "verified", "urn")


def test_missing_and_reordered_results_never_pass_as_clear() -> None:
    rows = _rows(3)
    results = [ScreenResult("row2", "clear", 3), ScreenResult("row0", "clear", 1)]
    out = enforce_contract(rows, results)
    assert [r.line for r in out] == [1, 2, 3]
    assert [r.status for r in out] == ["clear", "invalid", "clear"]
    assert out[1].reason_code == "internal"


def test_a_result_breaking_the_contract_becomes_invalid_with_a_reason() -> None:
    rows = _rows(4)
    results = [
        ScreenResult("row0", "unresolved", 1),  # no reason code
        ScreenResult("row1", "matched", 2),  # matched without entries
        ScreenResult("row2", "clear", 3, matches=[_match()]),  # entries on a clear row
        ScreenResult("row3", "clear", 4, matches=[_match("parent")]),
    ]
    out = enforce_contract(rows, results)
    assert [r.status for r in out] == ["invalid", "invalid", "matched", "invalid"]
    assert all(r.reason_code == "internal" for r in (out[0], out[1], out[3]))


def test_a_chunk_that_fails_is_screened_row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    screener = Screener("cwc", use_opsin=False)
    original = screener._screen_chunk

    def fragile(rows: list[InputRow]) -> list[ScreenResult]:
        if len(rows) > 1 or rows[0].identifier == "boom":
            raise RuntimeError("boom")
        return original(rows)

    monkeypatch.setattr(screener, "_screen_chunk", fragile)
    rows = [InputRow("sarin", 1), InputRow("boom", 2), InputRow("water", 3)]
    out = screener.screen_chunk(rows)
    assert [(r.line, r.status) for r in out] == [(1, "matched"), (2, "invalid"), (3, "clear")]
    assert out[1].reason_code == "screen_error"


def test_a_row_the_reader_marked_is_invalid_with_its_reason() -> None:
    problem = Reason("formula_without_value", {"column": "B"})
    (result,) = Screener(use_opsin=False).screen_chunk([InputRow("", 7, problem=problem)])
    assert (result.line, result.status, result.reason_code) == (
        7,
        "invalid",
        "formula_without_value",
    )
    assert "column B" in (result.reason or "")


def test_every_reason_has_a_translatable_text_with_the_same_values() -> None:
    from chemsec.screening.presenters import _reason_texts, reason_text

    texts = _reason_texts()
    assert set(texts) == set(REASONS)
    for code, english in REASONS.items():
        names = set(re.findall(r"{(\w+)", english))
        assert set(re.findall(r"%\((\w+)\)s", texts[code])) == names, code
        params = dict.fromkeys(names, "X")
        assert reason_text(code, params, None) == Reason(code, params).text.replace("'X'", "X")
    assert set(REASONS) > INVALID


def test_stored_results_without_codes_keep_their_english() -> None:
    from chemsec.screening.presenters import result_reason

    assert result_reason({"reason": "unknown name"}) == "unknown name"
    stored = {"reason": "x", "reason_code": "invalid_cas", "reason_params": {"cas": "50-00-1"}}
    assert result_reason(stored) == "invalid CAS: 50-00-1 fails the check digit"

"""Exported cells a spreadsheet would run as a formula are quoted."""

from __future__ import annotations

import pytest

from chemsec.lib.spreadsheet import spreadsheet_safe


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\tx"])
def test_it_quotes_every_formula_leading_character(text: str) -> None:
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["chlorine", "7782-50-5", "", 5, -5.0, None])
def test_it_leaves_everything_else_as_it_is(value: object) -> None:
    assert spreadsheet_safe(value) == value

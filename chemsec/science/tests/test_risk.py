"""Risk equation and matrix lookup."""

import pytest

from chemsec.science.easi import Response, Task, probability_of_interruption
from chemsec.science.risk import (
    DEFAULT_MATRIX,
    matrix_lookup,
    quantitative_risk,
    validate_matrix,
    what_if,
)


def test_it_matches_the_notes_risk_example():
    # The notes carry P_I from Case A; with the unrounded value R rounds to 18.575.
    tasks = [
        Task("fence", 0.0, "B", 10), Task("move", 0.0, "B", 12), Task("door", 0.9, "B", 90),
        Task("move", 0.0, "B", 10), Task("inner door", 0.9, "B", 90), Task("target", 0.0, "B", 120),
    ]  # fmt: skip
    p_i = probability_of_interruption(tasks, 0.95, Response(300, 90))
    result = quantitative_risk(0.3, p_i, 0.8, 100)
    assert round(result.p_effectiveness, 4) == 0.3808
    assert round(result.risk, 3) == 18.575


def test_it_computes_the_equation_exactly_with_the_rounded_p_i():
    result = quantitative_risk(0.3, 0.4760, 0.8, 100)
    assert result.p_effectiveness == pytest.approx(0.3808, abs=1e-12)
    assert result.risk == pytest.approx(0.3 * (1 - 0.3808) * 100, abs=1e-12)


def test_it_looks_up_a_data_defined_matrix():
    assert matrix_lookup(1, 1) == "low"
    assert matrix_lookup(5, 5) == "very high"
    tiny = {"likelihood": ["low", "high"], "consequence": ["small", "big"],
            "levels": ["ok", "bad"], "grid": [["ok", "ok"], ["ok", "bad"]]}  # fmt: skip
    assert matrix_lookup(2, 2, tiny) == "bad"
    with pytest.raises(ValueError):
        matrix_lookup(6, 1)
    validate_matrix(DEFAULT_MATRIX)


def test_it_rejects_a_malformed_matrix():
    broken = dict(DEFAULT_MATRIX, grid=[["low"]])
    with pytest.raises(ValueError, match="row"):
        validate_matrix(broken)


def test_it_reports_risk_reduction_per_unit_cost():
    result = what_if(18.575, 8.575, 2000.0)
    assert result.reduction == pytest.approx(10.0)
    assert result.reduction_per_cost == pytest.approx(0.005)
    assert what_if(1.0, 0.5, 0.0).reduction_per_cost is None

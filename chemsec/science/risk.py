"""Security risk: the Sandia/Garcia equation and a data-driven qualitative matrix.

Quantitative (Garcia 2008, ch. 15): R = P_A x (1 - P_E) x C, with the system
effectiveness P_E = P_I x P_N and the consequence C normalised to [0, 1] (or to
any scale the caller states; the number is then on that scale).

Qualitative (CCPS SVA / API Std 780 style): an ordinal likelihood and consequence
are looked up in a matrix that is data, passed in as a plain structure. Pure module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QuantitativeRisk:
    """R = P_A (1 - P_E) C with its parts."""

    p_attack: float
    p_interruption: float
    p_neutralisation: float
    consequence: float
    p_effectiveness: float
    risk: float
    method: str = "R = P_A x (1 - P_E) x C, P_E = P_I x P_N (Garcia 2008)"


def _probability(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1")


def system_effectiveness(p_interruption: float, p_neutralisation: float) -> float:
    """P_E = P_I x P_N."""
    _probability("p_interruption", p_interruption)
    _probability("p_neutralisation", p_neutralisation)
    return p_interruption * p_neutralisation


def quantitative_risk(
    p_attack: float, p_interruption: float, p_neutralisation: float, consequence: float
) -> QuantitativeRisk:
    """Risk of one scenario on the consequence's own (normalised) scale."""
    _probability("p_attack", p_attack)
    if consequence < 0:
        raise ValueError("consequence must not be negative")
    p_e = system_effectiveness(p_interruption, p_neutralisation)
    return QuantitativeRisk(
        p_attack,
        p_interruption,
        p_neutralisation,
        consequence,
        p_e,
        p_attack * (1.0 - p_e) * consequence,
    )


# 5 x 5 default: rows are likelihood 1 (rare) .. 5 (almost certain), columns are
# consequence 1 (negligible) .. 5 (catastrophic); a CCPS SVA / API 780 style layout.
DEFAULT_MATRIX: dict[str, Any] = {
    "urn": "urn:chemsec:matrix:default-5x5:v1",
    "likelihood": ["rare", "unlikely", "possible", "likely", "almost certain"],
    "consequence": ["negligible", "minor", "moderate", "major", "catastrophic"],
    "levels": ["low", "medium", "high", "very high"],
    "grid": [
        ["low", "low", "low", "medium", "medium"],
        ["low", "low", "medium", "medium", "high"],
        ["low", "medium", "medium", "high", "high"],
        ["medium", "medium", "high", "high", "very high"],
        ["medium", "high", "high", "very high", "very high"],
    ],
}


def validate_matrix(matrix: Mapping[str, Any]) -> None:
    """Fail loudly on a matrix whose grid does not match its scales."""
    grid: Sequence[Sequence[str]] = matrix["grid"]
    if len(grid) != len(matrix["likelihood"]):
        raise ValueError("matrix grid needs one row per likelihood level")
    for row in grid:
        if len(row) != len(matrix["consequence"]):
            raise ValueError("matrix grid needs one column per consequence level")
        unknown = set(row) - set(matrix["levels"])
        if unknown:
            raise ValueError(f"matrix grid uses undeclared levels: {sorted(unknown)}")


def matrix_lookup(
    likelihood: int, consequence: int, matrix: Mapping[str, Any] = DEFAULT_MATRIX
) -> str:
    """Risk level for 1-based ordinal likelihood and consequence."""
    validate_matrix(matrix)
    rows, cols = len(matrix["likelihood"]), len(matrix["consequence"])
    if not (1 <= likelihood <= rows and 1 <= consequence <= cols):
        raise ValueError(f"likelihood must be 1-{rows} and consequence 1-{cols}")
    return str(matrix["grid"][likelihood - 1][consequence - 1])


def level_rank(level: str, matrix: Mapping[str, Any] = DEFAULT_MATRIX) -> int:
    """0-based rank of a level (low = 0)."""
    return list(matrix["levels"]).index(level)


@dataclass(frozen=True)
class WhatIf:
    """Before/after comparison of a countermeasure."""

    risk_before: float
    risk_after: float
    cost: float
    reduction: float
    reduction_per_cost: float | None


def what_if(risk_before: float, risk_after: float, cost: float) -> WhatIf:
    """Risk reduction and reduction per unit cost (None when the cost is zero)."""
    if cost < 0:
        raise ValueError("cost must not be negative")
    reduction = risk_before - risk_after
    return WhatIf(risk_before, risk_after, cost, reduction, reduction / cost if cost else None)

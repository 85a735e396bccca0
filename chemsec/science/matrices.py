"""Risk matrices as content data, heat maps and the rows of a risk register. Pure module.

Content matrices (``content/matrices``) describe each scale step and level as a mapping
(value, code, label); `risk.matrix_lookup` wants plain lists, so `to_lookup` converts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chemsec.science.risk import level_rank, matrix_lookup, quantitative_risk, what_if

DEFAULT_MATRIX_URN = "urn:chemsec:matrix:ccps-5x5:v1"
MATRIX_FILE = Path(__file__).resolve().parent.parent / "content" / "matrices" / "ccps-5x5.yaml"


def _label(step: Any) -> str:
    return str(step["label"]) if isinstance(step, Mapping) else str(step)


def _code(step: Any) -> str:
    return str(step["code"]) if isinstance(step, Mapping) else str(step)


def to_lookup(data: Mapping[str, Any]) -> dict[str, Any]:
    """The matrix in the shape `risk.matrix_lookup` takes."""
    return {
        "likelihood": [_label(s) for s in data["likelihood"]],
        "consequence": [_label(s) for s in data["consequence"]],
        "levels": [_code(s) for s in data["levels"]],
        "grid": [list(row) for row in data["grid"]],
    }


def level_labels(data: Mapping[str, Any]) -> dict[str, str]:
    return {_code(s): _label(s) for s in data["levels"]}


def level(data: Mapping[str, Any], likelihood: int, consequence: int) -> str:
    return matrix_lookup(likelihood, consequence, to_lookup(data))


def ordinal(value: float, top: float) -> int:
    """A value on [0, top] as a 1-5 step, for placing quantitative risks on a heat map."""
    share = min(max(value / top, 0.0), 1.0) if top else 0.0
    return min(5, int(share * 5) + 1)


@dataclass(frozen=True)
class Rating:
    """One stage of a scenario's risk: a number (quantitative) or a matrix cell."""

    value: float | None
    likelihood: int
    consequence: int
    level: str


def _quant(p_a: float, p_i: float, p_n: float, c: float, data: Mapping[str, Any]) -> Rating:
    r = quantitative_risk(p_a, p_i, p_n, c).risk
    pe_free = p_a * (1 - p_i * p_n)
    lk, cq = ordinal(pe_free, 1.0), ordinal(c, 100.0)
    return Rating(r, lk, cq, level(data, lk, cq))


def _qual(lk: int, cq: int, data: Mapping[str, Any]) -> Rating:
    return Rating(None, lk, cq, level(data, lk, cq))


def entry_ratings(
    entry: Any,
    method: str,
    data: Mapping[str, Any],
    proposed_p_i: Mapping[Any, float | None] | None = None,
    combined_p_i: float | None = None,
) -> dict[str, Rating]:
    """Inherent (no protection), current (today) and residual (with every measure) risk.

    ``proposed_p_i`` maps a measure's pk to its P_I when the caller worked it out (from
    a changed protection diagram); other measures use their typed proposed P_I.
    ``combined_p_i``, when known, is the P_I with all of those measures' changes applied
    together, and stands in for them. The residual P_I is the best of today's, the
    combined one and the others.
    """
    measures = list(entry.measures.all())
    if method == "quantitative":
        p_a, p_i, p_n, c = (
            entry.p_attack,
            entry.p_interruption,
            entry.p_neutralisation,
            entry.consequence,
        )
        known = proposed_p_i or {}
        with_measures = [known.get(m.pk, m.proposed_p_interruption) for m in measures]
        if combined_p_i is not None:
            typed = [m.proposed_p_interruption for m in measures if m.pk not in known]
            with_measures = [combined_p_i, *typed]
        best = max([p_i, *[v for v in with_measures if v is not None]])
        return {
            "inherent": _quant(p_a, 0.0, p_n, c, data),
            "current": entry_ratings_current(entry, method, data),
            "residual": _quant(p_a, best, p_n, c, data),
        }
    lk = min(
        [
            entry.current_likelihood,
            *[m.proposed_likelihood for m in measures if m.proposed_likelihood],
        ]
    )
    cq = min(
        [
            entry.current_consequence,
            *[m.proposed_consequence for m in measures if m.proposed_consequence],
        ]
    )
    return {
        "inherent": _qual(entry.inherent_likelihood, entry.inherent_consequence, data),
        "current": entry_ratings_current(entry, method, data),
        "residual": _qual(lk, cq, data),
    }


def measure_what_if(
    entry: Any,
    measure: Any,
    method: str,
    data: Mapping[str, Any],
    p_interruption: float | None = None,
) -> dict[str, Any]:
    """Today's risk beside the risk with this one measure, and reduction per unit cost.

    ``p_interruption``, when given, is the P_I with the measure as the caller worked it
    out; otherwise the measure's typed proposed P_I, else today's.
    """
    current = entry_ratings_current(entry, method, data)
    if method == "quantitative":
        p_i = next(
            v
            for v in (p_interruption, measure.proposed_p_interruption, entry.p_interruption)
            if v is not None
        )
        after = _quant(entry.p_attack, p_i, entry.p_neutralisation, entry.consequence, data)
        before_value, after_value = current.value or 0.0, after.value or 0.0
    else:
        lk = measure.proposed_likelihood or entry.current_likelihood
        cq = measure.proposed_consequence or entry.current_consequence
        after = _qual(lk, cq, data)
        # Qualitative risk has no number; the level's rank (low = 1) stands in for it.
        before_value, after_value = _rank(data, current.level), _rank(data, after.level)
    result = what_if(before_value, after_value, float(measure.cost))
    return {
        "before": current,
        "after": after,
        "reduction": result.reduction,
        "per_cost": result.reduction_per_cost,
    }


def entry_ratings_current(entry: Any, method: str, data: Mapping[str, Any]) -> Rating:
    if method == "quantitative":
        return _quant(
            entry.p_attack, entry.p_interruption, entry.p_neutralisation, entry.consequence, data
        )
    return _qual(entry.current_likelihood, entry.current_consequence, data)


def _rank(data: Mapping[str, Any], code: str) -> float:
    return float(level_rank(code, to_lookup(data)) + 1)


def heat_map(
    data: Mapping[str, Any], points: Iterable[tuple[int, int, str]]
) -> list[dict[str, Any]]:
    """Rows from the highest likelihood down; each cell with its level, count and names."""
    lookup = to_lookup(data)
    labels = level_labels(data)
    names: dict[tuple[int, int], list[str]] = {}
    for lk, cq, name in points:
        names.setdefault((lk, cq), []).append(name)
    rows = []
    for lk in range(len(lookup["likelihood"]), 0, -1):
        cells = []
        for cq in range(1, len(lookup["consequence"]) + 1):
            code = lookup["grid"][lk - 1][cq - 1]
            found = sorted(names.get((lk, cq), []))
            cells.append(
                {
                    "likelihood": lk,
                    "consequence": cq,
                    "level": code,
                    "label": labels.get(code, code),
                    "count": len(found),
                    "names": found,
                }
            )
        rows.append({"likelihood": lk, "label": lookup["likelihood"][lk - 1], "cells": cells})
    return rows

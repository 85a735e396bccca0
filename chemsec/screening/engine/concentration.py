"""Concentrations from input files, and whether they cross a list entry's limit."""

from __future__ import annotations

import re
from typing import Any

from chemsec.screening.engine.explanations import concentration_english
from chemsec.screening.engine.lists import ListEntry
from chemsec.screening.engine.results import ConcentrationAssessment

_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(.*?)\s*$")
# Mass fraction units we accept, as factors to per cent w/w.
_UNITS = {
    "": 1.0,
    "%": 1.0,
    "% w/w": 1.0,
    "%w/w": 1.0,
    "wt%": 1.0,
    "wt %": 1.0,
    "% (w/w)": 1.0,
    "g/kg": 0.1,
    "g/100g": 1.0,
    "mg/kg": 1e-4,
    "ppm": 1e-4,
}
# Mass of nitrogen in ammonium nitrate (2 N, 28.0134 g/mol, in 80.043 g/mol).
NITROGEN_IN_AN = 28.0134 / 80.043


def parse_percent(text: str | None) -> float | None:
    """Per cent by weight from '12', '12 %', '12 % w/w', '120 g/kg'; ValueError if unreadable."""
    if text is None or not text.strip():
        return None
    m = _NUMBER.match(text)
    unit = m.group(2).lower() if m else None
    if m is None or unit not in _UNITS:
        raise ValueError(f"unreadable concentration {text!r} (use % w/w, g/kg, mg/kg or ppm)")
    value = float(m.group(1).replace(",", ".")) * _UNITS[unit]
    if value > 100:
        raise ValueError(f"concentration {text!r} is above 100 % w/w")
    return value


def assess(entry: ListEntry, percent: float) -> ConcentrationAssessment | None:
    """Compare a stated concentration with the entry's limit, if the entry has one."""
    if entry.limit_value is None:
        return None
    if entry.limit_basis == "nitrogen_from_ammonium_nitrate_w/w":
        return _assess_an(entry, percent)
    if entry.limit_basis == "minimum_w/w":
        return _assess_minimum(entry, percent)
    return _assess_limit(entry, percent)


def _assess_limit(entry: ListEntry, percent: float) -> ConcentrationAssessment:
    limit = float(entry.limit_value or 0)
    crossed = percent > limit
    code = "above_limit" if crossed else "at_or_below_limit"
    params: dict[str, Any] = {"percent": percent, "limit": limit}
    upper = _float(entry.licence_limit)
    if crossed and upper is not None and percent > upper:
        code, params["upper"] = "above_limit_and_licence_limit", upper
    elif crossed and entry.licence_limit:
        code, params["licence_limit"] = "above_limit_licence_wording", entry.licence_limit
    return _assessment(percent, limit, "limit value", crossed, code, params)


def _assess_an(entry: ListEntry, percent: float) -> ConcentrationAssessment:
    limit = float(entry.limit_value or 0)
    nitrogen = percent * NITROGEN_IN_AN
    crossed = nitrogen > limit
    code = "nitrogen_above_limit" if crossed else "nitrogen_at_or_below_limit"
    params = {"percent": percent, "nitrogen": nitrogen, "limit": limit}
    return _assessment(percent, limit, "limit value (as nitrogen)", crossed, code, params)


def _assess_minimum(entry: ListEntry, percent: float) -> ConcentrationAssessment:
    limit = float(entry.limit_value or 0)
    crossed = percent >= limit
    code = "at_or_above_minimum" if crossed else "below_minimum"
    params = {"percent": percent, "limit": limit}
    return _assessment(percent, limit, "minimum concentration", crossed, code, params)


def _assessment(
    percent: float, limit: float, kind: str, crossed: bool, code: str, params: dict[str, Any]
) -> ConcentrationAssessment:
    """The assessment with its code, values and English (engine/explanations.py)."""
    text = concentration_english(code, params)
    return ConcentrationAssessment(percent, limit, kind, crossed, text, code, params)


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None

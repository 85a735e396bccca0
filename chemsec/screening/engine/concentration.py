"""Concentrations from input files, and whether they cross a list entry's limit."""

from __future__ import annotations

import re

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
    text = (
        f"{percent:g} % w/w is {'above' if crossed else 'at or below'} the limit value "
        f"of {limit:g} % w/w"
    )
    upper = _float(entry.licence_limit)
    if crossed and upper is not None and percent > upper:
        text += f" and above the upper limit for licensing ({upper:g} % w/w)"
    elif crossed and entry.licence_limit:
        text += f"; upper limit for licensing: {entry.licence_limit}"
    return ConcentrationAssessment(percent, limit, "limit value", crossed, text)


def _assess_an(entry: ListEntry, percent: float) -> ConcentrationAssessment:
    limit = float(entry.limit_value or 0)
    nitrogen = percent * NITROGEN_IN_AN
    crossed = nitrogen > limit
    text = (
        f"{percent:g} % w/w ammonium nitrate gives {nitrogen:.1f} % w/w nitrogen from "
        f"ammonium nitrate, {'above' if crossed else 'at or below'} the limit value of "
        f"{limit:g} % w/w nitrogen"
    )
    return ConcentrationAssessment(percent, limit, "limit value (as nitrogen)", crossed, text)


def _assess_minimum(entry: ListEntry, percent: float) -> ConcentrationAssessment:
    limit = float(entry.limit_value or 0)
    crossed = percent >= limit
    text = (
        f"{percent:g} % w/w is {'at or above' if crossed else 'below'} the minimum "
        f"concentration of {limit:g} % w/w"
    )
    return ConcentrationAssessment(percent, limit, "minimum concentration", crossed, text)


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None

"""Release rates (``gas_release_rate``, ``pool_release_rate``): a gas, the quantity over
10 minutes (40 CFR 68.25(c)); a gas released inside a building, times 0.55 (the
Guidance's passive-mitigation factor for an enclosure, as listed by RAPID-N); a liquid,
a pool 1 cm deep or the diked area (68.25(d)) evaporating by the Guidance's equation D-1
(``chemsec.science.release.evaporation_rate_lb_min``). The table's duration follows the
release: 10 minutes when the release lasts 10 minutes or less, else 60. Pure module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chemsec.science.inputs import InputError
from chemsec.science.oca.tables import SCENARIOS, Note, _choice
from chemsec.science.plume import finite
from chemsec.science.release import evaporation_rate_lb_min
from chemsec.science.units import rate_to_g_s, to_mg_m3

LB_PER_KG = 1 / 0.45359237
LB_MIN_PER_G_S = 60.0 / 453.59237
FT2_PER_M2 = 1 / 0.09290304
PA_PER_MMHG = 133.322387415
POOL_DEPTH_M = 0.01
AMBIENT_K = 298.15
GAS_RELEASE_MIN = 10.0
ENCLOSURE_FACTOR = 0.55
WIND_M_S = {"worst-case": 1.5, "alternative": 3.0}


def rate_lb_min(value: float, unit: str) -> float:
    """A release rate in lb/min (from lb/min, kg/s or g/s)."""
    rate = finite(value, "release_rate")
    if not rate > 0:
        raise InputError("release_rate", "must be a positive number", "not_positive")
    if unit == "lb/min":
        return rate
    try:
        return rate_to_g_s(rate, unit) * LB_MIN_PER_G_S
    except ValueError as exc:
        raise InputError("rate_unit", str(exc), "unknown_unit", {"value": unit}) from exc


def endpoint_mg_l(value: float, unit: str, molar_mass_g_mol: float | None = None) -> float:
    """A toxic endpoint in mg/L (ppm needs the molar mass: mg/m3 = ppm x MW / 24.45)."""
    endpoint = finite(value, "endpoint")
    if not endpoint > 0:
        raise InputError("endpoint", "must be a positive number", "not_positive")
    if molar_mass_g_mol is not None:
        molar_mass = finite(molar_mass_g_mol, "molar_mass")
        if not molar_mass > 0:
            raise InputError("molar_mass", "must be a positive number", "not_positive")
    try:
        return to_mg_m3(endpoint, unit, molar_mass_g_mol) / 1000.0
    except ValueError as exc:
        raise InputError("endpoint_unit", str(exc), "unknown_unit", {"value": unit}) from exc


@dataclass(frozen=True)
class ReleaseRate:
    """A release rate for the tables, its duration and how it was obtained."""

    rate_lb_min: float
    duration_min: float
    formula: str
    notes: tuple[Note, ...] = ()

    @property
    def table_duration_min(self) -> int:
        return table_duration(self.duration_min)


def table_duration(release_min: float) -> int:
    """The table for the release: 10 minutes when it lasts 10 minutes or less, else 60."""
    return 10 if release_min <= GAS_RELEASE_MIN + 1e-9 else 60


def gas_release_rate(quantity_lb: float, *, enclosed: bool = False) -> ReleaseRate:
    """Worst case for a gas: the quantity over 10 minutes (68.25(c)); x 0.55 in a building."""
    quantity = finite(quantity_lb, "quantity")
    if not quantity > 0:
        raise InputError("quantity", "must be a positive number", "not_positive")
    rate = quantity / GAS_RELEASE_MIN
    notes = [Note("gas_over_10_min", "gas released over 10 minutes: QR = Q / 10 (40 CFR 68.25(c))")]
    formula = "QR = Q / 10"
    if enclosed:
        rate *= ENCLOSURE_FACTOR
        formula = "QR = 0.55 x Q / 10"
        notes.append(
            Note(
                "enclosure_factor",
                "released inside a building: rate x 0.55 (the Guidance's passive-mitigation "
                "factor for an enclosure, as listed by RAPID-N; verified-secondary)",
            )
        )
    return ReleaseRate(rate, GAS_RELEASE_MIN, formula, tuple(notes))


def pool_release_rate(
    quantity_lb: float,
    *,
    molar_mass_g_mol: float,
    vapour_pressure_pa: float,
    liquid_density_kg_m3: float,
    scenario: str = "worst-case",
    diked_area_m2: float | None = None,
    temperature_k: float = AMBIENT_K,
) -> ReleaseRate:
    """A liquid spilled into a pool 1 cm deep (or the dike), evaporating (Guidance eq. D-1)."""
    quantity = finite(quantity_lb, "quantity")
    if not quantity > 0:
        raise InputError("quantity", "must be a positive number", "not_positive")
    wind = WIND_M_S[_choice(scenario, SCENARIOS, "scenario")]
    mass_kg = quantity / LB_PER_KG
    area_m2 = mass_kg / finite(liquid_density_kg_m3, "liquid_density") / POOL_DEPTH_M
    notes = [Note("pool_1_cm", "liquid spilled into a pool 1 cm deep (40 CFR 68.25(d))")]
    if diked_area_m2 is not None and finite(diked_area_m2, "diked_area") < area_m2:
        area_m2 = diked_area_m2
        notes = [Note("pool_diked", "liquid spilled into the diked area (40 CFR 68.25(d))")]
    rate = evaporation_rate_lb_min(
        wind,
        finite(molar_mass_g_mol, "molar_mass"),
        area_m2 * FT2_PER_M2,
        finite(vapour_pressure_pa, "vapour_pressure") / PA_PER_MMHG,
        temperature_k,
    )
    notes.append(
        Note(
            "pool_evaporation",
            "evaporation QR = 0.284 U^0.78 MW^(2/3) A VP / (82.05 T) lb/min at U = {wind} m/s "
            "(Guidance eq. D-1; its constant as in release.py, recalled and checked against "
            "the 1987 Technical Guidance for Hazards Analysis)",
            (("wind", wind),),
        )
    )
    duration = quantity / rate if rate > 0 else math.inf
    if duration < GAS_RELEASE_MIN:
        rate, duration = quantity / GAS_RELEASE_MIN, GAS_RELEASE_MIN
        notes.append(Note("pool_capped", "evaporates in under 10 minutes: QR = Q / 10"))
    return ReleaseRate(rate, duration, "QR = 0.284 U^0.78 MW^(2/3) A VP / (82.05 T)", tuple(notes))

"""Unit conversions for release rates and concentrations, through pint.

ppm (by volume) has no mass without a molar mass: mg/m3 = ppm x MW / 24.45, the
molar volume of an ideal gas at 25 C and 1 atm (24.45 L/mol), as in the notes.
Pure module.
"""

from __future__ import annotations

from functools import lru_cache

import pint

MOLAR_VOLUME_L_25C = 24.45
RATE_UNITS = ("g/s", "kg/s", "lb/min")
CONCENTRATION_UNITS = ("mg/m3", "mg/L", "ppm", "g/m3")


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[float]:
    return pint.UnitRegistry()


def rate_to_g_s(value: float, unit: str) -> float:
    """A mass release rate in g/s."""
    if unit not in RATE_UNITS:
        raise ValueError(f"rate unit must be one of {', '.join(RATE_UNITS)}, not {unit!r}")
    ureg = registry()
    return float(ureg.Quantity(value, unit.replace("lb", "pound")).to("g/s").magnitude)


def ppm_to_mg_m3(ppm: float, molar_mass_g_mol: float) -> float:
    """ppm by volume to mg/m3 at 25 C and 1 atm."""
    if not molar_mass_g_mol > 0:
        raise ValueError("a positive molar mass is needed to convert ppm")
    return ppm * molar_mass_g_mol / MOLAR_VOLUME_L_25C


def to_mg_m3(value: float, unit: str, molar_mass_g_mol: float | None = None) -> float:
    """An airborne concentration in mg/m3."""
    if unit not in CONCENTRATION_UNITS:
        raise ValueError(
            f"concentration unit must be one of {', '.join(CONCENTRATION_UNITS)}, not {unit!r}"
        )
    if unit == "ppm":
        if molar_mass_g_mol is None:
            raise ValueError("a molar mass is needed to convert ppm to mg/m3")
        return ppm_to_mg_m3(value, molar_mass_g_mol)
    ureg = registry()
    quantity = ureg.Quantity(value, unit.replace("m3", "m**3"))
    return float(quantity.to("mg/m**3").magnitude)

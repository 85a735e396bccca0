"""Inventory quantities: one row's amount, unit and concentration to kilograms.

Masses convert through pint. Volumes need a density: the file's own density
column, else the liquid density at 25 C from the offline ``chemicals`` data; without
one the row is reported as "unit needs density", never guessed. Pure module.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from chemsec.science.units import registry

KG_PER_LB = 0.45359237
MASS_UNITS = {
    "kg": "kilogram",
    "kgs": "kilogram",
    "kilogram": "kilogram",
    "kilograms": "kilogram",
    "g": "gram",
    "gram": "gram",
    "grams": "gram",
    "t": "metric_ton",
    "tonne": "metric_ton",
    "tonnes": "metric_ton",
    "lb": "pound",
    "lbs": "pound",
    "pound": "pound",
    "pounds": "pound",
}
VOLUME_UNITS = {
    "l": "liter",
    "litre": "liter",
    "liter": "liter",
    "litres": "liter",
    "liters": "liter",
    "ml": "milliliter",
    "gal": "gallon",  # the US gallon, as in US regulatory thresholds
    "gallon": "gallon",
    "gallons": "gallon",
}
UNITS_HELP = "kg, g, t, lb, L, mL, gal"

DensityLookup = Callable[[str], "tuple[float, str] | None"]


@dataclass(frozen=True)
class Amount:
    """A row's amount in kilograms, or the reason it could not be converted."""

    kg: float | None
    error: str = ""
    note: str = ""


def parse_number(text: str) -> float | None:
    """A plain decimal number; thousands separators (1,000 or 1 000) are allowed."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if cleaned.count(",") and "." not in cleaned and len(cleaned.split(",")[-1]) != 3:
        cleaned = cleaned.replace(",", ".")  # a decimal comma: 2,5
    cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_concentration(text: str) -> tuple[float | None, str]:
    """A concentration in % w/w (a trailing % is allowed); blank means pure (100 %)."""
    if not text.strip():
        return None, ""
    value = parse_number(text.strip().rstrip("%"))
    if value is None or not 0 < value <= 100:
        return None, f"concentration {text!r} is not a percentage above 0 and at most 100"
    return value, ""


def to_kg(
    quantity: str,
    unit: str,
    cas: str = "",
    density_kg_l: float | None = None,
    density_lookup: DensityLookup | None = None,
) -> Amount:
    """Convert one row's quantity and unit to kilograms, or say why not."""
    if not quantity.strip():
        return Amount(None, "quantity missing")
    value = parse_number(quantity)
    if value is None:
        return Amount(None, f"quantity {quantity!r} is not a number")
    if value < 0:
        return Amount(None, "quantity must not be negative")
    key = unit.strip().lower().replace(".", "")
    if not key:
        return Amount(None, f"unit missing (use {UNITS_HELP})")
    if key in MASS_UNITS:
        return Amount(_convert(value, MASS_UNITS[key], "kilogram"))
    if key in VOLUME_UNITS:
        return _volume(value, VOLUME_UNITS[key], cas, density_kg_l, density_lookup)
    return Amount(None, f"unknown unit {unit!r} (use {UNITS_HELP})")


def _convert(value: float, unit: str, target: str) -> float:
    return float(registry().Quantity(value, unit).to(target).magnitude)


def _volume(
    value: float, unit: str, cas: str, density: float | None, lookup: DensityLookup | None
) -> Amount:
    litres = _convert(value, unit, "liter")
    if density is not None:
        return Amount(litres * density, note=f"density {density:g} kg/L from the file")
    found = lookup(cas) if (lookup is not None and cas) else None
    if found is None:
        return Amount(None, "unit needs density (a volume, and no liquid density is known)")
    kg_per_l, source = found
    return Amount(litres * kg_per_l, note=f"density {kg_per_l:.3f} kg/L at 25 C ({source})")


def kg_to_lb(kg: float) -> float:
    return kg / KG_PER_LB


@lru_cache(maxsize=512)
def liquid_density_kg_l(cas: str) -> tuple[float, str] | None:
    """Liquid density at 25 C from the offline ``chemicals`` data, in kg/L, or None."""
    from chemicals import identifiers

    from chemsec.science.properties import liquid_density_kg_m3

    try:
        molar_mass = float(identifiers.search_chemical(cas).MW)
        found = liquid_density_kg_m3(cas, molar_mass)
    except Exception:  # the package raises on unknown CAS numbers; that just means unknown
        return None
    if found is None or not found[0] > 0:
        return None
    return found[0] / 1000.0, found[1]

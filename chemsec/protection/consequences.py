"""Consequence estimates from form or API inputs, through the facility science (pure).

Maps the portal's choices (phase incl. liquefied gas, a typed-in endpoint) onto
`release.rmp_scenario`, and adds what the pages need to draw and explain the result.
A liquid that boils below 25 C is stored liquefied: it is released as a gas and, like
a liquefied gas, leaves as vapour at its normal boiling point (for the dense-gas model).
"""

from __future__ import annotations

from typing import Any

from chemsec.science.endpoints import choose_endpoint, user_endpoint
from chemsec.science.inputs import InputError
from chemsec.science.labels import DENSE_GAS_LABEL
from chemsec.science.release import (
    ConsequenceResult,
    Substance,
    footprint_outline,
    rmp_scenario,
)


def facility_density(facility: Any) -> float | None:
    """People per km2 from the facility profile, when the profile records it."""
    value = getattr(facility, "population_density_per_km2", None)
    return float(value) if isinstance(value, int | float) else None


def _substance(cas: str, name: str) -> Substance:
    from chemsec.science.properties import substance_from_cas

    try:
        return substance_from_cas(cas, name or None)
    except Exception as exc:  # the property package raises several kinds for unknown ids
        raise InputError("cas", f"{cas!r} is not in the offline property database") from exc


def _phase(phase: str, substance: Substance) -> tuple[str, bool, list[str]]:
    from chemsec.science.properties import boils_below_25c

    if phase == "liquefied_gas":
        return "gas", True, []
    if phase == "liquid" and boils_below_25c(substance):
        note = "boils below 25 C: released as a gas over 10 minutes (40 CFR 68.25)"
        return "gas", True, [note]
    if phase == "liquid" and substance.vapour_pressure_pa is None:
        raise InputError("phase", "no vapour pressure at 25 C offline: enter it as a gas")
    if phase not in ("gas", "liquid"):
        raise InputError("phase", "must be gas, liquid or liquefied_gas")
    return phase, False, []


def run(inputs: dict[str, Any]) -> tuple[ConsequenceResult, Substance, list[str]]:
    """The science result for validated inputs (see `estimate` for the stored form)."""
    substance = _substance(inputs["cas"], inputs.get("chemical_name") or "")
    phase, liquefied, notes = _phase(inputs["phase"], substance)
    typed = None
    if inputs.get("endpoint_value"):
        try:
            typed = user_endpoint(
                inputs["endpoint_value"],
                inputs.get("endpoint_unit") or "mg/m3",
                substance.molar_mass_g_mol,
                substance.name,
            )
        except ValueError as exc:
            raise InputError("endpoint_value", str(exc)) from exc
    endpoint = choose_endpoint(inputs["cas"], typed)
    if endpoint is None:
        raise InputError("endpoint_value", "no toxic endpoint is on file for this CAS: enter one")
    result = rmp_scenario(
        substance,
        inputs["quantity_kg"],
        phase=phase,
        scenario=inputs["release_scenario"],
        terrain=inputs["terrain"],
        endpoint=endpoint,
        diked_area_m2=inputs.get("diked_area_m2"),
        liquefied_gas=liquefied,
        population_density_per_km2=inputs.get("population_density_per_km2"),
    )
    return result, substance, notes


def estimate(inputs: dict[str, Any]) -> dict[str, Any]:
    """A JSON-ready result: `ConsequenceResult.as_dict()` plus substance and outline."""
    result, substance, notes = run(inputs)
    out = result.as_dict()
    out["assumptions"] = [*notes, *out["assumptions"]]
    out["substance"] = {
        "name": substance.name,
        "cas": substance.cas,
        "molar_mass_g_mol": substance.molar_mass_g_mol,
    }
    out["dense_gas"] = DENSE_GAS_LABEL in out["labels"]
    distance = out["distance_to_endpoint_m"]
    out["footprint_outline"] = (
        footprint_outline(result.contour_model, result.endpoint.value_mg_m3 / 1000.0, distance)
        if distance and result.endpoint
        else []
    )
    return out

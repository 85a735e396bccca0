"""Consequence estimates from form or API inputs, through the facility science (pure).

Maps the portal's choices (phase incl. liquefied gas, a typed-in endpoint) onto
`release.rmp_scenario`, and adds what the pages need to draw and explain the result.
A liquid that boils below 25 C is stored liquefied: it is released as a gas and, like
a liquefied gas, leaves as vapour at its normal boiling point (for the dense-gas model).

Endpoints by purpose (`endpoints.choose_endpoint_for`): an RMP scenario uses the
40 CFR 68 Appendix A endpoint, emergency planning AEGL-2 or ERPG-2 as chosen
(`endpoint_purpose`), and a value the user typed is always used; the result says which
and why (`endpoint_choice`). The same release is read off the EPA OCA reference tables
(`science.oca`) when a verified table covers it; the longer distance leads, and a model
distance shorter than the tables' is kept beside it as a model estimate.
"""

from __future__ import annotations

import math
from typing import Any

from chemsec.science import oca
from chemsec.science.endpoints import PURPOSES, EndpointChoice, choose_endpoint_for, user_endpoint
from chemsec.science.inputs import InputError
from chemsec.science.labels import DENSE_GAS_LABEL
from chemsec.science.notes import Note, codes, texts
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


BOILS_BELOW_25C = Note(
    "boils_below_25c", "boils below 25 C: released as a gas over 10 minutes (40 CFR 68.25)"
)


def _phase(phase: str, substance: Substance) -> tuple[str, bool, list[Note]]:
    from chemsec.science.properties import boils_below_25c

    if phase == "liquefied_gas":
        return "gas", True, []
    if phase == "liquid" and boils_below_25c(substance):
        return "gas", True, [BOILS_BELOW_25C]
    if phase == "liquid" and substance.vapour_pressure_pa is None:
        raise InputError("phase", "no vapour pressure at 25 C offline: enter it as a gas")
    if phase not in ("gas", "liquid"):
        raise InputError("phase", "must be gas, liquid or liquefied_gas")
    return phase, False, []


def _endpoint(inputs: dict[str, Any], substance: Substance) -> EndpointChoice:
    """The endpoint for the estimate's purpose; a typed value always wins."""
    purpose = inputs.get("endpoint_purpose") or "rmp"
    if purpose not in PURPOSES:
        raise InputError(
            "endpoint_purpose",
            f"must be one of {', '.join(PURPOSES)}, not {purpose!r}",
            "unknown_purpose",
            {"value": str(purpose)},
        )
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
    choice = choose_endpoint_for(inputs["cas"], purpose, typed)
    if choice.endpoint is None:
        raise InputError(
            "endpoint_value",
            "no toxic endpoint is on file for this CAS and purpose: enter one",
            "no_endpoint",
        )
    return choice


def run(inputs: dict[str, Any]) -> tuple[ConsequenceResult, Substance, list[Note]]:
    """The science result for validated inputs (see `estimate` for the stored form)."""
    result, substance, notes, _choice, _liquefied = _run(inputs)
    return result, substance, notes


def _run(
    inputs: dict[str, Any],
) -> tuple[ConsequenceResult, Substance, list[Note], EndpointChoice, bool]:
    substance = _substance(inputs["cas"], inputs.get("chemical_name") or "")
    phase, liquefied, notes = _phase(inputs["phase"], substance)
    choice = _endpoint(inputs, substance)
    result = rmp_scenario(
        substance,
        inputs["quantity_kg"],
        phase=phase,
        scenario=inputs["release_scenario"],
        terrain=inputs["terrain"],
        endpoint=choice.endpoint,
        diked_area_m2=inputs.get("diked_area_m2"),
        liquefied_gas=liquefied,
        population_density_per_km2=inputs.get("population_density_per_km2"),
    )
    return result, substance, notes, choice, liquefied


def estimate(inputs: dict[str, Any]) -> dict[str, Any]:
    """A JSON-ready result: `ConsequenceResult.as_dict()` plus substance, outline, the endpoint's
    reason and the EPA OCA reference tables' distance beside the model's."""
    result, substance, notes, choice, liquefied = _run(inputs)
    out = result.as_dict()
    out["assumptions"] = [*texts(notes), *out["assumptions"]]
    out["assumption_codes"] = [*codes(notes), *out["assumption_codes"]]
    out["substance"] = {
        "name": substance.name,
        "cas": substance.cas,
        "molar_mass_g_mol": substance.molar_mass_g_mol,
    }
    out["dense_gas"] = DENSE_GAS_LABEL in out["labels"]
    out["endpoint_purpose"] = inputs.get("endpoint_purpose") or "rmp"
    out["endpoint_choice"] = choice.as_dict()
    distance = out["distance_to_endpoint_m"]
    out["footprint_outline"] = (
        footprint_outline(result.contour_model, result.endpoint.value_mg_m3 / 1000.0, distance)
        if distance and result.endpoint
        else []
    )
    _beside_the_tables(out, result, liquefied, inputs.get("population_density_per_km2"))
    return out


def _beside_the_tables(
    out: dict[str, Any], result: ConsequenceResult, liquefied: bool, density: float | None
) -> None:
    """Read the same release off the EPA OCA reference tables; lead with the longer distance.

    The model's own distance stays in ``model_distance_to_endpoint[_m]`` (the footprint is
    the model's); ``distance_to_endpoint[_m]``, the circle and its population follow the
    distance that leads (``distance_basis``: ``oca`` or ``model``).
    """
    model = result.distance
    out["model_distance_to_endpoint_m"] = out["distance_to_endpoint_m"]
    out["model_distance_to_endpoint"] = out["distance_to_endpoint"]
    out["model_distance_extrapolated"] = bool(model and model.extrapolated)
    if result.endpoint is None or model is None:
        out |= {"oca": None, "distance_basis": "model", "model_shorter_than_oca": False}
        return
    tables = oca.for_rmp_scenario(
        rate_g_s=result.source_term.rate_g_s,
        duration_s=result.source_term.duration_s,
        endpoint_mg_m3=result.endpoint.value_mg_m3,
        scenario=result.scenario,
        terrain=result.terrain,
        dense=DENSE_GAS_LABEL in result.labels or result.dense_model_used,
        cas=out["substance"]["cas"],
        liquefied=liquefied,
    )
    lead = oca.compare(model.status, model.distance_m, model.text, tables)
    if lead.oca is not None:
        out["oca"] = {"available": True, **lead.oca.as_dict(), "text": oca.oca_text(lead.oca)}
    else:
        note = lead.unavailable
        out["oca"] = {
            "available": False,
            "method": oca.METHOD,
            "reason_code": note.code if note else "",
            "reason_params": note.params if note else {},
            "reason": note.text if note else "",
        }
    out["distance_basis"] = lead.basis
    out["model_shorter_than_oca"] = lead.model_shorter
    if lead.basis == "oca":
        out["distance_to_endpoint_m"] = lead.distance_m
        out["distance_to_endpoint"] = lead.text
        circle = math.pi * lead.distance_m**2 / 1e6 if lead.distance_m is not None else None
        out["circle_area_km2"] = circle
        out["population_circle"] = (
            circle * density if circle is not None and density is not None else None
        )

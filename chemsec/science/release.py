"""RMP off-site consequence scenarios for toxic substances (40 CFR 68 subpart B).

Source terms, as the rule and the EPA guidance set them:

* gas: the whole quantity released over 10 minutes (68.25(c));
* liquid: spilled instantly into a pool 1 cm deep, or filling the diked area when
  that is smaller (68.25(d)), evaporating at 25 C at the scenario's wind speed.

Meteorology: worst case F and 1.5 m/s, alternative D and 3 m/s (68.22(b)), ground
level release, rural or urban. The plume is the neutral Gaussian of ``plume.py``;
distances are found by brentq between 100 m and 40 km. A gas denser than air at the
source goes through the Britter-McQuaid workbook model of ``densegas.py`` when it
applies (the Gaussian distance is kept for comparison); otherwise the result says
"indicative, dense gas". An evaporating pool is not put through it: its source is a
vapour-air mixture, not the pure vapour the model would assume. Reasons and notes are
``densegas.Reason`` codes, which pages translate. Pure module.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scipy.integrate import quad

from chemsec.science import densegas
from chemsec.science.densegas import (
    AIR_MOLAR_MASS,
    DenseDistance,
    DenseGasPlume,
    DenseRelease,
    Reason,
    gas_density,
)
from chemsec.science.endpoints import Endpoint
from chemsec.science.inputs import InputError
from chemsec.science.labels import DENSE_GAS_LABEL, DENSE_GAS_MODEL_LABEL
from chemsec.science.notes import Note, codes, texts
from chemsec.science.plume import (
    EndpointDistance,
    Plume,
    check_rate,
    distance_to_endpoint,
    half_width_at,
)

GAS_RELEASE_S = 600.0
POOL_DEPTH_M = 0.01
AMBIENT_K = 298.15
GAUSSIAN_METHOD = "Gaussian plume, RMP source terms"
M2_PER_FT2 = 0.09290304
PA_PER_MMHG = 133.322387415
G_S_PER_LB_MIN = 453.59237 / 60.0
RMP_SOURCE = "40 CFR 68.22, 68.25 (worst case) and 68.28 (alternative scenarios)"


@dataclass(frozen=True)
class Meteorology:
    """Stability class and wind speed prescribed for a scenario."""

    stability: str
    wind_m_s: float
    label: str


WORST_CASE = Meteorology("F", 1.5, "worst case: stability F, 1.5 m/s (40 CFR 68.22(b))")
ALTERNATIVE = Meteorology("D", 3.0, "alternative: stability D, 3 m/s (typical, RMP guidance)")
SCENARIOS = {"worst": WORST_CASE, "alternative": ALTERNATIVE}


def meteorology(scenario: str) -> Meteorology:
    """The scenario's prescribed weather; InputError (not KeyError) for an unknown name."""
    found = SCENARIOS.get(scenario) if isinstance(scenario, str) else None
    if found is None:
        raise InputError(
            "scenario",
            f"must be one of {', '.join(SCENARIOS)}, not {scenario!r}",
            "unknown_scenario",
            {"value": str(scenario)},
        )
    return found


@dataclass(frozen=True)
class Substance:
    """Physical properties needed for a release, with where they came from."""

    name: str
    cas: str
    molar_mass_g_mol: float
    vapour_pressure_pa: float | None = None
    liquid_density_kg_m3: float | None = None
    property_sources: tuple[Note, ...] = ()
    boiling_point_k: float | None = None


@dataclass(frozen=True)
class SourceTerm:
    """Release rate into the air and how it was obtained."""

    rate_g_s: float
    duration_s: float
    kind: str
    formula: str
    pool_area_m2: float | None = None
    assumptions: tuple[Note, ...] = ()


LIQUEFIED_AS_GAS = Note(
    "liquefied_as_gas", "gases liquefied under pressure or refrigeration are treated as gas"
)
POOL_RATE_CAPPED = Note(
    "pool_rate_capped", "evaporation would take under 10 min: rate limited to quantity / 10 min"
)
GAUSSIAN_ONLY = Note(
    "gaussian_plume",
    "ground-level release; steady, neutrally buoyant Gaussian plume; flat terrain",
)
GAUSSIAN_COMPARISON = Note(
    "gaussian_for_comparison", "the Gaussian distance is shown for comparison only"
)
RMP_CIRCLE = Note(
    "rmp_circle",
    "RMP counts people inside a circle of radius equal to the endpoint distance "
    "(68.30); the footprint is the contour for one wind direction",
)


def gas_source_term(quantity_kg: float) -> SourceTerm:
    """The whole quantity of a gas released over 10 minutes."""
    if not quantity_kg > 0:
        raise ValueError("quantity must be positive")
    return SourceTerm(
        rate_g_s=quantity_kg * 1000.0 / GAS_RELEASE_S,
        duration_s=GAS_RELEASE_S,
        kind="gas released over 10 minutes",
        formula="rate = quantity / 10 min (40 CFR 68.25(c))",
        assumptions=(LIQUEFIED_AS_GAS,),
    )


def evaporation_rate_lb_min(
    wind_m_s: float, molar_mass: float, area_ft2: float, vp_mmhg: float, temp_k: float
) -> float:
    """Evaporation of a non-boiling pool, EPA RMP Guidance for Offsite Consequence Analysis.

    QR = 0.284 U^0.78 MW^(2/3) A VP / (82.05 T)

    QR in lb/min, U wind speed (m/s), MW molar mass (g/mol), A pool area (ft2),
    VP vapour pressure (mmHg), T temperature (K). Source: EPA 550-B-99-009 (April
    1999, rev. March 2009), Appendix D, eq. D-1, which derives from the Technical
    Guidance for Hazards Analysis (EPA/FEMA/DOT 1987) equation
    QR = 60 MW K A VP 929 / (82.05 T 760 454) with the mass-transfer coefficient
    K = 0.67 U^0.78 (18.01/MW)^(1/3) cm/s; the two agree to 0.1 %. The constant
    0.284 is recalled, not read from the guidance here: see docs/science.md.
    """
    mass_transfer = 0.284 * wind_m_s**0.78 * molar_mass ** (2.0 / 3.0)
    return float(mass_transfer * area_ft2 * vp_mmhg / (82.05 * temp_k))


def pool_area_m2(quantity_kg: float, density_kg_m3: float, diked_area_m2: float | None) -> float:
    """1 cm deep pool, limited by the dike when the dike is smaller."""
    spread = quantity_kg / density_kg_m3 / POOL_DEPTH_M
    return spread if diked_area_m2 is None else min(spread, diked_area_m2)


def pool_source_term(
    quantity_kg: float,
    substance: Substance,
    wind_m_s: float,
    diked_area_m2: float | None = None,
    temperature_k: float = AMBIENT_K,
) -> SourceTerm:
    """Evaporation from a spilled liquid pool (no release faster than over 10 min)."""
    if substance.vapour_pressure_pa is None or substance.liquid_density_kg_m3 is None:
        raise ValueError(f"{substance.name}: vapour pressure and liquid density are needed")
    area = pool_area_m2(quantity_kg, substance.liquid_density_kg_m3, diked_area_m2)
    rate = G_S_PER_LB_MIN * evaporation_rate_lb_min(
        wind_m_s,
        substance.molar_mass_g_mol,
        area / M2_PER_FT2,
        substance.vapour_pressure_pa / PA_PER_MMHG,
        temperature_k,
    )
    notes = [
        Note(
            "pool_not_cooled",
            "liquid at {celsius:.0f} C; pool does not cool by evaporation",
            (("celsius", temperature_k - 273.15),),
        )
    ]
    cap = quantity_kg * 1000.0 / GAS_RELEASE_S
    if rate > cap:
        rate = cap
        notes.append(POOL_RATE_CAPPED)
    return SourceTerm(
        rate_g_s=rate,
        duration_s=quantity_kg * 1000.0 / rate,
        kind="liquid pool evaporation" + (" (diked)" if diked_area_m2 else " (1 cm deep)"),
        formula="QR = 0.284 U^0.78 MW^(2/3) A VP / (82.05 T) [lb/min] (RMP OCA Guidance eq. D-1)",
        pool_area_m2=area,
        assumptions=tuple(notes),
    )


def is_dense_gas(molar_mass_g_mol: float | None, liquefied: bool = False) -> bool:
    """Heavier than air, or a liquefied gas whose cold vapour is (e.g. ammonia)."""
    return liquefied or (molar_mass_g_mol is not None and molar_mass_g_mol > AIR_MOLAR_MASS)


def estimate_population(area_km2: float, density_per_km2: float) -> float:
    """People inside an area at a uniform density."""
    if area_km2 < 0 or density_per_km2 < 0:
        raise ValueError("area and density must not be negative")
    return area_km2 * density_per_km2


Contour = Plume | DenseGasPlume


def _half_width(
    model: Contour, endpoint_g_m3: float, distance_m: float
) -> Callable[[float], float]:
    if isinstance(model, DenseGasPlume):
        return model.contour(endpoint_g_m3, distance_m)
    return lambda x: half_width_at(model, x, endpoint_g_m3)


def footprint_area_m2(model: Contour, endpoint_g_m3: float, distance_m: float) -> float:
    """Ground area inside the endpoint contour for one wind direction (m2)."""
    half_width = _half_width(model, endpoint_g_m3, distance_m)
    # The dense-gas contour changes shape where the correlations hand over: tell quad.
    joins = None
    if isinstance(model, DenseGasPlume) and 1.0 < model.correlation_end_m < distance_m:
        joins = [model.correlation_end_m]
    area, _err = quad(lambda x: 2.0 * half_width(x), 1.0, distance_m, limit=200, points=joins)
    return float(area)


@dataclass(frozen=True)
class DenseGasEstimate:
    """The Britter-McQuaid estimate for a gas denser than air, or why it was not made."""

    release: DenseRelease | None
    model: DenseGasPlume | None
    distance: DenseDistance | None
    reason: Reason | None
    notes: tuple[Reason, ...] = ()

    @property
    def applied(self) -> bool:
        return self.reason is None

    @property
    def _passive(self) -> bool:
        return self.distance is not None and self.distance.region == "passive Gaussian"

    @property
    def method(self) -> str:
        if self._passive:
            return f"{densegas.METHOD}, then a passive Gaussian plume from a virtual source"
        return densegas.METHOD

    @property
    def used(self) -> tuple[EndpointDistance, DenseGasPlume] | None:
        """The distance and model to report, when the estimate applies."""
        if not self.applied or self.distance is None or self.model is None:
            return None
        return self.distance.distance, self.model

    def as_dict(self) -> dict[str, Any]:
        r, m = self.release, self.model
        return {
            "applied": self.applied,
            "reason": self.reason.text if self.reason else None,
            "reason_code": self.reason.code if self.reason else None,
            "reason_params": self.reason.params if self.reason else {},
            "method": self.method,
            "source": densegas.SOURCE,
            "source_temperature_k": r.source_temperature_k if r else None,
            "source_density_kg_m3": r.source_density_kg_m3 if r else None,
            "air_density_kg_m3": r.air_density_kg_m3 if r else None,
            "criterion": r.criterion if r else None,
            "alpha": r.alpha if r and math.isfinite(r.alpha) else None,
            "source_dimension_m": r.source_dimension_m if r else None,
            "correlation_end_m": m.correlation_end_m if m and self.applied else None,
            "virtual_source_m": m.virtual_source_m if m and self._passive else None,
            "region": self.distance.region if self.distance and self.applied else None,
            "notes": [note.text for note in self.notes],
            "note_codes": [{"code": n.code, "params": n.params} for n in self.notes],
        }


NO_BOILING_POINT = Reason(
    "no_boiling_point", "no normal boiling point offline for the liquefied gas"
)
EVAPORATING_POOL = Reason(
    "evaporating_pool", "evaporating pool: source is a vapour-air mixture, not modelled"
)
NO_VIRTUAL_SOURCE = Reason(
    "no_virtual_source",
    "no passive continuation: no virtual source between 1 mm and 10,000 km matches the curves",
)
ABOVE_CURVES = Reason(
    "endpoint_above_curves", "the endpoint is above Cm/C0 = 0.1, nearer than the curves reach"
)
NON_ISOTHERMAL = Reason(
    "non_isothermal", "non-isothermal correction of the workbook (adiabatic mixing)"
)


def _source_temperature(substance: Substance, liquefied: bool) -> tuple[float | None, Reason]:
    """A liquefied gas flashes to vapour at its normal boiling point; else 25 C."""
    tb = substance.boiling_point_k
    if not liquefied:
        return AMBIENT_K, Reason("released_at_25c", "dense gas released at 25 C")
    if tb is None:
        return None, NO_BOILING_POINT
    if tb >= AMBIENT_K:
        return AMBIENT_K, Reason("boils_above_25c", "boils at or above 25 C: released at 25 C")
    english = "liquefied gas released as vapour at its normal boiling point, {celsius:.0f} C"
    return tb, Reason("released_at_boiling_point", english, (("celsius", tb - 273.15),))


def _dense_release(
    substance: Substance, source: SourceTerm, met: Meteorology, temperature_k: float
) -> DenseRelease:
    return DenseRelease(
        mass_rate_kg_s=source.rate_g_s / 1000.0,
        source_density_kg_m3=gas_density(substance.molar_mass_g_mol, temperature_k),
        air_density_kg_m3=gas_density(AIR_MOLAR_MASS, AMBIENT_K),
        wind_m_s=met.wind_m_s,
        source_temperature_k=temperature_k,
        ambient_temperature_k=AMBIENT_K,
        duration_s=source.duration_s,
    )


def _reach(model: DenseGasPlume, endpoint: Endpoint) -> tuple[DenseDistance | None, Reason | None]:
    try:
        found = model.distance_to(endpoint.value_mg_m3 / 1000.0)
    except ValueError:  # brentq found no virtual source between 1 mm and 10,000 km
        return None, NO_VIRTUAL_SOURCE
    if found is None:
        return None, ABOVE_CURVES
    reach = found.distance.distance_m
    farthest = model.correlation_end_m if reach is None else min(reach, model.correlation_end_m)
    return found, model.release.why_not(farthest)


def dense_gas_estimate(
    substance: Substance,
    source: SourceTerm,
    met: Meteorology,
    plume: Plume,
    endpoint: Endpoint,
    liquefied: bool,
) -> DenseGasEstimate:
    """Distance to the endpoint by Britter-McQuaid when it applies, or the reason why not.

    Not for an evaporating pool: below its boiling point the pool gives off a vapour-air
    mixture (mole fraction Pv / Patm at the surface), lighter and less concentrated than the
    pure vapour the workbook's source would be; that source is not modelled here.
    """
    if source.pool_area_m2 is not None:
        return DenseGasEstimate(None, None, None, EVAPORATING_POOL)
    temperature, note = _source_temperature(substance, liquefied)
    if temperature is None:
        return DenseGasEstimate(None, None, None, note)
    release = _dense_release(substance, source, met, temperature)
    reason = release.why_not()
    if reason is not None:
        return DenseGasEstimate(release, None, None, reason, (note,))
    model = DenseGasPlume(release, substance.molar_mass_g_mol, plume)
    found, reason = _reach(model, endpoint)
    notes = [note]
    if temperature != AMBIENT_K:
        notes.append(NON_ISOTHERMAL)
    return DenseGasEstimate(release, model, found, reason, tuple(notes))


@dataclass(frozen=True)
class ConsequenceResult:
    """An RMP-style consequence estimate, with everything needed to explain it."""

    scenario: str
    meteorology: Meteorology
    terrain: str
    source_term: SourceTerm
    plume: Plume
    endpoint: Endpoint | None
    distance: EndpointDistance | None
    circle_area_km2: float | None
    footprint_area_km2: float | None
    population_circle: float | None
    population_footprint: float | None
    labels: tuple[str, ...]
    assumptions: tuple[Note, ...] = field(default_factory=tuple)
    gaussian_distance: EndpointDistance | None = None
    dense_gas: DenseGasEstimate | None = None

    @property
    def dense_model_used(self) -> bool:
        return self.dense_gas is not None and self.dense_gas.used is not None

    @property
    def contour_model(self) -> Contour:
        """The model whose endpoint contour the distance and footprint come from."""
        used = self.dense_gas.used if self.dense_gas else None
        return used[1] if used else self.plume

    def as_dict(self) -> dict[str, Any]:
        d, g, dense = self.distance, self.gaussian_distance or self.distance, self.dense_gas
        return {
            "scenario": self.scenario,
            "meteorology": self.meteorology.label,
            "terrain": self.terrain,
            "release_rate_g_s": self.source_term.rate_g_s,
            "release_duration_s": self.source_term.duration_s,
            "source_term": self.source_term.kind,
            "formula": self.source_term.formula,
            "pool_area_m2": self.source_term.pool_area_m2,
            "endpoint": self.endpoint.as_dict() if self.endpoint else None,
            "distance_to_endpoint_m": d.distance_m if d else None,
            "distance_to_endpoint": d.text if d else None,
            "gaussian_distance_to_endpoint_m": g.distance_m if g else None,
            "gaussian_distance_to_endpoint": g.text if g else None,
            "circle_area_km2": self.circle_area_km2,
            "footprint_area_km2": self.footprint_area_km2,
            "population_circle": self.population_circle,
            "population_footprint": self.population_footprint,
            "labels": list(self.labels),
            "assumptions": texts(self.assumptions),
            "assumption_codes": codes(self.assumptions),
            "method": dense.method if dense and self.dense_model_used else GAUSSIAN_METHOD,
            "source": f"{densegas.SOURCE}; {RMP_SOURCE}" if self.dense_model_used else RMP_SOURCE,
            "dense_gas_model": dense.as_dict() if dense else None,
        }


def _areas(
    model: Contour, endpoint: Endpoint, distance: EndpointDistance
) -> tuple[float | None, float | None]:
    if distance.distance_m is None:
        return None, None
    circle = math.pi * distance.distance_m**2 / 1e6
    footprint = footprint_area_m2(model, endpoint.value_mg_m3 / 1000.0, distance.distance_m)
    return circle, footprint / 1e6


def _source_term(
    substance: Substance, quantity_kg: float, phase: str, met: Meteorology, diked: float | None
) -> SourceTerm:
    quantity_kg = check_rate(quantity_kg, "quantity_kg")
    if diked is not None:
        diked = check_rate(diked, "diked_area_m2")
    if phase == "gas":
        return gas_source_term(quantity_kg)
    if phase == "liquid":
        return pool_source_term(quantity_kg, substance, met.wind_m_s, diked)
    raise ValueError("phase must be gas or liquid")


def _labels(
    dense_gas: bool, dense: DenseGasEstimate | None, endpoint: Endpoint | None
) -> list[str]:
    labels = []
    if dense is not None and dense.applied:
        labels.append(DENSE_GAS_MODEL_LABEL)
    elif dense_gas:
        labels.append(DENSE_GAS_LABEL)
    if endpoint is not None and endpoint.verification not in ("verified",):
        labels.append(f"endpoint {endpoint.verification}")
    return labels


def _model_assumptions(dense: DenseGasEstimate | None) -> list[Note]:
    if dense is None or not dense.applied or dense.model is None:
        notes = [GAUSSIAN_ONLY]
        if dense is not None and dense.reason is not None:
            reason = dense.reason
            notes.append(
                Note(
                    "dense_not_applied",
                    "Britter-McQuaid not applied: {reason_text}",
                    (("reason", reason.code), ("reason_text", reason.text), *reason.values),
                )
            )
        return [*notes, *(_note(n) for n in (dense.notes if dense else ()))]
    end = dense.model.correlation_end_m
    curves = Note(
        "dense_gas_curves",
        "ground-level continuous release; Britter-McQuaid dense-gas curves to Cm/C0 = 0.002 "
        "({end_m:.0f} m), then a steady passive Gaussian plume from a virtual source "
        "matching the concentration there; flat terrain",
        (("end_m", end),),
    )
    return [curves, *(_note(n) for n in dense.notes), GAUSSIAN_COMPARISON]


def _note(reason: Reason) -> Note:
    """A dense-gas note as an assumption (same code and numbers)."""
    return Note(reason.code, reason.english, reason.values)


def rmp_scenario(
    substance: Substance,
    quantity_kg: float,
    *,
    phase: str,
    scenario: str = "worst",
    terrain: str = "rural",
    endpoint: Endpoint | None = None,
    diked_area_m2: float | None = None,
    liquefied_gas: bool = False,
    population_density_per_km2: float | None = None,
) -> ConsequenceResult:
    """Distance to the toxic endpoint and people exposed, for one RMP scenario."""
    met = meteorology(scenario)
    source = _source_term(substance, quantity_kg, phase, met, diked_area_m2)
    plume = Plume(source.rate_g_s, met.wind_m_s, met.stability, terrain, "briggs")
    gaussian = distance_to_endpoint(plume, endpoint.value_mg_m3 / 1000.0) if endpoint else None
    dense_gas = is_dense_gas(substance.molar_mass_g_mol, liquefied_gas)
    dense = None
    if dense_gas and endpoint is not None:
        dense = dense_gas_estimate(substance, source, met, plume, endpoint, liquefied_gas)
    used = dense.used if dense else None
    distance, model = used if used else (gaussian, plume)
    circle, footprint = _areas(model, endpoint, distance) if endpoint and distance else (None, None)

    def people(area: float | None) -> float | None:
        if area is None or population_density_per_km2 is None:
            return None
        return estimate_population(area, population_density_per_km2)

    return ConsequenceResult(
        scenario=scenario,
        meteorology=met,
        terrain=terrain,
        source_term=source,
        plume=plume,
        endpoint=endpoint,
        distance=distance,
        circle_area_km2=circle,
        footprint_area_km2=footprint,
        population_circle=people(circle),
        population_footprint=people(footprint),
        labels=tuple(_labels(dense_gas, dense, endpoint)),
        assumptions=(
            *source.assumptions,
            *_model_assumptions(dense),
            RMP_CIRCLE,
            *(s.about(substance.name) for s in substance.property_sources),
        ),
        gaussian_distance=gaussian,
        dense_gas=dense,
    )


def footprint_outline(
    model: Contour, endpoint_g_m3: float, distance_m: float, points: int = 60
) -> list[tuple[float, float]]:
    """(x, half-width) pairs along the endpoint contour, for drawing."""
    half_width = _half_width(model, endpoint_g_m3, distance_m)
    xs = [distance_m * (i / points) ** 2 for i in range(1, points + 1)]
    return [(0.0, 0.0), *((x, half_width(x)) for x in xs)]
